//! OpenID Provider metadata (OpenID Connect Discovery 1.0 §3, RFC 8414):
//! parsed from the bytes the host fetched, checked against the issuer the
//! app expects, and turned into a client configuration.

use core::fmt;

use heapless::{String, Vec};
use serde::Deserialize;

use crate::config::{ClientConfig, ClientConfigBuilder, ConfigError, UrlField, checked_endpoint};
use crate::jose::{Algorithm, AlgorithmSet};
use crate::json::{self, JsonError, JsonStr};
use crate::limits::MAX_URL_LEN;
use crate::request::{ResponseMode, ResponseType};

/// Most entries read from one of the metadata's lists.
const MAX_LIST: usize = 32;

/// Why a discovery document was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum DiscoveryError {
    /// Not strict JSON, or a member of the wrong type.
    Json(JsonError),
    /// A required member is missing.
    MissingField {
        /// Its name.
        name: &'static str,
    },
    /// `issuer` differs from the issuer the app expects (OIDC Discovery
    /// §4.3, OIDC Core §16.15: compared exactly).
    IssuerMismatch,
    /// An endpoint URL is invalid or insecure.
    InvalidUrl(ConfigError),
    /// The provider signs ID tokens with none of the algorithms the client
    /// accepts.
    NoCommonAlgorithm,
}

impl fmt::Display for DiscoveryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Json(e) => write!(f, "discovery document is not valid JSON: {e}"),
            Self::MissingField { name } => write!(f, "discovery document lacks `{name}`"),
            Self::IssuerMismatch => f.write_str("discovery document is for another issuer"),
            Self::InvalidUrl(e) => write!(f, "discovery document: {e}"),
            Self::NoCommonAlgorithm => {
                f.write_str("the provider signs ID tokens with no algorithm this client accepts")
            }
        }
    }
}

impl core::error::Error for DiscoveryError {}

#[derive(Deserialize)]
struct RawMetadata<'a> {
    #[serde(borrow)]
    issuer: Option<JsonStr<'a>>,
    #[serde(borrow)]
    authorization_endpoint: Option<JsonStr<'a>>,
    #[serde(borrow)]
    jwks_uri: Option<JsonStr<'a>>,
    #[serde(borrow)]
    end_session_endpoint: Option<JsonStr<'a>>,
    #[serde(borrow)]
    response_types_supported: Option<Vec<JsonStr<'a>, MAX_LIST>>,
    #[serde(borrow)]
    response_modes_supported: Option<Vec<JsonStr<'a>, MAX_LIST>>,
    #[serde(borrow)]
    id_token_signing_alg_values_supported: Option<Vec<JsonStr<'a>, MAX_LIST>>,
    authorization_response_iss_parameter_supported: Option<bool>,
}

/// The provider metadata this library uses.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProviderMetadata {
    issuer: String<MAX_URL_LEN>,
    authorization_endpoint: String<MAX_URL_LEN>,
    jwks_uri: String<MAX_URL_LEN>,
    end_session_endpoint: Option<String<MAX_URL_LEN>>,
    response_types: [bool; 3],
    form_post: bool,
    id_token_algs: AlgorithmSet,
    iss_parameter_supported: bool,
}

