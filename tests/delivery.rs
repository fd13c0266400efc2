//! Delivery: mail through a real SMTP server on loopback, `voc send`, atomic writes under a
//! kill, the Markdown summary.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use serde_json::Value;

use crate::util::{Workdir, fixture_config, have, repo};

fn aiosmtpd() -> bool {
    Command::new("python3").args(["-c", "import aiosmtpd"]).output().is_ok_and(|o| o.status.success())
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// Start the sink; returns it once it listens.
fn sink(wd: &Workdir, port: u16, count: usize) -> std::process::Child {
    let mut child = Command::new("python3")
        .arg(repo().join("tests/smtp_sink.py"))
        .args(["serve", &port.to_string(), wd.path("inbox").to_str().unwrap(), &count.to_string()])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.as_mut().unwrap()).read_line(&mut line).unwrap();
    assert_eq!(line.trim(), "ready");
    child
}

fn parse(wd: &Workdir, n: usize) -> Value {
    let out = Command::new("python3")
        .arg(repo().join("tests/smtp_sink.py"))
        .arg("parse")
        .arg(wd.path(&format!("inbox/{n}.eml")))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

fn mail_config(port: u16) -> String {
    format!(
        "{}\nemail:\n  smtp: {{ host: 127.0.0.1, port: {port} }}\n  from: \"CS Reports <reports@example.com>\"\n  to: [cs-team@example.com, ceo@example.com]\n  subject: \"[CS 주간 리포트] {{period}}\"\n",
        fixture_config()
    )
}

#[test]
fn report_send_delivers_html_with_inline_png_charts_and_the_full_report() {
    if !have(aiosmtpd(), "python3 aiosmtpd (the SMTP sink)") {
        return;
    }
    let wd = Workdir::new("mail_report_send");
    let port = free_port();
    wd.write("voc.yaml", mail_config(port));
    let mut server = sink(&wd, port, 1);
    let run = wd.run(&[
        "--config",
        "voc.yaml",
        "report",
        "--last",
        "week",
        "--now",
        "2026-11-16T09:00:00+09:00",
        "--format",
        "html,json,email,md",
        "--send",
    ]);
    run.ok().stdout_has("sent 2026-W46 to cs-team@example.com, ceo@example.com");
    assert!(server.wait().unwrap().success(), "the server got the message");
    let envelope: Value = serde_json::from_str(&wd.read("inbox/1.json")).unwrap();
    assert_eq!(envelope["rcpt_tos"], serde_json::json!(["cs-team@example.com", "ceo@example.com"]));
    let m = parse(&wd, 1);
    assert_eq!(m["subject"], "[CS 주간 리포트] 2026년 11월 2주차 (11/09~11/15)", "the week as a CEO reads it");
    let mid = m["message_id"].as_str().unwrap_or("");
    assert!(mid.starts_with("<voc.2026-W46.") && mid.ends_with("@example.com>"), "a Message-ID of the sender's domain: {mid}");
    assert_eq!(m["from"], "CS Reports <reports@example.com>");
    assert_eq!(m["tree"]["type"], "multipart/mixed");
    assert_eq!(m["tree"]["parts"][0]["type"], "multipart/alternative");
    assert_eq!(m["tree"]["parts"][0]["parts"][1]["type"], "multipart/related");
    assert!(m["html_has_korean"].as_bool().unwrap());
    let cids: Vec<&str> = m["cids"].as_array().unwrap().iter().map(|c| c.as_str().unwrap()).collect();
    assert_eq!(cids.len(), 9, "seven charts (conversion by first response too), the trend and the backlog referenced: {cids:?}");
    for cid in &cids {
        let img = &m["images"][cid];
        assert_eq!(img["type"], "image/png", "cid:{cid} resolves to a PNG part");
        let size = img["size"].as_array().unwrap_or_else(|| panic!("cid:{cid} does not decode as PNG"));
        assert_eq!(size[0].as_u64().unwrap(), 720, "the phone canvas (360 px) at 2x, for sharp text");
    }
    assert_eq!(m["attachments"][0]["filename"], "2026-W46.html");
    assert!(m["text"].as_str().unwrap().contains("CS 주간 리포트 2026-W46"), "the Markdown summary is the plain-text part");
}

#[test]
fn send_mails_an_already_rendered_report_and_marks_failed_gates() {
    if !have(aiosmtpd(), "python3 aiosmtpd (the SMTP sink)") {
        return;
    }
    let wd = Workdir::new("mail_send_stem");
    let port = free_port();
    // a gate that fails: the planted rejects are 0.15% of conversations, over a 0.1% gate
    wd.write("voc.yaml", mail_config(port).replace("max_rejected_share: 0.02", "max_rejected_share: 0.001"));
    wd.report_w46("html,json,email,md").expect(3).stderr_has("data-quality gate failed");
    let mut server = sink(&wd, port, 1);
    wd.run(&["--config", "voc.yaml", "send", "out/2026-W46"]).ok();
    assert!(server.wait().unwrap().success());
    let m = parse(&wd, 1);
    assert_eq!(m["subject"], "[데이터 품질 경고] [CS 주간 리포트] 2026년 11월 2주차 (11/09~11/15)");
    assert_eq!(m["cids"].as_array().unwrap().len(), 9);
    // nothing rendered yet for another period: a clear sentence
    wd.run(&["--config", "voc.yaml", "send", "out/2026-W40"]).expect(1).stderr_has("render it first");
}

#[test]
fn sending_needs_the_email_rendering_and_an_email_block_and_a_reachable_server() {
    let wd = Workdir::new("mail_usage");
    wd.write("voc.yaml", fixture_config());
    wd.run(&["--config", "voc.yaml", "report", "--week", "2026-W46", "--send"])
        .expect(2)
        .stderr_has("add it with --format html,json,email");
    wd.run(&["--config", "voc.yaml", "report", "--week", "2026-W46", "--format", "email", "--send"])
        .expect(2)
        .stderr_has("needs an `email:` block");
    let port = free_port();
    wd.write(
        "voc.yaml",
        mail_config(port).replace(
            "smtp: { host: 127.0.0.1, port",
            "password_env: VOC_TEST_NO_SUCH_VAR\n  smtp: { host: 127.0.0.1, username: u, port",
        ),
    );
    wd.run(&["--config", "voc.yaml", "report", "--week", "2026-W46", "--format", "email", "--send"])
        .expect(2)
        .stderr_has("VOC_TEST_NO_SUCH_VAR, which is not set");
    wd.write("voc.yaml", mail_config(port));
    wd.run(&["--config", "voc.yaml", "report", "--week", "2026-W46", "--format", "email", "--send"])
        .expect(1)
        .stderr_has(&format!("sending to 127.0.0.1:{port} failed"));
}

#[test]
fn a_run_killed_while_writing_leaves_old_or_new_files_never_half() {
    let wd = Workdir::new("kill_mid_write");
    wd.write("voc.yaml", fixture_config());
    let args = |now: &str, out: &str| -> Vec<String> {
        [
            "--config",
            "voc.yaml",
            "-q",
            "report",
            "--week",
            "2026-W46",
            "--format",
            "html,json,email,md",
            "--out",
            out,
            "--now",
            now,
        ]
        .iter()
        .map(|s| s.to_string())
        .collect()
    };
    let old_now = "2026-11-16T09:00:00+09:00";
    let new_now = "2026-11-16T10:00:00+09:00";
    // reference copies of the old and the new files
    for (now, out) in [(old_now, "old"), (new_now, "new")] {
        let a = args(now, out);
        wd.run(&a.iter().map(String::as_str).collect::<Vec<_>>()).ok();
    }
    let names: Vec<String> =
        walk(&wd.path("old")).iter().map(|p| p.strip_prefix(wd.path("old")).unwrap().display().to_string()).collect();
    assert!(names.len() >= 10);
    let bin = assert_cmd::cargo::cargo_bin("voc");
    let differs: Vec<&String> = names
        .iter()
        .filter(|n| std::fs::read(wd.path(&format!("old/{n}"))).unwrap() != std::fs::read(wd.path(&format!("new/{n}"))).unwrap())
        .collect();
    assert!(differs.len() >= 2, "the html and e-mail html carry the clock: {differs:?}");
    // Kill at two moments the test watches for (each write pauses before its rename):
    // while a temporary file exists, and right after the first new file is in place.
    for (i, moment) in ["temporary file written", "first file replaced"].iter().enumerate() {
        let out = format!("live{i}");
        copy_dir(&wd.path("old"), &wd.path(&out));
        let mut child = Command::new(&bin)
            .current_dir(&wd.dir)
            .args(args(new_now, &out))
            .env("VOC_TEST_WRITE_DELAY_MS", "300")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
        loop {
            assert!(std::time::Instant::now() < deadline, "{moment} never happened");
            let files = walk(&wd.path(&out));
            let seen = match i {
                0 => files.iter().any(|p| p.file_name().unwrap().to_string_lossy().ends_with(".tmp")),
                _ => differs.iter().any(|n| {
                    std::fs::read(wd.path(&format!("{out}/{n}"))).ok() == std::fs::read(wd.path(&format!("new/{n}"))).ok()
                }),
            };
            if seen {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(2));
        }
        child.kill().unwrap();
        child.wait().unwrap();
        let (mut old, mut new) = (0, 0);
        for n in &names {
            let got = std::fs::read(wd.path(&format!("{out}/{n}")))
                .unwrap_or_else(|_| panic!("{n} vanished after a kill when the {moment}"));
            let is_old = got == std::fs::read(wd.path(&format!("old/{n}"))).unwrap();
            let is_new = got == std::fs::read(wd.path(&format!("new/{n}"))).unwrap();
            assert!(is_old || is_new, "{n} is neither the old nor the new file after a kill when the {moment}");
            old += (is_old && !is_new) as usize;
            new += (is_new && !is_old) as usize;
        }
        assert!(old > 0, "the kill came before the run finished ({moment})");
        if i == 1 {
            assert!(new > 0, "some files were already new when killed");
        }
        // the next run removes what the killed one left behind
        let a = args(new_now, &out);
        wd.run(&a.iter().map(String::as_str).collect::<Vec<_>>()).ok();
        assert!(
            !walk(&wd.path(&out)).iter().any(|p| p.file_name().unwrap().to_string_lossy().ends_with(".tmp")),
            "temporary files cleaned"
        );
    }
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() { out.extend(walk(&p)) } else { out.push(p) }
    }
    out.sort();
    out
}

fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    let _ = std::fs::remove_dir_all(to);
    for p in walk(from) {
        let dest = to.join(p.strip_prefix(from).unwrap());
        std::fs::create_dir_all(dest.parent().unwrap()).unwrap();
        std::fs::copy(&p, dest).unwrap();
    }
}

#[test]
fn the_markdown_summary_has_headlines_changes_alerts_and_where_the_report_is() {
    let wd = Workdir::new("md_summary");
    wd.write("voc.yaml", fixture_config());
    wd.run(&["--config", "voc.yaml", "report", "--week", "2026-W46", "--format", "md"]).ok();
    let md = wd.read("out/2026-W46.md");
    for want in [
        "**CS 주간 리포트 2026-W46**",
        "- 문의: **",
        "vs 지난 주",
        "- 매출: **",
        "첫 응답 중앙값 · 단순 문의",
        "[급증] 2026-11-11",
        "전체 리포트: 2026-W46.html",
    ] {
        assert!(md.contains(want), "{want:?} missing from\n{md}");
    }
    assert!(md.lines().count() < 40, "short enough for team chat");
}

fn report_args(out: &str) -> Vec<String> {
    ["--config", "voc.yaml", "-q", "report", "--week", "2026-W46", "--format", "html,json,email,md", "--out", out]
        .iter()
        .map(|s| s.to_string())
        .chain(["--now".to_string(), "2026-11-16T09:00:00+09:00".to_string()])
        .collect()
}

