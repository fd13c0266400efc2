//! Command-line surface (docs/cli.md "Commands"): clap derive structs, and the one place where the
//! raw period arguments become a validated [`Period`].

use std::path::PathBuf;

use chrono::{Datelike, NaiveDate};
use chrono_tz::Tz;
use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::error;
use crate::period::{Period, check_year, last, now};

#[derive(Parser, Debug)]
#[command(
    name = "voc",
    version,
    about = "Turn CS exports and sales figures into the weekly/monthly CS report",
    propagate_version = true
)]
pub struct Cli {
    /// The config file; relative paths inside it resolve against its folder. Default:
    /// config/voc.yaml, else ./voc.yaml (the folder `voc init` made).
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Print nothing but errors.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Say what each stage did (repeat for more).
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,
    #[command(subcommand)]
    pub command: Command,
}

impl Cli {
    /// The config file: `--config`, else config/voc.yaml, else ./voc.yaml; when there is none,
    /// the way to one.
    pub fn config_path(&self) -> anyhow::Result<PathBuf> {
        if let Some(p) = &self.config {
            return Ok(p.clone());
        }
        let found = ["config/voc.yaml", "voc.yaml"].into_iter().map(PathBuf::from).find(|p| p.is_file());
        found.ok_or_else(|| {
            error::config(
                "no config here: voc reads config/voc.yaml, else ./voc.yaml — run it in the folder `voc init DIR` made, or give --config FILE",
            )
        })
    }
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
    pub last: Option<LastArg>,
    /// The clock, as RFC 3339 (default: now). Fixes --last and the "generated" stamp.
    #[arg(long, value_name = "RFC3339")]
    pub now: Option<String>,
}

/// `--last week|month`.
#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum LastArg {
    Week,
    Month,
}

impl From<LastArg> for crate::period::LastKind {
    fn from(a: LastArg) -> Self {
        match a {
            LastArg::Week => crate::period::LastKind::Week,
            LastArg::Month => crate::period::LastKind::Month,
        }
    }
}

/// `--format html,json,email,md`.
#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FormatArg {
    Html,
    Json,
    Email,
    Md,
}

impl From<FormatArg> for crate::model::OutputFormat {
    fn from(a: FormatArg) -> Self {
        use crate::model::OutputFormat as F;
        match a {
            FormatArg::Html => F::Html,
            FormatArg::Json => F::Json,
            FormatArg::Email => F::Email,
            FormatArg::Md => F::Md,
        }
    }
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
    #[arg(long, value_enum, value_delimiter = ',', default_values_t = [FormatArg::Html, FormatArg::Json])]
    pub format: Vec<FormatArg>,
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
    /// Validate the taxonomy, run its embedded examples and lint its rules.
    Check(CheckArgs),
    /// Show every rule that matches a text or a conversation, and the winner.
    Explain(ExplainArgs),
    /// Coverage of the taxonomy over the period's conversations.
    Stats(StatsArgs),
    /// Keyword candidates mined from the period's unclassified conversations.
    Suggest(SuggestArgs),
    /// Changes to the rules learned from labelled conversations, measured on a held-out part.
    Learn(LearnArgs),
}

#[derive(Args, Debug)]
pub struct LearnArgs {
    /// CSV with `id,tag` columns, labelled by hand; or `manual`: the agents' own tags.
    #[arg(long, value_name = "FILE.csv|manual")]
    pub gold: PathBuf,
    /// The share of the labelled conversations held out to measure the changes on (by a hash
    /// of their ids: the same on every run).
    #[arg(long, default_value_t = 0.25, value_name = "SHARE", value_parser = share)]
    pub holdout: f64,
    /// Write the taxonomy with the changes made to this file (comments and layout kept); the
    /// config's taxonomy is never changed in place.
    #[arg(long, value_name = "FILE")]
    pub write: Option<PathBuf>,
    #[command(flatten)]
    pub period: PeriodArgs,
}

fn share(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(x) if (0.0..1.0).contains(&x) => Ok(x),
        _ => Err(format!("`{s}` is not a share from 0 to below 1, like 0.25")),
    }
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum SuggestFormat {
    Text,
    Yaml,
    Json,
}

impl From<SuggestFormat> for crate::model::SuggestFormat {
    fn from(a: SuggestFormat) -> Self {
        match a {
            SuggestFormat::Text => Self::Text,
            SuggestFormat::Yaml => Self::Yaml,
            SuggestFormat::Json => Self::Json,
        }
    }
}

