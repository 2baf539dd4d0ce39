//! An embedded OpenID Provider for tests and the quickstart: it holds test
//! keys (from `tests/fixtures/jose/keys.json`, minted by jwcrypto), reads an
//! authorize URL the way a provider would, signs ID tokens (RS256 with
//! `rsa-1`, ES256 with `ec-1`) and writes the redirect.
//!
//! **Test keys only.** Nothing here is fit for production.
// Test support: an embedded provider for tests and the quickstart, where a
// panic or an out-of-range index is a test failure, not a library bug.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    clippy::result_large_err,
    clippy::large_enum_variant
)]

pub mod browser;
pub mod certification;
pub mod html_form;
pub mod live;

use std::collections::BTreeMap;

use base64ct::{Base64UrlUnpadded, Encoding};
use p256::ecdsa::SigningKey as EcSigningKey;
use rsa::RsaPrivateKey;
use rsa::pkcs1v15::SigningKey as RsaSigningKey;
use rsa::signature::{SignatureEncoding, Signer};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

/// Where the fixtures live, from this crate's manifest directory.
pub const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/jose");

/// The signing algorithm the test issuer uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SignWith {
    /// RS256 with the `rsa-1` key.
    Rs256,
    /// ES256 with the `ec-1` key.
    Es256,
}

/// Reads a fixture file.
pub fn fixture(name: &str) -> Result<String, String> {
    let path = format!("{FIXTURES}/{name}");
    std::fs::read_to_string(&path).map_err(|e| format!("{path}: {e}"))
}

fn b64(data: &[u8]) -> String {
    Base64UrlUnpadded::encode_string(data)
}

fn unb64(text: &str) -> Result<Vec<u8>, String> {
    Base64UrlUnpadded::decode_vec(text).map_err(|e| format!("base64url: {e}"))
}

fn member<'v>(jwk: &'v Value, name: &str) -> Result<&'v str, String> {
    jwk[name]
        .as_str()
        .ok_or_else(|| format!("JWK member {name} missing"))
}

/// A provider with an issuer identifier and two signing keys.
pub struct TestIssuer {
    issuer: String,
    rsa: RsaPrivateKey,
    ec: EcSigningKey,
    public_jwks: Value,
}

/// What the provider read from an authorize URL.
#[derive(Clone, Debug, Default)]
pub struct AuthorizeParams {
    /// Every query parameter.
    pub all: BTreeMap<String, String>,
}

impl AuthorizeParams {
    /// A parameter, or an empty string.
    pub fn get(&self, name: &str) -> &str {
        self.all.get(name).map_or("", String::as_str)
    }
}

impl TestIssuer {
    /// Loads the test keys for `issuer`.
    pub fn new(issuer: &str) -> Result<Self, String> {
        let keys: Value =
            serde_json::from_str(&fixture("keys.json")?).map_err(|e| e.to_string())?;
        let rsa_jwk = &keys["keys"]["rsa-1"];
        let ec_jwk = &keys["keys"]["ec-1"];
        let uint = |name: &str| -> Result<rsa::BoxedUint, String> {
            let bytes = unb64(member(rsa_jwk, name)?)?;
            let bits = u32::try_from(bytes.len() * 8).map_err(|e| e.to_string())?;
            rsa::BoxedUint::from_be_slice(&bytes, bits).map_err(|e| format!("{name}: {e:?}"))
        };
        let rsa = RsaPrivateKey::from_components(
            uint("n")?,
            uint("e")?,
            uint("d")?,
            vec![uint("p")?, uint("q")?],
        )
        .map_err(|e| format!("rsa-1: {e}"))?;
        let ec = EcSigningKey::from_slice(&unb64(member(ec_jwk, "d")?)?)
            .map_err(|e| format!("ec-1: {e}"))?;
        let public = |jwk: &Value, kid: &str| -> Result<Value, String> {
            Ok(match member(jwk, "kty")? {
                "RSA" => {
                    json!({"kty": "RSA", "kid": kid, "use": "sig", "n": member(jwk, "n")?, "e": member(jwk, "e")?})
                }
                _ => {
                    json!({"kty": "EC", "kid": kid, "use": "sig", "crv": "P-256", "x": member(jwk, "x")?, "y": member(jwk, "y")?})
                }
            })
        };
        let public_jwks = json!({"keys": [public(rsa_jwk, "rsa-1")?, public(ec_jwk, "ec-1")?]});
        Ok(Self {
            issuer: issuer.to_string(),
            rsa,
            ec,
            public_jwks,
        })
    }

    /// The issuer identifier.
    pub fn issuer(&self) -> &str {
        &self.issuer
    }

    /// The public JWK Set, as the provider serves it at its `jwks_uri`.
    pub fn jwks_json(&self) -> String {
        self.public_jwks.to_string()
    }

