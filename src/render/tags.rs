//! The tags' pages: `tags/index.html` lists every tag with its description
//! and counts, and `tags/SLUG/index.html` lists what carries one. Also the
//! filter the business, technology, objectives and risks pages offer: the
//! tags their items carry, as chips (`FilterChip`).

use super::context::{RefList, Refs};
use super::pages::{in_listing_order, in_register_order, RiskLink};
use crate::model::*;
use serde::Serialize;
use std::collections::BTreeMap;

/// The query that filters a view by a tag: `?tag=SLUG`, the slug percent-encoded.
fn filter_query(slug: &str) -> String {
    format!("?tag={}", url_path(slug))
}

/// A tag with what carries it, as the list of tags and its page show it.
#[derive(Serialize)]
struct TagView<'a> {
    name: &'a str,
    slug: &'a str,
    href: String,
    /// `?tag=SLUG`: append it to a view's `href` for that view filtered by this tag.
    query: String,
    description: Option<&'a str>,
    milestones: usize,
    objectives: usize,
    risks: usize,
}

impl<'a> TagView<'a> {
    fn new(t: &'a Tag) -> Self {
        TagView {
            name: &t.name,
            slug: &t.slug,
            href: tag_href(&t.slug),
            query: filter_query(&t.slug),
            description: t.description.as_deref(),
            milestones: t.milestones.len(),
            objectives: t.objectives.len(),
            risks: t.risks.len(),
        }
    }
}

#[derive(Serialize)]
pub(super) struct Tags<'a> {
    tags: Vec<TagView<'a>>,
}

/// Every tag, by name whatever its case (then as written, so the order is total).
pub(super) fn list(site: &Site) -> Tags<'_> {
    let mut list: Vec<&Tag> = site.tags.iter().collect();
    list.sort_by_cached_key(|t| (t.name.to_lowercase(), t.name.clone()));
    Tags { tags: list.into_iter().map(TagView::new).collect() }
}

#[derive(Serialize)]
pub(super) struct TagPage<'a> {
    tag: TagView<'a>,
    business: RefList,
    technology: RefList,
    objectives: RefList,
    risks: Vec<RiskLink<'a>>,
}

/// What carries tag `i`: milestones by track in listing order (date, weight, title), objectives and risks as listed elsewhere.
pub(super) fn page<'a>(site: &'a Site, refs: &'a Refs, i: usize) -> TagPage<'a> {
    let tag = &site.tags[i];
    let mut milestones = tag.milestones.clone();
    in_listing_order(site, &mut milestones);
    let on =
        |track| -> Vec<usize> { milestones.iter().copied().filter(|&m| site.milestones[m].track == track).collect() };
    TagPage {
        tag: TagView::new(tag),
        business: refs.list(&on(Track::Business)),
        technology: refs.list(&on(Track::Technology)),
        objectives: refs.objectives(&tag.objectives),
        risks: in_register_order(site, &tag.risks).into_iter().map(RiskLink::new).collect(),
    }
}

/// A tag the items of a view carry, as the view's filter offers it.
#[derive(Serialize)]
pub(super) struct FilterChip<'a> {
    name: &'a str,
    /// What the items' `data-tags` and the `?tag=` query name it by.
    slug: &'a str,
    /// How many of the view's items carry it.
    count: usize,
}

/// The filter of a view whose items carry these tags: each tag once, with how many items carry
/// it, by name whatever its case. Empty when no item has a tag (the view then offers no filter).
pub(super) fn filter<'a>(site: &'a Site, items: impl Iterator<Item = &'a [String]>) -> Vec<FilterChip<'a>> {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for name in items.flatten() {
        *counts.entry(name).or_default() += 1;
    }
    let mut chips: Vec<FilterChip> = counts
        .into_iter()
        .filter_map(|(name, count)| site.tag(name).map(|t| FilterChip { name: &t.name, slug: &t.slug, count }))
        .collect();
    chips.sort_by_cached_key(|c| (c.name.to_lowercase(), c.name));
    chips
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filter_queries_percent_encode_the_slug() {
        assert_eq!(filter_query("help-wanted"), "?tag=help-wanted");
        assert_eq!(filter_query("café"), "?tag=caf%C3%A9");
    }
}
