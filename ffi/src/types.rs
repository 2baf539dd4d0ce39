//! The records and enums the bindings exchange, and their conversions to the
//! core's types. Plain data: no logic beyond mapping.

use std::sync::Arc;

use oidc_implicit as core_api;

use crate::pending::PendingAuthorization;

/// What the app asks for in `response_type`. The plain OAuth `token` type is
/// not offered: it authenticates nobody (RFC 6749 §10.16).
#[derive(Clone, Copy, Debug, PartialEq, Eq, uniffi::Enum)]
pub enum ResponseType {
    /// `id_token`: sign-in only, no access token.
    IdToken,
    /// `id_token token`: sign-in plus an access token bound to the ID token
    /// by `at_hash`.
    IdTokenToken,
}

impl From<ResponseType> for core_api::ResponseType {
    fn from(t: ResponseType) -> Self {
        match t {
            ResponseType::IdToken => Self::IdToken,
            ResponseType::IdTokenToken => Self::IdTokenToken,
        }
    }
}

/// How the provider returns the response.
#[derive(Clone, Copy, Debug, PartialEq, Eq, uniffi::Enum)]
pub enum ResponseMode {
    /// In the redirect URI's fragment (the default).
    Fragment,
    /// As a form POST to the redirect URI (keeps tokens out of history).
    FormPost,
}

impl From<ResponseMode> for core_api::ResponseMode {
    fn from(m: ResponseMode) -> Self {
        match m {
            ResponseMode::Fragment => Self::Fragment,
            ResponseMode::FormPost => Self::FormPost,
        }
    }
}

/// Interactive `prompt` values. For `prompt=none` set
/// `AuthorizeOptions.silent` instead.
#[derive(Clone, Copy, Debug, PartialEq, Eq, uniffi::Enum)]
pub enum Prompt {
    /// `login`: authenticate again (shared devices, kiosks).
    Login,
    /// `consent`: ask for consent again.
    Consent,
    /// `select_account`: let the user pick an account.
    SelectAccount,
}

impl From<Prompt> for core_api::Prompt {
    fn from(p: Prompt) -> Self {
        match p {
            Prompt::Login => Self::LOGIN,
            Prompt::Consent => Self::CONSENT,
            Prompt::SelectAccount => Self::SELECT_ACCOUNT,
        }
    }
}

/// The `display` values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, uniffi::Enum)]
pub enum DisplayMode {
    /// A full page.
    Page,
    /// A popup window.
    Popup,
    /// A touch interface.
    Touch,
    /// A feature phone.
    Wap,
}

impl From<DisplayMode> for core_api::DisplayMode {
    fn from(d: DisplayMode) -> Self {
        match d {
            DisplayMode::Page => Self::Page,
            DisplayMode::Popup => Self::Popup,
            DisplayMode::Touch => Self::Touch,
            DisplayMode::Wap => Self::Wap,
        }
    }
}

/// An ID-token signature algorithm.
#[derive(Clone, Copy, Debug, PartialEq, Eq, uniffi::Enum)]
pub enum Algorithm {
    /// RSASSA-PKCS1-v1_5 with SHA-256.
    Rs256,
    /// RSASSA-PKCS1-v1_5 with SHA-384.
    Rs384,
    /// RSASSA-PKCS1-v1_5 with SHA-512.
    Rs512,
    /// RSASSA-PSS with SHA-256.
    Ps256,
    /// RSASSA-PSS with SHA-384.
    Ps384,
    /// RSASSA-PSS with SHA-512.
    Ps512,
    /// ECDSA P-256 with SHA-256.
    Es256,
}

impl From<Algorithm> for core_api::Algorithm {
    fn from(a: Algorithm) -> Self {
        match a {
            Algorithm::Rs256 => Self::Rs256,
            Algorithm::Rs384 => Self::Rs384,
            Algorithm::Rs512 => Self::Rs512,
            Algorithm::Ps256 => Self::Ps256,
            Algorithm::Ps384 => Self::Ps384,
            Algorithm::Ps512 => Self::Ps512,
            Algorithm::Es256 => Self::Es256,
        }
    }
}

impl Algorithm {
    /// The core's algorithm in these terms (the core's enum is exhaustive:
    /// a new algorithm there fails this match at compile time).
    pub(crate) fn from_core(a: core_api::Algorithm) -> Self {
        use core_api::Algorithm as A;
        match a {
            A::Rs256 => Self::Rs256,
            A::Rs384 => Self::Rs384,
            A::Rs512 => Self::Rs512,
            A::Ps256 => Self::Ps256,
            A::Ps384 => Self::Ps384,
            A::Ps512 => Self::Ps512,
            A::Es256 => Self::Es256,
        }
    }
}

