//! Arbitrary strings into `PendingAuthorization::deserialize`.
//!
//! The first byte chooses how the rest is used: as the whole stored text,
//! or (odd first byte) as the body to which the target appends a correct
//! `&check=` (SHA-256, first 16 bytes, base64url, per the format's
//! documentation), so that the fuzzer reaches the field parser behind the
//! checksum.
//!
//! Oracles, for every text that deserializes: serialize(deserialize(x)) is
//! stable (it deserializes to an equal value and re-serializes to the same
//! text); the length helpers agree; and the fields read back equal what an
//! independent form decoder (`form_urlencoded`) reads from the same text.
#![no_main]

use libfuzzer_sys::fuzz_target;
use oidc_implicit::{PendingAuthorization, PendingError, ResponseMode, ResponseType};
use sha2::Digest;

const SEPARATOR: &str = "&check=";

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let body = fuzz_support::text(rest);
    let text = if mode & 1 == 1 {
        let body = body.rsplit_once(SEPARATOR).map_or(&*body, |(b, _)| b);
        let digest = sha2::Sha256::digest(body.as_bytes());
        format!(
            "{body}{SEPARATOR}{}",
            fuzz_support::b64url_encode(&digest[..16])
        )
    } else {
        body.into_owned()
    };
    let Ok(pending) = PendingAuthorization::deserialize(&text) else {
        return;
    };

    let stored = pending.serialize();
    assert_eq!(pending.serialized_len(), stored.len(), "serialized_len");
    let mut buf = vec![0u8; stored.len()];
    assert_eq!(
        pending.serialize_into(&mut buf).ok(),
        Some(stored.as_str()),
        "serialize_into"
    );
    let mut short = vec![0u8; stored.len() - 1];
    assert_eq!(
        pending.serialize_into(&mut short).err(),
        Some(PendingError::BufferTooSmall {
            needed: stored.len()
        }),
        "serialize_into on a short buffer"
    );
    let again = PendingAuthorization::deserialize(&stored)
        .unwrap_or_else(|e| panic!("re-serialized form refused: {e:?}\n{text:?}\n→ {stored:?}"));
    assert_eq!(
        again, pending,
        "deserialize(serialize(p)) != p for {text:?}"
    );
    assert_eq!(again.serialize(), stored, "serialization not stable");

    // The values read back, against an independent decoder of the text.
    let body = text.rsplit_once(SEPARATOR).map_or("", |(b, _)| b);
    // Pieces without '=' carry no value (the format's decoder skips them).
    let fields: Vec<(String, String)> = body
        .split('&')
        .filter(|p| p.contains('='))
        .filter_map(fuzz_support::form::whatwg_pair)
        .collect();
    let field = |name: &str| {
        fields
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
            .filter(|v| !v.is_empty())
    };
    assert_eq!(field("oidc-implicit-pending"), Some("1"), "marker");
    let rt = match field("rt") {
        Some("i") => ResponseType::IdToken,
        Some("it") => ResponseType::IdTokenToken,
        Some("t") => ResponseType::Token,
        other => panic!("accepted rt {other:?}"),
    };
    assert_eq!(pending.response_type(), rt);
    let rm = match field("rm") {
        Some("fragment") => ResponseMode::Fragment,
        Some("form_post") => ResponseMode::FormPost,
        other => panic!("accepted rm {other:?}"),
    };
    assert_eq!(pending.response_mode(), rm);
    assert_eq!(Some(pending.state()), field("state"), "state");
    assert_eq!(Some(pending.scope()), field("scope"), "scope");
    assert_eq!(
        Some(pending.redirect_uri()),
        field("redirect_uri"),
        "redirect_uri"
    );
    assert_eq!(Some(pending.issuer()), field("issuer"), "issuer");
    assert_eq!(Some(pending.client_id()), field("client_id"), "client_id");
    let number = |name: &str| field(name).map(|v| v.parse::<u64>().expect("accepted a non-number"));
    assert_eq!(pending.max_age(), number("max_age"), "max_age");
    assert_eq!(
        Some(pending.created_at().as_secs()),
        number("created_at"),
        "created_at"
    );
    assert_eq!(
        Some(pending.expires_at().as_secs()),
        number("expires_at"),
        "expires_at"
    );
    assert!(
        pending.created_at() <= pending.expires_at(),
        "expires before it was created"
    );
    if rt.has_id_token() {
        assert!(field("nonce").is_some(), "ID-token request without nonce");
    }
});
