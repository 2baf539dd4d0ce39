//! Accept and reject lists in the spirit of JSONTestSuite (y_ and n_ cases,
//! named after them where they correspond), plus our own strict rules.

extern crate std;

use std::vec::Vec;

use super::super::{JsonError, MAX_JSON_DEPTH, MAX_JSON_LEN, MAX_JSON_MEMBERS, from_slice};
use super::{Mirror, check, same_or_unconverted};

/// Must be accepted, by us and by serde_json, with equal values.
const ACCEPT: &[(&str, &[u8])] = &[
    ("y_array_arraysWithSpaces", b"[[]   ]"),
    ("y_array_empty-string", b"[\"\"]"),
    ("y_array_empty", b"[]"),
    ("y_array_ending_with_newline", b"[\"a\"]"),
    ("y_array_false", b"[false]"),
    ("y_array_heterogeneous", b"[null, 1, \"1\", {}]"),
    ("y_array_null", b"[null]"),
    ("y_array_with_1_and_newline", b"[1\n]"),
    ("y_array_with_leading_space", b" [1]"),
    ("y_array_with_several_null", b"[1,null,null,null,2]"),
    ("y_array_with_trailing_space", b"[2] "),
    ("y_number_0e+1", b"[0e+1]"),
    ("y_number_0e1", b"[0e1]"),
    ("y_number_after_space", b"[ 4]"),
    (
        "y_number_double_close_to_zero",
        b"[-0.000000000000000000000000000000000000000000000000000000000000000000000000000001]\n",
    ),
    ("y_number_int_with_exp", b"[20e1]"),
    ("y_number_minus_zero", b"[-0]"),
    ("y_number_negative_int", b"[-123]"),
    ("y_number_negative_one", b"[-1]"),
    ("y_number_negative_zero", b"[-0]"),
    ("y_number_real_capital_e", b"[1E22]"),
    ("y_number_real_capital_e_neg_exp", b"[1E-2]"),
    ("y_number_real_capital_e_pos_exp", b"[1E+2]"),
    ("y_number_real_exponent", b"[123e45]"),
    ("y_number_real_fraction_exponent", b"[123.456e78]"),
    ("y_number_real_neg_exp", b"[1e-2]"),
    ("y_number_real_pos_exponent", b"[1e+2]"),
    ("y_number_simple_int", b"[123]"),
    ("y_number_simple_real", b"[123.456789]"),
    ("y_number", b"[123e65]"),
    ("y_number_u64_max", b"[18446744073709551615]"),
    ("y_number_i64_min", b"[-9223372036854775808]"),
    ("y_number_past_u64_as_float", b"[18446744073709551616]"),
    ("y_number_tiny_underflows_to_zero", b"[1e-400]"),
    ("y_object_basic", b"{\"asd\":\"sdf\"}"),
    ("y_object_duplicated_key_and_value_differ_in_case", b"{\"a\":\"b\",\"A\":\"b\"}"),
    ("y_object_empty", b"{}"),
    ("y_object_empty_key", b"{\"\":0}"),
    ("y_object_escaped_null_in_key", b"{\"foo\\u0000bar\": 42}"),
    ("y_object_extreme_numbers", b"{ \"min\": -1.0e+28, \"max\": 1.0e+28 }"),
    ("y_object", b"{\"asd\":\"sdf\", \"dfg\":\"fgh\"}"),
    ("y_object_long_strings", b"{\"x\":[{\"id\": \"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"}], \"id\": \"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"}"),
    ("y_object_same_key_in_nested_objects", b"{\"a\":{\"a\":{\"a\":1}},\"b\":[{\"a\":1},{\"a\":2}]}"),
    ("y_object_simple", b"{\"a\":[]}"),
    (
        "y_object_string_unicode",
        b"{\"title\":\"\\u041f\\u043e\\u043b\\u0442\\u043e\\u0440\\u0430 \\u0417\\u0435\\u043c\\u043b\\u0435\\u043a\\u043e\\u043f\\u0430\" }",
    ),
    ("y_object_with_newlines", b"{\n\"a\": \"b\"\n}"),
    ("y_string_1_2_3_bytes_UTF-8_sequences", b"[\"\\u0060\\u012a\\u12AB\"]"),
    ("y_string_accepted_surrogate_pair", b"[\"\\uD801\\udc37\"]"),
    ("y_string_accepted_surrogate_pairs", b"[\"\\ud83d\\ude39\\ud83d\\udc8d\"]"),
    ("y_string_allowed_escapes", b"[\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"]"),
    ("y_string_backslash_and_u_escaped_zero", b"[\"\\\\u0000\"]"),
    ("y_string_backslash_doublequotes", b"[\"\\\"\"]"),
    ("y_string_comments", b"[\"a/*b*/c/*d//e\"]"),
    ("y_string_double_escape_a", b"[\"\\\\a\"]"),
    ("y_string_double_escape_n", b"[\"\\\\n\"]"),
    ("y_string_escaped_control_character", b"[\"\\u0012\"]"),
    ("y_string_escaped_noncharacter", b"[\"\\uFFFF\"]"),
    ("y_string_in_array", b"[\"asd\"]"),
    ("y_string_in_array_with_leading_space", b"[ \"asd\"]"),
    ("y_string_last_surrogates_1_and_2", b"[\"\\uDBFF\\uDFFF\"]"),
    ("y_string_nbsp_uescaped", b"[\"new\\u00A0line\"]"),
    ("y_string_nonCharacterInUTF-8_U+10FFFF", b"[\"\xf4\x8f\xbf\xbf\"]"),
    ("y_string_nonCharacterInUTF-8_U+FFFF", b"[\"\xef\xbf\xbf\"]"),
    ("y_string_null_escape", b"[\"\\u0000\"]"),
    ("y_string_one-byte-utf-8", b"[\"\\u002c\"]"),
    ("y_string_pi", b"[\"\xcf\x80\"]"),
    ("y_string_reservedCharacterInUTF-8_U+1BFFF", b"[\"\xf0\x9b\xbf\xbf\"]"),
    ("y_string_simple_ascii", b"[\"asd \"]"),
    ("y_string_space", b"\" \""),
    ("y_string_surrogates_U+1D11E_MUSICAL_SYMBOL_G_CLEF", b"[\"\\uD834\\uDd1e\"]"),
    ("y_string_three-byte-utf-8", b"[\"\\u0821\"]"),
    ("y_string_two-byte-utf-8", b"[\"\\u0123\"]"),
    ("y_string_u+2028_line_sep", b"[\"\xe2\x80\xa8\"]"),
    ("y_string_u+2029_par_sep", b"[\"\xe2\x80\xa9\"]"),
    ("y_string_uEscape", b"[\"\\u0061\\u30af\\u30EA\\u30b9\"]"),
    ("y_string_uescaped_newline", b"[\"new\\u000Aline\"]"),
    ("y_string_unescaped_char_delete", b"[\"\x7f\"]"),
    ("y_string_unicode_2", b"[\"\xe2\x8d\x82\xe3\x88\xb4\xe2\x8d\x82\"]"),
    ("y_string_unicode_escaped_backslash", b"[\"\\u005C\"]"),
    ("y_string_unicode_U+10FFFE_nonchar", b"[\"\\uDBFF\\uDFFE\"]"),
    ("y_string_unicode_U+FDD0_nonchar", b"[\"\\uFDD0\"]"),
    ("y_string_utf8", b"[\"\xe2\x82\xac\xf0\x9d\x84\x9e\"]"),
    ("y_string_with_del_character", b"[\"a\x7fa\"]"),
    ("y_structure_lonely_false", b"false"),
    ("y_structure_lonely_int", b"42"),
    ("y_structure_lonely_negative_real", b"-0.1"),
    ("y_structure_lonely_null", b"null"),
    ("y_structure_lonely_string", b"\"asd\""),
    ("y_structure_lonely_true", b"true"),
    ("y_structure_string_empty", b"\"\""),
    ("y_structure_trailing_newline", b"[\"a\"]\n"),
    ("y_structure_true_in_array", b"[true]"),
    ("y_structure_whitespace_array", b" [] "),
    ("all_four_whitespace_chars", b" \t\r\n[ \t\r\n1 \t\r\n, \t\r\n{ \t\r\n\"a\" \t\r\n: \t\r\n2 \t\r\n} \t\r\n] \t\r\n"),
    ("same_prefix_and_length_differ", b"{\"abcde\":1,\"abcdf\":2,\"abcd\":3,\"abc\":4,\"\":5}"),
    ("escaped_names_differ", b"{\"\\u0061b\":1,\"a\\u0063\":2,\"\\u00e9\":3,\"\\u00e8\":4}"),
    ("nested_mixed", b"{\"a\":{\"b\":{\"c\":[1,{\"d\":null}]}}}"),
    ("zero_fraction", b"[0.0, -0.0, 0e0, 0E-0, -0e+0]"),
];

