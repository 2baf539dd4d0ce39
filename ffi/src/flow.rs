//! The second half of the flow, shared by the uniffi layer and the C ABI:
//! complete a pending authorization held in a mutex, turning the core's
//! borrowed results into owned records.

use std::sync::{Mutex, PoisonError};

use oidc_implicit::{
    ClientConfig, JsonStr, KeySet, PendingAuthorization, Redirected, UnixTime, ValidatedTokens,
    Verified,
};
use serde_json::Value;

use crate::error::OidcError;
use crate::types::{Address, Algorithm, Claims, Tokens};

/// A pending authorization behind a mutex: `complete` takes it out, and
/// puts it back only when fresh keys are needed.
#[derive(Debug)]
pub(crate) struct Slot {
    pub(crate) pending: Option<PendingAuthorization>,
    /// The `kid` the last attempt lacked: the next JWK Set is loaded as a
    /// refresh for it, so a `kid` still missing is refused instead of asking
    /// for yet another fetch (the core's refresh cooldown).
    pub(crate) refreshed_for: Option<String>,
}

impl Slot {
    pub(crate) fn new(pending: PendingAuthorization) -> Mutex<Self> {
        Mutex::new(Self {
            pending: Some(pending),
            refreshed_for: None,
        })
    }
}

/// Locks a slot; a panic in another thread while it held the lock leaves
/// at worst an empty slot, which reads as "already completed".
pub(crate) fn lock(slot: &Mutex<Slot>) -> std::sync::MutexGuard<'_, Slot> {
    slot.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Checks `redirect` and verifies its ID token with the keys in `jwks`.
/// The lock is held throughout, so two threads cannot both complete it.
///
/// The keys are parsed only once the redirect proved to carry an ID token
/// for this request, so an error response (`login_required` after a silent
/// request) needs no JWK Set; unusable keys give the pending authorization
/// back (the app may fetch them again).
pub(crate) fn complete(
    config: &ClientConfig,
    slot: &Mutex<Slot>,
    redirect: &str,
    jwks: &[u8],
    now: UnixTime,
) -> Result<Tokens, OidcError> {
    let mut slot = lock(slot);
    let pending = slot.pending.take().ok_or(OidcError::AlreadyCompleted)?;
    let unverified = match pending.accept_redirect(config, redirect, now)? {
        Redirected::IdToken(unverified) => unverified,
        // Only `token` yields anything else, and the bindings never create
        // or read back a pending authorization of that type.
        _ => {
            return Err(OidcError::input(
                "plain OAuth `token` responses authenticate nobody and are not supported",
            ));
        }
    };
    let keys = match &slot.refreshed_for {
        Some(kid) => KeySet::parse_refreshed(jwks, now, kid),
        None => KeySet::parse(jwks, now),
    };
    let keys = match keys {
        Ok(keys) => keys,
        Err(e) => {
            slot.pending = Some(unverified.into_pending());
            return Err(e.into());
        }
    };
    match unverified.verify(config, &keys, now)? {
        Verified::Tokens(tokens) => owned_tokens(&tokens),
        Verified::RefreshKeys(refresh) => {
            let kid = refresh.kid().to_owned();
            slot.refreshed_for = Some(kid.clone());
            slot.pending = Some(refresh.into_pending());
            Err(OidcError::KeysOutdated { kid })
        }
        _ => Err(OidcError::internal("unknown verification outcome")),
    }
}

