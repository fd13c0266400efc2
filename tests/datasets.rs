//! voc on real public exports from ../shared/datasets, as a new user would run it. Skips when
//! the folder is absent.

use serde_json::Value;

use crate::util::{Workdir, datasets, repo};

/// A workdir and the example config, used in place (its paths are relative to it).
fn example_config(name: &str, test: &str) -> Option<(Workdir, String)> {
    datasets()?;
    let wd = Workdir::new(&format!("dataset_{name}_{test}"));
    let cfg = repo().join(format!("config/examples/{name}.yaml"));
    Some((wd, cfg.to_string_lossy().into_owned()))
}

fn validate((wd, cfg): &(Workdir, String)) -> Value {
    let run = wd.run(&["--config", cfg, "validate", "--json", "--out", "out"]);
    assert!(matches!(run.code(), 0 | 3), "exit {}: {}", run.code(), run.stderr());
    assert!(!run.stderr().contains("panicked"));
    let doc: Value = serde_json::from_str(&run.stdout()).unwrap();
    for (k, a) in doc["inputs"].as_object().unwrap() {
        let n = |f: &str| a[f].as_u64().unwrap();
        assert_eq!(
            n("rows_read"),
            n("rows_used") + n("rows_rejected") + n("duplicates") + n("out_of_period") + n("filtered"),
            "{k}: {a}"
        );
        assert!(n("rows_read") > 0, "{k} read nothing");
    }
    doc
}

#[test]
fn kaggle_support_tickets() {
    let Some(wd) = example_config("kaggle-tickets", "validate") else {
        return;
    };
    let doc = validate(&wd);
    // 8,469 tickets; multi-line descriptions stay one row each
    assert_eq!(doc["inputs"]["conversations"]["rows_read"], 8469);
    assert_eq!(doc["inputs"]["conversations"]["rows_used"], 8469);
}

#[test]
fn comcast_complaints_with_mixed_dates() {
    let Some(wd) = example_config("comcast", "validate") else {
        return;
    };
    let doc = validate(&wd);
    assert_eq!(doc["inputs"]["conversations"]["rows_read"], 2224);
    assert_eq!(
        doc["inputs"]["conversations"]["rows_rejected"], 0,
        "the Date + Time columns, read with both of their formats, give every row a time"
    );
}

#[test]
fn olist_orders_as_sales() {
    let Some(wd) = example_config("olist", "validate") else {
        return;
    };
    let doc = validate(&wd);
    let sales = &doc["inputs"]["sales"];
    assert!(sales["filtered"].as_u64().unwrap() > 0, "canceled / unavailable orders are filtered: {sales}");
}

#[test]
fn olist_monthly_report_end_to_end() {
    let Some((wd, cfg)) = example_config("olist", "monthly") else {
        return;
    };
    wd.run(&["--config", &cfg, "report", "--month", "2017-11", "--format", "json", "--out", "out"]).ok();
    let m: Value = serde_json::from_str(&wd.read("out/2017-11.json")).unwrap();
    assert!(m["sales"]["revenue"].as_f64().unwrap() > 100_000.0, "{}", m["sales"]);
    assert!(m["sales"]["orders"].as_u64().unwrap() > 1000);
    // order_item_id is 1..n within each order: with the order id it is a line's key, so no
    // line of another order counts as a duplicate
    assert_eq!(m["data_quality"]["sales"]["duplicates"], 0, "{}", m["data_quality"]["sales"]);
    assert!(m["inquiries"]["total"].as_u64().unwrap() > 100, "reviews of the month");
    assert!(m["inquiries"]["per_100_orders"].as_f64().is_some());
    assert_eq!(m["top_products"].as_array().unwrap().len(), 10);
    assert!(m["top_products"][0]["returns"].is_null(), "Olist has no returns: unknown, not 0");
    assert!(m["top_products"][0]["category"].is_string(), "category joined from products.csv");
    // and translated by the overwrite join: English names, no Portuguese one left where the
    // translation table has it
    let groups: Vec<&str> = m["product_groups"].as_array().unwrap().iter().filter_map(|g| g["group"].as_str()).collect();
    assert!(groups.contains(&"health_beauty") && groups.contains(&"bed_bath_table"), "{groups:?}");
    assert!(!groups.contains(&"beleza_saude") && !groups.contains(&"cama_mesa_banho"), "{groups:?}");
    // the page lists only the groups that generated inquiries (the JSON has every group)
    let html_run = wd.run(&["--config", &cfg, "report", "--month", "2017-11", "--format", "html", "--out", "out"]);
    assert!(matches!(html_run.code(), 0 | 3));
    let html = wd.read("out/2017-11.html");
    let quiet = m["product_groups"].as_array().unwrap().iter().filter(|g| g["inquiries"] == 0).count();
    assert!(quiet > 0 && html.contains(&format!("{quiet} groups without an inquiry are left out")), "{quiet}");
    assert!(m["satisfaction"]["csat"]["responses"].as_u64().unwrap() > 100, "review scores as CSAT");
    assert!(
        m["product_groups"].as_array().unwrap().iter().any(|g| g["inquiries"].as_u64().unwrap() > 0 && g["group"].is_string()),
        "reviews linked to products through order_id"
    );
    assert_eq!(m["first_response"]["all"]["median_s"], Value::Null, "reviews carry no response time");
}

