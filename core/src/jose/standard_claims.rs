//! The OpenID Connect standard claims (OIDC Core §5.1) of a verified ID
//! token, typed. Read leniently: a profile claim of an unexpected JSON type
//! reads as absent instead of failing (the token was already validated on
//! the claims that decisions depend on).

use serde::Deserialize;

use crate::json::{self, JsonStr, NumericDate, RawValue};

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
            raw: json::from_slice(payload).unwrap_or_default(),
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
            .and_then(|v| json::from_slice::<NumericDate>(v.as_bytes()).ok())
            .map(|d| d.secs())
    }

    /// `updated_at`, whole seconds.
    pub fn updated_at(&self) -> Option<u64> {
        self.raw
            .updated_at
            .and_then(|v| json::from_slice::<NumericDate>(v.as_bytes()).ok())
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
