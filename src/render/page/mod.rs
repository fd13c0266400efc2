//! The report as a page (one module per section): one serializable [`Page`] filled by pure code from the metrics, the
//! config and the taxonomy, and rendered once by each template (HTML, e-mail). Every number is
//! formatted here; templates only lay it out. Customer text is masked here and escaped by the
//! templates (autoescape is on for `.html` templates).

use serde::Serialize;

mod actions;
mod cards;
mod conversion;
mod customers;
mod desk;
mod products;
mod quality;
mod response;
mod risks;
mod sales;
mod summary;
mod tags;
mod trend;
mod util;
mod voices;
mod when;

pub use summary::{SUMMARY_CHARS, Sentence};
pub use util::markdown;

use super::charts::{self, Canvas, Chart, Daily, Ecdf, HBars, Kind};
use super::format::{Dir, Fmt, NONE};
use crate::config::{Config, Locale};
use crate::mask::quote;
use crate::metrics::alerts::AlertKind;
use crate::metrics::response::{FirstResponse, ResponseStats};
use crate::metrics::{ClassKey, Metrics};
use crate::period::Kind as PeriodKind;

/// Most rows of one table in the mail (a mail is a summary, and stays small).
pub const EMAIL_ROWS: usize = 30;
/// Most columns of a table in the mail (more: its key columns when it names them, else its
/// first ones): numbers never wrap, so a phone has room for no more.
pub const EMAIL_COLS: usize = 5;
/// Most alert lines of the Markdown summary (a chat message, not a log).
pub const MD_ALERTS: usize = 5;
/// How many masked example texts a risk shows.
const EXAMPLES_PER_RISK: usize = 3;
/// Longest example text shown.
const EXAMPLE_CHARS: usize = 300;

