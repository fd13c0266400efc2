//! The malformed-input corpus (tests/corpus/, written by tests/corpus/make.py): every case
//! gives its documented exit code and message or quarantined rows, the row accounting
//! balances, and nothing panics.

use serde_json::Value;

use crate::util::{Workdir, read_csv, repo};

fn at<'a>(v: &'a Value, path: &str) -> &'a Value {
    path.split('.').fold(v, |v, k| match k.parse::<usize>() {
        Ok(i) => &v[i],
        Err(_) => &v[k],
    })
}

fn check_case(dir: &std::path::Path) -> Result<(), String> {
    let name = dir.file_name().unwrap().to_string_lossy().to_string();
    let expect: Value = serde_json::from_str(&std::fs::read_to_string(dir.join("expect.json")).unwrap()).unwrap();
    let wd = Workdir::new(&format!("corpus/{name}"));
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.file_name().unwrap() != "expect.json" {
            std::fs::copy(&p, wd.path(p.file_name().unwrap().to_str().unwrap())).unwrap();
        }
    }
    // the corpus config reaches the repository's taxonomy from three folders down
    let cfg = std::fs::read(wd.path("voc.yaml")).unwrap();
    let cfg = String::from_utf8(cfg.clone())
        .map(|s| s.replace("../../../config/taxonomy.yaml", &format!("{}/config/taxonomy.yaml", repo().display())).into_bytes())
        .unwrap_or(cfg);
    std::fs::write(wd.path("voc.yaml"), cfg).unwrap();
    let mut args: Vec<String> = vec!["--config".into(), "voc.yaml".into()];
    args.extend(expect["args"].as_array().unwrap().iter().map(|a| a.as_str().unwrap().to_string()));
    let run = wd.run(&args.iter().map(String::as_str).collect::<Vec<_>>());
    let (code, stdout, stderr) = (run.code(), run.stdout(), run.stderr());
    let ctx = || format!("{name}: {}\n  exit {code}\n  stdout {stdout}\n  stderr {stderr}", expect["what"]);
    if stderr.contains("panicked") || stderr.contains("RUST_BACKTRACE") {
        return Err(format!("panic — {}", ctx()));
    }
    if code != expect["exit"].as_i64().unwrap() as i32 {
        return Err(format!("exit {code}, expected {} — {}", expect["exit"], ctx()));
    }
    for s in expect["stderr"].as_array().into_iter().flatten() {
        if !stderr.contains(s.as_str().unwrap()) {
            return Err(format!("stderr lacks {s} — {}", ctx()));
        }
    }
    if code != 0
        && code != 3
        && expect["args"][0] != "taxonomy"
        && stderr.lines().filter(|l| l.starts_with("error:")).count() != 1
    {
        return Err(format!("expected one error sentence — {}", ctx()));
    }
    if expect["args"][0] == "validate" && (code == 0 || code == 3) {
        let doc: Value = serde_json::from_str(&stdout).map_err(|e| format!("stdout is not JSON ({e}) — {}", ctx()))?;
        for (input, a) in doc["inputs"].as_object().unwrap() {
            let n = |k: &str| a[k].as_u64().unwrap();
            if n("rows_read") != n("rows_used") + n("rows_rejected") + n("duplicates") + n("out_of_period") + n("filtered") {
                return Err(format!("{input} does not balance: {a} — {}", ctx()));
            }
        }
        if let Some(want) = expect["accounting"].as_object() {
            for (input, fields) in want {
                for (k, v) in fields.as_object().unwrap() {
                    if &doc["inputs"][input][k] != v {
                        return Err(format!("{input}.{k} is {}, expected {v} — {}", doc["inputs"][input][k], ctx()));
                    }
                }
            }
        }
    }
    if let Some(want) = expect["rejects"].as_array() {
        let stem = expect["args"]
            .as_array()
            .unwrap()
            .iter()
            .position(|a| a == "--week")
            .map_or("validate".to_string(), |i| expect["args"][i + 1].as_str().unwrap().to_string());
        let rows = read_csv(&wd.path(&format!("out/{stem}.rejects.csv")));
        if rows.len() - 1 != want.len() {
            return Err(format!("{} rejects, expected {} — {rows:?}", rows.len() - 1, want.len()));
        }
        for (got, w) in rows[1..].iter().zip(want) {
            let ok = got[2] == w[0].to_string()
                && (w[1].is_null() || got[3] == w[1].as_str().unwrap())
                && got[4].contains(w[2].as_str().unwrap());
            if !ok {
                return Err(format!("reject {got:?} is not {w} — {name}"));
            }
        }
    }
    for (file, checks) in expect["files"].as_object().into_iter().flatten() {
        let text = std::fs::read_to_string(wd.path(file)).map_err(|e| format!("{file}: {e} — {}", ctx()))?;
        for s in checks["contains"].as_array().into_iter().flatten() {
            if !text.contains(s.as_str().unwrap()) {
                return Err(format!("{file} lacks {s} — {name}"));
            }
        }
        for s in checks["not_contains"].as_array().into_iter().flatten() {
            if text.contains(s.as_str().unwrap()) {
                return Err(format!("{file} contains {s} — {name}"));
            }
        }
    }
    if let Some(j) = expect["json"].as_object() {
        let doc: Value = serde_json::from_str(&wd.read(j["file"].as_str().unwrap())).unwrap();
        for (path, v) in j["values"].as_object().unwrap() {
            if at(&doc, path) != v {
                return Err(format!("{path} is {}, expected {v} — {name}", at(&doc, path)));
            }
        }
    }
    Ok(())
}

#[test]
fn every_malformed_input_gets_its_documented_outcome() {
    let root = repo().join("tests/corpus");
    let mut dirs: Vec<_> = std::fs::read_dir(&root).unwrap().map(|e| e.unwrap().path()).filter(|p| p.is_dir()).collect();
    dirs.sort();
    assert!(dirs.len() >= 60, "the corpus has {} cases", dirs.len());
    let failures: Vec<String> = dirs.iter().filter_map(|d| check_case(d).err()).collect();
    assert!(failures.is_empty(), "{} of {} cases fail:\n\n{}", failures.len(), dirs.len(), failures.join("\n\n"));
}
