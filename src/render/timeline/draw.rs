//! The timeline's markup: the axis (years, quarters, the today flag) and
//! each lane (its grid, the today line and its milestones, row by row) as
//! SVG, for the page to place one under another and for `document` to join
//! into the standalone `timeline.svg`. Connectors are not drawn: each
//! milestone carries its prerequisites in `data-` attributes, and the page's
//! script draws the lines of the milestone a reader points at. All text
//! goes through `escape::html`.

use super::chain::Chains;
use super::label::{text_width, Label, CODE};
use super::layout::*;
use crate::escape::html as esc;
use crate::model::*;
use crate::render::context::{milestone_href, GateView};
use std::fmt::{self, Write};

/// The drawing's own stylesheet; page colours come in through CSS variables with light fallbacks.
pub(crate) const STYLE: &str = include_str!("timeline.css");
pub(crate) const FONT_FAMILY: &str =
    "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif";

/// What is drawn, and where its links lead (`root` is the relative path to the site root).
pub(crate) struct Drawing<'a> {
    pub(crate) site: &'a Site,
    pub(crate) layout: &'a Layout<'a>,
    pub(crate) chains: &'a Chains,
    pub(crate) root: &'a str,
}

/// How tall the rules of a lane run: to the bottom of its own `<svg>`, or a fixed height.
#[derive(Clone, Copy)]
pub(crate) enum Fill {
    Viewport,
    Height(f64),
}

impl fmt::Display for Fill {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Fill::Viewport => f.write_str("100%"),
            Fill::Height(h) => N(*h).fmt(f),
        }
    }
}

/// A number for an attribute: at most one decimal, no trailing `.0`.
pub(crate) struct N(pub f64);

impl fmt::Display for N {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let tenths = (self.0 * 10.0).round() as i64;
        if tenths % 10 == 0 {
            write!(f, "{}", tenths / 10)
        } else {
            write!(f, "{}{}.{}", if tenths < 0 { "-" } else { "" }, (tenths / 10).abs(), (tenths % 10).abs())
        }
    }
}

/// The patterns and arrowheads the drawing refers to by id (once per document).
pub(crate) fn defs(out: &mut String) {
    out.push_str(concat!(
        "<defs>",
        "<pattern id=\"rb-tl-at-risk\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">",
        "<rect width=\"6\" height=\"6\" class=\"tl-p-at-risk-bg\"/><rect width=\"2.5\" height=\"6\" class=\"tl-p-at-risk\"/></pattern>",
        "<pattern id=\"rb-tl-blocked\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">",
        "<rect width=\"6\" height=\"6\" class=\"tl-p-blocked-bg\"/><rect width=\"2\" height=\"6\" class=\"tl-p-blocked\"/>",
        "<rect width=\"6\" height=\"2\" class=\"tl-p-blocked\"/></pattern>",
    ));
    for kind in ["", "-critical", "-late"] {
        let _ = write!(
            out,
            "<marker id=\"rb-tl-arrow{kind}\" viewBox=\"0 0 8 8\" refX=\"7\" refY=\"4\" markerWidth=\"7\" \
             markerHeight=\"7\" markerUnits=\"userSpaceOnUse\" orient=\"auto\">\
             <path d=\"M0 0L8 4L0 8z\" class=\"tl-arrow{kind}\"/></marker>"
        );
    }
    out.push_str("</defs>");
}

