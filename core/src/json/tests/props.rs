//! Property tests: no panics, round trips against serde_json, and
//! differential acceptance.

extern crate std;

use std::string::String;
use std::vec::Vec;

use proptest::prelude::*;
use serde::de::IgnoredAny;

use super::super::{JsonStr, JsonStrOrArray, MAX_JSON_DEPTH, NumericDate, RawValue, from_slice};
use super::{Mirror, check, decoded, same, same_or_unconverted};

/// Arbitrary JSON values (depth well within the limit, unique keys because
/// serde_json's map has unique keys).
fn json_value() -> impl Strategy<Value = serde_json::Value> {
    use serde_json::Value as V;
    let leaf = prop_oneof![
        Just(V::Null),
        any::<bool>().prop_map(V::Bool),
        any::<u64>().prop_map(V::from),
        any::<i64>().prop_map(V::from),
        any::<f64>().prop_map(|f| serde_json::Number::from_f64(f).map_or(V::Null, V::Number)),
        any::<String>().prop_map(V::String),
    ];
    leaf.prop_recursive(6, 96, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..8).prop_map(V::Array),
            prop::collection::btree_map(any::<String>(), inner, 0..8)
                .prop_map(|m| V::Object(m.into_iter().collect())),
        ]
    })
}

/// Escapes every character of `s` as `\uXXXX` (pairs for astral ones), or
/// keeps it raw when `mask` says so and JSON allows it.
fn escape_all(s: &str, mask: &[bool]) -> String {
    let mut out = String::from("\"");
    for (i, c) in s.chars().enumerate() {
        let raw_ok = c >= ' ' && c != '"' && c != '\\';
        if raw_ok && mask.get(i % mask.len().max(1)).copied().unwrap_or(false) {
            out.push(c);
            continue;
        }
        let mut units = [0u16; 2];
        for u in c.encode_utf16(&mut units) {
            if i % 3 == 0 {
                out.push_str(&std::format!("\\u{u:04X}"));
            } else {
                out.push_str(&std::format!("\\u{u:04x}"));
            }
        }
    }
    out.push('"');
    out
}

/// Bytes JSON text is made of, plus a few troublemakers.
const ALPHABET: &[u8] = b"[]{}\",:-+.0123456789eEtrufalsn \t\n\\/bu AdD8cx\x00\x1f\x7f\xc3\xa9\xff";

/// JSON tokens, valid and broken, for generating documents that get far
/// into the grammar (uniform bytes are mostly rejected at once).
const TOKENS: &[&[u8]] = &[
    b"[",
    b"]",
    b"{",
    b"}",
    b",",
    b":",
    b" ",
    b"\n",
    b"\t",
    b"\r",
    b"\x0c",
    b"\"a\"",
    b"\"b\"",
    b"\"\"",
    b"\"\\u0061\"",
    b"\"\\ud83d\\ude00\"",
    b"\"\\ud83d\"",
    b"\"\\udc00\"",
    b"\"\\n\\/\"",
    b"\"\\x\"",
    b"\"\xc3\xa9\"",
    b"\"\xff\"",
    b"\"\x01\"",
    b"\"",
    b"\\",
    b"0",
    b"-0",
    b"1",
    b"-12",
    b"1.5",
    b"1e9",
    b"1E+2",
    b"2.5e-3",
    b"01",
    b"1.",
    b".5",
    b"-",
    b"+1",
    b"1e",
    b"1e400",
    b"true",
    b"false",
    b"null",
    b"nul",
    b"tru",
    b"NaN",
];

/// Scalars for [`document`]: mostly valid, some broken.
const SCALARS: &[&[u8]] = &[
    b"0",
    b"-0",
    b"1",
    b"-12",
    b"1.5",
    b"1e9",
    b"1E+2",
    b"2.5e-3",
    b"18446744073709551616",
    b"true",
    b"false",
    b"null",
    b"\"\"",
    b"\"a\"",
    b"\"\\u0061\"",
    b"\"\\ud83d\\ude00\"",
    b"\"\\n\\/\\\\\"",
    b"\"\xc3\xa9\"",
    b"\"\xf0\x9f\x98\x80\"",
    b"01",
    b"1.",
    b"-",
    b"1e400",
    b"nul",
    b"\"\\ud83d\"",
    b"\"\\x\"",
    b"\"\x01\"",
    b"\"\xff\"",
];

