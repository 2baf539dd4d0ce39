//! **Not part of the API.** Every public item of the signature layer in one
//! place, for the crate's own integration tests (`tests/wycheproof.rs`,
//! `tests/alloc_free_es256.rs`), which must reach them however the public
//! API ends up re-exporting them. Re-exported from the crate root as
//! `#[doc(hidden)] pub use jose::test_hooks as __signature_layer;`; it may
//! change or disappear in any release.

pub use super::alg::{Algorithm, AlgorithmSet, KeyType};
pub use super::hash::{HashAlgorithm, MAX_TOKEN_HASH_LEN, TokenHash, token_hash_left_half};
#[cfg(feature = "alloc")]
pub use super::key::RsaKey;
pub use super::key::{
    EcP256Key, KeyError, MAX_RSA_BITS, MAX_RSA_EXPONENT_LEN, MIN_RSA_BITS, MIN_RSA_EXPONENT,
    P256_COORDINATE_LEN, PublicKey,
};
pub use super::signature::{ES256_SIGNATURE_LEN, SignatureError, verify};
