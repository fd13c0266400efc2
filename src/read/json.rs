//! JSON Lines and JSON files (an array of objects, or an object holding one): small enough to
//! hold as rows of text cells, the union of the objects' keys as the header.

use std::collections::VecDeque;
use std::path::Path;

use super::record::Rows;

fn json_cell(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::Null => String::new(),
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Bool(b) => b.to_string(),
        serde_json::Value::Number(n) => n.to_string(),
        other => other.to_string(),
    }
}

/// Objects → rows with the union of keys (in order of first appearance) as the header.
fn objects_to_rows(objs: Vec<Result<serde_json::Map<String, serde_json::Value>, String>>) -> Rows {
    let mut keys: Vec<String> = Vec::new();
    for o in &objs {
        if let Ok(o) = o {
            for k in o.keys() {
                if !keys.contains(k) {
                    keys.push(k.clone());
                }
            }
        }
    }
    let mut rows = VecDeque::with_capacity(objs.len() + 1);
    rows.push_back(Ok(keys.clone()));
    for o in objs {
        rows.push_back(o.map(|o| keys.iter().map(|k| o.get(k).map(json_cell).unwrap_or_default()).collect()));
    }
    rows
}

fn read_text(path: &Path) -> Result<String, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read: {e}"))?;
    let bytes = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF][..]).unwrap_or(&bytes).to_vec();
    String::from_utf8(bytes).map_err(|e| format!("not valid UTF-8 (JSON must be UTF-8): {e}"))
}

pub(super) fn read_jsonl(path: &Path) -> Result<Rows, String> {
    let text = read_text(path)?;
    let mut objs = Vec::new();
    for line in text.lines() {
        if line.trim().is_empty() {
            continue;
        }
        let parsed = match serde_json::from_str::<serde_json::Value>(line) {
            Ok(serde_json::Value::Object(o)) => Ok(o),
            Ok(_) => Err("the line is JSON but not an object".to_string()),
            Err(e) => Err(format!("the line is not valid JSON: {e}")),
        };
        objs.push(parsed);
    }
    Ok(objects_to_rows(objs))
}

/// A JSON array of objects, or an object holding one (named by `sheet`, else the first array).
pub(super) fn read_json(path: &Path, key: Option<&str>) -> Result<Rows, String> {
    let text = read_text(path)?;
    let v: serde_json::Value = serde_json::from_str(&text).map_err(|e| format!("not valid JSON: {e}"))?;
    let arr = match (&v, key) {
        (serde_json::Value::Array(a), _) => a.clone(),
        (serde_json::Value::Object(o), Some(k)) => match o.get(k) {
            Some(serde_json::Value::Array(a)) => a.clone(),
            _ => {
                return Err(format!("has no array under key `{k}` (keys: {})", o.keys().cloned().collect::<Vec<_>>().join(", ")));
            }
        },
        (serde_json::Value::Object(o), None) => match o.values().find_map(|v| v.as_array()) {
            Some(a) => a.clone(),
            None => return Err("holds no array of records".into()),
        },
        _ => return Err("holds no array of records".into()),
    };
    let objs = arr
        .into_iter()
        .map(|v| match v {
            serde_json::Value::Object(o) => Ok(o),
            _ => Err("the record is not a JSON object".to_string()),
        })
        .collect();
    Ok(objects_to_rows(objs))
}
