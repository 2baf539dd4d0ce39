//! The string body grammar: validating escapes while scanning, and decoding
//! them afterwards.
//!
//! Validation and decoding are split: the reader validates each string once
//! (finding its end, checking every escape, counting the decoded length), and
//! `JsonStr` decodes lazily only what a caller asks for. Decoding relies on the
//! validation having happened, so it never fails.

use super::error::JsonError;

/// What scanning a string body found.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Scanned {
    /// Index of the closing quote, or the input length if there was none.
    pub(crate) end: usize,
    /// Length in bytes of the UTF-8 text the body decodes to.
    pub(crate) decoded_len: usize,
    /// Whether a closing quote ended the body.
    pub(crate) terminated: bool,
}

/// Scans a string body starting at `start` (just after the opening quote)
/// up to the first unescaped `"` or the end of `bytes`.
///
/// `bytes` must already be valid UTF-8 (the reader checks the whole input up
/// front), so only the JSON rules are checked here: no raw control
/// characters, only the escapes RFC 8259 §7 lists, surrogates in pairs.
// Inlined into its two callers: called once per string (30 per ID token),
// its prologue and epilogue were a third of its instructions (callgrind),
// and the firmware image did not grow.
#[inline(always)]
pub(crate) fn scan_body(bytes: &[u8], start: usize) -> Result<Scanned, JsonError> {
    let mut i = start;
    let mut decoded_len = 0usize;
    loop {
        let run = plain_run(bytes.get(i..).unwrap_or_default());
        i = i.saturating_add(run);
        decoded_len = decoded_len.saturating_add(run);
        match bytes.get(i) {
            None => {
                return Ok(Scanned {
                    end: i,
                    decoded_len,
                    terminated: false,
                });
            }
            Some(b'"') => {
                return Ok(Scanned {
                    end: i,
                    decoded_len,
                    terminated: true,
                });
            }
            Some(b'\\') => {
                let (consumed, produced) = scan_escape(bytes, i)?;
                i = i.saturating_add(consumed);
                decoded_len = decoded_len.saturating_add(produced);
            }
            Some(_) => return Err(JsonError::ControlCharInString { offset: i }),
        }
    }
}

/// Length of the leading run of bytes that stand for themselves (not `"`,
/// `\\`, or a control character).
///
/// Looks at eight bytes at a time: most strings are long runs (URLs, key
/// material), and this loop is the reader's hottest.
pub(crate) fn plain_run(bytes: &[u8]) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    /// High bit set in the bytes of `v` that are below `n` (n <= 0x80).
    /// Borrows can only mark bytes above a true hit, so the lowest marked
    /// byte is always exact, which is all that is used.
    const fn below(v: u64, n: u8) -> u64 {
        v.wrapping_sub(ONES.wrapping_mul(n as u64)) & !v & HIGHS
    }
    let mut run = 0usize;
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        let Ok(word) = <[u8; 8]>::try_from(chunk) else {
            break;
        };
        let v = u64::from_le_bytes(word);
        let hits = below(v ^ ONES.wrapping_mul(u64::from(b'"')), 1)
            | below(v ^ ONES.wrapping_mul(u64::from(b'\\')), 1)
            | below(v, 0x20);
        if hits != 0 {
            // Little-endian: the lowest set bit belongs to the first hit.
            let first = (hits.trailing_zeros() / 8) as usize;
            return run.saturating_add(first);
        }
        run = run.saturating_add(8);
    }
    let tail = chunks.remainder();
    let in_tail = tail
        .iter()
        .position(|&b| b == b'"' || b == b'\\' || b < 0x20)
        .unwrap_or(tail.len());
    run.saturating_add(in_tail)
}

