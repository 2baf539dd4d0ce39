//! The floor (the raw primitives the core uses), the native references and
//! the peer libraries, each set up once from the fixture (keys parsed
//! beforehand) and verifying one token per call.
//!
//! Peers that stop at the signature and the registered claims (jsonwebtoken,
//! jwt-compact) are given the ID-token checks they leave to the caller —
//! `nonce` and `at_hash` — with the same code, so that every column does the
//! same work.

use base64ct::{Base64UrlUnpadded, Encoding};
use serde::Deserialize;

use oidc_implicit::__signature_layer::{self as signature_layer, Algorithm, PublicKey};

use crate::{ACCESS_TOKEN, Alg, CLIENT_ID, Fixture, ISSUER, LEEWAY_SECS, Token, jwk_bytes};

/// What a peer reports when it refuses a token (only on the error path).
pub type Refused = String;

fn refused(e: impl std::fmt::Display) -> Refused {
    e.to_string()
}

/// The claims the peers without an ID-token type deserialize.
#[derive(Debug, Deserialize)]
pub struct IdClaims {
    /// `iss`.
    pub iss: String,
    /// `sub`.
    pub sub: String,
    /// `aud`.
    pub aud: Audience,
    /// `nonce`.
    pub nonce: Option<String>,
    /// `at_hash`.
    pub at_hash: Option<String>,
    /// `iat`, also checked by us against the clock.
    pub iat: Option<u64>,
    /// `auth_time`.
    pub auth_time: Option<u64>,
}

/// `aud`: one string or an array.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum Audience {
    /// A single audience.
    One(String),
    /// Several.
    Many(Vec<String>),
}

impl Audience {
    fn contains(&self, client: &str) -> bool {
        match self {
            Self::One(a) => a == client,
            Self::Many(list) => list.iter().any(|a| a == client),
        }
    }
}

/// The OIDC checks jsonwebtoken and jwt-compact leave to the application:
/// `nonce` equal to the one sent, `at_hash` equal to the left half of
/// SHA-256 of the access token.
pub fn check_nonce_and_at_hash(claims: &IdClaims, nonce: &str) -> Result<(), Refused> {
    if claims.nonce.as_deref() != Some(nonce) {
        return Err("nonce mismatch".into());
    }
    let expected = claims.at_hash.as_deref().ok_or("no at_hash")?;
    let digest = <sha2::Sha256 as sha2::Digest>::digest(ACCESS_TOKEN.as_bytes());
    let mut buf = [0u8; 22];
    let actual = Base64UrlUnpadded::encode(&digest[..16], &mut buf).map_err(refused)?;
    if actual != expected {
        return Err("at_hash mismatch".into());
    }
    Ok(())
}

/// The floor: the signature primitives the core uses, with the key built
/// and the signature decoded beforehand. Each hashes the signing input
/// (SHA-256) and verifies.
///
/// - RS256: the core's own signature layer (`__signature_layer::verify`):
///   for `e = 65537`, RFC 8017 §8.2.2 with crypto-bigint's Montgomery
///   arithmetic on the `rsa` key's parameters (`core/src/jose/signature/rsa_f4.rs`).
/// - ES256: `p256` 0.14's verification, which the core calls as it is.
pub struct Floor {
    rsa: PublicKey,
    ec: p256::ecdsa::VerifyingKey,
    rs_sig: Vec<u8>,
    es_sig: p256::ecdsa::Signature,
}

impl Floor {
    /// Builds the keys and decodes the fixture's signatures.
    pub fn new(f: &Fixture) -> Self {
        let (n, e) = (
            jwk_bytes(&f.jwks, "rsa-1", "n"),
            jwk_bytes(&f.jwks, "rsa-1", "e"),
        );
        Self {
            rsa: PublicKey::rsa(&n, &e).unwrap(),
            ec: p256::ecdsa::VerifyingKey::from_sec1_bytes(&ec_point(f)).unwrap(),
            rs_sig: f.rs256.signature.clone(),
            es_sig: p256::ecdsa::Signature::from_slice(&f.es256.signature).unwrap(),
        }
    }

