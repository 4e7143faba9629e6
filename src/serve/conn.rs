//! The preview server's HTTP/1.1 connections: accept, read a request head
//! within limits, answer, keep alive or close.
//!
//! Each connection has its own thread, so an idle or slow client never holds
//! up another (no worker pool to exhaust). Every connection has deadlines: a
//! request head must arrive whole within `HEAD_TIMEOUT`, a kept-alive
//! connection is closed after `IDLE_TIMEOUT` of silence, and writes give up
//! after `WRITE_TIMEOUT`. A request line over `MAX_REQUEST_LINE` is answered
//! 414, headers over `MAX_HEADER_BYTES` or `MAX_HEADERS` 431, anything
//! malformed 400, a head that stalls half-way 408; each of these closes the
//! connection. Over `MAX_CONNECTIONS` open connections, new ones get 503. An
//! accept error (e.g. out of file descriptors) pauses accepting; it never
//! stops the server. Request bodies are never read: only GET and HEAD are
//! served, and a request announcing a body is answered, then closed.

use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Longest request line (method, target, version).
pub const MAX_REQUEST_LINE: usize = 8 * 1024;
/// Largest total size of the header lines of one request.
pub const MAX_HEADER_BYTES: usize = 32 * 1024;
/// Most header lines in one request.
pub const MAX_HEADERS: usize = 100;
/// A request head must arrive whole within this, once its first byte has.
pub const HEAD_TIMEOUT: Duration = Duration::from_secs(10);
/// A connection with no request in progress is closed after this.
pub const IDLE_TIMEOUT: Duration = Duration::from_secs(15);
/// A write blocked this long (a client that stopped reading) ends the connection.
pub const WRITE_TIMEOUT: Duration = Duration::from_secs(30);
/// Open connections beyond this are answered 503 and closed.
pub const MAX_CONNECTIONS: usize = 2048;

/// A request head as read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    pub method: String,
    /// The request target as sent (path and query).
    pub target: String,
    /// `HTTP/1.0` (closed after the answer unless it asks for keep-alive).
    pub http10: bool,
    pub headers: Vec<(String, String)>,
}

impl Request {
    /// The first value of a header, by case-insensitive name.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    /// Whether the client may send another request on this connection afterwards.
    fn keep_alive(&self) -> bool {
        let connection = self.header("connection").unwrap_or("").to_ascii_lowercase();
        let has_body = self.header("transfer-encoding").is_some()
            || self.header("content-length").is_some_and(|n| n.trim() != "0");
        let wants = if self.http10 { connection.contains("keep-alive") } else { !connection.contains("close") };
        wants && !has_body
    }
}

/// A complete answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(&'static str, String)>,
    pub body: Vec<u8>,
}

impl Response {
    pub fn new(status: u16, content_type: &str, body: Vec<u8>) -> Response {
        Response { status, headers: vec![("Content-Type", content_type.to_string())], body }
    }

    pub fn with_header(mut self, name: &'static str, value: impl Into<String>) -> Response {
        self.headers.push((name, value.into()));
        self
    }
}

/// What the handler does with a request.
pub enum Reply {
    Response(Response),
    /// Takes the connection over (the live-reload event stream).
    Stream(Box<dyn FnOnce(TcpStream) + Send>),
}

/// Answers one request; called on the connection's thread.
pub type Handler = Arc<dyn Fn(&Request) -> Reply + Send + Sync>;

/// Accepts connections forever, each on its own thread.
pub fn run(listener: TcpListener, handler: Handler) {
    let open = Arc::new(AtomicUsize::new(0));
    loop {
        let stream = match listener.accept() {
            Ok((stream, _)) => stream,
            Err(e) => {
                // Out of file descriptors, a connection reset before accept...: wait, then go on.
                if !matches!(e.kind(), io::ErrorKind::ConnectionAborted | io::ErrorKind::Interrupted) {
                    std::thread::sleep(Duration::from_millis(50));
                }
                continue;
            }
        };
        if open.load(Ordering::Relaxed) >= MAX_CONNECTIONS {
            refuse(stream, 503, "too many connections");
            continue;
        }
        open.fetch_add(1, Ordering::Relaxed);
        let (handler, counter) = (handler.clone(), open.clone());
        let spawned = std::thread::Builder::new().name("roadbook-conn".into()).spawn(move || {
            connection(stream, &handler);
            counter.fetch_sub(1, Ordering::Relaxed);
        });
        if spawned.is_err() {
            open.fetch_sub(1, Ordering::Relaxed);
        }
    }
}

