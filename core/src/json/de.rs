//! The `serde::Deserializer` over the reader.
//!
//! Nesting is tracked here for values that are read (each array, object or
//! object-form enum adds one level) and in the reader for values that are
//! skipped, so neither path recurses past `MAX_JSON_DEPTH`. Errors raised by
//! `Deserialize` impls get the offset of the value they concern.

use serde::de::{self, Visitor};

use super::access::{MapAccess, ObjectVariant, SeqAccess};
use super::error::{JsonError, at};
use super::key::{UnitVariant, visit_char, visit_name, visit_text};
use super::number::{AnyNumber, Number};
use super::numeric_date::NumericDate;
use super::reader::{RawStr, Reader, enter};

/// Newtype name by which `JsonStr` (and `JsonStrOrArray`) ask our reader for
/// raw string bodies. The `$` keeps it from colliding with a Rust type name.
pub(crate) const RAW_STR_MAGIC: &str = "$oidc_implicit::json::JsonStr";

/// Newtype name by which `NumericDate` asks our reader to convert the
/// number literal itself.
pub(crate) const NUMERIC_DATE_MAGIC: &str = "$oidc_implicit::json::NumericDate";

/// Newtype name by which `RawValue` asks our reader for a value's text.
pub(crate) const RAW_VALUE_MAGIC: &str = "$oidc_implicit::json::RawValue";

/// Reads one JSON value into any `Deserialize` type.
#[derive(Debug)]
pub(crate) struct Deserializer<'de> {
    pub(super) r: Reader<'de>,
    /// Arrays and objects open around the value at the cursor.
    pub(super) depth: usize,
}

impl<'de> Deserializer<'de> {
    /// A deserializer over `input` (length, BOM and UTF-8 checked here).
    #[cfg(any(test, feature = "dangerous-test-hooks"))]
    pub(crate) fn new(input: &'de [u8]) -> Result<Self, JsonError> {
        Ok(Self {
            r: Reader::new(input)?,
            depth: 0,
        })
    }

    /// Requires that only whitespace is left.
    #[cfg(any(test, feature = "dangerous-test-hooks"))]
    pub(crate) fn finish(&mut self) -> Result<(), JsonError> {
        self.r.finish()
    }

    /// The error for a value starting with `b` where another kind was wanted.
    fn type_error(&self, b: u8) -> JsonError {
        self.r.type_error(b)
    }

