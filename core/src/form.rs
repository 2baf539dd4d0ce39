//! `application/x-www-form-urlencoded` decoding (fragments and form_post
//! bodies) that borrows from the input, and RFC 3986 percent-encoding for the
//! URLs this crate writes.
//!
//! Decoding is strict (RFC 6749 §3.1 and Appendix B, the WHATWG form rules):
//! `+` is a space, `%XX` is decoded in either case, a bad escape or a decoded
//! byte sequence that is not UTF-8 is an error, names are decoded too,
//! empty pairs and pairs without `=` are skipped, and a name that appears
//! twice is an error even if one occurrence is empty (fail closed: RFC 6749
//! forbids repeats, and "empty means absent" must not hide a second value).

use core::fmt;

use heapless::Vec;

use crate::limits::MAX_RESPONSE_PARAMS;
use crate::utf8::Utf8Validator;

/// Why form-encoded input was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum FormError {
    /// A `%` not followed by two hexadecimal digits, at this byte offset.
    BadEscape {
        /// Byte offset of the `%`.
        offset: usize,
    },
    /// The decoded bytes of a name or value are not UTF-8.
    NotUtf8 {
        /// Byte offset where the offending pair starts.
        offset: usize,
    },
    /// More than [`MAX_RESPONSE_PARAMS`] pairs.
    TooManyParameters {
        /// The limit.
        limit: usize,
    },
    /// A parameter name appears more than once (RFC 6749 §3.1).
    Repeated {
        /// Byte offset of the second occurrence.
        offset: usize,
    },
}

impl fmt::Display for FormError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::BadEscape { offset } => write!(f, "invalid percent-escape at byte {offset}"),
            Self::NotUtf8 { offset } => {
                write!(f, "decoded parameter at byte {offset} is not UTF-8")
            }
            Self::TooManyParameters { limit } => write!(f, "more than {limit} parameters"),
            Self::Repeated { offset } => write!(f, "parameter at byte {offset} is repeated"),
        }
    }
}

impl core::error::Error for FormError {}

/// A validated form-encoded name or value, borrowed from the input and
/// decoded on demand (so parsing allocates nothing).
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct FormValue<'a> {
    raw: &'a str,
    /// No `%` and no `+`: the raw text is the decoded text.
    plain: bool,
}

impl<'a> FormValue<'a> {
    /// The empty value (a placeholder until the real one is known).
    pub(crate) const EMPTY: Self = Self::unescaped("");

    /// Text without `%` or `+`: its decoded bytes are its own.
    const fn unescaped(raw: &'a str) -> Self {
        Self { raw, plain: true }
    }

