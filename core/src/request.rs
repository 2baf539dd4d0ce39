//! What an app asks for: response type and mode, prompt, display, and the
//! authorize request's other options.

use core::fmt;

/// The `response_type` of an Implicit-flow request.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ResponseType {
    /// `id_token`: an ID token only (OIDC Core §3.2). Authenticates the user;
    /// no access token.
    IdToken,
    /// `id_token token`: an ID token and an access token bound to it by
    /// `at_hash` (OIDC Core §3.2).
    IdTokenToken,
    /// `token`: the plain OAuth 2.0 implicit grant (RFC 6749 §4.2). Its
    /// result **authenticates nobody** (RFC 6749 §10.16): the access token
    /// proves that *some* client was authorized, not who the user is. Only
    /// `state` and the token's shape can be checked. RFC 9700 §2.1.2 says not
    /// to use it; it exists for providers that offer nothing else.
    Token,
}

impl ResponseType {
    /// The value sent in `response_type`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::IdToken => "id_token",
            Self::IdTokenToken => "id_token token",
            Self::Token => "token",
        }
    }

    /// Parses a space-delimited `response_type`; order does not matter
    /// (RFC 6749 §3.1.1), so `token id_token` is `id_token token`.
    pub fn parse(text: &str) -> Result<Self, RequestError> {
        let (mut id_token, mut token, mut count) = (false, false, 0u8);
        for word in text.split(' ') {
            match word {
                "id_token" if !id_token => id_token = true,
                "token" if !token => token = true,
                "code" => return Err(RequestError::CodeFlowNotSupported),
                _ => return Err(RequestError::UnknownResponseType),
            }
            count = count.saturating_add(1);
        }
        match (id_token, token, count) {
            (true, false, 1) => Ok(Self::IdToken),
            (true, true, 2) => Ok(Self::IdTokenToken),
            (false, true, 1) => Ok(Self::Token),
            _ => Err(RequestError::UnknownResponseType),
        }
    }

    /// Whether the response carries an ID token to verify.
    pub const fn has_id_token(self) -> bool {
        matches!(self, Self::IdToken | Self::IdTokenToken)
    }

    /// Whether the response carries an access token.
    pub const fn has_access_token(self) -> bool {
        matches!(self, Self::IdTokenToken | Self::Token)
    }

    pub(crate) const fn code(self) -> &'static str {
        match self {
            Self::IdToken => "i",
            Self::IdTokenToken => "it",
            Self::Token => "t",
        }
    }

    pub(crate) fn from_code(code: &str) -> Option<Self> {
        match code {
            "i" => Some(Self::IdToken),
            "it" => Some(Self::IdTokenToken),
            "t" => Some(Self::Token),
            _ => None,
        }
    }
}

/// How the provider returns the response.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ResponseMode {
    /// In the redirect URI's fragment (the default; not sent, per OIDC Core
    /// §3.1.2.1 and OAuth Multiple Response Types §2.1).
    #[default]
    Fragment,
    /// As an auto-submitted HTML form POST to the redirect URI (OAuth 2.0
    /// Form Post Response Mode); keeps tokens out of browser history.
    FormPost,
}

impl ResponseMode {
    /// The `response_mode` value.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Fragment => "fragment",
            Self::FormPost => "form_post",
        }
    }

    /// Parses a `response_mode`. `query` is refused: tokens must never travel
    /// in a query string (OAuth Multiple Response Types §3, §5, §7).
    pub fn parse(text: &str) -> Result<Self, RequestError> {
        match text {
            "fragment" => Ok(Self::Fragment),
            "form_post" => Ok(Self::FormPost),
            "query" => Err(RequestError::QueryResponseModeRefused),
            _ => Err(RequestError::UnknownResponseMode),
        }
    }

    pub(crate) fn from_code(code: &str) -> Option<Self> {
        match code {
            "fragment" => Some(Self::Fragment),
            "form_post" => Some(Self::FormPost),
            _ => None,
        }
    }
}

/// The `prompt` values (OIDC Core §3.1.2.1), a set.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Prompt(u8);

impl Prompt {
    /// No prompt parameter.
    pub const EMPTY: Self = Self(0);
    /// `none`: no UI at all; for silent renewal. Errors such as
    /// `login_required` come back instead.
    pub const NONE: Self = Self(1);
    /// `login`: re-authenticate.
    pub const LOGIN: Self = Self(2);
    /// `consent`: ask for consent again.
    pub const CONSENT: Self = Self(4);
    /// `select_account`: let the user pick an account.
    pub const SELECT_ACCOUNT: Self = Self(8);

