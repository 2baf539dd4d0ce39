//! JSON oracles built on `serde_json`: strict parse plus detection of
//! duplicate member names at any depth (which serde_json's `Value` hides by
//! keeping the last one).

use std::collections::HashSet;
use std::fmt;

use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

/// What serde_json makes of a document.
pub struct Parsed {
    /// The value (the last of duplicate members wins).
    pub value: Value,
    /// Whether some object, at any depth, repeats a member name (compared
    /// after unescaping).
    pub has_duplicates: bool,
}

/// Parses `bytes` as one JSON value with serde_json; `None` when serde_json
/// refuses it.
pub fn parse(bytes: &[u8]) -> Option<Parsed> {
    let value: Value = serde_json::from_slice(bytes).ok()?;
    let mut has_duplicates = false;
    let mut de = serde_json::Deserializer::from_slice(bytes);
    Walk(&mut has_duplicates).deserialize(&mut de).ok()?;
    Some(Parsed {
        value,
        has_duplicates,
    })
}

/// Whether serde_json cannot be the judge of `bytes`: some string in it
/// decodes to one of serde_json's private tokens
/// (`$serde_json::private::Number`, …). With `arbitrary_precision` (on here,
/// see Cargo.toml) serde_json's `Value` reads an object whose first member
/// has that name as a number, so it refuses valid JSON such as
/// `{"$serde_json::private::Number":"x"}` and reads
/// `{"$serde_json::private::Number":"1"}` as `1`. RFC 8259 gives such names
/// no meaning, so our parsers rightly read them as names; the serde_json
/// oracles skip these inputs.
pub fn serde_json_cannot_judge(bytes: &[u8]) -> bool {
    const TOKEN: &str = "$serde_json::private::";
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'"' {
            i += 1;
            continue;
        }
        // Outside strings valid JSON has no quotes, so this finds every
        // string token; `\` skips the escaped byte.
        let mut end = i + 1;
        while end < bytes.len() && bytes[end] != b'"' {
            end += if bytes[end] == b'\\' { 2 } else { 1 };
        }
        let Some(token) = bytes.get(i..=end) else {
            return false;
        };
        if serde_json::from_slice::<String>(token).is_ok_and(|s| s.starts_with(TOKEN)) {
            return true;
        }
        i = end + 1;
    }
    false
}

/// Visits every value, recording repeated names in any object.
struct Walk<'f>(&'f mut bool);

impl<'de> DeserializeSeed<'de> for Walk<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Walk<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }
    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }
    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }
    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        Ok(())
    }
    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        Ok(())
    }
    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq.next_element_seed(Walk(&mut *self.0))?.is_some() {}
        Ok(())
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        // With `arbitrary_precision` a number arrives as a one-member map;
        // one member cannot repeat, so it needs no special case.
        let mut seen = HashSet::new();
        while let Some(name) = map.next_key::<String>()? {
            if !seen.insert(name) {
                *self.0 = true;
            }
            map.next_value_seed(Walk(&mut *self.0))?;
        }
        Ok(())
    }
}

/// A JSON number as text (exact, thanks to `arbitrary_precision`).
pub fn number_text(v: &Value) -> Option<String> {
    match v {
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// The whole seconds of a non-negative JSON number, truncated toward zero
/// from its decimal text (no floating point); `None` if negative or not a
/// number, `u64::MAX` when it is too large.
pub fn whole_seconds(v: &Value) -> Option<u64> {
    let text = number_text(v)?;
    let (mantissa, exponent) = match text.split_once(['e', 'E']) {
        // An exponent beyond i64 saturates: the value is then 0 or huge.
        Some((m, e)) => {
            let sat = if e.starts_with('-') {
                i64::MIN
            } else {
                i64::MAX
            };
            (m, e.parse::<i64>().unwrap_or(sat))
        }
        None => (text.as_str(), 0),
    };
    if mantissa.bytes().all(|b| matches!(b, b'0' | b'.' | b'-')) {
        return Some(0);
    }
    if mantissa.starts_with('-') {
        return None;
    }
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let digits = format!("{int}{frac}");
    let point = i64::try_from(int.len()).ok()?.saturating_add(exponent);
    if point <= 0 {
        return Some(0);
    }
    let point = usize::try_from(point).ok()?;
    if point > 64 {
        // A non-zero mantissa times a huge power of ten.
        return Some(u64::MAX);
    }
    let mut whole = digits.get(..point.min(digits.len()))?.to_owned();
    whole.extend(std::iter::repeat_n('0', point.saturating_sub(digits.len())));
    let trimmed = whole.trim_start_matches('0');
    if trimmed.is_empty() {
        return Some(0);
    }
    Some(trimmed.parse::<u64>().unwrap_or(u64::MAX))
}
