//! The desk's glossary: names, places, institutions and house terms, each a source term with
//! its agreed English, a note, the English variants the desk does not want, and who added it
//! and when; and the desk's word list for the spelling check. Pure: no files, no egui.
//!
//! Terms are found in a row's source by the source language's units ([`TermIndex`]): a
//! Burmese term matches only where a syllable starts and ends, never inside a syllable (a
//! term that is the start of a longer syllable does not match it); a term in a language
//! written with spaces matches whole words, without regard to case.

pub mod csv;
pub mod tbx;

use std::collections::HashMap;
use std::ops::Range;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::script::{Script, is_myanmar, myanmar_syllables};

/// The most terms a glossary holds; an import that would pass it is refused.
pub const MAX_TERMS: usize = 100_000;
/// The longest text of one field of a term, in bytes.
pub const MAX_FIELD_BYTES: usize = 4 * 1024;
/// The most forbidden variants one term carries.
pub const MAX_FORBIDDEN: usize = 32;

/// The glossary of a desk, as kept in `glossary.ron`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Glossary {
    /// The file's format.
    pub format_version: u32,
    /// The terms, in the order they were added.
    #[serde(default)]
    pub terms: Vec<Term>,
    /// Words the spelling check takes as correct (names, local words), as typed.
    #[serde(default)]
    pub words: Vec<String>,
}

impl Glossary {
    /// The format this build writes.
    pub const FORMAT_VERSION: u32 = 1;

    /// An empty glossary in this build's format.
    #[must_use]
    pub fn new() -> Self {
        Self {
            format_version: Self::FORMAT_VERSION,
            terms: Vec::new(),
            words: Vec::new(),
        }
    }

    /// Adds a term, or replaces the one with the same source and English (its note and
    /// variants are the new ones; who added it first is kept). Returns whether it was new.
    pub fn add(&mut self, term: Term) -> bool {
        if let Some(old) = self
            .terms
            .iter_mut()
            .find(|t| t.source == term.source && t.english.eq_ignore_ascii_case(&term.english))
        {
            old.note = term.note;
            old.forbidden = term.forbidden;
            old.english = term.english;
            return false;
        }
        self.terms.push(term);
        true
    }

    /// Adds a word to the desk's word list; returns whether it was new.
    pub fn add_word(&mut self, word: &str) -> bool {
        let word = word.trim();
        if word.is_empty() || self.words.iter().any(|w| w == word) {
            return false;
        }
        self.words.push(word.to_owned());
        true
    }
}

/// One entry of the glossary.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Term {
    /// The term in the source language, as it is written in the source.
    pub source: String,
    /// The agreed English.
    pub english: String,
    /// A note for the translator (who or what it is, a usage rule).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
    /// English the desk does not want for this term (an old spelling, a wrong title).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub forbidden: Vec<String>,
    /// Who added it.
    pub added_by: String,
    /// When.
    pub added_at: DateTime<Utc>,
}

/// Why a term cannot be added.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum TermProblem {
    /// A side with no text.
    #[error("a term needs both its source and its English")]
    Empty,
    /// A field past the limit.
    #[error("a term's {field} is longer than {MAX_FIELD_BYTES} bytes")]
    TooLong {
        /// Which field.
        field: &'static str,
    },
    /// Too many variants.
    #[error("a term has at most {MAX_FORBIDDEN} forbidden variants")]
    TooManyVariants,
}

/// A term as typed or imported, checked: trimmed, both sides present, within limits, line
/// breaks as spaces.
pub fn make_term(
    source: &str,
    english: &str,
    note: &str,
    forbidden: &[String],
    by: &str,
    at: DateTime<Utc>,
) -> Result<Term, TermProblem> {
    // Control characters (a NUL from a broken spreadsheet) and the non-characters XML
    // cannot hold never enter the glossary; line breaks only in the note.
    let printable = |c: &char| !(c.is_control() || matches!(c, '\u{FFFE}' | '\u{FFFF}'));
    let one_line = |s: &str| -> String {
        s.split_whitespace()
            .map(|w| w.chars().filter(printable).collect::<String>())
            .filter(|w| !w.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    };
    let note: String = note
        .trim()
        .chars()
        .filter(|c| printable(c) || *c == '\n')
        .collect();
    let (source, english) = (one_line(source), one_line(english));
    if source.is_empty() || english.is_empty() {
        return Err(TermProblem::Empty);
    }
    for (field, text) in [("source", &source), ("English", &english), ("note", &note)] {
        if text.len() > MAX_FIELD_BYTES {
            return Err(TermProblem::TooLong { field });
        }
    }
    let mut variants: Vec<String> = Vec::new();
    for f in forbidden {
        let f = one_line(f);
        if f.len() > MAX_FIELD_BYTES {
            return Err(TermProblem::TooLong { field: "variant" });
        }
        if !f.is_empty() && !f.eq_ignore_ascii_case(&english) && !variants.contains(&f) {
            variants.push(f);
        }
    }
    if variants.len() > MAX_FORBIDDEN {
        return Err(TermProblem::TooManyVariants);
    }
    Ok(Term {
        source,
        english,
        note,
        forbidden: variants,
        added_by: by.trim().to_owned(),
        added_at: at,
    })
}

/// A term found in a text: which term (its place in the glossary) and where (bytes).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TermHit {
    /// The term's index in [`Glossary::terms`].
    pub term: usize,
    /// Where it stands in the text searched.
    pub range: Range<usize>,
}

