//! English far longer or shorter than the desk usually writes for its source. The desk's
//! usual is learned from its confirmed rows ([`LengthNorm::learn`]): the ratio of English
//! characters to source characters (white space not counted), over rows with at least
//! [`MIN_SOURCE_CHARS`] source characters. The usual range runs from the 10th to the 90th
//! percentile of those ratios; a row more than 1.6 times outside it (below the low end
//! divided by 1.6, or above the high end times 1.6) is a warning. Until the desk has
//! [`MIN_ROWS`] such rows there is no usual, and the check says nothing.

use super::{Check, Finding, RowInput, Severity};

/// Rows shorter than this (in source characters) are too short to judge.
pub const MIN_SOURCE_CHARS: usize = 20;
/// How many confirmed rows the desk needs before its usual is known.
pub const MIN_ROWS: usize = 20;
/// How far outside the usual range a row may go.
pub const MARGIN: f64 = 1.6;

/// The desk's usual length of English for its source.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LengthNorm {
    /// The 10th percentile of English characters per source character.
    pub low: f64,
    /// The median.
    pub usual: f64,
    /// The 90th percentile.
    pub high: f64,
    /// How many rows it was learned from.
    pub rows: usize,
}

fn chars(text: &str) -> usize {
    text.chars().filter(|c| !c.is_whitespace()).count()
}

impl LengthNorm {
    /// Learns the usual from confirmed rows' (source, English) pairs; `None` until there
    /// are [`MIN_ROWS`] long enough to count.
    pub fn learn<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Option<Self> {
        let mut ratios: Vec<f64> = pairs
            .into_iter()
            .filter_map(|(s, e)| {
                let (s, e) = (chars(s), chars(e));
                (s >= MIN_SOURCE_CHARS && e > 0).then(|| e as f64 / s as f64)
            })
            .collect();
        if ratios.len() < MIN_ROWS {
            return None;
        }
        ratios.sort_by(f64::total_cmp);
        // Nearest rank.
        let at =
            |p: f64| ratios[((p * ratios.len() as f64).ceil() as usize).clamp(1, ratios.len()) - 1];
        Some(Self {
            low: at(0.1),
            usual: at(0.5),
            high: at(0.9),
            rows: ratios.len(),
        })
    }
}

/// A warning when the row's English is far off the desk's usual length.
#[must_use]
pub fn check(row: &RowInput<'_>, norm: &LengthNorm) -> Vec<Finding> {
    let (s, e) = (chars(row.source), chars(row.english));
    if s < MIN_SOURCE_CHARS || e == 0 {
        return Vec::new();
    }
    let ratio = e as f64 / s as f64;
    let (too_short, too_long) = (ratio < norm.low / MARGIN, ratio > norm.high * MARGIN);
    if !too_short && !too_long {
        return Vec::new();
    }
    vec![Finding::english(
        row.row,
        Check::Length,
        Severity::Warning,
        format!(
            "the English is {} ({ratio:.1}× the source); this desk's confirmed rows run {:.1}–{:.1}×",
            if too_long {
                "unusually long"
            } else {
                "unusually short"
            },
            norm.low,
            norm.high
        ),
        None,
    )]
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::row;
    use super::*;

    #[test]
    fn the_usual_is_learned_from_enough_long_rows() {
        let source = "a".repeat(40);
        // Ratios 1.0, 1.1, … 2.9 (twenty rows), plus short rows that do not count.
        let english: Vec<String> = (0..20).map(|i| "b".repeat(40 + 4 * i)).collect();
        let mut pairs: Vec<(&str, &str)> = english
            .iter()
            .map(|e| (source.as_str(), e.as_str()))
            .collect();
        pairs.push(("short", "very long english text indeed"));
        let norm = LengthNorm::learn(pairs.iter().copied()).unwrap();
        assert_eq!(norm.rows, 20);
        // Nearest rank: the 2nd, 10th and 18th of twenty ratios.
        assert!((norm.low - 1.1).abs() < 1e-9, "{norm:?}");
        assert!((norm.usual - 1.9).abs() < 1e-9);
        assert!((norm.high - 2.7).abs() < 1e-9);
        assert!(LengthNorm::learn(pairs[..19].iter().copied()).is_none());
    }

    #[test]
    fn far_off_rows_are_found() {
        let norm = LengthNorm {
            low: 1.0,
            usual: 1.5,
            high: 2.0,
            rows: 50,
        };
        let source = "a".repeat(40);
        // 3.2 is 2.0 × 1.6: still inside; 3.3 is past it.
        assert!(check(&row(&source, &"b".repeat(128)), &norm).is_empty());
        assert_eq!(check(&row(&source, &"b".repeat(132)), &norm).len(), 1);
        // 0.625 is 1.0 / 1.6: inside; 0.6 is past it.
        assert!(check(&row(&source, &"b".repeat(25)), &norm).is_empty());
        let found = check(&row(&source, &"b".repeat(24)), &norm);
        assert!(found[0].reason.contains("unusually short"));
        // Short rows are not judged.
        assert!(check(&row("abc", &"b".repeat(500)), &norm).is_empty());
    }
}
