//! voc on real public exports from ../shared/datasets, as a new user would run it. Skips when
//! the folder is absent.

use serde_json::Value;

use crate::util::{Workdir, datasets, repo};

fn example_config(name: &str) -> Option<Workdir> {
    let data = datasets()?;
    let wd = Workdir::new(&format!("dataset_{name}"));
    let text =
        std::fs::read_to_string(repo().join(format!("config/examples/{name}.yaml"))).unwrap();
    let text = text
        .replace("../../../shared/datasets/", &format!("{}/", data.display()))
        .replace(
            "taxonomy: ../taxonomy.yaml",
            &format!("taxonomy: {}/config/taxonomy.yaml", repo().display()),
        )
        .replace(
            "taxonomy: ../taxonomy-en.yaml",
            &format!("taxonomy: {}/config/taxonomy-en.yaml", repo().display()),
        );
    wd.write("voc.yaml", text);
    Some(wd)
}

fn validate(wd: &Workdir) -> Value {
    let run = wd.run(&["--config", "voc.yaml", "validate", "--json"]);
    assert!(
        matches!(run.code(), 0 | 3),
        "exit {}: {}",
        run.code(),
        run.stderr()
    );
    assert!(!run.stderr().contains("panicked"));
    let doc: Value = serde_json::from_str(&run.stdout()).unwrap();
    for (k, a) in doc["inputs"].as_object().unwrap() {
        let n = |f: &str| a[f].as_u64().unwrap();
        assert_eq!(
            n("rows_read"),
            n("rows_used")
                + n("rows_rejected")
                + n("duplicates")
                + n("out_of_period")
                + n("filtered"),
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
    assert_eq!(
        doc["inputs"]["conversations"]["rows_rejected"], 0,
        "the Date_month_year + Time columns read every row"
    );
}

#[test]
fn olist_orders_as_sales() {
    let Some(wd) = example_config("olist") else {
        return;
    };
    let doc = validate(&wd);
    let sales = &doc["inputs"]["sales"];
    assert!(
        sales["filtered"].as_u64().unwrap() > 0,
        "canceled / unavailable orders are filtered: {sales}"
    );
}
