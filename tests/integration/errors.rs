//! Every error code of SPEC section 6 fails the build with exit 1 and the
//! exact `path:line:col`; bad input of any kind never panics.

use crate::harness::Site;

fn with_roadmap(toml: &str) -> Site {
    Site::minimal().file("content/roadmap/extra.toml", toml)
}

#[test]
fn parse_error_names_the_spot() {
    with_roadmap("[[milestone]]\nid = \"x\"\ntitle = \n")
        .build()
        .failure(1)
        .error_at("parse", "content/roadmap/extra.toml:3:9");
}

#[test]
fn unknown_field_suggests_the_nearest_name() {
    with_roadmap("[[milestone]]\nid = \"x\"\ntitle = \"X\"\ntrack = \"business\"\nsuported_by = []\n")
        .build()
        .failure(1)
        .error_at("unknown-field", "content/roadmap/extra.toml:5:1")
        .stderr_has("did you mean `supported_by`?");
}

#[test]
fn unknown_top_level_table_suggests_the_nearest_kind() {
    with_roadmap("[[milestones]]\nid = \"x\"\n")
        .build()
        .failure(1)
        .error_at("unknown-field", "content/roadmap/extra.toml:1:3")
        .stderr_has("did you mean `milestone`?");
}

#[test]
fn unknown_config_field_is_an_error() {
    Site::minimal()
        .file("roadbook.toml", "title = \"T\"\nas_of = \"2026-11-24\"\nhighlight_thme = \"x\"\n")
        .build()
        .failure(1)
        .error_at("unknown-field", "roadbook.toml:3:1")
        .stderr_has("did you mean `highlight_theme`?");
}

/// Each kind of TOML mistake gets its code from what serde reports, not from
/// its English text: a name with a backtick in it is named whole.
#[test]
fn toml_mistakes_are_classified_by_kind() {
    let site = Site::clean()
        .file("roadbook.toml", "title = \"T\"\nas_of = \"2026-11-24\"\nmax_file_size_mb = -1\n")
        .file(
            "content/roadmap/a.toml",
            "[[milestone]]\nid = \"a\"\ntitle = \"A\"\ntrack = \"business\"\n\"sum`mary\" = \"x\"\n\n\
             [[milestone]]\nid = \"b\"\ntitle = 2\ntrack = \"business\"\n\n\
             [[milestone]]\nid = \"c\"\ntitle = \"C\"\ntrack = \"business\"\n\
             [milestone.gate]\ndate = \"2026-12-01\"\ncriteria = \"x\"\ndecison = \"go\"\n",
        )
        .file("content/narratives/n.md", "+++\ntitle = \"N\"\nzzz = 1\n+++\nBody\n");
    let run = site.run(&["check"]);
    run.failure(1);
    assert_eq!(
        run.stderr,
        "error[unknown-field]: unknown field `zzz`, expected one of `title`, `kind`, `date`, `authors`, `weight`, `audiences`, `draft`, `allow`
 --> content/narratives/n.md:3:1
  |
3 | zzz = 1
  | ^

error[unknown-field]: unknown field `sum`mary`; did you mean `summary`?
 --> content/roadmap/a.toml:5:1
  |
5 | \"sum`mary\" = \"x\"
  | ^

error[parse]: invalid type: integer `2`, expected a string
 --> content/roadmap/a.toml:9:9
  |
9 | title = 2
  |         ^

error[unknown-field]: unknown field `decison`; did you mean `decision`?
  --> content/roadmap/a.toml:19:1
   |
19 | decison = \"go\"
   | ^

error[invalid-value]: invalid value: integer `-1`, expected u64
 --> roadbook.toml:3:20
  |
3 | max_file_size_mb = -1
  |                    ^

check: 5 errors, 0 warnings
"
    );
}

#[test]
fn invalid_values_are_each_reported() {
    let run = with_roadmap(
        "[[milestone]]\nid = \"x\"\ntitle = \"X\"\ntrack = \"busines\"\ndue = \"2027-Q5\"\nstatus = \"in-progres\"\n\n[[milestone]]\nid = \"Bad Id\"\ntitle = \"Y\"\ntrack = \"technology\"\n",
    )
    .build();
    run.failure(1)
        .error_at("invalid-value", "content/roadmap/extra.toml:4:9")
        .error_at("invalid-value", "content/roadmap/extra.toml:5:7")
        .error_at("invalid-value", "content/roadmap/extra.toml:6:10")
        .error_at("invalid-value", "content/roadmap/extra.toml:9:6")
        .stderr_has("did you mean `business`?")
        .stderr_has("did you mean `in-progress`?")
        .stderr_has("try `bad-id`");
    assert_eq!(run.error_count(), 4, "{}", run.stderr);
}

