//! The roadmap linter's warnings (SPEC section 6): the principles a good
//! roadmap keeps. Runs on the validated model and points at the raw spans
//! (`validate` drops the codes a site silences with `allow`, these and others).

use super::checker::Checker;
use crate::content::raw::RawMilestone;
use crate::content::RawSite;
use crate::diagnostic::{Code, Diagnostic};
use crate::model::{Due, GateDecision, Milestone, OverdueReview, RiskStatus, Schedule, Site, Status, Track};
use std::collections::HashMap;

/// Every warning for the site, in no particular order.
pub(crate) fn warnings(raw: &RawSite, site: &Site) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let risked = managed_milestones(site);
    // The model's milestones are the raw ones converted, in the same order.
    for (i, located) in raw.milestones.iter().enumerate().take(site.milestones.len()) {
        let mut checker = Checker::new(&raw.files, located.file);
        milestone_warnings(site, raw, i, risked[i], &mut checker);
        out.append(&mut checker.diagnostics);
    }
    stale_review(raw, site, &mut out);
    duplicate_titles(raw, site, &mut out);
    release_warnings(raw, site, &mut out);
    out
}

/// `due-after-release` for each milestone due after the release it ships in (not for an idea:
/// a proposed milestone does not ship until it is accepted), and `overdue-gate` for each
/// release gate past its date and still pending.
fn release_warnings(raw: &RawSite, site: &Site, out: &mut Vec<Diagnostic>) {
    // A release whose date is invalid is that one error: nothing is judged against a fallback.
    let valid: Vec<bool> = raw.releases.iter().map(|r| Due::parse(r.item.date.get_ref()).is_some()).collect();
    for (m, located) in site.milestones.iter().zip(&raw.milestones) {
        let (Some(k), Some(due), Some(written)) = (m.release, m.due(), &located.item.due) else { continue };
        if written_status(m, &located.item).map_or(true, Status::is_proposed) {
            continue;
        }
        let release = &site.releases[k];
        if !valid[k] || due.end() <= release.date.end() {
            continue;
        }
        let message = format!(
            "milestone `{}` is due {due} ({}), after release `{}` ({}) that it ships in: move `due` to {} or earlier, or name a later release",
            m.id,
            due.end(),
            release.id,
            release.date.end(),
            release.date
        );
        out.push(Diagnostic::new(Code::DueAfterRelease, message, raw.files[located.file].place(written.span().start)));
    }
    for (release, located) in site.releases.iter().zip(&raw.releases) {
        let mut checker = Checker::new(&raw.files, located.file);
        for gate in release.gates.iter().filter(|g| g.decision == GateDecision::Pending && g.date < site.config.as_of) {
            let message = format!(
                "the gate of release `{}` was due {} and is still `pending`: record `go` or `no-go`, or move the date",
                release.id, gate.date
            );
            let at =
                located.item.gate.0.get(gate.written).map_or(located.item.id.span().start, |g| g.date.span().start);
            warn(&mut checker, Code::OverdueGate, message, at);
        }
        out.append(&mut checker.diagnostics);
    }
}

/// Each milestone whose title (trimmed, any case) an earlier milestone with another id already has.
fn duplicate_titles(raw: &RawSite, site: &Site, out: &mut Vec<Diagnostic>) {
    // Titles alike in any case: the folded title made once per milestone (`sort_title`).
    let mut first: HashMap<&str, usize> = HashMap::with_capacity(site.milestones.len());
    for (i, m) in site.milestones.iter().enumerate() {
        if m.title.is_empty() {
            continue;
        }
        let j = *first.entry(m.sort_title.as_str()).or_insert(i);
        if j == i || site.milestones[j].id == m.id {
            continue; // the first with this title, or the same id twice (a `duplicate-id` error)
        }
        let title_place = |k: usize| {
            let located = &raw.milestones[k];
            raw.files[located.file].place(located.item.title.span().start)
        };
        let earlier = title_place(j);
        let message = format!(
            "milestone `{}` has the same title as milestone `{}` ({}:{}): give each its own title",
            m.id, site.milestones[j].id, earlier.file, earlier.line
        );
        out.push(Diagnostic::new(Code::DuplicateTitle, message, title_place(i)));
    }
}

