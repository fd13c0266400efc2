//! The rejects file (docs/inputs.md): the rows that could not be used, with where they were
//! and why, as CSV that Excel opens (render/export.rs writes it).

#[cfg(test)]
use crate::model::InputKind;
use crate::model::{Bundle, OutFile, Reject};

/// `<stem>.rejects.csv` when rows were rejected; otherwise the bundle removes an earlier one.
pub fn bundle(stem: &str, rejects: &[Reject]) -> Bundle {
    let name = format!("{stem}.rejects.csv");
    let mut b = Bundle { id: stem.to_string(), ..Bundle::default() };
    if rejects.is_empty() {
        b.stale.push(name);
    } else {
        b.files.push(OutFile { name, bytes: to_csv(rejects) });
    }
    b
}

/// The rejects file: `input,file,row,column,reason,raw`, as Excel opens it.
pub fn to_csv(rejects: &[Reject]) -> Vec<u8> {
    let rows = rejects.iter().map(|r| {
        let input = match &r.source {
            Some(s) => format!("{}.{s}", r.input.name()),
            None => r.input.name().to_string(),
        };
        [input, r.file.clone(), r.row.to_string(), r.column.clone(), r.reason.clone(), r.raw.clone()]
    });
    super::export::excel_csv(&["input", "file", "row", "column", "reason", "raw"], rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_defused() {
        use super::super::export::defuse;
        assert_eq!(defuse("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(defuse("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(defuse("plain"), "plain");
    }

    #[test]
    fn csv_has_bom_and_header() {
        let r = Reject {
            input: InputKind::Sales,
            source: None,
            file: "a.csv".into(),
            row: 3,
            column: "결제금액".into(),
            reason: "`abc` is not a number".into(),
            raw: "1,abc".into(),
        };
        let s = String::from_utf8(to_csv(&[r])).unwrap();
        assert!(s.starts_with("\u{feff}input,file,row,column,reason,raw\r\n"));
        assert!(s.contains("sales,a.csv,3,결제금액,`abc` is not a number,\"1,abc\""));
    }
}
