//! Release markers: a dashed vertical line at the date of each release on the
//! axis, where the bars of the milestones shipping in it end, with the
//! release's title in the heading row of the last track band; the marker
//! links to the release's page. Kept apart from the rest of the drawing, which
//! calls `markers` once.

use super::draw::N;
use super::layout::{truncate, Layout, BAND_H, TOP};
use crate::escape::html as esc;
use crate::model::{release_href, Date, Release, Site};
use std::fmt::{self, Write};

/// The room a label keeps from the next marker.
const LABEL_GAP: f64 = 8.0;
/// A label narrower than this is left out (the marker keeps its tooltip).
const MIN_LABEL_W: f64 = 24.0;

/// Every release on the axis (its index in `Site::releases`), by date, with the x of its marker.
pub(crate) fn placed(site: &Site, layout: &Layout) -> Vec<(usize, f64)> {
    let axis = &layout.axis;
    let end = |k: usize| site.releases[k].date.end();
    let mut list: Vec<(usize, f64)> = (0..site.releases.len())
        .filter(|&k| axis.contains(end(k)))
        .map(|k| (k, axis.x(Date::from_days(end(k).days() + 1))))
        .collect();
    list.sort_by(|a, b| (end(a.0), &site.releases[a.0].id).cmp(&(end(b.0), &site.releases[b.0].id)));
    list
}

/// The markers, each a link around its tooltip, line and label; nothing when the site has no release on the axis.
pub(crate) fn markers(out: &mut String, site: &Site, layout: &Layout, root: &str) -> fmt::Result {
    let placed = placed(site, layout);
    if placed.is_empty() {
        return Ok(());
    }
    let label_y = layout.bands.last().map_or(TOP + 16.0, |b| b.1 + BAND_H - 8.0);
    out.push_str("<g class=\"tl-releases\">");
    for (n, &(k, x)) in placed.iter().enumerate() {
        let release: &Release = &site.releases[k];
        let shipping = site.relations.release_milestones.get(k).map_or(0, Vec::len);
        let tooltip = format!(
            "Release {}: {}, {shipping} milestone{}",
            release.title,
            release.date,
            if shipping == 1 { "" } else { "s" }
        );
        write!(
            out,
            "<a href=\"{}{}\" class=\"tl-release\" tabindex=\"-1\"><title>{}</title>\
             <line class=\"tl-release-line\" x1=\"{x}\" y1=\"{}\" x2=\"{x}\" y2=\"{}\"/>",
            esc(root),
            esc(&release_href(&release.id)),
            esc(&tooltip),
            N(TOP - 24.0),
            N(layout.bottom),
            x = N(x),
        )?;
        let next = placed.get(n + 1).map_or(layout.axis.right(), |(_, x)| *x);
        let room = next - x - LABEL_GAP;
        if room >= MIN_LABEL_W {
            let label = truncate(&release.title, room);
            write!(
                out,
                "<text class=\"tl-release-text\" x=\"{}\" y=\"{}\">{}</text>",
                N(x + 4.0),
                N(label_y),
                esc(&label)
            )?;
        }
        out.push_str("</a>");
    }
    out.push_str("</g>");
    Ok(())
}
