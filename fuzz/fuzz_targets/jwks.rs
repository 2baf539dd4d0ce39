//! Arbitrary bytes as a JWK Set (`KeySet::parse`, `KeySet::parse_refreshed`).
//!
//! Oracles: the reader without serde and its serde twin read the set and
//! each entry alike (same members, or the same error); a set that parses is
//! JSON serde_json accepts, an object without
//! duplicate names anywhere, with a `keys` array; every entry is either a
//! usable key or a skipped one (no entry lost or invented), at least one is
//! usable; both entry points agree. Then the set is used: two genuine
//! fixture responses (RS256 with `rsa-1`, ES256 with `ec-1`) are completed
//! with it, and an ID token may only be accepted when the set really serves
//! its signing key (same key bytes under the token's `kid`, not an
//! encryption key, no other `alg`): no key confusion from a hostile set.
#![no_main]

use fuzz_support::fixtures::{self, fixtures};
use libfuzzer_sys::fuzz_target;
use oidc_implicit::fuzzing::jwks_parsers_agree;
use oidc_implicit::limits::MAX_JWKS_KEYS;
use oidc_implicit::{Completion, KeySet, PendingAuthorization, ResponseMode, UnixTime};

/// Cases whose genuine response is completed with the fuzzed set.
const GENUINE: [&str; 2] = ["rs256-id_token", "es256-id_token"];

fuzz_target!(|data: &[u8]| {
    assert!(
        jwks_parsers_agree(data),
        "JWKS readers disagree on {:?}",
        String::from_utf8_lossy(data)
    );
    let now = UnixTime::from_secs(1_700_000_010).expect("now");
    let keys = KeySet::parse(data, now);
    let refreshed = KeySet::parse_refreshed(data, now, "rsa-1");
    assert_eq!(
        keys.as_ref().map(KeySet::len).map_err(|e| *e),
        refreshed.as_ref().map(KeySet::len).map_err(|e| *e),
        "parse and parse_refreshed disagree"
    );
    let Ok(keys) = keys else { return };
    if fuzz_support::json::serde_json_cannot_judge(data) {
        return;
    }

    let parsed = fuzz_support::json::parse(data).unwrap_or_else(|| {
        panic!(
            "accepted JWKS refused by serde_json: {:?}",
            String::from_utf8_lossy(data)
        )
    });
    assert!(!parsed.has_duplicates, "JWKS with duplicate names accepted");
    let entries = parsed.value["keys"]
        .as_array()
        .expect("accepted JWKS has a keys array");
    assert!(
        !keys.is_empty() && keys.len() <= MAX_JWKS_KEYS,
        "usable keys: {}",
        keys.len()
    );
    assert_eq!(
        keys.len() + keys.skipped().len(),
        entries.len(),
        "usable {} + skipped {:?} != {} entries",
        keys.len(),
        keys.skipped(),
        entries.len()
    );
    assert_eq!(keys.loaded_at(), now);

    let Ok(jwks_text) = std::str::from_utf8(data) else {
        panic!("accepted JWKS is not UTF-8");
    };
    let f = fixtures();
    for name in GENUINE {
        let case = f
            .cases
            .iter()
            .find(|c| c.name == name)
            .expect("fixture case");
        let config = case.config();
        let pending = PendingAuthorization::dangerous_with_known_values(
            &config,
            case.response_type,
            ResponseMode::Fragment,
            "openid",
            &case.state,
            Some(&case.nonce),
            case.max_age,
            case.now(),
        )
        .expect("pending");
        let accepted = matches!(
            pending.complete(&config, &case.fragment, &keys, case.now()),
            Ok(Completion::Tokens(_))
        );
        if accepted
            && let Err(why) = fixtures::may_accept_with_keys(
                &case.id_token,
                None,
                case,
                case.response_type,
                jwks_text,
            )
        {
            panic!("{name} accepted with this JWKS: {why}\n{jwks_text}");
        }
    }
});