/// Checks the escape whose backslash is at `at`; returns how many input
/// bytes it spans and how many UTF-8 bytes it decodes to.
fn scan_escape(bytes: &[u8], at: usize) -> Result<(usize, usize), JsonError> {
    let Some(&kind) = bytes.get(at.saturating_add(1)) else {
        return Err(JsonError::UnexpectedEnd);
    };
    match kind {
        b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't' => Ok((2, 1)),
        b'u' => {
            let unit = hex4_checked(bytes, at.saturating_add(2), at)?;
            match unit {
                0xD800..=0xDBFF => {
                    let next = at.saturating_add(6);
                    match (bytes.get(next), bytes.get(next.saturating_add(1))) {
                        (Some(b'\\'), Some(b'u')) => {}
                        (None, _) | (Some(b'\\'), None) => return Err(JsonError::UnexpectedEnd),
                        _ => return Err(JsonError::LoneSurrogate { offset: at }),
                    }
                    let low = hex4_checked(bytes, next.saturating_add(2), next)?;
                    if (0xDC00..=0xDFFF).contains(&low) {
                        Ok((12, 4))
                    } else {
                        Err(JsonError::LoneSurrogate { offset: at })
                    }
                }
                0xDC00..=0xDFFF => Err(JsonError::LoneSurrogate { offset: at }),
                0..=0x7F => Ok((6, 1)),
                0x80..=0x7FF => Ok((6, 2)),
                _ => Ok((6, 3)),
            }
        }
        _ => Err(JsonError::InvalidEscape { offset: at }),
    }
}

/// Reads four hex digits at `at` for the escape whose backslash is at `esc`.
fn hex4_checked(bytes: &[u8], at: usize, esc: usize) -> Result<u16, JsonError> {
    let digits = bytes
        .get(at..at.saturating_add(4))
        .ok_or(JsonError::UnexpectedEnd)?;
    hex4(digits).ok_or(JsonError::InvalidEscape { offset: esc })
}

/// Four hex digits (either case) to their value; `None` if any is not hex or
/// there are fewer than four.
fn hex4(digits: &[u8]) -> Option<u16> {
    let mut value = 0u16;
    let mut count = 0u8;
    for &b in digits.iter().take(4) {
        let d = match b {
            b'0'..=b'9' => b.wrapping_sub(b'0'),
            b'a'..=b'f' => b.wrapping_sub(b'a' - 10),
            b'A'..=b'F' => b.wrapping_sub(b'A' - 10),
            _ => return None,
        };
        value = (value << 4) | u16::from(d);
        count = count.saturating_add(1);
    }
    (count == 4).then_some(value)
}

/// Decodes the escape at the start of `bytes` (which begins with `\`) from a
/// body that passed [`scan_body`]; returns the character and how many bytes
/// the escape spans.
///
/// A malformed escape cannot reach this (bodies are validated first); should
/// one anyway, it yields U+FFFD and consumes the rest, so that decoding stays
/// total and never loops.
pub(crate) fn decode_escape(bytes: &[u8]) -> (char, usize) {
    const BAD: (char, usize) = (char::REPLACEMENT_CHARACTER, usize::MAX);
    let simple = match bytes.get(1) {
        Some(b'"') => '"',
        Some(b'\\') => '\\',
        Some(b'/') => '/',
        Some(b'b') => '\u{8}',
        Some(b'f') => '\u{c}',
        Some(b'n') => '\n',
        Some(b'r') => '\r',
        Some(b't') => '\t',
        Some(b'u') => {
            let Some(unit) = bytes.get(2..6).and_then(hex4) else {
                return BAD;
            };
            if !(0xD800..=0xDBFF).contains(&unit) {
                return char::from_u32(u32::from(unit)).map_or(BAD, |c| (c, 6));
            }
            if bytes.get(6..8) != Some(b"\\u".as_slice()) {
                return BAD;
            }
            let Some(low) = bytes.get(8..12).and_then(hex4) else {
                return BAD;
            };
            let Some(low_bits) = low.checked_sub(0xDC00).filter(|v| *v < 0x400) else {
                return BAD;
            };
            // unit is in D800..=DBFF, so the subtraction cannot underflow.
            let high_bits = u32::from(unit.saturating_sub(0xD800));
            let scalar = 0x1_0000u32
                .saturating_add(high_bits << 10)
                .saturating_add(u32::from(low_bits));
            return char::from_u32(scalar).map_or(BAD, |c| (c, 12));
        }
        _ => return BAD,
    };
    (simple, 2)
}
