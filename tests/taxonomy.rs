//! `voc taxonomy check | explain | stats`, `voc tag`, `voc eval`, `voc init`.

use crate::util::{Workdir, datasets, fixture_config, repo};

#[test]
fn the_starter_taxonomy_passes_its_own_examples() {
    let wd = Workdir::new("tax_check_ok");
    wd.write("voc.yaml", fixture_config());
    wd.run(&["--config", "voc.yaml", "taxonomy", "check"]).ok().stdout_has("examples passed");
    for ex in ["kaggle-tickets", "comcast", "olist", "naver-reviews"] {
        let cfg = repo().join(format!("config/examples/{ex}.yaml"));
        // the example configs point at ../shared/datasets; check needs only the taxonomy
        if datasets().is_some() {
            wd.run(&["--config", cfg.to_str().unwrap(), "taxonomy", "check"]).ok();
        }
    }
}

#[test]
fn check_reports_every_problem_with_its_line_and_exits_2() {
    let wd = Workdir::new("tax_check_bad");
    wd.write(
        "voc.yaml",
        fixture_config().replace(&format!("taxonomy: {}/config/taxonomy.yaml", repo().display()), "taxonomy: tax.yaml"),
    );
    wd.write(
        "tax.yaml",
        "version: 1\ntags:\n  - id: a\n    class: simple\n    match: { any: [배송, \" \"] }\n  - id: a\n    match: { regex: [\"[\"] }\n  - id: b\n    match: { any: [x] }\n    examples: [{ text: \"배송 언제\", expect: b }]\n",
    );
    let run = wd.run(&["--config", "voc.yaml", "taxonomy", "check"]);
    run.expect(2)
        .stderr_has("tax.yaml:5: empty keyword in `any`")
        .stderr_has("tax.yaml:6: duplicate tag id `a` (first at line 3)")
        .stderr_has("tax.yaml:7: invalid regex `[`")
        .stderr_has("tax.yaml:10: example \"배송 언제\" expects `b` but got unclassified");
    // a class other than the three, and an unknown field: parse errors with line and column
    wd.write("tax.yaml", "version: 1\ntags:\n  - id: a\n    class: simpel\n");
    wd.run(&["--config", "voc.yaml", "taxonomy", "check"])
        .expect(2)
        .stderr_has("tax.yaml:4:12: tags[0].class: unknown variant `simpel`");
    wd.write("tax.yaml", "version: 1\ntags:\n  - id: a\n    macth: { any: [x] }\n");
    wd.run(&["--config", "voc.yaml", "taxonomy", "check"]).expect(2).stderr_has("tax.yaml:4:5: tags[0]: unknown field `macth`");
    // a broken taxonomy stops a report too, with the same sentence
    wd.run(&["--config", "voc.yaml", "report", "--week", "2026-W46"]).expect(2).stderr_has("tax.yaml:4:5");
}

#[test]
fn lint_warns_on_shared_shadowed_and_self_vetoed_keywords_and_strict_fails() {
    let wd = Workdir::new("tax_lint");
    wd.write(
        "voc.yaml",
        fixture_config().replace(&format!("taxonomy: {}/config/taxonomy.yaml", repo().display()), "taxonomy: tax.yaml"),
    );
    wd.write(
        "tax.yaml",
        r#"version: 1
tags:
  - id: delivery
    match: { any: [배송, 출고] }
  - id: exchange
    match: { any: [교환, 배송] }
  - id: defect
    priority: 10
    match: { any: [불량] }
  - id: as
    match: { any: [불량품, 불량 교환] }
  - id: refund
    match: { any: [환불 요청], none: [환불] }
"#,
    );
    let run = wd.run(&["--config", "voc.yaml", "taxonomy", "check"]);
    run.ok()
        .stderr_has("tax.yaml:5: warning: keyword `배송` is in `delivery` and `exchange`, of equal priority and depth: file order decides, `delivery` wins")
        .stderr_has("tax.yaml:10: warning: keyword `불량품` of `as` contains `불량` of the higher-priority `defect`")
        .stderr_has("tax.yaml:10: warning: tag `as` is unreachable")
        .stderr_has("tax.yaml:12: warning: `none` keyword `환불` of `refund` vetoes its own keyword `환불요청`")
        .stderr_has("tax.yaml:12: warning: tag `refund` is unreachable")
        .stdout_has("6 warning(s)");
    wd.run(&["--config", "voc.yaml", "taxonomy", "check", "--strict"]).expect(2).stderr_has("6 warning(s) in");
    // the bundled taxonomies pass --strict
    for tax in ["taxonomy", "taxonomy-en", "taxonomy-pt"] {
        wd.write("tax.yaml", std::fs::read_to_string(repo().join(format!("config/{tax}.yaml"))).unwrap());
        wd.run(&["--config", "voc.yaml", "taxonomy", "check", "--strict"]).ok();
    }
}