/// The client's configuration. Only the first four fields are required;
/// the others default to the core's defaults.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct ClientSettings {
    /// The issuer identifier (`https://…`, compared exactly with `iss`).
    pub issuer: String,
    /// The client identifier registered at the provider.
    pub client_id: String,
    /// Where the provider sends the response (`https://…`, a loopback
    /// `http://` URL, or a private-use scheme such as `com.example.app:/cb`).
    pub redirect_uri: String,
    /// The provider's authorization endpoint.
    pub authorization_endpoint: String,
    /// The provider's end-session endpoint, for logout URLs.
    #[uniffi(default = None)]
    pub end_session_endpoint: Option<String>,
    /// Scope when a request names none (default `openid`).
    #[uniffi(default = None)]
    pub default_scope: Option<String>,
    /// Clock-skew allowance in seconds (default 60, at most 300).
    #[uniffi(default = None)]
    pub leeway_secs: Option<u64>,
    /// How long a pending authorization stays valid (default 600 s).
    #[uniffi(default = None)]
    pub pending_lifetime_secs: Option<u64>,
    /// The provider sends RFC 9207 `iss` in every response; responses
    /// without it are then refused.
    #[uniffi(default = false)]
    pub provider_sends_iss: bool,
    /// Accepted ID-token algorithms; empty means the default (RS256, ES256).
    #[uniffi(default = [])]
    pub allowed_algorithms: Vec<Algorithm>,
    /// Audiences besides the client that may appear in `aud`.
    #[uniffi(default = [])]
    pub trusted_audiences: Vec<String>,
    /// Refuse ID tokens whose `iat` is older than this many seconds.
    #[uniffi(default = None)]
    pub max_token_age_secs: Option<u64>,
    /// After fetching keys for an unknown `kid`, how long the same `kid`
    /// does not ask for another fetch (default 60 s).
    #[uniffi(default = None)]
    pub jwks_refresh_cooldown_secs: Option<u64>,
}

impl ClientSettings {
    /// Validates the settings through the core's builder.
    pub(crate) fn build(&self) -> Result<core_api::ClientConfig, core_api::ConfigError> {
        let mut builder =
            core_api::ClientConfig::builder(&self.issuer, &self.client_id, &self.redirect_uri)
                .authorization_endpoint(&self.authorization_endpoint)
                .provider_sends_iss(self.provider_sends_iss);
        if let Some(url) = &self.end_session_endpoint {
            builder = builder.end_session_endpoint(url);
        }
        if let Some(scope) = &self.default_scope {
            builder = builder.default_scope(scope);
        }
        if let Some(secs) = self.leeway_secs {
            builder = builder.leeway_secs(secs);
        }
        if let Some(secs) = self.pending_lifetime_secs {
            builder = builder.pending_lifetime_secs(secs);
        }
        if !self.allowed_algorithms.is_empty() {
            let set = self
                .allowed_algorithms
                .iter()
                .fold(core_api::AlgorithmSet::EMPTY, |set, a| {
                    set.with((*a).into())
                });
            builder = builder.allowed_algorithms(set);
        }
        for audience in &self.trusted_audiences {
            builder = builder.trust_audience(audience);
        }
        if let Some(secs) = self.max_token_age_secs {
            builder = builder.max_token_age_secs(secs);
        }
        if let Some(secs) = self.jwks_refresh_cooldown_secs {
            builder = builder.jwks_refresh_cooldown_secs(secs);
        }
        builder.build()
    }
}

/// A provider-specific authorize parameter (Okta's `idp`, …).
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct Parameter {
    /// Its name; may not be one the library sends itself.
    pub name: String,
    /// Its value.
    pub value: String,
}

/// The options of one authorize request.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct AuthorizeOptions {
    /// What to ask for.
    pub response_type: ResponseType,
    /// How the response comes back (default: in the fragment).
    #[uniffi(default = None)]
    pub response_mode: Option<ResponseMode>,
    /// Space-delimited scope; `openid` is added when missing (default: the
    /// client's default scope).
    #[uniffi(default = None)]
    pub scope: Option<String>,
    /// `prompt=none`: no UI, for silent renewal; a provider that needs the
    /// user answers with the `LoginRequired` error.
    #[uniffi(default = false)]
    pub silent: bool,
    /// Interactive `prompt` values (not with `silent`).
    #[uniffi(default = [])]
    pub prompt: Vec<Prompt>,
    /// `max_age` in seconds: the ID token must then carry a recent
    /// `auth_time`.
    #[uniffi(default = None)]
    pub max_age: Option<u64>,
    /// `login_hint`, e.g. an e-mail address.
    #[uniffi(default = None)]
    pub login_hint: Option<String>,
    /// `id_token_hint`: a previous ID token (silent renewal).
    #[uniffi(default = None)]
    pub id_token_hint: Option<String>,
    /// `ui_locales`, space-delimited BCP 47 tags.
    #[uniffi(default = None)]
    pub ui_locales: Option<String>,
    /// `acr_values`: sent, and enforced when `require_acr` is set.
    #[uniffi(default = None)]
    pub acr_values: Option<String>,
    /// Refuse ID tokens whose `acr` is not one of `acr_values`.
    #[uniffi(default = false)]
    pub require_acr: bool,
    /// `display`.
    #[uniffi(default = None)]
    pub display: Option<DisplayMode>,
    /// Provider-specific parameters.
    #[uniffi(default = [])]
    pub extra_parameters: Vec<Parameter>,
}