/// Follow `in_response_to_tweet_id` links by hand: the conversations, the first customer tweet
/// of each, the first brand tweet after it, and the customer → brand reply pairs.
struct Tweets {
    threads: std::collections::BTreeMap<String, (i64, Option<(String, i64)>)>,
    pairs: std::collections::HashSet<(String, String)>,
}

fn follow_twitter_links(path: &std::path::Path) -> Tweets {
    use std::collections::{BTreeMap, HashMap, HashSet};
    let mut rdr = csv::Reader::from_path(path).unwrap();
    let mut tweets: Vec<(String, bool, i64, String)> = Vec::new();
    for r in rdr.records() {
        let r = r.unwrap();
        let at = chrono::DateTime::parse_from_str(&r[3], "%a %b %d %H:%M:%S %z %Y").unwrap().timestamp();
        tweets.push((r[0].to_string(), &r[2] == "True", at, r[6].to_string()));
    }
    let by: HashMap<&str, usize> = tweets.iter().enumerate().map(|(i, t)| (t.0.as_str(), i)).collect();
    let root = |mut i: usize| {
        let mut seen = HashSet::new();
        while let Some(&p) = by.get(tweets[i].3.as_str()) {
            if !seen.insert(i) {
                break;
            }
            i = p;
        }
        tweets[i].0.clone()
    };
    let mut members: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for i in 0..tweets.len() {
        members.entry(root(i)).or_default().push(i);
    }
    let mut threads = BTreeMap::new();
    for (r, ms) in members {
        let Some(start) = ms.iter().filter(|&&i| tweets[i].1).map(|&i| tweets[i].2).min() else { continue };
        let first_reply =
            ms.iter().filter(|&&i| !tweets[i].1 && tweets[i].2 >= start).min_by_key(|&&i| (tweets[i].2, tweets[i].0.clone()));
        threads.insert(r, (start, first_reply.map(|&i| (tweets[i].0.clone(), tweets[i].2 - start))));
    }
    let pairs = tweets
        .iter()
        .filter(|t| !t.1)
        .filter_map(|t| by.get(t.3.as_str()).filter(|&&p| tweets[p].1).map(|&p| (tweets[p].0.clone(), t.0.clone())))
        .collect();
    Tweets { threads, pairs }
}

