//! Charts drawn with plotters: the data of each chart is prepared apart from the drawing
//! ([`Chart`]), and the same drawing code writes SVG (the HTML report) and PNG (e-mail, where
//! Gmail and Outlook show no SVG). Text is measured and drawn with an embedded Korean font
//! (VocGothic, a subset of NanumGothic under the SIL OFL), so Hangul labels are laid out with
//! real metrics; the SVG names the generic `sans-serif` family so browsers use their own.

use std::sync::OnceLock;

use anyhow::{Result, anyhow};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::FontStyle;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// The embedded font (see src/render/fonts/OFL.txt).
pub static FONT: &[u8] = include_bytes!("fonts/VocGothic.ttf");
const FAMILY: &str = "sans-serif";

fn ensure_font() -> Result<()> {
    static DONE: OnceLock<bool> = OnceLock::new();
    let ok = *DONE.get_or_init(|| plotters::style::register_font(FAMILY, FontStyle::Normal, FONT).is_ok());
    if ok { Ok(()) } else { Err(anyhow!("the embedded chart font cannot be loaded")) }
}

const BLUE: RGBColor = RGBColor(37, 99, 235);
const GREY: RGBColor = RGBColor(203, 213, 225);
const AMBER: RGBColor = RGBColor(217, 119, 6);
const INK: RGBColor = RGBColor(30, 41, 59);
const MUTED: RGBColor = RGBColor(100, 116, 139);
const GRID: RGBColor = RGBColor(226, 232, 240);
const RED: RGBColor = RGBColor(220, 38, 38);
const GREEN: RGBColor = RGBColor(5, 150, 105);
const PURPLE: RGBColor = RGBColor(124, 58, 237);

/// Series colours by name, so the same class has the same colour in every chart.
pub fn colour(name: &str) -> RGBColor {
    match name {
        "simple" => GREEN,
        "revenue" => RED,
        "other" => PURPLE,
        "unclassified" => MUTED,
        "previous" => GREY,
        "amber" => AMBER,
        _ => BLUE,
    }
}

/// One horizontal bar per category; an optional second (grey) bar for the previous period.
#[derive(Debug, Clone)]
pub struct HBars {
    pub labels: Vec<String>,
    pub current: Vec<f64>,
    pub previous: Option<Vec<f64>>,
    /// Text at the end of each bar.
    pub notes: Vec<String>,
    pub legend: Vec<(String, String)>,
}

/// Inquiries per day as bars, revenue per day as a line on its own axis.
#[derive(Debug, Clone)]
pub struct Daily {
    pub days: Vec<String>,
    pub inquiries: Vec<f64>,
    pub revenue: Option<Vec<f64>>,
    pub revenue_label: String,
    pub inquiries_label: String,
    pub money: fn(f64, bool) -> String,
    pub ko: bool,
}

/// Share of conversations answered within x (log time axis), one line per class, with the
/// targets marked.
#[derive(Debug, Clone)]
pub struct Ecdf {
    pub series: Vec<(String, String, Vec<f64>)>, // (label, colour name, sorted delays in seconds)
    pub targets: Vec<(String, String, f64)>,     // (label, colour name, seconds)
    pub ko: bool,
}

/// Small multiples: one small line chart per figure over the same periods (the trend); a gap
/// where a period has no value.
#[derive(Debug, Clone)]
pub struct Multiples {
    /// (title, last value as text, values per period)
    pub panels: Vec<(String, String, Vec<Option<f64>>)>,
}

#[derive(Debug, Clone)]
pub enum Kind {
    HBars(HBars),
    Daily(Daily),
    Ecdf(Ecdf),
    Multiples(Multiples),
}

/// The layout a chart is drawn for. Charts scale to their box, so text drawn for a 600-px
/// canvas would be 6 px on a phone: each chart is laid out twice, for a phone (drawn at about
/// its own size: the mail's PNGs and the HTML under 560 px) and for a desktop.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Canvas {
    Phone,
    Desktop,
}

impl Canvas {
    pub fn width(self) -> u32 {
        match self {
            Canvas::Phone => 360,
            Canvas::Desktop => 600,
        }
    }

