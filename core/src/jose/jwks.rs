//! JWK Sets (RFC 7517): parsed once into verification-ready keys, then used
//! for every token; key selection by `kid` or, without one, by key type.

use core::fmt;

use base64ct::{Base64UrlUnpadded, Encoding};
use heapless::{String, Vec};

use crate::jose::{Algorithm, KeyError, PublicKey};
use crate::json::{JsonError, JsonStr, RawValue};
use crate::limits::{MAX_JWKS_ENTRIES, MAX_JWKS_KEYS, MAX_KID_LEN};
use crate::time::UnixTime;

mod raw;

#[cfg(any(test, feature = "dangerous-test-hooks"))]
pub(crate) use raw::parsers_agree;
use raw::{RawJwk, RawSet};

/// Why a JWK Set was refused as a whole. Individual unusable keys are
/// skipped, not fatal (RFC 7517 §5; OIDF `ignores-unparseable-key-in-jwks`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum JwksError {
    /// Not strict JSON, or `keys` is not an array of at most
    /// [`MAX_JWKS_ENTRIES`] values.
    Json(JsonError),
    /// No `keys` member.
    MissingKeys,
    /// Not one key in the set is usable for signature verification with
    /// the algorithms this build supports.
    NoUsableKey {
        /// Entries read.
        entries: usize,
    },
    /// More than [`MAX_JWKS_KEYS`] usable keys.
    TooManyKeys,
}

impl fmt::Display for JwksError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Json(e) => write!(f, "JWK Set is not valid JSON: {e}"),
            Self::MissingKeys => f.write_str("JWK Set has no `keys` array"),
            Self::NoUsableKey { entries } => {
                write!(f, "none of the {entries} keys in the JWK Set is usable")
            }
            Self::TooManyKeys => write!(f, "JWK Set has more than {MAX_JWKS_KEYS} usable keys"),
        }
    }
}

impl core::error::Error for JwksError {}

/// Why one JWK was skipped (reported by [`KeySet::skipped`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum SkipReason {
    /// Not a JSON object with string members where strings are expected.
    Malformed,
    /// `kty` missing or not `RSA`/`EC`, or `crv` not `P-256`.
    UnsupportedKeyType,
    /// `use` is not `sig`, or `key_ops` lacks `verify`.
    NotForVerification,
    /// `alg` names an algorithm this build does not verify.
    UnsupportedAlgorithm,
    /// A member is missing or not base64url.
    BadMember,
    /// The key material itself was refused.
    Key(KeyError),
    /// `kid` longer than [`MAX_KID_LEN`].
    KidTooLong,
    /// An exact duplicate of an earlier key.
    Duplicate,
}

/// One usable key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Jwk {
    pub(crate) kid: Option<String<MAX_KID_LEN>>,
    /// The JWK's own `alg`, when it has one (RFC 7517 §4.4).
    pub(crate) alg: Option<Algorithm>,
    pub(crate) key: PublicKey,
}

impl Jwk {
    /// Whether this key may verify `alg`: the key type fits, and the JWK's
    /// own `alg`, if any, is the same (RFC 8725 §3.1: one key, one algorithm).
    fn fits(&self, alg: Algorithm) -> bool {
        self.key.fits(alg) && self.alg.is_none_or(|a| a == alg)
    }
}

/// A parsed JWK Set: the verification-ready keys, and when (and why) it was
/// loaded, for the refresh cooldown.
#[derive(Clone, Debug)]
pub struct KeySet {
    keys: Vec<Jwk, MAX_JWKS_KEYS>,
    loaded_at: UnixTime,
    refreshed_for: Option<String<MAX_KID_LEN>>,
    skipped: Vec<SkipReason, MAX_JWKS_ENTRIES>,
}

/// What key selection found.
#[derive(Debug)]
pub(crate) enum Selection<'k> {
    Key(&'k PublicKey),
    /// The `kid` is not in the set: the host should fetch the JWKS again.
    UnknownKid,
    /// The `kid` is not in the set although the set was just fetched for
    /// it: a forged or retired `kid`.
    UnknownKidAfterRefresh,
    /// The key with this `kid` is of another type, or its `alg` differs.
    KeyAlgorithmMismatch,
    /// No `kid`, and more than one key fits.
    Ambiguous,
    /// No `kid`, and no key fits.
    NoSuitableKey,
}

