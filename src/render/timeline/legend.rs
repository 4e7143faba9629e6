//! The timeline's key: a swatch and words for each status, gate decision,
//! kind of connector and the today line, wrapped in rows, with a note on how
//! bars and lines read.

use super::draw::{diamond, N};
use super::layout::{text_width, BAR_H, MARGIN};
use crate::escape::html as esc;
use crate::model::*;
use std::fmt::{self, Write};

const ROW: f64 = 22.0;
/// The key wraps within this width, so it reads without scrolling on a laptop.
const WIDTH: f64 = 1100.0;

/// What a legend entry shows beside its words.
#[derive(Clone, Copy)]
enum Swatch {
    Bar(Status),
    Gate(GateDecision),
    /// Connector classes and arrowhead.
    Line(&'static str, &'static str),
    Today,
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
];

const NOTE: [&str; 2] = [
    "A bar runs from a milestone's start to its due date; a short bar marks one with only a due date.",
    "Lines end at the due date of the milestone that needs them. Select a milestone to open its page.",
];

/// The key, laid out in rows that fit the width.
pub(crate) struct Legend {
    places: Vec<(f64, usize)>,
    pub(crate) height: f64,
}

impl Legend {
    /// The key for a drawing `width` wide.
    pub(crate) fn new(width: f64) -> Legend {
        let width = width.min(WIDTH);
        let (mut x, mut row) = (12.0, 0);
        let mut places = Vec::with_capacity(KEY.len());
        for (_, label) in KEY {
            let w = 34.0 + text_width(label) + 18.0;
            if x + w > width - 12.0 && x > 12.0 {
                (x, row) = (12.0, row + 1);
            }
            places.push((x, row));
            x += w;
        }
        Legend { places, height: 16.0 + (row + 1 + NOTE.len()) as f64 * ROW + MARGIN }
    }

    /// Writes the key below `top`.
    pub(crate) fn write(&self, out: &mut String, top: f64) -> fmt::Result {
        out.push_str("<g class=\"tl-legend\">");
        for (&(swatch, label), &(x, row)) in KEY.iter().zip(&self.places) {
            let mid = top + 24.0 + row as f64 * ROW;
            entry(out, swatch, x, mid)?;
            let class = if matches!(swatch, Swatch::Bar(_)) { " class=\"tl-label\"" } else { "" };
            write!(out, "<text{class} x=\"{}\" y=\"{}\">{label}</text>", N(x + 34.0), N(mid + 4.0))?;
            if matches!(swatch, Swatch::Bar(_)) {
                out.push_str("</g>");
            }
        }
        let rows = self.places.last().map_or(0, |p| p.1) + 1;
        for (k, line) in NOTE.iter().enumerate() {
            let y = top + 28.0 + (rows + k) as f64 * ROW - 4.0 * k as f64;
            write!(out, "<text class=\"tl-soft\" x=\"12\" y=\"{}\">{}</text>", N(y), esc(line))?;
        }
        out.push_str("</g>");
        Ok(())
    }
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
        Swatch::Today => write!(
            out,
            "<line class=\"tl-today\" x1=\"{0}\" y1=\"{1}\" x2=\"{0}\" y2=\"{2}\"/>",
            N(x + 13.0),
            N(mid - 8.0),
            N(mid + 8.0)
        ),
    }
}
