//! Arbitrary compact strings into the JWS splitter and header parser
//! (`fuzzing::jws_header`) and the strict base64url segment decoder
//! (`fuzzing::base64url_segment`).
//!
//! Oracles: the segment decoder agrees exactly with the independent strict
//! decoder of the `base64` crate (same acceptance, same bytes), and a
//! segment that decodes re-encodes to itself (canonical: no padding, no
//! stray trailing bits). A header that parses came from exactly three
//! segments, its first one decodes, serde_json accepts the JSON, it is an
//! object without duplicate names, and `alg` is a string. Finally the whole
//! compact JWS is verified (`fuzzing::verify_compact`) against the fixture
//! provider's keys with every algorithm allowed: whatever verifies must be a
//! token the provider minted, byte for byte (no alteration survives). The
//! same token percent-encoded (the bytes the input's first byte picks, as a
//! redirect may carry it) is verified from the escaped text
//! (`fuzzing::verify_compact_in_form`) and must end exactly the same way.
#![no_main]

use std::sync::OnceLock;

use fuzz_support::fixtures::fixtures;
use libfuzzer_sys::fuzz_target;
use oidc_implicit::fuzzing::{
    base64url_segment, jws_header, verify_compact, verify_compact_in_form,
};
use oidc_implicit::limits::MAX_KID_LEN;
use oidc_implicit::{AlgorithmSet, JwsError, KeySet, Segment, VerifyError};
use serde_json::Value;

fuzz_target!(|data: &[u8]| {
    let token = fuzz_support::text(data);
    let token: &str = &token;

    let mut buf = vec![0u8; 16 * 1024];
    for segment in token.split('.').chain(std::iter::once(token)) {
        if segment.len() * 3 / 4 > buf.len() {
            continue;
        }
        let ours = base64url_segment(segment, &mut buf).map(<[u8]>::to_vec);
        let reference = fuzz_support::b64url_decode(segment);
        match (&ours, &reference) {
            (Ok(a), Some(b)) => {
                assert_eq!(a, b, "decoded bytes of {segment:?}");
                assert_eq!(
                    fuzz_support::b64url_encode(a),
                    segment,
                    "re-encoding of {segment:?}"
                );
            }
            (Err(JwsError::Base64 { .. }), None) => {}
            _ => panic!("base64url {segment:?}: ours {ours:?}, base64 crate {reference:?}"),
        }
    }

    let parts: Vec<&str> = token.split('.').collect();
    match jws_header(token) {
        Ok(()) => {
            assert_eq!(
                parts.len(),
                3,
                "header parsed from {} segments",
                parts.len()
            );
            let header = fuzz_support::b64url_decode(parts[0]).expect("accepted header decodes");
            if fuzz_support::json::serde_json_cannot_judge(&header) {
                return;
            }
            let parsed = fuzz_support::json::parse(&header).unwrap_or_else(|| {
                panic!(
                    "accepted header JSON refused by serde_json: {:?}",
                    String::from_utf8_lossy(&header)
                )
            });
            assert!(
                !parsed.has_duplicates,
                "header with duplicate names accepted"
            );
            let obj = parsed
                .value
                .as_object()
                .expect("accepted header is an object");
            assert!(
                obj.get("alg").is_some_and(Value::is_string),
                "alg is not a string"
            );
            if let Some(kid) = obj.get("kid") {
                let kid = kid.as_str().expect("kid is a string");
                assert!(kid.len() <= MAX_KID_LEN, "kid of {} bytes", kid.len());
            }
        }
        Err(VerifyError::Jws(JwsError::SegmentCount { found })) => {
            assert_eq!(found, parts.len(), "segment count");
            assert_ne!(found, 3, "three segments refused as a count error");
        }
        Err(VerifyError::Jws(JwsError::Base64 {
            segment: Segment::Header,
        })) => {
            assert!(
                fuzz_support::b64url_decode(parts[0]).is_none(),
                "valid header refused"
            );
        }
        Err(_) => {}
    }

    // Forgery: only minted tokens verify under the provider's keys.
    let f = fixtures();
    let case = &f.cases[0];
    static KEYS: OnceLock<KeySet> = OnceLock::new();
    let keys = KEYS.get_or_init(|| case.keys());
    let plain = verify_compact(token, keys, AlgorithmSet::all_supported(), case.now());
    if let Ok(true) = plain {
        assert!(
            f.minted.contains_key(token),
            "a token the provider never minted verified: {token:?}"
        );
    }

    // The escaped path: the same outcome from the same token escaped.
    if !token.is_empty() {
        let seed = data.first().copied().unwrap_or(0);
        let mut body = String::from("v=");
        for (i, b) in token.bytes().enumerate() {
            let must = matches!(b, b'%' | b'+' | b'&' | b'#') || !b.is_ascii();
            if must || (seed >> (i % 8)) & 1 == 1 {
                body.push_str(&format!("%{b:02X}"));
            } else {
                body.push(char::from(b));
            }
        }
        let escaped =
            verify_compact_in_form(&body, keys, AlgorithmSet::all_supported(), case.now());
        assert_eq!(escaped, Some(plain), "escaped as {body:?}");
    }
});