impl KeySet {
    /// Parses a JWK Set fetched at `now`.
    pub fn parse(jwks: &[u8], now: UnixTime) -> Result<Self, JwksError> {
        Self::parse_inner(jwks, now, None)
    }

    /// Parses a JWK Set fetched because a token named `kid` that the
    /// previous set lacked (see [`KeyRefresh`](crate::KeyRefresh)). If `kid`
    /// is still missing, tokens naming it are refused until the cooldown
    /// passes, instead of asking for yet another fetch.
    pub fn parse_refreshed(jwks: &[u8], now: UnixTime, kid: &str) -> Result<Self, JwksError> {
        Self::parse_inner(jwks, now, String::try_from(kid).ok())
    }

    fn parse_inner(
        jwks: &[u8],
        now: UnixTime,
        refreshed_for: Option<String<MAX_KID_LEN>>,
    ) -> Result<Self, JwksError> {
        let raw = RawSet::parse(jwks).map_err(JwksError::Json)?;
        let entries = raw.keys.ok_or(JwksError::MissingKeys)?;
        let mut keys: Vec<Jwk, MAX_JWKS_KEYS> = Vec::new();
        let mut skipped = Vec::new();
        for entry in &entries {
            match parse_jwk(*entry) {
                Ok(jwk) if keys.contains(&jwk) => {
                    let _ = skipped.push(SkipReason::Duplicate);
                }
                Ok(jwk) => keys.push(jwk).map_err(|_| JwksError::TooManyKeys)?,
                Err(reason) => {
                    let _ = skipped.push(reason);
                }
            }
        }
        if keys.is_empty() {
            return Err(JwksError::NoUsableKey {
                entries: entries.len(),
            });
        }
        Ok(Self {
            keys,
            loaded_at: now,
            refreshed_for,
            skipped,
        })
    }

    /// When the set was loaded.
    pub fn loaded_at(&self) -> UnixTime {
        self.loaded_at
    }

    /// How many keys are usable.
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    /// Always `false`: an empty set is refused when parsed.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// Why entries were skipped, in order.
    pub fn skipped(&self) -> &[SkipReason] {
        &self.skipped
    }

    /// Finds the key for a token signed with `alg`, naming `kid` or not.
    pub(crate) fn select(
        &self,
        alg: Algorithm,
        kid: Option<&str>,
        now: UnixTime,
        cooldown: u64,
    ) -> Selection<'_> {
        match kid {
            Some(kid) => {
                let mut named = self
                    .keys
                    .iter()
                    .filter(|k| k.kid.as_deref() == Some(kid))
                    .peekable();
                if named.peek().is_none() {
                    let just_refreshed = self.refreshed_for.as_deref() == Some(kid)
                        && now < self.loaded_at.saturating_add(cooldown);
                    return if just_refreshed {
                        Selection::UnknownKidAfterRefresh
                    } else {
                        Selection::UnknownKid
                    };
                }
                let mut fitting = named.filter(|k| k.fits(alg));
                match (fitting.next(), fitting.next()) {
                    (Some(k), None) => Selection::Key(&k.key),
                    (Some(_), Some(_)) => Selection::Ambiguous,
                    (None, _) => Selection::KeyAlgorithmMismatch,
                }
            }
            None => {
                // OIDC Core §10.1 wants a kid when the set has several keys;
                // the OIDF kid-absent-single-jwks test still expects the one
                // key that fits the algorithm to be used.
                let mut fitting = self.keys.iter().filter(|k| k.fits(alg));
                match (fitting.next(), fitting.next()) {
                    (Some(k), None) => Selection::Key(&k.key),
                    (Some(_), Some(_)) => Selection::Ambiguous,
                    (None, _) => Selection::NoSuitableKey,
                }
            }
        }
    }
}