    /// Verifies the fixture's signature for `alg` over `signing_input`.
    pub fn verify(&self, alg: Alg, signing_input: &[u8]) -> Result<(), Refused> {
        match alg {
            Alg::Rs256 => {
                signature_layer::verify(Algorithm::Rs256, &self.rsa, signing_input, &self.rs_sig)
                    .map_err(refused)
            }
            Alg::Es256 => {
                p256::ecdsa::signature::Verifier::verify(&self.ec, signing_input, &self.es_sig)
                    .map_err(refused)
            }
        }
    }
}

/// The `rsa` 0.10-rc crate's own RS256 verification (`pkcs1v15::VerifyingKey`,
/// SHA-256 + its `pow_bounded_exp` modexp + unpad), key built beforehand:
/// the core's RS256 floor until it took the e = 65537 path, and the
/// primitive issue 7 names. A reference row.
pub struct RsaCrate {
    key: rsa::pkcs1v15::VerifyingKey<sha2::Sha256>,
    sig: rsa::pkcs1v15::Signature,
}

impl RsaCrate {
    /// Builds the key and decodes the fixture's RS256 signature.
    pub fn new(f: &Fixture) -> Self {
        let n = rsa::BoxedUint::from_be_slice_vartime(&jwk_bytes(&f.jwks, "rsa-1", "n"));
        let e = rsa::BoxedUint::from_be_slice_vartime(&jwk_bytes(&f.jwks, "rsa-1", "e"));
        let public = rsa::RsaPublicKey::new(n, e).unwrap();
        Self {
            key: rsa::pkcs1v15::VerifyingKey::new(public),
            sig: rsa::pkcs1v15::Signature::try_from(f.rs256.signature.as_slice()).unwrap(),
        }
    }

    /// Verifies the fixture's RS256 signature over `signing_input`.
    pub fn verify(&self, signing_input: &[u8]) -> Result<(), Refused> {
        use rsa::signature::Verifier as _;
        self.key.verify(signing_input, &self.sig).map_err(refused)
    }
}

/// The uncompressed SEC1 point of `ec-1`.
fn ec_point(f: &Fixture) -> Vec<u8> {
    let mut point = vec![4u8];
    point.extend(jwk_bytes(&f.jwks, "ec-1", "x"));
    point.extend(jwk_bytes(&f.jwks, "ec-1", "y"));
    point
}

/// The public key `rsa-1` as a DER `RSAPublicKey` (PKCS #1).
fn rsa_pkcs1_der(f: &Fixture) -> Vec<u8> {
    use rsa::pkcs1::EncodeRsaPublicKey as _;
    let n = rsa::BoxedUint::from_be_slice_vartime(&jwk_bytes(&f.jwks, "rsa-1", "n"));
    let e = rsa::BoxedUint::from_be_slice_vartime(&jwk_bytes(&f.jwks, "rsa-1", "e"));
    let public = rsa::RsaPublicKey::new(n, e).unwrap();
    public.to_pkcs1_der().unwrap().as_bytes().to_vec()
}

/// `ring` 0.17: its only RSA verification API takes the key components on
/// every call; ECDSA takes the encoded point on every call.
pub struct Ring {
    n: Vec<u8>,
    e: Vec<u8>,
    ec_point: Vec<u8>,
}

impl Ring {
    /// Decodes the key material.
    pub fn new(f: &Fixture) -> Self {
        Self {
            n: jwk_bytes(&f.jwks, "rsa-1", "n"),
            e: jwk_bytes(&f.jwks, "rsa-1", "e"),
            ec_point: ec_point(f),
        }
    }

    /// Verifies the token's signature (only the signature).
    pub fn verify(&self, token: &Token) -> Result<(), Refused> {
        use ring::signature::{
            ECDSA_P256_SHA256_FIXED, RSA_PKCS1_2048_8192_SHA256, RsaPublicKeyComponents,
            UnparsedPublicKey,
        };
        let input = token.signing_input.as_bytes();
        match token.alg {
            Alg::Rs256 => RsaPublicKeyComponents {
                n: &self.n,
                e: &self.e,
            }
            .verify(&RSA_PKCS1_2048_8192_SHA256, input, &token.signature),
            Alg::Es256 => UnparsedPublicKey::new(&ECDSA_P256_SHA256_FIXED, &self.ec_point)
                .verify(input, &token.signature),
        }
        .map_err(refused)
    }
}