#[test]
fn twitter_first_responses_are_the_reply_pairs_a_person_finds() {
    let Some(data) = datasets() else { return };
    let Some((wd, cfg)) = example_config("twitter-support", "pairs") else { return };
    let by_hand = follow_twitter_links(&data.join("twcs-sample/sample.csv"));
    assert_eq!(by_hand.pairs.len(), 42, "the dataset's README counts 42 customer → brand reply pairs");
    wd.run(&["--config", &cfg, "tag", "--out", "tags.csv"]).ok();
    let rows = crate::util::read_csv(&wd.path("tags.csv"));
    let head = &rows[0];
    let col = |n: &str| head.iter().position(|h| h == n).unwrap();
    let (id, created, fr) = (col("id"), col("created_at"), col("first_response_s"));
    assert_eq!(rows.len() - 1, by_hand.threads.len(), "one conversation per reply chain");
    let mut answered = 0;
    for r in &rows[1..] {
        let (start, reply) = by_hand.threads.get(&r[id]).unwrap_or_else(|| panic!("{} is not a chain root", r[id]));
        let t = chrono::DateTime::parse_from_rfc3339(&r[created]).unwrap().timestamp();
        assert_eq!(t, *start, "{}: starts at its first customer tweet", r[id]);
        match reply {
            Some((_, secs)) => {
                answered += 1;
                assert_eq!(r[fr].parse::<f64>().unwrap(), *secs as f64, "{}", r[id]);
            }
            None => assert_eq!(r[fr], "", "{}: no brand reply after the customer", r[id]),
        }
    }
    // every first response voc reports is a brand tweet answering a customer tweet directly
    let brand_replies: std::collections::HashSet<&String> = by_hand.pairs.iter().map(|(_, b)| b).collect();
    for (root, (_, reply)) in &by_hand.threads {
        if let Some((b, _)) = reply {
            assert!(brand_replies.contains(b), "{root}: first reply {b} is not a reply pair");
        }
    }
    assert_eq!(answered, 26);
    wd.run(&["--config", &cfg, "report", "--from", "2017-10-10", "--to", "2017-10-11", "--format", "json,html", "--out", "out"])
        .ok();
    let m: Value = serde_json::from_str(&wd.read("out/2017-10-10_2017-10-11.json")).unwrap();
    assert_eq!(m["first_response"]["all"]["answered"], 26);
    assert_eq!(m["data_quality"]["messages"]["rows_read"], 93);
}

#[test]
fn every_example_config_runs_a_report_end_to_end() {
    for (name, period) in [
        ("kaggle-tickets", ["--month", "2021-03"]),
        ("comcast", ["--month", "2015-06"]),
        ("olist", ["--month", "2017-11"]),
        ("twitter-support", ["--week", "2017-W41"]),
    ] {
        let Some((wd, cfg)) = example_config(name, "report") else { return };
        let run = wd.run(&["--config", &cfg, "report", period[0], period[1], "--format", "html,json,email,md", "--out", "out"]);
        assert!(matches!(run.code(), 0 | 3), "{name}: exit {}\n{}", run.code(), run.stderr());
        let id = period[1];
        let m: Value = serde_json::from_str(&wd.read(&format!("out/{id}.json"))).unwrap();
        assert!(m["inquiries"]["total"].as_u64().unwrap() > 0, "{name}: no conversations in {id}");
        assert!(
            wd.exists(&format!("out/{id}.html"))
                && wd.exists(&format!("out/{id}.email.html"))
                && wd.exists(&format!("out/{id}.md"))
        );
        if name == "olist" {
            // Olist's many product categories: the chart shows 14 and one bar for the rest
            let groups = m["product_groups"].as_array().unwrap().iter().filter(|g| g["inquiries"].as_u64() > Some(0)).count();
            assert!(groups > 15, "{groups}");
            assert!(wd.read(&format!("out/{id}.html")).contains(&format!("{} other groups", groups - 14)));
        }
    }
}