#[test]
fn suggest_finds_the_keywords_of_a_removed_tag_with_unclassified_examples() {
    let wd = Workdir::new("tax_suggest");
    let tax = std::fs::read_to_string(repo().join("config/taxonomy.yaml")).unwrap();
    // the taxonomy without its stock tag (재고·입고)
    let start = tax.find("  - id: stock\n").unwrap();
    let end = start + 5 + tax[start + 5..].find("\n  - id:").unwrap() + 1;
    let keywords: Vec<String> = tax[start..end]
        .lines()
        .find(|l| l.trim_start().starts_with("any:"))
        .unwrap()
        .split(['[', ']'])
        .nth(1)
        .unwrap()
        .split(',')
        .map(|k| k.split_whitespace().collect::<String>())
        .collect();
    wd.write("tax.yaml", format!("{}{}", &tax[..start], &tax[end..]));
    wd.write(
        "voc.yaml",
        fixture_config().replace(&format!("taxonomy: {}/config/taxonomy.yaml", repo().display()), "taxonomy: tax.yaml"),
    );
    let args = ["--config", "voc.yaml", "taxonomy", "suggest", "--month", "2026-10", "--top", "10", "--format", "json"];
    let out = wd.run(&args).ok().stdout();
    assert_eq!(out, wd.run(&args).ok().stdout(), "byte-identical on re-run");
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(doc["schema"], "voc.suggest/1");
    let found: Vec<&serde_json::Value> = doc["suggestions"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| keywords.contains(&s["keyword"].as_str().unwrap().to_string()))
        .collect();
    assert!(!found.is_empty(), "none of {keywords:?} among the top 10: {}", doc["suggestions"]);
    // each example is an unclassified conversation whose text contains the keyword
    wd.run(&["--config", "voc.yaml", "tag", "--month", "2026-10", "--out", "tags.csv"]).ok();
    let tags = crate::util::read_csv(&wd.path("tags.csv"));
    let mut texts = std::collections::HashMap::new();
    for f in ["2026-09", "2026-10", "2026-11"] {
        for r in crate::util::read_csv(&repo().join(format!("fixtures/cs/conversations-{f}.csv"))).into_iter().skip(1) {
            if r.len() > 9 {
                texts.insert(r[0].clone(), format!("{}{}", r[8], r[9]).split_whitespace().collect::<String>());
            }
        }
    }
    for s in found {
        let kw = s["keyword"].as_str().unwrap();
        let examples = s["examples"].as_array().unwrap();
        assert!(!examples.is_empty() && s["count"].as_u64().unwrap() >= examples.len() as u64, "{s}");
        for id in examples {
            let id = id.as_str().unwrap();
            let row = tags.iter().find(|r| r[0] == id).unwrap_or_else(|| panic!("{id} not exported"));
            assert_eq!(row[4], "", "{id} is unclassified");
            assert!(texts[id].contains(kw), "{id}: {} lacks {kw}", texts[id]);
        }
    }
    // the snippet and the text forms
    wd.run(&["--config", "voc.yaml", "taxonomy", "suggest", "--month", "2026-10", "--format", "yaml"])
        .ok()
        .stdout_has("new tags:");
    wd.run(&["--config", "voc.yaml", "taxonomy", "suggest", "--month", "2026-10"]).ok().stdout_has("unclassified; candidates");
}

#[test]
fn explain_shows_every_rule_the_winner_and_why() {
    let wd = Workdir::new("tax_explain");
    wd.write("voc.yaml", fixture_config());
    let run = wd.run(&["--config", "voc.yaml", "taxonomy", "explain", "--text", "265mm 사이즈 교환하고 싶어요"]);
    run.ok()
        .stdout_has("normalized:  265mm사이즈교환하고싶어요")
        .stdout_has("✗ tag  size")
        .stdout_has("vetoed by none: 교환")
        .stdout_has("✓ tag  return.exchange")
        .stdout_has("winner:      return.exchange (교환·반품·환불/교환)");
    let run = wd.run(&["--config", "voc.yaml", "taxonomy", "explain", "--text", "밑창이 떨어졌어요 리콜 안 하나요"]);
    run.ok().stdout_has("winner:      defect").stdout_has("risks:       recall");
    // a conversation by id: its text and manual tags come from the export
    let run = wd.run(&["--config", "voc.yaml", "taxonomy", "explain", "--id", "CH-260831-00013"]);
    run.ok().stdout_has("text:        불량 문의 캔버스 스니커즈 받았는데 구멍이 나 있어요").stdout_has("winner:      defect");
    wd.run(&["--config", "voc.yaml", "taxonomy", "explain", "--id", "nope"])
        .expect(1)
        .stderr_has("no conversation with id `nope`");
}

