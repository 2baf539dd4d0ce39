//! The client configuration: who we are, who the provider is, and the
//! policies every later step applies. Validated once, when built.

use core::fmt;

use heapless::String;

use crate::form::{FormError, FormParams, query_names};
use crate::jose::{AlgorithmSet, TrustedAudiences};
use crate::limits::{
    DEFAULT_JWKS_REFRESH_COOLDOWN_SECS, DEFAULT_LEEWAY_SECS, DEFAULT_PENDING_LIFETIME_SECS,
    MAX_CLIENT_ID_LEN, MAX_LEEWAY_SECS, MAX_PENDING_LIFETIME_SECS, MAX_SCOPE_LEN,
    MAX_TRUSTED_AUDIENCES, MAX_URL_LEN,
};
use crate::scope::{self, ScopeError};
use crate::uri::{self, Transport};

/// Which configured URL an error is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum UrlField {
    /// The issuer identifier.
    Issuer,
    /// The authorization endpoint.
    AuthorizationEndpoint,
    /// The client's redirect URI.
    RedirectUri,
    /// The end-session (logout) endpoint.
    EndSessionEndpoint,
    /// The post-logout redirect URI.
    PostLogoutRedirectUri,
    /// The JWK Set URI (discovery).
    JwksUri,
}

impl UrlField {
    /// The field's protocol name.
    pub const fn name(self) -> &'static str {
        match self {
            Self::Issuer => "issuer",
            Self::AuthorizationEndpoint => "authorization_endpoint",
            Self::RedirectUri => "redirect_uri",
            Self::EndSessionEndpoint => "end_session_endpoint",
            Self::PostLogoutRedirectUri => "post_logout_redirect_uri",
            Self::JwksUri => "jwks_uri",
        }
    }
}

