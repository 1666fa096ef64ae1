//! Zawgyi: the legacy Burmese font encoding, still common in text pasted from older phones,
//! websites and chat. It reuses Myanmar code points for other letters and stores them in
//! visual order, so Zawgyi text read as Unicode is garbled.
//!
//! Conversion uses the CLDR transliterators in ICU4X (`my-t-my-s0-zawgyi` and back).
//! Detection is ours: a text is scored by how badly it breaks the structure of Unicode
//! Burmese syllables, and so is its conversion from Zawgyi. Zawgyi read as Unicode breaks
//! the rules (a vowel sign before its consonant, a virama with nothing stacked under it,
//! glyph-variant code points); Unicode text converted "from Zawgyi" usually does. When
//! neither or both break them, the verdict is "unsure", because calling good Unicode
//! Zawgyi and converting it would damage it: the person decides.

use std::cell::OnceCell;

use icu_experimental::transliterate::Transliterator;
use icu_locale_core::Locale;

use super::myanmar::is_myanmar;

/// What a text looks like.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Unicode Burmese, or the same in either encoding.
    Unicode,
    /// Zawgyi-encoded Burmese.
    Zawgyi,
    /// It could be either: too short or too unusual to tell.
    Unsure,
    /// No Myanmar script in it.
    NotMyanmar,
}

impl Verdict {
    /// A word for the command line and the window.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Unicode => "unicode",
            Self::Zawgyi => "zawgyi",
            Self::Unsure => "unsure",
            Self::NotMyanmar => "not-myanmar",
        }
    }
}

/// A detection: the verdict and the evidence behind it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Detection {
    /// What the text looks like.
    pub verdict: Verdict,
    /// How likely the text is Zawgyi, from 0 to 1 (0.5 when there is no evidence either way).
    pub zawgyi_probability: f32,
    /// Breaks of Unicode syllable structure in the text as it is.
    pub as_unicode: u32,
    /// Breaks of Zawgyi structure in the text, plus breaks of Unicode structure in its
    /// conversion from Zawgyi: the evidence that it is not Zawgyi.
    pub as_zawgyi: u32,
}

/// The conversion failed inside the transliterator: the text is left as it is.
#[derive(Debug, thiserror::Error)]
#[error("the Zawgyi converter could not convert this text")]
pub struct ConversionFailed;

thread_local! {
    static TO_UNICODE: OnceCell<Option<Transliterator>> = const { OnceCell::new() };
    static TO_ZAWGYI: OnceCell<Option<Transliterator>> = const { OnceCell::new() };
}

fn transliterator(id: &str) -> Option<Transliterator> {
    let locale: Locale = id.parse().ok()?;
    match std::panic::catch_unwind(|| Transliterator::try_new(&locale)) {
        Ok(Ok(t)) => Some(t),
        Ok(Err(error)) => {
            log::error!("the {id} transliterator is missing: {error}");
            None
        }
        Err(_) => {
            log::error!("the {id} transliterator failed to load");
            None
        }
    }
}

fn run(
    cell: &'static std::thread::LocalKey<OnceCell<Option<Transliterator>>>,
    id: &str,
    text: &str,
) -> Result<String, ConversionFailed> {
    if !text.chars().any(is_myanmar) {
        return Ok(text.to_owned());
    }
    cell.with(|cell| {
        let t = cell
            .get_or_init(|| transliterator(id))
            .as_ref()
            .ok_or(ConversionFailed)?;
        // The transliterator takes time growing with the square of its input (4,000
        // characters at once: 14 seconds), so it is given the text a piece at a time: pieces
        // that convert alike apart as together (see `pieces`), making a whole story linear.
        let mut out = String::with_capacity(text.len() + text.len() / 8);
        for piece in pieces(text) {
            if !piece.chars().any(is_myanmar) {
                out.push_str(piece);
                continue;
            }
            // The transliterator is young code that still unwraps inside; a panic on odd
            // input must cost the conversion, not the person's work.
            let converted = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                t.transliterate(piece.to_owned())
            }))
            .map_err(|_| ConversionFailed)?;
            out.push_str(&converted);
        }
        Ok(out)
    })
}

