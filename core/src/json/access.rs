//! Walking arrays, objects and object-form enums for visitors.

use serde::de::{self, DeserializeSeed, Visitor};

use super::de::Deserializer;
use super::error::{JsonError, at};
use super::key::KeyDeserializer;
use super::names::NameSet;
use super::reader::RawStr;

/// Elements of one array.
pub(super) struct SeqAccess<'a, 'de> {
    pub(super) de: &'a mut Deserializer<'de>,
    pub(super) first: bool,
    /// Elements handed out so far.
    pub(super) count: usize,
    /// Whether the closing `]` was consumed.
    pub(super) done: bool,
}

impl SeqAccess<'_, '_> {
    /// After the visitor returned: the array must be at its end.
    pub(super) fn end(&mut self) -> Result<(), JsonError> {
        if self.done {
            return Ok(());
        }
        let b = self.de.r.peek()?;
        if b == b']' {
            self.de.r.bump();
            self.done = true;
            Ok(())
        } else {
            Err(JsonError::UnreadValues {
                offset: self.de.r.pos(),
            })
        }
    }
}

impl<'de> de::SeqAccess<'de> for SeqAccess<'_, 'de> {
    type Error = JsonError;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, JsonError> {
        if self.done {
            return Ok(None);
        }
        if !self.de.r.array_next(&mut self.first)? {
            self.done = true;
            return Ok(None);
        }
        self.count = self.count.saturating_add(1);
        seed.deserialize(&mut *self.de).map(Some)
    }
}

/// Members of one object.
pub(super) struct MapAccess<'a, 'de> {
    pub(super) de: &'a mut Deserializer<'de>,
    pub(super) first: bool,
    /// Whether the closing `}` was consumed.
    pub(super) done: bool,
    /// Whether a name was handed out whose value was not read yet.
    pub(super) pending_value: bool,
    pub(super) names: NameSet,
}

impl MapAccess<'_, '_> {
    /// After the visitor returned: the object must be at its end.
    pub(super) fn end(&mut self) -> Result<(), JsonError> {
        if self.done {
            return Ok(());
        }
        if !self.pending_value && self.de.r.peek()? == b'}' {
            self.de.r.bump();
            self.done = true;
            return Ok(());
        }
        Err(JsonError::UnreadValues {
            offset: self.de.r.pos(),
        })
    }
}

impl<'de> de::MapAccess<'de> for MapAccess<'_, 'de> {
    type Error = JsonError;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, JsonError> {
        if self.done {
            return Ok(None);
        }
        match self.de.r.object_next(&mut self.first, &mut self.names)? {
            None => {
                self.done = true;
                Ok(None)
            }
            Some(name) => {
                self.pending_value = true;
                seed.deserialize(KeyDeserializer { name })
                    .map(Some)
                    .map_err(at(name.offset))
            }
        }
    }

    fn next_value_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<T::Value, JsonError> {
        self.pending_value = false;
        seed.deserialize(&mut *self.de)
    }
}

/// An enum given as a one-member object: `{"Variant": data}`.
pub(super) struct ObjectVariant<'a, 'de> {
    pub(super) de: &'a mut Deserializer<'de>,
    pub(super) name: RawStr<'de>,
}

impl<'de> de::EnumAccess<'de> for ObjectVariant<'_, 'de> {
    type Error = JsonError;
    type Variant = Self;

    fn variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<(T::Value, Self), JsonError> {
        let value = seed
            .deserialize(KeyDeserializer { name: self.name })
            .map_err(at(self.name.offset))?;
        Ok((value, self))
    }
}

impl<'de> de::VariantAccess<'de> for ObjectVariant<'_, 'de> {
    type Error = JsonError;

    fn unit_variant(self) -> Result<(), JsonError> {
        de::Deserialize::deserialize(&mut *self.de)
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, JsonError> {
        seed.deserialize(&mut *self.de)
    }

    fn tuple_variant<V: Visitor<'de>>(
        self,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, JsonError> {
        de::Deserializer::deserialize_seq(&mut *self.de, visitor)
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, JsonError> {
        de::Deserializer::deserialize_map(&mut *self.de, visitor)
    }
}
