//! Raw content to the validated model, collecting every diagnostic rather
//! than stopping at the first (STYLE habit 5).
//!
//! Order: config, then an `Index` of every id and content path, then each
//! item converted (in parallel; Markdown rendered once here), then checks
//! that need the whole graph (anchors, tracks, cycles) and the reverse edges.

mod checker;
mod edition;
mod graph;
mod index;
mod items;
mod lint;
mod paths;
mod prune;
mod reuse;
mod tags;

use crate::config::RawConfig;
use crate::content::raw::Str;
use crate::content::{RawNarrative, RawSite};
use crate::diagnostic::{self, did_you_mean, Code, Diagnostic};
use crate::highlight;
use crate::markdown::AnchorCheck;
use crate::model::*;
use checker::Checker;
use index::{index_ids, Index};
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap, HashSet};

pub(crate) use checker::is_slug;
pub(crate) use edition::for_edition;
pub(crate) use paths::output_folder;
pub(crate) use reuse::Cache;

/// What a validation run needs besides the content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Options {
    /// Include narratives marked `draft = true`.
    pub(crate) drafts: bool,
    /// Today, as the command layer read it: what `as_of` is when `roadbook.toml` does not set it.
    pub(crate) today: Date,
    /// Build for this audience (`--audience`): items meant for others are
    /// removed from the model. `None` is the full internal site.
    pub(crate) audience: Option<String>,
}

impl Options {
    /// A validation of the full site on `today`, without drafts.
    pub(crate) fn on(today: Date) -> Options {
        Options { drafts: false, today, audience: None }
    }
}

/// Whether an item with these `audiences` is shown to `audience` (absent = everyone).
pub(crate) fn visible_to(audiences: Option<&[Str]>, audience: Option<&str>) -> bool {
    match (audience, audiences) {
        (Some(name), Some(list)) => list.iter().any(|a| a.get_ref() == name),
        _ => true,
    }
}

/// Judges a site's content: the site with every diagnostic (warnings), or
/// `Err` with every diagnostic when any is an error.
///
/// Problems found while reading (syntax, unknown fields, wrong types) come
/// first, alone: like a compiler, roadbook does not judge meaning then, because
/// an item that could not be read would make every reference to it look
/// dangling, a cascade of false errors.
///
/// `reuse`, when given, holds work kept from earlier runs (the preview's
/// rebuilds) and receives this run's; the result is the same with it or without.
pub(crate) fn validate(
    raw: &RawSite,
    options: &Options,
    reuse: Option<&mut Cache>,
) -> Result<(Site, Vec<Diagnostic>), Vec<Diagnostic>> {
    if raw.diagnostics.iter().any(Diagnostic::is_error) {
        let mut errors = raw.diagnostics.clone();
        // One run names every mistake: what was read is judged too, and its
        // errors join the read errors, but not a reference to an item that
        // could not be read (it is there, only refused), and no warning yet.
        // When roadbook.toml itself could not be read, its defaults would
        // give false errors (an audience it defines), so nothing is judged.
        let config_unread = errors.iter().any(|d| d.place.file == crate::config::FILE_NAME);
        if !config_unread {
            let key = |d: &Diagnostic| (d.code, d.place.file.clone(), d.place.line, d.place.column, d.message.clone());
            let read: HashSet<_> = raw.diagnostics.iter().map(key).collect();
            let (_, judged) = judge(raw, options, reuse);
            let more = judged.into_iter().filter(|d| d.is_error() && d.code != Code::DanglingReference);
            errors.extend(more.filter(|d| !read.contains(&key(d))));
        }
        diagnostic::sort(&mut errors);
        return Err(errors);
    }
    let (site, diagnostics) = judge(raw, options, reuse);
    if diagnostics.iter().any(Diagnostic::is_error) {
        return Err(diagnostics);
    }
    Ok((site, diagnostics))
}

