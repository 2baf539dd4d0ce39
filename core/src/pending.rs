//! The pending authorization: what the app keeps across the redirect.
//!
//! It is a value that is consumed once: completing it takes `self`. It can be
//! written to a compact, versioned, checksummed text form so that an app
//! killed while the browser is open can resume.
//!
//! The text form is form-encoded, so it reuses this crate's strict decoder:
//! `oidc-implicit-pending=1&rt=…&rm=…&state=…&nonce=…&scope=…&redirect_uri=…`
//! `&issuer=…&client_id=…&max_age=…&acr=…&created_at=…&expires_at=…&check=…`,
//! where `check` is the first 16 bytes of SHA-256 over everything before
//! `&check=`, base64url. The checksum catches truncation and corruption, not a
//! deliberate forgery: the text holds no secret that a forger lacks, so keep
//! it where other apps cannot write (it is as sensitive as a session cookie).

use core::fmt;

use base64ct::{Base64UrlUnpadded, Encoding};
use heapless::String;
use sha2::{Digest, Sha256};

use crate::form::{BufferTooSmall, FormParams, FormValue};
use crate::limits::{
    MAX_CLIENT_ID_LEN, MAX_MAX_AGE_SECS, MAX_PENDING_TEXT_LEN, MAX_SCOPE_LEN, MAX_URL_LEN,
};
use crate::request::{ResponseMode, ResponseType};
use crate::secret::{Nonce, State};
use crate::time::UnixTime;
use crate::url_writer::param;

const MAGIC: &str = "oidc-implicit-pending";
const VERSION: &str = "1";
const CHECK_SEPARATOR: &str = "&check=";
/// base64url of 16 bytes.
const CHECK_LEN: usize = 22;

/// `text` before and after its last [`CHECK_SEPARATOR`], compared byte by
/// byte from the end, where the separator is. Not `str::rsplit_once` with a
/// `&str` pattern: it builds a two-way searcher (2.2 KB of a firmware
/// image) and slices with a panic path (see `uri::split`).
fn split_at_check(text: &str) -> Option<(&str, &str)> {
    let sep = CHECK_SEPARATOR.as_bytes();
    let at = text.as_bytes().windows(sep.len()).rposition(|w| w == sep)?;
    Some((text.get(..at)?, text.get(at.checked_add(sep.len())?..)?))
}

/// A field of the pending-authorization text form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum PendingField {
    /// `rt`: the response type.
    ResponseType,
    /// `rm`: the response mode.
    ResponseMode,
    /// `state`.
    State,
    /// `nonce`.
    Nonce,
    /// `scope`.
    Scope,
    /// `redirect_uri`.
    RedirectUri,
    /// `issuer`.
    Issuer,
    /// `client_id`.
    ClientId,
    /// `max_age`.
    MaxAge,
    /// `acr`: the required `acr` values.
    Acr,
    /// `created_at`.
    CreatedAt,
    /// `expires_at`.
    ExpiresAt,
}

impl PendingField {
    const ALL: [Self; 12] = [
        Self::ResponseType,
        Self::ResponseMode,
        Self::State,
        Self::Nonce,
        Self::Scope,
        Self::RedirectUri,
        Self::Issuer,
        Self::ClientId,
        Self::MaxAge,
        Self::Acr,
        Self::CreatedAt,
        Self::ExpiresAt,
    ];

    /// The name in the text form.
    pub const fn name(self) -> &'static str {
        match self {
            Self::ResponseType => "rt",
            Self::ResponseMode => "rm",
            Self::State => "state",
            Self::Nonce => "nonce",
            Self::Scope => "scope",
            Self::RedirectUri => "redirect_uri",
            Self::Issuer => "issuer",
            Self::ClientId => "client_id",
            Self::MaxAge => "max_age",
            Self::Acr => "acr",
            Self::CreatedAt => "created_at",
            Self::ExpiresAt => "expires_at",
        }
    }
}

/// Why a stored pending authorization could not be read back.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum PendingError {
    /// Longer than [`MAX_PENDING_TEXT_LEN`].
    TooLong {
        /// Its length.
        len: usize,
        /// Most accepted.
        max: usize,
    },
    /// Does not start with this library's marker: not a pending
    /// authorization (or one from another library).
    Foreign,
    /// Written by a version of this library whose format this one does not
    /// read.
    UnsupportedVersion,
    /// The checksum is missing: the text was cut short.
    Truncated,
    /// The checksum does not match: the text was altered or corrupted.
    ChecksumMismatch,
    /// The form encoding is broken.
    Malformed(crate::FormError),
    /// A required field is missing.
    MissingField(PendingField),
    /// A field's value is invalid.
    InvalidField(PendingField),
    /// A field this version does not know.
    UnknownField,
    /// The output buffer is too small.
    BufferTooSmall {
        /// Bytes needed.
        needed: usize,
    },
}

