//! The OpenID Connect standard claims (OIDC Core §5.1) of a verified ID
//! token, typed. Read leniently: a profile claim of an unexpected JSON type
//! reads as absent instead of failing (the token was already validated on
//! the claims that decisions depend on).

use serde::Deserialize;

use crate::json::{JsonError, JsonStr, NumericDate, RawValue, read_object};

/// Each standard claim as its JSON text. Read by [`Raw::parse`], without
/// `serde` (as the claims that decisions depend on are, `jose/claims.rs`);
/// the `serde` derive is its reference twin, which tests and the
/// `json_claims` fuzz target hold it to.
#[derive(Deserialize, Default)]
struct Raw<'a> {
    #[serde(borrow)]
    iss: Option<RawValue<'a>>,
    #[serde(borrow)]
    sub: Option<RawValue<'a>>,
    #[serde(borrow)]
    aud: Option<RawValue<'a>>,
    #[serde(borrow)]
    azp: Option<RawValue<'a>>,
    #[serde(borrow)]
    nonce: Option<RawValue<'a>>,
    #[serde(borrow)]
    acr: Option<RawValue<'a>>,
    #[serde(borrow)]
    amr: Option<RawValue<'a>>,
    #[serde(borrow)]
    sid: Option<RawValue<'a>>,
    #[serde(borrow)]
    auth_time: Option<RawValue<'a>>,
    #[serde(borrow)]
    name: Option<RawValue<'a>>,
    #[serde(borrow)]
    given_name: Option<RawValue<'a>>,
    #[serde(borrow)]
    family_name: Option<RawValue<'a>>,
    #[serde(borrow)]
    middle_name: Option<RawValue<'a>>,
    #[serde(borrow)]
    nickname: Option<RawValue<'a>>,
    #[serde(borrow)]
    preferred_username: Option<RawValue<'a>>,
    #[serde(borrow)]
    profile: Option<RawValue<'a>>,
    #[serde(borrow)]
    picture: Option<RawValue<'a>>,
    #[serde(borrow)]
    website: Option<RawValue<'a>>,
    #[serde(borrow)]
    email: Option<RawValue<'a>>,
    #[serde(borrow)]
    email_verified: Option<RawValue<'a>>,
    #[serde(borrow)]
    gender: Option<RawValue<'a>>,
    #[serde(borrow)]
    birthdate: Option<RawValue<'a>>,
    #[serde(borrow)]
    zoneinfo: Option<RawValue<'a>>,
    #[serde(borrow)]
    locale: Option<RawValue<'a>>,
    #[serde(borrow)]
    phone_number: Option<RawValue<'a>>,
    #[serde(borrow)]
    phone_number_verified: Option<RawValue<'a>>,
    #[serde(borrow)]
    address: Option<RawValue<'a>>,
    #[serde(borrow)]
    updated_at: Option<RawValue<'a>>,
}

impl<'a> Raw<'a> {
    /// Reads a payload: one object, its standard claims kept as their text
    /// (or absent for `null`), every other member skipped but checked.
    ///
    /// # Errors
    /// The first problem in the document (the error `serde` gives too).
    fn parse(payload: &'a [u8]) -> Result<Self, JsonError> {
        let mut raw = Self::default();
        read_object(payload, |name, value| {
            match raw.slot(name) {
                Some(claim) => *claim = value.raw()?,
                None => value.skip()?,
            }
            Ok(())
        })?;
        Ok(raw)
    }

