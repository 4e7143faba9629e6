//! Tags: `tags = [...]` on milestones, objectives and risks; the `[tags]`
//! table of roadbook.toml and its `undefined-tag` warning; what the exports
//! carry.

use crate::harness::{Site, CLEAN};

const HELP: &str = "   = help: to silence it, add `allow = [\"undefined-tag\"]` to this item, or for the whole site set `undefined-tag = \"allow\"` under [lint] in roadbook.toml\n";

/// `Site::clean()` with a `[tags]` table, and tags on its milestones, an objective and a risk.
fn tagged(config_tail: &str) -> Site {
    let config = format!("title = \"Tagged\"\nas_of = \"2026-11-24\"\n{config_tail}");
    let roadmap = CLEAN
        .replace(
            "supported_by = [\"platform\"]\n",
            "supported_by = [\"platform\"]\ntags = [\"beta\", \"help wanted\"]\n",
        )
        .replace("due = \"2026-12\"\n", "due = \"2026-12\"\ntags = [\"help wanted\"]\n");
    Site::new().file("roadbook.toml", &config).file("content/roadmap/main.toml", &roadmap).file(
        "content/roadmap/more.toml",
        "[[objective]]\nid = \"grow\"\ntitle = \"Grow\"\ntags = [\"Help Wanted\", \"betta\"]\n\n[[risk]]\nid = \"fraud\"\ntitle = \"Fraud\"\ntags = [\"qa\"]\n",
    )
}

const DEFINED: &str = "\n[tags]\n\"help wanted\" = \"Good first issues for new contributors\"\nbeta = \"Ships to customers who opted in\"\n";

#[test]
fn an_undefined_tag_is_a_warning_at_the_tag_with_did_you_mean() {
    let run = tagged(DEFINED).run(&["check"]);
    run.success();
    let expected = format!(
        "warning[undefined-tag]: tag `Help Wanted` is not defined under [tags] in roadbook.toml; did you mean `help wanted`?
 --> content/roadmap/more.toml:4:9
  |
4 | tags = [\"Help Wanted\", \"betta\"]
  |         ^
{help}
warning[undefined-tag]: tag `betta` is not defined under [tags] in roadbook.toml; did you mean `beta`?
 --> content/roadmap/more.toml:4:24
  |
4 | tags = [\"Help Wanted\", \"betta\"]
  |                        ^
{help}
warning[undefined-tag]: tag `qa` is not defined under [tags] in roadbook.toml: define it there with a description, or use a tag that is
 --> content/roadmap/more.toml:9:9
  |
9 | tags = [\"qa\"]
  |         ^
{help}
check: 0 errors, 3 warnings
",
        help = &HELP[1..]
    );
    assert_eq!(run.stderr, expected);
}

#[test]
fn without_a_tags_table_any_tag_goes() {
    let (exit, list) = tagged("").check_json();
    assert_eq!((exit, list.len()), (0, 0), "{list:#?}");
}

#[test]
fn an_empty_tags_table_defines_none() {
    let (_, list) = tagged("\n[tags]\n").check_json();
    let places: Vec<String> =
        list.iter().map(|d| format!("{} {}:{}:{}", d["code"], d["file"], d["line"], d["column"])).collect();
    assert_eq!(
        places,
        [
            "\"undefined-tag\" \"content/roadmap/main.toml\":8:9",
            "\"undefined-tag\" \"content/roadmap/main.toml\":8:17",
            "\"undefined-tag\" \"content/roadmap/main.toml\":19:9",
            "\"undefined-tag\" \"content/roadmap/more.toml\":4:9",
            "\"undefined-tag\" \"content/roadmap/more.toml\":4:24",
            "\"undefined-tag\" \"content/roadmap/more.toml\":9:9",
        ]
    );
    assert_eq!(list[0]["message"], "tag `beta` is not defined under [tags] in roadbook.toml: define it there with a description, or use a tag that is");
}

#[test]
fn an_items_allow_and_the_lint_table_govern_undefined_tags() {
    let site = tagged(DEFINED);
    let more = site
        .read("content/roadmap/more.toml")
        .replace("tags = [\"qa\"]", "tags = [\"qa\"]\nallow = [\"undefined-tag\"]");
    let site = site.file("content/roadmap/more.toml", &more);
    let (_, list) = site.check_json();
    let lines: Vec<u64> = list.iter().map(|d| d["line"].as_u64().unwrap()).collect();
    assert_eq!(lines, [4, 4], "the risk allows it for itself only: {list:#?}");

    let allowed = tagged(&format!("{DEFINED}\n[lint]\nundefined-tag = \"allow\"\n"));
    assert_eq!(allowed.check_json(), (0, Vec::new()));

    let denied = tagged(&format!("{DEFINED}\n[lint]\nundefined-tag = \"deny\"\n"));
    let run = denied.run(&["build"]);
    run.failure(1);
    run.error_at("undefined-tag", "content/roadmap/more.toml:9:9").stderr_has(
        "tag `qa` is not defined under [tags] in roadbook.toml: define it there with a description, or use a tag that is (denied by [lint] in roadbook.toml: `undefined-tag = \"deny\"`)",
    );
    assert_eq!(run.error_count(), 3);
}

#[test]
fn the_tags_table_needs_names_each_defined_once() {
    let config = "\n[tags]\nbeta = \"One\"\n\" beta \" = \"Two\"\n\"\" = \"None\"\n\"help wanted\" = \"\"\nqa = \"\"\nbetta = \"x\"\n\"Help Wanted\" = \"x\"\n";
    let run = tagged(config).run(&["check"]);
    run.failure(1);
    assert_eq!(
        run.stderr,
        "error[invalid-value]: tag `beta` is already defined on line 5 under [tags] (names are compared trimmed): keep one
 --> roadbook.toml:6:1
  |
6 | \" beta \" = \"Two\"
  | ^

error[invalid-value]: a tag under [tags] needs a name
 --> roadbook.toml:7:1
  |
7 | \"\" = \"None\"
  | ^

check: 2 errors, 0 warnings
"
    );
    let typed = tagged("\n[tags]\nbeta = 3\n").run(&["check"]);
    typed.failure(1).error_at("parse", "roadbook.toml:5:8");
}

#[test]
fn roadmap_json_carries_tags_on_every_kind_and_a_table_of_tags() {
    let site = tagged(DEFINED);
    site.build().success();
    let json: serde_json::Value = serde_json::from_str(&site.output("roadmap.json")).unwrap();
    assert_eq!(json["milestones"][0]["tags"], serde_json::json!(["beta", "help wanted"]));
    assert_eq!(json["objectives"][0]["tags"], serde_json::json!(["Help Wanted", "betta"]));
    assert_eq!(json["risks"][0]["tags"], serde_json::json!(["qa"]));
    assert_eq!(
        json["tags"],
        serde_json::json!([
            {"name": "Help Wanted", "description": null, "milestones": [], "objectives": ["grow"], "risks": []},
            {"name": "beta", "description": "Ships to customers who opted in", "milestones": ["launch"], "objectives": [], "risks": []},
            {"name": "betta", "description": null, "milestones": [], "objectives": ["grow"], "risks": []},
            {"name": "help wanted", "description": "Good first issues for new contributors", "milestones": ["launch", "platform"], "objectives": [], "risks": []},
            {"name": "qa", "description": null, "milestones": [], "objectives": [], "risks": ["fraud"]},
        ])
    );
}
