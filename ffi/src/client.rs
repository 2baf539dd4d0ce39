//! The client object: a validated configuration, and the calls of the flow.

use std::sync::Arc;

use oidc_implicit as core_api;

use crate::error::OidcError;
use crate::flow;
use crate::pending::PendingAuthorization;
use crate::platform;
use crate::types::{Authorization, AuthorizeOptions, ClientSettings, LogoutOptions, Tokens};

/// An OpenID Connect client for one provider. Immutable, so it can be
/// shared between threads freely.
#[derive(Debug, uniffi::Object)]
pub struct OidcClient {
    pub(crate) config: core_api::ClientConfig,
}

impl OidcClient {
    /// Builds the authorize URL and the pending authorization.
    pub(crate) fn start(
        &self,
        options: &AuthorizeOptions,
        now: core_api::UnixTime,
        entropy: &[u8],
    ) -> Result<Authorization, OidcError> {
        let extra = options.extra_pairs();
        let request = options.to_core(&extra);
        let (url, pending) = self.config.authorize(&request, entropy, now)?;
        let pending = PendingAuthorization::wrap(pending)?;
        Ok(Authorization {
            url: url.to_string(),
            state: pending.state(),
            pending: Arc::new(pending),
        })
    }
}

#[uniffi::export]
impl OidcClient {
    /// A client from explicit settings.
    #[uniffi::constructor]
    pub fn new(settings: ClientSettings) -> Result<Arc<Self>, OidcError> {
        Ok(Arc::new(Self {
            config: settings.build()?,
        }))
    }

    /// A client from the provider's discovery document (the bytes of
    /// `<issuer>/.well-known/openid-configuration`, fetched by the app),
    /// which must be `expected_issuer`'s. Takes the endpoints, the signing
    /// algorithms and RFC 9207 support from it.
    #[uniffi::constructor]
    pub fn from_discovery(
        document: String,
        expected_issuer: String,
        client_id: String,
        redirect_uri: String,
    ) -> Result<Arc<Self>, OidcError> {
        let metadata = core_api::ProviderMetadata::parse(document.as_bytes(), &expected_issuer)?;
        let config = metadata.client_config(&client_id, &redirect_uri)?.build()?;
        Ok(Arc::new(Self { config }))
    }

    /// Starts a sign-in with the platform's clock and random numbers.
    pub fn authorize(&self, options: AuthorizeOptions) -> Result<Authorization, OidcError> {
        self.start(&options, platform::now()?, &platform::entropy()?)
    }

    /// Starts a sign-in at `now` (seconds since the epoch) with the host's
    /// own `entropy` (32 to 1024 bytes from a CSPRNG).
    pub fn authorize_at(
        &self,
        options: AuthorizeOptions,
        now: u64,
        entropy: Vec<u8>,
    ) -> Result<Authorization, OidcError> {
        self.start(&options, platform::unix_time(now)?, &entropy)
    }

    /// Completes a sign-in with the platform's clock: checks the redirect
    /// (the full redirect URL, its fragment, or the `form_post` body) and
    /// verifies the ID token with the provider's JWK Set (JSON text; read
    /// only when the redirect carries an ID token, so an error response needs
    /// none). Uses `pending` up, except on `KeysOutdated` and on an unusable
    /// JWK Set: then fetch the keys again and call this again.
    pub fn complete(
        &self,
        pending: Arc<PendingAuthorization>,
        redirect: String,
        jwks_json: String,
    ) -> Result<Tokens, OidcError> {
        self.complete_at(pending, redirect, jwks_json, platform::now()?.as_secs())
    }

    /// `complete` at `now` (seconds since the epoch).
    pub fn complete_at(
        &self,
        pending: Arc<PendingAuthorization>,
        redirect: String,
        jwks_json: String,
        now: u64,
    ) -> Result<Tokens, OidcError> {
        flow::complete(
            &self.config,
            &pending.slot,
            &redirect,
            jwks_json.as_bytes(),
            platform::unix_time(now)?,
        )
    }

    /// The RP-initiated logout URL (OIDC RP-Initiated Logout 1.0).
    pub fn end_session_url(&self, options: LogoutOptions) -> Result<String, OidcError> {
        Ok(self.config.end_session_url(options.to_core())?.to_string())
    }

    /// The issuer identifier.
    pub fn issuer(&self) -> String {
        self.config.issuer().to_owned()
    }

    /// The client identifier.
    pub fn client_id(&self) -> String {
        self.config.client_id().to_owned()
    }
}