    /// Where the claim `name` goes, if it is a standard claim.
    fn slot(&mut self, name: &str) -> Option<&mut Option<RawValue<'a>>> {
        Some(match name {
            "iss" => &mut self.iss,
            "sub" => &mut self.sub,
            "aud" => &mut self.aud,
            "azp" => &mut self.azp,
            "nonce" => &mut self.nonce,
            "acr" => &mut self.acr,
            "amr" => &mut self.amr,
            "sid" => &mut self.sid,
            "auth_time" => &mut self.auth_time,
            "name" => &mut self.name,
            "given_name" => &mut self.given_name,
            "family_name" => &mut self.family_name,
            "middle_name" => &mut self.middle_name,
            "nickname" => &mut self.nickname,
            "preferred_username" => &mut self.preferred_username,
            "profile" => &mut self.profile,
            "picture" => &mut self.picture,
            "website" => &mut self.website,
            "email" => &mut self.email,
            "email_verified" => &mut self.email_verified,
            "gender" => &mut self.gender,
            "birthdate" => &mut self.birthdate,
            "zoneinfo" => &mut self.zoneinfo,
            "locale" => &mut self.locale,
            "phone_number" => &mut self.phone_number,
            "phone_number_verified" => &mut self.phone_number_verified,
            "address" => &mut self.address,
            "updated_at" => &mut self.updated_at,
            _ => return None,
        })
    }

    /// Every claim, in the order of the fields.
    #[cfg(any(test, feature = "dangerous-test-hooks"))]
    fn all(&self) -> [Option<RawValue<'a>>; 28] {
        [
            self.iss,
            self.sub,
            self.aud,
            self.azp,
            self.nonce,
            self.acr,
            self.amr,
            self.sid,
            self.auth_time,
            self.name,
            self.given_name,
            self.family_name,
            self.middle_name,
            self.nickname,
            self.preferred_username,
            self.profile,
            self.picture,
            self.website,
            self.email,
            self.email_verified,
            self.gender,
            self.birthdate,
            self.zoneinfo,
            self.locale,
            self.phone_number,
            self.phone_number_verified,
            self.address,
            self.updated_at,
        ]
    }
}

/// Whether the two readings of a payload, [`Raw::parse`] and the `serde`
/// derive, agree exactly (the same error, or the same text for every
/// claim), and `auth_time` and `updated_at` read as dates the same way as
/// through `serde`.
#[cfg(any(test, feature = "dangerous-test-hooks"))]
pub(crate) fn parsers_agree(payload: &[u8]) -> bool {
    let dates_agree = |raw: &Raw<'_>| {
        [raw.auth_time, raw.updated_at].iter().flatten().all(|v| {
            NumericDate::from_json(v.as_bytes())
                == crate::json::from_slice::<NumericDate>(v.as_bytes()).ok()
        })
    };
    crate::json::agrees_with_serde(payload, Raw::parse(payload), |a, b| {
        a.all() == b.all() && dates_agree(a)
    })
}

/// The standard claims of a verified ID token. Strings are [`JsonStr`]
/// (decoded on demand, allocation-free).
#[derive(Default)]
pub struct StandardClaims<'a> {
    raw: Raw<'a>,
}

