//! The memory's behaviour: matches by syllable and by sentence, penalties, replacement,
//! concordance, analysis; and the index against a plain scan.

use chrono::{DateTime, TimeZone as _, Utc};
use proptest::prelude::*;

use super::analysis::{BANDS, analyse, band};
use super::*;
use crate::model::BlockId;

fn at(day: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, day, 9, 0, 0)
        .single()
        .unwrap_or_default()
}

fn story_entry(slug: &str, block: u32, source: &str, english: &str, status: EntryStatus) -> Entry {
    Entry {
        source: source.to_owned(),
        english: english.to_owned(),
        origin: Origin::Story {
            slug: slug.into(),
            row: RowRef::Block(BlockId(block)),
        },
        author: "Thiri Htet".into(),
        time: at(block.clamp(1, 28)),
        status,
        note: String::new(),
    }
}

fn file_entry(name: &str, source: &str, english: &str) -> Entry {
    Entry {
        source: source.to_owned(),
        english: english.to_owned(),
        origin: Origin::File { name: name.into() },
        author: "".into(),
        time: at(1),
        status: EntryStatus::Imported,
        note: String::new(),
    }
}

#[test]
fn a_sentence_of_a_longer_row_finds_its_earlier_translation() {
    let mut memory = Memory::new();
    memory.add(story_entry(
        "rice",
        1,
        "ကုန်သည်များက ပြောသည်။",
        "Traders said so.",
        EntryStatus::Reviewed,
    ));
    // Three sentences; the second is the earlier row's whole source.
    let row = "ဆန်ဈေး တက်သည်။ ကုန်သည်များက ပြောသည်။ မိုးရွာသည်။";
    let matches = memory.lookup(row, &Lookup::default());
    let best = &matches[0];
    assert_eq!(best.score, 100);
    assert_eq!(best.part.sentence, 2);
    assert_eq!(best.part.of, 3);
    assert_eq!(&row[best.part.range.clone()], "ကုန်သည်များက ပြောသည်။");
    assert_eq!(
        &memory
            .entry(best.entry)
            .map(|e| &e.english[best.english.clone()]),
        &Some("Traders said so.")
    );
}

#[test]
fn a_one_sentence_row_finds_a_sentence_of_a_longer_earlier_row() {
    let mut memory = Memory::new();
    memory.add(story_entry(
        "power",
        3,
        "မီးပြတ်သည်။ အစိုးရက ပြောသည်။",
        "Power was cut. The government said so.",
        EntryStatus::Reviewed,
    ));
    let matches = memory.lookup("အစိုးရက ပြောသည်။", &Lookup::default());
    // Identical, less 1 for English paired by sentence position.
    assert_eq!((matches[0].raw, matches[0].score), (100, 99));
    assert_eq!(matches[0].earlier.sentence, 2);
    let entry = memory
        .entry(matches[0].entry)
        .map(|e| &e.english[matches[0].english.clone()]);
    assert_eq!(entry, Some("The government said so."));
}

#[test]
fn penalties_are_subtracted_and_named() {
    let mut memory = Memory::new();
    memory.add(story_entry(
        "a",
        1,
        "ဆန်ဈေး တက်သည်။",
        "Rice prices rose.",
        EntryStatus::Confirmed,
    ));
    memory.set_file(
        "agency",
        7,
        vec![file_entry(
            "agency",
            "ဆန်ဈေး တက်သည်။",
            "The price of rice went up.",
        )],
    );
    let matches = memory.lookup("ဆန်ဈေး တက်သည်။", &Lookup::default());
    assert_eq!(matches.len(), 2);
    // Unreviewed: 100 − 1.
    assert_eq!((matches[0].raw, matches[0].score), (100, 99));
    assert_eq!(matches[0].penalties, vec![Penalty::Unreviewed]);
    // Imported with a penalty of 7: 100 − 7.
    assert_eq!((matches[1].raw, matches[1].score), (100, 93));
    assert_eq!(
        matches[1].penalties,
        vec![Penalty::Imported {
            name: "agency".to_owned(),
            points: 7
        }]
    );
    memory.remove_file("agency");
    assert_eq!(memory.lookup("ဆန်ဈေး တက်သည်။", &Lookup::default()).len(), 1);
}

