//! Myanmar-script syllables: where a reader's clusters begin.
//!
//! A syllable starts at a consonant, unless the consonant is stacked under the one before
//! (it follows a virama, U+1039) or closes the syllable before (an asat, U+103A, or a
//! virama follows it). Independent vowels, runs of digits, punctuation, spaces and text in
//! other scripts start segments of their own. This is the rule of the widely used syllable
//! breakers for Burmese; it keeps kinzi (`င်္`), stacked consonants and medials with their
//! syllable.

const VIRAMA: char = '\u{1039}';
const ASAT: char = '\u{103A}';
const DOT_BELOW: char = '\u{1037}';
const ZERO_WIDTH_SPACE: char = '\u{200B}';

/// Whether a character is in the Myanmar blocks.
#[must_use]
pub fn is_myanmar(c: char) -> bool {
    matches!(c, '\u{1000}'..='\u{109F}' | '\u{AA60}'..='\u{AA7F}' | '\u{A9E0}'..='\u{A9FF}')
}

fn is_consonant(c: char) -> bool {
    matches!(c, '\u{1000}'..='\u{1021}' | '\u{103F}')
}

fn is_independent_vowel(c: char) -> bool {
    matches!(c, '\u{1023}'..='\u{102A}')
}

/// A Myanmar digit (၀–၉).
pub(super) fn is_digit(c: char) -> bool {
    matches!(c, '\u{1040}'..='\u{1049}')
}

fn is_punctuation(c: char) -> bool {
    matches!(c, '\u{104A}' | '\u{104B}')
}

/// ၌ ၍ ၎ ၏: symbols read as a syllable each (၎ with the င်း written after it).
fn is_syllable_symbol(c: char) -> bool {
    matches!(c, '\u{104C}'..='\u{104F}')
}

/// Whether a segment starting with this character is a syllable (a letter, not a digit,
/// mark of punctuation or space).
pub(super) fn starts_syllable_letter(c: char) -> bool {
    is_consonant(c) || is_independent_vowel(c) || is_syllable_symbol(c)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    Myanmar,
    Space,
    Other,
}

fn class(c: char) -> Class {
    if c.is_whitespace() || c == ZERO_WIDTH_SPACE {
        Class::Space
    } else if is_myanmar(c) {
        Class::Myanmar
    } else {
        Class::Other
    }
}

/// Whether a segment boundary falls before `c`, given the character before it and those
/// after it.
fn breaks_before(previous: char, c: char, after: &[char]) -> bool {
    let (pc, cc) = (class(previous), class(c));
    if pc != cc || cc == Class::Space {
        return true;
    }
    if cc == Class::Other {
        // Other scripts are left whole between spaces.
        return false;
    }
    if is_digit(c) {
        return !is_digit(previous);
    }
    if is_punctuation(c)
        || is_independent_vowel(c)
        || is_syllable_symbol(c)
        || is_digit(previous)
        || is_punctuation(previous)
    {
        return true;
    }
    if is_consonant(c) {
        let stacked = previous == VIRAMA;
        // A final consonant takes an asat (or a virama, stacking the next one), with the
        // dot below often stored before the asat: င့် in နှင့်, ည့် in သည့်.
        let closes_previous = matches!(after, [ASAT | VIRAMA, ..] | [DOT_BELOW, ASAT, ..]);
        return !stacked && !closes_previous;
    }
    false
}

