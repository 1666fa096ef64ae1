//! The desk index: brought up to date incrementally, it must say what one built from
//! scratch says, whatever happened to the story files in between.

use std::path::Path;

use copydesk::generate;
use copydesk::model::RowStatus;
use copydesk::store;
use proptest::prelude::*;

/// What can happen to a desk between two looks at it.
#[derive(Clone, Debug)]
enum Step {
    /// A new story is filed.
    Add(usize),
    /// A story's English changes, saved by Copydesk.
    Translate(usize, usize),
    /// Someone writes a story file by hand: same length, new content.
    SameLength(usize),
    /// A story file is deleted.
    Delete(usize),
    /// A story file is broken by hand.
    Break(usize),
    /// Nothing happens; the index is looked at again.
    Look,
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        (0..12usize).prop_map(Step::Add),
        (0..12usize, 0..4usize).prop_map(|(n, row)| Step::Translate(n, row)),
        (0..12usize).prop_map(Step::SameLength),
        (0..12usize).prop_map(Step::Delete),
        (0..12usize).prop_map(Step::Break),
        Just(Step::Look),
    ]
}

fn apply(root: &Path, step: &Step, settings: &copydesk::model::DeskSettings) {
    let slug = |n: usize| format!("story-{n:05}");
    let path = |n: usize| store::story_path(root, &slug(n));
    match *step {
        Step::Add(n) => {
            if !path(n).exists() {
                let (story, revisions) = generate::story(n, 4, settings);
                store::create_story(root, &story, &revisions).expect("create");
            }
        }
        Step::Translate(n, row) => {
            if let Ok(loaded) = store::load_story(root, &slug(n), settings) {
                let mut story = loaded.story;
                if let Some(block) = story.blocks.get_mut(row) {
                    block.row.english.push_str(" More.");
                    block.row.status = RowStatus::Translated;
                }
                store::save_story(root, &story, loaded.stamp.fingerprint, &[]).expect("save");
            }
        }
        Step::SameLength(n) => {
            // A hand edit that keeps the file's length: a row's status changed, padded with
            // spaces, which RON allows.
            if let Ok(text) = std::fs::read_to_string(path(n)) {
                let changed = if text.contains("status: Untranslated,") {
                    text.replacen("status: Untranslated,", "status: Translated  ,", 1)
                } else {
                    text.replacen("status: Translated,", "status: Draft     ,", 1)
                };
                assert_eq!(changed.len(), text.len());
                std::fs::write(path(n), changed).expect("write");
            }
        }
        Step::Delete(n) => {
            let _ = std::fs::remove_file(path(n));
        }
        Step::Break(n) => {
            if path(n).exists() {
                std::fs::write(
                    path(n),
                    format!("(format_version: 2, slug: \"{}\", stage: Nowhere)", slug(n)),
                )
                .expect("write");
            }
        }
        Step::Look => {}
    }
}

fn from_scratch(root: &Path, settings: &copydesk::model::DeskSettings) -> store::DeskIndex {
    let _ = std::fs::remove_file(root.join(".copydesk").join("index.ron"));
    store::refresh_index(root, settings).expect("index").0
}

fn comparable(
    index: &store::DeskIndex,
) -> Vec<(String, Result<copydesk::summary::StorySummary, String>)> {
    index
        .stories
        .iter()
        .map(|e| (e.slug.clone(), e.summary.clone()))
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn an_index_kept_up_to_date_equals_one_built_from_scratch(
        steps in proptest::collection::vec(step(), 1..24)
    ) {
        let dir = tempfile::tempdir().expect("temp");
        let root = dir.path().join("desk");
        let settings = generate::settings();
        store::create_desk(&root, &settings).expect("desk");
        for step in &steps {
            apply(&root, step, &settings);
            let incremental = store::refresh_index(&root, &settings).expect("index").0;
            let fresh = {
                let copy = dir.path().join("copy");
                let _ = std::fs::remove_dir_all(&copy);
                std::fs::create_dir_all(copy.join("stories")).expect("copy");
                std::fs::copy(root.join("desk.ron"), copy.join("desk.ron")).expect("copy");
                for entry in std::fs::read_dir(root.join("stories")).expect("stories") {
                    let entry = entry.expect("entry");
                    std::fs::copy(entry.path(), copy.join("stories").join(entry.file_name())).expect("copy");
                }
                from_scratch(&copy, &settings)
            };
            // The broken files' messages name their own folder; compare the slugs only.
            let strip = |v: Vec<(String, Result<copydesk::summary::StorySummary, String>)>| {
                v.into_iter()
                    .map(|(slug, s)| (slug, s.map_err(|_| "broken")))
                    .collect::<Vec<_>>()
            };
            prop_assert_eq!(strip(comparable(&incremental)), strip(comparable(&fresh)), "after {:?}", step);
        }
    }
}

#[test]
fn a_generated_desk_loads_with_no_problems_and_lists_every_story() {
    let dir = tempfile::tempdir().expect("temp");
    let root = dir.path().join("generated");
    generate::desk(&root, 24, 6).expect("generate");
    let desk = store::load_desk(&root).expect("loads");
    assert!(desk.problems.is_empty(), "{:?}", desk.problems);
    assert_eq!(desk.stories.len(), 24);
    // Every stage, and every story's history starting with its filing.
    for loaded in &desk.stories {
        let history = store::load_history(&root, &loaded.story.slug, &[]).expect("history");
        assert_eq!(history.first().map(|r| r.event.as_str()), Some("filed"));
    }
    let (index, _) = store::refresh_index(&root, &desk.settings).expect("index");
    assert_eq!(index.summaries().count(), 24);
    assert_eq!(index.problems().count(), 0);
}