impl Drawing<'_> {
    /// The axis: a year over each year's first quarter, every quarter's name, and today's flag.
    pub(crate) fn axis(&self, out: &mut String) -> fmt::Result {
        let (axis, as_of) = (&self.layout.axis, self.site.config.as_of);
        let now = as_of.quarter().index();
        let w = axis.quarter_w();
        let height = self.layout.axis_height();
        for (q, x) in axis.quarters() {
            if q.index() == now {
                rect(out, "tl-now", x, 18.0, w, height - 18.0)?;
            }
            if q.number() == 1 || q.index() == axis.first {
                vline(out, "tl-rule-strong", x, 0.0, height)?;
                write!(out, "<text class=\"tl-year\" x=\"{}\" y=\"13\">{}</text>", N(x + 5.0), q.year())?;
            } else {
                vline(out, "tl-rule", x, 18.0, height)?;
            }
            let class = if q.index() == now { "tl-q tl-q-now" } else { "tl-q" };
            write!(
                out,
                "<text class=\"{class}\" x=\"{}\" y=\"32\" text-anchor=\"middle\">Q{}</text>",
                N(x + w / 2.0),
                q.number()
            )?;
        }
        vline(out, "tl-rule-strong", WIDTH, 0.0, height)?;
        hline(out, "tl-rule-strong", height - 0.5, 0.0, WIDTH)?;
        super::releases::labels(out, self.site, &self.layout.releases, AXIS_H + 2.0, self.root)?;
        let label = format!("Today {as_of}");
        let flag_w = text_width(&label, true) * 11.0 / 12.0 + 14.0;
        let x = self.layout.today;
        let left = (x - flag_w / 2.0).clamp(0.0, WIDTH - flag_w);
        write!(
            out,
            "<g class=\"tl-now-line\"><line class=\"tl-today\" x1=\"{0}\" y1=\"38\" x2=\"{0}\" y2=\"{1}\"/>\
             <rect class=\"tl-today-flag\" x=\"{2}\" y=\"38\" width=\"{3}\" height=\"16\" rx=\"8\"/>\
             <text class=\"tl-today-text\" x=\"{4}\" y=\"50\" text-anchor=\"middle\">{label}</text></g>",
            N(x),
            N(height),
            N(left),
            N(flag_w),
            N(left + flag_w / 2.0),
        )
    }

    /// One lane: the current quarter shaded, quarter rules, the today line, then each row of milestones.
    pub(crate) fn lane(&self, out: &mut String, lane: &Lane, fill: Fill) -> fmt::Result {
        let axis = &self.layout.axis;
        let now = self.site.config.as_of.quarter().index();
        for (q, x) in axis.quarters() {
            if q.index() == now {
                write!(
                    out,
                    "<rect class=\"tl-now\" x=\"{}\" y=\"0\" width=\"{}\" height=\"{fill}\"/>",
                    N(x),
                    N(axis.quarter_w())
                )?;
            }
            let class = if q.number() == 1 { "tl-rule-strong" } else { "tl-rule" };
            if x > 0.0 {
                write!(out, "<line class=\"{class}\" x1=\"{0}\" y1=\"0\" x2=\"{0}\" y2=\"{fill}\"/>", N(x))?;
            }
        }
        let x = N(self.layout.today);
        write!(out, "<line class=\"tl-today\" x1=\"{x}\" y1=\"0\" x2=\"{x}\" y2=\"{fill}\"/>")?;
        super::releases::lines(out, &self.layout.releases, fill)?;
        let mut items = lane.items.iter().peekable();
        for (k, row) in lane.rows.iter().enumerate() {
            write!(
                out,
                "<g class=\"tl-row\" data-h=\"{}\" transform=\"translate(0 {})\">",
                N(row.height()),
                N(row.top)
            )?;
            while let Some(item) = items.next_if(|i| i.row == k) {
                self.item(out, item, row)?;
            }
            out.push_str("</g>");
        }
        Ok(())
    }

    /// One milestone: a link around its tooltip, bar, label and gates, with its prerequisites as data.
    fn item(&self, out: &mut String, item: &Item, row: &Row) -> fmt::Result {
        let m = &self.site.milestones[item.milestone];
        let mut class = format!("tl-item tl-{}", m.status.as_str());
        for (on, name) in [(item.cut_before, " tl-cut-before"), (item.cut_after, " tl-cut-after")] {
            if on {
                class.push_str(name);
            }
        }
        let href = format!("{}{}", self.root, milestone_href(&m.id));
        write!(out, "<a href=\"{}\" class=\"{class}\" data-id=\"{}\"", esc(&href), esc(&m.id))?;
        self.relations(out, item.milestone)?;
        let tags = super::tag_slugs(self.site, m);
        if !tags.is_empty() {
            write!(out, " data-tags=\"{}\"", esc(&tags))?;
        }
        write!(out, " tabindex=\"-1\"><title>{}</title>", esc(&tooltip(m)))?;
        let y = row.bar_y();
        let (x0, w) = (N(item.x0), N(item.x1 - item.x0));
        write!(
            out,
            "<rect class=\"tl-bar\" x=\"{x0}\" y=\"{}\" width=\"{w}\" height=\"{}\" rx=\"2\"/>",
            N(y),
            N(BAR_H)
        )?;
        label(out, &item.label, item.label_x, y - 7.0)?;
        for &(k, x) in &item.gates {
            let Some(g) = m.gates.get(k) else { continue };
            let mid = y + BAR_H / 2.0;
            if x < item.x0 - GATE_R || x > item.x1 + GATE_R {
                let end = if x < item.x0 { item.x0 } else { item.x1 };
                hline(out, "tl-whisker", mid, x, end)?;
            }
            gate(out, g, x, mid)?;
        }
        out.push_str("</a>");
        Ok(())
    }

    /// `data-s`: what supports the milestone; `data-d`: what it depends on; `data-c`: the
    /// prerequisite its critical chain runs through; `data-late`: prerequisites due after it.
    fn relations(&self, out: &mut String, i: usize) -> fmt::Result {
        let milestones = &self.site.milestones;
        let m = &milestones[i];
        let ids = |list: &mut dyn Iterator<Item = &usize>| {
            list.map(|&p| milestones[p].id.as_str()).collect::<Vec<_>>().join(" ")
        };
        let late = |p: &&usize| matches!((milestones[**p].due(), m.due()), (Some(a), Some(b)) if a.end() > b.end());
        let lists = [
            ("s", ids(&mut m.supported_by.iter())),
            ("d", ids(&mut m.depends_on.iter())),
            ("late", ids(&mut m.supported_by.iter().chain(&m.depends_on).filter(late))),
        ];
        for (name, list) in lists {
            if !list.is_empty() {
                write!(out, " data-{name}=\"{}\"", esc(&list))?;
            }
        }
        if let (true, Some(p)) = (self.chains.critical[i], self.chains.next[i]) {
            write!(out, " data-c=\"{}\"", esc(&milestones[p].id))?;
        }
        Ok(())
    }
}

