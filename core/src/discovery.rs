//! OpenID Provider metadata (OpenID Connect Discovery 1.0 §3, RFC 8414):
//! parsed from the bytes the host fetched, checked against the issuer the
//! app expects, and turned into a client configuration.

use core::fmt;

use heapless::{String, Vec};
use serde::Deserialize;

use crate::config::{ClientConfig, ClientConfigBuilder, ConfigError, UrlField, checked_endpoint};
use crate::jose::{Algorithm, AlgorithmSet};
#[cfg(any(test, feature = "dangerous-test-hooks"))]
use crate::json;
use crate::json::{JsonError, JsonStr, read_object};
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

/// The members of a discovery document this library reads. Read by
/// [`RawMetadata::parse`], without `serde`, as the ID-token claims are
/// (`json/members.rs`); the `serde` derive is its reference twin, which
/// tests and the `discovery` fuzz target hold it to.
#[derive(Default, Deserialize)]
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

impl<'a> RawMetadata<'a> {
    /// Reads a discovery document: one object, its known members of their
    /// JSON types (or `null`, read as absent), every other member skipped
    /// but checked.
    ///
    /// # Errors
    /// The first problem in the document (the error `serde` gives too).
    fn parse(document: &'a [u8]) -> Result<Self, JsonError> {
        let mut raw = Self::default();
        read_object(document, |name, value| {
            match raw.slot(name) {
                Member::String(m) => *m = value.string()?,
                Member::List(m) => *m = value.string_array()?,
                Member::Bool(m) => *m = value.boolean()?,
                Member::Other => value.skip()?,
            }
            Ok(())
        })?;
        Ok(raw)
    }

    /// Where the value of the member `name` goes.
    fn slot<'m>(&'m mut self, name: &str) -> Member<'m, 'a> {
        match name {
            "issuer" => Member::String(&mut self.issuer),
            "authorization_endpoint" => Member::String(&mut self.authorization_endpoint),
            "jwks_uri" => Member::String(&mut self.jwks_uri),
            "end_session_endpoint" => Member::String(&mut self.end_session_endpoint),
            "response_types_supported" => Member::List(&mut self.response_types_supported),
            "response_modes_supported" => Member::List(&mut self.response_modes_supported),
            "id_token_signing_alg_values_supported" => {
                Member::List(&mut self.id_token_signing_alg_values_supported)
            }
            "authorization_response_iss_parameter_supported" => {
                Member::Bool(&mut self.authorization_response_iss_parameter_supported)
            }
            _ => Member::Other,
        }
    }
}

/// A [`RawMetadata`] field, by the JSON type its value must have.
enum Member<'m, 'a> {
    String(&'m mut Option<JsonStr<'a>>),
    List(&'m mut Option<Vec<JsonStr<'a>, MAX_LIST>>),
    Bool(&'m mut Option<bool>),
    /// A member this library does not read: skipped, but checked.
    Other,
}

/// Whether the two readings of a discovery document, [`RawMetadata::parse`]
/// and the `serde` derive, agree exactly: the same error, or the same
/// members with the same raw (escaped) text.
#[cfg(any(test, feature = "dangerous-test-hooks"))]
pub(crate) fn parsers_agree(document: &[u8]) -> bool {
    type Lists<'s> = [Option<Vec<&'s str, MAX_LIST>>; 3];
    fn members<'s>(raw: &RawMetadata<'s>) -> ([Option<&'s str>; 4], Lists<'s>, Option<bool>) {
        let strings = [
            raw.issuer,
            raw.authorization_endpoint,
            raw.jwks_uri,
            raw.end_session_endpoint,
        ]
        .map(|s| s.map(|s| s.raw()));
        let lists = [
            &raw.response_types_supported,
            &raw.response_modes_supported,
            &raw.id_token_signing_alg_values_supported,
        ]
        .map(|l| l.as_ref().map(|l| l.iter().map(|s| s.raw()).collect()));
        (
            strings,
            lists,
            raw.authorization_response_iss_parameter_supported,
        )
    }
    json::agrees_with_serde(document, RawMetadata::parse(document), |a, b| {
        members(a) == members(b)
    })
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
        let raw = RawMetadata::parse(document).map_err(DiscoveryError::Json)?;
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

#[cfg(test)]
mod tests {
    extern crate std;

    use super::*;

    #[test]
    fn reads_the_members_it_uses() {
        let doc = br#"{"issuer":"https://op.example","jwks_uri":"https://op.example/jwks",
            "response_types_supported":["id_token","id_token token"],"response_modes_supported":null,
            "authorization_response_iss_parameter_supported":true,"claims_supported":["sub",{"x":1}]}"#;
        let raw = RawMetadata::parse(doc).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(raw.issuer.map(|s| s.raw()), Some("https://op.example"));
        assert_eq!(raw.response_types_supported.map(|l| l.len()), Some(2));
        assert!(raw.response_modes_supported.is_none());
        assert_eq!(
            raw.authorization_response_iss_parameter_supported,
            Some(true)
        );
        assert!(parsers_agree(doc));

        let refused: [(&str, JsonError); 4] = [
            (
                r#"{"response_types_supported":"id_token"}"#,
                JsonError::InvalidType {
                    found: crate::json::JsonKind::String,
                    offset: Some(28),
                },
            ),
            (
                r#"{"authorization_response_iss_parameter_supported":"true"}"#,
                JsonError::InvalidType {
                    found: crate::json::JsonKind::String,
                    offset: Some(50),
                },
            ),
            (
                r#"{"issuer":"a","issuer":"a"}"#,
                JsonError::DuplicateMember { offset: 14 },
            ),
            (
                r#"{"jwks_uri":1}"#,
                JsonError::InvalidType {
                    found: crate::json::JsonKind::Number,
                    offset: Some(12),
                },
            ),
        ];
        for (doc, want) in refused {
            assert_eq!(
                RawMetadata::parse(doc.as_bytes()).err(),
                Some(want),
                "{doc}"
            );
            assert!(parsers_agree(doc.as_bytes()), "serde twin differs on {doc}");
        }
        // One list at the limit, one past it.
        for n in [MAX_LIST, MAX_LIST + 1] {
            let modes = ["\"fragment\""; MAX_LIST + 1];
            let doc = std::format!(
                r#"{{"response_modes_supported":[{}]}}"#,
                modes[..n].join(",")
            );
            let got = RawMetadata::parse(doc.as_bytes())
                .map(|r| r.response_modes_supported.map_or(0, |l| l.len()));
            let want = if n > MAX_LIST {
                Err(JsonError::ArrayTooLong { limit: MAX_LIST })
            } else {
                Ok(n)
            };
            assert_eq!(got, want, "{n} modes");
            assert!(parsers_agree(doc.as_bytes()), "{n} modes");
        }
    }

    /// Member names the reader knows, escaped forms and others.
    const NAMES: &[&str] = &[
        "\"issuer\"",
        "\"authorization_endpoint\"",
        "\"jwks_uri\"",
        "\"end_session_endpoint\"",
        "\"response_types_supported\"",
        "\"response_modes_supported\"",
        "\"id_token_signing_alg_values_supported\"",
        "\"authorization_response_iss_parameter_supported\"",
        "\"\\u0069ssuer\"",
        "\"scopes_supported\"",
        "issuer",
    ];

    // The reader without serde and its serde twin agree.
    crate::json::test_documents::serde_twin_tests!(parsers_agree, NAMES);
}