/// Privacy on a real export: the Kaggle tickets carry customer names and e-mails in their own
/// columns (the e-mail is even the customer id) and e-mails and phone numbers inside the
/// descriptions. None of them may appear in any report file, over the whole two years; the
/// per-conversation export an analyst asks for (`voc tag`) is the one place they may.
#[test]
fn no_customer_name_email_or_phone_number_reaches_a_report() {
    let Some((wd, cfg)) = example_config("kaggle-tickets", "privacy") else { return };
    let csv = datasets().unwrap().join("support-tickets/customer_support_tickets.csv");
    let mut reader = csv::Reader::from_path(&csv).unwrap();
    let headers = reader.headers().unwrap().clone();
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let (name, email, text) = (col("Customer Name"), col("Customer Email"), col("Ticket Description"));
    let email_re = regex::Regex::new(r"[\w.+-]+@[\w-]+(\.[\w-]+)+").unwrap();
    let phone_re = regex::Regex::new(r"\d{3}[-. ]\d{3,4}[-. ]\d{4}").unwrap();
    let mut personal = std::collections::BTreeSet::new();
    let (mut in_text_emails, mut in_text_phones) = (0, 0);
    for rec in reader.records() {
        let rec = rec.unwrap();
        personal.insert(rec[name].to_string());
        personal.insert(rec[email].to_string());
        for m in email_re.find_iter(&rec[text]) {
            in_text_emails += personal.insert(m.as_str().trim_end_matches('.').to_string()) as usize;
        }
        for m in phone_re.find_iter(&rec[text]) {
            in_text_phones += personal.insert(m.as_str().to_string()) as usize;
        }
    }
    assert!(
        personal.len() > 16_000 && in_text_emails > 50 && in_text_phones > 10,
        "{} {in_text_emails} {in_text_phones}",
        personal.len()
    );
    let finder = aho_corasick::AhoCorasick::new(&personal).unwrap();
    let leaks = |path: &std::path::Path| -> Vec<String> {
        let text = std::fs::read_to_string(path).unwrap();
        finder.find_iter(&text).map(|m| personal.iter().nth(m.pattern().as_usize()).unwrap().clone()).take(5).collect()
    };

    let run = wd.run(&[
        "--config",
        &cfg,
        "report",
        "--from",
        "2020-01-01",
        "--to",
        "2021-12-31",
        "--format",
        "html,json,email,md",
        "--out",
        "out",
    ]);
    assert!(matches!(run.code(), 0 | 3), "exit {}\n{}", run.code(), run.stderr());
    let run = wd.run(&["--config", &cfg, "validate", "--out", "out"]);
    assert!(matches!(run.code(), 0 | 3), "exit {}\n{}", run.code(), run.stderr());
    let mut checked = Vec::new();
    let mut stack = vec![wd.path("out")];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).unwrap() {
            let p = e.unwrap().path();
            match p.extension().and_then(|e| e.to_str()) {
                _ if p.is_dir() => stack.push(p),
                Some("html" | "json" | "md" | "csv") => {
                    assert_eq!(leaks(&p), Vec::<String>::new(), "personal data in {}", p.display());
                    checked.push(p);
                }
                _ => {}
            }
        }
    }
    assert!(checked.len() >= 4, "{checked:?}");

    // rejected rows keep their mapped cells (the customer e-mail is one) in the rejects file:
    // 40 real tickets, every fourth with a purchase date voc cannot read
    let mut rows = csv::Reader::from_path(&csv).unwrap();
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(&headers).unwrap();
    let date = col("Date of Purchase");
    for (i, rec) in rows.records().take(40).enumerate() {
        let mut rec: Vec<String> = rec.unwrap().iter().map(String::from).collect();
        if i % 4 == 0 {
            rec[date] = "unknown".into();
        }
        w.write_record(&rec).unwrap();
    }
    wd.write("tickets.csv", w.into_inner().unwrap());
    let example = std::fs::read_to_string(&cfg).unwrap();
    let taxonomy = repo().join("config/taxonomy-en.yaml");
    let local = example
        .lines()
        .map(|l| match l.trim_start() {
            t if t.starts_with("paths:") => "    paths: [tickets.csv]".to_string(),
            t if t.starts_with("taxonomy:") => format!("taxonomy: {}", taxonomy.display()),
            t if t.starts_with("output_dir:") => "output_dir: rejected".to_string(),
            _ => l.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n");
    wd.write("voc.yaml", local);
    let run = wd.run(&["--config", "voc.yaml", "report", "--from", "2020-01-01", "--to", "2021-12-31", "--format", "json"]);
    assert!(matches!(run.code(), 0 | 3), "exit {}\n{}", run.code(), run.stderr());
    let rejects = wd.path("rejected/2020-01-01_2021-12-31.rejects.csv");
    let text = std::fs::read_to_string(&rejects).unwrap();
    let raws: Vec<String> = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes())
        .records()
        .map(|r| r.unwrap()[5].to_string())
        .collect();
    assert_eq!(raws.len(), 10, "{text}");
    assert!(raws.iter().all(|r| r.contains("***@***")), "{text}");
    assert_eq!(leaks(&rejects), Vec::<String>::new());
    // and the scan does find personal data where it is
    assert!(!leaks(&wd.path("tickets.csv")).is_empty());
}

