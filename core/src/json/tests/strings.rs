//! `JsonStr`: decoding, comparison, copying.

extern crate std;

use std::string::String;

use super::super::{JsonError, JsonStr, from_slice};
use super::decoded;

/// Reads a JSON string literal (with quotes) as a `JsonStr`.
fn js(input: &str) -> JsonStr<'_> {
    from_slice::<JsonStr<'_>>(input.as_bytes()).unwrap()
}

/// (JSON literal, decoded text)
const DECODE: &[(&str, &str)] = &[
    (r#""""#, ""),
    (r#""abc""#, "abc"),
    (
        "\"h\u{e9}llo w\u{f6}rld \u{2603} \u{1F600}\"",
        "h\u{e9}llo w\u{f6}rld \u{2603} \u{1F600}",
    ),
    (r#""\u00e9""#, "\u{e9}"),
    (r#""\u00E9""#, "\u{e9}"),
    (r#""caf\u00e9!""#, "caf\u{e9}!"),
    (r#""\ud83d\ude00""#, "\u{1F600}"),
    (r#""\uD83D\uDE00""#, "\u{1F600}"),
    (r#""a\ud83d\ude00b""#, "a\u{1F600}b"),
    (r#""\uD834\uDD1E""#, "\u{1D11E}"),
    (r#""\uDBFF\uDFFF""#, "\u{10FFFF}"),
    (r#""\uD800\uDC00""#, "\u{10000}"),
    (r#""https:\/\/example.com\/""#, "https://example.com/"),
    (r#""\"\\\/\b\f\n\r\t""#, "\"\\/\u{8}\u{c}\n\r\t"),
    (r#""\u0000""#, "\0"),
    (
        r#""\u007f\u0080\u07ff\u0800\uffff""#,
        "\u{7f}\u{80}\u{7ff}\u{800}\u{ffff}",
    ),
    (r#""\\u0041""#, "\\u0041"),
];

#[test]
fn decode_table() {
    for (json, want) in DECODE {
        let s = js(json);
        assert_eq!(decoded(s), *want, "{json}");
        assert_eq!(s.decoded_len(), want.len(), "{json}");
        assert!(s.eq_str(want), "{json}");
        assert!(s == *want, "{json}");
        assert!(*want == s, "{json}");
        assert_eq!(s.raw(), &json[1..json.len() - 1]);
        assert_eq!(s.as_plain().is_some(), !json.contains('\\'), "{json}");
        let mut buf = [0u8; 64];
        assert_eq!(s.decode_into(&mut buf), Ok(*want), "{json}");
        let mut exact = std::vec![0u8; want.len()];
        assert_eq!(s.decode_into(&mut exact), Ok(*want), "{json}");
        let mut out = String::new();
        s.write_to(&mut out).unwrap();
        assert_eq!(out, *want);
        #[cfg(feature = "alloc")]
        assert_eq!(s.to_string_decoded(), *want);
        assert_eq!(s.is_empty(), want.is_empty());
    }
}

#[test]
fn comparisons() {
    let s = js(r#""a\u0062c""#);
    assert!(s.eq_str("abc"));
    assert!(!s.eq_str("ab"));
    assert!(!s.eq_str("abd"));
    assert!(!s.eq_str("abcd"));
    assert!(!s.eq_str("ab\\"));
    assert_eq!(s, js(r#""abc""#));
    assert_eq!(s, js(r#""\u0061\u0062\u0063""#));
    assert_ne!(s, js(r#""abd""#));
    assert_ne!(s, js(r#""ab""#));
    // Same decoded length, different text.
    assert!(!js(r#""\u00e9""#).eq_str("\u{e8}"));
    assert_eq!(js(r#""\u00e9""#), js("\"\u{e9}\""));
}

#[test]
fn buffer_too_small() {
    let s = js(r#""\ud83d\ude00x""#);
    let mut small = [0u8; 4];
    assert_eq!(
        s.decode_into(&mut small),
        Err(JsonError::BufferTooSmall {
            needed: 5,
            available: 4
        })
    );
    let mut empty = [0u8; 0];
    assert_eq!(js(r#""""#).decode_into(&mut empty), Ok(""));
}

#[test]
fn debug_prints_raw_form() {
    let s = js(r#""a\nb""#);
    assert_eq!(std::format!("{s:?}"), r#"JsonStr("a\nb")"#);
}

#[test]
fn from_escaped_checks_grammar() {
    use JsonError as E;
    assert!(JsonStr::from_escaped("plain").is_ok());
    assert!(JsonStr::from_escaped(r"\u00e9\n").is_ok());
    let bad: &[(&str, JsonError)] = &[
        (
            "a\"b",
            E::UnexpectedByte {
                offset: 1,
                found: b'"',
            },
        ),
        (r"\x", E::InvalidEscape { offset: 0 }),
        (r"\", E::UnexpectedEnd),
        (r"\u12", E::UnexpectedEnd),
        (r"\ud800", E::UnexpectedEnd),
        (r"\ud800x", E::LoneSurrogate { offset: 0 }),
        (r"\udc00", E::LoneSurrogate { offset: 0 }),
        ("a\tb", E::ControlCharInString { offset: 1 }),
    ];
    for (raw, want) in bad {
        assert_eq!(JsonStr::from_escaped(raw).map(drop), Err(*want), "{raw}");
    }
}

#[test]
fn plain_str_targets() {
    assert_eq!(from_slice::<&str>(br#""abc""#), Ok("abc"));
    assert_eq!(
        from_slice::<&str>(br#""a\nb""#),
        Err(JsonError::EscapedStrNeedsJsonStr { offset: 0 })
    );
    assert_eq!(
        from_slice::<(&str, &str)>(br#"["ok", "\u0041"]"#),
        Err(JsonError::EscapedStrNeedsJsonStr { offset: 7 })
    );
    assert_eq!(from_slice::<char>(br#""\u00e9""#), Ok('\u{e9}'));
    assert_eq!(
        from_slice::<char>(br#""ab""#),
        Err(JsonError::InvalidValue { offset: Some(0) })
    );
    assert_eq!(from_slice::<&[u8]>(br#""ab""#), Ok(b"ab".as_slice()));
}

#[cfg(feature = "alloc")]
#[test]
fn owned_strings_with_alloc() {
    assert_eq!(
        from_slice::<String>(br#""a\u00e9""#).as_deref(),
        Ok("a\u{e9}")
    );
}
