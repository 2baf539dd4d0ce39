//! Shared oracles for the fuzz targets: independent re-implementations (from
//! the specifications, not from the library's code) that the library's
//! results are compared with, and the fixture-driven test provider of the
//! `flow` target.
//!
//! A fuzz target fails by panicking; these helpers return what they found
//! and leave the assertion to the target, so that the message names the
//! broken property.

pub mod fixtures;
pub mod form;
pub mod json;
pub mod uri;

/// The text a target works on: invalid UTF-8 is replaced rather than
/// discarded, so that every input reaches the parser.
pub fn text(data: &[u8]) -> std::borrow::Cow<'_, str> {
    String::from_utf8_lossy(data)
}

/// Strict unpadded base64url (RFC 7515 §2, RFC 4648 §5 with canonical
/// trailing bits), from the `base64` crate: the independent decoder.
pub fn b64url() -> base64::engine::GeneralPurpose {
    use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
    GeneralPurpose::new(
        &base64::alphabet::URL_SAFE,
        GeneralPurposeConfig::new()
            .with_encode_padding(false)
            .with_decode_padding_mode(DecodePaddingMode::RequireNone)
            .with_decode_allow_trailing_bits(false),
    )
}

/// Decodes strict unpadded base64url with the independent decoder.
pub fn b64url_decode(text: &str) -> Option<Vec<u8>> {
    use base64::Engine as _;
    b64url().decode(text).ok()
}

/// Encodes unpadded base64url with the independent encoder.
pub fn b64url_encode(data: &[u8]) -> String {
    use base64::Engine as _;
    b64url().encode(data)
}