    /// Panels per row in small multiples.
    fn panels_per_row(self) -> usize {
        match self {
            Canvas::Phone => 2,
            Canvas::Desktop => 3,
        }
    }
}

/// Height of one row of legend items, and the width left of the first one.
const LEGEND_ROW: u32 = 22;
const LEGEND_X0: u32 = 52;

#[derive(Debug, Clone)]
pub struct Chart {
    /// File-name-safe id: `daily`, `tags`, … (PNG attachments are `<id>.png`).
    pub id: String,
    pub alt: String,
    pub kind: Kind,
}

impl Chart {
    /// Width and height in CSS pixels on `canvas`.
    pub fn size(&self, canvas: Canvas) -> (u32, u32) {
        let w = canvas.width();
        let legend = |items: &[(String, String)], x0: u32| legend_rows(items, x0, w) * LEGEND_ROW;
        match &self.kind {
            Kind::HBars(h) => (
                w,
                40 + h.labels.len().max(1) as u32 * if h.previous.is_some() { 40 } else { 30 }
                    + if h.legend.is_empty() { 0 } else { 8 + legend(&h.legend, hbar_x0(h)) },
            ),
            Kind::Daily(d) => (w, if canvas == Canvas::Phone { 240 } else { 270 } + legend(&daily_legend(d), LEGEND_X0)),
            Kind::Ecdf(e) => (w, if canvas == Canvas::Phone { 260 } else { 290 } + legend(&ecdf_legend(e), LEGEND_X0)),
            Kind::Multiples(m) => (w, m.panels.len().div_ceil(canvas.panels_per_row()).max(1) as u32 * 130),
        }
    }
}

/// A text's width at `px` (the embedded font's advance widths, approximately: Hangul and other
/// wide glyphs are about one em, the rest about 0.6), used where a layout is decided before
/// anything is drawn.
fn approx_width(t: &str, px: f64) -> u32 {
    t.chars().map(|c| if c.len_utf8() > 1 { px } else { px * 0.6 }).sum::<f64>().ceil() as u32
}

/// Legend items flow left to right and wrap inside the canvas.
fn legend_layout(items: &[(String, String)], x0: u32, width: u32) -> Vec<(u32, u32)> {
    let (mut x, mut row, mut out) = (x0, 0, Vec::new());
    for (label, _) in items {
        let w = 16 + approx_width(label, LEGEND_PX) + 18;
        if x > x0 && x + w > width {
            x = x0.min(12);
            row += 1;
        }
        out.push((x, row));
        x += w;
    }
    out
}

fn legend_rows(items: &[(String, String)], x0: u32, width: u32) -> u32 {
    legend_layout(items, x0, width).last().map_or(0, |(_, r)| r + 1)
}

/// Chart text sizes in plotters' units (its SVG writes `font-size` = size / 1.24, so 14 is
/// 11.3 px on the canvas; a phone draws the phone canvas at about 1:1, and nothing is under 11 px).
const TICK_PX: f64 = 14.0;
const LEGEND_PX: f64 = 15.0;
const LABEL_PX: f64 = 16.0;

fn daily_legend(d: &Daily) -> Vec<(String, String)> {
    let mut items = vec![(d.inquiries_label.clone(), "blue".to_string())];
    if d.revenue.is_some() {
        items.push((d.revenue_label.clone(), "amber".to_string()));
    }
    items
}

fn ecdf_legend(e: &Ecdf) -> Vec<(String, String)> {
    e.series.iter().map(|(l, c, _)| (l.clone(), c.clone())).collect()
}

/// Where the bars start: after the widest label.
fn hbar_x0(h: &HBars) -> u32 {
    12 + h.labels.iter().map(|l| approx_width(l, LABEL_PX)).max().unwrap_or(0) + 12
}

type DResult<DB> = std::result::Result<(), DrawingAreaErrorKind<<DB as DrawingBackend>::ErrorType>>;

fn font(size: f64, s: f64) -> FontDesc<'static> {
    (FAMILY, size * s).into_font()
}

