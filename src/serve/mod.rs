//! `roadbook serve`: build in memory, serve over HTTP with tiny_http, watch
//! the site with notify, rebuild on change and reload open tabs over
//! Server-Sent Events. It never writes to disk, so the `build` output folder
//! is never touched and there is nothing to clean up on Ctrl-C. A failed
//! rebuild keeps serving the last good site and shows the error in every tab.
//!
//! Watching: native events (inotify, FSEvents, ReadDirectoryChanges) because
//! they report a save within a millisecond, which a sub-100 ms preview needs;
//! if the native watcher cannot start (e.g. inotify limits), it falls back to
//! polling every 250 ms. The classifier (`classify`) is pure and tested.

mod classify;
mod http;
mod reload;

use crate::console::{errln, outln};
use crate::site::{self, Caches, File, Prepared};
use classify::{classify, Change};
use http::{route, Answer, Hosts, Snapshot};
use notify::{RecursiveMode, Watcher};
use reload::Hub;
use std::collections::HashMap;
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError};
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

/// Quiet time after the last relevant event before rebuilding.
pub(crate) const DEBOUNCE: Duration = Duration::from_millis(30);
/// Longest wait for a quiet moment while events keep coming.
const MAX_WAIT: Duration = Duration::from_millis(400);

/// What a client may send and how long it may take: no browser comes near
/// these, and nothing beyond them is ever read into memory.
fn limits() -> tiny_http::Limits {
    tiny_http::Limits {
        // Answered 414, 431, 413; the preview takes no request bodies at all.
        max_request_line: 8 * 1024,
        max_header_bytes: 32 * 1024,
        max_headers: 100,
        max_body: 64 * 1024,
        // From waiting for a request (also between the requests of a kept-alive
        // connection) to having its whole head.
        head_timeout: Some(Duration::from_secs(10)),
        read_timeout: Some(Duration::from_secs(10)),
        // A client that takes no bytes of an answer for this long is dropped.
        write_timeout: Some(Duration::from_secs(30)),
    }
}

/// What `serve` needs to know.
#[derive(Debug, Clone)]
pub(crate) struct ServeOptions {
    /// The site root, watched for changes.
    pub(crate) root: PathBuf,
    pub(crate) interface: IpAddr,
    pub(crate) port: u16,
    pub(crate) open: bool,
}

/// Prepares the site again, with the caches the preview keeps (`site::prepare`
/// with the options the command layer makes anew for every rebuild).
pub(crate) type Rebuild<'a> = dyn FnMut(&mut Caches) -> Result<Prepared, site::Error> + 'a;

type Shared = Arc<RwLock<Snapshot>>;

/// Runs the preview server until the process is stopped.
pub(crate) fn serve(options: &ServeOptions, rebuild: &mut Rebuild) -> Result<(), String> {
    let root = &options.root;
    let cannot_listen =
        |e: &dyn std::fmt::Display| format!("cannot listen on {}:{}: {e}", options.interface, options.port);
    let addr = tiny_http::ConfigListenAddr::from_socket_addrs((options.interface, options.port))
        .map_err(|e| cannot_listen(&e))?;
    let server = tiny_http::Server::with_limits(tiny_http::ServerConfig { addr, ssl: None }, limits())
        .map_err(|e| cannot_listen(&e))?;
    let server = Arc::new(server);
    let addr = server.server_addr().to_ip().ok_or("the server has no IP address")?;
    let url = format!("http://{addr}/");
    let shared: Shared = Arc::new(RwLock::new(Snapshot::default()));
    let hub = Arc::new(Hub::default());
    let started = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_millis());
    let mut builder = Builder {
        rebuild,
        shared: shared.clone(),
        hub: hub.clone(),
        session: started,
        count: 0,
        caches: Caches::kept(),
    };
    let (mut watcher, events) = start_watching(root)?;
    builder.rebuild("initial build");
    let context = Arc::new(Context { shared, hub, hosts: Hosts { bound: addr, interface: options.interface } });
    std::thread::spawn(move || dispatch(&server, &context));
    outln!("Serving {} at {url} (Ctrl-C to stop)", root.display());
    if !options.interface.is_loopback() {
        errln!(
            "warning: listening on {}: the preview is reachable from other machines on this network",
            options.interface
        );
    }
    if options.open {
        open_browser(&url);
    }
    watch_loop(root, watcher.as_mut(), &events, &mut builder);
    Ok(())
}

