//! `CoreClaims::parse` (no serde) against known answers, and against its
//! serde twin on generated documents.

extern crate std;

use std::vec::Vec;

use proptest::prelude::*;

use super::{CoreClaims, parsers_agree};
use crate::json::test_documents::object_with;
use crate::json::{JsonError, JsonKind, MAX_ESCAPED_NAME_LEN};
use crate::limits::MAX_AUDIENCES;

/// What a payload reads as, in a form tables can spell out.
#[derive(Debug, PartialEq, Eq)]
struct Read<'a> {
    iss: Option<&'a str>,
    aud: Option<(bool, usize)>,
    exp: Option<(u64, bool)>,
    nonce: Option<&'a str>,
}

fn read(payload: &str) -> Result<Read<'_>, JsonError> {
    let c = CoreClaims::parse(payload.as_bytes())?;
    Ok(Read {
        iss: c.iss.map(|s| s.raw()),
        aud: c.aud.as_ref().map(|a| (a.is_array(), a.len())),
        exp: c.exp.map(|d| (d.secs(), d.has_fraction())),
        nonce: c.nonce.map(|s| s.raw()),
    })
}

const NONE: Read<'static> = Read {
    iss: None,
    aud: None,
    exp: None,
    nonce: None,
};

fn invalid(found: JsonKind, offset: usize) -> JsonError {
    JsonError::InvalidType {
        found,
        offset: Some(offset),
    }
}

