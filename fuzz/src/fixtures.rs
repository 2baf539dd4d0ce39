//! The fixed test provider of the `flow` and `jwks` targets: the ID-token
//! cases minted by jwcrypto (`tests/fixtures/jose/cases.json`), embedded at
//! build time, and a reference judgement of which (token, context) pairs a
//! correct relying party may accept.
//!
//! Every case was minted for the same request (issuer, client, `state`,
//! `nonce`, clock), so a token from one case is a genuine provider response
//! to every other case's request too. What must never be accepted is a token
//! the provider did not mint (a forged or altered one), a minted token whose
//! defect does not depend on the client's settings (expired, wrong nonce,
//! bad signature, …), or a minted token that fails the settings of the
//! context it is replayed into (algorithm allow-list, trusted audiences,
//! `max_age`, `at_hash` for `id_token token`, the keys served).

use std::collections::HashMap;
use std::sync::OnceLock;

use serde_json::Value;

use oidc_implicit::{Algorithm, AlgorithmSet, ClientConfig, KeySet, ResponseType, UnixTime};

/// The fixtures, as committed.
pub const CASES_JSON: &str = include_str!("../../tests/fixtures/jose/cases.json");

/// The redirect URI every fixture context registers.
pub const REDIRECT_URI: &str = "https://app.example.test/cb";

/// Outcomes (`expected` slugs) that a token keeps whatever the client's
/// settings: a token minted with one of these is never acceptable in any
/// context of the fixtures (all share issuer, client, nonce and clock, and no
/// context serves the `rsa-2`, `ec-2` or attacker keys).
const INTRINSIC: &[&str] = &[
    "bad_signature",
    "malformed_jws",
    "duplicate_member",
    "unsupported_crit",
    "bad_typ",
    "issuer_mismatch",
    "missing_sub",
    "sub_too_long",
    "audience_mismatch",
    "missing_aud",
    "missing_iat",
    "expired",
    "not_yet_valid",
    "issued_in_future",
    "nonce_mismatch",
    "missing_nonce",
    "azp_mismatch",
];

/// One fixture case.
pub struct Case {
    pub name: String,
    pub expected: String,
    pub response_type: ResponseType,
    pub issuer: String,
    pub client_id: String,
    pub state: String,
    pub nonce: String,
    pub now: u64,
    pub max_age: Option<u64>,
    /// Alg names allowed (default RS256, ES256).
    pub allowed: Vec<String>,
    pub trusted: Vec<String>,
    pub jwks: String,
    pub jwks_after_refresh: Option<String>,
    pub fragment: String,
    pub id_token: String,
    pub access_token: Option<String>,
}

impl Case {
    /// The client configuration the case was minted for.
    pub fn config(&self) -> ClientConfig {
        let algs = self.allowed.iter().fold(AlgorithmSet::EMPTY, |set, a| {
            set.with(Algorithm::from_name(a).expect("fixture alg"))
        });
        let mut b = ClientConfig::builder(&self.issuer, &self.client_id, REDIRECT_URI)
            .authorization_endpoint("https://op.example.test/authorize")
            .allowed_algorithms(algs);
        for t in &self.trusted {
            b = b.trust_audience(t);
        }
        b.build().expect("fixture config")
    }

    /// The JWK Set the case serves, parsed by the library.
    pub fn keys(&self) -> KeySet {
        KeySet::parse(self.jwks.as_bytes(), self.now()).expect("fixture JWKS")
    }

    /// The case's clock.
    pub fn now(&self) -> UnixTime {
        UnixTime::from_secs(self.now).expect("fixture time")
    }
}

/// All cases plus an index of the genuine tokens.
pub struct Fixtures {
    pub cases: Vec<Case>,
    /// Every minted ID token → the cases it appears in.
    pub minted: HashMap<String, Vec<usize>>,
    pub leeway: u64,
}

/// The fixtures, parsed once.
pub fn fixtures() -> &'static Fixtures {
    static F: OnceLock<Fixtures> = OnceLock::new();
    F.get_or_init(load)
}

fn load() -> Fixtures {
    let doc: Value = serde_json::from_str(CASES_JSON).expect("cases.json");
    let default_algs: Vec<String> = strings(&doc["default_allowed_algs"]);
    let mut cases = Vec::new();
    for c in doc["cases"].as_array().expect("cases") {
        let s = |k: &str| c[k].as_str().expect(k).to_owned();
        cases.push(Case {
            name: s("name"),
            expected: s("expected"),
            response_type: ResponseType::parse(&s("response_type")).expect("rt"),
            issuer: s("issuer"),
            client_id: s("client_id"),
            state: s("state"),
            nonce: s("nonce"),
            now: c["now"].as_u64().expect("now"),
            max_age: c["max_age"].as_u64(),
            allowed: c
                .get("allowed_algs")
                .map(strings)
                .unwrap_or_else(|| default_algs.clone()),
            trusted: c.get("trusted_audiences").map(strings).unwrap_or_default(),
            jwks: c["jwks"].to_string(),
            jwks_after_refresh: c.get("jwks_after_refresh").map(Value::to_string),
            fragment: s("fragment"),
            id_token: s("id_token"),
            access_token: c["access_token"].as_str().map(str::to_owned),
        });
    }
    let mut minted: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, c) in cases.iter().enumerate() {
        minted.entry(c.id_token.clone()).or_default().push(i);
    }
    Fixtures {
        cases,
        minted,
        leeway: doc["leeway_seconds"].as_u64().expect("leeway"),
    }
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|x| x.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