/// The glossary's source terms indexed by their first unit (syllable or word), so finding
/// the terms of a row costs one look-up per unit of the row, whatever the glossary's size.
#[derive(Clone, Debug)]
pub struct TermIndex {
    script: Script,
    /// First unit (lower-cased for spaced scripts) to the terms starting with it, longest
    /// first.
    by_first: HashMap<String, Vec<usize>>,
    /// Each term's source as compared (lower-cased for spaced scripts).
    keys: Vec<String>,
}

impl TermIndex {
    /// Indexes the terms of a glossary for a source language.
    #[must_use]
    pub fn new(glossary: &Glossary, source_language: &str) -> Self {
        let script = Script::for_language(source_language);
        let mut by_first: HashMap<String, Vec<usize>> = HashMap::new();
        let mut keys = Vec::with_capacity(glossary.terms.len());
        for (i, term) in glossary.terms.iter().enumerate() {
            let key = comparable(script, &term.source);
            if let Some(first) = units(script, &key).first() {
                by_first
                    .entry(key[first.clone()].to_owned())
                    .or_default()
                    .push(i);
            }
            keys.push(key);
        }
        for list in by_first.values_mut() {
            list.sort_by_key(|&i| std::cmp::Reverse(keys[i].len()));
        }
        Self {
            script,
            by_first,
            keys,
        }
    }

    /// Whether no term is indexed.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.by_first.is_empty()
    }

    /// The terms in a text, left to right, the longest where two start together, never
    /// overlapping; each begins and ends on a unit boundary (a syllable's for Burmese).
    #[must_use]
    pub fn find(&self, text: &str) -> Vec<TermHit> {
        if self.by_first.is_empty() || text.is_empty() {
            return Vec::new();
        }
        let key = comparable(self.script, text);
        // Lower-casing can change lengths; then the hits' ranges would not fit the text.
        if key.len() != text.len() {
            return Vec::new();
        }
        let spans = units(self.script, &key);
        let mut ends = vec![false; key.len() + 1];
        let mut starts = vec![false; key.len() + 1];
        for s in &spans {
            starts[s.start] = true;
            ends[s.end] = true;
        }
        let mut hits = Vec::new();
        let mut next_free = 0;
        for span in &spans {
            if span.start < next_free {
                continue;
            }
            let Some(candidates) = self.by_first.get(&key[span.clone()]) else {
                continue;
            };
            let found = candidates.iter().find(|&&i| {
                let term = &self.keys[i];
                let end = span.start + term.len();
                key[span.start..].starts_with(term.as_str()) && ends.get(end) == Some(&true)
            });
            if let Some(&i) = found {
                let end = span.start + self.keys[i].len();
                hits.push(TermHit {
                    term: i,
                    range: span.start..end,
                });
                next_free = end;
            }
        }
        hits
    }
}

/// The text as terms are compared: lower-cased in a spaced script, as it is otherwise.
fn comparable(script: Script, text: &str) -> String {
    match script {
        Script::Myanmar => text.to_owned(),
        Script::Spaced => text.to_lowercase(),
    }
}

/// The units a term may start and end at: Myanmar syllables (and digit runs, punctuation,
/// other text) without the spaces, or words in a spaced script.
#[must_use]
pub fn units(script: Script, text: &str) -> Vec<Range<usize>> {
    match script {
        Script::Myanmar if text.chars().any(is_myanmar) => {
            let mut at = 0;
            let mut out = Vec::new();
            for piece in myanmar_syllables(text) {
                let range = at..at + piece.len();
                at += piece.len();
                if !piece.trim().is_empty() {
                    // Latin text inside Burmese is split into words too.
                    if piece.chars().any(is_myanmar) {
                        out.push(range);
                    } else {
                        out.extend(
                            words(piece)
                                .into_iter()
                                .map(|w| w.start + range.start..w.end + range.start),
                        );
                    }
                }
            }
            out
        }
        _ => words(text),
    }
}

/// The words of a text: runs of letters and digits (with apostrophes and hyphens inside
/// them), and each other character that is not white space on its own.
#[must_use]
pub fn words(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for (k, &(at, c)) in chars.iter().enumerate() {
        let inner_joiner = matches!(c, '\'' | '’' | '-')
            && start.is_some()
            && chars.get(k + 1).is_some_and(|&(_, n)| n.is_alphanumeric());
        if c.is_alphanumeric() || inner_joiner || is_combining(c) && start.is_some() {
            start.get_or_insert(at);
            continue;
        }
        if let Some(s) = start.take() {
            out.push(s..at);
        }
        if !c.is_whitespace() {
            out.push(at..at + c.len_utf8());
        }
    }
    if let Some(s) = start {
        out.push(s..text.len());
    }
    out
}

