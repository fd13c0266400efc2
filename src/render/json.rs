//! `<id>.json`: the metrics document of docs/outputs.md, pretty-printed, keys in contract order,
//! with the summary's sentences (`summary`) before the alerts.
//! Each alert gets its sentence (`message`, after its figures) in the config's locale.

use anyhow::Result;

pub fn render(inp: &super::Inputs) -> Result<Vec<u8>> {
    let (m, locale) = (inp.metrics, inp.cfg.locale);
    let mut doc = serde_json::to_value(m)?;
    // the summary's sentences, last before the alerts
    if let serde_json::Value::Object(map) = &mut doc {
        let summary = serde_json::Value::from(super::page::summary(inp));
        let at = map.keys().position(|k| k == "alerts").unwrap_or(map.len());
        map.shift_insert(at, "summary".into(), summary);
    }
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
