//! Text as the memory compares it: tokens with their place in the text.
//!
//! - Myanmar script is cut into syllables (`script::myanmar_syllables`), never at spaces: a
//!   Burmese space separates phrases, not words, and most Burmese words are one to three
//!   syllables, so a syllable is the unit an edit changes.
//! - Other scripts are cut into words (letters and digits, with an apostrophe or hyphen
//!   inside a word kept), compared without case.
//! - A number is one token whatever its digits' script and grouping: `၅,၀၀၀`, `5,000` and
//!   `5000` are all the number 5000; a decimal point is kept (`3.5`).
//! - Every other visible character is a punctuation token of its own; white space is none.
//!
//! Punctuation takes part in telling identical text from text that only looks the same
//! (100% against 99%), never in the edit distance.

use std::ops::Range;

use crate::script::{is_myanmar, myanmar_syllables};

/// What a token is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenKind {
    /// A Myanmar syllable, or a word of another script.
    Word,
    /// A number, its key in ASCII digits without grouping.
    Number,
    /// A visible character that is neither: `။`, `၊`, `.`, `"`, `(`.
    Punctuation,
}

/// One token: where it is in the text, what it is, and the key it is compared by.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    /// Its bytes in the text.
    pub range: Range<usize>,
    /// What it is.
    pub kind: TokenKind,
    /// What it is compared by: the syllable itself, a word in lower case, a number in ASCII
    /// digits without grouping, the punctuation character.
    pub key: String,
}

impl Token {
    /// Whether the token counts in the edit distance (words and numbers do; punctuation
    /// does not).
    #[must_use]
    pub fn is_content(&self) -> bool {
        self.kind != TokenKind::Punctuation
    }
}

/// Myanmar's own punctuation: the sentence end and the comma.
fn is_myanmar_punctuation(c: char) -> bool {
    matches!(c, '\u{104A}' | '\u{104B}')
}

/// The value of a decimal digit of any script Rust knows (ASCII, Myanmar, Thai, …).
fn digit_value(c: char) -> Option<u32> {
    if c.is_ascii_digit() {
        return c.to_digit(10);
    }
    match c {
        '\u{1040}'..='\u{1049}' => Some(c as u32 - 0x1040),
        // Shan digits, also in Myanmar script.
        '\u{1090}'..='\u{1099}' => Some(c as u32 - 0x1090),
        _ => None,
    }
}

/// Whether a character continues a word of a spaced script.
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() && !is_myanmar(c) && digit_value(c).is_none()
}

/// The tokens of a text, in order.
#[must_use]
pub fn tokens(text: &str) -> Vec<Token> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let end_of = |k: usize| chars.get(k).map_or(text.len(), |&(at, _)| at);
    let mut out = Vec::new();
    let mut k = 0;
    while k < chars.len() {
        let (start, c) = chars[k];
        if c.is_whitespace() || c == '\u{200B}' {
            k += 1;
        } else if digit_value(c).is_some() {
            // A number: digits, with a comma or point between digits kept inside it.
            let mut key = String::new();
            while k < chars.len() {
                let c = chars[k].1;
                if let Some(v) = digit_value(c) {
                    key.push(char::from_digit(v, 10).unwrap_or('0'));
                    k += 1;
                } else if matches!(c, ',' | '.')
                    && chars
                        .get(k + 1)
                        .is_some_and(|&(_, n)| digit_value(n).is_some())
                {
                    if c == '.' {
                        key.push('.');
                    }
                    k += 1;
                } else {
                    break;
                }
            }
            out.push(Token {
                range: start..end_of(k),
                kind: TokenKind::Number,
                key,
            });
        } else if is_myanmar(c) && !is_myanmar_punctuation(c) {
            // A run of Myanmar letters and marks, cut into syllables.
            let mut j = k;
            while j < chars.len()
                && is_myanmar(chars[j].1)
                && !is_myanmar_punctuation(chars[j].1)
                && digit_value(chars[j].1).is_none()
            {
                j += 1;
            }
            let run_end = end_of(j);
            let mut at = start;
            for syllable in myanmar_syllables(&text[start..run_end]) {
                out.push(Token {
                    range: at..at + syllable.len(),
                    kind: TokenKind::Word,
                    key: syllable.to_owned(),
                });
                at += syllable.len();
            }
            k = j;
        } else if is_word_char(c) {
            // A word: letters, with an apostrophe or hyphen between letters.
            let mut j = k + 1;
            while j < chars.len() {
                let c = chars[j].1;
                let joins = matches!(c, '\'' | '’' | '-')
                    && chars.get(j + 1).is_some_and(|&(_, n)| is_word_char(n));
                if is_word_char(c) || joins {
                    j += 1;
                } else {
                    break;
                }
            }
            let range = start..end_of(j);
            out.push(Token {
                key: text[range.clone()].to_lowercase().replace('’', "'"),
                range,
                kind: TokenKind::Word,
            });
            k = j;
        } else {
            // Currency, percent and plus-minus signs change what a number means: they count
            // as words, so "$5" and "£5" differ.
            let kind = if matches!(c, '$' | '£' | '€' | '¥' | '₹' | '฿' | '%' | '±' | '−' | '+')
            {
                TokenKind::Word
            } else {
                TokenKind::Punctuation
            };
            let range = start..end_of(k + 1);
            out.push(Token {
                key: c.to_string(),
                range,
                kind,
            });
            k += 1;
        }
    }
    out
}

