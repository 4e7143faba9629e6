//! Rendering: the validated `Site` to pages in memory. Tera templates come
//! from the embedded default theme (`themes/default`), overridden by name by
//! the site's `templates/` (the defaults stay reachable as `default/NAME`).
//! Pages render in parallel; nothing here writes.

mod changes;
mod context;
mod export;
mod feed;
mod home;
mod pages;
mod releases;
mod search;
mod tags;
mod theme;
mod timeline;

use crate::diagnostic::{Code, Diagnostic, Place};
use crate::model::{Site, ROOT_MARK};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::HashMap;
use tera::Tera;

pub(crate) use context::Refs;
pub(crate) use pages::SiteView;
pub(crate) use theme::{Styles, THEME_TEMPLATES};

/// One output file: its path relative to the output folder, and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Page {
    pub(crate) path: String,
    pub(crate) bytes: Vec<u8>,
}

/// A user template: its name (path under `templates/`) and text.
pub(crate) struct Template {
    pub(crate) name: String,
    pub(crate) text: String,
}

/// `{{ m.title | inline_code }}`: a title as HTML, escaped, its `code` spans
/// in `<code>` (`escape::title_html`); safe, so not escaped again.
struct InlineCode;

impl tera::Filter for InlineCode {
    fn filter(
        &self,
        value: &tera::Value,
        _: &std::collections::HashMap<String, tera::Value>,
    ) -> tera::Result<tera::Value> {
        Ok(tera::Value::String(crate::escape::title_html(&filter_text(value))))
    }

    fn is_safe(&self) -> bool {
        true
    }
}

/// `{{ m.title | plain }}`: a title as text, its code spans without backticks
/// (`escape::title_plain`), for `<title>` and attributes; escaped as usual.
fn plain_title(value: &tera::Value, _: &std::collections::HashMap<String, tera::Value>) -> tera::Result<tera::Value> {
    Ok(tera::Value::String(crate::escape::title_plain(&filter_text(value)).into_owned()))
}

/// A filter's input as text: a string as it is, anything else as JSON would write it (null as nothing).
fn filter_text(value: &tera::Value) -> std::borrow::Cow<'_, str> {
    match value {
        tera::Value::String(s) => std::borrow::Cow::Borrowed(s),
        tera::Value::Null => std::borrow::Cow::Borrowed(""),
        other => std::borrow::Cow::Owned(other.to_string()),
    }
}

/// The prefix under which every default template is also registered
/// (`default/base.html`), for overrides that extend the default they replace.
pub(crate) const DEFAULTS: &str = "default/";

/// The compiled templates and the user overrides they came from (to place errors).
pub(crate) struct Engine {
    tera: Tera,
    overrides: Vec<Template>,
}

/// Compiles the theme with the user's overrides; errors name the template.
pub(crate) fn engine(overrides: Vec<Template>) -> Result<Engine, Vec<Diagnostic>> {
    let mut tera = Tera::default();
    tera.autoescape_on(vec![".html", ".xml"]);
    tera.set_escape_fn(crate::escape::html);
    tera.register_function("get_env", get_env);
    tera.register_filter("inline_code", InlineCode);
    tera.register_filter("plain", plain_title);
    if let Some(t) = overrides.iter().find(|t| t.name.starts_with(DEFAULTS)) {
        let message = format!(
            "`templates/{}`: the names under `{DEFAULTS}` are the default theme's own templates, which a site cannot replace; name your template `templates/{}` to override the default (it can still `{{% extends \"{}\" %}}`)",
            t.name,
            &t.name[DEFAULTS.len()..],
            t.name
        );
        return Err(vec![Diagnostic::new(
            Code::Template,
            message,
            Place::file_start(&format!("templates/{}", t.name)),
        )]);
    }
    // Every default under its name, where a site's template of the same name
    // replaces it, and, when the site has templates of its own, also under
    // `default/NAME`, which nothing replaces, so an override can extend the
    // default and change one block. (Without overrides nothing can name a
    // `default/` copy, and parsing the theme twice costs every build.)
    let copies = if overrides.is_empty() { 1 } else { 2 };
    let mut templates: Vec<(String, String)> = THEME_TEMPLATES
        .iter()
        .flat_map(|(name, text)| {
            [(name.to_string(), text.to_string()), (format!("{DEFAULTS}{name}"), text.to_string())]
                .into_iter()
                .take(copies)
        })
        .collect();
    for t in &overrides {
        match templates.iter_mut().find(|(name, _)| *name == t.name) {
            Some(slot) => slot.1 = t.text.clone(),
            None => templates.push((t.name.clone(), t.text.clone())),
        }
    }
    tera.add_raw_templates(templates).map_err(|e| vec![template_error(&e, &overrides, None)])?;
    Ok(Engine { tera, overrides })
}

