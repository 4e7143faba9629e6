//! Entry points for the fuzz targets (`fuzz/`) and the in-process mutation
//! test: not a stable API, hidden from the documentation. Each feeds bytes to
//! one loader the way a site on disk would reach it, then runs the rest of the
//! pipeline (validation, rendering of every output file) whenever the input is
//! valid. A panic, a hang or a diagnostic that cannot be placed is a finding,
//! so the checks here assert on purpose.

use crate::content::{self, front_matter, RawSite};
use crate::markdown::{self, Lookup, RefKind, Targets};
use crate::model::Date;
use crate::render::{self, Engine, RenderOptions};
use crate::validate;

const HOME: &[u8] = b"+++\ntitle = \"Home\"\n+++\n# Home\n\nSee [checkout](@milestone:checkout).\n";
const ROADMAP: &[u8] =
    b"[[milestone]]\nid = \"checkout\"\ntitle = \"Checkout\"\ntrack = \"business\"\ndue = \"2027-Q1\"\n";

/// What one run of the pipeline ended in.
#[derive(Debug, PartialEq, Eq)]
pub enum Outcome {
    /// The content had errors; every diagnostic was placed.
    Refused,
    /// The content was valid and this many output files rendered.
    Rendered(usize),
}

/// The default theme, compiled once and used for every input.
pub struct Harness {
    engine: Engine,
}

impl Default for Harness {
    fn default() -> Self {
        Self::new()
    }
}

impl Harness {
    /// Compiles the default theme.
    pub fn new() -> Self {
        let engine = render::engine(Vec::new()).unwrap_or_else(|_| panic!("the default theme compiles"));
        Harness { engine }
    }

    /// A site held in memory: `roadbook.toml` (if any) and files by their path under the root.
    pub fn site(&self, config: Option<&[u8]>, files: &[(&str, &[u8])]) -> Outcome {
        self.pipeline(&content::from_memory(config, files))
    }

    /// Validates `raw`; when valid, renders every output file. Every diagnostic must be placeable.
    fn pipeline(&self, raw: &RawSite) -> Outcome {
        let today = Date::parse("2026-11-24").unwrap_or_else(|| panic!("a valid date"));
        let options = validate::Options { drafts: true, ..validate::Options::on(today) };
        let (site, diagnostics) = match validate::validate(raw, &options, None) {
            Ok((site, diagnostics)) => (Some(site), diagnostics),
            Err(diagnostics) => (None, diagnostics),
        };
        for d in &diagnostics {
            assert!(d.place.line >= 1 && d.place.column >= 1 && !d.place.file.is_empty(), "{d:?}");
            let text = d.render_text();
            assert!(text.contains(&format!("{}:{}:{}", d.place.file, d.place.line, d.place.column)));
        }
        let Some(site) = site else { return Outcome::Refused };
        let pages = render::render(&site, &self.engine, &RenderOptions::default()).unwrap_or_else(|e| panic!("{e:?}"));
        assert!(!pages.is_empty());
        Outcome::Rendered(pages.len())
    }

    /// `roadbook.toml`.
    pub fn config(&self, data: &[u8]) {
        self.site(Some(data), &[("content/index.md", HOME), ("content/roadmap/business.toml", ROADMAP)]);
    }

    /// A narrative: the `+++` split, its front matter and the Markdown body.
    pub fn front_matter(&self, data: &[u8]) {
        if let Ok(text) = std::str::from_utf8(data) {
            if let Ok(split) = front_matter::split(text) {
                if let Some((start, end)) = split.front {
                    assert!(start <= end && end <= split.body_offset && text.is_char_boundary(start));
                    assert!(text.is_char_boundary(end));
                }
                assert!(split.body_offset <= text.len() && text.is_char_boundary(split.body_offset));
            }
        }
        self.site(
            None,
            &[
                ("content/index.md", HOME),
                ("content/narratives/fuzz.md", data),
                ("content/roadmap/business.toml", ROADMAP),
            ],
        );
    }

    /// A file under `content/roadmap/` (milestones, objectives, risks, decisions).
    pub fn roadmap(&self, data: &[u8]) {
        self.site(
            None,
            &[
                ("content/index.md", HOME),
                ("content/narratives/plan.md", b"# Plan\n\n## Tenets\n"),
                ("content/roadmap/fuzz.toml", data),
            ],
        );
    }

    /// Markdown rendering with `@` link rewriting and code highlighting.
    pub fn markdown(&self, data: &[u8]) {
        let Ok(text) = std::str::from_utf8(data) else { return };
        let rendered = markdown::render(text, &Fixture);
        for p in &rendered.problems {
            assert!(p.offset <= text.len(), "problem offset {} past the end", p.offset);
        }
        for a in &rendered.anchors {
            assert!(a.offset <= text.len());
        }
    }
}

/// The items a Markdown body may link to in `Harness::markdown`.
struct Fixture;

impl Targets for Fixture {
    fn item(&self, kind: RefKind, id: &str) -> Lookup {
        match (kind, id) {
            (RefKind::Milestone, "checkout") => Lookup::Found(0, "milestones/checkout/index.html".into()),
            (_, "hidden") => Lookup::Hidden,
            _ => Lookup::Missing(Some("checkout".into())),
        }
    }

    fn narrative(&self, content_path: &str) -> Lookup {
        match content_path {
            "narratives/plan.md" => Lookup::Found(0, "narratives/plan/index.html".into()),
            "narratives/hidden.md" => Lookup::Hidden,
            _ => Lookup::Missing(None),
        }
    }
}
