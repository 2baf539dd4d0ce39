//! Constant-time equality, for the values an attacker could otherwise learn
//! byte by byte from response times: `state`, `nonce` and the token hashes.
//!
//! Built on `ctutils` (RustCrypto's successor to `subtle`, already in the
//! tree through `crypto-bigint`): it compares a machine word at a time behind
//! `cmov`. `subtle` went a byte at a time, each through a volatile read;
//! three 43-byte comparisons cost ≈ 0.2 µs of every `complete`.

use ctutils::{Choice, CtEq};

/// Whether `a` and `b` are the same bytes, without branching on their
/// contents. Lengths are public (ours are fixed by construction) and a
/// mismatch returns at once.
pub(crate) fn eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.ct_eq(b).to_bool()
}

/// Constant-time equality of a byte stream (an escaped value decoded on the
/// fly) with `expected`, fed one byte at a time.
pub(crate) struct StreamEq<'e> {
    expected: &'e [u8],
    seen: usize,
    equal: Choice,
}

impl<'e> StreamEq<'e> {
    pub(crate) const fn new(expected: &'e [u8]) -> Self {
        Self {
            expected,
            seen: 0,
            equal: Choice::TRUE,
        }
    }

    /// The next byte of the stream; bytes past `expected`'s end compare with
    /// zero and the final length check fails them.
    pub(crate) fn push(&mut self, b: u8) {
        let e = self.expected.get(self.seen).copied().unwrap_or(0);
        self.equal = self.equal.and(b.ct_eq(&e));
        self.seen = self.seen.saturating_add(1);
    }

    /// Whether the stream equalled `expected`, length included.
    pub(crate) fn finish(self) -> bool {
        self.seen == self.expected.len() && self.equal.to_bool()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table() {
        let cases: &[(&[u8], &[u8], bool)] = &[
            (b"", b"", true),
            (b"a", b"a", true),
            (b"a", b"b", false),
            (b"abc", b"ab", false),
            (b"ab", b"abc", false),
            // Every position of a word-sized chunk and of the remainder.
            (b"0123456789abcdef0123", b"0123456789abcdef0123", true),
            (b"x123456789abcdef0123", b"0123456789abcdef0123", false),
            (b"0123456x89abcdef0123", b"0123456789abcdef0123", false),
            (b"01234567x9abcdef0123", b"0123456789abcdef0123", false),
            (b"0123456789abcdef012x", b"0123456789abcdef0123", false),
            (b"0123456789abcdef0123\0", b"0123456789abcdef0123", false),
        ];
        for &(a, b, want) in cases {
            assert_eq!(eq(a, b), want, "{a:?} {b:?}");
            let mut stream = StreamEq::new(b);
            a.iter().for_each(|&x| stream.push(x));
            assert_eq!(stream.finish(), want, "stream {a:?} {b:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn agrees_with_plain_equality(a in proptest::collection::vec(0u8..4, 0..40), b in proptest::collection::vec(0u8..4, 0..40)) {
            proptest::prop_assert_eq!(eq(&a, &b), a == b);
            let mut stream = StreamEq::new(&b);
            a.iter().for_each(|&x| stream.push(x));
            proptest::prop_assert_eq!(stream.finish(), a == b);
        }
    }
}