/// Whether templates may read an environment variable: CI's own variables hold
/// its tokens, so only `ROADBOOK_*` and `CI` are visible (Hugo allows `HUGO_*` and `CI`).
fn env_visible(name: &str) -> bool {
    name.starts_with("ROADBOOK_") || name == "CI"
}

/// Tera's `get_env` limited to `env_visible` names. Any other name is an error
/// unless the call gives a `default`, which it then returns, as for an unset variable.
fn get_env(args: &HashMap<String, tera::Value>) -> tera::Result<tera::Value> {
    let Some(name) = args.get("name").and_then(tera::Value::as_str) else {
        return Err(tera::Error::msg("get_env needs a `name` that is a string"));
    };
    let value = env_visible(name).then(|| std::env::var(name).ok()).flatten();
    match (value, args.get("default")) {
        (Some(value), _) => Ok(tera::Value::String(value)),
        (None, Some(default)) => Ok(default.clone()),
        (None, None) if env_visible(name) => Err(tera::Error::msg(format!("environment variable `{name}` is not set"))),
        (None, None) => Err(tera::Error::msg(format!(
            "get_env cannot read `{name}`: templates see only variables named ROADBOOK_* and CI"
        ))),
    }
}

/// A tera error as a diagnostic at the user template it happened in (the line
/// and column of a syntax error), read from the places tera gives its errors as
/// values; `rendering` is the template being rendered, if any.
pub(crate) fn template_error(e: &tera::Error, overrides: &[Template], rendering: Option<&str>) -> Diagnostic {
    let chain = tera_errors(e);
    let message = summarize(&chain.iter().map(|(text, _)| text.as_str()).collect::<Vec<_>>().join("\n"));
    let places: Vec<&tera::ErrorPlace> = chain.iter().filter_map(|(_, place)| *place).collect();
    // Tera names templates from the outside in: the last that is the site's own is where the error is.
    let named = rendering.into_iter().chain(places.iter().filter_map(|p| p.template.as_deref()));
    let Some(template) = named.filter_map(|name| overrides.iter().find(|t| t.name == name)).next_back() else {
        return Diagnostic::new(Code::Template, message, Place::file_start("templates"));
    };
    let file = format!("templates/{}", template.name);
    let place = match places.iter().find_map(|p| p.line_col) {
        Some((line, column)) => {
            let offset: usize = template.text.split_inclusive('\n').take(line.saturating_sub(1)).map(str::len).sum();
            Place::at(&file, &template.text, offset + column.saturating_sub(1))
        }
        None => Place::file_start(&file),
    };
    Diagnostic::new(Code::Template, message, place)
}

/// The error and each error of its `source()` chain: its text, and its place when it is tera's and knows one.
fn tera_errors(e: &tera::Error) -> Vec<(String, Option<&tera::ErrorPlace>)> {
    let mut chain = vec![(e.to_string(), e.place())];
    let mut source = std::error::Error::source(e);
    while let Some(inner) = source {
        let place = inner.downcast_ref::<tera::Error>().and_then(tera::Error::place);
        chain.push((inner.to_string(), place));
        source = inner.source();
    }
    chain
}

/// One line from tera's multi-line message: the headline, the causes and pest's `= expected ...`.
fn summarize(full: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for line in full.lines().map(str::trim) {
        let line = line.strip_prefix("= ").unwrap_or(line);
        let pest_frame =
            line.starts_with("-->") || line.starts_with('|') || line.chars().next().is_some_and(|c| c.is_ascii_digit());
        if !line.is_empty() && !pest_frame && !parts.contains(&line) {
            parts.push(line);
        }
    }
    parts.join(": ")
}