fn parse_jwk(raw: RawValue<'_>) -> Result<Jwk, SkipReason> {
    let jwk = RawJwk::parse(raw.as_bytes()).map_err(|_| SkipReason::Malformed)?;
    let kty = jwk.kty.ok_or(SkipReason::UnsupportedKeyType)?;
    if jwk.use_.is_some_and(|u| !u.eq_str("sig")) {
        return Err(SkipReason::NotForVerification);
    }
    if jwk
        .key_ops
        .as_ref()
        .is_some_and(|ops| !ops.iter().any(|op| op.eq_str("verify")))
    {
        return Err(SkipReason::NotForVerification);
    }
    let alg = match jwk.alg {
        None => None,
        Some(a) => {
            let mut buf = [0u8; 16];
            Some(
                a.decode_into(&mut buf)
                    .ok()
                    .and_then(Algorithm::from_name)
                    .ok_or(SkipReason::UnsupportedAlgorithm)?,
            )
        }
    };
    let key = if kty.eq_str("RSA") {
        // One byte over the largest modulus, so that the key constructor
        // (not the decoder) reports an oversized key.
        let mut n_buf = [0u8; 1025];
        let mut e_buf = [0u8; 8];
        let n = base64_member(jwk.n, &mut n_buf)?;
        let e = base64_member(jwk.e, &mut e_buf)?;
        PublicKey::rsa(n, e).map_err(SkipReason::Key)?
    } else if kty.eq_str("EC") {
        if !jwk.crv.is_some_and(|c| c.eq_str("P-256")) {
            return Err(SkipReason::UnsupportedKeyType);
        }
        let mut x_buf = [0u8; 66];
        let mut y_buf = [0u8; 66];
        let x = base64_member(jwk.x, &mut x_buf)?;
        let y = base64_member(jwk.y, &mut y_buf)?;
        PublicKey::ec_p256(x, y).map_err(SkipReason::Key)?
    } else {
        return Err(SkipReason::UnsupportedKeyType);
    };
    if let Some(alg) = alg
        && alg.key_type() != key.key_type()
    {
        return Err(SkipReason::UnsupportedAlgorithm);
    }
    let kid = match jwk.kid {
        Some(k) => {
            let mut s = String::new();
            k.write_to(&mut s).map_err(|_| SkipReason::KidTooLong)?;
            Some(s)
        }
        None => None,
    };
    Ok(Jwk { kid, alg, key })
}