#[test]
fn kaggle_purchase_dates_as_creation_make_every_first_response_implausible() {
    // a new user maps `First Response Time` while `Date of Purchase` stands in for the creation:
    // the "responses" come years later, which voc must not average into a median of 887 days
    let Some((wd, cfg)) = example_config("kaggle-tickets", "too_late") else { return };
    let examples = repo().join("config/examples");
    let text = std::fs::read_to_string(&cfg)
        .unwrap()
        .replace("../../../shared/datasets", &format!("{}/../shared/datasets", repo().display()))
        .replace("taxonomy: ../", &format!("taxonomy: {}/../", examples.display()))
        .replace(
            "      created_at: Date of Purchase\n",
            "      created_at: Date of Purchase\n      first_response_at: First Response Time\n",
        );
    wd.write("voc.yaml", text);
    let run = wd.run(&["--config", "voc.yaml", "report", "--month", "2021-03", "--format", "json", "--out", "out"]);
    assert!(matches!(run.code(), 0 | 3), "{}", run.stderr());
    let m: Value = serde_json::from_str(&wd.read("out/2021-03.json")).unwrap();
    let all = &m["first_response"]["all"];
    assert!(all["invalid"].as_u64().unwrap() > 50, "{all}");
    assert!(all["median_s"].is_null() || all["median_s"].as_f64().unwrap() <= 30.0 * 86_400.0, "{all}");
    assert_eq!(m["data_quality"]["invalid_first_response"], all["invalid"]);
}

#[test]
fn kaggle_resolutions_years_after_the_purchase_are_invalid_not_a_median() {
    // `Time to Resolution` is a 2023 timestamp while `Date of Purchase` (the only date there is)
    // stands in for the creation: every resolution is years late, so none may be averaged
    let Some((wd, cfg)) = example_config("kaggle-tickets", "resolution") else { return };
    let run = wd.run(&["--config", &cfg, "report", "--month", "2021-03", "--format", "json,html", "--out", "out"]);
    assert!(matches!(run.code(), 0 | 3), "{}", run.stderr());
    let m: Value = serde_json::from_str(&wd.read("out/2021-03.json")).unwrap();
    // the same count from the file itself: March 2021 purchases with and without a resolution time
    let rows = crate::util::read_csv(&datasets().unwrap().join("support-tickets/customer_support_tickets.csv"));
    let head = &rows[0];
    let col = |name: &str| head.iter().position(|h| h == name).unwrap();
    let (date, ttr) = (col("Date of Purchase"), col("Time to Resolution"));
    let march: Vec<&Vec<String>> = rows[1..].iter().filter(|r| r[date].starts_with("2021-03")).collect();
    let with = march.iter().filter(|r| !r[ttr].trim().is_empty()).count() as u64;
    let r = &m["resolution"]["all"];
    assert_eq!(r["resolved"], 0, "{r}");
    assert_eq!(r["invalid"].as_u64(), Some(with), "{r}");
    assert_eq!(r["unresolved"].as_u64(), Some(march.len() as u64 - with), "{r}");
    assert!(r["median_s"].is_null() && r["mean_s"].is_null(), "no median of years: {r}");
    assert!(wd.read("out/2021-03.html").contains("id=\"desk\""), "the report shows the section");
}
