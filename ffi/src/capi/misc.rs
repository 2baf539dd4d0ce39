//! Version, status messages, the last error, discovery.

use std::ffi::{CStr, c_char, c_int};

use oidc_implicit as core_api;

use super::boundary::{
    CResult, bytes, c_str, check_out_buf, guard, guard_keep, with_last_error, write_text,
};
use super::status::{OidciDiscoveryField, OidciErrorField, OidciStatus};
use crate::error::OidcError;

/// The library version, a static NUL-terminated string (never freed).
/// Thread-safe.
#[unsafe(no_mangle)]
pub extern "C" fn oidci_version() -> *const c_char {
    // Built at compile time from the package version; nothing here can fail
    // at run time.
    const VERSION: &CStr =
        match CStr::from_bytes_with_nul(concat!(env!("CARGO_PKG_VERSION"), "\0").as_bytes()) {
            Ok(v) => v,
            Err(_) => c"unknown",
        };
    VERSION.as_ptr()
}

/// Writes the fixed text of a status. `OIDCI_STATUS_INVALID_INPUT` for a
/// number that is no status. Does not change the last error. Thread-safe.
///
/// # Safety
/// `buf`/`len` follow the buffer protocol.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oidci_status_message(
    status: c_int,
    buf: *mut c_char,
    len: *mut usize,
) -> OidciStatus {
    guard_keep(|| {
        // SAFETY: per this function's contract.
        unsafe { check_out_buf(buf, len) }?;
        let status = OidciStatus::from_code(status).ok_or(OidciStatus::InvalidInput)?;
        // SAFETY: per this function's contract.
        unsafe { write_text(status.message(), buf, len) }
    })
}

/// Writes a detail of the last failed call on this thread (`field`: an
/// `OidciErrorField` value): the message naming the failed check, the
/// provider's error fields, or the unknown `kid`. `OIDCI_STATUS_ABSENT`
/// when the last call succeeded or the failure has no such detail. Does not
/// change the last error. Thread-safe (the record is per thread).
///
/// # Safety
/// `buf`/`len` follow the buffer protocol.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oidci_last_error(
    field: u32,
    buf: *mut c_char,
    len: *mut usize,
) -> OidciStatus {
    guard_keep(|| {
        // SAFETY: per this function's contract.
        unsafe { check_out_buf(buf, len) }?;
        let field = OidciErrorField::from_u32(field).ok_or(OidciStatus::InvalidInput)?;
        let detail =
            with_last_error(|last| last.and_then(|l| detail(l.status, l.error.as_ref(), field)))
                .flatten()
                .ok_or(OidciStatus::Absent)?;
        // SAFETY: per this function's contract.
        unsafe { write_text(&detail, buf, len) }
    })
}

fn detail(
    status: OidciStatus,
    error: Option<&OidcError>,
    field: OidciErrorField,
) -> Option<String> {
    use OidcError as E;
    use OidciErrorField as F;
    match (field, error) {
        (F::Message, Some(e)) => Some(e.to_string()),
        (F::Message, None) => Some(status.message().to_owned()),
        (
            F::ProviderError,
            Some(E::AuthorizationDenied { error, .. } | E::LoginRequired { error, .. }),
        ) => Some(error.clone()),
        (
            F::ProviderDescription,
            Some(E::AuthorizationDenied { description, .. } | E::LoginRequired { description, .. }),
        ) => description.clone(),
        (F::ProviderUri, Some(E::AuthorizationDenied { uri, .. })) => uri.clone(),
        (F::Kid, Some(E::KeysOutdated { kid })) => Some(kid.clone()),
        _ => None,
    }
}

/// Writes a member of a discovery document (`document_len` bytes of JSON,
/// which must be `expected_issuer`'s; `field`: an `OidciDiscoveryField`
/// value), e.g. `jwks_uri` to fetch the keys from.
/// `OIDCI_STATUS_INVALID_CONFIGURATION` when the document is refused,
/// `OIDCI_STATUS_ABSENT` for a missing optional member. Thread-safe.
///
/// # Safety
/// `document` is NULL or readable for `document_len` bytes;
/// `expected_issuer` NULL or NUL-terminated; `buf`/`len` follow the buffer
/// protocol.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oidci_discovery_get(
    document: *const c_char,
    document_len: usize,
    expected_issuer: *const c_char,
    field: u32,
    buf: *mut c_char,
    len: *mut usize,
) -> OidciStatus {
    guard(|| {
        // SAFETY: per this function's contract.
        unsafe { check_out_buf(buf, len) }?;
        // SAFETY: per this function's contract.
        let (document, expected_issuer) = unsafe {
            (
                bytes(document.cast::<u8>(), document_len)?,
                c_str(expected_issuer)?,
            )
        };
        let field = OidciDiscoveryField::from_u32(field)
            .ok_or_else(|| OidcError::input("unknown discovery field"))?;
        let metadata = core_api::ProviderMetadata::parse(document, expected_issuer)
            .map_err(OidcError::from)?;
        let value = member(&metadata, field)?;
        // SAFETY: per this function's contract.
        unsafe { write_text(value, buf, len) }
    })
}

fn member(m: &core_api::ProviderMetadata, field: OidciDiscoveryField) -> CResult<&str> {
    Ok(match field {
        OidciDiscoveryField::Issuer => m.issuer(),
        OidciDiscoveryField::AuthorizationEndpoint => m.authorization_endpoint(),
        OidciDiscoveryField::JwksUri => m.jwks_uri(),
        OidciDiscoveryField::EndSessionEndpoint => {
            m.end_session_endpoint().ok_or(OidciStatus::Absent)?
        }
    })
}
