//! Writing the fixtures: timestamp styles, records, CSV, and the planted faults.

use std::path::Path;

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime};

use super::*;

#[derive(Clone, Copy)]
pub(crate) enum Style {
    KoreanAmPm,
    Plain,
    IsoOffset,
}

pub(crate) fn ts(t: NaiveDateTime, s: Style) -> String {
    match s {
        Style::KoreanAmPm => korean_ampm(t),
        Style::Plain => t.format("%Y-%m-%d %H:%M:%S").to_string(),
        Style::IsoOffset => t.format("%Y-%m-%dT%H:%M:%S+09:00").to_string(),
    }
}

pub(crate) const CONV_HEADER: [&str; 18] = [
    "상담ID",
    "생성일시",
    "첫응답일시",
    "채널",
    "고객ID",
    "고객등급",
    "상품코드",
    "주문번호",
    "제목",
    "내용",
    "태그",
    "CES",
    "만족도",
    "NPS",
    "해결일시",
    "담당자",
    "답변수",
    "재오픈",
];

/// The helpdesk columns of a conversation (resolution, assignee, agent replies, reopens),
/// derived from its id so that the simulation's random stream (and every other figure of the
/// fixtures) stays as it was: one in twelve of the last ten days' conversations and one in 97
/// overall unresolved (and the unanswered), the rest solved 10 minutes to 3 days after the first answer; five agents and a few unassigned; 1–3 replies; 1 in 15 reopened.
fn desk(c: &Conv, s: Style) -> [String; 4] {
    let h = c.id.bytes().fold(0xcbf29ce484222325u64, |h, b| (h ^ b as u64).wrapping_mul(0x100000001b3));
    // open: one in twelve of the last ten days' conversations, and a few old stragglers
    let recent = c.at.date() >= NaiveDate::from_ymd_opt(2026, 11, 6).expect("date");
    let open = (recent && h % 12 == 0) || h % 97 == 0;
    // an unanswered chat is closed too, once the customer has gone (unless it is recent)
    let resolved = match c.response {
        _ if open => String::new(),
        Some(r) => ts(r + Duration::minutes(10 + (h >> 8) as i64 % (3 * 24 * 60)), s),
        None if !recent => ts(c.at + Duration::hours(24 + (h >> 8) as i64 % 48), s),
        None => String::new(),
    };
    let agent = match (h >> 20) % 21 {
        0 => String::new(),
        k => format!("상담원{}", ["가", "나", "다", "라", "마"][(k % 5) as usize]),
    };
    let replies = if c.response.is_some() { 1 + (h >> 28) % 3 } else { 0 };
    let reopens = u64::from((h >> 36) % 15 == 0 && !resolved.is_empty());
    [resolved, agent, replies.to_string(), reopens.to_string()]
}

pub(crate) fn conv_record(c: &Conv, s: Style) -> Vec<String> {
    let opt = |v: Option<u32>| v.map(|x| x.to_string()).unwrap_or_default();
    vec![
        c.id.clone(),
        ts(c.at, s),
        c.response.map(|r| ts(r, s)).unwrap_or_default(),
        c.channel.to_string(),
        c.customer.clone(),
        c.segment.to_string(),
        c.product.unwrap_or("").to_string(),
        c.order.clone().unwrap_or_default(),
        c.title.clone(),
        c.body.clone(),
        c.tags.clone(),
        opt(c.ces),
        opt(c.csat),
        opt(c.nps),
    ]
    .into_iter()
    .chain(desk(c, s))
    .collect()
}

pub(crate) fn write_csv(path: &Path, header: &[&str], rows: impl IntoIterator<Item = Vec<String>>, bom: bool) -> Vec<u8> {
    let mut out = Vec::new();
    if bom {
        out.extend_from_slice(b"\xEF\xBB\xBF");
    }
    {
        let mut w = csv::WriterBuilder::new().flexible(true).terminator(csv::Terminator::CRLF).from_writer(&mut out);
        w.write_record(header).expect("write");
        for r in rows {
            w.write_record(&r).expect("write");
        }
        w.flush().expect("flush");
    }
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).expect("create dir");
    }
    std::fs::write(path, &out).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
    out
}

pub(crate) fn month_of(t: NaiveDateTime) -> (i32, u32) {
    // the export covering 2026-08-31 is September's
    let d = if t.date() == NaiveDate::from_ymd_opt(2026, 8, 31).expect("date") { t.date() + Duration::days(1) } else { t.date() };
    (d.year(), d.month())
}

