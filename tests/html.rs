//! The HTML report: escaping and masking of customer text, Chromium at phone and desktop
//! widths, determinism, template overrides.

use std::process::Command;

use crate::util::{Workdir, fixture_config, have, repo};

const PAYLOADS: &str = "id,at,resp,body,channel,product,csat\n\
1,2026-11-09 10:00,2026-11-09 10:01,\"리콜 안 하나요? <script>alert('x')</script>\",<b>카카오</b>,P1,5\n\
2,2026-11-09 11:00,2026-11-09 11:30,\"소비자원에 신고하겠습니다 \"\"><img src=x onerror=alert(1)>\",채널톡,P1,4\n\
3,2026-11-10 12:00,,\"불친절해요 =HYPERLINK(\"\"http://evil.example\"\",\"\"click\"\") 연락처 010-1234-5678\",채널톡,P2,\n\
4,2026-11-10 13:00,2026-11-10 13:05,\"개인정보 유출 같아요 kim.customer@example.com 주민번호 900101-1234567 으로 확인\",이메일,P2,3\n";

fn payload_workdir(name: &str) -> Workdir {
    let wd = Workdir::new(name);
    wd.write(
        "voc.yaml",
        format!(
            "output_dir: out\ntaxonomy: {}/config/taxonomy.yaml\ninputs:\n  conversations:\n    paths: [conv.csv]\n    columns: {{ id: id, created_at: at, first_response_at: resp, text: body, channel: channel, product_id: product, csat: csat }}\n  sales:\n    paths: [sales.csv]\n    columns: {{ date: d, order_id: o, product_id: p, product_name: n, revenue: r }}\nreport:\n  quality_gate: {{ max_rejected_share: 0.5, max_unclassified_share: 1.0 }}\n",
            repo().display()
        ),
    );
    wd.write("conv.csv", PAYLOADS);
    wd.write("sales.csv", "d,o,p,n,r\n2026-11-09,O1,P1,\"<script>alert(2)</script>운동화\",50000\n2026-11-10,O2,P2,\"\"\"><svg onload=alert(3)>\",30000\n");
    wd
}

#[test]
fn customer_text_is_escaped_and_personal_data_masked_in_every_output() {
    let wd = payload_workdir("html_payloads");
    wd.report_w46("html,json,email,md").ok_but_short();
    let html = wd.read("out/2026-W46.html");
    let email = wd.read("out/2026-W46.email.html");
    let md = wd.read("out/2026-W46.md");
    // the examples are shown (escaped), so the test is not vacuous
    assert!(html.contains("&lt;script&gt;alert("), "escaped script text missing");
    assert!(html.contains("&lt;img src=x onerror=alert(1)&gt;"));
    assert!(
        html.contains("&lt;b&gt;카카오&lt;&#x2f;b&gt;") || html.contains("&lt;b&gt;카카오&lt;/b&gt;"),
        "escaped channel name"
    );
    assert!(html.contains("=HYPERLINK(&quot;http:"), "formula shown as inert text");
    assert!(html.contains("***-****-****") && html.contains("***@***") && html.contains("******-*******"));
    for (name, doc) in [("html", &html), ("email", &email), ("md", &md)] {
        assert!(!doc.contains("<script"), "{name}: a <script> survived");
        assert!(!doc.contains("<img src=x"), "{name}: an <img onerror> survived");
        assert!(!doc.contains("<svg onload"), "{name}: an <svg onload> survived");
        assert!(!doc.contains("<b>카카오"), "{name}: raw markup from a channel name survived");
        assert!(!doc.contains("010-1234-5678"), "{name}: a phone number survived");
        assert!(!doc.contains("kim.customer@example.com"), "{name}: an e-mail survived");
        assert!(!doc.contains("900101-1234567"), "{name}: a resident registration number survived");
    }
    // the only markup inside <svg> charts is the chart's own: payloads in labels are escaped
    let allowed = ["rect", "polyline", "polygon", "text", "/text", "circle", "line", "path", "g", "/g", "/svg"];
    for svg in html.split("<svg").skip(1) {
        let svg = &svg[..svg.find("</svg>").unwrap()];
        for tag in svg.split('<').skip(1) {
            let name: String = tag.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '/').collect();
            assert!(allowed.contains(&name.as_str()), "unexpected <{name}> inside a chart");
        }
    }
    // spreadsheet exports defuse formulas
    wd.run(&["--config", "voc.yaml", "tag", "--out", "t.csv"]).ok();
    let t = wd.read("t.csv");
    assert!(!t.lines().any(|l| l.split(',').any(|c| c.starts_with('='))), "{t}");
}

