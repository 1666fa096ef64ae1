//! Per-script text rules: syllables (the clusters a reader never splits), cursor stops,
//! line-break opportunities and wrapping, sentences, digits, counts, and Zawgyi. Burmese first; a script without its own rules falls back to spaces and
//! Unicode letters, so a Khmer or Lao desk works (less finely) until its rules are added.

mod breaks;
mod myanmar;
pub mod zawgyi;

pub use breaks::{
    Direction, cluster_boundaries, clusters_around, line_breaks, needs_script_rules, snap,
    word_boundaries, wrap_paragraph,
};
pub use myanmar::{is_myanmar, myanmar_syllables};

/// What a text counts as, for the status bar and the desk view.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TextCounts {
    /// Syllables for a script without spaces between words (Burmese); words otherwise.
    pub units: usize,
    /// Characters: Unicode scalar values that are not white space.
    pub characters: usize,
}

/// The text rules of a language.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Script {
    /// Myanmar script (Burmese and other languages written in it).
    Myanmar,
    /// Anything else: words are separated by spaces.
    Spaced,
}

impl Script {
    /// The rules for a language tag such as `my` or `en-GB`.
    #[must_use]
    pub fn for_language(tag: &str) -> Self {
        match tag.split('-').next().unwrap_or_default() {
            // Burmese, and languages commonly written in Myanmar script.
            "my" | "shn" | "mnw" | "ksw" | "kac" => Self::Myanmar,
            _ => Self::Spaced,
        }
    }

    /// What the counted unit is called.
    #[must_use]
    pub fn unit_name(self) -> &'static str {
        match self {
            Self::Myanmar => "syllables",
            Self::Spaced => "words",
        }
    }

    /// Syllables (or words) and characters of a text.
    #[must_use]
    pub fn count(self, text: &str) -> TextCounts {
        let characters = text.chars().filter(|c| !c.is_whitespace()).count();
        let units = match self {
            // Syllables, and a number as one unit, as the English side counts it as a word.
            Self::Myanmar => myanmar_syllables(text)
                .filter(|s| {
                    s.chars()
                        .next()
                        .is_some_and(|c| myanmar::starts_syllable_letter(c) || myanmar::is_digit(c))
                })
                .count(),
            Self::Spaced => crate::model::count_words(text),
        };
        TextCounts { units, characters }
    }

    /// The text split into sentences, with their end marks. Burmese ends a sentence with
    /// `။` (and `၊` is a comma, `၏` a possessive: neither ends one).
    #[must_use]
    pub fn sentences(self, text: &str) -> Vec<String> {
        let ends: &[char] = match self {
            Self::Myanmar => &['။', '?', '!'],
            Self::Spaced => &['.', '?', '!'],
        };
        let mut sentences = Vec::new();
        let mut current = String::new();
        for c in text.chars() {
            current.push(c);
            if ends.contains(&c) {
                let sentence = current.trim().to_owned();
                if !sentence.is_empty() {
                    sentences.push(sentence);
                }
                current.clear();
            }
        }
        let rest = current.trim();
        if !rest.is_empty() {
            sentences.push(rest.to_owned());
        }
        sentences
    }
}

/// The sentences of a text, as byte ranges without the white space around them. A
/// sentence ends at `။` (Burmese; `၊` is a comma and `၏` a possessive, and neither ends
/// one), or at `.`, `?` or `!` followed (after any closing quotes or brackets) by white
/// space and a capital letter, so "Mr. Smith" is one sentence only when lower case follows,
/// and "3.5" or "U.N. officials" never end one. Text after the last end is a sentence too.
#[must_use]
pub fn sentence_ranges(text: &str) -> Vec<std::ops::Range<usize>> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut ends = Vec::new();
    for (k, &(at, c)) in chars.iter().enumerate() {
        let end = at + c.len_utf8();
        if c == '။' {
            // Closing quotes after the mark belong to the sentence.
            let mut j = k + 1;
            while chars.get(j).is_some_and(|&(_, q)| is_closing(q)) {
                j += 1;
            }
            ends.push(chars.get(j).map_or(text.len(), |&(at, _)| at).max(end));
        } else if matches!(c, '.' | '?' | '!') {
            if c == '.' && ends_abbreviation(&chars[..k]) {
                continue;
            }
            let mut j = k + 1;
            while chars.get(j).is_some_and(|&(_, q)| is_closing(q)) {
                j += 1;
            }
            let close = chars.get(j).map_or(text.len(), |&(at, _)| at);
            let mut n = j;
            let mut spaced = false;
            while chars.get(n).is_some_and(|&(_, w)| w.is_whitespace()) {
                n += 1;
                spaced = true;
            }
            while chars
                .get(n)
                .is_some_and(|&(_, q)| matches!(q, '"' | '“' | '‘' | '\'' | '('))
            {
                n += 1;
            }
            if spaced && chars.get(n).is_some_and(|&(_, l)| l.is_uppercase()) {
                ends.push(close);
            }
        }
    }
    let mut out = Vec::new();
    let mut start = 0;
    for end in ends.into_iter().chain([text.len()]) {
        if end <= start {
            continue;
        }
        let piece = &text[start..end];
        let lead = piece.len() - piece.trim_start().len();
        let trail = piece.len() - piece.trim_end().len();
        if lead + trail < piece.len() {
            out.push(start + lead..end - trail);
        }
        start = end;
    }
    out
}

