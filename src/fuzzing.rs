//! The readers of outside data, each as one function of arbitrary bytes, for fuzzing: the
//! `fuzz/` targets (`cargo +nightly fuzz run <target>`) call these, and the test suite runs
//! them over the seed corpus in `fuzz/corpus/` and over random inputs. A reader may refuse
//! its input with an error; it must never panic, hang or allocate out of proportion, and
//! what it accepts must survive being written back. The checks below are those promises;
//! a failed check is a bug found.

use std::path::Path;

use crate::model::Story;
use crate::{import, script, store};

/// A story or desk file as a desk folder might hold it. A story that loads is written back
/// and must load again unchanged (a save never loses what was read).
///
/// # Panics
///
/// When a story that loaded does not load back the same after being written.
pub fn desk_file(data: &[u8]) {
    let settings = crate::generate::settings();
    let path = Path::new("stories/fuzz.ron");
    if let Ok((story, _, _)) = store::parse_story(path, data, &settings)
        && let Ok(text) = store::to_ron(path, &story)
    {
        let again = store::parse_story(path, text.as_bytes(), &settings);
        match again {
            Ok((again, _, unknown)) => {
                assert!(unknown.is_empty(), "written fields not known: {unknown:?}");
                assert_story_eq(&story, &again);
            }
            Err(err) => panic!("a story that loaded does not load back: {err}\n{text}"),
        }
    }
    if let Ok((story, _, _)) = store::parse_story(path, data, &settings) {
        merges_to_itself(&story);
    }
    let _ = store::parse_settings(Path::new("desk.ron"), data);
}

/// The merge's promises on any story that loads: merged with itself it is itself, with no
/// conflicts, whether the two sides started from it or (a story both machines added) from
/// nothing; and the result is a story the store writes and reads back.
fn merges_to_itself(story: &Story) {
    let same = crate::merge::merge_stories(story, story, story);
    assert!(
        same.new_conflicts.is_empty(),
        "a story conflicts with itself"
    );
    assert_story_eq(story, &same.story);
    let mut empty = Story::new(&story.slug, story.created);
    empty.stage = story.stage;
    let added = crate::merge::merge_stories(&empty, story, story);
    assert!(
        added.new_conflicts.is_empty(),
        "a story added twice conflicts"
    );
    assert_story_eq(story, &added.story);
}

fn assert_story_eq(before: &Story, after: &Story) {
    assert!(before == after, "a story changed on its way through a file");
}

/// A file to import, its kind chosen by the first byte: text, Markdown, Word, or
/// Copydesk's Markdown read back whole.
///
/// # Panics
///
/// When an import returns more paragraphs than the limit.
pub fn import_file(data: &[u8]) {
    let Some((&kind, bytes)) = data.split_first() else {
        return;
    };
    let name = match kind % 4 {
        0 => "fuzz.txt",
        1 => "fuzz.md",
        2 => "fuzz.docx",
        _ => {
            let now = chrono::DateTime::UNIX_EPOCH;
            let _ = import::parse_markdown("fuzz.md", bytes, now);
            return;
        }
    };
    if let Ok(paragraphs) = import::paragraphs(name, bytes) {
        assert!(paragraphs.len() <= import::MAX_PARAGRAPHS);
    }
}

/// A Word file as a reporter might send it (the Word reader alone, so the fuzzer's
/// corpus of zips is not diluted).
///
/// # Panics
///
/// When the Word reader returns more paragraphs than the limit, or an empty one.
pub fn word_file(data: &[u8]) {
    if let Ok(paragraphs) = import::paragraphs("fuzz.docx", data) {
        assert!(paragraphs.len() <= import::MAX_PARAGRAPHS);
        assert!(paragraphs.iter().all(|p| !p.text.trim().is_empty()));
    }
}

/// The most bytes of text [`script_text`] takes.
pub const MAX_SCRIPT_INPUT: usize = 1024;

