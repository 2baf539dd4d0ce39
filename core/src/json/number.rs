//! The number grammar of RFC 8259 §6 and conversions of checked literals.
//!
//! `-? (0 | [1-9][0-9]*) (\.[0-9]+)? ([eE][+-]?[0-9]+)?` — nothing else:
//! no `+`, no leading zeros, no bare `.`, no NaN or Infinity. Integers are
//! converted digit by digit with checked arithmetic (never through `f64`,
//! which would round above 2^53); fractions and exponents are checked against
//! the grammar but never converted (see [`Number::to_any`]).

use super::error::JsonError;

/// A number literal that follows the grammar.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Number<'de> {
    /// Where the literal starts in the input.
    pub(crate) offset: usize,
    /// Whether it starts with `-`.
    pub(crate) negative: bool,
    /// Digits before the `.` (at least one).
    pub(crate) int_digits: &'de [u8],
    /// Digits after the `.` (empty when there is no fraction part).
    pub(crate) frac_digits: &'de [u8],
    /// The exponent: whether it is negative, and its digits.
    pub(crate) exponent: Option<(bool, &'de [u8])>,
}

/// A number in the form `deserialize_any` hands to a visitor.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum AnyNumber {
    /// A non-negative integer literal that fits `u64`.
    U64(u64),
    /// A negative integer literal that fits `i64`.
    I64(i64),
}

/// The index of the first non-digit at or after `i`.
fn digits_end(bytes: &[u8], i: usize) -> usize {
    let run = bytes
        .get(i..)
        .unwrap_or_default()
        .iter()
        .take_while(|b| b.is_ascii_digit())
        .count();
    i.saturating_add(run)
}

impl<'de> Number<'de> {
    /// Scans the number starting at `start` in `text`; returns it and the
    /// index just past it. Whatever follows is for the caller to judge
    /// (a delimiter, whitespace or the end).
    pub(crate) fn scan(text: &'de str, start: usize) -> Result<(Self, usize), JsonError> {
        let bytes = text.as_bytes();
        let bad = JsonError::InvalidNumber { offset: start };
        let slice = |from: usize, to: usize| bytes.get(from..to).ok_or(bad);

        let negative = bytes.get(start) == Some(&b'-');
        let int_start = if negative {
            start.saturating_add(1)
        } else {
            start
        };
        let mut i = match bytes.get(int_start) {
            Some(b'0') => {
                let next = int_start.saturating_add(1);
                if bytes.get(next).is_some_and(u8::is_ascii_digit) {
                    return Err(bad); // leading zero
                }
                next
            }
            Some(b'1'..=b'9') => digits_end(bytes, int_start),
            _ => return Err(bad), // a lone `-`, or `-` before a non-digit
        };
        let int_digits = slice(int_start, i)?;

        let mut frac_digits: &[u8] = &[];
        if bytes.get(i) == Some(&b'.') {
            let from = i.saturating_add(1);
            i = digits_end(bytes, from);
            if i == from {
                return Err(bad); // `1.` or `1.e5`
            }
            frac_digits = slice(from, i)?;
        }

        let mut exponent = None;
        if matches!(bytes.get(i), Some(b'e' | b'E')) {
            i = i.saturating_add(1);
            let exp_negative = bytes.get(i) == Some(&b'-');
            if matches!(bytes.get(i), Some(b'+' | b'-')) {
                i = i.saturating_add(1);
            }
            let from = i;
            i = digits_end(bytes, from);
            if i == from {
                return Err(bad); // `1e`, `1e+`
            }
            exponent = Some((exp_negative, slice(from, i)?));
        }

        let number = Self {
            offset: start,
            negative,
            int_digits,
            frac_digits,
            exponent,
        };
        Ok((number, i))
    }

    /// Whether the literal is an integer: no fraction part, no exponent.
    pub(crate) const fn is_integer(&self) -> bool {
        self.frac_digits.is_empty() && self.exponent.is_none()
    }

    /// The integer part's absolute value.
    fn magnitude(&self) -> Result<u64, JsonError> {
        let out_of_range = JsonError::NumberOutOfRange {
            offset: self.offset,
        };
        self.int_digits.iter().try_fold(0u64, |acc, &d| {
            acc.checked_mul(10)
                .and_then(|v| v.checked_add(u64::from(d.wrapping_sub(b'0'))))
                .ok_or(out_of_range)
        })
    }

    /// The value as `u64`; only integer literals are accepted.
    pub(crate) fn to_u64(self) -> Result<u64, JsonError> {
        if !self.is_integer() {
            return Err(JsonError::ExpectedInteger {
                offset: self.offset,
            });
        }
        let magnitude = self.magnitude()?;
        if self.negative && magnitude != 0 {
            return Err(JsonError::NumberOutOfRange {
                offset: self.offset,
            });
        }
        Ok(magnitude)
    }

    /// The value as `i64`; only integer literals are accepted.
    pub(crate) fn to_i64(self) -> Result<i64, JsonError> {
        if !self.is_integer() {
            return Err(JsonError::ExpectedInteger {
                offset: self.offset,
            });
        }
        let out_of_range = JsonError::NumberOutOfRange {
            offset: self.offset,
        };
        let magnitude = self.magnitude()?;
        if self.negative {
            0i64.checked_sub_unsigned(magnitude).ok_or(out_of_range)
        } else {
            i64::try_from(magnitude).map_err(|_| out_of_range)
        }
    }

    /// The value as `deserialize_any` (and a float target) gets it: an
    /// integer literal that fits `u64` or `i64`, exactly. This reader
    /// converts no floats: nothing this library reads is one (NumericDate
    /// has its own exact path, and skipped values are only checked against
    /// the grammar), and leaving `core`'s float parser out keeps about 20 KB
    /// of tables and soft-float code out of firmware.
    pub(crate) fn to_any(self) -> Result<AnyNumber, JsonError> {
        if self.negative {
            self.to_i64().map(AnyNumber::I64)
        } else {
            self.to_u64().map(AnyNumber::U64)
        }
    }

    /// The exponent's value, clamped to ±2^20. Clamping changes no result:
    /// the input holds at most `MAX_JSON_LEN` digits, so any exponent past
    /// the clamp already moves every digit out of (or into) the integer part.
    pub(crate) fn exponent_clamped(&self) -> i64 {
        const CLAMP: i64 = 1 << 20;
        let Some((negative, digits)) = self.exponent else {
            return 0;
        };
        let magnitude = digits.iter().fold(0i64, |acc, &d| {
            acc.saturating_mul(10)
                .saturating_add(i64::from(d.wrapping_sub(b'0')))
                .min(CLAMP)
        });
        if negative {
            0i64.saturating_sub(magnitude)
        } else {
            magnitude
        }
    }
}