/// The keys of the tokens that count in the edit distance.
#[must_use]
pub fn content_keys(text: &str) -> Vec<String> {
    tokens(text)
        .into_iter()
        .filter(Token::is_content)
        .map(|t| t.key)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(text: &str) -> Vec<(String, TokenKind)> {
        tokens(text).into_iter().map(|t| (t.key, t.kind)).collect()
    }

    #[test]
    fn burmese_is_cut_into_syllables_not_at_spaces() {
        use TokenKind::{Punctuation, Word};
        // "မြန်မာ နိုင်ငံ။": two words of two syllables, a space, a sentence end.
        assert_eq!(
            keys("မြန်မာ နိုင်ငံ။"),
            vec![
                ("မြန်".to_owned(), Word),
                ("မာ".to_owned(), Word),
                ("နိုင်".to_owned(), Word),
                ("ငံ".to_owned(), Word),
                ("။".to_owned(), Punctuation),
            ]
        );
        // With or without the space, the same tokens.
        assert_eq!(content_keys("မြန်မာနိုင်ငံ"), content_keys("မြန်မာ နိုင်ငံ"));
    }

    #[test]
    fn numbers_are_one_token_whatever_their_digits() {
        use TokenKind::{Number, Word};
        assert_eq!(keys("၅,၀၀၀"), vec![("5000".to_owned(), Number)]);
        assert_eq!(keys("5,000"), vec![("5000".to_owned(), Number)]);
        assert_eq!(
            keys("3.5 kyat"),
            vec![("3.5".to_owned(), Number), ("kyat".to_owned(), Word)]
        );
        // A full stop after a number ends the sentence, not the number.
        assert_eq!(tokens("in 2026.")[1].key, "2026");
        assert_eq!(tokens("in 2026.").len(), 3);
    }

    #[test]
    fn currency_and_percent_signs_count() {
        assert_ne!(content_keys("$5 million"), content_keys("£5 million"));
        assert_ne!(content_keys("5%"), content_keys("5"));
        assert_eq!(content_keys("5 %"), content_keys("5%"));
    }

    #[test]
    fn english_words_without_case_with_their_apostrophes() {
        use TokenKind::{Punctuation, Word};
        assert_eq!(
            keys("The minister's well-known \"plan\""),
            vec![
                ("the".to_owned(), Word),
                ("minister's".to_owned(), Word),
                ("well-known".to_owned(), Word),
                ("\"".to_owned(), Punctuation),
                ("plan".to_owned(), Word),
                ("\"".to_owned(), Punctuation),
            ]
        );
    }

    #[test]
    fn ranges_point_at_the_text() {
        let text = "ရန်ကုန် 5,000 (Yangon)။";
        for token in tokens(text) {
            let piece = &text[token.range.clone()];
            assert!(!piece.trim().is_empty(), "{token:?}");
        }
        let joined: String = tokens(text)
            .iter()
            .map(|t| &text[t.range.clone()])
            .collect();
        assert_eq!(joined, "ရန်ကုန်5,000(Yangon)။");
    }
}