impl fmt::Display for PendingError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::TooLong { len, max } => write!(
                f,
                "pending authorization is {len} bytes, at most {max} accepted"
            ),
            Self::Foreign => f.write_str("not a pending authorization written by oidc-implicit"),
            Self::UnsupportedVersion => {
                f.write_str("pending authorization written in an unsupported format version")
            }
            Self::Truncated => f.write_str("pending authorization is truncated (no checksum)"),
            Self::ChecksumMismatch => {
                f.write_str("pending authorization checksum mismatch: altered or corrupted")
            }
            Self::Malformed(e) => write!(f, "pending authorization is malformed: {e}"),
            Self::MissingField(field) => {
                write!(f, "pending authorization lacks `{}`", field.name())
            }
            Self::InvalidField(field) => {
                write!(f, "pending authorization has an invalid `{}`", field.name())
            }
            Self::UnknownField => f.write_str("pending authorization has an unknown field"),
            Self::BufferTooSmall { needed } => write!(f, "buffer too small: {needed} bytes needed"),
        }
    }
}

impl core::error::Error for PendingError {}

/// An authorization request in flight: created with the authorize URL,
/// consumed when the redirect comes back. Not `Clone`: it completes once.
///
/// Holds what the response is checked against: `state`, `nonce`, the
/// response type and mode, the scope, the redirect URI, issuer, client,
/// `max_age`, required `acr` values, and when it was created and expires.
#[derive(PartialEq, Eq)]
pub struct PendingAuthorization {
    pub(crate) state: State,
    pub(crate) nonce: Option<Nonce>,
    pub(crate) response_type: ResponseType,
    pub(crate) response_mode: ResponseMode,
    pub(crate) scope: String<MAX_SCOPE_LEN>,
    pub(crate) redirect_uri: String<MAX_URL_LEN>,
    pub(crate) issuer: String<MAX_URL_LEN>,
    pub(crate) client_id: String<MAX_CLIENT_ID_LEN>,
    pub(crate) max_age: Option<u64>,
    pub(crate) required_acr: Option<String<MAX_SCOPE_LEN>>,
    pub(crate) created_at: UnixTime,
    pub(crate) expires_at: UnixTime,
}

impl fmt::Debug for PendingAuthorization {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PendingAuthorization")
            .field("state", &self.state)
            .field("nonce", &self.nonce)
            .field("response_type", &self.response_type)
            .field("response_mode", &self.response_mode)
            .field("scope", &self.scope)
            .field("issuer", &self.issuer)
            .field("client_id", &self.client_id)
            .field("created_at", &self.created_at)
            .field("expires_at", &self.expires_at)
            .finish_non_exhaustive()
    }
}

impl PendingAuthorization {
    /// The `state` sent: the key under which to store this value, and what
    /// [`redirect_state`](crate::redirect_state) returns for its redirect.
    pub fn state(&self) -> &str {
        self.state.as_str()
    }

    /// Whether a received `state` is this one's (constant time).
    pub fn matches_state(&self, received: &FormValue<'_>) -> bool {
        received.ct_eq(self.state.as_str().as_bytes())
    }

    /// The response type requested.
    pub fn response_type(&self) -> ResponseType {
        self.response_type
    }

    /// The response mode requested.
    pub fn response_mode(&self) -> ResponseMode {
        self.response_mode
    }

    /// The scope requested.
    pub fn scope(&self) -> &str {
        &self.scope
    }

    /// The issuer the request went to.
    pub fn issuer(&self) -> &str {
        &self.issuer
    }

    /// The client that made the request.
    pub fn client_id(&self) -> &str {
        &self.client_id
    }

    /// The redirect URI sent.
    pub fn redirect_uri(&self) -> &str {
        &self.redirect_uri
    }

    /// The `max_age` sent, if any.
    pub fn max_age(&self) -> Option<u64> {
        self.max_age
    }

    /// When the request was made.
    pub fn created_at(&self) -> UnixTime {
        self.created_at
    }

    /// After this instant the redirect is refused.
    pub fn expires_at(&self) -> UnixTime {
        self.expires_at
    }

    /// Writes the text form (see the module docs).
    pub fn write_serialized<W: fmt::Write + ?Sized>(&self, w: &mut W) -> fmt::Result {
        let mut hasher = HashingWriter(Sha256::new());
        self.write_body(&mut hasher)?;
        let digest = hasher.0.finalize();
        let mut check = [0u8; CHECK_LEN];
        let check = Base64UrlUnpadded::encode(digest.get(..16).ok_or(fmt::Error)?, &mut check)
            .map_err(|_| fmt::Error)?;
        self.write_body(w)?;
        w.write_str(CHECK_SEPARATOR)?;
        w.write_str(check)
    }

