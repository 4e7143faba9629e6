//! A synthetic roadmap of any size, made in the test (the shared
//! `gen_corpus.py` is not part of the repository): milestones of both tracks
//! over seventeen areas (two with long names), due from two years before
//! `as_of` to five years after as quarters, months and days, some with a
//! start, a gate, tags, a horizon or no date at all; business milestones
//! supported by technology ones, technology ones depending on earlier ones.
//! Titles run from two words to seventeen. A fixed seed gives the same site.

use crate::harness::Site;
use std::fmt::Write;

const BUSINESS: &[&str] = &[
    "Analytics",
    "Billing",
    "Compliance",
    "Enterprise",
    "Growth",
    "Marketplace",
    "Mobile",
    "Onboarding",
    "Partners and resellers in every launch market",
    "Payments",
];
const TECHNOLOGY: &[&str] = &[
    "Data platform",
    "Developer experience",
    "Economics",
    "Infrastructure",
    "Integrations",
    "Safety and soundness of the ledger under concurrent writes",
    "Security",
];
const WORDS: &[&str] = &[
    "instant",
    "payouts",
    "for",
    "finance",
    "teams",
    "multi-currency",
    "invoicing",
    "pricing",
    "tier",
    "launch",
    "general",
    "availability",
    "in",
    "Canada",
    "Spain",
    "France",
    "the",
    "Netherlands",
    "audit",
    "log",
    "export",
    "customer",
    "portal",
    "redesign",
    "beta",
    "smart",
    "dunning",
    "mid-market",
    "accounting",
    "sync",
    "with",
    "Xerox",
    "QuickBooks",
    "and",
    "Sage",
    "p99",
    "latency",
    "under",
    "200 ms",
    "from",
    "1.8 s",
    "SOC 2",
    "Type II",
    "report",
    "zero",
    "exceptions",
    "single",
    "sign-on",
    "enterprise",
    "accounts",
    "tenant",
    "directory",
    "v2",
];

/// A small deterministic generator (64-bit LCG, high bits).
struct Random(u64);

impl Random {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        ((self.0 >> 33) % n as u64) as usize
    }

    fn pick<'a>(&mut self, list: &[&'a str]) -> &'a str {
        list[self.below(list.len())]
    }
}

/// A site of `count` milestones, as of 2026-11-24.
pub fn roadmap(count: usize, seed: u64) -> Site {
    let mut random = Random(seed);
    let mut toml = String::new();
    let mut technology: Vec<(usize, i32)> = Vec::new();
    for i in 0..count {
        let business = i % 2 == 0;
        let area = random.pick(if business { BUSINESS } else { TECHNOLOGY });
        let length = 2 + random.below(8) + if random.below(6) == 0 { 7 } else { 0 };
        let mut title: Vec<&str> = (0..length).map(|_| random.pick(WORDS)).collect();
        title[0] = if business { "Launch" } else { "Platform" };
        // Quarters from 2024-Q4 to 2031-Q4, most of them within two years of as_of.
        let quarter = if random.below(10) == 0 { random.below(29) as i32 } else { 5 + random.below(12) as i32 };
        let (year, q) = (2024 + (quarter + 3) / 4, (quarter + 3) % 4 + 1);
        let _ = write!(
            toml,
            "[[milestone]]\nid = \"m{i}\"\ntitle = \"{}\"\ntrack = \"{}\"\narea = \"{area}\"\n",
            title.join(" "),
            if business { "business" } else { "technology" }
        );
        match random.below(50) {
            0 => toml.push_str("horizon = \"next\"\n"),
            1 => toml.push_str("horizon = \"later\"\n"),
            2 => {}
            3..=17 => {
                let month = (q - 1) * 3 + 1 + random.below(3) as i32;
                let _ = writeln!(toml, "due = \"{year}-{month:02}-{:02}\"", 1 + random.below(28));
            }
            18..=32 => {
                let _ = writeln!(toml, "due = \"{year}-{:02}\"", (q - 1) * 3 + 1 + random.below(3) as i32);
            }
            _ => {
                let _ = writeln!(toml, "due = \"{year}-Q{q}\"");
            }
        }
        if random.below(5) == 0 && quarter > 1 {
            let back = 1 + random.below(quarter.min(4) as usize) as i32;
            let (y, s) = (2024 + (quarter - back + 3) / 4, (quarter - back + 3) % 4 + 1);
            let _ = writeln!(toml, "start = \"{y}-Q{s}\"");
        }
        let status = ["planned", "planned", "in-progress", "done", "at-risk", "blocked", "dropped"];
        let status = if quarter < 8 && random.below(3) > 0 { "done" } else { random.pick(&status) };
        let _ = writeln!(toml, "status = \"{status}\"");
        if random.below(4) == 0 {
            let _ = writeln!(toml, "tags = [\"{}\"]", ["growth", "platform bet", "compliance"][random.below(3)]);
        }
        let earlier: Vec<&(usize, i32)> = technology.iter().filter(|(_, q)| *q <= quarter).collect();
        if !earlier.is_empty() {
            let picks: Vec<String> =
                (0..1 + random.below(2)).map(|_| format!("\"m{}\"", earlier[random.below(earlier.len())].0)).collect();
            let mut picks = picks;
            picks.dedup();
            let field = if business { "supported_by" } else { "depends_on" };
            if business || random.below(2) == 0 {
                let _ = writeln!(toml, "{field} = [{}]", picks.join(", "));
            }
        }
        if random.below(10) == 0 {
            let _ =
                write!(toml, "\n[milestone.gate]\ndate = \"{year}-{:02}-15\"\ncriteria = \"Ready\"\n", (q - 1) * 3 + 1);
        }
        toml.push('\n');
        if !business {
            technology.push((i, quarter));
        }
    }
    Site::new()
        .file("roadbook.toml", "title = \"Synthetic roadmap\"\nas_of = \"2026-11-24\"\n")
        .file("content/roadmap/milestones.toml", &toml)
}

#[test]
fn the_synthetic_roadmap_builds_and_is_the_same_every_time() {
    let site = roadmap(60, 7);
    site.build().success();
    assert_eq!(site.read("content/roadmap/milestones.toml"), roadmap(60, 7).read("content/roadmap/milestones.toml"));
    let json: serde_json::Value = serde_json::from_str(&site.output("roadmap.json")).unwrap();
    assert_eq!(json["milestones"].as_array().unwrap().len(), 60);
}
