//! The OpenID Foundation's Implicit RP certification plan (SPEC.md Part A),
//! test by test, for `response_type=id_token` and `id_token token`, each in
//! the fragment and the form_post response mode.
//!
//! The suite's answers were minted by an independent JOSE implementation
//! (jwcrypto, `tests/fixtures/jose/mint_certification.py`) into
//! `certification.json`; the harness (`oidc_implicit_test_issuer::certification`)
//! plays the suite: it checks the request the library builds, replays the
//! answer, and completes the pending authorization. Each test below asserts
//! the fixture's expected outcome *and* the specific typed result.
//!
//! `tests/README.md` carries the plan as a table, generated from the same
//! fixture: `readme_table_is_current` fails when it drifts (regenerate with
//! `OIDC_BLESS_README=1 cargo test -p oidc-implicit-conformance --test certification`).
// Integration tests: a panic is how a test fails.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    clippy::result_large_err,
    clippy::large_enum_variant,
    missing_docs
)]

use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

use oidc_implicit::{
    Algorithm, AuthorizeRequest, Completion, CompletionError, DiscoveryError, ErrorCode, JwsError,
    KeySet, PendingAuthorization, RequestError, ResponseError, ResponseMode, ResponseType, Segment,
    VerifyError,
};
use oidc_implicit_test_issuer::certification::{
    Mode, Outcome, Plan, StepResult, assert_all_ok, assert_each,
};

fn plan() -> &'static Plan {
    static PLAN: OnceLock<Plan> = OnceLock::new();
    PLAN.get_or_init(|| Plan::load().unwrap())
}

fn verify_error(o: &Outcome) -> Option<VerifyError> {
    match o {
        Outcome::Refused(CompletionError::Verify(e)) => Some(*e),
        _ => None,
    }
}

fn accepted(o: &Outcome) -> bool {
    matches!(o, Outcome::Accepted { .. })
}

fn only(results: &[StepResult], variant: &str) -> Vec<StepResult> {
    let out: Vec<StepResult> = results
        .iter()
        .filter(|r| r.variant == variant)
        .cloned()
        .collect();
    assert!(!out.is_empty(), "no run of variant {variant}");
    out
}

/// Runs test `id`, checks every outcome against the fixture, and returns
/// the results for the typed assertions. `runs` is the number of
/// (variant, response type, mode, step) results expected.
fn run(id: &str, results_expected: usize) -> Vec<StepResult> {
    let results = plan().run_test(id);
    assert_all_ok(&results);
    assert_eq!(
        results.len(),
        results_expected,
        "{id}: {:?}",
        results.iter().map(|r| &r.label).collect::<Vec<_>>()
    );
    results
}

#[test]
fn a01_response_type_id_token() {
    let results = run("A1", 2);
    assert_each(&results, "accept", accepted);
    for r in &results {
        let Outcome::Accepted {
            payload,
            alg,
            access_token,
            ..
        } = &r.outcome
        else {
            unreachable!()
        };
        assert_eq!(r.response_type, "id_token");
        assert_eq!(*alg, Algorithm::Rs256);
        assert_eq!(payload["sub"], "user-subject-1234531");
        assert_eq!(access_token, &None);
    }
}

#[test]
fn a02_response_type_id_token_token() {
    let results = run("A2", 2);
    assert_each(&results, "accept", accepted);
    for r in &results {
        let Outcome::Accepted {
            access_token,
            token_type,
            expires_at,
            ..
        } = &r.outcome
        else {
            unreachable!()
        };
        // 50 alphanumeric characters, Bearer, and no expires_in at all.
        assert_eq!(access_token.as_deref(), Some(plan().access_token()));
        assert_eq!(access_token.as_ref().map(String::len), Some(50));
        assert_eq!(*token_type, Some("Bearer"));
        assert_eq!(*expires_at, None);
    }
}

#[test]
fn a03_invalid_iss() {
    let results = run("A3", 8);
    assert_each(&results, "VerifyError::IssuerMismatch", |o| {
        verify_error(o) == Some(VerifyError::IssuerMismatch)
    });
}

#[test]
fn a04_missing_sub() {
    let results = run("A4", 4);
    assert_each(&results, "VerifyError::MissingSubject", |o| {
        verify_error(o) == Some(VerifyError::MissingSubject)
    });
}