/// Validates content that was read without errors, collecting every diagnostic.
fn judge(raw: &RawSite, options: &Options, mut reuse: Option<&mut Cache>) -> (Site, Vec<Diagnostic>) {
    let mut diagnostics = raw.diagnostics.clone();
    let index = build_index(raw, options, &mut diagnostics);
    if let Some(cache) = reuse.as_deref_mut() {
        cache.start(reuse::Names::of(raw, &index));
    }
    let cache = reuse.as_deref();
    let index = Index { markdown: cache.map(Cache::markdown), ..index };
    let config = config(raw, &index, options, &mut diagnostics);
    let mut anchors: Vec<(usize, AnchorCheck)> = Vec::new();

    let converted: Vec<_> = raw
        .milestones
        .par_iter()
        .map(|m| {
            if let Some(hit) = cache.and_then(|c| c.milestone(m)) {
                return (*hit).clone();
            }
            let mut checker = Checker::new(&raw.files, m.file);
            (items::milestone(&mut checker, &index, &m.item), checker.diagnostics)
        })
        .collect();
    let kept = cache.map(|c| c.kept(&raw.milestones, &converted));
    crate::timing::mark("milestones converted (Markdown, highlighting)");
    let mut milestones = Vec::with_capacity(converted.len());
    let mut cites = Vec::with_capacity(converted.len());
    for (c, mut d) in converted {
        diagnostics.append(&mut d);
        anchors.extend(c.anchors);
        let mut narratives = c.narratives;
        if let Some(n) = &c.item.narrative {
            narratives.insert(0, n.narrative);
        }
        narratives.dedup();
        cites.push(narratives);
        milestones.push(c.item);
    }

    let objectives = collect(raw, &raw.objectives, &mut diagnostics, &mut anchors, items::objective);
    let risks = collect(raw, &raw.risks, &mut diagnostics, &mut anchors, |c, item| items::risk(c, &index, item));
    let decisions =
        collect(raw, &raw.decisions, &mut diagnostics, &mut anchors, |c, item| items::decision(c, &index, item));
    let releases =
        collect(raw, &raw.releases, &mut diagnostics, &mut anchors, |c, item| items::release(c, &index, item));
    ship_on_release_dates(raw, &mut milestones, &releases);
    let glossary = collect(raw, &raw.terms, &mut diagnostics, &mut anchors, |c, item| items::term(c, &index, item));
    let (narratives, home) = narratives(raw, &index, &mut diagnostics, &mut anchors);

    crate::timing::mark("other items and narratives converted");
    check_anchors(raw, &narratives, &anchors, &mut diagnostics);
    graph::wrong_track(raw, &milestones, &index.milestones.index, &mut diagnostics);
    graph::cycles(raw, &milestones, &mut diagnostics);

    let site = Site {
        config,
        milestones,
        objectives,
        risks,
        decisions,
        releases,
        narratives,
        home,
        glossary,
        tags: Vec::new(),
        relations: Relations::default(),
        milestone_index: index.milestones.index,
        hidden: HiddenIds::default(),
    };
    let site = Site { relations: graph::relations(&site, &cites), ..site };
    crate::timing::mark("relations");
    // Warnings judge the whole roadmap, whoever the build is for.
    diagnostics.extend(lint::warnings(raw, &site));
    if let Some(defined) = &site.config.tags {
        diagnostics.extend(tags::undefined(raw, defined));
    }
    // `allow` silences a warning whichever step found it (`highlight-skipped` comes from Markdown):
    // an item's own `allow` the warnings placed inside it, the site's everywhere.
    let mut items = item_allows(raw);
    diagnostics.retain(|d| !site.config.allow.contains(&d.code) && !items.silences(d));
    diagnostics.append(&mut items.errors);
    for d in diagnostics.iter_mut().filter(|d| !d.is_error() && site.config.deny.contains(&d.code)) {
        d.severity = diagnostic::Severity::Error;
        d.message.push_str(&format!(" (denied by [lint] in roadbook.toml: `{} = \"deny\"`)", d.code));
    }
    diagnostic::sort(&mut diagnostics);
    diagnostics.dedup();
    let hidden = prune::Hidden {
        milestones: &index.milestones.hidden,
        risks: &index.risks.hidden,
        decisions: &index.decisions.hidden,
        narratives: &index.narrative_hidden,
    };
    let mut site = prune::prune(site, cites, &hidden);
    site.tags = tags::table(&site);
    if let (Some(cache), Some(kept)) = (reuse, kept) {
        cache.keep(kept);
    }
    crate::timing::mark("validated");
    (site, diagnostics)
}