/// Decodes a base64url member into `buf`; the buffer's size is the member's
/// limit (RSA-8192 modulus: 1024 bytes; P-256 coordinate: 32 bytes).
fn base64_member<'b>(
    member: Option<JsonStr<'_>>,
    buf: &'b mut [u8],
) -> Result<&'b [u8], SkipReason> {
    let member = member.ok_or(SkipReason::BadMember)?;
    // base64url never needs JSON escapes; an escaped member is decoded first.
    let mut text_buf = [0u8; 1368];
    let text = member
        .decode_into(&mut text_buf)
        .map_err(|_| SkipReason::BadMember)?;
    Base64UrlUnpadded::decode(text, buf).map_err(|_| SkipReason::BadMember)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::string::ToString;

    // RFC 7515 A.3.1's P-256 public key.
    const EC: &str = r#""kty":"EC","crv":"P-256","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU","y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0""#;

    fn now(secs: u64) -> UnixTime {
        UnixTime::from_secs(secs).unwrap_or_else(|| panic!("time"))
    }

    fn set(keys: &[std::string::String]) -> std::string::String {
        std::format!(r#"{{"keys":[{}]}}"#, keys.join(","))
    }

    fn ec(extra: &str) -> std::string::String {
        if extra.is_empty() {
            std::format!("{{{EC}}}")
        } else {
            std::format!("{{{EC},{extra}}}")
        }
    }

    #[test]
    fn skip_rules_and_duplicates() {
        let json = set(&[
            ec(r#""kid":"a""#),
            ec(r#""kid":"a""#),
            ec(r#""kid":"enc","use":"enc""#),
            ec(r#""kid":"ops","key_ops":["sign"]"#),
            ec(r#""kid":"ok-ops","key_ops":["verify"],"use":"sig""#),
            ec(r#""kid":"hs","alg":"HS256""#),
            ec(r#""kid":"rsa-alg","alg":"RS256""#),
            r#"{"kty":"OKP","crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}"#
                .to_string(),
            r#"{"kty":"EC","crv":"P-384","x":"AA","y":"AA"}"#.to_string(),
            r#"{"kty":"EC","crv":"P-256","x":"%%%","y":"AA"}"#.to_string(),
            r#"{"kty":"EC","crv":"P-256","x":5}"#.to_string(),
            r#"[1,2]"#.to_string(),
        ]);
        let keys = KeySet::parse(json.as_bytes(), now(1)).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(keys.len(), 2, "a and ok-ops");
        assert_eq!(
            keys.skipped(),
            &[
                SkipReason::Duplicate,
                SkipReason::NotForVerification,
                SkipReason::NotForVerification,
                SkipReason::UnsupportedAlgorithm,
                SkipReason::UnsupportedAlgorithm,
                SkipReason::UnsupportedKeyType,
                SkipReason::UnsupportedKeyType,
                SkipReason::BadMember,
                SkipReason::Malformed,
                SkipReason::Malformed,
            ]
        );
    }

    #[test]
    fn whole_set_refusals() {
        let cases: &[(&str, JwksError)] = &[
            (r#"{"keys":[]}"#, JwksError::NoUsableKey { entries: 0 }),
            (
                r#"{"keys":[{"kty":"oct","k":"AA"}]}"#,
                JwksError::NoUsableKey { entries: 1 },
            ),
            (r#"{"other":1}"#, JwksError::MissingKeys),
        ];
        for (json, expected) in cases {
            assert_eq!(
                KeySet::parse(json.as_bytes(), now(1)).err(),
                Some(*expected),
                "{json}"
            );
        }
        assert!(matches!(
            KeySet::parse(b"{\"keys\":[],\"keys\":[]}", now(1)),
            Err(JwksError::Json(_))
        ));
        let many: std::vec::Vec<std::string::String> = (0..=MAX_JWKS_KEYS)
            .map(|i| ec(&std::format!(r#""kid":"k{i}""#)))
            .collect();
        assert_eq!(
            KeySet::parse(set(&many).as_bytes(), now(1)).err(),
            Some(JwksError::TooManyKeys)
        );
    }

    #[test]
    fn selection_and_refresh_cooldown() {
        let two = set(&[ec(r#""kid":"a""#), ec(r#""kid":"b""#)]);
        let keys = KeySet::parse(two.as_bytes(), now(1000)).unwrap_or_else(|e| panic!("{e}"));
        assert!(matches!(
            keys.select(Algorithm::Es256, Some("a"), now(1000), 60),
            Selection::Key(_)
        ));
        assert!(matches!(
            keys.select(Algorithm::Rs256, Some("a"), now(1000), 60),
            Selection::KeyAlgorithmMismatch
        ));
        assert!(matches!(
            keys.select(Algorithm::Es256, None, now(1000), 60),
            Selection::Ambiguous
        ));
        assert!(matches!(
            keys.select(Algorithm::Rs256, None, now(1000), 60),
            Selection::NoSuitableKey
        ));
        assert!(matches!(
            keys.select(Algorithm::Es256, Some("z"), now(1000), 60),
            Selection::UnknownKid
        ));

        let one = set(&[ec("")]);
        let single = KeySet::parse(one.as_bytes(), now(1000)).unwrap_or_else(|e| panic!("{e}"));
        assert!(matches!(
            single.select(Algorithm::Es256, None, now(1000), 60),
            Selection::Key(_)
        ));

        // Fetched again for kid "z", which is still missing: no second fetch
        // for "z" until the cooldown has passed; other kids may still ask.
        let refreshed = KeySet::parse_refreshed(two.as_bytes(), now(1000), "z")
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(matches!(
            refreshed.select(Algorithm::Es256, Some("z"), now(1059), 60),
            Selection::UnknownKidAfterRefresh
        ));
        assert!(matches!(
            refreshed.select(Algorithm::Es256, Some("z"), now(1060), 60),
            Selection::UnknownKid
        ));
        assert!(matches!(
            refreshed.select(Algorithm::Es256, Some("y"), now(1001), 60),
            Selection::UnknownKid
        ));

        let with_alg = set(&[ec(r#""kid":"a","alg":"ES256""#)]);
        let keys = KeySet::parse(with_alg.as_bytes(), now(1)).unwrap_or_else(|e| panic!("{e}"));
        assert!(matches!(
            keys.select(Algorithm::Es256, Some("a"), now(1), 60),
            Selection::Key(_)
        ));
    }
}