#[test]
fn a05_invalid_aud() {
    let results = run("A5", 12);
    for variant in ["java", "python"] {
        assert_each(&only(&results, variant), "AudienceMismatch", |o| {
            verify_error(o) == Some(VerifyError::AudienceMismatch)
        });
    }
    assert_each(
        &only(&results, "java-missing-aud"),
        "MissingAudience",
        |o| verify_error(o) == Some(VerifyError::MissingAudience),
    );
}

#[test]
fn a06_missing_iat() {
    let results = run("A6", 4);
    assert_each(&results, "VerifyError::MissingIssuedAt", |o| {
        verify_error(o) == Some(VerifyError::MissingIssuedAt)
    });
}

#[test]
fn a07_kid_absent_single_jwks() {
    let results = run("A7", 8);
    assert_each(&results, "accept (the one RSA key)", accepted);
    // Only the RSA and the P-256 signing keys are usable; secp256k1, Ed25519
    // (and the encryption keys the suite's generator adds) are skipped.
    let now = plan().now();
    for (set, usable, skipped) in [("single-no-kid", 2, 2), ("single-no-kid-with-enc", 2, 4)] {
        let keys = KeySet::parse(plan().jwks(set).as_bytes(), now).unwrap();
        assert_eq!(
            (keys.len(), keys.skipped().len()),
            (usable, skipped),
            "{set}"
        );
    }
}

#[test]
fn a08_kid_absent_multiple_jwks() {
    // The suite lets either outcome pass ("rejection allowed"). This library
    // refuses: OIDC Core §10.1 requires a kid when the set holds several keys.
    let results = run("A8", 8);
    assert_each(&results, "VerifyError::AmbiguousKey", |o| {
        verify_error(o) == Some(VerifyError::AmbiguousKey)
    });
}

#[test]
fn a09_sig_rs256() {
    let results = run("A9", 4);
    assert_each(&results, "accept (RS256)", |o| {
        matches!(
            o,
            Outcome::Accepted {
                alg: Algorithm::Rs256,
                ..
            }
        )
    });
}

#[test]
fn a10_invalid_sig_rs256() {
    let results = run("A10", 8);
    assert_each(&only(&results, "java"), "BadSignature", |o| {
        verify_error(o) == Some(VerifyError::BadSignature)
    });
    // Sorting the signature's characters leaves a final character with
    // non-zero pad bits: the strict base64url decoder refuses it before the
    // RSA check (a canonical sorted text would give BadSignature).
    assert_each(&only(&results, "python"), "malformed signature", |o| {
        matches!(
            verify_error(o),
            Some(
                VerifyError::Jws(JwsError::Base64 {
                    segment: Segment::Signature
                }) | VerifyError::BadSignature
            )
        )
    });
}

#[test]
fn a11_invalid_at_hash() {
    let results = run("A11", 4);
    assert!(results.iter().all(|r| r.response_type == "id_token token"));
    assert_each(&results, "VerifyError::AtHashMismatch", |o| {
        verify_error(o) == Some(VerifyError::AtHashMismatch)
    });
}

#[test]
fn a12_missing_at_hash() {
    let results = run("A12", 2);
    assert_each(&results, "VerifyError::MissingAtHash", |o| {
        verify_error(o) == Some(VerifyError::MissingAtHash)
    });
}

#[test]
fn a13_nonce_unless_code_flow() {
    // The suite's request checks (run for every test) include the nonce;
    // here, explicitly: every implicit request carries a fresh 256-bit nonce.
    let results = run("A13", 4);
    assert_each(&results, "accept", accepted);
    let config = plan().static_config();
    let mut seen = BTreeSet::new();
    for rt in [ResponseType::IdToken, ResponseType::IdTokenToken] {
        for mode in [ResponseMode::Fragment, ResponseMode::FormPost] {
            for seed in [1u8, 2] {
                let entropy: [u8; 32] = std::array::from_fn(|i| (i as u8) ^ seed.wrapping_mul(97));
                let request = AuthorizeRequest::new(rt).response_mode(mode);
                let (url, _) = config.authorize(&request, &entropy, plan().now()).unwrap();
                let url = url.to_string();
                let nonce = form_urlencoded::parse(url.split_once('?').unwrap().1.as_bytes())
                    .find(|(k, _)| k == "nonce")
                    .map(|(_, v)| v.into_owned())
                    .unwrap_or_else(|| panic!("no nonce in {url}"));
                assert!(nonce.len() >= 43, "{nonce}");
                seen.insert(nonce);
            }
        }
    }
    // Different entropy, different nonce.
    assert!(seen.len() >= 2);
}