pub(crate) fn fixtures(out: &Path) {
    let start = NaiveDate::from_ymd_opt(2026, 8, 31).expect("date");
    let w = simulate(20261116, start, 77, 70.0, 300.0, false);

    // ---- products catalogue (UTF-8 with BOM, as Excel writes)
    write_csv(
        &out.join("products.csv"),
        &["상품코드", "상품명", "카테고리"],
        PRODUCTS.iter().map(|p| vec![p.code.to_string(), p.name.to_string(), p.category.to_string()]),
        true,
    );

    // ---- conversations, one export per month, each with its own timestamp style
    let months = [((2026, 9), Style::KoreanAmPm), ((2026, 10), Style::Plain), ((2026, 11), Style::IsoOffset)];
    for ((y, m), style) in months {
        let mut rows: Vec<Vec<String>> =
            w.convs.iter().filter(|c| month_of(c.at) == (y, m)).map(|c| conv_record(c, style)).collect();
        if (y, m) == (2026, 11) {
            plant_conversation_faults(&mut rows, &w, style);
        }
        let bytes = write_csv(&out.join(format!("cs/conversations-{y}-{m:02}.csv")), &CONV_HEADER, rows, m == 10);
        if m == 10 {
            // the CP949 twin Korean Excel would save (no BOM)
            let text = std::str::from_utf8(&bytes[3..]).expect("utf-8");
            let (enc, _, bad) = encoding_rs::EUC_KR.encode(text);
            assert!(!bad, "fixture text must be representable in CP949");
            let p = out.join("cs-cp949/conversations-2026-10.csv");
            std::fs::create_dir_all(p.parent().expect("dir")).expect("dir");
            std::fs::write(p, &enc).expect("write");
        }
    }

    // ---- order lines, one file per month
    // 라인번호 numbers the lines 1..n within each order (as Olist's order_item_id does)
    let sales_header = ["주문일시", "주문번호", "상품코드", "상품명", "수량", "결제금액", "주문상태", "라인번호", "고객ID"];
    let mut line_no: std::collections::HashMap<&str, u32> = std::collections::HashMap::new();
    let numbered: Vec<(&Line, u32)> = w
        .lines
        .iter()
        .map(|l| {
            let n = line_no.entry(l.order.as_str()).or_insert(0);
            *n += 1;
            (l, *n)
        })
        .collect();
    let record = |(l, n): &(&Line, u32)| {
        let p = &PRODUCTS[l.product];
        vec![
            l.at.format("%Y.%m.%d %H:%M:%S").to_string(),
            l.order.clone(),
            p.code.to_string(),
            p.name.to_string(),
            l.qty.to_string(),
            format_won(l.revenue),
            l.status.to_string(),
            n.to_string(),
            l.customer.clone(),
        ]
    };
    for (y, m) in [(2026, 9), (2026, 10), (2026, 11)] {
        let mut rows: Vec<Vec<String>> = numbered.iter().filter(|(l, _)| month_of(l.at) == (y, m)).map(record).collect();
        if (y, m) == (2026, 11) {
            // the last 20 October lines exported again at the top of November's file: the same
            // (주문번호, 라인번호), counted once
            let oct: Vec<Vec<String>> = numbered.iter().filter(|(l, _)| month_of(l.at) == (2026, 10)).map(record).collect();
            for (i, r) in oct[oct.len() - 20..].iter().enumerate() {
                rows.insert(i, r.clone());
            }
            plant_sales_faults(&mut rows);
        }
        write_csv(&out.join(format!("sales/orders-{y}-{m:02}.csv")), &sales_header, rows, false);
    }
    let mut rets: Vec<Vec<String>> = w
        .returns
        .iter()
        .map(|r| {
            vec![
                r.at.format("%Y-%m-%d %H:%M").to_string(),
                r.order.clone(),
                PRODUCTS[r.product].code.to_string(),
                r.qty.to_string(),
            ]
        })
        .collect();
    // a return with no date
    rets.insert(40, vec![String::new(), "O2026101900003".into(), "P-SH01".into(), "1".into()]);
    write_csv(&out.join("sales/returns.csv"), &["반품일시", "주문번호", "상품코드", "수량"], rets, false);

    // ---- the team's note for the sample week
    let note = "## 업계 동향\n\n- 11월 블랙프라이데이 기간, 경쟁사 다수가 **무료 반품**을 도입했습니다.\n- 한국소비자원이 운동화 밑창 분리 관련 피해 사례를 공지했습니다 (러닝화 문의 급증과 연결해 볼 것).\n\n## 다음 주 할 일\n\n1. 러닝화 에어라이트 불량 건 전수 회신, 품질팀 공유\n2. 사이즈 문의 자동응답(FAQ 봇) 초안 작성\n";
    std::fs::create_dir_all(out.join("notes")).expect("dir");
    std::fs::write(out.join("notes/2026-W46.md"), note).expect("write");
    w.report(out);
}

