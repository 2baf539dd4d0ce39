//! The error type of the JSON reader.
//!
//! Every variant is `Copy` and carries what is cheap and safe to keep: byte
//! offsets into the input, the limit that was hit, or a `&'static str` field
//! name. No message text is stored (no allocation), so serde's
//! `de::Error::custom` maps to a static variant.

use core::fmt;

/// The kind of JSON value that was found where another was expected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum JsonKind {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool,
    /// A number.
    Number,
    /// A string.
    String,
    /// An array.
    Array,
    /// An object.
    Object,
    /// Something a `Deserialize` impl reported that has no JSON kind.
    Other,
}

impl JsonKind {
    const fn name(self) -> &'static str {
        match self {
            Self::Null => "null",
            Self::Bool => "a boolean",
            Self::Number => "a number",
            Self::String => "a string",
            Self::Array => "an array",
            Self::Object => "an object",
            Self::Other => "another value",
        }
    }
}

/// Why JSON input was rejected. Offsets are byte offsets into the input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum JsonError {
    /// The input ended inside a value, or was empty.
    UnexpectedEnd,
    /// A byte that cannot start or continue the value at this place.
    UnexpectedByte {
        /// Where the byte is.
        offset: usize,
        /// The byte found.
        found: u8,
    },
    /// Something other than whitespace follows the one top-level value.
    TrailingContent {
        /// Where the extra content starts.
        offset: usize,
    },
    /// The input starts with a UTF-8 byte order mark (RFC 8259 §8.1: must not be sent).
    ByteOrderMark,
    /// The input is not valid UTF-8.
    InvalidUtf8 {
        /// Where the first invalid sequence starts.
        offset: usize,
    },
    /// An unescaped control character (below U+0020) inside a string.
    ControlCharInString {
        /// Where the control character is.
        offset: usize,
    },
    /// A backslash not followed by one of `"\/bfnrt` or by `u` and four hex digits.
    InvalidEscape {
        /// Where the backslash is.
        offset: usize,
    },
    /// A `\u` surrogate escape without its partner (a high one not followed by
    /// a low one, or a low one alone).
    LoneSurrogate {
        /// Where the offending `\u` escape starts.
        offset: usize,
    },
    /// A number that does not follow the RFC 8259 grammar (leading zero,
    /// missing digits after `.` or `e`, a lone `-`).
    InvalidNumber {
        /// Where the number starts.
        offset: usize,
    },
    /// A number that does not fit the target type (integer overflow, or a
    /// float that overflows to infinity).
    NumberOutOfRange {
        /// Where the number starts.
        offset: usize,
    },
    /// An integer target got a number with a fraction or an exponent.
    ExpectedInteger {
        /// Where the number starts.
        offset: usize,
    },
    /// A NumericDate that is negative or later than 9999-12-31T23:59:59Z.
    NumericDateOutOfRange {
        /// Where the number starts.
        offset: usize,
    },
    /// An object has the same member name twice (compared after decoding escapes).
    DuplicateMember {
        /// Where the second occurrence of the name starts.
        offset: usize,
    },
    /// Arrays and objects are nested deeper than the limit.
    TooDeep {
        /// The nesting limit.
        limit: usize,
    },
    /// An object has more members than the limit.
    TooManyMembers {
        /// The member limit per object.
        limit: usize,
    },
    /// The input is longer than the limit.
    TooLong {
        /// The input length.
        len: usize,
        /// The length limit.
        limit: usize,
    },
    /// An array has more elements than the target can hold.
    ArrayTooLong {
        /// How many elements the target can hold.
        limit: usize,
    },
    /// The target stopped reading an array or object before its end (for
    /// example `[u8; 2]` given three elements).
    UnreadValues {
        /// Where reading stopped: the `,` before the first unread value, or
        /// the unread value of a member whose name was read.
        offset: usize,
    },
    /// A string with escapes was deserialized into a borrowed `&str`, which
    /// can only point at the input as it is: use `JsonStr` for such strings.
    EscapedStrNeedsJsonStr {
        /// Where the string starts.
        offset: usize,
    },
    /// A member name or enum variant name with escapes decodes to more bytes
    /// than the reader's stack buffer holds.
    EscapedNameTooLong {
        /// Where the name starts.
        offset: usize,
        /// The buffer size in bytes.
        limit: usize,
    },
    /// A buffer given to `JsonStr::decode_into` is too small.
    BufferTooSmall {
        /// Bytes needed.
        needed: usize,
        /// Bytes available.
        available: usize,
    },
    /// The value has the wrong kind for the target type.
    InvalidType {
        /// What was found.
        found: JsonKind,
        /// Where the value starts, when known.
        offset: Option<usize>,
    },
    /// The value has the right kind but a value the target rejects.
    InvalidValue {
        /// Where the value starts, when known.
        offset: Option<usize>,
    },
    /// A sequence has a length the target rejects.
    InvalidLength {
        /// The length reported by the target.
        len: usize,
        /// Where the sequence starts, when known.
        offset: Option<usize>,
    },
    /// A required member is missing.
    MissingField {
        /// The member name.
        field: &'static str,
        /// Where the object starts, when known.
        offset: Option<usize>,
    },
    /// The target saw a member twice (for example through `#[serde(alias)]`).
    DuplicateField {
        /// The member name.
        field: &'static str,
        /// Where the object starts, when known.
        offset: Option<usize>,
    },
    /// The target does not accept a member name (`#[serde(deny_unknown_fields)]`).
    UnknownField {
        /// Where the name starts, when known.
        offset: Option<usize>,
    },
    /// The target has no enum variant of this name.
    UnknownVariant {
        /// Where the name starts, when known.
        offset: Option<usize>,
    },
    /// A `Deserialize` impl reported a custom error; its message cannot be
    /// kept without allocation.
    Custom {
        /// Where the value starts, when known.
        offset: Option<usize>,
    },
}