    /// Length of the text form in bytes.
    pub fn serialized_len(&self) -> usize {
        crate::url_writer::written_len(|w| self.write_serialized(w))
    }

    /// Writes the text form into `buf`.
    pub fn serialize_into<'b>(&self, buf: &'b mut [u8]) -> Result<&'b str, PendingError> {
        crate::url_writer::write_to_slice(buf, |w| self.write_serialized(w))
            .map_err(|BufferTooSmall { needed }| PendingError::BufferTooSmall { needed })
    }

    /// The text form as an owned string.
    #[cfg(feature = "alloc")]
    pub fn serialize(&self) -> alloc::string::String {
        let mut out = alloc::string::String::with_capacity(self.serialized_len());
        let _ = self.write_serialized(&mut out);
        out
    }

    fn write_body<W: fmt::Write + ?Sized>(&self, w: &mut W) -> fmt::Result {
        write!(
            w,
            "{MAGIC}={VERSION}&rt={}&rm={}",
            self.response_type.code(),
            self.response_mode.as_str()
        )?;
        param(w, PendingField::State.name(), self.state.as_str())?;
        if let Some(nonce) = &self.nonce {
            param(w, PendingField::Nonce.name(), nonce.as_str())?;
        }
        param(w, PendingField::Scope.name(), &self.scope)?;
        param(w, PendingField::RedirectUri.name(), &self.redirect_uri)?;
        param(w, PendingField::Issuer.name(), &self.issuer)?;
        param(w, PendingField::ClientId.name(), &self.client_id)?;
        if let Some(max_age) = self.max_age {
            write!(w, "&max_age={max_age}")?;
        }
        if let Some(acr) = &self.required_acr {
            param(w, PendingField::Acr.name(), acr)?;
        }
        write!(
            w,
            "&created_at={}&expires_at={}",
            self.created_at, self.expires_at
        )
    }

    /// Reads back the text form, refusing anything truncated, altered or not
    /// written by this library.
    pub fn deserialize(text: &str) -> Result<Self, PendingError> {
        if text.len() > MAX_PENDING_TEXT_LEN {
            return Err(PendingError::TooLong {
                len: text.len(),
                max: MAX_PENDING_TEXT_LEN,
            });
        }
        let Some(after_magic) = text.strip_prefix(MAGIC).and_then(|t| t.strip_prefix('=')) else {
            return Err(PendingError::Foreign);
        };
        if !after_magic.starts_with(VERSION)
            || !after_magic
                .get(VERSION.len()..)
                .is_some_and(|t| t.starts_with('&'))
        {
            return Err(PendingError::UnsupportedVersion);
        }
        let (body, check) = split_at_check(text).ok_or(PendingError::Truncated)?;
        let digest = Sha256::digest(body.as_bytes());
        let mut expected = [0u8; CHECK_LEN];
        let expected = Base64UrlUnpadded::encode(
            digest.get(..16).ok_or(PendingError::Truncated)?,
            &mut expected,
        )
        .map_err(|_| PendingError::Truncated)?;
        if check.len() < CHECK_LEN {
            return Err(PendingError::Truncated);
        }
        if check != expected {
            return Err(PendingError::ChecksumMismatch);
        }

        let params = FormParams::parse(body, 0).map_err(PendingError::Malformed)?;
        for pair in params.pairs() {
            let known = pair.name.eq_str(MAGIC)
                || PendingField::ALL.iter().any(|f| pair.name.eq_str(f.name()));
            if !known {
                return Err(PendingError::UnknownField);
            }
        }
        let get = |f: PendingField| params.get(f.name());
        let required = |f: PendingField| get(f).ok_or(PendingError::MissingField(f));

        let response_type = text_field::<8>(
            required(PendingField::ResponseType)?,
            PendingField::ResponseType,
        )
        .ok()
        .and_then(|c| ResponseType::from_code(&c))
        .ok_or(PendingError::InvalidField(PendingField::ResponseType))?;
        let response_mode = text_field::<16>(
            required(PendingField::ResponseMode)?,
            PendingField::ResponseMode,
        )
        .ok()
        .and_then(|c| ResponseMode::from_code(&c))
        .ok_or(PendingError::InvalidField(PendingField::ResponseMode))?;
        let state = required(PendingField::State)?
            .as_plain()
            .and_then(State::parse)
            .ok_or(PendingError::InvalidField(PendingField::State))?;
        let nonce = match get(PendingField::Nonce) {
            Some(v) => Some(
                v.as_plain()
                    .and_then(Nonce::parse)
                    .ok_or(PendingError::InvalidField(PendingField::Nonce))?,
            ),
            None if response_type.has_id_token() => {
                return Err(PendingError::MissingField(PendingField::Nonce));
            }
            None => None,
        };
        let scope = text_field(required(PendingField::Scope)?, PendingField::Scope)?;
        crate::scope::validate(&scope, MAX_SCOPE_LEN)
            .map_err(|_| PendingError::InvalidField(PendingField::Scope))?;
        let redirect_uri = text_field(
            required(PendingField::RedirectUri)?,
            PendingField::RedirectUri,
        )?;
        let issuer = text_field(required(PendingField::Issuer)?, PendingField::Issuer)?;
        let client_id = text_field(required(PendingField::ClientId)?, PendingField::ClientId)?;
        let max_age = match get(PendingField::MaxAge) {
            Some(v) => Some(number(v, PendingField::MaxAge).and_then(|n| {
                if n <= MAX_MAX_AGE_SECS {
                    Ok(n)
                } else {
                    Err(PendingError::InvalidField(PendingField::MaxAge))
                }
            })?),
            None => None,
        };
        let required_acr = match get(PendingField::Acr) {
            Some(v) => Some(text_field(v, PendingField::Acr)?),
            None => None,
        };
        let created_at = time_field(required(PendingField::CreatedAt)?, PendingField::CreatedAt)?;
        let expires_at = time_field(required(PendingField::ExpiresAt)?, PendingField::ExpiresAt)?;
        if expires_at < created_at {
            return Err(PendingError::InvalidField(PendingField::ExpiresAt));
        }
        Ok(Self {
            state,
            nonce,
            response_type,
            response_mode,
            scope,
            redirect_uri,
            issuer,
            client_id,
            max_age,
            required_acr,
            created_at,
            expires_at,
        })
    }
}