/// `₩`-less Korean admin style: `89,000`.
pub(crate) fn format_won(v: i64) -> String {
    let mut b = num_format::Buffer::default();
    b.write_formatted(&v, &num_format::Locale::en);
    b.as_str().to_string()
}

/// The bad rows every real export has, at fixed places, each with the reason voc must give.
pub(crate) fn plant_conversation_faults(rows: &mut Vec<Vec<String>>, w: &World, style: Style) {
    // the last five conversations of October exported again at the top of November's file
    let oct: Vec<&Conv> = w.convs.iter().filter(|c| month_of(c.at) == (2026, 10)).collect();
    for (i, c) in oct[oct.len() - 5..].iter().enumerate() {
        rows.insert(i, conv_record(c, Style::Plain));
    }
    let _ = style;
    let base = rows[100].clone();
    let mut bad = |at: usize, f: &dyn Fn(&mut Vec<String>)| {
        let mut r = base.clone();
        r[0] = format!("CH-BAD-{at:03}");
        f(&mut r);
        rows.insert(at, r);
    };
    bad(200, &|r| r[0] = String::new()); // missing id
    bad(300, &|r| r[1] = "2026-11-31 10:00:00".into()); // no such day
    bad(400, &|r| r[1] = "어제 오후".into()); // not a time
    bad(500, &|r| r[12] = "7".into()); // CSAT off its 1–5 scale
    bad(600, &|r| r[11] = "매우 쉬움".into()); // CES not a number
    bad(700, &|r| r[2] = "답변완료".into()); // first response not a time
    bad(800, &|r| r.push("추가 메모".into())); // an unquoted comma split a cell
    // three answers logged before the question (clock skew): kept, counted as invalid
    for at in [900, 901, 902] {
        let created = &rows[at][1].clone();
        rows[at][2] = created.clone();
        rows[at][1] = bump(created);
    }
    // two answers logged 40 days after the question (a reopened ticket's last reply, say):
    // later than report.max_response, so implausible, kept and counted as invalid
    let n = rows.len();
    for at in [n - 40, n - 41] {
        rows[at][2] = days_later(&rows[at][1], 40);
    }
    // resolutions no one can trust: two logged before the question, one 40 days after it
    for at in [850, 851] {
        let created = &rows[at][1].clone();
        rows[at][14] = created.clone();
        rows[at][1] = bump(created);
    }
    rows[n - 60][14] = days_later(&rows[n - 60][1], 40);
}

/// A timestamp `days` later, in the same style (ISO with offset, or plain).
pub(crate) fn days_later(s: &str, days: i64) -> String {
    match NaiveDateTime::parse_from_str(&s[..19.min(s.len())], "%Y-%m-%dT%H:%M:%S")
        .or_else(|_| NaiveDateTime::parse_from_str(&s[..19.min(s.len())], "%Y-%m-%d %H:%M:%S"))
    {
        Ok(t) => format!(
            "{}{}",
            (t + Duration::days(days)).format(if s.as_bytes().get(10) == Some(&b'T') {
                "%Y-%m-%dT%H:%M:%S"
            } else {
                "%Y-%m-%d %H:%M:%S"
            }),
            &s[19.min(s.len())..]
        ),
        Err(_) => s.to_string(),
    }
}

/// A timestamp one minute later, in the same style (only used on ISO-offset rows).
pub(crate) fn bump(s: &str) -> String {
    match NaiveDateTime::parse_from_str(&s[..19], "%Y-%m-%dT%H:%M:%S") {
        Ok(t) => format!("{}{}", (t + Duration::minutes(1)).format("%Y-%m-%dT%H:%M:%S"), &s[19..]),
        Err(_) => s.to_string(),
    }
}

pub(crate) fn plant_sales_faults(rows: &mut Vec<Vec<String>>) {
    let base = rows[50].clone();
    let mut bad = |at: usize, f: &dyn Fn(&mut Vec<String>)| {
        let mut r = base.clone();
        f(&mut r);
        rows.insert(at, r);
    };
    bad(120, &|r| r[5] = "확인필요".into()); // revenue not a number
    bad(240, &|r| r[4] = "두개".into()); // quantity not a number
    bad(360, &|r| r[0] = "2026.11.05 25:10:00".into()); // hour 25
    bad(480, &|r| r[4] = "-1".into()); // a return written into the sales file
    bad(600, &|r| r[1] = String::new()); // no order id
}