    /// The value as it appeared in the input (still encoded).
    pub fn raw(&self) -> &'a str {
        self.raw
    }

    /// The decoded value without copying, when it contains no `%` or `+`.
    pub fn as_plain(&self) -> Option<&'a str> {
        self.plain.then_some(self.raw)
    }

    /// The decoded bytes.
    pub fn bytes(&self) -> DecodedBytes<'a> {
        DecodedBytes {
            rest: self.raw.as_bytes(),
        }
    }

    /// Length of the decoded value in bytes.
    pub fn decoded_len(&self) -> usize {
        self.bytes().count()
    }

    /// `true` when the decoded value is empty.
    pub fn is_empty(&self) -> bool {
        self.raw.is_empty()
    }

    /// Decodes into `buf`, returning the text, or the length needed.
    pub fn decode_into<'b>(&self, buf: &'b mut [u8]) -> Result<&'b str, BufferTooSmall> {
        let needed = self.decoded_len();
        let out = buf.get_mut(..needed).ok_or(BufferTooSmall { needed })?;
        for (slot, b) in out.iter_mut().zip(self.bytes()) {
            *slot = b;
        }
        // Validated as UTF-8 when the input was parsed.
        core::str::from_utf8(out).map_err(|_| BufferTooSmall { needed })
    }

    /// Writes the decoded text.
    pub fn write_to<W: fmt::Write + ?Sized>(&self, w: &mut W) -> fmt::Result {
        if let Some(plain) = self.as_plain() {
            return w.write_str(plain);
        }
        let mut chunk = [0u8; 64];
        let mut len = 0;
        for b in self.bytes() {
            if let Some(slot) = chunk.get_mut(len) {
                *slot = b;
                len = len.saturating_add(1);
            }
            if len == chunk.len() {
                len = flush_utf8(w, &mut chunk, len)?;
            }
        }
        let rest = chunk.get(..len).unwrap_or_default();
        w.write_str(core::str::from_utf8(rest).map_err(|_| fmt::Error)?)
    }

    /// Compares the decoded value with `expected` without branching on the
    /// content (for `state`). Lengths are not secret.
    pub fn ct_eq(&self, expected: &[u8]) -> bool {
        if let Some(plain) = self.as_plain() {
            return crate::ct::eq(plain.as_bytes(), expected);
        }
        let mut stream = crate::ct::StreamEq::new(expected);
        self.bytes().for_each(|b| stream.push(b));
        stream.finish()
    }

    /// Plain (not constant-time) comparison with text, for parameter names
    /// and public values.
    pub fn eq_str(&self, expected: &str) -> bool {
        match self.as_plain() {
            Some(plain) => plain == expected,
            None => self.bytes().eq(expected.bytes()),
        }
    }

    /// [`eq_str`](Self::eq_str) ignoring ASCII case, for values the specs
    /// call case-insensitive (`token_type`, RFC 6749 §7.1).
    pub fn eq_ignore_ascii_case(&self, expected: &str) -> bool {
        match self.as_plain() {
            Some(plain) => plain.eq_ignore_ascii_case(expected),
            None => self
                .bytes()
                .map(|b| b.to_ascii_lowercase())
                .eq(expected.bytes().map(|b| b.to_ascii_lowercase())),
        }
    }

    /// Whether two values decode to the same bytes.
    pub(crate) fn same_decoded(&self, other: &FormValue<'_>) -> bool {
        match (self.as_plain(), other.as_plain()) {
            (Some(a), Some(b)) => a == b,
            _ => self.bytes().eq(other.bytes()),
        }
    }

    /// The value cut at every byte that decodes to `sep` (ASCII), whether written as
    /// itself or as an escape (`.` or `%2E`): `str::split` on the decoded
    /// text, without decoding it. Each piece is the raw text between two
    /// cuts, and decodes to what lies between them in the decoded text.
    pub(crate) fn split_decoded(self, sep: u8) -> impl Iterator<Item = FormValue<'a>> {
        let mut rest = Some(self.raw);
        core::iter::from_fn(move || {
            let current = rest?;
            // The decoder's unread input tells where each decoded byte began
            // and ended in the raw text.
            let mut decoder = DecodedBytes {
                rest: current.as_bytes(),
            };
            let offset =
                |decoder: &DecodedBytes<'_>| current.len().saturating_sub(decoder.rest.len());
            loop {
                let start = offset(&decoder);
                match decoder.next() {
                    Some(b) if b == sep => {
                        rest = current.get(offset(&decoder)..);
                        return current.get(..start).map(Self::piece);
                    }
                    Some(_) => {}
                    None => {
                        rest = None;
                        return Some(Self::piece(current));
                    }
                }
            }
        })
    }

    /// A piece of a validated value cut at an ASCII byte: still valid, and
    /// plain when it holds no escape.
    fn piece(raw: &'a str) -> Self {
        Self {
            raw,
            plain: memchr::memchr2(b'%', b'+', raw.as_bytes()).is_none(),
        }
    }

    /// Calls `f` on the decoded bytes, in order and in pieces: all at once
    /// when the value has no escapes, else in chunks of [`DECODED_CHUNK`]
    /// bytes (the last may be shorter, and an empty value gives none). A
    /// long escaped value is hashed or base64-decoded this way without a
    /// decoded copy of the whole; every chunk but the last is a whole
    /// number of base64 quanta.
    pub(crate) fn try_for_each_chunk<E>(
        &self,
        mut f: impl FnMut(&[u8]) -> Result<(), E>,
    ) -> Result<(), E> {
        if let Some(plain) = self.as_plain() {
            return f(plain.as_bytes());
        }
        let mut chunk = [0u8; DECODED_CHUNK];
        let mut len = 0usize;
        for b in self.bytes() {
            if let Some(slot) = chunk.get_mut(len) {
                *slot = b;
                len = len.saturating_add(1);
            }
            if len == DECODED_CHUNK {
                f(&chunk)?;
                len = 0;
            }
        }
        match chunk.get(..len) {
            Some(last) if !last.is_empty() => f(last),
            _ => Ok(()),
        }
    }

    #[cfg(feature = "alloc")]
    /// The decoded value as an owned string.
    pub fn to_decoded_string(&self) -> alloc::string::String {
        let mut s = alloc::string::String::with_capacity(self.raw.len());
        // Writing to a String cannot fail, and the value was validated.
        let _ = self.write_to(&mut s);
        s
    }
}

/// The size of the pieces [`FormValue::try_for_each_chunk`] decodes an
/// escaped value into: on the stack, and a multiple of 4 so that a chunk of
/// base64 decodes on its own.
pub(crate) const DECODED_CHUNK: usize = 256;
const _: () = assert!(DECODED_CHUNK.is_multiple_of(4));

/// `text` with the bytes `mask` picks (cycled) written as `%XX`, in lower-
/// case hex at every third position and upper case elsewhere, and `%`, `+`,
/// `&` and non-ASCII bytes always, so that it decodes back to `text`: the
/// tests' escaper, without `format!`, which miri runs slowly.
#[cfg(test)]
pub(crate) fn escape_some(text: &str, mask: &[bool]) -> std::string::String {
    let mut out = std::string::String::new();
    for (i, b) in text.bytes().enumerate() {
        let pick = i
            .checked_rem(mask.len())
            .and_then(|j| mask.get(j))
            .copied()
            .unwrap_or(false);
        if !(pick || matches!(b, b'%' | b'+' | b'&') || !b.is_ascii()) {
            out.push(char::from(b));
            continue;
        }
        let lowercase = i.checked_rem(3) == Some(0);
        out.push('%');
        for nibble in [b >> 4, b & 0xF] {
            let digit = char::from_digit(u32::from(nibble), 16).unwrap_or('0');
            out.push(if lowercase {
                digit
            } else {
                digit.to_ascii_uppercase()
            });
        }
    }
    out
}

