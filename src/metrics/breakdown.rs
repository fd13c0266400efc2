//! Channels and segments: count, share and first-response median per value.

use rustc_hash::FxHashMap as HashMap;

use serde::Serialize;

use super::response::{Clock, Delay};
use super::stats::{self, ratio};
use crate::model::Conv;
use crate::model::{Interner, Sym};

/// One channel or segment value; `value` is null for conversations without one. Written as
/// `{"channel": …}` or `{"segment": …}` after `key`.
#[derive(Debug, Clone, PartialEq)]
pub struct Breakdown {
    pub key: &'static str,
    pub value: Option<String>,
    pub count: u64,
    pub share: Option<f64>,
    pub first_response_median_s: Option<f64>,
}

impl Serialize for Breakdown {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut m = s.serialize_map(Some(4))?;
        m.serialize_entry(self.key, &self.value)?;
        m.serialize_entry("count", &self.count)?;
        m.serialize_entry("share", &self.share)?;
        m.serialize_entry("first_response_median_s", &self.first_response_median_s)?;
        m.end()
    }
}

/// Per value of `key`, sorted by count (descending) then value; the null value last.
pub fn breakdown(
    name: &'static str,
    convs: &[&Conv],
    key: impl Fn(&Conv) -> Option<Sym>,
    names: &Interner,
    has_response: bool,
    clock: &Clock,
) -> Vec<Breakdown> {
    let mut groups: HashMap<Option<Sym>, (u64, Vec<f64>)> = HashMap::default();
    for c in convs {
        let g = groups.entry(key(c)).or_default();
        g.0 += 1;
        if let Delay::Answered(s) = clock.delay(c) {
            g.1.push(s);
        }
    }
    let total = convs.len() as f64;
    let mut out: Vec<Breakdown> = groups
        .into_iter()
        .map(|(k, (count, mut delays))| Breakdown {
            key: name,
            value: k.map(|k| names.name(k).to_string()),
            count,
            share: ratio(count as f64, total),
            first_response_median_s: if has_response { stats::median(&mut delays) } else { None },
        })
        .collect();
    out.sort_by(|a, b| {
        (a.value.is_none(), std::cmp::Reverse(a.count), &a.value).cmp(&(b.value.is_none(), std::cmp::Reverse(b.count), &b.value))
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::testkit::{answered, conv};

    #[test]
    fn per_channel_counts_shares_and_medians() {
        let mut names = Interner::default();
        let kakao = names.intern("카카오톡");
        let mail = names.intern("이메일");
        let cs = [
            Conv { channel: Some(kakao).into(), ..answered(1, None, 100) },
            Conv { channel: Some(kakao).into(), ..answered(2, None, 300) },
            Conv { channel: Some(kakao).into(), ..conv(3, None) },
            Conv { channel: Some(mail).into(), ..answered(4, None, 7200) },
            conv(5, None),
        ];
        let refs: Vec<&Conv> = cs.iter().collect();
        let b = breakdown("channel", &refs, |c| c.channel.get(), &names, true, &Clock { hours: None, max_ms: i64::MAX });
        assert_eq!(b.len(), 3);
        assert_eq!(
            b[0],
            Breakdown {
                key: "channel",
                value: Some("카카오톡".into()),
                count: 3,
                share: Some(0.6),
                first_response_median_s: Some(200.0)
            }
        );
        assert_eq!(b[1].value.as_deref(), Some("이메일"));
        assert_eq!(b[1].first_response_median_s, Some(7200.0));
        assert_eq!(b[2].value, None);
        assert_eq!(b[2].first_response_median_s, None);
        let c = breakdown("channel", &refs, |c| c.channel.get(), &names, false, &Clock { hours: None, max_ms: i64::MAX });
        assert!(c.iter().all(|x| x.first_response_median_s.is_none()));
        let json = serde_json::to_string(&b[1]).unwrap();
        assert_eq!(json, r#"{"channel":"이메일","count":1,"share":0.2,"first_response_median_s":7200.0}"#);
    }
}
