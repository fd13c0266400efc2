//! `<id>.json`: the metrics document of docs/outputs.md, pretty-printed, keys in contract order.
//! Each alert gets its sentence (`message`, after its figures) in the config's locale.

use anyhow::Result;

use crate::config::Locale;
use crate::metrics::Metrics;

pub fn render(m: &Metrics, locale: Locale) -> Result<Vec<u8>> {
    let mut doc = serde_json::to_value(m)?;
    if let Some(alerts) = doc.get_mut("alerts").and_then(|a| a.as_array_mut()) {
        for (json, alert) in alerts.iter_mut().zip(&m.alerts) {
            if let Some(obj) = json.as_object_mut() {
                obj.insert("message".into(), super::labels::alert_message(alert, locale).into());
            }
        }
    }
    let mut out = serde_json::to_vec_pretty(&doc)?;
    out.push(b'\n');
    Ok(out)
}
