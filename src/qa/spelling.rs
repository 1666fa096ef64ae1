//! Spelling of the English: each word is looked up in the system's Hunspell dictionary
//! (read with the `spellbook` crate; en-US, or en-GB when the desk's English is en-GB), then
//! in the desk's word list, the glossary's English and the story's contributors' names. A
//! word none of them knows is a warning. Words with digits, words in capitals (acronyms),
//! single letters and text in other scripts are not checked; a hyphenated word is checked
//! part by part; curly apostrophes are read as straight ones.
//!
//! Without a dictionary the check finds nothing; [`Speller::notice`] says why, once, for
//! the panel and `copydesk check`.

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::sync::{Arc, Mutex};

use super::{Check, Finding, RowInput, Severity, StoryFacts};
use crate::glossary::words;

/// The spelling dictionary with the desk's known words, and a memory of the words already
/// looked up (the dictionary's work is the costly part, and a story repeats its words).
#[derive(Debug, Default)]
pub struct Speller {
    dictionary: Option<Arc<spellbook::Dictionary>>,
    known: HashSet<String>,
    notice: Option<String>,
    looked_up: Mutex<HashMap<String, bool>>,
}

impl Clone for Speller {
    /// The same dictionary (shared, not parsed again) and known words, with a memory of
    /// its own.
    fn clone(&self) -> Self {
        Self {
            dictionary: self.dictionary.clone(),
            known: self.known.clone(),
            notice: self.notice.clone(),
            looked_up: Mutex::default(),
        }
    }
}

/// The most words remembered as looked up; past it the memory starts again.
const MAX_REMEMBERED: usize = 200_000;

impl Speller {
    /// A speller from a Hunspell dictionary's `.aff` and `.dic` texts, with the desk's known
    /// words (its word list, the glossary's English). A dictionary that does not parse
    /// leaves a speller without one, with a notice naming `name`.
    #[must_use]
    pub fn new(aff: &str, dic: &str, name: &str, known: impl IntoIterator<Item = String>) -> Self {
        let known = known.into_iter().map(|w| w.to_lowercase()).collect();
        match spellbook::Dictionary::new(aff, dic) {
            Ok(dictionary) => Self {
                dictionary: Some(Arc::new(dictionary)),
                known,
                notice: None,
                looked_up: Mutex::default(),
            },
            Err(err) => Self {
                dictionary: None,
                known,
                notice: Some(format!(
                    "the spelling dictionary {name} could not be read ({err}); spelling is not checked"
                )),
                looked_up: Mutex::default(),
            },
        }
    }

    /// A speller with no dictionary: nothing is checked, and `notice` says why.
    #[must_use]
    pub fn without_dictionary(notice: String, known: impl IntoIterator<Item = String>) -> Self {
        Self {
            dictionary: None,
            known: known.into_iter().map(|w| w.to_lowercase()).collect(),
            notice: Some(notice),
            looked_up: Mutex::default(),
        }
    }

    /// Why spelling is not checked, if it is not.
    #[must_use]
    pub fn notice(&self) -> Option<&str> {
        self.notice.as_deref()
    }

    /// Whether a dictionary is loaded.
    #[must_use]
    pub fn has_dictionary(&self) -> bool {
        self.dictionary.is_some()
    }

    /// Adds a word the desk knows (after "Add to desk word list").
    pub fn add_known(&mut self, word: &str) {
        self.known.insert(word.to_lowercase());
    }

    /// Whether a word is spelled right: known to the desk, or to the dictionary. Always true
    /// without a dictionary.
    #[must_use]
    pub fn is_correct(&self, word: &str) -> bool {
        let Some(dictionary) = &self.dictionary else {
            return true;
        };
        let word = normal(word);
        if self.known.contains(&word.to_lowercase()) {
            return true;
        }
        if let Ok(mut memory) = self.looked_up.lock() {
            if let Some(&known) = memory.get(word.as_str()) {
                return known;
            }
            let correct = dictionary.check(&word);
            if memory.len() >= MAX_REMEMBERED {
                memory.clear();
            }
            memory.insert(word, correct);
            return correct;
        }
        dictionary.check(&word)
    }

    /// The dictionary's suggestions for a word, best first (at most five).
    #[must_use]
    pub fn suggest(&self, word: &str) -> Vec<String> {
        let mut out = Vec::new();
        if let Some(dictionary) = &self.dictionary {
            dictionary.suggest(&normal(word), &mut out);
        }
        out.truncate(5);
        out
    }
}

