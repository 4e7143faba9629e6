//! Change since the last review (SPEC section 7): a real git repository in a
//! temp dir, a fixture committed and tagged `q3-review`, then re-dated,
//! dropped, added, re-rated; `build --compare`, `compare` in roadbook.toml and
//! `roadbook diff` read back (the feed with an XML parser), plus the errors.

use crate::harness::Site;
use std::path::Path;
use std::process::Command;

const BEFORE: &str = r#"[[milestone]]
id = "launch"
title = "Launch"
track = "business"
due = "2027-Q1"
status = "in-progress"
confidence = "high"
supported_by = ["platform"]

[[milestone.metric]]
name = "Time to first payment"
current = "3 days"

[[milestone]]
id = "platform"
title = "Platform"
track = "technology"
due = "2027-Q2"

[[milestone]]
id = "legacy-export"
title = "Legacy export"
track = "technology"
due = "2027-Q3"

[[milestone]]
id = "steady"
title = "Steady"
track = "technology"
due = "2027-Q4"

[[milestone]]
id = "quiet"
title = "Quiet"
track = "technology"
due = "2027-Q1"

[[risk]]
id = "capacity"
title = "Capacity"
likelihood = "low"
impact = "medium"
"#;

const AFTER: &str = r#"[[milestone]]
id = "launch"
title = "Launch"
track = "business"
due = "2027-Q2"
status = "in-progress"
confidence = "high"
supported_by = ["platform"]

[[milestone.metric]]
name = "Time to first payment"
current = "6 hours"

[[milestone]]
id = "platform"
title = "Platform"
track = "technology"
due = "2027-03"

[[milestone]]
id = "mobile-app"
title = "Mobile app"
track = "business"
due = "2027-Q4"
supported_by = ["platform"]

[[milestone]]
id = "steady"
title = "Steady"
track = "technology"
due = "2027-Q4"
status = "at-risk"

[[milestone]]
id = "quiet"
title = "Quiet"
track = "technology"
due = "2027-Q1"

[[risk]]
id = "capacity"
title = "Capacity"
likelihood = "high"
impact = "medium"

[[decision]]
id = "re-plan-launch"
date = "2026-11-10"
title = "Launch after the pilot"
affects = ["launch"]
"#;

const CONFIG: &str = "title = \"Acme\"\nas_of = \"2026-11-24\"\n";