/// Text through the script rules: syllables, clusters, line and word breaks, wrapping at a
/// width chosen by the first byte, Zawgyi detection and conversion, and find (the query the
/// text's first characters, its options from the first byte).
///
/// # Panics
///
/// When the pieces do not put the text back together, or a boundary falls inside a
/// character.
pub fn script_text(data: &[u8]) {
    let Some((&width, bytes)) = data.split_first() else {
        return;
    };
    // A paragraph's worth: the rules are local, and the Zawgyi converter costs about 25
    // microseconds a character, so longer inputs would only slow the search down.
    let bytes = &bytes[..bytes.len().min(MAX_SCRIPT_INPUT)];
    let text = String::from_utf8_lossy(bytes);
    let text = text.as_ref();
    let syllables: String = script::myanmar_syllables(text).collect();
    assert_eq!(syllables, text, "syllables put back together");
    let clusters = script::cluster_boundaries(text);
    for boundaries in [
        clusters.clone(),
        script::line_breaks(text),
        script::word_boundaries(text),
    ] {
        assert!(boundaries.windows(2).all(|w| w[0] < w[1]), "in order");
        assert!(boundaries.iter().all(|&b| text.is_char_boundary(b)));
        assert_eq!(boundaries.last().copied().unwrap_or(0), text.len());
    }
    // A character is one unit wide: a line holds `width` of them.
    let max_width = f32::from(width % 64);
    let lines = script::wrap_paragraph(text, max_width, |s| s.chars().count() as f32);
    let mut at = 0;
    for line in &lines {
        assert_eq!(line.start, at, "lines follow each other");
        assert!(text.is_char_boundary(line.start) && text.is_char_boundary(line.end));
        at = line.end;
    }
    assert_eq!(at, text.len(), "lines cover the paragraph");
    let _ = script::zawgyi::detect(text);
    let _ = script::zawgyi::to_unicode(text);
    find_in(text, &clusters, width);
}

/// Find over the text, the query its first few characters (from the width byte): hits in
/// order, apart, between clusters, and never missed by the quick check of a whole file.
fn find_in(text: &str, clusters: &[usize], seed: u8) {
    let query = crate::find::Query {
        text: text.chars().take(usize::from(seed % 4) + 1).collect(),
        match_case: seed & 0x10 != 0,
        whole_words: seed & 0x20 != 0,
    };
    let Some(matcher) = crate::find::Matcher::new(&query) else {
        return;
    };
    let hits = matcher.find_all(text);
    let mut at = 0;
    for hit in &hits {
        assert!(
            hit.start >= at && hit.start < hit.end,
            "hits in order, apart"
        );
        assert!(text.is_char_boundary(hit.start) && text.is_char_boundary(hit.end));
        if script::needs_script_rules(text) {
            assert!(
                clusters.binary_search(&hit.start).is_ok(),
                "a hit starts between clusters"
            );
            assert!(
                clusters.binary_search(&hit.end).is_ok(),
                "a hit ends between clusters"
            );
        }
        at = hit.end;
    }
    if !hits.is_empty() {
        assert!(matcher.might_contain(&format!("(text: \"{text}\")")));
    }
}

/// A glossary file to import, its kind chosen by the first byte: CSV/TSV or TBX. What a read
/// accepts has a source and an English within the limits; TBX that reads is written back
/// and read again to the same terms.
///
/// # Panics
///
/// When a term comes back empty or past the limits, or a TBX written from what was read
/// does not read back the same.
pub fn glossary_file(data: &[u8]) {
    use crate::glossary::{Glossary, MAX_FIELD_BYTES, MAX_TERMS, csv, make_term, tbx};
    let Some((&kind, bytes)) = data.split_first() else {
        return;
    };
    let read = if kind % 2 == 0 {
        csv::read_csv(bytes, "my", "en")
    } else {
        tbx::read_tbx(bytes, "my", "en")
    };
    let Ok(read) = read else {
        return;
    };
    assert!(read.terms.len() <= MAX_TERMS);
    let mut glossary = Glossary::new();
    for raw in &read.terms {
        assert!(!raw.source.trim().is_empty() && !raw.english.trim().is_empty());
        assert!(raw.source.len() <= MAX_FIELD_BYTES && raw.english.len() <= MAX_FIELD_BYTES);
        let at = chrono::DateTime::UNIX_EPOCH;
        if let Ok(term) = make_term(&raw.source, &raw.english, "", &raw.forbidden, "fuzz", at) {
            glossary.terms.push(term);
        }
    }
    let Ok(written) = tbx::write_tbx(&glossary, "fuzz", "my", "en") else {
        panic!("a glossary that read could not be written as TBX");
    };
    let again = tbx::read_tbx(&written, "my", "en");
    let Ok(again) = again else {
        panic!(
            "TBX written from a glossary does not read back: {again:?}\n{}",
            String::from_utf8_lossy(&written)
        );
    };
    let pairs = |terms: Vec<(String, String, Vec<String>)>| terms;
    let before = pairs(
        glossary
            .terms
            .iter()
            .map(|t| (t.source.clone(), t.english.clone(), t.forbidden.clone()))
            .collect(),
    );
    let after = pairs(
        again
            .terms
            .iter()
            .map(|t| (t.source.clone(), t.english.clone(), t.forbidden.clone()))
            .collect(),
    );
    assert_eq!(before, after, "terms changed on their way through TBX");
}
