//! Numbers that differ between the source and the English. Myanmar digits (၀–၉) count as
//! their ASCII digits, and thousands separators do not count: `5,000`, `5000`, `၅၀၀၀` and
//! `၅,၀၀၀` are one number. A number in the source that the English lacks, or one in the
//! English the source lacks, is an error.
//!
//! Burmese counts large sums with unit words: `၁ သိန်း ၃ သောင်းခွဲ` is one lakh and three
//! and a half ten-thousands, 135,000; `နှစ်သောင်း` is two ten-thousands, 20,000; `သိန်း ၅၀`
//! is fifty lakhs, 5,000,000. The units (`ဆယ်` 10, `ရာ` 100, `ထောင်` 1,000, `သောင်း`
//! 10,000, `သိန်း` 100,000, `သန်း` 1,000,000, `ကုဋေ` 10,000,000), the number words one to
//! nine before a unit, and `ခွဲ` (and a half) are read so. A number word without a unit is
//! not a number (`တစ်အိတ်` is "a bag"). English "1.5 million" is 1,500,000, and English
//! number words (zero to ninety-nine: "Twelve villages") count for a source number; a word
//! never counts as extra.

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

const ONES: [&str; 20] = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
];
const TENS: [&str; 8] = [
    "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
];

/// An English number word (zero to ninety-nine, "twenty-one" hyphenated) as its value.
fn word_value(word: &str) -> Option<u64> {
    // Compared without allocating: this runs on every word of every row.
    if word.len() > 13 || !word.is_ascii() {
        return None;
    }
    let one = |w: &str| {
        ONES.iter()
            .position(|n| n.eq_ignore_ascii_case(w))
            .map(|v| v as u64)
    };
    let ten = |w: &str| {
        TENS.iter()
            .position(|n| n.eq_ignore_ascii_case(w))
            .map(|v| 20 + 10 * v as u64)
    };
    if let Some((t, o)) = word.split_once('-') {
        let (t, o) = (ten(t)?, one(o)?);
        return (1..10).contains(&o).then_some(t + o);
    }
    one(word).or_else(|| ten(word))
}

/// The numbers written as words in English.
fn word_numbers(english: &str) -> Vec<String> {
    crate::glossary::words(english)
        .into_iter()
        .filter_map(|r| word_value(&english[r]).map(|v| v.to_string()))
        .collect()
}

/// English numbers with "million" or "billion" after them multiplied out.
fn english_numbers(text: &str) -> Vec<Number> {
    let mut found = numbers(text);
    for n in &mut found {
        let rest = text[n.range.end..].trim_start();
        let lower = rest.get(..7).unwrap_or(rest).to_ascii_lowercase();
        let factor = if lower.starts_with("million") {
            1_000_000.0
        } else if lower.starts_with("billion") {
            1_000_000_000.0
        } else {
            continue;
        };
        if let Ok(v) = n.value.parse::<f64>() {
            n.value = integer(v * factor);
        }
    }
    found
}

/// A value as compared: whole numbers without a fraction.
fn integer(v: f64) -> String {
    let rounded = v.round();
    if (v - rounded).abs() < 1e-6 {
        format!("{rounded:.0}")
    } else {
        normal(&format!("{v}"))
    }
}

/// The Burmese units of counting.
const UNITS: [(&str, f64); 7] = [
    ("ဆယ်", 10.0),
    ("ရာ", 100.0),
    ("ထောင်", 1_000.0),
    ("သောင်း", 10_000.0),
    ("သိန်း", 100_000.0),
    ("သန်း", 1_000_000.0),
    ("ကုဋေ", 10_000_000.0),
];

/// The Burmese number words one to nine.
const BURMESE_WORDS: [(&str, f64); 9] = [
    ("တစ်", 1.0),
    ("နှစ်", 2.0),
    ("သုံး", 3.0),
    ("လေး", 4.0),
    ("ငါး", 5.0),
    ("ခြောက်", 6.0),
    ("ခုနစ်", 7.0),
    ("ရှစ်", 8.0),
    ("ကိုး", 9.0),
];