/// Writes the longest valid UTF-8 prefix of `chunk[..len]`, keeps an
/// incomplete trailing character for the next round, returns its length.
fn flush_utf8<W: fmt::Write + ?Sized>(
    w: &mut W,
    chunk: &mut [u8; 64],
    len: usize,
) -> Result<usize, fmt::Error> {
    let filled = chunk.get(..len).ok_or(fmt::Error)?;
    let valid = match core::str::from_utf8(filled) {
        Ok(s) => s.len(),
        Err(e) => e.valid_up_to(),
    };
    let text =
        core::str::from_utf8(filled.get(..valid).ok_or(fmt::Error)?).map_err(|_| fmt::Error)?;
    w.write_str(text)?;
    chunk.copy_within(valid..len, 0);
    Ok(len.saturating_sub(valid))
}

impl fmt::Debug for FormValue<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.raw, f)
    }
}

/// The output buffer is too small; `needed` bytes are required.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BufferTooSmall {
    /// Bytes required.
    pub needed: usize,
}

impl fmt::Display for BufferTooSmall {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "buffer too small: {} bytes needed", self.needed)
    }
}

impl core::error::Error for BufferTooSmall {}

/// Iterator over the decoded bytes of a validated [`FormValue`].
#[derive(Clone)]
pub struct DecodedBytes<'a> {
    rest: &'a [u8],
}

impl Iterator for DecodedBytes<'_> {
    type Item = u8;

    fn next(&mut self) -> Option<u8> {
        let (&first, rest) = self.rest.split_first()?;
        self.rest = rest;
        match first {
            b'+' => Some(b' '),
            b'%' => match rest {
                [h, l, tail @ ..] => {
                    self.rest = tail;
                    Some((hex_value(*h)? << 4) | hex_value(*l)?)
                }
                _ => None,
            },
            other => Some(other),
        }
    }
}

fn hex_value(b: u8) -> Option<u8> {
    char::from(b)
        .to_digit(16)
        .and_then(|d| u8::try_from(d).ok())
}

/// `text` split at every `sep`, like `str::split`, but found with
/// `memchr` (SIMD on x86_64): a response is mostly one long token, and this
/// scan was a tenth of the redirect's cost. `sep` is ASCII, so every piece
/// lies on char boundaries.
pub(crate) fn split_ascii(text: &str, sep: u8) -> impl Iterator<Item = &str> {
    let mut rest = Some(text);
    core::iter::from_fn(move || {
        let current = rest?;
        match memchr::memchr(sep, current.as_bytes()) {
            Some(at) => {
                rest = current.get(at.saturating_add(1)..);
                current.get(..at)
            }
            None => rest.take(),
        }
    })
}

/// `text` split at its first `sep`, like `str::split_once`, but found with
/// the same `memchr` as [`split_ascii`]: `str::split_once` brings its own
/// searcher, which is more code to load for every login (BENCHMARKS.md).
pub(crate) fn split_once_ascii(text: &str, sep: u8) -> Option<(&str, &str)> {
    let at = memchr::memchr(sep, text.as_bytes())?;
    // `sep` is ASCII, so both cuts lie on char boundaries.
    Some((text.get(..at)?, text.get(at.saturating_add(1)..)?))
}

/// `text` before and after its first `sep`, or all of it and `None` (for
/// a part that may be absent: a fragment, a query, a port).
pub(crate) fn split_optional(text: &str, sep: u8) -> (&str, Option<&str>) {
    match split_once_ascii(text, sep) {
        Some((before, after)) => (before, Some(after)),
        None => (text, None),
    }
}

/// Checks escapes and the UTF-8 of the decoded bytes of one name or value.
fn validate(raw: &str, base: usize, pair_start: usize) -> Result<FormValue<'_>, FormError> {
    let bytes = raw.as_bytes();
    // Without escapes the decoded bytes are the input's (with `+` as a space),
    // which is a `&str`: already UTF-8. Tokens are never escaped, so this is
    // the common case and costs one (SIMD) scan for both bytes.
    let escaped = match memchr::memchr2(b'%', b'+', bytes) {
        None => return Ok(FormValue::unescaped(raw)),
        Some(at) => bytes
            .get(at..)
            .is_some_and(|tail| memchr::memchr(b'%', tail).is_some()),
    };
    if !escaped {
        return Ok(FormValue { raw, plain: false });
    }
    let mut i = 0usize;
    let mut utf8 = Utf8Validator::default();
    while let Some(&b) = bytes.get(i) {
        let decoded = if b == b'%' {
            let hex = |at: usize| bytes.get(i.saturating_add(at)).copied().and_then(hex_value);
            let (h, l) = hex(1).zip(hex(2)).ok_or(FormError::BadEscape {
                offset: base.saturating_add(i),
            })?;
            i = i.saturating_add(3);
            (h << 4) | l
        } else {
            i = i.saturating_add(1);
            if b == b'+' { b' ' } else { b }
        };
        if !utf8.push(decoded) {
            return Err(FormError::NotUtf8 { offset: pair_start });
        }
    }
    if !utf8.finish() {
        return Err(FormError::NotUtf8 { offset: pair_start });
    }
    Ok(FormValue { raw, plain: false })
}