/// Why a request head could not be read.
#[derive(Debug, PartialEq, Eq)]
enum HeadError {
    /// The client closed or went quiet before starting a request: close silently.
    Gone,
    /// Answer with this status, then close.
    Status(u16, &'static str),
}

fn connection(stream: TcpStream, handler: &Handler) {
    let _ = stream.set_nodelay(true);
    let _ = stream.set_write_timeout(Some(WRITE_TIMEOUT));
    let Ok(read_half) = stream.try_clone() else { return };
    let mut reader = BufReader::with_capacity(8 * 1024, read_half);
    let mut stream = stream;
    loop {
        let request = match read_head(&mut reader, IDLE_TIMEOUT, HEAD_TIMEOUT) {
            Ok(request) => request,
            Err(HeadError::Gone) => return,
            Err(HeadError::Status(status, why)) => return refuse(stream, status, why),
        };
        let keep = request.keep_alive();
        match handler(&request) {
            Reply::Stream(take) => return take(stream),
            Reply::Response(response) => {
                let head_only = request.method == "HEAD";
                if write_response(&mut stream, &response, head_only, keep).is_err() || !keep {
                    return close(stream);
                }
            }
        }
    }
}

/// Reads one request head: waits up to `idle` for its first byte, then up to `head` for the rest.
fn read_head<R: Read + Timed>(reader: &mut BufReader<R>, idle: Duration, head: Duration) -> Result<Request, HeadError> {
    let mut deadline = Instant::now() + idle;
    let mut started = false;
    let mut line = Vec::new();
    // Request line (blank lines before it are allowed, RFC 9112 2.2).
    loop {
        line.clear();
        match read_line(reader, &mut line, MAX_REQUEST_LINE, (&mut deadline, &mut started), head)? {
            LineEnd::Complete if line.is_empty() => continue,
            LineEnd::Complete => break,
            LineEnd::TooLong => return Err(HeadError::Status(414, "request line too long")),
        }
    }
    let request_line = String::from_utf8(std::mem::take(&mut line))
        .map_err(|_| HeadError::Status(400, "request line is not UTF-8"))?;
    let mut parts = request_line.split(' ');
    let (method, target, version) = match (parts.next(), parts.next(), parts.next(), parts.next()) {
        (Some(m), Some(t), Some(v), None) if !m.is_empty() && !t.is_empty() => (m, t, v),
        _ => return Err(HeadError::Status(400, "malformed request line")),
    };
    let http10 = match version {
        "HTTP/1.1" => false,
        "HTTP/1.0" => true,
        _ => return Err(HeadError::Status(400, "unsupported HTTP version")),
    };
    if !method.bytes().all(|b| b.is_ascii_uppercase()) {
        return Err(HeadError::Status(400, "malformed method"));
    }
    let mut headers = Vec::new();
    let mut budget = MAX_HEADER_BYTES;
    loop {
        line.clear();
        match read_line(reader, &mut line, budget, (&mut deadline, &mut started), head)? {
            LineEnd::TooLong => return Err(HeadError::Status(431, "request headers too large")),
            LineEnd::Complete if line.is_empty() => break,
            LineEnd::Complete => {}
        }
        budget = budget.saturating_sub(line.len() + 2);
        if headers.len() == MAX_HEADERS {
            return Err(HeadError::Status(431, "too many request headers"));
        }
        let text = String::from_utf8_lossy(&line);
        let Some((name, value)) = text.split_once(':') else {
            return Err(HeadError::Status(400, "malformed header"));
        };
        let valid_name = !name.is_empty() && name.bytes().all(|b| b.is_ascii_graphic() && b != b':');
        if !valid_name {
            return Err(HeadError::Status(400, "malformed header"));
        }
        headers.push((name.to_string(), value.trim().to_string()));
    }
    Ok(Request { method: method.to_string(), target: target.to_string(), http10, headers })
}

enum LineEnd {
    Complete,
    TooLong,
}

/// Something whose reads can be given a timeout (a socket; tests use a stub).
pub trait Timed {
    fn set_timeout(&self, timeout: Duration) -> io::Result<()>;
}

impl Timed for TcpStream {
    fn set_timeout(&self, timeout: Duration) -> io::Result<()> {
        self.set_read_timeout(Some(timeout.max(Duration::from_millis(1))))
    }
}

/// Reads a line ending in `\n` (a `\r` before it is dropped) of at most `limit`
/// bytes into `line`. Until the first byte of a request arrives (`started`)
/// the deadline is the idle one; from then on the head must be complete within `head`.
fn read_line<R: Read + Timed>(
    reader: &mut BufReader<R>,
    line: &mut Vec<u8>,
    limit: usize,
    (deadline, started): (&mut Instant, &mut bool),
    head: Duration,
) -> Result<LineEnd, HeadError> {
    loop {
        let now = Instant::now();
        if now >= *deadline {
            return Err(if *started { HeadError::Status(408, "request head took too long") } else { HeadError::Gone });
        }
        let _ = reader.get_ref().set_timeout(*deadline - now);
        let buffer = match reader.fill_buf() {
            Ok(buffer) => buffer,
            Err(e) if matches!(e.kind(), io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut) => continue,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(_) => return Err(HeadError::Gone),
        };
        if buffer.is_empty() {
            // End of stream: before a request, the client is done; inside one, it gave up.
            return Err(if *started { HeadError::Status(400, "incomplete request") } else { HeadError::Gone });
        }
        if !*started {
            *started = true;
            *deadline = Instant::now() + head;
        }
        let (taken, done) = match buffer.iter().position(|&b| b == b'\n') {
            Some(at) => (at + 1, true),
            None => (buffer.len(), false),
        };
        line.extend_from_slice(&buffer[..taken]);
        reader.consume(taken);
        if line.len() > limit + 2 {
            return Ok(LineEnd::TooLong);
        }
        if done {
            line.pop();
            if line.last() == Some(&b'\r') {
                line.pop();
            }
            if line.len() > limit {
                return Ok(LineEnd::TooLong);
            }
            return Ok(LineEnd::Complete);
        }
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        414 => "URI Too Long",
        431 => "Request Header Fields Too Large",
        503 => "Service Unavailable",
        _ => "",
    }
}

fn write_response(stream: &mut TcpStream, response: &Response, head_only: bool, keep: bool) -> io::Result<()> {
    let mut head = format!("HTTP/1.1 {} {}\r\n", response.status, reason(response.status));
    for (name, value) in &response.headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str(&format!("Content-Length: {}\r\n", response.body.len()));
    head.push_str(if keep { "Connection: keep-alive\r\n\r\n" } else { "Connection: close\r\n\r\n" });
    let mut bytes = head.into_bytes();
    if !head_only {
        bytes.extend_from_slice(&response.body);
    }
    stream.write_all(&bytes)?;
    stream.flush()
}

/// Answers with an error status and closes the connection.
fn refuse(mut stream: TcpStream, status: u16, why: &str) {
    let _ = stream.set_write_timeout(Some(Duration::from_secs(5)));
    let body = format!("{status} {}: {why}\n", reason(status).to_ascii_lowercase()).into_bytes();
    let response = Response::new(status, "text/plain; charset=utf-8", body);
    let _ = write_response(&mut stream, &response, false, false);
    close(stream);
}

/// Closes gracefully: stop writing, then drain what the client still sends
/// for a moment, so the answer is not lost to a reset (a "lingering close").
fn close(stream: TcpStream) {
    let _ = stream.shutdown(Shutdown::Write);
    let _ = stream.set_read_timeout(Some(Duration::from_millis(250)));
    let mut sink = [0u8; 16 * 1024];
    let mut drained = 0usize;
    let until = Instant::now() + Duration::from_secs(1);
    while drained < 8 * 1024 * 1024 && Instant::now() < until {
        match (&stream).read(&mut sink) {
            Ok(0) | Err(_) => break,
            Ok(n) => drained += n,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Bytes delivered as if from a socket; reads past the end time out.
    struct Feed(io::Cursor<Vec<u8>>, bool);

    impl Read for Feed {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            let n = self.0.read(buf)?;
            if n == 0 && self.1 {
                return Err(io::Error::from(io::ErrorKind::WouldBlock));
            }
            Ok(n)
        }
    }

    impl Timed for Feed {
        fn set_timeout(&self, _: Duration) -> io::Result<()> {
            Ok(())
        }
    }

    fn parse(bytes: &[u8]) -> Result<Request, HeadError> {
        let mut reader = BufReader::new(Feed(io::Cursor::new(bytes.to_vec()), false));
        read_head(&mut reader, Duration::from_secs(1), Duration::from_secs(1))
    }

    #[test]
    fn reads_a_request_head() {
        let r = parse(b"\r\nGET /a?b HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").unwrap();
        assert_eq!((r.method.as_str(), r.target.as_str(), r.http10), ("GET", "/a?b", false));
        assert_eq!(r.header("connection"), Some("close"));
        assert!(!r.keep_alive());
        assert!(parse(b"GET / HTTP/1.1\nHost: x\n\n").unwrap().keep_alive());
        assert!(!parse(b"GET / HTTP/1.0\r\n\r\n").unwrap().keep_alive());
        assert!(!parse(b"POST / HTTP/1.1\r\nContent-Length: 5\r\n\r\n").unwrap().keep_alive());
    }

    #[test]
    fn refuses_what_is_too_large_or_malformed() {
        let long_line = format!("GET /{} HTTP/1.1\r\n\r\n", "a".repeat(MAX_REQUEST_LINE));
        assert_eq!(parse(long_line.as_bytes()), Err(HeadError::Status(414, "request line too long")));
        let big_header = format!("GET / HTTP/1.1\r\nX: {}\r\n\r\n", "a".repeat(MAX_HEADER_BYTES));
        assert!(matches!(parse(big_header.as_bytes()), Err(HeadError::Status(431, _))));
        let many = format!("GET / HTTP/1.1\r\n{}\r\n", "X: 1\r\n".repeat(MAX_HEADERS + 1));
        assert!(matches!(parse(many.as_bytes()), Err(HeadError::Status(431, _))));
        let many_small = format!("GET / HTTP/1.1\r\n{}\r\n", "X: 1\r\n".repeat(MAX_HEADERS));
        assert!(parse(many_small.as_bytes()).is_ok());
        for bad in [
            &b"GET /\r\n\r\n"[..],
            b"GET / HTTP/2.0\r\n\r\n",
            b"GET  / HTTP/1.1\r\n\r\n",
            b"get / HTTP/1.1\r\n\r\n",
            b"GET / HTTP/1.1\r\nNoColon\r\n\r\n",
            b"GET / HTTP/1.1\r\n folded: x\r\n\r\n",
            b"GET /\xff HTTP/1.1\r\n\r\n",
        ] {
            assert!(matches!(parse(bad), Err(HeadError::Status(400, _))), "{:?}", String::from_utf8_lossy(bad));
        }
        assert!(matches!(parse(b"GET / HTTP/1.1\r\nHost"), Err(HeadError::Status(400, _))));
        assert_eq!(parse(b""), Err(HeadError::Gone));
    }

    #[test]
    fn a_stalled_head_times_out() {
        let mut reader = BufReader::new(Feed(io::Cursor::new(b"GET / HTTP/1.1\r\nHo".to_vec()), true));
        let r = read_head(&mut reader, Duration::from_millis(50), Duration::from_millis(50));
        assert_eq!(r, Err(HeadError::Status(408, "request head took too long")));
        let mut idle = BufReader::new(Feed(io::Cursor::new(Vec::new()), true));
        assert_eq!(read_head(&mut idle, Duration::from_millis(20), Duration::from_millis(20)), Err(HeadError::Gone));
    }
}
