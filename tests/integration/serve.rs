//! `roadbook serve`, run for real on `--port 0`: status codes and types,
//! confinement, live edits and their SSE event, failed rebuilds, and that
//! the `build` output folder is never touched.

use crate::harness::{theme_templates, Site};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A running `roadbook serve`, killed when dropped.
pub struct Server {
    child: Child,
    pub port: u16,
    stderr: std::sync::Arc<std::sync::Mutex<String>>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    pub fn start(site: &Site) -> Server {
        Server::start_at(site.path())
    }

    pub fn start_at(root: &std::path::Path) -> Server {
        Server::start_with(root, &[])
    }

    /// `roadbook serve --port 0 --root ROOT EXTRA...`.
    pub fn start_with(root: &std::path::Path, extra: &[&str]) -> Server {
        let mut command = Command::new(env!("CARGO_BIN_EXE_roadbook"));
        command.args(["serve", "--port", "0", "--root"]).arg(root).args(extra);
        Server::launch(command)
    }

    /// `roadbook serve --port 0 --root ROOT` under `sh -c`, after `setup`
    /// (e.g. `ulimit -n 64`), so that only the server gets the setting.
    pub fn start_in_shell(root: &std::path::Path, setup: &str) -> Server {
        let mut command = Command::new("sh");
        command
            .arg("-c")
            .arg(format!("{setup}; exec \"$0\" serve --port 0 --root \"$1\""))
            .arg(env!("CARGO_BIN_EXE_roadbook"))
            .arg(root);
        Server::launch(command)
    }

    fn launch(mut command: Command) -> Server {
        let mut child = command.stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().expect("start serve");
        let stderr = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
        let sink = stderr.clone();
        let err = child.stderr.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(err).lines().map_while(Result::ok) {
                let mut s = sink.lock().unwrap();
                s.push_str(&line);
                s.push('\n');
            }
        });
        let mut out = BufReader::new(child.stdout.take().unwrap());
        let mut port = None;
        let mut line = String::new();
        while out.read_line(&mut line).unwrap_or(0) > 0 {
            if let Some(at) = line.find("http://127.0.0.1:") {
                let rest = &line[at + 17..];
                port = rest.split('/').next().and_then(|p| p.parse().ok());
                break;
            }
            line.clear();
        }
        std::thread::spawn(move || for _ in out.lines() {});
        Server { child, port: port.expect("serve printed no URL"), stderr }
    }

    /// The server's peak resident memory so far, in KiB (Linux).
    pub fn peak_memory_kib(&self) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).unwrap_or_default();
        let line = status.lines().find(|l| l.starts_with("VmHWM:")).unwrap_or("VmHWM: 0 kB");
        line.split_whitespace().nth(1).and_then(|n| n.parse().ok()).unwrap_or(0)
    }

    pub fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    /// Sends a request and returns (status, headers, body).
    pub fn request(&self, method: &str, target: &str) -> (u16, String, String) {
        let host = format!("127.0.0.1:{}", self.port);
        self.raw(&format!("{method} {target} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"))
    }

    /// Sends `head` as it is and returns (status, headers, body) of the answer.
    pub fn raw(&self, head: &str) -> (u16, String, String) {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        stream.write_all(head.as_bytes()).unwrap();
        let mut raw = Vec::new();
        let _ = stream.read_to_end(&mut raw);
        let raw = String::from_utf8_lossy(&raw).into_owned();
        let (head, body) = raw.split_once("\r\n\r\n").unwrap_or((&raw, ""));
        let status = head.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
        (status, head.to_string(), body.to_string())
    }

    pub fn get(&self, target: &str) -> (u16, String, String) {
        self.request("GET", target)
    }

    /// Polls `target` until its body contains `needle`.
    #[track_caller]
    pub fn wait_for(&self, target: &str, needle: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            let (_, _, body) = self.get(target);
            if body.contains(needle) {
                return body;
            }
            assert!(Instant::now() < deadline, "{target} never showed {needle:?}; stderr:\n{}", self.stderr());
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Opens the event stream; returns a reader thread's channel of received text.
    pub fn events(&self) -> std::sync::mpsc::Receiver<String> {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        write!(stream, "GET /__roadbook/events HTTP/1.1\r\nHost: localhost:{}\r\n\r\n", self.port).unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = stream.read(&mut buf) {
                if n == 0 || tx.send(String::from_utf8_lossy(&buf[..n]).into_owned()).is_err() {
                    break;
                }
            }
        });
        rx
    }
}

