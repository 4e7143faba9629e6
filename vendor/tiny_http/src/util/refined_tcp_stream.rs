use std::io::Result as IoResult;
use std::io::{Error as IoError, ErrorKind, Read, Write};
use std::net::{Shutdown, SocketAddr};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use crate::connection::Connection;
#[cfg(any(feature = "ssl-openssl", feature = "ssl-rustls"))]
use crate::ssl::SslStream;

pub(crate) enum Stream {
    Http(Connection),
    #[cfg(any(feature = "ssl-openssl", feature = "ssl-rustls"))]
    Https(SslStream),
}

impl Stream {
    /// A second handle on the stream. Fails (instead of panicking) when the
    /// process is out of file descriptors.
    fn try_clone(&self) -> IoResult<Self> {
        match self {
            Stream::Http(tcp_stream) => tcp_stream.try_clone().map(Stream::Http),
            #[cfg(any(feature = "ssl-openssl", feature = "ssl-rustls"))]
            Stream::Https(ssl_stream) => Ok(Stream::Https(ssl_stream.clone())),
        }
    }
}

impl From<Connection> for Stream {
    fn from(tcp_stream: Connection) -> Self {
        Stream::Http(tcp_stream)
    }
}

impl Stream {
    fn secure(&self) -> bool {
        match self {
            Stream::Http(_) => false,
            #[cfg(any(feature = "ssl-openssl", feature = "ssl-rustls"))]
            Stream::Https(_) => true,
        }
    }

    fn peer_addr(&mut self) -> IoResult<Option<SocketAddr>> {
        match self {
            Stream::Http(tcp_stream) => tcp_stream.peer_addr(),
            #[cfg(any(feature = "ssl-openssl", feature = "ssl-rustls"))]
            Stream::Https(ssl_stream) => ssl_stream.peer_addr(),
        }
    }

    fn set_read_timeout(&self, timeout: Option<Duration>) -> IoResult<()> {
        match self {
            Stream::Http(tcp_stream) => tcp_stream.set_read_timeout(timeout),
            #[cfg(any(feature = "ssl-openssl", feature = "ssl-rustls"))]
            Stream::Https(_) => Ok(()),
        }
    }

    fn set_write_timeout(&self, timeout: Option<Duration>) -> IoResult<()> {
        match self {
            Stream::Http(tcp_stream) => tcp_stream.set_write_timeout(timeout),
            #[cfg(any(feature = "ssl-openssl", feature = "ssl-rustls"))]
            Stream::Https(_) => Ok(()),
        }
    }

    fn shutdown(&mut self, how: Shutdown) -> IoResult<()> {
        match self {
            Stream::Http(tcp_stream) => tcp_stream.shutdown(how),
            #[cfg(any(feature = "ssl-openssl", feature = "ssl-rustls"))]
            Stream::Https(ssl_stream) => ssl_stream.shutdown(how),
        }
    }
}

impl Read for Stream {
    fn read(&mut self, buf: &mut [u8]) -> IoResult<usize> {
        match self {
            Stream::Http(tcp_stream) => tcp_stream.read(buf),
            #[cfg(any(feature = "ssl-openssl", feature = "ssl-rustls"))]
            Stream::Https(ssl_stream) => ssl_stream.read(buf),
        }
    }
}

impl Write for Stream {
    fn write(&mut self, buf: &[u8]) -> IoResult<usize> {
        match self {
            Stream::Http(tcp_stream) => tcp_stream.write(buf),
            #[cfg(any(feature = "ssl-openssl", feature = "ssl-rustls"))]
            Stream::Https(ssl_stream) => ssl_stream.write(buf),
        }
    }

    fn flush(&mut self) -> IoResult<()> {
        match self {
            Stream::Http(tcp_stream) => tcp_stream.flush(),
            #[cfg(any(feature = "ssl-openssl", feature = "ssl-rustls"))]
            Stream::Https(ssl_stream) => ssl_stream.flush(),
        }
    }
}

pub struct RefinedTcpStream {
    stream: Stream,
    close_read: bool,
    close_write: bool,
    /// When set, reads fail with `TimedOut` once this moment has passed
    /// (shared with the connection, which sets it while reading a head).
    deadline: Arc<Mutex<Option<Instant>>>,
    /// The longest wait of one read when no deadline is set.
    read_timeout: Option<Duration>,
    /// The read timeout the socket has now.
    applied: Option<Duration>,
}