/// Replaces every `ROOT_MARK` in a rendered page by the page's relative root,
/// in one pass (a page without any is returned as it is).
fn replace_root_mark(mut html: Vec<u8>, root: &str) -> Vec<u8> {
    // One searcher for the whole page: a page can hold hundreds of marks (its
    // references, the Narratives menu), and setting up a search per mark cost more
    // than the search.
    let marks: Vec<usize> = memchr::memmem::find_iter(&html, ROOT_MARK.as_bytes()).collect();
    if marks.is_empty() {
        return html;
    }
    let root = root.as_bytes();
    if root.len() > ROOT_MARK.len() {
        // A page more than four folders down: the page grows, so into a new buffer.
        let mut out = Vec::with_capacity(html.len() + marks.len() * (root.len() - ROOT_MARK.len()));
        let mut from = 0;
        for at in marks {
            out.extend_from_slice(&html[from..at]);
            out.extend_from_slice(root);
            from = at + ROOT_MARK.len();
        }
        out.extend_from_slice(&html[from..]);
        return out;
    }
    // In place, as the root is no longer than the mark: what is written never passes
    // what is still to be read (`to <= from`). Copying every page into a new buffer
    // was most of the bytes a build moved.
    let (mut to, mut from) = (marks[0], marks[0]);
    for at in marks {
        html.copy_within(from..at, to);
        to += at - from;
        html[to..to + root.len()].copy_from_slice(root);
        to += root.len();
        from = at + ROOT_MARK.len();
    }
    let end = html.len();
    html.copy_within(from..end, to);
    html.truncate(to + end - from);
    html
}

/// Options that change what pages contain.
#[derive(Debug, Clone, Default)]
pub(crate) struct RenderOptions {
    /// The comparison with a git revision (`build --compare`): adds the change
    /// report, its feed and the badges on changed milestones.
    pub(crate) changes: Option<std::sync::Arc<crate::history::Comparison>>,
    /// The site's own `static/style.css` and `static/extra.css`.
    pub(crate) styles: Styles,
}

/// A page to render: output path, template, and its context.
pub(crate) struct Job {
    pub(crate) path: String,
    pub(crate) template: &'static str,
    pub(crate) context: tera::Context,
}

/// One file of the output: a page, or a generated export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Output {
    Page(pages::Spec),
    Style,
    Json,
    TimelineSvg,
    Csv,
    Calendar,
    Sitemap,
    /// `changes/index.html`, when comparing with a revision.
    Changes,
    /// `changes.xml`, when comparing with a revision.
    ChangesFeed,
}

/// Every output file of the site with its path, in path order.
pub(crate) fn outputs(site: &Site) -> Vec<(String, Output)> {
    let mut list: Vec<(String, Output)> =
        pages::specs(site).into_iter().map(|spec| (pages::path(site, spec), Output::Page(spec))).collect();
    list.extend([
        (theme::STYLE_CSS.to_string(), Output::Style),
        ("roadmap.json".to_string(), Output::Json),
        ("timeline.svg".to_string(), Output::TimelineSvg),
        ("milestones.csv".to_string(), Output::Csv),
        ("roadmap.ics".to_string(), Output::Calendar),
        ("sitemap.xml".to_string(), Output::Sitemap),
    ]);
    list.sort_by(|a, b| a.0.cmp(&b.0));
    list
}

/// `outputs` plus the change report and feed when the options carry a comparison.
pub(crate) fn outputs_with(site: &Site, options: &RenderOptions) -> Vec<(String, Output)> {
    let mut list = outputs(site);
    if options.changes.is_some() {
        list.push((crate::model::Section::Changes.href(), Output::Changes));
        list.push((changes::FEED.to_string(), Output::ChangesFeed));
        list.sort_by(|a, b| a.0.cmp(&b.0));
    }
    list
}

/// The site-wide values every page sees as `site`; build it once per render.
pub(crate) fn site_view<'a>(site: &'a Site, options: &'a RenderOptions, refs: &'a Refs) -> SiteView<'a> {
    SiteView::new(site, refs, options.changes.as_deref(), &options.styles)
}

/// Renders every reference other pages list, once, in parallel (see `Refs`).
/// On failure the error is that of the first item in order, so it does not depend on thread timing.
pub(crate) fn refs(site: &Site, engine: &Engine) -> Result<Refs, Diagnostic> {
    refs_with(site, engine, None, &mut RefCache::default())
}

/// References rendered by one compiled set of templates, by template and
/// context (as JSON), kept between preview rebuilds: a rebuild renders again
/// only the references whose item changed. Start afresh when the templates change.
#[derive(Default)]
pub(crate) struct RefCache(HashMap<String, String>);