    const NAMES: [(Self, &'static str); 4] = [
        (Self::NONE, "none"),
        (Self::LOGIN, "login"),
        (Self::CONSENT, "consent"),
        (Self::SELECT_ACCOUNT, "select_account"),
    ];

    /// Both sets.
    #[must_use]
    pub const fn union(self, other: Self) -> Self {
        Self(self.0 | other.0)
    }

    /// Whether every value in `other` is in `self`.
    pub const fn contains(self, other: Self) -> bool {
        self.0 & other.0 == other.0
    }

    /// Whether no value is set.
    pub const fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// Writes the space-delimited names.
    pub(crate) fn write_names<W: fmt::Write + ?Sized>(self, w: &mut W) -> fmt::Result {
        let mut first = true;
        for (flag, name) in Self::NAMES {
            if self.contains(flag) {
                if !first {
                    w.write_char(' ')?;
                }
                w.write_str(name)?;
                first = false;
            }
        }
        Ok(())
    }
}

/// The `display` values (OIDC Core §3.1.2.1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum DisplayMode {
    /// A full user-agent page.
    Page,
    /// A popup window.
    Popup,
    /// A touch interface.
    Touch,
    /// A feature-phone interface.
    Wap,
}

impl DisplayMode {
    /// The `display` value.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Page => "page",
            Self::Popup => "popup",
            Self::Touch => "touch",
            Self::Wap => "wap",
        }
    }
}

/// Why an authorize request could not be built.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum RequestError {
    /// The host's entropy was refused.
    Entropy(crate::EntropyError),
    /// The requested scope is not a valid scope string.
    InvalidScope(crate::ScopeError),
    /// `prompt=none` combined with another value (OIDC Core §3.1.2.1 makes
    /// that an error at the provider).
    PromptNoneCombined,
    /// `max_age` above [`MAX_MAX_AGE_SECS`](crate::limits::MAX_MAX_AGE_SECS).
    MaxAgeTooLarge {
        /// Seconds asked for.
        secs: u64,
        /// Most accepted.
        max: u64,
    },
    /// More than [`MAX_EXTRA_PARAMS`](crate::limits::MAX_EXTRA_PARAMS) extra
    /// parameters.
    TooManyExtraParameters {
        /// The limit.
        limit: usize,
    },
    /// Extra parameter number `index` has an empty name.
    EmptyExtraParameterName {
        /// Position in the list.
        index: usize,
    },
    /// Extra parameter number `index` would override a protocol parameter or
    /// one in the endpoint's own query.
    ReservedExtraParameter {
        /// Position in the list.
        index: usize,
    },
    /// Extra parameter number `index` repeats an earlier one.
    RepeatedExtraParameter {
        /// Position in the list.
        index: usize,
    },
    /// A hint or option value is empty or longer than the limit for it.
    InvalidOptionValue {
        /// The parameter name.
        name: &'static str,
    },
    /// `response_type` names the code flow, which this library does not do.
    CodeFlowNotSupported,
    /// `response_type` is not `id_token`, `id_token token` or `token`.
    UnknownResponseType,
    /// `response_mode=query` is never used for these response types.
    QueryResponseModeRefused,
    /// `response_mode` is neither `fragment` nor `form_post`.
    UnknownResponseMode,
    /// The output buffer is too small for the URL.
    BufferTooSmall {
        /// Bytes needed.
        needed: usize,
    },
}

impl fmt::Display for RequestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Entropy(e) => fmt::Display::fmt(e, f),
            Self::InvalidScope(e) => write!(f, "scope: {e}"),
            Self::PromptNoneCombined => {
                f.write_str("prompt=none cannot be combined with other prompt values")
            }
            Self::MaxAgeTooLarge { secs, max } => write!(f, "max_age of {secs} s exceeds {max} s"),
            Self::TooManyExtraParameters { limit } => {
                write!(f, "more than {limit} extra parameters")
            }
            Self::EmptyExtraParameterName { index } => {
                write!(f, "extra parameter {index} has an empty name")
            }
            Self::ReservedExtraParameter { index } => {
                write!(
                    f,
                    "extra parameter {index} would override a parameter the library sets"
                )
            }
            Self::RepeatedExtraParameter { index } => {
                write!(f, "extra parameter {index} is repeated")
            }
            Self::InvalidOptionValue { name } => write!(f, "{name} is empty or too long"),
            Self::CodeFlowNotSupported => {
                f.write_str("the code flow is not supported by this library")
            }
            Self::UnknownResponseType => {
                f.write_str("response_type must be id_token, id_token token or token")
            }
            Self::QueryResponseModeRefused => f.write_str(
                "response_mode=query is refused: tokens must not travel in a query string",
            ),
            Self::UnknownResponseMode => f.write_str("response_mode must be fragment or form_post"),
            Self::BufferTooSmall { needed } => {
                write!(f, "URL buffer too small: {needed} bytes needed")
            }
        }
    }
}

impl core::error::Error for RequestError {}

/// The options of one authorize request. Borrowed: nothing is copied until
/// the URL is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[must_use]
pub struct AuthorizeRequest<'a> {
    pub(crate) response_type: ResponseType,
    pub(crate) response_mode: ResponseMode,
    pub(crate) scope: Option<&'a str>,
    pub(crate) prompt: Prompt,
    pub(crate) max_age: Option<u64>,
    pub(crate) login_hint: Option<&'a str>,
    pub(crate) id_token_hint: Option<&'a str>,
    pub(crate) ui_locales: Option<&'a str>,
    pub(crate) acr_values: Option<&'a str>,
    pub(crate) require_acr: bool,
    pub(crate) display: Option<DisplayMode>,
    pub(crate) extra: &'a [(&'a str, &'a str)],
}