fn owned_tokens(tokens: &ValidatedTokens<'_>) -> Result<Tokens, OidcError> {
    let id = tokens.id_token();
    let mut id_token = String::new();
    tokens
        .id_token_jws()
        .write_to(&mut id_token)
        .map_err(|_| OidcError::internal("ID token is not text"))?;
    let (access_token, token_type, expires_at, scope) = match tokens.access_token() {
        Some(access) => {
            let mut value = String::new();
            access
                .value()
                .write_to(&mut value)
                .map_err(|_| OidcError::internal("access token is not text"))?;
            (
                Some(value),
                Some(access.token_type().to_owned()),
                access.expires_at().map(UnixTime::as_secs),
                Some(access.scope().to_owned()),
            )
        }
        None => (None, None, None, None),
    };
    Ok(Tokens {
        id_token,
        access_token,
        token_type,
        expires_at,
        scope,
        id_token_expires_at: id.expires_at(),
        id_token_issued_at: id.issued_at(),
        algorithm: Algorithm::from_core(id.algorithm()),
        claims: claims(id),
        claims_json: id.payload_json().to_owned(),
    })
}

fn claims(id: &oidc_implicit::IdToken) -> Claims {
    let c = id.claims();
    let text = |v: Option<JsonStr<'_>>| v.map(|s| s.to_string_decoded());
    Claims {
        issuer: text(c.iss()).unwrap_or_default(),
        subject: text(c.sub()).unwrap_or_default(),
        audience: string_list(c.aud_json()),
        authorized_party: text(c.azp()),
        nonce: text(c.nonce()),
        auth_time: c.auth_time(),
        acr: text(c.acr()),
        amr: string_list(c.amr_json()),
        session_id: text(c.sid()),
        name: text(c.name()),
        given_name: text(c.given_name()),
        family_name: text(c.family_name()),
        middle_name: text(c.middle_name()),
        nickname: text(c.nickname()),
        preferred_username: text(c.preferred_username()),
        profile: text(c.profile()),
        picture: text(c.picture()),
        website: text(c.website()),
        email: text(c.email()),
        email_verified: c.email_verified(),
        gender: text(c.gender()),
        birthdate: text(c.birthdate()),
        zoneinfo: text(c.zoneinfo()),
        locale: text(c.locale()),
        phone_number: text(c.phone_number()),
        phone_number_verified: c.phone_number_verified(),
        address: c.address_json().and_then(address),
        updated_at: c.updated_at(),
    }
}

