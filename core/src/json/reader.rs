//! The byte cursor: whitespace, scalars, container punctuation, and strict
//! skipping of values nobody reads.
//!
//! The whole input is checked as UTF-8 once, up front, so every slice between
//! ASCII delimiters is a valid `&str` and the scanners only check JSON rules.

use super::error::JsonError;
use super::escape::scan_body;
use super::names::NameSet;
use super::number::Number;
use super::numeric_date::NumericDate;
use super::str::JsonStr;
use super::{MAX_JSON_DEPTH, MAX_JSON_LEN};

/// A string value with its position.
#[derive(Debug, Clone, Copy)]
pub(crate) struct RawStr<'de> {
    /// The checked body.
    pub(crate) value: JsonStr<'de>,
    /// Where the opening quote is.
    pub(crate) offset: usize,
}

impl RawStr<'_> {
    /// Where the body (after the opening quote) starts.
    pub(crate) const fn body_offset(&self) -> usize {
        self.offset.saturating_add(1)
    }
}

/// The JSON kind a value starting with `b` has, if any.
pub(crate) const fn kind_of(b: u8) -> Option<super::error::JsonKind> {
    use super::error::JsonKind;
    match b {
        b'n' => Some(JsonKind::Null),
        b't' | b'f' => Some(JsonKind::Bool),
        b'"' => Some(JsonKind::String),
        b'-' | b'0'..=b'9' => Some(JsonKind::Number),
        b'[' => Some(JsonKind::Array),
        b'{' => Some(JsonKind::Object),
        _ => None,
    }
}

/// Opens one more level of nesting below `depth`, or fails at the limit.
pub(crate) const fn enter(depth: usize) -> Result<usize, JsonError> {
    if depth >= MAX_JSON_DEPTH {
        Err(JsonError::TooDeep {
            limit: MAX_JSON_DEPTH,
        })
    } else {
        Ok(depth.saturating_add(1))
    }
}

/// A cursor over checked input.
#[derive(Debug)]
pub(crate) struct Reader<'de> {
    text: &'de str,
    pos: usize,
}

impl<'de> Reader<'de> {
    /// Checks length, byte order mark and UTF-8.
    pub(crate) fn new(input: &'de [u8]) -> Result<Self, JsonError> {
        if input.len() > MAX_JSON_LEN {
            return Err(JsonError::TooLong {
                len: input.len(),
                limit: MAX_JSON_LEN,
            });
        }
        if input.starts_with(b"\xEF\xBB\xBF") {
            return Err(JsonError::ByteOrderMark);
        }
        let text = core::str::from_utf8(input).map_err(|e| JsonError::InvalidUtf8 {
            offset: e.valid_up_to(),
        })?;
        Ok(Self { text, pos: 0 })
    }

    /// The current offset.
    pub(crate) const fn pos(&self) -> usize {
        self.pos
    }

