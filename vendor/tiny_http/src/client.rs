use ascii::AsciiString;

use std::io::Error as IoError;
use std::io::Result as IoResult;
use std::io::{BufReader, BufWriter, ErrorKind, Read};

use std::net::SocketAddr;
use std::str::FromStr;

use crate::common::{HTTPVersion, Method};
use crate::util::refined_tcp_stream::Deadline;
use crate::util::RefinedTcpStream;
use std::sync::PoisonError;
use std::time::{Duration, Instant};
use crate::util::{SequentialReader, SequentialReaderBuilder, SequentialWriterBuilder};
use crate::{Limits, Request};

/// A ClientConnection is an object that will store a socket to a client
/// and return Request objects.
pub struct ClientConnection {
    // address of the client
    remote_addr: IoResult<Option<SocketAddr>>,

    // sequence of Readers to the stream, so that the data is not read in
    //  the wrong order
    source: SequentialReaderBuilder<BufReader<RefinedTcpStream>>,

    // sequence of Writers to the stream, to avoid writing response #2 before
    //  response #1
    sink: SequentialWriterBuilder<BufWriter<RefinedTcpStream>>,

    // Reader to read the next header from
    next_header_source: SequentialReader<BufReader<RefinedTcpStream>>,

    // set to true if we know that the previous request is the last one
    no_more_requests: bool,

    // true if the connection goes through SSL
    secure: bool,

    // bounds on what the client may send
    limits: Limits,

    // when reading must be over (set while reading a head)
    deadline: Deadline,
}

/// Most bytes read and thrown away after refusing a request, so that the
/// answer reaches the client before the connection is closed.
const LINGER_BYTES: usize = 4 * 1024 * 1024;
/// Longest time spent reading and dropping after refusing a request.
const LINGER_TIME: Duration = Duration::from_secs(2);

/// Error that can happen when reading a request.
#[derive(Debug)]
enum ReadError {
    WrongRequestLine,
    WrongHeader(HTTPVersion),
    /// the client sent an unrecognized `Expect` header
    ExpectationFailed(HTTPVersion),
    ReadIoError(IoError),
    /// the request line is longer than the limit
    RequestLineTooLong,
    /// the header lines are more or longer than the limit
    HeadersTooLarge,
    /// the announced body is longer than the limit
    BodyTooLarge,
    /// no request came before the head timeout
    Idle,
    /// a version above HTTP/1.1 (e.g. the HTTP/2 preface)
    UnsupportedVersion,
}

/// Why a line of the head could not be read.
enum LineError {
    Io(IoError),
    TooLong,
}

impl ClientConnection {
    /// Creates a new `ClientConnection` that takes ownership of the `TcpStream`.
    pub fn new(
        write_socket: RefinedTcpStream,
        mut read_socket: RefinedTcpStream,
        limits: Limits,
    ) -> ClientConnection {
        let mut write_socket = write_socket;
        let remote_addr = read_socket.peer_addr();
        let secure = read_socket.secure();
        read_socket.set_read_timeout(limits.read_timeout);
        let deadline = read_socket.deadline();
        // Without it, a client that reads nothing could hold a writer forever.
        write_socket.set_write_timeout(limits.write_timeout).ok();

        let mut source = SequentialReaderBuilder::new(BufReader::with_capacity(1024, read_socket));
        let first_header = source.next().unwrap();

        ClientConnection {
            source,
            sink: SequentialWriterBuilder::new(BufWriter::with_capacity(1024, write_socket)),
            remote_addr,
            next_header_source: first_header,
            no_more_requests: false,
            secure,
            limits,
            deadline,
        }
    }

    /// true if the connection is HTTPS
    pub fn secure(&self) -> bool {
        self.secure
    }

    /// Reads the next line from self.next_header_source.
    ///
    /// Reads until `CRLF` is reached. The next read will start
    ///  at the first byte of the new line. Stops, without reading further,
    ///  when the line is longer than `limit` bytes.
    fn read_next_line(&mut self, limit: usize) -> Result<AsciiString, LineError> {
        let mut buf = Vec::new();
        let mut prev_byte_was_cr = false;

        loop {
            let byte = self.next_header_source.by_ref().bytes().next();

            let byte = match byte {
                Some(b) => b.map_err(LineError::Io)?,
                None => {
                    let eof = IoError::new(ErrorKind::ConnectionAborted, "Unexpected EOF");
                    return Err(LineError::Io(eof));
                }
            };

            if byte == b'\n' && prev_byte_was_cr {
                buf.pop(); // removing the '\r'
                return AsciiString::from_ascii(buf).map_err(|_| {
                    LineError::Io(IoError::new(ErrorKind::InvalidInput, "Header is not in ASCII"))
                });
            }

            // the line and its CR LF
            if buf.len() >= limit.saturating_add(1) {
                return Err(LineError::TooLong);
            }

            prev_byte_was_cr = byte == b'\r';

            buf.push(byte);
        }
    }

