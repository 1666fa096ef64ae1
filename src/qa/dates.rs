//! Dates and times whose numbers differ. Months are read by name on both sides (English
//! names and their newsroom abbreviations; the Burmese names of the Gregorian months, which
//! count only when `လ`, "month", or a number stands next to them, as they do in dates), with
//! the day written next to them; times as `10:30` on either side, `10 a.m.` in English and
//! `၁၀ နာရီ ၃၀ မိနစ်` in Burmese (hours compared on a twelve-hour clock, since the
//! English adds a.m. or p.m. and the Burmese says morning or evening in words).
//!
//! A month the source names and the English does not, a different day for the same month,
//! and a time of the source missing from the English are errors. A month only the English
//! names is not: house style turns "yesterday" into a date.

use std::collections::BTreeSet;

use super::numbers::numbers;
use super::{Check, Finding, RowInput, Severity};
use crate::glossary::{units, words};
use crate::script::Script;

const ENGLISH_MONTHS: [(&str, u8); 23] = [
    ("january", 1),
    ("jan", 1),
    ("february", 2),
    ("feb", 2),
    ("march", 3),
    ("april", 4),
    ("may", 5),
    ("june", 6),
    ("july", 7),
    ("august", 8),
    ("aug", 8),
    ("september", 9),
    ("sept", 9),
    ("sep", 9),
    ("october", 10),
    ("oct", 10),
    ("november", 11),
    ("nov", 11),
    ("december", 12),
    ("dec", 12),
    ("apr", 4),
    ("jun", 6),
    ("jul", 7),
];

/// The Burmese names of the Gregorian months, in their common spellings.
const BURMESE_MONTHS: [(&str, u8); 14] = [
    ("ဇန်နဝါရီ", 1),
    ("ဖေဖော်ဝါရီ", 2),
    ("မတ်", 3),
    ("ဧပြီ", 4),
    ("မေ", 5),
    ("ဇွန်", 6),
    ("ဇူလိုင်", 7),
    ("ဩဂုတ်", 8),
    ("သြဂုတ်", 8),
    ("စက်တင်ဘာ", 9),
    ("အောက်တိုဘာ", 10),
    ("နိုဝင်ဘာ", 11),
    ("ဒီဇင်ဘာ", 12),
    ("ဪဂုတ်", 8),
];

const MONTH_NAMES: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// A month named, with the day written beside it if any.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Mention {
    month: u8,
    day: Option<u32>,
}

/// Whether a unit is a number, and its value.
fn number_of(text: &str) -> Option<u32> {
    let found = numbers(text);
    match found.as_slice() {
        [n] if n.range == (0..text.len()) => n.value.parse().ok(),
        _ => None,
    }
}

/// The day beside a month: a number from 1 to 31 just before or after it.
fn day_near(tokens: &[&str], at: usize) -> Option<u32> {
    let near = [at + 1, at + 2]
        .into_iter()
        .chain(at.checked_sub(1))
        .filter_map(|i| tokens.get(i))
        .filter_map(|t| number_of(t.trim_end_matches(['.', ','])));
    near.into_iter().find(|d| (1..=31).contains(d))
}

fn english_mentions(text: &str) -> Vec<Mention> {
    let tokens: Vec<&str> = words(text).into_iter().map(|r| &text[r]).collect();
    let mut out = Vec::new();
    for (i, token) in tokens.iter().enumerate() {
        let Some(&(name, month)) = ENGLISH_MONTHS
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(token))
        else {
            continue;
        };
        // "may" and "march" are verbs too: only a capital letter makes them months, and an
        // abbreviation must be capitalised as well.
        if !token.starts_with(char::is_uppercase) {
            continue;
        }
        let day = day_near(&tokens, i);
        if (name == "may" || name == "march") && day.is_none() && i == 0 {
            continue;
        }
        out.push(Mention { month, day });
    }
    out
}

fn burmese_mentions(text: &str) -> Vec<Mention> {
    // Most rows name no month: a quick look saves segmenting them into syllables.
    if !BURMESE_MONTHS.iter().any(|(name, _)| text.contains(name)) {
        return Vec::new();
    }
    let spans = units(Script::Myanmar, text);
    let tokens: Vec<&str> = spans.iter().map(|r| &text[r.clone()]).collect();
    let mut out = Vec::new();
    // A month's name is one or more syllables: it starts where a syllable starts and ends
    // where one ends.
    let ends: std::collections::HashMap<usize, usize> =
        spans.iter().enumerate().map(|(k, r)| (r.end, k)).collect();
    for (i, span) in spans.iter().enumerate() {
        for &(name, month) in &BURMESE_MONTHS {
            if !text[span.start..].starts_with(name) {
                continue;
            }
            let Some(&last) = ends.get(&(span.start + name.len())) else {
                continue;
            };
            // Spaces inside the name are not allowed: the syllables must follow each other.
            if text[span.start..span.start + name.len()].contains(char::is_whitespace) {
                continue;
            }
            let j = last + 1;
            let followed_by_month = tokens.get(j).is_some_and(|t| *t == "လ");
            let day = day_near(
                &tokens,
                j.saturating_sub(1) + usize::from(followed_by_month),
            );
            let before = i.checked_sub(1).and_then(|b| number_of(tokens[b]));
            if followed_by_month || day.is_some() || before.is_some() {
                out.push(Mention { month, day });
            }
        }
    }
    out
}