/// The segments of a text: Myanmar syllables, digit runs, punctuation, spaces and runs of
/// other text, in order. Joined, they give the text back.
pub fn myanmar_syllables(text: &str) -> impl Iterator<Item = &str> {
    let mut starts = Vec::new();
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let plain: Vec<char> = chars.iter().map(|&(_, c)| c).collect();
    for (k, &(at, c)) in chars.iter().enumerate() {
        if k == 0 {
            starts.push(at);
            continue;
        }
        let previous = chars[k - 1].1;
        let after = &plain[k + 1..(k + 3).min(plain.len())];
        if breaks_before(previous, c, after) {
            starts.push(at);
        }
    }
    let ends: Vec<usize> = starts.iter().skip(1).copied().chain([text.len()]).collect();
    starts
        .into_iter()
        .zip(ends)
        .map(move |(start, end)| &text[start..end])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn syllables(text: &str) -> Vec<&str> {
        myanmar_syllables(text).collect()
    }

    /// Hand-checked words: each line is a word and its syllables as a reader splits them.
    #[test]
    fn syllables_of_hand_checked_words() {
        let table: &[(&str, &[&str])] = &[
            ("မြန်မာ", &["မြန်", "မာ"]),
            ("နိုင်ငံ", &["နိုင်", "ငံ"]),
            // A medial with the vowel sign ေ written before the consonant it follows.
            ("အလောင်း", &["အ", "လောင်း"]),
            ("ကျော်", &["ကျော်"]),
            // The dot below stored before the asat of a final consonant.
            ("နှင့်", &["နှင့်"]),
            ("ကြောင့်", &["ကြောင့်"]),
            ("သည့်အခါ", &["သည့်", "အ", "ခါ"]),
            // Symbols read as syllables; ၎ with its င်း.
            ("၎င်း၏", &["၎င်း", "၏"]),
            ("ရောက်၍", &["ရောက်", "၍"]),
            ("ပြောင်းလဲ", &["ပြောင်း", "လဲ"]),
            // Asat-final syllables.
            ("သည်", &["သည်"]),
            ("ရေကြီးမှု", &["ရေ", "ကြီး", "မှု"]),
            // Kinzi: the င်္ rides on the next consonant and stays with it.
            ("အင်္ဂလိပ်", &["အင်္ဂ", "လိပ်"]),
            ("သင်္ချိုင်း", &["သင်္ချိုင်း"]),
            // Stacked consonants stay with the syllable they close.
            ("မန္တလေး", &["မန္တ", "လေး"]),
            ("ကမ္ဘာ", &["ကမ္ဘာ"]),
            // Independent vowels start syllables.
            ("ဥပဒေ", &["ဥ", "ပ", "ဒေ"]),
            // Digits stay together; punctuation and spaces are segments of their own.
            ("၂၀၂၆ ခုနှစ်။", &["၂၀၂၆", " ", "ခု", "နှစ်", "။"]),
            ("ဦး၊ ရွာ", &["ဦး", "၊", " ", "ရွာ"]),
            // Other scripts are left whole.
            ("UN ကုလ", &["UN", " ", "ကု", "လ"]),
            // A zero-width space is a break, never part of a syllable.
            ("ရေ\u{200B}ကြီး", &["ရေ", "\u{200B}", "ကြီး"]),
        ];
        for (word, expected) in table {
            assert_eq!(syllables(word), *expected, "{word}");
        }
    }

    #[test]
    fn segments_join_back_to_the_text() {
        let text = "ချင်းတွင်းမြစ်ရေ အန္တရာယ်အမှတ်ထက် ကျော်လွန်၍ ၄,၀၀၀ ကျော် ထွက်ပြေးရ။ (AP)";
        assert_eq!(syllables(text).concat(), text);
        assert!(syllables(text).iter().all(|s| !s.is_empty()));
    }

    #[test]
    fn no_syllable_starts_with_a_mark() {
        // Whatever the text, a segment never begins with a dependent sign, asat or virama:
        // those are exactly the places a cursor or a line break must never land.
        let text = "ကျွန်ုပ်တို့၏ နိုင်ငံတော် အင်္ဂလိပ် မန္တလေး ပြဿနာ ဥက္ကဋ္ဌ ကျောင်းသားများ";
        for segment in syllables(text) {
            let first = segment.chars().next().unwrap_or(' ');
            let is_mark = matches!(first, '\u{102B}'..='\u{103E}' | '\u{1056}'..='\u{1059}');
            assert!(!is_mark, "segment {segment:?} starts inside a syllable");
        }
    }
}
