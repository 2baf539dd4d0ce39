//! A streaming UTF-8 validator for percent-decoded bytes.
//!
//! Percent-decoding can produce any byte sequence, so the decoded form of a
//! valid `&str` still has to be checked; doing it while streaming avoids a
//! buffer (the form decoder allocates nothing).

/// Validates a byte stream as UTF-8 (Unicode Table 3-7: no overlongs, no
/// surrogates, nothing above U+10FFFF).
#[derive(Default)]
pub(crate) struct Utf8Validator {
    /// Continuation bytes still expected.
    pending: u8,
    /// Allowed range of the next continuation byte (narrowed after some
    /// lead bytes to exclude overlongs, surrogates and > U+10FFFF).
    low: u8,
    high: u8,
}

impl Utf8Validator {
    /// Feeds one byte; `false` means the stream is not UTF-8.
    pub(crate) fn push(&mut self, b: u8) -> bool {
        if self.pending > 0 {
            if b < self.low || b > self.high {
                return false;
            }
            self.pending = self.pending.saturating_sub(1);
            self.low = 0x80;
            self.high = 0xBF;
            return true;
        }
        let (pending, low, high) = match b {
            0x00..=0x7F => return true,
            0xC2..=0xDF => (1, 0x80, 0xBF),
            0xE0 => (2, 0xA0, 0xBF),
            0xE1..=0xEC | 0xEE..=0xEF => (2, 0x80, 0xBF),
            0xED => (2, 0x80, 0x9F),
            0xF0 => (3, 0x90, 0xBF),
            0xF1..=0xF3 => (3, 0x80, 0xBF),
            0xF4 => (3, 0x80, 0x8F),
            _ => return false,
        };
        self.pending = pending;
        self.low = low;
        self.high = high;
        true
    }

    /// `true` when the stream ended on a character boundary.
    pub(crate) fn finish(&self) -> bool {
        self.pending == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn validate(bytes: &[u8]) -> bool {
        let mut v = Utf8Validator::default();
        bytes.iter().all(|b| v.push(*b)) && v.finish()
    }

    #[test]
    fn table() {
        let cases: &[(&[u8], bool)] = &[
            (b"", true),
            (b"abc", true),
            ("é€😀".as_bytes(), true),
            (b"\xC0\xAF", false),         // overlong '/'
            (b"\xE0\x80\xAF", false),     // overlong
            (b"\xED\xA0\x80", false),     // surrogate U+D800
            (b"\xF4\x90\x80\x80", false), // above U+10FFFF
            (b"\xF5\x80\x80\x80", false),
            (b"\xE2\x82", false), // truncated
            (b"\x80", false),     // lone continuation
            (b"\xFF", false),
        ];
        for (bytes, ok) in cases {
            assert_eq!(validate(bytes), *ok, "{bytes:?}");
        }
    }

    proptest! {
        #[test]
        fn agrees_with_core(bytes in proptest::collection::vec(any::<u8>(), 0..24)) {
            prop_assert_eq!(validate(&bytes), core::str::from_utf8(&bytes).is_ok());
        }
    }
}
