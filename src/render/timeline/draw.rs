//! The timeline's markup: turns a `Layout` and the `Chains` into one SVG
//! element with its title, description, stylesheet, grid, connectors, today
//! line, milestones and key. All text goes through `escape::html`.

use super::chain::Chains;
use super::layout::*;
use super::legend::Legend;
use crate::escape::html as esc;
use crate::model::*;
use crate::render::context::{milestone_href, GateView};
use std::fmt::{self, Write};

/// The SVG's own stylesheet; page colours come in through CSS variables with light fallbacks.
const STYLE: &str = include_str!("timeline.css");

pub(crate) fn draw(site: &Site, layout: &Layout, chains: &Chains, root: &str) -> String {
    let mut out = String::with_capacity(8192 + site.milestones.len() * 800);
    write_svg(&mut out, site, layout, chains, root).expect("writing to a String cannot fail");
    out
}

fn write_svg(out: &mut String, site: &Site, layout: &Layout, chains: &Chains, root: &str) -> fmt::Result {
    let legend = Legend::new(layout.width);
    let height = layout.bottom + legend.height;
    head(out, site, layout, chains, height)?;
    grid(out, layout, site.config.as_of.quarter(), height)?;
    connectors(out, site, layout, chains)?;
    today(out, site.config.as_of, layout)?;
    super::releases::markers(out, site, layout, root)?;
    out.push_str("<g class=\"tl-items\">");
    for (m, slot) in site.milestones.iter().zip(&layout.slots) {
        if let Some(slot) = slot {
            item(out, m, slot, root)?;
        }
    }
    out.push_str("</g>");
    legend.write(out, layout.bottom)?;
    out.push_str("</svg>\n");
    Ok(())
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

fn head(out: &mut String, site: &Site, layout: &Layout, chains: &Chains, height: f64) -> fmt::Result {
    let (w, h) = (N(layout.width), N(height));
    write!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"rb-timeline\" role=\"group\" \
         aria-labelledby=\"rb-tl-title\" aria-describedby=\"rb-tl-desc\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" \
         font-family=\"system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif\" font-size=\"12\">"
    )?;
    write!(out, "<title id=\"rb-tl-title\">Timeline of {}</title>", esc(&site.config.title))?;
    write!(out, "<desc id=\"rb-tl-desc\">{}</desc>", esc(&summary(site, layout, chains)))?;
    write!(out, "<style>{STYLE}</style>")?;
    out.push_str(concat!(
        "<defs>",
        "<pattern id=\"rb-tl-at-risk\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">",
        "<rect width=\"6\" height=\"6\" class=\"tl-p-at-risk-bg\"/><rect width=\"2.5\" height=\"6\" class=\"tl-p-at-risk\"/></pattern>",
        "<pattern id=\"rb-tl-blocked\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">",
        "<rect width=\"6\" height=\"6\" class=\"tl-p-blocked-bg\"/><rect width=\"2\" height=\"6\" class=\"tl-p-blocked\"/>",
        "<rect width=\"6\" height=\"2\" class=\"tl-p-blocked\"/></pattern>",
    ));
    for kind in ["", "-critical", "-late"] {
        write!(
            out,
            "<marker id=\"rb-tl-arrow{kind}\" viewBox=\"0 0 8 8\" refX=\"7\" refY=\"4\" markerWidth=\"7\" \
             markerHeight=\"7\" markerUnits=\"userSpaceOnUse\" orient=\"auto\">\
             <path d=\"M0 0L8 4L0 8z\" class=\"tl-arrow{kind}\"/></marker>"
        )?;
    }
    out.push_str("</defs>");
    Ok(())
}