#[test]
fn a14_nonce_invalid() {
    let results = run("A14", 8);
    assert_each(&results, "VerifyError::NonceMismatch", |o| {
        verify_error(o) == Some(VerifyError::NonceMismatch)
    });
}

#[test]
fn a15_scope_userinfo_claims() {
    let results = run("A15", 4);
    assert_each(&results, "accept", accepted);
    // The claims are exposed typed (response_type=id_token: in the ID token).
    let p = plan();
    let test = p.test("A15");
    let run = &test["runs"][0];
    assert_eq!(run["response_type"], "id_token");
    let config = p.static_config();
    let pending = PendingAuthorization::dangerous_with_known_values(
        &config,
        ResponseType::IdToken,
        ResponseMode::Fragment,
        "openid profile email phone address",
        "st-cert-Qw7Lm2Zx",
        Some("n-cert-Vb8Kp3Rt6Yh"),
        None,
        p.now().saturating_sub(5),
    )
    .unwrap();
    let keys = KeySet::parse(p.jwks("server").as_bytes(), p.now()).unwrap();
    let location = run["steps"][0]["location"].as_str().unwrap();
    let Ok(Completion::Tokens(tokens)) = pending.complete(&config, location, &keys, p.now()) else {
        panic!("accept expected")
    };
    let claims = tokens.id_token().claims();
    let s = |v: Option<oidc_implicit::JsonStr<'_>>| v.map(|s| s.to_string_decoded());
    assert_eq!(s(claims.name()).as_deref(), Some("Jane Doe"));
    assert_eq!(s(claims.email()).as_deref(), Some("janedoe@example.com"));
    assert_eq!(
        s(claims.phone_number()).as_deref(),
        Some("+1 (555) 555-1234")
    );
    assert_eq!(claims.email_verified(), Some(true));
    assert_eq!(claims.updated_at(), Some(1_699_990_000));
    let address: serde_json::Value = serde_json::from_str(claims.address_json().unwrap()).unwrap();
    assert_eq!(address["locality"], "Anytown");
}

#[test]
fn a18_sig_none_refused() {
    let results = run("A18", 4);
    assert_each(&results, "VerifyError::UnsupportedAlgorithm", |o| {
        verify_error(o) == Some(VerifyError::UnsupportedAlgorithm)
    });
}

#[test]
fn a19_invalid_sig_es256() {
    let results = run("A19", 4);
    assert_each(&results, "VerifyError::BadSignature", |o| {
        verify_error(o) == Some(VerifyError::BadSignature)
    });
}

#[test]
fn a20_sig_es256() {
    let results = run("A20", 4);
    assert_each(&results, "accept (ES256)", |o| {
        matches!(
            o,
            Outcome::Accepted {
                alg: Algorithm::Es256,
                ..
            }
        )
    });
}

#[test]
fn a21_hs256_refused() {
    // Discovery lists only HS256: no configuration can be built from it.
    // An app that configured the client by hand still refuses the token,
    // valid MAC or not, before looking for a key.
    let results = run("A21", 16);
    let (discovery, steps): (Vec<&StepResult>, Vec<&StepResult>) =
        results.iter().partition(|r| r.step.is_none());
    assert_eq!((discovery.len(), steps.len()), (8, 8));
    for r in discovery {
        assert!(
            matches!(
                r.outcome,
                Outcome::DiscoveryRefused(DiscoveryError::NoCommonAlgorithm)
            ),
            "{}: {:?}",
            r.label,
            r.outcome
        );
    }
    assert_each(&results, "VerifyError::UnsupportedAlgorithm", |o| {
        verify_error(o) == Some(VerifyError::UnsupportedAlgorithm)
    });
}

#[test]
fn a22_a23_hybrid_refused() {
    // A22 and A23 belong to the hybrid plan; the library does not implement
    // hybrid response types and refuses them up front.
    plan().test("A22");
    plan().test("A23");
    for rt in [
        "code",
        "code id_token",
        "code token",
        "code id_token token",
        "id_token code",
    ] {
        assert_eq!(
            ResponseType::parse(rt),
            Err(RequestError::CodeFlowNotSupported),
            "{rt}"
        );
    }
}

