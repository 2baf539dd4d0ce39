//! Reading one object member by member, without `serde`.
//!
//! Every login parses an ID token's claims, and through `serde` each member
//! passes a field-name visitor, an `Option`, a newtype request and a value
//! visitor, and each string is scanned a second time by `JsonStr`'s visitor
//! (which cannot know that our reader already checked it). Together that
//! cost about as much as reading the bytes. This walks the same [`Reader`]
//! (so the grammar, escapes, duplicate names, depth and member limits are
//! the same code) and hands back the same values with the same errors as
//! deserializing through `serde`: `jose/claims.rs` keeps a `serde` twin of
//! its struct, and a property test and the `json_claims` fuzz target require
//! the two to agree on every input. Every other document the library reads
//! is read the same way, each with the same kind of twin: the JWS header
//! (`jose/jws.rs`), the JWK Set and its keys (`jose/jwks/raw.rs`), the
//! standard claims (`jose/standard_claims.rs`), the discovery document
//! (`discovery.rs`) and an access token's RFC 9068 claims
//! (`jose/access_token.rs`).

use super::error::{JsonError, JsonKind};
use super::numeric_date::NumericDate;
use super::raw_value::RawValue;
use super::reader::{Reader, enter, kind_of};
use super::str::JsonStr;
use super::str_or_array::JsonStrOrArray;
use super::{MAX_ESCAPED_NAME_LEN, names::NameSet};

/// The nesting depth of the members' values: inside one object.
const MEMBER_DEPTH: usize = 1;

/// Reads `input`, which must be one object, calling `member` with each
/// member's name (decoded) and the reader positioned at its value, which
/// `member` must read or [`skip`](Members::skip).
///
/// # Errors
/// The first problem in the document, or the first error `member` returns.
pub(crate) fn read_object<'de>(
    input: &'de [u8],
    mut member: impl FnMut(&str, &mut Members<'de>) -> Result<(), JsonError>,
) -> Result<(), JsonError> {
    // Built here rather than returned through a `Result` by a constructor:
    // the name set makes `Members` 800 bytes, and that `Result` was copied.
    let mut members = Members {
        r: Reader::new(input)?,
        names: NameSet::new(),
        first: true,
    };
    members.open()?;
    let mut name_buf = [0; MAX_ESCAPED_NAME_LEN];
    while let Some(name) = members.next_name(&mut name_buf)? {
        member(name, &mut members)?;
    }
    members.finish()
}

/// The members of the one object a document holds, read in order.
pub(crate) struct Members<'de> {
    r: Reader<'de>,
    names: NameSet,
    first: bool,
}

impl<'de> Members<'de> {
    /// Consumes the `{` that must start the input.
    ///
    /// # Errors
    /// Grammar, or a document that is not an object.
    fn open(&mut self) -> Result<(), JsonError> {
        let b = self.r.peek()?;
        if b != b'{' {
            return Err(self.r.type_error(b));
        }
        self.r.bump();
        Ok(())
    }

