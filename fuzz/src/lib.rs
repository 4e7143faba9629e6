//! The fuzz targets' bodies, shared by the libFuzzer binaries in
//! `fuzz_targets/`. Each feeds arbitrary bytes to one loader the way a site
//! on disk would reach it, then runs the rest of the pipeline (validation,
//! rendering of every output file) whenever the input is valid. A panic,
//! a hang or a diagnostic that cannot be placed is a finding.

use roadbook::content::{self, front_matter, RawSite};
use roadbook::markdown::{self, Lookup, RefKind, Targets};
use roadbook::model::Date;
use roadbook::render::{self, Engine, RenderOptions};
use roadbook::validate;
use std::sync::OnceLock;

const HOME: &[u8] = b"+++\ntitle = \"Home\"\n+++\n# Home\n\nSee [checkout](@milestone:checkout).\n";
const ROADMAP: &[u8] =
    b"[[milestone]]\nid = \"checkout\"\ntitle = \"Checkout\"\ntrack = \"business\"\ndue = \"2027-Q1\"\n";

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| render::engine(Vec::new()).unwrap_or_else(|_| panic!("the default theme compiles")))
}

/// Validates `raw`; when valid, renders every output file. Every diagnostic must be placeable.
pub fn pipeline(raw: &RawSite) {
    let today = Date::parse("2026-11-24").unwrap_or_else(|| panic!("a valid date"));
    let options = validate::Options { drafts: true, ..validate::Options::on(today) };
    let (site, diagnostics) = match validate::validate(raw, &options, None) {
        Ok((site, diagnostics)) => (Some(site), diagnostics),
        Err(diagnostics) => (None, diagnostics),
    };
    for d in &diagnostics {
        let text = d.render_text();
        assert!(text.contains(&format!("{}:{}:{}", d.place.file, d.place.line, d.place.column)));
    }
    let Some(site) = site else { return };
    let pages = render::render(&site, engine(), &RenderOptions::default()).unwrap_or_else(|e| panic!("{e:?}"));
    assert!(!pages.is_empty());
}

/// `roadbook.toml`.
pub fn config(data: &[u8]) {
    let raw =
        content::from_memory(Some(data), &[("content/index.md", HOME), ("content/roadmap/business.toml", ROADMAP)]);
    pipeline(&raw);
}

/// A narrative: the `+++` split, its front matter and the Markdown body.
pub fn front_matter(data: &[u8]) {
    if let Ok(text) = std::str::from_utf8(data) {
        if let Ok(split) = front_matter::split(text) {
            if let Some((start, end)) = split.front {
                assert!(start <= end && end <= split.body_offset && text.is_char_boundary(start));
                assert!(text.is_char_boundary(end));
            }
            assert!(split.body_offset <= text.len() && text.is_char_boundary(split.body_offset));
        }
    }
    let raw = content::from_memory(
        None,
        &[("content/index.md", HOME), ("content/narratives/fuzz.md", data), ("content/roadmap/business.toml", ROADMAP)],
    );
    pipeline(&raw);
}

/// A file under `content/roadmap/` (milestones, objectives, risks, decisions).
pub fn roadmap(data: &[u8]) {
    let raw = content::from_memory(
        None,
        &[
            ("content/index.md", HOME),
            ("content/narratives/plan.md", b"# Plan\n\n## Tenets\n"),
            ("content/roadmap/fuzz.toml", data),
        ],
    );
    pipeline(&raw);
}

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

/// Markdown rendering with `@` link rewriting and code highlighting.
pub fn markdown(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let rendered = markdown::render(text, &Fixture);
    for p in &rendered.problems {
        assert!(p.offset <= text.len(), "problem offset {} past the end", p.offset);
    }
    for a in &rendered.anchors {
        assert!(a.offset <= text.len());
    }
}