/// Reads from an event stream until `needle` arrives.
#[track_caller]
pub fn expect_event(rx: &std::sync::mpsc::Receiver<String>, needle: &str) -> String {
    let deadline = Instant::now() + Duration::from_secs(15);
    let mut seen = String::new();
    while Instant::now() < deadline {
        if let Ok(chunk) = rx.recv_timeout(Duration::from_millis(100)) {
            seen.push_str(&chunk);
            if seen.contains(needle) {
                return seen;
            }
        }
    }
    panic!("no {needle:?} in event stream:\n{seen}");
}

#[test]
fn serves_pages_with_types_and_statuses() {
    let site = Site::minimal();
    site.write("static/img/logo.png", b"\x89PNG");
    let server = Server::start(&site);
    let (status, head, body) = server.get("/");
    assert_eq!(status, 200);
    assert!(head.contains("Content-Type: text/html; charset=utf-8"), "{head}");
    assert!(body.contains("roadbook live reload"), "served pages carry the script");
    for (path, ty) in [
        ("/style.css", "text/css"),
        ("/roadmap.json", "application/json"),
        ("/sitemap.xml", "application/xml"),
        ("/roadmap.ics", "text/calendar"),
        ("/milestones.csv", "text/csv"),
        ("/img/logo.png", "image/png"),
    ] {
        let (status, head, _) = server.get(path);
        assert_eq!(status, 200, "{path}");
        assert!(head.contains(&format!("Content-Type: {ty}")), "{path}: {head}");
    }
    assert_eq!(server.get("/business/").0, 200);
    let (status, head, _) = server.get("/business");
    assert_eq!(status, 301);
    assert!(head.contains("Location: /business/"));
    let (status, _, body) = server.get("/no/such/page/");
    assert_eq!(status, 404);
    assert!(body.contains("Page not found"), "the site's 404 page");
    let (status, head, _) = server.request("POST", "/");
    assert_eq!(status, 405);
    assert!(head.contains("Allow: GET, HEAD"));
    let (status, head, body) = server.request("HEAD", "/");
    assert_eq!((status, body.as_str()), (200, ""), "HEAD has no body");
    assert!(head.contains("Content-Type: text/html"));
    for path in ["/", "/style.css", "/roadmap.json", "/nope"] {
        let (_, head, _) = server.get(path);
        assert!(!head.to_ascii_lowercase().contains("access-control-allow-origin"), "{path}: {head}");
    }
}

#[test]
fn a_non_ascii_folder_is_redirected_with_an_encoded_location() {
    // Issue 13 case 11: the redirect's Location was built from the decoded
    // path and `expect`ed to be ASCII; each such request killed a worker.
    let site = Site::minimal();
    site.write("static/docs/café/index.html", b"<p>coffee</p>");
    let server = Server::start(&site);
    for _ in 0..10 {
        let (status, head, _) = server.get("/docs/caf%C3%A9");
        assert_eq!(status, 301, "{head}");
        assert!(head.contains("\r\nLocation: /docs/caf%C3%A9/\r\n"), "{head}");
    }
    // Status and body only: the heads of two requests differ in their Date when a second ticks between them.
    let (status, _, body) = server.get("/docs/caf%C3%A9/");
    assert_eq!((status, body.as_str()), (200, "<p>coffee</p>"));
    assert_eq!(server.get("/").0, 200);
    assert!(!server.stderr().contains("panicked"), "{}", server.stderr());
}

#[test]
fn only_our_own_host_names_are_answered() {
    // Issue 13 case 9: DNS rebinding. A page on evil.example whose name is
    // rebound to 127.0.0.1 sends `Host: evil.example:PORT`; it gets a 403.
    let site = Site::minimal();
    let server = Server::start(&site);
    let port = server.port;
    for host in [format!("evil.example:{port}"), "localhost".to_string(), format!("localhost:{}", port ^ 1)] {
        for target in ["/", "/__roadbook/events", "/style.css"] {
            let (status, _, body) =
                server.raw(&format!("GET {target} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"));
            assert_eq!(status, 403, "{host} {target}");
            assert_eq!(
                body,
                format!(
                    "403 forbidden: this preview only answers requests for http://127.0.0.1:{port}/ or \
                     http://localhost:{port}/ (Host header: `{host}`). To reach it at another address, run \
                     `roadbook serve --interface ADDRESS`.\n"
                )
            );
        }
    }
    let (status, _, body) = server.raw("GET / HTTP/1.1\r\nConnection: close\r\n\r\n");
    assert_eq!(status, 403, "HTTP/1.1 without Host");
    assert!(body.contains("(Host header: none)"), "{body}");
    for host in [format!("127.0.0.1:{port}"), format!("localhost:{port}"), format!("LOCALHOST:{port}")] {
        let (status, _, _) = server.raw(&format!("GET / HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"));
        assert_eq!(status, 200, "{host}");
    }
    assert_eq!(server.raw("GET / HTTP/1.0\r\n\r\n").0, 200, "HTTP/1.0 may leave Host out");
}