/// Builds snapshots and tells the tabs.
struct Builder<'a, 'r> {
    rebuild: &'a mut Rebuild<'r>,
    shared: Shared,
    hub: Arc<Hub>,
    session: u128,
    count: u64,
    /// Owned here, lent to every rebuild.
    caches: Caches,
}

impl Builder<'_, '_> {
    fn rebuild(&mut self, why: &str) {
        let started = Instant::now();
        self.count += 1;
        let generation = format!("{}-{}", self.session, self.count);
        match (self.rebuild)(&mut self.caches) {
            Ok(prepared) => {
                let warnings = prepared.warnings().warnings();
                let live = Live { prepared, script: reload::script(&generation), pages: Mutex::default() };
                let next = Snapshot { site: Some(Arc::new(live)), generation: generation.clone(), error: None };
                let previous = std::mem::replace(&mut *self.shared.write().unwrap_or_else(|e| e.into_inner()), next);
                self.hub.broadcast(&reload::event("reload", &generation));
                // Freeing the previous site (tens of ms at 10,000 milestones) waits until the
                // new one is served and announced, and does not hold the lock readers need.
                drop(previous);
                outln!(
                    "{why}: rebuilt in {} ms ({} warning{})",
                    started.elapsed().as_millis(),
                    warnings,
                    if warnings == 1 { "" } else { "s" }
                );
            }
            Err(e) => {
                // Under --audience, problems in items outside the edition are only counted.
                let text = e.render_text();
                errln!("{text}");
                errln!("{why}: rebuild failed; still serving the last good site");
                self.shared.write().unwrap_or_else(|e| e.into_inner()).error = Some(text.clone());
                self.hub.broadcast(&reload::event("error", &text));
            }
        }
    }
}

/// A prepared site as served: each file is rendered when first asked for and
/// kept, HTML pages with the live-reload script of their generation. The
/// pages are those `build` writes: what the preview serves equals a full build.
pub(crate) struct Live {
    prepared: Prepared,
    script: String,
    pages: Mutex<HashMap<String, Arc<Vec<u8>>>>,
}

impl Live {
    fn has(&self, path: &str) -> bool {
        self.prepared.has(path)
    }

    /// The bytes of a file, rendered now if not yet; `Err` carries a template error.
    fn get(&self, path: &str) -> Option<Result<Arc<Vec<u8>>, String>> {
        if let Some(bytes) = self.pages.lock().ok().and_then(|p| p.get(path).cloned()) {
            return Some(Ok(bytes));
        }
        let bytes = match self.prepared.file(path)? {
            Ok(File::Static(bytes)) => return Some(Ok(bytes)),
            Ok(File::Generated(bytes)) if path.ends_with(".html") => Arc::new(before_body_end(bytes, &self.script)),
            Ok(File::Generated(bytes)) => Arc::new(bytes),
            Err(d) => return Some(Err(d.render_text())),
        };
        if let Ok(mut p) = self.pages.lock() {
            p.insert(path.to_string(), bytes.clone());
        }
        Some(Ok(bytes))
    }
}

/// Inserts `text` before the last `</body>` of an HTML page, or at its end when it has none.
fn before_body_end(mut html: Vec<u8>, text: &str) -> Vec<u8> {
    let at = html.windows(b"</body>".len()).rposition(|w| w == b"</body>").unwrap_or(html.len());
    html.splice(at..at, text.bytes());
    html
}

/// What every request is answered from.
struct Context {
    shared: Shared,
    hub: Arc<Hub>,
    hosts: Hosts,
}

/// Answers each request on a thread of its own, so that a client that reads
/// its answer slowly (or not at all, until the write timeout) holds only its
/// own thread. tiny_http hands out one request per connection at a time, so
/// there are never more of these threads than open connections.
fn dispatch(server: &tiny_http::Server, context: &Arc<Context>) {
    loop {
        match server.recv() {
            Ok(request) => {
                let context = context.clone();
                // If no thread can start, the request is dropped: tiny_http answers it 500.
                let _ = std::thread::Builder::new().spawn(move || respond(request, &context));
            }
            // Reported once by tiny_http while it keeps accepting (e.g. out of file descriptors).
            Err(e) => errln!("warning: cannot accept connections for now ({e}); retrying"),
        }
    }
}

/// A response header; `None` (and the header left out) for a value that is not ASCII.
fn header(name: &str, value: &str) -> Option<tiny_http::Header> {
    tiny_http::Header::from_bytes(name.as_bytes(), value.as_bytes()).ok()
}