/// A milestone that names a `release` and has no `due` (nor `horizon`) is due on the release's
/// date, when that date is valid (an invalid one is its own error, and leaves it unscheduled).
fn ship_on_release_dates(raw: &RawSite, milestones: &mut [Milestone], releases: &[Release]) {
    for (m, located) in milestones.iter_mut().zip(&raw.milestones) {
        let (item, Some(k)) = (&located.item, m.release) else { continue };
        if item.due.is_some() || item.horizon.is_some() {
            continue;
        }
        if Due::parse(raw.releases[k].item.date.get_ref()).is_some() {
            m.schedule = Schedule::Due(releases[k].date);
        }
    }
}

fn collect<R: Sync + Send, T: Send>(
    raw: &RawSite,
    list: &[crate::content::Located<R>],
    diagnostics: &mut Vec<Diagnostic>,
    anchors: &mut Vec<(usize, AnchorCheck)>,
    convert: impl Fn(&mut Checker, &R) -> items::Converted<T> + Sync,
) -> Vec<T> {
    let converted: Vec<_> = list
        .par_iter()
        .map(|located| {
            let mut checker = Checker::new(&raw.files, located.file);
            (convert(&mut checker, &located.item), checker.diagnostics)
        })
        .collect();
    let mut out = Vec::with_capacity(converted.len());
    for (c, mut d) in converted {
        diagnostics.append(&mut d);
        anchors.extend(c.anchors);
        out.push(c.item);
    }
    out
}

fn build_index(raw: &RawSite, options: &Options, diagnostics: &mut Vec<Diagnostic>) -> Index<'static> {
    let mut index = Index {
        milestones: index_ids(raw, &raw.milestones, "milestone", |m| &m.id, diagnostics),
        objectives: index_ids(raw, &raw.objectives, "objective", |o| &o.id, diagnostics),
        risks: index_ids(raw, &raw.risks, "risk", |r| &r.id, diagnostics),
        decisions: index_ids(raw, &raw.decisions, "decision", |d| &d.id, diagnostics),
        releases: index_ids(raw, &raw.releases, "release", |r| &r.id, diagnostics),
        audiences: raw.config.audiences.keys().cloned().collect(),
        escape_raw_html: raw.config.markdown.as_ref().and_then(|m| m.raw_html.as_ref()).is_some_and(|r| !*r.get_ref()),
        ..Index::default()
    };
    if let Some(audience) = options.audience.as_deref() {
        let hide = |audiences: &Option<Vec<Str>>| !visible_to(audiences.as_deref(), Some(audience));
        index.milestones.hidden = raw.milestones.iter().map(|m| hide(&m.item.audiences)).collect();
        index.risks.hidden = raw.risks.iter().map(|r| hide(&r.item.audiences)).collect();
        index.decisions.hidden = raw.decisions.iter().map(|d| hide(&d.item.audiences)).collect();
    }
    let mut urls: HashMap<String, usize> = HashMap::new();
    for (i, n) in raw.narratives.iter().enumerate() {
        let place = raw.files[n.file].place(0);
        let url = output_folder(&n.content_path).unwrap_or_else(|| {
            let message = format!(
                "`content/{}` has a name with no letter or digit to make its URL from; rename it",
                n.content_path
            );
            diagnostics.push(Diagnostic::new(Code::InvalidValue, message, place.clone()));
            format!("{}/", n.content_path)
        });
        let top = url.split('/').next().unwrap_or_default();
        // The folders of the generator's own sections are not for narratives (`releases/` only
        // when the site has releases, so a site that keeps notes there without any is still valid).
        let reserved = Section::of_folder(top).is_some_and(|s| s != Section::Releases || !raw.releases.is_empty());
        if reserved {
            let message = format!(
                "`content/{}` would be written to `{url}`, which is a page roadbook generates; rename or move it",
                n.content_path
            );
            diagnostics.push(Diagnostic::new(Code::InvalidValue, message, place.clone()));
        }
        if let Some(&other) = urls.get(&url) {
            let message = format!(
                "`content/{}` and `content/{}` would both be written to `{url}index.html` (file names become \
                 lowercase URLs of letters, digits, `_` and `-`); rename one",
                raw.narratives[other].content_path, n.content_path
            );
            diagnostics.push(Diagnostic::new(Code::DuplicateId, message, place));
        }
        urls.entry(url.clone()).or_insert(i);
        index.narratives.insert(n.content_path.clone(), (i, url));
        let draft = n.front.draft.as_ref().is_some_and(|d| *d.get_ref());
        let shown = visible_to(n.front.audiences.as_deref(), options.audience.as_deref());
        index.narrative_hidden.push((draft && !options.drafts) || !shown);
    }
    index
}

