//! JWS compact serialization (RFC 7515 §7.1): three base64url segments,
//! strictly decoded (RFC 7515 §2: no padding, no whitespace, no other
//! characters; RFC 4648 §3.5: non-canonical trailing bits rejected), and the
//! protected header.

use core::fmt;

use heapless::String;
use serde::Deserialize;

use crate::form::FormValue;
use crate::jose::Algorithm;
use crate::jose::hash::Message;
use crate::json::{self, JsonError, JsonStr, read_object};
use crate::limits::MAX_KID_LEN;

mod escaped;

pub(crate) use escaped::EscapedCompact;

/// Which part of a JWS an error is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Segment {
    /// The protected header.
    Header,
    /// The payload (the claims).
    Payload,
    /// The signature.
    Signature,
}

impl Segment {
    /// The segment's name.
    pub const fn name(self) -> &'static str {
        match self {
            Self::Header => "header",
            Self::Payload => "payload",
            Self::Signature => "signature",
        }
    }
}

/// Why a JWS could not be taken apart.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum JwsError {
    /// Not exactly three `.`-separated segments (JWE has five).
    SegmentCount {
        /// Segments found.
        found: usize,
    },
    /// A segment is not strict unpadded base64url.
    Base64 {
        /// Which segment.
        segment: Segment,
    },
    /// A decoded segment is longer than its limit.
    TooLong {
        /// Which segment.
        segment: Segment,
        /// Its encoded length.
        len: usize,
        /// Most accepted (decoded).
        max: usize,
    },
    /// The header or payload is not strict JSON (duplicate members included).
    Json {
        /// Which segment.
        segment: Segment,
        /// What was wrong.
        error: JsonError,
    },
    /// The header has no `alg`.
    MissingAlgorithm,
    /// `kid` longer than [`MAX_KID_LEN`].
    KidTooLong,
}

impl fmt::Display for JwsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::SegmentCount { found } => write!(f, "JWS has {found} segments, 3 expected"),
            Self::Base64 { segment } => write!(f, "JWS {} is not strict base64url", segment.name()),
            Self::TooLong { segment, len, max } => {
                write!(
                    f,
                    "JWS {} is {len} characters, decoding to more than {max} bytes",
                    segment.name()
                )
            }
            Self::Json { segment, error } => {
                write!(f, "JWS {} is not valid JSON: {error}", segment.name())
            }
            Self::MissingAlgorithm => f.write_str("JWS header has no alg"),
            Self::KidTooLong => write!(f, "JWS kid is longer than {MAX_KID_LEN} bytes"),
        }
    }
}

impl core::error::Error for JwsError {}

/// The three segments of a compact JWS, still encoded.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Compact<'t> {
    pub(crate) header: &'t str,
    pub(crate) payload: &'t str,
    pub(crate) signature: &'t str,
    /// `header.payload`: what the signature covers.
    pub(crate) signing_input: &'t str,
}

impl<'t> Compact<'t> {
    fn segment(&self, segment: Segment) -> &'t str {
        match segment {
            Segment::Header => self.header,
            Segment::Payload => self.payload,
            Segment::Signature => self.signature,
        }
    }
}

impl<'t> EscapedCompact<'t> {
    fn segment(&self, segment: Segment) -> FormValue<'t> {
        match segment {
            Segment::Header => self.header,
            Segment::Payload => self.payload,
            Segment::Signature => self.signature,
        }
    }
}

/// A compact JWS, split: plain text (every token a provider sends in
/// practice), or still percent-encoded in the form value it came in.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Segments<'t> {
    Plain(Compact<'t>),
    Escaped(EscapedCompact<'t>),
}

impl<'t> Segments<'t> {
    /// Splits a token given as text.
    pub(crate) fn of_text(token: &'t str) -> Result<Self, JwsError> {
        split(token).map(Self::Plain)
    }

    /// Splits a token as it came in a redirect parameter, escaped or not.
    pub(crate) fn of_value(token: FormValue<'t>) -> Result<Self, JwsError> {
        match token.as_plain() {
            Some(text) => Self::of_text(text),
            None => escaped::split_escaped(token).map(Self::Escaped),
        }
    }

    /// Decodes one segment into `buf`, whose capacity `N` is its limit.
    pub(crate) fn decode<'b, const N: usize>(
        &self,
        segment: Segment,
        buf: &'b mut heapless::Vec<u8, N>,
    ) -> Result<&'b [u8], JwsError> {
        match self {
            Self::Plain(compact) => decode_sized(compact.segment(segment), buf, segment),
            Self::Escaped(compact) => {
                escaped::decode_escaped_sized(compact.segment(segment), buf, segment)
            }
        }
    }

    /// `header.payload`, what the signature covers.
    pub(crate) fn signing_input(&self) -> Message<'t> {
        match self {
            Self::Plain(compact) => Message::Bytes(compact.signing_input.as_bytes()),
            Self::Escaped(compact) => Message::SigningInput {
                header: compact.header,
                payload: compact.payload,
            },
        }
    }
}