#[test]
fn duplicate_id_names_both_places() {
    with_roadmap("[[milestone]]\nid = \"launch\"\ntitle = \"Again\"\ntrack = \"business\"\n")
        .build()
        .failure(1)
        .error_at("duplicate-id", "content/roadmap/extra.toml:2:6")
        .stderr_has("--> content/roadmap/main.toml:2:6");
}

#[test]
fn dangling_reference_suggests_the_nearest_id() {
    with_roadmap("[[risk]]\nid = \"r\"\ntitle = \"R\"\nmilestones = [\"lunch\"]\n")
        .build()
        .failure(1)
        .error_at("dangling-reference", "content/roadmap/extra.toml:4:15")
        .stderr_has("did you mean `launch`?");
}

#[test]
fn dangling_markdown_links_count_front_matter_lines() {
    Site::minimal()
        .file(
            "content/narratives/n.md",
            "+++\ntitle = \"N\"\n+++\n# N\n\nSee [x](@milestone:platfrm).\n\n[y](@/narratives/n.md#nope) [z](@/narratives/gone.md)\n",
        )
        .build()
        .failure(1)
        .error_at("dangling-reference", "content/narratives/n.md:6:5")
        .error_at("dangling-reference", "content/narratives/n.md:8:1")
        .error_at("dangling-reference", "content/narratives/n.md:8:29")
        .stderr_has("did you mean `platform`?");
}

#[test]
fn dangling_link_inside_a_toml_markdown_field_points_into_the_string() {
    with_roadmap("[[decision]]\nid = \"d\"\ndate = \"2026-10-01\"\ntitle = \"D\"\nrationale = \"\"\"\nBecause [p](@milestone:nope).\n\"\"\"\n")
        .build()
        .failure(1)
        .error_at("dangling-reference", "content/roadmap/extra.toml:6:9");
}

#[test]
fn wrong_track_both_ways() {
    with_roadmap(
        "[[milestone]]\nid = \"t2\"\ntitle = \"T2\"\ntrack = \"technology\"\nsupported_by = [\"platform\"]\n\n[[milestone]]\nid = \"b2\"\ntitle = \"B2\"\ntrack = \"business\"\nsupported_by = [\"launch\"]\n",
    )
    .build()
    .failure(1)
    .error_at("wrong-track", "content/roadmap/extra.toml:5:17")
    .error_at("wrong-track", "content/roadmap/extra.toml:11:17");
}

#[test]
fn cycle_names_every_member() {
    with_roadmap(
        "[[milestone]]\nid = \"a\"\ntitle = \"A\"\ntrack = \"technology\"\ndepends_on = [\"b\"]\n\n[[milestone]]\nid = \"b\"\ntitle = \"B\"\ntrack = \"technology\"\ndepends_on = [\"c\"]\n\n[[milestone]]\nid = \"c\"\ntitle = \"C\"\ntrack = \"technology\"\ndepends_on = [\"a\"]\n",
    )
    .build()
    .failure(1)
    .error_at("cycle", "content/roadmap/extra.toml:2:6")
    .stderr_has("`a` -> `b` -> `c` -> `a`");
}

#[test]
fn all_problems_are_reported_together() {
    let run = Site::minimal()
        .file("content/roadmap/one.toml", "[[milestone]]\nid = \"x\"\ntitle = \"X\"\ntrack = \"sideways\"\n")
        .file("content/roadmap/two.toml", "[[risk]]\nid = \"r\"\ntitle = \"R\"\nmilestones = [\"nope\"]\n")
        .file("content/narratives/n.md", "[x](@risk:nope)\n")
        .build();
    run.failure(1);
    assert_eq!(run.error_count(), 3, "{}", run.stderr);
    run.stderr_has("build failed with 3 errors");
}

