//! `scope` values: space-delimited tokens of NQCHAR (RFC 6749 §3.3).

use core::fmt;

/// Why a scope string was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ScopeError {
    /// Empty, or only spaces.
    Empty,
    /// Longer than [`MAX_SCOPE_LEN`](crate::limits::MAX_SCOPE_LEN).
    TooLong {
        /// Length given.
        len: usize,
        /// Most accepted.
        max: usize,
    },
    /// A character outside NQCHAR (`%x21 / %x23-5B / %x5D-7E`), or a
    /// separator other than one space, at this byte offset.
    InvalidCharacter {
        /// Byte offset.
        offset: usize,
    },
}

impl fmt::Display for ScopeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Empty => f.write_str("scope is empty"),
            Self::TooLong { len, max } => write!(f, "scope is {len} bytes, at most {max} accepted"),
            Self::InvalidCharacter { offset } => {
                write!(f, "scope has an invalid character at byte {offset}")
            }
        }
    }
}

impl core::error::Error for ScopeError {}

/// Checks `scope` = scope-token *( SP scope-token ), scope-token = 1*NQCHAR.
pub(crate) fn validate(scope: &str, max: usize) -> Result<(), ScopeError> {
    if scope.len() > max {
        return Err(ScopeError::TooLong {
            len: scope.len(),
            max,
        });
    }
    if scope.is_empty() {
        return Err(ScopeError::Empty);
    }
    let mut previous_space = true; // no leading space
    for (offset, b) in scope.bytes().enumerate() {
        let ok = match b {
            b' ' => !previous_space,
            0x21 | 0x23..=0x5B | 0x5D..=0x7E => true,
            _ => false,
        };
        if !ok {
            return Err(ScopeError::InvalidCharacter { offset });
        }
        previous_space = b == b' ';
    }
    if previous_space {
        return Err(ScopeError::InvalidCharacter {
            offset: scope.len().saturating_sub(1),
        });
    }
    Ok(())
}

/// `true` when the space-delimited `scope` contains `token`.
pub(crate) fn contains(scope: &str, token: &str) -> bool {
    scope.split(' ').any(|t| t == token)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table() {
        let cases: &[(&str, Result<(), ScopeError>)] = &[
            ("openid", Ok(())),
            ("openid profile email", Ok(())),
            ("api:read https://x/y", Ok(())),
            ("", Err(ScopeError::Empty)),
            (" openid", Err(ScopeError::InvalidCharacter { offset: 0 })),
            ("openid ", Err(ScopeError::InvalidCharacter { offset: 6 })),
            (
                "openid  profile",
                Err(ScopeError::InvalidCharacter { offset: 7 }),
            ),
            ("a\"b", Err(ScopeError::InvalidCharacter { offset: 1 })),
            ("a\\b", Err(ScopeError::InvalidCharacter { offset: 1 })),
            ("a\tb", Err(ScopeError::InvalidCharacter { offset: 1 })),
            ("é", Err(ScopeError::InvalidCharacter { offset: 0 })),
        ];
        for (input, expected) in cases {
            assert_eq!(validate(input, 64), *expected, "{input:?}");
        }
        assert_eq!(
            validate("abc", 2),
            Err(ScopeError::TooLong { len: 3, max: 2 })
        );
        assert!(contains("openid profile", "openid"));
        assert!(!contains("openidx profile", "openid"));
    }
}