fn config(raw: &RawSite, index: &Index, options: &Options, diagnostics: &mut Vec<Diagnostic>) -> Config {
    let c: &RawConfig = &raw.config;
    let mut config = Config {
        title: c.title.as_ref().map_or_else(|| "Roadmap".to_string(), |t| t.get_ref().trim().to_string()),
        mission: None,
        vision: None,
        base_url: "/".to_string(),
        as_of: options.today,
        highlight_theme: "InspiredGitHub".to_string(),
        compare: None,
        last_review: None,
        review_every_days: None,
        audiences: c.audiences.iter().map(|(k, v)| (k.clone(), v.get_ref().clone())).collect(),
        audience: None,
        indexable: false,
        allow: Vec::new(),
        deny: Vec::new(),
        tags: None,
        date_display: DateDisplay::Quarter,
    };
    config.audience = options.audience.as_ref().and_then(|name| {
        let found = config.audiences.iter().find(|(k, _)| k == name).cloned();
        if found.is_none() {
            // The command line checks this first (a usage error); this catches a
            // preview whose roadbook.toml lost the audience it is showing.
            let message = format!("audience `{name}` is not defined under [audiences] in roadbook.toml");
            let place = raw.config_file.map_or_else(
                || crate::diagnostic::Place::at(crate::config::FILE_NAME, "", 0),
                |f| raw.files[f].place(0),
            );
            diagnostics.push(Diagnostic::new(Code::InvalidValue, message, place));
        }
        found
    });
    let Some(file) = raw.config_file else { return config };
    let mut checker = Checker::new(&raw.files, file);
    config.mission = c.mission.as_ref().map(|m| checker.markdown(m, index).html);
    config.vision = c.vision.as_ref().map(|v| checker.markdown(v, index).html);
    if let Some(url) = &c.base_url {
        config.base_url = base_url(&mut checker, url).unwrap_or(config.base_url);
    }
    if let Some(as_of) = &c.as_of {
        config.as_of = checker.date(as_of, "as_of").unwrap_or(config.as_of);
    }
    if let Some(theme) = &c.highlight_theme {
        let names = highlight::theme_names();
        if names.contains(&theme.get_ref().as_str()) {
            config.highlight_theme = theme.get_ref().clone();
        } else {
            let hint = did_you_mean(theme.get_ref(), names.iter().copied());
            let message =
                format!("unknown highlight_theme `{}`: expected one of {}{hint}", theme.get_ref(), names.join(", "));
            checker.error(Code::InvalidValue, message, theme.span().start);
        }
    }
    if let Some(display) = &c.date_display {
        match DateDisplay::parse(display.get_ref()) {
            Some(d) => config.date_display = d,
            None => {
                let hint = did_you_mean(display.get_ref(), DateDisplay::NAMES.iter().copied());
                let message = format!(
                    "unknown date_display `{}`: expected one of {}{hint}",
                    display.get_ref(),
                    DateDisplay::NAMES.join(", ")
                );
                checker.error(Code::InvalidValue, message, display.span().start);
            }
        }
    }
    if let Some(rev) = &c.compare {
        match rev.get_ref().trim() {
            "" => checker.error(
                Code::InvalidValue,
                "compare must name a git revision, e.g. \"q3-review\"",
                rev.span().start,
            ),
            name => config.compare = Some(name.to_string()),
        }
    }
    config.last_review = c.last_review.as_ref().and_then(|d| checker.date(d, "last_review"));
    if let Some(days) = &c.review_every_days {
        if *days.get_ref() < 1 {
            checker.error(Code::InvalidValue, "review_every_days must be a positive number of days", days.span().start);
        } else {
            config.review_every_days = Some(*days.get_ref());
        }
    }
    if let Some(mb) = c.max_file_size_mb.as_ref().filter(|mb| *mb.get_ref() == 0) {
        checker.error(Code::InvalidValue, "max_file_size_mb must be a positive number of MB", mb.span().start);
    }
    config.allow = allowed_codes(&mut checker, &c.allow);
    lint_levels(&mut checker, &c.lint, &mut config);
    config.tags = tags::definitions(&mut checker, c.tags.as_ref());
    config.indexable = c.publish.as_ref().and_then(|p| p.indexable).unwrap_or(false);
    for (name, description) in &c.audiences {
        if !is_slug(name) {
            let message = format!("audience name `{name}` must be a lowercase slug");
            checker.error(Code::InvalidValue, message, description.span().start);
        }
    }
    diagnostics.append(&mut checker.diagnostics);
    config
}

