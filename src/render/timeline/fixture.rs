//! Hand-built sites for the unit tests of the timeline and its parts.

use crate::model::*;

/// A planned milestone; `due` is a due date, `now`/`next`/`later`, or empty for unscheduled.
pub(crate) fn milestone(id: &str, track: Track, due: &str) -> Milestone {
    let schedule = match Horizon::parse(due) {
        Some(h) => Schedule::Horizon(h),
        None => Due::parse(due).map_or(Schedule::Unscheduled, Schedule::Due),
    };
    Milestone {
        id: id.to_string(),
        key: None,
        title: id.to_string(),
        sort_title: Milestone::folded(id),
        track,
        area: "General".to_string(),
        schedule,
        start: None,
        weight: None,
        status: Status::Planned,
        confidence: None,
        owner: None,
        customer_need: None,
        summary: None,
        description: None,
        objectives: Vec::new(),
        supported_by: Vec::new(),
        depends_on: Vec::new(),
        narrative: None,
        release: None,
        metrics: Vec::new(),
        links: Vec::new(),
        gates: Vec::new(),
        tags: Vec::new(),
        origin: Origin { file: 0, offset: 0 },
    }
}

/// A site as of 2026-11-24 holding `milestones`.
pub(crate) fn site(milestones: Vec<Milestone>) -> Site {
    let milestone_index = milestones.iter().enumerate().map(|(i, m)| (m.id.clone(), i)).collect();
    Site {
        config: Config {
            title: "Test".to_string(),
            mission: None,
            vision: None,
            base_url: "/".to_string(),
            as_of: Date::parse("2026-11-24").unwrap(),
            highlight_theme: "InspiredGitHub".to_string(),
            compare: None,
            last_review: None,
            review_every_days: None,
            audiences: Vec::new(),
            audience: None,
            indexable: false,
            allow: Vec::new(),
            deny: Vec::new(),
            tags: None,
            date_display: DateDisplay::Quarter,
        },
        milestones,
        objectives: Vec::new(),
        risks: Vec::new(),
        decisions: Vec::new(),
        releases: Vec::new(),
        narratives: Vec::new(),
        home: None,
        glossary: Vec::new(),
        tags: Vec::new(),
        relations: Relations::default(),
        milestone_index,
        hidden: Default::default(),
    }
}