impl AuthorizeOptions {
    /// The core request, borrowing from `self`; `extra` holds the borrowed
    /// pairs the request points into.
    pub(crate) fn to_core<'a>(
        &'a self,
        extra: &'a [(&'a str, &'a str)],
    ) -> core_api::AuthorizeRequest<'a> {
        let mut request = core_api::AuthorizeRequest::new(self.response_type.into())
            .response_mode(self.response_mode.unwrap_or(ResponseMode::Fragment).into())
            .extra(extra);
        if let Some(scope) = &self.scope {
            request = request.scope(scope);
        }
        let mut prompt = if self.silent {
            core_api::Prompt::NONE
        } else {
            core_api::Prompt::EMPTY
        };
        for p in &self.prompt {
            prompt = prompt.union((*p).into());
        }
        request = request.prompt(prompt);
        if let Some(secs) = self.max_age {
            request = request.max_age(secs);
        }
        if let Some(hint) = &self.login_hint {
            request = request.login_hint(hint);
        }
        if let Some(token) = &self.id_token_hint {
            request = request.id_token_hint(token);
        }
        if let Some(locales) = &self.ui_locales {
            request = request.ui_locales(locales);
        }
        if let Some(values) = &self.acr_values {
            request = if self.require_acr {
                request.require_acr(values)
            } else {
                request.acr_values(values)
            };
        }
        if let Some(display) = self.display {
            request = request.display(display.into());
        }
        request
    }

    /// The extra parameters as borrowed pairs, for [`Self::to_core`].
    pub(crate) fn extra_pairs(&self) -> Vec<(&str, &str)> {
        self.extra_parameters
            .iter()
            .map(|p| (p.name.as_str(), p.value.as_str()))
            .collect()
    }
}

/// A started sign-in: open `url` in the browser (an
/// `ASWebAuthenticationSession`, a Custom Tab) and keep `pending` (persist
/// `pending.serialize()` if the app may be killed meanwhile).
#[derive(Clone, Debug, uniffi::Record)]
pub struct Authorization {
    /// The authorize URL to open.
    pub url: String,
    /// The `state` sent: the key to store `pending` under.
    pub state: String,
    /// What the redirect is checked against; completes once.
    pub pending: Arc<PendingAuthorization>,
}

/// The postal address claim (OIDC Core §5.1.1).
#[derive(Clone, Debug, Default, PartialEq, Eq, uniffi::Record)]
pub struct Address {
    /// The full address, formatted for display.
    pub formatted: Option<String>,
    /// Street, house number, …
    pub street_address: Option<String>,
    /// City or locality.
    pub locality: Option<String>,
    /// State, province, prefecture or region.
    pub region: Option<String>,
    /// Zip or postal code.
    pub postal_code: Option<String>,
    /// Country name.
    pub country: Option<String>,
}

/// The standard claims of a verified ID token (OIDC Core §2, §5.1). A
/// profile claim of an unexpected JSON type reads as absent.
#[derive(Clone, Debug, Default, PartialEq, Eq, uniffi::Record)]
pub struct Claims {
    /// `iss` (verified).
    pub issuer: String,
    /// `sub`: the user's stable identifier at the issuer (verified).
    pub subject: String,
    /// `aud` (verified to contain the client).
    pub audience: Vec<String>,
    /// `azp`.
    pub authorized_party: Option<String>,
    /// `nonce` (verified).
    pub nonce: Option<String>,
    /// `auth_time`, seconds since the epoch.
    pub auth_time: Option<u64>,
    /// `acr`.
    pub acr: Option<String>,
    /// `amr`.
    pub amr: Vec<String>,
    /// `sid`: the session id (front/back-channel logout).
    pub session_id: Option<String>,
    /// `name`.
    pub name: Option<String>,
    /// `given_name`.
    pub given_name: Option<String>,
    /// `family_name`.
    pub family_name: Option<String>,
    /// `middle_name`.
    pub middle_name: Option<String>,
    /// `nickname`.
    pub nickname: Option<String>,
    /// `preferred_username`.
    pub preferred_username: Option<String>,
    /// `profile` (URL).
    pub profile: Option<String>,
    /// `picture` (URL).
    pub picture: Option<String>,
    /// `website` (URL).
    pub website: Option<String>,
    /// `email`.
    pub email: Option<String>,
    /// `email_verified`.
    pub email_verified: Option<bool>,
    /// `gender`.
    pub gender: Option<String>,
    /// `birthdate` (`YYYY-MM-DD`).
    pub birthdate: Option<String>,
    /// `zoneinfo`.
    pub zoneinfo: Option<String>,
    /// `locale`.
    pub locale: Option<String>,
    /// `phone_number`.
    pub phone_number: Option<String>,
    /// `phone_number_verified`.
    pub phone_number_verified: Option<bool>,
    /// `address`.
    pub address: Option<Address>,
    /// `updated_at`, seconds since the epoch.
    pub updated_at: Option<u64>,
}