/// Whether the word just before a full stop is an abbreviation that does not end a
/// sentence: an initial ("U."), a word with stops inside ("U.S"), or a title or common
/// short form ("Gen", "Dr", "Mr", "No").
fn ends_abbreviation(before: &[(usize, char)]) -> bool {
    const SHORT: [&str; 26] = [
        "Mr", "Mrs", "Ms", "Dr", "Gen", "Lt", "Col", "Maj", "Capt", "Sgt", "Sen", "Rep", "Gov",
        "Prof", "St", "Jr", "Sr", "No", "Vol", "Inc", "Co", "Corp", "Ltd", "Adm", "Brig", "Cdr",
    ];
    let word: String = before
        .iter()
        .rev()
        .take_while(|&&(_, c)| !c.is_whitespace() && !matches!(c, '"' | '“' | '‘' | '(' | '\''))
        .map(|&(_, c)| c)
        .collect::<Vec<char>>()
        .into_iter()
        .rev()
        .collect();
    let mut letters = word.chars();
    let initial = letters.next().is_some_and(char::is_uppercase) && letters.next().is_none();
    initial || word.contains('.') || SHORT.contains(&word.as_str())
}

fn is_closing(c: char) -> bool {
    matches!(c, '"' | '”' | '’' | '\'' | ')' | ']' | '»')
}

/// The source side of a story counted by its language's rules: every row's source,
/// headline and deck included.
#[must_use]
pub fn source_counts(story: &crate::model::Story, language: &str) -> TextCounts {
    let script = Script::for_language(language);
    let mut total = TextCounts::default();
    for row in story.text_rows() {
        let counts = script.count(&row.source);
        total.units += counts.units;
        total.characters += counts.characters;
    }
    total
}

/// The name of the script a character belongs to, for messages ("Thai", "Khmer"), or
/// `None` for scripts this table does not name.
#[must_use]
pub fn script_name(c: char) -> Option<&'static str> {
    Some(match c {
        '\u{0370}'..='\u{03FF}' => "Greek",
        '\u{0400}'..='\u{04FF}' => "Cyrillic",
        '\u{0590}'..='\u{05FF}' => "Hebrew",
        '\u{0600}'..='\u{06FF}' | '\u{0750}'..='\u{077F}' => "Arabic",
        '\u{0900}'..='\u{097F}' => "Devanagari",
        '\u{0980}'..='\u{09FF}' => "Bengali",
        '\u{0B80}'..='\u{0BFF}' => "Tamil",
        '\u{0E00}'..='\u{0E7F}' => "Thai",
        '\u{0E80}'..='\u{0EFF}' => "Lao",
        '\u{0F00}'..='\u{0FFF}' => "Tibetan",
        '\u{1000}'..='\u{109F}' | '\u{AA60}'..='\u{AA7F}' | '\u{A9E0}'..='\u{A9FF}' => "Myanmar",
        '\u{10A0}'..='\u{10FF}' => "Georgian",
        '\u{1100}'..='\u{11FF}' | '\u{AC00}'..='\u{D7AF}' => "Korean",
        '\u{1200}'..='\u{137F}' => "Ethiopic",
        '\u{1780}'..='\u{17FF}' => "Khmer",
        '\u{3040}'..='\u{30FF}' => "Japanese kana",
        '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' => "Chinese characters",
        _ => return None,
    })
}

/// Replaces Myanmar digits (၀–၉) with ASCII ones, for comparing numbers across languages.
#[must_use]
pub fn to_ascii_digits(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\u{1040}'..='\u{1049}' => char::from(b'0' + (c as u32 - 0x1040) as u8),
            c => c,
        })
        .collect()
}

/// Replaces ASCII digits with Myanmar ones.
#[must_use]
pub fn to_myanmar_digits(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '0'..='9' => char::from_u32(0x1040 + (c as u32 - '0' as u32)).unwrap_or(c),
            c => c,
        })
        .collect()
}