/// Like `refs`, reusing what `cache` holds and leaving this build's references in it.
pub(crate) fn refs_reusing(site: &Site, engine: &Engine, cache: &mut RefCache) -> Result<Refs, Diagnostic> {
    let mut next = RefCache::default();
    let refs = refs_with(site, engine, Some(cache), &mut next)?;
    *cache = next;
    Ok(refs)
}

/// One reference: its key in the cache (when there is one) and its HTML.
type Rendered = Result<(Option<String>, String), Diagnostic>;

fn render_ref(
    engine: &Engine,
    cache: Option<&RefCache>,
    template: &str,
    name: &str,
    value: &impl Serialize,
) -> Rendered {
    let failed = |e: &dyn std::fmt::Display| {
        Diagnostic::internal(template, format!("cannot pass a reference to `{template}`: {e}"))
    };
    let key = match cache {
        Some(_) => Some(format!("{template}\n{}", serde_json::to_string(value).map_err(|e| failed(&e))?)),
        None => None,
    };
    if let (Some(cache), Some(key)) = (cache, &key) {
        if let Some(html) = cache.0.get(key) {
            return Ok((Some(key.clone()), html.clone()));
        }
    }
    let mut context = tera::Context::new();
    context.try_insert(name, value).map_err(|e| failed(&e))?;
    context.insert("root", ROOT_MARK);
    let html =
        engine.tera.render(template, &context).map_err(|e| template_error(&e, &engine.overrides, Some(template)))?;
    // A reference sits inside `<li>` and running text: the newline an editor
    // ends a template with (or a comment on its own line) must not come along.
    let trimmed = html.trim();
    let html = if trimmed.len() == html.len() { html } else { trimmed.to_string() };
    Ok((key, html))
}

fn refs_with(site: &Site, engine: &Engine, old: Option<&RefCache>, next: &mut RefCache) -> Result<Refs, Diagnostic> {
    let milestones: Vec<Rendered> = site
        .milestones
        .par_iter()
        .map(|m| render_ref(engine, old, "ref.html", "r", &context::ItemRef::new(m, site.config.date_display)))
        .collect();
    let gates: Vec<Vec<Rendered>> = site
        .milestones
        .par_iter()
        .map(|m| {
            let gate = |g| pages::UpcomingGate {
                milestone: context::ItemRef::new(m, site.config.date_display),
                gate: context::GateView::new(g),
            };
            m.gates.iter().map(|g| render_ref(engine, old, "gate_ref.html", "g", &gate(g))).collect()
        })
        .collect();
    let objectives: Vec<Rendered> = site
        .objectives
        .iter()
        .map(|o| render_ref(engine, old, "objective_ref.html", "o", &pages::ObjectiveLink::new(o)))
        .collect();
    let mut keep = |list: Vec<Rendered>| -> Result<Vec<String>, Diagnostic> {
        list.into_iter()
            .map(|r| {
                let (key, html) = r?;
                if let Some(key) = key {
                    next.0.insert(key, html.clone());
                }
                Ok(html)
            })
            .collect()
    };
    let milestones = keep(milestones)?;
    let gates = gates.into_iter().map(&mut keep).collect::<Result<_, _>>()?;
    Ok(Refs { milestones, gates, objectives: keep(objectives)? })
}

/// Renders one output file. `paths` is every output path (for the sitemap).
pub(crate) fn render_one(
    site: &Site,
    engine: &Engine,
    options: &RenderOptions,
    view: &SiteView,
    (path, output): (&str, Output),
    paths: &[String],
) -> Result<Page, Diagnostic> {
    let bytes = match output {
        Output::Page(spec) => return render_job(engine, pages::job_for(site, spec, view)?),
        Output::Changes => return render_job(engine, changes::job(site, view)?),
        Output::ChangesFeed => match options.changes.as_deref() {
            Some(comparison) => render_template(engine, feed::TEMPLATE, &feed::Feed::new(site, comparison))?,
            None => Vec::new(),
        },
        Output::Style => options.styles.stylesheet(&site.config.highlight_theme),
        Output::Json => export::roadmap_json(site)
            .map_err(|e| Diagnostic::internal(path, format!("cannot write the model as JSON: {e}")))?,
        Output::TimelineSvg => timeline::document(site).into_bytes(),
        Output::Csv => export::milestones_csv(site),
        Output::Calendar => export::calendar(site),
        Output::Sitemap => export::sitemap(site, paths),
    };
    Ok(Page { path: path.to_string(), bytes })
}

