//! Shared setup for the benchmarks (`benches/`) and the allocation test
//! (`tests/`): one pair of ID tokens (RS256 with `rsa-1`, ES256 with `ec-1`,
//! the test keys of `tests/fixtures/jose/keys.json`), minted at start-up for
//! the current time so that every library, with its own clock, accepts them;
//! the 3-key JWK Set of `tests/fixtures/jose/cases.json`; and, in [`peers`],
//! each peer library set up the way its documentation shows, with its keys
//! parsed once.
//!
//! Every implementation does the same work per token: split, decode, check
//! the header, pick the key by `kid`, verify the signature, parse the claims,
//! check `iss`, `aud`, `exp`, `iat`, `nonce` and `at_hash`. Ours does more
//! (it also parses the redirect and checks `state`); see BENCHMARKS.md.
// Bench support: a panic is how a broken fixture shows.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    clippy::result_large_err,
    clippy::large_enum_variant
)]

pub mod alloc_trace;
pub mod peers;

use base64ct::{Base64UrlUnpadded, Encoding};
use oidc_implicit::{
    AuthorizeRequest, ClientConfig, KeySet, PendingAuthorization, Redirected, ResponseType,
    UnixTime, UnverifiedResponse,
};
use oidc_implicit_test_issuer::{SignWith, TestIssuer};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

/// The provider's issuer identifier.
pub const ISSUER: &str = "https://op.example.test";
/// The client.
pub const CLIENT_ID: &str = "client-abc";
/// The registered redirect URI.
pub const REDIRECT_URI: &str = "https://app.example.test/cb";
/// The authorization endpoint.
pub const AUTHORIZATION_ENDPOINT: &str = "https://op.example.test/authorize";
/// The access token of the `id_token token` responses (as in cases.json).
pub const ACCESS_TOKEN: &str = "SlAV32hkKG0gbiD7cXkq4LbM2nRw9TfY8uVe5sJd1oPa6HzQxN";
/// Fixed "CSPRNG output" for the authorize step (benchmarks need no secrecy).
pub const ENTROPY: [u8; 32] = [
    0x5a, 0x17, 0x99, 0x03, 0xc4, 0x21, 0x8e, 0x6b, 0x30, 0xf2, 0x4d, 0x91, 0x0a, 0xbe, 0x77, 0x12,
    0x6c, 0xd9, 0x48, 0x25, 0x93, 0x1f, 0xe0, 0x5b, 0x3a, 0x86, 0xc1, 0x74, 0x09, 0xfd, 0x62, 0xa8,
];
/// Leeway every implementation is given for `exp`/`iat`.
pub const LEEWAY_SECS: u64 = 60;

const CASES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../fixtures/jose/cases.json");

/// The two signature algorithms compared.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Alg {
    /// RSASSA-PKCS1-v1_5 with SHA-256, 2048-bit key `rsa-1`.
    Rs256,
    /// ECDSA P-256 with SHA-256, key `ec-1`.
    Es256,
}

impl Alg {
    /// Both, in table order.
    pub const ALL: [Self; 2] = [Self::Rs256, Self::Es256];

    /// The JOSE name.
    pub fn name(self) -> &'static str {
        match self {
            Self::Rs256 => "RS256",
            Self::Es256 => "ES256",
        }
    }

    /// The `kid` of the key that signs it.
    pub fn kid(self) -> &'static str {
        match self {
            Self::Rs256 => "rsa-1",
            Self::Es256 => "ec-1",
        }
    }
}

/// One signed ID token and the redirect that carries it.
#[derive(Clone, Debug)]
pub struct Token {
    /// Its algorithm.
    pub alg: Alg,
    /// The compact JWS.
    pub id_token: String,
    /// `https://app.example.test/cb#access_token=…&token_type=Bearer&expires_in=3600&id_token=…&state=…`
    pub redirect: String,
    /// `BASE64URL(header) '.' BASE64URL(payload)`: what the signature covers.
    pub signing_input: String,
    /// The signature, base64url-decoded.
    pub signature: Vec<u8>,
}

