//! The timeline as a reader sees it, measured in headless Chromium on the
//! worked example and on a 300-milestone synthetic roadmap: at 1280 px and
//! 390 px no two chart labels overlap, none is cut short or clipped, no
//! connector is drawn by default (so none crosses a label), the example's
//! chart fits 1280 px, and on a phone the today line is on the first screen
//! (across and down: the page opens with it in view).
//! Pointing at a milestone draws its links, "Show all links" draws every
//! one, filters in the address narrow the chart, and without JavaScript
//! everything shows. On paper the labels are 8 pt or more and the page is
//! landscape. Screenshots and PDFs go to `target/screenshots/timeline/`.
//!
//! Like the rest of the browser suite these take a while on two cores, so a
//! plain `cargo test` leaves them out (`#[ignore]`).

use crate::browser::{chromium, Browser};
use crate::corpus;
use crate::harness::{repo, Site};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};

/// Measures the chart of the open page: labels (visible `<text>` of the chart), pairs of
/// labels whose boxes intersect, labels ending in "…", labels outside their drawing,
/// visible connectors and those that cross a label, how far the chart and the page
/// scroll sideways, and whether the today line is on screen.
const MEASURE: &str = r#"(() => {
  const chart = document.querySelector('.tl-chart');
  const shown = (e) => { const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0 && e.checkVisibility(); };
  const labels = [...chart.querySelectorAll('svg text')].filter(shown)
    .map((t) => ({ text: t.textContent, box: t.getBoundingClientRect(), svg: t.ownerSVGElement.getBoundingClientRect() }));
  const byLeft = [...labels].sort((a, b) => a.box.left - b.box.left);
  const overlaps = [];
  for (let i = 0; i < byLeft.length; i++) {
    const a = byLeft[i].box;
    for (let j = i + 1; j < byLeft.length && byLeft[j].box.left < a.right - 0.5; j++) {
      const b = byLeft[j].box;
      if (Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 0.5) overlaps.push(byLeft[i].text + ' / ' + byLeft[j].text);
    }
  }
  const cut = labels.filter((l) => /…\s*$/.test(l.text)).map((l) => l.text);
  const clipped = labels.filter((l) => l.box.left < l.svg.left - 0.5 || l.box.right > l.svg.right + 0.5
    || l.box.top < l.svg.top - 0.5 || l.box.bottom > l.svg.bottom + 0.5).map((l) => l.text);
  const wires = [...chart.querySelectorAll('.tl-wires path')].filter(shown);
  const crossings = [];
  for (const w of wires) {
    const origin = w.ownerSVGElement.getBoundingClientRect(), length = w.getTotalLength();
    const hit = labels.find((l) => {
      for (let s = 0; s <= length; s += 2) {
        const p = w.getPointAtLength(s), x = p.x + origin.left, y = p.y + origin.top;
        if (x > l.box.left + 1 && x < l.box.right - 1 && y > l.box.top + 1 && y < l.box.bottom - 1) return true;
      }
      return false;
    });
    if (hit) crossings.push(hit.text);
  }
  const scroller = document.querySelector('.timeline-scroll');
  const today = chart.querySelector('.tl-axis .tl-today').getBoundingClientRect();
  return {
    labels: labels.length, overlaps, cut, clipped, wires: wires.length, crossings,
    chart_overflow: scroller.scrollWidth - scroller.clientWidth,
    page_overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
    chart_width: Math.round(chart.getBoundingClientRect().width),
    today_top: Math.round(today.top),
    today_in_view: today.left >= 0 && today.right <= innerWidth && today.top >= 0 && today.top < innerHeight,
  };
})()"#;

/// The worked example and the synthetic roadmap, built; the name and output folder of each.
fn sites() -> Vec<(&'static str, Site)> {
    let example = Site::example();
    example.build().success();
    let synthetic = corpus::roadmap(300, 1);
    synthetic.build().success();
    vec![("example", example), ("300", synthetic)]
}

