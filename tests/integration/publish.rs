//! Static hosting: one output that works from file://, from a domain root
//! and from a sub-path (`https://example.com/roadmap/`), with absolute URLs
//! only where hosts need them (sitemap, canonical links, 404 page).

use crate::browser::{chromium, Browser};
use crate::harness::{walkdir, Site};
use crate::links::{attr_values, broken_links};
use serde_json::json;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};

const BASE: &str = "https://example.com/roadmap/";

fn html_pages(root: &Path) -> Vec<(String, String)> {
    walkdir(root)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .map(|p| {
            let rel = p.strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/");
            (rel, std::fs::read_to_string(&p).unwrap())
        })
        .collect()
}

#[test]
fn a_sub_path_build_keeps_links_relative_and_absolute_urls_under_the_base() {
    let site = Site::example();
    site.run(&["build", "--base-url", BASE]).success();
    let public = site.path().join("public");
    assert_eq!(broken_links(&public), Vec::<String>::new());
    let pages = html_pages(&public);
    assert!(pages.len() > 40);
    for (path, html) in &pages {
        if path == "404.html" {
            // Served at any depth by hosts, so it is the one page that links absolutely.
            assert!(html.contains(&format!("href=\"{BASE}index.html\"")), "{html}");
            assert!(html.contains("<style>") && !html.contains("style.css"), "404 inlines its stylesheet");
            continue;
        }
        for attr in ["href", "src", "action"] {
            let absolute: Vec<String> =
                attr_values(html, attr).into_iter().filter(|v| v.starts_with('/') || v.starts_with(BASE)).collect();
            let allowed = |v: &String| attr == "href" && html.contains(&format!("rel=\"canonical\" href=\"{v}\""));
            let bad: Vec<&String> = absolute.iter().filter(|v| !allowed(v)).collect();
            assert!(bad.is_empty(), "{path}: absolute {attr} {bad:?}");
        }
        let expected = format!("<link rel=\"canonical\" href=\"{BASE}{}\">", path.strip_suffix("index.html").unwrap());
        assert!(path == "search/index.html" || html.contains(&expected), "{path}: no {expected}");
    }
    let sitemap = std::fs::read_to_string(public.join("sitemap.xml")).unwrap();
    let locs: Vec<&str> = sitemap.split("<loc>").skip(1).map(|s| s.split("</loc>").next().unwrap()).collect();
    assert!(locs.len() > 40);
    for loc in locs {
        let rel = loc.strip_prefix(BASE).unwrap_or_else(|| panic!("{loc} is not under {BASE}"));
        assert!(public.join(rel).join("index.html").is_file() || public.join(rel).is_file(), "{loc} has no file");
    }
}

/// A minimal static file server for one folder mounted at `prefix`
/// (`/` or `/roadmap/`), like a host serving a site from a sub-path.
fn host(folder: PathBuf, prefix: &'static str) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in listener.incoming().map_while(Result::ok) {
            let folder = folder.clone();
            std::thread::spawn(move || answer(stream, &folder, prefix));
        }
    });
    port
}

fn answer(mut stream: TcpStream, folder: &Path, prefix: &str) {
    let mut line = String::new();
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    if reader.read_line(&mut line).is_err() {
        return;
    }
    let mut header = String::new();
    while reader.read_line(&mut header).is_ok_and(|n| n > 2) {
        header.clear();
    }
    let target = line.split_whitespace().nth(1).unwrap_or("/").split('?').next().unwrap().to_string();
    let file = target
        .strip_prefix(prefix)
        .filter(|rest| !rest.contains(".."))
        .map(|rest| if rest.is_empty() || rest.ends_with('/') { format!("{rest}index.html") } else { rest.to_string() })
        .map(|rest| folder.join(rest));
    let (status, body, kind) = match file.and_then(|f| std::fs::read(&f).ok().map(|b| (f, b))) {
        Some((f, body)) => {
            let kind = match f.extension().and_then(|e| e.to_str()) {
                Some("html") => "text/html; charset=utf-8",
                Some("css") => "text/css",
                Some("svg") => "image/svg+xml",
                _ => "application/octet-stream",
            };
            ("200 OK", body, kind)
        }
        None => ("404 Not Found", b"not found".to_vec(), "text/plain"),
    };
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(&body);
}

