//! Typed targets: numbers, NumericDate, derived structs, Option, sequences,
//! enums, and errors raised by `Deserialize` impls.

extern crate std;

use serde::Deserialize;

use super::super::{
    JsonError, JsonKind, JsonStr, JsonStrOrArray, NumericDate, RawValue, from_slice,
};
use super::check;

#[derive(Deserialize, Debug)]
struct Claims<'a> {
    #[serde(borrow)]
    iss: JsonStr<'a>,
    exp: NumericDate,
    #[serde(borrow)]
    aud: JsonStrOrArray<'a, 8>,
    #[serde(borrow)]
    sub: Option<JsonStr<'a>>,
}

const ID_TOKEN: &[u8] = br#"{
  "iss": "https:\/\/server.example.com",
  "sub": "24400320",
  "aud": ["s6BhdRkqt3", "other-client"],
  "nonce": "n-0S6_WzA2Mj",
  "exp": 1311281970,
  "iat": 1311280970,
  "auth_time": 1311280969.25,
  "acr": "urn:mace:incommon:iap:silver",
  "amr": ["pwd", "mfa"],
  "name": "Jos\u00e9 \ud83d\ude00",
  "address": {"street_address": "1234 Hollywood Blvd.", "country": "US",
              "geo": {"lat": 34.1, "lng": -118.3, "tags": [null, true, false, {}]}},
  "email_verified": true,
  "custom": [[1, 2, [3]], {"nested": {"deeper": []}}]
}"#;

#[test]
fn derive_claims_skips_unknown_members() {
    let c: Claims<'_> = from_slice(ID_TOKEN).unwrap();
    assert!(c.iss.eq_str("https://server.example.com"));
    assert_eq!(c.iss.raw(), r"https:\/\/server.example.com");
    assert_eq!(c.exp.secs(), 1_311_281_970);
    assert!(!c.exp.has_fraction());
    assert!(c.aud.is_array());
    assert_eq!(c.aud.len(), 2);
    assert!(c.aud.contains_str("s6BhdRkqt3"));
    assert!(!c.aud.contains_str("s6BhdRkqt"));
    assert_eq!(c.sub.map(|s| s.as_plain()), Some(Some("24400320")));

    // Optional member missing; audience as one string; escaped name matches.
    let c: Claims<'_> = from_slice(br#"{"\u0069ss":"a","exp":1.5,"aud":"c\u00e9"}"#).unwrap();
    assert!(c.iss.eq_str("a"));
    assert_eq!((c.exp.secs(), c.exp.has_fraction()), (1, true));
    assert!(!c.aud.is_array());
    assert!(c.aud.contains_str("c\u{e9}"));
    assert_eq!(c.aud.iter().count(), 1);
    assert!(c.sub.is_none());
    let c: Claims<'_> = from_slice(br#"{"iss":"a","exp":1,"aud":"b","sub":null}"#).unwrap();
    assert!(c.sub.is_none());
}

#[test]
fn derive_claims_errors() {
    use JsonError as E;
    let cases: &[(&[u8], JsonError)] = &[
        (
            br#"{"iss":"a","aud":"b"}"#,
            E::MissingField {
                field: "exp",
                offset: Some(0),
            },
        ),
        (
            br#"{"iss":"a","exp":1,"aud":"b","iss":"c"}"#,
            E::DuplicateMember { offset: 29 },
        ),
        // Duplicate inside an ignored member is still found.
        (
            br#"{"iss":"a","exp":1,"aud":"b","x":{"k":1,"k":2}}"#,
            E::DuplicateMember { offset: 40 },
        ),
        (
            br#"{"iss":"a","exp":-1,"aud":"b"}"#,
            E::NumericDateOutOfRange { offset: 17 },
        ),
        (
            br#"{"iss":1,"exp":1,"aud":"b"}"#,
            E::InvalidType {
                found: JsonKind::Number,
                offset: Some(7),
            },
        ),
        (
            br#"{"iss":"a","exp":1,"aud":["b",2]}"#,
            E::InvalidType {
                found: JsonKind::Number,
                offset: Some(30),
            },
        ),
        (
            br#"{"iss":"a","exp":1,"aud":["1","2","3","4","5","6","7","8","9"]}"#,
            E::ArrayTooLong { limit: 8 },
        ),
        (
            br#"{"iss":"a","exp":1,"aud":"b","x":[1,]}"#,
            E::UnexpectedByte {
                offset: 36,
                found: b']',
            },
        ),
        (
            br#"["a",1,"b"]"#,
            E::InvalidType {
                found: JsonKind::Array,
                offset: Some(0),
            },
        ),
    ];
    for (input, want) in cases {
        let got = from_slice::<Claims<'_>>(input).map(drop);
        assert_eq!(got, Err(*want), "{}", std::str::from_utf8(input).unwrap());
    }
}