#[test]
fn reconfirming_a_row_replaces_its_entry() {
    let mut memory = Memory::new();
    memory.add(story_entry(
        "a",
        1,
        "ဆန်ဈေး တက်သည်။",
        "Rice rose.",
        EntryStatus::Confirmed,
    ));
    memory.add(story_entry(
        "a",
        1,
        "ဆန်ဈေး တက်သည်။",
        "Rice prices rose.",
        EntryStatus::Reviewed,
    ));
    assert_eq!(memory.len(), 1);
    let matches = memory.lookup("ဆန်ဈေး တက်သည်။", &Lookup::default());
    assert_eq!(matches.len(), 1);
    assert_eq!(
        memory.entry(matches[0].entry).map(|e| e.english.as_str()),
        Some("Rice prices rose.")
    );
    // A story's rows set again: the row gone leaves, the unchanged one keeps its id.
    let kept = matches[0].entry;
    memory.set_story(
        "a",
        vec![story_entry(
            "a",
            1,
            "ဆန်ဈေး တက်သည်။",
            "Rice prices rose.",
            EntryStatus::Reviewed,
        )],
    );
    assert_eq!(
        memory.lookup("ဆန်ဈေး တက်သည်။", &Lookup::default())[0].entry,
        kept
    );
    memory.remove_story("a");
    assert!(memory.is_empty());
    assert!(memory.lookup("ဆန်ဈေး တက်သည်။", &Lookup::default()).is_empty());
}

#[test]
fn a_translator_withheld_in_any_role_is_not_named_in_the_memory() {
    use crate::model::{Contributor, CreditDisplay, Role, RowStatus, Story};
    let mut story = Story::new("s", at(2));
    story.headline.source = "ဆန်ဈေး တက်သည်။".to_owned();
    story.headline.english = "Rice rose.".to_owned();
    story.headline.status = RowStatus::Translated;
    let person = |role, display| Contributor {
        role,
        name: "Aye Aye Mon".to_owned(),
        display,
    };
    // Credited by name as translator, withheld as reporter: withheld everywhere.
    story.contributors = vec![
        person(Role::Reporter, CreditDisplay::Withheld),
        person(Role::Translator, CreditDisplay::Person),
    ];
    let entries = story_entries("s", &story, false);
    assert_eq!(entries.len(), 1);
    assert_eq!(&*entries[0].author, "");
    story.contributors.remove(0);
    assert_eq!(&*story_entries("s", &story, false)[0].author, "Aye Aye Mon");
}

#[test]
fn the_row_being_translated_is_not_its_own_match_and_hides_no_other() {
    let mut memory = Memory::new();
    // Two rows confirmed with the same English; the newer is the row being translated.
    memory.add(story_entry(
        "b-story",
        1,
        "ဆန်ဈေး တက်သည်။",
        "Rice rose.",
        EntryStatus::Reviewed,
    ));
    memory.add(story_entry(
        "a-story",
        5,
        "ဆန်ဈေး တက်သည်။",
        "Rice rose.",
        EntryStatus::Reviewed,
    ));
    let how = Lookup {
        exclude_row: Some(("a-story", RowRef::Block(BlockId(5)))),
        ..Lookup::default()
    };
    let matches = memory.lookup("ဆန်ဈေး တက်သည်။", &how);
    assert_eq!(matches.len(), 1);
    assert!(matches!(
        memory.entry(matches[0].entry).map(|e| &e.origin),
        Some(Origin::Story { slug, .. }) if &**slug == "b-story"
    ));
}

#[test]
fn a_sentence_taken_from_a_longer_translation_says_so() {
    let mut memory = Memory::new();
    memory.add(story_entry(
        "a",
        1,
        "ရွေးကောက်ပွဲ ကျင်းပမည်။ အစိုးရက ပြောသည်။",
        "The election will be held. The government said so.",
        EntryStatus::Reviewed,
    ));
    let matches = memory.lookup("အစိုးရက ပြောသည်။", &Lookup::default());
    assert_eq!((matches[0].raw, matches[0].score), (100, 99));
    assert_eq!(matches[0].penalties, vec![Penalty::SentenceAligned]);
}

