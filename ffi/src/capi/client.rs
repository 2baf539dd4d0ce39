//! `OidciClient`: configuration, authorize URL, logout URL.

use oidc_implicit as core_api;
use std::ffi::c_char;

use super::boundary::{
    CResult, bytes, c_str, check_out_buf, clear_out, free, give, guard, guard_keep, handle,
    opt_c_str, write_text,
};
use super::pending::OidciPending;
use super::status::{
    OIDCI_PROMPT_CONSENT, OIDCI_PROMPT_LOGIN, OIDCI_PROMPT_NONE, OIDCI_PROMPT_SELECT_ACCOUNT,
    OidciResponseMode, OidciResponseType, OidciStatus,
};
use crate::client::OidcClient;
use crate::error::OidcError;
use crate::platform;
use crate::types::{
    AuthorizeOptions, ClientSettings, LogoutOptions, Prompt, ResponseMode, ResponseType,
};

/// A validated client configuration (opaque). Immutable: may be used from
/// several threads at once.
pub struct OidciClient {
    inner: OidcClient,
}

impl OidciClient {
    pub(crate) fn inner(&self) -> &OidcClient {
        &self.inner
    }
}

/// Creates a client for `client_id` at `issuer`, receiving responses at
/// `redirect_uri`, sending users to `authorization_endpoint`.
/// `end_session_endpoint` may be NULL. Other settings take the library's
/// defaults (RS256 and ES256, 60 s leeway, 600 s pending lifetime).
///
/// Returns `OIDCI_STATUS_INVALID_CONFIGURATION` with the reason in
/// `oidci_last_error` when a URL or the client id is refused.
/// Thread-safe.
///
/// # Safety
/// String arguments are NULL or NUL-terminated; `client_out` is NULL or
/// writable. Free the client with `oidci_client_free`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oidci_client_new(
    issuer: *const c_char,
    client_id: *const c_char,
    redirect_uri: *const c_char,
    authorization_endpoint: *const c_char,
    end_session_endpoint: *const c_char,
    client_out: *mut *mut OidciClient,
) -> OidciStatus {
    guard(|| {
        // SAFETY: per this function's contract.
        unsafe { clear_out(client_out) }?;
        // SAFETY: per this function's contract (all five strings).
        let settings = unsafe {
            ClientSettings {
                issuer: c_str(issuer)?.to_owned(),
                client_id: c_str(client_id)?.to_owned(),
                redirect_uri: c_str(redirect_uri)?.to_owned(),
                authorization_endpoint: c_str(authorization_endpoint)?.to_owned(),
                end_session_endpoint: opt_c_str(end_session_endpoint)?.map(str::to_owned),
                default_scope: None,
                leeway_secs: None,
                pending_lifetime_secs: None,
                provider_sends_iss: false,
                allowed_algorithms: Vec::new(),
                trusted_audiences: Vec::new(),
                max_token_age_secs: None,
                jwks_refresh_cooldown_secs: None,
            }
        };
        let config = settings.build().map_err(OidcError::from)?;
        let client = OidciClient {
            inner: OidcClient { config },
        };
        // SAFETY: `client_out` passed clear_out.
        unsafe { give(client_out, client) };
        Ok(())
    })
}

/// Creates a client from the provider's discovery document
/// (`document_len` bytes of JSON, fetched by the host), which must be
/// `expected_issuer`'s: endpoints, algorithms and RFC 9207 support come
/// from it. Thread-safe.
///
/// # Safety
/// `document` is NULL or readable for `document_len` bytes; strings are
/// NULL or NUL-terminated; `client_out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oidci_client_new_from_discovery(
    document: *const c_char,
    document_len: usize,
    expected_issuer: *const c_char,
    client_id: *const c_char,
    redirect_uri: *const c_char,
    client_out: *mut *mut OidciClient,
) -> OidciStatus {
    guard(|| {
        // SAFETY: per this function's contract.
        unsafe { clear_out(client_out) }?;
        // SAFETY: per this function's contract.
        let (document, expected_issuer, client_id, redirect_uri) = unsafe {
            (
                bytes(document.cast::<u8>(), document_len)?,
                c_str(expected_issuer)?,
                c_str(client_id)?,
                c_str(redirect_uri)?,
            )
        };
        let metadata = core_api::ProviderMetadata::parse(document, expected_issuer)
            .map_err(OidcError::from)?;
        let config = metadata
            .client_config(client_id, redirect_uri)
            .map_err(OidcError::from)?
            .build()
            .map_err(OidcError::from)?;
        let client = OidciClient {
            inner: OidcClient { config },
        };
        // SAFETY: `client_out` passed clear_out.
        unsafe { give(client_out, client) };
        Ok(())
    })
}

/// Frees a client; NULL does nothing. Not while another thread uses it.
///
/// # Safety
/// `client` is NULL or a client from this library not freed yet.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oidci_client_free(client: *mut OidciClient) {
    let _ = guard_keep(|| {
        // SAFETY: per this function's contract.
        unsafe { free(client) };
        Ok(())
    });
}