#[cfg(test)]
mod tests {

    fn sentences_of(text: &str) -> Vec<&str> {
        sentence_ranges(text)
            .into_iter()
            .map(|r| &text[r])
            .collect()
    }

    #[test]
    fn burmese_sentences_end_at_the_full_stop_mark_only() {
        // Three sentences; ၏ (possessive) and ၊ (comma) inside them end nothing.
        let text = "မြန်မာနိုင်ငံ၏ ဆန်ဈေး တက်သည်။ ကုန်သည်များ၊ လယ်သမားများ ပြောသည်။ မိုးရွာသည်";
        assert_eq!(
            sentences_of(text),
            vec![
                "မြန်မာနိုင်ငံ၏ ဆန်ဈေး တက်သည်။",
                "ကုန်သည်များ၊ လယ်သမားများ ပြောသည်။",
                "မိုးရွာသည်",
            ]
        );
        // A quotation closed after the mark stays with its sentence.
        assert_eq!(
            sentences_of("\"ပြောသည်။\" ပြီးပြီ။"),
            vec!["\"ပြောသည်။\"", "ပြီးပြီ။"]
        );
    }

    #[test]
    fn english_sentences_end_before_a_space_and_a_capital() {
        assert_eq!(
            sentences_of("Prices rose 3.5 percent. Traders said so! Was it \"true?\" It was."),
            vec![
                "Prices rose 3.5 percent.",
                "Traders said so!",
                "Was it \"true?\"",
                "It was."
            ]
        );
        // Titles, initials and abbreviations with stops inside end nothing.
        assert_eq!(
            sentences_of(
                "Senior Gen. Min Aung Hlaing said so. The U.S. Embassy agreed. Dr. Aung left."
            ),
            vec![
                "Senior Gen. Min Aung Hlaing said so.",
                "The U.S. Embassy agreed.",
                "Dr. Aung left."
            ]
        );
        assert_eq!(
            sentences_of("He met U Thant. Then he left."),
            vec!["He met U Thant.", "Then he left."]
        );
        // No capital after the stop: one sentence.
        assert_eq!(
            sentences_of("about 5 p.m. on Monday"),
            vec!["about 5 p.m. on Monday"]
        );
        assert_eq!(sentences_of("   "), Vec::<&str>::new());
    }
    use super::*;

    #[test]
    fn digits_convert_both_ways() {
        assert_eq!(to_ascii_digits("၅၀၀၀ ကျပ်"), "5000 ကျပ်");
        assert_eq!(to_ascii_digits("၂၀၂၆ ခုနှစ်၊ ၁၂ ရွာ"), "2026 ခုနှစ်၊ 12 ရွာ");
        assert_eq!(to_myanmar_digits("12 villages, 2026"), "၁၂ villages, ၂၀၂၆");
        assert_eq!(
            to_ascii_digits(&to_myanmar_digits("0123456789")),
            "0123456789"
        );
    }

    #[test]
    fn burmese_sentences_end_at_the_full_stop_not_the_possessive() {
        let text = "ကျွန်ုပ်၏ အိမ်သည် ရေမြုပ်နေသည်။ ရွာသား ၁၂ ဦး၊ ထွက်ပြေးရသည်။ နောက်ဆုံး";
        assert_eq!(
            Script::Myanmar.sentences(text),
            ["ကျွန်ုပ်၏ အိမ်သည် ရေမြုပ်နေသည်။", "ရွာသား ၁၂ ဦး၊ ထွက်ပြေးရသည်။", "နောက်ဆုံး"]
        );
        assert_eq!(
            Script::Spaced.sentences("One. Two? Three"),
            ["One.", "Two?", "Three"]
        );
    }

    #[test]
    fn counts_are_syllables_for_burmese_and_words_for_english() {
        // မြန်မာ (2) + နိုင်ငံ (2) + the number (1); punctuation is not counted.
        let counts = Script::Myanmar.count("မြန်မာ နိုင်ငံ။ ၁၂");
        assert_eq!(counts.units, 5);
        // နှင့် is one syllable, ၏ one more.
        assert_eq!(Script::Myanmar.count("ရွာ၏ နှင့်").units, 3);
        assert_eq!(counts.characters, "မြန်မာနိုင်ငံ။၁၂".chars().count());
        assert_eq!(Script::Spaced.count("Floods hit 12 villages.").units, 4);
        assert_eq!(Script::for_language("my"), Script::Myanmar);
        assert_eq!(Script::for_language("en-GB"), Script::Spaced);
        assert_eq!(Script::Myanmar.unit_name(), "syllables");
    }
}
