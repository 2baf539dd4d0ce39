//! Checking the authorization response against the pending authorization,
//! in the order the specifications require, and the typed results.
//!
//! Order (RFC 9207 §2.4, RFC 6749 §4.2.2 and §10.12, OIDC Core §3.2.2.8):
//! 1. the pending authorization belongs to this client and has not expired;
//! 2. RFC 9207 `iss`, when present, equals the issuer; when the provider is
//!    known to send it, it must be present unless the response carries an ID
//!    token (whose `iss` claim is then checked exactly after its signature);
//! 3. `state` is present and equal (constant time);
//! 4. only then is an `error` response believed, and turned into
//!    [`ResponseError::Authorization`];
//! 5. a success carries exactly what the response type promises.
//!
//! ID-token signature and claims are checked by the JOSE verifier, which is
//! the only way to turn an [`UnverifiedResponse`] into validated tokens.

use core::fmt;

use heapless::String;

use crate::config::ClientConfig;
use crate::form::{FormError, FormParams, FormValue};
use crate::limits::{MAX_SCOPE_LEN, MAX_TOKEN_LEN, MAX_UNIX_TIME};
use crate::oauth_error::AuthorizationError;
use crate::pending::PendingAuthorization;
use crate::redirect;
use crate::request::{ResponseMode, ResponseType};
use crate::time::UnixTime;

/// A response parameter named in an error.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ResponseParameter {
    /// `access_token`
    AccessToken,
    /// `token_type`
    TokenType,
    /// `id_token`
    IdToken,
    /// `code`
    Code,
    /// `expires_in`
    ExpiresIn,
    /// `scope`
    Scope,
}

impl ResponseParameter {
    /// The parameter name.
    pub const fn name(self) -> &'static str {
        match self {
            Self::AccessToken => "access_token",
            Self::TokenType => "token_type",
            Self::IdToken => "id_token",
            Self::Code => "code",
            Self::ExpiresIn => "expires_in",
            Self::Scope => "scope",
        }
    }
}

/// Why a redirect was not accepted.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ResponseError {
    /// Longer than [`MAX_REDIRECT_LEN`](crate::limits::MAX_REDIRECT_LEN).
    TooLong {
        /// Its length.
        len: usize,
        /// Most accepted.
        max: usize,
    },
    /// The form encoding is broken.
    Malformed(FormError),
    /// Looks like a URL but is not a valid absolute URI.
    NotARedirectUrl,
    /// The URL is not the registered redirect URI (scheme, host, port, path).
    RedirectUriMismatch,
    /// Response parameters arrived in the query string, which these
    /// response types never use: refused, since tokens in a query leak.
    ResponseInQuery,
    /// A URL without a fragment: no response in it.
    MissingResponse,
    /// A fragment or URL arrived where a form_post body was expected.
    ResponseModeMismatch {
        /// The mode the request asked for.
        expected: ResponseMode,
    },
    /// The pending authorization expired before the redirect came back.
    PendingExpired {
        /// When it expired.
        expires_at: UnixTime,
        /// The host's time.
        now: UnixTime,
    },
    /// The pending authorization was made by another client configuration
    /// (issuer, client_id or redirect_uri differ).
    PendingForAnotherClient,
    /// RFC 9207 `iss` differs from the issuer: a mix-up attack or a
    /// misconfiguration. Nothing else in the response is believed.
    IssuerMismatch,
    /// RFC 9207 `iss` is missing from a response without an ID token although
    /// the provider sends it.
    MissingIssuer,
    /// No `state` in the response.
    MissingState,
    /// `state` differs from the one sent: not a response to this request
    /// (CSRF, or another tab's flow).
    StateMismatch,
    /// An `error` response whose code is not a valid error code.
    MalformedErrorResponse,
    /// The provider answered with an error (after `iss` and `state` passed).
    Authorization(AuthorizationError),
    /// A parameter the response type requires is missing.
    MissingParameter(ResponseParameter),
    /// A parameter the response type must not carry is present.
    UnexpectedParameter(ResponseParameter),
    /// `token_type` is not `Bearer` (compared case-insensitively).
    UnsupportedTokenType,
    /// The access token has characters outside VSCHAR (RFC 6749 App. A.12).
    InvalidAccessToken,
    /// A token is longer than [`MAX_TOKEN_LEN`].
    TokenTooLong {
        /// Which one.
        parameter: ResponseParameter,
        /// Its decoded length.
        len: usize,
        /// Most accepted.
        max: usize,
    },
    /// `expires_in` is not 1*DIGIT seconds.
    InvalidExpiresIn,
    /// `scope` is not a valid scope string.
    InvalidScope,
}