/// A string or an array of strings (`aud`, `amr`); other members skipped.
fn string_list(json: Option<&str>) -> Vec<String> {
    match json.and_then(|j| serde_json::from_str::<Value>(j).ok()) {
        Some(Value::String(s)) => vec![s],
        Some(Value::Array(items)) => items
            .into_iter()
            .filter_map(|v| match v {
                Value::String(s) => Some(s),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

fn address(json: &str) -> Option<Address> {
    let Ok(Value::Object(map)) = serde_json::from_str::<Value>(json) else {
        return None;
    };
    let field = |name: &str| map.get(name).and_then(Value::as_str).map(str::to_owned);
    Some(Address {
        formatted: field("formatted"),
        street_address: field("street_address"),
        locality: field("locality"),
        region: field("region"),
        postal_code: field("postal_code"),
        country: field("country"),
    })
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::client::OidcClient;
    use crate::pending::PendingAuthorization as Pending;
    use crate::types::ClientSettings;

    const CASES: &str = include_str!("../../tests/fixtures/jose/cases.json");

    fn case(name: &str) -> Value {
        let doc: Value = serde_json::from_str(CASES).unwrap();
        let cases = doc["cases"].as_array().unwrap();
        cases.iter().find(|c| c["name"] == name).unwrap().clone()
    }

    fn client(case: &Value) -> Arc<OidcClient> {
        OidcClient::new(ClientSettings {
            issuer: case["issuer"].as_str().unwrap().into(),
            client_id: case["client_id"].as_str().unwrap().into(),
            redirect_uri: "https://app.example.test/cb".into(),
            authorization_endpoint: "https://op.example.test/authorize".into(),
            end_session_endpoint: None,
            default_scope: None,
            leeway_secs: None,
            pending_lifetime_secs: None,
            provider_sends_iss: false,
            allowed_algorithms: Vec::new(),
            trusted_audiences: Vec::new(),
            max_token_age_secs: None,
            jwks_refresh_cooldown_secs: None,
        })
        .unwrap()
    }

    fn pending(client: &OidcClient, case: &Value) -> Arc<Pending> {
        let now = UnixTime::from_secs(case["now"].as_u64().unwrap()).unwrap();
        let core = oidc_implicit::PendingAuthorization::dangerous_with_known_values(
            &client.config,
            oidc_implicit::ResponseType::parse(case["response_type"].as_str().unwrap()).unwrap(),
            oidc_implicit::ResponseMode::Fragment,
            "openid",
            case["state"].as_str().unwrap(),
            case["nonce"].as_str(),
            None,
            now.saturating_sub(5),
        )
        .unwrap();
        Arc::new(Pending::wrap(core).unwrap())
    }

    fn run(
        client: &OidcClient,
        p: &Arc<Pending>,
        case: &Value,
        jwks: &Value,
    ) -> Result<Tokens, OidcError> {
        client.complete_at(
            Arc::clone(p),
            case["fragment"].as_str().unwrap().into(),
            jwks.to_string(),
            case["now"].as_u64().unwrap(),
        )
    }

    #[test]
    fn tokens_then_already_completed() {
        let case = case("rs256-id_token-token");
        let client = client(&case);
        let p = pending(&client, &case);
        let tokens = run(&client, &p, &case, &case["jwks"]).unwrap();
        assert_eq!(
            tokens.access_token.as_deref(),
            case["access_token"].as_str()
        );
        assert_eq!(tokens.token_type.as_deref(), Some("Bearer"));
        assert_eq!(tokens.claims.subject, "248289761001-op");
        assert_eq!(tokens.claims.audience, ["client-abc"]);
        assert_eq!(tokens.algorithm, Algorithm::Rs256);
        assert!(p.is_completed());
        assert_eq!(
            run(&client, &p, &case, &case["jwks"]),
            Err(OidcError::AlreadyCompleted)
        );
    }

    #[test]
    fn unknown_kid_keeps_the_pending_authorization_for_a_retry() {
        let case = case("kid-rotated-unknown");
        let client = client(&case);
        let p = pending(&client, &case);
        // Unusable keys use nothing up.
        let garbage = Value::String("not a JWK Set".into());
        assert!(matches!(
            run(&client, &p, &case, &garbage),
            Err(OidcError::InvalidInput { .. })
        ));
        let Err(OidcError::KeysOutdated { kid }) = run(&client, &p, &case, &case["jwks"]) else {
            unreachable!("expected KeysOutdated")
        };
        assert!(!kid.is_empty());
        assert!(!p.is_completed());
        let fresh = &case["jwks_after_refresh"];
        assert_eq!(
            run(&client, &p, &case, fresh).map(|t| t.claims.subject.is_empty()),
            Ok(false)
        );

        // Refetching gives the same keys again: refused, not another fetch.
        let p = pending(&client, &case);
        assert!(matches!(
            run(&client, &p, &case, &case["jwks"]),
            Err(OidcError::KeysOutdated { .. })
        ));
        assert!(matches!(
            run(&client, &p, &case, &case["jwks"]),
            Err(OidcError::InvalidToken { .. })
        ));
        assert!(p.is_completed());
    }

    #[test]
    fn lists_and_addresses_read_leniently() {
        assert_eq!(string_list(Some(r#""a""#)), ["a"]);
        assert_eq!(string_list(Some(r#"["a",1,"b"]"#)), ["a", "b"]);
        assert!(string_list(Some("{}")).is_empty());
        assert!(string_list(None).is_empty());
        let a = address(r#"{"locality":"Paris","country":7}"#).unwrap_or_default();
        assert_eq!(a.locality.as_deref(), Some("Paris"));
        assert_eq!(a.country, None);
        assert_eq!(address("[]"), None);
    }
}
