//! Themes: what a site's own templates may look like.

use crate::harness::Site;

#[test]
fn reference_templates_may_have_comments_and_newlines_around_the_reference() {
    let site = Site::minimal().file(
        "templates/ref.html",
        "{# before #}\n<a href=\"{{ root }}{{ r.href }}\">{{ r.title }}</a>\n{# after #}\n\n",
    );
    site.build().success();
    assert!(site
        .output("business/index.html")
        .contains("<ul class=\"refs\"><li><a href=\"../milestones/platform/index.html\">Platform</a></li></ul>"));
}
