//! The renderings a command can ask for (the command line names them; `cli` converts).

/// The files `voc report --format` can write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum OutputFormat {
    Html,
    Json,
    Email,
    Md,
}

/// How `voc taxonomy suggest` prints its candidates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SuggestFormat {
    Text,
    Yaml,
    Json,
}