#[derive(Debug, Clone, Serialize)]
pub struct Page {
    pub lang: &'static str,
    pub title: String,
    pub subtitle: String,
    pub generated: String,
    /// What changed and what to do, before any figure (docs/outputs.md "The summary").
    pub summary: Vec<Sentence>,
    pub summary_title: String,
    /// The Markdown lists at most [`MD_ALERTS`] alerts; this says how many more there are.
    pub more_alerts: String,
    pub md_alerts: usize,
    pub cards: Vec<Card>,
    pub gate_failed: bool,
    pub gate_messages: Vec<String>,
    /// What a reader must know before the figures (no conversations; a previous period the
    /// data does not cover).
    pub notices: Vec<String>,
    pub sections: Vec<Section>,
    pub footer: String,
    pub toc_label: String,
    /// The mail shows at most [`EMAIL_ROWS`] rows of a table; this says how many more the
    /// full report has (`{n}` is the count).
    pub more_rows: String,
    pub email_rows: usize,
    /// A table of more than [`EMAIL_COLS`] columns shows only its key columns (or its first
    /// [`EMAIL_COLS`]) in the mail; this names the others (`{cols}`).
    pub more_cols: String,
    pub email_cols: usize,
    /// Where the full report is (for the Markdown summary); set by the renderer.
    pub full_report: String,
    /// The mail's word on the attached full report (attached, or too big to attach); set by
    /// the renderer when the HTML report is rendered with the mail.
    pub attachment: Option<String>,
    #[serde(skip)]
    pub charts: Vec<Chart>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Card {
    pub label: String,
    pub value: String,
    pub change: Option<String>,
    /// `good`, `bad` or `flat`: whether the change is welcome.
    pub tone: &'static str,
    pub sub: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Section {
    pub id: &'static str,
    pub num: Option<u8>,
    pub title: String,
    pub lead: Option<String>,
    pub blocks: Vec<Block>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Cell {
    pub text: String,
    pub class: &'static str,
    /// An in-page link (`#voices-tag-delivery`) or the conversation in the helpdesk.
    pub href: Option<String>,
    /// Conversation ids, each its own link (shown instead of `text` when there are any).
    pub links: Vec<Link>,
}

/// A conversation id as shown, and where it opens in the helpdesk (`report.conversation_url`).
#[derive(Debug, Clone, Serialize)]
pub struct Link {
    pub text: String,
    pub href: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Row {
    pub cells: Vec<Cell>,
    pub class: &'static str,
}

#[derive(Debug, Clone, Serialize)]
pub struct Table {
    /// How many leading columns are the table's key (its label and the figures it is read
    /// for): on a phone they are visible without scrolling the table (the first stays put).
    pub key: usize,
    pub caption: Option<String>,
    pub head: Vec<String>,
    pub rows: Vec<Row>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ChartRef {
    pub id: String,
    pub alt: String,
    /// Inline SVG for a desktop and for a phone (HTML report only; `|safe` in the template:
    /// generated here, text escaped).
    pub svg: String,
    pub svg_phone: String,
    /// The mail's PNG size in CSS px (the phone canvas).
    pub width: u32,
    pub height: u32,
}

#[derive(Debug, Clone, Serialize)]
pub struct Example {
    /// The anchor the tag and risk tables link to (the first quote of each).
    pub anchor: Option<String>,
    pub id: String,
    /// The conversation in the helpdesk.
    pub href: Option<String>,
    pub when: String,
    pub risk: String,
    pub text: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Story {
    pub tag: String,
    pub fact: String,
    pub action: String,
    pub impact: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Alert {
    pub kind: &'static str,
    pub badge: String,
    pub text: String,
}

#[derive(Debug, Clone, Serialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum Block {
    /// A chart with its numbers beside it (`stack`: below it, for wide tables).
    Figure {
        chart: ChartRef,
        table: Table,
        stack: bool,
    },
    Table {
        table: Table,
    },
    Examples {
        title: String,
        items: Vec<Example>,
    },
    Stories {
        head: [String; 3],
        items: Vec<Story>,
    },
    Alerts {
        items: Vec<Alert>,
    },
    /// Markdown notes already rendered to HTML with raw HTML escaped (`|safe` in templates).
    Notes {
        html: String,
    },
    Para {
        text: String,
    },
    Defs {
        items: Vec<(String, String)>,
    },
    /// Conversation ids under a name (a risk's cases), each a link when it can be.
    Cases {
        items: Vec<(String, Vec<Link>)>,
    },
}

pub(super) fn cell(text: impl Into<String>) -> Cell {
    Cell { text: text.into(), class: "", href: None, links: Vec::new() }
}

/// A label cell linking to somewhere in the page.
pub(super) fn link(text: impl Into<String>, href: Option<String>) -> Cell {
    Cell { text: text.into(), class: "", href, links: Vec::new() }
}

/// The anchor of the customers' words for a tag or risk (`voices-tag-delivery`).
pub(super) fn voices_anchor(kind: &str, id: &str) -> String {
    format!("voices-{kind}-{id}")
}
pub(super) fn num(text: impl Into<String>) -> Cell {
    Cell { text: text.into(), class: "num", href: None, links: Vec::new() }
}
pub(super) fn row(cells: Vec<Cell>) -> Row {
    Row { cells, class: "" }
}

/// Words in the report's language.
pub(super) struct W {
    ko: bool,
}

impl W {
    pub(super) fn t(&self, ko: &str, en: &str) -> String {
        if self.ko { ko.to_string() } else { en.to_string() }
    }

    /// Several words at once (a table's head).
    pub(super) fn all(&self, pairs: &[(&str, &str)]) -> Vec<String> {
        pairs.iter().map(|(ko, en)| self.t(ko, en)).collect()
    }
}

/// What every section reads: the inputs, the words and number formats of the locale, the
/// current and previous figures, and the labels of the two periods.
pub(super) struct Cx<'a> {
    pub src: &'a super::Inputs<'a>,
    pub cfg: &'a Config,
    pub m: &'a Metrics,
    pub w: W,
    pub f: Fmt,
    pub ko: bool,
    pub cur: &'a crate::metrics::Section,
    pub prev: Option<&'a crate::metrics::Section>,
    pub change: Option<&'a crate::metrics::Change>,
    pub unit_label: String,
    pub cur_label: String,
    pub prev_label: String,
    /// The failed data-quality gates, as sentences.
    pub gate_messages: Vec<String>,
}

impl<'a> Cx<'a> {
    fn new(src: &'a super::Inputs<'a>) -> Cx<'a> {
        let cfg = src.cfg;
        let m = src.metrics;
        let ko = cfg.locale == Locale::Ko;
        let w = W { ko };
        let (prev_label, cur_label) = match m.period.kind {
            PeriodKind::Week => (w.t("지난 주", "previous week"), w.t("이번 주", "this week")),
            PeriodKind::Month => (w.t("지난 달", "previous month"), w.t("이번 달", "this month")),
            PeriodKind::Range => (w.t("직전 기간", "previous period"), w.t("이번 기간", "this period")),
        };
        Cx {
            src,
            cfg,
            m,
            f: Fmt { locale: cfg.locale, currency: cfg.currency.clone() },
            ko,
            cur: &m.current,
            prev: m.previous.as_ref().map(|p| &p.section),
            change: m.previous.as_ref().and_then(|p| p.change.as_ref()),
            unit_label: crate::render::labels::unit_label(cfg, ko),
            cur_label,
            prev_label,
            gate_messages: m.failed_gates().iter().map(|a| crate::render::labels::alert_message(a, cfg.locale)).collect(),
            w,
        }
    }

    /// A row of the this-period / previous-period / change table.
    fn cmp(&self, label: String, c: String, p: Option<String>, ch: Option<f64>, up_is_good: bool) -> Row {
        let (t, d) = self.f.change(ch);
        row(vec![cell(label), num(c), num(p.unwrap_or_else(|| NONE.into())), util::change_cell(t, d, up_is_good)])
    }

    /// The same row from one figure of the current and the previous section and its change.
    fn row_of(
        &self,
        label: String,
        value: impl Fn(&crate::metrics::Section) -> String,
        change: impl Fn(&crate::metrics::Change) -> Option<f64>,
        up_is_good: bool,
    ) -> Row {
        self.cmp(label, value(self.cur), self.prev.map(&value), self.change.and_then(change), up_is_good)
    }

    fn cmp_head(&self) -> Vec<String> {
        let w = &self.w;
        vec![w.t("지표", "Metric"), self.cur_label.clone(), self.prev_label.clone(), w.t("변화", "Change")]
    }

    fn pn(&self, v: Option<crate::metrics::Num>) -> Option<f64> {
        v.map(|n| n.rounded())
    }

    /// A conversation id as shown, linking to the helpdesk when `report.conversation_url` is
    /// set: `{id}` is the id as exported, `{source}` the source's name (ids of several sources
    /// are qualified, `mail:48213`).
    pub(super) fn conv(&self, id: &str) -> Link {
        // the export's own link for the conversation, else the configured template
        if let Some(href) = (self.src.url_of)(id) {
            return Link { text: id.to_string(), href: Some(href) };
        }
        let href = self.cfg.report.conversation_url.as_ref().map(|url| {
            let sources = &self.cfg.inputs.conversations;
            let named = (sources.len() > 1)
                .then(|| id.split_once(':').filter(|(s, _)| sources.iter().any(|i| i.name.as_deref() == Some(*s))))
                .flatten();
            let (source, raw) = named.unwrap_or(("", id));
            url.replace("{source}", &util::url_part(source)).replace("{id}", &util::url_part(raw))
        });
        Link { text: id.to_string(), href }
    }

    /// A level-1 tag id as the report names it (null: unclassified).
    pub(super) fn tag_name(&self, id: Option<&str>) -> String {
        match id {
            Some(id) => self.src.tax.tag_index(id).map_or(id.to_string(), |i| self.src.tax.tags[i].name.clone()),
            None => self.w.t("미분류", "Unclassified"),
        }
    }

    /// A cell of conversation ids, each a link.
    pub(super) fn conv_cell(&self, ids: &[String]) -> Cell {
        Cell { text: ids.join(", "), class: "", href: None, links: ids.iter().map(|i| self.conv(i)).collect() }
    }
}

type Section_ = fn(&Cx, &mut Vec<Chart>) -> anyhow::Result<Vec<Section>>;

/// The sections in report order (docs/outputs.md); the last (notes, data quality, method)
/// is all a period without conversations shows.
const SECTIONS: [Section_; 13] = [
    sales::sections,
    trend::sections,
    products::sections,
    tags::sections,
    voices::sections,
    risks::sections,
    response::sections,
    conversion::sections,
    when::sections,
    desk::sections,
    customers::sections,
    actions::sections,
    quality::sections,
];

/// What must be said before any figure.
fn notices(cx: &Cx) -> Vec<String> {
    let (m, w) = (cx.m, &cx.w);
    let mut out = Vec::new();
    if cx.cur.inquiries.total == 0 {
        out.push(w.t(
            &format!("이 기간({} ~ {})에는 문의가 한 건도 없습니다.", m.period.start, m.period.end),
            &format!("Not a single conversation in this period ({} – {}).", m.period.start, m.period.end),
        ));
    }
    if let Some(p) = m.previous.as_ref().filter(|p| p.change.is_none()) {
        let current_short = m.alerts.iter().any(|a| a.kind == crate::metrics::alerts::AlertKind::DataSpan);
        out.push(if current_short {
            w.t(
                "이번 기간의 데이터가 기간을 다 덮지 않아 변화율을 표시하지 않습니다.",
                "The data does not cover this period: no changes are shown.",
            )
        } else {
            w.t(
                &format!("직전 기간 데이터 부족({}): 변화율을 표시하지 않습니다.", p.period.id),
                &format!("Not enough data for the previous period ({}): no changes are shown.", p.period.id),
            )
        });
    }
    for (field, without) in &m.data_quality.partial_fields {
        let list = without.join(", ");
        out.push(w.t(
            &format!("'{field}' 열이 없는 원본({list})의 문의는 그 값이 비어 있는 것으로 셉니다 (첫 응답이면 미응답)."),
            &format!("The sources without '{field}' ({list}) count as empty there (for a first response: unanswered)."),
        ));
    }
    out
}

/// The summary's sentences as shown (the JSON's `summary`).
pub fn summary(src: &super::Inputs) -> Vec<String> {
    summary::sentences(&Cx::new(src)).into_iter().map(|s| s.text).collect()
}

/// The page of one report, from what the renderers read ([`super::Inputs`]).
pub fn build(src: &super::Inputs) -> anyhow::Result<Page> {
    let cx = Cx::new(src);
    let (m, w) = (cx.m, &cx.w);
    let title = match m.period.kind {
        PeriodKind::Week => w.t(&format!("CS 주간 리포트 {}", m.period.id), &format!("Weekly CS report {}", m.period.id)),
        PeriodKind::Month => w.t(&format!("CS 월간 리포트 {}", m.period.id), &format!("Monthly CS report {}", m.period.id)),
        PeriodKind::Range => w.t(
            &format!("CS 리포트 {} ~ {}", m.period.start, m.period.end),
            &format!("CS report {} – {}", m.period.start, m.period.end),
        ),
    };
    let mut charts = Vec::new();
    let mut sections = Vec::new();
    let notices = notices(&cx);
    let empty = cx.cur.inquiries.total == 0;
    // a period without a single conversation is one sentence, not a page of zeros
    let parts: &[Section_] = if empty { &SECTIONS[SECTIONS.len() - 1..] } else { &SECTIONS };
    for part in parts {
        sections.extend(part(&cx, &mut charts)?);
    }
    let mut summary = summary::sentences(&cx);
    for s in &mut summary {
        s.href = s.href.take().filter(|h| sections.iter().any(|x| h[1..] == *x.id));
    }
    Ok(Page {
        lang: if cx.ko { "ko" } else { "en" },
        title,
        subtitle: format!("{} ~ {} · {}", m.period.start, m.period.end, m.period.timezone),
        // the clock in the config's zone, whatever zone --now (or the machine) gave it in
        generated: format!(
            "{} {}",
            w.t("생성", "Generated"),
            src.now.with_timezone(&cx.cfg.timezone).format("%Y-%m-%d %H:%M %:z")
        ),
        summary,
        summary_title: w.t("요약", "Summary"),
        more_alerts: w.t("… 외 {n}건은 전체 리포트에", "… {n} more in the full report"),
        md_alerts: MD_ALERTS,
        cards: if empty { Vec::new() } else { cards::cards(&cx) },
        notices,
        gate_failed: !cx.gate_messages.is_empty(),
        gate_messages: cx.gate_messages.clone(),
        sections,
        footer: w.t(
            "voc로 생성 — 원본 수치는 같은 이름의 .json 파일에 있습니다.",
            "Made with voc — every number is also in the .json file of the same name.",
        ),
        toc_label: w.t("목차", "Contents"),
        more_rows: w.t("… 외 {n}행은 전체 리포트에 있습니다", "… {n} more rows in the full report"),
        email_rows: EMAIL_ROWS,
        more_cols: w.t("{cols}: 전체 리포트에 있습니다", "{cols}: in the full report"),
        email_cols: EMAIL_COLS,
        full_report: String::new(),
        attachment: None,
        charts,
    })
}