/// `aws-lc-rs`: keys parsed once (`ParsedPublicKey`).
pub struct AwsLc {
    rsa: aws_lc_rs::signature::ParsedPublicKey,
    ec: aws_lc_rs::signature::ParsedPublicKey,
}

impl AwsLc {
    /// Parses the keys.
    pub fn new(f: &Fixture) -> Self {
        use aws_lc_rs::signature::{
            ECDSA_P256_SHA256_FIXED, ParsedPublicKey, RSA_PKCS1_2048_8192_SHA256,
        };
        Self {
            rsa: ParsedPublicKey::new(&RSA_PKCS1_2048_8192_SHA256, rsa_pkcs1_der(f)).unwrap(),
            ec: ParsedPublicKey::new(&ECDSA_P256_SHA256_FIXED, ec_point(f)).unwrap(),
        }
    }

    /// Verifies the token's signature (only the signature).
    pub fn verify(&self, token: &Token) -> Result<(), Refused> {
        let key = match token.alg {
            Alg::Rs256 => &self.rsa,
            Alg::Es256 => &self.ec,
        };
        key.verify_sig(token.signing_input.as_bytes(), &token.signature)
            .map_err(refused)
    }
}

/// `openidconnect` 4 (default features off): `CoreIdToken::from_str`,
/// `claims(&verifier, &nonce)`, then `at_hash` as its documentation shows.
pub struct OpenIdConnect {
    verifier: openidconnect::core::CoreIdTokenVerifier<'static>,
    nonce: openidconnect::Nonce,
    access_token: openidconnect::AccessToken,
}

impl OpenIdConnect {
    /// Parses the key set into the verifier.
    pub fn new(f: &Fixture) -> Self {
        use openidconnect::core::{
            CoreIdTokenVerifier, CoreJsonWebKeySet, CoreJwsSigningAlgorithm,
        };
        use openidconnect::{ClientId, IssuerUrl};
        let jwks: CoreJsonWebKeySet = serde_json::from_str(&f.jwks).unwrap();
        let verifier = CoreIdTokenVerifier::new_public_client(
            ClientId::new(CLIENT_ID.into()),
            IssuerUrl::new(ISSUER.into()).unwrap(),
            jwks,
        )
        .set_allowed_algs([
            CoreJwsSigningAlgorithm::RsaSsaPkcs1V15Sha256,
            CoreJwsSigningAlgorithm::EcdsaP256Sha256,
        ]);
        Self {
            verifier,
            nonce: openidconnect::Nonce::new(f.nonce.clone()),
            access_token: openidconnect::AccessToken::new(ACCESS_TOKEN.into()),
        }
    }

    /// Verifies the ID token and its `at_hash`.
    pub fn verify(&self, token: &Token) -> Result<(), Refused> {
        use openidconnect::AccessTokenHash;
        use openidconnect::core::CoreIdToken;
        use std::str::FromStr as _;
        let id_token = CoreIdToken::from_str(&token.id_token).map_err(refused)?;
        let claims = id_token
            .claims(&self.verifier, &self.nonce)
            .map_err(refused)?;
        let expected = claims.access_token_hash().ok_or("no at_hash")?;
        let actual = AccessTokenHash::from_token(
            &self.access_token,
            id_token.signing_alg().map_err(refused)?,
            id_token.signing_key(&self.verifier).map_err(refused)?,
        )
        .map_err(refused)?;
        if actual != *expected {
            return Err("at_hash mismatch".into());
        }
        Ok(())
    }
}

/// Which `jsonwebtoken` crypto provider a process installs (it is
/// process-global, so each bench binary installs one).
#[derive(Clone, Copy, Debug)]
pub enum JwtBackend {
    /// `rust_crypto`: rsa 0.9, p256 0.13.
    RustCrypto,
    /// `aws_lc_rs`.
    AwsLc,
}

