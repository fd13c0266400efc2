//! When customers write: the heatmap of weekday × hour, in four-hour blocks so that it fits a
//! phone (the JSON has every hour), shaded by volume.

use super::util::*;
use super::*;

/// The "when customers write" section (after first response).
pub(super) fn sections(cx: &Cx, _charts: &mut Vec<Chart>) -> anyhow::Result<Vec<Section>> {
    let &Cx { m, ref w, ref f, cur, ko, .. } = cx;
    if cur.inquiries.total == 0 {
        return Ok(Vec::new());
    }
    let h = &m.heatmap;
    let blocks: Vec<Vec<u64>> = h.counts.iter().map(|day| day.chunks(4).map(|c| c.iter().sum()).collect()).collect();
    let max = blocks.iter().flatten().copied().max().unwrap_or(0).max(1);
    let shade = |n: u64| -> &'static str {
        match n * 4 / max {
            0 if n == 0 => "num",
            0 => "num h1",
            1 => "num h2",
            2 => "num h3",
            _ => "num h4",
        }
    };
    let days = [
        chrono::Weekday::Mon,
        chrono::Weekday::Tue,
        chrono::Weekday::Wed,
        chrono::Weekday::Thu,
        chrono::Weekday::Fri,
        chrono::Weekday::Sat,
        chrono::Weekday::Sun,
    ];
    let rows = days
        .iter()
        .zip(&blocks)
        .map(|(d, b)| {
            let mut cells = vec![cell(weekday(*d, ko))];
            cells.extend(b.iter().map(|n| Cell { text: f.int(*n), class: shade(*n), href: None, links: Vec::new() }));
            row(cells)
        })
        .collect();
    let mut head = vec![w.t("요일", "Day")];
    head.extend((0..6).map(|i| format!("{:02}–{:02}", i * 4, i * 4 + 4)));
    let (busiest_day, busiest_block) = blocks
        .iter()
        .enumerate()
        .flat_map(|(d, b)| b.iter().enumerate().map(move |(i, n)| (*n, d, i)))
        .max_by_key(|(n, d, i)| (*n, std::cmp::Reverse((*d, *i))))
        .map(|(_, d, i)| (d, i))
        .unwrap_or((0, 0));
    let when = format!("{} {:02}–{:02}", weekday(days[busiest_day], ko), busiest_block * 4, busiest_block * 4 + 4);
    Ok(vec![Section {
        id: "when",
        num: None,
        title: w.t("문의가 들어오는 때 (요일 × 시간)", "When customers write (day × hour)"),
        lead: Some(w.t(&format!("가장 붐비는 때: {when}시."), &format!("Busiest: {when}h."))),
        blocks: vec![Block::Table {
            table: Table {
                key: 1,
                caption: Some(w.t(
                    "문의 건수, 4시간 단위 (현지 시각) · 시간별 수치와 첫 응답 중앙값은 .json의 heatmap",
                    "Conversations per four hours (local time); every hour and its first-response median are in the .json's heatmap",
                )),
                head,
                rows,
            },
        }],
    }])
}
