//! Mail: a multipart/related message (HTML + inline PNG charts by `cid:`) with the full HTML
//! report attached, sent over SMTP (STARTTLS or implicit TLS) with a password from the
//! environment.

use std::path::Path;

use anyhow::Result;

use crate::config::Config;
use crate::error;

pub fn send_stem(_cfg: &Config, stem: &Path, _gate_failed: Option<bool>) -> Result<()> {
    Err(error::usage(format!(
        "cannot send {}: mail delivery is not built yet",
        stem.display()
    )))
}
