//! The report a CEO reads in 30 seconds (docs/outputs.md "The summary", "Drill-down"): the
//! summary first, from the JSON's own figures; alerts grouped; quotes once and cut between
//! words; every conversation id shown a link to the helpdesk.

use serde_json::Value;

use crate::util::{Workdir, fixture_config, fixtures, read_csv};

const NOW: &str = "2026-11-16T09:00:00+09:00";

fn json(wd: &Workdir, rel: &str) -> Value {
    serde_json::from_str(&wd.read(rel)).unwrap()
}

fn run(wd: &Workdir, period: [&str; 2], formats: &str) -> i32 {
    let run = wd.run(&["--config", "voc.yaml", "report", period[0], period[1], "--format", formats, "--now", NOW]);
    assert!(matches!(run.code(), 0 | 3), "{}", run.stderr());
    run.code()
}

/// A page's text with the escapes minijinja writes undone (`&#x2f;` in an href is a `/`).
fn unescaped(html: String) -> String {
    html.replace("&#x2f;", "/")
        .replace("&#x27;", "'")
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

fn col(head: &[String], name: &str) -> usize {
    head.iter().position(|h| h == name).unwrap()
}

/// `1844` → `1,844`.
fn thousands(n: i64) -> String {
    let s = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The level-1 tag whose count changed most against the previous period, read from the
/// JSON (ties: the first in taxonomy order): its name, count and change.
fn moved_most(m: &Value) -> (String, i64, i64) {
    let (cur, prev) = (m["tags"].as_array().unwrap(), m["previous"]["tags"].as_array().unwrap());
    let mut best: Option<(String, i64, i64)> = None;
    for (c, p) in cur.iter().zip(prev) {
        if c["level"] != 1 {
            continue;
        }
        let (n, d) = (c["count"].as_i64().unwrap(), c["count"].as_i64().unwrap() - p["count"].as_i64().unwrap());
        if best.as_ref().is_none_or(|b| d.abs() > b.2.abs()) {
            best = Some((c["name"].as_str().unwrap().to_string(), n, d));
        }
    }
    best.unwrap()
}

#[test]
fn the_summary_comes_first_and_names_the_level_one_tag_that_moved_most() {
    let wd = Workdir::new("summary_moved");
    wd.write("voc.yaml", fixture_config());
    for period in [["--week", "2026-W46"], ["--month", "2026-10"]] {
        run(&wd, period, "json,html,email,md");
        let id = period[1];
        let m = json(&wd, &format!("out/{id}.json"));
        let summary: Vec<&str> = m["summary"].as_array().unwrap().iter().map(|s| s.as_str().unwrap()).collect();
        assert!((2..=8).contains(&summary.len()), "{summary:?}");
        assert!(summary.iter().map(|s| s.chars().count()).sum::<usize>() <= 900);
        let keys: Vec<&String> = m.as_object().unwrap().keys().collect();
        let at = keys.iter().position(|k| *k == "summary").unwrap();
        assert_eq!(keys[at + 1], "alerts", "the summary is last before the alerts");
        // the tag that moved most, with its count and its change, from the JSON's own figures
        let (name, count, diff) = moved_most(&m);
        let way = if diff > 0 { "늘었습니다" } else { "줄었습니다" };
        let said = format!("{name} {}건, ", thousands(count));
        let line = summary.iter().find(|s| s.contains("가장 크게 변한 유형")).expect("a sentence on the tag that moved most");
        assert!(
            line.contains(&said) && line.contains(&format!("{}건 {way}", thousands(diff.abs()))),
            "{line} — {name} {count} {diff}"
        );
        // the headline: inquiries and their change
        let total = m["inquiries"]["total"].as_i64().unwrap();
        assert!(summary[0].contains(&format!("문의 {}건", thousands(total))), "{}", summary[0]);
        // first on every page: before the cards and every other section
        let html = unescaped(wd.read(&format!("out/{id}.html")));
        let first = html.find("<section").unwrap();
        assert!(html[first..].starts_with("<section class=\"block summary\" id=\"summary\">"), "{}", &html[first..first + 80]);
        assert!(first < html.find("class=\"cards\"").unwrap());
        for s in &summary {
            assert!(html.contains(s), "the HTML shows the JSON's sentence {s}");
        }
        let mail = wd.read(&format!("out/{id}.email.html"));
        assert!(mail.find("id=\"summary\"").unwrap() < mail.find("cid:").unwrap(), "the mail's summary is above its charts");
        let md = wd.read(&format!("out/{id}.md"));
        assert!(md.contains(&format!("- {}", summary[0])), "{md}");
    }
    // the same in English, from the same figures
    wd.write("voc.yaml", fixture_config().replace("locale: ko", "locale: en"));
    run(&wd, ["--week", "2026-W46"], "json");
    let m = json(&wd, "out/2026-W46.json");
    let (name, count, diff) = moved_most(&m);
    let line = m["summary"].as_array().unwrap().iter().filter_map(|s| s.as_str()).find(|s| s.starts_with("Moved most")).unwrap();
    let way = if diff > 0 { "up" } else { "down" };
    assert!(line.contains(&format!("{name}, {count} inquiries, {way} {}", diff.abs())), "{line}");
}

#[test]
fn quotes_are_unique_cut_between_words_and_a_risk_is_quoted_once() {
    let wd = Workdir::new("summary_quotes");
    fixtures(&wd);
    // the three oldest recall cases of the week say the same, and one defect complaint is long
    let long = format!("첫마디로 말하면{}", " 이 신발의 회수 조치나 리콜 계획이 정말 없는지 궁금합니다".repeat(12));
    let recall_ids = ["CH-261111-04312", "CH-261111-04317", "CH-261111-04322"];
    let copy = "리콜 안 하나요? 밑창이 떨어졌어요";
    let path = "fixtures/cs/conversations-2026-11.csv";
    let mut rows = read_csv(&wd.path(path));
    let (title, text) = (col(&rows[0], "제목"), col(&rows[0], "내용"));
    let mut planted = 0;
    for r in rows.iter_mut().filter(|r| recall_ids.contains(&r[0].as_str())) {
        r[title] = String::new();
        r[text] = if planted == 0 { long.clone() } else { copy.to_string() };
        planted += 1;
    }
    assert_eq!(planted, 3, "the fixtures' recall cases");
    let mut out = csv::WriterBuilder::new().flexible(true).from_writer(Vec::new());
    for r in &rows {
        out.write_record(r).unwrap();
    }
    wd.write(path, out.into_inner().unwrap());
    run(&wd, ["--week", "2026-W46"], "json,html");
    let m = json(&wd, "out/2026-W46.json");
    let html = unescaped(wd.read("out/2026-W46.html"));
    // every tag's and risk's quotes in the JSON: no text twice, long ones cut between words
    let mut seen = std::collections::HashSet::new();
    for v in m["voices"].as_array().unwrap() {
        let text = v["text"].as_str().unwrap();
        assert!(seen.insert((v["kind"].to_string(), v["tag"].to_string(), text.to_string())), "quoted twice: {v}");
        assert!(text.chars().count() <= 201, "{text}");
    }
    // the risk's examples on the page: the copy once, the long one cut at a space with "…"
    let risks = &html[html.find("id=\"risks\"").unwrap()..];
    let risks = &risks[..risks.find("</section>").unwrap()];
    assert_eq!(risks.matches(copy).count(), 1, "the same complaint twice is one quote");
    let cut = risks.find("…").expect("the long example is cut");
    let shown = &risks[..cut];
    let shown = &shown[shown.rfind('>').unwrap() + 1..];
    assert!(
        long.starts_with(shown) && long[shown.len()..].starts_with(' '),
        "cut between words: …{}",
        &shown[shown.len().saturating_sub(20)..]
    );
    // a risk's quote is on the page once: not again among the customers' words
    let first_words: String = long.chars().take(40).collect();
    assert_eq!(html.matches(&first_words).count(), 1, "the recall quote appears once");
}

#[test]
fn a_flood_of_spikes_is_one_line_per_tag_and_five_in_the_markdown() {
    let wd = Workdir::new("summary_spikes");
    // eight tags; four weeks of one conversation a day each, then in week 46 a flood: every
    // tag spikes on Wednesday, four of them on Thursday too (12 spike days)
    let tags: Vec<String> = (1..=8).map(|i| format!("t{i}")).collect();
    let mut tax = String::from("version: 1\ntags:\n");
    for t in &tags {
        tax.push_str(&format!("  - {{ id: {t}, name: 유형{t}, class: other, match: {{ any: [키워드{t}] }} }}\n"));
    }
    wd.write("t.yaml", tax);
    let mut conv = String::from("id,created,text\n");
    let mut n = 0;
    let mut add = |day: chrono::NaiveDate, t: &str, k: usize| {
        for j in 0..k {
            n += 1;
            conv.push_str(&format!("c{n},{day} {:02}:{:02}:00,키워드{t} 문의입니다\n", 9 + j / 60, j % 60));
        }
    };
    let start = chrono::NaiveDate::from_ymd_opt(2026, 10, 12).unwrap();
    for d in 0..35 {
        let day = start + chrono::Duration::days(d);
        for (i, t) in tags.iter().enumerate() {
            let flood = (day.to_string() == "2026-11-11") || (day.to_string() == "2026-11-12" && i < 4);
            add(day, t, if flood { 12 } else { 1 });
        }
    }
    wd.write("conv.csv", conv);
    wd.write(
        "voc.yaml",
        "timezone: Asia/Seoul\noutput_dir: out\ntaxonomy: t.yaml\ninputs:\n  conversations:\n    paths: [conv.csv]\n    columns: { id: id, created_at: created, text: text }\n",
    );
    run(&wd, ["--week", "2026-W46"], "json,html,md");
    let m = json(&wd, "out/2026-W46.json");
    let spikes = m["alerts"].as_array().unwrap().iter().filter(|a| a["kind"] == "spike").count();
    assert_eq!(spikes, 12, "the JSON keeps every spike day: {}", m["alerts"]);
    let md = wd.read("out/2026-W46.md");
    let lines: Vec<&str> = md.lines().filter(|l| l.starts_with("- [")).collect();
    assert!(lines.len() <= 5, "{md}");
    assert!(md.contains("… 외 3건은 전체 리포트에"), "eight tags, five lines and the rest counted: {md}");
    assert!(!md.contains('`'), "no backticks in a chat message: {md}");
    // the HTML: one line per tag, a tag's two days on its line
    let html = unescaped(wd.read("out/2026-W46.html"));
    let alerts = &html[html.find("<ul class=\"alerts\">").unwrap()..];
    let alerts = &alerts[..alerts.find("</ul>").unwrap()];
    assert_eq!(alerts.matches("<li>").count(), 8, "{alerts}");
    assert!(alerts.contains("'유형t1' 급증 2일: 11/11 12건, 11/12 12건"), "{alerts}");
}

#[test]
fn with_conversation_url_every_shown_id_links_to_the_helpdesk() {
    let wd = Workdir::new("summary_links");
    let url = "https://desk.channel.io/#/channels/1234/user_chats/{id}";
    wd.write("voc.yaml", fixture_config().replace("report:\n", &format!("report:\n  conversation_url: \"{url}\"\n")));
    run(&wd, ["--week", "2026-W46"], "json,html,email");
    let m = json(&wd, "out/2026-W46.json");
    let href = |id: &str| format!("<a href=\"{}\"", url.replace("{id}", id));
    let html = unescaped(wd.read("out/2026-W46.html"));
    let mail = unescaped(wd.read("out/2026-W46.email.html"));
    // the quotes of the tags, every risk case, the tag-review pairs
    let mut ids: Vec<String> = m["voices"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|v| v["kind"] == "tag")
        .map(|v| v["conversation_id"].as_str().unwrap().into())
        .collect();
    for r in m["risks"].as_array().unwrap() {
        ids.extend(r["conversation_ids"].as_array().unwrap().iter().map(|i| i.as_str().unwrap().to_string()));
    }
    for d in m["tag_review"]["disagreements"].as_array().into_iter().flatten() {
        ids.extend(d["conversation_ids"].as_array().unwrap().iter().map(|i| i.as_str().unwrap().to_string()));
    }
    assert!(ids.len() > 20, "{ids:?}");
    for id in &ids {
        assert!(html.contains(&format!("{}>{id}</a>", href(id))), "{id} is no link in the HTML");
    }
    // every id the HTML shows beside a quote is a link
    for meta in html.split("<div class=\"meta\">").skip(1) {
        let meta = &meta[..meta.find("</div>").unwrap()];
        assert!(meta.contains("<a href=\"https://desk.channel.io/"), "a quoted id without its link: {meta}");
    }
    // the mail links the ids it shows
    let quoted: Vec<&String> = ids.iter().filter(|id| mail.contains(id.as_str())).collect();
    assert!(!quoted.is_empty());
    for id in quoted {
        assert!(mail.contains(&format!("{} style=\"color:#2563eb;\">{id}</a>", href(id))), "{id} is no link in the mail");
    }
    // without it ids are plain text; a template without {id} is an error naming the key
    wd.write("voc.yaml", fixture_config());
    run(&wd, ["--week", "2026-W46"], "html");
    assert!(!wd.read("out/2026-W46.html").contains("user_chats"));
    wd.write(
        "voc.yaml",
        fixture_config().replace("report:\n", "report:\n  conversation_url: \"https://desk.example.com/chats\"\n"),
    );
    wd.run(&["--config", "voc.yaml", "report", "--week", "2026-W46"]).expect(2).stderr_has("conversation_url");
}