    /// Sets (or with `None` clears) the moment after which reads fail.
    fn set_deadline(&self, after: Option<Duration>) {
        let at = after.map(|t| Instant::now() + t);
        *self.deadline.lock().unwrap_or_else(PoisonError::into_inner) = at;
    }

    /// Reads a request from the stream.
    /// Blocks until the header has been read, or the head timeout.
    fn read(&mut self) -> Result<Request, ReadError> {
        self.set_deadline(self.limits.head_timeout);
        let request = self.read_head();
        self.set_deadline(None);
        request
    }

    fn read_head(&mut self) -> Result<Request, ReadError> {
        let (method, path, version, headers) = {
            // reading the request line
            let (method, path, version) = {
                let line = match self.read_next_line(self.limits.max_request_line) {
                    Ok(line) => line,
                    // Nothing sent at all before the timeout: a kept-alive or
                    // idle connection, closed without an answer.
                    Err(LineError::Io(e)) if e.kind() == ErrorKind::TimedOut => {
                        return Err(ReadError::Idle)
                    }
                    Err(LineError::Io(e)) => return Err(ReadError::ReadIoError(e)),
                    Err(LineError::TooLong) => return Err(ReadError::RequestLineTooLong),
                };

                parse_request_line(
                    line.as_str().trim(), // TODO: remove this conversion
                )?
            };

            // Answered before reading on: the HTTP/2 preface is followed by binary frames.
            if version > (1, 1) {
                return Err(ReadError::UnsupportedVersion);
            }

            // getting all headers
            let headers = {
                let mut headers = Vec::new();
                let mut budget = self.limits.max_header_bytes;
                loop {
                    let line = match self.read_next_line(budget) {
                        Ok(line) => line,
                        Err(LineError::Io(e)) => return Err(ReadError::ReadIoError(e)),
                        Err(LineError::TooLong) => return Err(ReadError::HeadersTooLarge),
                    };

                    if line.is_empty() {
                        break;
                    };
                    if headers.len() >= self.limits.max_headers {
                        return Err(ReadError::HeadersTooLarge);
                    }
                    budget = budget.saturating_sub(line.len() + 2);
                    headers.push(match FromStr::from_str(line.as_str().trim()) {
                        // TODO: remove this conversion
                        Ok(h) => h,
                        _ => return Err(ReadError::WrongHeader(version)),
                    });
                }

                headers
            };

            (method, path, version, headers)
        };

        // building the writer for the request
        let writer = self.sink.next().unwrap();

        // follow-up for next potential request
        let mut data_source = self.source.next().unwrap();
        std::mem::swap(&mut self.next_header_source, &mut data_source);

        // building the next reader
        let request = crate::request::new_request(
            self.secure,
            method,
            path,
            version.clone(),
            headers,
            // `None` when the peer's address could not be read (it may have left already).
            self.remote_addr.as_ref().ok().copied().flatten(),
            data_source,
            writer,
            self.limits.max_body,
        )
        .map_err(|e| {
            use crate::request;
            match e {
                request::RequestCreationError::CreationIoError(e) => ReadError::ReadIoError(e),
                request::RequestCreationError::ExpectationFailed => {
                    ReadError::ExpectationFailed(version)
                }
                request::RequestCreationError::BodyTooLarge => ReadError::BodyTooLarge,
            }
        })?;

        // return the request
        Ok(request)
    }
}

impl Iterator for ClientConnection {
    type Item = Request;