/// Why a configuration was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ConfigError {
    /// Not an absolute URI.
    NotAUrl {
        /// Which URL.
        field: UrlField,
    },
    /// Longer than [`MAX_URL_LEN`].
    UrlTooLong {
        /// Which URL.
        field: UrlField,
        /// Its length.
        len: usize,
        /// Most accepted.
        max: usize,
    },
    /// Not https (nor http to a loopback address, nor, for redirect URIs, a
    /// private-use scheme).
    InsecureUrl {
        /// Which URL.
        field: UrlField,
    },
    /// Contains a `#fragment` (RFC 6749 §3.1, §3.1.2).
    UrlHasFragment {
        /// Which URL.
        field: UrlField,
    },
    /// Contains `user:password@` credentials.
    UrlHasUserinfo {
        /// Which URL.
        field: UrlField,
    },
    /// The issuer has a `?query` (OIDC Core §2: an issuer has none).
    IssuerHasQuery,
    /// The endpoint's own query is not valid form encoding.
    EndpointQueryMalformed,
    /// The endpoint's own query sets a parameter this library sends itself.
    EndpointQueryHasProtocolParameter,
    /// The endpoint's own query names a parameter twice (RFC 6749 §3.1).
    EndpointQueryRepeatsParameter,
    /// No authorization endpoint was given.
    MissingAuthorizationEndpoint,
    /// `client_id` is empty.
    EmptyClientId,
    /// `client_id` is longer than [`MAX_CLIENT_ID_LEN`].
    ClientIdTooLong {
        /// Its length.
        len: usize,
        /// Most accepted.
        max: usize,
    },
    /// `client_id` has a character outside VSCHAR (RFC 6749 Appendix A.1).
    ClientIdInvalidCharacter,
    /// The default scope is not a valid scope string.
    InvalidDefaultScope(ScopeError),
    /// Leeway above [`MAX_LEEWAY_SECS`].
    LeewayTooLarge {
        /// Seconds asked for.
        secs: u64,
        /// Most accepted.
        max: u64,
    },
    /// The algorithm allow-list is empty.
    NoAlgorithmAllowed,
    /// More than [`MAX_TRUSTED_AUDIENCES`] trusted audiences, or one that is
    /// empty or too long.
    InvalidTrustedAudience,
    /// Pending-authorization lifetime zero or above
    /// [`MAX_PENDING_LIFETIME_SECS`].
    PendingLifetimeOutOfRange {
        /// Seconds asked for.
        secs: u64,
        /// Most accepted.
        max: u64,
    },
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NotAUrl { field } => write!(f, "{} is not an absolute URL", field.name()),
            Self::UrlTooLong { field, len, max } => {
                write!(f, "{} is {len} bytes, at most {max} accepted", field.name())
            }
            Self::InsecureUrl { field } => write!(
                f,
                "{} must use https (http only for loopback)",
                field.name()
            ),
            Self::UrlHasFragment { field } => {
                write!(f, "{} must not contain a fragment", field.name())
            }
            Self::UrlHasUserinfo { field } => {
                write!(f, "{} must not contain credentials", field.name())
            }
            Self::IssuerHasQuery => f.write_str("issuer must not contain a query"),
            Self::EndpointQueryMalformed => {
                f.write_str("authorization_endpoint query is not valid form encoding")
            }
            Self::EndpointQueryHasProtocolParameter => f.write_str(
                "authorization_endpoint query sets a parameter the library sends itself",
            ),
            Self::EndpointQueryRepeatsParameter => {
                f.write_str("authorization_endpoint query names a parameter twice")
            }
            Self::MissingAuthorizationEndpoint => {
                f.write_str("no authorization_endpoint configured")
            }
            Self::EmptyClientId => f.write_str("client_id is empty"),
            Self::ClientIdTooLong { len, max } => {
                write!(f, "client_id is {len} bytes, at most {max} accepted")
            }
            Self::ClientIdInvalidCharacter => {
                f.write_str("client_id has a character outside %x20-7E")
            }
            Self::InvalidDefaultScope(e) => write!(f, "default scope: {e}"),
            Self::NoAlgorithmAllowed => f.write_str("the signature algorithm allow-list is empty"),
            Self::InvalidTrustedAudience => {
                write!(
                    f,
                    "trusted audiences: at most {MAX_TRUSTED_AUDIENCES}, each 1 to {MAX_CLIENT_ID_LEN} bytes"
                )
            }
            Self::LeewayTooLarge { secs, max } => {
                write!(f, "leeway of {secs} s exceeds the maximum of {max} s")
            }
            Self::PendingLifetimeOutOfRange { secs, max } => {
                write!(
                    f,
                    "pending-authorization lifetime of {secs} s is outside 1..={max} s"
                )
            }
        }
    }
}

impl core::error::Error for ConfigError {}

/// Names this library writes into the authorize URL itself; neither the
/// endpoint's own query nor extra parameters may set them.
pub(crate) const PROTOCOL_PARAMETERS: &[&str] = &[
    "response_type",
    "client_id",
    "redirect_uri",
    "scope",
    "state",
    "nonce",
    "response_mode",
    "prompt",
    "max_age",
    "login_hint",
    "id_token_hint",
    "ui_locales",
    "acr_values",
    "display",
    "claims",
    "request",
    "request_uri",
    "registration",
    "code_challenge",
    "code_challenge_method",
];

/// A validated client configuration. Build it with [`ClientConfig::builder`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClientConfig {
    pub(crate) issuer: String<MAX_URL_LEN>,
    pub(crate) client_id: String<MAX_CLIENT_ID_LEN>,
    pub(crate) redirect_uri: String<MAX_URL_LEN>,
    pub(crate) authorization_endpoint: String<MAX_URL_LEN>,
    pub(crate) end_session_endpoint: Option<String<MAX_URL_LEN>>,
    pub(crate) default_scope: String<MAX_SCOPE_LEN>,
    pub(crate) leeway_secs: u64,
    pub(crate) pending_lifetime_secs: u64,
    pub(crate) provider_sends_iss: bool,
    pub(crate) allowed_algs: AlgorithmSet,
    pub(crate) trusted_audiences: TrustedAudiences,
    pub(crate) max_token_age_secs: Option<u64>,
    pub(crate) jwks_refresh_cooldown_secs: u64,
}