#[cfg(feature = "dangerous-test-hooks")]
impl PendingAuthorization {
    /// **Dangerous: for known-answer and conformance tests only.** Builds a
    /// pending authorization with a given `state` and `nonce` (1 to 64
    /// VSCHAR each), as published test vectors (OIDC Core Appendix A) and
    /// certification providers require. Real apps must use
    /// [`ClientConfig::authorize`](crate::ClientConfig::authorize), which
    /// derives both from host entropy. `None` when a value is unusable.
    #[doc(hidden)]
    #[allow(clippy::too_many_arguments)]
    pub fn dangerous_with_known_values(
        config: &crate::ClientConfig,
        response_type: ResponseType,
        response_mode: ResponseMode,
        scope: &str,
        state: &str,
        nonce: Option<&str>,
        max_age: Option<u64>,
        created_at: UnixTime,
    ) -> Option<Self> {
        Some(Self {
            state: State::verbatim(state)?,
            nonce: match nonce {
                Some(n) => Some(Nonce::verbatim(n)?),
                None => None,
            },
            response_type,
            response_mode,
            scope: String::try_from(scope).ok()?,
            redirect_uri: config.redirect_uri.clone(),
            issuer: config.issuer.clone(),
            client_id: config.client_id.clone(),
            max_age,
            required_acr: None,
            created_at,
            expires_at: created_at.saturating_add(config.pending_lifetime_secs),
        })
    }
}

fn text_field<const N: usize>(
    value: FormValue<'_>,
    f: PendingField,
) -> Result<String<N>, PendingError> {
    let mut out = String::new();
    value
        .write_to(&mut out)
        .map_err(|_| PendingError::InvalidField(f))?;
    Ok(out)
}

fn number(value: FormValue<'_>, f: PendingField) -> Result<u64, PendingError> {
    let text = value.as_plain().ok_or(PendingError::InvalidField(f))?;
    crate::response::parse_digits(text).ok_or(PendingError::InvalidField(f))
}

fn time_field(value: FormValue<'_>, f: PendingField) -> Result<UnixTime, PendingError> {
    number(value, f)
        .ok()
        .and_then(UnixTime::from_secs)
        .ok_or(PendingError::InvalidField(f))
}

/// Feeds formatted text into a hash.
struct HashingWriter(Sha256);

impl fmt::Write for HashingWriter {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.0.update(s.as_bytes());
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn split_at_check_cuts_at_the_last_separator() {
        let cases = [
            ("a=1&check=XYZ", Some(("a=1", "XYZ"))),
            ("a=1&check=&check=XYZ", Some(("a=1&check=", "XYZ"))),
            ("&check=", Some(("", ""))),
            ("a=1&check", None),
            ("a=1check=XYZ", None),
            ("", None),
            ("é&check=ü", Some(("é", "ü"))),
        ];
        for (text, expected) in cases {
            assert_eq!(split_at_check(text), expected, "{text}");
        }
    }

    proptest! {
        #[test]
        fn split_at_check_is_rsplit_once(text in "([a-c&=é]|&check=){0,12}") {
            prop_assert_eq!(split_at_check(&text), text.rsplit_once(CHECK_SEPARATOR));
        }
    }
}