/// Starts a sign-in: writes the authorize URL into `url` (see the buffer
/// protocol) and hands out the pending authorization to keep until the
/// redirect arrives.
///
/// - `response_type`: an `OidciResponseType` value.
/// - `response_mode`: an `OidciResponseMode` value.
/// - `prompt`: 0 or `OIDCI_PROMPT_*` flags ORed (`NONE` alone).
/// - `scope`: space-delimited, or NULL for the default (`openid`).
/// - `entropy`: 32 to 1024 bytes from the host's CSPRNG; `state` and
///   `nonce` are derived from them (the same bytes give the same values, so
///   a retry after `OIDCI_STATUS_BUFFER_TOO_SMALL` may reuse them).
/// - `now`: seconds since the epoch.
///
/// Nothing is handed out unless the URL fits. Thread-safe.
///
/// # Safety
/// `client` is NULL or live; `scope` NULL or NUL-terminated; `entropy`
/// NULL or readable for `entropy_len` bytes; `url`/`url_len` follow the
/// buffer protocol; `pending_out` is NULL or writable.
#[unsafe(no_mangle)]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn oidci_authorize(
    client: *const OidciClient,
    response_type: u32,
    response_mode: u32,
    prompt: u32,
    scope: *const c_char,
    entropy: *const u8,
    entropy_len: usize,
    now: u64,
    url: *mut c_char,
    url_len: *mut usize,
    pending_out: *mut *mut OidciPending,
) -> OidciStatus {
    guard(|| {
        // SAFETY: per this function's contract.
        unsafe { clear_out(pending_out) }?;
        // SAFETY: per this function's contract.
        unsafe { check_out_buf(url, url_len) }?;
        // SAFETY: per this function's contract.
        let (client, scope, entropy) = unsafe {
            (
                handle(client)?,
                opt_c_str(scope)?,
                bytes(entropy, entropy_len)?,
            )
        };
        let options = authorize_options(response_type, response_mode, prompt, scope)?;
        let started = client
            .inner
            .start(&options, platform::unix_time(now)?, entropy)?;
        // SAFETY: per this function's contract (checked above).
        unsafe { write_text(&started.url, url, url_len) }?;
        // SAFETY: `pending_out` passed clear_out.
        unsafe { give(pending_out, OidciPending::new(started.pending)) };
        Ok(())
    })
}

fn authorize_options(
    response_type: u32,
    response_mode: u32,
    prompt: u32,
    scope: Option<&str>,
) -> CResult<AuthorizeOptions> {
    let response_type = match OidciResponseType::from_u32(response_type) {
        Some(OidciResponseType::IdToken) => ResponseType::IdToken,
        Some(OidciResponseType::IdTokenToken) => ResponseType::IdTokenToken,
        None => return Err(OidcError::input("unknown response_type").into()),
    };
    let response_mode = match OidciResponseMode::from_u32(response_mode) {
        Some(OidciResponseMode::Fragment) => ResponseMode::Fragment,
        Some(OidciResponseMode::FormPost) => ResponseMode::FormPost,
        None => return Err(OidcError::input("unknown response_mode").into()),
    };
    let known =
        OIDCI_PROMPT_NONE | OIDCI_PROMPT_LOGIN | OIDCI_PROMPT_CONSENT | OIDCI_PROMPT_SELECT_ACCOUNT;
    if prompt & !known != 0 {
        return Err(OidcError::input("unknown prompt flag").into());
    }
    let prompts = [
        (OIDCI_PROMPT_LOGIN, Prompt::Login),
        (OIDCI_PROMPT_CONSENT, Prompt::Consent),
        (OIDCI_PROMPT_SELECT_ACCOUNT, Prompt::SelectAccount),
    ]
    .into_iter()
    .filter(|(flag, _)| prompt & flag != 0)
    .map(|(_, p)| p)
    .collect();
    Ok(AuthorizeOptions {
        response_type,
        response_mode: Some(response_mode),
        scope: scope.map(str::to_owned),
        silent: prompt & OIDCI_PROMPT_NONE != 0,
        prompt: prompts,
        max_age: None,
        login_hint: None,
        id_token_hint: None,
        ui_locales: None,
        acr_values: None,
        require_acr: false,
        display: None,
        extra_parameters: Vec::new(),
    })
}

/// Writes the RP-initiated logout URL. `id_token_hint`,
/// `post_logout_redirect_uri` and `state` may each be NULL.
/// `OIDCI_STATUS_INVALID_CONFIGURATION` when the client has no
/// end-session endpoint. Thread-safe.
///
/// # Safety
/// `client` is NULL or live; strings NULL or NUL-terminated; `url`/
/// `url_len` follow the buffer protocol.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oidci_end_session_url(
    client: *const OidciClient,
    id_token_hint: *const c_char,
    post_logout_redirect_uri: *const c_char,
    state: *const c_char,
    url: *mut c_char,
    url_len: *mut usize,
) -> OidciStatus {
    guard(|| {
        // SAFETY: per this function's contract.
        unsafe { check_out_buf(url, url_len) }?;
        // SAFETY: per this function's contract.
        let (client, options) = unsafe {
            (
                handle(client)?,
                LogoutOptions {
                    id_token_hint: opt_c_str(id_token_hint)?.map(str::to_owned),
                    post_logout_redirect_uri: opt_c_str(post_logout_redirect_uri)?
                        .map(str::to_owned),
                    state: opt_c_str(state)?.map(str::to_owned),
                    ui_locales: None,
                },
            )
        };
        let text = client.inner.end_session_url(options)?;
        // SAFETY: per this function's contract (checked above).
        unsafe { write_text(&text, url, url_len) }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn selectors_are_checked() {
        assert!(authorize_options(1, 0, 0, None).is_ok());
        assert!(authorize_options(0, 0, 0, None).is_err());
        assert!(authorize_options(1, 2, 0, None).is_err());
        assert!(authorize_options(1, 0, 16, None).is_err());
        let o = authorize_options(
            2,
            1,
            OIDCI_PROMPT_LOGIN | OIDCI_PROMPT_CONSENT,
            Some("openid"),
        )
        .unwrap();
        assert_eq!(o.prompt, [Prompt::Login, Prompt::Consent]);
        assert_eq!(o.response_mode, Some(ResponseMode::FormPost));
        assert!(!o.silent);
        assert!(
            authorize_options(1, 0, OIDCI_PROMPT_NONE, None)
                .unwrap()
                .silent
        );
    }
}
