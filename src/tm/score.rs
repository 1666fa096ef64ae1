//! The match score: how much of an earlier source a translator can reuse, in percent.
//!
//! With `a` and `b` the content tokens (words, syllables, numbers; see [`super::token`]) of
//! the text looked up and of the earlier source, and `d` the edit distance between them in
//! tokens (insertions, deletions and substitutions, each costing one):
//!
//! - **100** when the two texts are identical (after trimming white space at their ends);
//! - **99** when they differ only in punctuation, spacing, letter case or the script of
//!   their digits (`d = 0`): the English is right but may need its punctuation checked;
//! - otherwise `floor(100 × (1 − d / max(|a|, |b|)))`, at most **98**.
//!
//! Penalties are then subtracted, each shown beside the score: a file imported from
//! another tool costs what the desk set for it, an entry not yet reviewed by an editor
//! costs 1. A score never goes below 0.

/// The edit distance between two token sequences: the fewest insertions, deletions and
/// substitutions that turn one into the other.
#[must_use]
pub fn edit_distance<T: PartialEq>(a: &[T], b: &[T]) -> usize {
    // Strip what the two share at both ends; the middle is usually short.
    let start = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let (a, b) = (&a[start..], &b[start..]);
    let end = a
        .iter()
        .rev()
        .zip(b.iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let (a, b) = (&a[..a.len() - end], &b[..b.len() - end]);
    if a.is_empty() || b.is_empty() {
        return a.len().max(b.len());
    }
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut current = vec![0; b.len() + 1];
    for (i, x) in a.iter().enumerate() {
        current[0] = i + 1;
        for (j, y) in b.iter().enumerate() {
            let substitute = previous[j] + usize::from(x != y);
            current[j + 1] = substitute.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        std::mem::swap(&mut previous, &mut current);
    }
    previous[b.len()]
}

/// The score of an earlier source against the text looked up, before penalties, from the
/// texts (for the 100% test) and their content tokens.
#[must_use]
pub fn raw_score<T: PartialEq>(
    text: &str,
    content: &[T],
    earlier: &str,
    earlier_content: &[T],
) -> u8 {
    if text.trim() == earlier.trim() {
        return 100;
    }
    let d = edit_distance(content, earlier_content);
    if d == 0 {
        return 99;
    }
    percent(d, content.len().max(earlier_content.len()))
}

/// `floor(100 × (1 − d / longest))`, at most 98.
#[must_use]
pub fn percent(d: usize, longest: usize) -> u8 {
    if longest == 0 || d >= longest {
        return 0;
    }
    let p = 100 * (longest - d) / longest;
    u8::try_from(p.min(98)).unwrap_or(98)
}

/// The fewest shared tokens an earlier source of any length must have with a text of
/// `len` content tokens to score at least `min` (the index's filter): the distance is at
/// least the longer length less the shared tokens, so `shared ≥ longest × min / 100 ≥
/// len × min / 100`.
#[must_use]
pub fn shared_needed(len: usize, min: u8) -> usize {
    (len * usize::from(min)).div_ceil(100)
}

/// The lengths an earlier source may have to score at least `min` against a text of `len`
/// content tokens: the distance is at least the difference of the lengths.
#[must_use]
pub fn length_range(len: usize, min: u8) -> std::ops::RangeInclusive<usize> {
    let min = usize::from(min.max(1));
    // |len − n| ≤ d ≤ (1 − min/100) × max(len, n)
    let shortest = (len * min).div_ceil(100);
    let longest = if min >= 100 { len } else { len * 100 / min };
    shortest..=longest
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tm::token::content_keys;

    fn score(a: &str, b: &str) -> u8 {
        raw_score(a, &content_keys(a), b, &content_keys(b))
    }

    #[test]
    fn edit_distance_by_hand() {
        assert_eq!(edit_distance(&[1, 2, 3], &[1, 2, 3]), 0);
        assert_eq!(edit_distance(&[1, 2, 3], &[1, 9, 3]), 1);
        assert_eq!(edit_distance(&[1, 2, 3], &[1, 3]), 1);
        assert_eq!(edit_distance::<u32>(&[], &[1, 2]), 2);
        // kitten → sitting, letter by letter: 3.
        let k: Vec<char> = "kitten".chars().collect();
        let s: Vec<char> = "sitting".chars().collect();
        assert_eq!(edit_distance(&k, &s), 3);
    }

    #[test]
    fn scores_worked_by_hand() {
        // Identical: 100. Only a space or the digits' script differ: 99.
        assert_eq!(score("ဆန်ဈေး တက်သည်။", "ဆန်ဈေး တက်သည်။"), 100);
        assert_eq!(score("ဆန်ဈေးတက်သည်။", "ဆန်ဈေး တက်သည်။"), 99);
        assert_eq!(score("ကျပ် ၅,၀၀၀", "ကျပ် 5000"), 99);
        assert_eq!(score("Rice prices rose.", "rice prices rose"), 99);
        // ဆန် ဈေး တက် သည် (4 syllables) against ဆန် ဈေး ကျ သည်: one substitution,
        // floor(100 × 3/4) = 75, with or without the space.
        assert_eq!(score("ဆန်ဈေးတက်သည်။", "ဆန်ဈေး ကျသည်။"), 75);
        assert_eq!(score("ဆန်ဈေး တက်သည်။", "ဆန်ဈေးကျသည်။"), 75);
        // ရန် ကုန် မြို့ တွင် မီး ပြတ် သည် (7) against ရန် ကုန် မြို့ တွင် မီး ပြတ် တောက် သည် (8):
        // one insertion, floor(100 × 7/8) = 87.
        assert_eq!(score("ရန်ကုန်မြို့တွင် မီးပြတ်သည်။", "ရန်ကုန်မြို့တွင် မီးပြတ်တောက်သည်။"), 87);
        // English: 10 tokens (the number one of them), one differs: floor(100 × 9/10) = 90.
        assert_eq!(
            score(
                "The price of rice rose by 500 kyat on Monday.",
                "The price of rice rose by 700 kyat on Monday."
            ),
            90
        );
        // Nothing shared: 0.
        assert_eq!(score("ဆန်", "မီး"), 0);
        // A near-identical long text is still at most 98.
        let long: String = "ဆန်".repeat(200);
        let changed = format!("{}မီး", "ဆန်".repeat(199));
        assert_eq!(score(&long, &changed), 98);
    }

    #[test]
    fn the_filters_never_drop_a_match() {
        // shared_needed and length_range against every pair of short sequences over a small
        // alphabet: whatever scores at least min passes both filters.
        let words: Vec<Vec<u8>> = (0..3u32.pow(5))
            .flat_map(|n| {
                (1..=5).map(move |len| (0..len).map(|i| ((n / 3u32.pow(i)) % 3) as u8).collect())
            })
            .collect();
        for min in [50u8, 75, 95] {
            for a in words.iter().step_by(7) {
                for b in &words {
                    let d = edit_distance(a, b);
                    let s = percent(d, a.len().max(b.len()));
                    if d > 0 && s >= min {
                        let mut shared = 0;
                        let mut rest = b.clone();
                        for x in a {
                            if let Some(p) = rest.iter().position(|y| y == x) {
                                rest.remove(p);
                                shared += 1;
                            }
                        }
                        assert!(shared >= shared_needed(a.len(), min), "{a:?} {b:?} {min}");
                        assert!(
                            shared >= shared_needed(a.len().max(b.len()), min),
                            "{a:?} {b:?} {min}"
                        );
                        assert!(
                            length_range(a.len(), min).contains(&b.len()),
                            "{a:?} {b:?} {min}"
                        );
                    }
                }
            }
        }
    }
}
