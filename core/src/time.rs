//! Time as a value the host passes in. The core never reads a clock.

use core::fmt;

use crate::limits::MAX_UNIX_TIME;

/// Seconds since the Unix epoch, as read by the host from its own clock.
///
/// Bounded to [`MAX_UNIX_TIME`] so that adding leeways and lifetimes to it can
/// never overflow.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct UnixTime(u64);

impl UnixTime {
    /// The instant `secs` seconds after 1970-01-01T00:00:00Z, or `None` past
    /// the year 9999.
    pub const fn from_secs(secs: u64) -> Option<Self> {
        if secs > MAX_UNIX_TIME {
            None
        } else {
            Some(Self(secs))
        }
    }

    /// Seconds since the epoch.
    pub const fn as_secs(self) -> u64 {
        self.0
    }

    /// `self + secs`, saturating at the latest representable instant.
    pub const fn saturating_add(self, secs: u64) -> Self {
        let sum = self.0.saturating_add(secs);
        Self(if sum > MAX_UNIX_TIME {
            MAX_UNIX_TIME
        } else {
            sum
        })
    }

    /// `self - secs`, saturating at the epoch.
    pub const fn saturating_sub(self, secs: u64) -> Self {
        Self(self.0.saturating_sub(secs))
    }
}

impl fmt::Display for UnixTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounds() {
        assert_eq!(
            UnixTime::from_secs(MAX_UNIX_TIME).map(UnixTime::as_secs),
            Some(MAX_UNIX_TIME)
        );
        assert!(UnixTime::from_secs(MAX_UNIX_TIME + 1).is_none());
        let t = UnixTime::from_secs(MAX_UNIX_TIME - 1).unwrap_or(UnixTime(0));
        assert_eq!(t.saturating_add(10).as_secs(), MAX_UNIX_TIME);
        assert_eq!(UnixTime(5).saturating_sub(10).as_secs(), 0);
    }
}
