//! Writing URLs and other text into any sink: a counting pass to learn the
//! length, then the real pass into a caller's buffer, `fmt::Write` or string.

use core::fmt;

use crate::form::{BufferTooSmall, percent_encode};

/// Writes `endpoint` and what must follow it before the first parameter:
/// `?`, or `&` when it has a query of its own (which is kept).
pub(crate) fn start_query<W: fmt::Write + ?Sized>(w: &mut W, endpoint: &str) -> fmt::Result {
    w.write_str(endpoint)?;
    match endpoint.split_once('?') {
        None => w.write_char('?'),
        Some((_, "")) => Ok(()),
        Some((_, q)) if q.ends_with('&') => Ok(()),
        Some(_) => w.write_char('&'),
    }
}

/// Writes `&name=value`, the value percent-encoded.
pub(crate) fn param<W: fmt::Write + ?Sized>(w: &mut W, name: &str, value: &str) -> fmt::Result {
    w.write_char('&')?;
    w.write_str(name)?;
    w.write_char('=')?;
    percent_encode(w, value)
}

/// How many bytes `write` produces.
pub(crate) fn written_len(write: impl Fn(&mut dyn fmt::Write) -> fmt::Result) -> usize {
    let mut counter = CountingWriter(0);
    // Counting never fails; a failing `write` just stops the count early.
    let _ = write(&mut counter);
    counter.0
}

/// Counts bytes written.
struct CountingWriter(usize);

impl fmt::Write for CountingWriter {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.0 = self.0.saturating_add(s.len());
        Ok(())
    }
}

/// Writes into a byte slice; fails on overflow.
struct SliceWriter<'b> {
    buf: &'b mut [u8],
    len: usize,
}

impl fmt::Write for SliceWriter<'_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        let end = self.len.checked_add(s.len()).ok_or(fmt::Error)?;
        let dst = self.buf.get_mut(self.len..end).ok_or(fmt::Error)?;
        dst.copy_from_slice(s.as_bytes());
        self.len = end;
        Ok(())
    }
}

/// Runs `write` against `buf`; when it does not fit, says how much is needed.
pub(crate) fn write_to_slice(
    buf: &mut [u8],
    write: impl Fn(&mut dyn fmt::Write) -> fmt::Result,
) -> Result<&str, BufferTooSmall> {
    let needed = written_len(&write);
    if needed > buf.len() {
        return Err(BufferTooSmall { needed });
    }
    let mut w = SliceWriter { buf, len: 0 };
    write(&mut w).map_err(|_| BufferTooSmall { needed })?;
    let SliceWriter { buf, len } = w;
    let written = buf.get(..len).ok_or(BufferTooSmall { needed })?;
    core::str::from_utf8(written).map_err(|_| BufferTooSmall { needed })
}