    /// Reads a number, or fails on another kind of value.
    fn number_here(&mut self) -> Result<Number<'de>, JsonError> {
        let b = self.r.peek()?;
        if matches!(b, b'-' | b'0'..=b'9') {
            self.r.number()
        } else {
            Err(self.type_error(b))
        }
    }

    /// Reads a string, or fails on another kind of value.
    fn string_here(&mut self) -> Result<RawStr<'de>, JsonError> {
        let b = self.r.peek()?;
        if b == b'"' {
            self.r.string()
        } else {
            Err(self.type_error(b))
        }
    }

    /// Hands any value to `visitor`. With `raw_strings`, strings arrive as
    /// their escaped bodies (for `JsonStr`); otherwise as text, which works
    /// only for strings without escapes.
    fn any<V: Visitor<'de>>(
        &mut self,
        visitor: V,
        raw_strings: bool,
    ) -> Result<V::Value, JsonError> {
        let b = self.r.peek()?;
        let start = self.r.pos();
        let result = match b {
            b'n' => {
                self.r.literal(b"null")?;
                visitor.visit_unit()
            }
            b't' | b'f' => visitor.visit_bool(self.r.boolean(b)?),
            b'"' => {
                let s = self.r.string()?;
                if raw_strings {
                    visitor.visit_borrowed_str(s.value.raw())
                } else {
                    visit_text(s, visitor, false)
                }
            }
            b'-' | b'0'..=b'9' => visit_number(self.r.number()?, visitor),
            b'[' => self.seq(visitor),
            b'{' => self.map(visitor),
            _ => Err(self.r.unexpected(b)),
        };
        result.map_err(at(start))
    }

    /// Reads the array at the cursor through `visitor`.
    fn seq<V: Visitor<'de>>(&mut self, visitor: V) -> Result<V::Value, JsonError> {
        let start = self.r.pos();
        let outer = self.depth;
        self.depth = enter(outer)?;
        self.r.bump();
        let mut access = SeqAccess {
            de: self,
            first: true,
            count: 0,
            done: false,
        };
        let result = match visitor.visit_seq(&mut access) {
            Ok(value) => access.end().map(|()| value),
            // A collection that is full reports the length it was offered
            // (heapless::Vec: capacity + 1, after taking that element).
            Err(JsonError::InvalidLength { len, .. })
                if !access.done && len == access.count && len > 0 =>
            {
                Err(JsonError::ArrayTooLong {
                    limit: len.saturating_sub(1),
                })
            }
            Err(e) => Err(e),
        };
        self.depth = outer;
        result.map_err(at(start))
    }

    /// Reads the object at the cursor through `visitor`.
    fn map<V: Visitor<'de>>(&mut self, visitor: V) -> Result<V::Value, JsonError> {
        let start = self.r.pos();
        let outer = self.depth;
        self.depth = enter(outer)?;
        self.r.bump();
        let mut access = MapAccess {
            de: self,
            first: true,
            done: false,
            pending_value: false,
            names: super::names::NameSet::new(),
        };
        let result = visitor
            .visit_map(&mut access)
            .and_then(|value| access.end().map(|()| value));
        self.depth = outer;
        result.map_err(at(start))
    }

    /// Reads `{"Variant": value}` (cursor at `{`) through `visitor`.
    fn enum_object<V: Visitor<'de>>(&mut self, visitor: V) -> Result<V::Value, JsonError> {
        let outer = self.depth;
        self.depth = enter(outer)?;
        self.r.bump();
        let result = self.enum_object_inner(visitor);
        self.depth = outer;
        result
    }

    fn enum_object_inner<V: Visitor<'de>>(&mut self, visitor: V) -> Result<V::Value, JsonError> {
        let b = self.r.peek()?;
        if b != b'"' {
            return Err(self.r.unexpected(b));
        }
        let name = self.r.string()?;
        self.r.expect(b':')?;
        let value = visitor.visit_enum(ObjectVariant { de: self, name })?;
        // Exactly one member: a second one is an unexpected `,`.
        self.r.expect(b'}')?;
        Ok(value)
    }
}

macro_rules! unsigned {
    ($($method:ident $visit:ident $ty:ty;)*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, JsonError> {
            let n = self.number_here()?;
            let out_of_range = JsonError::NumberOutOfRange { offset: n.offset };
            let v = <$ty>::try_from(n.to_u64()?).map_err(|_| out_of_range)?;
            visitor.$visit(v).map_err(at(n.offset))
        }
    )*};
}

macro_rules! signed {
    ($($method:ident $visit:ident $ty:ty;)*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, JsonError> {
            let n = self.number_here()?;
            let out_of_range = JsonError::NumberOutOfRange { offset: n.offset };
            let v = <$ty>::try_from(n.to_i64()?).map_err(|_| out_of_range)?;
            visitor.$visit(v).map_err(at(n.offset))
        }
    )*};
}