impl ClientConfig {
    /// Starts a configuration for `client_id` at `issuer`, receiving
    /// responses at `redirect_uri`.
    pub fn builder<'a>(
        issuer: &'a str,
        client_id: &'a str,
        redirect_uri: &'a str,
    ) -> ClientConfigBuilder<'a> {
        ClientConfigBuilder {
            issuer,
            client_id,
            redirect_uri,
            authorization_endpoint: None,
            end_session_endpoint: None,
            default_scope: "openid",
            leeway_secs: DEFAULT_LEEWAY_SECS,
            pending_lifetime_secs: DEFAULT_PENDING_LIFETIME_SECS,
            provider_sends_iss: false,
            allowed_algs: AlgorithmSet::DEFAULT,
            trusted_audiences: heapless::Vec::new(),
            too_many_audiences: false,
            max_token_age_secs: None,
            jwks_refresh_cooldown_secs: DEFAULT_JWKS_REFRESH_COOLDOWN_SECS,
        }
    }

    /// The issuer identifier, compared exactly with `iss` values.
    pub fn issuer(&self) -> &str {
        &self.issuer
    }

    /// The client identifier.
    pub fn client_id(&self) -> &str {
        &self.client_id
    }

    /// The redirect URI sent in every request.
    pub fn redirect_uri(&self) -> &str {
        &self.redirect_uri
    }

    /// The authorization endpoint, with any query of its own.
    pub fn authorization_endpoint(&self) -> &str {
        &self.authorization_endpoint
    }

    /// The end-session endpoint, if known.
    pub fn end_session_endpoint(&self) -> Option<&str> {
        self.end_session_endpoint.as_deref()
    }

    /// The scope requested when a request names none.
    pub fn default_scope(&self) -> &str {
        &self.default_scope
    }

    /// Clock-skew allowance in seconds.
    pub fn leeway_secs(&self) -> u64 {
        self.leeway_secs
    }

    /// How long a pending authorization stays valid, in seconds.
    pub fn pending_lifetime_secs(&self) -> u64 {
        self.pending_lifetime_secs
    }

    /// Whether the provider includes RFC 9207 `iss` in every response.
    pub fn provider_sends_iss(&self) -> bool {
        self.provider_sends_iss
    }

    /// The ID-token signature algorithms accepted.
    pub fn allowed_algorithms(&self) -> AlgorithmSet {
        self.allowed_algs
    }

    /// Audiences besides the client that may appear in `aud`.
    pub fn trusted_audiences(&self) -> impl Iterator<Item = &str> {
        self.trusted_audiences.iter().map(|a| a.as_str())
    }

    /// The oldest `iat` accepted, in seconds before now, if limited.
    pub fn max_token_age_secs(&self) -> Option<u64> {
        self.max_token_age_secs
    }

    /// How long after fetching keys for an unknown `kid` the same `kid`
    /// cannot trigger another fetch.
    pub fn jwks_refresh_cooldown_secs(&self) -> u64 {
        self.jwks_refresh_cooldown_secs
    }
}

/// Collects configuration values; [`build`](Self::build) validates them.
#[derive(Clone, Debug)]
#[must_use]
pub struct ClientConfigBuilder<'a> {
    issuer: &'a str,
    client_id: &'a str,
    redirect_uri: &'a str,
    authorization_endpoint: Option<&'a str>,
    end_session_endpoint: Option<&'a str>,
    default_scope: &'a str,
    leeway_secs: u64,
    pending_lifetime_secs: u64,
    provider_sends_iss: bool,
    allowed_algs: AlgorithmSet,
    trusted_audiences: heapless::Vec<&'a str, MAX_TRUSTED_AUDIENCES>,
    too_many_audiences: bool,
    max_token_age_secs: Option<u64>,
    jwks_refresh_cooldown_secs: u64,
}