#[test]
fn requests_never_leave_the_site() {
    let outer = Site::new().file("secret.txt", "MARKER-SECRET");
    let site_dir = outer.path().join("site");
    std::fs::create_dir_all(site_dir.join("content")).unwrap();
    std::fs::write(site_dir.join("roadbook.toml"), "title = \"T\"\n").unwrap();
    let server = Server::start_at(&site_dir);
    for target in [
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E%2Fsecret.txt",
        "/business/..%2f..%2fsecret.txt",
        "/..%5csecret.txt",
        "/..\\secret.txt",
        "/%00../secret.txt",
        "//secret.txt",
        &format!("/{}", outer.path().join("secret.txt").display()),
        "/./../secret.txt",
    ] {
        let (status, _, body) = server.get(target);
        assert!(status == 400 || status == 404, "{target}: {status}");
        assert!(!body.contains("MARKER-SECRET"), "{target} leaked the file");
    }
}

#[test]
fn an_edit_is_served_and_announced() {
    let site = Site::minimal();
    let server = Server::start(&site);
    let events = server.events();
    expect_event(&events, "event: hello");
    let toml = site.read("content/roadmap/main.toml");
    site.write("content/roadmap/main.toml", toml.replace("title = \"Launch\"", "title = \"Launch EDITED\"").as_bytes());
    server.wait_for("/milestones/launch/", "Launch EDITED");
    expect_event(&events, "event: reload");
}