/// Burmese numbers, with their unit words counted in (see the module's documentation).
fn burmese_numbers(text: &str) -> Vec<Number> {
    // Syllables, with each number (separators and decimal point included) one token.
    let found = numbers(text);
    // Most rows name no unit: their numbers are their digits (a quick look saves
    // segmenting the row into syllables).
    if !UNITS.iter().any(|(u, _)| text.contains(u)) {
        return found;
    }
    let mut spans: Vec<Range<usize>> = Vec::new();
    let mut next = found.iter().peekable();
    for unit in crate::glossary::units(crate::script::Script::Myanmar, text) {
        while next.peek().is_some_and(|n| n.range.end <= unit.start) {
            next.next();
        }
        match next.peek() {
            Some(n) if n.range.start <= unit.start && unit.start < n.range.end => {
                if spans.last() != Some(&n.range) {
                    spans.push(n.range.clone());
                }
            }
            _ => spans.push(unit),
        }
    }
    let values: HashMap<(usize, usize), f64> = found
        .iter()
        .filter_map(|n| Some(((n.range.start, n.range.end), n.value.parse().ok()?)))
        .collect();
    let digits = |r: &Range<usize>| -> Option<f64> { values.get(&(r.start, r.end)).copied() };
    let unit = |r: &Range<usize>| {
        UNITS
            .iter()
            .find(|(u, _)| *u == &text[r.clone()])
            .map(|u| u.1)
    };
    // ခုနစ် (seven) is two syllables; the others one.
    let word = |k: usize| -> Option<(f64, usize)> {
        let one = &text[spans.get(k)?.clone()];
        if let Some(&(_, v)) = BURMESE_WORDS.iter().find(|(w, _)| *w == one) {
            return Some((v, 1));
        }
        let two = spans.get(k + 1).map(|r| &text[spans[k].start..r.end])?;
        BURMESE_WORDS
            .iter()
            .find(|(w, _)| *w == two)
            .map(|&(_, v)| (v, 2))
    };
    let mut out = Vec::new();
    let mut k = 0;
    while k < spans.len() {
        let start = spans[k].start;
        let mut total = 0.0;
        let mut end = spans[k].end;
        let mut any_unit = false;
        let mut j = k;
        loop {
            // A count (digits, or a number word) and the unit after it.
            let (count, used, is_digits) = if let Some(v) = spans.get(j).and_then(&digits) {
                (v, 1, true)
            } else if let Some((v, used)) = word(j) {
                (v, used, false)
            } else {
                break;
            };
            let Some(u) = spans.get(j + used).and_then(&unit) else {
                if is_digits && !any_unit {
                    // A plain number, or a unit before it: သိန်း ၅၀ is fifty lakhs.
                    let before = j.checked_sub(1).and_then(|b| unit(&spans[b]));
                    total = count * before.unwrap_or(1.0);
                    end = spans[j].end;
                    any_unit = true;
                    j += 1;
                }
                break;
            };
            total += count * u;
            any_unit = true;
            end = spans[j + used].end;
            j += used + 1;
            if spans.get(j).is_some_and(|r| &text[r.clone()] == "ခွဲ") {
                total += u / 2.0;
                end = spans[j].end;
                j += 1;
            }
        }
        if any_unit {
            out.push(Number {
                value: integer(total),
                range: start..end,
            });
            k = j.max(k + 1);
        } else {
            k += 1;
        }
    }
    out
}

