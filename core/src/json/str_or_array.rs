//! `JsonStrOrArray`: a member that is one string or an array of strings,
//! like the `aud` claim (RFC 7519 §4.1.3).

use core::fmt;

use serde::de::{SeqAccess, Visitor};

use super::de::RAW_STR_MAGIC;
use super::str::JsonStr;

/// One JSON string, or an array of at most `N` JSON strings (possibly
/// empty: whether that is acceptable is the caller's decision).
///
/// Deserializing more than `N` elements fails (with this crate's reader, as
/// `JsonError::ArrayTooLong { limit: N }`), as does any element that is not
/// a string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonStrOrArray<'a, const N: usize> {
    repr: Repr<'a, N>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Repr<'a, const N: usize> {
    Single(JsonStr<'a>),
    Array(heapless::Vec<JsonStr<'a>, N>),
}

impl<'a, const N: usize> JsonStrOrArray<'a, N> {
    /// The lone-string form.
    pub(super) const fn single(s: JsonStr<'a>) -> Self {
        Self {
            repr: Repr::Single(s),
        }
    }

    /// The array form.
    pub(super) const fn array(items: heapless::Vec<JsonStr<'a>, N>) -> Self {
        Self {
            repr: Repr::Array(items),
        }
    }

    /// The strings, in order (one for the single-string form).
    #[must_use]
    pub fn as_slice(&self) -> &[JsonStr<'a>] {
        match &self.repr {
            Repr::Single(s) => core::slice::from_ref(s),
            Repr::Array(v) => v.as_slice(),
        }
    }

    /// Iterates over the strings.
    pub fn iter(&self) -> impl Iterator<Item = JsonStr<'a>> + '_ {
        self.as_slice().iter().copied()
    }

    /// How many strings there are.
    #[must_use]
    pub fn len(&self) -> usize {
        self.as_slice().len()
    }

    /// Whether it is an empty array.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.as_slice().is_empty()
    }

    /// Whether the JSON value was an array (even of one element) rather
    /// than a lone string.
    #[must_use]
    pub const fn is_array(&self) -> bool {
        matches!(self.repr, Repr::Array(_))
    }

    /// Whether one of the strings decodes to `s`.
    #[must_use]
    pub fn contains_str(&self, s: &str) -> bool {
        self.iter().any(|item| item.eq_str(s))
    }
}

impl<'de: 'a, 'a, const N: usize> serde::Deserialize<'de> for JsonStrOrArray<'a, N> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // The raw-string request makes our reader hand a string over as its
        // escaped body and an array as a sequence (whose elements are
        // `JsonStr`s, read the same way).
        deserializer.deserialize_newtype_struct(RAW_STR_MAGIC, StrOrArrayVisitor::<N>)
    }
}

/// Takes a string or a sequence of strings.
struct StrOrArrayVisitor<const N: usize>;

impl<'de, const N: usize> Visitor<'de> for StrOrArrayVisitor<N> {
    type Value = JsonStrOrArray<'de, N>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a string or an array of at most {N} strings")
    }

    fn visit_borrowed_str<E: serde::de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        let s = JsonStr::from_escaped(v)
            .map_err(|_| E::invalid_value(serde::de::Unexpected::Str(v), &self))?;
        Ok(JsonStrOrArray::single(s))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut items = heapless::Vec::new();
        let mut count = 0usize;
        while let Some(item) = seq.next_element::<JsonStr<'de>>()? {
            count = count.saturating_add(1);
            // Reported as the number of elements taken, which our reader
            // turns into `ArrayTooLong { limit: N }`.
            items
                .push(item)
                .map_err(|_| serde::de::Error::invalid_length(count, &self))?;
        }
        Ok(JsonStrOrArray::array(items))
    }
}
