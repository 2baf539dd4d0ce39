//! A compact JWS that arrived percent-encoded in the redirect (`%2E` for a
//! dot, say; legal, if rare). Its segments are cut at the decoded dots and
//! decoded chunk by chunk straight from the escaped text, and its signing
//! input is hashed the same way (`hash::Message::SigningInput`), so no
//! decoded copy of the whole token (up to `MAX_TOKEN_LEN`, 16 KiB) is made:
//! such a copy set firmware's deepest stack.
//!
//! Every outcome is the one the plain path gives on the decoded token:
//! the same segment count, the same bytes, the same refusals. Chunks are a
//! whole number of base64 quanta except the last, and strict unpadded
//! base64url decodes such quanta independently, so only the last chunk's
//! length and trailing bits can be refused, as only the whole segment's
//! end can be.

use heapless::Vec;

use super::{Base64Refusal, JwsError, Segment, base64url_into, into_sized};
use crate::form::FormValue;

/// The three segments, each still escaped.
#[derive(Clone, Copy, Debug)]
pub(crate) struct EscapedCompact<'t> {
    pub(crate) header: FormValue<'t>,
    pub(crate) payload: FormValue<'t>,
    pub(crate) signature: FormValue<'t>,
}

/// Splits at the dots of the decoded token, written as `.` or as `%2E`.
#[cold]
#[inline(never)]
pub(crate) fn split_escaped(token: FormValue<'_>) -> Result<EscapedCompact<'_>, JwsError> {
    let mut parts = token.split_decoded(b'.');
    let (Some(header), Some(payload), Some(signature), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(JwsError::SegmentCount {
            found: token.split_decoded(b'.').count(),
        });
    };
    Ok(EscapedCompact {
        header,
        payload,
        signature,
    })
}

/// `decode_sized` for an escaped segment: the same limit, length and
/// refusals, decoded from the escaped text a chunk at a time.
pub(crate) fn decode_escaped_sized<'b, const N: usize>(
    encoded: FormValue<'_>,
    buf: &'b mut Vec<u8, N>,
    segment: Segment,
) -> Result<&'b [u8], JwsError> {
    into_sized(encoded.decoded_len(), buf, segment, |out| {
        decode_escaped(encoded, out, segment)
    })
}

/// Decodes into `out`, sized for the whole segment; returns the length.
/// Not generic, out of line and cold: one copy serves the three segment
/// limits, and none of it is in the code a plain token runs.
#[cold]
#[inline(never)]
fn decode_escaped(
    encoded: FormValue<'_>,
    out: &mut [u8],
    segment: Segment,
) -> Result<usize, JwsError> {
    let max = out.len();
    let mut filled = 0usize;
    encoded.try_for_each_chunk(|chunk| {
        // `out` has room for the whole segment, so for every chunk.
        let rest = out.get_mut(filled..).unwrap_or_default();
        let decoded = base64url_into(chunk, rest).map_err(|refusal| match refusal {
            Base64Refusal::TooLong => JwsError::TooLong {
                segment,
                len: encoded.decoded_len(),
                max,
            },
            Base64Refusal::Invalid => JwsError::Base64 { segment },
        })?;
        filled = filled.saturating_add(decoded.len());
        Ok(())
    })?;
    Ok(filled)
}

#[cfg(test)]
mod tests {
    extern crate std;

    use std::format;
    use std::vec::Vec as StdVec;

    use proptest::prelude::*;

    use super::*;
    use crate::form::{FormParams, escape_some};
    use crate::jose::hash::Message;
    use crate::jose::jws::{Segments, decode_sized, split};