/// The chart as an SVG element that scales to its container.
pub fn svg(c: &Chart, canvas: Canvas) -> Result<String> {
    ensure_font()?;
    let (w, h) = c.size(canvas);
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, (w, h)).into_drawing_area();
        draw(&root, c, canvas, 1.0).map_err(|e| anyhow!("chart {}: {e:?}", c.id))?;
        root.present().map_err(|e| anyhow!("chart {}: {e:?}", c.id))?;
    }
    // responsive: keep the viewBox, let CSS size it
    let out = out.replacen(
        &format!("<svg width=\"{w}\" height=\"{h}\""),
        &format!(
            "<svg class=\"chart\" role=\"img\" aria-label=\"{}\" width=\"100%\" preserveAspectRatio=\"xMidYMid meet\"",
            attr(&c.alt)
        ),
        1,
    );
    Ok(out)
}

fn attr(s: &str) -> String {
    s.replace('&', "&amp;").replace('"', "&quot;").replace('<', "&lt;").replace('>', "&gt;")
}

/// The chart as a PNG at `scale` × its CSS size (2 for sharp text in mail clients).
pub fn png(c: &Chart, canvas: Canvas, scale: u32) -> Result<Vec<u8>> {
    ensure_font()?;
    let (w, h) = c.size(canvas);
    let (pw, ph) = (w * scale, h * scale);
    let mut buf = vec![255u8; (pw * ph * 3) as usize];
    {
        let root = BitMapBackend::with_buffer(&mut buf, (pw, ph)).into_drawing_area();
        draw(&root, c, canvas, scale as f64).map_err(|e| anyhow!("chart {}: {e:?}", c.id))?;
        root.present().map_err(|e| anyhow!("chart {}: {e:?}", c.id))?;
    }
    let mut out = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut out, pw, ph);
        enc.set_color(png::ColorType::Rgb);
        enc.set_depth(png::BitDepth::Eight);
        // a mail carries every chart: smaller files for a few milliseconds more
        enc.set_compression(png::Compression::Best);
        enc.set_adaptive_filter(png::AdaptiveFilterType::Adaptive);
        let mut w = enc.write_header()?;
        w.write_image_data(&buf)?;
    }
    Ok(out)
}

fn draw<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, c: &Chart, canvas: Canvas, s: f64) -> DResult<DB> {
    root.fill(&WHITE)?;
    match &c.kind {
        Kind::HBars(h) => hbars(root, h, canvas, s),
        Kind::Daily(d) => daily(root, d, canvas, s),
        Kind::Ecdf(e) => ecdf(root, e, canvas, s),
        Kind::Multiples(m) => multiples(root, m, canvas, s),
    }
}

fn multiples<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, m: &Multiples, canvas: Canvas, s: f64) -> DResult<DB> {
    let per_row = canvas.panels_per_row();
    let rows = m.panels.len().div_ceil(per_row).max(1);
    let cells = root.split_evenly((rows, per_row));
    for ((title, last, values), area) in m.panels.iter().zip(cells.iter()) {
        // the title, and under it the last value
        let (head, plot) = area.split_vertically((46.0 * s) as u32);
        head.draw(&Text::new(title.clone(), ((10.0 * s) as i32, (6.0 * s) as i32), font(TICK_PX, s).color(&MUTED)))?;
        head.draw(&Text::new(last.clone(), ((10.0 * s) as i32, (23.0 * s) as i32), font(19.0, s).color(&INK)))?;
        let known: Vec<f64> = values.iter().flatten().copied().collect();
        let (lo, hi) = known.iter().fold((f64::MAX, f64::MIN), |(a, b), v| (a.min(*v), b.max(*v)));
        if known.is_empty() {
            continue;
        }
        let pad = ((hi - lo) * 0.15).max(hi.abs() * 0.05).max(1e-9);
        let n = values.len().max(2);
        let mut chart = ChartBuilder::on(&plot)
            .margin_left((10.0 * s) as u32)
            .margin_right((14.0 * s) as u32)
            .margin_bottom((10.0 * s) as u32)
            .build_cartesian_2d(0f64..(n - 1) as f64, (lo - pad)..(hi + pad))?;
        // each run of known values is one line: a period without data is a gap, not a zero
        let mut run: Vec<(f64, f64)> = Vec::new();
        for (i, v) in values.iter().enumerate() {
            match v {
                Some(v) => run.push((i as f64, *v)),
                None if !run.is_empty() => {
                    chart.draw_series(LineSeries::new(std::mem::take(&mut run), BLUE.stroke_width((2.5 * s) as u32)))?;
                }
                None => {}
            }
        }
        if let Some(&(x, y)) = run.last() {
            chart.draw_series(std::iter::once(Circle::new((x, y), (3.5 * s) as i32, BLUE.filled())))?;
        }
        if !run.is_empty() {
            chart.draw_series(LineSeries::new(run, BLUE.stroke_width((2.5 * s) as u32)))?;
        }
    }
    Ok(())
}

