//! The members of a JWK Set and of each JWK that this crate reads, read
//! without `serde`, as the ID-token claims are (`json/members.rs` says why).
//!
//! A key set is parsed once per fetch, not per login, so here the gain is
//! size: `serde`'s object, sequence, option and newtype machinery for these
//! two types was most of the JSON code in a firmware image
//! (`tests/bench/BENCHMARKS.md`). The `serde` derives stay as the reference
//! twins: tests and the `jwks` fuzz target require both readings to agree.

use heapless::Vec;
use serde::Deserialize;

use crate::json::{JsonError, JsonStr, RawValue, read_object};
use crate::limits::MAX_JWKS_ENTRIES;

/// At most this many `key_ops` values are read (RFC 7517 §4.3 defines eight).
const MAX_KEY_OPS: usize = 16;

/// The members of a JWK this crate reads.
#[derive(Default, Deserialize)]
pub(super) struct RawJwk<'a> {
    #[serde(borrow)]
    pub(super) kty: Option<JsonStr<'a>>,
    #[serde(borrow, rename = "use")]
    pub(super) use_: Option<JsonStr<'a>>,
    #[serde(borrow)]
    pub(super) key_ops: Option<Vec<JsonStr<'a>, MAX_KEY_OPS>>,
    #[serde(borrow)]
    pub(super) alg: Option<JsonStr<'a>>,
    #[serde(borrow)]
    pub(super) kid: Option<JsonStr<'a>>,
    #[serde(borrow)]
    pub(super) n: Option<JsonStr<'a>>,
    #[serde(borrow)]
    pub(super) e: Option<JsonStr<'a>>,
    #[serde(borrow)]
    pub(super) crv: Option<JsonStr<'a>>,
    #[serde(borrow)]
    pub(super) x: Option<JsonStr<'a>>,
    #[serde(borrow)]
    pub(super) y: Option<JsonStr<'a>>,
}

impl<'a> RawJwk<'a> {
    /// Reads one JWK: an object whose known members are strings (`key_ops`
    /// an array of strings) or `null`, every other member skipped but
    /// checked.
    ///
    /// # Errors
    /// The first problem in the document (the error `serde` gives too).
    pub(super) fn parse(text: &'a [u8]) -> Result<Self, JsonError> {
        let mut jwk = Self::default();
        read_object(text, |name, value| {
            match name {
                "key_ops" => jwk.key_ops = value.string_array()?,
                _ => match jwk.string_member(name) {
                    Some(member) => *member = value.string()?,
                    None => value.skip()?,
                },
            }
            Ok(())
        })?;
        Ok(jwk)
    }

    /// Where the string member `name` goes, if it is read.
    fn string_member(&mut self, name: &str) -> Option<&mut Option<JsonStr<'a>>> {
        Some(match name {
            "kty" => &mut self.kty,
            "use" => &mut self.use_,
            "alg" => &mut self.alg,
            "kid" => &mut self.kid,
            "n" => &mut self.n,
            "e" => &mut self.e,
            "crv" => &mut self.crv,
            "x" => &mut self.x,
            "y" => &mut self.y,
            _ => return None,
        })
    }
}

/// The members of a JWK Set this crate reads: its entries, each kept as
/// text so that one malformed entry is skipped, not fatal.
#[derive(Deserialize)]
pub(super) struct RawSet<'a> {
    #[serde(borrow)]
    pub(super) keys: Option<Vec<RawValue<'a>, MAX_JWKS_ENTRIES>>,
}

impl<'a> RawSet<'a> {
    /// Reads a JWK Set document: one object whose `keys` is an array of at
    /// most [`MAX_JWKS_ENTRIES`] values (or `null`), every other member
    /// skipped but checked.
    ///
    /// # Errors
    /// The first problem in the document (the error `serde` gives too).
    pub(super) fn parse(text: &'a [u8]) -> Result<Self, JsonError> {
        let mut keys = None;
        read_object(text, |name, value| {
            if name == "keys" {
                keys = value.raw_values()?;
            } else {
                value.skip()?;
            }
            Ok(())
        })?;
        Ok(Self { keys })
    }
}

/// Whether the two readings of a JWK Set, [`RawSet::parse`] and the `serde`
/// derive, agree exactly, and so do the two readings of each entry: the
/// same error, or the same members with the same raw (escaped) text.
#[cfg(any(test, feature = "dangerous-test-hooks"))]
pub(crate) fn parsers_agree(text: &[u8]) -> bool {
    crate::json::agrees_with_serde(text, RawSet::parse(text), |a, b| {
        a.keys == b.keys
            && a.keys
                .iter()
                .flatten()
                .all(|entry| entry_parsers_agree(entry.as_bytes()))
    })
}

/// [`parsers_agree`] for one JWK.
#[cfg(any(test, feature = "dangerous-test-hooks"))]
fn entry_parsers_agree(text: &[u8]) -> bool {
    fn members<'s>(jwk: &RawJwk<'s>) -> ([Option<&'s str>; 9], Option<Vec<&'s str, MAX_KEY_OPS>>) {
        let strings = [
            jwk.kty, jwk.use_, jwk.alg, jwk.kid, jwk.n, jwk.e, jwk.crv, jwk.x, jwk.y,
        ]
        .map(|s| s.map(|s| s.raw()));
        let key_ops = jwk
            .key_ops
            .as_ref()
            .map(|ops| ops.iter().map(|op| op.raw()).collect());
        (strings, key_ops)
    }
    crate::json::agrees_with_serde(text, RawJwk::parse(text), |a, b| members(a) == members(b))
}

#[cfg(test)]
mod tests {
    extern crate std;

    use proptest::prelude::*;