#[test]
fn same_inputs_and_now_give_byte_identical_files() {
    let wd = Workdir::new("html_determinism");
    wd.write("voc.yaml", fixture_config());
    let mut runs = Vec::new();
    for out in ["a", "b"] {
        wd.run(&[
            "--config",
            "voc.yaml",
            "report",
            "--month",
            "2026-10",
            "--format",
            "html,json,email,md",
            "--out",
            out,
            "--now",
            "2026-11-16T09:00:00+09:00",
        ])
        .expect(0);
        let mut files: Vec<(String, Vec<u8>)> = walk(&wd.path(out))
            .into_iter()
            .map(|p| (p.strip_prefix(wd.path(out)).unwrap().display().to_string(), std::fs::read(&p).unwrap()))
            .collect();
        files.sort();
        runs.push(files);
    }
    assert!(runs[0].len() >= 10, "html, json, email + pngs, md, rejects: {:?}", runs[0].iter().map(|f| &f.0).collect::<Vec<_>>());
    assert_eq!(runs[0].iter().map(|f| &f.0).collect::<Vec<_>>(), runs[1].iter().map(|f| &f.0).collect::<Vec<_>>());
    for (a, b) in runs[0].iter().zip(&runs[1]) {
        assert!(a.1 == b.1, "{} differs between runs", a.0);
    }
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() { out.extend(walk(&p)) } else { out.push(p) }
    }
    out
}

#[test]
fn templates_can_be_overridden_from_the_config() {
    let wd = Workdir::new("html_templates");
    wd.write("voc.yaml", fixture_config().replace("  notes_dir:", "  templates_dir: tpl\n  notes_dir:"));
    wd.write(
        "tpl/report.html.j2",
        "<h1>{{ page.title }}</h1><p>{{ '<우리 팀>' }}</p>{% for s in page.sections %}<h2>{{ s.title }}</h2>{% endfor %}",
    );
    wd.run(&["--config", "voc.yaml", "report", "--week", "2026-W46", "--format", "html"]).ok();
    let html = wd.read("out/2026-W46.html");
    assert!(html.starts_with("<h1>CS 주간 리포트 2026-W46</h1>"), "{html}");
    assert!(html.contains("&lt;우리 팀&gt;"), "autoescape stays on in overrides: {html}");
    wd.write("tpl/report.html.j2", "{{ page.nope.deeper }}");
    wd.run(&["--config", "voc.yaml", "report", "--week", "2026-W46", "--format", "html"])
        .expect(1)
        .stderr_has("template report.html.j2");
}