/// Every file under `dir`, by name relative to it, with its bytes.
fn snapshot(dir: &std::path::Path) -> Vec<(String, Vec<u8>)> {
    let mut v: Vec<(String, Vec<u8>)> =
        walk(dir).into_iter().map(|p| (p.strip_prefix(dir).unwrap().display().to_string(), std::fs::read(&p).unwrap())).collect();
    v.sort();
    v
}

#[test]
fn six_runs_at_once_into_one_folder_all_succeed() {
    let wd = Workdir::new("concurrent_runs");
    wd.write("voc.yaml", fixture_config());
    let a = report_args("alone");
    wd.run(&a.iter().map(String::as_str).collect::<Vec<_>>()).ok();
    let bin = assert_cmd::cargo::cargo_bin("voc");
    let children: Vec<_> = (0..6)
        .map(|_| {
            Command::new(&bin)
                .current_dir(&wd.dir)
                .args(report_args("shared"))
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for c in children {
        let out = c.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "a concurrent run failed: {stderr}");
        assert!(!stderr.contains("cannot write"), "{stderr}");
    }
    assert_eq!(snapshot(&wd.path("shared")), snapshot(&wd.path("alone")), "the same files, no temporary ones");
}

#[test]
fn a_write_that_fails_midway_leaves_the_previous_report_set_whole() {
    // a real write error from the kernel: the file-size limit (RLIMIT_FSIZE) lets the small
    // JSON and Markdown through and stops the HTML, as a disk that fills up mid-run would
    let wd = Workdir::new("full_disk");
    wd.write("voc.yaml", fixture_config());
    let a = report_args("out");
    wd.run(&a.iter().map(String::as_str).collect::<Vec<_>>()).ok();
    let before = snapshot(&wd.path("out"));
    let html = before.iter().find(|(n, _)| n == "2026-W46.html").unwrap().1.len();
    let json = before.iter().find(|(n, _)| n == "2026-W46.json").unwrap().1.len();
    // the limit (sh's `ulimit -f` counts 512-byte blocks) falls between the two files' sizes
    let blocks = (json + html) / 2 / 512;
    assert!(json < blocks * 512 && html > blocks * 512 + 512, "json {json}, html {html}");
    // a new clock: the new HTML, e-mail and Markdown differ from the old ones
    let mut args = report_args("out");
    *args.last_mut().unwrap() = "2026-11-16T10:00:00+09:00".to_string();
    let script = format!("trap '' XFSZ; ulimit -f {blocks}; exec \"$0\" \"$@\"");
    let out = Command::new("sh")
        .current_dir(&wd.dir)
        .arg("-c")
        .arg(&script)
        .arg(assert_cmd::cargo::cargo_bin("voc"))
        .args(&args)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "the run fails: {stderr}");
    assert!(stderr.contains("cannot write") && stderr.contains("File too large"), "{stderr}");
    assert_eq!(snapshot(&wd.path("out")), before, "the previous report set is whole, unmixed, with no temporary file");
}