/// 403 for a request whose Host is not one of ours, saying how to reach the preview.
fn foreign_host(request: &tiny_http::Request, hosts: &Hosts) -> Option<String> {
    let host = request.headers().iter().find(|h| h.field.equiv("Host")).map(|h| h.value.as_str());
    let http10 = *request.http_version() == (1, 0);
    if hosts.allows(host, http10) {
        return None;
    }
    let port = hosts.bound.port();
    let asked = host.map_or("none".to_string(), |h| format!("`{}`", h.escape_debug()));
    Some(format!(
        "403 forbidden: this preview only answers requests for http://127.0.0.1:{port}/ or http://localhost:{port}/ \
         (Host header: {asked}). To reach it at another address, run `roadbook serve --interface ADDRESS`.\n"
    ))
}

fn respond(request: tiny_http::Request, context: &Context) {
    if let Some(text) = foreign_host(&request, &context.hosts) {
        let _ = request.respond(with_headers(
            tiny_http::Response::from_string(text).with_status_code(403),
            &[("Content-Type", "text/plain; charset=utf-8")],
        ));
        return;
    }
    let (shared, hub) = (&context.shared, &context.hub);
    let snapshot = shared.read().unwrap_or_else(|e| e.into_inner());
    let exists = |p: &str| snapshot.site.as_ref().is_some_and(|s| s.has(p));
    let answer = route(request.method().as_str(), request.url(), exists);
    let (status, content_type, body): (u16, &str, Arc<Vec<u8>>) = match answer {
        Answer::Events => {
            let hello = reload::hello(&snapshot.generation, snapshot.error.as_deref());
            drop(snapshot);
            hub.attach(request.into_writer(), hello);
            return;
        }
        Answer::File { path, content_type } => (200, content_type, page(&snapshot, &path)),
        Answer::NotFound => (404, "text/html; charset=utf-8", Arc::new(not_found(&snapshot))),
        Answer::Redirect(to) => {
            let _ = request.respond(with_headers(tiny_http::Response::empty(301), &[("Location", &to)]));
            return;
        }
        Answer::BadRequest => (400, "text/plain; charset=utf-8", Arc::new(b"400 bad request\n".to_vec())),
        Answer::MethodNotAllowed => {
            (405, "text/plain; charset=utf-8", Arc::new(b"405 method not allowed: use GET or HEAD\n".to_vec()))
        }
    };
    drop(snapshot);
    let length = body.len();
    // Streamed from the snapshot's bytes: 8 clients of a 200 MB file share one copy.
    let reader = std::io::Cursor::new(SharedBytes(body));
    let response = tiny_http::Response::new(status.into(), Vec::new(), reader, Some(length), None)
        .with_chunked_threshold(length.saturating_add(1));
    let allow = if status == 405 { "GET, HEAD" } else { "" };
    let headers = [
        ("Content-Type", content_type),
        ("Cache-Control", "no-store"),
        ("X-Content-Type-Options", "nosniff"),
        ("Allow", allow),
    ];
    let _ = request.respond(with_headers(response, &headers));
}

/// Adds headers, leaving out empty values (and any that is not ASCII, which none of ours is).
fn with_headers<R: std::io::Read>(
    mut response: tiny_http::Response<R>,
    headers: &[(&str, &str)],
) -> tiny_http::Response<R> {
    for (name, value) in headers.iter().filter(|(_, v)| !v.is_empty()) {
        if let Some(h) = header(name, value) {
            response.add_header(h);
        }
    }
    response
}

/// Bytes held by the snapshot, read out by a response without a copy.
struct SharedBytes(Arc<Vec<u8>>);