/// Must be rejected (inputs JSONTestSuite expects to fail, and cases our
/// stricter rules reject).
const REJECT: &[(&str, &[u8])] = &[
    ("n_array_1_true_without_comma", b"[1 true]"),
    ("n_array_a_invalid_utf8", b"[a\xe5]"),
    ("n_array_colon_instead_of_comma", b"[\"\": 1]"),
    ("n_array_comma_after_close", b"[\"\"],"),
    ("n_array_comma_and_number", b"[,1]"),
    ("n_array_double_comma", b"[1,,2]"),
    ("n_array_double_extra_comma", b"[\"x\",,]"),
    ("n_array_extra_close", b"[\"x\"]]"),
    ("n_array_extra_comma", b"[\"\",]"),
    ("n_array_incomplete", b"[\"x\""),
    ("n_array_incomplete_invalid_value", b"[x"),
    ("n_array_inner_array_no_comma", b"[3[4]]"),
    ("n_array_invalid_utf8", b"[\xff]"),
    ("n_array_items_separated_by_semicolon", b"[1:2]"),
    ("n_array_just_comma", b"[,]"),
    ("n_array_just_minus", b"[-]"),
    ("n_array_missing_value", b"[   , \"\"]"),
    ("n_array_newlines_unclosed", b"[\"a\",\n4\n,1,"),
    ("n_array_number_and_comma", b"[1,]"),
    ("n_array_number_and_several_commas", b"[1,,]"),
    ("n_array_spaces_vertical_tab_formfeed", b"[\"\x0ba\"\\f]"),
    ("n_array_star_inside", b"[*]"),
    ("n_array_unclosed", b"[\"\""),
    ("n_array_unclosed_trailing_comma", b"[1,"),
    ("n_array_unclosed_with_new_lines", b"[1,\n1\n,1"),
    ("n_array_unclosed_with_object_inside", b"[{}"),
    ("n_incomplete_false", b"[fals]"),
    ("n_incomplete_null", b"[nul]"),
    ("n_incomplete_true", b"[tru]"),
    ("n_number_++", b"[++1234]"),
    ("n_number_+1", b"[+1]"),
    ("n_number_+Inf", b"[+Inf]"),
    ("n_number_-01", b"[-01]"),
    ("n_number_-1.0.", b"[-1.0.]"),
    ("n_number_-2.", b"[-2.]"),
    ("n_number_-NaN", b"[-NaN]"),
    ("n_number_.-1", b"[.-1]"),
    ("n_number_.2e-3", b"[.2e-3]"),
    ("n_number_0.1.2", b"[0.1.2]"),
    ("n_number_0.3e+", b"[0.3e+]"),
    ("n_number_0.3e", b"[0.3e]"),
    ("n_number_0.e1", b"[0.e1]"),
    ("n_number_0_capital_E+", b"[0E+]"),
    ("n_number_0_capital_E", b"[0E]"),
    ("n_number_0e+", b"[0e+]"),
    ("n_number_0e", b"[0e]"),
    ("n_number_1.0e+", b"[1.0e+]"),
    ("n_number_1.0e-", b"[1.0e-]"),
    ("n_number_1.0e", b"[1.0e]"),
    ("n_number_1_000", b"[1 000.0]"),
    ("n_number_1eE2", b"[1eE2]"),
    ("n_number_2.e+3", b"[2.e+3]"),
    ("n_number_2.e-3", b"[2.e-3]"),
    ("n_number_2.e3", b"[2.e3]"),
    ("n_number_9.e+", b"[9.e+]"),
    ("n_number_Inf", b"[Inf]"),
    ("n_number_NaN", b"[NaN]"),
    ("n_number_U+FF11_fullwidth_digit_one", b"[\xef\xbc\x91]"),
    ("n_number_expression", b"[1+2]"),
    ("n_number_hex_1_digit", b"[0x1]"),
    ("n_number_hex_2_digits", b"[0x42]"),
    ("n_number_infinity", b"[Infinity]"),
    ("n_number_invalid+-", b"[0e+-1]"),
    ("n_number_invalid-negative-real", b"[-123.123foo]"),
    ("n_number_minus_infinity", b"[-Infinity]"),
    ("n_number_minus_sign_with_trailing_garbage", b"[-foo]"),
    ("n_number_minus_space_1", b"[- 1]"),
    ("n_number_neg_int_starting_with_zero", b"[-012]"),
    ("n_number_neg_real_without_int_part", b"[-.123]"),
    ("n_number_real_garbage_after_e", b"[1ea]"),
    ("n_number_real_without_fractional_part", b"[1.]"),
    ("n_number_starting_with_dot", b"[.123]"),
    ("n_number_with_alpha", b"[1.2a-3]"),
    ("n_number_with_leading_zero", b"[012]"),
    ("n_number_underscore", b"[1_000]"),
    ("n_object_bad_value", b"[\"x\", truth]"),
    ("n_object_bracket_key", b"{[: \"x\"}\n"),
    ("n_object_comma_instead_of_colon", b"{\"x\", null}"),
    ("n_object_double_colon", b"{\"x\"::\"b\"}"),
    ("n_object_emoji", b"{\xf0\x9f\x87\xa8\xf0\x9f\x87\xad}"),
    ("n_object_garbage_at_end", b"{\"a\":\"a\" 123}"),
    ("n_object_key_with_single_quotes", b"{key: 'value'}"),
    ("n_object_missing_colon", b"{\"a\" b}"),
    ("n_object_missing_key", b"{:\"b\"}"),
    ("n_object_missing_semicolon", b"{\"a\" \"b\"}"),
    ("n_object_missing_value", b"{\"a\":"),
    ("n_object_no-colon", b"{\"a\""),
    ("n_object_non_string_key", b"{1:1}"),
    (
        "n_object_non_string_key_but_huge_number_instead",
        b"{9999E9999:1}",
    ),
    ("n_object_repeated_null_null", b"{null:null,null:null}"),
    ("n_object_several_trailing_commas", b"{\"id\":0,,,,,}"),
    ("n_object_single_quote", b"{'a':0}"),
    ("n_object_trailing_comma", b"{\"id\":0,}"),
    ("n_object_trailing_comment", b"{\"a\":\"b\"}/**/"),
    ("n_object_trailing_comment_slash_open", b"{\"a\":\"b\"}//"),
    (
        "n_object_two_commas_in_a_row",
        b"{\"a\":\"b\",,\"c\":\"d\"}",
    ),
    ("n_object_unquoted_key", b"{a: \"b\"}"),
    ("n_object_unterminated-value", b"{\"a\":\"a"),
    (
        "n_object_with_single_string",
        b"{ \"foo\" : \"bar\", \"a\" }",
    ),
    ("n_object_with_trailing_garbage", b"{\"a\":\"b\"}#"),
    ("n_object_just_comma", b"{,}"),
    ("n_single_space", b" "),
    ("n_string_1_surrogate_then_escape", b"[\"\\uD800\\\"]"),
    ("n_string_1_surrogate_then_escape_u", b"[\"\\uD800\\u\"]"),
    ("n_string_1_surrogate_then_escape_u1", b"[\"\\uD800\\u1\"]"),
    (
        "n_string_1_surrogate_then_escape_u1x",
        b"[\"\\uD800\\u1x\"]",
    ),
    ("n_string_accentuated_char_no_quotes", b"[\xc3\xa9]"),
    ("n_string_backslash_00", b"[\"\\\x00\"]"),
    ("n_string_escape_x", b"[\"\\x00\"]"),
    ("n_string_escaped_backslash_bad", b"[\"\\\\\\\"]"),
    ("n_string_escaped_ctrl_char_tab", b"[\"\\\t\"]"),
    ("n_string_escaped_emoji", b"[\"\\\xf0\x9f\x8c\x80\"]"),
    ("n_string_incomplete_escape", b"[\"\\\"]"),
    ("n_string_incomplete_escaped_character", b"[\"\\u00A\"]"),
    ("n_string_incomplete_surrogate", b"[\"\\uD834\\uDd\"]"),
    (
        "n_string_incomplete_surrogate_escape_invalid",
        b"[\"\\uD800\\uD800\\x\"]",
    ),
    ("n_string_invalid_backslash_esc", b"[\"\\a\"]"),
    ("n_string_invalid_unicode_escape", b"[\"\\uqqqq\"]"),
    ("n_string_invalid_utf8_after_escape", b"[\"\\\xe5\"]"),
    ("n_string_invalid-utf-8-in-escape", b"[\"\\u\xe5\"]"),
    ("n_string_leading_uescaped_thinspace", b"[\\u0020\"asd\"]"),
    ("n_string_no_quotes_with_bad_escape", b"[\\n]"),
    ("n_string_single_doublequote", b"\""),
    ("n_string_single_quote", b"['single quote']"),
    ("n_string_single_string_no_double_quotes", b"abc"),
    ("n_string_start_escape_unclosed", b"[\"\\"),
    ("n_string_unescaped_ctrl_char", b"[\"a\x00a\"]"),
    ("n_string_unescaped_newline", b"[\"new\nline\"]"),
    ("n_string_unescaped_tab", b"[\"\t\"]"),
    ("n_string_unicode_CapitalU", b"\"\\UA66D\""),
    ("n_string_with_trailing_garbage", b"\"\"x"),
    ("n_structure_U+2060_word_joined", b"[\xe2\x81\xa0]"),
    ("n_structure_UTF8_BOM_no_data", b"\xef\xbb\xbf"),
    ("n_structure_angle_bracket_.", b"<.>"),
    ("n_structure_angle_bracket_null", b"[<null>]"),
    ("n_structure_array_trailing_garbage", b"[1]x"),
    ("n_structure_array_with_extra_array_close", b"[1]]"),
    ("n_structure_array_with_unclosed_string", b"[\"asd]"),
    ("n_structure_ascii-unicode-identifier", b"a\xc3\xa5"),
    ("n_structure_capitalized_True", b"[True]"),
    ("n_structure_close_unopened_array", b"1]"),
    (
        "n_structure_comma_instead_of_closing_brace",
        b"{\"x\": true,",
    ),
    ("n_structure_double_array", b"[][]"),
    ("n_structure_end_array", b"]"),
    ("n_structure_incomplete_UTF8_BOM", b"\xef\xbb{}"),
    ("n_structure_lone-invalid-utf-8", b"\xe5"),
    ("n_structure_lone-open-bracket", b"["),
    ("n_structure_no_data", b""),
    ("n_structure_null-byte-outside-string", b"[\x00]"),
    ("n_structure_number_with_trailing_garbage", b"2@"),
    ("n_structure_object_followed_by_closing_object", b"{}}"),
    ("n_structure_object_unclosed_no_value", b"{\"\":"),
    (
        "n_structure_object_with_comment",
        b"{\"a\":/*comment*/\"b\"}",
    ),
    ("n_structure_open_array_apostrophe", b"['"),
    ("n_structure_open_array_comma", b"[,"),
    ("n_structure_open_object", b"{"),
    ("n_structure_open_object_close_array", b"{]"),
    ("n_structure_single_star", b"*"),
    ("n_structure_trailing_#", b"{\"a\":\"b\"}#{}"),
    ("n_structure_U+00A0_nbsp_whitespace", b"\xc2\xa0[]"),
    ("n_structure_whitespace_formfeed", b"[\x0c]"),
    (
        "n_structure_unclosed_array_unfinished_true",
        b"[ false, tru",
    ),
    ("n_structure_uescaped_LF_before_string", b"[\\u000A\"\"]"),
    (
        "n_structure_64_opening_arrays",
        b"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[",
    ),
    // JSONTestSuite leaves these to the implementation (i_) or accepts
    // them (y_object_duplicated_key*); our rules reject them.
    ("i_string_1st_surrogate_but_2nd_missing", b"[\"\\uDADA\"]"),
    (
        "i_string_1st_valid_surrogate_2nd_invalid",
        b"[\"\\uD888\\u1234\"]",
    ),
    (
        "i_string_incomplete_surrogate_and_escape_valid",
        b"[\"\\uD800\\n\"]",
    ),
    (
        "i_string_incomplete_surrogates_escape_valid",
        b"[\"\\uD800\\uD800\\n\"]",
    ),
    ("i_string_invalid_lonely_surrogate", b"[\"\\ud800\"]"),
    (
        "i_string_inverted_surrogates_U+1D11E",
        b"[\"\\uDd1e\\uD834\"]",
    ),
    ("i_string_lone_second_surrogate", b"[\"\\uDFAA\"]"),
    (
        "i_string_UTF-8_invalid_sequence",
        b"[\"\xe6\x97\xa5\xd1\x88\xfa\"]",
    ),
    ("i_string_UTF8_surrogate_U+D800", b"[\"\xed\xa0\x80\"]"),
    ("i_string_overlong_sequence_2_bytes", b"[\"\xc0\xaf\"]"),
    ("i_string_not_in_unicode_range", b"[\"\xf4\xbf\xbf\xbf\"]"),
    ("i_string_truncated-utf-8", b"[\"\xe0\xff\"]"),
    ("i_string_iso_latin_1", b"[\"\xe9\"]"),
    ("i_structure_UTF-8_BOM_empty_object", b"\xef\xbb\xbf{}"),
    ("y_object_duplicated_key", b"{\"a\":\"b\",\"a\":\"c\"}"),
    (
        "y_object_duplicated_key_and_value",
        b"{\"a\":\"b\",\"a\":\"b\"}",
    ),
    ("duplicate_long_plain_name", b"{\"issuer\":1,\"issuer\":2}"),
    (
        "duplicate_long_plain_name_later",
        b"{\"issuer\":1,\"issues\":2,\"issuer\":3}",
    ),
    (
        "duplicate_long_escaped_name",
        b"{\"issuer\":1,\"\\u0069ssuer\":2}",
    ),
    ("duplicate_via_escape", b"{\"a\":1,\"\\u0061\":2}"),
    (
        "duplicate_nested_in_array",
        b"[{\"a\":1},{\"b\":1,\"b\":2}]",
    ),
    ("duplicate_deep", b"{\"x\":{\"y\":{\"z\":1,\"z\":1}}}"),
    (
        "duplicate_surrogate_vs_raw",
        b"{\"\xf0\x9f\x98\x80\":1,\"\\ud83d\\ude00\":2}",
    ),
    ("control_char_0x1f", b"[\"\x1f\"]"),
    ("nul_after_value", b"[1]\x00"),
];