fn base_url(checker: &mut Checker, url: &Str) -> Option<String> {
    crate::config::normalize_base_url(url.get_ref())
        .map_err(|e| checker.error(Code::InvalidValue, format!("invalid base_url: {e}"), url.span().start))
        .ok()
}

fn allowed_codes(checker: &mut Checker, allow: &[Str]) -> Vec<Code> {
    let mut codes = Vec::new();
    for name in allow {
        match Code::warning_named(name.get_ref()) {
            Ok(code) => codes.push(code),
            Err(_) if name.get_ref().parse::<Code>().is_ok() => {
                let message = format!(
                    "`{}` is an error, and only warnings can be allowed: fix what it reports instead",
                    name.get_ref()
                );
                checker.error(Code::InvalidValue, message, name.span().start);
            }
            Err(nearest) => {
                let hint = nearest.map_or_else(String::new, |c| format!("; did you mean `{c}`?"));
                let message = format!("`{}` is not a warning that can be allowed{hint}", name.get_ref());
                checker.error(Code::InvalidValue, message, name.span().start);
            }
        }
    }
    codes
}

/// The levels a `[lint]` table sets: `allow` joins the site-wide `allow` list, `deny` makes the
/// warning an error, `warn` keeps the default. A code named in both `allow = [...]` and `[lint]`
/// with another level is an error, since one of the two would be ignored.
fn lint_levels(checker: &mut Checker, lint: &BTreeMap<Str, Str>, config: &mut Config) {
    let listed = config.allow.clone();
    for (name, level) in lint {
        let code = match Code::warning_named(name.get_ref()) {
            Ok(code) => code,
            Err(_) if name.get_ref().parse::<Code>().is_ok() => {
                let message = format!(
                    "`{}` is an error, and [lint] sets levels of warnings only: fix what it reports instead",
                    name.get_ref()
                );
                checker.error(Code::InvalidValue, message, name.span().start);
                continue;
            }
            Err(nearest) => {
                let hint = nearest.map_or_else(String::new, |c| format!("; did you mean `{c}`?"));
                let message = format!("`{}` in [lint] is not a warning code{hint}", name.get_ref());
                checker.error(Code::InvalidValue, message, name.span().start);
                continue;
            }
        };
        match level.get_ref().as_str() {
            "allow" => config.allow.push(code),
            "warn" => {}
            "deny" => config.deny.push(code),
            other => {
                let hint = did_you_mean(other, diagnostic::LINT_LEVELS.iter().copied());
                let message =
                    format!("`{other}` is not a lint level for `{code}`: expected `allow`, `warn` or `deny`{hint}");
                checker.error(Code::InvalidValue, message, level.span().start);
                continue;
            }
        }
        if listed.contains(&code) && level.get_ref() != "allow" {
            let message = format!(
                "`{code}` is in `allow = [...]` and set to `{}` in [lint]: keep one (`allow = [...]` is short for level `allow`)",
                level.get_ref()
            );
            checker.error(Code::InvalidValue, message, name.span().start);
        }
    }
}