/// A label whose last line sits with its baseline at `baseline`; its lines are `tspan`s.
fn label(out: &mut String, label: &Label, x: f64, baseline: f64) -> fmt::Result {
    let count = label.line_count();
    let y = |k: usize| N(baseline - (count - 1 - k) as f64 * LINE_H);
    let x = N(x);
    write!(out, "<text class=\"tl-label\" x=\"{x}\" y=\"{}\">", y(0))?;
    let mut code = false;
    for (k, line) in label.lines.iter().enumerate() {
        write!(out, "<tspan x=\"{x}\" y=\"{}\">", y(k))?;
        for (i, piece) in line.split(CODE).enumerate() {
            code ^= i > 0;
            match (code, piece.is_empty()) {
                (_, true) => {}
                (true, false) => write!(out, "<tspan class=\"tl-code\">{}</tspan>", esc(piece))?,
                (false, false) => out.push_str(&esc(piece)),
            }
        }
        if k + 1 == label.lines.len() && !label.flag.is_empty() && !label.flag_alone {
            write!(out, "<tspan class=\"tl-flag\">{}</tspan>", label.flag)?;
        }
        out.push_str("</tspan>");
    }
    if label.flag_alone {
        write!(out, "<tspan class=\"tl-flag\" x=\"{x}\" y=\"{}\">{}</tspan>", y(count - 1), label.flag)?;
    }
    out.push_str("</text>");
    Ok(())
}

/// Title, status, dates, track and area: the tooltip of a milestone.
fn tooltip(m: &Milestone) -> String {
    let track = m.track.label();
    let due = match (m.schedule, m.start) {
        (Schedule::Due(due), Some(start)) => format!("due {due} (from {start})"),
        (Schedule::Due(due), None) => format!("due {due}"),
        (schedule, _) => format!("undated: {}", schedule.label()),
    };
    let mut text =
        format!("{}\n{} · {due} · {track} · {}", crate::escape::title_plain(&m.title), m.status.label(), m.area);
    for g in &m.gates {
        let _ = write!(text, "\nGate {}: {}", g.date, GateView::new(g).decision_label);
    }
    text
}

pub(crate) fn rect(out: &mut String, class: &str, x: f64, y: f64, width: f64, height: f64) -> fmt::Result {
    let (x, y, w, h) = (N(x), N(y), N(width), N(height));
    write!(out, "<rect class=\"{class}\" x=\"{x}\" y=\"{y}\" width=\"{w}\" height=\"{h}\"/>")
}

fn vline(out: &mut String, class: &str, x: f64, y1: f64, y2: f64) -> fmt::Result {
    write!(out, "<line class=\"{class}\" x1=\"{0}\" y1=\"{1}\" x2=\"{0}\" y2=\"{2}\"/>", N(x), N(y1), N(y2))
}

fn hline(out: &mut String, class: &str, y: f64, x1: f64, x2: f64) -> fmt::Result {
    write!(out, "<line class=\"{class}\" x1=\"{0}\" y1=\"{1}\" x2=\"{2}\" y2=\"{1}\"/>", N(x1), N(y), N(x2))
}

/// A gate: a diamond at its date with the criteria in its tooltip.
fn gate(out: &mut String, g: &Gate, x: f64, y: f64) -> fmt::Result {
    let view = GateView::new(g);
    let title = format!("Gate {} · {}: {}", view.date, view.decision_label, g.criteria);
    diamond(out, g.decision, x, y, &title)
}

/// A diamond centred on `(x, y)`, hollow while pending, with a cross on a no-go.
pub(crate) fn diamond(out: &mut String, decision: GateDecision, x: f64, y: f64, title: &str) -> fmt::Result {
    let r = GATE_R;
    let (left, right, top, bottom) = (N(x - r), N(x + r), N(y - r), N(y + r));
    let (x, y) = (N(x), N(y));
    write!(
        out,
        "<path class=\"tl-gate tl-gate-{}\" d=\"M{x} {top}L{right} {y}L{x} {bottom}L{left} {y}Z\"",
        decision.as_str()
    )?;
    match title {
        "" => out.push_str("/>"),
        _ => write!(out, "><title>{}</title></path>", esc(title))?,
    }
    if decision == GateDecision::NoGo {
        let (l, r, t, b) = (N(x.0 - 2.2), N(x.0 + 2.2), N(y.0 - 2.2), N(y.0 + 2.2));
        write!(out, "<path class=\"tl-gate-mark\" d=\"M{l} {t}L{r} {b}M{r} {t}L{l} {b}\"/>")?;
    }
    Ok(())
}