#[test]
fn known_answers() {
    // Owned, not leaked: miri's leak check runs over these tests in CI.
    let long_escaped_name =
        std::format!("{{\"{}\":1}}", "\\u0061".repeat(MAX_ESCAPED_NAME_LEN + 1));
    let too_many_audiences = std::format!(
        "{{\"aud\":[{}]}}",
        std::vec!["\"a\""; MAX_AUDIENCES + 1].join(",")
    );
    let long_escaped_name = long_escaped_name.as_str();
    let too_many_audiences = too_many_audiences.as_str();
    let cases: &[(&str, Result<Read<'_>, JsonError>)] = &[
        ("{}", Ok(NONE)),
        (
            " {\"iss\" : \"a\" } \n",
            Ok(Read {
                iss: Some("a"),
                ..NONE
            }),
        ),
        // Escaped names match; escaped values stay escaped.
        (
            "{\"\\u0069ss\":\"\\u0061\"}",
            Ok(Read {
                iss: Some("\\u0061"),
                ..NONE
            }),
        ),
        ("{\"iss\":null,\"aud\":null,\"exp\":null}", Ok(NONE)),
        (
            "{\"aud\":\"me\"}",
            Ok(Read {
                aud: Some((false, 1)),
                ..NONE
            }),
        ),
        (
            "{\"aud\":[]}",
            Ok(Read {
                aud: Some((true, 0)),
                ..NONE
            }),
        ),
        (
            "{\"aud\":[\"a\",\"b\"]}",
            Ok(Read {
                aud: Some((true, 2)),
                ..NONE
            }),
        ),
        (
            "{\"exp\":1.5}",
            Ok(Read {
                exp: Some((1, true)),
                ..NONE
            }),
        ),
        (
            "{\"exp\":2e3}",
            Ok(Read {
                exp: Some((2000, false)),
                ..NONE
            }),
        ),
        // Unknown members are skipped, whatever their type, but checked.
        (
            "{\"x\":{\"y\":[1,2.5,null]},\"nonce\":\"n\"}",
            Ok(Read {
                nonce: Some("n"),
                ..NONE
            }),
        ),
        (
            "{\"x\":{\"y\":1,\"y\":2}}",
            Err(JsonError::DuplicateMember { offset: 12 }),
        ),
        ("{\"x\":01}", Err(JsonError::InvalidNumber { offset: 5 })),
        // Known members of the wrong type.
        ("{\"iss\":1}", Err(invalid(JsonKind::Number, 7))),
        ("{\"iss\": true}", Err(invalid(JsonKind::Bool, 8))),
        ("{\"iss\":[\"a\"]}", Err(invalid(JsonKind::Array, 7))),
        ("{\"iss\":{}}", Err(invalid(JsonKind::Object, 7))),
        (
            "{\"iss\":1.5}",
            Err(JsonError::ExpectedInteger { offset: 7 }),
        ),
        (
            "{\"iss\":x}",
            Err(JsonError::UnexpectedByte {
                offset: 7,
                found: b'x',
            }),
        ),
        ("{\"aud\":[\"a\",null]}", Err(invalid(JsonKind::Null, 12))),
        (
            "{\"aud\":[\"a\",]}",
            Err(JsonError::UnexpectedByte {
                offset: 12,
                found: b']',
            }),
        ),
        ("{\"aud\":1}", Err(invalid(JsonKind::Number, 7))),
        (
            too_many_audiences,
            Err(JsonError::ArrayTooLong {
                limit: MAX_AUDIENCES,
            }),
        ),
        ("{\"exp\":\"1\"}", Err(invalid(JsonKind::String, 7))),
        (
            "{\"exp\":-1}",
            Err(JsonError::NumericDateOutOfRange { offset: 7 }),
        ),
        // Duplicates, also through escapes.
        (
            "{\"iss\":\"a\",\"iss\":\"a\"}",
            Err(JsonError::DuplicateMember { offset: 11 }),
        ),
        (
            "{\"iss\":\"a\",\"\\u0069ss\":\"a\"}",
            Err(JsonError::DuplicateMember { offset: 11 }),
        ),
        (
            long_escaped_name,
            Err(JsonError::EscapedNameTooLong {
                offset: 1,
                limit: MAX_ESCAPED_NAME_LEN,
            }),
        ),
        // Not one object.
        ("[]", Err(invalid(JsonKind::Array, 0))),
        ("\"iss\"", Err(invalid(JsonKind::String, 0))),
        ("", Err(JsonError::UnexpectedEnd)),
        ("{\"iss\":\"a\"", Err(JsonError::UnexpectedEnd)),
        ("{} {}", Err(JsonError::TrailingContent { offset: 3 })),
        (
            "{\"iss\":\"a\",}",
            Err(JsonError::UnexpectedByte {
                offset: 11,
                found: b'}',
            }),
        ),
    ];
    for (payload, want) in cases {
        assert_eq!(&read(payload), want, "{payload}");
        assert!(
            parsers_agree(payload.as_bytes()),
            "serde twin differs on {payload}"
        );
    }
}

/// Member names: every claim read, escaped forms, unknown ones, and one
/// too long to decode.
const NAMES: &[&str] = &[
    "\"iss\"",
    "\"sub\"",
    "\"aud\"",
    "\"azp\"",
    "\"exp\"",
    "\"iat\"",
    "\"nbf\"",
    "\"auth_time\"",
    "\"nonce\"",
    "\"at_hash\"",
    "\"acr\"",
    "\"client_id\"",
    "\"jti\"",
    "\"\\u0069ss\"",
    "\"a\\u0075d\"",
    "\"e\\u0078p\"",
    "\"name\"",
    "\"\"",
    "\"iss \"",
    "iss",
];

// The reader without serde and its serde twin give the same claims or the
// same error.
crate::json::test_documents::serde_twin_tests!(parsers_agree, NAMES);

/// The generator reaches every outcome the test means to compare.
#[test]
fn generator_reaches_both_outcomes() {
    use proptest::strategy::ValueTree;
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let (mut ok, mut err) = (0, 0);
    let strategy = object_with(NAMES);
    let docs: Vec<_> = (0..2000)
        .map(|_| strategy.new_tree(&mut runner).map(|t| t.current()))
        .collect();
    for doc in docs.into_iter().flatten() {
        match CoreClaims::parse(doc.as_bytes()) {
            Ok(_) => ok += 1,
            Err(_) => err += 1,
        }
    }
    assert!(ok > 100 && err > 100, "ok {ok}, err {err}");
}