#[test]
fn read_errors_come_first_without_a_cascade() {
    let run = Site::minimal()
        .file("content/roadmap/one.toml", "[[milestone]]\nid = \"x\"\ntitle = \n")
        .file(
            "content/roadmap/two.toml",
            "[[milestone]]\nid = \"y\"\ntitle = \"Y\"\ntrack = \"business\"\nsuported_by = []\n",
        )
        .file("content/roadmap/three.toml", "[[risk]]\nid = \"r\"\ntitle = \"R\"\nmilestones = [\"y\"]\n")
        .build();
    run.failure(1)
        .error_at("parse", "content/roadmap/one.toml:3:9")
        .error_at("unknown-field", "content/roadmap/two.toml:5:1");
    assert_eq!(run.error_count(), 2, "no dangling-reference to `y`:\n{}", run.stderr);
}

#[test]
fn narrative_colliding_with_a_generated_page_is_an_error() {
    Site::minimal()
        .file("content/business.md", "# Mine\n")
        .build()
        .failure(1)
        .error_at("invalid-value", "content/business.md:1:1")
        .stderr_has("a page roadbook generates");
}

/// Every folder of the table of sections is the generator's, the ones the
/// navigation does not list (milestones, search) and the change report's included.
#[test]
fn no_narrative_may_take_the_folder_of_a_section() {
    let folders =
        ["business", "technology", "timeline", "objectives", "risks", "decisions", "links", "changes", "glossary"];
    for folder in folders.into_iter().chain(["milestones", "search"]) {
        let file = format!("content/{folder}/plan.md");
        let run = Site::minimal().file(&file, "# Mine\n").run(&["check"]);
        run.failure(1).error_at("invalid-value", &format!("{file}:1:1")).stderr_has(&format!(
            "`{file}` would be written to `{folder}/plan/`, which is a page roadbook generates; rename or move it"
        ));
        assert_eq!(run.error_count(), 1, "{}", run.stderr);
    }
    Site::minimal().file("content/roadmaps/plan.md", "# Mine\n").run(&["check"]).success();
}

#[test]
fn odd_files_never_panic() {
    let cases: &[(&str, &[u8])] = &[
        ("content/narratives/bin.md", b"\xff\xfe\x00junk"),
        ("content/roadmap/bin.toml", b"id = \"a\"\n\xc3\x28"),
        ("content/narratives/open.md", b"+++\ntitle = \"never closed\"\n"),
        ("content/narratives/badfront.md", b"+++\ntitle = 3\nnope = true\n+++\nbody"),
        ("content/roadmap/notarray.toml", b"milestone = 3\n"),
        ("content/roadmap/nul.toml", b"\x00\x00"),
        ("content/glossary.toml", b"[[term]]\nterm = \"x\"\n"),
    ];
    for (path, bytes) in cases {
        let site = Site::minimal();
        site.write(path, bytes);
        let run = site.build();
        run.failure(1).stderr_has(&format!("--> {path}:"));
    }
}

#[test]
fn not_utf8_is_located_at_the_first_bad_byte() {
    let site = Site::minimal();
    site.write("content/narratives/bad.md", b"# Title\nfine line\nbad \xff here\n");
    site.build().failure(1).error_at("parse", "content/narratives/bad.md:3:5");
}

#[test]
fn empty_files_are_fine() {
    Site::minimal().file("content/narratives/empty.md", "").file("content/roadmap/empty.toml", "").build().success();
    Site::new().file("content/.keep", "").build().success();
    // A folder with neither roadbook.toml nor content/ is not a site (issue 13: an empty site over a good one).
    Site::new().build().failure(2).stderr_has("is not a roadbook site");
}

#[test]
fn front_matter_errors_are_placed_in_the_file() {
    Site::minimal()
        .file("content/narratives/n.md", "+++\ntitle = \"N\"\nkind = \"six-pagr\"\nauthor = \"x\"\n+++\nBody\n")
        .build()
        .failure(1)
        .error_at("unknown-field", "content/narratives/n.md:4:1")
        .stderr_has("did you mean `authors`?");
    Site::minimal()
        .file("content/narratives/n.md", "+++\ntitle = \"N\"\nkind = \"six-pagr\"\n+++\nBody\n")
        .build()
        .failure(1)
        .error_at("invalid-value", "content/narratives/n.md:3:8")
        .stderr_has("did you mean `six-pager`?");
}