/// Which milestones an open (or escalated) risk names.
fn managed_milestones(site: &Site) -> Vec<bool> {
    let mut managed = vec![false; site.milestones.len()];
    for risk in site.risks.iter().filter(|r| matches!(r.status, RiskStatus::Open | RiskStatus::Escalated)) {
        risk.milestones.iter().for_each(|&m| managed[m] = true);
    }
    managed
}

fn warn(checker: &mut Checker, code: Code, message: String, offset: usize) {
    let place = checker.place(offset);
    checker.diagnostics.push(Diagnostic::new(code, message, place));
}

fn milestone_warnings(site: &Site, raw_site: &RawSite, i: usize, managed: bool, checker: &mut Checker) {
    let (m, raw) = (&site.milestones[i], &raw_site.milestones[i].item);
    // An idea under consideration is asked for nothing a plan needs (metrics, a customer need,
    // its pairing, a schedule) until it is accepted; with an invalid status, whether it is one is unknown.
    if written_status(m, raw).map_or(true, Status::is_proposed) {
        overdue_gate(site, m, raw, checker);
        return;
    }
    let at = raw.id.span().start;
    let id = &m.id;
    // An invalid field is one error already: no warning may take its fallback for the author's intent.
    let track = Track::parse(raw.track.get_ref()).map(|_| m.track);
    if track == Some(Track::Business) && raw.supported_by.is_empty() {
        let message = format!(
            "business milestone `{id}` names no technology in `supported_by`: which technology makes it possible?"
        );
        warn(checker, Code::UnsupportedBusiness, message, at);
    }
    if track == Some(Track::Technology) && site.relations.enables[i].is_empty() {
        let message = format!(
            "technology milestone `{id}` supports no business milestone: which customer outcome does it serve?"
        );
        warn(checker, Code::OrphanTechnology, message, at);
    }
    if m.metrics.is_empty() {
        let message =
            format!("milestone `{id}` has no success metric: add a `[[milestone.metric]]` saying how you will know");
        warn(checker, Code::MissingMetric, message, at);
    }
    if track == Some(Track::Business) && m.customer_need.is_none() {
        let message = format!("business milestone `{id}` has no `customer_need`: whose problem does it solve?");
        warn(checker, Code::MissingCustomerNeed, message, at);
    }
    if m.schedule == Schedule::Unscheduled && raw.due.is_none() && raw.horizon.is_none() && raw.release.is_none() {
        warn(checker, Code::Unscheduled, format!("milestone `{id}` has neither `due` nor `horizon`"), at);
    }
    if matches!(m.status, Status::AtRisk | Status::Blocked) && !managed {
        let message = format!(
            "milestone `{id}` is {} but no open risk names it: add a `[[risk]]` with a mitigation",
            m.status.as_str()
        );
        let offset = raw.status.as_ref().map_or(at, |s| s.span().start);
        warn(checker, Code::UnmanagedRisk, message, offset);
    }
    prerequisites(site, raw_site, m, raw, checker);
    late_for_objectives(site, m, raw, checker);
    overdue_gate(site, m, raw, checker);
}

/// The milestone's status, or `None` when the one written is invalid: that is an error
/// already, and no warning may act on the fallback.
fn written_status(m: &Milestone, raw: &RawMilestone) -> Option<Status> {
    match &raw.status {
        Some(written) if Status::parse(written.get_ref()).is_none() => None,
        _ => Some(m.status),
    }
}