/// Splits a compact JWS. Only the structure is checked here.
pub(crate) fn split(token: &str) -> Result<Compact<'_>, JwsError> {
    // One pass on the hot path; the segment count is only worked out for the
    // error.
    let count = || JwsError::SegmentCount {
        found: token.split('.').count(),
    };
    let mut parts = crate::form::split_ascii(token, b'.');
    let (Some(header), Some(payload), Some(signature), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(count());
    };
    let signing_len = header.len().saturating_add(1).saturating_add(payload.len());
    let signing_input = token.get(..signing_len).ok_or_else(count)?;
    Ok(Compact {
        header,
        payload,
        signature,
        signing_input,
    })
}

/// Decodes one segment into `buf` (whose length is the segment's limit).
pub(crate) fn decode<'b>(
    encoded: &str,
    buf: &'b mut [u8],
    segment: Segment,
) -> Result<&'b [u8], JwsError> {
    let max = buf.len();
    base64url_into(encoded.as_bytes(), buf).map_err(|refusal| match refusal {
        Base64Refusal::TooLong => JwsError::TooLong {
            segment,
            len: encoded.len(),
            max,
        },
        Base64Refusal::Invalid => JwsError::Base64 { segment },
    })
}

/// Why [`base64url_into`] decoded nothing.
pub(crate) enum Base64Refusal {
    /// The decoded bytes would not fit the buffer.
    TooLong,
    /// Not strict unpadded base64url.
    Invalid,
}

/// Strict unpadded base64url of `encoded` into `buf`: the JWS segments,
/// and the `at_hash` claim (`jose/hash.rs`).
///
/// This data is public, so a constant-time decoder (base64ct, used for the
/// secrets) buys nothing here and costs ~2 µs per token; a SIMD one decodes
/// a token's ~1.3 KB of base64url in ~0.15 µs instead of the `base64`
/// crate's ~0.5 µs. `base64-simd`'s URL_SAFE_NO_PAD is as strict as both:
/// it refuses padding, characters outside the alphabet (whitespace
/// included), a length of 1 mod 4 and non-zero trailing bits (RFC 4648
/// §3.5). Tests hold it to base64ct, the `jws` fuzz target to the `base64`
/// crate.
pub(crate) fn base64url_into<'b>(
    encoded: &[u8],
    buf: &'b mut [u8],
) -> Result<&'b [u8], Base64Refusal> {
    // 4 characters per 3 bytes, rounded up. Checked first: `base64-simd`
    // panics on an output buffer too small.
    if encoded.len().saturating_mul(3) / 4 > buf.len() {
        return Err(Base64Refusal::TooLong);
    }
    base64_simd::URL_SAFE_NO_PAD
        .decode(encoded, base64_simd::Out::from_slice(buf))
        .map(|decoded| &*decoded)
        .map_err(|_| Base64Refusal::Invalid)
}

/// [`decode`] into a list whose capacity `N` is the segment's limit (see
/// [`into_sized`]).
pub(crate) fn decode_sized<'b, const N: usize>(
    encoded: &str,
    buf: &'b mut heapless::Vec<u8, N>,
    segment: Segment,
) -> Result<&'b [u8], JwsError> {
    into_sized(encoded.len(), buf, segment, |out| {
        decode(encoded, out, segment).map(<[u8]>::len)
    })
}

/// Runs `decode` (which returns the length it decoded) on `buf`, a list
/// whose capacity `N` is the segment's limit, grown first to exactly what
/// `encoded_len` base64 characters can decode to, and cut afterwards to
/// what was decoded. Zeroing a whole limit-sized array per segment (2 KiB
/// for a header, 1 KiB for a signature) cost more than decoding a typical
/// token's header.
fn into_sized<const N: usize>(
    encoded_len: usize,
    buf: &mut heapless::Vec<u8, N>,
    segment: Segment,
    decode: impl FnOnce(&mut [u8]) -> Result<usize, JwsError>,
) -> Result<&[u8], JwsError> {
    buf.clear();
    if buf.resize(encoded_len.saturating_mul(3) / 4, 0).is_err() {
        return Err(JwsError::TooLong {
            segment,
            len: encoded_len,
            max: N,
        });
    }
    let len = decode(buf)?;
    buf.truncate(len);
    Ok(buf)
}