/// The names in a query we write into (an endpoint's own query), pieces
/// without `=` included: unlike a response, where such a piece carries no
/// value and is ignored, a provider reads `?flag` as a parameter named
/// `flag` (the WHATWG reading), so it counts when we check for repeats.
pub(crate) fn query_names(query: &str) -> impl Iterator<Item = Result<FormValue<'_>, FormError>> {
    let mut offset = 0usize;
    query.split('&').filter_map(move |piece| {
        let start = offset;
        offset = offset.saturating_add(piece.len()).saturating_add(1);
        let name = piece.split_once('=').map_or(piece, |(name, _)| name);
        (!piece.is_empty()).then(|| validate(name, start, start))
    })
}

/// One decoded `name=value` pair.
#[derive(Clone, Copy, Debug)]
pub(crate) struct FormPair<'a> {
    /// The parameter name.
    pub(crate) name: FormValue<'a>,
    /// The parameter value (may be empty: "as if omitted").
    pub(crate) value: FormValue<'a>,
}

/// The response parameters the core reads. Each is located once, while
/// parsing, so that reading one is an index and not a scan of every pair
/// (a response used to be scanned a dozen times, with two dozen `memcmp`s).
const KNOWN_NAMES: [&str; 11] = [
    "state",
    "id_token",
    "access_token",
    "token_type",
    "expires_in",
    "scope",
    "iss",
    "error",
    "error_description",
    "error_uri",
    "code",
];

/// The longest of [`KNOWN_NAMES`], in bytes: a received name that decodes
/// to more cannot be one of them.
const LONGEST_KNOWN_NAME: usize = {
    let mut longest = 0;
    let mut rest: &[&str] = &KNOWN_NAMES;
    while let [name, tail @ ..] = rest {
        if name.len() > longest {
            longest = name.len();
        }
        rest = tail;
    }
    longest
};

/// The position of `name` in [`KNOWN_NAMES`]. Inlined, so that with the
/// literal names of the call sites it folds away in [`FormParams::get`].
#[inline]
fn known_slot(name: &str) -> Option<usize> {
    KNOWN_NAMES.iter().position(|known| *known == name)
}

/// [`known_slot`] of a received (possibly escaped) name.
fn known_slot_of(name: &FormValue<'_>) -> Option<usize> {
    match name.as_plain() {
        Some(plain) => known_slot(plain),
        None => {
            let mut buf = [0u8; LONGEST_KNOWN_NAME];
            name.decode_into(&mut buf).ok().and_then(known_slot)
        }
    }
}

/// The parameters of one form-encoded string, in input order.
#[derive(Clone, Debug)]
pub(crate) struct FormParams<'a> {
    pairs: Vec<FormPair<'a>, MAX_RESPONSE_PARAMS>,
    /// For each of [`KNOWN_NAMES`]: 1 + the index of its pair, or 0.
    known: [u8; KNOWN_NAMES.len()],
}

// Pair indexes are stored as `u8`.
const _: () = assert!(MAX_RESPONSE_PARAMS < u8::MAX as usize);

impl<'a> FormParams<'a> {
    /// No parameters.
    pub(crate) const fn new() -> Self {
        Self {
            pairs: Vec::new(),
            known: [0; KNOWN_NAMES.len()],
        }
    }

    /// Parses `input` (without a leading `#` or `?`).
    ///
    /// `base` is the offset of `input` in whatever the caller received, so
    /// that error offsets point into the caller's string.
    pub(crate) fn parse(input: &'a str, base: usize) -> Result<Self, FormError> {
        let mut params = Self::new();
        params.parse_into(input, base)?;
        Ok(params)
    }

