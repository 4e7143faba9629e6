//! The default theme, embedded in the binary so an installed roadbook works
//! anywhere: tera templates and one stylesheet from `themes/default/`; and
//! `Styles`, what a site's own `static/style.css` and `static/extra.css`
//! change of that stylesheet.

use crate::highlight;
use std::sync::Arc;

macro_rules! templates {
    ($($name:literal),+ $(,)?) => {
        &[$(($name, include_str!(concat!("../../themes/default/templates/", $name)))),+]
    };
}

/// Every template of the default theme, by name.
pub(crate) const THEME_TEMPLATES: &[(&str, &str)] = templates!(
    "base.html",
    "macros.html",
    "ref.html",
    "gate_ref.html",
    "objective_ref.html",
    "index.html",
    "business.html",
    "technology.html",
    "list.html",
    "timeline.html",
    "timeline.css",
    "timeline.js",
    "milestone.html",
    "narrative.html",
    "objectives.html",
    "objective.html",
    "objective_block.html",
    "releases.html",
    "release.html",
    "release_block.html",
    "risks.html",
    "decisions.html",
    "links.html",
    "glossary.html",
    "tags.html",
    "tag.html",
    "404.html",
    "search.html",
    "changes.html",
    "changes.xml",
);

const STYLE: &str = include_str!("../../themes/default/static/style.css");

/// The stylesheets of a site's `static/` that roadbook does more with than copy.
#[derive(Debug, Clone, Default)]
pub(crate) struct Styles {
    /// `static/style.css`: the site's own CSS in place of the theme's. The
    /// generated `style.css` is made of it, so the code highlighting colours
    /// still follow it.
    site: Option<Arc<Vec<u8>>>,
    /// `static/extra.css`: copied like any static file, and linked after
    /// `style.css` on every page (inlined after it in `404.html`).
    extra: Option<Arc<Vec<u8>>>,
}

impl Styles {
    /// Takes `style.css` out of a site's static files (`style.css` is
    /// generated from it instead) and notes `extra.css`, which stays to be copied.
    pub(crate) fn from_static(files: &mut Vec<(String, Vec<u8>)>) -> Styles {
        let site = files.iter().position(|(path, _)| path == STYLE_CSS).map(|at| Arc::new(files.remove(at).1));
        let extra = files.iter().find(|(path, _)| path == EXTRA_CSS).map(|(_, bytes)| Arc::new(bytes.clone()));
        Styles { site, extra }
    }

    /// Whether pages link `extra.css`.
    pub(crate) fn has_extra(&self) -> bool {
        self.extra.is_some()
    }

    /// The site's one stylesheet: the theme's CSS (or the site's own
    /// `static/style.css`), then the highlight theme's colours.
    pub(crate) fn stylesheet(&self, highlight_theme: &str) -> Vec<u8> {
        let css = self.site.as_deref().map_or(STYLE.as_bytes(), Vec::as_slice);
        let highlight =
            format!("\n/* Code highlighting: {highlight_theme} */\n{}", highlight::theme_css(highlight_theme));
        [css, highlight.as_bytes()].concat()
    }

    /// What `404.html` inlines in its `<style>` (it is served at any depth,
    /// where relative links to stylesheets would break): `stylesheet`, then
    /// `extra.css`. `</` is written `<\/` (the same in CSS), so no text of
    /// the site's CSS can close the element.
    pub(crate) fn inline(&self, highlight_theme: &str) -> String {
        let mut css = self.stylesheet(highlight_theme);
        if let Some(extra) = &self.extra {
            css.push(b'\n');
            css.extend_from_slice(extra);
        }
        String::from_utf8_lossy(&css).replace("</", "<\\/")
    }
}

/// The generated stylesheet's path.
pub(crate) const STYLE_CSS: &str = "style.css";
/// The site's additional stylesheet, when it has one.
pub(crate) const EXTRA_CSS: &str = "extra.css";

#[cfg(test)]
mod tests {
    use super::*;

    /// `Styles` of these static files, and the files left to copy.
    fn from_files(files: &[(&str, &str)]) -> (Styles, Vec<String>) {
        let mut files: Vec<(String, Vec<u8>)> =
            files.iter().map(|(path, text)| (path.to_string(), text.as_bytes().to_vec())).collect();
        let styles = Styles::from_static(&mut files);
        (styles, files.into_iter().map(|(path, _)| path).collect())
    }

    #[test]
    fn a_site_stylesheet_is_taken_from_the_files_to_copy_and_extra_css_stays() {
        let (styles, left) = from_files(&[("extra.css", "a{}"), ("logo.svg", "<svg/>"), ("style.css", "b{}")]);
        assert_eq!(left, ["extra.css", "logo.svg"]);
        assert!(styles.has_extra());
        let css = String::from_utf8(styles.stylesheet("InspiredGitHub")).unwrap();
        assert!(css.starts_with("b{}\n/* Code highlighting: InspiredGitHub */\n") && css.contains(".hl-comment"));
        let (default, _) = from_files(&[]);
        assert!(!default.has_extra());
        let css = String::from_utf8(default.stylesheet("InspiredGitHub")).unwrap();
        assert!(css.starts_with(STYLE) && css.contains(".hl-comment"));
    }

    #[test]
    fn the_inlined_css_cannot_close_its_style_element() {
        let (styles, _) = from_files(&[("style.css", "/* </style><script>x()</script> */"), ("extra.css", "p{}")]);
        let inline = styles.inline("InspiredGitHub");
        assert!(inline.starts_with("/* <\\/style><script>x()<\\/script> */\n"), "{inline:.80}");
        assert!(inline.ends_with("\np{}") && !inline.contains("</"));
    }
}