impl<'a> ClientConfigBuilder<'a> {
    /// The ID-token signature algorithms to accept (default RS256 and
    /// ES256). `none` and HMAC algorithms cannot be allowed at all.
    pub fn allowed_algorithms(mut self, algs: AlgorithmSet) -> Self {
        self.allowed_algs = algs;
        self
    }

    /// Trusts `audience` to appear in `aud` beside this client (OIDC Core
    /// §3.1.3.7 (3)); an ID token with any other extra audience is refused.
    pub fn trust_audience(mut self, audience: &'a str) -> Self {
        if self.trusted_audiences.push(audience).is_err() {
            self.too_many_audiences = true;
        }
        self
    }

    /// Refuses ID tokens whose `iat` is more than `secs` old (OIDC Core
    /// §3.1.3.7 (10)); not limited by default.
    pub fn max_token_age_secs(mut self, secs: u64) -> Self {
        self.max_token_age_secs = Some(secs);
        self
    }

    /// After keys were fetched for an unknown `kid`, the same `kid` does not
    /// trigger another fetch for this long (default 60 s).
    pub fn jwks_refresh_cooldown_secs(mut self, secs: u64) -> Self {
        self.jwks_refresh_cooldown_secs = secs;
        self
    }

    /// The provider's authorization endpoint (from discovery, or given).
    pub fn authorization_endpoint(mut self, url: &'a str) -> Self {
        self.authorization_endpoint = Some(url);
        self
    }

    /// The provider's end-session endpoint, for RP-initiated logout.
    pub fn end_session_endpoint(mut self, url: &'a str) -> Self {
        self.end_session_endpoint = Some(url);
        self
    }

    /// Scope requested when a request names none (default `openid`).
    pub fn default_scope(mut self, scope: &'a str) -> Self {
        self.default_scope = scope;
        self
    }

    /// Clock-skew allowance for time checks (default 60 s, at most 300 s).
    pub fn leeway_secs(mut self, secs: u64) -> Self {
        self.leeway_secs = secs;
        self
    }

    /// Lifetime of pending authorizations (default 600 s, at most 3600 s).
    pub fn pending_lifetime_secs(mut self, secs: u64) -> Self {
        self.pending_lifetime_secs = secs;
        self
    }

    /// Declares that the provider sends RFC 9207 `iss` in every
    /// authorization response (discovery:
    /// `authorization_response_iss_parameter_supported`); responses without
    /// it are then rejected.
    pub fn provider_sends_iss(mut self, sends: bool) -> Self {
        self.provider_sends_iss = sends;
        self
    }