/// The transliterator on the whole text at once, as Copydesk converted before it went
/// piece by piece: its time grows with the square of the length. Kept as the oracle the
/// piecewise conversion is tested against and the baseline it is measured against
/// (`benches/script.rs`).
///
/// # Errors
/// When the transliterator fails on the text.
#[doc(hidden)]
pub fn to_unicode_whole(text: &str) -> Result<String, ConversionFailed> {
    TO_UNICODE.with(|cell| {
        let t = cell
            .get_or_init(|| transliterator("my-t-my-s0-zawgyi"))
            .as_ref()
            .ok_or(ConversionFailed)?;
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            t.transliterate(text.to_owned())
        }))
        .map_err(|_| ConversionFailed)
    })
}

/// The longest run without a space given to the transliterator before it is cut at a
/// syllable's start.
const LONGEST_PIECE: usize = 48;

/// Past this many characters without a safe place to cut, a piece is cut at the next space
/// anyway, and past twice as many wherever it stands: text that never offers a safe cut
/// (a word like ေရ repeated) must not make the converter's cost grow with the square of
/// its length. Such text is not real Burmese; what it loses is at most a syllable's
/// ordering at the cut.
const FORCED_CUT: usize = 4 * LONGEST_PIECE;

/// A text cut where conversion cannot reach across: before each run of whitespace (no
/// syllable spans a space; the space stays in front of the word after it, which some rules
/// look at, such as the one that tells the digit four from the letter ၎), and in a long run without spaces before a consonant that starts
/// a syllable in either encoding: not stacked under the one before (virama), not killed
/// (asat or virama after it), and not preceded by a sign Zawgyi types before its consonant
/// (the vowel sign e, the medial ra and its variants).
fn pieces(text: &str) -> Vec<&str> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut cuts = Vec::new();
    let mut run = 0;
    for (k, &(at, c)) in chars.iter().enumerate() {
        let previous = k.checked_sub(1).map(|p| chars[p].1);
        let space = c.is_whitespace() && previous.is_some_and(|p| !p.is_whitespace());
        let cut = if space {
            // The first character after the spaces.
            let after = chars[k..].iter().map(|x| x.1).find(|x| !x.is_whitespace());
            (!previous.is_some_and(digit_like) && !after.is_some_and(digit_like))
                || run >= FORCED_CUT
        } else {
            (run >= LONGEST_PIECE && starts_syllable(&chars[..k], c, chars.get(k + 1).map(|n| n.1)))
                || run >= 2 * FORCED_CUT
        };
        if cut {
            cuts.push(at);
            run = 0;
        }
        run += 1;
    }
    let mut pieces = Vec::with_capacity(cuts.len() + 1);
    let mut start = 0;
    for cut in cuts {
        pieces.push(&text[start..cut]);
        start = cut;
    }
    pieces.push(&text[start..]);
    pieces
}

/// Myanmar digits and the letters Zawgyi text confuses with them (၀ and ဝ, ၄ and ၎, ၇ and
/// ရ): the converter tells them apart by their neighbours, across a space too.
fn digit_like(c: char) -> bool {
    matches!(
        c,
        '\u{1040}'..='\u{1049}' | '\u{101D}' | '\u{104E}' | '\u{101B}'
    )
}

fn starts_syllable(before: &[(usize, char)], c: char, next: Option<char>) -> bool {
    let consonant = |x: char| ('\u{1000}'..='\u{1021}').contains(&x);
    if !consonant(c) || digit_like(c) || matches!(next, Some('\u{103A}' | '\u{1039}')) {
        return false;
    }
    // The signs since the last consonant: one Zawgyi types before its consonant (the vowel
    // sign e, medial ra and its variants) or a virama would take this consonant with it.
    for &(_, p) in before.iter().rev() {
        if consonant(p) || !is_myanmar(p) {
            return !digit_like(p);
        }
        if matches!(
            p,
            '\u{1031}' | '\u{103B}' | '\u{1039}' | '\u{107E}'..='\u{1084}'
        ) || digit_like(p)
        {
            return false;
        }
    }
    true
}

/// Zawgyi text converted to Unicode.
///
/// # Errors
/// When the transliterator fails on the text.
pub fn to_unicode(text: &str) -> Result<String, ConversionFailed> {
    run(&TO_UNICODE, "my-t-my-s0-zawgyi", text)
}