#[test]
fn stats_report_coverage_on_the_fixtures() {
    let wd = Workdir::new("tax_stats");
    wd.write("voc.yaml", fixture_config());
    let run = wd.run(&["--config", "voc.yaml", "taxonomy", "stats", "--week", "2026-W46"]);
    run.ok().stdout_has("unclassified:").stdout_has("matched by several tags:").stdout_has("tags never matched by their rule:");
    let out = run.stdout();
    let total: u64 = out.lines().next().unwrap().split_whitespace().last().unwrap().replace(',', "").parse().unwrap();
    let json = wd.run(&["--config", "voc.yaml", "report", "--week", "2026-W46", "--format", "json"]);
    assert!(matches!(json.code(), 0 | 3));
    let m: serde_json::Value = serde_json::from_str(&wd.read("out/2026-W46.json")).unwrap();
    assert_eq!(m["inquiries"]["total"], total, "stats and the report count the same conversations");
}

#[test]
fn tag_exports_csv_and_parquet_with_the_same_rows() {
    let wd = Workdir::new("tag_export");
    wd.write("voc.yaml", fixture_config());
    wd.run(&["--config", "voc.yaml", "tag", "--week", "2026-W46", "--out", "t.csv"]).ok();
    wd.run(&["--config", "voc.yaml", "tag", "--week", "2026-W46", "--out", "t.parquet"]).ok();
    let csv = crate::util::read_csv(&wd.path("t.csv"));
    assert_eq!(
        csv[0],
        [
            "id",
            "created_at",
            "channel",
            "product_id",
            "primary_tag",
            "primary_path",
            "class",
            "tag_source",
            "risks",
            "matched_keywords",
            "first_response_s",
            "rule_tag"
        ]
    );
    use polars::prelude::*;
    let df = ParquetReader::new(std::fs::File::open(wd.path("t.parquet")).unwrap()).finish().unwrap();
    assert_eq!(df.height(), csv.len() - 1);
    let ids = df.column("id").unwrap().str().unwrap().clone();
    for (i, row) in csv[1..].iter().enumerate() {
        assert_eq!(ids.get(i), Some(row[0].as_str()));
    }
    // created_at: a timestamp in the config's zone, the same instant the CSV shows with its offset
    let created = df.column("created_at").unwrap();
    assert_eq!(created.dtype(), &DataType::Datetime(TimeUnit::Milliseconds, TimeZone::opt_try_new(Some("Asia/Seoul")).unwrap()));
    let first_ms = created.as_materialized_series().datetime().unwrap().physical().get(0).unwrap();
    let from_csv = chrono::DateTime::parse_from_rfc3339(&csv[1][1]).unwrap().timestamp_millis();
    assert_eq!(first_ms, from_csv, "{}", csv[1][1]);
    assert_eq!(df.column("first_response_s").unwrap().dtype(), &DataType::Float64);
    // manual tags from the export are marked as such
    assert!(csv.iter().any(|r| r[7] == "manual") && csv.iter().any(|r| r[7] == "rule") && csv.iter().any(|r| r[7] == "none"));
    assert!(csv[1][1].ends_with("+09:00"), "created_at in the config's zone: {}", csv[1][1]);
    wd.run(&["--config", "voc.yaml", "tag", "--out", "t.xlsx"]).expect(2).stderr_has("must end in .csv or .parquet");
}

