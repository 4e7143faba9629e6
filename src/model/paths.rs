//! Where pages and items live in the output, relative to the site root: the
//! one place every page, export, feed and Markdown link takes them from,
//! with the table of the sections roadbook generates.

/// An output path as it goes into a URL: every byte but ASCII letters,
/// digits and `- . _ ~ /` percent-encoded. Narrative names are slugged, so
/// this only touches letters beyond ASCII (`café` -> `caf%C3%A9`), and a link
/// resolves the same over HTTP and from `file://`.
pub(crate) fn url_path(path: &str) -> String {
    use std::fmt::Write as _;
    let mut out = String::with_capacity(path.len());
    for &b in path.as_bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(char::from(b));
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// The home page.
pub(crate) const HOME_PAGE: &str = "index.html";
/// The page hosts serve for a missing path, at any depth.
pub(crate) const NOT_FOUND_PAGE: &str = "404.html";

/// A part of the site roadbook generates, with a folder of its own. (`pub`
/// because `render::Output` names page specs that carry one.)
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Section {
    Business,
    Technology,
    Timeline,
    Releases,
    Objectives,
    Risks,
    Decisions,
    Links,
    Changes,
    Glossary,
    Tags,
    Milestones,
    Search,
}

impl Section {
    /// Every section: those the navigation lists first, in its order.
    pub(crate) const ALL: [Section; 13] = [
        Section::Business,
        Section::Technology,
        Section::Timeline,
        Section::Releases,
        Section::Objectives,
        Section::Risks,
        Section::Decisions,
        Section::Links,
        Section::Changes,
        Section::Glossary,
        Section::Tags,
        Section::Milestones,
        Section::Search,
    ];

    /// The one table of sections: the folder (also the section's name in
    /// templates), the title, and whether the navigation lists it. Narratives
    /// may not take these folders (`validate`), pages are written into them
    /// (`render`), and the navigation is built from it.
    fn row(self) -> (&'static str, &'static str, bool) {
        match self {
            Section::Business => ("business", "Business", true),
            Section::Technology => ("technology", "Technology", true),
            Section::Timeline => ("timeline", "Timeline", true),
            // The list of releases; each release's page is in a folder of its own (`release_href`).
            Section::Releases => ("releases", "Releases", true),
            Section::Objectives => ("objectives", "Objectives", true),
            Section::Risks => ("risks", "Risks", true),
            Section::Decisions => ("decisions", "Decisions", true),
            Section::Links => ("links", "Links", true),
            Section::Changes => ("changes", "Changes", true),
            Section::Glossary => ("glossary", "Glossary", true),
            // The list of tags; each tag has a page in a folder of its own (`tag_href`).
            Section::Tags => ("tags", "Tags", true),
            // One page per milestone, each in a folder of its own (`milestone_href`).
            Section::Milestones => ("milestones", "Milestones", false),
            Section::Search => ("search", "Search", false),
        }
    }

    /// Its folder under the site root, and its name in templates.
    pub(crate) fn folder(self) -> &'static str {
        self.row().0
    }

    pub(crate) fn title(self) -> &'static str {
        self.row().1
    }

    /// Whether the navigation lists it (when the site has it).
    pub(crate) fn in_nav(self) -> bool {
        self.row().2
    }

    /// Its page, relative to the site root.
    pub(crate) fn href(self) -> String {
        format!("{}/index.html", self.folder())
    }

    /// The section whose folder this is, if any.
    pub(crate) fn of_folder(folder: &str) -> Option<Section> {
        Section::ALL.into_iter().find(|s| s.folder() == folder)
    }
}

/// The page of a narrative, from its output folder (`Narrative::url`).
pub(crate) fn narrative_href(folder: &str) -> String {
    format!("{}index.html", url_path(folder))
}

/// The page of a milestone.
pub(crate) fn milestone_href(id: &str) -> String {
    format!("{}/{id}/index.html", Section::Milestones.folder())
}

/// A milestone's anchor on the pages that list it as a card or a row
/// (business, technology, changes).
pub(crate) fn milestone_anchor(id: &str) -> String {
    format!("m-{id}")
}

/// The anchor of the "Exploring" section (the proposed milestones) of the
/// business and technology views, after the committed plan.
pub(crate) const EXPLORING_ANCHOR: &str = "exploring";

/// The "Exploring" section of a track's view.
pub(crate) fn exploring_href(track: super::Track) -> String {
    format!("{}#{EXPLORING_ANCHOR}", track.section().href())
}

/// What changed in a milestone, on the change report.
pub(crate) fn change_href(id: &str) -> String {
    format!("{}#{}", Section::Changes.href(), milestone_anchor(id))
}

/// The page of a release.
pub(crate) fn release_href(id: &str) -> String {
    format!("{}/{id}/index.html", Section::Releases.folder())
}

/// The page of an objective.
pub(crate) fn objective_href(id: &str) -> String {
    format!("{}/{id}/index.html", Section::Objectives.folder())
}

/// A risk's anchor on the risks page.
pub(crate) fn risk_anchor(id: &str) -> String {
    format!("risk-{id}")
}

/// A risk on the risks page.
pub(crate) fn risk_href(id: &str) -> String {
    format!("{}#{}", Section::Risks.href(), risk_anchor(id))
}

/// A decision's anchor on the decisions page.
pub(crate) fn decision_anchor(id: &str) -> String {
    format!("decision-{id}")
}

/// A decision on the decisions page.
pub(crate) fn decision_href(id: &str) -> String {
    format!("{}#{}", Section::Decisions.href(), decision_anchor(id))
}

/// The page of a tag, from its slug (`Tag::slug`, a folder name).
pub(crate) fn tag_href(slug: &str) -> String {
    format!("{}/{}/index.html", Section::Tags.folder(), url_path(slug))
}

/// A glossary term (by its anchor, `Term::anchor`) on the glossary page.
pub(crate) fn term_href(anchor: &str) -> String {
    format!("{}#{anchor}", Section::Glossary.href())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sections_have_one_folder_each_and_the_navigation_its_order() {
        let folders: std::collections::HashSet<&str> = Section::ALL.iter().map(|s| s.folder()).collect();
        assert_eq!(folders.len(), Section::ALL.len());
        assert_eq!(Section::of_folder("risks"), Some(Section::Risks));
        assert_eq!(Section::of_folder("narratives"), None);
        assert_eq!(Section::Glossary.href(), "glossary/index.html");
        let nav: Vec<&str> = Section::ALL.iter().filter(|s| s.in_nav()).map(|s| s.title()).collect();
        let expected = [
            "Business",
            "Technology",
            "Timeline",
            "Releases",
            "Objectives",
            "Risks",
            "Decisions",
            "Links",
            "Changes",
            "Glossary",
            "Tags",
        ];
        assert_eq!(nav, expected);
        assert_eq!(risk_href("r"), "risks/index.html#risk-r");
        assert_eq!(change_href("m"), "changes/index.html#m-m");
        assert_eq!(term_href("term-x"), "glossary/index.html#term-x");
        assert_eq!(milestone_href("m"), "milestones/m/index.html");
        assert_eq!(release_href("v1-37"), "releases/v1-37/index.html");
        assert_eq!(exploring_href(super::super::Track::Technology), "technology/index.html#exploring");
        assert_eq!(tag_href("café"), "tags/caf%C3%A9/index.html");
    }
}
