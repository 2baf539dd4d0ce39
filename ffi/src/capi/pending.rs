//! `OidciPending`: the pending authorization, its text form, and
//! completing it.

use std::ffi::c_char;
use std::sync::Arc;

use super::boundary::{
    bytes, check_out_buf, clear_out, free, give, guard, guard_keep, handle, text, write_text,
    write_u64,
};
use super::client::OidciClient;
use super::status::OidciStatus;
use super::tokens::OidciTokens;
use crate::flow;
use crate::pending::PendingAuthorization;
use crate::platform;

/// A pending authorization (opaque). Calls on one handle from several
/// threads are serialized by an internal lock.
pub struct OidciPending {
    inner: Arc<PendingAuthorization>,
}

impl OidciPending {
    pub(crate) fn new(inner: Arc<PendingAuthorization>) -> Self {
        Self { inner }
    }
}

/// Writes the text form (versioned, checksummed; as sensitive as a session
/// cookie) for storage across a restart. `OIDCI_STATUS_ALREADY_COMPLETED`
/// once used. Thread-safe.
///
/// # Safety
/// `pending` is NULL or live; `buf`/`len` follow the buffer protocol.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oidci_pending_serialize(
    pending: *const OidciPending,
    buf: *mut c_char,
    len: *mut usize,
) -> OidciStatus {
    guard(|| {
        // SAFETY: per this function's contract.
        unsafe { check_out_buf(buf, len) }?;
        // SAFETY: per this function's contract.
        let pending = unsafe { handle(pending) }?;
        let serialized = pending.inner.serialize()?;
        // SAFETY: per this function's contract.
        unsafe { write_text(&serialized, buf, len) }
    })
}

/// Reads back a text form written by `oidci_pending_serialize`
/// (`serialized_len` bytes, no NUL needed), refusing anything truncated or altered
/// (`OIDCI_STATUS_INVALID_INPUT`). Thread-safe.
///
/// # Safety
/// `serialized` is NULL or readable for `serialized_len` bytes; `pending_out` is NULL
/// or writable. Free the result with `oidci_pending_free`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oidci_pending_deserialize(
    serialized: *const c_char,
    serialized_len: usize,
    pending_out: *mut *mut OidciPending,
) -> OidciStatus {
    guard(|| {
        // SAFETY: per this function's contract.
        unsafe { clear_out(pending_out) }?;
        // SAFETY: per this function's contract.
        let serialized = unsafe { text(serialized, serialized_len) }?;
        let pending = PendingAuthorization::deserialize(serialized.to_owned())?;
        // SAFETY: `pending_out` passed clear_out.
        unsafe { give(pending_out, OidciPending::new(pending)) };
        Ok(())
    })
}

/// Writes the `state` sent (the key to store the pending authorization
/// under; compare with `oidci_redirect_state`). Thread-safe.
///
/// # Safety
/// `pending` is NULL or live; `buf`/`len` follow the buffer protocol.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oidci_pending_state(
    pending: *const OidciPending,
    buf: *mut c_char,
    len: *mut usize,
) -> OidciStatus {
    guard(|| {
        // SAFETY: per this function's contract.
        unsafe { check_out_buf(buf, len) }?;
        // SAFETY: per this function's contract.
        let pending = unsafe { handle(pending) }?;
        // SAFETY: per this function's contract.
        unsafe { write_text(&pending.inner.state(), buf, len) }
    })
}

/// Reads the instant (seconds since the epoch) after which the redirect is
/// refused. Thread-safe.
///
/// # Safety
/// `pending` is NULL or live; `out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oidci_pending_expires_at(
    pending: *const OidciPending,
    out: *mut u64,
) -> OidciStatus {
    guard(|| {
        // SAFETY: per this function's contract.
        let pending = unsafe { handle(pending) }?;
        // SAFETY: per this function's contract.
        unsafe { write_u64(out, Some(pending.inner.expires_at())) }
    })
}

/// Frees a pending authorization; NULL does nothing. Not while another
/// thread uses it.
///
/// # Safety
/// `pending` is NULL or a handle from this library not freed yet.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oidci_pending_free(pending: *mut OidciPending) {
    let _ = guard_keep(|| {
        // SAFETY: per this function's contract.
        unsafe { free(pending) };
        Ok(())
    });
}

/// Completes a sign-in at `now`: checks `redirect` (the full redirect URL,
/// its fragment, or the `form_post` body; `redirect_len` bytes) and
/// verifies the ID token with the provider's JWK Set (`jwks_len` bytes of
/// JSON; read only when the redirect carries an ID token, so an error
/// response needs none: pass an empty one). On success hands out the tokens.
///
/// The pending authorization is used up by any outcome except
/// `OIDCI_STATUS_KEYS_OUTDATED` (fetch the JWK Set again and call this
/// again with the same redirect) and `OIDCI_STATUS_INVALID_INPUT` for an
/// unreadable JWK Set. Details of a failure: `oidci_last_error`.
/// Thread-safe (calls on one pending authorization are serialized).
///
/// # Safety
/// `client`/`pending` are NULL or live; `redirect` and `jwks` are NULL or
/// readable for their lengths; `tokens_out` is NULL or writable. Free the
/// tokens with `oidci_tokens_free`.
#[unsafe(no_mangle)]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn oidci_complete(
    client: *const OidciClient,
    pending: *mut OidciPending,
    redirect: *const c_char,
    redirect_len: usize,
    jwks: *const c_char,
    jwks_len: usize,
    now: u64,
    tokens_out: *mut *mut OidciTokens,
) -> OidciStatus {
    guard(|| {
        // SAFETY: per this function's contract.
        unsafe { clear_out(tokens_out) }?;
        // SAFETY: per this function's contract.
        let (client, pending, redirect, jwks) = unsafe {
            (
                handle(client)?,
                handle(pending.cast_const())?,
                text(redirect, redirect_len)?,
                bytes(jwks.cast::<u8>(), jwks_len)?,
            )
        };
        let tokens = flow::complete(
            &client.inner().config,
            &pending.inner.slot,
            redirect,
            jwks,
            platform::unix_time(now)?,
        )?;
        // SAFETY: `tokens_out` passed clear_out.
        unsafe { give(tokens_out, OidciTokens::new(tokens)) };
        Ok(())
    })
}

/// Writes the `state` of a redirect without checking anything else, to
/// find the pending authorization it answers. `OIDCI_STATUS_ABSENT` when
/// it has none. Thread-safe.
///
/// # Safety
/// `redirect` is NULL or readable for `redirect_len` bytes; `buf`/`len`
/// follow the buffer protocol.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oidci_redirect_state(
    redirect: *const c_char,
    redirect_len: usize,
    buf: *mut c_char,
    len: *mut usize,
) -> OidciStatus {
    guard(|| {
        // SAFETY: per this function's contract.
        unsafe { check_out_buf(buf, len) }?;
        // SAFETY: per this function's contract.
        let redirect = unsafe { text(redirect, redirect_len) }?;
        let state =
            crate::functions::redirect_state(redirect.to_owned())?.ok_or(OidciStatus::Absent)?;
        // SAFETY: per this function's contract.
        unsafe { write_text(&state, buf, len) }
    })
}