#[test]
fn bad_base_url_in_config_is_an_invalid_value() {
    Site::minimal()
        .file("roadbook.toml", "title = \"T\"\nbase_url = \"example.com\"\n")
        .build()
        .failure(1)
        .error_at("invalid-value", "roadbook.toml:2:12")
        .stderr_has("absolute http(s) URL");
}

#[test]
fn a_root_relative_link_or_image_in_markdown_is_an_error_at_its_place() {
    let site = Site::minimal()
        .file(
            "roadbook.toml",
            "title = \"Test\"\nas_of = \"2026-11-24\"\nallow = [\"missing-customer-need\", \"missing-metric\"]\n",
        )
        .file(
            "content/index.md",
            "# Home\n\nSee [the KEP](/keps/123), ![chart](/img/c.png), [ok](https://x.org/a) and [here](other.html).\n",
        );
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stderr,
        "error[invalid-value]: root-relative link `/keps/123` would not resolve in the built site, which opens from disk and may be served under a sub-path: use an `@` link (`@/narratives/NAME.md`, `@milestone:ID`) or a full URL
 --> content/index.md:3:5
  |
3 | See [the KEP](/keps/123), ![chart](/img/c.png), [ok](https://x.org/a) and [here](other.html).
  |     ^

error[invalid-value]: root-relative image `/img/c.png` would not resolve in the built site, which opens from disk and may be served under a sub-path: use an `@` link (`@/narratives/NAME.md`, `@milestone:ID`) or a full URL
 --> content/index.md:3:27
  |
3 | See [the KEP](/keps/123), ![chart](/img/c.png), [ok](https://x.org/a) and [here](other.html).
  |                           ^

check: 2 errors, 0 warnings
"
    );
}

/// Every bad field of an item is reported in one run, in roadmap files,
/// `roadbook.toml` and front matter alike; a required key that is bad, or
/// misspelt, is not reported a second time as missing; the item is refused.
#[test]
fn every_bad_field_of_an_item_is_reported_in_one_run() {
    let site = Site::clean()
        .file("roadbook.toml", "title = 3\nas_of = \"2026-11-24\"\nhighlight_thme = \"x\"\n[publish]\nindxable = true\n")
        .file(
            "content/roadmap/a.toml",
            "[[milestone]]\nid = \"a\"\ntitle = 5\ntrack = \"business\"\nstauts = \"done\"\ndue = 2027\nowner = [\"x\"]\n\n\
             [[milestone.metric]]\nnme = \"Conversion\"\ntarget = 3\n\n\
             [[milestone.metric]]\nname = \"Fine\"\n\n\
             [[milestone]]\ntitel = \"B\"\nid = \"b\"\ntrack = \"business\"\n",
        )
        .file("content/n.md", "+++\ntitle = [\"N\"]\ndraft = \"no\"\n+++\nBody\n");
    let run = site.run(&["check"]);
    run.failure(1);
    assert_eq!(
        run.stderr,
        "error[parse]: invalid type: sequence, expected a string
 --> content/n.md:2:9
  |
2 | title = [\"N\"]
  |         ^

error[parse]: invalid type: string \"no\", expected a boolean
 --> content/n.md:3:9
  |
3 | draft = \"no\"
  |         ^

error[parse]: invalid type: integer `5`, expected a string
 --> content/roadmap/a.toml:3:9
  |
3 | title = 5
  |         ^

error[unknown-field]: unknown field `stauts`; did you mean `status`?
 --> content/roadmap/a.toml:5:1
  |
5 | stauts = \"done\"
  | ^

error[parse]: invalid type: integer `2027`, expected a string
 --> content/roadmap/a.toml:6:7
  |
6 | due = 2027
  |       ^

error[parse]: invalid type: sequence, expected a string
 --> content/roadmap/a.toml:7:9
  |
7 | owner = [\"x\"]
  |         ^

error[unknown-field]: unknown field `nme`; did you mean `name`?
  --> content/roadmap/a.toml:10:1
   |
10 | nme = \"Conversion\"
   | ^

error[parse]: invalid type: integer `3`, expected a string
  --> content/roadmap/a.toml:11:10
   |
11 | target = 3
   |          ^

error[unknown-field]: unknown field `titel`; did you mean `title`?
  --> content/roadmap/a.toml:17:1
   |
17 | titel = \"B\"
   | ^

error[parse]: invalid type: integer `3`, expected a string
 --> roadbook.toml:1:9
  |
1 | title = 3
  |         ^

error[unknown-field]: unknown field `highlight_thme`; did you mean `highlight_theme`?
 --> roadbook.toml:3:1
  |
3 | highlight_thme = \"x\"
  | ^

error[unknown-field]: unknown field `indxable`; did you mean `indexable`?
 --> roadbook.toml:5:1
  |
5 | indxable = true
  | ^

check: 12 errors, 0 warnings
"
    );
}

/// A genuinely missing key is still reported, and a hostile table with
/// thousands of bad keys gives the first hundred, quickly.
#[test]
fn a_missing_key_is_reported_and_mistakes_per_item_are_bounded() {
    let mut many = String::from("[[milestone]]\nid = \"x\"\ntrack = \"business\"\n");
    for i in 0..5000 {
        many.push_str(&format!("bad{i} = {i}\n"));
    }
    let run = with_roadmap(&many).run(&["check", "--format", "json"]);
    assert_eq!(run.code, 1);
    let found: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let found = found.as_array().unwrap();
    assert_eq!(found.len(), 100, "{}", run.stdout);
    assert!(found.iter().all(|d| d["code"] == "unknown-field"), "{}", run.stdout);
    with_roadmap("[[milestone]]\nid = \"x\"\ntrack = \"business\"\n")
        .build()
        .failure(1)
        .error_at("parse", "content/roadmap/extra.toml:1:1")
        .stderr_has("missing field `title`");
}

/// A read error does not hide the rest: the items that were read are still
/// checked and their errors given in the same run (but not a reference to an
/// item that could not be read, and no warning until the errors are fixed).
/// A roadbook.toml that cannot be read stops there: its defaults would give
/// false errors.
#[test]
fn read_errors_and_value_errors_come_in_one_run() {
    let site = Site::clean().file(
        "content/roadmap/extra.toml",
        "[[milestone]]\nid = \"x\"\ntitle = \"X\"\ntrack = \"business\"\nstatsu = \"done\"\n\n\
         [[milestone]]\nid = \"y\"\ntitle = \"Y\"\ntrack = \"busines\"\ndepends_on = [\"x\"]\n\n\
         [[objective]]\nid = \"o\"\ntitle = \"O\"\nperiod = \"soon\"\n",
    );
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stderr,
        "error[unknown-field]: unknown field `statsu`; did you mean `status`?
 --> content/roadmap/extra.toml:5:1
  |
5 | statsu = \"done\"
  | ^

error[invalid-value]: invalid track `busines`: expected one of business, technology; did you mean `business`?
  --> content/roadmap/extra.toml:10:9
   |
10 | track = \"busines\"
   |         ^

error[invalid-value]: invalid period `soon`: expected a year (2027), a half (2027-H1), a quarter (2027-Q1), a month (2027-03) or a day (2027-03-15)
  --> content/roadmap/extra.toml:16:10
   |
16 | period = \"soon\"
   |          ^

check: 3 errors, 0 warnings
"
    );
    let site = site.file("roadbook.toml", "title = \"T\"\nas_of = \"2026-11-24\"\naudience = 1\n");
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1);
    assert_eq!(run.error_count(), 2, "roadbook.toml and the item it could read, nothing judged:\n{}", run.stderr);
}

/// An item refused for a field of the wrong type still has its other fields
/// checked in the same run; one missing a required key is not (what is
/// missing would be guessed).
#[test]
fn a_refused_item_still_has_its_other_values_checked() {
    let run = with_roadmap(
        "[[milestone]]\nid = \"a\"\ntitle = \"A\"\ntrack = \"business\"\nweight = \"high\"\ndue = \"2027-13\"\nstatus = \"donne\"\n\n\
         [[milestone]]\nid = \"b\"\ntitel = \"B\"\ntrack = \"business\"\ndue = \"2027-14\"\n",
    )
    .run(&["check"]);
    run.failure(1)
        .error_at("parse", "content/roadmap/extra.toml:5:10")
        .error_at("invalid-value", "content/roadmap/extra.toml:6:7")
        .error_at("invalid-value", "content/roadmap/extra.toml:7:10")
        .error_at("unknown-field", "content/roadmap/extra.toml:11:1");
    assert_eq!(run.error_count(), 4, "{}", run.stderr);
}
