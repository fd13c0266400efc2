//! Command-line surface (SPEC §2): clap derive structs only, no logic.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Parser, Debug)]
#[command(
    name = "voc",
    version,
    about = "Turn CS exports and sales figures into the weekly/monthly CS report",
    propagate_version = true
)]
pub struct Cli {
    /// The config file; relative paths inside it resolve against its folder.
    #[arg(long, global = true, value_name = "FILE", default_value = "config/voc.yaml")]
    pub config: PathBuf,
    /// Print nothing but errors.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Say what each stage did (repeat for more).
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Write the report for one period (HTML + JSON unless --format says otherwise).
    Report(ReportArgs),
    /// One row per conversation of the period with its tag, class, risks and matched keywords.
    Tag(TagArgs),
    /// Check, explain or measure the taxonomy.
    Taxonomy {
        #[command(subcommand)]
        command: TaxonomyCommand,
    },
    /// Precision, recall and F1 per tag against hand-labelled `id,tag` rows.
    Eval(EvalArgs),
    /// Read every input and account for every row; writes the rejects file, no report.
    Validate(ValidateArgs),
    /// Mail an already rendered report.
    Send(SendArgs),
    /// Write a starter config and Korean e-commerce taxonomy into DIR.
    Init(InitArgs),
}

/// Which period: exactly one of the forms, in the config's time zone.
#[derive(Args, Debug, Clone, Default)]
pub struct PeriodArgs {
    /// An ISO week, e.g. 2026-W46.
    #[arg(long, value_name = "YYYY-Www", group = "period")]
    pub week: Option<String>,
    /// A calendar month, e.g. 2026-11.
    #[arg(long, value_name = "YYYY-MM", group = "period")]
    pub month: Option<String>,
    /// First day of a date range (inclusive); needs --to.
    #[arg(long, value_name = "YYYY-MM-DD", requires = "to", group = "period")]
    pub from: Option<String>,
    /// Last day of a date range (inclusive).
    #[arg(long, value_name = "YYYY-MM-DD", requires = "from")]
    pub to: Option<String>,
    /// The last complete week or month before --now.
    #[arg(long, value_enum, group = "period")]
    pub last: Option<LastKind>,
    /// The clock, as RFC 3339 (default: now). Fixes --last and the "generated" stamp.
    #[arg(long, value_name = "RFC3339")]
    pub now: Option<String>,
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum LastKind {
    Week,
    Month,
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum OutputFormat {
    Html,
    Json,
    Email,
    Md,
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum Compare {
    Previous,
    None,
}

#[derive(Args, Debug)]
pub struct ReportArgs {
    #[command(flatten)]
    pub period: PeriodArgs,
    /// Output folder (default: the config's output_dir).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Which files to write, comma-separated.
    #[arg(long, value_enum, value_delimiter = ',', default_values_t = [OutputFormat::Html, OutputFormat::Json])]
    pub format: Vec<OutputFormat>,
    /// Compare with the previous period of the same kind.
    #[arg(long, value_enum, default_value_t = Compare::Previous)]
    pub compare: Compare,
    /// Mail the report after writing it (needs --format email and the config's email block).
    #[arg(long)]
    pub send: bool,
}

#[derive(Args, Debug)]
pub struct TagArgs {
    #[command(flatten)]
    pub period: PeriodArgs,
    /// Where to write: .csv or .parquet.
    #[arg(long, value_name = "FILE.csv|FILE.parquet")]
    pub out: PathBuf,
}

#[derive(Subcommand, Debug)]
pub enum TaxonomyCommand {
    /// Validate the taxonomy and run its embedded examples.
    Check,
    /// Show every rule that matches a text or a conversation, and the winner.
    Explain(ExplainArgs),
    /// Coverage of the taxonomy over the period's conversations.
    Stats(StatsArgs),
}

#[derive(Args, Debug)]
#[command(group(clap::ArgGroup::new("subject").required(true).args(["text", "id"])))]
pub struct ExplainArgs {
    /// A text to classify.
    #[arg(long)]
    pub text: Option<String>,
    /// A conversation id from the inputs.
    #[arg(long)]
    pub id: Option<String>,
    #[command(flatten)]
    pub period: PeriodArgs,
}

#[derive(Args, Debug)]
pub struct StatsArgs {
    #[command(flatten)]
    pub period: PeriodArgs,
}

#[derive(Args, Debug)]
pub struct EvalArgs {
    /// CSV with `id,tag` columns, labelled by hand.
    #[arg(long, value_name = "FILE.csv")]
    pub gold: PathBuf,
    #[command(flatten)]
    pub period: PeriodArgs,
}

#[derive(Args, Debug)]
pub struct ValidateArgs {
    #[command(flatten)]
    pub period: PeriodArgs,
    /// Where to write the rejects file (default: the config's output_dir).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Print the accounting as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Args, Debug)]
pub struct SendArgs {
    /// The report to send, e.g. reports/2026-W46 (the files <stem>.email.html and <stem>.email/).
    #[arg(value_name = "REPORT_STEM")]
    pub stem: PathBuf,
}

#[derive(Args, Debug)]
pub struct InitArgs {
    /// Folder to create the starter config in.
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,
    /// Overwrite existing files.
    #[arg(long)]
    pub force: bool,
}
