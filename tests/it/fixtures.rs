//! Every released file-format version must keep loading: one fixture desk per version.

use copydesk::model::{
    BlockId, BlockKind, CreditDisplay, Role, RowRef, RowStatus, SentBackTo, Stage,
};
use copydesk::store;

fn fixture(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

#[test]
fn format_version_1_loads() {
    let root = fixture("format-v1");
    assert!(
        std::fs::read_to_string(root.join("desk.ron"))
            .expect("read")
            .contains("format_version: 1"),
        "the fixture stays as version 1 wrote it"
    );
    let desk = store::load_desk(&root).expect("desk loads");
    assert!(desk.problems.is_empty(), "{:?}", desk.problems);
    // Read into this version's model: the options a version-1 desk never had are defaults.
    assert_eq!(desk.settings.format_version, 2);
    assert!(desk.settings.options.four_eyes);
    assert_eq!(desk.settings.source_language, "my");
    assert_eq!(desk.settings.staff.len(), 2);
    assert_eq!(
        desk.settings.staff[1].roles,
        vec![Role::Writer, Role::Editor]
    );

    let story = &desk.stories[0].story;
    assert_eq!(story.slug, "fixture-story");
    assert_eq!(
        story.stage,
        Stage::SentBack {
            to: SentBackTo::Writing
        }
    );
    assert_eq!(story.dateline.place, "Sittwe");
    assert_eq!(story.headline.status, RowStatus::Reviewed);
    let kinds: Vec<&str> = story.blocks.iter().map(|b| b.kind.label()).collect();
    assert_eq!(
        kinds,
        ["paragraph", "subhead", "quote", "photo", "paragraph"]
    );
    assert!(story.blocks[4].omitted);
    let BlockKind::Photo(photo) = &story.blocks[3].kind else {
        panic!("block 4 is a photo");
    };
    assert_eq!(photo.file, "fixture.png");
    assert_eq!(photo.credit, "Fixture Photographer");
    assert_eq!(story.contributors[0].display, CreditDisplay::Withheld);
    assert_eq!(story.contributors[1].display, CreditDisplay::Service);
    assert_eq!(story.next_block_id, 9);
    // A fixture that loads must also save and load unchanged.
    let dir = tempfile::tempdir().expect("temp");
    let copy = dir.path().join("d");
    store::create_desk(&copy, &desk.settings).expect("create");
    store::create_story(&copy, story, &desk.stories[0].legacy_revisions).expect("save");
    let again = store::load_desk(&copy).expect("reload");
    assert_eq!(&again.stories[0].story, story);
}

#[test]
fn a_signed_off_version_1_story_migrates_with_its_sign_off_and_history() {
    let root = fixture("format-v1-signed");
    let desk = store::load_desk(&root).expect("desk loads");
    assert!(desk.problems.is_empty(), "{:?}", desk.problems);
    let loaded = &desk.stories[0];
    let story = &loaded.story;
    assert_eq!(story.stage, Stage::Approved);
    // Version 1 fingerprinted the story alone; the sign-off was current then, so it is now.
    assert_eq!(
        copydesk::workflow::sign_off_state(story, &desk.settings),
        copydesk::workflow::SignOffState::Current
    );
    assert_eq!(
        loaded.legacy_revisions.len(),
        1,
        "its revision was inside the file"
    );
    assert!(loaded.legacy_revisions[0].event.starts_with("signed off"));

    // The first save moves the history out of the story file, one file per revision.
    let dir = tempfile::tempdir().expect("temp");
    let copy = dir.path().join("d");
    store::create_desk(&copy, &desk.settings).expect("create");
    store::create_story(&copy, story, &loaded.legacy_revisions).expect("save");
    let text = std::fs::read_to_string(store::story_path(&copy, &story.slug)).expect("read");
    assert!(text.starts_with("(\n  format_version: 3,"), "{text}");
    assert!(
        !text.contains("revisions:"),
        "no history inside the story file"
    );
    let history = store::load_history(&copy, &story.slug, &[]).expect("history");
    assert_eq!(history, loaded.legacy_revisions);
    // Reading the migrated history together with the old file's never doubles a revision.
    let merged =
        store::load_history(&copy, &story.slug, &loaded.legacy_revisions).expect("history");
    assert_eq!(merged.len(), 1);
}

#[test]
fn format_version_2_loads() {
    let root = fixture("format-v2");
    let desk = store::load_desk(&root).expect("desk loads");
    assert!(desk.problems.is_empty(), "{:?}", desk.problems);
    assert!(!desk.settings.options.four_eyes);
    assert_eq!(desk.settings.web_footer, "Comments are moderated.");
    let (changes, problems) = store::load_desk_history(&root).expect("desk history");
    assert!(problems.is_empty());
    assert_eq!(changes.len(), 1);
    assert_eq!(changes[0].by, "Clare Whitfield");
    let story = &desk.stories[0].story;
    assert_eq!(story.slug, "fixture-v2");
    assert_eq!(story.stage, Stage::Editing);
    assert_eq!(
        story.assignee.as_ref().map(|a| a.name.as_str()),
        Some("Clare Whitfield")
    );
    assert_eq!(story.corrections.len(), 1);
    assert_eq!(story.next_comment_id, 5);
    assert_eq!(story.comments[0].id, 4);
    assert!(desk.stories[0].legacy_revisions.is_empty());
    let history = store::load_history(&root, &story.slug, &[]).expect("history");
    let events: Vec<&str> = history.iter().map(|r| r.event.as_str()).collect();
    assert_eq!(events[0], "filed");
    assert!(events[1].starts_with("signed off"), "{events:?}");
    // Version 2's `modified` was the last change of any kind, and no row has a stamp.
    assert!(story.text_rows().all(|r| r.changed.is_none()));
    assert_eq!(
        story.last_change(),
        (time("2026-07-28T06:30:00Z"), "Clare Whitfield")
    );
    written_again_as_version_3(&root, story);
}

fn time(text: &str) -> chrono::DateTime<chrono::Utc> {
    text.parse().expect("a time")
}

/// Written again, a version-2 story is the same file but for the version it declares.
fn written_again_as_version_3(root: &std::path::Path, story: &copydesk::model::Story) {
    let path = store::story_path(root, &story.slug);
    let on_disk = std::fs::read_to_string(&path).expect("read");
    assert!(on_disk.contains("\n  format_version: 2,\n"));
    assert_eq!(
        store::to_ron(&path, story).expect("serialise"),
        on_disk.replacen("format_version: 2,", "format_version: 3,", 1)
    );
}

/// Version 3: who last changed a row is stamped in the row, and the story's own `modified`
/// covers only its own fields, so two machines' edits to different rows touch different
/// lines. The story's last change is the latest of all the stamps.
#[test]
fn format_version_3_loads() {
    let root = fixture("format-v3");
    let desk = store::load_desk(&root).expect("desk loads");
    assert!(desk.problems.is_empty(), "{:?}", desk.problems);
    let loaded = &desk.stories[0];
    assert!(
        loaded.unknown_fields.is_empty(),
        "{:?}",
        loaded.unknown_fields
    );
    let story = &loaded.story;
    assert_eq!(story.slug, "fixture-v3");
    let stamp = |row: RowRef| {
        story
            .row(row)
            .and_then(|r| r.changed.clone())
            .map(|c| (c.at, c.by))
    };
    assert_eq!(
        stamp(RowRef::Headline),
        Some((time("2026-08-03T10:15:00Z"), "Thiri Htet".to_owned()))
    );
    assert_eq!(stamp(RowRef::Deck), None);
    assert_eq!(
        stamp(RowRef::Block(BlockId(1))),
        Some((time("2026-08-03T11:20:00Z"), "Aye Aye Mon".to_owned()))
    );
    assert_eq!(
        (story.modified, story.modified_by.as_str()),
        (time("2026-08-03T09:00:00Z"), "Clare Whitfield")
    );
    assert_eq!(
        story.last_change(),
        (time("2026-08-03T11:20:00Z"), "Aye Aye Mon")
    );
    // The desk list shows the last change of any kind.
    let summary = copydesk::summary::StorySummary::of(story, &desk.settings);
    assert_eq!(summary.modified, time("2026-08-03T11:20:00Z"));
    assert_eq!(summary.modified_by, "Aye Aye Mon");
    let path = store::story_path(&root, &story.slug);
    assert_eq!(
        store::to_ron(&path, story).expect("serialise"),
        std::fs::read_to_string(&path).expect("read"),
        "written back byte for byte"
    );
}

#[test]
fn the_sample_desk_loads_cleanly() {
    let desk = store::load_desk(&crate::sample_desk()).expect("sample desk loads");
    assert!(desk.problems.is_empty(), "{:?}", desk.problems);
    let stages: Vec<Stage> = desk.stories.iter().map(|s| s.story.stage).collect();
    for stage in [
        Stage::Filed,
        Stage::Translating,
        Stage::Editing,
        Stage::Approved,
    ] {
        assert!(
            stages.contains(&stage),
            "the sample desk has a story in {stage:?}"
        );
    }
    let displays: Vec<CreditDisplay> = desk
        .stories
        .iter()
        .flat_map(|s| s.story.contributors.iter())
        .filter(|c| c.role == Role::Reporter)
        .map(|c| c.display)
        .collect();
    for display in CreditDisplay::ALL {
        assert!(
            displays.contains(&display),
            "a reporter credited {display:?}"
        );
    }
    for loaded in &desk.stories {
        let story = &loaded.story;
        if matches!(story.stage, Stage::Approved | Stage::Published) {
            assert_eq!(
                copydesk::workflow::sign_off_state(story, &desk.settings),
                copydesk::workflow::SignOffState::Current,
                "{} is {:?} with a current sign-off",
                story.slug,
                story.stage
            );
        }
        for block in &loaded.story.blocks {
            if let BlockKind::Photo(photo) = &block.kind {
                assert!(
                    store::media_path(&crate::sample_desk(), &photo.file).is_file(),
                    "{} in {}",
                    photo.file,
                    loaded.story.slug
                );
            }
        }
    }
}

#[test]
fn the_sample_desk_is_stored_as_copydesk_writes_it() {
    // Opening and saving a sample story must change only what the person changed, so the
    // files are kept in the exact form the store writes.
    let root = crate::sample_desk();
    let desk = store::load_desk(&root).expect("sample desk loads");
    let path = root.join(store::DESK_FILE);
    let written = store::to_ron(&path, &desk.settings).expect("serialise");
    assert_eq!(
        std::fs::read_to_string(&path).expect("read"),
        written,
        "desk.ron"
    );
    for loaded in &desk.stories {
        let path = store::story_path(&root, &loaded.story.slug);
        let written = store::to_ron(&path, &loaded.story).expect("serialise");
        let on_disk = std::fs::read_to_string(&path).expect("read");
        assert_eq!(
            on_disk,
            written,
            "{} is not in canonical form",
            path.display()
        );
    }
}

/// Version 2 as the translation memory writes it: a row marked as pre-translated, the desk
/// option that leaves killed stories out of the memory, and an imported memory file. The
/// new fields are optional, so no version bump: files without them (`format-v2`) are
/// written back as they were (but for the version), and so are these.
#[test]
fn format_version_2_with_memory_fields_loads() {
    let root = fixture("format-v2-memory");
    let desk = store::load_desk(&root).expect("desk loads");
    assert!(desk.problems.is_empty(), "{:?}", desk.problems);
    assert!(desk.settings.options.memory_excludes_killed);
    let story = &desk.stories[0].story;
    let marked: Vec<Option<u8>> = story.blocks.iter().map(|b| b.row.pretranslated).collect();
    assert!(marked.contains(&Some(87)), "{marked:?}");
    assert!(
        desk.stories[0].unknown_fields.is_empty(),
        "this version knows every field"
    );
    written_again_as_version_3(&root, story);
    let (list, problems) = store::memory::list_imported(&root);
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(list.len(), 1);
    assert_eq!((list[0].name.as_str(), list[0].penalty), ("Agency", 7));
    // Read from a copy: reading the memory writes its cache into the desk.
    let dir = tempfile::tempdir().expect("temp dir");
    let copy = dir.path().join("desk");
    crate::copy_dir(&root, &copy);
    let (memory, report) = store::memory::load_memory(&copy, &desk.settings).expect("memory");
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    let matches = memory.lookup(
        "ကယ်ဆယ်ရေးအဖွဲ့များ ရှာဖွေနေဆဲ ဖြစ်သည်။",
        &copydesk::tm::Lookup::default(),
    );
    assert_eq!(matches.first().map(|m| (m.raw, m.score)), Some((100, 93)));
}
