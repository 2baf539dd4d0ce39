//! # The C ABI (`oidc_implicit.h`)
//!
//! For firmware and C/C++ hosts: plain `extern "C"` functions named
//! `oidci_*`, the only module of this crate allowed `unsafe` code.
//!
//! ## Conventions (every function)
//!
//! - **Status**: every fallible function returns an [`OidciStatus`] with a
//!   stable number; [`oidci_status_message`] writes its text and
//!   [`oidci_last_error`] the detail of the last failure on the calling
//!   thread (message, the provider's `error`/`error_description`/
//!   `error_uri`, the unknown `kid`).
//! - **Panics** never unwind into C: each function runs inside
//!   `catch_unwind` and returns `OIDCI_STATUS_PANIC` instead (the library
//!   must be built with the default `panic = "unwind"`).
//! - **Pointers**: every pointer argument is checked for NULL
//!   (`OIDCI_STATUS_NULL_ARGUMENT`), except the ones documented as optional.
//!   Input strings are NUL-terminated UTF-8 (`const char *`) or, for large
//!   inputs that may not be terminated (redirects, JSON), a pointer and a
//!   length. Nothing is kept after a call returns.
//! - **Handles** (`OidciClient`, `OidciPending`, `OidciTokens`) are opaque;
//!   each `_new`-like function hands ownership to the caller through an
//!   `*_out` argument (set to NULL on failure), and the matching `_free`
//!   releases it (`_free(NULL)` does nothing). Use a handle only between
//!   those two calls.
//! - **Output text** goes to a caller buffer with an in/out length,
//!   like `snprintf`: on entry `*len` is the buffer's size in bytes (`buf`
//!   may be NULL when it is 0); on `OIDCI_STATUS_OK` the text and a NUL
//!   terminator were written and `*len` is the text's length without the
//!   NUL; on `OIDCI_STATUS_BUFFER_TOO_SMALL` nothing but a terminating NUL
//!   at `buf[0]` (when the size is not 0) was written and `*len` is the text's
//!   length, so the buffer needs `*len + 1` bytes. A query with `*len == 0`
//!   returns the length.
//! - **No hidden clock or RNG**: time (`now`, seconds since the epoch) and
//!   entropy (32 to 1024 bytes from the host's CSPRNG) are arguments.
//! - **Threads**: `OidciClient` and `OidciTokens` are immutable and may be
//!   used from several threads at once. An `OidciPending` may be shared too:
//!   its calls are serialized by a lock. The last-error record is per
//!   thread. Freeing a handle while another thread uses it is undefined.

#![warn(clippy::undocumented_unsafe_blocks, clippy::missing_safety_doc)]

mod boundary;
mod client;
mod misc;
mod pending;
mod status;
#[cfg(feature = "test-hooks")]
mod test_hooks;
mod tokens;

pub use client::{
    OidciClient, oidci_authorize, oidci_client_free, oidci_client_new,
    oidci_client_new_from_discovery, oidci_end_session_url,
};
pub use misc::{oidci_discovery_get, oidci_last_error, oidci_status_message, oidci_version};
pub use pending::{
    OidciPending, oidci_complete, oidci_pending_deserialize, oidci_pending_expires_at,
    oidci_pending_free, oidci_pending_serialize, oidci_pending_state, oidci_redirect_state,
};
pub use status::{
    OIDCI_PROMPT_CONSENT, OIDCI_PROMPT_LOGIN, OIDCI_PROMPT_NONE, OIDCI_PROMPT_SELECT_ACCOUNT,
    OidciDiscoveryField, OidciErrorField, OidciResponseMode, OidciResponseType, OidciStatus,
    OidciTimeField, OidciTokenField,
};
#[cfg(feature = "test-hooks")]
pub use test_hooks::{oidci_dangerous_panic, oidci_dangerous_pending_with_known_values};
pub use tokens::{
    OidciTokens, oidci_tokens_claim, oidci_tokens_free, oidci_tokens_get, oidci_tokens_time,
};