impl JsonError {
    /// Fills in the offset of an error raised by a `Deserialize` impl, which
    /// cannot know where it is. An offset already present (from a deeper
    /// value) is kept: the innermost position is the most precise.
    pub(crate) fn at(self, at: usize) -> Self {
        let fill = |o: Option<usize>| Some(o.unwrap_or(at));
        match self {
            Self::InvalidType { found, offset } => Self::InvalidType {
                found,
                offset: fill(offset),
            },
            Self::InvalidValue { offset } => Self::InvalidValue {
                offset: fill(offset),
            },
            Self::InvalidLength { len, offset } => Self::InvalidLength {
                len,
                offset: fill(offset),
            },
            Self::MissingField { field, offset } => Self::MissingField {
                field,
                offset: fill(offset),
            },
            Self::DuplicateField { field, offset } => Self::DuplicateField {
                field,
                offset: fill(offset),
            },
            Self::UnknownField { offset } => Self::UnknownField {
                offset: fill(offset),
            },
            Self::UnknownVariant { offset } => Self::UnknownVariant {
                offset: fill(offset),
            },
            Self::Custom { offset } => Self::Custom {
                offset: fill(offset),
            },
            other => other,
        }
    }
}

/// Fills in `offset` on an error from a `Deserialize` impl (see [`JsonError::at`]), for `map_err`.
pub(crate) fn at(offset: usize) -> impl Fn(JsonError) -> JsonError {
    move |e| e.at(offset)
}

/// Writes " at byte N" when the offset is known.
fn write_at(f: &mut fmt::Formatter<'_>, offset: Option<usize>) -> fmt::Result {
    match offset {
        Some(o) => write!(f, " at byte {o}"),
        None => Ok(()),
    }
}

