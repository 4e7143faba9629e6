//! The timeline's key: a swatch and words for each status, gate decision,
//! kind of connector and the today line, wrapped in rows, with a note on how
//! bars and lines read.

use super::draw::{diamond, N};
use super::label::{text_width, wrap};
use super::layout::{BAR_H, LINE_H, WIDTH};
use crate::escape::html as esc;
use crate::model::*;
use std::fmt::{self, Write};

const ROW: f64 = 22.0;

/// What a legend entry shows beside its words.
#[derive(Clone, Copy)]
enum Swatch {
    Bar(Status),
    Gate(GateDecision),
    /// Connector classes and arrowhead.
    Line(&'static str, &'static str),
    Today,
    Release,
}

const KEY: &[(Swatch, &str)] = &[
    (Swatch::Bar(Status::Planned), "Planned"),
    (Swatch::Bar(Status::InProgress), "In progress"),
    (Swatch::Bar(Status::Done), "✓ Done"),
    (Swatch::Bar(Status::AtRisk), "At risk (hatched)"),
    (Swatch::Bar(Status::Blocked), "Blocked (cross-hatched)"),
    (Swatch::Bar(Status::Dropped), "Dropped"),
    (Swatch::Gate(GateDecision::Pending), "Gate pending"),
    (Swatch::Gate(GateDecision::Go), "Gate go"),
    (Swatch::Gate(GateDecision::NoGo), "Gate no-go"),
    (Swatch::Line("tl-link", ""), "Supports"),
    (Swatch::Line("tl-link tl-depends", ""), "Depends on"),
    (Swatch::Line("tl-link tl-critical", "-critical"), "Critical chain"),
    (Swatch::Line("tl-link tl-late", "-late"), "Due after what it serves"),
    (Swatch::Today, "Today"),
    (Swatch::Release, "Release"),
];

const NOTE: &str = "A bar runs from a milestone's start, or the start of the period it is due in, to its \
     due date; a bar cut square at an edge goes on beyond the chart. Lines join a milestone to what it needs \
     when you point at it or select it.";

/// The key, laid out in rows that fit the width.
pub(crate) struct Legend {
    places: Vec<(f64, usize)>,
    note: Vec<String>,
    pub(crate) height: f64,
}

impl Legend {
    /// The key; the release entry only when `releases` are drawn.
    pub(crate) fn new(releases: bool) -> Legend {
        let (mut x, mut row) = (0.0, 0);
        let mut places = Vec::with_capacity(KEY.len());
        for (_, label) in entries(releases) {
            let w = 34.0 + text_width(label, false) + 18.0;
            if x + w > WIDTH && x > 0.0 {
                (x, row) = (0.0, row + 1);
            }
            places.push((x, row));
            x += w;
        }
        let note = wrap(NOTE, WIDTH);
        let height = 8.0 + (row + 1) as f64 * ROW + note.len() as f64 * LINE_H + 8.0;
        Legend { places, note, height }
    }

    /// Writes the key below `top`.
    pub(crate) fn write(&self, out: &mut String, top: f64) -> fmt::Result {
        out.push_str("<g class=\"tl-legend\">");
        // Without releases `places` stops before the release entry, which comes last.
        for (&(swatch, label), &(x, row)) in KEY.iter().zip(&self.places) {
            let mid = top + 8.0 + ROW / 2.0 + row as f64 * ROW;
            entry(out, swatch, x, mid)?;
            let class = if matches!(swatch, Swatch::Bar(_)) { " class=\"tl-label\"" } else { "" };
            write!(out, "<text{class} x=\"{}\" y=\"{}\">{label}</text>", N(x + 34.0), N(mid + 4.0))?;
            if matches!(swatch, Swatch::Bar(_)) {
                out.push_str("</g>");
            }
        }
        let rows = self.places.last().map_or(0, |p| p.1) + 1;
        for (k, line) in self.note.iter().enumerate() {
            let y = top + 8.0 + rows as f64 * ROW + (k + 1) as f64 * LINE_H - 3.0;
            write!(out, "<text class=\"tl-soft\" x=\"0\" y=\"{}\">{}</text>", N(y), esc(line))?;
        }
        out.push_str("</g>");
        Ok(())
    }
}

fn entries(releases: bool) -> impl Iterator<Item = &'static (Swatch, &'static str)> {
    KEY.iter().filter(move |(swatch, _)| releases || !matches!(swatch, Swatch::Release))
}

/// The swatch of one entry, 26 wide from `x`, centred on `mid`; a bar opens a status
/// group (closed after its words, which take the status's text style).
fn entry(out: &mut String, swatch: Swatch, x: f64, mid: f64) -> fmt::Result {
    match swatch {
        Swatch::Bar(status) => write!(
            out,
            "<g class=\"tl-{}\"><rect class=\"tl-bar\" x=\"{}\" y=\"{}\" width=\"26\" height=\"{}\" rx=\"2\"/>",
            status.as_str(),
            N(x),
            N(mid - BAR_H / 2.0),
            N(BAR_H)
        ),
        Swatch::Gate(decision) => diamond(out, decision, x + 13.0, mid, ""),
        Swatch::Line(class, arrow) => write!(
            out,
            "<path class=\"{class} tl-legend-line\" d=\"M{} {}H{}\" marker-end=\"url(#rb-tl-arrow{arrow})\"/>",
            N(x),
            N(mid),
            N(x + 26.0)
        ),
        Swatch::Today | Swatch::Release => write!(
            out,
            "<line class=\"{class}\" x1=\"{0}\" y1=\"{1}\" x2=\"{0}\" y2=\"{2}\"/>",
            N(x + 13.0),
            N(mid - 8.0),
            N(mid + 8.0),
            class = if matches!(swatch, Swatch::Today) { "tl-today" } else { "tl-release-line" }
        ),
    }
}
