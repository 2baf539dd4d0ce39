//! `NumericDate` (RFC 7519 §2): seconds since the Unix epoch, from any JSON
//! number.
//!
//! Claims such as `exp` and `iat` may carry fractions (`1311281970.5`) and
//! may be written with exponents (`1.3e9`). Whole seconds are kept exactly,
//! any fraction truncated toward zero. The reader converts the decimal
//! literal itself, digit by digit, in every form: a detour through `f64`
//! could round `1311281970.99999999999` up to the next second, which would
//! extend a token's life.

use core::fmt;

use super::de::NUMERIC_DATE_MAGIC;
use super::number::Number;
use super::reader::Reader;

/// Seconds since 1970-01-01T00:00:00Z, not negative and at most
/// 9999-12-31T23:59:59Z, with a flag telling whether the JSON number had a
/// fraction that was cut off.
///
/// Deserializable from any JSON number: integer literals exactly, numbers
/// with fraction or exponent by exact decimal truncation. Negative values
/// and values after year 9999 are rejected (with this crate's reader, as
/// `JsonError::NumericDateOutOfRange`). `-0` is zero.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct NumericDate {
    secs: u64,
    fraction: bool,
}

impl NumericDate {
    /// 9999-12-31T23:59:59Z: four-digit years are what date libraries and
    /// the JWT ecosystem handle; a later date in a claim is an error, not
    /// "never".
    pub const MAX_SECS: u64 = 253_402_300_799;

    /// A whole-second date; `None` past [`Self::MAX_SECS`].
    #[must_use]
    pub const fn from_secs(secs: u64) -> Option<Self> {
        if secs <= Self::MAX_SECS {
            Some(Self {
                secs,
                fraction: false,
            })
        } else {
            None
        }
    }

    /// Whole seconds since the epoch (any fraction truncated).
    #[must_use]
    pub const fn secs(&self) -> u64 {
        self.secs
    }

    /// Whether the JSON number had a non-zero fraction that
    /// [`Self::secs`] leaves out.
    #[must_use]
    pub const fn has_fraction(&self) -> bool {
        self.fraction
    }

    /// The date that `text`, a whole JSON document, holds: a number in
    /// range, with or without a fraction; `None` for anything else.
    pub(crate) fn from_json(text: &[u8]) -> Option<Self> {
        let mut r = Reader::new(text).ok()?;
        if !matches!(r.peek().ok()?, b'-' | b'0'..=b'9') {
            return None;
        }
        let n = r.number().ok()?;
        r.finish().ok()?;
        Self::from_number(&n)
    }

    /// The date written at `start` in `bytes` as a plain integer
    /// (`1700000000`, what providers send), and the index after its digits;
    /// `None` for any other literal (a sign, a fraction, an exponent, a
    /// leading zero, more than twelve digits, or past [`Self::MAX_SECS`]),
    /// which the general number reader then reads, or refuses, as before.
    /// Spares the claims reader the general walk for `exp`, `iat` and
    /// `auth_time`.
    pub(crate) fn read_plain(bytes: &[u8], start: usize) -> Option<(Self, usize)> {
        /// Digits of MAX_SECS: no sum of this many digits overflows a u64.
        const MAX_DIGITS: usize = 12;
        let rest = bytes.get(start..)?;
        // At most one digit past the limit is looked at: a longer run is
        // declined either way, and the general reader walks it once.
        let digits = rest
            .iter()
            .take(MAX_DIGITS.saturating_add(1))
            .take_while(|b| b.is_ascii_digit())
            .count();
        let plain = (1..=MAX_DIGITS).contains(&digits)
            && rest.first() != Some(&b'0')
            && !matches!(rest.get(digits), Some(b'.' | b'e' | b'E'));
        if !plain {
            return None;
        }
        let secs = rest.get(..digits)?.iter().fold(0u64, |acc, &d| {
            acc.wrapping_mul(10)
                .wrapping_add(u64::from(d.wrapping_sub(b'0')))
        });
        Some((Self::from_secs(secs)?, start.saturating_add(digits)))
    }