/// Where an item starts (line, column) and the warning codes it allows.
type ItemAllow = ((usize, usize), Vec<Code>);

/// The per-item `allow` lists: where each item starts, and what it silences.
#[derive(Default)]
struct ItemAllows {
    /// By file path: (line, column) where each item starts, in order, and the codes it allows.
    files: HashMap<String, Vec<ItemAllow>>,
    /// Unknown codes, or errors named, in the lists.
    errors: Vec<Diagnostic>,
}

impl ItemAllows {
    /// Whether `d` is a warning placed inside an item that allows its code: at or after the item's
    /// start and before the next item's (a narrative is one item, its whole file).
    fn silences(&self, d: &Diagnostic) -> bool {
        let Some(items) = (!d.is_error()).then(|| self.files.get(&d.place.file)).flatten() else { return false };
        let at = (d.place.line, d.place.column);
        let before = items.partition_point(|(start, _)| *start <= at);
        before > 0 && items[before - 1].1.contains(&d.code)
    }
}

/// Reads every item's `allow` (an unknown code, or an error's, is an error where it is written).
fn item_allows(raw: &RawSite) -> ItemAllows {
    let mut out = ItemAllows::default();
    let any = raw.milestones.iter().any(|m| !m.item.allow.is_empty())
        || raw.objectives.iter().any(|o| !o.item.allow.is_empty())
        || raw.risks.iter().any(|r| !r.item.allow.is_empty())
        || raw.decisions.iter().any(|d| !d.item.allow.is_empty())
        || raw.releases.iter().any(|r| !r.item.allow.is_empty())
        || raw.narratives.iter().any(|n| !n.front.allow.is_empty());
    if !any {
        // Nothing to silence: spare every build the table of where its items start.
        return out;
    }
    let mut add = |file: usize, start: usize, base: usize, allow: &[Str]| {
        let mut checker = Checker::with_base(&raw.files, file, base);
        let codes = allowed_codes(&mut checker, allow);
        out.errors.append(&mut checker.diagnostics);
        let source = &raw.files[file];
        let place = source.place(start);
        out.files.entry(source.path.clone()).or_default().push(((place.line, place.column), codes));
    };
    for m in &raw.milestones {
        add(m.file, m.start, 0, &m.item.allow);
    }
    for o in &raw.objectives {
        add(o.file, o.start, 0, &o.item.allow);
    }
    for r in &raw.risks {
        add(r.file, r.start, 0, &r.item.allow);
    }
    for d in &raw.decisions {
        add(d.file, d.start, 0, &d.item.allow);
    }
    for r in &raw.releases {
        add(r.file, r.start, 0, &r.item.allow);
    }
    for n in &raw.narratives {
        add(n.file, 0, n.front_offset, &n.front.allow);
    }
    for items in out.files.values_mut() {
        items.sort_by_key(|(start, _)| *start);
    }
    out
}