    /// A discovery document for this provider.
    pub fn discovery_json(&self) -> String {
        json!({
            "issuer": self.issuer,
            "authorization_endpoint": format!("{}/authorize", self.issuer),
            "jwks_uri": format!("{}/jwks", self.issuer),
            "end_session_endpoint": format!("{}/logout", self.issuer),
            "response_types_supported": ["id_token", "id_token token"],
            "response_modes_supported": ["fragment", "form_post"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256", "ES256"],
            "authorization_response_iss_parameter_supported": true
        })
        .to_string()
    }

    /// Reads an authorize URL's query, as the provider's endpoint does.
    pub fn read_authorize_url(url: &str) -> Result<AuthorizeParams, String> {
        let (_, query) = url.split_once('?').ok_or("authorize URL has no query")?;
        let mut all = BTreeMap::new();
        for (k, v) in form_urlencoded::parse(query.as_bytes()) {
            if all.insert(k.to_string(), v.to_string()).is_some() {
                return Err(format!("parameter {k} repeated"));
            }
        }
        Ok(AuthorizeParams { all })
    }

    /// Signs `claims` as a compact JWS.
    pub fn sign(&self, claims: &Value, with: SignWith) -> Result<String, String> {
        let (alg, kid) = match with {
            SignWith::Rs256 => ("RS256", "rsa-1"),
            SignWith::Es256 => ("ES256", "ec-1"),
        };
        let header = json!({"alg": alg, "kid": kid, "typ": "JWT"});
        let input = format!(
            "{}.{}",
            b64(header.to_string().as_bytes()),
            b64(claims.to_string().as_bytes())
        );
        let signature = match with {
            SignWith::Rs256 => RsaSigningKey::<Sha256>::new(self.rsa.clone())
                .sign(input.as_bytes())
                .to_vec(),
            SignWith::Es256 => {
                let sig: p256::ecdsa::Signature = self.ec.sign(input.as_bytes());
                sig.to_bytes().to_vec()
            }
        };
        Ok(format!("{input}.{}", b64(&signature)))
    }

    /// An attacker's edit: replaces `from` by `to` inside the ID token's
    /// payload in a redirect (fragment or form body), keeping the signature.
    pub fn tamper_id_token(redirect: &str, from: &str, to: &str) -> Result<String, String> {
        let start = redirect.find("id_token=").ok_or("no id_token")? + "id_token=".len();
        let end = redirect[start..]
            .find('&')
            .map_or(redirect.len(), |i| start + i);
        let token = &redirect[start..end];
        let mut parts: Vec<String> = token.split('.').map(str::to_string).collect();
        let payload = String::from_utf8(unb64(parts.get(1).ok_or("not a JWS")?)?)
            .map_err(|e| e.to_string())?;
        if !payload.contains(from) {
            return Err(format!("{from} not in the payload"));
        }
        parts[1] = b64(payload.replace(from, to).as_bytes());
        Ok(format!(
            "{}{}{}",
            &redirect[..start],
            parts.join("."),
            &redirect[end..]
        ))
    }

    /// Plays the provider for a signed-in user: reads the authorize URL and
    /// returns what the browser comes back with (a redirect URL with a
    /// fragment, or a form_post body), with tokens for `subject` issued at
    /// `now`.
    pub fn respond(
        &self,
        authorize_url: &str,
        subject: &str,
        now: u64,
        with: SignWith,
    ) -> Result<String, String> {
        let p = Self::read_authorize_url(authorize_url)?;
        let access_token = "SlAV32hkKG-test-access-token-0123456789";
        let mut claims = json!({
            "iss": self.issuer, "sub": subject, "aud": p.get("client_id"), "nonce": p.get("nonce"),
            "iat": now, "exp": now + 300, "auth_time": now,
            "name": "Jane Doe", "email": "jane@example.test", "email_verified": true
        });
        let mut params: Vec<(&str, String)> = Vec::new();
        let response_type = p.get("response_type");
        if response_type.split(' ').any(|t| t == "token") {
            let digest = Sha256::digest(access_token.as_bytes());
            claims["at_hash"] = json!(b64(&digest[..16]));
            params.push(("access_token", access_token.to_string()));
            params.push(("token_type", "Bearer".to_string()));
            params.push(("expires_in", "3600".to_string()));
        }
        params.push(("id_token", self.sign(&claims, with)?));
        params.push(("state", p.get("state").to_string()));
        params.push(("iss", self.issuer.clone()));
        let body: String = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(params)
            .finish();
        Ok(if p.get("response_mode") == "form_post" {
            body
        } else {
            format!("{}#{body}", p.get("redirect_uri"))
        })
    }
}