/// The protected header members this crate reads. `jwk`, `jku`, `x5u` and
/// `x5c` are deliberately not read: keys come from the configured JWK Set
/// only (RFC 8725 §3.10). Unknown members are skipped (but must be valid,
/// unique JSON).
///
/// Read by [`RawHeader::parse`], without `serde`; the derive is its
/// reference twin (tests and the `json_claims` fuzz target require the two to agree
/// on every input), and costs no code where unused.
#[derive(Default, Debug, Deserialize)]
struct RawHeader<'a> {
    #[serde(borrow)]
    alg: Option<JsonStr<'a>>,
    #[serde(borrow)]
    kid: Option<JsonStr<'a>>,
    #[serde(borrow)]
    typ: Option<JsonStr<'a>>,
    // Filled by the derive only, and read only where it is compared.
    #[cfg_attr(not(any(test, feature = "dangerous-test-hooks")), allow(dead_code))]
    #[serde(borrow)]
    crit: Option<json::RawValue<'a>>,
    /// What [`RawHeader::parse`] keeps of `crit` (the derive fills `crit`).
    #[serde(skip)]
    has_crit: bool,
}

impl<'a> RawHeader<'a> {
    /// Reads a decoded header: one object; `alg`, `kid` and `typ` strings
    /// (or `null`, read as absent); `crit` any value but `null`.
    fn parse(decoded: &'a [u8]) -> Result<Self, JsonError> {
        let mut h = Self::default();
        read_object(decoded, |name, value| {
            // One string read for the three string members, not one each
            // (see `CoreClaims::parse`).
            let member = match name {
                "alg" => &mut h.alg,
                "kid" => &mut h.kid,
                "typ" => &mut h.typ,
                // Only its presence matters (the value is checked as JSON).
                "crit" => {
                    h.has_crit = value.present()?;
                    return Ok(());
                }
                _ => return value.skip(),
            };
            *member = value.string()?;
            Ok(())
        })?;
        Ok(h)
    }
}

/// Whether [`RawHeader::parse`] and the `serde` derive read a decoded header
/// the same: the same error, or the same members with the same raw text.
#[cfg(any(test, feature = "dangerous-test-hooks"))]
pub(crate) fn header_parsers_agree(decoded: &[u8]) -> bool {
    fn raw<'s>(h: &RawHeader<'s>) -> [Option<&'s str>; 3] {
        [h.alg, h.kid, h.typ].map(|s| s.map(|s| s.raw()))
    }
    json::agrees_with_serde(decoded, RawHeader::parse(decoded), |a, b| {
        raw(a) == raw(b) && a.has_crit == b.crit.is_some()
    })
}

/// The `alg` value: one this crate implements, or something else.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum HeaderAlg {
    Supported(Algorithm),
    /// `none`, `HS*`, or any name this crate does not implement.
    Unsupported,
}

/// The `typ` value, classified.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum HeaderTyp {
    Absent,
    /// `JWT` or `application/jwt`.
    Jwt,
    /// `at+jwt` or `application/at+jwt` (RFC 9068 access token).
    AccessTokenJwt,
    Other,
}

/// The checked protected header.
#[derive(Clone, Debug)]
pub(crate) struct Header {
    pub(crate) alg: HeaderAlg,
    pub(crate) kid: Option<String<MAX_KID_LEN>>,
    pub(crate) typ: HeaderTyp,
    pub(crate) has_crit: bool,
}

pub(crate) fn parse_header(decoded: &[u8]) -> Result<Header, JwsError> {
    let raw = RawHeader::parse(decoded).map_err(|error| JwsError::Json {
        segment: Segment::Header,
        error,
    })?;
    let alg_text = raw.alg.ok_or(JwsError::MissingAlgorithm)?;
    let mut alg_buf = [0u8; 16];
    // Names are compared decoded; most have no escapes and need no copy.
    let alg = match alg_text
        .as_plain()
        .or_else(|| alg_text.decode_into(&mut alg_buf).ok())
        .and_then(Algorithm::from_name)
    {
        Some(alg) => HeaderAlg::Supported(alg),
        None => HeaderAlg::Unsupported,
    };
    let kid = match raw.kid {
        Some(k) => {
            let mut s = String::new();
            k.write_to(&mut s).map_err(|_| JwsError::KidTooLong)?;
            Some(s)
        }
        None => None,
    };
    let typ = match raw.typ {
        None => HeaderTyp::Absent,
        Some(t) => classify_typ(t),
    };
    Ok(Header {
        alg,
        kid,
        typ,
        has_crit: raw.has_crit,
    })
}