impl fmt::Display for ResponseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::TooLong { len, max } => {
                write!(f, "redirect is {len} bytes, at most {max} accepted")
            }
            Self::Malformed(e) => write!(f, "malformed response: {e}"),
            Self::NotARedirectUrl => f.write_str("redirect is not a valid URL"),
            Self::RedirectUriMismatch => {
                f.write_str("redirect does not go to the registered redirect_uri")
            }
            Self::ResponseInQuery => {
                f.write_str("response parameters in the query string are refused")
            }
            Self::MissingResponse => f.write_str("redirect URL carries no response fragment"),
            Self::ResponseModeMismatch { expected } => {
                write!(
                    f,
                    "response arrived in the wrong form: expected {}",
                    expected.as_str()
                )
            }
            Self::PendingExpired { expires_at, now } => {
                write!(
                    f,
                    "pending authorization expired at {expires_at} (now {now})"
                )
            }
            Self::PendingForAnotherClient => {
                f.write_str("pending authorization belongs to another client configuration")
            }
            Self::IssuerMismatch => f.write_str("response `iss` is not the expected issuer"),
            Self::MissingIssuer => {
                f.write_str("response lacks `iss` although the provider sends it")
            }
            Self::MissingState => f.write_str("response lacks `state`"),
            Self::StateMismatch => f.write_str("response `state` does not match the request"),
            Self::MalformedErrorResponse => {
                f.write_str("error response with an invalid error code")
            }
            Self::Authorization(e) => fmt::Display::fmt(e, f),
            Self::MissingParameter(p) => write!(f, "response lacks `{}`", p.name()),
            Self::UnexpectedParameter(p) => write!(f, "response must not carry `{}`", p.name()),
            Self::UnsupportedTokenType => f.write_str("token_type is not Bearer"),
            Self::InvalidAccessToken => f.write_str("access_token has invalid characters"),
            Self::TokenTooLong {
                parameter,
                len,
                max,
            } => {
                write!(
                    f,
                    "{} is {len} bytes, at most {max} accepted",
                    parameter.name()
                )
            }
            Self::InvalidExpiresIn => f.write_str("expires_in is not a number of seconds"),
            Self::InvalidScope => f.write_str("scope in the response is invalid"),
        }
    }
}

impl core::error::Error for ResponseError {}

/// An access token from the response, borrowed from the redirect.
#[derive(Clone, Debug)]
pub struct AccessToken<'a> {
    value: FormValue<'a>,
    expires_at: Option<UnixTime>,
    scope: String<MAX_SCOPE_LEN>,
}

impl<'a> AccessToken<'a> {
    /// The token, still form-encoded; see [`FormValue`] for decoding
    /// (`as_plain`, `decode_into`, `write_to`).
    pub fn value(&self) -> FormValue<'a> {
        self.value
    }

    /// Always `Bearer`: other types are refused.
    pub fn token_type(&self) -> &'static str {
        "Bearer"
    }

    /// `now + expires_in` when the provider sent `expires_in`.
    pub fn expires_at(&self) -> Option<UnixTime> {
        self.expires_at
    }

    /// The granted scope: the response's, or the requested one when the
    /// response has none (RFC 6749 §4.2.2).
    pub fn scope(&self) -> &str {
        &self.scope
    }
}

/// A response whose `state` and shape were checked but whose ID token is not
/// yet verified. Its claims cannot be read: only the JOSE verifier turns it
/// into validated tokens.
#[derive(Debug)]
pub struct UnverifiedResponse<'a> {
    pub(crate) pending: PendingAuthorization,
    pub(crate) id_token: FormValue<'a>,
    pub(crate) access_token: Option<AccessToken<'a>>,
}

impl UnverifiedResponse<'_> {
    /// The response type that was requested.
    pub fn response_type(&self) -> ResponseType {
        self.pending.response_type
    }

    /// Gives the pending authorization back, abandoning this response (for
    /// example to retry with fresh keys).
    pub fn into_pending(self) -> PendingAuthorization {
        self.pending
    }
}

/// The result of a plain OAuth 2.0 `token` response.
///
/// **This authenticates nobody** (RFC 6749 §10.16): the access token says a
/// client was authorized, not who the user is or for which client it was
/// issued. Use it to call APIs, never as proof of sign-in.
#[derive(Clone, Debug)]
pub struct OAuthOnlyAccess<'a> {
    access_token: AccessToken<'a>,
}

impl<'a> OAuthOnlyAccess<'a> {
    /// The access token.
    pub fn access_token(&self) -> &AccessToken<'a> {
        &self.access_token
    }
}