/// What a milestone in the plan needs, through `supported_by` and `depends_on`: each one only
/// proposed (`proposed-dependency`), or due after it (`schedule-conflict`). Once the milestone
/// that needs them is `done` or `dropped`, its prerequisites are history, not risk.
fn prerequisites(site: &Site, raw_site: &RawSite, m: &Milestone, raw: &RawMilestone, checker: &mut Checker) {
    if matches!(m.status, Status::Done | Status::Dropped) {
        return;
    }
    let named =
        raw.supported_by.iter().map(|v| ("supported_by", v)).chain(raw.depends_on.iter().map(|v| ("depends_on", v)));
    for (field, value) in named {
        let Some(&j) = site.milestone_index.get(value.get_ref().as_str()) else { continue };
        let other = &site.milestones[j];
        let Some(other_status) = raw_site.milestones.get(j).and_then(|r| written_status(other, &r.item)) else {
            continue;
        };
        if other_status.is_proposed() {
            let (id, status, idea) = (&m.id, m.status.as_str(), &other.id);
            let message = format!(
                "`{id}` is {status}, but `{idea}`, which it needs through `{field}`, is only proposed: accept \
                 `{idea}` into the plan (give it a status other than `proposed`) or take it out of `{field}`"
            );
            warn(checker, Code::ProposedDependency, message, value.span().start);
            continue;
        }
        let Some(due) = m.due() else { continue };
        let Some(other_due) = other.due() else { continue };
        if other_due.end() <= due.end() {
            continue;
        }
        let days = other_due.end().days() - due.end().days();
        let message = format!(
            "`{}` is due {other_due}, {days} days after `{}` ({due}) which needs it through `{field}`",
            other.id, m.id
        );
        warn(checker, Code::ScheduleConflict, message, value.span().start);
    }
}

/// A milestone due after the period of an objective it serves ends. As with a schedule
/// conflict, a milestone already `done` or `dropped` is history, not risk.
fn late_for_objectives(site: &Site, m: &Milestone, raw: &RawMilestone, checker: &mut Checker) {
    if matches!(m.status, Status::Done | Status::Dropped) {
        return;
    }
    let Some(due) = m.due() else { return };
    for objective in m.objectives.iter().map(|&o| &site.objectives[o]) {
        let Some(period) = objective.period.filter(|p| p.end() < due.end()) else { continue };
        let Some(value) = raw.objectives.iter().find(|v| *v.get_ref() == objective.id) else { continue };
        let days = due.end().days() - period.end().days();
        let message = format!(
            "milestone `{}` is due {due}, {days} days after the period of objective `{}` ({period}) ends: \
             move the milestone, or the objective to a later period",
            m.id, objective.id
        );
        warn(checker, Code::LateForObjective, message, value.span().start);
    }
}

fn overdue_gate(site: &Site, m: &Milestone, raw: &RawMilestone, checker: &mut Checker) {
    for gate in m.gates.iter().filter(|g| g.decision == GateDecision::Pending && g.date < site.config.as_of) {
        let message = format!(
            "the gate of `{}` was due {} and is still `pending`: record `go` or `no-go`, or move the date",
            m.id, gate.date
        );
        let at = raw.gate.0.get(gate.written).map_or(raw.id.span().start, |g| g.date.span().start);
        warn(checker, Code::OverdueGate, message, at);
    }
}

fn stale_review(raw: &RawSite, site: &Site, out: &mut Vec<Diagnostic>) {
    let (Some(overdue), Some(file), Some(value)) =
        (site.config.review_overdue(), raw.config_file, &raw.config.last_review)
    else {
        return;
    };
    if raw.config.review_every_days.is_some() && site.config.review_every_days.is_none() {
        return; // an invalid cadence is its own error; the default one is not what the author asked for
    }
    let OverdueReview { last, age, every } = overdue;
    let message = format!("the roadmap was last reviewed {age} days ago ({last}); the cadence is every {every} days");
    out.push(Diagnostic::new(Code::StaleReview, message, raw.files[file].place(value.span().start)));
}