#[test]
fn accept_list() {
    assert!(ACCEPT.len() >= 80, "{}", ACCEPT.len());
    for (name, input) in ACCEPT {
        check(input).unwrap_or_else(|e| panic!("{name}: rejected: {e:?}"));
        let mirror = from_slice::<Mirror<'_>>(input);
        let oracle: serde_json::Value =
            serde_json::from_slice(input).unwrap_or_else(|e| panic!("{name}: oracle: {e}"));
        assert!(
            same_or_unconverted(&mirror, &oracle),
            "{name}: {mirror:?} != {oracle:?}"
        );
    }
}

#[test]
fn reject_list() {
    assert!(REJECT.len() >= 80, "{}", REJECT.len());
    for (name, input) in REJECT {
        assert!(check(input).is_err(), "{name}: accepted");
        assert!(
            from_slice::<Mirror<'_>>(input).is_err(),
            "{name}: mirror accepted"
        );
    }
}

/// Exact errors, offsets included.
#[test]
fn reject_reasons() {
    use JsonError as E;
    let cases: &[(&[u8], JsonError)] = &[
        (b"", E::UnexpectedEnd),
        (b"  ", E::UnexpectedEnd),
        (b"[1,", E::UnexpectedEnd),
        (b"\"abc", E::UnexpectedEnd),
        (
            b"[1 2]",
            E::UnexpectedByte {
                offset: 3,
                found: b'2',
            },
        ),
        (
            b"[1,]",
            E::UnexpectedByte {
                offset: 3,
                found: b']',
            },
        ),
        (
            b"{\"a\":1,}",
            E::UnexpectedByte {
                offset: 7,
                found: b'}',
            },
        ),
        (
            b"[tru}",
            E::UnexpectedByte {
                offset: 4,
                found: b'}',
            },
        ),
        (
            b"[True]",
            E::UnexpectedByte {
                offset: 1,
                found: b'T',
            },
        ),
        (b"[1] x", E::TrailingContent { offset: 4 }),
        (b"{}{}", E::TrailingContent { offset: 2 }),
        (b"\xef\xbb\xbf{}", E::ByteOrderMark),
        (b"[\"a\xffb\"]", E::InvalidUtf8 { offset: 3 }),
        (b"[\"a\nb\"]", E::ControlCharInString { offset: 3 }),
        (b"[\"a\\qb\"]", E::InvalidEscape { offset: 3 }),
        (b"[\"a\\u12g4\"]", E::InvalidEscape { offset: 3 }),
        (b"[\"a\\ud800\"]", E::LoneSurrogate { offset: 3 }),
        (b"[\"a\\ud800\\u0041\"]", E::LoneSurrogate { offset: 3 }),
        (b"[\"a\\udc00\"]", E::LoneSurrogate { offset: 3 }),
        (b"[-]", E::InvalidNumber { offset: 1 }),
        (b"[01]", E::InvalidNumber { offset: 1 }),
        (b"[1.]", E::InvalidNumber { offset: 1 }),
        (b"[1e+]", E::InvalidNumber { offset: 1 }),
        (b"[-01]", E::InvalidNumber { offset: 1 }),
        (b"{\"a\":1,\"a\":2}", E::DuplicateMember { offset: 7 }),
        (
            b"{\"ab\":1,\"a\\u0062\":2}",
            E::DuplicateMember { offset: 8 },
        ),
    ];
    for (input, want) in cases {
        assert_eq!(
            check(input),
            Err(*want),
            "{:?}",
            std::string::String::from_utf8_lossy(input)
        );
    }
}