/// Everything the benchmarks share.
pub struct Fixture {
    /// The time the tokens were minted for.
    pub now: UnixTime,
    /// Our client configuration.
    pub config: ClientConfig,
    /// The JWK Set (rsa-1, ec-1, rsa-3072), as served.
    pub jwks: String,
    /// `jwks`, parsed once.
    pub keys: KeySet,
    /// The pending authorization of the request, in its text form.
    pub pending_text: String,
    /// Its `nonce`.
    pub nonce: String,
    /// The RS256 token.
    pub rs256: Token,
    /// The ES256 token.
    pub es256: Token,
    /// A redirect whose fragment is 4 KiB (an `id_token token` response
    /// with a larger ID token), for fragment parsing.
    pub redirect_4k: String,
}

impl Fixture {
    /// Mints the tokens for the current time.
    pub fn new() -> Self {
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs();
        let now = UnixTime::from_secs(secs).unwrap();
        let config = ClientConfig::builder(ISSUER, CLIENT_ID, REDIRECT_URI)
            .authorization_endpoint(AUTHORIZATION_ENDPOINT)
            .leeway_secs(LEEWAY_SECS)
            .build()
            .unwrap();
        let request = AuthorizeRequest::new(ResponseType::IdTokenToken).scope("openid email");
        let (_, pending) = config.authorize(&request, &ENTROPY, now).unwrap();
        let pending_text = pending.serialize();
        let state = pending.state().to_string();
        let nonce = nonce_of(&pending_text);

        let jwks = jwks_from_cases();
        let keys = KeySet::parse(jwks.as_bytes(), now).unwrap();
        assert_eq!(keys.len(), 3, "the benchmark JWK Set has three keys");

        let issuer = TestIssuer::new(ISSUER).unwrap();
        let claims = claims(secs, &nonce, Self::EXTRA_CLAIMS);
        let token = |alg| mint(&issuer, &claims, alg, &state);
        let rs256 = token(Alg::Rs256);
        let es256 = token(Alg::Es256);

        // The same response with a longer ID token (a long `picture` URL),
        // then an extension parameter that pads the fragment to 4096 bytes.
        let base_len = fragment_len(&rs256.redirect);
        let mut big_claims = claims.clone();
        let filler = "x".repeat((4096 - base_len - 64) * 3 / 4);
        big_claims["picture"] = json!(format!("https://img.example.test/{filler}"));
        let mut redirect_4k = mint(&issuer, &big_claims, Alg::Rs256, &state).redirect;
        let pad = 4096 - fragment_len(&redirect_4k);
        assert!(pad >= 3, "4 KiB fragment overshoots");
        redirect_4k.push_str("&p=");
        redirect_4k.push_str(&"x".repeat(pad - 3));
        assert_eq!(fragment_len(&redirect_4k), 4096);
        Self {
            now,
            config,
            jwks,
            keys,
            pending_text,
            nonce,
            rs256,
            es256,
            redirect_4k,
        }
    }

    /// Profile claims that bring the tokens to about 800 bytes.
    const EXTRA_CLAIMS: &'static [(&'static str, &'static str)] = &[
        ("name", "Jane Doe"),
        ("given_name", "Jane"),
        ("family_name", "Doe"),
        ("email", "jane.doe@example.test"),
        ("locale", "en-US"),
        ("sid", "08a5019c-17e1-4977-8f42-65a12843ea02"),
    ];

    /// A fresh pending authorization (what the app reloads after the
    /// redirect).
    pub fn pending(&self) -> PendingAuthorization {
        PendingAuthorization::deserialize(&self.pending_text).unwrap()
    }

    /// A fresh pending authorization with `alg`'s redirect accepted: the
    /// ID-token half of `complete` still to do (what the peers do).
    pub fn unverified(&self, alg: Alg) -> UnverifiedResponse<'_> {
        match self
            .pending()
            .accept_redirect(&self.config, &self.token(alg).redirect, self.now)
        {
            Ok(Redirected::IdToken(unverified)) => unverified,
            other => panic!("{other:?}"),
        }
    }

    /// The token for `alg`.
    pub fn token(&self, alg: Alg) -> &Token {
        match alg {
            Alg::Rs256 => &self.rs256,
            Alg::Es256 => &self.es256,
        }
    }
}

