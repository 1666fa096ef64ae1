//! One name spelled two ways in the story's English ("Min Aung Hlaing" in one row, "Min
//! Aung Hliang" in another). Names are capitalised words that do not open a sentence, and
//! capitalised words followed by another (so "Min Aung Hlaing" at the start of a sentence
//! counts). Two names are the same name misspelled when they start with the same letter and
//! differ by one edit (a letter added, dropped, changed, or two swapped) in names of five
//! letters or more, or by two edits from nine letters on; a plural or possessive `s` is no
//! misspelling. Each row's names are compared with those of the whole story
//! ([`StoryFacts`]), so a change costs one row's names.

use std::collections::HashMap;
use std::ops::Range;

use super::{Check, Finding, RowInput, Severity};
use crate::glossary::words;
use crate::model::Story;

/// What the checks know of a whole story: how often each name occurs in its English, and
/// the names of its contributors (known to the spelling check).
#[derive(Clone, Debug, Default)]
pub struct StoryFacts {
    names: HashMap<String, usize>,
    /// The contributors' names, word by word, lower-cased.
    pub contributors: Vec<String>,
}

impl StoryFacts {
    /// The facts of a story.
    #[must_use]
    pub fn of(story: &Story) -> Self {
        let mut facts = Self::default();
        for (_, row) in super::checked_rows(story) {
            facts.add(&row.english);
        }
        for c in &story.contributors {
            for w in words(&c.name) {
                facts.contributors.push(c.name[w].to_lowercase());
            }
        }
        facts
    }

    /// Only the contributors' names of a story (for the spelling underline in a field,
    /// which needs no names across rows).
    #[must_use]
    pub fn contributors_of(story: &Story) -> Self {
        let mut facts = Self::default();
        for c in &story.contributors {
            for w in words(&c.name) {
                facts.contributors.push(c.name[w].to_lowercase());
            }
        }
        facts
    }

    /// Counts the names of a text in; returns whether a name new to the story came in.
    pub fn add(&mut self, english: &str) -> bool {
        let mut new = false;
        for (name, _) in names(english) {
            let n = self.names.entry(name.to_owned()).or_default();
            new |= *n == 0;
            *n += 1;
        }
        new
    }

    /// Counts the names of a text out; returns whether a name left the story.
    pub fn remove(&mut self, english: &str) -> bool {
        let mut gone = false;
        for (name, _) in names(english) {
            if let Some(n) = self.names.get_mut(name) {
                *n -= 1;
                if *n == 0 {
                    self.names.remove(name);
                    gone = true;
                }
            }
        }
        gone
    }

    /// A row's English changed: its old names out, its new ones in. Returns whether the
    /// story's set of names changed (then other rows' name findings may have too).
    pub fn replace(&mut self, old: &str, new: &str) -> bool {
        let gone = self.remove(old);
        let came = self.add(new);
        gone || came
    }

    /// How often a name occurs in the story.
    #[must_use]
    pub fn count(&self, name: &str) -> usize {
        self.names.get(name).copied().unwrap_or(0)
    }

    /// The other spelling of a name in the story, if one looks like it: the most frequent.
    #[must_use]
    pub fn other_spelling(&self, name: &str) -> Option<(&str, usize)> {
        self.names
            .iter()
            .filter(|(other, _)| other.as_str() != name && same_name(name, other))
            .map(|(other, &n)| (other.as_str(), n))
            .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(a.0)))
    }
}

/// Words that are capitalised at the start of a sentence or in titles without being names.
const NOT_NAMES: [&str; 12] = [
    "The", "A", "An", "He", "She", "It", "They", "We", "I", "In", "On", "But",
];

/// The names of a text, with where they stand.
#[must_use]
pub fn names(text: &str) -> Vec<(&str, Range<usize>)> {
    let tokens = words(text);
    let mut out = Vec::new();
    let mut sentence_start = true;
    for (k, range) in tokens.iter().enumerate() {
        let token = &text[range.clone()];
        let first = token.chars().next().unwrap_or(' ');
        if !first.is_alphanumeric() {
            if matches!(token, "." | "?" | "!" | "“" | "\"" | ":" | "‘") {
                sentence_start = true;
            }
            continue;
        }
        let capital = first.is_uppercase() && token.chars().skip(1).any(char::is_lowercase);
        let next_capital = tokens
            .get(k + 1)
            .is_some_and(|r| text[r.clone()].starts_with(char::is_uppercase));
        if capital && (!sentence_start || next_capital) && !NOT_NAMES.contains(&token) {
            let name = token
                .strip_suffix("'s")
                .or_else(|| token.strip_suffix("’s"))
                .unwrap_or(token);
            out.push((name, range.start..range.start + name.len()));
        }
        sentence_start = false;
    }
    out
}