fn url(site: &Site, rest: &str) -> String {
    format!("file://{}/timeline/index.html{rest}", site.path().join("public").display())
}

fn review_dir() -> PathBuf {
    let dir = repo().join("target/screenshots/timeline");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

impl Browser {
    fn show(&mut self, url: &str, width: u32, height: u32) {
        self.call(
            "Emulation.setDeviceMetricsOverride",
            json!({ "width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600 }),
        );
        self.call("Page.navigate", json!({ "url": url }));
        self.wait_until("document.readyState === 'complete'", "the timeline page");
        // Let the script open the chart at today.
        self.eval("new Promise(r => requestAnimationFrame(() => setTimeout(r, 50)))");
    }

    fn measure(&mut self) -> Value {
        let reply = self.call("Runtime.evaluate", json!({ "expression": MEASURE, "returnByValue": true }));
        let value = reply["result"]["result"]["value"].clone();
        assert!(value.is_object(), "measurement failed: {reply}");
        value
    }

    /// The page printed to PDF at the size its CSS asks for, read back in pieces (a large
    /// roadmap's PDF is more than one DevTools message can hold).
    fn pdf(&mut self) -> Vec<u8> {
        let options = json!({
            "printBackground": true, "preferCSSPageSize": true, "pageRanges": "1-20", "transferMode": "ReturnAsStream"
        });
        let reply = self.call("Page.printToPDF", options);
        let handle = reply["result"]["stream"].as_str().unwrap_or_else(|| panic!("no PDF: {reply}")).to_string();
        let mut data = Vec::new();
        loop {
            let chunk = self.call("IO.read", json!({ "handle": handle, "size": 4 << 20 }));
            let text = chunk["result"]["data"].as_str().unwrap_or("");
            if chunk["result"]["base64Encoded"] == json!(true) {
                data.extend(crate::browser_suite::base64(text));
            } else {
                data.extend(text.as_bytes());
            }
            if chunk["result"]["eof"] != json!(false) {
                break;
            }
        }
        self.call("IO.close", json!({ "handle": handle }));
        data
    }

    /// A PNG of the first screen.
    fn snap(&mut self, to: &Path) {
        let shot = self.call("Page.captureScreenshot", json!({ "format": "png" }));
        let data = shot["result"]["data"].as_str().unwrap_or_else(|| panic!("no screenshot: {shot}"));
        std::fs::write(to, crate::browser_suite::base64(data)).unwrap();
    }
}

#[test]
#[ignore = "long: run by .ci/run (cargo test -- --include-ignored)"]
fn labels_never_overlap_are_never_cut_and_the_chart_fits() {
    let Some(binary) = chromium() else { return };
    let mut browser = Browser::start(&binary);
    browser.call("Page.enable", json!({}));
    browser.call("Emulation.setScrollbarsHidden", json!({ "hidden": true }));
    let mut failures = Vec::new();
    for (name, site) in sites() {
        for (width, height) in [(1280, 800), (390, 844)] {
            browser.show(&url(&site, ""), width, height);
            browser.snap(&review_dir().join(format!("{name}-{width}.png")));
            let dark = json!({ "media": "screen", "features": [{ "name": "prefers-color-scheme", "value": "dark" }] });
            browser.call("Emulation.setEmulatedMedia", dark);
            browser.snap(&review_dir().join(format!("{name}-{width}-dark.png")));
            browser.call("Emulation.setEmulatedMedia", json!({ "media": "screen", "features": [] }));
            let m = browser.measure();
            eprintln!("timeline {name} at {width} px: {m}");
            let at = format!("{name} at {width} px");
            assert!(m["labels"].as_u64().unwrap() > 20, "{at}: too few labels measured: {m}");
            for key in ["overlaps", "cut", "clipped", "crossings"] {
                if m[key].as_array().is_some_and(|list| !list.is_empty()) {
                    failures.push(format!("{at}: {key}: {}", m[key]));
                }
            }
            if m["wires"] != json!(0) {
                failures.push(format!("{at}: {} connectors drawn by default", m["wires"]));
            }
            if m["page_overflow"].as_i64().unwrap() > 0 {
                failures.push(format!("{at}: the page scrolls sideways by {} px", m["page_overflow"]));
            }
            if width == 1280 && name == "example" && m["chart_overflow"].as_i64().unwrap() > 0 {
                failures.push(format!("{at}: the chart scrolls sideways by {} px", m["chart_overflow"]));
            }
            if m["today_in_view"] != json!(true) {
                failures.push(format!("{at}: the today line is off screen"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
#[ignore = "long: run by .ci/run (cargo test -- --include-ignored)"]
fn links_show_on_demand_filters_narrow_and_without_script_everything_shows() {
    let Some(binary) = chromium() else { return };
    let site = Site::example();
    site.build().success();
    let mut browser = Browser::start(&binary);
    browser.call("Page.enable", json!({}));
    browser.show(&url(&site, ""), 1280, 800);
    // eu-launch needs three milestones and is needed by none; its critical chain runs deeper.
    let expected = browser.eval(
        "(() => { const a = document.querySelector('a.tl-item[data-id=\"eu-launch\"]');
           return (a.dataset.s || '').split(' ').filter(Boolean).length + (a.dataset.d || '').split(' ').filter(Boolean).length; })()",
    );
    let point = "(() => { const a = document.querySelector('a.tl-item[data-id=\"eu-launch\"] .tl-bar');
         a.scrollIntoView({ block: 'center' }); const r = a.getBoundingClientRect(); return [r.left + 2, r.top + r.height / 2]; })()";
    let at = browser.eval(point);
    browser.call("Input.dispatchMouseEvent", json!({ "type": "mouseMoved", "x": at[0], "y": at[1] }));
    let drawn = browser.eval("document.querySelectorAll('.tl-wires path').length").as_u64().unwrap();
    assert!(
        drawn >= expected.as_u64().unwrap() && expected.as_u64().unwrap() > 0,
        "{drawn} lines for {expected} links"
    );
    assert_eq!(browser.eval("document.querySelector('.tl-chart').classList.contains('tl-focus')"), json!(true));
    browser.snap(&review_dir().join("example-1280-pointed.png"));
    browser.call("Input.dispatchMouseEvent", json!({ "type": "mouseMoved", "x": 5, "y": 5 }));
    assert_eq!(
        browser.eval("document.querySelectorAll('.tl-wires path').length"),
        json!(0),
        "lines go when the pointer leaves"
    );

    // Every link between two drawn milestones, on demand.
    let links = browser.eval(
        "(() => { const ids = new Set([...document.querySelectorAll('a.tl-item')].map(a => a.dataset.id)); let n = 0;
           for (const a of document.querySelectorAll('a.tl-item'))
             for (const p of ((a.dataset.s || '') + ' ' + (a.dataset.d || '')).split(' ')) if (ids.has(p)) n++;
           return n; })()",
    );
    browser.eval("document.querySelector('.tl-tools [name=links]').click()");
    assert_eq!(browser.eval("document.querySelectorAll('.tl-wires path').length"), links);
    assert_eq!(browser.eval("location.hash"), json!("#links=1"));
    browser.eval("window.scrollTo(0, 0)");
    browser.snap(&review_dir().join("example-1280-all-links.png"));

    // A linked filter.
    browser.show(&url(&site, "#track=technology&status=in-progress"), 1280, 800);
    let seen = browser.eval(
        "[...document.querySelectorAll('a.tl-item')].filter(a => a.checkVisibility())
           .map(a => a.closest('.tl-track').dataset.track + ' ' + a.classList[1])",
    );
    let seen = seen.as_array().unwrap();
    assert!(!seen.is_empty() && seen.iter().all(|s| s == "technology tl-in-progress"), "{seen:?}");
    let hidden_lanes =
        browser.eval("[...document.querySelectorAll('.tl-lane')].filter(l => !l.checkVisibility()).length");
    assert!(hidden_lanes.as_u64().unwrap() > 0, "business lanes hidden");
    assert_eq!(browser.eval("document.querySelector('.tl-tools [name=track]').value"), json!("technology"));
    let m = browser.measure();
    assert_eq!(
        (m["overlaps"].clone(), m["clipped"].clone()),
        (json!([]), json!([])),
        "a filtered chart is packed again: {m}"
    );

    // A tag in the query, as the other views and the tag pages link: only what carries it shows.
    browser.show(&url(&site, "?tag=highlight"), 1280, 800);
    let tagged = browser.eval(
        "[...document.querySelectorAll('a.tl-item, .tl-entry')].filter(e => e.checkVisibility())
           .map(e => (e.dataset.tags || '').split(' ').includes('highlight'))",
    );
    let tagged = tagged.as_array().unwrap();
    assert!(!tagged.is_empty() && tagged.iter().all(|t| t == &json!(true)), "{tagged:?}");
    let total = browser.eval("document.querySelectorAll('a.tl-item, .tl-entry').length").as_u64().unwrap();
    assert!((tagged.len() as u64) < total, "the tag filter hides something");
    assert_eq!(
        browser.eval("document.querySelector('.tl-shown').value"),
        json!(format!("Showing {} of {total} milestones", tagged.len()))
    );

    // Without JavaScript: no filters, no lines, every milestone shows.
    browser.call("Emulation.setScriptExecutionDisabled", json!({ "value": true }));
    browser.call("Page.navigate", json!({ "url": "about:blank" }));
    browser.show(&url(&site, "#track=technology"), 1280, 800);
    let all = browser.eval("[...document.querySelectorAll('a.tl-item')].every(a => a.checkVisibility())");
    assert_eq!(all, json!(true));
    assert_eq!(browser.eval("document.querySelector('.tl-tools').checkVisibility()"), json!(false));
    assert_eq!(browser.eval("document.querySelectorAll('.tl-entry').length > 0"), json!(true));
}

#[test]
#[ignore = "long: run by .ci/run (cargo test -- --include-ignored)"]
fn on_paper_the_chart_is_landscape_with_labels_of_8_pt_or_more() {
    let Some(binary) = chromium() else { return };
    let mut browser = Browser::start(&binary);
    browser.call("Page.enable", json!({}));
    for (name, site) in sites() {
        // The width a landscape A4 and Letter page leaves inside 10 mm margins, at 96 px to the inch.
        for (paper, width) in [("a4", 1047), ("letter", 980)] {
            browser.show(&url(&site, ""), width, 700);
            browser.call("Emulation.setEmulatedMedia", json!({ "media": "print" }));
            let points = browser.eval(
                "(() => { const svg = document.querySelector('.tl-lane-svg');
                   return svg.getBoundingClientRect().width / svg.viewBox.baseVal.width * 12 * 0.75; })()",
            );
            assert!(points.as_f64().unwrap() >= 8.0, "{name} on {paper}: labels of {points} pt");
            let lanes = browser.eval(
                "[...document.querySelectorAll('.tl-lane')].every(l => getComputedStyle(l).breakInside === 'avoid')",
            );
            assert_eq!(lanes, json!(true), "{name}: lanes are not split across pages");
            let data = browser.pdf();
            let text = String::from_utf8_lossy(&data);
            let media = text.split("/MediaBox [").nth(1).and_then(|m| m.split(']').next()).expect("a MediaBox");
            let size: Vec<f64> = media.split_whitespace().filter_map(|n| n.parse().ok()).collect();
            assert!(size[2] > size[3], "{name}: the page is landscape ({media})");
            std::fs::write(review_dir().join(format!("{name}-{paper}.pdf")), data).unwrap();
            browser.call("Emulation.setEmulatedMedia", json!({ "media": "screen" }));
        }
    }
}