/// Runs git in `dir` with a fixed identity and dates, isolated from the user's config.
#[track_caller]
pub(crate) fn git(dir: &Path, args: &[&str], date: &str) -> String {
    let out = Command::new("git")
        .args(["-c", "user.name=Review Bot", "-c", "user.email=bot@example.com", "-c", "commit.gpgsign=false"])
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_DATE", date)
        .env("GIT_COMMITTER_DATE", date)
        .output()
        .expect("run git");
    assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Commits everything under `dir` with the given date.
pub(crate) fn commit(dir: &Path, message: &str, date: &str) {
    git(dir, &["add", "-A"], date);
    git(dir, &["commit", "-q", "-m", message], date);
}

const Q3: &str = "2026-10-01T09:30:00+02:00";
const LATER: &str = "2026-11-20T16:00:00+00:00";

/// A repository whose site root is `prefix` (empty: the repository root):
/// BEFORE committed and tagged `q3-review`, then AFTER committed too.
fn reviewed(prefix: &str) -> (Site, String) {
    let site = Site::new().file("README.md", "not content\n");
    git(site.path(), &["init", "-q"], Q3);
    site.write(&format!("{prefix}roadbook.toml"), CONFIG.as_bytes());
    site.write(&format!("{prefix}content/roadmap/main.toml"), BEFORE.as_bytes());
    commit(site.path(), "Q3 review", Q3);
    git(site.path(), &["tag", "q3-review"], Q3);
    site.write(&format!("{prefix}content/roadmap/main.toml"), AFTER.as_bytes());
    commit(site.path(), "Re-plan", LATER);
    let short = git(site.path(), &["rev-parse", "--short=7", "q3-review"], Q3).trim().to_string();
    (site, short)
}

fn run_in(root: &Path, args: &[&str]) -> crate::harness::Run {
    let out = Command::new(env!("CARGO_BIN_EXE_roadbook")).args(args).arg("--root").arg(root).output().unwrap();
    crate::harness::Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn expected_text(short: &str, target: &str) -> String {
    format!(
        "Changes from q3-review ({short}, 2026-10-01) to {target}

Slipped (1)
  launch  Launch [business]
      due 2027-Q1 → 2027-Q2: 1 quarter (91 days) later
      Time to first payment: current 3 days → 6 hours
      why: 2026-11-10 Launch after the pilot (re-plan-launch)

Pulled in (1)
  platform  Platform [technology]
      due 2027-Q2 → 2027-03: 1 quarter (91 days) earlier

Added (1)
  mobile-app  Mobile app [business]
      added, due 2027-Q4, planned

Dropped (1)
  legacy-export  Legacy export [technology]
      dropped (was due 2027-Q3, planned)

Status and progress (1)
  steady  Steady [technology]
      status Planned → At risk

Risks (1)
  capacity  Capacity
      likelihood low → high

Decisions since q3-review (1)
  2026-11-10  re-plan-launch  Launch after the pilot (affects launch)

Summary: 1 slipped, 1 pulled in, 1 added, 1 dropped, 1 status change, 1 risk, 1 new decision
"
    )
}

#[test]
fn diff_prints_every_change_for_the_review_meeting() {
    let (site, short) = reviewed("");
    let run = site.run(&["diff", "q3-review"]);
    run.success();
    assert_eq!(run.stdout, expected_text(&short, "the working tree"));
}

#[test]
fn diff_between_two_revisions_ignores_the_working_tree() {
    let (site, short) = reviewed("");
    site.write("content/roadmap/main.toml", BEFORE.as_bytes());
    let head = git(site.path(), &["rev-parse", "--short=7", "HEAD"], Q3).trim().to_string();
    let run = site.run(&["diff", "q3-review", "HEAD"]);
    run.success();
    assert_eq!(run.stdout, expected_text(&short, &format!("HEAD ({head}, 2026-11-20)")));
    let now = site.run(&["diff", "q3-review"]);
    assert!(now.success().stdout.contains("Summary: no changes"), "{}", now.stdout);
}

#[test]
fn diff_json_holds_the_typed_comparison() {
    let (site, _) = reviewed("");
    let run = site.run(&["diff", "q3-review", "--format", "json"]);
    run.success();
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {}", run.stdout));
    assert_eq!(json["base"]["name"], "q3-review");
    assert_eq!(json["base"]["time"], Q3);
    assert!(json["target"].is_null());
    let milestones = json["milestones"].as_array().unwrap();
    let groups: Vec<(&str, &str)> =
        milestones.iter().map(|m| (m["id"].as_str().unwrap(), m["group"].as_str().unwrap())).collect();
    assert_eq!(
        groups,
        [
            ("launch", "slipped"),
            ("platform", "pulled-in"),
            ("mobile-app", "added"),
            ("legacy-export", "dropped"),
            ("steady", "status")
        ]
    );
    let launch = &milestones[0];
    assert_eq!(launch["schedule"]["days"], 91);
    assert_eq!(launch["schedule"]["quarters"], 1);
    assert_eq!(launch["metrics"][0]["from"], "3 days");
    assert_eq!(launch["metrics"][0]["to"], "6 hours");
    assert_eq!(launch["decisions"][0], "re-plan-launch");
    assert_eq!(milestones[1]["schedule"]["days"], -91);
    assert_eq!(milestones[4]["status_change"]["to"], "at-risk");
    assert_eq!(json["risks"][0]["likelihood"]["from"], "low");
    assert_eq!(json["decisions"][0]["affects"][0], "launch");
}

#[test]
fn build_compare_writes_the_change_report_with_relative_links() {
    let (site, short) = reviewed("");
    let run = site.run(&["build", "--compare", "q3-review"]);
    run.success();
    assert!(
        run.stdout.contains(&format!("Compared with q3-review ({short}, 2026-10-01): 1 slipped")),
        "{}",
        run.stdout
    );
    let page = site.output("changes/index.html");
    assert!(page.contains("<h1>Changes since q3-review</h1>"), "{page}");
    assert!(page.contains(&format!("commit <code>{short}</code> of 2026-10-01")));
    let order: Vec<usize> = ["id=\"slipped\"", "id=\"pulled-in\"", "id=\"added\"", "id=\"dropped\"", "id=\"status\""]
        .iter()
        .map(|anchor| page.find(anchor).unwrap_or_else(|| panic!("no {anchor}")))
        .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "groups out of order: {order:?}");
    let slipped = &page[order[0]..order[1]];
    assert!(slipped.contains("<a href=\"../milestones/launch/index.html\">Launch</a>"), "{slipped}");
    assert!(slipped.contains("due 2027-Q1 → 2027-Q2: 1 quarter (91 days) later"));
    assert!(slipped.contains("Time to first payment: current 3 days → 6 hours"));
    assert!(slipped.contains("<a href=\"../decisions/index.html#decision-re-plan-launch\">Launch after the pilot</a>"));
    let dropped = &page[order[3]..order[4]];
    assert!(dropped.contains("Legacy export") && !dropped.contains("milestones/legacy-export"), "{dropped}");
    assert!(page.contains("likelihood low → high"));
    for absolute in ["href=\"/", "href=\"http", "src=\"/", "src=\"http"] {
        assert!(!page.contains(absolute), "links stay relative: {absolute}");
    }
    // The report is in the navigation and the sitemap; changed pages carry a badge.
    assert!(site.output("index.html").contains("<a href=\"changes/index.html\">Changes</a>"));
    assert!(site.output("sitemap.xml").contains("<loc>/changes/</loc>"));
    let launch = site.output("milestones/launch/index.html");
    assert!(launch.contains("Changed since q3-review</span> <a href=\"../../changes/index.html#m-launch\">Slipped</a>"));
    assert!(launch.contains("<p>due 2027-Q1 → 2027-Q2: 1 quarter (91 days) later</p>"));
    assert!(launch.contains("Why: <a href=\"../../decisions/index.html#decision-re-plan-launch\">"));
    assert!(site.output("milestones/mobile-app/index.html").contains("Changed since q3-review"));
    assert!(!page.contains("Quiet"), "unchanged milestones are not listed");
}

#[test]
fn unchanged_milestones_have_no_badge_and_builds_without_compare_have_no_report() {
    let (site, _) = reviewed("");
    site.run(&["build", "--compare", "q3-review"]).success();
    assert!(site.output("milestones/steady/index.html").contains("Changed since q3-review"));
    assert!(!site.output("milestones/quiet/index.html").contains("Changed since"));
    site.run(&["build", "--compare", "HEAD"]).success();
    assert!(!site.output("milestones/launch/index.html").contains("Changed since"));
    assert!(site.output("changes/index.html").contains("Nothing in the roadmap changed since HEAD."));
    site.build().success();
    assert!(!site.has_output("changes/index.html") && !site.has_output("changes.xml"));
    assert!(!site.output("index.html").contains("changes/index.html"));
    assert!(!site.output("sitemap.xml").contains("changes"));
}

#[test]
fn the_feed_is_atom_with_ids_stable_across_builds() {
    let (site, _) = reviewed("");
    site.run(&["build", "--compare", "q3-review"]).success();
    let first = site.snapshot("public");
    let xml = site.output("changes.xml");
    let doc = roxmltree::Document::parse(&xml).unwrap_or_else(|e| panic!("{e}: {xml}"));
    let atom = "http://www.w3.org/2005/Atom";
    let feed = doc.root_element();
    assert!(feed.has_tag_name((atom, "feed")));
    let child = |node: roxmltree::Node<'_, '_>, name: &str| {
        node.children().find(|c| c.has_tag_name((atom, name))).and_then(|c| c.text()).map(str::to_string)
    };
    assert_eq!(child(feed, "title").unwrap(), "Acme: changes since q3-review");
    assert_eq!(child(feed, "updated").unwrap(), "2026-11-24T00:00:00Z", "as_of, not the clock");
    assert!(child(feed, "id").unwrap().starts_with("urn:uuid:"));
    assert!(feed.children().any(|c| c.has_tag_name((atom, "author"))));
    let entries: Vec<_> = feed.children().filter(|c| c.has_tag_name((atom, "entry"))).collect();
    let titles: Vec<String> = entries.iter().map(|e| child(*e, "title").unwrap()).collect();
    assert_eq!(
        titles,
        [
            "Slipped: Launch",
            "Pulled in: Platform",
            "Added: Mobile app",
            "Dropped: Legacy export",
            "Status and progress: Steady",
            "Risk: Capacity",
            "Decision: Launch after the pilot"
        ]
    );
    let ids: Vec<String> = entries.iter().map(|e| child(*e, "id").unwrap()).collect();
    let unique: std::collections::HashSet<&String> = ids.iter().collect();
    assert_eq!(unique.len(), ids.len(), "ids are unique: {ids:?}");
    let link = entries[0].children().find(|c| c.has_tag_name((atom, "link"))).unwrap();
    assert_eq!(link.attribute("href"), Some("milestones/launch/index.html"));
    assert!(child(entries[0], "summary").unwrap().contains("why: Launch after the pilot"));
    for e in &entries {
        assert!(child(*e, "updated").is_some(), "every entry has updated");
    }
    // Same input, same bytes, same ids; another build dir still agrees.
    site.run(&["build", "--compare", "q3-review"]).success();
    assert!(first == site.snapshot("public"), "second build differs");
}

#[test]
fn a_site_template_overrides_the_feed() {
    let (site, _) = reviewed("");
    let template = "<feed>{{ title }} since {{ base }}\n{% for e in entries %}{{ e.category }} {{ e.href }}: \
                    {{ e.lines | join(sep=\" | \") }}\n{% endfor %}</feed>\n";
    let site = site.file("templates/changes.xml", template);
    site.run(&["build", "--compare", "q3-review"]).success();
    assert_eq!(
        site.output("changes.xml"),
        "<feed>Acme since q3-review
slipped milestones/launch/index.html: due 2027-Q1 → 2027-Q2: 1 quarter (91 days) later | Time to first payment: current 3 days → 6 hours | why: Launch after the pilot
pulled-in milestones/platform/index.html: due 2027-Q2 → 2027-03: 1 quarter (91 days) earlier
added milestones/mobile-app/index.html: added, due 2027-Q4, planned
dropped changes/index.html#m-legacy-export: dropped (was due 2027-Q3, planned)
status milestones/steady/index.html: status Planned → At risk
risk risks/index.html#risk-capacity: likelihood low → high
decision decisions/index.html#decision-re-plan-launch: decided 2026-11-10 | affects launch
</feed>
"
    );
}

#[test]
fn compare_in_roadbook_toml_and_the_flag_wins() {
    let (site, _) = reviewed("");
    let site = site.file("roadbook.toml", &format!("{CONFIG}compare = \"q3-review\"\n"));
    site.build().success();
    assert!(site.output("changes/index.html").contains("Changes since q3-review"));
    site.run(&["build", "--compare", "HEAD"]).success();
    assert!(site.output("changes/index.html").contains("Changes since HEAD"));
}

#[test]
fn a_mistyped_compare_field_suggests_the_right_one() {
    let site = Site::minimal().file("roadbook.toml", "title = \"T\"\ncompar = \"q3-review\"\n");
    site.build().failure(1).error_at("unknown-field", "roadbook.toml:2:1").stderr_has("did you mean `compare`");
}

#[test]
fn a_site_in_a_sub_folder_of_the_repository() {
    let (site, short) = reviewed("docs/roadmap/");
    let root = site.path().join("docs/roadmap");
    let run = run_in(&root, &["diff", "q3-review"]);
    run.success();
    assert_eq!(run.stdout, expected_text(&short, "the working tree"));
    run_in(&root, &["build", "--compare", "q3-review"]).success();
    assert!(root.join("public/changes/index.html").is_file());
    assert!(!site.path().join("public").exists());
}

/// Issue 13, case 18: with `content/` a symbolic link inside the repository,
/// the old side loaded empty and every milestone was reported as added.
#[test]
fn a_symlinked_content_folder_is_followed_on_both_sides() {
    // The shared folder is outside the site root, so roadbook.toml allows it (as the working tree needs).
    let config = format!("{CONFIG}allow_links_to = [\"../../shared/source\"]\n");
    let site = Site::new().file("docs/roadmap/roadbook.toml", &config).file("shared/source/roadmap/main.toml", BEFORE);
    let root = site.path().join("docs/roadmap");
    std::os::unix::fs::symlink("../../shared/source", root.join("content")).unwrap();
    git(site.path(), &["init", "-q"], Q3);
    commit(site.path(), "Q3 review", Q3);
    git(site.path(), &["tag", "q3-review"], Q3);
    site.write("shared/source/roadmap/main.toml", AFTER.as_bytes());
    commit(site.path(), "Re-plan", LATER);
    let short = git(site.path(), &["rev-parse", "--short=7", "q3-review"], Q3).trim().to_string();
    let run = run_in(&root, &["diff", "q3-review"]);
    run.success();
    assert_eq!(run.stdout, expected_text(&short, "the working tree"));
    // Linked inside the site root, no allowance needed.
    let site = Site::new().file("roadbook.toml", CONFIG).file("source/roadmap/main.toml", BEFORE);
    std::os::unix::fs::symlink("source", site.path().join("content")).unwrap();
    git(site.path(), &["init", "-q"], Q3);
    commit(site.path(), "Q3 review", Q3);
    git(site.path(), &["tag", "q3-review"], Q3);
    site.write("source/roadmap/main.toml", AFTER.as_bytes());
    let short = git(site.path(), &["rev-parse", "--short=7", "q3-review"], Q3).trim().to_string();
    let run = site.run(&["diff", "q3-review"]);
    assert_eq!(run.success().stdout, expected_text(&short, "the working tree"));
}

#[test]
fn a_content_link_leading_outside_the_repository_is_refused_at_the_revision() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(outside.path().join("roadmap")).unwrap();
    std::fs::write(outside.path().join("roadmap/main.toml"), BEFORE).unwrap();
    let site = Site::new().file("roadbook.toml", CONFIG);
    git(site.path(), &["init", "-q"], Q3);
    std::os::unix::fs::symlink(outside.path(), site.path().join("content")).unwrap();
    commit(site.path(), "Q3 review", Q3);
    site.run(&["diff", "HEAD"]).failure(1).stderr_has(&format!(
        "cannot read git revision `HEAD`: `content` is a symbolic link to `{}`, which leads outside the repository or to its top folder; roadbook follows a linked content/ only inside the repository",
        outside.path().display()
    ));
}