impl AsRef<[u8]> for SharedBytes {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

/// A file's bytes, shared with the snapshot; HTML pages carry the error
/// overlay while the last rebuild failed.
fn page(snapshot: &Snapshot, path: &str) -> Arc<Vec<u8>> {
    let found = snapshot.site.as_ref().and_then(|s| s.get(path)).unwrap_or_else(|| Ok(Arc::default()));
    match (found, &snapshot.error) {
        (Ok(bytes), Some(error)) if path.ends_with(".html") => Arc::new(with_overlay(bytes.to_vec(), error)),
        (Ok(bytes), _) => bytes,
        (Err(template_error), _) => {
            errln!("{template_error}");
            let body = format!("<!doctype html><title>Template error</title>{}", reload::script(&snapshot.generation));
            Arc::new(with_overlay(body.into_bytes(), &template_error))
        }
    }
}

fn not_found(snapshot: &Snapshot) -> Vec<u8> {
    if snapshot.site.as_ref().is_some_and(|s| s.has("404.html")) {
        return page(snapshot, "404.html").to_vec();
    }
    let body =
        format!("<!doctype html><title>roadbook</title><h1>Not found</h1>{}", reload::script(&snapshot.generation));
    match &snapshot.error {
        Some(error) => with_overlay(body.into_bytes(), error),
        None => body.into_bytes(),
    }
}

fn with_overlay(bytes: Vec<u8>, error: &str) -> Vec<u8> {
    before_body_end(bytes, &reload::overlay_html(error))
}

/// The folders watched recursively (the root itself is watched flat, for `roadbook.toml`).
const WATCHED: &[&str] = &["content", "templates", "static"];

type Events = Receiver<notify::Result<notify::Event>>;

/// Starts watching before the first build, so no save is missed.
fn start_watching(root: &Path) -> Result<(Box<dyn Watcher>, Events), String> {
    let (tx, rx) = channel();
    let mut watcher: Box<dyn Watcher> = match notify::recommended_watcher(tx.clone()) {
        Ok(w) => Box::new(w),
        Err(e) => {
            errln!("warning: native file events unavailable ({e}); polling every 250 ms");
            let config = notify::Config::default().with_poll_interval(Duration::from_millis(250));
            Box::new(notify::PollWatcher::new(tx, config).map_err(|e| format!("cannot watch files: {e}"))?)
        }
    };
    watcher.watch(root, RecursiveMode::NonRecursive).map_err(|e| format!("cannot watch `{}`: {e}", root.display()))?;
    rewatch(watcher.as_mut(), root);
    Ok((watcher, rx))
}

/// Rebuilds after each burst of relevant changes, until the watcher stops.
fn watch_loop(root: &Path, watcher: &mut dyn Watcher, events: &Events, builder: &mut Builder) {
    while let Some(changes) = next_changes(events, root) {
        if changes.iter().any(|(_, top)| *top) {
            rewatch(watcher, root);
        }
        let why = changes.iter().map(|(c, _)| format!("{c:?}").to_lowercase()).collect::<Vec<_>>().join(", ");
        builder.rebuild(&format!("change in {why}"));
    }
}

/// (Re)watches the folders that exist now: one deleted and recreated is picked up again.
fn rewatch(watcher: &mut dyn Watcher, root: &Path) {
    for name in WATCHED {
        let dir = root.join(name);
        if dir.is_dir() {
            let _ = watcher.unwatch(&dir);
            let _ = watcher.watch(&dir, RecursiveMode::Recursive);
        }
    }
}

/// Waits for relevant events, then drains until `DEBOUNCE` of quiet: one save, one rebuild.
/// Each change comes with whether it touched a watched folder itself (deleted or recreated).
fn next_changes(rx: &Events, root: &Path) -> Option<Vec<(Change, bool)>> {
    let mut changes: Vec<(Change, bool)> = Vec::new();
    while changes.is_empty() {
        let event = rx.recv().ok()?;
        changes = relevant(event, root);
    }
    let deadline = Instant::now() + MAX_WAIT;
    while Instant::now() < deadline {
        match rx.recv_timeout(DEBOUNCE) {
            Ok(event) => changes.extend(relevant(event, root)),
            Err(RecvTimeoutError::Timeout) => break,
            Err(RecvTimeoutError::Disconnected) => return None,
        }
    }
    changes.sort_unstable();
    changes.dedup();
    Some(changes)
}

fn relevant(event: notify::Result<notify::Event>, root: &Path) -> Vec<(Change, bool)> {
    let Ok(event) = event else { return Vec::new() };
    if matches!(event.kind, notify::EventKind::Access(_)) {
        return Vec::new();
    }
    event
        .paths
        .iter()
        .filter_map(|p| p.strip_prefix(root).ok())
        .map(|rel| (classify(rel), rel.components().count() == 1))
        .filter(|(c, _)| *c != Change::Ignore)
        .collect()
}

fn open_browser(url: &str) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    if let Err(e) = std::process::Command::new(opener).arg(url).spawn() {
        errln!("warning: could not open a browser ({e}); open {url} yourself");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_overlay_goes_before_the_last_body_end_and_keeps_bytes_that_are_not_utf8() {
        let overlay = reload::overlay_html("e");
        let page = with_overlay(b"<body>a</body></body>".to_vec(), "e");
        assert_eq!(page, format!("<body>a</body>{overlay}</body>").into_bytes());
        let latin1 = b"<p>caf\xe9</p>".to_vec();
        let mut expected = latin1.clone();
        expected.extend_from_slice(overlay.as_bytes());
        assert_eq!(with_overlay(latin1, "e"), expected);
    }
}