    /// The next member's name (decoded into `buf` if it has escapes), with
    /// its `:` consumed; `None` after the closing `}`. The caller must then
    /// read or [`skip`](Self::skip) the value.
    ///
    /// # Errors
    /// Grammar, a duplicate name, too many members, or an escaped name that
    /// decodes to more than [`MAX_ESCAPED_NAME_LEN`] bytes.
    fn next_name<'b>(
        &mut self,
        buf: &'b mut [u8; MAX_ESCAPED_NAME_LEN],
    ) -> Result<Option<&'b str>, JsonError>
    where
        'de: 'b,
    {
        let Some(name) = self.r.object_next(&mut self.first, &mut self.names)? else {
            return Ok(None);
        };
        if let Some(plain) = name.value.as_plain() {
            return Ok(Some(plain));
        }
        name.value
            .decode_into(buf)
            .map(Some)
            .map_err(|_| JsonError::EscapedNameTooLong {
                offset: name.offset,
                limit: MAX_ESCAPED_NAME_LEN,
            })
    }

    /// A string value, or `None` for `null`.
    ///
    /// # Errors
    /// Grammar, or a value of another kind ([`JsonError::InvalidType`]).
    #[inline]
    pub(crate) fn string(&mut self) -> Result<Option<JsonStr<'de>>, JsonError> {
        if self.null()? {
            return Ok(None);
        }
        self.string_value().map(Some)
    }

    /// A boolean value, or `None` for `null`.
    ///
    /// # Errors
    /// Grammar, or a value of another kind.
    pub(crate) fn boolean(&mut self) -> Result<Option<bool>, JsonError> {
        if self.null()? {
            return Ok(None);
        }
        match self.r.peek()? {
            b @ (b't' | b'f') => self.r.boolean(b).map(Some),
            b => Err(self.r.type_error(b)),
        }
    }

    /// A `NumericDate` value, or `None` for `null`.
    ///
    /// # Errors
    /// Grammar, a value of another kind, or a number that is no date
    /// ([`JsonError::NumericDateOutOfRange`]).
    pub(crate) fn date(&mut self) -> Result<Option<NumericDate>, JsonError> {
        if self.null()? {
            return Ok(None);
        }
        let b = self.r.peek()?;
        if let Some(date) = self.r.plain_date() {
            return Ok(Some(date));
        }
        if !matches!(b, b'-' | b'0'..=b'9') {
            return Err(self.r.type_error(b));
        }
        let n = self.r.number()?;
        NumericDate::from_number(&n)
            .map(Some)
            .ok_or(JsonError::NumericDateOutOfRange { offset: n.offset })
    }

    /// A string or an array of at most `N` strings, or `None` for `null`.
    ///
    /// # Errors
    /// Grammar, a value or element of another kind, or more than `N`
    /// elements ([`JsonError::ArrayTooLong`]).
    pub(crate) fn strings<const N: usize>(
        &mut self,
    ) -> Result<Option<JsonStrOrArray<'de, N>>, JsonError> {
        if self.null()? {
            return Ok(None);
        }
        if self.r.peek()? != b'[' {
            return self.string_value().map(|s| Some(JsonStrOrArray::single(s)));
        }
        self.elements(|m, _| m.string_value())
            .map(|items| Some(JsonStrOrArray::array(items)))
    }

    /// An array of at most `N` strings (a single string is refused), or
    /// `None` for `null`.
    ///
    /// # Errors
    /// Grammar, a value or element of another kind, or more than `N`
    /// elements ([`JsonError::ArrayTooLong`]).
    pub(crate) fn string_array<const N: usize>(
        &mut self,
    ) -> Result<Option<heapless::Vec<JsonStr<'de>, N>>, JsonError> {
        if !self.array_or_null()? {
            return Ok(None);
        }
        self.elements(|m, _| m.string_value()).map(Some)
    }

    /// An array of at most `N` values of any kind, each kept as its checked
    /// text (read again later, by another reader), or `None` for `null`.
    ///
    /// # Errors
    /// Grammar, a value of another kind than an array, anything that makes
    /// an element invalid JSON or exceeds a limit, or more than `N`
    /// elements ([`JsonError::ArrayTooLong`]).
    pub(crate) fn raw_values<const N: usize>(
        &mut self,
    ) -> Result<Option<heapless::Vec<RawValue<'de>, N>>, JsonError> {
        if !self.array_or_null()? {
            return Ok(None);
        }
        self.elements(Self::raw_value).map(Some)
    }

    /// `false` after consuming a `null`; `true` if an array starts at the
    /// cursor (its `[` not consumed).
    ///
    /// # Errors
    /// Grammar, or a value of another kind.
    fn array_or_null(&mut self) -> Result<bool, JsonError> {
        if self.null()? {
            return Ok(false);
        }
        match self.r.peek()? {
            b'[' => Ok(true),
            b => Err(self.r.type_error(b)),
        }
    }

    /// The elements of the array whose `[` is at the cursor, each read by
    /// `element` (given the elements' nesting depth).
    fn elements<T, const N: usize>(
        &mut self,
        mut element: impl FnMut(&mut Self, usize) -> Result<T, JsonError>,
    ) -> Result<heapless::Vec<T, N>, JsonError> {
        // Checked as any nested array is, also where elements cannot nest.
        let inner = enter(MEMBER_DEPTH)?;
        self.r.bump();
        let mut items = heapless::Vec::new();
        let mut first = true;
        while self.r.array_next(&mut first)? {
            let item = element(self, inner)?;
            // The element that does not fit is read (and checked) first.
            items
                .push(item)
                .map_err(|_| JsonError::ArrayTooLong { limit: N })?;
        }
        Ok(items)
    }

    /// Any value kept as its checked text, or `None` for `null`.
    ///
    /// # Errors
    /// Whatever makes the value invalid JSON or exceeds a limit.
    pub(crate) fn raw(&mut self) -> Result<Option<RawValue<'de>>, JsonError> {
        if self.null()? {
            return Ok(None);
        }
        self.raw_value(MEMBER_DEPTH).map(Some)
    }

    /// The value at the cursor, under `depth` open containers, as its text
    /// (which starts at the value, after any whitespace).
    fn raw_value(&mut self, depth: usize) -> Result<RawValue<'de>, JsonError> {
        self.r.peek()?;
        let start = self.r.pos();
        self.r.skip_value(depth)?;
        self.r.text_from(start).map(RawValue::checked)
    }

    /// Skips a value that only matters by being there: `false` for `null`
    /// (read as absent, as an `Option` reads it), `true` for anything else.
    ///
    /// # Errors
    /// Whatever makes the value invalid JSON or exceeds a limit.
    pub(crate) fn present(&mut self) -> Result<bool, JsonError> {
        if self.null()? {
            return Ok(false);
        }
        self.skip().map(|()| true)
    }

    /// Skips the value of a member nobody reads, checking it as strictly as
    /// one that is read.
    ///
    /// # Errors
    /// Whatever makes the value invalid JSON or exceeds a limit.
    pub(crate) fn skip(&mut self) -> Result<(), JsonError> {
        self.r.skip_value(MEMBER_DEPTH)
    }

    /// After the last member: only whitespace may follow the object.
    ///
    /// # Errors
    /// [`JsonError::TrailingContent`].
    fn finish(mut self) -> Result<(), JsonError> {
        self.r.finish()
    }

    /// Consumes a `null` if one is next.
    #[inline]
    fn null(&mut self) -> Result<bool, JsonError> {
        if self.r.peek()? == b'n' {
            self.r.literal(b"null")?;
            return Ok(true);
        }
        Ok(false)
    }

    /// A string, where nothing else (not even `null`) is accepted.
    #[inline]
    fn string_value(&mut self) -> Result<JsonStr<'de>, JsonError> {
        let b = self.r.peek()?;
        if b == b'"' {
            return self.r.string().map(|s| s.value);
        }
        Err(self.not_a_string(b))
    }

    /// The error for a value that starts with `b` where a string must be.
    #[cold]
    #[inline(never)]
    fn not_a_string(&mut self, b: u8) -> JsonError {
        // Read far enough to report what `serde` reports: a number's own
        // errors (grammar, fraction, range) before its type, other values
        // by the kind they start with.
        let offset = self.r.pos();
        let found = match kind_of(b) {
            Some(JsonKind::Number) => {
                if let Err(e) = self.r.number().and_then(|n| n.to_any().map(drop)) {
                    return e;
                }
                JsonKind::Number
            }
            Some(JsonKind::Bool) => {
                if let Err(e) = self.r.boolean(b) {
                    return e;
                }
                JsonKind::Bool
            }
            Some(JsonKind::Null) => {
                if let Err(e) = self.r.literal(b"null") {
                    return e;
                }
                JsonKind::Null
            }
            Some(kind) => kind,
            None => return self.r.unexpected(b),
        };
        JsonError::InvalidType {
            found,
            offset: Some(offset),
        }
    }
}
