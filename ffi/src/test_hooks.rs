//! **Known-answer tests only** (feature `test-hooks`, never in a shipped
//! library): a pending authorization with a given `state` and `nonce`, so
//! that the bindings' tests can complete responses minted in advance
//! (`tests/fixtures/jose/cases.json`) whose ID tokens carry those values.

use std::sync::Arc;

use oidc_implicit as core_api;

use crate::client::OidcClient;
use crate::error::OidcError;
use crate::pending::PendingAuthorization;
use crate::platform;
use crate::types::{ResponseMode, ResponseType};

/// Builds a pending authorization for `client` with known values instead
/// of ones derived from entropy. Dangerous: known values defeat CSRF and
/// replay protection. Exists only in libraries built with `test-hooks`.
#[uniffi::export]
#[allow(clippy::too_many_arguments)]
pub fn dangerous_pending_with_known_values(
    client: Arc<OidcClient>,
    response_type: ResponseType,
    response_mode: ResponseMode,
    scope: String,
    state: String,
    nonce: Option<String>,
    max_age: Option<u64>,
    created_at: u64,
) -> Result<Arc<PendingAuthorization>, OidcError> {
    known_pending(
        &client,
        response_type,
        response_mode,
        &scope,
        &state,
        nonce.as_deref(),
        max_age,
        created_at,
    )
    .map(Arc::new)
}

/// Shared with the C ABI's hook.
#[allow(clippy::too_many_arguments)]
pub(crate) fn known_pending(
    client: &OidcClient,
    response_type: ResponseType,
    response_mode: ResponseMode,
    scope: &str,
    state: &str,
    nonce: Option<&str>,
    max_age: Option<u64>,
    created_at: u64,
) -> Result<PendingAuthorization, OidcError> {
    let pending = core_api::PendingAuthorization::dangerous_with_known_values(
        &client.config,
        response_type.into(),
        response_mode.into(),
        scope,
        state,
        nonce,
        max_age,
        platform::unix_time(created_at)?,
    )
    .ok_or_else(|| OidcError::input("unusable known state, nonce or scope"))?;
    PendingAuthorization::wrap(pending)
}
