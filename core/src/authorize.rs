//! Building the authorize URL and the pending authorization that goes with it.

use core::fmt;

use heapless::String;

use crate::config::{ClientConfig, PROTOCOL_PARAMETERS};
use crate::form::{BufferTooSmall, percent_encode, query_names};
use crate::limits::{MAX_EXTRA_PARAMS, MAX_MAX_AGE_SECS, MAX_SCOPE_LEN, MAX_TOKEN_LEN};
use crate::pending::PendingAuthorization;
use crate::request::{AuthorizeRequest, Prompt, RequestError, ResponseMode};
use crate::scope::{self, ScopeError};
use crate::secret::{Nonce, State, check_entropy};
use crate::time::UnixTime;
use crate::uri;
use crate::url_writer::{param, start_query, write_to_slice, written_len};

/// Longest `login_hint`, `ui_locales` or `acr_values` sent: these are short
/// strings; the bound keeps URLs inside what browsers accept.
const MAX_OPTION_LEN: usize = 1024;

impl ClientConfig {
    /// Starts an authorization: checks the request, derives `state` and
    /// `nonce` from `entropy` (at least 32 bytes from the host's CSPRNG),
    /// and returns the URL to open plus the pending authorization to keep.
    pub fn authorize<'c>(
        &'c self,
        request: &AuthorizeRequest<'c>,
        entropy: &[u8],
        now: UnixTime,
    ) -> Result<(AuthorizeUrl<'c>, PendingAuthorization), RequestError> {
        check_entropy(entropy).map_err(RequestError::Entropy)?;
        let scope = effective_scope(self, request)?;
        check_options(self, request)?;

        let state = State::derive(entropy);
        let nonce = request
            .response_type
            .has_id_token()
            .then(|| Nonce::derive(entropy));
        let required_acr = match (request.require_acr, request.acr_values) {
            (true, Some(values)) => Some(
                String::try_from(values)
                    .map_err(|_| RequestError::InvalidOptionValue { name: "acr_values" })?,
            ),
            _ => None,
        };
        let pending = PendingAuthorization {
            state: state.clone(),
            nonce: nonce.clone(),
            response_type: request.response_type,
            response_mode: request.response_mode,
            scope: scope.clone(),
            redirect_uri: self.redirect_uri.clone(),
            issuer: self.issuer.clone(),
            client_id: self.client_id.clone(),
            max_age: request.max_age,
            required_acr,
            created_at: now,
            expires_at: now.saturating_add(self.pending_lifetime_secs),
        };
        let url = AuthorizeUrl {
            config: self,
            request: *request,
            scope,
            state,
            nonce,
        };
        Ok((url, pending))
    }
}

/// The requested scope, with `openid` first when an ID token is requested
/// and the scope lacks it (OIDC Core §3.1.2.1).
fn effective_scope(
    config: &ClientConfig,
    request: &AuthorizeRequest<'_>,
) -> Result<String<MAX_SCOPE_LEN>, RequestError> {
    let requested = request.scope.unwrap_or(&config.default_scope);
    scope::validate(requested, MAX_SCOPE_LEN).map_err(RequestError::InvalidScope)?;
    let mut out = String::new();
    let too_long = || {
        RequestError::InvalidScope(ScopeError::TooLong {
            len: requested.len().saturating_add(7),
            max: MAX_SCOPE_LEN,
        })
    };
    if request.response_type.has_id_token() && !scope::contains(requested, "openid") {
        out.push_str("openid ").map_err(|_| too_long())?;
    }
    out.push_str(requested).map_err(|_| too_long())?;
    Ok(out)
}