#[test]
fn a_file_over_the_size_limit_at_the_revision_is_never_read() {
    let (site, _) = reviewed("");
    site.write("roadbook.toml", format!("{CONFIG}max_file_size_mb = 1\n").as_bytes());
    let big = format!("# {}\n{BEFORE}", "x".repeat(1024 * 1024));
    site.write("content/roadmap/main.toml", big.as_bytes());
    commit(site.path(), "Big", LATER);
    site.write("content/roadmap/main.toml", AFTER.as_bytes());
    site.run(&["diff", "HEAD"])
        .failure(1)
        .stderr_has("error[too-large]: file is 2 MB, over the limit of 1 MB for a file roadbook reads; if it belongs here, raise `max_file_size_mb` in roadbook.toml\n --> HEAD:content/roadmap/main.toml:1:1\n");
}

#[test]
fn unknown_revisions_fail_with_the_name_and_keep_the_previous_output() {
    let (site, _) = reviewed("");
    site.build().success();
    let before = site.snapshot("public");
    site.run(&["build", "--compare", "q9-review"])
        .failure(1)
        .stderr_has("error: unknown git revision `q9-review`")
        .stderr_has("the previous output is untouched");
    assert!(before == site.snapshot("public"), "failed build changed the output");
    site.run(&["diff", "q9-review"]).failure(1).stderr_has("unknown git revision `q9-review`");
    site.run(&["diff", "q3-review", "nope~3"]).failure(1).stderr_has("unknown git revision `nope~3`");
    let root = site.path().to_str().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_roadbook")).args(["diff", "--root", root, "--", "-n"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown git revision `-n`: a revision cannot"));
}

