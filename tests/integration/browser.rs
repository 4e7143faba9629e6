//! Real-browser tests in headless Chromium, driven over the DevTools
//! protocol: an open tab updates itself after a file is edited (no reload
//! from the test), shows a failed rebuild as an overlay, and recovers.
//! Skipped with a message when Chromium is missing, except under CI where
//! `.ci/run` installs it and its absence is a failure.

use crate::harness::Site;
use crate::serve::Server;
use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The Chromium binary, if this machine has one.
pub fn chromium() -> Option<String> {
    let candidates = [
        std::env::var("ROADBOOK_CHROMIUM").unwrap_or_default(),
        "/usr/bin/chromium".into(),
        "/usr/bin/chromium-browser".into(),
    ];
    let found = candidates.into_iter().find(|c| !c.is_empty() && std::path::Path::new(c).is_file());
    if found.is_none() {
        assert!(std::env::var("CI").is_err(), "Chromium is required under CI (.ci/run installs it)");
        eprintln!("skipped: no Chromium (apt-get install chromium, or set ROADBOOK_CHROMIUM)");
    }
    found
}

/// A headless Chromium with one page, driven over the DevTools protocol.
pub struct Browser {
    child: Child,
    socket: tungstenite::WebSocket<tungstenite::stream::MaybeTlsStream<TcpStream>>,
    next_id: u64,
    /// DevTools events received while waiting for answers, oldest first.
    pub events: Vec<Value>,
    _profile: tempfile::TempDir,
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Browser {
    pub fn start(binary: &str) -> Browser {
        let profile = tempfile::tempdir().unwrap();
        let mut child = Command::new(binary)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--remote-debugging-port=0",
                "--window-size=1280,900",
            ])
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .arg("about:blank")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start chromium");
        let mut stderr = BufReader::new(child.stderr.take().unwrap());
        let mut line = String::new();
        let mut port = None;
        while stderr.read_line(&mut line).unwrap_or(0) > 0 {
            if let Some(at) = line.find("ws://127.0.0.1:") {
                port = line[at + 15..].split('/').next().and_then(|p| p.parse::<u16>().ok());
                break;
            }
            line.clear();
        }
        std::thread::spawn(move || for _ in stderr.lines() {});
        let port = port.expect("chromium printed no DevTools address");
        let targets: Value = serde_json::from_str(&http_get(port, "/json/list")).unwrap();
        let page = targets.as_array().unwrap().iter().find(|t| t["type"] == "page").expect("a page target");
        let url = page["webSocketDebuggerUrl"].as_str().unwrap().to_string();
        let (socket, _) = tungstenite::connect(url).expect("connect to the page");
        if let tungstenite::stream::MaybeTlsStream::Plain(stream) = socket.get_ref() {
            stream.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
        }
        Browser { child, socket, next_id: 1, events: Vec::new(), _profile: profile }
    }

    /// Sends one DevTools command and waits for its answer (events in between are kept in `events`).
    pub fn call(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        let message = json!({ "id": id, "method": method, "params": params }).to_string();
        self.socket.send(tungstenite::Message::Text(message.into())).unwrap();
        loop {
            let reply = self.socket.read().expect("devtools reply");
            let Ok(text) = reply.to_text() else { continue };
            let value: Value = serde_json::from_str(text).unwrap_or(Value::Null);
            if value["id"] == id {
                return value;
            }
            if value.get("method").is_some() {
                self.events.push(value);
            }
        }
    }

    /// Waits for the next event named `method` (earlier buffered ones count) and removes it from `events`.
    #[track_caller]
    pub fn wait_event(&mut self, method: &str) -> Value {
        loop {
            if let Some(at) = self.events.iter().position(|e| e["method"] == method) {
                return self.events.remove(at);
            }
            let reply = self.socket.read().unwrap_or_else(|e| panic!("waiting for {method}: {e}"));
            let Ok(text) = reply.to_text() else { continue };
            let value: Value = serde_json::from_str(text).unwrap_or(Value::Null);
            if value.get("method").is_some() {
                self.events.push(value);
            }
        }
    }

    /// Evaluates a JavaScript expression in the page and returns its value.
    pub fn eval(&mut self, expression: &str) -> Value {
        let reply = self.call("Runtime.evaluate", json!({ "expression": expression, "returnByValue": true }));
        reply["result"]["result"]["value"].clone()
    }

    /// Polls an expression until it is `true`.
    #[track_caller]
    pub fn wait_until(&mut self, expression: &str, what: &str) {
        let deadline = Instant::now() + Duration::from_secs(20);
        while self.eval(expression) != json!(true) {
            assert!(Instant::now() < deadline, "timed out waiting for {what} ({expression})");
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

fn http_get(port: u16, path: &str) -> String {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(stream, "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n").unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    let mut raw = Vec::new();
    let _ = stream.read_to_end(&mut raw);
    let raw = String::from_utf8_lossy(&raw).into_owned();
    raw.split_once("\r\n\r\n").map(|(_, body)| body.to_string()).unwrap_or_default()
}

#[test]
fn an_open_tab_follows_edits_errors_and_fixes_by_itself() {
    let Some(binary) = chromium() else { return };
    let site = Site::minimal();
    let server = Server::start(&site);
    let mut browser = Browser::start(&binary);
    let url = format!("http://127.0.0.1:{}/milestones/launch/", server.port);
    browser.call("Page.navigate", json!({ "url": url }));
    browser.wait_until(
        "document.readyState === 'complete' && document.querySelector('h1').textContent === 'Launch'",
        "the page",
    );
    std::thread::sleep(Duration::from_millis(400));
    browser.eval("window.__marker = 'set by the test'");

    let main = site.path().join("content/roadmap/main.toml");
    let good = std::fs::read_to_string(&main).unwrap();
    std::fs::write(&main, good.replace("title = \"Launch\"", "title = \"Launch LIVE\"")).unwrap();
    browser.wait_until("document.querySelector('h1').textContent === 'Launch LIVE'", "the edit to show");
    assert_eq!(browser.eval("window.__marker === undefined"), json!(true), "the page reloaded itself");

    browser.eval("window.__marker = 'still here'");
    std::fs::write(&main, good.replace("track = \"business\"", "track = \"busines\"")).unwrap();
    browser.wait_until("!!document.getElementById('roadbook-error')", "the error overlay");
    let overlay = browser.eval("document.getElementById('roadbook-error').textContent");
    assert!(overlay.as_str().unwrap().contains("content/roadmap/main.toml:4:9"), "{overlay}");
    assert_eq!(browser.eval("window.__marker"), json!("still here"), "the overlay came without a reload");
    assert_eq!(browser.eval("document.querySelector('h1').textContent"), json!("Launch LIVE"), "last good page kept");

    std::fs::write(&main, good.replace("title = \"Launch\"", "title = \"Launch FIXED\"")).unwrap();
    browser.wait_until("document.querySelector('h1').textContent === 'Launch FIXED'", "recovery");
    assert_eq!(browser.eval("document.getElementById('roadbook-error') === null"), json!(true));
}
