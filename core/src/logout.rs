//! RP-initiated logout (OpenID Connect RP-Initiated Logout 1.0 §2): the
//! end-session URL, written on demand like the authorize URL.

use core::fmt;

use crate::config::{ClientConfig, ConfigError, UrlField, checked_redirect_uri};
use crate::form::{BufferTooSmall, percent_encode};
use crate::limits::MAX_TOKEN_LEN;
use crate::url_writer::{param, start_query, write_to_slice, written_len};

/// Why an end-session URL could not be built.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum LogoutError {
    /// The configuration has no end-session endpoint.
    NoEndSessionEndpoint,
    /// The post-logout redirect URI is invalid or insecure.
    InvalidPostLogoutRedirectUri(ConfigError),
    /// `id_token_hint` is empty or longer than [`MAX_TOKEN_LEN`].
    InvalidIdTokenHint,
    /// `state` is empty or has characters outside VSCHAR.
    InvalidState,
    /// The output buffer is too small.
    BufferTooSmall {
        /// Bytes needed.
        needed: usize,
    },
}

impl fmt::Display for LogoutError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NoEndSessionEndpoint => f.write_str("no end_session_endpoint configured"),
            Self::InvalidPostLogoutRedirectUri(e) => fmt::Display::fmt(e, f),
            Self::InvalidIdTokenHint => f.write_str("id_token_hint is empty or too long"),
            Self::InvalidState => f.write_str("logout state is empty or has invalid characters"),
            Self::BufferTooSmall { needed } => {
                write!(f, "URL buffer too small: {needed} bytes needed")
            }
        }
    }
}

impl core::error::Error for LogoutError {}

/// The options of a logout request.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[must_use]
pub struct LogoutRequest<'a> {
    id_token_hint: Option<&'a str>,
    post_logout_redirect_uri: Option<&'a str>,
    state: Option<&'a str>,
    ui_locales: Option<&'a str>,
}

impl<'a> LogoutRequest<'a> {
    /// An empty request (`client_id` is always sent).
    pub const fn new() -> Self {
        Self {
            id_token_hint: None,
            post_logout_redirect_uri: None,
            state: None,
            ui_locales: None,
        }
    }

    /// The ID token of the session to end (RECOMMENDED).
    pub const fn id_token_hint(mut self, id_token: &'a str) -> Self {
        self.id_token_hint = Some(id_token);
        self
    }

    /// Where the provider sends the browser afterwards (must be registered).
    pub const fn post_logout_redirect_uri(mut self, uri: &'a str) -> Self {
        self.post_logout_redirect_uri = Some(uri);
        self
    }

    /// An opaque value passed back to the post-logout redirect URI.
    pub const fn state(mut self, state: &'a str) -> Self {
        self.state = Some(state);
        self
    }

    /// `ui_locales`.
    pub const fn ui_locales(mut self, locales: &'a str) -> Self {
        self.ui_locales = Some(locales);
        self
    }
}

/// The end-session URL.
#[derive(Clone, Copy, Debug)]
pub struct EndSessionUrl<'c> {
    endpoint: &'c str,
    client_id: &'c str,
    request: LogoutRequest<'c>,
}

impl ClientConfig {
    /// Builds the RP-initiated logout URL.
    pub fn end_session_url<'c>(
        &'c self,
        request: LogoutRequest<'c>,
    ) -> Result<EndSessionUrl<'c>, LogoutError> {
        let endpoint = self
            .end_session_endpoint
            .as_deref()
            .ok_or(LogoutError::NoEndSessionEndpoint)?;
        if let Some(uri) = request.post_logout_redirect_uri {
            checked_redirect_uri(uri, UrlField::PostLogoutRedirectUri)
                .map_err(LogoutError::InvalidPostLogoutRedirectUri)?;
        }
        if request
            .id_token_hint
            .is_some_and(|t| t.is_empty() || t.len() > MAX_TOKEN_LEN)
        {
            return Err(LogoutError::InvalidIdTokenHint);
        }
        if request
            .state
            .is_some_and(|s| s.is_empty() || !s.bytes().all(|b| (0x20..=0x7E).contains(&b)))
        {
            return Err(LogoutError::InvalidState);
        }
        Ok(EndSessionUrl {
            endpoint,
            client_id: &self.client_id,
            request,
        })
    }
}

impl EndSessionUrl<'_> {
    /// Length in bytes.
    pub fn len(&self) -> usize {
        written_len(|w| self.write(w))
    }

    /// Always `false`.
    pub fn is_empty(&self) -> bool {
        false
    }

    /// Writes the URL into `buf`.
    pub fn write_to_slice<'b>(&self, buf: &'b mut [u8]) -> Result<&'b str, LogoutError> {
        write_to_slice(buf, |w| self.write(w))
            .map_err(|BufferTooSmall { needed }| LogoutError::BufferTooSmall { needed })
    }

    fn write<W: fmt::Write + ?Sized>(&self, w: &mut W) -> fmt::Result {
        start_query(w, self.endpoint)?;
        w.write_str("client_id=")?;
        percent_encode(w, self.client_id)?;
        let r = &self.request;
        let params = [
            ("id_token_hint", r.id_token_hint),
            ("post_logout_redirect_uri", r.post_logout_redirect_uri),
            ("state", r.state),
            ("ui_locales", r.ui_locales),
        ];
        for (name, value) in params {
            if let Some(value) = value {
                param(w, name, value)?;
            }
        }
        Ok(())
    }
}

impl fmt::Display for EndSessionUrl<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write(f)
    }
}