fn text_width<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, t: &str, f: &FontDesc) -> u32 {
    root.estimate_text_size(t, &TextStyle::from(f.clone())).map(|(w, _)| w).unwrap_or((t.chars().count() * 12) as u32)
}

/// The legend from `x0` (canvas px) with its first row centred at `y`, wrapping as
/// [`legend_layout`] decided.
fn legend<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    items: &[(String, String)],
    x0: u32,
    y: u32,
    width: u32,
    s: f64,
) -> DResult<DB> {
    let f = font(LEGEND_PX, s).color(&INK);
    let px = |v: u32| (v as f64 * s) as i32;
    for ((label, col), (x, row)) in items.iter().zip(legend_layout(items, x0, width)) {
        let (x, y) = (px(x), px(y + row * LEGEND_ROW));
        let c = colour(col);
        root.draw(&Rectangle::new([(x, y - (5.0 * s) as i32), (x + (12.0 * s) as i32, y + (5.0 * s) as i32)], c.filled()))?;
        root.draw(&Text::new(label.clone(), (x + (16.0 * s) as i32, y), f.clone().pos(Pos::new(HPos::Left, VPos::Center))))?;
    }
    Ok(())
}

/// Horizontal bars, drawn by hand so that long Korean labels get exactly the room they need.
fn hbars<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, h: &HBars, canvas: Canvas, s: f64) -> DResult<DB> {
    let (w, _) = root.dim_in_pixel();
    let label_font = font(LABEL_PX, s);
    let note_font = font(TICK_PX, s);
    let pad = (12.0 * s) as i32;
    let label_w = h.labels.iter().map(|l| text_width(root, l, &label_font)).max().unwrap_or(0) as i32;
    let note_w = h.notes.iter().map(|l| text_width(root, l, &note_font)).max().unwrap_or(0) as i32;
    let x0 = pad + label_w + pad;
    let x1 = (w as i32 - pad - note_w - (8.0 * s) as i32).max(x0 + (40.0 * s) as i32);
    let max = h.current.iter().chain(h.previous.iter().flatten()).fold(0f64, |a, b| a.max(*b)).max(f64::MIN_POSITIVE);
    let row = if h.previous.is_some() { 40.0 * s } else { 30.0 * s } as i32;
    let mut y = (16.0 * s) as i32;
    if !h.legend.is_empty() {
        let cw = canvas.width();
        legend(root, &h.legend, hbar_x0(h), 16, cw, s)?;
        y += ((8 + legend_rows(&h.legend, hbar_x0(h), cw) * LEGEND_ROW) as f64 * s) as i32;
    }
    let scale = |v: f64| x0 + ((x1 - x0) as f64 * (v / max)).round() as i32;
    root.draw(&PathElement::new(
        vec![(x0, y - (4.0 * s) as i32), (x0, y + row * h.labels.len() as i32)],
        GRID.stroke_width(s as u32),
    ))?;
    for (i, label) in h.labels.iter().enumerate() {
        let top = y + row * i as i32;
        let mid = top + row / 2;
        root.draw(&Text::new(
            label.clone(),
            (x0 - pad / 2, mid),
            label_font.clone().color(&INK).pos(Pos::new(HPos::Right, VPos::Center)),
        ))?;
        let bar_h = if h.previous.is_some() { (14.0 * s) as i32 } else { (18.0 * s) as i32 };
        let cur_top = if h.previous.is_some() { top + (5.0 * s) as i32 } else { mid - bar_h / 2 };
        root.draw(&Rectangle::new([(x0, cur_top), (scale(h.current[i]).max(x0 + 1), cur_top + bar_h)], BLUE.filled()))?;
        if let Some(prev) = &h.previous {
            let p_top = cur_top + bar_h + (2.0 * s) as i32;
            root.draw(&Rectangle::new([(x0, p_top), (scale(prev[i]).max(x0 + 1), p_top + (12.0 * s) as i32)], GREY.filled()))?;
        }
        if let Some(n) = h.notes.get(i) {
            root.draw(&Text::new(
                n.clone(),
                (scale(h.current[i]) + (6.0 * s) as i32, cur_top + bar_h / 2),
                note_font.clone().color(&MUTED).pos(Pos::new(HPos::Left, VPos::Center)),
            ))?;
        }
    }
    Ok(())
}