/// A combining mark, kept with the letter before it.
fn is_combining(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036F}')
}

/// Whether `phrase` occurs in `text` as whole words, without regard to case, and where.
#[must_use]
pub fn find_phrase(text: &str, phrase: &str) -> Option<Range<usize>> {
    let phrase = phrase.trim();
    if phrase.is_empty() {
        return None;
    }
    let lower_text = text.to_lowercase();
    let lower_phrase = phrase.to_lowercase();
    if lower_text.len() != text.len() {
        // Rare: a character whose lower case is longer. Compare as written.
        return find_whole(text, phrase);
    }
    find_whole(&lower_text, &lower_phrase)
}

fn find_whole(text: &str, phrase: &str) -> Option<Range<usize>> {
    let mut from = 0;
    while let Some(found) = text[from..].find(phrase) {
        let start = from + found;
        let end = start + phrase.len();
        let before_ok = text[..start]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric());
        let after_ok = text[end..]
            .chars()
            .next()
            .is_none_or(|c| !c.is_alphanumeric());
        if before_ok && after_ok {
            return Some(start..end);
        }
        from = start + text[start..].chars().next().map_or(1, char::len_utf8);
    }
    None
}

/// The glossary's English, its words one by one, lower-cased: counted as known by the
/// spelling check.
#[must_use]
pub fn known_words(glossary: &Glossary) -> Vec<String> {
    let mut out = Vec::new();
    for text in glossary
        .terms
        .iter()
        .map(|t| t.english.as_str())
        .chain(glossary.words.iter().map(String::as_str))
    {
        for w in words(text) {
            let word = &text[w];
            if word.chars().any(char::is_alphabetic) {
                out.push(word.to_lowercase());
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn glossary(terms: &[(&str, &str)]) -> Glossary {
        let mut g = Glossary::new();
        for (s, e) in terms {
            g.terms.push(Term {
                source: (*s).to_owned(),
                english: (*e).to_owned(),
                note: String::new(),
                forbidden: Vec::new(),
                added_by: "A".to_owned(),
                added_at: DateTime::default(),
            });
        }
        g
    }

    #[test]
    fn a_burmese_term_matches_whole_syllables_only() {
        // ကု (ku) is the start of the syllable ကုန် (kon): it must not match inside it.
        let g = glossary(&[("ကု", "Ku"), ("ရန်ကုန်", "Yangon")]);
        let index = TermIndex::new(&g, "my");
        let text = "ရန်ကုန်မြို့";
        let hits = index.find(text);
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].term, 1);
        assert_eq!(&text[hits[0].range.clone()], "ရန်ကုန်");
        // ကု standing as a syllable of its own (followed by another consonant) matches.
        let hits = index.find("ကုမ္ပဏီ ကု သည်");
        assert!(hits.iter().any(|h| h.term == 0), "{hits:?}");
        // ကုန် alone: ကု is only its beginning.
        assert!(index.find("ကုန်").is_empty());
    }

    #[test]
    fn the_longest_term_wins_where_two_start_together() {
        let g = glossary(&[("မင်း", "Min"), ("မင်းအောင်လှိုင်", "Min Aung Hlaing")]);
        let index = TermIndex::new(&g, "my");
        let hits = index.find("ဗိုလ်ချုပ်မှူးကြီး မင်းအောင်လှိုင်က");
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].term, 1);
    }

    #[test]
    fn spaced_terms_match_whole_words_without_case() {
        let g = glossary(&[("Phnom Penh", "Phnom Penh"), ("pen", "pen")]);
        let index = TermIndex::new(&g, "km");
        let text = "In PHNOM PENH, a penny.";
        let hits = index.find(text);
        assert_eq!(hits.len(), 1);
        assert_eq!(&text[hits[0].range.clone()], "PHNOM PENH");
    }

    #[test]
    fn phrases_are_found_as_whole_words() {
        assert_eq!(find_phrase("in Yangon's east", "Yangon"), Some(3..9));
        assert_eq!(find_phrase("Yangonese food", "Yangon"), None);
        assert_eq!(find_phrase("the junta said", "Junta"), Some(4..9));
    }

    #[test]
    fn a_term_is_checked_before_it_is_added() {
        let at = DateTime::default();
        assert_eq!(
            make_term(" ", "Yangon", "", &[], "A", at),
            Err(TermProblem::Empty)
        );
        let t = make_term(
            "ရန်ကုန်",
            " Yangon\n",
            "city",
            &["Rangoon".into(), "yangon".into()],
            "A",
            at,
        )
        .unwrap();
        assert_eq!(t.english, "Yangon");
        assert_eq!(
            t.forbidden,
            vec!["Rangoon".to_owned()],
            "the English itself is no variant"
        );
        // Control characters never enter: a NUL from a broken file, a bell in the note.
        let t = make_term("ရန်\0ကုန်", "Yan\0gon", "a\tb\nc\u{7}", &[], "A", at).unwrap();
        assert_eq!(
            (t.source.as_str(), t.english.as_str(), t.note.as_str()),
            ("ရန်ကုန်", "Yangon", "ab\nc")
        );
    }
}
