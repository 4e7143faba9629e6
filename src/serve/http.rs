//! Answering one HTTP request from the in-memory site: only GET and HEAD,
//! request paths decoded and confined to the site (no `..`, encoded
//! separators, backslashes, NUL or absolute paths ever reach a lookup),
//! folders redirected to their trailing slash, unknown paths answered with
//! the site's 404 page and status 404. The Host header is checked first, so
//! a page of another site that a DNS name was rebound for cannot read ours.

use std::net::{IpAddr, SocketAddr};

/// A built site held in memory, as served: the prepared site whose files are
/// rendered when first asked for (none before the first good build).
#[derive(Default)]
pub(crate) struct Snapshot {
    pub(crate) site: Option<std::sync::Arc<super::Live>>,
    pub(crate) generation: String,
    /// The diagnostics of the last failed rebuild, while it is not fixed.
    pub(crate) error: Option<String>,
}

/// What to answer.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Answer {
    /// 200 with a file of the site.
    File { path: String, content_type: &'static str },
    /// 301 to the same path with a trailing slash.
    Redirect(String),
    /// 404 with the site's 404 page.
    NotFound,
    /// 400: a path that tries to leave the site or is malformed.
    BadRequest,
    /// 405: not GET or HEAD.
    MethodNotAllowed,
    /// The live-reload event stream.
    Events,
}

/// Decides the answer for a method and raw request target; `exists` says whether a site path exists.
pub(crate) fn route(method: &str, target: &str, exists: impl Fn(&str) -> bool) -> Answer {
    if method != "GET" && method != "HEAD" {
        return Answer::MethodNotAllowed;
    }
    let path = target.split(['?', '#']).next().unwrap_or("");
    if path == super::reload::EVENTS_PATH {
        return Answer::Events;
    }
    let Some(rel) = confine(path) else { return Answer::BadRequest };
    let key = if rel.is_empty() || rel.ends_with('/') { format!("{rel}index.html") } else { rel.clone() };
    if exists(&key) {
        return Answer::File { content_type: content_type(&key), path: key };
    }
    if !rel.is_empty() && exists(&format!("{rel}/index.html")) {
        return Answer::Redirect(format!("/{}/", encode_path(&rel)));
    }
    Answer::NotFound
}

/// The site-relative path of a request path, or `None` when it is not a plain path inside the site.
pub(crate) fn confine(path: &str) -> Option<String> {
    let rest = path.strip_prefix('/')?;
    let lower = rest.to_ascii_lowercase();
    if has_bad_escape(&lower) {
        return None;
    }
    let decoded = percent_decode(rest)?;
    if decoded.contains(['\\', '\0']) || decoded.starts_with('/') || decoded.contains(':') {
        return None;
    }
    let mut parts = Vec::new();
    for part in decoded.split('/') {
        match part {
            "." | ".." => return None,
            "" => {}
            p => parts.push(p),
        }
    }
    let mut rel = parts.join("/");
    if decoded.ends_with('/') && !rel.is_empty() {
        rel.push('/');
    }
    Some(rel)
}

/// Encoded separators, NUL and encoded dots are never legitimate in our paths.
fn has_bad_escape(lower: &str) -> bool {
    lower.contains("%2f") || lower.contains("%5c") || lower.contains("%00") || lower.contains("%2e")
}

fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = text.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// A decoded site path made fit for a `Location` header: every byte that is
/// not an unreserved character or `/` is percent-encoded (so `café` becomes
/// `caf%C3%A9`, and `%`, `?`, `#` and spaces stay part of the path).
pub(crate) fn encode_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// The names the preview answers to: the address it is bound to, the
/// loopback names, and the interface given with `--interface`, each with the
/// port. Any other Host is refused (DNS rebinding). When bound to every
/// interface (`0.0.0.0` or `::`), any IP address is accepted as a name:
/// rebinding needs a DNS name, and an address cannot be rebound.
#[derive(Debug, Clone)]
pub(crate) struct Hosts {
    pub(crate) bound: SocketAddr,
    pub(crate) interface: IpAddr,
}

impl Hosts {
    /// Whether a request with this Host header (`None`: none sent) may be answered.
    /// Only HTTP/1.0 may leave it out.
    pub(crate) fn allows(&self, host: Option<&str>, http10: bool) -> bool {
        let Some(host) = host else { return http10 };
        let (name, port) = split_host(host.trim());
        let port_ok = match port {
            Some(port) => port == Some(self.bound.port()),
            None => self.bound.port() == 80,
        };
        port_ok && self.names(name)
    }

    fn names(&self, name: &str) -> bool {
        if name.eq_ignore_ascii_case("localhost") {
            return true;
        }
        let Ok(ip) = name.parse::<IpAddr>() else { return false };
        ip.is_loopback() || ip == self.bound.ip() || ip == self.interface || self.interface.is_unspecified()
    }
}

/// `name[:port]` or `[v6][:port]` into the name (brackets removed) and the
/// port: `None` when absent, `Some(None)` when not a number.
fn split_host(host: &str) -> (&str, Option<Option<u16>>) {
    if let Some(rest) = host.strip_prefix('[') {
        let Some((name, after)) = rest.split_once(']') else { return ("", None) };
        return match after.strip_prefix(':') {
            Some(port) => (name, Some(port.parse().ok())),
            None if after.is_empty() => (name, None),
            None => ("", None),
        };
    }
    match host.rsplit_once(':') {
        Some((name, port)) => (name, Some(port.parse().ok())),
        None => (host, None),
    }
}

