//! Numbers that differ between the source and the English. Myanmar digits (၀–၉) count as
//! their ASCII digits, and thousands separators do not count: `5,000`, `5000`, `၅၀၀၀` and
//! `၅,၀၀၀` are one number. A number in the source that the English lacks, or one in the
//! English the source lacks, is an error. The English may write one to ten as words ("five
//! people" for `၅`), which counts for a source number; a word never counts as extra.

use std::collections::HashMap;
use std::ops::Range;

use super::{Check, Finding, RowInput, Severity};

/// A number as compared (digits, a decimal point if any, no leading zeros, no separators),
/// and where it stands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Number {
    /// The value as ASCII digits.
    pub value: String,
    /// Where it stands in the text (bytes).
    pub range: Range<usize>,
}

fn digit(c: char) -> Option<u8> {
    match c {
        '0'..='9' => Some(c as u8 - b'0'),
        '\u{1040}'..='\u{1049}' => Some((c as u32 - 0x1040) as u8),
        _ => None,
    }
}

/// The numbers of a text, in order.
#[must_use]
pub fn numbers(text: &str) -> Vec<Number> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut out = Vec::new();
    let mut k = 0;
    while k < chars.len() {
        if digit(chars[k].1).is_none() {
            k += 1;
            continue;
        }
        let start = chars[k].0;
        let mut value = String::new();
        let mut decimal = false;
        while k < chars.len() {
            let c = chars[k].1;
            if let Some(d) = digit(c) {
                value.push(char::from(b'0' + d));
                k += 1;
                continue;
            }
            let next_digits = chars[k + 1..]
                .iter()
                .take_while(|&&(_, c)| digit(c).is_some())
                .count();
            // A thousands separator: a comma (or a thin or ordinary space in some styles is
            // not taken: "5 000" is too easily two numbers) followed by exactly three digits.
            if c == ',' && !decimal && next_digits == 3 {
                k += 1;
                continue;
            }
            if c == '.' && !decimal && next_digits > 0 {
                decimal = true;
                value.push('.');
                k += 1;
                continue;
            }
            break;
        }
        let end = chars.get(k).map_or(text.len(), |&(at, _)| at);
        out.push(Number {
            value: normal(&value),
            range: start..end,
        });
    }
    out
}

/// Leading zeros off the whole part, trailing zeros off a fraction: `05` is `5`, `2.50` is
/// `2.5`, `3.0` is `3`.
fn normal(value: &str) -> String {
    let (whole, fraction) = value.split_once('.').unwrap_or((value, ""));
    let whole = whole.trim_start_matches('0');
    let whole = if whole.is_empty() { "0" } else { whole };
    let fraction = fraction.trim_end_matches('0');
    if fraction.is_empty() {
        whole.to_owned()
    } else {
        format!("{whole}.{fraction}")
    }
}

const WORDS: [(&str, &str); 10] = [
    ("one", "1"),
    ("two", "2"),
    ("three", "3"),
    ("four", "4"),
    ("five", "5"),
    ("six", "6"),
    ("seven", "7"),
    ("eight", "8"),
    ("nine", "9"),
    ("ten", "10"),
];

/// The numbers one to ten written as words in English.
fn word_numbers(english: &str) -> Vec<&'static str> {
    crate::glossary::words(english)
        .into_iter()
        .filter_map(|r| {
            let w = english[r].to_ascii_lowercase();
            WORDS.iter().find(|(name, _)| *name == w).map(|(_, v)| *v)
        })
        .collect()
}

/// Errors for each number in one side that the other lacks.
#[must_use]
pub fn check(row: &RowInput<'_>) -> Vec<Finding> {
    if row.source.trim().is_empty() {
        return Vec::new();
    }
    let source = numbers(row.source);
    let english = numbers(row.english);
    let mut in_english: HashMap<&str, usize> = HashMap::new();
    for n in &english {
        *in_english.entry(&n.value).or_default() += 1;
    }
    let mut in_source: HashMap<&str, usize> = HashMap::new();
    for n in &source {
        *in_source.entry(&n.value).or_default() += 1;
    }
    let mut words: HashMap<&str, usize> = HashMap::new();
    for w in word_numbers(row.english) {
        *words.entry(w).or_default() += 1;
    }
    let mut out = Vec::new();
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for n in &source {
        let count = seen.entry(&n.value).or_default();
        *count += 1;
        let available = in_english.get(n.value.as_str()).copied().unwrap_or(0)
            + words.get(n.value.as_str()).copied().unwrap_or(0);
        if *count > available {
            out.push(Finding::source(
                row.row,
                Check::Numbers,
                Severity::Error,
                format!(
                    "{} in the source is not in the English",
                    super::quote(&row.source[n.range.clone()], 20)
                ),
                Some(n.range.clone()),
            ));
        }
    }
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for n in &english {
        let count = seen.entry(&n.value).or_default();
        *count += 1;
        if *count > in_source.get(n.value.as_str()).copied().unwrap_or(0) {
            out.push(Finding::english(
                row.row,
                Check::Numbers,
                Severity::Error,
                format!(
                    "{} in the English is not in the source",
                    super::quote(&row.english[n.range.clone()], 20)
                ),
                Some(n.range.clone()),
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::row;
    use super::*;

    fn values(text: &str) -> Vec<String> {
        numbers(text).into_iter().map(|n| n.value).collect()
    }

    #[test]
    fn numbers_are_read_with_myanmar_digits_and_separators() {
        assert_eq!(values("၅,၀၀၀ နှင့် ၅၀၀၀"), ["5000", "5000"]);
        assert_eq!(values("5,000 and 4000, 2.50 and 07"), ["5000", "4000", "2.5", "7"]);
        // A comma not followed by three digits separates two numbers.
        assert_eq!(values("3,4 and 12,34"), ["3", "4", "12", "34"]);
        // A full stop ending a sentence is not a decimal point.
        assert_eq!(values("in 2026."), ["2026"]);
        assert_eq!(values("၁၀:၃၀"), ["10", "30"]);
    }

    #[test]
    fn the_same_numbers_in_either_script_pass() {
        assert!(check(&row("လူ ၅,၀၀၀ ခန့်", "about 5,000 people")).is_empty());
        assert!(check(&row("လူ ၅၀၀၀ ခန့်", "about 5,000 people")).is_empty());
        assert!(check(&row("လူ 4,000", "4000 people")).is_empty());
        // Five as a word stands for ၅.
        assert!(check(&row("လူ ၅ ဦး", "five people")).is_empty());
    }

    #[test]
    fn a_missing_or_extra_number_is_an_error() {
        // The case: ၅,၀၀၀ against 500.
        let found = check(&row("လူ ၅,၀၀၀ ခန့်", "about 500 people"));
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(found.iter().all(|f| f.severity == Severity::Error));
        assert_eq!(found[0].reason, "၅,၀၀၀ in the source is not in the English");
        assert_eq!(found[0].span, Some(0 + "လူ ".len()..("လူ ၅,၀၀၀").len()));
        assert_eq!(found[1].reason, "500 in the English is not in the source");
        // Said twice in the source, once in the English.
        let found = check(&row("၃ ရက် ... ၃ ဦး", "on the 3rd"));
        assert_eq!(found.len(), 1);
        // An extra number only.
        let found = check(&row("စစ်ကောင်စီ", "the council of 2021"));
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].side, crate::model::Side::English);
    }
}