fn daily<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, d: &Daily, canvas: Canvas, s: f64) -> DResult<DB> {
    let n = d.days.len().max(1);
    let ymax = d.inquiries.iter().fold(0f64, |a, b| a.max(*b)).max(1.0) * 1.2;
    let rmax = d.revenue.as_ref().map(|r| r.iter().fold(0f64, |a, b| a.max(*b)).max(1.0) * 1.2);
    let items = daily_legend(d);
    let plot = legend_area(root, &items, canvas, s)?;
    let mut chart = plot_area(&plot, s, 8.0)
        .right_y_label_area_size(if rmax.is_some() { (60.0 * s) as u32 } else { 0 })
        .build_cartesian_2d(-0.5f64..n as f64 - 0.5, 0f64..ymax)?
        .set_secondary_coord(-0.5f64..n as f64 - 0.5, 0f64..rmax.unwrap_or(1.0));
    // as many dates as fit: about 60 canvas px each
    let step = (n as f64 / (canvas.width() / 60) as f64).ceil().max(1.0) as usize;
    let days = d.days.clone();
    grid(&mut chart.configure_mesh(), s)
        .x_labels(n)
        .x_label_formatter(&|v| {
            let i = v.round();
            if (v - i).abs() < 1e-6 && i >= 0.0 && (i as usize) < days.len() && i as usize % step == 0 {
                days[i as usize].clone()
            } else {
                String::new()
            }
        })
        .y_labels(5)
        .y_label_formatter(&|v| format!("{v:.0}"))
        .label_style(font(TICK_PX, s).color(&MUTED))
        .draw()?;
    if rmax.is_some() {
        let money = d.money;
        let ko = d.ko;
        chart
            .configure_secondary_axes()
            .axis_style(GRID.stroke_width(s as u32))
            .y_labels(5)
            .y_label_formatter(&|v| money(*v, ko))
            .label_style(font(TICK_PX, s).color(&AMBER))
            .draw()?;
    }
    chart.draw_series(
        d.inquiries
            .iter()
            .enumerate()
            .map(|(i, v)| Rectangle::new([(i as f64 - 0.35, 0.0), (i as f64 + 0.35, *v)], BLUE.mix(0.85).filled())),
    )?;
    if let Some(rev) = &d.revenue {
        chart.draw_secondary_series(LineSeries::new(
            rev.iter().enumerate().map(|(i, v)| (i as f64, *v)),
            AMBER.stroke_width((2.5 * s) as u32),
        ))?;
        chart.draw_secondary_series(
            rev.iter().enumerate().map(|(i, v)| Circle::new((i as f64, *v), (3.0 * s) as u32, AMBER.filled())),
        )?;
    }
    Ok(())
}

/// Ticks of the log time axis at durations people use (the last field: kept on a phone).
const TICKS: [(f64, &str, &str, bool); 9] = [
    (10.0, "10초", "10s", true),
    (60.0, "1분", "1m", true),
    (300.0, "5분", "5m", false),
    (1800.0, "30분", "30m", true),
    (3600.0, "1시간", "1h", false),
    (14400.0, "4시간", "4h", true),
    (86400.0, "1일", "1d", true),
    (259200.0, "3일", "3d", false),
    (1209600.0, "14일", "14d", true),
];