/// The Content-Type for a file name.
pub(crate) fn content_type(path: &str) -> &'static str {
    let ext = path.rsplit_once('.').map_or("", |(_, e)| e).to_ascii_lowercase();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "svg" => "image/svg+xml",
        "json" => "application/json",
        "xml" => "application/xml",
        "ics" => "text/calendar; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "txt" | "md" => "text/plain; charset=utf-8",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "pdf" => "application/pdf",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> impl Fn(&str) -> bool + Copy {
        |p: &str| ["index.html", "business/index.html", "style.css", "img/logo.png", "404.html"].contains(&p)
    }

    #[test]
    fn pages_folders_and_redirects() {
        let files = site();
        assert_eq!(
            route("GET", "/", files),
            Answer::File { path: "index.html".into(), content_type: "text/html; charset=utf-8" }
        );
        assert_eq!(
            route("HEAD", "/business/?x=1", files),
            Answer::File { path: "business/index.html".into(), content_type: "text/html; charset=utf-8" }
        );
        assert_eq!(route("GET", "/business", files), Answer::Redirect("/business/".into()));
        assert_eq!(
            route("GET", "/img/logo.png", files),
            Answer::File { path: "img/logo.png".into(), content_type: "image/png" }
        );
        assert_eq!(route("GET", "/nope", files), Answer::NotFound);
        let unicode = |p: &str| p == "narratives/café/index.html" || p == "a b?#%/index.html";
        assert_eq!(route("GET", "/narratives/caf%C3%A9", unicode), Answer::Redirect("/narratives/caf%C3%A9/".into()));
        assert_eq!(route("GET", "/a%20b%3F%23%25", unicode), Answer::Redirect("/a%20b%3F%23%25/".into()));
        assert_eq!(route("POST", "/", files), Answer::MethodNotAllowed);
        assert_eq!(route("GET", "/__roadbook/events", files), Answer::Events);
    }

    #[test]
    fn traversal_never_resolves() {
        let files = site();
        for bad in [
            "/../etc/passwd",
            "/business/../../secret",
            "/%2e%2e/secret",
            "/%2E%2E%2Fsecret",
            "/business%2f..%2f..%2fsecret",
            "/..%5csecret",
            "/a\\..\\secret",
            "/%00",
            "//etc/passwd",
            "/C:/Windows",
            "/%zz",
            "relative",
        ] {
            let answer = route("GET", bad, files);
            assert!(matches!(answer, Answer::BadRequest | Answer::NotFound), "{bad}: {answer:?}");
        }
    }

    #[test]
    fn hosts_are_the_bound_address_loopback_names_and_the_interface() {
        let local = Hosts { bound: "127.0.0.1:4000".parse().unwrap(), interface: "127.0.0.1".parse().unwrap() };
        for ok in ["127.0.0.1:4000", "localhost:4000", "LocalHost:4000", "[::1]:4000", "127.0.0.2:4000"] {
            assert!(local.allows(Some(ok), false), "{ok}");
        }
        for bad in [
            "evil.example:4000",
            "localhost:4001",
            "localhost",
            "127.0.0.1",
            "192.168.1.5:4000",
            "localhost.evil.example:4000",
            "[::1]",
            "[::1:4000",
            "127.0.0.1:4000:4000",
            "",
        ] {
            assert!(!local.allows(Some(bad), false), "{bad}");
        }
        assert!(!local.allows(None, false), "HTTP/1.1 must send Host");
        assert!(local.allows(None, true), "HTTP/1.0 may leave it out");
        let lan = Hosts { bound: "192.168.1.5:80".parse().unwrap(), interface: "192.168.1.5".parse().unwrap() };
        assert!(lan.allows(Some("192.168.1.5"), false) && lan.allows(Some("192.168.1.5:80"), false));
        assert!(!lan.allows(Some("192.168.1.6:80"), false) && !lan.allows(Some("roadmap.example"), false));
        let every = Hosts { bound: "0.0.0.0:4000".parse().unwrap(), interface: "0.0.0.0".parse().unwrap() };
        assert!(every.allows(Some("10.0.0.7:4000"), false) && every.allows(Some("[fe80::1]:4000"), false));
        assert!(!every.allows(Some("rebound.example:4000"), false));
    }

    #[test]
    fn content_types() {
        for (path, ty) in [
            ("a.svg", "image/svg+xml"),
            ("a.json", "application/json"),
            ("a.xml", "application/xml"),
            ("a.ics", "text/calendar; charset=utf-8"),
            ("a.csv", "text/csv; charset=utf-8"),
            ("a.woff2", "font/woff2"),
            ("a.webp", "image/webp"),
            ("a.gif", "image/gif"),
            ("a.jpg", "image/jpeg"),
            ("a.txt", "text/plain; charset=utf-8"),
            ("a.js", "text/javascript; charset=utf-8"),
        ] {
            assert_eq!(content_type(path), ty);
        }
    }
}