#[test]
fn send_eml_previews_the_mail_exactly_as_it_would_be_sent() {
    let wd = Workdir::new("mail_preview");
    // no SMTP server is listening on this port: nothing may be sent
    wd.write("voc.yaml", mail_config(9));
    wd.report_w46("html,json,email,md").ok();
    wd.run(&["--config", "voc.yaml", "send", "out/2026-W46", "--eml", "preview.eml"]).ok().stdout_has("nothing was sent");
    let parse = r#"
import email, email.policy, json, sys
m = email.message_from_bytes(open(sys.argv[1], "rb").read(), policy=email.policy.default)
parts = [p.get_content_type() for p in m.walk()]
print(json.dumps({"subject": m["Subject"], "to": m["To"], "id": m["Message-ID"], "parts": parts}, ensure_ascii=False))
"#;
    let out = Command::new("python3").args(["-c", parse]).arg(wd.path("preview.eml")).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let m: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(m["subject"], "[CS 주간 리포트] 2026년 11월 2주차 (11/09~11/15)");
    assert!(m["to"].as_str().unwrap().contains("ceo@example.com"));
    assert!(m["id"].as_str().unwrap().starts_with("<voc.2026-W46."));
    let parts: Vec<&str> = m["parts"].as_array().unwrap().iter().map(|p| p.as_str().unwrap()).collect();
    assert!(parts.contains(&"text/plain") && parts.contains(&"text/html") && parts.contains(&"image/png"), "{parts:?}");
}