/// Member names for [`document`]: few, so that duplicates (also through
/// escapes) are common.
const KEYS: &[&[u8]] = &[
    b"\"a\"",
    b"\"b\"",
    b"\"\\u0061\"",
    b"\"\"",
    b"\"\xc3\xa9\"",
    b"\"\\u00e9\"",
    b"\"\\u00E9\"",
    b"a",
    b"1",
];

/// Separators for [`document`]: mostly right.
const SEPS: &[&[u8]] = &[b",", b",", b",", b", ", b"\n,\t", b",,", b" "];

/// Structured, JSON-like documents: arrays and objects of [`SCALARS`] with
/// [`KEYS`] and [`SEPS`], sometimes with a trailing separator.
fn document() -> impl Strategy<Value = Vec<u8>> {
    let scalar = prop::sample::select(SCALARS).prop_map(<[u8]>::to_vec);
    scalar.prop_recursive(6, 64, 6, |inner| {
        let sep = prop::sample::select(SEPS);
        prop_oneof![
            (
                prop::collection::vec(inner.clone(), 0..6),
                sep.clone(),
                any::<u8>()
            )
                .prop_map(|(items, sep, extra)| {
                    let mut out = b"[".to_vec();
                    out.extend(items.join(sep));
                    if extra == 0 {
                        out.extend_from_slice(sep);
                    }
                    out.push(b']');
                    out
                }),
            (
                prop::collection::vec((prop::sample::select(KEYS), inner), 0..6),
                sep,
                any::<u8>()
            )
                .prop_map(|(members, sep, extra)| {
                    let items: Vec<Vec<u8>> = members
                        .into_iter()
                        .map(|(k, v)| [k, if extra == 1 { b"=" } else { b":" }, &v].concat())
                        .collect();
                    let mut out = b"{".to_vec();
                    out.extend(items.join(sep));
                    if extra == 0 {
                        out.extend_from_slice(sep);
                    }
                    out.push(b'}');
                    out
                }),
        ]
    })
}

#[derive(serde::Deserialize)]
#[allow(dead_code)]
struct Claims<'a> {
    #[serde(borrow)]
    iss: JsonStr<'a>,
    exp: NumericDate,
    #[serde(borrow)]
    aud: JsonStrOrArray<'a, 8>,
    #[serde(borrow)]
    sub: Option<JsonStr<'a>>,
}

