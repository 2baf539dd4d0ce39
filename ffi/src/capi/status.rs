//! The status codes and the selector values of the C ABI. Numbers are part
//! of the ABI: never renumber, only add.

use crate::error::OidcError;

/// What a call did. `OIDCI_STATUS_OK` is 0; every other value is a reason
/// to stop, named like the bindings' `OidcError` where it is one.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OidciStatus {
    /// Success.
    Ok = 0,
    /// A required pointer argument was NULL.
    NullArgument = 1,
    /// The output buffer is too small; `*len` holds the length needed
    /// (without the NUL terminator).
    BufferTooSmall = 2,
    /// The value asked for is not there (an optional claim, the access
    /// token of an `id_token` response, no last error).
    Absent = 3,
    /// The library panicked; the call had no effect on its arguments. A bug:
    /// please report it.
    Panic = 4,
    /// An argument was refused (not UTF-8, unknown selector, unreadable
    /// pending authorization or JWK Set, bad entropy or time, invalid
    /// request option).
    InvalidInput = 10,
    /// The configuration or discovery document is unusable.
    InvalidConfiguration = 11,
    /// The provider refused (`access_denied`, …): see `oidci_last_error`.
    AuthorizationDenied = 20,
    /// A silent (`prompt=none`) request needs an interactive sign-in.
    LoginRequired = 21,
    /// The redirect's `state` is missing or belongs to another request.
    StateMismatch = 22,
    /// The redirect is not a valid answer to the request.
    InvalidResponse = 23,
    /// The ID token failed verification.
    InvalidToken = 24,
    /// The ID token's key is not in the JWK Set: fetch the JWK Set again
    /// and call `oidci_complete` again with the same pending authorization.
    KeysOutdated = 25,
    /// The pending authorization or the ID token has expired.
    Expired = 26,
    /// The pending authorization was already used.
    AlreadyCompleted = 27,
    /// The platform failed or an impossible state was reached.
    Internal = 99,
}

impl OidciStatus {
    /// Every status, for the message function and the tests.
    pub(crate) const ALL: [Self; 16] = [
        Self::Ok,
        Self::NullArgument,
        Self::BufferTooSmall,
        Self::Absent,
        Self::Panic,
        Self::InvalidInput,
        Self::InvalidConfiguration,
        Self::AuthorizationDenied,
        Self::LoginRequired,
        Self::StateMismatch,
        Self::InvalidResponse,
        Self::InvalidToken,
        Self::KeysOutdated,
        Self::Expired,
        Self::AlreadyCompleted,
        Self::Internal,
    ];

    /// The fixed text of the status.
    pub(crate) const fn message(self) -> &'static str {
        match self {
            Self::Ok => "success",
            Self::NullArgument => "a required pointer argument is NULL",
            Self::BufferTooSmall => "the output buffer is too small",
            Self::Absent => "the value is absent",
            Self::Panic => "internal panic caught at the C boundary (a bug)",
            Self::InvalidInput => "an argument was refused",
            Self::InvalidConfiguration => "the client configuration is unusable",
            Self::AuthorizationDenied => "the authorization server refused the request",
            Self::LoginRequired => "an interactive sign-in is required",
            Self::StateMismatch => "the redirect does not answer this pending authorization",
            Self::InvalidResponse => "the redirect is not a valid authorization response",
            Self::InvalidToken => "the ID token failed verification",
            Self::KeysOutdated => "the JWK Set lacks the token's key: fetch it again and retry",
            Self::Expired => "the pending authorization or the ID token has expired",
            Self::AlreadyCompleted => "the pending authorization was already used",
            Self::Internal => "internal error",
        }
    }

    pub(crate) fn from_code(code: i32) -> Option<Self> {
        Self::ALL.into_iter().find(|s| *s as i32 == code)
    }
}

impl From<&OidcError> for OidciStatus {
    fn from(e: &OidcError) -> Self {
        match e {
            OidcError::AuthorizationDenied { .. } => Self::AuthorizationDenied,
            OidcError::LoginRequired { .. } => Self::LoginRequired,
            OidcError::StateMismatch => Self::StateMismatch,
            OidcError::InvalidResponse { .. } => Self::InvalidResponse,
            OidcError::InvalidToken { .. } => Self::InvalidToken,
            OidcError::KeysOutdated { .. } => Self::KeysOutdated,
            OidcError::Expired { .. } => Self::Expired,
            OidcError::AlreadyCompleted => Self::AlreadyCompleted,
            OidcError::InvalidConfiguration { .. } => Self::InvalidConfiguration,
            OidcError::InvalidInput { .. } => Self::InvalidInput,
            OidcError::Internal { .. } => Self::Internal,
        }
    }
}