/// Times of day as (hour on a twelve-hour clock, minutes).
fn times(text: &str, script: Script) -> BTreeSet<(u32, u32)> {
    let mut out = BTreeSet::new();
    let found = numbers(text);
    for (k, n) in found.iter().enumerate() {
        let Ok(hour) = n.value.parse::<u32>() else {
            continue;
        };
        if !(0..=24).contains(&hour) {
            continue;
        }
        let after = &text[n.range.end..];
        // 10:30
        if let Some(m) = found.get(k + 1)
            && after.starts_with(':')
            && m.range.start == n.range.end + 1
            && let Ok(minutes) = m.value.parse::<u32>()
            && minutes < 60
        {
            out.insert((hour % 12, minutes));
            continue;
        }
        let rest = after.trim_start();
        let is_english_time = ["a.m.", "p.m.", "am ", "pm ", "o'clock", "o’clock"]
            .iter()
            .any(|s| rest.to_ascii_lowercase().starts_with(s))
            || ["am", "pm"].contains(&rest.to_ascii_lowercase().as_str());
        if script == Script::Spaced && is_english_time {
            out.insert((hour % 12, 0));
        }
        if script == Script::Myanmar && rest.starts_with("နာရီ") {
            let minutes = found.get(k + 1).and_then(|m| {
                let between = &text[n.range.end..m.range.start];
                let after_m = text[m.range.end..].trim_start();
                (between.trim() == "နာရီ" && after_m.starts_with("မိနစ်"))
                    .then(|| m.value.parse::<u32>().ok())
                    .flatten()
            });
            out.insert((hour % 12, minutes.unwrap_or(0)));
        }
    }
    out
}

fn month_name(month: u8) -> &'static str {
    MONTH_NAMES
        .get(usize::from(month).saturating_sub(1))
        .copied()
        .unwrap_or("?")
}

/// Errors for a month or day of the source that the English gets wrong or leaves out, and
/// for a time of the source the English lacks.
#[must_use]
pub fn check(row: &RowInput<'_>) -> Vec<Finding> {
    if row.source.trim().is_empty() {
        return Vec::new();
    }
    let source = match row.script {
        Script::Myanmar => burmese_mentions(row.source),
        Script::Spaced => english_mentions(row.source),
    };
    let english = english_mentions(row.english);
    let mut out = Vec::new();
    let error =
        |reason: String| Finding::english(row.row, Check::Dates, Severity::Error, reason, None);
    for m in &source {
        let same_month: Vec<&Mention> = english.iter().filter(|e| e.month == m.month).collect();
        if same_month.is_empty() {
            let instead: Vec<&str> = english.iter().map(|e| month_name(e.month)).collect();
            out.push(error(if instead.is_empty() {
                format!(
                    "the source gives a date in {}; the English does not",
                    month_name(m.month)
                )
            } else {
                format!(
                    "the source says {}; the English says {}",
                    month_name(m.month),
                    instead.join(", ")
                )
            }));
        } else if let Some(day) = m.day
            && same_month.iter().all(|e| e.day.is_some_and(|d| d != day))
        {
            let other = same_month.iter().find_map(|e| e.day).unwrap_or_default();
            out.push(error(format!(
                "the source says {} {day}; the English says {} {other}",
                month_name(m.month),
                month_name(m.month)
            )));
        }
    }
    let source_times = times(row.source, row.script);
    let english_times = times(row.english, Script::Spaced);
    for &(h, m) in source_times.difference(&english_times) {
        let h = if h == 0 { 12 } else { h };
        out.push(error(format!(
            "the source gives the time {h}:{m:02}; the English does not"
        )));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::row;
    use super::*;

    #[test]
    fn the_same_date_and_time_pass() {
        assert!(check(&row("ဩဂုတ်လ ၃ ရက်နေ့က", "on Aug. 3")).is_empty());
        assert!(check(&row("၂၀၂၆ ခုနှစ် ဩဂုတ် ၃ ရက်", "Aug. 3, 2026")).is_empty());
        assert!(check(&row("ညနေ ၄ နာရီ ၃၀ မိနစ်တွင်", "at 4:30 p.m.")).is_empty());
        assert!(check(&row("မနက် ၁၀ နာရီတွင်", "at 10 a.m.")).is_empty());
        // A month only the English names: house style.
        assert!(check(&row("မနေ့က", "on Tuesday, Aug. 4")).is_empty());
        // "may" the verb, and "အမေ" (mother), are no months.
        assert!(check(&row("အမေ က ပြောသည်", "people may leave")).is_empty());
    }

    #[test]
    fn a_different_month_day_or_time_is_an_error() {
        let found = check(&row("ဩဂုတ်လ ၃ ရက်နေ့က", "on Sept. 3"));
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(
            found[0].reason,
            "the source says August; the English says September"
        );
        let found = check(&row("ဩဂုတ်လ ၃ ရက်နေ့က", "on Aug. 4"));
        assert_eq!(
            found[0].reason,
            "the source says August 3; the English says August 4"
        );
        let found = check(&row("မနက် ၁၀ နာရီ ၃၀ မိနစ်တွင်", "at 10 a.m."));
        assert_eq!(
            found[0].reason,
            "the source gives the time 10:30; the English does not"
        );
        let found = check(&row("ဇူလိုင်လတွင်", "this summer"));
        assert_eq!(
            found[0].reason,
            "the source gives a date in July; the English does not"
        );
    }
}