#[test]
fn a_folder_outside_git_is_a_clear_error() {
    let site = Site::minimal();
    site.run(&["diff", "HEAD"]).failure(1).stderr_has("is not inside a git repository");
    site.run(&["build", "--compare", "HEAD"]).failure(1).stderr_has("is not inside a git repository");
    assert!(!site.has_output("index.html"));
}

#[test]
fn content_that_does_not_parse_at_the_revision_names_the_revision() {
    let (site, _) = reviewed("");
    site.write("content/roadmap/main.toml", b"[[milestone]]\nid = \"x\"\ntitle = \n");
    commit(site.path(), "Broken", LATER);
    git(site.path(), &["tag", "broken"], LATER);
    site.write("content/roadmap/main.toml", AFTER.as_bytes());
    let run = site.run(&["diff", "broken"]);
    run.failure(1)
        .error_at("parse", "broken:content/roadmap/main.toml:3:9")
        .stderr_has("error: the content at git revision `broken` does not load (1 error above)");
    site.run(&["build", "--compare", "broken"]).failure(1).stderr_has("git revision `broken` does not load");
    // Errors of meaning too: a dangling reference at the revision.
    site.write(
        "content/roadmap/main.toml",
        b"[[milestone]]\nid = \"x\"\ntitle = \"X\"\ntrack = \"business\"\ndepends_on = [\"ghost\"]\n",
    );
    commit(site.path(), "Dangling", LATER);
    site.write("content/roadmap/main.toml", AFTER.as_bytes());
    site.run(&["diff", "HEAD"]).failure(1).error_at("dangling-reference", "HEAD:content/roadmap/main.toml:5:15");
}