#[test]
fn str_or_array_forms() {
    let empty: JsonStrOrArray<'_, 2> = from_slice(b"[]").unwrap();
    assert!(empty.is_empty() && empty.is_array());
    let two: JsonStrOrArray<'_, 2> = from_slice(br#"["a", "b\u0063"]"#).unwrap();
    assert!(two.contains_str("bc") && !two.contains_str("b\\u0063"));
    assert_eq!(two.as_slice().len(), 2);
    assert_eq!(
        from_slice::<JsonStrOrArray<'_, 2>>(br#"["a","b","c"]"#),
        Err(JsonError::ArrayTooLong { limit: 2 })
    );
    assert_eq!(
        from_slice::<JsonStrOrArray<'_, 0>>(br#"["a"]"#),
        Err(JsonError::ArrayTooLong { limit: 0 })
    );
    assert!(from_slice::<JsonStrOrArray<'_, 0>>(br#""a""#).is_ok());
    assert_eq!(
        from_slice::<JsonStrOrArray<'_, 2>>(br#"{"a":1}"#),
        Err(JsonError::InvalidType {
            found: JsonKind::Object,
            offset: Some(0)
        })
    );
    assert_eq!(
        from_slice::<JsonStrOrArray<'_, 2>>(b"null"),
        Err(JsonError::InvalidType {
            found: JsonKind::Null,
            offset: Some(0)
        })
    );
}

#[test]
fn integers() {
    use JsonError as E;
    assert_eq!(from_slice::<u8>(b"255"), Ok(255));
    assert_eq!(
        from_slice::<u8>(b"256"),
        Err(E::NumberOutOfRange { offset: 0 })
    );
    assert_eq!(
        from_slice::<u8>(b"-1"),
        Err(E::NumberOutOfRange { offset: 0 })
    );
    assert_eq!(from_slice::<u8>(b"-0"), Ok(0));
    assert_eq!(from_slice::<i8>(b"-128"), Ok(-128));
    assert_eq!(
        from_slice::<i8>(b"128"),
        Err(E::NumberOutOfRange { offset: 0 })
    );
    assert_eq!(
        from_slice::<i8>(b"-129"),
        Err(E::NumberOutOfRange { offset: 0 })
    );
    assert_eq!(from_slice::<u16>(b"65535"), Ok(u16::MAX));
    assert_eq!(from_slice::<i16>(b"-32768"), Ok(i16::MIN));
    assert_eq!(from_slice::<u32>(b"4294967295"), Ok(u32::MAX));
    assert_eq!(from_slice::<i32>(b"-2147483648"), Ok(i32::MIN));
    assert_eq!(from_slice::<u64>(b"18446744073709551615"), Ok(u64::MAX));
    assert_eq!(
        from_slice::<u64>(b"18446744073709551616"),
        Err(E::NumberOutOfRange { offset: 0 })
    );
    assert_eq!(
        from_slice::<u64>(b"99999999999999999999999999999"),
        Err(E::NumberOutOfRange { offset: 0 })
    );
    assert_eq!(from_slice::<i64>(b"-9223372036854775808"), Ok(i64::MIN));
    assert_eq!(
        from_slice::<i64>(b"-9223372036854775809"),
        Err(E::NumberOutOfRange { offset: 0 })
    );
    assert_eq!(from_slice::<i64>(b"9223372036854775807"), Ok(i64::MAX));
    assert_eq!(
        from_slice::<i64>(b"9223372036854775808"),
        Err(E::NumberOutOfRange { offset: 0 })
    );
    assert_eq!(
        from_slice::<u64>(b"1.0"),
        Err(E::ExpectedInteger { offset: 0 })
    );
    assert_eq!(
        from_slice::<u64>(b" 1e2"),
        Err(E::ExpectedInteger { offset: 1 })
    );
    assert_eq!(
        from_slice::<i32>(b"-1.5"),
        Err(E::ExpectedInteger { offset: 0 })
    );
    assert_eq!(
        from_slice::<u64>(b"01"),
        Err(E::InvalidNumber { offset: 0 })
    );
    assert_eq!(
        from_slice::<u64>(b"+1"),
        Err(E::UnexpectedByte {
            offset: 0,
            found: b'+'
        })
    );
    assert_eq!(
        from_slice::<u64>(b"\"1\""),
        Err(E::InvalidType {
            found: JsonKind::String,
            offset: Some(0)
        })
    );
}

#[test]
fn no_float_is_converted() {
    use JsonError as E;
    // Integers reach float targets exactly; fractions and exponents are
    // refused (the reader has no float parser: see `Number::to_any`).
    assert_eq!(from_slice::<f64>(b"2"), Ok(2.0));
    assert_eq!(from_slice::<f64>(b"-3"), Ok(-3.0));
    assert_eq!(from_slice::<f32>(b"7"), Ok(7.0));
    for input in [&b"1.5"[..], b"1E400", b"-1e400", b"1e-400", b"0.25", b"1.0"] {
        assert_eq!(
            from_slice::<f64>(input),
            Err(E::ExpectedInteger { offset: 0 }),
            "{input:?}"
        );
        assert_eq!(
            from_slice::<f32>(input),
            Err(E::ExpectedInteger { offset: 0 })
        );
    }
    assert_eq!(
        from_slice::<f64>(b"18446744073709551616"),
        Err(E::NumberOutOfRange { offset: 0 })
    );
    // deserialize_any: the same, with the offset of the number.
    assert_eq!(
        from_slice::<super::Mirror<'_>>(b"[1, 2.5]").err(),
        Some(E::ExpectedInteger { offset: 4 })
    );
    assert_eq!(
        from_slice::<super::Mirror<'_>>(b"[-9223372036854775809]").err(),
        Some(E::NumberOutOfRange { offset: 1 })
    );
    // A skipped value is still checked against the grammar, not converted.
    assert_eq!(check(b"[1E400, 0.5, -0.0]"), Ok(()));
    assert!(check(b"[1.]").is_err());
}

#[test]
fn plain_date_shortcut_table() {
    // (input, Some((secs, index after the digits)) or None: the general
    // reader takes over)
    let cases: &[(&str, Option<(u64, usize)>)] = &[
        ("1700000000,", Some((1_700_000_000, 10))),
        ("1700000000}", Some((1_700_000_000, 10))),
        ("1700000000", Some((1_700_000_000, 10))),
        ("7 ", Some((7, 1))),
        ("12x", Some((12, 2))),
        ("253402300799", Some((NumericDate::MAX_SECS, 12))),
        ("253402300800", None),
        ("1234567890123", None),
        ("0", None),
        ("0,", None),
        ("01", None),
        ("-1", None),
        ("+1", None),
        ("1.5", None),
        ("1.", None),
        ("1e3", None),
        ("1E3", None),
        ("", None),
        ("x", None),
        ("\"1\"", None),
    ];
    for (input, want) in cases {
        let got = NumericDate::read_plain(input.as_bytes(), 0).map(|(d, end)| {
            assert!(!d.has_fraction(), "{input}");
            (d.secs(), end)
        });
        assert_eq!(got, *want, "{input}");
    }
    // At an offset, as the claims reader calls it.
    let got = NumericDate::read_plain(b"{\"exp\":42}", 7).map(|(d, end)| (d.secs(), end));
    assert_eq!(got, Some((42, 9)));
}

#[test]
fn numeric_date_table() {
    // (input, Some((secs, fraction)) or None for NumericDateOutOfRange)
    let cases: &[(&str, Option<(u64, bool)>)] = &[
        ("1311281970", Some((1_311_281_970, false))),
        ("1311281970.9", Some((1_311_281_970, true))),
        ("1311281970.0", Some((1_311_281_970, false))),
        (
            "1311281970.99999999999999999999",
            Some((1_311_281_970, true)),
        ),
        ("1.3e9", Some((1_300_000_000, false))),
        ("1.311281970e9", Some((1_311_281_970, false))),
        ("1.3112819705e9", Some((1_311_281_970, true))),
        ("13112819705E-1", Some((1_311_281_970, true))),
        ("1311281970e0", Some((1_311_281_970, false))),
        ("0", Some((0, false))),
        ("-0", Some((0, false))),
        ("-0.0e5", Some((0, false))),
        ("0.5", Some((0, true))),
        ("5e-1", Some((0, true))),
        ("0e999999999999999999999", Some((0, false))),
        ("1e-99999999999999999999", Some((0, true))),
        ("253402300799", Some((NumericDate::MAX_SECS, false))),
        ("2.53402300799e11", Some((NumericDate::MAX_SECS, false))),
        ("253402300798.999", Some((NumericDate::MAX_SECS - 1, true))),
        ("253402300799.5", None),
        ("253402300800", None),
        ("-1", None),
        ("-0.5", None),
        ("-1e-9", None),
        ("1e300", None),
        ("1e99999999999999999999", None),
        ("18446744073709551616", None),
        ("99999999999999999999999999999999", None),
    ];
    for (input, want) in cases {
        let got = from_slice::<NumericDate>(input.as_bytes());
        match want {
            Some((secs, fraction)) => {
                let d = got.unwrap_or_else(|e| panic!("{input}: {e:?}"));
                assert_eq!((d.secs(), d.has_fraction()), (*secs, *fraction), "{input}");
            }
            None => assert_eq!(
                got,
                Err(JsonError::NumericDateOutOfRange { offset: 0 }),
                "{input}"
            ),
        }
    }
    assert_eq!(
        from_slice::<NumericDate>(b"\"1\""),
        Err(JsonError::InvalidType {
            found: JsonKind::String,
            offset: Some(0)
        })
    );
    assert_eq!(from_slice::<Option<NumericDate>>(b"null"), Ok(None));
    assert_eq!(NumericDate::from_secs(NumericDate::MAX_SECS + 1), None);
}

#[test]
fn numeric_date_through_serde_json() {
    let d: NumericDate = serde_json::from_str("1311281970").unwrap();
    assert_eq!((d.secs(), d.has_fraction()), (1_311_281_970, false));
    let d: NumericDate = serde_json::from_str("1311281970.5").unwrap();
    assert_eq!((d.secs(), d.has_fraction()), (1_311_281_970, true));
    assert!(serde_json::from_str::<NumericDate>("-1").is_err());
    assert!(serde_json::from_str::<NumericDate>("1e300").is_err());
    assert!(serde_json::from_str::<NumericDate>("\"1\"").is_err());
    // JsonStr needs our reader.
    assert!(serde_json::from_str::<JsonStr<'_>>("\"a\"").is_err());
}

#[test]
fn options_units_bools() {
    assert_eq!(from_slice::<Option<u8>>(b"null"), Ok(None));
    assert_eq!(from_slice::<Option<u8>>(b" 7 "), Ok(Some(7)));
    assert_eq!(from_slice::<()>(b"null"), Ok(()));
    assert_eq!(from_slice::<bool>(b"true"), Ok(true));
    assert_eq!(from_slice::<bool>(b"false"), Ok(false));
    assert_eq!(
        from_slice::<bool>(b"null"),
        Err(JsonError::InvalidType {
            found: JsonKind::Null,
            offset: Some(0)
        })
    );
    assert_eq!(
        from_slice::<bool>(b"nul"),
        Err(JsonError::InvalidType {
            found: JsonKind::Null,
            offset: Some(0)
        })
    );
    assert_eq!(
        from_slice::<Option<bool>>(b"nul"),
        Err(JsonError::UnexpectedEnd)
    );
}

#[test]
fn sequences() {
    type V3 = heapless::Vec<u8, 3>;
    assert_eq!(from_slice::<V3>(b"[1,2,3]").map(|v| v.len()), Ok(3));
    assert_eq!(from_slice::<V3>(b"[]").map(|v| v.len()), Ok(0));
    assert_eq!(
        from_slice::<V3>(b"[1,2,3,4]"),
        Err(JsonError::ArrayTooLong { limit: 3 })
    );
    assert_eq!(from_slice::<[u8; 2]>(b"[1,2]"), Ok([1, 2]));
    assert_eq!(
        from_slice::<[u8; 2]>(b"[1,2,3]"),
        Err(JsonError::UnreadValues { offset: 4 })
    );
    assert_eq!(
        from_slice::<(u8, u8)>(b"[1]"),
        Err(JsonError::InvalidLength {
            len: 1,
            offset: Some(0)
        })
    );
    let nested: heapless::Vec<heapless::Vec<JsonStr<'_>, 2>, 2> =
        from_slice(br#"[["a"],["b","c"]]"#).unwrap();
    assert!(nested[1][1].eq_str("c"));
}

#[derive(Deserialize, Debug, PartialEq, Eq)]
enum Alg {
    RS256,
    ES256,
    Data(u8),
    Pair(u8, u8),
    Named { x: u8 },
}

#[test]
fn enums() {
    assert_eq!(from_slice::<Alg>(br#""RS256""#), Ok(Alg::RS256));
    assert_eq!(from_slice::<Alg>(br#""\u0045S256""#), Ok(Alg::ES256));
    assert_eq!(
        from_slice::<Alg>(br#""none""#),
        Err(JsonError::UnknownVariant { offset: Some(0) })
    );
    assert_eq!(from_slice::<Alg>(br#"{"Data":7}"#), Ok(Alg::Data(7)));
    assert_eq!(from_slice::<Alg>(br#"{"Pair":[1,2]}"#), Ok(Alg::Pair(1, 2)));
    assert_eq!(
        from_slice::<Alg>(br#"{"Named":{"x":3}}"#),
        Ok(Alg::Named { x: 3 })
    );
    assert_eq!(from_slice::<Alg>(br#"{"RS256":null}"#), Ok(Alg::RS256));
    assert_eq!(
        from_slice::<Alg>(br#"{"Data":7,"RS256":null}"#),
        Err(JsonError::UnexpectedByte {
            offset: 9,
            found: b','
        })
    );
    assert_eq!(
        from_slice::<Alg>(br#""Data""#),
        Err(JsonError::InvalidType {
            found: JsonKind::String,
            offset: Some(0)
        })
    );
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Strict {
    a: u8,
}

#[test]
fn errors_from_deserialize_impls_get_offsets() {
    assert_eq!(
        from_slice::<Strict>(br#"{"a":1, "b":2}"#).map(drop),
        Err(JsonError::UnknownField { offset: Some(8) })
    );
    assert_eq!(
        from_slice::<Strict>(br#" {}"#).map(drop),
        Err(JsonError::MissingField {
            field: "a",
            offset: Some(1)
        })
    );
    // Long escaped names cannot be matched against fields.
    let mut long = std::string::String::from("{\"");
    for _ in 0..super::super::MAX_ESCAPED_NAME_LEN + 1 {
        long.push_str("\\u0061");
    }
    long.push_str("\":1}");
    assert_eq!(
        from_slice::<Strict>(long.as_bytes()).map(drop),
        Err(JsonError::EscapedNameTooLong {
            offset: 1,
            limit: super::super::MAX_ESCAPED_NAME_LEN
        })
    );
}

#[test]
fn display_is_informative() {
    use JsonError as E;
    let all = [
        E::UnexpectedEnd,
        E::UnexpectedByte {
            offset: 1,
            found: b'x',
        },
        E::TrailingContent { offset: 1 },
        E::ByteOrderMark,
        E::InvalidUtf8 { offset: 1 },
        E::ControlCharInString { offset: 1 },
        E::InvalidEscape { offset: 1 },
        E::LoneSurrogate { offset: 1 },
        E::InvalidNumber { offset: 1 },
        E::NumberOutOfRange { offset: 1 },
        E::ExpectedInteger { offset: 1 },
        E::NumericDateOutOfRange { offset: 1 },
        E::DuplicateMember { offset: 1 },
        E::TooDeep { limit: 1 },
        E::TooManyMembers { limit: 1 },
        E::TooLong { len: 2, limit: 1 },
        E::ArrayTooLong { limit: 1 },
        E::UnreadValues { offset: 1 },
        E::EscapedStrNeedsJsonStr { offset: 1 },
        E::EscapedNameTooLong {
            offset: 1,
            limit: 1,
        },
        E::BufferTooSmall {
            needed: 2,
            available: 1,
        },
        E::InvalidType {
            found: JsonKind::Array,
            offset: None,
        },
        E::InvalidValue { offset: Some(1) },
        E::InvalidLength {
            len: 1,
            offset: None,
        },
        E::MissingField {
            field: "f",
            offset: None,
        },
        E::DuplicateField {
            field: "f",
            offset: None,
        },
        E::UnknownField { offset: None },
        E::UnknownVariant { offset: None },
        E::Custom { offset: None },
    ];
    let mut seen = std::collections::BTreeSet::new();
    for e in all {
        let text = std::format!("{e}");
        assert!(text.len() > 10, "{text}");
        assert!(seen.insert(text), "duplicate message for {e:?}");
        let _: &dyn core::error::Error = &e;
    }
}

#[derive(Deserialize, Debug, Default)]
struct Lazy<'a> {
    #[serde(borrow)]
    keys: Option<heapless::Vec<RawValue<'a>, 4>>,
    #[serde(borrow)]
    flag: Option<RawValue<'a>>,
    #[serde(borrow)]
    name: Option<RawValue<'a>>,
}

#[test]
fn raw_values() {
    let input = br#"{"keys":[ {"kty":"EC", "x":[1, 2]} ,"s",-1.5e3,null], "flag":true, "name":"Jos\u00e9"}"#;
    let lazy: Lazy<'_> = from_slice(input).unwrap();
    let keys = lazy.keys.unwrap();
    let texts: std::vec::Vec<&str> = keys.iter().map(|k| k.as_text()).collect();
    assert_eq!(
        texts,
        [r#"{"kty":"EC", "x":[1, 2]}"#, r#""s""#, "-1.5e3", "null"]
    );
    let kinds: std::vec::Vec<JsonKind> = keys.iter().map(|k| k.kind()).collect();
    assert_eq!(
        kinds,
        [
            JsonKind::Object,
            JsonKind::String,
            JsonKind::Number,
            JsonKind::Null
        ]
    );
    assert!(keys[3].is_null());
    assert!(keys[1].as_str().unwrap().eq_str("s"));
    assert!(keys[0].as_str().is_none());
    assert_eq!(lazy.flag.and_then(|f| f.as_bool()), Some(true));
    assert_eq!(keys[0].as_bool(), None);
    assert!(lazy.name.unwrap().as_str().unwrap().eq_str("Jos\u{e9}"));
    assert_eq!(std::format!("{:?}", keys[2]), "RawValue(-1.5e3)");

    // Read again, as another type.
    #[derive(Deserialize)]
    struct Jwk<'a> {
        #[serde(borrow)]
        kty: JsonStr<'a>,
    }
    let jwk: Jwk<'_> = from_slice(keys[0].as_bytes()).unwrap();
    assert!(jwk.kty.eq_str("EC"));
    let d: NumericDate = from_slice(br#"1311281970.5"#).unwrap();
    assert!(d.has_fraction());

    // A raw value is checked as strictly as any other.
    let cases: &[(&[u8], JsonError)] = &[
        (
            br#"{"flag":{"a":1,"a":2}}"#,
            JsonError::DuplicateMember { offset: 15 },
        ),
        (
            br#"{"flag":[1,]}"#,
            JsonError::UnexpectedByte {
                offset: 11,
                found: b']',
            },
        ),
        (br#"{"flag":"\x"}"#, JsonError::InvalidEscape { offset: 9 }),
        (br#"{"flag":01}"#, JsonError::InvalidNumber { offset: 8 }),
    ];
    for (input, want) in cases {
        assert_eq!(from_slice::<Lazy<'_>>(input).map(drop), Err(*want));
    }
    let mut deep = b"{\"flag\":".to_vec();
    deep.extend(core::iter::repeat_n(b'[', super::super::MAX_JSON_DEPTH));
    deep.extend(core::iter::repeat_n(b']', super::super::MAX_JSON_DEPTH));
    deep.push(b'}');
    assert_eq!(
        from_slice::<Lazy<'_>>(&deep).map(drop),
        Err(JsonError::TooDeep {
            limit: super::super::MAX_JSON_DEPTH
        })
    );
    // At the top level, the whole document.
    let top: RawValue<'_> = from_slice(b" [1, {}] ").unwrap();
    assert_eq!(top.as_text(), "[1, {}]");
    assert!(serde_json::from_str::<RawValue<'_>>("1").is_err());
}
