//! Duplicate member detection for one object, without allocation.
//!
//! RFC 8259 §4 leaves duplicate names to the implementation; RFC 7515 §4 and
//! RFC 7519 §4 require JOSE headers and claims sets with duplicates to be
//! rejected (or the last taken), and two parsers taking different ones is a
//! known confusion attack. We reject, at every level, comparing decoded
//! names. The number of members per object is capped, so comparing each new
//! name with all earlier ones stays bounded.

use super::error::JsonError;
use super::reader::RawStr;
use super::str::JsonStr;
use super::{MAX_JSON_LEN, MAX_JSON_MEMBERS};

// Name offsets are kept as u32 and lengths as u16: a name lies between two
// quotes inside the input.
const _: () = assert!(MAX_JSON_LEN <= u32::MAX as usize);
const _: () = assert!(MAX_JSON_LEN.saturating_sub(2) <= u16::MAX as usize);

/// Where a name's raw body is in the input, with what makes most
/// comparisons cheap: lengths, and the first bytes. 12 bytes, so that a
/// full set costs 768 bytes of stack per open object.
#[derive(Debug, Clone, Copy)]
struct Span {
    start: u32,
    len: u16,
    decoded_len: u16,
    /// The first four raw bytes, zero-padded.
    prefix: u32,
}

impl Span {
    const fn is_plain(self) -> bool {
        self.len == self.decoded_len
    }
}

/// The names seen so far in one object.
#[derive(Debug)]
pub(crate) struct NameSet {
    seen: heapless::Vec<Span, MAX_JSON_MEMBERS>,
    /// One bit per (length, first byte, last byte) of the names without
    /// escapes seen so far: a name whose bit is clear cannot equal any of
    /// them, which spares most comparisons (claims have 15 names).
    plain_filter: u64,
    /// Whether a name with escapes was seen: its decoded text is not in the
    /// filter, so from then on every new name is compared with every old one.
    escaped_seen: bool,
}

/// The filter bit for a name without escapes.
fn filter_bit(raw: &[u8]) -> u64 {
    let first = raw.first().copied().unwrap_or(0);
    let last = raw.last().copied().unwrap_or(0);
    let mix = raw
        .len()
        .wrapping_mul(31)
        .wrapping_add(usize::from(first).wrapping_mul(7))
        .wrapping_add(usize::from(last));
    1u64 << (mix % 64)
}

impl NameSet {
    /// An empty set.
    pub(crate) const fn new() -> Self {
        Self {
            seen: heapless::Vec::new(),
            plain_filter: 0,
            escaped_seen: false,
        }
    }

    /// Records `name` (found in `text`); fails if it was already seen or
    /// the object has too many members.
    #[inline]
    pub(crate) fn insert(&mut self, text: &str, name: RawStr<'_>) -> Result<(), JsonError> {
        let raw = name.value.raw();
        let too_long = JsonError::TooLong {
            len: text.len(),
            limit: MAX_JSON_LEN,
        };
        let new = Span {
            start: u32::try_from(name.body_offset()).map_err(|_| too_long)?,
            len: u16::try_from(raw.len()).map_err(|_| too_long)?,
            decoded_len: u16::try_from(name.value.decoded_len()).map_err(|_| too_long)?,
            prefix: prefix(raw.as_bytes()),
        };
        let bit = if new.is_plain() {
            filter_bit(raw.as_bytes())
        } else {
            self.escaped_seen = true;
            0
        };
        let may_repeat = self.escaped_seen || self.plain_filter & bit != 0;
        self.plain_filter |= bit;
        if may_repeat
            && self
                .seen
                .iter()
                .any(|old| same_name(text, *old, new, name.value))
        {
            return Err(JsonError::DuplicateMember {
                offset: name.offset,
            });
        }
        self.seen.push(new).map_err(|_| JsonError::TooManyMembers {
            limit: MAX_JSON_MEMBERS,
        })
    }
}

/// The first four bytes of `raw` as a number, zero-padded.
fn prefix(raw: &[u8]) -> u32 {
    match raw.get(..4).and_then(|b| <[u8; 4]>::try_from(b).ok()) {
        Some(word) => u32::from_le_bytes(word),
        None => raw
            .iter()
            .rev()
            .fold(0, |acc, &b| acc.wrapping_shl(8) | u32::from(b)),
    }
}

/// Whether the name at `old` decodes to the same text as `new` (whose
/// string is `new_str`).
fn same_name(text: &str, old: Span, new: Span, new_str: JsonStr<'_>) -> bool {
    // Most names differ in decoded length.
    if old.decoded_len != new.decoded_len {
        return false;
    }
    if old.is_plain() && new.is_plain() {
        if old.prefix != new.prefix {
            return false;
        }
        if new.len <= 4 {
            return true; // the prefix is the whole name
        }
    }
    let start = old.start as usize;
    let Some(old_raw) = text.get(start..start.saturating_add(usize::from(old.len))) else {
        return false;
    };
    if old.is_plain() && new.is_plain() {
        return old_raw == new_str.raw();
    }
    JsonStr::from_scanned(old_raw, usize::from(old.decoded_len)) == new_str
}

#[cfg(test)]
mod tests {
    extern crate std;

    use std::string::String;
    use std::vec::Vec;

    use proptest::prelude::*;

    use super::super::{JsonError, from_slice};

    /// Names as they appear in JSON, each with its decoded text: plain and
    /// escaped spellings of the same names, names of equal length with
    /// equal first and last bytes (the filter cannot tell them apart), and
    /// many others so that filter bits collide.
    const NAMES: &[(&str, &str)] = &[
        ("iss", "iss"),
        ("\\u0069ss", "iss"),
        ("is\\u0073", "iss"),
        ("ixs", "ixs"),
        ("sub", "sub"),
        ("aud", "aud"),
        ("azp", "azp"),
        ("exp", "exp"),
        ("iat", "iat"),
        ("nbf", "nbf"),
        ("acr", "acr"),
        ("jti", "jti"),
        ("nonce", "nonce"),
        ("n\\u006fnce", "nonce"),
        ("auth_time", "auth_time"),
        ("at_hash", "at_hash"),
        ("client_id", "client_id"),
        ("", ""),
        ("a", "a"),
        ("\\u0061", "a"),
        ("é", "é"),
        ("\\u00e9", "é"),
        ("\\n", "\n"),
    ];

    proptest! {
        /// An object is refused as a duplicate exactly when two of its
        /// names decode to the same text, whatever the order of plain and
        /// escaped spellings.
        #[test]
        fn duplicates_found_exactly(picks in prop::collection::vec(0..NAMES.len(), 0..24)) {
            let members: Vec<String> = picks
                .iter()
                .enumerate()
                .map(|(i, &p)| std::format!("\"{}\":{i}", NAMES[p].0))
                .collect();
            let text = std::format!("{{{}}}", members.join(","));
            let mut decoded: Vec<&str> = picks.iter().map(|&p| NAMES[p].1).collect();
            let n = decoded.len();
            decoded.sort_unstable();
            decoded.dedup();
            let has_duplicate = decoded.len() != n;
            let got = from_slice::<serde::de::IgnoredAny>(text.as_bytes());
            prop_assert_eq!(
                matches!(got, Err(JsonError::DuplicateMember { .. })),
                has_duplicate,
                "{}",
                text
            );
            prop_assert_eq!(got.is_ok(), !has_duplicate, "{}", text);
        }
    }
}