macro_rules! string_claims {
    ($($(#[$doc:meta])* $name:ident),* $(,)?) => {
        $(
            $(#[$doc])*
            pub fn $name(&self) -> Option<JsonStr<'a>> {
                self.raw.$name.and_then(|v| v.as_str())
            }
        )*
    };
}

impl<'a> StandardClaims<'a> {
    /// Parses a verified payload; anything unreadable reads as absent.
    pub(crate) fn parse(payload: &'a [u8]) -> Self {
        Self {
            raw: Raw::parse(payload).unwrap_or_default(),
        }
    }

    string_claims!(
        /// `iss`: the issuer (verified).
        iss,
        /// `sub`: the user's identifier at the issuer (verified present).
        sub,
        /// `azp`: the authorized party.
        azp,
        /// `nonce` (verified against the request).
        nonce,
        /// `acr`: the authentication context class.
        acr,
        /// `sid`: the session id (front-/back-channel logout).
        sid,
        /// `name`
        name,
        /// `given_name`
        given_name,
        /// `family_name`
        family_name,
        /// `middle_name`
        middle_name,
        /// `nickname`
        nickname,
        /// `preferred_username`
        preferred_username,
        /// `profile` (URL)
        profile,
        /// `picture` (URL)
        picture,
        /// `website` (URL)
        website,
        /// `email`
        email,
        /// `gender`
        gender,
        /// `birthdate` (`YYYY-MM-DD`)
        birthdate,
        /// `zoneinfo`
        zoneinfo,
        /// `locale`
        locale,
        /// `phone_number`
        phone_number,
    );

    /// `email_verified`.
    pub fn email_verified(&self) -> Option<bool> {
        self.raw.email_verified.and_then(|v| v.as_bool())
    }

    /// `phone_number_verified`.
    pub fn phone_number_verified(&self) -> Option<bool> {
        self.raw.phone_number_verified.and_then(|v| v.as_bool())
    }

    /// `auth_time`, whole seconds.
    pub fn auth_time(&self) -> Option<u64> {
        self.raw
            .auth_time
            .and_then(|v| NumericDate::from_json(v.as_bytes()))
            .map(|d| d.secs())
    }

    /// `updated_at`, whole seconds.
    pub fn updated_at(&self) -> Option<u64> {
        self.raw
            .updated_at
            .and_then(|v| NumericDate::from_json(v.as_bytes()))
            .map(|d| d.secs())
    }

    /// `aud`, as JSON text (a string or an array of strings).
    pub fn aud_json(&self) -> Option<&'a str> {
        self.raw.aud.map(|v| v.as_text())
    }

    /// `amr`, as JSON text (an array of strings).
    pub fn amr_json(&self) -> Option<&'a str> {
        self.raw.amr.map(|v| v.as_text())
    }

    /// `address`, as JSON text (an object, OIDC Core §5.1.1).
    pub fn address_json(&self) -> Option<&'a str> {
        self.raw.address.map(|v| v.as_text())
    }
}

#[cfg(test)]
mod tests {
    extern crate std;

    use super::*;

    #[test]
    fn reads_every_kind_leniently() {
        let payload = br#"{"sub":"24400320","name":"Jane \u0044oe","email_verified":true,
            "phone_number_verified":"yes","auth_time":1700000000.5,"updated_at":"1700000000",
            "aud":["a","b"],"amr":null,"address":{"country":"FR"},"custom":[1,{"x":2}]}"#;
        let claims = StandardClaims::parse(payload);
        assert_eq!(claims.sub().map(|s| s.raw()), Some("24400320"));
        let mut buf = [0u8; 16];
        assert_eq!(
            claims.name().and_then(|s| s.decode_into(&mut buf).ok()),
            Some("Jane Doe")
        );
        assert_eq!(claims.email_verified(), Some(true));
        // Of another JSON type: absent, not an error.
        assert_eq!(claims.phone_number_verified(), None);
        assert_eq!(claims.updated_at(), None);
        assert_eq!(claims.auth_time(), Some(1_700_000_000));
        assert_eq!(claims.aud_json(), Some(r#"["a","b"]"#));
        assert_eq!(claims.amr_json(), None);
        assert_eq!(claims.address_json(), Some(r#"{"country":"FR"}"#));
        assert!(parsers_agree(payload));

        // A payload that is not one strict object reads as having no claims.
        for broken in [
            &br#"{"sub":"a","sub":"b"}"#[..],
            br#"{"sub":"a"} x"#,
            b"[]",
            b"",
        ] {
            let claims = StandardClaims::parse(broken);
            assert_eq!(claims.sub(), None);
            assert!(parsers_agree(broken));
        }
    }

    /// Standard claim names, escaped forms and others.
    const NAMES: &[&str] = &[
        "\"sub\"",
        "\"email\"",
        "\"email_verified\"",
        "\"auth_time\"",
        "\"updated_at\"",
        "\"aud\"",
        "\"amr\"",
        "\"address\"",
        "\"phone_number_verified\"",
        "\"s\\u0075b\"",
        "\"custom\"",
        "sub",
    ];

    // The reader without serde and its serde twin agree, dates too.
    crate::json::test_documents::serde_twin_tests!(parsers_agree, NAMES);
}