impl<'a> AuthorizeRequest<'a> {
    /// A request for `response_type`, fragment mode, the default scope.
    pub const fn new(response_type: ResponseType) -> Self {
        Self {
            response_type,
            response_mode: ResponseMode::Fragment,
            scope: None,
            prompt: Prompt::EMPTY,
            max_age: None,
            login_hint: None,
            id_token_hint: None,
            ui_locales: None,
            acr_values: None,
            require_acr: false,
            display: None,
            extra: &[],
        }
    }

    /// How the response comes back.
    pub const fn response_mode(mut self, mode: ResponseMode) -> Self {
        self.response_mode = mode;
        self
    }

    /// The space-delimited scope; `openid` is added when an ID token is
    /// requested and the scope lacks it.
    pub const fn scope(mut self, scope: &'a str) -> Self {
        self.scope = Some(scope);
        self
    }

    /// `prompt` values, e.g. `Prompt::LOGIN.union(Prompt::CONSENT)`.
    pub const fn prompt(mut self, prompt: Prompt) -> Self {
        self.prompt = prompt;
        self
    }

    /// `max_age` in seconds; the ID token must then carry `auth_time`, and
    /// an older authentication is rejected.
    pub const fn max_age(mut self, secs: u64) -> Self {
        self.max_age = Some(secs);
        self
    }

    /// `login_hint`, e.g. an e-mail address.
    pub const fn login_hint(mut self, hint: &'a str) -> Self {
        self.login_hint = Some(hint);
        self
    }

    /// `id_token_hint`: a previously issued ID token.
    pub const fn id_token_hint(mut self, token: &'a str) -> Self {
        self.id_token_hint = Some(token);
        self
    }

    /// `ui_locales`, space-delimited BCP 47 tags.
    pub const fn ui_locales(mut self, locales: &'a str) -> Self {
        self.ui_locales = Some(locales);
        self
    }

    /// `acr_values` as a voluntary request: sent, not enforced.
    pub const fn acr_values(mut self, values: &'a str) -> Self {
        self.acr_values = Some(values);
        self.require_acr = false;
        self
    }

    /// `acr_values` that the ID token's `acr` **must** match (one of them);
    /// a token with another or no `acr` is rejected.
    pub const fn require_acr(mut self, values: &'a str) -> Self {
        self.acr_values = Some(values);
        self.require_acr = true;
        self
    }

    /// `display`.
    pub const fn display(mut self, display: DisplayMode) -> Self {
        self.display = Some(display);
        self
    }

    /// Provider-specific parameters (Okta's `idp`, `sessionToken`, …). They
    /// may not repeat or override the protocol parameters.
    pub const fn extra(mut self, params: &'a [(&'a str, &'a str)]) -> Self {
        self.extra = params;
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn response_type_parsing() {
        let cases: &[(&str, Result<ResponseType, RequestError>)] = &[
            ("id_token", Ok(ResponseType::IdToken)),
            ("id_token token", Ok(ResponseType::IdTokenToken)),
            ("token id_token", Ok(ResponseType::IdTokenToken)),
            ("token", Ok(ResponseType::Token)),
            ("code", Err(RequestError::CodeFlowNotSupported)),
            ("code id_token", Err(RequestError::CodeFlowNotSupported)),
            ("id_token id_token", Err(RequestError::UnknownResponseType)),
            ("id_token  token", Err(RequestError::UnknownResponseType)),
            ("", Err(RequestError::UnknownResponseType)),
            ("ID_TOKEN", Err(RequestError::UnknownResponseType)),
        ];
        for (text, expected) in cases {
            assert_eq!(ResponseType::parse(text), *expected, "{text:?}");
        }
        for rt in [
            ResponseType::IdToken,
            ResponseType::IdTokenToken,
            ResponseType::Token,
        ] {
            assert_eq!(ResponseType::parse(rt.as_str()), Ok(rt));
            assert_eq!(ResponseType::from_code(rt.code()), Some(rt));
        }
    }

    #[test]
    fn response_mode_parsing() {
        assert_eq!(ResponseMode::parse("fragment"), Ok(ResponseMode::Fragment));
        assert_eq!(ResponseMode::parse("form_post"), Ok(ResponseMode::FormPost));
        assert_eq!(
            ResponseMode::parse("query"),
            Err(RequestError::QueryResponseModeRefused)
        );
        assert_eq!(
            ResponseMode::parse("web_message"),
            Err(RequestError::UnknownResponseMode)
        );
    }

    #[test]
    fn prompt_names() {
        let mut s = std::string::String::new();
        let _ = Prompt::SELECT_ACCOUNT
            .union(Prompt::LOGIN)
            .write_names(&mut s);
        assert_eq!(s, "login select_account");
    }
}