/// Draws the legend on top; the area under it is the plot's.
fn legend_area<'a, DB: DrawingBackend>(
    root: &'a DrawingArea<DB, Shift>,
    items: &[(String, String)],
    canvas: Canvas,
    s: f64,
) -> std::result::Result<DrawingArea<DB, Shift>, DrawingAreaErrorKind<DB::ErrorType>> {
    let rows = legend_rows(items, LEGEND_X0, canvas.width());
    let (top, plot) = root.split_vertically(((8 + rows * LEGEND_ROW) as f64 * s) as u32);
    legend(&top, items, LEGEND_X0, 15, canvas.width(), s)?;
    Ok(plot)
}

/// Horizontal grid lines only, in the chart's grey, axes at scale `s`.
fn grid<'m, 'a, 'b, X, Y, DB>(
    mesh: &'m mut plotters::chart::MeshStyle<'a, 'b, X, Y, DB>,
    s: f64,
) -> &'m mut plotters::chart::MeshStyle<'a, 'b, X, Y, DB>
where
    X: plotters::coord::ranged1d::Ranged<ValueType: std::fmt::Debug>,
    Y: plotters::coord::ranged1d::Ranged<ValueType: std::fmt::Debug>,
    DB: DrawingBackend,
{
    mesh.disable_x_mesh().light_line_style(WHITE).bold_line_style(GRID).axis_style(GRID.stroke_width(s as u32))
}

/// The plot area under a legend: margins and label areas at scale `s`, `right` px of margin.
fn plot_area<'a, 'b, DB: DrawingBackend>(plot: &'a DrawingArea<DB, Shift>, s: f64, right: f64) -> ChartBuilder<'a, 'b, DB> {
    let mut b = ChartBuilder::on(plot);
    b.margin_left((8.0 * s) as u32)
        .margin_right((right * s) as u32)
        .margin_bottom((4.0 * s) as u32)
        .x_label_area_size((28.0 * s) as u32)
        .y_label_area_size((44.0 * s) as u32);
    b
}

fn ecdf<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, e: &Ecdf, canvas: Canvas, s: f64) -> DResult<DB> {
    let lo = 10f64;
    let hi = e.series.iter().filter_map(|(_, _, v)| v.last().copied()).fold(86400f64 * 3.0, f64::max).min(86400.0 * 60.0);
    let plot = legend_area(root, &ecdf_legend(e), canvas, s)?;
    let mut chart = plot_area(&plot, s, 24.0).build_cartesian_2d((lo..hi).log_scale(), 0f64..1.0)?;
    grid(&mut chart.configure_mesh(), s)
        .x_labels(0)
        .x_label_formatter(&|_| String::new())
        .y_labels(6)
        .y_label_formatter(&|v| format!("{:.0}%", v * 100.0))
        .label_style(font(TICK_PX, s).color(&MUTED))
        .draw()?;
    // x ticks drawn by hand at durations people read (the log scale's own are at powers of ten)
    let ticks = TICKS.iter().filter(|t| t.0 >= lo && t.0 <= hi).filter(|t| canvas == Canvas::Desktop || t.3);
    for (secs, ko_label, en_label, _) in ticks {
        chart.draw_series(std::iter::once(PathElement::new(vec![(*secs, 0.0), (*secs, 1.0)], GRID.stroke_width(s as u32))))?;
        let (x, y) = chart.backend_coord(&(*secs, 0.0));
        let label = if e.ko { *ko_label } else { *en_label };
        root.draw(&Text::new(
            label.to_string(),
            (x, y + (8.0 * s) as i32),
            font(TICK_PX, s).color(&MUTED).pos(Pos::new(HPos::Center, VPos::Top)),
        ))?;
    }
    for (label, col, secs) in &e.targets {
        let c = colour(col);
        chart.draw_series(DashedLineSeries::new(
            vec![(secs.max(lo), 0.0), (secs.max(lo), 1.0)],
            (6.0 * s) as u32,
            (4.0 * s) as u32,
            c.stroke_width((1.5 * s) as u32),
        ))?;
        // at the top, clear of the axis labels (the curves reach the top only after the targets)
        chart.draw_series(std::iter::once(Text::new(
            label.clone(),
            (secs.max(lo) * 1.12, 0.97),
            font(TICK_PX, s).color(&c).pos(Pos::new(HPos::Left, VPos::Top)),
        )))?;
    }
    for (_, col, v) in &e.series {
        if v.is_empty() {
            continue;
        }
        let mut pts = vec![(v[0].max(lo), 0.0)];
        pts.extend(ecdf_points(v).into_iter().map(|(x, y)| (x.max(lo), y)));
        pts.push((hi, 1.0));
        chart.draw_series(LineSeries::new(pts, colour(col).stroke_width((2.5 * s) as u32)))?;
    }
    Ok(())
}