#[test]
fn a24_form_post_plan_matches_fragment() {
    // The whole plan again with response_mode=form_post: every response as
    // an auto-submitted HTML form, with the same outcome as the fragment.
    let p = plan();
    assert_eq!(p.test("A24")["response_modes"][0], "form_post");
    let mut by_mode: BTreeMap<(String, Option<usize>), BTreeMap<Mode, String>> = BTreeMap::new();
    let mut form_posts = 0;
    for test in p.tests() {
        let modes: Vec<&str> = test["response_modes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m.as_str().unwrap())
            .collect();
        if modes != ["fragment", "form_post"] {
            continue;
        }
        let results = p.run_test_in(
            test["id"].as_str().unwrap(),
            &[Mode::Fragment, Mode::FormPost],
        );
        assert_all_ok(&results);
        for r in results {
            form_posts += usize::from(r.mode == Mode::FormPost && r.step.is_some());
            let key = format!("{}/{}/{}", r.test, r.variant, r.response_type);
            by_mode
                .entry((key, r.step))
                .or_default()
                .insert(r.mode, r.got);
        }
    }
    for (key, outcomes) in &by_mode {
        assert_eq!(outcomes.len(), 2, "{key:?}");
        assert_eq!(
            outcomes.get(&Mode::Fragment),
            outcomes.get(&Mode::FormPost),
            "{key:?}"
        );
    }
    assert!(form_posts >= 50, "only {form_posts} form_post responses");
}

#[test]
fn a25_form_post_error() {
    // The request carried prompt=none and max_age=0 (checked by the
    // harness); the error arrives through form_post and surfaces typed.
    let results = run("A25", 2);
    assert!(results.iter().all(|r| r.mode == Mode::FormPost));
    assert_each(
        &results,
        "ResponseError::Authorization(login_required)",
        |o| {
            matches!(
                o,
                Outcome::Refused(CompletionError::Response(ResponseError::Authorization(e)))
                    if e.code() == ErrorCode::LoginRequired
                        && e.code().needs_interaction()
                        && e.description() == Some("Error response using form_post")
            )
        },
    );
}

#[test]
fn a26_signing_key_rotation() {
    let results = run("A26", 8);
    for r in &results {
        match r.step {
            Some(0) => assert!(accepted(&r.outcome), "{}: {:?}", r.label, r.outcome),
            _ => assert!(
                matches!(&r.outcome, Outcome::RefreshedThen { kid, then }
                    if kid == "rotated_rsa_1699996400" && accepted(then)),
                "{}: {:?}",
                r.label,
                r.outcome
            ),
        }
    }
}

#[test]
fn a27_signing_key_rotation_just_before_signing() {
    let results = run("A27", 4);
    for r in &results {
        assert!(
            matches!(&r.outcome, Outcome::RefreshedThen { kid, then }
                if kid == "rotated_rsa_1699996400" && accepted(then)),
            "{}: {:?}",
            r.label,
            r.outcome
        );
    }
}

#[test]
fn a28_discovery() {
    let results = run("A28", 16);
    for r in &only(&results, "openid-config+jwks-uri-keys") {
        match r.step {
            None => assert!(matches!(r.outcome, Outcome::Discovered), "{}", r.label),
            Some(_) => assert!(accepted(&r.outcome), "{}: {:?}", r.label, r.outcome),
        }
    }
    for variant in ["java-issuer-mismatch", "python-issuer-mismatch"] {
        let refused = only(&results, variant);
        assert!(
            refused.iter().all(|r| r.step.is_none()),
            "no request may follow"
        );
        for r in refused {
            assert!(
                matches!(
                    r.outcome,
                    Outcome::DiscoveryRefused(DiscoveryError::IssuerMismatch)
                ),
                "{}: {:?}",
                r.label,
                r.outcome
            );
        }
    }
}

#[test]
fn a29_ignores_unparseable_keys() {
    let results = run("A29", 4);
    assert_each(&results, "accept", accepted);
    // Four usable keys; secp256k1, Ed25519, two encryption keys, the AKP key
    // and the made-up kty are skipped, none of them fatal.
    let keys = KeySet::parse(
        plan().jwks("server-with-unparseable").as_bytes(),
        plan().now(),
    )
    .unwrap();
    assert_eq!((keys.len(), keys.skipped().len()), (4, 6));
}

// ---- the plan itself ---------------------------------------------------

/// The tests of the Java suite's Implicit RP plan (SPEC.md Part A), per
/// response type.
const JAVA_PLAN_I: &[&str] = &[
    "oidcc-client-test",
    "oidcc-client-test-invalid-iss",
    "oidcc-client-test-missing-sub",
    "oidcc-client-test-invalid-aud",
    "oidcc-client-test-missing-iat",
    "oidcc-client-test-kid-absent-single-jwks",
    "oidcc-client-test-kid-absent-multiple-jwks",
    "oidcc-client-test-idtoken-sig-rs256",
    "oidcc-client-test-invalid-sig-rs256",
    "oidcc-client-test-nonce-unless-code-flow",
    "oidcc-client-test-nonce-invalid",
    "oidcc-client-test-scope-userinfo-claims",
];
const JAVA_PLAN_IT_EXTRA: &[&str] = &[
    "oidcc-client-test-invalid-athash",
    "oidcc-client-test-missing-athash",
    "oidcc-client-test-userinfo-invalid-sub",
];

#[test]
fn plan_covers_spec_part_a() {
    let p = plan();
    let ids: Vec<&str> = p
        .tests()
        .iter()
        .map(|t| t["id"].as_str().unwrap())
        .collect();
    let spec: Vec<String> = (1..=29).map(|i| format!("A{i}")).collect();
    assert_eq!(ids, spec);
    let covers =
        |module: &str, rt: &str| {
            p.tests().iter().any(|t| {
                t["java"].as_str().unwrap().split(['(', '/', ' ']).any(|m| {
                    m.trim() == module || format!("oidcc-client-test{}", m.trim()) == module
                }) && t["response_types"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|r| r == rt)
            })
        };
    for module in JAVA_PLAN_I {
        assert!(covers(module, "id_token"), "{module} (id_token)");
        assert!(
            covers(module, "id_token token"),
            "{module} (id_token token)"
        );
    }
    for module in JAVA_PLAN_IT_EXTRA {
        assert!(
            covers(module, "id_token token"),
            "{module} (id_token token)"
        );
    }
    // Every test with responses runs both modes (A25 is form_post only).
    for t in p.tests() {
        let runs = t["runs"].as_array().unwrap();
        let modes = &t["response_modes"];
        if !runs.is_empty() && t["id"] != "A25" {
            assert_eq!(
                modes,
                &serde_json::json!(["fragment", "form_post"]),
                "{}",
                t["id"]
            );
        }
    }
}

fn test_functions() -> BTreeMap<String, String> {
    let source = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/certification.rs"
    ))
    .unwrap();
    let mut out = BTreeMap::new();
    for chunk in source.split("#[test]\nfn ").skip(1) {
        let name = chunk.split('(').next().unwrap().to_string();
        let body = chunk.split("\n}\n").next().unwrap().to_string();
        out.insert(name, body);
    }
    out
}