#[test]
fn a_match_replaces_a_pretranslation_and_is_added_after_a_persons_words() {
    use crate::edit::Edit;
    use crate::model::{Side, Story};
    let mut story = Story::new("s", at(2));
    story.headline.english = "Machine words".to_owned();
    story.headline.pretranslated = Some(80);
    let text = |edit: Option<Edit>| match edit {
        Some(Edit::SetText { text, .. }) => text,
        Some(Edit::Batch(edits)) => edits
            .into_iter()
            .find_map(|e| match e {
                Edit::SetText {
                    side: Side::English,
                    text,
                    ..
                } => Some(text),
                _ => None,
            })
            .unwrap_or_default(),
        _ => String::new(),
    };
    assert_eq!(
        text(insert_match_edit(&story, RowRef::Headline, "Rice rose.")),
        "Rice rose."
    );
    story.headline.pretranslated = None;
    assert_eq!(
        text(insert_match_edit(&story, RowRef::Headline, "Rice rose.")),
        "Machine words Rice rose."
    );
}

#[test]
fn a_story_is_not_matched_against_itself() {
    let mut memory = Memory::new();
    memory.add(story_entry(
        "a",
        1,
        "ဆန်ဈေး တက်သည်။",
        "Rice rose.",
        EntryStatus::Reviewed,
    ));
    let how = Lookup {
        exclude_story: Some("a"),
        ..Lookup::default()
    };
    assert!(memory.lookup("ဆန်ဈေး တက်သည်။", &how).is_empty());
}

#[test]
fn concordance_finds_a_phrase_on_either_side_on_syllable_boundaries() {
    let mut memory = Memory::new();
    memory.add(story_entry(
        "a",
        1,
        "ရန်ကုန်မြို့တွင် မီးပြတ်သည်။",
        "Power was cut in Yangon.",
        EntryStatus::Reviewed,
    ));
    memory.add(story_entry(
        "b",
        2,
        "မန္တလေးတွင် ဆန်ဈေးတက်သည်။",
        "Rice rose in Mandalay.",
        EntryStatus::Reviewed,
    ));
    // Burmese phrase: found in the first entry's source, with the phrase's bytes.
    let hits = memory.concordance("ရန်ကုန်", 10);
    assert_eq!(hits.len(), 1);
    assert!(hits[0].in_source);
    let source = &memory
        .entry(hits[0].entry)
        .map(|e| e.source.clone())
        .unwrap_or_default();
    assert_eq!(&source[hits[0].range.clone()], "ရန်ကုန်");
    // English phrase, any case: found in the English.
    let hits = memory.concordance("rice rose", 10);
    assert_eq!(hits.len(), 1);
    assert!(!hits[0].in_source);
    let english = memory
        .entry(hits[0].entry)
        .map(|e| e.english.clone())
        .unwrap_or_default();
    assert_eq!(&english[hits[0].range.clone()], "Rice rose");
    // "ကုန်" alone is a syllable of ရန်ကုန် and is found; half a syllable ("ကု") is not.
    assert_eq!(memory.concordance("ကုန်", 10).len(), 1);
    assert!(memory.concordance("ကု", 10).is_empty());
}

#[test]
fn analysis_counts_rows_and_syllables_per_band_by_hand() {
    let mut memory = Memory::new();
    // ဆန် ဈေး တက် သည် (4 syllables).
    memory.add(story_entry(
        "old",
        1,
        "ဆန်ဈေး တက်သည်။",
        "Rice rose.",
        EntryStatus::Reviewed,
    ));
    let sources = [
        // Identical: 100% (4 syllables).
        "ဆန်ဈေး တက်သည်။",
        // One syllable of 4 changed: 75% (4 syllables).
        "ဆန်ဈေး ကျသည်။",
        // Nothing shared: no match (2 syllables: မိုး ရွာ).
        "မိုးရွာ",
        // The first row again: a repetition (4 syllables).
        "ဆန်ဈေး တက်သည်။",
        // Punctuation only: not counted.
        "။",
    ];
    let result = analyse(&memory, sources, crate::script::Script::Myanmar, None);
    let by_label = |label: &str| {
        let i = BANDS.iter().position(|b| b.2 == label).unwrap_or(0);
        (result.bands[i].rows, result.bands[i].units)
    };
    assert_eq!(by_label("100%"), (1, 4));
    assert_eq!(by_label("75–84%"), (1, 4));
    assert_eq!(by_label("no match"), (1, 2));
    assert_eq!(by_label("95–99%"), (0, 0));
    assert_eq!((result.repetitions.rows, result.repetitions.units), (1, 4));
    assert_eq!((result.total.rows, result.total.units), (4, 14));
    assert_eq!(
        (band(100), band(99), band(94), band(50), band(49)),
        (0, 1, 2, 4, 5)
    );
}