/// The text alternative: what the picture shows, in counts.
pub(crate) fn summary(site: &Site, layout: &Layout, chains: &Chains) -> String {
    let shown = |track: Track, dated: bool| {
        let slots = site.milestones.iter().zip(&layout.slots);
        slots.filter(|(m, s)| m.track == track && s.as_ref().is_some_and(|s| s.horizon.is_none() == dated)).count()
    };
    let (business, technology) = (shown(Track::Business, true), shown(Track::Technology, true));
    let undated = shown(Track::Business, false) + shown(Track::Technology, false);
    let axis = &layout.axis;
    let mut text = format!(
        "{} dated milestones ({business} business, {technology} technology) on quarters {} to {}, as of {}",
        business + technology,
        Quarter::from_index(axis.first),
        Quarter::from_index(axis.first + axis.count - 1),
        site.config.as_of
    );
    let gates: usize = layout.slots.iter().flatten().map(|s| s.gates.len()).sum();
    // Links to or from a proposed milestone are not drawn, as it is not.
    let committed = |list: &[usize]| list.iter().filter(|&&p| !site.milestones[p].status.is_proposed()).count();
    let drawn = || site.milestones.iter().filter(|m| !m.status.is_proposed());
    let supports: usize = drawn().map(|m| committed(&m.supported_by)).sum();
    let depends: usize = drawn().map(|m| committed(&m.depends_on)).sum();
    let _ = write!(
        text,
        "; {undated} undated in Now, Next and Later columns; {gates} gates; {supports} supporting links and \
         {depends} dependencies, {} of them on the critical chain to a business milestone.",
        chains.critical_links()
    );
    let releases = super::releases::placed(site, layout).len();
    if releases > 0 {
        let _ = write!(
            text,
            " {releases} release{} marked at {}.",
            if releases == 1 { "" } else { "s" },
            if releases == 1 { "its date" } else { "their dates" }
        );
    }
    let (proposed, plan): (Vec<&Milestone>, Vec<&Milestone>) =
        site.milestones.iter().partition(|m| m.status.is_proposed());
    let unscheduled = plan.iter().filter(|m| m.schedule == Schedule::Unscheduled).count();
    if unscheduled > 0 {
        let _ = write!(text, " {unscheduled} unscheduled milestones are not shown.");
    }
    if !proposed.is_empty() {
        let _ = write!(text, " {} proposed milestones (ideas, not yet in the plan) are not shown.", proposed.len());
    }
    text
}

/// Backgrounds, the axis header, quarter rules, bands and area labels.
fn grid(out: &mut String, layout: &Layout, now: Quarter, height: f64) -> fmt::Result {
    out.push_str("<g class=\"tl-grid\">");
    rect(out, "tl-bg", 0.0, 0.0, layout.width, height)?;
    for area in layout.areas.iter().skip(1).step_by(2) {
        rect(out, "tl-zebra", 0.0, area.top, layout.width, area.height())?;
    }
    quarters(out, layout, now.index())?;
    if let Some(x) = layout.horizon_x {
        undated_columns(out, x, layout.bottom)?;
    }
    hline(out, "tl-rule-strong", TOP, 0.0, layout.width)?;
    bands(out, layout)?;
    out.push_str("</g>");
    Ok(())
}

/// A column per quarter: rule, year at the first quarter of each year, quarter name; the current one shaded.
fn quarters(out: &mut String, layout: &Layout, now: i32) -> fmt::Result {
    let (axis, bottom, head) = (&layout.axis, layout.bottom, TOP - 24.0);
    for (q, x) in axis.quarters() {
        let current = q.index() == now;
        if current {
            rect(out, "tl-now", x, head, QUARTER_W, bottom - head)?;
        }
        if q.number() == 1 || x == axis.left() {
            vline(out, "tl-rule-strong", x, 4.0, bottom)?;
            write!(out, "<text class=\"tl-year\" x=\"{}\" y=\"16\">{}</text>", N(x + 6.0), q.year())?;
        } else {
            vline(out, "tl-rule", x, head, bottom)?;
        }
        let class = if current { "tl-q tl-q-now" } else { "tl-q" };
        centred(out, class, x + QUARTER_W / 2.0, TOP - 9.0, &format!("Q{}", q.number()))?;
    }
    vline(out, "tl-rule-strong", axis.right(), 4.0, bottom)
}

/// The Now / Next / Later columns' rules and headings, starting at `left`.
fn undated_columns(out: &mut String, left: f64, bottom: f64) -> fmt::Result {
    write!(out, "<text class=\"tl-head\" x=\"{}\" y=\"16\">Undated</text>", N(left + 6.0))?;
    for (k, horizon) in Horizon::ALL.iter().enumerate() {
        let x = left + k as f64 * HORIZON_W;
        vline(out, "tl-rule-strong", x, TOP - 24.0, bottom)?;
        centred(out, "tl-q", x + HORIZON_W / 2.0, TOP - 9.0, horizon.label())?;
    }
    vline(out, "tl-rule-strong", left + 3.0 * HORIZON_W, TOP - 24.0, bottom)
}