const META_TESTS: &[&str] = &[
    "plan_covers_spec_part_a",
    "every_test_function_is_in_the_plan",
    "readme_table_is_current",
];

#[test]
fn every_test_function_is_in_the_plan() {
    let functions = test_functions();
    let p = plan();
    let mut named = BTreeSet::new();
    for t in p.tests() {
        let Some(f) = t["function"].as_str() else {
            assert!(
                t["note"].is_string(),
                "{}: no function and no note",
                t["id"]
            );
            continue;
        };
        let body = functions
            .get(f)
            .unwrap_or_else(|| panic!("{}: the plan names {f}, which is not a test here", t["id"]));
        let id = format!("\"{}\"", t["id"].as_str().unwrap());
        assert!(body.contains(&id), "{f} does not run {id}");
        named.insert(f.to_string());
    }
    for f in functions.keys() {
        assert!(
            named.contains(f) || META_TESTS.contains(&f.as_str()),
            "test {f} is not in the plan (nor the README table)"
        );
    }
}

#[test]
fn readme_table_is_current() {
    const BEGIN: &str = "<!-- certification-table:begin (generated from certification.json by readme_table_is_current) -->\n";
    const END: &str = "<!-- certification-table:end -->";
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/README.md");
    let readme = std::fs::read_to_string(path).unwrap();
    let start = readme
        .find(BEGIN)
        .expect("README lacks the table's begin marker")
        + BEGIN.len();
    let end = readme
        .find(END)
        .expect("README lacks the table's end marker");
    let table = plan().markdown_table();
    if readme[start..end] != table {
        if std::env::var_os("OIDC_BLESS_README").is_some() {
            std::fs::write(
                path,
                format!("{}{table}{}", &readme[..start], &readme[end..]),
            )
            .unwrap();
        } else {
            panic!(
                "tests/README.md's certification table is stale; regenerate with \
                 OIDC_BLESS_README=1 cargo test -p oidc-implicit-conformance --test certification"
            );
        }
    }
}
