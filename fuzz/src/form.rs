//! An independent `application/x-www-form-urlencoded` reader with the
//! library's documented policy (RFC 6749 §3.1 and Appendix B, WHATWG URL
//! §5.1): `+` is a space, `%XX` in either case, a bad escape or decoded bytes
//! that are not UTF-8 are errors (reported at the first byte that makes the
//! text invalid), pieces without `=` are skipped, and a repeated name is an
//! error. Written from that description; offsets follow the library's
//! documented `FormError` fields so that errors can be compared exactly.

use oidc_implicit::FormError;
use oidc_implicit::limits::MAX_RESPONSE_PARAMS;

/// One decoded pair, with the byte offset where its piece starts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pair {
    /// Decoded name.
    pub name: String,
    /// Decoded value.
    pub value: String,
    /// The name as written.
    pub raw_name: String,
    /// The value as written.
    pub raw_value: String,
}

/// Parses `input`, whose first byte is at offset `base` of what the caller
/// received.
pub fn parse(input: &str, base: usize) -> Result<Vec<Pair>, FormError> {
    let mut out: Vec<Pair> = Vec::new();
    let mut offset = base;
    for piece in input.split('&') {
        let start = offset;
        offset += piece.len() + 1;
        let Some(eq) = piece.find('=') else {
            continue;
        };
        let (raw_name, raw_value) = (&piece[..eq], &piece[eq + 1..]);
        let name = decode(raw_name, start, start)?;
        let value = decode(raw_value, start + eq + 1, start)?;
        if out.iter().any(|p| p.name == name) {
            return Err(FormError::Repeated { offset: start });
        }
        if out.len() == MAX_RESPONSE_PARAMS {
            return Err(FormError::TooManyParameters {
                limit: MAX_RESPONSE_PARAMS,
            });
        }
        out.push(Pair {
            name,
            value,
            raw_name: raw_name.to_owned(),
            raw_value: raw_value.to_owned(),
        });
    }
    Ok(out)
}

/// The first non-empty value of `name`, as the library's "empty means
/// absent" rule reads it (RFC 6749 §3.1).
pub fn get<'p>(pairs: &'p [Pair], name: &str) -> Option<&'p str> {
    pairs
        .iter()
        .find(|p| p.name == name)
        .map(|p| p.value.as_str())
        .filter(|v| !v.is_empty())
}

fn decode(raw: &str, base: usize, pair_start: usize) -> Result<String, FormError> {
    let b = raw.as_bytes();
    let mut bytes = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let byte = match b[i] {
            b'%' => {
                let hex = |at: usize| {
                    b.get(at)
                        .and_then(|c| char::from(*c).to_digit(16))
                        .map(|d| d as u8)
                };
                match (hex(i + 1), hex(i + 2)) {
                    (Some(h), Some(l)) => {
                        i += 3;
                        (h << 4) | l
                    }
                    _ => return Err(FormError::BadEscape { offset: base + i }),
                }
            }
            b'+' => {
                i += 1;
                b' '
            }
            other => {
                i += 1;
                other
            }
        };
        bytes.push(byte);
        // Invalid as soon as no continuation could make it valid.
        if let Err(e) = std::str::from_utf8(&bytes)
            && e.error_len().is_some()
        {
            return Err(FormError::NotUtf8 { offset: pair_start });
        }
    }
    String::from_utf8(bytes).map_err(|_| FormError::NotUtf8 { offset: pair_start })
}

/// Decodes one `name=value` piece with the `form_urlencoded` crate (the
/// WHATWG parser used by the `url` crate): a second, unrelated decoder.
pub fn whatwg_pair(piece: &str) -> Option<(String, String)> {
    form_urlencoded::parse(piece.as_bytes())
        .next()
        .map(|(n, v)| (n.into_owned(), v.into_owned()))
}

/// RFC 3986 §2.3 unreserved characters.
pub fn is_unreserved(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~')
}

/// Whether `text` is what an RFC 3986 percent-encoder that keeps only the
/// unreserved characters writes: unreserved bytes and `%XX` with upper-case
/// hex digits, nothing else.
pub fn is_strictly_percent_encoded(text: &str) -> bool {
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let ok = |at: usize| {
                b.get(at)
                    .is_some_and(|c| matches!(c, b'0'..=b'9' | b'A'..=b'F'))
            };
            if !(ok(i + 1) && ok(i + 2)) {
                return false;
            }
            i += 3;
        } else if is_unreserved(b[i]) {
            i += 1;
        } else {
            return false;
        }
    }
    true
}