impl<'de> de::Deserializer<'de> for &mut Deserializer<'de> {
    type Error = JsonError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, JsonError> {
        self.any(visitor, false)
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, JsonError> {
        let b = self.r.peek()?;
        let start = self.r.pos();
        if !matches!(b, b't' | b'f') {
            return Err(self.type_error(b));
        }
        let v = self.r.boolean(b)?;
        visitor.visit_bool(v).map_err(at(start))
    }

    unsigned! {
        deserialize_u8 visit_u8 u8;
        deserialize_u16 visit_u16 u16;
        deserialize_u32 visit_u32 u32;
        deserialize_u64 visit_u64 u64;
    }

    signed! {
        deserialize_i8 visit_i8 i8;
        deserialize_i16 visit_i16 i16;
        deserialize_i32 visit_i32 i32;
        deserialize_i64 visit_i64 i64;
    }

    // Integers only (see `Number::to_any`): no float is converted.
    fn deserialize_f32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, JsonError> {
        let n = self.number_here()?;
        visit_number(n, visitor).map_err(at(n.offset))
    }

    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, JsonError> {
        let n = self.number_here()?;
        visit_number(n, visitor).map_err(at(n.offset))
    }

    fn deserialize_char<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, JsonError> {
        let s = self.string_here()?;
        visit_char(s, visitor).map_err(at(s.offset))
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, JsonError> {
        let s = self.string_here()?;
        visit_text(s, visitor, false).map_err(at(s.offset))
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, JsonError> {
        let s = self.string_here()?;
        visit_text(s, visitor, true).map_err(at(s.offset))
    }

    fn deserialize_bytes<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, JsonError> {
        let s = self.string_here()?;
        match s.value.as_plain() {
            Some(plain) => visitor
                .visit_borrowed_bytes(plain.as_bytes())
                .map_err(at(s.offset)),
            None => Err(JsonError::EscapedStrNeedsJsonStr { offset: s.offset }),
        }
    }

    fn deserialize_byte_buf<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, JsonError> {
        self.deserialize_bytes(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, JsonError> {
        let start = self.r.pos();
        if self.r.peek()? == b'n' {
            self.r.literal(b"null")?;
            visitor.visit_none().map_err(at(start))
        } else {
            visitor.visit_some(self)
        }
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, JsonError> {
        let b = self.r.peek()?;
        let start = self.r.pos();
        if b != b'n' {
            return Err(self.type_error(b));
        }
        self.r.literal(b"null")?;
        visitor.visit_unit().map_err(at(start))
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, JsonError> {
        self.deserialize_unit(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, JsonError> {
        if name == RAW_STR_MAGIC {
            return self.any(visitor, true);
        }
        if name == RAW_VALUE_MAGIC {
            self.r.peek()?;
            let start = self.r.pos();
            self.r.skip_value(self.depth)?;
            let text = self.r.text_from(start)?;
            return visitor.visit_borrowed_str(text).map_err(at(start));
        }
        if name == NUMERIC_DATE_MAGIC {
            let n = self.number_here()?;
            let date = NumericDate::from_number(&n)
                .ok_or(JsonError::NumericDateOutOfRange { offset: n.offset })?;
            let result = if date.has_fraction() {
                // secs < 2^38: `secs + 0.5` is exact and truncates back to secs.
                #[allow(clippy::cast_precision_loss)]
                let secs = date.secs() as f64;
                visitor.visit_f64(secs + 0.5)
            } else {
                visitor.visit_u64(date.secs())
            };
            return result.map_err(at(n.offset));
        }
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, JsonError> {
        let b = self.r.peek()?;
        if b == b'[' {
            self.seq(visitor)
        } else {
            Err(self.type_error(b))
        }
    }

    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, JsonError> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, JsonError> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, JsonError> {
        let b = self.r.peek()?;
        if b == b'{' {
            self.map(visitor)
        } else {
            Err(self.type_error(b))
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, JsonError> {
        // Objects only: unlike serde_json, a struct is never read from an array.
        self.deserialize_map(visitor)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, JsonError> {
        let b = self.r.peek()?;
        let start = self.r.pos();
        match b {
            b'"' => {
                let name = self.r.string()?;
                visitor.visit_enum(UnitVariant { name })
            }
            b'{' => self.enum_object(visitor),
            _ => Err(self.type_error(b)),
        }
        .map_err(at(start))
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, JsonError> {
        let s = self.string_here()?;
        visit_name(s, visitor).map_err(at(s.offset))
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, JsonError> {
        let start = self.r.pos();
        self.r.skip_value(self.depth)?;
        visitor.visit_unit().map_err(at(start))
    }
}

/// Hands an integer literal to `visitor`; a fraction or exponent is
/// refused (see `Number::to_any`).
fn visit_number<'de, V: Visitor<'de>>(n: Number<'de>, visitor: V) -> Result<V::Value, JsonError> {
    match n.to_any()? {
        AnyNumber::U64(v) => visitor.visit_u64(v),
        AnyNumber::I64(v) => visitor.visit_i64(v),
    }
}