#[test]
fn a_missing_git_binary_is_an_error_not_a_panic() {
    let (site, _) = reviewed("");
    let empty = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_roadbook"))
        .args(["diff", "q3-review", "--root"])
        .arg(site.path())
        .env("PATH", empty.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("cannot run `git`") && !stderr.contains("panicked"), "{stderr}");
}

const AUDIENCES: &str =
    "title = \"Acme\"\nas_of = \"2026-11-24\"\n\n[audiences]\nboard = \"Board\"\nengineering = \"Engineers\"\n";

const SECRET_BEFORE: &str = r#"
[[milestone]]
id = "secret-rewrite"
title = "Secret rewrite"
track = "technology"
due = "2027-Q1"
audiences = ["engineering"]

[[milestone]]
id = "went-private"
title = "Went private"
track = "technology"
due = "2027-Q2"

[[milestone]]
id = "went-public"
title = "Went public"
track = "technology"
due = "2027-Q2"
audiences = ["engineering"]
"#;

const SECRET_AFTER: &str = r#"
[[milestone]]
id = "secret-rewrite"
title = "Secret rewrite"
track = "technology"
due = "2027-Q3"
audiences = ["engineering"]

[[milestone]]
id = "went-private"
title = "Went private"
track = "technology"
due = "2027-Q2"
audiences = ["engineering"]