/// Unicode text converted to Zawgyi (for tests and for people who must send Zawgyi on).
///
/// # Errors
/// When the transliterator fails on the text.
pub fn to_zawgyi(text: &str) -> Result<String, ConversionFailed> {
    run(&TO_ZAWGYI, "my-t-my-d0-zawgyi", text)
}

/// Where a sign sits in a Unicode Burmese syllable, in storage order. Signs must not go
/// backwards within a syllable.
fn sign_rank(c: char) -> Option<u8> {
    Some(match c {
        '\u{103B}' => 1,                           // medial ya
        '\u{103C}' => 2,                           // medial ra
        '\u{103D}' => 3,                           // medial wa
        '\u{103E}' => 4,                           // medial ha
        '\u{1031}' => 5,                           // vowel e, stored after its consonant
        '\u{102D}' | '\u{102E}' | '\u{1032}' => 6, // upper vowels
        '\u{102F}' | '\u{1030}' => 7,              // lower vowels
        '\u{102B}' | '\u{102C}' => 8,              // aa
        '\u{1036}' => 9,                           // anusvara
        '\u{1037}' | '\u{103A}' => 10,             // dot below and asat, either order
        '\u{1038}' => 11,                          // visarga
        _ => return None,
    })
}

fn is_base(c: char) -> bool {
    matches!(c, '\u{1000}'..='\u{102A}' | '\u{103F}' | '\u{104C}'..='\u{104F}')
}

fn is_consonant(c: char) -> bool {
    matches!(c, '\u{1000}'..='\u{1021}' | '\u{103F}')
}

/// Code points Zawgyi uses for glyph variants and stacked letters. Unicode gives them to
/// Mon, Shan and Karen, not to Burmese, so in Burmese text they are Zawgyi.
fn is_zawgyi_variant(c: char) -> bool {
    matches!(c, '\u{105A}'..='\u{108F}' | '\u{109A}'..='\u{109F}')
}

/// How badly a text breaks the structure of Unicode Burmese: strong breaks count 2
/// (a sign with no letter before it, a virama with nothing under it, a Zawgyi-only code
/// point), weaker ones 1 (signs out of order or repeated).
fn structure_breaks(text: &str) -> u32 {
    let chars: Vec<char> = text.chars().collect();
    let mut breaks = 0;
    // The rank of the last sign in the current syllable; None when no letter has started one.
    let mut rank: Option<u8> = None;
    let mut last_sign = None;
    for (k, &c) in chars.iter().enumerate() {
        if is_zawgyi_variant(c) {
            breaks += 2;
            rank = Some(0);
        } else if c == '\u{1039}' {
            if !chars.get(k + 1).copied().is_some_and(is_consonant) {
                breaks += 2;
            }
            // The stacked consonant continues the syllable; its signs start afresh.
            rank = Some(0);
            last_sign = None;
        } else if is_base(c) {
            rank = Some(0);
            last_sign = None;
        } else if let Some(r) = sign_rank(c) {
            match rank {
                None => breaks += 2,
                Some(previous) => {
                    // ကျွန်ုပ်: the one common word with a vowel after its asat.
                    let after_asat = last_sign == Some('\u{103A}') && c == '\u{102F}';
                    if last_sign == Some(c) || (r < previous && !after_asat) {
                        breaks += 1;
                    }
                    rank = Some(r.max(previous));
                }
            }
            last_sign = Some(c);
        } else if !is_myanmar(c) || matches!(c, '\u{1040}'..='\u{104B}') {
            rank = None;
            last_sign = None;
        }
    }
    breaks
}

fn is_zawgyi_prebase(c: char) -> bool {
    // The vowel e, medial ra (Zawgyi's U+103B) and its wide and narrow variants: Zawgyi
    // stores them before the consonant they are drawn in front of.
    matches!(c, '\u{1031}' | '\u{103B}' | '\u{107E}'..='\u{1084}')
}

fn is_zawgyi_consonant(c: char) -> bool {
    is_consonant(c)
        || matches!(
            c,
            '\u{106A}' | '\u{106B}' | '\u{1086}' | '\u{108F}' | '\u{1090}'
        )
}