/// Renders every output file of the site, in parallel, into memory, in path order.
pub(crate) fn render(site: &Site, engine: &Engine, options: &RenderOptions) -> Result<Vec<Page>, Vec<Diagnostic>> {
    let pages = std::sync::Mutex::new(Vec::new());
    let keep = |page: Page| {
        pages.lock().unwrap_or_else(|e| e.into_inner()).push(page);
        Ok::<(), Diagnostic>(())
    };
    let refs = refs(site, engine).map_err(|e| vec![e])?;
    render_each(site, engine, options, &refs, |_| true, keep).map_err(|e| vec![e])?;
    let mut pages = pages.into_inner().unwrap_or_else(|e| e.into_inner());
    pages.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(pages)
}

/// Renders every output file whose path `wanted` accepts, in parallel, and
/// hands each page to `sink` as soon as it is ready (nothing is kept, so a
/// build's memory does not grow with the size of the site). On failure the
/// error is that of the first failing output in path order, so it does not
/// depend on thread timing.
pub(crate) fn render_each<E: From<Diagnostic> + Send>(
    site: &Site,
    engine: &Engine,
    options: &RenderOptions,
    refs: &Refs,
    wanted: impl Fn(&str) -> bool + Sync,
    sink: impl Fn(Page) -> Result<(), E> + Sync,
) -> Result<(), E> {
    let mut outputs: Vec<(usize, (String, Output))> = outputs_with(site, options).into_iter().enumerate().collect();
    let paths: Vec<String> = outputs.iter().map(|(_, (p, _))| p.clone()).collect();
    // The site-wide pages and exports are the largest jobs: start them first, the
    // largest of all before the others, so that both cores finish together instead
    // of one ending on a long page.
    outputs.sort_by_key(|(i, (_, output))| (start_order(output), *i));
    let view = site_view(site, options, refs);
    let times = std::sync::Mutex::new(Vec::new());
    let failure = outputs
        .into_par_iter()
        // Every output its own task: a thread that runs out takes the next one. In
        // rayon's default chunks, one core rendered its last chunk alone for 0.1 s of
        // a 10,000-milestone build, the other idle.
        .with_max_len(1)
        .filter(|(_, (path, _))| wanted(path))
        .filter_map(|(i, (path, output))| {
            let started = crate::timing::on().then(std::time::Instant::now);
            let page = render_one(site, engine, options, &view, (&path, output), &paths);
            if let (Some(started), Ok(page)) = (started, &page) {
                let took = (page.path.clone(), started.elapsed(), page.bytes.len());
                times.lock().unwrap_or_else(|e| e.into_inner()).push(took);
            }
            page.map_err(E::from).and_then(&sink).err().map(|e| (i, e))
        })
        .min_by_key(|(i, _)| *i);
    crate::timing::mark("pages rendered and written");
    crate::timing::slowest(times.into_inner().unwrap_or_else(|e| e.into_inner()));
    failure.map_or(Ok(()), |(_, e)| Err(e))
}

/// When an output starts among the others: the largest first (roadmap.json and the
/// business, technology and timeline pages each took about a tenth of the rendering
/// of a 10,000-milestone build, timeline.svg and the links page about a thirtieth),
/// then the other site-wide pages and exports, then the milestones' own pages.
fn start_order(output: &Output) -> u8 {
    use crate::model::Section;
    use pages::Spec;
    match output {
        Output::Json | Output::TimelineSvg => 0,
        Output::Page(Spec::Section(Section::Business | Section::Technology | Section::Timeline | Section::Links)) => 0,
        Output::Page(Spec::Milestone(_)) => 2,
        _ => 1,
    }
}

/// A template that is not a page (no root to replace, no script to inject) with its context.
fn render_template(engine: &Engine, template: &str, value: &impl Serialize) -> Result<Vec<u8>, Diagnostic> {
    let context = tera::Context::from_serialize(value)
        .map_err(|e| Diagnostic::internal(template, format!("cannot pass the values to `{template}`: {e}")))?;
    let text =
        engine.tera.render(template, &context).map_err(|e| template_error(&e, &engine.overrides, Some(template)))?;
    Ok(text.into_bytes())
}

