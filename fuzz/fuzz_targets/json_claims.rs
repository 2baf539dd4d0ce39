//! Arbitrary bytes as an ID-token payload into the claims parser
//! (`fuzzing::claims`, the strict no_std JSON reader), and as the body of a
//! JSON string into `JsonStr::from_escaped`.
//!
//! Oracles: the claims reader, the standard-claims reader and the JWS
//! header reader (none uses serde) read every input as their serde twins do (the same members or the
//! same error); anything the claims parser accepts, serde_json accepts too;
//! it is an object; no object in it, at any depth, repeats a name; and every
//! claim decisions are made on has the JSON type the specification gives
//! (strings, `aud` a string or array of strings, dates non-negative
//! numbers). A string body that `from_escaped` accepts decodes to what
//! serde_json decodes, and its accessors agree.
#![no_main]

use libfuzzer_sys::fuzz_target;
use oidc_implicit::JsonStr;
use oidc_implicit::fuzzing::{
    claims, claims_parsers_agree, jws_header_parsers_agree, standard_claims_parsers_agree,
};
use serde_json::Value;

fuzz_target!(|data: &[u8]| {
    assert!(
        claims_parsers_agree(data),
        "the claims reader and its serde twin differ on {:?}",
        String::from_utf8_lossy(data)
    );
    assert!(
        standard_claims_parsers_agree(data),
        "the standard-claims reader and its serde twin differ on {:?}",
        String::from_utf8_lossy(data)
    );
    assert!(
        jws_header_parsers_agree(data),
        "the JWS header reader and its serde twin differ on {:?}",
        String::from_utf8_lossy(data)
    );
    if claims(data).is_ok() && !fuzz_support::json::serde_json_cannot_judge(data) {
        let parsed = fuzz_support::json::parse(data).unwrap_or_else(|| {
            panic!(
                "accepted, serde_json refuses: {:?}",
                String::from_utf8_lossy(data)
            )
        });
        assert!(
            !parsed.has_duplicates,
            "duplicate member names accepted: {:?}",
            String::from_utf8_lossy(data)
        );
        let obj = parsed
            .value
            .as_object()
            .expect("accepted claims are an object");
        let string_or_null = |v: &Value| v.is_string() || v.is_null();
        for name in [
            "iss",
            "sub",
            "azp",
            "nonce",
            "at_hash",
            "acr",
            "client_id",
            "jti",
        ] {
            if let Some(v) = obj.get(name) {
                assert!(string_or_null(v), "{name} accepted as {v}");
            }
        }
        if let Some(aud) = obj.get("aud") {
            let ok = string_or_null(aud)
                || aud
                    .as_array()
                    .is_some_and(|a| a.iter().all(Value::is_string));
            assert!(ok, "aud accepted as {aud}");
        }
        for name in ["exp", "iat", "nbf", "auth_time"] {
            if let Some(v) = obj.get(name) {
                let ok = v.is_null() || fuzz_support::json::whole_seconds(v).is_some();
                assert!(ok, "{name} accepted as {v}");
            }
        }
    }

    let Ok(body) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(s) = JsonStr::from_escaped(body) {
        let quoted = format!("\"{body}\"");
        let reference: String = serde_json::from_str(&quoted)
            .unwrap_or_else(|e| panic!("from_escaped accepted {body:?}, serde_json: {e}"));
        let decoded = s.to_string_decoded();
        assert_eq!(decoded, reference, "decoding of {body:?}");
        assert_eq!(s.decoded_len(), decoded.len(), "decoded_len");
        assert_eq!(s.is_empty(), decoded.is_empty(), "is_empty");
        assert_eq!(s.chars().collect::<String>(), decoded, "chars()");
        assert!(s.eq_str(&decoded), "eq_str with its own value");
        assert!(
            !s.eq_str(&format!("{decoded}x")),
            "eq_str with a longer value"
        );
        assert_eq!(s.raw(), body, "raw");
        if let Some(plain) = s.as_plain() {
            assert_eq!(plain, decoded, "as_plain");
        }
        let mut buf = vec![0u8; decoded.len()];
        assert_eq!(
            s.decode_into(&mut buf).ok(),
            Some(decoded.as_str()),
            "decode_into"
        );
        let mut out = String::new();
        s.write_to(&mut out).expect("write_to");
        assert_eq!(out, decoded, "write_to");
    }
});