/// Header and payload of a minted token, as serde_json reads them.
fn decode_part(token: &str, index: usize) -> Option<Value> {
    let part = token.split('.').nth(index)?;
    serde_json::from_slice(&crate::b64url_decode(part)?).ok()
}

/// The JWK of `jwks` that `header` names (its `kid`), or every key when
/// the header has none.
fn named_keys<'v>(jwks: &'v Value, header: &Value) -> Vec<&'v Value> {
    let keys = jwks["keys"].as_array().map(Vec::as_slice).unwrap_or(&[]);
    match header.get("kid").and_then(Value::as_str) {
        Some(kid) => keys
            .iter()
            .filter(|k| k.get("kid").and_then(Value::as_str) == Some(kid))
            .collect(),
        None => keys.iter().collect(),
    }
}

/// Same key type and the same key bytes (big-endian integers compared
/// without leading zero bytes); members that do not belong to the key type
/// (RFC 7518 §6) are ignored.
fn same_key_material(a: &Value, b: &Value) -> bool {
    let m = |k: &Value| {
        let text = |f: &str| k.get(f).and_then(Value::as_str).map(str::to_owned);
        let int = |f: &str| {
            k.get(f)
                .and_then(Value::as_str)
                .and_then(crate::b64url_decode)
                .map(|v| v.into_iter().skip_while(|b| *b == 0).collect::<Vec<u8>>())
        };
        match text("kty").as_deref() {
            Some("RSA") => Some(("RSA", None, int("n"), int("e"))),
            Some("EC") => Some(("EC", text("crv"), int("x"), int("y"))),
            _ => None,
        }
    };
    let (ma, mb) = (m(a), m(b));
    ma.is_some() && ma == mb
}

/// The hash `at_hash` uses for `alg` (OIDC Core §3.2.2.9).
fn left_half_hash(alg: &str, data: &[u8]) -> Option<String> {
    use sha2::Digest;
    let digest: Vec<u8> = match alg {
        "RS256" | "PS256" | "ES256" => sha2::Sha256::digest(data).to_vec(),
        "RS384" | "PS384" => sha2::Sha384::digest(data).to_vec(),
        "RS512" | "PS512" => sha2::Sha512::digest(data).to_vec(),
        _ => return None,
    };
    Some(crate::b64url_encode(&digest[..digest.len() / 2]))
}

/// Whether a correct relying party may accept ID token `token` (decoded)
/// with access token `access` in `ctx` (a fixture case's request, possibly
/// with another response type). `Err` says why not.
pub fn may_accept(
    token: &str,
    access: Option<&str>,
    ctx: &Case,
    response_type: ResponseType,
) -> Result<(), String> {
    may_accept_with_keys(token, access, ctx, response_type, &ctx.jwks)
}