proptest! {
    /// (a) No input makes any entry point panic.
    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..256)) {
        let _ = check(&bytes);
        let _ = from_slice::<Mirror<'_>>(&bytes);
        let _ = from_slice::<Claims<'_>>(&bytes);
        let _ = from_slice::<JsonStr<'_>>(&bytes);
        let _ = from_slice::<NumericDate>(&bytes);
        let _ = from_slice::<RawValue<'_>>(&bytes);
        if let Ok(text) = core::str::from_utf8(&bytes)
            && let Ok(s) = JsonStr::from_escaped(text)
        {
            let mut buf = [0u8; 256];
            let out = s.decode_into(&mut buf).unwrap();
            prop_assert_eq!(out.len(), s.decoded_len());
            prop_assert!(s.eq_str(out));
            prop_assert_eq!(decoded(s), out);
        }
    }

    /// (a) Same, on bytes drawn from the JSON alphabet (far more of them
    /// get deep into the grammar).
    #[test]
    fn jsonish_bytes_never_panic(idx in prop::collection::vec(0..ALPHABET.len(), 0..64)) {
        let bytes: Vec<u8> = idx.iter().map(|&i| ALPHABET[i]).collect();
        let _ = check(&bytes);
        let _ = from_slice::<Mirror<'_>>(&bytes);
        let _ = from_slice::<Claims<'_>>(&bytes);
    }

    /// (b) serde_json's output is accepted and reads back equal.
    #[test]
    fn serde_json_output_round_trips(v in json_value()) {
        for text in [serde_json::to_vec(&v).unwrap(), serde_json::to_vec_pretty(&v).unwrap()] {
            prop_assert_eq!(check(&text), Ok(()));
            let m = from_slice::<Mirror<'_>>(&text);
            prop_assert!(same_or_unconverted(&m, &v), "{:?} vs {:?}", m, v);
        }
    }

    /// Integer dates (the fast path) read exactly, up to the last second
    /// and no further, far past `u64` too.
    #[test]
    fn integer_dates_read_exactly(v in prop_oneof![
        0u128..=u128::from(NumericDate::MAX_SECS) + 2,
        any::<u128>(),
    ]) {
        let text = std::format!("{v}");
        let got = from_slice::<NumericDate>(text.as_bytes()).ok().map(|d| (d.secs(), d.has_fraction()));
        let want = u64::try_from(v).ok().filter(|&s| s <= NumericDate::MAX_SECS).map(|s| (s, false));
        prop_assert_eq!(got, want, "{}", text);
    }

    /// The plain-integer shortcut for dates agrees with the general number
    /// reader wherever it answers, and answers for every plain integer the
    /// general reader accepts as a date.
    #[test]
    fn plain_dates_agree_with_the_number_reader(
        body in prop_oneof![
            "[-+0-9.eE]{0,16}",
            "0[0-9]{1,3}",
            (0u64..=NumericDate::MAX_SECS + 2).prop_map(|v| std::format!("{v}")),
        ],
        after in prop::sample::select(&[",", "}", " ", "\n", ".", ".5", "e1", "E", "x", "5", ""][..]),
    ) {
        use super::super::number::Number;
        let text = std::format!("{body}{after}");
        let fast = NumericDate::read_plain(text.as_bytes(), 0)
            .map(|(d, end)| (d.secs(), d.has_fraction(), end));
        let general = Number::scan(&text, 0)
            .ok()
            .and_then(|(n, end)| NumericDate::from_number(&n).map(|d| (d.secs(), d.has_fraction(), end)));
        if fast.is_some() {
            prop_assert_eq!(fast, general, "{:?}", text);
        } else if let Some((_, _, end)) = general {
            let literal = text.get(..end).unwrap_or_default();
            let plain = !literal.starts_with('0') && literal.bytes().all(|b| b.is_ascii_digit());
            prop_assert!(!plain, "declined the plain date {:?}", text);
        }
    }

    /// (c) Any string, as serde_json writes it, decodes back to itself.
    #[test]
    fn strings_round_trip(s in any::<String>()) {
        let text = serde_json::to_vec(&s).unwrap();
        let js: JsonStr<'_> = from_slice(&text).unwrap();
        prop_assert_eq!(decoded(js), s.clone());
        prop_assert!(js.eq_str(&s));
        prop_assert_eq!(js.decoded_len(), s.len());
        let mut buf = std::vec![0u8; s.len()];
        prop_assert_eq!(js.decode_into(&mut buf), Ok(s.as_str()));
    }

    /// (c) Also with `\u` escapes (surrogate pairs included) for any subset
    /// of the characters, in either hex case.
    #[test]
    fn u_escaped_strings_round_trip(s in any::<String>(), mask in prop::collection::vec(any::<bool>(), 1..8)) {
        let text = escape_all(&s, &mask);
        let js: JsonStr<'_> = from_slice(text.as_bytes()).unwrap();
        prop_assert_eq!(decoded(js), s.clone());
        prop_assert!(js.eq_str(&s));
        prop_assert_eq!(js.decoded_len(), s.len());
        let plain_text = serde_json::to_vec(&s).unwrap();
        let plain: JsonStr<'_> = from_slice(&plain_text).unwrap();
        prop_assert_eq!(js, plain);
    }

    /// (d) Whatever we accept, serde_json accepts (it is laxer: duplicates,
    /// lone surrogates and invalid UTF-8 in skipped strings, deeper nesting).
    #[test]
    fn accepted_implies_serde_json_accepts(idx in prop::collection::vec(0..TOKENS.len(), 0..16)) {
        let bytes: Vec<u8> = idx.iter().flat_map(|&i| TOKENS[i].iter().copied()).collect();
        if check(&bytes).is_ok() {
            prop_assert!(serde_json::from_slice::<IgnoredAny>(&bytes).is_ok(), "{:?}", String::from_utf8_lossy(&bytes));
        }
        if from_slice::<Mirror<'_>>(&bytes).is_ok() {
            prop_assert!(serde_json::from_slice::<serde_json::Value>(&bytes).is_ok());
        }
    }

    /// (d) Same on structured documents (duplicates, escapes, broken
    /// scalars and separators).
    #[test]
    fn structured_documents_differential(text in document()) {
        let ours = check(&text);
        // A raw value accepts exactly what a skipped value accepts, and
        // keeps the text without the surrounding whitespace.
        let raw = from_slice::<RawValue<'_>>(&text);
        prop_assert_eq!(raw.is_ok(), ours.is_ok());
        if let Ok(raw) = raw {
            prop_assert_eq!(raw.as_bytes(), text.trim_ascii());
        }
        if ours.is_ok() {
            prop_assert!(serde_json::from_slice::<IgnoredAny>(&text).is_ok(), "{:?}", String::from_utf8_lossy(&text));
        }
        if from_slice::<Mirror<'_>>(&text).is_ok() {
            let v: serde_json::Value = serde_json::from_slice(&text).unwrap();
            let m: Mirror<'_> = from_slice(&text).unwrap();
            prop_assert!(same(&m, &v));
        }
        let _ = from_slice::<Claims<'_>>(&text);
    }

    /// (d) Same on one-byte mutations of valid documents, which land next
    /// to the interesting edges.
    #[test]
    fn mutated_documents_differential(v in json_value(), pos in any::<prop::sample::Index>(), b in 0..ALPHABET.len(), op in 0..3u8) {
        let mut text = serde_json::to_vec(&v).unwrap();
        let at = pos.index(text.len() + 1);
        match op {
            0 => text.insert(at, ALPHABET[b]),
            1 if at < text.len() => { text.remove(at); }
            _ if at < text.len() => text[at] = ALPHABET[b],
            _ => {}
        }
        if from_slice::<Mirror<'_>>(&text).is_ok() {
            prop_assert!(serde_json::from_slice::<serde_json::Value>(&text).is_ok(), "{:?}", String::from_utf8_lossy(&text));
        }
    }

    /// The eight-bytes-at-a-time scan agrees with a plain byte loop.
    #[test]
    fn plain_run_matches_bytewise(bytes in prop::collection::vec(prop_oneof![Just(b'"'), Just(b'\\'), 0u8..0x30, any::<u8>()], 0..40), skip in 0usize..8) {
        let bytes: Vec<u8> = bytes.into_iter().map(|b| if b < 0x30 && skip > 0 && b % 8 < skip as u8 { b'a' } else { b }).collect();
        let naive = bytes.iter().position(|&b| b == b'"' || b == b'\\' || b < 0x20).unwrap_or(bytes.len());
        prop_assert_eq!(super::super::escape::plain_run(&bytes), naive);
    }

    /// Nesting up to the limit is accepted; one more level is not.
    #[test]
    fn depth_boundary(d in 1..=MAX_JSON_DEPTH + 2) {
        let text: Vec<u8> = core::iter::repeat_n(b'[', d).chain(core::iter::repeat_n(b']', d)).collect();
        prop_assert_eq!(check(&text).is_ok(), d <= MAX_JSON_DEPTH);
    }
}