#[test]
fn the_preview_is_byte_for_byte_the_mail_the_server_receives() {
    if !have(aiosmtpd(), "python3 aiosmtpd (the SMTP sink)") {
        return;
    }
    let wd = Workdir::new("mail_preview_bytes");
    let port = free_port();
    wd.write("voc.yaml", mail_config(port));
    wd.report_w46("html,json,email,md").ok();
    let now = "2026-11-16T09:05:00+09:00";
    wd.run(&["--config", "voc.yaml", "send", "out/2026-W46", "--eml", "preview.eml", "--now", now]).ok();
    let mut server = sink(&wd, port, 1);
    wd.run(&["--config", "voc.yaml", "send", "out/2026-W46", "--now", now]).ok();
    assert!(server.wait().unwrap().success());
    let (preview, received) = (std::fs::read(wd.path("preview.eml")).unwrap(), std::fs::read(wd.path("inbox/1.eml")).unwrap());
    assert!(preview.len() > 10_000);
    // the same bytes; only the SMTP end-of-data framing may leave an empty last line
    let body = |b: &[u8]| b.strip_suffix(b"\r\n\r\n").map_or(b.to_vec(), |x| [x, b"\r\n"].concat());
    assert!(
        body(&preview) == body(&received),
        "the preview ({} bytes) differs from what arrived ({} bytes)",
        preview.len(),
        received.len()
    );
    let m = parse(&wd, 1);
    assert_eq!(m["date"], "Mon, 16 Nov 2026 00:05:00 +0000", "the Date is --now");
    assert!(m["message_id"].as_str().is_some_and(|d| d.starts_with("<voc.2026-W46.") && d.ends_with("@example.com>")), "{m}");
    // --dry-run writes the same message to standard output
    let dry = wd.run(&["--config", "voc.yaml", "send", "out/2026-W46", "--dry-run", "--now", now]);
    assert!(dry.ok().output.stdout == preview, "--dry-run prints the preview's bytes");
    // another clock is another message
    wd.run(&["--config", "voc.yaml", "send", "out/2026-W46", "--eml", "later.eml", "--now", "2026-11-16T09:06:00+09:00"]).ok();
    assert_ne!(std::fs::read(wd.path("later.eml")).unwrap(), preview);
}