/// How badly a text breaks the structure of Zawgyi writing: a sign Zawgyi stores before its
/// consonant with no consonant after it (Unicode's `ော`, `ေး`, `ျာ`) counts 2; Zawgyi's
/// medial ya (Unicode's asat, U+103A) after a vowel or tone, or closing a word, counts 1.
fn zawgyi_breaks(text: &str) -> u32 {
    let chars: Vec<char> = text.chars().collect();
    let mut breaks = 0;
    for (k, &c) in chars.iter().enumerate() {
        if is_zawgyi_prebase(c) {
            let next = chars[k + 1..].iter().find(|&&n| !is_zawgyi_prebase(n));
            if !next.copied().is_some_and(is_zawgyi_consonant) {
                breaks += 2;
            }
        } else if c == '\u{103A}' {
            let previous = k.checked_sub(1).map(|p| chars[p]);
            let after_sign = previous.is_some_and(|p| sign_rank(p).is_some_and(|r| r >= 5));
            let closes_word = chars.get(k + 1).is_none_or(|&n| {
                !is_myanmar(n) || matches!(n, '\u{1037}' | '\u{1038}' | '\u{104A}' | '\u{104B}')
            });
            if after_sign || closes_word {
                breaks += 1;
            }
        }
    }
    breaks
}

/// Whether a text reads as Zawgyi, quickly for text that does not: well-formed Unicode
/// is recognised without running the converter, so whole stories can be checked.
#[must_use]
pub fn looks_like_zawgyi(text: &str) -> bool {
    structure_breaks(text) >= 2 && detect(text).verdict == Verdict::Zawgyi
}

/// Whether a text is Zawgyi, Unicode, or unclear. Each line of a paste should be judged on
/// its own only when it is long; a whole paragraph gives the most reliable verdict.
#[must_use]
pub fn detect(text: &str) -> Detection {
    // A long text is judged by its beginning: tens of thousands of characters are plenty
    // of evidence, and the converter's cost would otherwise grow with the whole file.
    let text = sample(text);
    // Text without a single break of Unicode syllable structure is never judged Zawgyi
    // (there is no evidence for it); once it is long, the only other verdict, "unsure", is
    // out of the question too. Such text, every Unicode story, is recognised without
    // converting it, which keeps checking a whole import or story linear and cheap: the
    // converter costs about 4 microseconds a character.
    if text.chars().filter(|&c| is_myanmar(c)).count() >= CLEARLY_LONG
        && structure_breaks(text) == 0
    {
        return Detection {
            verdict: Verdict::Unicode,
            zawgyi_probability: 0.0,
            as_unicode: 0,
            // Only the text's own breaks of Zawgyi structure: its conversion is not made.
            as_zawgyi: zawgyi_breaks(text),
        };
    }
    detect_with_conversion(text).0
}

/// The most bytes of a text [`detect`] looks at (about 20,000 Burmese characters).
const MAX_SAMPLE_BYTES: usize = 64 * 1024;

/// The beginning of a long text, cut after a line or a space, for judging it.
fn sample(text: &str) -> &str {
    if text.len() <= MAX_SAMPLE_BYTES {
        return text;
    }
    let mut end = MAX_SAMPLE_BYTES;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let head = &text[..end];
    head.rfind(char::is_whitespace)
        .map_or(head, |at| &head[..at])
}

/// How many Myanmar characters make a text long enough to judge from its structure alone.
const CLEARLY_LONG: usize = 100;