/// The cumulative share at or under each delay, as (delay, share) points: every point for a
/// small sample, else at most `ECDF_POINTS` evenly spaced ranks (a week of a million
/// conversations would otherwise draw a million points, and the HTML grows by megabytes).
const ECDF_POINTS: usize = 400;

fn ecdf_points(sorted: &[f64]) -> Vec<(f64, f64)> {
    let n = sorted.len();
    if n <= ECDF_POINTS {
        return sorted.iter().enumerate().map(|(i, x)| (*x, (i + 1) as f64 / n as f64)).collect();
    }
    (1..=ECDF_POINTS)
        .map(|k| {
            let i = (k * n).div_ceil(ECDF_POINTS) - 1;
            (sorted[i], (i + 1) as f64 / n as f64)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ecdf_keeps_its_shape_with_few_points() {
        let small: Vec<f64> = (1..=10).map(f64::from).collect();
        assert_eq!(ecdf_points(&small).len(), 10, "a small sample keeps every point");
        assert_eq!(ecdf_points(&small)[9], (10.0, 1.0));
        let big: Vec<f64> = (1..=1_000_000).map(f64::from).collect();
        let pts = ecdf_points(&big);
        assert_eq!(pts.len(), ECDF_POINTS);
        assert_eq!(*pts.last().unwrap(), (1_000_000.0, 1.0), "ends at the largest delay, share 1");
        assert!(pts.windows(2).all(|w| w[0].0 <= w[1].0 && w[0].1 < w[1].1), "monotone");
        // the median point is where it should be
        let mid = pts.iter().find(|p| p.1 >= 0.5).unwrap();
        assert!((mid.0 - 500_000.0).abs() <= 2_500.0, "{mid:?}");
    }

    fn bars() -> Chart {
        Chart {
            id: "tags".into(),
            alt: "문의 유형 <비중>".into(),
            kind: Kind::HBars(HBars {
                labels: vec!["배송".into(), "교환·반품·환불 <script>".into()],
                current: vec![120.0, 40.0],
                previous: Some(vec![100.0, 50.0]),
                notes: vec!["30.0%".into(), "10.0%".into()],
                legend: vec![("이번 주".into(), "blue".into()), ("지난 주".into(), "previous".into())],
            }),
        }
    }

    #[test]
    fn svg_escapes_text_and_scales() {
        let s = svg(&bars(), Canvas::Desktop).unwrap();
        assert!(s.starts_with("<svg class=\"chart\""), "{}", &s[..80]);
        assert!(s.contains("viewBox="));
        assert!(s.contains("교환·반품·환불 &lt;script&gt;"));
        assert!(!s.contains("<script>"));
        assert!(s.contains("aria-label=\"문의 유형 &lt;비중&gt;\""));
        assert_eq!(s, svg(&bars(), Canvas::Desktop).unwrap(), "deterministic");
    }

    #[test]
    fn png_decodes_with_the_right_size_and_korean_ink() {
        let p = png(&bars(), Canvas::Phone, 2).unwrap();
        let dec = png::Decoder::new(std::io::Cursor::new(&p));
        let mut r = dec.read_info().unwrap();
        let mut buf = vec![0; r.output_buffer_size()];
        let info = r.next_frame(&mut buf).unwrap();
        let (w, h) = bars().size(Canvas::Phone);
        assert_eq!((info.width, info.height), (w * 2, h * 2));
        // the label column is left of the bars: dark pixels there mean the Hangul was drawn
        let dark = (0..info.height as usize)
            .flat_map(|y| (0..60usize).map(move |x| (y, x)))
            .filter(|(y, x)| buf[(y * info.width as usize + x) * 3] < 100)
            .count();
        assert!(dark > 50, "no label ink in the left column: {dark}");
    }
}