[[milestone]]
id = "went-public"
title = "Went public"
track = "technology"
due = "2027-Q2"

[[decision]]
id = "secret-call"
date = "2026-11-12"
title = "Secret call"
affects = ["secret-rewrite"]
audiences = ["engineering"]
"#;

#[test]
fn an_audience_build_never_shows_changes_to_hidden_items() {
    let site = Site::new();
    git(site.path(), &["init", "-q"], Q3);
    site.write("content/roadmap/main.toml", format!("{BEFORE}{SECRET_BEFORE}").as_bytes());
    // `board` is defined only after the review: the old content is filtered for it all the same.
    site.write("roadbook.toml", format!("{CONFIG}\n[audiences]\nengineering = \"Engineers\"\n").as_bytes());
    commit(site.path(), "Q3 review", Q3);
    git(site.path(), &["tag", "q3-review"], Q3);
    site.write("roadbook.toml", AUDIENCES.as_bytes());
    site.write("content/roadmap/main.toml", format!("{AFTER}{SECRET_AFTER}").as_bytes());

    let full = site.run(&["diff", "q3-review"]);
    assert!(full.success().stdout.contains("secret-rewrite  Secret rewrite"), "{}", full.stdout);
    assert!(full.stdout.contains("why: 2026-11-12 Secret call"));

    let board = site.run(&["diff", "q3-review", "--audience", "board"]);
    board.success();
    assert!(board.stdout.contains("launch  Launch"), "{}", board.stdout);
    // Hidden from the board at the review and public now: simply added.
    let added = board.stdout.split("Added").nth(1).unwrap_or_default();
    assert!(added.contains("went-public  Went public"), "{}", board.stdout);
    for word in ["secret", "Secret", "went-private", "Went private"] {
        assert!(!board.stdout.contains(word), "{word} leaked into diff:\n{}", board.stdout);
    }
    site.run(&["build", "--compare", "q3-review", "--audience", "board"]).success();
    for file in ["changes/index.html", "changes.xml", "milestones/launch/index.html"] {
        let text = site.output(file);
        for word in ["secret", "Secret", "went-private", "Went private"] {
            assert!(!text.contains(word), "{word} leaked into {file}");
        }
    }
    assert!(site.output("changes/index.html").contains("Launch"));
    site.run(&["diff", "q3-review", "--audience", "bored"]).failure(2).stderr_has("unknown audience `bored`");
}

