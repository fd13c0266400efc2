//! voc on real public exports from ../shared/datasets, as a new user would run it. Skips when
//! the folder is absent.

use serde_json::Value;

use crate::util::{Workdir, datasets, repo};

/// A workdir and the example config, used in place (its paths are relative to it).
fn example_config(name: &str) -> Option<(Workdir, String)> {
    datasets()?;
    let wd = Workdir::new(&format!("dataset_{name}"));
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
    let Some(wd) = example_config("kaggle-tickets") else {
        return;
    };
    let doc = validate(&wd);
    // 8,469 tickets; multi-line descriptions stay one row each
    assert_eq!(doc["inputs"]["conversations"]["rows_read"], 8469);
    assert_eq!(doc["inputs"]["conversations"]["rows_used"], 8469);
}

#[test]
fn comcast_complaints_with_mixed_dates() {
    let Some(wd) = example_config("comcast") else {
        return;
    };
    let doc = validate(&wd);
    assert_eq!(doc["inputs"]["conversations"]["rows_read"], 2224);
    assert_eq!(doc["inputs"]["conversations"]["rows_rejected"], 0, "the Date_month_year + Time columns read every row");
}

#[test]
fn olist_orders_as_sales() {
    let Some(wd) = example_config("olist") else {
        return;
    };
    let doc = validate(&wd);
    let sales = &doc["inputs"]["sales"];
    assert!(sales["filtered"].as_u64().unwrap() > 0, "canceled / unavailable orders are filtered: {sales}");
}

#[test]
fn olist_monthly_report_end_to_end() {
    let Some((wd, cfg)) = example_config("olist") else {
        return;
    };
    wd.run(&["--config", &cfg, "report", "--month", "2017-11", "--format", "json", "--out", "out"]).ok();
    let m: Value = serde_json::from_str(&wd.read("out/2017-11.json")).unwrap();
    assert!(m["sales"]["revenue"].as_f64().unwrap() > 100_000.0, "{}", m["sales"]);
    assert!(m["sales"]["orders"].as_u64().unwrap() > 1000);
    assert!(m["inquiries"]["total"].as_u64().unwrap() > 100, "reviews of the month");
    assert!(m["inquiries"]["per_100_orders"].as_f64().is_some());
    assert_eq!(m["top_products"].as_array().unwrap().len(), 10);
    assert!(m["top_products"][0]["category"].is_string(), "category joined from products.csv");
    assert!(m["satisfaction"]["csat"]["responses"].as_u64().unwrap() > 100, "review scores as CSAT");
    assert!(
        m["product_groups"].as_array().unwrap().iter().any(|g| g["inquiries"].as_u64().unwrap() > 0 && g["group"].is_string()),
        "reviews linked to products through order_id"
    );
    assert_eq!(m["first_response"]["all"]["median_s"], Value::Null, "reviews carry no response time");
}