    /// Runs `f` on `escaped` as the value of a parsed form parameter (an
    /// empty one is absent, so it is given the empty value).
    fn with_value<R>(escaped: &str, f: impl FnOnce(FormValue<'_>) -> R) -> R {
        let text = format!("v={escaped}");
        let params = FormParams::parse(&text, 0).unwrap_or_else(|e| panic!("{e}: {text}"));
        f(params.get("v").unwrap_or(FormValue::EMPTY))
    }

    fn decode_plain<const N: usize>(text: &str) -> Result<StdVec<u8>, JwsError> {
        let mut buf = Vec::<u8, N>::new();
        decode_sized(text, &mut buf, Segment::Payload).map(<[u8]>::to_vec)
    }

    fn decode_escaped<const N: usize>(value: FormValue<'_>) -> Result<StdVec<u8>, JwsError> {
        let mut buf = Vec::<u8, N>::new();
        decode_escaped_sized(value, &mut buf, Segment::Payload).map(<[u8]>::to_vec)
    }

    /// Known refusals and answers, each escaped everywhere: across chunk
    /// boundaries (a chunk is 256 characters), at the end, and with every
    /// kind of error the plain decoder reports.
    #[test]
    fn decodes_as_the_plain_segment_does() {
        let long = "QUJD".repeat(200); // 800 characters, 600 bytes of "ABC"
        let long_bad_early = format!("QU*D{}", "QUJD".repeat(100));
        let long_bad_late = format!("{}QUJ*", "QUJD".repeat(100));
        let table: [(&str, Result<StdVec<u8>, JwsError>); 9] = [
            ("", Ok(StdVec::new())),
            ("QQ", Ok(b"A".to_vec())),
            ("QUI", Ok(b"AB".to_vec())),
            (
                "QR",
                Err(JwsError::Base64 {
                    segment: Segment::Payload,
                }),
            ),
            (
                "QUJDR",
                Err(JwsError::Base64 {
                    segment: Segment::Payload,
                }),
            ),
            (
                "QUI=",
                Err(JwsError::Base64 {
                    segment: Segment::Payload,
                }),
            ),
            (&long, Ok(b"ABC".repeat(200))),
            (
                &long_bad_early,
                Err(JwsError::Base64 {
                    segment: Segment::Payload,
                }),
            ),
            (
                &long_bad_late,
                Err(JwsError::Base64 {
                    segment: Segment::Payload,
                }),
            ),
        ];
        for (text, want) in table {
            assert_eq!(decode_plain::<1024>(text), want, "{text}");
            for mask in [&[true][..], &[false, true], &[true, false, false]] {
                let escaped = escape_some(text, mask);
                with_value(&escaped, |v| {
                    assert_eq!(decode_escaped::<1024>(v), want, "{escaped}");
                });
            }
        }
        // Too long for the limit: the same error, with the encoded length.
        let escaped = escape_some(&long, &[true]);
        with_value(&escaped, |v| {
            assert_eq!(
                decode_escaped::<599>(v),
                Err(JwsError::TooLong {
                    segment: Segment::Payload,
                    len: 800,
                    max: 599
                })
            );
        });
        assert_eq!(
            decode_plain::<599>(&long),
            Err(JwsError::TooLong {
                segment: Segment::Payload,
                len: 800,
                max: 599
            })
        );
    }

    #[test]
    fn splits_at_written_and_escaped_dots() {
        let table: [(&str, Result<[&str; 3], usize>); 8] = [
            ("a.b.c", Ok(["a", "b", "c"])),
            ("a%2Eb%2ec", Ok(["a", "b", "c"])),
            ("%61%2E%62.c", Ok(["%61", "%62", "c"])),
            ("%61%2E%62.c%2E", Err(4)),
            ("a%2Eb", Err(2)),
            ("a.b%2Ec.d", Err(4)),
            ("%2E%2E%2E%2E", Err(5)),
            ("a%2Fb.c", Err(2)),
        ];
        for (raw, want) in table {
            with_value(raw, |v| {
                let got = split_escaped(v)
                    .map(|c| [c.header.raw(), c.payload.raw(), c.signature.raw()])
                    .map_err(|e| match e {
                        JwsError::SegmentCount { found } => found,
                        other => panic!("{other}"),
                    });
                assert_eq!(got, want, "{raw}");
            });
        }
    }

    /// A segment: mostly base64url, sometimes a stray character, its
    /// length sometimes past a 256-byte chunk (shorter under miri, which
    /// interprets slowly).
    const SEGMENT: &str = if cfg!(miri) {
        "[A-Za-z0-9_-]{0,90}[*=+/.]?[A-Za-z0-9_-]{0,10}"
    } else {
        "[A-Za-z0-9_-]{0,300}[*=+/.]?[A-Za-z0-9_-]{0,30}"
    };

    proptest! {
        /// On three segments (four when a stray dot is drawn), escaped any
        /// way, the escaped path splits, decodes and hashes exactly as the
        /// plain path does on the decoded text.
        #[test]
        fn agrees_with_the_plain_path(
            segments in proptest::collection::vec(SEGMENT, 3),
            mask in proptest::collection::vec(any::<bool>(), 1..7),
        ) {
            let text = segments.join(".");
            let escaped = escape_some(&text, &mask);
            with_value(&escaped, |v| {
                let plain = split(&text);
                let ours = split_escaped(v);
                prop_assert_eq!(plain.as_ref().err(), ours.as_ref().err());
                if let (Ok(plain), Ok(ours)) = (plain, ours) {
                    for segment in [Segment::Header, Segment::Payload, Segment::Signature] {
                        let mut a = Vec::<u8, 240>::new();
                        let mut b = Vec::<u8, 240>::new();
                        let want = Segments::Plain(plain).decode(segment, &mut a).map(<[u8]>::to_vec);
                        let got = Segments::Escaped(ours).decode(segment, &mut b).map(<[u8]>::to_vec);
                        prop_assert_eq!(got, want);
                    }
                    let hash = |m: Message<'_>| -> [u8; 32] { m.hash::<sha2::Sha256>().into() };
                    prop_assert_eq!(
                        hash(Segments::Escaped(ours).signing_input()),
                        hash(Segments::Plain(plain).signing_input())
                    );
                }
                Ok(())
            })?;
        }
    }
}