/// What a checked redirect yields, by response type.
#[derive(Debug)]
#[non_exhaustive]
pub enum Redirected<'a> {
    /// `id_token` or `id_token token`: verify the ID token next.
    IdToken(UnverifiedResponse<'a>),
    /// `token`: an access token that authenticates nobody.
    OAuthOnly(OAuthOnlyAccess<'a>),
}

/// A redirect that passed every check, before the pending authorization is
/// attached to it. The access token (if the response type has one) is in
/// the slot the caller passed, with or without an ID token: it is 1 KB, and
/// returning it inside this value copied it on the way through each
/// `Result` and match.
pub(crate) enum Accepted<'a> {
    IdToken(FormValue<'a>),
    /// `token`: the access token is in the caller's slot.
    OAuthOnly,
}

impl<'a> OAuthOnlyAccess<'a> {
    /// The result of an [`Accepted::OAuthOnly`] redirect, from the slot
    /// [`PendingAuthorization::check_redirect`] filled.
    pub(crate) fn from_slot(access_token: Option<AccessToken<'a>>) -> Result<Self, ResponseError> {
        access_token
            .map(|access_token| Self { access_token })
            .ok_or(ResponseError::MissingParameter(
                ResponseParameter::AccessToken,
            ))
    }
}

impl PendingAuthorization {
    /// Checks a redirect against this pending authorization, consuming it:
    /// whatever the outcome, it cannot be used again (a failed check leaves
    /// nothing to retry; start a new authorization).
    ///
    /// `input` is the full redirect URL, the fragment (with or without `#`),
    /// or, for `form_post`, the POST body.
    pub fn accept_redirect<'a>(
        self,
        config: &ClientConfig,
        input: &'a str,
        now: UnixTime,
    ) -> Result<Redirected<'a>, ResponseError> {
        let mut access_token = None;
        Ok(
            match self.check_redirect(config, input, now, &mut access_token)? {
                Accepted::IdToken(id_token) => Redirected::IdToken(UnverifiedResponse {
                    pending: self,
                    id_token,
                    access_token,
                }),
                Accepted::OAuthOnly => {
                    Redirected::OAuthOnly(OAuthOnlyAccess::from_slot(access_token)?)
                }
            },
        )
    }

    /// Every check of [`accept_redirect`](Self::accept_redirect), with
    /// `self` only borrowed: [`complete`](Self::complete) goes on to verify
    /// without moving the pending authorization into a response value.
    /// `access_token` then holds the response's access token when the
    /// response type has one (and `None` otherwise).
    pub(crate) fn check_redirect<'a>(
        &self,
        config: &ClientConfig,
        input: &'a str,
        now: UnixTime,
        access_token: &mut Option<AccessToken<'a>>,
    ) -> Result<Accepted<'a>, ResponseError> {
        if self.issuer != config.issuer
            || self.client_id != config.client_id
            || self.redirect_uri != config.redirect_uri
        {
            return Err(ResponseError::PendingForAnotherClient);
        }
        if now > self.expires_at {
            return Err(ResponseError::PendingExpired {
                expires_at: self.expires_at,
                now,
            });
        }
        let mut params = FormParams::new();
        redirect::locate(input, self.response_mode, &self.redirect_uri, &mut params)?;

        // A response that carries an ID token names its issuer in the token's
        // `iss` claim, which is compared exactly once the signature verified
        // with this issuer's keys (RFC 9700 §4.4.2 accepts that as the mix-up
        // defence). OpenID Certified providers (node oidc-provider among them)
        // leave the `iss` parameter out of such responses even when they
        // advertise RFC 9207 support, so only responses without an ID token
        // (errors, plain `token`) must carry it then.
        let carries_id_token =
            self.response_type.has_id_token() && params.get("id_token").is_some();
        match params.get("iss") {
            Some(iss) if !iss.eq_str(&self.issuer) => return Err(ResponseError::IssuerMismatch),
            None if config.provider_sends_iss && !carries_id_token => {
                return Err(ResponseError::MissingIssuer);
            }
            _ => {}
        }
        let state = params.get("state").ok_or(ResponseError::MissingState)?;
        if !self.matches_state(&state) {
            return Err(ResponseError::StateMismatch);
        }
        if let Some(error) = params.get("error") {
            let parsed = AuthorizationError::from_fields(
                error,
                params.get("error_description"),
                params.get("error_uri"),
            )
            .ok_or(ResponseError::MalformedErrorResponse)?;
            return Err(ResponseError::Authorization(parsed));
        }
        self.accept_success(&params, now, access_token)
    }

    fn accept_success<'a>(
        &self,
        params: &FormParams<'a>,
        now: UnixTime,
        access_token: &mut Option<AccessToken<'a>>,
    ) -> Result<Accepted<'a>, ResponseError> {
        if params.get("code").is_some() {
            return Err(ResponseError::UnexpectedParameter(ResponseParameter::Code));
        }
        match (
            self.response_type.has_access_token(),
            params.get("access_token"),
        ) {
            (true, Some(value)) => {
                read_access_token(params, value, &self.scope, now, access_token)?;
            }
            (true, None) => {
                return Err(ResponseError::MissingParameter(
                    ResponseParameter::AccessToken,
                ));
            }
            // OAuth Multiple Response Types §3: not for `id_token`; an access
            // token nobody asked for is an injection attempt or a misconfigured
            // provider, and either way not ours to hand out.
            (false, Some(_)) => {
                return Err(ResponseError::UnexpectedParameter(
                    ResponseParameter::AccessToken,
                ));
            }
            (false, None) => {}
        }
        match (self.response_type.has_id_token(), params.get("id_token")) {
            (true, Some(id_token)) => {
                check_length(id_token, ResponseParameter::IdToken)?;
                Ok(Accepted::IdToken(id_token))
            }
            (true, None) => Err(ResponseError::MissingParameter(ResponseParameter::IdToken)),
            (false, Some(_)) => Err(ResponseError::UnexpectedParameter(
                ResponseParameter::IdToken,
            )),
            // `token`: the access token was read above (its response type
            // has one), and `OAuthOnlyAccess::from_slot` takes it.
            (false, None) => Ok(Accepted::OAuthOnly),
        }
    }
}