    /// Converts a checked number literal exactly; `None` when it is
    /// negative (other than zero) or after [`Self::MAX_SECS`].
    pub(crate) fn from_number(n: &Number<'_>) -> Option<Self> {
        if !n.negative && n.frac_digits.is_empty() && n.exponent.is_none() {
            // What providers send (`"exp":1700000000`), without the general
            // walk's bookkeeping; the same result for these literals.
            let secs = n.int_digits.iter().try_fold(0u64, |acc, &d| {
                acc.checked_mul(10)?
                    .checked_add(u64::from(d.wrapping_sub(b'0')))
            })?;
            return (secs <= Self::MAX_SECS).then_some(Self {
                secs,
                fraction: false,
            });
        }
        // The decimal point sits `point` digits into int_digits ++ frac_digits.
        let int_len = i64::try_from(n.int_digits.len()).ok()?;
        let point = int_len.saturating_add(n.exponent_clamped());
        let mut secs = 0u64;
        let mut fraction = false;
        let mut consumed = 0i64;
        for &d in n.int_digits.iter().chain(n.frac_digits) {
            let digit = u64::from(d.wrapping_sub(b'0'));
            if consumed < point {
                secs = secs.checked_mul(10)?.checked_add(digit)?;
                if secs > Self::MAX_SECS {
                    return None;
                }
            } else if digit != 0 {
                fraction = true;
            }
            consumed = consumed.saturating_add(1);
        }
        // Zeros implied by an exponent past the last digit. Zero stays zero
        // (`0e999999`); anything else overflows within a dozen rounds.
        let mut pad = point.saturating_sub(consumed);
        while pad > 0 && secs != 0 {
            secs = secs.checked_mul(10)?;
            if secs > Self::MAX_SECS {
                return None;
            }
            pad = pad.saturating_sub(1);
        }
        let zero = secs == 0 && !fraction;
        if n.negative && !zero {
            return None;
        }
        if secs == Self::MAX_SECS && fraction {
            return None; // past the last second
        }
        Some(Self { secs, fraction })
    }
}

impl<'de> serde::Deserialize<'de> for NumericDate {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // Our reader recognises the name, converts the literal itself and
        // reports errors with offsets; it then hands over whole seconds as
        // `u64`, or `secs + 0.5` as `f64` when there was a fraction (exact:
        // MAX_SECS < 2^38, far inside f64's 53-bit mantissa). Other
        // deserializers call `visit_newtype_struct`, and we read any number.
        deserializer.deserialize_newtype_struct(NUMERIC_DATE_MAGIC, NumericDateVisitor)
    }
}

/// Accepts integers and floats in range.
struct NumericDateVisitor;

impl<'de> serde::de::Visitor<'de> for NumericDateVisitor {
    type Value = NumericDate;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a NumericDate: seconds since the epoch, 0 to 253402300799")
    }

    fn visit_newtype_struct<D: serde::Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }

    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Self::Value, E> {
        NumericDate::from_secs(v)
            .ok_or_else(|| E::invalid_value(serde::de::Unexpected::Unsigned(v), &self))
    }

    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Self::Value, E> {
        u64::try_from(v)
            .ok()
            .and_then(NumericDate::from_secs)
            .ok_or_else(|| E::invalid_value(serde::de::Unexpected::Signed(v), &self))
    }

    fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Self::Value, E> {
        // `as` truncates toward zero; below 2^53 the round trip back to f64
        // is exact, so it tells whether a fraction was dropped. The range
        // check also rejects NaN and infinities.
        let max = NumericDate::MAX_SECS as f64;
        if !(v >= 0.0 && v <= max) {
            return Err(E::invalid_value(serde::de::Unexpected::Float(v), &self));
        }
        let secs = v as u64;
        let fraction = secs as f64 != v;
        Ok(NumericDate { secs, fraction })
    }
}
