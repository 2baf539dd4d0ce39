//! The pending authorization object: what the app keeps between opening
//! the authorize URL and receiving the redirect.

use std::sync::{Arc, Mutex};

use oidc_implicit as core_api;

use crate::error::OidcError;
use crate::flow::{self, Slot};

/// An authorization in flight. It completes once: `complete` uses it up,
/// except when it fails with `KeysOutdated` (retry with fresh keys). Persist
/// it with `serialize` (as sensitive as a session
/// cookie: keep it in app-private storage) and read it back with
/// `deserialize`.
///
/// Thread-safe: calls on one object from several threads are serialized.
#[derive(Debug, uniffi::Object)]
pub struct PendingAuthorization {
    state: String,
    expires_at: u64,
    pub(crate) slot: Mutex<Slot>,
}

impl PendingAuthorization {
    /// Wraps a core pending authorization; refuses the plain OAuth `token`
    /// type, which the bindings do not offer.
    pub(crate) fn wrap(pending: core_api::PendingAuthorization) -> Result<Self, OidcError> {
        if !pending.response_type().has_id_token() {
            return Err(OidcError::input(
                "plain OAuth `token` responses authenticate nobody and are not supported",
            ));
        }
        Ok(Self {
            state: pending.state().to_owned(),
            expires_at: pending.expires_at().as_secs(),
            slot: Slot::new(pending),
        })
    }
}

#[uniffi::export]
impl PendingAuthorization {
    /// Reads back the text written by `serialize`,
    /// refusing anything truncated, altered or written by another library.
    #[uniffi::constructor]
    pub fn deserialize(text: String) -> Result<Arc<Self>, OidcError> {
        let pending = core_api::PendingAuthorization::deserialize(&text)?;
        Ok(Arc::new(Self::wrap(pending)?))
    }

    /// The text form, versioned and checksummed; fails with
    /// `AlreadyCompleted` once it was used.
    pub fn serialize(&self) -> Result<String, OidcError> {
        let slot = flow::lock(&self.slot);
        let pending = slot.pending.as_ref().ok_or(OidcError::AlreadyCompleted)?;
        Ok(pending.serialize())
    }

    /// The `state` sent: the key under which to store this value, and what
    /// `redirect_state` returns for its redirect.
    pub fn state(&self) -> String {
        self.state.clone()
    }

    /// After this instant (seconds since the epoch) the redirect is refused.
    pub fn expires_at(&self) -> u64 {
        self.expires_at
    }

    /// Whether it was used up (completed or failed).
    pub fn is_completed(&self) -> bool {
        flow::lock(&self.slot).pending.is_none()
    }
}
