//! **Known-answer tests only** (feature `test-hooks`; declared in the
//! header under `#if defined(OIDCI_TEST_HOOKS)`): never in a shipped
//! library.

use std::ffi::c_char;
use std::sync::Arc;

use super::boundary::{c_str, clear_out, give, guard, handle};
use super::client::OidciClient;
use super::pending::OidciPending;
use super::status::{OidciResponseType, OidciStatus};
use crate::error::OidcError;
use crate::types::{ResponseMode, ResponseType};

/// Dangerous: a pending authorization (fragment mode, scope `openid`) with
/// a known `state` and `nonce`, created at `created_at`, so that responses
/// minted in advance can be completed. `max_age` 0 means none.
/// Thread-safe.
///
/// # Safety
/// `client` is NULL or live; strings NULL or NUL-terminated; `pending_out`
/// NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oidci_dangerous_pending_with_known_values(
    client: *const OidciClient,
    response_type: u32,
    state: *const c_char,
    nonce: *const c_char,
    max_age: u64,
    created_at: u64,
    pending_out: *mut *mut OidciPending,
) -> OidciStatus {
    guard(|| {
        // SAFETY: per this function's contract.
        unsafe { clear_out(pending_out) }?;
        // SAFETY: per this function's contract.
        let (client, state, nonce) = unsafe { (handle(client)?, c_str(state)?, c_str(nonce)?) };
        let response_type = match OidciResponseType::from_u32(response_type) {
            Some(OidciResponseType::IdToken) => ResponseType::IdToken,
            Some(OidciResponseType::IdTokenToken) => ResponseType::IdTokenToken,
            None => return Err(OidcError::input("unknown response_type").into()),
        };
        let pending = crate::test_hooks::known_pending(
            client.inner(),
            response_type,
            ResponseMode::Fragment,
            "openid",
            state,
            Some(nonce),
            (max_age != 0).then_some(max_age),
            created_at,
        )?;
        // SAFETY: `pending_out` passed clear_out.
        unsafe { give(pending_out, OidciPending::new(Arc::new(pending))) };
        Ok(())
    })
}

/// Dangerous: panics inside the boundary, to prove from C that a panic
/// becomes `OIDCI_STATUS_PANIC` instead of unwinding into the caller.
/// Thread-safe.
#[unsafe(no_mangle)]
pub extern "C" fn oidci_dangerous_panic() -> OidciStatus {
    guard(|| {
        #[allow(clippy::panic)]
        {
            panic!("oidci_dangerous_panic: deliberate panic for the boundary test")
        }
    })
}