impl Default for Fixture {
    fn default() -> Self {
        Self::new()
    }
}

/// Length of the fragment of a redirect URL.
pub fn fragment_len(redirect: &str) -> usize {
    redirect.split_once('#').map_or(0, |(_, f)| f.len())
}

/// The `at_hash` of [`ACCESS_TOKEN`] for SHA-256 algorithms.
pub fn at_hash(access_token: &str) -> String {
    let digest = Sha256::digest(access_token.as_bytes());
    Base64UrlUnpadded::encode_string(&digest[..16])
}

fn claims(now: u64, nonce: &str, extra: &[(&str, &str)]) -> Value {
    let mut claims = json!({
        "iss": ISSUER,
        "sub": "248289761001-op",
        "aud": CLIENT_ID,
        "exp": now + 600,
        "iat": now,
        "auth_time": now - 30,
        "nonce": nonce,
        "at_hash": at_hash(ACCESS_TOKEN),
        "email_verified": true,
    });
    for (name, value) in extra {
        claims[*name] = json!(value);
    }
    claims
}

fn mint(issuer: &TestIssuer, claims: &Value, alg: Alg, state: &str) -> Token {
    let with = match alg {
        Alg::Rs256 => SignWith::Rs256,
        Alg::Es256 => SignWith::Es256,
    };
    let id_token = issuer.sign(claims, with).unwrap();
    let (signing_input, signature) = id_token.rsplit_once('.').unwrap();
    let redirect = format!(
        "{REDIRECT_URI}#access_token={ACCESS_TOKEN}&token_type=Bearer&expires_in=3600&id_token={id_token}&state={state}"
    );
    Token {
        alg,
        signing_input: signing_input.to_string(),
        signature: Base64UrlUnpadded::decode_vec(signature).unwrap(),
        id_token,
        redirect,
    }
}

fn jwks_from_cases() -> String {
    let text = std::fs::read_to_string(CASES).unwrap();
    let doc: Value = serde_json::from_str(&text).unwrap();
    let case = doc["cases"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "rs256-id_token-token")
        .unwrap();
    let jwks = &case["jwks"];
    let kids: Vec<&str> = jwks["keys"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["kid"].as_str().unwrap())
        .collect();
    assert_eq!(kids, ["rsa-1", "ec-1", "rsa-3072"]);
    jwks.to_string()
}

/// The `nonce` inside a pending authorization's text form.
fn nonce_of(pending_text: &str) -> String {
    let (_, rest) = pending_text.split_once("nonce=").unwrap();
    rest.split('&').next().unwrap().to_string()
}

/// A JWK member, base64url-decoded.
pub fn jwk_bytes(jwks: &str, kid: &str, member: &str) -> Vec<u8> {
    let doc: Value = serde_json::from_str(jwks).unwrap();
    let key = doc["keys"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["kid"] == kid)
        .unwrap();
    Base64UrlUnpadded::decode_vec(key[member].as_str().unwrap()).unwrap()
}

/// Criterion settings shared by both criterion bench binaries (and quoted in
/// BENCHMARKS.md's machine notes): 2 s warm-up, 4 s measurement.
pub fn criterion_config() -> criterion::Criterion {
    criterion::Criterion::default()
        .warm_up_time(std::time::Duration::from_secs(2))
        .measurement_time(std::time::Duration::from_secs(4))
}
