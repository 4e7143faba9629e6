//! Nothing leaves the site by a side door: templates read only `ROADBOOK_*`
//! and `CI` from the environment.

use crate::harness::Site;

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
