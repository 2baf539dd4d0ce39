//! Member names and enum variant names as values of their own, and the
//! rules for handing string values to visitors.

use serde::de::{self, DeserializeSeed, Visitor};

use super::MAX_ESCAPED_NAME_LEN;
use super::de::RAW_STR_MAGIC;
use super::error::{JsonError, JsonKind};
use super::reader::RawStr;

/// Hands a string value to `visitor`: borrowed when it has no escapes;
/// decoded into a `String` when `owned` is asked for and `alloc` is on;
/// otherwise an error naming `JsonStr`, since a `&'de str` cannot point at
/// decoded text.
pub(super) fn visit_text<'de, V: Visitor<'de>>(
    s: RawStr<'de>,
    visitor: V,
    owned: bool,
) -> Result<V::Value, JsonError> {
    if let Some(plain) = s.value.as_plain() {
        return visitor.visit_borrowed_str(plain);
    }
    #[cfg(feature = "alloc")]
    if owned {
        // `visit_str`, not `visit_string`: the latter needs serde's own
        // `alloc` feature; owned targets copy either way.
        return visitor.visit_str(&s.value.to_string_decoded());
    }
    #[cfg(not(feature = "alloc"))]
    let _ = owned;
    Err(JsonError::EscapedStrNeedsJsonStr { offset: s.offset })
}

/// Hands a member or variant name to `visitor`, decoding escapes into a
/// stack buffer so that `"\u0069ss"` matches the field `iss`.
pub(super) fn visit_name<'de, V: Visitor<'de>>(
    name: RawStr<'de>,
    visitor: V,
) -> Result<V::Value, JsonError> {
    if let Some(plain) = name.value.as_plain() {
        return visitor.visit_borrowed_str(plain);
    }
    let mut buf = [0u8; MAX_ESCAPED_NAME_LEN];
    let decoded = name
        .value
        .decode_into(&mut buf)
        .map_err(|_| JsonError::EscapedNameTooLong {
            offset: name.offset,
            limit: MAX_ESCAPED_NAME_LEN,
        })?;
    visitor.visit_str(decoded)
}

/// Hands a one-character string to `visitor` as a `char`.
pub(super) fn visit_char<'de, V: Visitor<'de>>(
    s: RawStr<'de>,
    visitor: V,
) -> Result<V::Value, JsonError> {
    let mut chars = s.value.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) => visitor.visit_char(c),
        _ => Err(JsonError::InvalidValue {
            offset: Some(s.offset),
        }),
    }
}

/// A member name (or a variant name) as a value of its own.
pub(super) struct KeyDeserializer<'de> {
    pub(super) name: RawStr<'de>,
}

impl<'de> de::Deserializer<'de> for KeyDeserializer<'de> {
    type Error = JsonError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, JsonError> {
        visit_text(self.name, visitor, false)
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, JsonError> {
        visit_text(self.name, visitor, true)
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, JsonError> {
        visit_name(self.name, visitor)
    }

    fn deserialize_char<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, JsonError> {
        visit_char(self.name, visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, JsonError> {
        if name == RAW_STR_MAGIC {
            visitor.visit_borrowed_str(self.name.value.raw())
        } else {
            visitor.visit_newtype_struct(self)
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, JsonError> {
        visitor.visit_some(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, JsonError> {
        visitor.visit_enum(UnitVariant { name: self.name })
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, JsonError> {
        visitor.visit_unit()
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 str bytes byte_buf
        unit unit_struct seq tuple tuple_struct map struct
    }
}

/// An enum given as a string: a unit variant.
pub(super) struct UnitVariant<'de> {
    pub(super) name: RawStr<'de>,
}

impl<'de> de::EnumAccess<'de> for UnitVariant<'de> {
    type Error = JsonError;
    type Variant = Self;

    fn variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<(T::Value, Self), JsonError> {
        let value = seed.deserialize(KeyDeserializer { name: self.name })?;
        Ok((value, self))
    }
}

impl<'de> de::VariantAccess<'de> for UnitVariant<'de> {
    type Error = JsonError;

    fn unit_variant(self) -> Result<(), JsonError> {
        Ok(())
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(
        self,
        _seed: T,
    ) -> Result<T::Value, JsonError> {
        Err(self.not_unit())
    }

    fn tuple_variant<V: Visitor<'de>>(
        self,
        _len: usize,
        _visitor: V,
    ) -> Result<V::Value, JsonError> {
        Err(self.not_unit())
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        _visitor: V,
    ) -> Result<V::Value, JsonError> {
        Err(self.not_unit())
    }
}

impl UnitVariant<'_> {
    /// A variant with data needs `{"Variant": data}`, not a string.
    const fn not_unit(&self) -> JsonError {
        JsonError::InvalidType {
            found: JsonKind::String,
            offset: Some(self.name.offset),
        }
    }
}
