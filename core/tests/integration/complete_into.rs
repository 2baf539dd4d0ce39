//! `complete_into` against `complete`: the same outcome on every minted
//! case, whether its slot is fresh or reused after tokens, an error or a key
//! refresh, and nothing left in the slot after an error.
#![cfg(feature = "alloc")]

use oidc_implicit::{
    AccessToken, Completion, CompletionError, PendingAuthorization, ResponseMode, ResponseType,
};

use crate::support::{cases, config, keys, now, pending};

fn access(a: &AccessToken<'_>) -> String {
    format!(
        "access {:?} {:?} {:?} {:?}",
        a.value(),
        a.token_type(),
        a.expires_at(),
        a.scope()
    )
}

/// Everything an outcome hands the caller, as text.
fn describe(outcome: Result<&Completion<'_>, &CompletionError>) -> String {
    match outcome {
        Ok(Completion::Tokens(t)) => {
            let id = t.id_token();
            format!(
                "tokens {} {} {} {} jws {:?} {}",
                id.algorithm(),
                id.expires_at(),
                id.issued_at(),
                id.payload_json(),
                t.id_token_jws(),
                t.access_token()
                    .map_or_else(|| "no access token".into(), access),
            )
        }
        Ok(Completion::OAuthOnly(o)) => format!("oauth only {}", access(o.access_token())),
        Ok(Completion::RefreshKeys(r)) => format!("refresh {}", r.kid()),
        Ok(other) => format!("other {other:?}"),
        Err(e) => format!("error {e:?}"),
    }
}

/// Runs `complete_into` with `slot` and describes what it left there.
fn into<'a>(
    pending: PendingAuthorization,
    config: &oidc_implicit::ClientConfig,
    redirect: &'a str,
    keys: &oidc_implicit::KeySet,
    now: oidc_implicit::UnixTime,
    slot: &mut Option<Completion<'a>>,
) -> String {
    match pending.complete_into(config, redirect, keys, now, slot) {
        Ok(()) => match slot {
            Some(c) => describe(Ok(c)),
            None => "Ok(()) with an empty slot".into(),
        },
        Err(e) => {
            assert!(slot.is_none(), "the slot keeps a value after {e:?}");
            describe(Err(&e))
        }
    }
}

/// `complete_into` on a fresh slot and on `reused` (whatever a previous
/// call left there) must both describe `want`.
#[allow(clippy::too_many_arguments)]
fn assert_both_slots<'a>(
    pending: impl Fn() -> PendingAuthorization,
    config: &oidc_implicit::ClientConfig,
    redirect: &'a str,
    keys: &oidc_implicit::KeySet,
    now: oidc_implicit::UnixTime,
    reused: &mut Option<Completion<'a>>,
    want: &str,
    label: &str,
) {
    let mut fresh = None;
    let got = into(pending(), config, redirect, keys, now, &mut fresh);
    assert_eq!(got, want, "{label}, fresh slot");
    let got = into(pending(), config, redirect, keys, now, reused);
    assert_eq!(got, want, "{label}, reused slot");
}

#[test]
fn agrees_with_complete_on_every_minted_case_with_fresh_and_reused_slots() {
    let cases = cases();
    let mut reused = None;
    let (mut tokens, mut errors, mut refreshes) = (0, 0, 0);
    for case in &cases {
        let name = case["name"].as_str().unwrap();
        let (now, config, keys) = (now(case), config(case), keys(case));
        let fragment = case["fragment"].as_str().unwrap();
        let outcome = pending(case, &config).complete(&config, fragment, &keys, now);
        let want = describe(outcome.as_ref());
        match &outcome {
            Ok(Completion::Tokens(_)) => tokens += 1,
            Ok(Completion::RefreshKeys(_)) => refreshes += 1,
            _ => errors += 1,
        }
        assert_both_slots(
            || pending(case, &config),
            &config,
            fragment,
            &keys,
            now,
            &mut reused,
            &want,
            name,
        );
    }
    // The table has all three kinds, so the reused slot went through every
    // transition between them.
    assert!(
        tokens > 5 && errors > 20 && refreshes > 0,
        "{tokens} {errors} {refreshes}"
    );
}

#[test]
fn agrees_with_complete_on_token_responses() {
    let all = cases();
    let case = &all[0];
    let config = config(case);
    let state = case["state"].as_str().unwrap();
    let token_pending = || {
        PendingAuthorization::dangerous_with_known_values(
            &config,
            ResponseType::Token,
            ResponseMode::Fragment,
            "openid",
            state,
            None,
            None,
            now(case).saturating_sub(5),
        )
        .unwrap()
    };
    let keys = keys(case);
    let redirects = [
        format!(
            "access_token=a%2Bb&token_type=Bearer&expires_in=60&scope=openid+email&state={state}"
        ),
        format!("access_token=at&token_type=Bearer&state={state}"),
        format!("token_type=Bearer&state={state}"),
        "access_token=at&token_type=Bearer&state=other".to_string(),
        format!("error=access_denied&state={state}"),
    ];
    // A slot that held verified tokens first, then each outcome in turn.
    let fragment = case["fragment"].as_str().unwrap();
    let mut reused = None;
    let first = into(
        pending(case, &config),
        &config,
        fragment,
        &keys,
        now(case),
        &mut reused,
    );
    assert!(first.starts_with("tokens"), "{first}");
    let mut oauth_only = 0;
    for redirect in &redirects {
        let want = describe(
            token_pending()
                .complete(&config, redirect, &keys, now(case))
                .as_ref(),
        );
        oauth_only += usize::from(want.starts_with("oauth only"));
        assert_both_slots(
            token_pending,
            &config,
            redirect,
            &keys,
            now(case),
            &mut reused,
            &want,
            redirect,
        );
    }
    assert_eq!(oauth_only, 2);
}
