//! A word typed twice in a row ("the the"), across nothing but spaces. "had had" and "that
//! that" are English, and a capitalised word twice is a name ("Myint Myint", "Aye Aye
//! Mon": Burmese names repeat syllables); they pass.

use super::{Check, Finding, RowInput, Severity};
use crate::glossary::words;

const ALLOWED: [&str; 2] = ["had", "that"];

/// A warning for each word that repeats the one before it.
#[must_use]
pub fn check(row: &RowInput<'_>) -> Vec<Finding> {
    let text = row.english;
    let tokens = words(text);
    let mut out = Vec::new();
    for pair in tokens.windows(2) {
        let (a, b) = (&text[pair[0].clone()], &text[pair[1].clone()]);
        let between = &text[pair[0].end..pair[1].start];
        if a.chars().any(char::is_alphabetic)
            && a.eq_ignore_ascii_case(b)
            && !between.is_empty()
            && between.chars().all(char::is_whitespace)
            && !ALLOWED.contains(&a.to_lowercase().as_str())
            && !(a.starts_with(char::is_uppercase) && b.starts_with(char::is_uppercase))
        {
            out.push(Finding::english(
                row.row,
                Check::DoubledWords,
                Severity::Warning,
                format!("\"{a}\" twice"),
                Some(pair[0].start..pair[1].end),
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::row;
    use super::*;

    #[test]
    fn a_doubled_word_is_found_and_english_repetition_passes() {
        let found = check(&row("x", "He said the the army came."));
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].span, Some(8..15));
        assert_eq!(check(&row("x", "The the end")).len(), 1);
        assert!(check(&row("x", "said Myint Myint Yee and Aye Aye Mon")).is_empty());
        assert!(check(&row("x", "He had had enough; that that was so.")).is_empty());
        // Across punctuation it is not a slip: "No. No, he said."
        assert!(check(&row("x", "No. No, he said.")).is_empty());
        assert!(check(&row("x", "5 5")).is_empty());
    }
}