#[derive(Args, Debug)]
pub struct SuggestArgs {
    #[command(flatten)]
    pub period: PeriodArgs,
    /// How many suggestions.
    #[arg(long, default_value_t = 20)]
    pub top: usize,
    /// text (with masked examples), yaml (a snippet to paste into the taxonomy) or json.
    #[arg(long, value_enum, default_value = "text")]
    pub format: SuggestFormat,
}

#[derive(Args, Debug)]
pub struct CheckArgs {
    /// Lint warnings (shared keywords, shadowed keywords, self-vetoes, unreachable tags) are
    /// errors: exit 2.
    #[arg(long)]
    pub strict: bool,
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
    /// CSV with `id,tag` columns, labelled by hand; or `manual`: the agents' own tags are the
    /// gold labels, and the rules alone are scored against them.
    #[arg(long, value_name = "FILE.csv|manual")]
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
    /// The report to send: its id, e.g. reports/2026-W46, or any of its files (reports/2026-W46.html).
    #[arg(value_name = "REPORT")]
    pub stem: PathBuf,
    /// Write the message exactly as it would be sent to this .eml file (open it in a mail
    /// program to preview), and send nothing.
    #[arg(long, value_name = "FILE.eml")]
    pub eml: Option<PathBuf>,
    /// Write the message exactly as it would be sent to standard output, and send nothing.
    #[arg(long, conflicts_with = "eml")]
    pub dry_run: bool,
    /// The clock, as RFC 3339 (default: now): the mail's Date, and part of its Message-ID. The
    /// same report, config and --now give the same bytes, previewed or sent.
    #[arg(long, value_name = "RFC3339")]
    pub now: Option<String>,
}

#[derive(Args, Debug)]
pub struct InitArgs {
    /// Folder to create the starter config in.
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,
    /// Overwrite existing files.
    #[arg(long)]
    pub force: bool,
    /// Also write a sample shop's exports (November 2026) under DIR/exports, so that the first
    /// report runs as written.
    #[arg(long)]
    pub sample: bool,
}

fn parse_date(flag: &str, s: &str) -> anyhow::Result<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| error::usage(format!("{flag} `{s}` is not a date like 2026-11-01")))
}

impl PeriodArgs {
    /// The period the arguments name, or `None` when they name none.
    pub fn period(&self, tz: Tz) -> anyhow::Result<Option<Period>> {
        let args = self;
        if let Some(w) = &args.week {
            let bad = || error::usage(format!("--week `{w}` is not an ISO week like 2026-W46"));
            let (y, n) = w.split_once(['W', 'w']).ok_or_else(bad)?;
            let year: i32 = y.trim_end_matches('-').parse().map_err(|_| bad())?;
            let week: u32 = n.parse().map_err(|_| bad())?;
            check_year(&format!("--week `{w}`"), year)?;
            return Period::week(year, week, tz)
                .map(Some)
                .ok_or_else(|| error::usage(format!("--week `{w}`: {year} has no ISO week {week}")));
        }
        if let Some(m) = &args.month {
            let bad = || error::usage(format!("--month `{m}` is not a month like 2026-11"));
            let (y, mo) = m.split_once('-').ok_or_else(bad)?;
            let (year, month): (i32, u32) = (y.parse().map_err(|_| bad())?, mo.parse().map_err(|_| bad())?);
            check_year(&format!("--month `{m}`"), year)?;
            return Period::month(year, month, tz).map(Some).ok_or_else(bad);
        }
        if let (Some(f), Some(t)) = (&args.from, &args.to) {
            let (from, to) = (parse_date("--from", f)?, parse_date("--to", t)?);
            check_year(&format!("--from {f}"), from.year())?;
            check_year(&format!("--to {t}"), to.year())?;
            if to < from {
                return Err(error::usage(format!("--to {t} is before --from {f}")));
            }
            return Ok(Some(Period::range(from, to, tz)));
        }
        if let Some(kind) = args.last {
            let now = now(args.now.as_deref())?;
            let today = now.with_timezone(&tz).date_naive();
            check_year("--now", today.year())?;
            return Ok(Some(last(kind.into(), today, tz)));
        }
        Ok(None)
    }

    /// A period is required: say how to give one.
    pub fn required(&self, tz: Tz) -> anyhow::Result<Period> {
        self.period(tz)?.ok_or_else(|| {
            error::usage(
                "name a period: --week 2026-W46, --month 2026-11, --from 2026-11-01 --to 2026-11-15, or --last week|month",
            )
        })
    }
}