#[test]
fn a_report_sent_later_keeps_its_warning_for_every_kind_of_gate() {
    // rendered for a week the data does not cover (a data_span gate, not a rejects one), then
    // mailed by `voc send`, which reads the report back
    let wd = Workdir::new("mail_later_data_span");
    wd.write("voc.yaml", mail_config(9));
    wd.run(&[
        "--config",
        "voc.yaml",
        "report",
        "--week",
        "2026-W50",
        "--format",
        "html,json,email,md",
        "--now",
        "2026-12-16T09:00:00+09:00",
    ])
    .expect(3);
    wd.run(&["--config", "voc.yaml", "send", "out/2026-W50", "--eml", "later.eml"]).ok();
    let eml = std::fs::read(wd.path("later.eml")).unwrap();
    let out = Command::new("python3")
        .args(["-c", "import email, email.policy, sys; print(email.message_from_bytes(open(sys.argv[1], 'rb').read(), policy=email.policy.default)['Subject'])"])
        .arg(wd.path("later.eml"))
        .output()
        .unwrap();
    assert!(!eml.is_empty() && out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("[데이터 품질 경고]"), "{}", String::from_utf8_lossy(&out.stdout));
}

#[test]
fn a_report_too_big_for_the_mail_is_left_out_of_it_and_the_mail_says_so() {
    // 4,000 tags each with conversations: the full report's tag table alone is ~750 KB, over
    // the mail's 1 MB once encoded beside the charts
    let wd = Workdir::new("mail_too_big");
    let n = 4000;
    let mut tax = String::from("version: 1\ntags:\n");
    for g in 0..40 {
        tax.push_str(&format!("  - id: g{g}\n    name: 상위 유형 {g}\n    children:\n"));
        for j in 0..n / 40 {
            tax.push_str(&format!("      - {{ id: t{g}_{j}, name: 하위 유형 {g}-{j}, match: {{ any: [코드{g}x{j}번] }} }}\n"));
        }
    }
    wd.write("tax.yaml", tax);
    let mut conv = String::from("id,at,resp,body\n");
    for i in 0..n {
        let (g, j, day) = (i % 40, i / 40, 9 + i % 7);
        conv.push_str(&format!(
            "C{i},2026-11-{day:02} {}:{:02},2026-11-{day:02} {}:{:02},문의 코드{g}x{j}번 확인 부탁드립니다\n",
            10 + i % 10,
            i % 60,
            11 + i % 10,
            i % 60
        ));
    }
    wd.write("conv.csv", conv);
    wd.write(
        "sales.csv",
        (9..16).map(|d| format!("2026-11-{d:02},O{d},P1,10000\n")).fold("d,o,p,r\n".to_string(), |a, l| a + &l),
    );
    wd.write(
        "voc.yaml",
        "output_dir: out\ntaxonomy: tax.yaml\ninputs:\n  conversations:\n    paths: [conv.csv]\n    columns: { id: id, created_at: at, first_response_at: resp, text: body }\n  sales:\n    paths: [sales.csv]\n    columns: { date: d, order_id: o, product_id: p, revenue: r }\nemail:\n  smtp: { host: 127.0.0.1, port: 9 }\n  from: reports@example.com\n  to: [ceo@example.com]\n",
    );
    wd.report_w46("html,email,md").ok();
    let report = std::fs::metadata(wd.path("out/2026-W46.html")).unwrap().len();
    assert!(report > 700_000, "the full report is big: {report}");
    let note = "첨부하지 않았습니다";
    assert!(wd.read("out/2026-W46.email.html").contains(note), "the mail says the report is not attached");
    wd.run(&["--config", "voc.yaml", "send", "out/2026-W46", "--eml", "big.eml"]).ok();
    let eml = std::fs::metadata(wd.path("big.eml")).unwrap().len();
    assert!(eml <= 1_000_000, "the mail is {eml} bytes");
    let out =
        Command::new("python3").arg(repo().join("tests/smtp_sink.py")).arg("parse").arg(wd.path("big.eml")).output().unwrap();
    let m: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(m["attachments"], serde_json::json!([]), "no attachment");
    assert_eq!(m["cids"].as_array().unwrap().len(), m["images"].as_object().unwrap().len(), "every chart is still inline");
    // the mail's tables are cut, with a pointer to the rest
    assert!(wd.read("out/2026-W46.email.html").contains("행은 전체 리포트에 있습니다"));
}