fn render_job(engine: &Engine, job: Job) -> Result<Page, Diagnostic> {
    // Into bytes, as the page is written: tera's `render` would check them again as
    // UTF-8 for a String, and start from 2 kB, copying a milestone page three times as it grows.
    let mut html = Vec::with_capacity(PAGE_BYTES);
    engine
        .tera
        .render_to(job.template, &job.context, &mut html)
        .map_err(|e| template_error(&e, &engine.overrides, Some(job.template)))?;
    let root = root_of(&job.path);
    Ok(Page { path: job.path, bytes: replace_root_mark(html, &root) })
}

/// Room made for a page before it is rendered: more than most milestone pages take.
const PAGE_BYTES: usize = 16 * 1024;

/// The relative path from a page to the site root: `a/b/index.html` -> `../../`.
pub(crate) fn root_of(path: &str) -> String {
    "../".repeat(path.matches('/').count())
}

/// Builds a job whose context is the shared base plus one typed page struct;
/// a value that cannot be passed to the template is an `internal` error.
pub(crate) fn job<T: Serialize>(
    site: &Site,
    view: &pages::SiteView,
    path: String,
    template: &'static str,
    section: &str,
    page: &T,
) -> Result<Job, Diagnostic> {
    let failed = |e: tera::Error| Diagnostic::internal(&path, format!("cannot pass the page to `{template}`: {e}"));
    let mut context = tera::Context::from_serialize(page).map_err(failed)?;
    if path == crate::model::NOT_FOUND_PAGE {
        // Hosts serve it at any depth: links are absolute under `base_url`, and
        // the stylesheet is inlined so the page is styled wherever it is shown.
        context.insert("root", &site.config.base_url);
        context.insert("inline_style", &view.styles.inline(&site.config.highlight_theme));
    } else {
        context.insert("root", &root_of(&path));
    }
    context.insert("section", section);
    let root = match path == crate::model::NOT_FOUND_PAGE {
        true => site.config.base_url.clone(),
        false => root_of(&path),
    };
    // `base.html` marks the narrative whose page this is (`href == n.href`).
    let current = match section == "narratives" {
        true => context.get("href").and_then(tera::Value::as_str).map(str::to_string),
        false => None,
    };
    // Other pages see the one made for the build, in the shared context.
    if let Some(menu) = view.narratives_menu(&root, path == crate::model::NOT_FOUND_PAGE, current.as_deref()) {
        context.insert("nav_narratives", &menu);
    }
    match &view.shared {
        Some(shared) => context.set_shared(shared.clone()),
        None => context.try_insert("site", view).map_err(failed)?,
    }
    context.insert("canonical", &canonical(site, &path));
    Ok(Job { path, template, context })
}

