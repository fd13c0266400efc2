//! The customers' own words (docs/metrics.md `voices`): for each of the five level-1 tags with
//! the most conversations, then each risk that has any, up to three conversations of the period
//! — the ones whose text hit the most distinct keywords of that tag or risk (ties: newest, then
//! id) — masked and cut at a word boundary within 200 characters, with "…".

use serde::Serialize;

/// Longest quoted text.
const VOICE_CHARS: usize = 200;

use super::{Ctx, Section};
use crate::model::VoiceKey;

#[derive(Debug, Clone, Serialize)]
pub struct Voice {
    /// The level-1 tag id or the risk id.
    pub tag: String,
    pub kind: &'static str,
    pub conversation_id: String,
    pub created_at: String,
    pub channel: Option<String>,
    pub text: String,
}

pub fn voices(cx: &Ctx, cur: &Section) -> Vec<Voice> {
    let mut level_one: Vec<(usize, u64)> = cx
        .tax
        .tags
        .iter()
        .enumerate()
        .filter(|(_, t)| t.level == 1)
        .map(|(i, _)| (i, cur.tags[i].count))
        .filter(|(_, n)| *n > 0)
        .collect();
    // by count, then taxonomy order
    level_one.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let keys = level_one
        .iter()
        .take(5)
        .map(|(i, _)| VoiceKey::Tag(*i as u16))
        .chain(cur.risks.iter().enumerate().filter(|(_, r)| r.count > 0).map(|(i, _)| VoiceKey::Risk(i as u16)));
    let mut out = Vec::new();
    for key in keys {
        let (id, kind) = match key {
            VoiceKey::Tag(i) => (cx.tax.tags[i as usize].id.clone(), "tag"),
            VoiceKey::Risk(i) => (cx.tax.risks[i as usize].id.clone(), "risk"),
        };
        let Some((_, list)) = cx.tagged.voices.iter().find(|(k, _)| *k == key) else { continue };
        for v in list {
            out.push(Voice {
                tag: id.clone(),
                kind,
                conversation_id: v.id.clone(),
                created_at: chrono::DateTime::from_timestamp_millis(v.created)
                    .map(|t| t.with_timezone(&cx.cfg.timezone).to_rfc3339_opts(chrono::SecondsFormat::Secs, false))
                    .unwrap_or_default(),
                channel: v.channel.clone(),
                text: crate::mask::quote(&v.text, VOICE_CHARS),
            });
        }
    }
    out
}
