//! Generated documents for the differential tests of the readers that
//! bypass serde (`members.rs`) against their serde twins.

extern crate std;

use proptest::prelude::*;

use crate::limits::MAX_AUDIENCES;

/// Values of every JSON kind, numbers a date can and cannot be.
const SCALARS: &[&str] = &[
    "\"a\"",
    "\"\\u0061\\n\"",
    "\"\"",
    "null",
    "true",
    "false",
    "0",
    "-0",
    "1",
    "-1",
    "1.5",
    "1e3",
    "1E-2",
    "18446744073709551616",
    "253402300800",
    "{}",
    "{\"a\":1,\"a\":2}",
    "[1,{\"b\":[]}]",
];

/// Broken values.
const BROKEN: &[&str] = &["\"\\ud83d\"", "nul", "01", "1.", "x", "\"\u{1}\""];

fn scalar() -> impl Strategy<Value = std::string::String> {
    prop_oneof![
        20 => prop::sample::select(SCALARS),
        1 => prop::sample::select(BROKEN),
    ]
    .prop_map(std::string::String::from)
}

fn value() -> impl Strategy<Value = std::string::String> {
    prop_oneof![
        3 => scalar(),
        1 => (prop::collection::vec(scalar(), 0..MAX_AUDIENCES + 3), prop::bool::weighted(0.05)).prop_map(
            |(items, trailing_comma)| {
                let mut out = std::format!("[{}", items.join(","));
                if trailing_comma {
                    out.push(',');
                }
                out.push(']');
                out
            }
        ),
    ]
}

/// Documents meant to be one object whose member names come from `names`
/// (duplicates common), with values of every kind and arrays up to past
/// [`MAX_AUDIENCES`] long; mostly well formed, sometimes not.
pub(crate) fn object_with(
    names: &'static [&'static str],
) -> impl Strategy<Value = std::string::String> {
    let colon = prop_oneof![20 => Just(":"), 2 => Just(" : "), 1 => Just("=")];
    let member = (prop::sample::select(names), value(), colon)
        .prop_map(|(name, value, colon)| std::format!("{name}{colon}{value}"));
    let sep = prop_oneof![20 => Just(","), 2 => Just(",\n "), 1 => Just(",,"), 1 => Just(" ")];
    let open = prop_oneof![20 => Just("{"), 1 => Just("["), 1 => Just("")];
    let close = prop_oneof![20 => Just("}"), 1 => Just("]"), 1 => Just(""), 1 => Just("} x")];
    (prop::collection::vec(member, 0..8), sep, open, close)
        .prop_map(|(members, sep, open, close)| std::format!("{open}{}{close}", members.join(sep)))
}

/// The two property tests of a reader that has a `serde` twin: `$agree`
/// (whether both readings of a document agree) must hold on objects whose
/// member names come from `$names`, and on arbitrary bytes (mostly refused
/// at once, by both alike).
macro_rules! serde_twin_tests {
    ($agree:path, $names:expr) => {
        proptest::proptest! {
            #[test]
            fn agrees_with_serde_twin(
                doc in $crate::json::test_documents::object_with($names),
            ) {
                proptest::prop_assert!($agree(doc.as_bytes()), "{}", doc);
            }

            #[test]
            fn agrees_with_serde_twin_on_any_bytes(
                bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..64),
            ) {
                proptest::prop_assert!(
                    $agree(&bytes),
                    "{:?}",
                    std::string::String::from_utf8_lossy(&bytes)
                );
            }
        }
    };
}
pub(crate) use serde_twin_tests;