/// Sources made of a few syllables, so that memories and queries share a lot.
fn text() -> impl Strategy<Value = String> {
    let syllable = prop::sample::select(vec![
        "ဆန်",
        "ဈေး",
        "တက်",
        "သည်",
        "မီး",
        "ပြတ်",
        "ရန်",
        "ကုန်",
        "၅",
        "။",
        " ",
    ]);
    prop::collection::vec(syllable, 1..14).prop_map(|s| s.concat())
}

/// English for generated entries: repeated texts (so one match per English is tested) and
/// texts of two sentences (so sentence units are).
fn english(i: usize, kind: u8) -> String {
    match kind {
        0 => format!("Same {}.", i % 3),
        1 => format!("First {i}. Second {i}."),
        _ => format!("English {i}."),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn the_index_finds_what_a_scan_finds(
        entries in prop::collection::vec((text(), 0u8..3, any::<bool>(), 0u8..3), 1..60),
        queries in prop::collection::vec(text(), 1..6),
        min in prop::sample::select(vec![0u8, 1, 50, 75, 95, 99, 100]),
        penalty in 0u8..10,
        limit in 1usize..6,
    ) {
        let mut memory = Memory::new();
        memory.set_file("f", penalty, Vec::new());
        for (i, (source, kind, reviewed, english_kind)) in entries.iter().enumerate() {
            let english = english(i, *english_kind);
            let block = u32::try_from(i).unwrap_or(0);
            let entry = match kind {
                0 => file_entry("f", source, &english),
                _ => story_entry(
                    if *kind == 1 { "a" } else { "b" },
                    block,
                    source,
                    &english,
                    if *reviewed { EntryStatus::Reviewed } else { EntryStatus::Confirmed },
                ),
            };
            memory.add(entry);
        }
        // Some entries removed, as re-confirming and killing do.
        memory.remove(0);
        for query in &queries {
            for exclude in [None, Some("a")] {
                let how = Lookup { min, limit, exclude_story: exclude, ..Lookup::default() };
                let scanned = memory.lookup_by_scan(query, &how);
                // A row of several sentences, read on one thread and on two.
                for parallel_from in [usize::MAX, 0] {
                    memory.parallel_from = Some(parallel_from);
                    let indexed = memory.lookup(query, &how);
                    prop_assert_eq!(&indexed, &scanned);
                }
            }
        }
    }
}

proptest! {
    /// The eight-at-a-time scan of the counts finds exactly what a plain filter finds.
    #[test]
    fn counts_reaching_a_threshold_are_all_found(
        counts in prop::collection::vec(any::<u8>(), 0..100),
        required in any::<u8>(),
    ) {
        let plain: Vec<(u32, u8)> = counts
            .iter()
            .enumerate()
            .filter(|&(_, &c)| c >= required)
            .map(|(u, &c)| (u32::try_from(u).unwrap_or(u32::MAX), c))
            .collect();
        prop_assert_eq!(at_least(&counts, required), plain);
    }
}

#[test]
fn counts_at_the_edges_of_a_byte() {
    // 127, 128 and 255 against thresholds on both sides of the high bit.
    let counts = [0, 1, 127, 128, 129, 255, 3, 2, 1];
    assert_eq!(at_least(&counts, 128), vec![(3, 128), (4, 129), (5, 255)]);
    assert_eq!(
        at_least(&counts, 127),
        vec![(2, 127), (3, 128), (4, 129), (5, 255)]
    );
    assert_eq!(
        at_least(&counts, 2),
        vec![(2, 127), (3, 128), (4, 129), (5, 255), (6, 3), (7, 2)]
    );
    assert_eq!(at_least(&counts, 200), vec![(5, 255)]);
}