#[test]
fn the_report_follows_the_cs_report_order_with_notes_and_method() {
    let wd = Workdir::new("html_sections");
    wd.write("voc.yaml", fixture_config());
    wd.report_w46("html,json").ok();
    let html = wd.read("out/2026-W46.html");
    let order = [
        "id=\"sales\"",
        "id=\"inquiries\"",
        "id=\"product-groups\"",
        "id=\"top-products\"",
        "id=\"tags\"",
        "id=\"risks\"",
        "id=\"first-response\"",
        "id=\"conversion\"",
        "id=\"desk\"",
        "id=\"channels\"",
        "id=\"alerts\"",
        "id=\"automation\"",
        "id=\"notes\"",
        "id=\"data-quality\"",
        "id=\"method\"",
    ];
    let pos: Vec<usize> = order.iter().map(|s| html.find(s).unwrap_or_else(|| panic!("{s} missing"))).collect();
    assert!(pos.windows(2).all(|w| w[0] < w[1]), "sections out of order");
    assert!(html.contains("<h2>업계 동향</h2>"), "the week's notes are included");
    assert!(html.contains("러닝화 에어라이트"), "top seller named");
    assert!(html.contains("급증"), "the planted spike is an alert");
    assert_eq!(
        html.matches("<svg class=\"chart\"").count(),
        18,
        "seven charts, the trend's small multiples and the backlog, each for a phone and a desktop"
    );
    assert_eq!(html.matches("<div class=\"chart phone\">").count(), 9);
    // every tag and risk with quotes links to them, and every link lands on a quote
    let json: serde_json::Value = serde_json::from_str(&wd.read("out/2026-W46.json")).unwrap();
    let mut voiced: Vec<String> = json["voices"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| format!("voices-{}-{}", v["kind"].as_str().unwrap(), v["tag"].as_str().unwrap()))
        .collect();
    voiced.dedup();
    assert!(voiced.len() >= 6, "{voiced:?}");
    for anchor in &voiced {
        assert_eq!(html.matches(&format!("href=\"#{anchor}\"")).count(), 1, "one row links to {anchor}");
        assert_eq!(html.matches(&format!("id=\"{anchor}\"")).count(), 1, "{anchor} is on the page once");
    }
    assert_eq!(html.matches("href=\"#voices-").count(), voiced.len(), "no link to quotes that do not exist");
    assert!(!html.contains("src=\"http") && !html.contains("href=\"http") && !html.contains("url(http"), "no network resources");
    assert!(
        html.contains("Asia&#x2f;Seoul") && html.contains("월·화·수·목·금 10:00–19:00"),
        "method states zone and business hours"
    );
    // English labels
    wd.write("voc.yaml", fixture_config().replace("locale: ko", "locale: en"));
    wd.run(&["--config", "voc.yaml", "report", "--week", "2026-W46", "--format", "html", "--out", "en"]).ok();
    let en = wd.read("en/2026-W46.html");
    assert!(en.contains("Weekly CS report 2026-W46") && en.contains("First response: simple vs revenue inquiries"));
}

#[test]
fn changes_are_coloured_by_whether_they_are_welcome_not_by_their_sign() {
    // more revenue and orders are good, more inquiries are bad: in the tables as on the cards
    let wd = Workdir::new("html_change_tone");
    wd.write("voc.yaml", fixture_config());
    wd.report_w46("html,json,email").ok();
    let json: serde_json::Value = serde_json::from_str(&wd.read("out/2026-W46.json")).unwrap();
    let html = wd.read("out/2026-W46.html");
    let email = wd.read("out/2026-W46.email.html");
    let mut tones = Vec::new();
    for (label, key, up_is_good) in [("매출", "revenue", true), ("주문", "orders", true), ("문의 건수", "inquiries", false)]
    {
        let change = json["previous"]["change"][key].as_f64().unwrap();
        assert!(change.abs() > 0.001, "{key}: the fixtures change it week on week");
        let tone = if (change > 0.0) == up_is_good { "good" } else { "bad" };
        let start = html.find(&format!("<tr><td>{label}</td>")).unwrap_or_else(|| panic!("{label} row"));
        let row = &html[start..start + html[start..].find("</tr>").unwrap()];
        assert!(row.contains(&format!("<td class=\"num {tone}\">")), "{label} ({change:+.3}) should be {tone}: {row}");
        let colour = if tone == "good" { "color:#059669;" } else { "color:#dc2626;" };
        let start = email.find(&format!(">{label}</td>")).unwrap_or_else(|| panic!("{label} row in the mail"));
        let row = &email[start..start + email[start..].find("</tr>").unwrap()];
        assert!(row.contains(colour), "{label} in the mail should be {tone}: {row}");
        tones.push(tone);
    }
    assert!(tones.contains(&"good") && tones.contains(&"bad"), "the fixtures give welcome and unwelcome changes");
}