/// [`detect`], and the text converted from Zawgyi, which detection works out anyway
/// (`None` if the converter failed).
#[must_use]
pub fn detect_with_conversion(text: &str) -> (Detection, Option<String>) {
    if !text.chars().any(is_myanmar) {
        let found = Detection {
            verdict: Verdict::NotMyanmar,
            zawgyi_probability: 0.0,
            as_unicode: 0,
            as_zawgyi: 0,
        };
        return (found, Some(text.to_owned()));
    }
    let as_unicode = structure_breaks(text);
    let converted = to_unicode(text).ok();
    // Read as Zawgyi, the text itself and its conversion must both make sense.
    let as_zawgyi =
        zawgyi_breaks(text) + converted.as_deref().map_or(u32::MAX / 4, structure_breaks);
    let same = converted.as_deref() == Some(text);
    let clear =
        |for_it: u32, against: u32| (for_it >= 2 && against == 0) || for_it >= 3 * against + 3;
    let verdict = if same {
        Verdict::Unicode
    } else if clear(as_unicode, as_zawgyi) {
        Verdict::Zawgyi
    } else if clear(as_zawgyi, as_unicode) {
        Verdict::Unicode
    } else {
        Verdict::Unsure
    };
    let zawgyi_probability = if same {
        0.0
    } else {
        #[expect(clippy::cast_precision_loss, reason = "small counts")]
        let p = (as_unicode as f32 + 0.5) / (as_unicode as f32 + as_zawgyi as f32 + 1.0);
        p
    };
    let found = Detection {
        verdict,
        zawgyi_probability,
        as_unicode,
        as_zawgyi,
    };
    (found, converted)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The transliterator on a whole text at once: the oracle piecewise conversion must
    /// agree with.
    fn whole(id: &str, text: &str) -> String {
        transliterator(id).unwrap().transliterate(text.to_owned())
    }

    /// The sample desk's Burmese, paragraph by paragraph.
    fn sample_paragraphs() -> Vec<String> {
        let stories =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("projects/sample-desk/stories");
        let mut out = Vec::new();
        for entry in std::fs::read_dir(stories).unwrap() {
            let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            for line in text.lines() {
                if let Some(rest) = line.trim().strip_prefix("source: \"") {
                    out.push(rest.trim_end_matches("\",").to_owned());
                }
            }
        }
        assert!(out.len() > 40);
        out
    }

    #[test]
    fn piece_by_piece_converts_as_the_whole_text_does() {
        for paragraph in sample_paragraphs() {
            // With its spaces, and run together (cut at syllables instead).
            for text in [paragraph.clone(), paragraph.replace(' ', "")] {
                let zawgyi = whole("my-t-my-d0-zawgyi", &text);
                assert_eq!(to_zawgyi(&text).unwrap(), zawgyi, "{text}");
                assert_eq!(
                    to_unicode(&zawgyi).unwrap(),
                    whole("my-t-my-s0-zawgyi", &zawgyi),
                    "{zawgyi}"
                );
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 64, ..Default::default() })]

        /// Words of the sample desk with digits and the letters Zawgyi confuses with them,
        /// in any order and spacing: piece by piece converts as whole, both ways.
        #[test]
        fn any_mix_of_words_and_digits_converts_as_whole(
            picks in proptest::collection::vec((0usize..10_000, 0usize..6), 1..24)
        ) {
            let words: Vec<String> = sample_paragraphs()
                .iter()
                .flat_map(|p| p.split(' ').map(str::to_owned).collect::<Vec<_>>())
                .collect();
            let extras = ["၄", "၎င်း", "၀", "ဝ", "၇", "ရ", "၁၂", "2026"];
            let mut text = String::new();
            for (pick, gap) in picks {
                let word = if pick % 3 == 0 { extras[pick % extras.len()].to_owned() } else { words[pick % words.len()].clone() };
                text.push_str(&word);
                text.push_str(["", " ", "  ", "\n", " ", ","][gap]);
            }
            let zawgyi = whole("my-t-my-d0-zawgyi", &text);
            proptest::prop_assert_eq!(to_zawgyi(&text).unwrap(), zawgyi.clone());
            proptest::prop_assert_eq!(to_unicode(&zawgyi).unwrap(), whole("my-t-my-s0-zawgyi", &zawgyi));
            proptest::prop_assert_eq!(to_unicode(&text).unwrap(), whole("my-t-my-s0-zawgyi", &text));
        }
    }

    #[test]
    fn long_unicode_is_judged_as_the_converter_would_judge_it() {
        let paragraphs = sample_paragraphs();
        // Each paragraph, and each with the next (a story is checked whole).
        let texts = paragraphs
            .iter()
            .cloned()
            .chain(paragraphs.windows(2).map(|w| w.join("\n")));
        let long: Vec<String> = texts
            .filter(|p| p.chars().filter(|&c| is_myanmar(c)).count() >= CLEARLY_LONG)
            .collect();
        assert!(long.len() > 40, "{}", long.len());
        for text in &long {
            assert_eq!(
                detect(text).verdict,
                detect_with_conversion(text).0.verdict,
                "{text}"
            );
            assert_eq!(detect(text).verdict, Verdict::Unicode);
            // The same text in Zawgyi still goes through the converter, and is found.
            let zawgyi = to_zawgyi(text).unwrap();
            assert_eq!(detect(&zawgyi).verdict, Verdict::Zawgyi, "{zawgyi}");
        }
    }

    #[test]
    fn a_long_text_is_judged_by_its_beginning_cut_between_words() {
        let zawgyi = to_zawgyi(&sample_paragraphs().join("\n")).unwrap();
        let mut long = String::new();
        while long.len() < 3 * MAX_SAMPLE_BYTES {
            long.push_str(&zawgyi);
            long.push('\n');
        }
        let head = sample(&long);
        assert!(head.len() <= MAX_SAMPLE_BYTES && head.len() > MAX_SAMPLE_BYTES - 2_000);
        assert!(long[head.len()..].starts_with(char::is_whitespace));
        assert_eq!(detect(&long).verdict, Verdict::Zawgyi);
        assert_eq!(sample("short"), "short");
    }

    #[test]
    fn long_runs_are_cut_only_before_a_free_consonant() {
        let text = "ကျောက်စိမ်းတူးဖော်ရေးဧရိယာတွင်ဇူလိုင်လနံနက်မြေစာပုံပြိုကျမှုဖြစ်ပွားခဲ့ပြီးကျောက်တွင်းအနီးရှိတဲများတွင်နေထိုင်သူပျောက်ဆုံးနေကြောင်း";
        let pieces = pieces(text);
        assert!(pieces.len() > 1);
        assert_eq!(pieces.concat(), text);
        for piece in &pieces[1..] {
            let mut chars = piece.chars();
            let first = chars.next().unwrap();
            assert!(('\u{1000}'..='\u{1021}').contains(&first), "{piece}");
            assert!(
                !matches!(chars.next(), Some('\u{103A}' | '\u{1039}')),
                "{piece}"
            );
        }
        // No piece grows without bound, whatever the text.
        let water = "ေရ ".repeat(2_000);
        assert!(
            super::pieces(&water)
                .iter()
                .all(|p| p.chars().count() <= 2 * FORCED_CUT)
        );
        let run = "ေရ".repeat(2_000);
        assert!(
            super::pieces(&run)
                .iter()
                .all(|p| p.chars().count() <= 2 * FORCED_CUT)
        );
        // Spaces always cut, and go with the word after them.
        assert_eq!(super::pieces("က ခ  ဂ"), ["က", " ခ", "  ဂ"]);
    }

    #[test]
    fn good_unicode_has_no_structure_breaks() {
        for word in [
            "မြန်မာနိုင်ငံ",
            "ကျွန်ုပ်တို့၏",
            "သင်္ချိုင်း",
            "မန္တလေး",
            "ကြောင့်",
            "၎င်း",
            "ဦးဆောင်",
            "ပြောင်းလဲမှု",
            "ရွှေ့ပြောင်း",
        ] {
            assert_eq!(structure_breaks(word), 0, "{word}");
        }
    }

    #[test]
    fn zawgyi_read_as_unicode_breaks_the_structure() {
        // မြန်မာ typed in Zawgyi: medial sign first, then a virama used as an asat.
        assert!(structure_breaks("\u{103B}\u{1019}\u{1014}\u{1039}\u{1019}\u{102C}") >= 2);
        // A vowel e stored before its consonant, after a visarga.
        assert!(structure_breaks("\u{101E}\u{103C}\u{102C}\u{1038}\u{1031}\u{1014}") >= 1);
    }

    #[test]
    fn conversion_goes_both_ways() {
        let unicode = "မြန်မာနိုင်ငံ";
        let zawgyi = to_zawgyi(unicode).expect("converts");
        assert_ne!(zawgyi, unicode);
        assert_eq!(to_unicode(&zawgyi).expect("converts"), unicode);
        assert_eq!(
            to_unicode("plain English").expect("converts"),
            "plain English"
        );
    }

    #[test]
    fn the_quick_check_agrees_with_detection() {
        let unicode = "ရေကြီးမှုကြောင့် ရွာသားများ ထွက်ပြေးရသည်။";
        let zawgyi = to_zawgyi(unicode).expect("converts");
        assert!(looks_like_zawgyi(&zawgyi));
        assert!(!looks_like_zawgyi(unicode));
        assert!(!looks_like_zawgyi("Kani"));
    }

    #[test]
    fn text_without_burmese_is_not_judged() {
        assert_eq!(detect("Floods in Kani").verdict, Verdict::NotMyanmar);
    }
}