/// The verified result of a sign-in.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct Tokens {
    /// The ID token as received (compact JWS), e.g. for `id_token_hint`.
    pub id_token: String,
    /// The access token (`id_token token` only), bound to the ID token by
    /// `at_hash`.
    pub access_token: Option<String>,
    /// Always `Bearer` when there is an access token.
    pub token_type: Option<String>,
    /// When the access token expires (`now + expires_in`), if the provider
    /// said.
    pub expires_at: Option<u64>,
    /// The scope granted with the access token.
    pub scope: Option<String>,
    /// The ID token's `exp`.
    pub id_token_expires_at: u64,
    /// The ID token's `iat`.
    pub id_token_issued_at: u64,
    /// The algorithm the ID token was signed with.
    pub algorithm: Algorithm,
    /// The standard claims, typed.
    pub claims: Claims,
    /// The verified payload as JSON text, for custom claims.
    pub claims_json: String,
}

/// What a discovery document (`/.well-known/openid-configuration`) says.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct ProviderMetadata {
    /// `issuer` (equal to the expected issuer).
    pub issuer: String,
    /// `authorization_endpoint`.
    pub authorization_endpoint: String,
    /// `jwks_uri`: where to fetch the JWK Set that `complete` needs.
    pub jwks_uri: String,
    /// `end_session_endpoint`, if any.
    pub end_session_endpoint: Option<String>,
    /// The supported response types this library offers.
    pub response_types: Vec<ResponseType>,
    /// `form_post` is in `response_modes_supported`.
    pub form_post_supported: bool,
    /// The ID-token algorithms the provider lists that this library
    /// implements.
    pub id_token_algorithms: Vec<Algorithm>,
    /// `authorization_response_iss_parameter_supported` (RFC 9207).
    pub iss_parameter_supported: bool,
}

impl From<&core_api::ProviderMetadata> for ProviderMetadata {
    fn from(m: &core_api::ProviderMetadata) -> Self {
        Self {
            issuer: m.issuer().to_owned(),
            authorization_endpoint: m.authorization_endpoint().to_owned(),
            jwks_uri: m.jwks_uri().to_owned(),
            end_session_endpoint: m.end_session_endpoint().map(str::to_owned),
            response_types: [ResponseType::IdToken, ResponseType::IdTokenToken]
                .into_iter()
                .filter(|t| m.supports_response_type((*t).into()))
                .collect(),
            form_post_supported: m.supports_response_mode(core_api::ResponseMode::FormPost),
            id_token_algorithms: m
                .id_token_algorithms()
                .iter()
                .map(Algorithm::from_core)
                .collect(),
            iss_parameter_supported: m.iss_parameter_supported(),
        }
    }
}

/// The options of an RP-initiated logout URL.
#[derive(Clone, Debug, Default, PartialEq, Eq, uniffi::Record)]
pub struct LogoutOptions {
    /// The ID token of the session to end.
    #[uniffi(default = None)]
    pub id_token_hint: Option<String>,
    /// Where the provider sends the browser afterwards (registered).
    #[uniffi(default = None)]
    pub post_logout_redirect_uri: Option<String>,
    /// Echoed back to `post_logout_redirect_uri`.
    #[uniffi(default = None)]
    pub state: Option<String>,
    /// `ui_locales`.
    #[uniffi(default = None)]
    pub ui_locales: Option<String>,
}

impl LogoutOptions {
    pub(crate) fn to_core(&self) -> core_api::LogoutRequest<'_> {
        let mut request = core_api::LogoutRequest::new();
        if let Some(hint) = &self.id_token_hint {
            request = request.id_token_hint(hint);
        }
        if let Some(uri) = &self.post_logout_redirect_uri {
            request = request.post_logout_redirect_uri(uri);
        }
        if let Some(state) = &self.state {
            request = request.state(state);
        }
        if let Some(locales) = &self.ui_locales {
            request = request.ui_locales(locales);
        }
        request
    }
}