    /// [`parse`](Self::parse) into `self` (emptied first; left unspecified
    /// on failure). The redirect path uses it: the parameter list is 3 KB,
    /// and returning it through `Result`s copied it three times per call.
    pub(crate) fn parse_into(&mut self, input: &'a str, base: usize) -> Result<(), FormError> {
        self.pairs.clear();
        self.known = [0; KNOWN_NAMES.len()];
        let bytes = input.as_bytes();
        // One pass: each name is walked byte by byte (names are short) to its
        // `=`, each value is searched once for its end and escapes together.
        // Splitting on `&`, then `=`, then searching name and value for
        // escapes took four `memchr` calls a pair, and those calls were most
        // of the redirect's cost. `tests::one_pass_agrees_with_splitting`
        // holds this to the splitting it replaced, errors included.
        let mut piece = 0usize;
        while piece <= bytes.len() {
            let rest = bytes.get(piece..).unwrap_or_default();
            let Some(name_len) = rest.iter().position(|&b| b == b'=' || b == b'&') else {
                break; // a last piece without `=`: no value, ignored
            };
            let eq = piece.saturating_add(name_len);
            if bytes.get(eq) == Some(&b'&') {
                // Pairs without '=' carry no value: ignored, like empty pairs.
                piece = eq.saturating_add(1);
                continue;
            }
            let value_start = eq.saturating_add(1);
            let value_rest = bytes.get(value_start..).unwrap_or_default();
            let (value_len, value_plain) = match memchr::memchr3(b'&', b'%', b'+', value_rest) {
                None => (value_rest.len(), true),
                Some(at) if value_rest.get(at) == Some(&b'&') => (at, true),
                // An escape before any `&`: the end lies past it.
                Some(at) => (
                    value_rest
                        .get(at..)
                        .and_then(|tail| memchr::memchr(b'&', tail))
                        .map_or(value_rest.len(), |end| at.saturating_add(end)),
                    false,
                ),
            };
            let value_end = value_start.saturating_add(value_len);
            let start = base.saturating_add(piece);
            let (Some(name_raw), Some(value_raw)) =
                (input.get(piece..eq), input.get(value_start..value_end))
            else {
                // Cut next to ASCII bytes, so always on char boundaries.
                return Err(FormError::NotUtf8 { offset: start });
            };
            let name = if name_raw.bytes().any(|b| b == b'%' || b == b'+') {
                validate(name_raw, start, start)?
            } else {
                FormValue::unescaped(name_raw)
            };
            let value = if value_plain {
                FormValue::unescaped(value_raw)
            } else {
                validate(
                    value_raw,
                    start.saturating_add(name_len).saturating_add(1),
                    start,
                )?
            };
            self.push(name, value, start)?;
            piece = value_end.saturating_add(1);
        }
        Ok(())
    }

    /// Appends a checked pair that starts at `offset`, refusing a repeated
    /// name, and indexes it if [`FormParams::get`] looks it up.
    fn push(
        &mut self,
        name: FormValue<'a>,
        value: FormValue<'a>,
        offset: usize,
    ) -> Result<(), FormError> {
        if self.pairs.iter().any(|p| p.name.same_decoded(&name)) {
            return Err(FormError::Repeated { offset });
        }
        let index = self.pairs.len();
        self.pairs
            .push(FormPair { name, value })
            .map_err(|_| FormError::TooManyParameters {
                limit: MAX_RESPONSE_PARAMS,
            })?;
        if let Some(slot) = known_slot_of(&name).and_then(|k| self.known.get_mut(k)) {
            // Below MAX_RESPONSE_PARAMS < 255 (the push succeeded).
            *slot = u8::try_from(index.saturating_add(1)).unwrap_or(0);
        }
        Ok(())
    }

    /// The value of `name`, or `None` when absent or empty (RFC 6749 §3.1:
    /// parameters without a value are treated as omitted).
    #[inline]
    pub(crate) fn get(&self, name: &str) -> Option<FormValue<'a>> {
        let pair = match known_slot(name) {
            Some(k) => {
                let at = usize::from(*self.known.get(k)?);
                self.pairs.get(at.checked_sub(1)?)
            }
            None => self.pairs.iter().find(|p| p.name.eq_str(name)),
        };
        pair.map(|p| p.value).filter(|v| !v.is_empty())
    }

    /// All pairs, in input order, empty values included.
    pub(crate) fn pairs(&self) -> &[FormPair<'a>] {
        &self.pairs
    }
}

/// Bytes left as they are by [`percent_encode`]: RFC 3986 §2.3 unreserved.
fn is_unreserved(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~')
}