impl fmt::Display for JsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Self::UnexpectedEnd => f.write_str("JSON input ended unexpectedly"),
            Self::UnexpectedByte { offset, found } => {
                write!(f, "unexpected byte 0x{found:02x} at byte {offset}")
            }
            Self::TrailingContent { offset } => {
                write!(f, "content after the JSON value at byte {offset}")
            }
            Self::ByteOrderMark => f.write_str("JSON input starts with a byte order mark"),
            Self::InvalidUtf8 { offset } => write!(f, "invalid UTF-8 at byte {offset}"),
            Self::ControlCharInString { offset } => {
                write!(f, "unescaped control character in string at byte {offset}")
            }
            Self::InvalidEscape { offset } => {
                write!(f, "invalid escape sequence at byte {offset}")
            }
            Self::LoneSurrogate { offset } => {
                write!(f, "unpaired UTF-16 surrogate escape at byte {offset}")
            }
            Self::InvalidNumber { offset } => write!(f, "malformed number at byte {offset}"),
            Self::NumberOutOfRange { offset } => {
                write!(f, "number out of range for its target at byte {offset}")
            }
            Self::ExpectedInteger { offset } => {
                write!(
                    f,
                    "expected an integer without fraction or exponent at byte {offset}"
                )
            }
            Self::NumericDateOutOfRange { offset } => write!(
                f,
                "NumericDate negative or after year 9999 at byte {offset}"
            ),
            Self::DuplicateMember { offset } => {
                write!(f, "duplicate object member name at byte {offset}")
            }
            Self::TooDeep { limit } => {
                write!(f, "arrays and objects nested deeper than {limit}")
            }
            Self::TooManyMembers { limit } => {
                write!(f, "object has more than {limit} members")
            }
            Self::TooLong { len, limit } => {
                write!(f, "JSON input of {len} bytes exceeds the limit of {limit}")
            }
            Self::ArrayTooLong { limit } => {
                write!(f, "array has more than {limit} elements")
            }
            Self::UnreadValues { offset } => {
                write!(f, "array or object has unread values at byte {offset}")
            }
            Self::EscapedStrNeedsJsonStr { offset } => write!(
                f,
                "string with escapes at byte {offset} cannot be borrowed as &str; use JsonStr"
            ),
            Self::EscapedNameTooLong { offset, limit } => write!(
                f,
                "escaped name at byte {offset} decodes to more than {limit} bytes"
            ),
            Self::BufferTooSmall { needed, available } => {
                write!(f, "buffer of {available} bytes too small, {needed} needed")
            }
            Self::InvalidType { found, offset } => {
                write!(f, "unexpected {} for the target type", found.name())?;
                write_at(f, offset)
            }
            Self::InvalidValue { offset } => {
                f.write_str("value rejected by the target type")?;
                write_at(f, offset)
            }
            Self::InvalidLength { len, offset } => {
                write!(f, "sequence length {len} rejected by the target type")?;
                write_at(f, offset)
            }
            Self::MissingField { field, offset } => {
                write!(f, "missing member `{field}`")?;
                write_at(f, offset)
            }
            Self::DuplicateField { field, offset } => {
                write!(f, "member `{field}` given twice")?;
                write_at(f, offset)
            }
            Self::UnknownField { offset } => {
                f.write_str("unknown member")?;
                write_at(f, offset)
            }
            Self::UnknownVariant { offset } => {
                f.write_str("unknown variant")?;
                write_at(f, offset)
            }
            Self::Custom { offset } => {
                f.write_str("value rejected by a Deserialize impl")?;
                write_at(f, offset)
            }
        }
    }
}

impl core::error::Error for JsonError {}

impl serde::de::Error for JsonError {
    fn custom<T: fmt::Display>(_msg: T) -> Self {
        Self::Custom { offset: None }
    }

    fn invalid_type(unexp: serde::de::Unexpected<'_>, _exp: &dyn serde::de::Expected) -> Self {
        use serde::de::Unexpected as U;
        let found = match unexp {
            U::Bool(_) => JsonKind::Bool,
            U::Unsigned(_) | U::Signed(_) | U::Float(_) => JsonKind::Number,
            U::Char(_) | U::Str(_) | U::Bytes(_) => JsonKind::String,
            U::Unit | U::Option => JsonKind::Null,
            U::Seq => JsonKind::Array,
            U::Map => JsonKind::Object,
            _ => JsonKind::Other,
        };
        Self::InvalidType {
            found,
            offset: None,
        }
    }

    fn invalid_value(_unexp: serde::de::Unexpected<'_>, _exp: &dyn serde::de::Expected) -> Self {
        Self::InvalidValue { offset: None }
    }

    fn invalid_length(len: usize, _exp: &dyn serde::de::Expected) -> Self {
        Self::InvalidLength { len, offset: None }
    }

    fn unknown_variant(_variant: &str, _expected: &'static [&'static str]) -> Self {
        Self::UnknownVariant { offset: None }
    }

    fn unknown_field(_field: &str, _expected: &'static [&'static str]) -> Self {
        Self::UnknownField { offset: None }
    }

    fn missing_field(field: &'static str) -> Self {
        Self::MissingField {
            field,
            offset: None,
        }
    }

    fn duplicate_field(field: &'static str) -> Self {
        Self::DuplicateField {
            field,
            offset: None,
        }
    }
}
