//! Spreadsheets through calamine: the first sheet or a named one, typed cells turned into the
//! text the rest of ingest reads (dates as ISO local times, whole numbers without `.0`).

use std::collections::VecDeque;
use std::path::Path;

use anyhow::{Result, anyhow};
use calamine::{Data, Reader};

use crate::config::FileOptions;

/// The sheet as rows of text cells.
pub fn read(path: &Path, opts: &FileOptions) -> Result<super::record::Rows> {
    let bytes = std::fs::read(path).map_err(|e| anyhow!("cannot read: {e}"))?;
    let bytes = if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) && is_encrypted_ooxml(&bytes) {
        decrypt(path, &bytes, opts)?
    } else {
        bytes
    };
    let mut wb = calamine::open_workbook_auto_from_rs(std::io::Cursor::new(bytes))
        .map_err(|e| anyhow!("not a readable spreadsheet: {e}"))?;
    let names = wb.sheet_names().to_vec();
    let sheet = match &opts.sheet {
        Some(s) => names
            .iter()
            .find(|n| n.trim().eq_ignore_ascii_case(s.trim()))
            .cloned()
            .ok_or_else(|| anyhow!("has no sheet `{s}` (sheets: {})", names.join(", ")))?,
        None => names.first().cloned().ok_or_else(|| anyhow!("has no sheets"))?,
    };
    let range = wb.worksheet_range(&sheet).map_err(|e| anyhow!("sheet `{sheet}` cannot be read: {e}"))?;
    let first_col = range.start().map_or(0, |(_, c)| c as usize);
    let mut rows = VecDeque::with_capacity(range.height());
    for row in range.rows() {
        // pad on the left when the used range does not start at column A
        let mut cells = vec![String::new(); first_col];
        cells.extend(row.iter().map(cell_text));
        while cells.last().is_some_and(|c| c.is_empty()) {
            cells.pop();
        }
        rows.push_back(Ok(cells));
    }
    // rows are padded to the header width by the caller's width check: pad here instead
    let width = rows.iter().map(|r| r.as_ref().map_or(0, |c| c.len())).max().unwrap_or(0);
    for r in rows.iter_mut() {
        if let Ok(c) = r {
            c.resize(width, String::new());
        }
    }
    Ok(rows)
}

fn cell_text(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => number_text(*f),
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        Data::DateTime(dt) => match dt.as_datetime() {
            Some(t) if dt.is_datetime() => t.format("%Y-%m-%dT%H:%M:%S%.3f").to_string(),
            _ => number_text(dt.as_f64()),
        },
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(e) => format!("#{e:?}"),
    }
}

/// Whole numbers without a trailing `.0` (product codes, ids); others in shortest form.
fn number_text(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 { format!("{}", f as i64) } else { format!("{f}") }
}

/// An OLE compound file with an `EncryptionInfo` stream is a password-protected OOXML file.
fn is_encrypted_ooxml(bytes: &[u8]) -> bool {
    let needle: Vec<u8> = "EncryptionInfo".encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
    bytes.windows(needle.len()).any(|w| w == needle.as_slice())
}

/// Decrypt a password-protected workbook in memory with the password from the environment
/// variable the input names (`password_env`).
fn decrypt(_path: &Path, bytes: &[u8], opts: &FileOptions) -> Result<Vec<u8>> {
    let Some(var) = &opts.password_env else {
        return Err(anyhow!(
            "the workbook is password-protected; set `password_env:` on this input to the name of an environment variable holding the password"
        ));
    };
    let password = std::env::var(var).map_err(|_| {
        anyhow!("the workbook is password-protected and the environment variable {var} (password_env) is not set")
    })?;
    let plain = office_crypto::decrypt_from_bytes(bytes.to_vec(), &password)
        .map_err(|e| anyhow!("cannot decrypt the workbook ({e}): is the password in {var} right?"))?;
    // a wrong password decrypts to noise rather than failing: a workbook is a zip file
    if !plain.starts_with(b"PK") {
        return Err(anyhow!("the password in {var} does not open this workbook"));
    }
    Ok(plain)
}