fn chromium_ready() -> bool {
    std::path::Path::new("/usr/bin/chromium").exists()
        && Command::new("python3").args(["-c", "import playwright"]).output().is_ok_and(|o| o.status.success())
}

#[test]
fn chromium_shows_the_report_at_phone_and_desktop_width_without_overflow() {
    if !have(chromium_ready(), "/usr/bin/chromium with python3 playwright") {
        return;
    }
    let wd = Workdir::new("html_chromium");
    wd.write("voc.yaml", fixture_config());
    for period in [["--week", "2026-W46"], ["--month", "2026-10"]] {
        wd.run(&[
            "--config",
            "voc.yaml",
            "report",
            period[0],
            period[1],
            "--format",
            "html,email",
            "--now",
            "2026-11-16T09:00:00+09:00",
        ])
        .ok();
        // the mail as a phone shows it: its cid: images pointed at the PNG files beside it
        let mut mail = wd.read(&format!("out/{}.email.html", period[1]));
        for png in std::fs::read_dir(wd.path(&format!("out/{}.email", period[1]))).unwrap() {
            let png = png.unwrap().path();
            let id = png.file_stem().unwrap().to_str().unwrap().to_string();
            mail = mail.replace(&format!("cid:{id}@voc"), png.to_str().unwrap());
        }
        assert!(!mail.contains("cid:"), "every chart of the mail is a PNG beside it");
        let mail_copy = wd.write(&format!("mail-{}.html", period[1]), mail);
        let out = Command::new("python3").arg(repo().join("scripts/html_check.py")).arg(&mail_copy).output().unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success(), "the mail at 390 and 1280 px:\n{stdout}\n{}", String::from_utf8_lossy(&out.stderr));
        // the mail's summary comes first, and no number of it wraps inside its cell
        for l in stdout.lines().map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()) {
            assert_eq!(l["summary"]["first"], true, "{l}");
            assert_eq!(l["wrapped_numbers"], serde_json::json!([]), "{l}");
            assert_eq!(l["scroll"], l["client"], "{l}");
        }
        let report = wd.path(&format!("out/{}.html", period[1]));
        let out = Command::new("python3")
            .arg(repo().join("scripts/html_check.py"))
            .arg(&report)
            .arg("--shots")
            .arg(wd.path(&format!("shots/{}", period[1])))
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success(), "{stdout}\n{}", String::from_utf8_lossy(&out.stderr));
        let lines: Vec<serde_json::Value> = stdout.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
        assert_eq!(lines.len(), 2);
        for l in &lines {
            let w = l["width"].as_u64().unwrap();
            assert!(w == 390 || w == 1280);
            assert_eq!(l["scroll"], l["client"], "no horizontal overflow at {w}px");
            assert!(l["height"].as_u64().unwrap() > 3000, "a whole report, not an error page");
            // the week: seven charts (conversion by first response too), the trend and the
            // backlog; October has two periods of data before it, too few for a trend: a
            // sentence, no drawing
            let charts = if period[1] == "2026-10" { 8 } else { 9 };
            assert_eq!(l["svgs"], charts, "one drawing of each chart shown: {l}");
            let trend = &l["trend"];
            assert_eq!(trend["svgs"], if charts == 8 { 0 } else { 1 }, "{trend}");
            assert!(trend["lines"].as_u64() >= trend["panels"].as_u64(), "no empty trend box: {trend}");
            let summary = &l["summary"];
            assert_eq!(summary["first"], true, "the summary before every table and chart");
            assert!(summary["chars"].as_u64().unwrap() <= 900 && summary["sentences"].as_u64().unwrap() >= 2, "{summary}");
            if w == 390 {
                assert!(summary["height"].as_u64().unwrap() <= 844, "the summary fits one phone screen: {summary}");
            }
            assert_eq!(l["wrapped_numbers"], serde_json::json!([]));
            let min = l["chart_text_min_px"].as_f64().unwrap();
            assert!(min >= 11.0, "chart text at {w}px is {min} px");
            assert_eq!(l["hidden_keys"], serde_json::json!([]), "key columns visible at {w}px");
            assert!(l["hangul_in_h1"].as_u64().unwrap() > 0);
        }
        assert!(wd.path(&format!("shots/{}/390.png", period[1])).exists());
    }
    // the folder's index of both reports fits a phone too
    let out = Command::new("python3")
        .arg(repo().join("scripts/html_check.py"))
        .arg(wd.path("out/index.html"))
        .arg("--shots")
        .arg(wd.path("shots/index"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}\n{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
}

#[test]
fn the_output_folder_keeps_an_index_of_its_reports_newest_first() {
    let wd = Workdir::new("html_index");
    wd.write("voc.yaml", fixture_config());
    let report = |flag: &str, id: &str| {
        wd.run(&["--config", "voc.yaml", "report", flag, id, "--format", "html,json,md", "--now", "2026-11-16T09:00:00+09:00"])
    };
    for (flag, id) in [("--week", "2026-W45"), ("--month", "2026-10"), ("--week", "2026-W46")] {
        report(flag, id).ok_but_short();
    }
    // a week past the data: its report is written, its gate fails, and the index says so
    report("--week", "2026-W50").expect(3);
    let index = wd.read("out/index.html");
    let order: Vec<&str> = index
        .match_indices("<li class=\"report")
        .map(|(i, _)| {
            let rest = &index[i..];
            let at = rest.find("id=\"").unwrap() + 4;
            &rest[at..at + rest[at..].find('"').unwrap()]
        })
        .collect();
    assert_eq!(order, ["2026-W50", "2026-W46", "2026-W45", "2026-10"], "newest first (by end date)");
    let entry = |id: &str| {
        let at = index.find(&format!("id=\"{id}\"")).unwrap();
        let end = index[at..].find("</li>").unwrap();
        index[at..at + end].to_string()
    };
    // each entry carries its own JSON's headline figures and links the files beside it
    for id in ["2026-W46", "2026-W45", "2026-10"] {
        let json: serde_json::Value = serde_json::from_str(&wd.read(&format!("out/{id}.json"))).unwrap();
        let e = entry(id);
        let total = json["inquiries"]["total"].as_u64().unwrap();
        let risks: u64 = json["risks"].as_array().unwrap().iter().map(|r| r["count"].as_u64().unwrap()).sum();
        let shown = |label: &str| {
            let at = e.find(&format!("<dt>{label}</dt><dd>")).unwrap_or_else(|| panic!("{label} in {e}")) + label.len() + 13;
            e[at..at + e[at..].find('<').unwrap()].to_string()
        };
        assert_eq!(shown("문의").replace(',', ""), total.to_string(), "{id}");
        assert_eq!(shown("리스크"), risks.to_string(), "{id}");
        assert!(e.contains(&format!("href=\"{id}.html\"")) && e.contains(&format!("href=\"{id}.md\"")), "{e}");
        assert!(e.contains("<svg class=\"spark\""), "the trend line: {e}");
        assert!(!e.contains("데이터 품질 경고"), "{id}: no gate failed");
    }
    assert!(entry("2026-W46").replace("&#x2f;", "/").contains("2026년 11월 2주차 (11/09~11/15)"));
    assert!(entry("2026-W50").contains("데이터 품질 경고") && index.contains("<li class=\"report gate\" id=\"2026-W50\">"));
    // a report JSON that cannot be read is said, not silently skipped, and the rest stay
    wd.write("out/2026-W40.json", "{\"schema\": \"voc.metrics/1\", \"period\": 5}");
    wd.write("out/notes.json", "{\"not\": \"a report\"}");
    report("--week", "2026-W46").ok_but_short().stderr_has("2026-W40.json: not a readable voc report");
    let again = wd.read("out/index.html");
    assert_eq!(again.matches("<li class=\"report").count(), 4);
    assert!(!again.contains("notes"), "other JSON files are not reports");
}