fn canonical(site: &Site, path: &str) -> Option<String> {
    let base = &site.config.base_url;
    if !base.starts_with("http") {
        return None;
    }
    Some(format!("{base}{}", crate::model::url_path(path.strip_suffix("index.html").unwrap_or(path))))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn root_of_counts_folders() {
        assert_eq!(root_of("index.html"), "");
        assert_eq!(root_of("milestones/x/index.html"), "../../");
    }

    #[test]
    fn get_env_sees_only_roadbook_variables_and_ci() {
        assert!(env_visible("ROADBOOK_VERSION") && env_visible("CI"));
        assert!(!env_visible("GITHUB_TOKEN") && !env_visible("roadbook_x") && !env_visible("CIRCLE_TOKEN"));
        let call = |pairs: &[(&str, &str)]| {
            let args = pairs.iter().map(|(k, v)| (k.to_string(), tera::Value::from(*v))).collect();
            get_env(&args).map_err(|e| e.to_string())
        };
        assert_eq!(
            call(&[("name", "PATH")]).unwrap_err(),
            "get_env cannot read `PATH`: templates see only variables named ROADBOOK_* and CI"
        );
        assert_eq!(call(&[("name", "PATH"), ("default", "none")]), Ok(tera::Value::from("none")));
    }

    #[test]
    fn root_mark_is_replaced_everywhere() {
        let page = format!("{ROOT_MARK}<a href=\"{ROOT_MARK}a\">x</a>{ROOT_MARK}{ROOT_MARK}b{ROOT_MARK}").into_bytes();
        let with = |root: &str| String::from_utf8(replace_root_mark(page.clone(), root)).expect("UTF-8");
        // In place (a root as long as the mark or shorter), and into a new buffer (longer).
        for root in ["", "../", "../../../../", "../../../../../", "x".repeat(40).as_str()] {
            assert_eq!(with(root), format!("{root}<a href=\"{root}a\">x</a>{root}{root}b{root}"));
        }
        assert_eq!(replace_root_mark(b"none @@".to_vec(), "../"), b"none @@");
    }

    /// A value serde refuses to write.
    struct Unwritable;

    impl Serialize for Unwritable {
        fn serialize<S: serde::Serializer>(&self, _: S) -> Result<S::Ok, S::Error> {
            Err(serde::ser::Error::custom("refused"))
        }
    }

    fn small_site() -> Site {
        let config = b"title = \"T\"\nas_of = \"2026-11-24\"\n";
        let raw = crate::content::from_memory(Some(config), &[]);
        let options = crate::validate::Options::on(crate::model::Date::from_days(0));
        crate::validate::validate(&raw, &options, None).map(|(site, _)| site).expect("a valid site")
    }

    #[test]
    fn a_page_that_cannot_be_passed_to_its_template_is_an_error_not_an_empty_page() {
        let site = small_site();
        let refs = Refs::default();
        let styles = Styles::default();
        let view = SiteView::new(&site, &refs, None, &styles);
        let Err(d) = job(&site, &view, "index.html".to_string(), "index.html", "home", &Unwritable) else {
            panic!("an unwritable page made a job");
        };
        assert_eq!(
            d.render_text(),
            "error[internal]: cannot pass the page to `index.html`: refused; this is a bug in roadbook, please report it\n --> index.html:1:1\n"
        );
        let Err(d) = job(&site, &view, "a/index.html".to_string(), "index.html", "home", &"not a table") else {
            panic!("a page that is not a table made a job");
        };
        assert_eq!(d.code, crate::diagnostic::Code::Internal);
    }

    #[test]
    fn a_reference_that_cannot_be_written_is_an_error_not_an_empty_cache_key() {
        let engine = engine(Vec::new()).unwrap();
        for cache in [None, Some(&RefCache::default())] {
            let d = render_ref(&engine, cache, "ref.html", "r", &Unwritable).unwrap_err();
            assert_eq!(
                d.message,
                "cannot pass a reference to `ref.html`: refused; this is a bug in roadbook, please report it"
            );
        }
    }

    fn overrides(list: &[(&str, &str)]) -> Vec<Template> {
        list.iter().map(|(name, text)| Template { name: name.to_string(), text: text.to_string() }).collect()
    }

    /// The place of the error that compiling these overrides gives.
    fn compile_error_at(list: &[(&str, &str)]) -> String {
        let Err(d) = engine(overrides(list)) else { panic!("compiled") };
        let p = &d[0].place;
        format!("{}:{}:{}", p.file, p.line, p.column)
    }

    #[test]
    fn template_errors_are_placed_from_tera_s_values() {
        let syntax = [("ok.html", "fine"), ("part.html", "one\ntwo {{ oops( }}\n")];
        assert_eq!(compile_error_at(&syntax), "templates/part.html:2:14");
        let missing = [("index.html", "{% extends \"base.html\" %}{% import \"gone.html\" as g %}")];
        assert_eq!(compile_error_at(&missing), "templates/index.html:1:1");
        assert_eq!(compile_error_at(&[("index.html", "{% extends \"nope.html\" %}")]), "templates/index.html:1:1");
    }

    #[test]
    fn a_render_error_is_placed_in_the_user_template_it_happened_in() {
        let list = [
            ("m.html", "{% macro bad() %}{{ 1 + true }}{% endmacro bad %}"),
            ("ref.html", "{% import \"m.html\" as m %}{{ m::bad() }}"),
        ];
        let d = render_ref(&engine(overrides(&list)).unwrap(), None, "ref.html", "r", &0).unwrap_err();
        assert_eq!((d.place.file.as_str(), d.code), ("templates/m.html", Code::Template));
        let page = [("ref.html", "{{ r.nope }}")];
        let d = render_ref(&engine(overrides(&page)).unwrap(), None, "ref.html", "r", &0).unwrap_err();
        assert_eq!(d.render_text(), "error[template]: Failed to render 'ref.html': Variable `r.nope` not found in context while rendering 'ref.html'\n --> templates/ref.html:1:1\n");
    }
}
