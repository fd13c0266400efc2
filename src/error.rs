//! Errors users see, and the exit code each maps to (docs/cli.md).
//!
//! Everything else travels as `anyhow::Error` with context; `main` walks the chain, and the
//! first `voc::Error` in it decides the exit code (`1` when there is none).

/// An error whose kind decides the process exit code.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Bad command line: unknown period, `--to` before `--from`, a missing argument.
    #[error("{0}")]
    Usage(String),
    /// The config, a preset or the taxonomy is wrong: file and line are in the message.
    #[error("{0}")]
    Config(String),
    /// An input file cannot be used at all (missing column, unreadable file).
    #[error("{0}")]
    Data(String),
}

impl Error {
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Usage(_) | Error::Config(_) => 2,
            Error::Data(_) => 1,
        }
    }
}

/// Shorthand constructors returning `anyhow::Error`, so call sites stay one line.
pub fn usage(msg: impl Into<String>) -> anyhow::Error {
    Error::Usage(msg.into()).into()
}
pub fn config(msg: impl Into<String>) -> anyhow::Error {
    Error::Config(msg.into()).into()
}
pub fn data(msg: impl Into<String>) -> anyhow::Error {
    Error::Data(msg.into()).into()
}

/// The exit code for an error chain: the first `voc::Error` in it, else 1.
pub fn exit_code(err: &anyhow::Error) -> i32 {
    err.chain().find_map(|e| e.downcast_ref::<Error>()).map_or(1, Error::exit_code)
}