fn check_options(
    config: &ClientConfig,
    request: &AuthorizeRequest<'_>,
) -> Result<(), RequestError> {
    if request.prompt.contains(Prompt::NONE) && request.prompt != Prompt::NONE {
        return Err(RequestError::PromptNoneCombined);
    }
    if let Some(secs) = request.max_age.filter(|s| *s > MAX_MAX_AGE_SECS) {
        return Err(RequestError::MaxAgeTooLarge {
            secs,
            max: MAX_MAX_AGE_SECS,
        });
    }
    let options = [
        ("login_hint", request.login_hint, MAX_OPTION_LEN),
        ("id_token_hint", request.id_token_hint, MAX_TOKEN_LEN),
        ("ui_locales", request.ui_locales, MAX_OPTION_LEN),
        ("acr_values", request.acr_values, MAX_SCOPE_LEN),
    ];
    for (name, value, max) in options {
        if value.is_some_and(|v| v.is_empty() || v.len() > max) {
            return Err(RequestError::InvalidOptionValue { name });
        }
    }
    if request.extra.len() > MAX_EXTRA_PARAMS {
        return Err(RequestError::TooManyExtraParameters {
            limit: MAX_EXTRA_PARAMS,
        });
    }
    let endpoint_query = uri::split(&config.authorization_endpoint)
        .and_then(|p| p.query)
        .unwrap_or("");
    // Validated when the configuration was built.
    let endpoint_names = || query_names(endpoint_query).filter_map(Result::ok);
    for (index, (name, _)) in request.extra.iter().enumerate() {
        if name.is_empty() {
            return Err(RequestError::EmptyExtraParameterName { index });
        }
        let reserved =
            PROTOCOL_PARAMETERS.contains(name) || endpoint_names().any(|n| n.eq_str(name));
        if reserved {
            return Err(RequestError::ReservedExtraParameter { index });
        }
        if request
            .extra
            .iter()
            .take(index)
            .any(|(earlier, _)| earlier == name)
        {
            return Err(RequestError::RepeatedExtraParameter { index });
        }
    }
    Ok(())
}

/// The authorize URL, written on demand: into any [`fmt::Write`], a byte
/// buffer ([`write_to_slice`](Self::write_to_slice)), or a `String` with
/// `alloc` (`to_string()` through [`fmt::Display`]).
#[derive(Clone, Debug)]
pub struct AuthorizeUrl<'c> {
    config: &'c ClientConfig,
    request: AuthorizeRequest<'c>,
    scope: String<MAX_SCOPE_LEN>,
    state: State,
    nonce: Option<Nonce>,
}

impl AuthorizeUrl<'_> {
    /// Length of the URL in bytes.
    pub fn len(&self) -> usize {
        written_len(|w| self.write(w))
    }

    /// Always `false`: a URL has at least the endpoint.
    pub fn is_empty(&self) -> bool {
        false
    }

    /// Writes the URL into `buf`; a buffer that is too small gives the size
    /// needed.
    pub fn write_to_slice<'b>(&self, buf: &'b mut [u8]) -> Result<&'b str, RequestError> {
        write_to_slice(buf, |w| self.write(w))
            .map_err(|BufferTooSmall { needed }| RequestError::BufferTooSmall { needed })
    }

    /// Writes the URL into a fixed-capacity string.
    pub fn to_heapless<const N: usize>(&self) -> Result<String<N>, RequestError> {
        let mut out = String::new();
        self.write(&mut out)
            .map_err(|_| RequestError::BufferTooSmall { needed: self.len() })?;
        Ok(out)
    }

    fn write<W: fmt::Write + ?Sized>(&self, w: &mut W) -> fmt::Result {
        // Keep the endpoint's own query (RFC 6749 §3.1) and append to it.
        start_query(w, &self.config.authorization_endpoint)?;
        let r = &self.request;
        w.write_str("response_type=")?;
        percent_encode(w, r.response_type.as_str())?;
        param(w, "client_id", &self.config.client_id)?;
        param(w, "redirect_uri", &self.config.redirect_uri)?;
        param(w, "scope", &self.scope)?;
        param(w, "state", self.state.as_str())?;
        if let Some(nonce) = &self.nonce {
            param(w, "nonce", nonce.as_str())?;
        }
        if r.response_mode != ResponseMode::Fragment {
            param(w, "response_mode", r.response_mode.as_str())?;
        }
        if !r.prompt.is_empty() {
            w.write_str("&prompt=")?;
            let mut names: String<40> = String::new();
            r.prompt.write_names(&mut names)?;
            percent_encode(w, &names)?;
        }
        if let Some(max_age) = r.max_age {
            write!(w, "&max_age={max_age}")?;
        }
        let options = [
            ("login_hint", r.login_hint),
            ("id_token_hint", r.id_token_hint),
            ("ui_locales", r.ui_locales),
            ("acr_values", r.acr_values),
            ("display", r.display.map(|d| d.as_str())),
        ];
        for (name, value) in options {
            if let Some(value) = value {
                param(w, name, value)?;
            }
        }
        for (name, value) in r.extra {
            w.write_char('&')?;
            percent_encode(w, name)?;
            w.write_char('=')?;
            percent_encode(w, value)?;
        }
        Ok(())
    }
}

impl fmt::Display for AuthorizeUrl<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write(f)
    }
}