fn narratives(
    raw: &RawSite,
    index: &Index,
    diagnostics: &mut Vec<Diagnostic>,
    anchors: &mut Vec<(usize, AnchorCheck)>,
) -> (Vec<Narrative>, Option<usize>) {
    let converted: Vec<_> = raw.narratives.par_iter().map(|n| narrative(raw, index, n)).collect();
    let mut out = Vec::with_capacity(converted.len());
    for (narrative, mut d, a) in converted {
        diagnostics.append(&mut d);
        anchors.extend(a);
        out.push(narrative);
    }
    let home = out.iter().position(|n| n.content_path == "index.md");
    (out, home)
}

fn narrative(
    raw: &RawSite,
    index: &Index,
    n: &RawNarrative,
) -> (Narrative, Vec<Diagnostic>, Vec<(usize, AnchorCheck)>) {
    let mut checker = Checker::with_base(&raw.files, n.file, n.front_offset);
    let front = &n.front;
    let rendered = index.render(raw.body(n));
    for problem in &rendered.problems {
        let place = raw.files[n.file].place(n.body_offset + problem.offset);
        checker.diagnostics.push(Diagnostic::new(problem.code, problem.message.clone(), place));
    }
    for warning in &rendered.warnings {
        let place = raw.files[n.file].place(n.body_offset + warning.offset);
        checker.diagnostics.push(Diagnostic::new(warning.code, warning.message.clone(), place));
    }
    let anchors = rendered
        .anchors
        .iter()
        .map(|a| (n.file, AnchorCheck { offset: a.offset + n.body_offset, ..a.clone() }))
        .collect();
    let title = front
        .title
        .as_ref()
        .map(|t| t.get_ref().trim().to_string())
        .or_else(|| rendered.headings.iter().find(|h| h.level == 1).map(|h| h.title.clone()))
        .unwrap_or_else(|| file_stem(&n.content_path));
    let kind = front.kind.as_ref().and_then(|k| checker.one_of(k, "kind", NarrativeKind::parse, NarrativeKind::NAMES));
    checker.audiences(&front.audiences, &index.audiences);
    let narrative = Narrative {
        content_path: n.content_path.clone(),
        url: index.narratives[&n.content_path].1.clone(),
        title,
        kind: kind.unwrap_or(NarrativeKind::Note),
        date: front.date.as_ref().and_then(|d| checker.date(d, "date")),
        authors: front.authors.iter().map(|a| a.get_ref().clone()).collect(),
        weight: front.weight.as_ref().map_or(0, |w| *w.get_ref()),
        html: rendered.html,
        toc: rendered.headings,
        mentions: rendered.mentions,
    };
    (narrative, checker.diagnostics, anchors)
}

fn file_stem(path: &str) -> String {
    let name = path.rsplit('/').next().unwrap_or(path);
    name.strip_suffix(".md").unwrap_or(name).replace(['-', '_'], " ")
}

/// Every `#heading` link must name a heading of its narrative.
fn check_anchors(raw: &RawSite, narratives: &[Narrative], anchors: &[(usize, AnchorCheck)], out: &mut Vec<Diagnostic>) {
    let ids: Vec<HashSet<&str>> = narratives.iter().map(|n| n.toc.iter().map(|h| h.id.as_str()).collect()).collect();
    for (file, check) in anchors {
        if ids[check.narrative].contains(check.anchor.as_str()) {
            continue;
        }
        let target = &narratives[check.narrative];
        let hint = did_you_mean(&check.anchor, ids[check.narrative].iter().copied());
        let message = format!("`content/{}` has no heading `#{}`{hint}", target.content_path, check.anchor);
        out.push(Diagnostic::new(Code::DanglingReference, message, raw.files[*file].place(check.offset)));
    }
}