impl JwtBackend {
    /// Installs the provider for this process; `false` if one was already.
    pub fn install(self) -> bool {
        let provider = match self {
            Self::RustCrypto => &jsonwebtoken::crypto::rust_crypto::DEFAULT_PROVIDER,
            Self::AwsLc => &jsonwebtoken::crypto::aws_lc::DEFAULT_PROVIDER,
        };
        provider.install_default().is_ok()
    }
}

/// `jsonwebtoken` 11: `decode_header` for the `kid`, the key from a set
/// parsed once (`DecodingKey::from_jwk`), `decode` with a `Validation`
/// for `iss`, `aud`, `exp`, then `nonce` and `at_hash`.
pub struct JsonWebToken {
    keys: Vec<(String, jsonwebtoken::DecodingKey)>,
    rs256: jsonwebtoken::Validation,
    es256: jsonwebtoken::Validation,
    nonce: String,
}

impl JsonWebToken {
    /// Parses the key set and builds the validations. Call
    /// [`JwtBackend::install`] first.
    pub fn new(f: &Fixture) -> Self {
        use jsonwebtoken::{Algorithm, DecodingKey, Validation, jwk::JwkSet};
        let set: JwkSet = serde_json::from_str(&f.jwks).unwrap();
        let keys = set
            .keys
            .iter()
            .map(|jwk| {
                let kid = jwk.common.key_id.clone().unwrap();
                (kid, DecodingKey::from_jwk(jwk).unwrap())
            })
            .collect();
        let validation = |alg| {
            let mut v = Validation::new(alg);
            v.set_issuer(&[ISSUER]);
            v.set_audience(&[CLIENT_ID]);
            v.set_required_spec_claims(&["exp", "iat", "iss", "aud", "sub"]);
            v.leeway = LEEWAY_SECS;
            v
        };
        Self {
            keys,
            rs256: validation(Algorithm::RS256),
            es256: validation(Algorithm::ES256),
            nonce: f.nonce.clone(),
        }
    }

    /// Verifies the ID token and its `at_hash`.
    pub fn verify(&self, token: &Token) -> Result<(), Refused> {
        use jsonwebtoken::Algorithm;
        let header = jsonwebtoken::decode_header(&token.id_token).map_err(refused)?;
        let kid = header.kid.as_deref().ok_or("no kid")?;
        let key = self
            .keys
            .iter()
            .find(|(k, _)| k == kid)
            .map(|(_, key)| key)
            .ok_or("unknown kid")?;
        let validation = match header.alg {
            Algorithm::RS256 => &self.rs256,
            Algorithm::ES256 => &self.es256,
            _ => return Err("algorithm not allowed".into()),
        };
        let data =
            jsonwebtoken::decode::<IdClaims>(&token.id_token, key, validation).map_err(refused)?;
        check_nonce_and_at_hash(&data.claims, &self.nonce)
    }
}

type JwtCompactEcKey = <jwt_compact::alg::Es256 as jwt_compact::Algorithm>::VerifyingKey;

enum JwtCompactKey {
    Rsa(jwt_compact::alg::RsaPublicKey),
    Ec(JwtCompactEcKey),
}

/// `jwt-compact` 0.8: `UntrustedToken::new`, the key by `kid` from a set
/// parsed once, `validator(..).validate(..)`, `validate_expiration`, then
/// the claims it leaves to the caller (`iss`, `aud`, `iat`, `nonce`,
/// `at_hash`).
pub struct JwtCompact {
    keys: Vec<(String, JwtCompactKey)>,
    time: jwt_compact::TimeOptions,
    nonce: String,
}