/// Track headings across the full width, and each area's name in the gutter.
fn bands(out: &mut String, layout: &Layout) -> fmt::Result {
    for &(track, y) in &layout.bands {
        let class = format!("tl-band-{}", track.as_str());
        rect(out, "tl-bg", 0.0, y, layout.width, BAND_H)?;
        rect(out, &class, 0.0, y, layout.width, 2.0)?;
        let name = track.as_str().to_uppercase();
        write!(out, "<text class=\"tl-band {class}\" x=\"12\" y=\"{}\">{name}</text>", N(y + 18.0))?;
    }
    for area in &layout.areas {
        rect(out, &format!("tl-band-{}", area.track.as_str()), 0.0, area.top, 4.0, area.height())?;
        let name = truncate(&capitalized(area.name), GUTTER - 24.0);
        let y = area.top + AREA_PAD + BAR_Y + BAR_H / 2.0 + 4.0;
        let (full, shown) = (esc(area.name), esc(&name));
        write!(out, "<text class=\"tl-area\" x=\"12\" y=\"{}\"><title>{full}</title>{shown}</text>", N(y))?;
        hline(out, "tl-rule", area.top + area.height(), 0.0, layout.width)?;
    }
    Ok(())
}

fn rect(out: &mut String, class: &str, x: f64, y: f64, width: f64, height: f64) -> fmt::Result {
    let (x, y, w, h) = (N(x), N(y), N(width), N(height));
    write!(out, "<rect class=\"{class}\" x=\"{x}\" y=\"{y}\" width=\"{w}\" height=\"{h}\"/>")
}

fn vline(out: &mut String, class: &str, x: f64, y1: f64, y2: f64) -> fmt::Result {
    write!(out, "<line class=\"{class}\" x1=\"{0}\" y1=\"{1}\" x2=\"{0}\" y2=\"{2}\"/>", N(x), N(y1), N(y2))
}

fn hline(out: &mut String, class: &str, y: f64, x1: f64, x2: f64) -> fmt::Result {
    write!(out, "<line class=\"{class}\" x1=\"{0}\" y1=\"{1}\" x2=\"{2}\" y2=\"{1}\"/>", N(x1), N(y), N(x2))
}

