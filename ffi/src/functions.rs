//! The free functions of the uniffi surface.

use oidc_implicit as core_api;

use crate::error::OidcError;
use crate::types::ProviderMetadata;

/// Parses a discovery document (`/.well-known/openid-configuration`),
/// which must be `expected_issuer`'s; gives `jwks_uri` among the rest.
#[uniffi::export]
pub fn parse_discovery(
    document: String,
    expected_issuer: String,
) -> Result<ProviderMetadata, OidcError> {
    let metadata = core_api::ProviderMetadata::parse(document.as_bytes(), &expected_issuer)?;
    Ok((&metadata).into())
}

/// The `state` of a redirect (URL, fragment or form body) without checking
/// anything else: to find the pending authorization it answers. `None` when
/// it has none; `InvalidResponse` when it is not form-encoded.
#[uniffi::export]
pub fn redirect_state(redirect: String) -> Result<Option<String>, OidcError> {
    let state = core_api::redirect_state(&redirect)?;
    state
        .map(|value| {
            let mut text = String::new();
            value
                .write_to(&mut text)
                .map(|()| text)
                .map_err(|_| OidcError::internal("state is not text"))
        })
        .transpose()
}

/// This library's version.
#[uniffi::export]
pub fn library_version() -> String {
    env!("CARGO_PKG_VERSION").to_owned()
}