/// `response_type` for `oidci_authorize`.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OidciResponseType {
    /// `id_token`: sign-in only.
    IdToken = 1,
    /// `id_token token`: sign-in and an access token.
    IdTokenToken = 2,
}

/// `response_mode` for `oidci_authorize`.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OidciResponseMode {
    /// In the redirect URI's fragment.
    Fragment = 0,
    /// As a form POST body to the redirect URI.
    FormPost = 1,
}

/// `prompt=none` (silent renewal); not with the others.
pub const OIDCI_PROMPT_NONE: u32 = 1;
/// `prompt=login`: authenticate again (shared kiosks).
pub const OIDCI_PROMPT_LOGIN: u32 = 2;
/// `prompt=consent`.
pub const OIDCI_PROMPT_CONSENT: u32 = 4;
/// `prompt=select_account`.
pub const OIDCI_PROMPT_SELECT_ACCOUNT: u32 = 8;

/// Which text `oidci_tokens_get` writes.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OidciTokenField {
    /// The ID token (compact JWS) as received.
    IdToken = 0,
    /// The access token (`OIDCI_STATUS_ABSENT` for `id_token`).
    AccessToken = 1,
    /// `Bearer` (absent without an access token).
    TokenType = 2,
    /// The scope granted with the access token.
    Scope = 3,
    /// The verified ID-token payload, JSON.
    ClaimsJson = 4,
}

/// Which time `oidci_tokens_time` reads.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OidciTimeField {
    /// The access token's expiry (`now + expires_in`), if sent.
    AccessTokenExpiresAt = 0,
    /// The ID token's `exp`.
    IdTokenExpiresAt = 1,
    /// The ID token's `iat`.
    IdTokenIssuedAt = 2,
    /// `auth_time`, if present.
    AuthTime = 3,
}

/// Which detail `oidci_last_error` writes.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OidciErrorField {
    /// A human-readable message naming the failed check.
    Message = 0,
    /// The provider's `error` code (authorization denied / login required).
    ProviderError = 1,
    /// The provider's `error_description`, sanitized.
    ProviderDescription = 2,
    /// The provider's `error_uri`, sanitized.
    ProviderUri = 3,
    /// The `kid` missing from the JWK Set (keys outdated).
    Kid = 4,
}

/// Which member `oidci_discovery_get` writes.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OidciDiscoveryField {
    /// `issuer`.
    Issuer = 0,
    /// `authorization_endpoint`.
    AuthorizationEndpoint = 1,
    /// `jwks_uri`: where to fetch the JWK Set.
    JwksUri = 2,
    /// `end_session_endpoint` (absent if the provider has none).
    EndSessionEndpoint = 3,
}

/// Maps a C selector to its enum; `None` for an unknown number.
macro_rules! selector {
    ($ty:ident { $($variant:ident),* $(,)? }) => {
        impl $ty {
            pub(crate) fn from_u32(value: u32) -> Option<Self> {
                [$(Self::$variant),*].into_iter().find(|v| *v as u32 == value)
            }
        }
    };
}

selector!(OidciResponseType {
    IdToken,
    IdTokenToken
});
selector!(OidciResponseMode { Fragment, FormPost });
selector!(OidciTokenField {
    IdToken,
    AccessToken,
    TokenType,
    Scope,
    ClaimsJson
});
selector!(OidciTimeField {
    AccessTokenExpiresAt,
    IdTokenExpiresAt,
    IdTokenIssuedAt,
    AuthTime
});
selector!(OidciErrorField {
    Message,
    ProviderError,
    ProviderDescription,
    ProviderUri,
    Kid
});
selector!(OidciDiscoveryField {
    Issuer,
    AuthorizationEndpoint,
    JwksUri,
    EndSessionEndpoint
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_stable_and_distinct() {
        let numbers: Vec<i32> = OidciStatus::ALL.iter().map(|s| *s as i32).collect();
        assert_eq!(
            numbers,
            [0, 1, 2, 3, 4, 10, 11, 20, 21, 22, 23, 24, 25, 26, 27, 99]
        );
        for status in OidciStatus::ALL {
            assert_eq!(OidciStatus::from_code(status as i32), Some(status));
            assert!(!status.message().is_empty());
        }
        assert_eq!(OidciStatus::from_code(5), None);
        assert_eq!(
            OidciTokenField::from_u32(4),
            Some(OidciTokenField::ClaimsJson)
        );
        assert_eq!(OidciTokenField::from_u32(5), None);
        assert_eq!(OidciResponseType::from_u32(0), None);
    }
}
