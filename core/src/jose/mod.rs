//! JOSE for ID tokens: JWS compact parsing, JWK Sets, RS*/PS*/ES256
//! signatures, and the OIDC Core §3.2.2.11 claims checks.

mod access_token;
mod alg;
pub(crate) mod claims;
mod error;
pub(crate) mod hash;
pub(crate) mod id_token;
pub(crate) mod jwks;
pub(crate) mod jws;
pub(crate) mod jwt;
mod key;
mod signature;
pub(crate) mod standard_claims;
#[doc(hidden)]
pub mod test_hooks;

pub use access_token::{
    AccessTokenClaims, AccessTokenExpectations, AccessTokenOutcome, VerifiedAccessToken,
    verify_access_token,
};
pub use alg::{Algorithm, AlgorithmSet, KeyType};
pub use error::VerifyError;
pub use hash::{HashAlgorithm, TokenHash, token_hash_left_half};
pub use id_token::{IdToken, KeyRefresh, ValidatedTokens, Verified};
pub use jwks::{JwksError, KeySet, SkipReason};
pub use jws::{JwsError, Segment};
pub use key::{KeyError, PublicKey};
pub use signature::{SignatureError, verify};
pub use standard_claims::StandardClaims;

pub(crate) use claims::TrustedAudiences;