    /// Blocks until the next Request is available.
    /// Returns None when no new Requests will come from the client.
    fn next(&mut self) -> Option<Request> {
        use crate::{Response, StatusCode};

        // the client sent a "connection: close" header in this previous request
        //  or is using HTTP 1.0, meaning that no new request will come
        if self.no_more_requests {
            return None;
        }

        // One request at a time: the next is read only once the answer to the
        // last one is written, so a client that sends many requests and
        // reads no answer holds one request, not every worker of the server.
        self.sink.wait_for_last();

        loop {
            let rq = match self.read() {
                Err(ReadError::WrongRequestLine) => {
                    let writer = self.sink.next().unwrap();
                    let response = Response::new_empty(StatusCode(400));
                    response
                        .raw_print(writer, HTTPVersion(1, 1), &[], false, None)
                        .ok();
                    return None; // we don't know where the next request would start,
                                 // se we have to close
                }

                Err(ReadError::WrongHeader(ver)) => {
                    let writer = self.sink.next().unwrap();
                    let response = Response::new_empty(StatusCode(400));
                    response.raw_print(writer, ver, &[], false, None).ok();
                    return None; // we don't know where the next request would start,
                                 // se we have to close
                }

                Err(ReadError::ReadIoError(ref err)) if err.kind() == ErrorKind::TimedOut => {
                    // request timeout
                    let writer = self.sink.next().unwrap();
                    let response = Response::new_empty(StatusCode(408));
                    response
                        .raw_print(writer, HTTPVersion(1, 1), &[], false, None)
                        .ok();
                    return None; // closing the connection
                }

                Err(ReadError::ExpectationFailed(ver)) => {
                    let writer = self.sink.next().unwrap();
                    let response = Response::new_empty(StatusCode(417));
                    response.raw_print(writer, ver, &[], true, None).ok();
                    return None; // TODO: should be recoverable, but needs handling in case of body
                }

                Err(ReadError::RequestLineTooLong) => {
                    self.refuse(414, "URI Too Long");
                    return None;
                }

                Err(ReadError::HeadersTooLarge) => {
                    self.refuse(431, "Request Header Fields Too Large");
                    return None;
                }

                Err(ReadError::UnsupportedVersion) => {
                    self.refuse(505, "HTTP Version Not Supported");
                    return None;
                }

                Err(ReadError::BodyTooLarge) => {
                    self.refuse(413, "Content Too Large");
                    return None;
                }

                Err(ReadError::Idle) | Err(ReadError::ReadIoError(_)) => return None,

                Ok(rq) => rq,
            };

            // updating the status of the connection
            let connection_header = rq
                .headers()
                .iter()
                .find(|h| h.field.equiv("Connection"))
                .map(|h| h.value.as_str());

            let lowercase = connection_header.map(|h| h.to_ascii_lowercase());

            match lowercase {
                Some(ref val) if val.contains("close") => self.no_more_requests = true,
                Some(ref val) if val.contains("upgrade") => self.no_more_requests = true,
                Some(ref val)
                    if !val.contains("keep-alive") && *rq.http_version() == HTTPVersion(1, 0) =>
                {
                    self.no_more_requests = true
                }
                None if *rq.http_version() == HTTPVersion(1, 0) => self.no_more_requests = true,
                _ => (),
            };

            // returning the request
            return Some(rq);
        }
    }
}

impl ClientConnection {
    /// Answers a request that will not be read, telling the client that the
    /// connection closes, then reads and drops what the client still sends
    /// (up to `LINGER_BYTES`), so that closing does not reset the connection
    /// before the answer has reached the client.
    fn refuse(&mut self, status: u16, reason: &str) {
        use std::io::Write;
        let body = format!("{} {}\n", status, reason.to_ascii_lowercase());
        let answer = format!(
            "HTTP/1.1 {} {}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{}",
            status,
            reason,
            body.len(),
            body
        );
        if let Some(mut writer) = self.sink.next() {
            if writer.write_all(answer.as_bytes()).and_then(|()| writer.flush()).is_err() {
                return;
            }
        }
        self.set_deadline(Some(LINGER_TIME));
        let mut buf = [0; 8 * 1024];
        let mut drained = 0;
        while drained < LINGER_BYTES {
            match self.next_header_source.read(&mut buf) {
                Ok(0) | Err(_) => break,
                Ok(n) => drained += n,
            }
        }
    }
}

/// Parses a "HTTP/1.1" string.
fn parse_http_version(version: &str) -> Result<HTTPVersion, ReadError> {
    let (major, minor) = match version {
        "HTTP/0.9" => (0, 9),
        "HTTP/1.0" => (1, 0),
        "HTTP/1.1" => (1, 1),
        "HTTP/2.0" => (2, 0),
        "HTTP/3.0" => (3, 0),
        _ => return Err(ReadError::WrongRequestLine),
    };

    Ok(HTTPVersion(major, minor))
}

/// Parses the request line of the request.
/// eg. GET / HTTP/1.1
fn parse_request_line(line: &str) -> Result<(Method, String, HTTPVersion), ReadError> {
    let mut parts = line.split(' ');

    let method = parts.next().and_then(|w| w.parse().ok());
    let path = parts.next().map(ToOwned::to_owned);
    let version = parts.next().and_then(|w| parse_http_version(w).ok());

    method
        .and_then(|method| Some((method, path?, version?)))
        .ok_or(ReadError::WrongRequestLine)
}

#[cfg(test)]
mod test {
    #[test]
    fn test_parse_request_line() {
        let (method, path, ver) = super::parse_request_line("GET /hello HTTP/1.1").unwrap();

        assert!(method == crate::Method::Get);
        assert!(path == "/hello");
        assert!(ver == crate::common::HTTPVersion(1, 1));

        assert!(super::parse_request_line("GET /hello").is_err());
        assert!(super::parse_request_line("qsd qsd qsd").is_err());
    }
}