/// A number as written, with its value when the writing does not show it plainly
/// (`နှစ်သောင်း (20,000)`, `၁ သိန်း ၃ သောင်းခွဲ (135,000)`).
fn shown(written: &str, value: &str) -> String {
    let plain: String = crate::script::to_ascii_digits(written)
        .chars()
        .filter(|c| *c != ',')
        .collect();
    let written = super::quote(written, 24);
    if plain == value {
        return written;
    }
    let (whole, fraction) = value.split_once('.').unwrap_or((value, ""));
    let mut grouped = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    if !fraction.is_empty() {
        grouped.push('.');
        grouped.push_str(fraction);
    }
    format!("{written} ({grouped})")
}

/// Errors for each number in one side that the other lacks.
#[must_use]
pub fn check(row: &RowInput<'_>) -> Vec<Finding> {
    if row.source.trim().is_empty() {
        return Vec::new();
    }
    let source = match row.script {
        crate::script::Script::Myanmar => burmese_numbers(row.source),
        crate::script::Script::Spaced => english_numbers(row.source),
    };
    let english = english_numbers(row.english);
    let mut in_english: HashMap<&str, usize> = HashMap::new();
    for n in &english {
        *in_english.entry(&n.value).or_default() += 1;
    }
    let mut in_source: HashMap<&str, usize> = HashMap::new();
    for n in &source {
        *in_source.entry(&n.value).or_default() += 1;
    }
    let spelled = word_numbers(row.english);
    let mut words: HashMap<&str, usize> = HashMap::new();
    for w in &spelled {
        *words.entry(w.as_str()).or_default() += 1;
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
                    shown(&row.source[n.range.clone()], &n.value)
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
        assert_eq!(
            values("5,000 and 4000, 2.50 and 07"),
            ["5000", "4000", "2.5", "7"]
        );
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
        assert!(check(&row("ကျောင်း ၁၈ ကျောင်း", "Eighteen schools")).is_empty());
        assert!(check(&row("၂၁ ဦး", "twenty-one people")).is_empty());
    }

    #[test]
    fn burmese_unit_words_are_counted_in() {
        // The sample desk's fertiliser prices: 1 lakh and 3.5 ten-thousands, 7 ten-thousands.
        let source = "ကျပ် ၁ သိန်း ၃ သောင်းခွဲဖြင့် ... ကျပ် ၇ သောင်းခန့်";
        let values: Vec<String> = burmese_numbers(source)
            .into_iter()
            .map(|n| n.value)
            .collect();
        assert_eq!(values, ["135000", "70000"]);
        assert!(check(&row(source, "for 135,000 kyat; about 70,000 kyat")).is_empty());
        // Two ten-thousands in words; fifty lakhs with the unit first; a million and a half.
        assert!(check(&row("တစ်နေ့ ကျပ် နှစ်သောင်းလောက်", "about 20,000 kyat a day")).is_empty());
        assert!(check(&row("ကျပ်သိန်း ၅၀", "5 million kyat")).is_empty());
        assert!(check(&row("လူ ၁.၅ သန်း", "1.5 million people")).is_empty());
        // A number word without a unit is no number: တစ်အိတ် is "a bag".
        assert!(check(&row("၅၀ ကီလိုတစ်အိတ်", "a 50-kilogram bag")).is_empty());
        // And a wrong sum is still found, its value shown.
        let found = check(&row("ကျပ် ၁ သိန်း ၃ သောင်းခွဲ", "130,000 kyat"));
        assert_eq!(found.len(), 2);
        assert_eq!(
            found[0].reason,
            "၁ သိန်း ၃ သောင်းခွဲ (135,000) in the source is not in the English"
        );
    }

    #[test]
    fn a_missing_or_extra_number_is_an_error() {
        // The case: ၅,၀၀၀ against 500.
        let found = check(&row("လူ ၅,၀၀၀ ခန့်", "about 500 people"));
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(found.iter().all(|f| f.severity == Severity::Error));
        assert_eq!(found[0].reason, "၅,၀၀၀ in the source is not in the English");
        assert_eq!(found[0].span, Some("လူ ".len().."လူ ၅,၀၀၀".len()));
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
