//! A strict, zero-copy JSON reader (RFC 8259), with a `serde` deserializer
//! on the same reader as the reference its member-by-member readers are
//! tested against.
//!
//! Built for JOSE headers, ID-token claims, JWK Sets and discovery
//! documents, where the input comes from the network and two parsers that
//! disagree about a document are a security problem. So it is strict where
//! lenient parsers are not:
//! - exactly one value, surrounded only by space, tab, LF or CR; no byte
//!   order mark; valid UTF-8 throughout;
//! - the RFC 8259 number grammar exactly; the escapes of §7 only, with
//!   surrogates in pairs; no raw control characters in strings;
//! - duplicate member names rejected in every object, also in values the
//!   target type ignores, comparing decoded names;
//! - values the target ignores are checked as strictly as the rest;
//! - bounded input length, nesting depth and members per object;
//! - no floats: a number that is read (not skipped) must be an integer
//!   that fits `u64`/`i64`, or a [`NumericDate`] (which takes a fraction
//!   and truncates it exactly); anything else with a fraction or exponent
//!   is [`JsonError::ExpectedInteger`]. Nothing these documents carry is a
//!   float, and firmware is spared `core`'s float parser (about 20 KB).
//!
//! It never allocates and never copies: strings are borrowed from the input.
//! A `&str` target gets the text only when the string has no escapes (a
//! borrowed `&str` cannot point at decoded text); otherwise the error is
//! [`JsonError::EscapedStrNeedsJsonStr`]. Use [`JsonStr`] for strings that
//! may contain escapes: it keeps the escaped form and decodes on demand.
//! (With the `alloc` feature, owned `String` targets get decoded text.)
//!
//! Types for our documents: [`JsonStr`]; [`JsonStrOrArray`] for `aud`-like
//! members; [`NumericDate`] for `exp`/`iat`-like members (exact, never
//! rounded up); [`RawValue`] for a value kept as text and read later. They
//! ask the reader for their special handling through private newtype names
//! (see `de.rs`), so they deserialize only with this reader.
//!
//! Files: `reader.rs` (cursor, scalars, strict skipping), `escape.rs`
//! (string grammar), `number.rs` (number grammar and conversions),
//! `names.rs` (duplicate names), `members.rs` (reading one object member by
//! member: how every document the library reads is read), `de.rs`,
//! `access.rs` and `key.rs` (serde: the reference twins of those readers,
//! which tests and the fuzz targets compare them with), one file per public
//! type, and `error.rs`.

mod access;
mod de;
mod error;
mod escape;
mod key;
mod members;
mod names;
mod number;
mod numeric_date;
mod raw_value;
mod reader;
mod str;
mod str_or_array;

#[cfg(test)]
pub(crate) mod test_documents;
#[cfg(test)]
mod tests;

pub use error::{JsonError, JsonKind};
pub(crate) use members::read_object;
pub use numeric_date::NumericDate;
pub use raw_value::RawValue;
pub use str::JsonStr;
pub use str_or_array::JsonStrOrArray;

/// Longest accepted input, in bytes. The largest documents we read are JWK
/// Sets and discovery documents, a few KiB in practice; 64 KiB leaves ample
/// room and bounds the work any input can cause.
pub const MAX_JSON_LEN: usize = 64 * 1024;

/// Deepest nesting of arrays and objects. Our documents nest at most four
/// levels (a JWK Set: object, array, key object, `x5c` array); 16 is
/// generous, and it bounds the recursion of the reader.
pub const MAX_JSON_DEPTH: usize = 16;

/// Most members in one object. Discovery documents have about 40 names;
/// the cap keeps the allocation-free duplicate check (each name compared
/// with the earlier ones) to at most 64 × 63 / 2 comparisons per object.
pub const MAX_JSON_MEMBERS: usize = 64;

/// Longest decoded member or enum variant name *with escapes* that can be
/// matched against field names; it is decoded into a stack buffer of this
/// size. Names without escapes need no buffer and have no such limit. Our
/// longest field name (`token_endpoint_auth_signing_alg_values_supported`)
/// has 49 bytes.
pub const MAX_ESCAPED_NAME_LEN: usize = 128;

/// Deserializes `T` from `input`, which must hold exactly one JSON value
/// and nothing else but whitespace. Only the `serde` twins of the readers
/// in `members.rs` use it now (tests and the fuzz hooks): every document
/// the library reads goes through `read_object`.
///
/// # Errors
/// The first problem found in the input, or a mismatch with `T`.
#[cfg(any(test, feature = "dangerous-test-hooks"))]
pub(crate) fn from_slice<'de, T: serde::Deserialize<'de>>(
    input: &'de [u8],
) -> Result<T, JsonError> {
    let mut de = de::Deserializer::new(input)?;
    let value = T::deserialize(&mut de)?;
    de.finish()?;
    Ok(value)
}

/// Whether a reader without `serde` and its `serde` twin read `input` alike:
/// `fast` (the reader's result) and the twin's fail with the same error, or
/// both succeed with values that `same` finds equal.
#[cfg(any(test, feature = "dangerous-test-hooks"))]
pub(crate) fn agrees_with_serde<'de, T: serde::Deserialize<'de>>(
    input: &'de [u8],
    fast: Result<T, JsonError>,
    same: impl FnOnce(&T, &T) -> bool,
) -> bool {
    match (fast, from_slice::<T>(input)) {
        (Err(a), Err(b)) => a == b,
        (Ok(a), Ok(b)) => same(&a, &b),
        _ => false,
    }
}