    use super::*;
    use crate::json::test_documents::object_with;

    /// Member names of a JWK: every one read, escaped forms, unknown ones.
    const JWK_NAMES: &[&str] = &[
        "\"kty\"",
        "\"use\"",
        "\"key_ops\"",
        "\"alg\"",
        "\"kid\"",
        "\"n\"",
        "\"e\"",
        "\"crv\"",
        "\"x\"",
        "\"y\"",
        "\"k\\u0074y\"",
        "\"key\\u005fops\"",
        "\"x5c\"",
        "\"\"",
        "kty",
    ];

    /// Member names of a set.
    const SET_NAMES: &[&str] = &["\"keys\"", "\"k\\u0065ys\"", "\"other\"", "\"Keys\""];

    fn read(text: &str) -> Result<usize, JsonError> {
        RawSet::parse(text.as_bytes()).map(|s| s.keys.map_or(0, |k| k.len()))
    }

    #[test]
    fn set_documents() {
        let entries_33 = std::format!("{{\"keys\":[{}]}}", ["{}"; 33].join(","));
        let entries_32 = std::format!("{{\"keys\":[{}]}}", ["{}"; 32].join(","));
        let cases: [(&str, Result<usize, JsonError>); 10] = [
            (r#"{"keys":[{"kty":"EC"}, {"a":[1,{}]} ,7]}"#, Ok(3)),
            (r#"{"keys":null}"#, Ok(0)),
            (r#"{"other":{"keys":1}}"#, Ok(0)),
            (&entries_32, Ok(32)),
            (&entries_33, Err(JsonError::ArrayTooLong { limit: 32 })),
            (
                r#"{"keys":{}}"#,
                Err(JsonError::InvalidType {
                    found: crate::json::JsonKind::Object,
                    offset: Some(8),
                }),
            ),
            (
                r#"{"keys":[],"keys":[]}"#,
                Err(JsonError::DuplicateMember { offset: 11 }),
            ),
            (
                r#"{"keys":[{"a":1,"a":2}]}"#,
                Err(JsonError::DuplicateMember { offset: 16 }),
            ),
            (
                r#"{"keys":[1,]}"#,
                Err(JsonError::UnexpectedByte {
                    offset: 11,
                    found: b']',
                }),
            ),
            (
                r#"[]"#,
                Err(JsonError::InvalidType {
                    found: crate::json::JsonKind::Array,
                    offset: Some(0),
                }),
            ),
        ];
        for (text, want) in cases {
            assert_eq!(read(text), want, "{text}");
            assert!(
                parsers_agree(text.as_bytes()),
                "serde twin differs on {text}"
            );
        }
        // Entries keep their text, without the whitespace around them.
        let set = RawSet::parse(br#"{"keys":[ {"kty":"EC"} ,	"x" ]}"#);
        let texts: std::vec::Vec<&str> = set
            .iter()
            .flat_map(|s| s.keys.iter().flatten())
            .map(RawValue::as_text)
            .collect();
        assert_eq!(texts, [r#"{"kty":"EC"}"#, r#""x""#]);
    }

    #[test]
    fn jwk_documents() {
        let ok = RawJwk::parse(br#"{"kty":"RSA","key_ops":["verify","sign"],"n":"AQ","e":"AQAB","x5c":["a"],"alg":null}"#);
        let Ok(jwk) = ok else { panic!("refused") };
        assert_eq!(jwk.kty.map(|s| s.raw()), Some("RSA"));
        assert_eq!(jwk.key_ops.map(|ops| ops.len()), Some(2));
        assert_eq!(jwk.alg.map(|s| s.raw()), None);
        let refused = [
            // `key_ops` is an array, not one string (RFC 7517 §4.3).
            r#"{"key_ops":"verify"}"#,
            r#"{"key_ops":[1]}"#,
            r#"{"kty":1}"#,
            r#"{"kty":"EC","kty":"EC"}"#,
            r#"{"n":"AQ""#,
        ];
        for text in refused {
            assert!(RawJwk::parse(text.as_bytes()).is_err(), "{text}");
            assert!(
                entry_parsers_agree(text.as_bytes()),
                "serde twin differs on {text}"
            );
        }
        let ops_17 = std::format!("{{\"key_ops\":[{}]}}", ["\"verify\""; 17].join(","));
        assert_eq!(
            RawJwk::parse(ops_17.as_bytes()).err(),
            Some(JsonError::ArrayTooLong { limit: MAX_KEY_OPS })
        );
        assert!(entry_parsers_agree(ops_17.as_bytes()));
    }

    /// A set whose entries come from `entry` (JWK-like objects mostly).
    fn set_with(
        entry: impl Strategy<Value = std::string::String>,
    ) -> impl Strategy<Value = std::string::String> {
        (
            prop::collection::vec(entry, 0..5),
            prop::bool::weighted(0.1),
            prop::bool::weighted(0.1),
        )
            .prop_map(|(entries, extra_member, trailing)| {
                let mut text = std::format!("{{\"keys\":[{}", entries.join(","));
                if trailing {
                    text.push(',');
                }
                text.push(']');
                if extra_member {
                    text.push_str(",\"keys\":[]");
                }
                text.push('}');
                text
            })
    }

    proptest! {
        /// Both readings agree on sets of JWK-like entries, entry by entry.
        #[test]
        fn agrees_with_serde_twin_on_sets(text in set_with(object_with(JWK_NAMES))) {
            prop_assert!(parsers_agree(text.as_bytes()), "{}", text);
        }
    }

    // And on documents whose `keys` is any kind of value, and on any bytes.
    crate::json::test_documents::serde_twin_tests!(parsers_agree, SET_NAMES);
}