/// Opens `url` and checks the page and everything it loaded answered 200 and the stylesheet applied.
fn loads_whole(browser: &mut Browser, url: &str) {
    browser.call("Page.navigate", json!({ "url": url }));
    browser.wait_until("document.readyState === 'complete'", url);
    let failed = browser.eval(
        "performance.getEntries().filter(e => 'responseStatus' in e && e.responseStatus !== 200 && e.responseStatus !== 0).map(e => e.name)",
    );
    assert_eq!(failed, json!([]), "{url}: failed requests");
    let styled = browser.eval("getComputedStyle(document.querySelector('.site-header')).borderBottomStyle");
    assert_eq!(styled, json!("solid"), "{url}: the stylesheet did not apply");
}

#[test]
fn the_same_output_works_from_a_domain_root_a_sub_path_and_disk() {
    let Some(binary) = chromium() else { return };
    let site = Site::example();
    site.run(&["build", "--base-url", BASE]).success();
    let public = site.path().join("public");
    let mut browser = Browser::start(&binary);
    let pages = ["index.html", "business/index.html", "milestones/instant-payouts/index.html", "timeline/index.html"];
    let root = host(public.clone(), "/");
    let sub = host(public.clone(), "/roadmap/");
    for base in [
        format!("http://127.0.0.1:{root}/"),
        format!("http://127.0.0.1:{sub}/roadmap/"),
        format!("file://{}/", public.display()),
    ] {
        for page in pages {
            loads_whole(&mut browser, &format!("{base}{page}"));
        }
        // Following a link stays inside the mount point.
        browser.call("Page.navigate", json!({ "url": format!("{base}business/index.html") }));
        browser.wait_until("document.readyState === 'complete'", "business view");
        browser.eval("document.querySelector('.card h3 a, .card a').click()");
        browser.wait_until(
            "location.pathname.includes('/milestones/') && document.readyState === 'complete'",
            "a card link",
        );
        let href = browser.eval("location.href");
        assert!(href.as_str().unwrap().starts_with(&base), "{href} left {base}");
        // Search works over HTTP too.
        browser.call("Page.navigate", json!({ "url": format!("{base}search/index.html?q=ledger") }));
        browser.wait_until("document.querySelectorAll('#search-results li').length > 0", "search results");
    }
}

#[test]
fn the_board_edition_reads_whole_in_a_browser_and_search_cannot_find_hidden_items() {
    let Some(binary) = chromium() else { return };
    let site = Site::example();
    site.run(&["build", "--audience", "board"]).success();
    let public = site.path().join("public");
    let base = format!("file://{}/", public.display());
    let mut browser = Browser::start(&binary);
    for page in ["index.html", "technology/index.html", "timeline/index.html", "narratives/tech-debt/index.html"] {
        loads_whole(&mut browser, &format!("{base}{page}"));
        let label =
            browser.eval("document.querySelector('.edition') && document.querySelector('.edition').textContent");
        assert_eq!(label, json!("Board and investors edition"), "{page}");
    }
    // `k8s-consolidation` is for engineering only; the full build finds it by its title.
    let full = site.path().join("full");
    site.run(&["build", "--output", full.to_str().unwrap()]).success();
    assert!(std::fs::read_to_string(full.join("search/index.html")).unwrap().contains("Kubernetes clusters"));
    browser.call("Page.navigate", json!({ "url": format!("{base}search/index.html?q=kubernetes clusters") }));
    browser.wait_until("document.getElementById('search-status').textContent.startsWith('0 results')", "no hits");
    browser.call("Page.navigate", json!({ "url": format!("{base}search/index.html?q=investment") }));
    browser.wait_until("document.querySelectorAll('#search-results li').length > 0", "the board-only narrative");
}