/// A moment after which reads of a connection fail, shared with its reader.
pub(crate) type Deadline = Arc<Mutex<Option<Instant>>>;

impl RefinedTcpStream {
    pub(crate) fn new<S>(stream: S) -> IoResult<(RefinedTcpStream, RefinedTcpStream)>
    where
        S: Into<Stream>,
    {
        let stream: Stream = stream.into();

        let (read, write) = (stream.try_clone()?, stream);

        let read = RefinedTcpStream {
            stream: read,
            close_read: true,
            close_write: false,
            deadline: Deadline::default(),
            read_timeout: None,
            applied: None,
        };

        let write = RefinedTcpStream {
            stream: write,
            close_read: false,
            close_write: true,
            deadline: Deadline::default(),
            read_timeout: None,
            applied: None,
        };

        Ok((read, write))
    }

    /// Returns true if this struct wraps around a secure connection.
    #[inline]
    pub(crate) fn secure(&self) -> bool {
        self.stream.secure()
    }

    pub(crate) fn peer_addr(&mut self) -> IoResult<Option<SocketAddr>> {
        self.stream.peer_addr()
    }

    /// Bounds each read (`None`: no bound) while no deadline is set.
    pub(crate) fn set_read_timeout(&mut self, timeout: Option<Duration>) {
        self.read_timeout = timeout;
    }

    /// Bounds each write: a client that takes no bytes for this long gets
    /// its connection closed.
    pub(crate) fn set_write_timeout(&mut self, timeout: Option<Duration>) -> IoResult<()> {
        self.stream.set_write_timeout(timeout)
    }

    /// The deadline of this stream's reads, for the connection to set.
    pub(crate) fn deadline(&self) -> Deadline {
        self.deadline.clone()
    }

    /// Gives the socket the read timeout due now; `TimedOut` when the deadline has passed.
    fn apply_read_timeout(&mut self) -> IoResult<()> {
        let deadline = *self.deadline.lock().unwrap_or_else(PoisonError::into_inner);
        let timeout = match deadline {
            Some(at) => match at.checked_duration_since(Instant::now()) {
                Some(left) if !left.is_zero() => Some(left),
                _ => return Err(IoError::new(ErrorKind::TimedOut, "read deadline passed")),
            },
            None => self.read_timeout,
        };
        if timeout != self.applied || deadline.is_some() {
            self.stream.set_read_timeout(timeout)?;
            self.applied = timeout;
        }
        Ok(())
    }
}

impl Drop for RefinedTcpStream {
    fn drop(&mut self) {
        if self.close_read {
            self.stream.shutdown(Shutdown::Read).ok();
        }

        if self.close_write {
            self.stream.shutdown(Shutdown::Write).ok();
        }
    }
}

impl Read for RefinedTcpStream {
    fn read(&mut self, buf: &mut [u8]) -> IoResult<usize> {
        self.apply_read_timeout()?;
        // A socket timeout shows as `WouldBlock` on some platforms (Linux).
        self.stream.read(buf).map_err(timed_out)
    }
}

impl Write for RefinedTcpStream {
    fn write(&mut self, buf: &[u8]) -> IoResult<usize> {
        let written = self.stream.write(buf).map_err(timed_out);
        self.give_up_after(written)
    }

    fn flush(&mut self) -> IoResult<()> {
        let flushed = self.stream.flush().map_err(timed_out);
        self.give_up_after(flushed)
    }
}

impl RefinedTcpStream {
    /// After a failed write (the client takes no bytes, or left) the
    /// connection is of no more use: it is shut down both ways, so that its
    /// reader stops and later writes fail at once instead of waiting again.
    fn give_up_after<T>(&mut self, result: IoResult<T>) -> IoResult<T> {
        if let Err(e) = &result {
            if e.kind() != ErrorKind::Interrupted {
                self.stream.shutdown(Shutdown::Both).ok();
            }
        }
        result
    }
}

fn timed_out(error: IoError) -> IoError {
    if error.kind() == ErrorKind::WouldBlock {
        IoError::new(ErrorKind::TimedOut, error)
    } else {
        error
    }
}
