//! Release markers: a dashed vertical line at the date of each release on
//! the axis, down every lane, where the bars of the milestones shipping in
//! it end. Under the axis, each release's title links to its page; a title
//! is shown whole, beside its line, and titles that would touch are stacked
//! in rows (the same interval packing as the lanes'), so none is cut or
//! left out. Kept apart from the rest of the drawing, which places the
//! markers once (`place`) and draws them (`labels`, `lines`).

use super::draw::N;
use super::label::text_width;
use super::layout::{pack, Axis, WIDTH};
use crate::escape::html as esc;
use crate::model::{release_href, Date, Site};
use std::fmt::{self, Write};

/// Height of a row of release titles under the axis.
pub(crate) const ROW_H: f64 = 15.0;
/// Room between a line and its title, and between two titles in a row.
const PAD: f64 = 4.0;
const GAP: f64 = 10.0;
/// Titles are drawn at 11 units, bold.
const SCALE: f64 = 11.0 / 12.0;

/// One release on the axis.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Marker {
    /// Its index in `Site::releases`.
    pub(crate) release: usize,
    pub(crate) x: f64,
    pub(crate) label_x: f64,
    pub(crate) row: usize,
}

/// Every release whose date is on the axis, by date, with where its line and title go;
/// and how many rows of titles there are.
pub(crate) fn place(site: &Site, axis: &Axis) -> (Vec<Marker>, usize) {
    let end = |k: usize| site.releases[k].date.end();
    let (first, last) = (axis.first_quarter().begin(), axis.last_quarter().end());
    let mut list: Vec<usize> = (0..site.releases.len()).filter(|&k| (first..=last).contains(&end(k))).collect();
    list.sort_by(|&a, &b| (end(a), &site.releases[a].id).cmp(&(end(b), &site.releases[b].id)));
    let mut markers: Vec<Marker> = list
        .into_iter()
        .map(|k| {
            let x = axis.x(Date::from_days(end(k).days() + 1)).min(WIDTH);
            let w = width(&site.releases[k].title);
            let label_x = if x + PAD + w <= WIDTH - 2.0 { x + PAD } else { (x - PAD - w).max(2.0) };
            Marker { release: k, x, label_x, row: 0 }
        })
        .collect();
    let extents: Vec<(f64, f64)> =
        markers.iter().map(|m| (m.label_x, m.label_x + width(&site.releases[m.release].title) + GAP)).collect();
    let (rows, count) = pack(&extents);
    for (marker, row) in markers.iter_mut().zip(rows) {
        marker.row = row;
    }
    (markers, count)
}

fn width(title: &str) -> f64 {
    text_width(&crate::escape::title_plain(title), true) * SCALE
}

/// The titles, each a link with its tooltip and a tick down to its row, in rows from `top`.
pub(crate) fn labels(out: &mut String, site: &Site, markers: &[Marker], top: f64, root: &str) -> fmt::Result {
    if markers.is_empty() {
        return Ok(());
    }
    out.push_str("<g class=\"tl-releases\">");
    for m in markers {
        let release = &site.releases[m.release];
        let shipping = site.relations.release_milestones.get(m.release).map_or(0, Vec::len);
        let plural = if shipping == 1 { "" } else { "s" };
        let title = crate::escape::title_plain(&release.title);
        let tooltip = format!("Release {title}: {}, {shipping} milestone{plural}", release.date);
        let bottom = top + (m.row + 1) as f64 * ROW_H;
        write!(
            out,
            "<a href=\"{}\" class=\"tl-release\" tabindex=\"-1\"><title>{}</title>\
             <line class=\"tl-release-line\" x1=\"{x}\" y1=\"{}\" x2=\"{x}\" y2=\"{}\"/>\
             <text class=\"tl-release-text\" x=\"{}\" y=\"{}\">{}</text></a>",
            esc(&format!("{root}{}", release_href(&release.id))),
            esc(&tooltip),
            N(top - 4.0),
            N(bottom),
            N(m.label_x),
            N(bottom - 4.0),
            esc(&title),
            x = N(m.x),
        )?;
    }
    out.push_str("</g>");
    Ok(())
}

/// The lines down a lane, `fill` tall.
pub(crate) fn lines(out: &mut String, markers: &[Marker], fill: impl fmt::Display) -> fmt::Result {
    for m in markers {
        write!(out, "<line class=\"tl-release-line\" x1=\"{0}\" y1=\"0\" x2=\"{0}\" y2=\"{fill}\"/>", N(m.x))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::*;
    use crate::render::timeline::fixture::site;

    fn release(id: &str, title: &str, date: &str) -> Release {
        Release {
            id: id.to_string(),
            title: title.to_string(),
            date: Due::parse(date).unwrap(),
            description: None,
            gates: Vec::new(),
        }
    }

    #[test]
    fn titles_that_would_touch_are_stacked_whole_and_off_axis_releases_left_out() {
        let mut site = site(Vec::new());
        site.releases = vec![
            release("a", "Winter release with a long name", "2027-02-10"),
            release("b", "v1.37", "2027-02-15"),
            release("c", "v2", "2027-09"),
            release("old", "v0", "2020-01"),
        ];
        let axis = Axis { first: Quarter::new(2026, 4).unwrap().index(), count: 4 };
        let (markers, rows) = place(&site, &axis);
        let placed: Vec<(usize, usize)> = markers.iter().map(|m| (m.release, m.row)).collect();
        assert_eq!(placed, vec![(0, 0), (1, 1), (2, 0)]);
        assert_eq!(rows, 2);
        let v2 = &markers[2];
        assert!(v2.x == WIDTH && v2.label_x + width("v2") < v2.x, "at the right edge the title goes left: {v2:?}");
        let mut out = String::new();
        labels(&mut out, &site, &markers, 60.0, "../").unwrap();
        assert!(out.contains(">Winter release with a long name</text>") && out.contains(">v1.37</text>"));
        assert!(out.contains("<a href=\"../releases/a/index.html\" class=\"tl-release\" tabindex=\"-1\">"));
    }
}
