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
}

impl NameSet {
    /// An empty set.
    pub(crate) const fn new() -> Self {
        Self {
            seen: heapless::Vec::new(),
        }
    }

    /// Records `name` (found in `text`); fails if it was already seen or
    /// the object has too many members.
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
        if self
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