/// Text centred on `x`; `text` must already be safe markup.
fn centred(out: &mut String, class: &str, x: f64, y: f64, text: &str) -> fmt::Result {
    write!(out, "<text class=\"{class}\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">{text}</text>", N(x), N(y))
}

fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum LinkKind {
    Supports,
    Depends,
}

/// A connector from each drawn prerequisite's due date to the due date of the milestone that
/// needs it; critical ones drawn last so they sit on top.
fn connectors(out: &mut String, site: &Site, layout: &Layout, chains: &Chains) -> fmt::Result {
    let mut critical = String::new();
    out.push_str("<g class=\"tl-links\">");
    for (d, m) in site.milestones.iter().enumerate() {
        let Some(to) = &layout.slots[d] else { continue };
        let supports = m.supported_by.iter().map(|&p| (p, LinkKind::Supports));
        for (p, kind) in supports.chain(m.depends_on.iter().map(|&p| (p, LinkKind::Depends))) {
            let Some(from) = &layout.slots[p] else { continue };
            let is_critical = chains.is_critical(d, p);
            let target = if is_critical { &mut critical } else { &mut *out };
            connector(target, site, (p, from), (d, to), kind, is_critical)?;
        }
    }
    out.push_str(&critical);
    out.push_str("</g>");
    Ok(())
}

fn connector(
    out: &mut String,
    site: &Site,
    (p, from): (usize, &Slot),
    (d, to): (usize, &Slot),
    kind: LinkKind,
    critical: bool,
) -> fmt::Result {
    let (prerequisite, milestone) = (&site.milestones[p], &site.milestones[d]);
    let late = matches!((prerequisite.due(), milestone.due()), (Some(a), Some(b)) if a.end() > b.end());
    let ((x1, out1), (x2, in2)) = (attach(from), attach(to));
    let (y1, y2) = (from.mid(), to.mid());
    let reach = if x2 >= x1 && out1 > 0.0 { ((x2 - x1) * 0.5).max(18.0) } else { 18.0 };
    let mut class = String::from("tl-link");
    if kind == LinkKind::Depends {
        class.push_str(" tl-depends");
    }
    let arrow = match (critical, late) {
        (_, true) => "-late",
        (true, false) => "-critical",
        (false, false) => "",
    };
    if critical {
        class.push_str(" tl-critical");
    }
    if late {
        class.push_str(" tl-late");
    }
    write!(
        out,
        "<path class=\"{class}\" d=\"M{} {}C{} {} {} {} {} {}\" marker-end=\"url(#rb-tl-arrow{arrow})\">",
        N(x1),
        N(y1),
        N(x1 + out1 * reach),
        N(y1),
        N(x2 + in2 * 18.0),
        N(y2),
        N(x2),
        N(y2)
    )?;
    let verb = match kind {
        LinkKind::Supports => "supports",
        LinkKind::Depends => "is needed by",
    };
    let mut title = format!("{} {verb} {}", prerequisite.title, milestone.title);
    if critical {
        title.push_str(" (critical chain)");
    }
    if late {
        title.push_str(" (due after it)");
    }
    write!(out, "<title>{}</title></path>", esc(&title))
}

/// Where a connector meets a slot, and on which side: a dated bar at its due end
/// (from the right), an undated one at its left end (from the left).
fn attach(slot: &Slot) -> (f64, f64) {
    match slot.horizon {
        None => (slot.x1 + 1.0, 1.0),
        Some(_) => (slot.x0 - 1.0, -1.0),
    }
}

/// The vertical line at `as_of`, with its date in a flag at the top.
fn today(out: &mut String, as_of: Date, layout: &Layout) -> fmt::Result {
    let x = layout.axis.x(as_of);
    let label = format!("Today {as_of}");
    let w = text_width(&label) * 11.0 / 12.0 + 14.0;
    let left = (x - w / 2.0).clamp(layout.axis.left(), layout.axis.right() - w);
    let y = layout.bands.first().map_or(TOP + 4.0, |b| b.1 + 5.0);
    write!(
        out,
        "<g class=\"tl-now-line\"><line class=\"tl-today\" x1=\"{0}\" y1=\"{1}\" x2=\"{0}\" y2=\"{2}\"/>\
         <rect class=\"tl-today-flag\" x=\"{3}\" y=\"{4}\" width=\"{5}\" height=\"16\" rx=\"8\"/>\
         <text class=\"tl-today-text\" x=\"{6}\" y=\"{7}\" text-anchor=\"middle\">{label}</text></g>",
        N(x),
        N(TOP - 24.0),
        N(layout.bottom),
        N(left),
        N(y),
        N(w),
        N(left + w / 2.0),
        N(y + 12.0)
    )
}

/// One milestone: a link around its tooltip, bar, label and gates.
fn item(out: &mut String, m: &Milestone, slot: &Slot, root: &str) -> fmt::Result {
    let mut class = format!("tl-item tl-{}", m.status.as_str());
    for (on, name) in
        [(slot.point, " tl-point"), (slot.horizon.is_some(), " tl-undated-item"), (slot.clipped, " tl-clipped")]
    {
        if on {
            class.push_str(name);
        }
    }
    write!(
        out,
        "<a href=\"{}{}\" class=\"{class}\" tabindex=\"-1\"><title>{}</title>",
        esc(root),
        esc(&milestone_href(&m.id)),
        esc(&tooltip(m))
    )?;
    write!(
        out,
        "<rect class=\"tl-bar\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"2\"/>",
        N(slot.x0),
        N(slot.top + BAR_Y),
        N(slot.x1 - slot.x0),
        N(BAR_H)
    )?;
    let (before, after) = status_marks(m.status);
    write!(
        out,
        "<text class=\"tl-label\" x=\"{}\" y=\"{}\">{before}{}",
        N(slot.label_x),
        N(slot.top + LABEL_Y),
        esc(&slot.title)
    )?;
    if !after.is_empty() {
        write!(out, "<tspan class=\"tl-flag\">{after}</tspan>")?;
    }
    out.push_str("</text>");
    for &(k, x) in &slot.gates {
        let Some(g) = m.gates.get(k) else { continue };
        let y = slot.mid();
        let end = if x < slot.x0 { slot.x0 } else { slot.x1 };
        if x < slot.x0 - GATE_R || x > slot.x1 + GATE_R {
            hline(out, "tl-whisker", y, x, end)?;
        }
        gate(out, g, x, y)?;
    }
    out.push_str("</a>");
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
    let mut text = format!("{}\n{} · {due} · {track} · {}", m.title, m.status.label(), m.area);
    for g in &m.gates {
        let _ = write!(text, "\nGate {}: {}", g.date, GateView::new(g).decision_label);
    }
    text
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
