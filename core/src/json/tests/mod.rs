//! Tests of the JSON reader. `std` and `serde_json` (as an oracle) are
//! available here only.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    missing_docs,
    unreachable_pub
)]

extern crate std;

mod props;
mod strings;
mod suite;
mod typed;

use core::fmt;
use std::string::String;
use std::vec::Vec;

use serde::de::{MapAccess, SeqAccess, Visitor};

use super::de::RAW_STR_MAGIC;
use super::{JsonError, JsonStr, from_slice};

/// Any JSON value, with strings kept as `JsonStr`: what the reader sees,
/// for comparison with `serde_json::Value`.
#[derive(Debug, PartialEq)]
pub(super) enum Mirror<'a> {
    Null,
    Bool(bool),
    U64(u64),
    I64(i64),
    F64(f64),
    Str(JsonStr<'a>),
    Arr(Vec<Mirror<'a>>),
    Obj(Vec<(JsonStr<'a>, Mirror<'a>)>),
}

impl<'de: 'a, 'a> serde::Deserialize<'de> for Mirror<'a> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_newtype_struct(RAW_STR_MAGIC, MirrorVisitor)
    }
}

struct MirrorVisitor;

impl<'de> Visitor<'de> for MirrorVisitor {
    type Value = Mirror<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(Mirror::Null)
    }
    fn visit_bool<E>(self, v: bool) -> Result<Self::Value, E> {
        Ok(Mirror::Bool(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Self::Value, E> {
        Ok(Mirror::U64(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Mirror::I64(v))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Self::Value, E> {
        Ok(Mirror::F64(v))
    }
    fn visit_borrowed_str<E: serde::de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        JsonStr::from_escaped(v)
            .map(Mirror::Str)
            .map_err(|_| E::custom("bad raw string"))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut out = Vec::new();
        while let Some(v) = seq.next_element::<Mirror<'de>>()? {
            out.push(v);
        }
        Ok(Mirror::Arr(out))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut out = Vec::new();
        while let Some((k, v)) = map.next_entry::<JsonStr<'de>, Mirror<'de>>()? {
            out.push((k, v));
        }
        Ok(Mirror::Obj(out))
    }
}

/// Whether `m` (read by us) equals `v` (made by serde_json).
pub(super) fn same(m: &Mirror<'_>, v: &serde_json::Value) -> bool {
    use serde_json::Value as V;
    match (m, v) {
        (Mirror::Null, V::Null) => true,
        (Mirror::Bool(a), V::Bool(b)) => a == b,
        (Mirror::U64(a), V::Number(n)) => n.as_u64() == Some(*a),
        // `-0`: an integer zero for us, -0.0 for serde_json.
        (Mirror::I64(a), V::Number(n)) => {
            n.as_i64() == Some(*a) || (*a == 0 && n.as_f64() == Some(0.0))
        }
        (Mirror::F64(a), V::Number(n)) => n.as_f64() == Some(*a),
        (Mirror::Str(a), V::String(b)) => decoded(*a) == *b && a.eq_str(b),
        (Mirror::Arr(a), V::Array(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|(x, y)| same(x, y))
        }
        (Mirror::Obj(a), V::Object(b)) => {
            a.len() == b.len()
                && a.iter()
                    .all(|(k, x)| b.get(&decoded(*k)).is_some_and(|y| same(x, y)))
        }
        _ => false,
    }
}

/// How the reader reads what serde_json read as `oracle`: equal, or refused
/// only because a number in it has a fraction, an exponent or more than 64
/// bits (the reader converts integers only; see `Number::to_any`).
pub(super) fn same_or_unconverted(
    ours: &Result<Mirror<'_>, JsonError>,
    oracle: &serde_json::Value,
) -> bool {
    match ours {
        Ok(m) => same(m, oracle),
        Err(JsonError::ExpectedInteger { .. } | JsonError::NumberOutOfRange { .. }) => {
            has_unconverted_number(oracle)
        }
        Err(_) => false,
    }
}

fn has_unconverted_number(v: &serde_json::Value) -> bool {
    use serde_json::Value as V;
    match v {
        V::Number(n) => n.is_f64(),
        V::Array(a) => a.iter().any(has_unconverted_number),
        V::Object(o) => o.values().any(has_unconverted_number),
        _ => false,
    }
}

/// The decoded text of `s`, through `chars`.
pub(super) fn decoded(s: JsonStr<'_>) -> String {
    s.chars().collect()
}

/// Reads `input` fully, ignoring the value (all checks still apply).
pub(super) fn check(input: &[u8]) -> Result<(), JsonError> {
    from_slice::<serde::de::IgnoredAny>(input).map(drop)
}