#[test]
fn eval_on_hand_labelled_naver_reviews() {
    if datasets().is_none() {
        return;
    }
    let wd = Workdir::new("eval_naver");
    let cfg = repo().join("config/examples/naver-reviews.yaml");
    let cfg = cfg.to_str().unwrap();
    for gold in ["naver_shopping.csv", "naver_shopping_holdout.csv"] {
        let g = repo().join("tests/gold").join(gold);
        let run = wd.run(&["--config", cfg, "eval", "--gold", g.to_str().unwrap()]);
        run.ok().stdout_has("per tag (exact primary tag):").stdout_has("most frequent confusions");
        let acc: f64 =
            run.stdout().lines().find(|l| l.starts_with("accuracy")).unwrap().rsplit(' ').next().unwrap().parse().unwrap();
        // measured 0.729 on the set the taxonomy was tuned on and 0.738 on the held-out set; only
        // the held-out figure says how the rules do on reviews nobody tuned them for
        eprintln!("{gold}: accuracy {acc}");
        if gold.contains("holdout") {
            assert!(acc >= 0.70, "{gold}: accuracy {acc}");
        }
    }
    let stats = wd.run(&["--config", cfg, "taxonomy", "stats"]);
    stats.ok().stdout_has("conversations:              2,500");
    // the reviews are undated: a report cannot cut a period, and says which commands can run
    wd.run(&["--config", cfg, "report", "--week", "2026-W46"])
        .expect(2)
        .stderr_has("for an undated export, run the commands that read every row without a period — `voc taxonomy stats`");
}

#[test]
fn eval_rejects_unknown_gold_tags() {
    let wd = Workdir::new("eval_bad_gold");
    wd.write("voc.yaml", fixture_config());
    wd.write("gold.csv", "id,tag\nCH-BAD-500,defect\nCH-BAD-600,no-such-tag\n");
    wd.run(&["--config", "voc.yaml", "eval", "--gold", "gold.csv"])
        .expect(1)
        .stderr_has("gold.csv row 2, column tag: `no-such-tag` is not a tag");
}

#[test]
fn init_writes_a_starter_that_checks_and_refuses_to_overwrite() {
    let wd = Workdir::new("init");
    wd.run(&["init", "team"]).ok();
    for f in ["team/voc.yaml", "team/taxonomy.yaml", "team/presets/channel_talk.yaml", "team/notes/README.md"] {
        assert!(wd.exists(f), "{f}");
    }
    wd.run(&["--config", "team/voc.yaml", "taxonomy", "check"]).ok();
    // the starter points at exports that are not there yet: a clear sentence, exit 2
    wd.run(&["--config", "team/voc.yaml", "validate"]).expect(2).stderr_has("matches no file");
    wd.run(&["init", "team"]).expect(2).stderr_has("already exists; use --force");
    wd.run(&["init", "team", "--force"]).ok();
}

#[test]
fn learn_finds_the_keywords_a_taxonomy_lacks_and_writes_them_in_place() {
    let wd = Workdir::new("tax_learn");
    let tax = "version: 1\n# the planted taxonomy: `defect` knows only 불량\ntags:\n  - id: delivery\n    name: 배송   # a mention counts\n    class: simple\n    match: { any: [배송] }\n  - id: defect\n    name: 불량\n    match:\n      # symptoms are added here\n      any: [불량]\n";
    wd.write("tax.yaml", tax);
    wd.write(
        "voc.yaml",
        "timezone: Asia/Seoul\ntaxonomy: tax.yaml\ninputs:\n  conversations:\n    paths: [c.csv]\n    columns: { id: id, text: text }\n",
    );
    let (mut csv, mut gold) = (String::from("id,text\n"), String::from("id,tag\n"));
    let things = ["컵", "접시", "유리병", "화분", "액자", "거울", "그릇", "꽃병", "램프", "시계"];
    for (i, t) in things.iter().chain(things.iter()).enumerate() {
        // a defect told by its symptom (깨졌어요), which the rules lack
        csv.push_str(&format!("d{i},{t}이 도착하자마자 깨졌어요 너무 속상해요\n"));
        gold.push_str(&format!("d{i},defect\n"));
        csv.push_str(&format!("s{i},배송 빨라요 {t} 좋아요\n"));
        gold.push_str(&format!("s{i},delivery\n"));
        csv.push_str(&format!("u{i},{t} 디자인이 예뻐요\n"));
        gold.push_str(&format!("u{i},unclassified\n"));
    }
    wd.write("c.csv", csv);
    wd.write("gold.csv", gold);
    let run =
        wd.run(&["--config", "voc.yaml", "taxonomy", "learn", "--gold", "gold.csv", "--holdout", "0.3", "--write", "new.yaml"]);
    let out = run.ok().stdout();
    assert!(out.contains("to defect") && out.contains("add `깨졌"), "{out}");
    // held out: defect's F1 rises (its conversations were unclassified before)
    let line = out.lines().find(|l| l.starts_with("defect F1")).unwrap_or_else(|| panic!("{out}"));
    let v: Vec<f64> = line.split_whitespace().filter_map(|x| x.parse().ok()).collect();
    assert!(v.len() == 4 && v[3] > v[2] && v[3] > 0.9, "{line}");
    let written = wd.read("new.yaml");
    for kept in ["# the planted taxonomy", "# a mention counts", "# symptoms are added here"] {
        assert!(written.contains(kept), "{written}");
    }
    assert!(written.contains("any: [불량, 깨졌"), "{written}");
    assert_eq!(wd.read("tax.yaml"), tax, "the config's taxonomy is never changed in place");
    wd.write("voc.yaml", wd.read("voc.yaml").replace("taxonomy: tax.yaml", "taxonomy: new.yaml"));
    wd.run(&["--config", "voc.yaml", "taxonomy", "check", "--strict"]).ok();
    wd.run(&["--config", "voc.yaml", "eval", "--gold", "gold.csv"]).ok().stdout_has("accuracy (primary tag): 1.000");
}