    /// Validates everything and returns the configuration.
    pub fn build(self) -> Result<ClientConfig, ConfigError> {
        let issuer = checked_url(self.issuer, UrlField::Issuer)?;
        let issuer_parts = uri::split(self.issuer).ok_or(ConfigError::NotAUrl {
            field: UrlField::Issuer,
        })?;
        if !matches!(
            issuer_parts.transport(),
            Transport::Https | Transport::LoopbackHttp
        ) {
            return Err(ConfigError::InsecureUrl {
                field: UrlField::Issuer,
            });
        }
        if issuer_parts.query.is_some() {
            return Err(ConfigError::IssuerHasQuery);
        }

        let endpoint = self
            .authorization_endpoint
            .ok_or(ConfigError::MissingAuthorizationEndpoint)?;
        let authorization_endpoint = checked_endpoint(endpoint, UrlField::AuthorizationEndpoint)?;
        if let Some(query) = uri::split(endpoint).and_then(|p| p.query) {
            FormParams::parse(query, 0).map_err(|e| match e {
                FormError::Repeated { .. } => ConfigError::EndpointQueryRepeatsParameter,
                _ => ConfigError::EndpointQueryMalformed,
            })?;
            for (index, name) in query_names(query).enumerate() {
                let name = name.map_err(|_| ConfigError::EndpointQueryMalformed)?;
                if PROTOCOL_PARAMETERS.iter().any(|n| name.eq_str(n)) {
                    return Err(ConfigError::EndpointQueryHasProtocolParameter);
                }
                // RFC 6749 §3.1: no request parameter more than once, so the
                // endpoint's own query may not repeat a name either (`?n=1&n`).
                let repeated = query_names(query)
                    .take(index)
                    .any(|earlier| earlier.is_ok_and(|e| e.same_decoded(&name)));
                if repeated {
                    return Err(ConfigError::EndpointQueryRepeatsParameter);
                }
            }
        }
        let end_session_endpoint = match self.end_session_endpoint {
            Some(url) => Some(checked_endpoint(url, UrlField::EndSessionEndpoint)?),
            None => None,
        };

        let redirect_uri = checked_redirect_uri(self.redirect_uri, UrlField::RedirectUri)?;

        let client_id = self.client_id;
        if client_id.is_empty() {
            return Err(ConfigError::EmptyClientId);
        }
        if !client_id.bytes().all(|b| (0x20..=0x7E).contains(&b)) {
            return Err(ConfigError::ClientIdInvalidCharacter);
        }
        let client_id = String::try_from(client_id).map_err(|_| ConfigError::ClientIdTooLong {
            len: client_id.len(),
            max: MAX_CLIENT_ID_LEN,
        })?;

        scope::validate(self.default_scope, MAX_SCOPE_LEN)
            .map_err(ConfigError::InvalidDefaultScope)?;
        let default_scope = String::try_from(self.default_scope).map_err(|_| {
            ConfigError::InvalidDefaultScope(ScopeError::TooLong {
                len: self.default_scope.len(),
                max: MAX_SCOPE_LEN,
            })
        })?;

        if self.leeway_secs > MAX_LEEWAY_SECS {
            return Err(ConfigError::LeewayTooLarge {
                secs: self.leeway_secs,
                max: MAX_LEEWAY_SECS,
            });
        }
        if self.pending_lifetime_secs == 0 || self.pending_lifetime_secs > MAX_PENDING_LIFETIME_SECS
        {
            return Err(ConfigError::PendingLifetimeOutOfRange {
                secs: self.pending_lifetime_secs,
                max: MAX_PENDING_LIFETIME_SECS,
            });
        }

        if self.allowed_algs.is_empty() {
            return Err(ConfigError::NoAlgorithmAllowed);
        }
        if self.too_many_audiences {
            return Err(ConfigError::InvalidTrustedAudience);
        }
        let mut trusted_audiences = TrustedAudiences::new();
        for audience in &self.trusted_audiences {
            let owned =
                String::try_from(*audience).map_err(|_| ConfigError::InvalidTrustedAudience)?;
            if owned.is_empty() {
                return Err(ConfigError::InvalidTrustedAudience);
            }
            trusted_audiences
                .push(owned)
                .map_err(|_| ConfigError::InvalidTrustedAudience)?;
        }

        Ok(ClientConfig {
            issuer,
            client_id,
            redirect_uri,
            authorization_endpoint,
            end_session_endpoint,
            default_scope,
            leeway_secs: self.leeway_secs,
            pending_lifetime_secs: self.pending_lifetime_secs,
            provider_sends_iss: self.provider_sends_iss,
            allowed_algs: self.allowed_algs,
            trusted_audiences,
            max_token_age_secs: self.max_token_age_secs,
            jwks_refresh_cooldown_secs: self.jwks_refresh_cooldown_secs,
        })
    }
}