/// [`may_accept`], with the context serving the JWK Set `jwks` instead.
pub fn may_accept_with_keys(
    token: &str,
    access: Option<&str>,
    ctx: &Case,
    response_type: ResponseType,
    jwks: &str,
) -> Result<(), String> {
    let f = fixtures();
    let Some(sources) = f.minted.get(token) else {
        return Err("a token the provider never minted (forged or altered) was accepted".into());
    };
    if sources
        .iter()
        .all(|&i| INTRINSIC.contains(&f.cases[i].expected.as_str()))
    {
        let slugs: Vec<&str> = sources
            .iter()
            .map(|&i| f.cases[i].expected.as_str())
            .collect();
        return Err(format!(
            "a token minted as invalid ({slugs:?}) was accepted"
        ));
    }
    let header = decode_part(token, 0).ok_or("minted header unreadable")?;
    let claims = decode_part(token, 1).ok_or("minted payload unreadable")?;
    let alg = header["alg"].as_str().ok_or("no alg")?;
    if !ctx.allowed.iter().any(|a| a == alg) {
        return Err(format!(
            "alg {alg} accepted but the context allows {:?}",
            ctx.allowed
        ));
    }
    match header.get("typ").and_then(Value::as_str) {
        None => {}
        Some(t) if t.eq_ignore_ascii_case("jwt") || t.eq_ignore_ascii_case("application/jwt") => {}
        Some(t) => return Err(format!("typ {t} accepted")),
    }
    if header.get("crit").is_some() {
        return Err("a token with crit was accepted".into());
    }
    // Keys: some source served a key that the header names, and this
    // context serves the same key material under the same kid, usable for
    // signing, with no conflicting alg.
    let ctx_jwks: Value = serde_json::from_str(jwks).map_err(|e| e.to_string())?;
    // A source's keys: the set it served, and the one served after a
    // refresh (the signer of a rotated-key case is only in the latter).
    let key_ok = sources.iter().any(|&i| {
        let src = &f.cases[i];
        std::iter::once(&src.jwks)
            .chain(src.jwks_after_refresh.as_ref())
            .any(|served| {
                let src_jwks: Value = serde_json::from_str(served).unwrap_or(Value::Null);
                named_keys(&src_jwks, &header).iter().any(|signer| {
                    named_keys(&ctx_jwks, &header).iter().any(|k| {
                        same_key_material(k, signer)
                            && k.get("use").and_then(Value::as_str) != Some("enc")
                            && k.get("alg")
                                .and_then(Value::as_str)
                                .is_none_or(|a| a == alg)
                    })
                })
            })
    });
    if !key_ok {
        return Err("accepted with a key the context does not serve for this token".into());
    }
    let text = |k: &str| claims.get(k).and_then(Value::as_str);
    if text("iss") != Some(ctx.issuer.as_str()) {
        return Err(format!("iss {:?} accepted", claims.get("iss")));
    }
    if text("nonce") != Some(ctx.nonce.as_str()) {
        return Err(format!("nonce {:?} accepted", claims.get("nonce")));
    }
    match text("sub") {
        Some(s) if !s.is_empty() && s.len() <= 255 => {}
        other => return Err(format!("sub {other:?} accepted")),
    }
    let audiences: Vec<&str> = match claims.get("aud") {
        Some(Value::String(a)) => vec![a.as_str()],
        Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).collect(),
        other => return Err(format!("aud {other:?} accepted")),
    };
    if !audiences.contains(&ctx.client_id.as_str())
        || !audiences
            .iter()
            .all(|a| *a == ctx.client_id || ctx.trusted.iter().any(|t| t == a))
    {
        return Err(format!("aud {audiences:?} accepted"));
    }
    if let Some(azp) = claims.get("azp")
        && azp.as_str() != Some(ctx.client_id.as_str())
    {
        return Err(format!("azp {azp} accepted"));
    }
    // Time checks, one second lenient at each boundary so that this
    // reference never disagrees on rounding, only on substance.
    let now = ctx.now;
    let lw = f.leeway + 1;
    let secs = |k: &str| claims.get(k).and_then(crate::json::whole_seconds);
    match secs("exp") {
        Some(exp) if now <= exp.saturating_add(lw) => {}
        other => return Err(format!("exp {other:?} accepted at {now}")),
    }
    match secs("iat") {
        Some(iat) if iat <= now + lw => {}
        other => return Err(format!("iat {other:?} accepted at {now}")),
    }
    if let Some(nbf) = claims.get("nbf")
        && crate::json::whole_seconds(nbf).is_none_or(|n| n > now + lw)
    {
        return Err(format!("nbf {nbf} accepted at {now}"));
    }
    if let Some(max_age) = ctx.max_age {
        match secs("auth_time") {
            Some(t) if t.saturating_add(max_age).saturating_add(lw) >= now => {}
            other => {
                return Err(format!(
                    "auth_time {other:?} accepted with max_age {max_age}"
                ));
            }
        }
    }
    match (response_type.has_access_token(), access) {
        (true, Some(at)) => {
            let expected = left_half_hash(alg, at.as_bytes()).ok_or("no at_hash alg")?;
            if text("at_hash") != Some(expected.as_str()) {
                return Err(format!(
                    "access token {at:?} accepted with at_hash {:?}",
                    claims.get("at_hash")
                ));
            }
        }
        (false, None) => {}
        (has, got) => {
            return Err(format!(
                "access token {got:?} for a response type with access token: {has}"
            ));
        }
    }
    Ok(())
}

/// The decoded payload of a minted token.
pub fn minted_payload(token: &str) -> Option<Vec<u8>> {
    crate::b64url_decode(token.split('.').nth(1)?)
}

/// The header `alg` and `kid` of a token, if its header decodes.
pub fn header_alg_kid(token: &str) -> (Option<String>, Option<String>) {
    let h = decode_part(token, 0);
    let field = |k: &str| {
        h.as_ref()
            .and_then(|h| h.get(k))
            .and_then(Value::as_str)
            .map(str::to_owned)
    };
    (field("alg"), field("kid"))
}