/// RFC 7515 §4.1.9: a media type, compared case-insensitively, where the
/// `application/` prefix may be left out.
fn classify_typ(typ: JsonStr<'_>) -> HeaderTyp {
    let mut buf = [0u8; 32];
    let Some(text) = typ.as_plain().or_else(|| typ.decode_into(&mut buf).ok()) else {
        return HeaderTyp::Other;
    };
    let bare = match text.get(..12) {
        Some(prefix) if prefix.eq_ignore_ascii_case("application/") => text.get(12..).unwrap_or(""),
        _ => text,
    };
    if bare.eq_ignore_ascii_case("jwt") {
        HeaderTyp::Jwt
    } else if bare.eq_ignore_ascii_case("at+jwt") {
        HeaderTyp::AccessTokenJwt
    } else {
        HeaderTyp::Other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    type Parts<'t> = Result<(&'t str, &'t str, &'t str), JwsError>;

    #[test]
    fn split_counts_segments() {
        let cases: &[(&str, Parts<'_>)] = &[
            ("a.b.c", Ok(("a", "b", "c"))),
            ("a.b.", Ok(("a", "b", ""))),
            ("a.b", Err(JwsError::SegmentCount { found: 2 })),
            ("a.b.c.d", Err(JwsError::SegmentCount { found: 4 })),
            ("a.b.c.d.e", Err(JwsError::SegmentCount { found: 5 })),
            ("", Err(JwsError::SegmentCount { found: 1 })),
        ];
        for (token, expected) in cases {
            let got = split(token).map(|c| (c.header, c.payload, c.signature));
            assert_eq!(got, *expected, "{token}");
        }
        assert_eq!(split("h.p.s").map(|c| c.signing_input), Ok("h.p"));
    }

    #[test]
    fn decoding_is_strict() {
        let mut buf = [0u8; 16];
        assert_eq!(decode("YWJj", &mut buf, Segment::Payload), Ok(&b"abc"[..]));
        assert_eq!(decode("YWI", &mut buf, Segment::Payload), Ok(&b"ab"[..]));
        for bad in ["YWI=", "YW I", "YWI\n", "YW+/", "YWJ", "Y"] {
            assert_eq!(
                decode(bad, &mut buf, Segment::Payload),
                Err(JwsError::Base64 {
                    segment: Segment::Payload
                }),
                "{bad:?}"
            );
        }
        let mut small = [0u8; 2];
        assert!(matches!(
            decode("YWJj", &mut small, Segment::Header),
            Err(JwsError::TooLong { .. })
        ));
    }

    /// A buffer of exactly the decoded length is enough (the callers size
    /// the payload buffer that way, and a signature may be exactly
    /// `MAX_JWS_SIGNATURE_LEN`): the decoder must not ask for a rounded-up
    /// estimate.
    #[test]
    fn exact_size_buffers_suffice() {
        use base64ct::{Base64UrlUnpadded, Encoding};
        let data: std::vec::Vec<u8> = (0..=255u8).cycle().take(1100).collect();
        let mut text = [0u8; 1500];
        let mut out = [0u8; 1100];
        for len in (0..=70).chain([1022, 1023, 1024, 1025]) {
            let bytes = data.get(..len).unwrap();
            let encoded = Base64UrlUnpadded::encode(bytes, &mut text).unwrap();
            let exact = out.get_mut(..len).unwrap();
            assert_eq!(
                decode(encoded, exact, Segment::Signature),
                Ok(bytes),
                "{len}"
            );
        }
    }

    proptest::proptest! {
        /// The fast decoder agrees with base64ct's strict constant-time one
        /// (an independent implementation) on every input: the same bytes
        /// for what both accept, a refusal for what base64ct refuses. Long
        /// inputs reach the SIMD loops (32 or 16 characters a round), with a
        /// stray character anywhere in them.
        #[test]
        fn decoding_agrees_with_base64ct(text in "[A-Za-z0-9_-]{0,300}[=+/ .\n\u{e9}]?[A-Za-z0-9_-]{0,70}") {
            use base64ct::{Base64UrlUnpadded, Encoding};
            let mut ours = [0u8; 512];
            let mut theirs = [0u8; 512];
            let got = decode(&text, &mut ours, Segment::Payload).ok();
            let expected = Base64UrlUnpadded::decode(&text, &mut theirs).ok();
            proptest::prop_assert_eq!(got, expected);
        }
    }

    #[test]
    fn header_fields() {
        let h = parse_header(br#"{"alg":"RS256","kid":"k\u0031","typ":"JWT"}"#);
        let h = h.unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(h.alg, HeaderAlg::Supported(Algorithm::Rs256));
        assert_eq!(h.kid.as_deref(), Some("k1"));
        assert_eq!(h.typ, HeaderTyp::Jwt);
        assert!(!h.has_crit);
        let cases: &[(&[u8], HeaderTyp)] = &[
            (
                br#"{"alg":"ES256","typ":"application/JWT"}"#,
                HeaderTyp::Jwt,
            ),
            (
                br#"{"alg":"ES256","typ":"at+jwt"}"#,
                HeaderTyp::AccessTokenJwt,
            ),
            (
                br#"{"alg":"ES256","typ":"application/at+JWT"}"#,
                HeaderTyp::AccessTokenJwt,
            ),
            (br#"{"alg":"ES256","typ":"JOSE"}"#, HeaderTyp::Other),
            // Escaped values are compared decoded (plain ones without a copy).
            (
                br#"{"alg":"ES256","typ":"\u0061t+jwt"}"#,
                HeaderTyp::AccessTokenJwt,
            ),
            (br#"{"alg":"ES256","typ":"JW\u0054"}"#, HeaderTyp::Jwt),
            (br#"{"alg":"ES256"}"#, HeaderTyp::Absent),
        ];
        for (json, typ) in cases {
            assert_eq!(parse_header(json).map(|h| h.typ), Ok(*typ));
        }
        assert_eq!(
            parse_header(br#"{"alg":"none"}"#).map(|h| h.alg),
            Ok(HeaderAlg::Unsupported)
        );
        assert_eq!(
            parse_header(br#"{"alg":"RS\u00325\u0036"}"#).map(|h| h.alg),
            Ok(HeaderAlg::Supported(Algorithm::Rs256))
        );
        assert_eq!(
            parse_header(br#"{"alg":"n\u006fne"}"#).map(|h| h.alg),
            Ok(HeaderAlg::Unsupported)
        );
        assert_eq!(
            parse_header(br#"{"alg":"HS256"}"#).map(|h| h.alg),
            Ok(HeaderAlg::Unsupported)
        );
        assert_eq!(
            parse_header(br#"{"kid":"x"}"#).err(),
            Some(JwsError::MissingAlgorithm)
        );
        assert!(matches!(
            parse_header(br#"{"alg":"RS256","alg":"HS256"}"#),
            Err(JwsError::Json { .. })
        ));
        assert_eq!(
            parse_header(br#"{"alg":"RS256","crit":["exp"]}"#).map(|h| h.has_crit),
            Ok(true)
        );
        // `crit: null` reads as absent, as an `Option` reads it.
        assert_eq!(
            parse_header(br#"{"alg":"RS256","crit":null}"#).map(|h| h.has_crit),
            Ok(false)
        );
        assert_eq!(
            parse_header(br#"{"alg":"RS256","crit":{"a":1,"a":2}}"#).err(),
            Some(JwsError::Json {
                segment: Segment::Header,
                error: JsonError::DuplicateMember { offset: 29 },
            })
        );
        assert_eq!(
            parse_header(br#"{"alg":"RS256","typ":1}"#).err(),
            Some(JwsError::Json {
                segment: Segment::Header,
                error: JsonError::InvalidType {
                    found: json::JsonKind::Number,
                    offset: Some(21),
                },
            })
        );
    }

    /// Header member names: those read, escaped forms, unknown ones.
    const HEADER_NAMES: &[&str] = &[
        "\"alg\"",
        "\"kid\"",
        "\"typ\"",
        "\"crit\"",
        "\"\\u0061lg\"",
        "\"cr\\u0069t\"",
        "\"jku\"",
        "\"has_crit\"",
        "\"\"",
    ];

    proptest::proptest! {
        /// The header reader without serde and its serde twin give the same
        /// members or the same error.
        #[test]
        fn header_reader_agrees_with_serde_twin(
            doc in crate::json::test_documents::object_with(HEADER_NAMES)
        ) {
            proptest::prop_assert!(header_parsers_agree(doc.as_bytes()), "{}", doc);
        }
    }
}