fn nested_arrays(depth: usize) -> Vec<u8> {
    let mut v = Vec::new();
    v.resize(depth, b'[');
    v.resize(depth * 2, b']');
    v
}

fn nested_objects(depth: usize) -> Vec<u8> {
    let mut v = Vec::new();
    for _ in 0..depth {
        v.extend_from_slice(b"{\"a\":");
    }
    v.extend_from_slice(b"null");
    v.resize(v.len() + depth, b'}');
    v
}

#[test]
fn depth_limit_exactly_at_and_above() {
    let too_deep = Err(JsonError::TooDeep {
        limit: MAX_JSON_DEPTH,
    });
    for make in [nested_arrays, nested_objects] {
        let at = make(MAX_JSON_DEPTH);
        assert_eq!(check(&at), Ok(()));
        assert!(from_slice::<Mirror<'_>>(&at).is_ok());
        let above = make(MAX_JSON_DEPTH + 1);
        assert_eq!(check(&above), too_deep);
        assert_eq!(from_slice::<Mirror<'_>>(&above).map(drop), too_deep);
    }
    // Far too deep: must fail fast, not overflow the stack.
    let huge = std::vec![b'['; MAX_JSON_LEN];
    assert_eq!(check(&huge), too_deep);
    assert_eq!(from_slice::<Mirror<'_>>(&huge).map(drop), too_deep);
    // The limit also holds when the deep part is skipped by a typed target.
    let mut skipped = b"{\"ignored\":".to_vec();
    skipped.extend_from_slice(&nested_arrays(MAX_JSON_DEPTH));
    skipped.push(b'}');
    assert_eq!(check(&skipped), too_deep);
    #[derive(serde::Deserialize, Debug)]
    struct Empty {}
    assert_eq!(from_slice::<Empty>(&skipped).map(drop), too_deep);
}

fn object_with_members(n: usize) -> Vec<u8> {
    let mut v = b"{".to_vec();
    for i in 0..n {
        if i > 0 {
            v.push(b',');
        }
        v.extend_from_slice(std::format!("\"m{i}\":{i}").as_bytes());
    }
    v.push(b'}');
    v
}

#[test]
fn member_limit() {
    assert_eq!(check(&object_with_members(MAX_JSON_MEMBERS)), Ok(()));
    assert_eq!(
        check(&object_with_members(MAX_JSON_MEMBERS + 1)),
        Err(JsonError::TooManyMembers {
            limit: MAX_JSON_MEMBERS
        })
    );
    // Arrays have no element cap of their own (length is capped).
    let many: Vec<u8> = std::format!("[{}0]", "0,".repeat(1000)).into_bytes();
    assert_eq!(check(&many), Ok(()));
}

#[test]
fn length_limit() {
    let mut at = b"[]".to_vec();
    at.resize(MAX_JSON_LEN, b' ');
    assert_eq!(check(&at), Ok(()));
    at.push(b' ');
    assert_eq!(
        check(&at),
        Err(JsonError::TooLong {
            len: MAX_JSON_LEN + 1,
            limit: MAX_JSON_LEN
        })
    );
}