impl ProviderMetadata {
    /// Parses a discovery document and checks that it is `expected_issuer`'s.
    pub fn parse(document: &[u8], expected_issuer: &str) -> Result<Self, DiscoveryError> {
        let raw: RawMetadata<'_> = json::from_slice(document).map_err(DiscoveryError::Json)?;
        let issuer = raw
            .issuer
            .ok_or(DiscoveryError::MissingField { name: "issuer" })?;
        if !issuer.eq_str(expected_issuer) {
            return Err(DiscoveryError::IssuerMismatch);
        }
        let url = |value: Option<JsonStr<'_>>, name: &'static str, field: UrlField| {
            let value = value.ok_or(DiscoveryError::MissingField { name })?;
            let mut text: String<MAX_URL_LEN> = String::new();
            value.write_to(&mut text).map_err(|_| {
                DiscoveryError::InvalidUrl(ConfigError::UrlTooLong {
                    field,
                    len: value.decoded_len(),
                    max: MAX_URL_LEN,
                })
            })?;
            checked_endpoint(&text, field).map_err(DiscoveryError::InvalidUrl)
        };
        let authorization_endpoint = url(
            raw.authorization_endpoint,
            "authorization_endpoint",
            UrlField::AuthorizationEndpoint,
        )?;
        let jwks_uri = url(raw.jwks_uri, "jwks_uri", UrlField::JwksUri)?;
        let end_session_endpoint = match raw.end_session_endpoint {
            Some(v) => Some(url(
                Some(v),
                "end_session_endpoint",
                UrlField::EndSessionEndpoint,
            )?),
            None => None,
        };
        let types = raw
            .response_types_supported
            .ok_or(DiscoveryError::MissingField {
                name: "response_types_supported",
            })?;
        let response_types = [
            ResponseType::IdToken,
            ResponseType::IdTokenToken,
            ResponseType::Token,
        ]
        .map(|rt| {
            types.iter().any(|t| {
                let mut buf = [0u8; 64];
                t.decode_into(&mut buf)
                    .ok()
                    .and_then(|t| ResponseType::parse(t).ok())
                    == Some(rt)
            })
        });
        // OIDC Discovery §3: without the member, the modes are query and
        // fragment; form_post only when listed.
        let form_post = raw
            .response_modes_supported
            .is_some_and(|m| m.iter().any(|m| m.eq_str("form_post")));
        // REQUIRED by OIDC Discovery §3; RS256 is the mandatory default.
        let id_token_algs = match raw.id_token_signing_alg_values_supported {
            None => AlgorithmSet::EMPTY.with(Algorithm::Rs256),
            Some(list) => list.iter().fold(AlgorithmSet::EMPTY, |set, name| {
                let mut buf = [0u8; 16];
                match name
                    .decode_into(&mut buf)
                    .ok()
                    .and_then(Algorithm::from_name)
                {
                    Some(alg) => set.with(alg),
                    None => set,
                }
            }),
        };
        let mut owned_issuer: String<MAX_URL_LEN> = String::new();
        issuer.write_to(&mut owned_issuer).map_err(|_| {
            DiscoveryError::InvalidUrl(ConfigError::UrlTooLong {
                field: UrlField::Issuer,
                len: issuer.decoded_len(),
                max: MAX_URL_LEN,
            })
        })?;
        Ok(Self {
            issuer: owned_issuer,
            authorization_endpoint,
            jwks_uri,
            end_session_endpoint,
            response_types,
            form_post,
            id_token_algs,
            iss_parameter_supported: raw
                .authorization_response_iss_parameter_supported
                .unwrap_or(false),
        })
    }

    /// `issuer`.
    pub fn issuer(&self) -> &str {
        &self.issuer
    }

    /// `authorization_endpoint`.
    pub fn authorization_endpoint(&self) -> &str {
        &self.authorization_endpoint
    }

    /// `jwks_uri`: where the host fetches the keys.
    pub fn jwks_uri(&self) -> &str {
        &self.jwks_uri
    }

    /// `end_session_endpoint`, for RP-initiated logout.
    pub fn end_session_endpoint(&self) -> Option<&str> {
        self.end_session_endpoint.as_deref()
    }

    /// Whether `response_types_supported` lists `response_type`.
    pub fn supports_response_type(&self, response_type: ResponseType) -> bool {
        let index = match response_type {
            ResponseType::IdToken => 0,
            ResponseType::IdTokenToken => 1,
            ResponseType::Token => 2,
        };
        self.response_types.get(index).copied().unwrap_or(false)
    }

    /// Whether the provider supports `mode` (fragment always; form_post when
    /// listed).
    pub fn supports_response_mode(&self, mode: ResponseMode) -> bool {
        match mode {
            ResponseMode::Fragment => true,
            ResponseMode::FormPost => self.form_post,
        }
    }

    /// `id_token_signing_alg_values_supported`, the ones this crate knows.
    pub fn id_token_algorithms(&self) -> AlgorithmSet {
        self.id_token_algs
    }

    /// `authorization_response_iss_parameter_supported` (RFC 9207).
    pub fn iss_parameter_supported(&self) -> bool {
        self.iss_parameter_supported
    }

    /// A configuration builder for `client_id` at this provider: endpoint,
    /// end-session endpoint, RFC 9207 `iss` and the algorithms the provider
    /// signs with (within the client's default allow-list) are filled in.
    pub fn client_config<'m>(
        &'m self,
        client_id: &'m str,
        redirect_uri: &'m str,
    ) -> Result<ClientConfigBuilder<'m>, DiscoveryError> {
        let algs = AlgorithmSet::DEFAULT.intersection(self.id_token_algs);
        if algs.is_empty() {
            return Err(DiscoveryError::NoCommonAlgorithm);
        }
        let mut builder = ClientConfig::builder(&self.issuer, client_id, redirect_uri)
            .authorization_endpoint(&self.authorization_endpoint)
            .provider_sends_iss(self.iss_parameter_supported)
            .allowed_algorithms(algs);
        if let Some(end) = &self.end_session_endpoint {
            builder = builder.end_session_endpoint(end);
        }
        Ok(builder)
    }
}
