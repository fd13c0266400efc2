//! The customers' own words: for the main inquiry types and each risk, what customers wrote
//! (masked), so that nobody's gut feeling interprets them.

use super::util::*;
use super::*;

/// The voices section (after the main inquiry types).
pub(super) fn sections(cx: &Cx, _charts: &mut Vec<Chart>) -> anyhow::Result<Vec<Section>> {
    let &Cx { cfg, m, ref w, src, .. } = cx;
    if m.voices.is_empty() {
        return Ok(Vec::new());
    }
    let name = |id: &str, kind: &str| match kind {
        "risk" => src.tax.risks.iter().find(|r| r.id == id).map(|r| r.name.clone()),
        _ => src.tax.tag_index(id).map(|i| src.tax.tags[i].name.clone()),
    };
    let items = m
        .voices
        .iter()
        .enumerate()
        .map(|(i, v)| Example {
            // the first quote of each tag or risk is where its row links to
            anchor: (i == 0 || m.voices[i - 1].tag != v.tag || m.voices[i - 1].kind != v.kind)
                .then(|| voices_anchor(v.kind, &v.tag)),
            id: v.conversation_id.clone(),
            when: chrono::DateTime::parse_from_rfc3339(&v.created_at)
                .map(|t| local_time(t.timestamp_millis(), cfg.timezone))
                .unwrap_or_default(),
            risk: name(&v.tag, v.kind).unwrap_or_else(|| v.tag.clone()),
            text: v.text.clone(),
        })
        .collect();
    Ok(vec![Section {
        id: "voices",
        num: None,
        title: w.t("고객의 목소리", "In the customers' words"),
        lead: Some(w.t(
            "주요 문의 유형과 리스크마다, 그 유형의 키워드를 가장 많이 담은 고객의 원문 (개인정보는 가려서 표시).",
            "For each main inquiry type and risk, what customers wrote that says it most plainly (personal data masked).",
        )),
        blocks: vec![Block::Examples { title: String::new(), items }],
    }])
}
