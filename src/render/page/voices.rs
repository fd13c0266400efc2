//! The customers' own words: for the main inquiry types and each risk, what customers wrote
//! (masked), so that nobody's gut feeling interprets them.

use super::util::*;
use super::*;

/// The voices section (after the main inquiry types).
pub(super) fn sections(cx: &Cx, _charts: &mut Vec<Chart>) -> anyhow::Result<Vec<Section>> {
    let &Cx { cfg, m, ref w, src, .. } = cx;
    // a risk's words are quoted once, as its examples in the risk section
    let voices: Vec<&crate::metrics::voices::Voice> = m.voices.iter().filter(|v| v.kind == "tag").collect();
    if voices.is_empty() {
        return Ok(Vec::new());
    }
    let items = voices
        .iter()
        .enumerate()
        .map(|(i, v)| Example {
            // the first quote of each tag is where its row links to
            anchor: (i == 0 || voices[i - 1].tag != v.tag).then(|| voices_anchor(v.kind, &v.tag)),
            href: cx.conv(&v.conversation_id).href,
            id: v.conversation_id.clone(),
            when: chrono::DateTime::parse_from_rfc3339(&v.created_at)
                .map(|t| local_time(t.timestamp_millis(), cfg.timezone))
                .unwrap_or_default(),
            risk: src.tax.tag_index(&v.tag).map_or_else(|| v.tag.clone(), |i| src.tax.tags[i].name.clone()),
            text: v.text.clone(),
        })
        .collect();
    Ok(vec![Section {
        id: "voices",
        num: None,
        title: w.t("고객의 목소리", "In the customers' words"),
        lead: Some(w.t(
            "주요 문의 유형마다, 그 유형의 키워드를 가장 많이 담은 고객의 원문 (개인정보는 가려서 표시; 리스크의 원문은 리스크 절에).",
            "For each main inquiry type, what customers wrote that says it most plainly (personal data masked; risks quote theirs in the risk section).",
        )),
        blocks: vec![Block::Examples { title: String::new(), items }],
    }])
}