#[test]
fn a_broken_save_keeps_the_last_good_site_and_shows_the_error() {
    let site = Site::minimal();
    let server = Server::start(&site);
    let events = server.events();
    expect_event(&events, "event: hello");
    let good = site.read("content/roadmap/main.toml");
    site.write(
        "content/roadmap/main.toml",
        good.replace("track = \"business\"", "track = \"busines\"\n<script>").as_bytes(),
    );
    let stream = expect_event(&events, "event: error");
    assert!(stream.contains("content/roadmap/main.toml:"), "{stream}");
    let page = server.wait_for("/milestones/launch/", "roadbook-error");
    assert!(page.contains("Launch</h1>"), "old page still served");
    let start = page.find("<pre id=\"roadbook-error\"").expect("overlay");
    let overlay = &page[start..start + page[start..].find("</pre>").expect("overlay end")];
    assert!(overlay.contains("&lt;script&gt;"), "overlay is escaped: {overlay}");
    assert!(!overlay.contains("<script"), "raw markup in the overlay: {overlay}");
    let deadline = Instant::now() + Duration::from_secs(10);
    while !server.stderr().contains("error[") {
        assert!(Instant::now() < deadline, "no diagnostics on stderr");
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(server.stderr().contains("--> content/roadmap/main.toml:"));
    site.write("content/roadmap/main.toml", good.replace("title = \"Launch\"", "title = \"Fixed\"").as_bytes());
    let fixed = server.wait_for("/milestones/launch/", "Fixed");
    assert!(!fixed.contains("id=\"roadbook-error\""), "overlay gone after a good build");
    expect_event(&events, "event: reload");
}

#[test]
fn serve_never_touches_the_build_output() {
    let site = Site::minimal();
    site.build().success();
    let before = site.snapshot("public");
    let server = Server::start(&site);
    let toml = site.read("content/roadmap/main.toml");
    site.write("content/roadmap/main.toml", toml.replace("title = \"Launch\"", "title = \"Changed\"").as_bytes());
    server.wait_for("/milestones/launch/", "Changed");
    drop(server);
    assert!(before == site.snapshot("public"), "serve changed public/");
    assert!(!site.output("index.html").contains("live reload"), "built pages carry no script");
}

#[test]
fn a_new_file_and_a_recreated_folder_are_picked_up() {
    let site = Site::minimal();
    let server = Server::start(&site);
    site.write("content/narratives/fresh.md", b"# Fresh page\n");
    server.wait_for("/narratives/fresh/", "Fresh page");
    std::fs::remove_dir_all(site.path().join("content/narratives")).unwrap();
    std::thread::sleep(Duration::from_millis(200));
    site.write("content/narratives/again.md", b"# Again page\n");
    server.wait_for("/narratives/again/", "Again page");
}

/// Removes the live-reload script a served page carries.
fn without_script(body: &str) -> String {
    match body.find("<script>/* roadbook live reload */") {
        Some(start) => {
            let end = start + body[start..].find("</script>\n").expect("script end") + "</script>\n".len();
            format!("{}{}", &body[..start], &body[end..])
        }
        None => body.to_string(),
    }
}

#[test]
fn served_site_equals_a_full_build_before_and_after_an_edit() {
    let site = Site::example();
    let server = Server::start(&site);
    assert_serves_the_build(&site, &server);
    let text = site.read("content/roadmap/technology.toml");
    let edited = text.replacen("status = \"planned\"", "status = \"at-risk\"", 1).replacen(
        "title = \"",
        "title = \"EDITMARK ",
        1,
    );
    assert_ne!(text, edited);
    site.write("content/roadmap/technology.toml", edited.as_bytes());
    server.wait_for("/technology/index.html", "EDITMARK");
    assert_serves_the_build(&site, &server);
}

/// Builds the site and checks that the server serves every built file, byte for byte (but for the reload
/// script, and the marker that says the output folder is roadbook's, which only a build writes).
pub fn assert_serves_the_build(site: &Site, server: &Server) {
    site.build().success();
    let mut built = site.snapshot("public");
    assert_eq!(built.iter().filter(|(path, _)| path == ".roadbook-output").count(), 1);
    built.retain(|(path, _)| path != ".roadbook-output");
    assert!(built.len() > 50);
    for (path, bytes) in &built {
        let (status, _, body) = server.get(&format!("/{path}"));
        assert_eq!(status, 200, "{path}");
        assert!(without_script(&body).as_bytes() == bytes.as_slice(), "{path} differs from the build");
    }
}

#[test]
fn a_template_edit_renders_the_references_again() {
    // The preview keeps compiled templates and rendered references between
    // rebuilds; a changed `ref.html` must show on every page that lists a milestone.
    let site = Site::example();
    let server = Server::start(&site);
    server.wait_for("/business/index.html", "class=\"refs\"");
    let theme = theme_templates().into_iter().find(|(name, _)| name == "ref.html").unwrap().1;
    site.write("templates/ref.html", theme.replacen("<a ", "<a data-reftest=\"1\" ", 1).as_bytes());
    let body = server.wait_for("/business/index.html", "data-reftest");
    assert!(body.contains("<li><a data-reftest=\"1\" href=\""), "references use the edited template");
    assert_serves_the_build(&site, &server);
}

#[test]
fn an_edit_in_one_file_is_checked_against_milestones_in_unchanged_files() {
    // The preview reuses the conversion of milestones whose file did not
    // change; renaming an objective they name must still make them fail, and
    // naming it back must bring the site back, equal to a full build.
    let site = Site::example();
    let server = Server::start(&site);
    let events = server.events();
    expect_event(&events, "event: hello");
    let objectives = site.read("content/roadmap/objectives.toml");
    site.write(
        "content/roadmap/objectives.toml",
        objectives.replace("id = \"faster-cash\"", "id = \"faster-cash-2\"").as_bytes(),
    );
    let stream = expect_event(&events, "event: error");
    assert!(stream.contains("content/roadmap/business.toml:") && stream.contains("faster-cash"), "{stream}");
    site.write("content/roadmap/objectives.toml", objectives.as_bytes());
    expect_event(&events, "event: reload");
    assert_serves_the_build(&site, &server);
}

#[test]
fn a_template_that_fails_to_render_keeps_the_last_good_site() {
    // Issue 13 case 15, serve side: a template override that compiles but
    // fails when a page is rendered (here a macro that calls itself without
    // end, which tera now stops at 64 deep) was announced as a good rebuild,
    // and its pages then showed a template error instead of the last good site.
    let site = Site::minimal();
    let server = Server::start(&site);
    let events = server.events();
    expect_event(&events, "event: hello");
    assert!(server.get("/milestones/launch/").2.contains("Launch</h1>"));
    site.write("templates/recurse.html", b"{% macro down(n) %}{{ self::down(n=n+1) }}{% endmacro down %}");
    site.write(
        "templates/milestone.html",
        br#"{% extends "base.html" %}{% import "recurse.html" as r %}{% block content %}{{ r::down(n=0) }}{% endblock content %}"#,
    );
    let stream = expect_event(&events, "event: error");
    assert!(stream.contains("nested more than 64 deep") && stream.contains("recurse.html"), "{stream}");
    assert!(!stream.contains("event: reload"), "{stream}");
    let page = server.wait_for("/milestones/launch/", "roadbook-error");
    assert!(page.contains("Launch</h1>"), "the last good page is still served: {page}");
    assert_eq!(server.get("/").0, 200);
    std::fs::remove_file(site.path().join("templates/milestone.html")).unwrap();
    expect_event(&events, "event: reload");
    let page = server.wait_for("/milestones/launch/", "Launch</h1>");
    assert!(!page.contains("id=\"roadbook-error\""), "overlay gone after a good build");
}