/// A word as the dictionary reads it: curly apostrophes straight.
fn normal(word: &str) -> String {
    word.replace('’', "'")
}

/// The words of an English text the speller should judge, split at hyphens.
fn checkable(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    for range in words(text) {
        let word = &text[range.clone()];
        let mut at = range.start;
        for part in word.split('-') {
            let r = at..at + part.len();
            at += part.len() + 1;
            let letters = part.chars().filter(|c| c.is_alphabetic()).count();
            let judged = letters >= 2
                && part
                    .chars()
                    .all(|c| c.is_ascii_alphabetic() || matches!(c, '\'' | '’'))
                && !part
                    .chars()
                    .all(|c| c.is_ascii_uppercase() || matches!(c, '\'' | '’'));
            if judged {
                out.push(r);
            }
        }
    }
    out
}

/// Where the misspelled words of a text are (for the underline in the field), with the
/// story's contributors' names taken as known.
#[must_use]
pub fn misspelled(text: &str, speller: &Speller, facts: &StoryFacts) -> Vec<Range<usize>> {
    if !speller.has_dictionary() {
        return Vec::new();
    }
    checkable(text)
        .into_iter()
        .filter(|r| {
            let word = &text[r.clone()];
            let bare = word
                .strip_suffix("'s")
                .or_else(|| word.strip_suffix("’s"))
                .unwrap_or(word);
            !facts
                .contributors
                .iter()
                .any(|c| c.eq_ignore_ascii_case(bare))
                && !speller.is_correct(word)
                && !speller.is_correct(bare)
        })
        .collect()
}

/// A warning for each misspelled word of the English.
#[must_use]
pub fn check(row: &RowInput<'_>, speller: &Speller, facts: &StoryFacts) -> Vec<Finding> {
    misspelled(row.english, speller, facts)
        .into_iter()
        .map(|r| {
            Finding::english(
                row.row,
                Check::Spelling,
                Severity::Warning,
                format!("\"{}\" is not in the dictionary", &row.english[r.clone()]),
                Some(r),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::row;
    use super::*;

    /// A dictionary small enough to write by hand, in Hunspell's format.
    const AFF: &str = "SET UTF-8\nTRY esianrtolcdugmphbyfvkwzESIANRTOLCDUGMPHBYFVKWZ'\n\nSFX S Y 1\nSFX S 0 s .\n";
    const DIC: &str = "6\nthe\ngovernment/S\nreceived\nsaid\npeople\nit\n";

    #[test]
    fn misspelled_words_are_found_with_a_dictionary() {
        let speller = Speller::new(AFF, DIC, "test", ["Hlaing".to_owned()]);
        assert!(speller.has_dictionary());
        let facts = StoryFacts::default();
        // The sentence.
        let found = check(&row("x", "Teh goverment recieved"), &speller, &facts);
        let words: Vec<&str> = found.iter().map(|f| &f.reason[..]).collect();
        assert_eq!(
            words,
            [
                "\"Teh\" is not in the dictionary",
                "\"goverment\" is not in the dictionary",
                "\"recieved\" is not in the dictionary"
            ]
        );
        assert!(check(&row("x", "The governments received it"), &speller, &facts).is_empty());
        // Known words, acronyms, numbers and other scripts pass.
        assert!(check(&row("x", "Hlaing said NUG 2026 ရန်ကုန်"), &speller, &facts).is_empty());
        // A hyphenated word is checked part by part.
        let found = check(&row("x", "people-recieved"), &speller, &facts);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].span, Some(7..15));
    }

    #[test]
    fn without_a_dictionary_nothing_is_found_and_the_notice_says_why() {
        let speller = Speller::without_dictionary("no dictionary".to_owned(), []);
        assert!(check(&row("x", "Teh goverment"), &speller, &StoryFacts::default()).is_empty());
        assert_eq!(speller.notice(), Some("no dictionary"));
    }

    #[test]
    fn contributors_names_are_known() {
        let speller = Speller::new(AFF, DIC, "test", []);
        let mut facts = StoryFacts::default();
        facts.contributors.push("aye".to_owned());
        assert!(check(&row("x", "Aye said"), &speller, &facts).is_empty());
        assert_eq!(check(&row("x", "Bo said"), &speller, &facts).len(), 1);
    }
}