fn check_length(value: FormValue<'_>, parameter: ResponseParameter) -> Result<(), ResponseError> {
    // Cheap bound first: decoding never lengthens.
    if value.raw().len() > MAX_TOKEN_LEN {
        let len = value.decoded_len();
        if len > MAX_TOKEN_LEN {
            return Err(ResponseError::TokenTooLong {
                parameter,
                len,
                max: MAX_TOKEN_LEN,
            });
        }
    }
    Ok(())
}

/// Checks the access token `value` and its parameters, and writes the
/// token into `slot` (built there: its scope is 1 KB). On failure `slot`
/// may hold a partly read token; every caller returns the error and drops it.
fn read_access_token<'a>(
    params: &FormParams<'a>,
    value: FormValue<'a>,
    requested_scope: &str,
    now: UnixTime,
    slot: &mut Option<AccessToken<'a>>,
) -> Result<(), ResponseError> {
    check_length(value, ResponseParameter::AccessToken)?;
    // VSCHAR (RFC 6749 App. A.12). An unescaped token is checked as raw
    // bytes by a fold that does not stop early, which the compiler turns
    // into SIMD (providers' access tokens are often JWTs of a kilobyte or
    // more); only an escaped one goes through the decoding iterator.
    let printable = |b: u8| (0x20..=0x7E).contains(&b);
    let all_printable = match value.as_plain() {
        Some(plain) => plain.bytes().fold(true, |ok, b| ok & printable(b)),
        None => value.bytes().all(printable),
    };
    if !all_printable {
        return Err(ResponseError::InvalidAccessToken);
    }
    let token_type = params
        .get("token_type")
        .ok_or(ResponseError::MissingParameter(
            ResponseParameter::TokenType,
        ))?;
    // RFC 6749 §4.2.2 / §7.1: the type is case-insensitive.
    if !token_type.eq_ignore_ascii_case("bearer") {
        return Err(ResponseError::UnsupportedTokenType);
    }
    let expires_at = match params.get("expires_in") {
        Some(v) => {
            let secs = v
                .as_plain()
                .and_then(parse_digits)
                .ok_or(ResponseError::InvalidExpiresIn)?;
            if secs > MAX_UNIX_TIME {
                return Err(ResponseError::InvalidExpiresIn);
            }
            Some(now.saturating_add(secs))
        }
        None => None,
    };
    let token = slot.insert(AccessToken {
        value,
        expires_at,
        scope: String::new(),
    });
    match params.get("scope") {
        Some(v) => {
            v.write_to(&mut token.scope)
                .map_err(|_| ResponseError::InvalidScope)?;
            crate::scope::validate(&token.scope, MAX_SCOPE_LEN)
                .map_err(|_| ResponseError::InvalidScope)?;
        }
        None => token
            .scope
            .push_str(requested_scope)
            .map_err(|_| ResponseError::InvalidScope)?,
    }
    Ok(())
}

/// `1*DIGIT` as a `u64`; `None` for anything else or on overflow.
pub(crate) fn parse_digits(text: &str) -> Option<u64> {
    if text.is_empty() {
        return None;
    }
    text.bytes().try_fold(0u64, |acc, b| {
        let digit = if b.is_ascii_digit() {
            u64::from(b.wrapping_sub(b'0'))
        } else {
            return None;
        };
        acc.checked_mul(10)?.checked_add(digit)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digits() {
        let cases = [
            ("0", Some(0)),
            ("3600", Some(3600)),
            ("18446744073709551615", Some(u64::MAX)),
            ("18446744073709551616", None),
            ("", None),
            ("-1", None),
            ("+1", None),
            ("1.5", None),
            ("1e3", None),
            (" 1", None),
        ];
        for (text, expected) in cases {
            assert_eq!(parse_digits(text), expected, "{text:?}");
        }
    }
}
