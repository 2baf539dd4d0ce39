//! `JsonStr`: a validated JSON string, borrowed from the input, still escaped.
//!
//! Most strings in JOSE headers and claims have no escapes, so keeping the raw
//! form costs nothing and decoding happens only where a caller compares or
//! copies. A `JsonStr` can only be built from text that passed the string
//! grammar check, which is why its decoding methods cannot fail.

use core::fmt;

use super::de::RAW_STR_MAGIC;
use super::error::JsonError;
use super::escape::{decode_escape, scan_body};

/// A JSON string as it appears in the input, without its quotes, known to be
/// valid (escapes checked, surrogates paired, no raw control characters).
///
/// Equality (`==`) compares the *decoded* text: `"a"` equals `"\u0061"`.
/// `Debug` prints the raw, escaped form.
///
/// Deserializing a `JsonStr` works with this crate's JSON reader only;
/// other `serde` deserializers get an error.
#[derive(Clone, Copy)]
pub struct JsonStr<'a> {
    raw: &'a str,
    decoded_len: usize,
}

impl<'a> JsonStr<'a> {
    /// Validates `raw` as the inside of a JSON string (the text between the
    /// quotes, escapes not decoded).
    ///
    /// # Errors
    /// The string-grammar error found first; an unescaped `"` is an
    /// [`JsonError::UnexpectedByte`].
    pub fn from_escaped(raw: &'a str) -> Result<Self, JsonError> {
        let scanned = scan_body(raw.as_bytes(), 0)?;
        if scanned.terminated {
            return Err(JsonError::UnexpectedByte {
                offset: scanned.end,
                found: b'"',
            });
        }
        Ok(Self {
            raw,
            decoded_len: scanned.decoded_len,
        })
    }

    /// Wraps a body that the reader has already scanned with
    /// [`scan_body`], skipping a second scan.
    pub(crate) const fn from_scanned(raw: &'a str, decoded_len: usize) -> Self {
        Self { raw, decoded_len }
    }

    /// The escaped form, as it appears between the quotes in the input.
    #[must_use]
    pub const fn raw(&self) -> &'a str {
        self.raw
    }

    /// The text itself when it has no escapes (then it needs no decoding).
    #[must_use]
    pub const fn as_plain(&self) -> Option<&'a str> {
        // Every escape decodes to fewer bytes than it spans, so equal
        // lengths mean there is none.
        if self.decoded_len == self.raw.len() {
            Some(self.raw)
        } else {
            None
        }
    }

    /// Length in bytes of the decoded UTF-8 text.
    #[must_use]
    pub const fn decoded_len(&self) -> usize {
        self.decoded_len
    }

    /// Whether the decoded text is empty.
    #[must_use]
    pub const fn is_empty(&self) -> bool {
        self.decoded_len == 0
    }

    /// The decoded characters.
    pub fn chars(&self) -> impl Iterator<Item = char> + 'a {
        DecodedChars {
            pieces: self.pieces(),
            current: "".chars(),
        }
    }

    /// Whether the decoded text equals `other`, without allocating.
    #[must_use]
    pub fn eq_str(&self, other: &str) -> bool {
        if let Some(plain) = self.as_plain() {
            return plain == other;
        }
        if self.decoded_len != other.len() {
            return false;
        }
        let mut rest = other.as_bytes();
        for piece in self.pieces() {
            let mut buf = [0u8; 4];
            let bytes = match piece {
                Piece::Text(t) => t.as_bytes(),
                Piece::Char(c) => c.encode_utf8(&mut buf).as_bytes(),
            };
            match rest.strip_prefix(bytes) {
                Some(tail) => rest = tail,
                None => return false,
            }
        }
        rest.is_empty()
    }

    /// Decodes into `buf` and returns the decoded text.
    ///
    /// # Errors
    /// [`JsonError::BufferTooSmall`] with the needed length when `buf` is
    /// shorter than [`Self::decoded_len`].
    pub fn decode_into<'b>(&self, buf: &'b mut [u8]) -> Result<&'b str, JsonError> {
        let too_small = JsonError::BufferTooSmall {
            needed: self.decoded_len,
            available: buf.len(),
        };
        let mut pos = 0usize;
        for piece in self.pieces() {
            let mut tmp = [0u8; 4];
            let bytes = match piece {
                Piece::Text(t) => t.as_bytes(),
                Piece::Char(c) => c.encode_utf8(&mut tmp).as_bytes(),
            };
            let end = pos.checked_add(bytes.len()).ok_or(too_small)?;
            buf.get_mut(pos..end)
                .ok_or(too_small)?
                .copy_from_slice(bytes);
            pos = end;
        }
        let filled = buf.get(..pos).ok_or(too_small)?;
        // Whole characters were copied, so this check cannot fail; it is
        // how safe code turns the bytes back into a `str`.
        core::str::from_utf8(filled).map_err(|_| too_small)
    }

    /// Writes the decoded text to `w`.
    ///
    /// # Errors
    /// Whatever `w` returns.
    pub fn write_to(&self, w: &mut impl fmt::Write) -> fmt::Result {
        if let Some(plain) = self.as_plain() {
            return w.write_str(plain);
        }
        for piece in self.pieces() {
            match piece {
                Piece::Text(t) => w.write_str(t)?,
                Piece::Char(c) => w.write_char(c)?,
            }
        }
        Ok(())
    }

    /// The decoded text as an owned `String`.
    #[cfg(feature = "alloc")]
    #[must_use]
    pub fn to_string_decoded(&self) -> alloc::string::String {
        let mut s = alloc::string::String::with_capacity(self.decoded_len);
        for piece in self.pieces() {
            match piece {
                Piece::Text(t) => s.push_str(t),
                Piece::Char(c) => s.push(c),
            }
        }
        s
    }

    /// The decoded text as runs of unescaped text and single escaped
    /// characters, so that copies and comparisons can work on whole runs.
    pub(crate) const fn pieces(&self) -> Pieces<'a> {
        Pieces { rest: self.raw }
    }
}