    fn bytes(&self) -> &'de [u8] {
        self.text.as_bytes()
    }

    /// The input from `start` to the cursor (which must lie between two
    /// tokens, so both ends are char boundaries).
    pub(crate) fn text_from(&self, start: usize) -> Result<&'de str, JsonError> {
        self.text
            .get(start..self.pos)
            .ok_or(JsonError::InvalidUtf8 { offset: start })
    }

    /// Skips RFC 8259 whitespace: space, tab, line feed, carriage return.
    fn skip_ws(&mut self) {
        let rest = self.bytes().get(self.pos..).unwrap_or_default();
        let n = rest
            .iter()
            .take_while(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r'))
            .count();
        self.pos = self.pos.saturating_add(n);
    }

    /// Skips whitespace and returns the next byte without consuming it.
    #[inline]
    pub(crate) fn peek(&mut self) -> Result<u8, JsonError> {
        // Compact JSON (what providers sign) has no whitespace between
        // tokens: a byte above the space is returned without the loop.
        match self.bytes().get(self.pos) {
            Some(&b) if b > b' ' => Ok(b),
            _ => self.peek_after_whitespace(),
        }
    }

    /// [`Self::peek`] where whitespace (or the end) comes first. Out of
    /// line: `peek` is inlined at every token, and this loop inlined with
    /// it put rarely run code between the hot lines of every reader (a
    /// login's code does not fit in the instruction cache beside RSA's,
    /// BENCHMARKS.md).
    #[cold]
    #[inline(never)]
    fn peek_after_whitespace(&mut self) -> Result<u8, JsonError> {
        self.skip_ws();
        self.bytes()
            .get(self.pos)
            .copied()
            .ok_or(JsonError::UnexpectedEnd)
    }

    /// Consumes one byte (one the caller has peeked).
    pub(crate) fn bump(&mut self) {
        self.pos = self.pos.saturating_add(1);
    }

    /// The error for byte `b` at the cursor.
    pub(crate) const fn unexpected(&self, b: u8) -> JsonError {
        JsonError::UnexpectedByte {
            offset: self.pos,
            found: b,
        }
    }

    /// The error for a value starting with `b` (at the cursor) where another
    /// kind was wanted: its kind, or the byte if it starts no value.
    pub(crate) const fn type_error(&self, b: u8) -> JsonError {
        match kind_of(b) {
            Some(found) => JsonError::InvalidType {
                found,
                offset: Some(self.pos),
            },
            None => self.unexpected(b),
        }
    }

    /// Skips whitespace and consumes `want`.
    #[inline]
    pub(crate) fn expect(&mut self, want: u8) -> Result<(), JsonError> {
        let b = self.peek()?;
        if b == want {
            self.bump();
            Ok(())
        } else {
            Err(self.unexpected(b))
        }
    }

    /// Consumes exactly `word` (`true`, `false`, `null`) at the cursor.
    // Out of line for the reason `peek_after_whitespace` is: unrolled at
    // every call site, it was most of the code around each value read.
    #[inline(never)]
    pub(crate) fn literal(&mut self, word: &[u8]) -> Result<(), JsonError> {
        for &want in word {
            match self.bytes().get(self.pos) {
                Some(&b) if b == want => self.bump(),
                Some(&b) => return Err(self.unexpected(b)),
                None => return Err(JsonError::UnexpectedEnd),
            }
        }
        Ok(())
    }

    /// Reads `true` or `false` at the cursor (which holds `t` or `f`).
    pub(crate) fn boolean(&mut self, first: u8) -> Result<bool, JsonError> {
        if first == b't' {
            self.literal(b"true").map(|()| true)
        } else {
            self.literal(b"false").map(|()| false)
        }
    }

    /// Reads the string whose opening quote is at the cursor.
    #[inline]
    pub(crate) fn string(&mut self) -> Result<RawStr<'de>, JsonError> {
        let offset = self.pos;
        let body = offset.saturating_add(1);
        let scanned = scan_body(self.bytes(), body)?;
        if !scanned.terminated {
            return Err(JsonError::UnexpectedEnd);
        }
        // The body lies between two ASCII quotes, hence on char boundaries.
        let raw = self
            .text
            .get(body..scanned.end)
            .ok_or(JsonError::InvalidUtf8 { offset: body })?;
        self.pos = scanned.end.saturating_add(1);
        Ok(RawStr {
            value: JsonStr::from_scanned(raw, scanned.decoded_len),
            offset,
        })
    }

    /// Reads the number that starts at the cursor.
    pub(crate) fn number(&mut self) -> Result<Number<'de>, JsonError> {
        let (number, end) = Number::scan(self.text, self.pos)?;
        self.pos = end;
        Ok(number)
    }

    /// Reads the value at the cursor if it is a plain-integer date (see
    /// [`NumericDate::read_plain`]); otherwise leaves the cursor alone.
    pub(crate) fn plain_date(&mut self) -> Option<NumericDate> {
        let (date, end) = NumericDate::read_plain(self.bytes(), self.pos)?;
        self.pos = end;
        Some(date)
    }

    /// After `[` or an element: whether another element follows (consuming
    /// the `,`), or the array ends (consuming the `]`). A `,` before `]` is
    /// caught when the element after it fails to parse.
    pub(crate) fn array_next(&mut self, first: &mut bool) -> Result<bool, JsonError> {
        let b = self.peek()?;
        if b == b']' {
            self.bump();
            return Ok(false);
        }
        if core::mem::take(first) {
            return Ok(true);
        }
        if b == b',' {
            self.bump();
            Ok(true)
        } else {
            Err(self.unexpected(b))
        }
    }

    /// After `{` or a member value: the next member's name (checked against
    /// `names`, with its `:` consumed), or `None` when the object ends.
    #[inline]
    pub(crate) fn object_next(
        &mut self,
        first: &mut bool,
        names: &mut NameSet,
    ) -> Result<Option<RawStr<'de>>, JsonError> {
        let mut b = self.peek()?;
        if b == b'}' {
            // `{}`, or the end after a value; in `{"a":1,}` the `}` comes
            // after the comma, where a name is required below.
            self.bump();
            return Ok(None);
        }
        if !core::mem::take(first) {
            if b != b',' {
                return Err(self.unexpected(b));
            }
            self.bump();
            b = self.peek()?;
        }
        if b != b'"' {
            return Err(self.unexpected(b));
        }
        let name = self.string()?;
        names.insert(self.text, name)?;
        self.expect(b':')?;
        Ok(Some(name))
    }

    /// Skips whitespace and requires the end of input.
    pub(crate) fn finish(&mut self) -> Result<(), JsonError> {
        self.skip_ws();
        if self.pos < self.text.len() {
            Err(JsonError::TrailingContent { offset: self.pos })
        } else {
            Ok(())
        }
    }

    /// Reads and discards one value under `depth` open containers, checking
    /// it as strictly as a value that is read: grammar, escapes, UTF-8,
    /// duplicate names, depth and member limits. Recursion is bounded by
    /// `MAX_JSON_DEPTH`.
    pub(crate) fn skip_value(&mut self, depth: usize) -> Result<(), JsonError> {
        let b = self.peek()?;
        match b {
            b'"' => self.string().map(drop),
            b'-' | b'0'..=b'9' => self.number().map(drop),
            b't' | b'f' => self.boolean(b).map(drop),
            b'n' => self.literal(b"null"),
            b'[' => {
                let inner = enter(depth)?;
                self.bump();
                let mut first = true;
                while self.array_next(&mut first)? {
                    self.skip_value(inner)?;
                }
                Ok(())
            }
            b'{' => self.skip_object(depth),
            _ => Err(self.unexpected(b)),
        }
    }

    /// [`Self::skip_value`] for an object; separate so that arrays do not
    /// carry a name set in their stack frame.
    fn skip_object(&mut self, depth: usize) -> Result<(), JsonError> {
        let inner = enter(depth)?;
        self.bump();
        let mut names = NameSet::new();
        let mut first = true;
        while self.object_next(&mut first, &mut names)?.is_some() {
            self.skip_value(inner)?;
        }
        Ok(())
    }
}
