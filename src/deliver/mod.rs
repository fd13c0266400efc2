//! Deliver: the only place that writes files (atomically) and sends mail.

pub mod files;
pub mod smtp;