impl fmt::Debug for JsonStr<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The raw form is a valid JSON string body, so quoting it shows the
        // exact JSON text, with no control characters.
        write!(f, "JsonStr(\"{}\")", self.raw)
    }
}

impl PartialEq for JsonStr<'_> {
    fn eq(&self, other: &Self) -> bool {
        if self.raw == other.raw {
            return true;
        }
        self.decoded_len == other.decoded_len && self.chars().eq(other.chars())
    }
}

impl Eq for JsonStr<'_> {}

impl PartialEq<str> for JsonStr<'_> {
    fn eq(&self, other: &str) -> bool {
        self.eq_str(other)
    }
}

impl PartialEq<&str> for JsonStr<'_> {
    fn eq(&self, other: &&str) -> bool {
        self.eq_str(other)
    }
}

impl PartialEq<JsonStr<'_>> for str {
    fn eq(&self, other: &JsonStr<'_>) -> bool {
        other.eq_str(self)
    }
}

impl PartialEq<JsonStr<'_>> for &str {
    fn eq(&self, other: &JsonStr<'_>) -> bool {
        other.eq_str(self)
    }
}

impl<'de: 'a, 'a> serde::Deserialize<'de> for JsonStr<'a> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // Our reader answers this name with the raw body; any other
        // deserializer treats it as a plain newtype and gets an error below.
        deserializer.deserialize_newtype_struct(RAW_STR_MAGIC, JsonStrVisitor)
    }
}

/// Builds a `JsonStr` from the raw body our reader hands over.
struct JsonStrVisitor;

impl<'de> serde::de::Visitor<'de> for JsonStrVisitor {
    type Value = JsonStr<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON string read by the oidc-implicit JSON reader")
    }

    fn visit_borrowed_str<E: serde::de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        // Checked again: this visitor cannot know which deserializer called
        // it, and the decoding methods rely on a valid body. For our reader
        // this is a second linear pass over an already checked string.
        JsonStr::from_escaped(v).map_err(|_| E::invalid_value(serde::de::Unexpected::Str(v), &self))
    }
}

/// One piece of decoded text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Piece<'a> {
    /// A run of input text that needs no decoding.
    Text(&'a str),
    /// The character one escape stands for.
    Char(char),
}

/// Iterator over the [`Piece`]s of a validated body.
#[derive(Debug, Clone)]
pub(crate) struct Pieces<'a> {
    rest: &'a str,
}

impl<'a> Iterator for Pieces<'a> {
    type Item = Piece<'a>;

    fn next(&mut self) -> Option<Piece<'a>> {
        if self.rest.is_empty() {
            return None;
        }
        match self.rest.find('\\') {
            Some(0) => {
                let (c, consumed) = decode_escape(self.rest.as_bytes());
                // An escape is ASCII, so `consumed` is a char boundary; a
                // (never expected) bad escape consumes everything.
                self.rest = self.rest.get(consumed..).unwrap_or_default();
                Some(Piece::Char(c))
            }
            Some(at) => {
                let (text, tail) = self.rest.split_at_checked(at)?;
                self.rest = tail;
                Some(Piece::Text(text))
            }
            None => {
                let text = self.rest;
                self.rest = "";
                Some(Piece::Text(text))
            }
        }
    }
}

/// Decoded characters of a validated body.
struct DecodedChars<'a> {
    pieces: Pieces<'a>,
    current: core::str::Chars<'a>,
}

impl Iterator for DecodedChars<'_> {
    type Item = char;

    fn next(&mut self) -> Option<char> {
        loop {
            if let Some(c) = self.current.next() {
                return Some(c);
            }
            match self.pieces.next()? {
                Piece::Text(t) => self.current = t.chars(),
                Piece::Char(c) => return Some(c),
            }
        }
    }
}
