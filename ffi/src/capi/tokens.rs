//! `OidciTokens`: the verified result of a sign-in.

use std::ffi::c_char;

use serde_json::{Map, Value};

use super::boundary::{
    c_str, check_out_buf, free, guard, guard_keep, handle, write_text, write_u64,
};
use super::status::{OidciStatus, OidciTimeField, OidciTokenField};
use crate::error::OidcError;
use crate::types::Tokens;

/// Verified tokens and claims (opaque, immutable: may be read from several
/// threads at once).
pub struct OidciTokens {
    inner: Tokens,
    /// The verified payload, parsed once for `oidci_tokens_claim`.
    claims: Map<String, Value>,
}

impl OidciTokens {
    pub(crate) fn new(inner: Tokens) -> Self {
        // The core verified the payload as strict JSON; an object is all it
        // can be.
        let claims = match serde_json::from_str::<Value>(&inner.claims_json) {
            Ok(Value::Object(map)) => map,
            _ => Map::new(),
        };
        Self { inner, claims }
    }
}

/// Writes one of the tokens' texts (`field`: an `OidciTokenField` value).
/// `OIDCI_STATUS_ABSENT` for the access-token fields of an `id_token`
/// response. Thread-safe.
///
/// # Safety
/// `tokens` is NULL or live; `buf`/`len` follow the buffer protocol.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oidci_tokens_get(
    tokens: *const OidciTokens,
    field: u32,
    buf: *mut c_char,
    len: *mut usize,
) -> OidciStatus {
    guard(|| {
        // SAFETY: per this function's contract.
        unsafe { check_out_buf(buf, len) }?;
        // SAFETY: per this function's contract.
        let t = &unsafe { handle(tokens) }?.inner;
        let field = OidciTokenField::from_u32(field)
            .ok_or_else(|| OidcError::input("unknown token field"))?;
        let value = match field {
            OidciTokenField::IdToken => Some(t.id_token.as_str()),
            OidciTokenField::AccessToken => t.access_token.as_deref(),
            OidciTokenField::TokenType => t.token_type.as_deref(),
            OidciTokenField::Scope => t.scope.as_deref(),
            OidciTokenField::ClaimsJson => Some(t.claims_json.as_str()),
        }
        .ok_or(OidciStatus::Absent)?;
        // SAFETY: per this function's contract.
        unsafe { write_text(value, buf, len) }
    })
}

/// Reads a time (`field`: an `OidciTimeField` value), in seconds since the
/// epoch. `OIDCI_STATUS_ABSENT` when the token lacks it. Thread-safe.
///
/// # Safety
/// `tokens` is NULL or live; `out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oidci_tokens_time(
    tokens: *const OidciTokens,
    field: u32,
    out: *mut u64,
) -> OidciStatus {
    guard(|| {
        // SAFETY: per this function's contract.
        let t = &unsafe { handle(tokens) }?.inner;
        let field = OidciTimeField::from_u32(field)
            .ok_or_else(|| OidcError::input("unknown time field"))?;
        let value = match field {
            OidciTimeField::AccessTokenExpiresAt => t.expires_at,
            OidciTimeField::IdTokenExpiresAt => Some(t.id_token_expires_at),
            OidciTimeField::IdTokenIssuedAt => Some(t.id_token_issued_at),
            OidciTimeField::AuthTime => t.claims.auth_time,
        };
        // SAFETY: per this function's contract.
        unsafe { write_u64(out, value) }
    })
}

/// Writes the verified ID-token claim `name` (e.g. `"sub"`, `"email"`):
/// a string claim as its text, any other as compact JSON (`true`,
/// `1700000000`, `["pwd"]`). `OIDCI_STATUS_ABSENT` when the token lacks
/// it. Thread-safe.
///
/// # Safety
/// `tokens` is NULL or live; `name` is NULL or NUL-terminated; `buf`/`len`
/// follow the buffer protocol.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oidci_tokens_claim(
    tokens: *const OidciTokens,
    name: *const c_char,
    buf: *mut c_char,
    len: *mut usize,
) -> OidciStatus {
    guard(|| {
        // SAFETY: per this function's contract.
        unsafe { check_out_buf(buf, len) }?;
        // SAFETY: per this function's contract.
        let (tokens, name) = unsafe { (handle(tokens)?, c_str(name)?) };
        let value = tokens.claims.get(name).ok_or(OidciStatus::Absent)?;
        let text = match value {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        // SAFETY: per this function's contract.
        unsafe { write_text(&text, buf, len) }
    })
}

/// Frees tokens; NULL does nothing. Not while another thread reads them.
///
/// # Safety
/// `tokens` is NULL or a handle from this library not freed yet.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oidci_tokens_free(tokens: *mut OidciTokens) {
    let _ = guard_keep(|| {
        // SAFETY: per this function's contract.
        unsafe { free(tokens) };
        Ok(())
    });
}