#[test]
fn the_preview_shows_the_change_report_of_compare_in_roadbook_toml() {
    let (site, _) = reviewed("");
    site.write("roadbook.toml", format!("{CONFIG}compare = \"q3-review\"\n").as_bytes());
    let server = crate::serve::Server::start(&site);
    let (status, _, page) = server.get("/changes/index.html");
    assert_eq!(status, 200, "{}", server.stderr());
    assert!(page.contains("Changes since q3-review") && page.contains("Legacy export"));
    assert!(server.get("/milestones/launch/index.html").2.contains("Changed since q3-review"));
    assert_eq!(server.get("/changes.xml").0, 200);
    // An edit shows up in the report (the old side is kept, the new one rebuilt).
    site.write(
        "content/roadmap/main.toml",
        AFTER.replace("due = \"2027-Q1\"\n\n[[risk]]", "due = \"2027-Q2\"\n\n[[risk]]").as_bytes(),
    );
    server.wait_for("/changes/index.html", "<a href=\"../milestones/quiet/index.html\">Quiet</a>");
    // A revision that does not exist is a failed rebuild: the last good site stays.
    site.write("roadbook.toml", format!("{CONFIG}compare = \"q9-review\"\n").as_bytes());
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(15);
    while !server.stderr().contains("unknown git revision `q9-review`") {
        assert!(std::time::Instant::now() < deadline, "no error:\n{}", server.stderr());
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    assert!(server.get("/changes/index.html").2.contains("Quiet"));
}

#[test]
fn with_an_absolute_base_url_the_feed_links_are_absolute_and_ids_do_not_move() {
    let (site, _) = reviewed("");
    site.run(&["build", "--compare", "q3-review"]).success();
    let relative = site.output("changes.xml");
    site.run(&["build", "--compare", "q3-review", "--base-url", "https://example.com/roadmap"]).success();
    let xml = site.output("changes.xml");
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let hrefs: Vec<&str> =
        doc.descendants().filter(|n| n.has_tag_name("link")).filter_map(|n| n.attribute("href")).collect();
    assert!(hrefs.contains(&"https://example.com/roadmap/changes/index.html"), "{hrefs:?}");
    assert!(hrefs.contains(&"https://example.com/roadmap/milestones/launch/index.html"), "{hrefs:?}");
    assert!(hrefs.iter().all(|h| h.starts_with("https://example.com/roadmap/")), "{hrefs:?}");
    let ids = |text: &str| -> Vec<String> {
        let doc = roxmltree::Document::parse(text).unwrap();
        let entries = doc.descendants().filter(|n| n.has_tag_name("entry"));
        entries
            .filter_map(|e| e.children().find(|c| c.has_tag_name("id")).and_then(|c| c.text()).map(str::to_string))
            .collect()
    };
    assert_eq!(ids(&relative), ids(&xml), "entry ids depend on the base commit and item, not on the URL");
}

#[test]
fn an_audience_diff_counts_errors_in_hidden_items_at_the_revision_without_quoting_them() {
    let site = Site::new();
    git(site.path(), &["init", "-q"], Q3);
    site.write("roadbook.toml", AUDIENCES.as_bytes());
    let broken = SECRET_BEFORE.replacen("due = \"2027-Q1\"", "due = \"2027-Q1\"\nstatus = \"zq-stalled\"", 1);
    site.write("content/roadmap/main.toml", format!("{BEFORE}{broken}").as_bytes());
    commit(site.path(), "Q3 review", Q3);
    git(site.path(), &["tag", "q3-review"], Q3);
    site.write("content/roadmap/main.toml", format!("{AFTER}{SECRET_AFTER}").as_bytes());
    let board = site.run(&["diff", "q3-review", "--audience", "board"]);
    board.failure(1).stderr_lacks("secret-rewrite").stderr_lacks("zq-stalled");
    board.stderr_has(
        "does not load (0 errors above; 1 error in items outside this edition; run `roadbook check` to see it)",
    );
    site.run(&["diff", "q3-review"]).failure(1).stderr_has("zq-stalled");
}