impl JwtCompact {
    /// Parses the key set.
    pub fn new(f: &Fixture) -> Self {
        use jwt_compact::jwk::JsonWebKey;
        let doc: serde_json::Value = serde_json::from_str(&f.jwks).unwrap();
        let keys = doc["keys"]
            .as_array()
            .unwrap()
            .iter()
            .map(|value| {
                let kid = value["kid"].as_str().unwrap().to_string();
                let jwk: JsonWebKey<'_> = serde_json::from_value(value.clone()).unwrap();
                let key = match value["kty"].as_str().unwrap() {
                    "RSA" => JwtCompactKey::Rsa((&jwk).try_into().unwrap()),
                    _ => JwtCompactKey::Ec((&jwk).try_into().unwrap()),
                };
                (kid, key)
            })
            .collect();
        Self {
            keys,
            time: jwt_compact::TimeOptions::from_leeway(chrono_secs(LEEWAY_SECS)),
            nonce: f.nonce.clone(),
        }
    }

    /// Verifies the ID token and its `at_hash`.
    pub fn verify(&self, token: &Token) -> Result<(), Refused> {
        use jwt_compact::alg::{Es256, Rsa};
        use jwt_compact::{AlgorithmExt as _, Claims, UntrustedToken};
        let untrusted = UntrustedToken::new(&token.id_token).map_err(refused)?;
        let kid = untrusted.header().key_id.as_deref().ok_or("no kid")?;
        let key = self
            .keys
            .iter()
            .find(|(k, _)| k == kid)
            .map(|(_, key)| key)
            .ok_or("unknown kid")?;
        let check = |claims: &Claims<IdClaims>| -> Result<(), Refused> {
            claims.validate_expiration(&self.time).map_err(refused)?;
            let iat = claims.issued_at.ok_or("no iat")?;
            if iat > (self.time.clock_fn)() + self.time.leeway {
                return Err("issued in the future".into());
            }
            let id = &claims.custom;
            if id.iss != ISSUER {
                return Err("issuer mismatch".into());
            }
            if !id.aud.contains(CLIENT_ID) {
                return Err("audience mismatch".into());
            }
            if id.sub.is_empty() {
                return Err("no sub".into());
            }
            check_nonce_and_at_hash(id, &self.nonce)
        };
        match (untrusted.algorithm(), key) {
            ("RS256", JwtCompactKey::Rsa(key)) => {
                let token = Rsa::rs256()
                    .validator::<IdClaims>(key)
                    .validate(&untrusted)
                    .map_err(refused)?;
                check(token.claims())
            }
            ("ES256", JwtCompactKey::Ec(key)) => {
                let token = Es256
                    .validator::<IdClaims>(key)
                    .validate(&untrusted)
                    .map_err(refused)?;
                check(token.claims())
            }
            _ => Err("algorithm not allowed for this key".into()),
        }
    }
}

fn chrono_secs(secs: u64) -> chrono::Duration {
    chrono::Duration::seconds(i64::try_from(secs).unwrap())
}

/// The floor and every peer, built once from the fixture: what the
/// benchmark times and what `tests/peers_agree.rs` checks, so both use the
/// same columns.
pub struct Peers {
    pub floor: Floor,
    pub rsa_crate: RsaCrate,
    pub ring: Ring,
    pub aws: AwsLc,
    pub oidc: OpenIdConnect,
    pub jwt: JsonWebToken,
    pub compact: JwtCompact,
}

impl Peers {
    /// Builds every column. jsonwebtoken's provider must be installed first
    /// ([`JwtBackend::install`]).
    pub fn new(f: &Fixture) -> Self {
        Self {
            floor: Floor::new(f),
            rsa_crate: RsaCrate::new(f),
            ring: Ring::new(f),
            aws: AwsLc::new(f),
            oidc: OpenIdConnect::new(f),
            jwt: JsonWebToken::new(f),
            compact: JwtCompact::new(f),
        }
    }

    /// Each peer's verdict on `token`, by column name (the floor and the
    /// `rsa` reference take the signing input instead: [`Floor::verify`],
    /// [`RsaCrate::verify`]).
    pub fn verdicts(&self, token: &Token) -> [(&'static str, Result<(), Refused>); 5] {
        [
            ("openidconnect", self.oidc.verify(token)),
            ("jsonwebtoken", self.jwt.verify(token)),
            ("jwt-compact", self.compact.verify(token)),
            ("ring", self.ring.verify(token)),
            ("aws-lc-rs", self.aws.verify(token)),
        ]
    }
}
