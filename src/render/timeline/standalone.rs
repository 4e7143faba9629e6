//! `timeline.svg`: the page's drawing joined into one self-contained SVG
//! document to paste into slides: the axis, each track's band, each lane
//! under its name, the key, and a line on what the page lists apart.

use super::draw::{defs, rect, Drawing, Fill, FONT_FAMILY, N, STYLE};
use super::label::wrap;
use super::layout::{Layout, LINE_H, WIDTH};
use super::legend::Legend;
use crate::escape::html as esc;
use std::fmt::{self, Write};

const BAND_H: f64 = 30.0;
const MARGIN: f64 = 12.0;

/// The whole drawing as one XML document; links are relative to the site root.
pub(crate) fn document(drawing: &Drawing, summary: &str) -> String {
    let height = height(drawing);
    let mut out = String::with_capacity(8192 + STYLE.len() + drawing.layout.drawn() * 700);
    let (w, h) = (N(WIDTH + 2.0 * MARGIN), N(height + MARGIN));
    let _ = write!(
        out,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"rb-timeline\" \
         role=\"group\" aria-labelledby=\"rb-tl-title\" aria-describedby=\"rb-tl-desc\" width=\"{w}\" height=\"{h}\" \
         viewBox=\"0 0 {w} {h}\" font-family=\"{FONT_FAMILY}\" font-size=\"12\">\
         <title id=\"rb-tl-title\">Timeline of {}</title><desc id=\"rb-tl-desc\">{}</desc><style>{STYLE}</style>",
        esc(&drawing.site.config.title),
        esc(summary)
    );
    defs(&mut out);
    let _ = rect(&mut out, "tl-bg", 0.0, 0.0, WIDTH + 2.0 * MARGIN, height + MARGIN);
    let _ = write!(out, "<g transform=\"translate({MARGIN} {MARGIN})\">");
    let written = write_body(&mut out, drawing).expect("writing to a String cannot fail");
    debug_assert!((written - height).abs() < 0.01, "height() {height} and write_body() {written} agree");
    out.push_str("</g></svg>\n");
    out
}

/// The height `write_body` uses, known before it writes (the `<svg>` states it first).
fn height(drawing: &Drawing) -> f64 {
    let layout = drawing.layout;
    let bands =
        layout.lanes.windows(2).filter(|w| w[0].track != w[1].track).count() + usize::from(!layout.lanes.is_empty());
    let lanes: f64 = layout.lanes.iter().map(|l| lane_name(l.name).len() as f64 * LINE_H + 2.0 + l.height + 6.0).sum();
    let note = if apart(layout).is_some() { LINE_H + 6.0 } else { 0.0 };
    layout.axis_height() + bands as f64 * BAND_H + lanes + Legend::new(!layout.releases.is_empty()).height + note
}

fn lane_name(name: &str) -> Vec<String> {
    wrap(&super::capitalized(name), WIDTH)
}

/// What the page lists that the drawing leaves out, in words, if anything.
fn apart(layout: &Layout) -> Option<String> {
    let apart = layout.earlier.len() + layout.later.len();
    let undated: usize = layout.undated.iter().map(Vec::len).sum::<usize>() + layout.unscheduled.len();
    (apart + undated > 0).then(|| {
        format!(
            "Not drawn here: {apart} dated milestones outside {} to {} and {undated} undated ones, listed on the timeline page.",
            layout.axis.first_quarter(),
            layout.axis.last_quarter()
        )
    })
}

/// Everything below the margin; returns the height used.
fn write_body(out: &mut String, drawing: &Drawing) -> Result<f64, fmt::Error> {
    drawing.axis(out)?;
    let mut y = drawing.layout.axis_height();
    let mut track = None;
    for lane in &drawing.layout.lanes {
        if track != Some(lane.track) {
            track = Some(lane.track);
            let class = format!("tl-band-{}", lane.track.as_str());
            rect(out, &class, 0.0, y + 8.0, WIDTH, 2.0)?;
            let name = lane.track.as_str().to_uppercase();
            write!(out, "<text class=\"tl-band {class}\" x=\"0\" y=\"{}\">{name}</text>", N(y + 25.0))?;
            y += BAND_H;
        }
        let lines = lane_name(lane.name);
        write!(out, "<text class=\"tl-area\" x=\"0\" y=\"{}\">", N(y + LINE_H - 3.0))?;
        for (k, line) in lines.iter().enumerate() {
            write!(out, "<tspan x=\"0\" y=\"{}\">{}</tspan>", N(y + (k + 1) as f64 * LINE_H - 3.0), esc(line))?;
        }
        out.push_str("</text>");
        y += lines.len() as f64 * LINE_H + 2.0;
        write!(out, "<g class=\"tl-lane\" transform=\"translate(0 {})\">", N(y))?;
        drawing.lane(out, lane, Fill::Height(lane.height))?;
        out.push_str("</g>");
        y += lane.height;
        write!(out, "<line class=\"tl-rule\" x1=\"0\" y1=\"{0}\" x2=\"{1}\" y2=\"{0}\"/>", N(y), N(WIDTH))?;
        y += 6.0;
    }
    let legend = Legend::new(!drawing.layout.releases.is_empty());
    legend.write(out, y)?;
    y += legend.height;
    if let Some(text) = apart(drawing.layout) {
        write!(out, "<text class=\"tl-soft\" x=\"0\" y=\"{}\">{}</text>", N(y + LINE_H), esc(&text))?;
        y += LINE_H + 6.0;
    }
    Ok(y)
}

#[cfg(test)]
mod tests {
    use crate::model::*;
    use crate::render::timeline::fixture::{milestone, site};

    #[test]
    fn the_document_is_one_svg_with_every_lane_named() {
        let mut list = vec![
            milestone("a", Track::Business, "2027-Q1"),
            milestone("b", Track::Technology, "2027-02"),
            milestone("c", Track::Technology, "later"),
        ];
        list[1].area = "A very long area name that a gutter would have cut short".to_string();
        let site = site(list);
        let svg = crate::render::timeline::document(&site);
        assert!(svg.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns="));
        assert_eq!(svg.matches("<svg").count(), 1);
        assert!(svg.contains(">A very long area name that a gutter would have cut short</tspan>"));
        assert!(svg.contains(">BUSINESS</text>") && svg.contains(">TECHNOLOGY</text>"));
        assert!(svg.contains("Not drawn here: 0 dated milestones outside 2026-Q4 to 2027-Q3 and 1 undated ones"));
        assert!(svg.trim_end().ends_with("</g></svg>"));
    }
}
