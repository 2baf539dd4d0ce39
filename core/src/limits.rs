//! Every bound this crate places on untrusted or host-supplied input, and why.
//!
//! The core never allocates for the flow, so each bound is also the size of a
//! fixed buffer somewhere; changing one changes memory use accordingly.

/// Longest URL accepted in the client configuration (issuer, endpoints,
/// redirect URI). Real issuers and redirect URIs are well under 200 bytes;
/// 1 KiB leaves room for tenant paths and query components while keeping a
/// [`ClientConfig`](crate::ClientConfig) around 4 KiB.
pub const MAX_URL_LEN: usize = 1024;

/// Longest `client_id`. Okta's are 20 characters, Auth0's 32, Azure's 36; some
/// providers use URLs as client identifiers, hence the headroom.
pub const MAX_CLIENT_ID_LEN: usize = 256;

/// Longest space-delimited `scope` string the client sends or accepts back.
pub const MAX_SCOPE_LEN: usize = 1024;

/// Most extra (provider-specific) authorize parameters in one request, such as
/// Okta's `idp` and `sessionToken`.
pub const MAX_EXTRA_PARAMS: usize = 16;

/// Least host entropy, in bytes, accepted for one authorization request.
/// `state` and `nonce` are each derived from all of it, so each carries at
/// least 128 bits of the host's randomness (RFC 6749 §10.10 asks for a
/// probability of guessing of at most 2^-128).
pub const MIN_ENTROPY_LEN: usize = 32;

/// Most host entropy read; anything beyond is hashed in anyway, the bound
/// only stops a host from passing megabytes by mistake.
pub const MAX_ENTROPY_LEN: usize = 1024;

/// Length of the `state` and `nonce` values this crate generates: 32 bytes of
/// SHA-256 output, base64url without padding.
pub const SECRET_LEN: usize = 43;

/// Longest redirect accepted (full URL, fragment or form_post body). Two JWTs
/// of up to [`MAX_TOKEN_LEN`] plus parameters fit; anything longer is not a
/// plausible authorization response and is refused before it is scanned.
pub const MAX_REDIRECT_LEN: usize = 2 * MAX_TOKEN_LEN + 4096;

/// Longest single token (`id_token` or `access_token`) in a redirect. ID tokens
/// with many claims reach 4 KiB; 16 KiB is well above every provider we know.
pub const MAX_TOKEN_LEN: usize = 16 * 1024;

/// Most `name=value` pairs in one redirect. A success response has at most
/// about eight (access_token, token_type, id_token, state, expires_in, scope,
/// session_state, iss); 64 leaves room for provider extras without letting a
/// crafted response make the duplicate check expensive (it is quadratic).
pub const MAX_RESPONSE_PARAMS: usize = 64;

/// Default clock-skew allowance for time-based checks, in seconds.
pub const DEFAULT_LEEWAY_SECS: u64 = 60;

/// Largest clock-skew allowance a configuration may set, in seconds. OIDC Core
/// §2 speaks of "a few minutes" at most; more turns expiry into a suggestion.
pub const MAX_LEEWAY_SECS: u64 = 300;

/// Default lifetime of a pending authorization, in seconds (10 minutes): long
/// enough to sign in with a second factor, short enough to limit replay.
pub const DEFAULT_PENDING_LIFETIME_SECS: u64 = 600;

/// Longest lifetime a configuration may give a pending authorization, in
/// seconds (1 hour).
pub const MAX_PENDING_LIFETIME_SECS: u64 = 3600;

/// Largest `max_age` accepted in a request, in seconds (10 years): larger
/// values are indistinguishable from "no limit" and risk overflow downstream.
pub const MAX_MAX_AGE_SECS: u64 = 10 * 365 * 24 * 3600;

/// Longest serialized pending authorization accepted by the decoder. The
/// largest value this crate writes is about 5 KiB (every field at its limit,
/// percent-encoded); anything longer is not ours.
pub const MAX_PENDING_TEXT_LEN: usize = 16 * 1024;

/// Latest time accepted anywhere (9999-12-31T23:59:59Z), so that adding a
/// lifetime or leeway can never overflow.
pub const MAX_UNIX_TIME: u64 = 253_402_300_799;

/// Longest `error_description` kept from an error response; longer ones are
/// cut at a character boundary (it is text for people, not for decisions).
pub const MAX_ERROR_DESCRIPTION_LEN: usize = 512;

/// Longest `error_uri` kept from an error response.
pub const MAX_ERROR_URI_LEN: usize = 512;

/// Longest `error` code accepted; registered codes are under 30 bytes.
pub const MAX_ERROR_CODE_LEN: usize = 64;

/// Longest decoded JWS protected header. Ordinary headers are under 100
/// bytes; headers that carry an `x5c` chain reach a few KiB and are refused
/// (this crate never uses embedded keys anyway).
pub const MAX_JWS_HEADER_LEN: usize = 2048;

/// Longest decoded ID-token (or JWT access-token) payload. It is decoded into
/// a buffer of this size that the validated token keeps.
pub const MAX_JWS_PAYLOAD_LEN: usize = 8192;

/// Longest decoded signature: an RSA-8192 signature is 1024 bytes.
pub const MAX_JWS_SIGNATURE_LEN: usize = 1024;

/// Most entries read from a JWK Set's `keys` array (usable or not).
pub const MAX_JWKS_ENTRIES: usize = 32;

/// Most usable keys kept from one JWK Set. Providers publish two to four.
pub const MAX_JWKS_KEYS: usize = 16;

/// Longest `kid` accepted (in a header or a JWK). Real ones are under 64.
pub const MAX_KID_LEN: usize = 128;

/// Most audiences read from an `aud` array.
pub const MAX_AUDIENCES: usize = 16;

/// Most additional trusted audiences a configuration may list.
pub const MAX_TRUSTED_AUDIENCES: usize = 8;

/// Longest `sub` (OIDC Core §2: at most 255 ASCII characters).
pub const MAX_SUB_LEN: usize = 255;

/// Default pause before the same unknown `kid` may trigger another JWKS
/// fetch, in seconds (a forged `kid` must not make the app hammer the
/// provider).
pub const DEFAULT_JWKS_REFRESH_COOLDOWN_SECS: u64 = 60;

// The JSON reader's and the key layer's bounds, documented where they are
// enforced and listed here with the rest.
pub use crate::jose::test_hooks::{
    ES256_SIGNATURE_LEN, MAX_RSA_BITS, MAX_RSA_EXPONENT_LEN, MAX_TOKEN_HASH_LEN, MIN_RSA_BITS,
    MIN_RSA_EXPONENT, P256_COORDINATE_LEN,
};
pub use crate::json::{MAX_ESCAPED_NAME_LEN, MAX_JSON_DEPTH, MAX_JSON_LEN, MAX_JSON_MEMBERS};
