//! The provider's error response (RFC 6749 §4.2.2.1, OIDC Core §3.1.2.6),
//! copied out of the redirect so that the error outlives it.

use core::fmt;

use heapless::String;

use crate::form::FormValue;
use crate::limits::{MAX_ERROR_CODE_LEN, MAX_ERROR_DESCRIPTION_LEN, MAX_ERROR_URI_LEN};

/// The `error` code of an error response.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorCode {
    /// `invalid_request`
    InvalidRequest,
    /// `unauthorized_client`
    UnauthorizedClient,
    /// `access_denied`: the user or the server refused.
    AccessDenied,
    /// `unsupported_response_type`
    UnsupportedResponseType,
    /// `invalid_scope`
    InvalidScope,
    /// `server_error`
    ServerError,
    /// `temporarily_unavailable`: retry later.
    TemporarilyUnavailable,
    /// `interaction_required` (after `prompt=none`): show the UI.
    InteractionRequired,
    /// `login_required` (after `prompt=none`): the user must sign in.
    LoginRequired,
    /// `account_selection_required` (after `prompt=none`).
    AccountSelectionRequired,
    /// `consent_required` (after `prompt=none`).
    ConsentRequired,
    /// `invalid_request_uri`
    InvalidRequestUri,
    /// `invalid_request_object`
    InvalidRequestObject,
    /// `request_not_supported`
    RequestNotSupported,
    /// `request_uri_not_supported`
    RequestUriNotSupported,
    /// `registration_not_supported`
    RegistrationNotSupported,
    /// A code not registered by RFC 6749 or OIDC Core; see
    /// [`AuthorizationError::code_text`].
    Other,
}

impl ErrorCode {
    const KNOWN: [(Self, &'static str); 16] = [
        (Self::InvalidRequest, "invalid_request"),
        (Self::UnauthorizedClient, "unauthorized_client"),
        (Self::AccessDenied, "access_denied"),
        (Self::UnsupportedResponseType, "unsupported_response_type"),
        (Self::InvalidScope, "invalid_scope"),
        (Self::ServerError, "server_error"),
        (Self::TemporarilyUnavailable, "temporarily_unavailable"),
        (Self::InteractionRequired, "interaction_required"),
        (Self::LoginRequired, "login_required"),
        (Self::AccountSelectionRequired, "account_selection_required"),
        (Self::ConsentRequired, "consent_required"),
        (Self::InvalidRequestUri, "invalid_request_uri"),
        (Self::InvalidRequestObject, "invalid_request_object"),
        (Self::RequestNotSupported, "request_not_supported"),
        (Self::RequestUriNotSupported, "request_uri_not_supported"),
        (Self::RegistrationNotSupported, "registration_not_supported"),
    ];

    /// The registered name, `None` for [`Other`](Self::Other).
    pub fn as_str(self) -> Option<&'static str> {
        Self::KNOWN
            .iter()
            .find(|(c, _)| *c == self)
            .map(|(_, n)| *n)
    }

    fn from_name(name: &str) -> Self {
        Self::KNOWN
            .iter()
            .find(|(_, n)| *n == name)
            .map_or(Self::Other, |(c, _)| *c)
    }

    /// Whether this is an answer to `prompt=none` that asks for a visible
    /// sign-in (silent renewal failed).
    pub fn needs_interaction(self) -> bool {
        matches!(
            self,
            Self::InteractionRequired
                | Self::LoginRequired
                | Self::AccountSelectionRequired
                | Self::ConsentRequired
        )
    }
}

/// An error response from the provider, after `iss` and `state` were
/// checked (so it is known to answer this request).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuthorizationError {
    code: ErrorCode,
    code_text: String<MAX_ERROR_CODE_LEN>,
    description: Option<String<MAX_ERROR_DESCRIPTION_LEN>>,
    uri: Option<String<MAX_ERROR_URI_LEN>>,
}

impl AuthorizationError {
    /// Reads the error fields; `None` when `error` is not a valid code
    /// (1*NQSCHAR, RFC 6749 §4.2.2.1, at most [`MAX_ERROR_CODE_LEN`]).
    pub(crate) fn from_fields(
        error: FormValue<'_>,
        description: Option<FormValue<'_>>,
        uri: Option<FormValue<'_>>,
    ) -> Option<Self> {
        let mut code_text: String<MAX_ERROR_CODE_LEN> = String::new();
        for b in error.bytes() {
            if !is_nqschar(b) {
                return None;
            }
            code_text.push(char::from(b)).ok()?;
        }
        Some(Self {
            code: ErrorCode::from_name(&code_text),
            code_text,
            description: description.map(sanitized),
            uri: uri.map(sanitized),
        })
    }

    /// The error code.
    pub fn code(&self) -> ErrorCode {
        self.code
    }

    /// The `error` value as received (useful for [`ErrorCode::Other`]).
    pub fn code_text(&self) -> &str {
        &self.code_text
    }

    /// `error_description`, with control characters replaced and cut to
    /// [`MAX_ERROR_DESCRIPTION_LEN`].
    pub fn description(&self) -> Option<&str> {
        self.description.as_deref()
    }

    /// `error_uri`, as received (sanitized like the description).
    pub fn uri(&self) -> Option<&str> {
        self.uri.as_deref()
    }
}

impl fmt::Display for AuthorizationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "authorization server returned `{}`", self.code_text)?;
        if let Some(d) = &self.description {
            write!(f, ": {d}")?;
        }
        Ok(())
    }
}

/// `%x20-21 / %x23-5B / %x5D-7E`
fn is_nqschar(b: u8) -> bool {
    matches!(b, 0x20..=0x21 | 0x23..=0x5B | 0x5D..=0x7E)
}

/// Copies text for display: control characters become U+FFFD so that a
/// hostile description cannot forge log lines; cut at `N` bytes.
fn sanitized<const N: usize>(value: FormValue<'_>) -> String<N> {
    let mut out: String<N> = String::new();
    let mut sink = SanitizingWriter { out: &mut out };
    // A full buffer ends the copy early: the rest is dropped by design.
    let _ = value.write_to(&mut sink);
    out
}

struct SanitizingWriter<'o, const N: usize> {
    out: &'o mut String<N>,
}

impl<const N: usize> fmt::Write for SanitizingWriter<'_, N> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        for c in s.chars() {
            let c = if c.is_control() { '\u{FFFD}' } else { c };
            self.out.push(c).map_err(|_| fmt::Error)?;
        }
        Ok(())
    }
}