#[test]
fn suggestions_on_real_text_are_topic_words_not_greetings_politeness_or_cut_stems() {
    let Some(_) = datasets() else { return };
    let wd = Workdir::new("tax_suggest_real");
    // words of asking and their stems as cut (the issue's list, and the like)
    let asking =
        ["확인", "문의", "주세", "있어", "감사", "부탁", "안녕", "수고", "해주", "드립", "comcast", "up", "thanks", "please"];
    for (cfg, period) in [("comcast", vec!["--month", "2015-06"]), ("naver-reviews", vec![])] {
        let path = repo().join(format!("config/examples/{cfg}.yaml"));
        let mut args = vec!["--config", path.to_str().unwrap(), "taxonomy", "suggest", "--top", "10", "--format", "json"];
        args.extend(period);
        let run = wd.run(&args);
        let doc: serde_json::Value = serde_json::from_str(&run.ok().stdout()).unwrap();
        let words: Vec<String> =
            doc["suggestions"].as_array().unwrap().iter().map(|s| s["keyword"].as_str().unwrap().to_string()).collect();
        assert!(words.len() >= 5, "{cfg}: {words:?}");
        for w in &words {
            let bare = w.trim_end_matches("다~").to_lowercase();
            assert!(!asking.iter().any(|a| bare == *a || bare.starts_with(a)), "{cfg}: `{w}` is a word of asking: {words:?}");
            // a cut stem shows as its dictionary form (`맛있다~`) or whole, never as 맛있
            let last = bare.chars().last().unwrap();
            let hangul = ('\u{AC00}'..='\u{D7A3}').contains(&last);
            let cut_predicate = hangul && w.ends_with(|c: char| matches!(c, '있' | '었' | '았' | '했' | '하' | '되'));
            assert!(!cut_predicate, "{cfg}: `{w}` is a cut stem: {words:?}");
            assert!(w.chars().count() >= 2 && !(w.is_ascii() && w.len() < 3), "{cfg}: `{w}`");
        }
    }
}

#[test]
fn lint_warns_of_short_opened_latin_keywords_and_of_keywords_too_generic_for_the_data() {
    let wd = Workdir::new("tax_lint_generic");
    wd.write(
        "tax.yaml",
        "version: 1\nnormalize: { ignore_spaces: false }\ntags:\n  - { id: a, match: { any: [\"re*\", order] } }\n  - { id: b, match: { any: [refund*] } }\n",
    );
    wd.write("voc.yaml", "timezone: Asia/Seoul\ntaxonomy: tax.yaml\ninputs:\n  conversations:\n    paths: [c.csv]\n    columns: { id: id, text: text }\n");
    // without the export there is nothing to count on: only the static lint
    let run = wd.run(&["--config", "voc.yaml", "taxonomy", "check", "--strict"]);
    run.expect(2).stderr_has("tax.yaml:4: warning: keyword `re*` opens a Latin word of 2 letters");
    let mut csv = String::from("id,text\n");
    for i in 0..30 {
        csv.push_str(&format!("{i},my order {i} {}\n", if i % 5 == 0 { "refunded" } else { "is late" }));
    }
    wd.write("c.csv", csv);
    wd.write("tax.yaml", "version: 1\nnormalize: { ignore_spaces: false }\ntags:\n  - { id: a, match: { any: [order] } }\n  - { id: b, match: { any: [refund*] } }\n");
    let run = wd.run(&["--config", "voc.yaml", "taxonomy", "check"]);
    run.ok().stderr_has("tax.yaml:4: warning: keyword `order` matches 30 of 30 conversations: too generic");
    assert!(!run.stderr().contains("refund*"), "{}", run.stderr());
    wd.run(&["--config", "voc.yaml", "taxonomy", "check", "--strict"]).expect(2);
}