/// Length, absolute-URI syntax, no fragment, no credentials.
fn checked_url(url: &str, field: UrlField) -> Result<String<MAX_URL_LEN>, ConfigError> {
    let owned = String::try_from(url).map_err(|_| ConfigError::UrlTooLong {
        field,
        len: url.len(),
        max: MAX_URL_LEN,
    })?;
    let parts = uri::split(url).ok_or(ConfigError::NotAUrl { field })?;
    if parts.fragment.is_some() {
        return Err(ConfigError::UrlHasFragment { field });
    }
    if parts.has_userinfo {
        return Err(ConfigError::UrlHasUserinfo { field });
    }
    Ok(owned)
}

/// A provider endpoint: https, or http to loopback (local test providers).
pub(crate) fn checked_endpoint(
    url: &str,
    field: UrlField,
) -> Result<String<MAX_URL_LEN>, ConfigError> {
    let owned = checked_url(url, field)?;
    match uri::split(url).map(|p| p.transport()) {
        Some(Transport::Https | Transport::LoopbackHttp) => Ok(owned),
        _ => Err(ConfigError::InsecureUrl { field }),
    }
}

/// A redirect URI: https, http to loopback, or a private-use scheme
/// (OIDC Core §3.2.2.1, RFC 8252 §7).
pub(crate) fn checked_redirect_uri(
    url: &str,
    field: UrlField,
) -> Result<String<MAX_URL_LEN>, ConfigError> {
    let owned = checked_url(url, field)?;
    match uri::split(url).map(|p| p.transport()) {
        Some(Transport::Https | Transport::LoopbackHttp | Transport::PrivateUse) => Ok(owned),
        _ => Err(ConfigError::InsecureUrl { field }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn build(issuer: &str, endpoint: &str, redirect: &str) -> Result<ClientConfig, ConfigError> {
        ClientConfig::builder(issuer, "client", redirect)
            .authorization_endpoint(endpoint)
            .build()
    }

    #[test]
    fn url_rules() {
        use ConfigError as E;
        use UrlField as F;
        let ok_iss = "https://op.example";
        let ok_ep = "https://op.example/authorize";
        let ok_rd = "https://app.example/cb";
        let cases: &[(&str, &str, &str, Result<(), ConfigError>)] = &[
            (ok_iss, ok_ep, ok_rd, Ok(())),
            (
                "http://127.0.0.1:9000",
                "http://127.0.0.1:9000/auth",
                "http://localhost:8080/cb",
                Ok(()),
            ),
            (
                ok_iss,
                "https://op.example/authorize?tenant=a",
                "com.example.app:/cb",
                Ok(()),
            ),
            (ok_iss, ok_ep, "http://[::1]/cb", Ok(())),
            (
                "http://op.example",
                ok_ep,
                ok_rd,
                Err(E::InsecureUrl { field: F::Issuer }),
            ),
            (
                "https://op.example?x=1",
                ok_ep,
                ok_rd,
                Err(E::IssuerHasQuery),
            ),
            (
                "https://op.example#x",
                ok_ep,
                ok_rd,
                Err(E::UrlHasFragment { field: F::Issuer }),
            ),
            (
                "op.example",
                ok_ep,
                ok_rd,
                Err(E::NotAUrl { field: F::Issuer }),
            ),
            (
                ok_iss,
                "http://op.example/authorize",
                ok_rd,
                Err(E::InsecureUrl {
                    field: F::AuthorizationEndpoint,
                }),
            ),
            (
                ok_iss,
                "https://op.example/a#frag",
                ok_rd,
                Err(E::UrlHasFragment {
                    field: F::AuthorizationEndpoint,
                }),
            ),
            (
                ok_iss,
                "https://op.example/a?client_id=x",
                ok_rd,
                Err(E::EndpointQueryHasProtocolParameter),
            ),
            (
                ok_iss,
                "https://op.example/a?x=%zz",
                ok_rd,
                Err(E::NotAUrl {
                    field: F::AuthorizationEndpoint,
                }),
            ),
            (
                ok_iss,
                "https://op.example/a?x=%FF",
                ok_rd,
                Err(E::EndpointQueryMalformed),
            ),
            (
                ok_iss,
                "https://op.example/a?state",
                ok_rd,
                Err(E::EndpointQueryHasProtocolParameter),
            ),
            (
                ok_iss,
                "https://op.example/a?x=1&nonce",
                ok_rd,
                Err(E::EndpointQueryHasProtocolParameter),
            ),
            (
                ok_iss,
                "https://op.example/a?n=g&n",
                ok_rd,
                Err(E::EndpointQueryRepeatsParameter),
            ),
            (
                ok_iss,
                "https://op.example/a?%6E=1&n=2",
                ok_rd,
                Err(E::EndpointQueryRepeatsParameter),
            ),
            (
                ok_iss,
                "https://u:p@op.example/a",
                ok_rd,
                Err(E::UrlHasUserinfo {
                    field: F::AuthorizationEndpoint,
                }),
            ),
            (
                ok_iss,
                ok_ep,
                "http://app.example/cb",
                Err(E::InsecureUrl {
                    field: F::RedirectUri,
                }),
            ),
            (
                ok_iss,
                ok_ep,
                "javascript:alert(1)",
                Err(E::InsecureUrl {
                    field: F::RedirectUri,
                }),
            ),
            (
                ok_iss,
                ok_ep,
                "https://app.example/cb#x",
                Err(E::UrlHasFragment {
                    field: F::RedirectUri,
                }),
            ),
        ];
        for (iss, ep, rd, expected) in cases {
            assert_eq!(build(iss, ep, rd).map(|_| ()), *expected, "{iss} {ep} {rd}");
        }
        let long = std::format!("https://op.example/{}", "a".repeat(MAX_URL_LEN));
        assert_eq!(
            build(&long, ok_ep, ok_rd).err(),
            Some(E::UrlTooLong {
                field: F::Issuer,
                len: long.len(),
                max: MAX_URL_LEN
            })
        );
    }

    #[test]
    fn other_rules() {
        let base = || {
            ClientConfig::builder("https://op.example", "c", "https://app/cb")
                .authorization_endpoint("https://op.example/a")
        };
        assert_eq!(
            ClientConfig::builder("https://op.example", "", "https://app/cb")
                .authorization_endpoint("https://op.example/a")
                .build()
                .err(),
            Some(ConfigError::EmptyClientId)
        );
        assert_eq!(
            ClientConfig::builder("https://op.example", "a\nb", "https://app/cb")
                .authorization_endpoint("https://op.example/a")
                .build()
                .err(),
            Some(ConfigError::ClientIdInvalidCharacter)
        );
        assert_eq!(
            ClientConfig::builder("https://op.example", "c", "https://app/cb")
                .build()
                .err(),
            Some(ConfigError::MissingAuthorizationEndpoint)
        );
        assert_eq!(
            base().leeway_secs(301).build().err(),
            Some(ConfigError::LeewayTooLarge {
                secs: 301,
                max: 300
            })
        );
        assert_eq!(
            base().pending_lifetime_secs(0).build().err(),
            Some(ConfigError::PendingLifetimeOutOfRange { secs: 0, max: 3600 })
        );
        assert_eq!(
            base().default_scope("openid  x").build().err(),
            Some(ConfigError::InvalidDefaultScope(
                ScopeError::InvalidCharacter { offset: 7 }
            ))
        );
        let cfg = base().leeway_secs(300).build();
        assert_eq!(cfg.as_ref().map(|c| c.leeway_secs()), Ok(300));
        assert_eq!(cfg.as_ref().map(|c| c.default_scope()), Ok("openid"));
        assert_eq!(cfg.as_ref().map(|c| c.pending_lifetime_secs()), Ok(600));
    }
}
