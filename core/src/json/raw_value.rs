//! `RawValue`: any JSON value kept as its checked text, for members that
//! are read later, or by another type (one JWK of a set, an optional claim).

use core::fmt;

use super::de::RAW_VALUE_MAGIC;
use super::error::JsonKind;
use super::reader::kind_of;
use super::str::JsonStr;

/// One JSON value as it appears in the input, borrowed. Our reader checks
/// it as strictly as any value (grammar, escapes, duplicate names, depth)
/// before handing it over; whitespace inside it is kept, around it is not.
///
/// Deserializing a `RawValue` works with this crate's JSON reader only.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct RawValue<'a> {
    text: &'a str,
}

impl<'a> RawValue<'a> {
    /// `text`, which our reader has just read as one whole value.
    pub(crate) const fn checked(text: &'a str) -> Self {
        Self { text }
    }

    /// The JSON text of the value.
    #[must_use]
    pub const fn as_text(&self) -> &'a str {
        self.text
    }

    /// The JSON text of the value, as bytes (to parse it again).
    #[must_use]
    pub const fn as_bytes(&self) -> &'a [u8] {
        self.text.as_bytes()
    }

    /// What kind of value it is.
    #[must_use]
    pub fn kind(&self) -> JsonKind {
        self.text
            .as_bytes()
            .first()
            .and_then(|&b| kind_of(b))
            .unwrap_or(JsonKind::Other)
    }

    /// The string, when the value is one.
    #[must_use]
    pub fn as_str(&self) -> Option<JsonStr<'a>> {
        let body = self.text.strip_prefix('"')?.strip_suffix('"')?;
        JsonStr::from_escaped(body).ok()
    }

    /// The boolean, when the value is one.
    #[must_use]
    pub fn as_bool(&self) -> Option<bool> {
        match self.text {
            "true" => Some(true),
            "false" => Some(false),
            _ => None,
        }
    }

    /// Whether the value is `null`.
    #[must_use]
    pub fn is_null(&self) -> bool {
        self.text == "null"
    }
}

impl fmt::Debug for RawValue<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "RawValue({})", self.text)
    }
}

impl<'de: 'a, 'a> serde::Deserialize<'de> for RawValue<'a> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // Our reader answers this name with the value's text; other
        // deserializers treat it as a plain newtype and get an error.
        deserializer.deserialize_newtype_struct(RAW_VALUE_MAGIC, RawValueVisitor)
    }
}

/// Takes the text our reader hands over.
struct RawValueVisitor;

impl<'de> serde::de::Visitor<'de> for RawValueVisitor {
    type Value = RawValue<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value read by the oidc-implicit JSON reader")
    }

    fn visit_borrowed_str<E: serde::de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        // No method relies on the text being valid JSON (`as_str` checks
        // the string again, and reading the text again checks everything),
        // so only its first byte is checked here.
        match v.as_bytes().first().and_then(|&b| kind_of(b)) {
            Some(_) => Ok(RawValue { text: v }),
            None => Err(E::invalid_value(serde::de::Unexpected::Str(v), &self)),
        }
    }
}