/// Whether two names look like one misspelled.
fn same_name(a: &str, b: &str) -> bool {
    let (ca, cb): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    if ca.first() != cb.first() {
        return false;
    }
    let shorter = ca.len().min(cb.len());
    if shorter < 5 || ca.len().abs_diff(cb.len()) > 2 {
        return false;
    }
    // A plural or possessive is the same word, not a misspelling.
    for (long, short) in [(a, b), (b, a)] {
        if long.strip_suffix('s') == Some(short) || long.strip_suffix("es") == Some(short) {
            return false;
        }
    }
    let limit = if shorter >= 9 { 2 } else { 1 };
    distance(&ca, &cb) <= limit
}

/// The optimal string alignment distance (Damerau–Levenshtein without repeated edits of one
/// place): insertions, deletions, substitutions and swaps of neighbours.
fn distance(a: &[char], b: &[char]) -> usize {
    let width = b.len() + 1;
    let mut d = vec![0usize; (a.len() + 1) * width];
    for i in 0..=a.len() {
        d[i * width] = i;
    }
    for (j, cell) in d.iter_mut().enumerate().take(width) {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (d[(i - 1) * width + j] + 1)
                .min(d[i * width + j - 1] + 1)
                .min(d[(i - 1) * width + j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(d[(i - 2) * width + j - 2] + 1);
            }
            d[i * width + j] = best;
        }
    }
    d[a.len() * width + b.len()]
}

/// A warning for each name of the row spelled another way elsewhere in the story as often
/// or more often.
#[must_use]
pub fn check(row: &RowInput<'_>, facts: &StoryFacts) -> Vec<Finding> {
    let mut out = Vec::new();
    for (name, range) in names(row.english) {
        let Some((other, n)) = facts.other_spelling(name) else {
            continue;
        };
        let mine = facts.count(name);
        if n < mine {
            // This is the common spelling; the other row gets the warning.
            continue;
        }
        out.push(Finding::english(
            row.row,
            Check::Names,
            Severity::Warning,
            format!(
                "\"{name}\" here, \"{other}\" elsewhere in the story ({n} time{})",
                if n == 1 { "" } else { "s" }
            ),
            Some(range),
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::row;
    use super::*;

    fn facts(rows: &[&str]) -> StoryFacts {
        let mut f = StoryFacts::default();
        for r in rows {
            f.add(r);
        }
        f
    }

    #[test]
    fn one_name_spelled_two_ways_is_found_on_the_rarer_spelling() {
        let rows = [
            "Senior Gen. Min Aung Hlaing spoke.",
            "Critics say Min Aung Hlaing ignored them.",
            "Min Aung Hliang did not answer.",
        ];
        let f = facts(&rows);
        let found = check(&row("x", rows[2]), &f);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(
            found[0].reason,
            "\"Hliang\" here, \"Hlaing\" elsewhere in the story (2 times)"
        );
        assert_eq!(found[0].span, Some(9..15));
        assert!(check(&row("x", rows[1]), &f).is_empty());
    }

    #[test]
    fn plurals_short_words_and_different_names_are_not_misspellings() {
        let f = facts(&[
            "Residents of Sagaing and Magway fled.",
            "The Residents' group met in Sagaing's east.",
            "Kyaw and Kyi met Thant and Thein.",
            "Myanmar's junta; the Myanmars.",
        ]);
        for r in [
            "Residents of Sagaing and Magway fled.",
            "Kyaw and Kyi met Thant and Thein.",
        ] {
            assert!(check(&row("x", r), &f).is_empty(), "{r}");
        }
        // "Sagaing" and "Sagaing's" are one name.
        assert_eq!(f.count("Sagaing"), 2);
    }

    #[test]
    fn sentence_starts_are_not_names_unless_a_name_follows() {
        let found: Vec<&str> = names("Where were they? Yesterday Aung San Suu Kyi said.")
            .into_iter()
            .map(|(n, _)| n)
            .collect();
        // "Where" opens a sentence alone; "Yesterday" is followed by a name, so it is read as
        // one (harmless: it is compared only with words spelled almost like it).
        assert_eq!(found, ["Yesterday", "Aung", "San", "Suu", "Kyi"]);
        let found: Vec<&str> = names("Min Aung Hlaing spoke")
            .into_iter()
            .map(|(n, _)| n)
            .collect();
        assert_eq!(found, ["Min", "Aung", "Hlaing"]);
    }

    #[test]
    fn distance_counts_a_swap_as_one_edit() {
        let d = |a: &str, b: &str| {
            distance(
                &a.chars().collect::<Vec<_>>(),
                &b.chars().collect::<Vec<_>>(),
            )
        };
        assert_eq!(d("Hlaing", "Hliang"), 1);
        assert_eq!(d("kitten", "sitting"), 3);
        assert_eq!(d("", "abc"), 3);
    }
}
