//! The platform's clock and random numbers, for the short calls. The core
//! reads neither; the `*_at` variants of every call take them explicitly.

use std::time::{SystemTime, UNIX_EPOCH};

use oidc_implicit::UnixTime;

use crate::error::OidcError;

/// Bytes of entropy drawn per authorization: the core derives `state` and
/// `nonce` (256 bits each) from them, and wants at least 32.
pub(crate) const ENTROPY_LEN: usize = 32;

/// The current time from the system clock.
pub(crate) fn now() -> Result<UnixTime, OidcError> {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_err(|_| OidcError::internal("the system clock is before 1970"))?
        .as_secs();
    unix_time(secs)
}

/// A host-supplied time, checked against the core's range.
pub(crate) fn unix_time(secs: u64) -> Result<UnixTime, OidcError> {
    UnixTime::from_secs(secs)
        .ok_or_else(|| OidcError::input(format_args!("time {secs} is after the year 9999")))
}

/// Fresh entropy from the operating system's CSPRNG.
pub(crate) fn entropy() -> Result<[u8; ENTROPY_LEN], OidcError> {
    let mut bytes = [0u8; ENTROPY_LEN];
    getrandom::fill(&mut bytes)
        .map_err(|e| OidcError::internal(format_args!("no random numbers: {e}")))?;
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clock_and_rng_work_here() {
        let now = now().map(UnixTime::as_secs).unwrap_or(0);
        assert!(now > 1_700_000_000, "{now}");
        let (a, b) = (entropy().unwrap(), entropy().unwrap());
        assert_ne!(a, b);
        assert!(unix_time(u64::MAX).is_err());
    }
}