/// Writes `text` percent-encoded per RFC 3986: unreserved characters as they
/// are, every other byte as `%XX` (upper-case hex), space as `%20`.
pub(crate) fn percent_encode<W: fmt::Write + ?Sized>(w: &mut W, text: &str) -> fmt::Result {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut rest = text.as_bytes();
    while !rest.is_empty() {
        let run = rest.iter().take_while(|b| is_unreserved(**b)).count();
        let (plain, tail) = rest.split_at_checked(run).ok_or(fmt::Error)?;
        // Unreserved bytes are ASCII, so the run is valid UTF-8.
        w.write_str(core::str::from_utf8(plain).map_err(|_| fmt::Error)?)?;
        let Some((&b, tail)) = tail.split_first() else {
            break;
        };
        let hi = HEX.get(usize::from(b >> 4)).copied().unwrap_or(b'0');
        let lo = HEX.get(usize::from(b & 0xF)).copied().unwrap_or(b'0');
        w.write_char('%')?;
        w.write_char(char::from(hi))?;
        w.write_char(char::from(lo))?;
        rest = tail;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::string::String;
    use std::vec;

    /// What [`FormParams::get`] means, by a scan of every pair (its
    /// definition before known names were indexed).
    fn get_by_scan<'a>(params: &FormParams<'a>, name: &str) -> Option<FormValue<'a>> {
        params
            .pairs()
            .iter()
            .find(|p| p.name.eq_str(name))
            .map(|p| p.value)
            .filter(|v| !v.is_empty())
    }

    #[test]
    fn known_names_match_their_slots() {
        for (i, name) in KNOWN_NAMES.iter().enumerate() {
            assert_eq!(known_slot(name), Some(i), "{name}");
            assert!(name.len() <= LONGEST_KNOWN_NAME);
        }
        assert_eq!(known_slot("states"), None);
        assert_eq!(known_slot(""), None);
    }

    #[test]
    fn get_finds_known_names_however_spelled() {
        let cases: &[(&str, &str, Option<&str>)] = &[
            ("state=a&id_token=b", "state", Some("a")),
            ("id_token=b&state=a", "state", Some("a")),
            // Escaped names are known by their decoded text.
            ("st%61te=a", "state", Some("a")),
            ("error%5Fdescription=d+e", "error_description", Some("d e")),
            // Empty means absent; a missing name is absent.
            ("state=&code=c", "state", None),
            ("code=c", "state", None),
            ("code=c", "code", Some("c")),
            // Not a known name: found by the scan.
            ("session_state=s&state=a", "session_state", Some("s")),
            // Longer than every known name, escaped: not indexed, still found.
            (
                "%73tate_of_the_art_name=z",
                "state_of_the_art_name",
                Some("z"),
            ),
            ("%73tate_of_the_art_name=z", "state", None),
        ];
        for &(input, name, want) in cases {
            let params = FormParams::parse(input, 0).unwrap_or_else(|e| panic!("{input}: {e:?}"));
            assert_eq!(
                params.get(name).map(decoded).as_deref(),
                want,
                "{input} {name}"
            );
            assert_eq!(
                get_by_scan(&params, name).map(decoded).as_deref(),
                want,
                "{input} {name}"
            );
        }
    }

    #[test]
    fn reparsing_forgets_the_previous_names() {
        // `redirect.rs: locate` parses the query, then the fragment, into
        // one list: nothing of the first may be found in the second.
        let mut params = FormParams::new();
        params
            .parse_into("code=c&state=a", 0)
            .unwrap_or_else(|e| panic!("{e:?}"));
        params
            .parse_into("id_token=b&x=y", 0)
            .unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(params.get("state").map(decoded), None);
        assert_eq!(params.get("code").map(decoded), None);
        assert_eq!(params.get("id_token").map(decoded).as_deref(), Some("b"));
    }

    fn decoded(v: FormValue<'_>) -> String {
        let mut s = String::new();
        v.write_to(&mut s).unwrap_or_default();
        s
    }

    /// What [`FormParams::parse`] did before it became one pass: split on
    /// `&`, then at the first `=`, then check name and value for escapes.
    fn parse_by_splitting(
        input: &str,
        base: usize,
    ) -> Result<std::vec::Vec<(&str, bool, &str, bool)>, FormError> {
        let mut pairs: std::vec::Vec<(FormValue<'_>, FormValue<'_>)> = std::vec::Vec::new();
        let mut offset = base;
        for piece in input.split('&') {
            let start = offset;
            offset = offset.saturating_add(piece.len()).saturating_add(1);
            let Some((name, value)) = piece.split_once('=') else {
                continue;
            };
            let name = validate(name, start, start)?;
            let value = validate(
                value,
                start.saturating_add(name.raw.len()).saturating_add(1),
                start,
            )?;
            if pairs.iter().any(|(n, _)| n.same_decoded(&name)) {
                return Err(FormError::Repeated { offset: start });
            }
            if pairs.len() == MAX_RESPONSE_PARAMS {
                return Err(FormError::TooManyParameters {
                    limit: MAX_RESPONSE_PARAMS,
                });
            }
            pairs.push((name, value));
        }
        Ok(pairs
            .into_iter()
            .map(|(n, v)| (n.raw, n.plain, v.raw, v.plain))
            .collect())
    }

    #[test]
    fn rfc6749_appendix_b_example() {
        // "+%25%26%2B%C2%A3%E2%82%AC" is SPACE % & + £ € (RFC 6749 App. B).
        let p =
            FormParams::parse("v=+%25%26%2B%C2%A3%E2%82%AC", 0).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(p.get("v").map(decoded).as_deref(), Some(" %&+£€"));
    }

    #[test]
    fn accepts() {
        let cases: &[(&str, &[(&str, &str)])] = &[
            ("", &[]),
            ("a=1", &[("a", "1")]),
            ("a=1&&b=2&", &[("a", "1"), ("b", "2")]),
            ("flag&a=1", &[("a", "1")]),
            ("a=%7e%7E", &[("a", "~~")]),
            ("%61=x", &[("a", "x")]),
            ("a=b=c", &[("a", "b=c")]),
            ("a=", &[("a", "")]),
        ];
        for (input, expected) in cases {
            let p = FormParams::parse(input, 0).unwrap_or_else(|e| panic!("{input}: {e}"));
            let got: std::vec::Vec<(String, String)> = p
                .pairs()
                .iter()
                .map(|x| (decoded(x.name), decoded(x.value)))
                .collect();
            let want: std::vec::Vec<(String, String)> = expected
                .iter()
                .map(|(a, b)| ((*a).into(), (*b).into()))
                .collect();
            assert_eq!(got, want, "{input}");
        }
    }

    #[test]
    fn rejects() {
        let cases: &[(&str, FormError)] = &[
            ("a=%", FormError::BadEscape { offset: 2 }),
            ("a=%4", FormError::BadEscape { offset: 2 }),
            ("a=%zz", FormError::BadEscape { offset: 2 }),
            ("x=1&a%=1", FormError::BadEscape { offset: 5 }),
            ("a=%FF", FormError::NotUtf8 { offset: 0 }),
            ("a=%C3", FormError::NotUtf8 { offset: 0 }),
            ("a=%ED%A0%80", FormError::NotUtf8 { offset: 0 }),
            ("a=1&a=2", FormError::Repeated { offset: 4 }),
            ("a=&a=2", FormError::Repeated { offset: 3 }),
            ("a=1&%61=2", FormError::Repeated { offset: 4 }),
        ];
        for (input, expected) in cases {
            assert_eq!(
                FormParams::parse(input, 0).err(),
                Some(*expected),
                "{input}"
            );
        }
        let many: String = (0..=MAX_RESPONSE_PARAMS)
            .map(|i| std::format!("p{i}=1&"))
            .collect();
        assert_eq!(
            FormParams::parse(&many, 0).err(),
            Some(FormError::TooManyParameters {
                limit: MAX_RESPONSE_PARAMS
            })
        );
    }

    #[test]
    fn eq_ignore_ascii_case_on_plain_and_escaped_values() {
        let cases: &[(&str, bool)] = &[
            ("Bearer", true),
            ("bEaReR", true),
            ("b%45aR%65r", true),
            ("Beare", false),
            ("Bearers", false),
            ("Bear%65rs", false),
            ("B%65arer", true),
            ("Bear+r", false),
            ("", false),
        ];
        for (value, want) in cases {
            let input = std::format!("t={value}&x=1");
            let p = FormParams::parse(&input, 0).unwrap_or_else(|e| panic!("{value}: {e}"));
            let got = p.get("t").is_some_and(|v| v.eq_ignore_ascii_case("bearer"));
            assert_eq!(got, *want, "{value}");
        }
    }

    #[test]
    fn empty_value_is_absent() {
        let p = FormParams::parse("state=&x=1", 0).unwrap_or_else(|e| panic!("{e}"));
        assert!(p.get("state").is_none());
        assert!(p.get("x").is_some());
    }

    #[test]
    fn ct_eq_and_decode_into() {
        let p = FormParams::parse("s=ab%2Bc&t=abc", 0).unwrap_or_else(|e| panic!("{e}"));
        let s = p.get("s").unwrap_or_else(|| panic!("s"));
        assert!(s.ct_eq(b"ab+c"));
        assert!(!s.ct_eq(b"ab+"));
        assert!(!s.ct_eq(b"ab+cd"));
        assert!(
            p.get("t")
                .is_some_and(|t| t.ct_eq(b"abc") && !t.ct_eq(b"abd"))
        );
        let mut small = [0u8; 3];
        assert_eq!(s.decode_into(&mut small), Err(BufferTooSmall { needed: 4 }));
        let mut buf = [0u8; 8];
        assert_eq!(s.decode_into(&mut buf), Ok("ab+c"));
    }

    #[test]
    fn encode_keeps_unreserved_only() {
        let mut out = String::new();
        percent_encode(&mut out, "aZ09-._~ /?#&=+%é").unwrap_or_default();
        assert_eq!(out, "aZ09-._~%20%2F%3F%23%26%3D%2B%25%C3%A9");
    }

    proptest! {
        /// The memchr-based splitter cuts exactly where `str`'s does.
        #[test]
        fn ascii_splitter_matches_str(text in "[a&=%+é.]{0,40}") {
            let ours: std::vec::Vec<&str> = split_ascii(&text, b'&').collect();
            let std_split: std::vec::Vec<&str> = text.split('&').collect();
            prop_assert_eq!(ours, std_split);
        }

        /// So does the first-separator splitter, for each separator the
        /// redirect parser looks for.
        #[test]
        fn ascii_split_once_matches_str(text in "[a#?&=é.]{0,40}", sep in prop::sample::select(&[b'#', b'?', b'&'][..])) {
            prop_assert_eq!(split_once_ascii(&text, sep), text.split_once(char::from(sep)));
        }

        /// The one-pass parser finds the pairs, and the first error, that
        /// splitting on `&` and then `=` finds.
        #[test]
        fn one_pass_agrees_with_splitting(
            pieces in proptest::collection::vec(
                prop_oneof![
                    12 => "[a&=+é4Fz]",
                    3 => "%[2-7][0-9A-Fa-f]",
                    1 => Just(String::from("%C3%A9")),
                    1 => Just(String::from("%FF")),
                    1 => "%[0-9G]?",
                ],
                0..32,
            ),
            base in 0usize..100,
        ) {
            let text = pieces.concat();
            let one_pass = FormParams::parse(&text, base);
            let split = parse_by_splitting(&text, base);
            match (one_pass, split) {
                (Ok(ours), Ok(theirs)) => {
                    let view: std::vec::Vec<_> = ours
                        .pairs()
                        .iter()
                        .map(|x| (x.name.raw, x.name.plain, x.value.raw, x.value.plain))
                        .collect();
                    prop_assert_eq!(view, theirs, "{}", text);
                }
                (ours, theirs) => prop_assert_eq!(ours.err(), theirs.err(), "{}", text),
            }
        }

        #[test]
        fn get_agrees_with_a_scan(
            pairs in proptest::collection::vec(
                (prop_oneof![
                    Just("state"), Just("st%61te"), Just("id_token"), Just("access_token"),
                    Just("token_type"), Just("expires_in"), Just("scope"), Just("iss"),
                    Just("error"), Just("error_description"), Just("error_uri"), Just("code"),
                    Just("cod%65"), Just("other"), Just("session_state"),
                ], "[a-z%+]{0,4}"),
                0..8,
            )
        ) {
            let input = pairs
                .iter()
                .map(|(n, v)| std::format!("{n}={v}"))
                .collect::<std::vec::Vec<_>>()
                .join("&");
            if let Ok(params) = FormParams::parse(&input, 0) {
                for name in KNOWN_NAMES.iter().chain(&["other", "session_state"]) {
                    prop_assert_eq!(
                        params.get(name).map(decoded),
                        get_by_scan(&params, name).map(decoded),
                        "{} {}", input, name
                    );
                }
            }
        }

        /// Cutting an escaped value at a decoded byte gives the pieces of
        /// the decoded text cut there, each a valid value of its own.
        #[test]
        fn split_decoded_cuts_where_the_decoded_text_splits(
            text in "[a.%+é]{0,40}",
            mask in proptest::collection::vec(any::<bool>(), 1..5),
            sep in prop::sample::select(&[b'.', b'a', b' '][..]),
        ) {
            let escaped = escape_some(&text, &mask);
            let input = std::format!("v={escaped}");
            let params = FormParams::parse(&input, 0).unwrap_or_else(|e| panic!("{e}"));
            let value = params.get("v").unwrap_or(FormValue::EMPTY);
            let ours: std::vec::Vec<String> = value.split_decoded(sep).map(decoded).collect();
            let want: std::vec::Vec<String> =
                text.split(char::from(sep)).map(String::from).collect();
            prop_assert_eq!(ours, want);
        }

        /// The chunks add up to the decoded bytes; all but the last are
        /// full, so each is a whole number of base64 quanta.
        #[test]
        fn chunks_add_up_to_the_decoded_bytes(
            // Past two chunks; under miri, which interprets slowly, past one.
            text in if cfg!(miri) { "[a.%+é]{200,300}" } else { "[a.%+é]{0,700}" },
            mask in proptest::collection::vec(any::<bool>(), 1..5),
        ) {
            let escaped = escape_some(&text, &mask);
            let input = std::format!("v={escaped}");
            let params = FormParams::parse(&input, 0).unwrap_or_else(|e| panic!("{e}"));
            let value = params.get("v").unwrap_or(FormValue::EMPTY);
            let mut chunks: std::vec::Vec<std::vec::Vec<u8>> = std::vec::Vec::new();
            let Ok(()) = value.try_for_each_chunk(|c| -> Result<(), core::convert::Infallible> {
                chunks.push(c.to_vec());
                Ok(())
            });
            prop_assert_eq!(chunks.concat(), text.as_bytes().to_vec());
            if value.as_plain().is_none() {
                let full = chunks.len().saturating_sub(1);
                prop_assert!(chunks.iter().take(full).all(|c| c.len() == DECODED_CHUNK));
                prop_assert!(chunks.last().is_none_or(|c| !c.is_empty() && c.len() <= DECODED_CHUNK));
            }
        }

        #[test]
        fn never_panics(input in ".{0,200}") {
            let _ = FormParams::parse(&input, 0);
        }

        #[test]
        fn encode_then_parse_round_trips(pairs in proptest::collection::btree_map("[^\u{0}]{1,12}", ".{0,24}", 0..12)) {
            let mut text = String::new();
            for (i, (k, v)) in pairs.iter().enumerate() {
                if i > 0 { text.push('&'); }
                percent_encode(&mut text, k).unwrap_or_default();
                text.push('=');
                percent_encode(&mut text, v).unwrap_or_default();
            }
            let parsed = FormParams::parse(&text, 0);
            prop_assert!(parsed.is_ok(), "{:?}", parsed);
            let parsed = parsed.unwrap_or_else(|_| FormParams::new());
            prop_assert_eq!(parsed.pairs().len(), pairs.len());
            for (p, (k, v)) in parsed.pairs().iter().zip(pairs.iter()) {
                prop_assert_eq!(decoded(p.name), k.clone());
                prop_assert_eq!(decoded(p.value), v.clone());
            }
        }
    }
}
