//! The default theme, embedded in the binary so an installed roadbook works
//! anywhere: tera templates and one stylesheet from `themes/default/`.

use crate::highlight;

macro_rules! templates {
    ($($name:literal),+ $(,)?) => {
        &[$(($name, include_str!(concat!("../../themes/default/templates/", $name)))),+]
    };
}

/// Every template of the default theme, by name.
pub const THEME_TEMPLATES: &[(&str, &str)] = templates!(
    "base.html",
    "macros.html",
    "ref.html",
    "gate_ref.html",
    "objective_ref.html",
    "index.html",
    "business.html",
    "technology.html",
    "timeline.html",
    "milestone.html",
    "narrative.html",
    "objectives.html",
    "objective.html",
    "objective_block.html",
    "risks.html",
    "decisions.html",
    "links.html",
    "glossary.html",
    "404.html",
    "search.html",
    "changes.html",
    "changes.xml",
);

const STYLE: &str = include_str!("../../themes/default/static/style.css");

/// The site's one stylesheet: the theme's CSS plus the highlight theme's colours.
pub fn stylesheet(highlight_theme: &str) -> String {
    format!("{STYLE}\n/* Code highlighting: {highlight_theme} */\n{}", highlight::theme_css(highlight_theme))
}
