//! # oidc-implicit
//!
//! A sans-IO, `no_std` client core for the OAuth 2.0 / OpenID Connect
//! **Implicit flow** (RFC 6749 §4.2, OpenID Connect Core §3.2).
//!
//! The core does no I/O: it reads no clock, draws no random numbers and
//! opens no connection. The host passes in the time ([`UnixTime`]), entropy
//! bytes from its CSPRNG, and the bytes it received; the core returns values.
//! Every step is a state transition on a value that is consumed:
//!
//! 1. [`ClientConfig::builder`] → [`ClientConfig`] (validated once);
//! 2. [`ClientConfig::authorize`] → an [`AuthorizeUrl`] to open and a
//!    [`PendingAuthorization`] to keep (serializable across process death);
//! 3. [`PendingAuthorization::accept_redirect`] consumes the pending
//!    authorization and checks the redirect (redirect URI, RFC 9207 `iss`,
//!    `state`, error responses, the response type's parameters), giving
//!    [`Redirected`]: an [`UnverifiedResponse`] whose ID token the JOSE
//!    verifier checks next, or, for the plain OAuth `token` type, an
//!    [`OAuthOnlyAccess`] that authenticates nobody.
//!
//! ```
//! use oidc_implicit::{AuthorizeRequest, ClientConfig, Redirected, ResponseType, UnixTime};
//!
//! let config = ClientConfig::builder("https://op.example", "my-client", "https://app.example/cb")
//!     .authorization_endpoint("https://op.example/authorize")
//!     .build()?;
//! let now = UnixTime::from_secs(1_700_000_000).ok_or("time")?;
//! let entropy = [0x5au8, 0x17, 0x99, 0x03, 0xc4, 0x21, 0x8e, 0x6b, 0x30, 0xf2, 0x4d, 0x91, 0x0a, 0xbe,
//!     0x77, 0x12, 0x6c, 0xd9, 0x48, 0x25, 0x93, 0x1f, 0xe0, 0x5b, 0x3a, 0x86, 0xc1, 0x74, 0x09, 0xfd, 0x62, 0xa8];
//! let request = AuthorizeRequest::new(ResponseType::IdToken);
//! let (url, pending) = config.authorize(&request, &entropy, now)?;
//! let mut buf = [0u8; 512];
//! let url = url.write_to_slice(&mut buf)?;
//! assert!(url.starts_with("https://op.example/authorize?response_type=id_token&client_id=my-client"));
//!
//! // … the browser comes back to https://app.example/cb#id_token=…&state=…
//! let redirect = format!("https://app.example/cb#id_token=eyJ.e30.sig&state={}", pending.state());
//! let Redirected::IdToken(unverified) = pending.accept_redirect(&config, &redirect, now)? else {
//!     unreachable!("an id_token request yields an ID token")
//! };
//! assert_eq!(unverified.response_type(), ResponseType::IdToken);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! ## Features
//!
//! | feature | default | what it adds |
//! |---|---|---|
//! | `alloc` | no | RSA signatures (RS*/PS*) and `String` conveniences |
//! | `std` | no | implies `alloc`; the base64url decoder and `memchr` pick AVX2/SSE4.1 at run time on x86 (errors implement `core::error::Error` always) |
//!
//! No feature is needed for the flow itself, nor for ES256.
//!
//! ## Limits
//!
//! Every bound on input is a documented constant in [`limits`].

#![no_std]
#![forbid(unsafe_code)]
#![cfg_attr(docsrs, feature(doc_cfg))]
// Without an allocator nothing can be boxed: results carry the pending
// authorization (a few KiB) and errors carry the provider's error text by
// value. Moving them is cheap next to one signature verification.
#![allow(clippy::result_large_err, clippy::large_enum_variant)]

#[cfg(feature = "alloc")]
extern crate alloc;
#[cfg(any(feature = "std", test))]
extern crate std;

mod authorize;
mod complete;
mod config;
mod ct;
mod discovery;
mod form;
#[cfg(feature = "dangerous-test-hooks")]
#[doc(hidden)]
pub mod fuzzing;
pub mod jose;
mod json;
pub mod limits;
mod logout;
mod oauth_error;
mod pending;
mod redirect;
mod request;
mod response;
mod scope;
mod secret;
mod time;
mod uri;
mod url_writer;
mod utf8;

pub use authorize::AuthorizeUrl;
pub use complete::{Completion, CompletionError};
pub use discovery::{DiscoveryError, ProviderMetadata};
pub use jose::{
    AccessTokenExpectations, AccessTokenOutcome, Algorithm, AlgorithmSet, IdToken, JwksError,
    JwsError, KeyRefresh, KeySet, Segment, SkipReason, StandardClaims, ValidatedTokens, Verified,
    VerifiedAccessToken, VerifyError, verify_access_token,
};
pub use json::{JsonError, JsonKind, JsonStr, JsonStrOrArray, NumericDate, RawValue};

pub use config::{ClientConfig, ClientConfigBuilder, ConfigError, UrlField};
pub use form::{BufferTooSmall, DecodedBytes, FormError, FormValue};
/// **Not part of the API**: the signature layer's items for this crate's own
/// integration tests. May change or disappear in any release.
#[doc(hidden)]
pub use jose::test_hooks as __signature_layer;
pub use logout::{EndSessionUrl, LogoutError, LogoutRequest};
pub use oauth_error::{AuthorizationError, ErrorCode};
pub use pending::{PendingAuthorization, PendingError, PendingField};
pub use redirect::redirect_state;
pub use request::{
    AuthorizeRequest, DisplayMode, Prompt, RequestError, ResponseMode, ResponseType,
};
pub use response::{
    AccessToken, OAuthOnlyAccess, Redirected, ResponseError, ResponseParameter, UnverifiedResponse,
};
pub use scope::ScopeError;
pub use secret::{EntropyError, Nonce, State};
pub use time::UnixTime;
