//! The window, driven through its accessibility tree the way a person uses it.

use std::path::Path;

use copydesk::app::CopydeskApp;
use copydesk::model::{BlockKind, RowRef, RowStatus, Story};
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};

use crate::type_into;

/// The app on a desk, as a person who has said who they are (Thiri Htet, whom the
/// sample desk's roster makes a translator and writer).
fn app_on(desk: &Path) -> Harness<'static, CopydeskApp> {
    app_as(desk, "Thiri Htet")
}

/// The app on a desk, as a person of the sample desk's roster.
fn app_as(desk: &Path, name: &str) -> Harness<'static, CopydeskApp> {
    let mut harness = first_start_on(desk);
    harness.state_mut().set_identity(Some(name));
    harness.run();
    harness
}

/// The app on a desk on a machine where nobody has said who they are yet.
fn first_start_on(desk: &Path) -> Harness<'static, CopydeskApp> {
    let desk = desk.to_owned();
    let mut harness = Harness::builder()
        .with_size([1280.0, 900.0])
        // Grids and rows measured for the first time take a few frames to settle.
        .with_max_steps(12)
        .build_eframe(move |cc| CopydeskApp::with_config_dir(cc, Some(desk), None));
    harness.run();
    harness
}

use crate::story_now as story;

fn block_row(story: &Story, n: usize) -> RowRef {
    RowRef::Block(story.blocks[n].id)
}

/// Lets the clock run past the draft pause and the autosave delay.
fn wait_for_autosave(harness: &mut Harness<'_, CopydeskApp>) {
    harness.run_steps(120);
    harness.run();
}

const FILED: &str = "mandalay-rice-prices";
const EDITING: &str = "kani-chindwin-flood";

#[test]
fn translator_types_confirms_and_undoes() {
    let (_dir, desk) = crate::sample_copy();
    let mut harness = app_on(&desk);

    harness.get_by_label(&format!("Open {FILED}")).click();
    harness.run();
    assert_eq!(
        harness.state().open_story().map(|(slug, _)| slug),
        Some(FILED)
    );

    harness.get_by_label("Row 1 English").click();
    harness.run();
    harness
        .get_by_label("Row 1 English")
        .type_text("Rice prices in Mandalay rose again this week.");
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Enter);
    harness.run();

    let s = story(&harness, FILED);
    let row1 = block_row(&s, 0);
    let row2 = block_row(&s, 1);
    assert_eq!(
        s.blocks[0].row.english,
        "Rice prices in Mandalay rose again this week."
    );
    assert_eq!(
        s.blocks[0].row.status,
        RowStatus::Translated,
        "row 1 is confirmed"
    );
    assert_eq!(
        harness.state().open_story().map(|(_, row)| row),
        Some(row2),
        "row 2 is active"
    );

    // Undo the confirmation, then the typing.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(
        story(&harness, FILED).blocks[0].row.status,
        RowStatus::Draft
    );
    assert_eq!(
        harness.state().open_story().map(|(_, row)| row),
        Some(row1),
        "undo shows the row it changed"
    );
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    let s = story(&harness, FILED);
    assert_eq!(s.blocks[0].row.english, "");
    assert_eq!(s.blocks[0].row.status, RowStatus::Untranslated);

    // Redo brings the text back.
    harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    harness.run();
    assert_eq!(
        story(&harness, FILED).blocks[0].row.english,
        "Rice prices in Mandalay rose again this week."
    );
}

#[test]
fn typed_work_survives_a_restart() {
    let (_dir, desk) = crate::sample_copy();
    {
        let mut harness = app_on(&desk);
        harness.get_by_label(&format!("Open {FILED}")).click();
        harness.run();
        harness.get_by_label("Row 2 English").click();
        harness.run();
        harness
            .get_by_label("Row 2 English")
            .type_text("Traders blamed transport costs.");
        harness.run();
        harness.key_press_modifiers(Modifiers::COMMAND, Key::Enter);
        wait_for_autosave(&mut harness);
        let session = harness.state().session().expect("desk");
        assert!(!session.has_unsaved(), "autosave wrote the story");
    }
    // A fresh app on the same folder.
    let mut harness = app_on(&desk);
    harness.get_by_label(&format!("Open {FILED}")).click();
    harness.run();
    let s = story(&harness, FILED);
    assert_eq!(s.blocks[1].row.english, "Traders blamed transport costs.");
    assert_eq!(s.blocks[1].row.status, RowStatus::Translated);
    let field = harness.get_by_label("Row 2 English");
    assert_eq!(
        field.accesskit_node().value().as_deref(),
        Some("Traders blamed transport costs.")
    );
}

#[test]
fn writer_inserts_moves_and_undoes() {
    let (_dir, desk) = crate::sample_copy();
    // Kani is with the editor: the editor works its copy.
    let mut harness = app_as(&desk, "Clare Whitfield");
    harness.get_by_label(&format!("Open {EDITING}")).click();
    harness.run();
    let before: Vec<_> = story(&harness, EDITING)
        .blocks
        .iter()
        .map(|b| b.id)
        .collect();

    harness.get_by_label("Row 2 caption English").click();
    harness.run();
    harness.get_by_label("Insert paragraph").click();
    harness.run();
    let s = story(&harness, EDITING);
    assert_eq!(s.blocks.len(), before.len() + 1);
    let inserted = s.blocks[2].id;
    assert!(!before.contains(&inserted), "a new row after row 2");
    assert_eq!(s.blocks[2].kind, BlockKind::Paragraph);
    assert!(s.blocks[2].row.source.is_empty(), "English only");
    assert_eq!(
        harness.state().open_story().map(|(_, row)| row),
        Some(RowRef::Block(inserted))
    );

    harness
        .get_by_label("Row 3 English")
        .type_text("Kani lies on the west bank of the Chindwin.");
    harness.run();
    harness.get_by_label("Move up").click();
    harness.run();
    let s = story(&harness, EDITING);
    assert_eq!(s.blocks[1].id, inserted, "moved above the photo");
    assert_eq!(
        s.blocks[1].row.english,
        "Kani lies on the west bank of the Chindwin."
    );

    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(
        story(&harness, EDITING).blocks[2].id,
        inserted,
        "undo restores the order"
    );
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    let after: Vec<_> = story(&harness, EDITING)
        .blocks
        .iter()
        .map(|b| b.id)
        .collect();
    assert_eq!(after, before, "undoing the insert removes the row");
}

#[test]
fn writer_omits_splits_and_merges() {
    let (_dir, desk) = crate::sample_copy();
    let mut harness = app_on(&desk);
    harness.get_by_label(&format!("Open {FILED}")).click();
    harness.run();
    let original = story(&harness, FILED).clone();

    harness.get_by_label("Row 1 English").click();
    harness.run();
    harness.get_by_label("Omit row").click();
    harness.run();
    assert!(story(&harness, FILED).blocks[0].omitted);
    assert!(
        harness.query_by_label("Row 1 English").is_none(),
        "an omitted row has no English field"
    );
    harness.get_by_label("Restore row").click();
    harness.run();
    assert!(!story(&harness, FILED).blocks[0].omitted);

    // With no cursor placed, split keeps the whole text above; merge joins it back.
    harness.get_by_label("Row 3 English").click();
    harness.run();
    harness.get_by_label("Split at cursor").click();
    harness.run();
    let s = story(&harness, FILED);
    assert_eq!(s.blocks.len(), original.blocks.len() + 1);
    harness.get_by_label("Merge with next").click();
    harness.run();
    let s = story(&harness, FILED);
    assert_eq!(s.blocks.len(), original.blocks.len());
    assert_eq!(s.blocks[2].row.source, original.blocks[2].row.source);
}

#[test]
fn every_input_has_an_accessible_name() {
    // The harness refuses unnamed inputs on every `run`; open each story to check them all.
    let (_dir, desk) = crate::sample_copy();
    let mut harness = app_on(&desk);
    let slugs: Vec<String> = harness
        .state()
        .session()
        .expect("desk")
        .summaries()
        .map(|s| s.slug.clone())
        .collect();
    assert!(
        slugs.len() >= 4,
        "the sample desk has at least four stories"
    );
    for slug in slugs {
        harness.get_by_label(&format!("Open {slug}")).click();
        harness.run();
        harness.get_by_label("Back to desk").click();
        harness.run();
    }
}

#[test]
fn keyboard_visits_every_row_and_confirming_skips_omitted_ones() {
    let (_dir, desk) = crate::sample_copy();
    // Kani is with the editor: the editor works its copy.
    let mut harness = app_as(&desk, "Clare Whitfield");
    harness.get_by_label(&format!("Open {EDITING}")).click();
    harness.run();
    let s = story(&harness, EDITING).clone();
    let active = |h: &Harness<'_, CopydeskApp>| h.state().open_story().map(|(_, row)| row);
    assert_eq!(
        active(&harness),
        Some(RowRef::Headline),
        "a story in editing opens on its headline"
    );
    // Ctrl+Down walks every row in order, omitted ones included (so they can be restored).
    let mut visited = vec![RowRef::Headline];
    for _ in 0..s.row_count() {
        harness.key_press_modifiers(Modifiers::COMMAND, Key::ArrowDown);
        harness.run();
        let row = active(&harness).expect("a row is active");
        if visited.last() != Some(&row) {
            visited.push(row);
        }
    }
    let all: Vec<RowRef> = s.rows().collect();
    assert_eq!(visited, all, "stays on the last row at the end");
    harness.key_press_modifiers(Modifiers::COMMAND, Key::ArrowUp);
    harness.run();
    assert_eq!(active(&harness), all.get(all.len() - 2).copied());

    // Confirming the row above an omitted one moves past it.
    let omitted = s
        .blocks
        .iter()
        .position(|b| b.omitted)
        .expect("the sample has an omitted row");
    assert!(omitted > 0, "the omitted row is not the first");
    let above = format!("Row {omitted} English");
    harness.get_by_label(&above).click();
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Enter);
    harness.run();
    let after = s.blocks.get(omitted + 1).map(|b| RowRef::Block(b.id));
    assert_eq!(
        active(&harness),
        after,
        "Ctrl+Enter skipped the omitted row"
    );
}

#[test]
fn a_story_with_the_translator_opens_on_the_first_row_to_translate() {
    let (_dir, desk) = crate::sample_copy();
    let mut harness = app_on(&desk);
    let slug = "yangon-power-cuts";
    assert!(harness.state_mut().open(slug));
    harness.run();
    let s = story(&harness, slug);
    let first = s
        .blocks
        .iter()
        .find(|b| !b.omitted && !b.row.status.is_confirmed() && !b.row.source.is_empty())
        .map(|b| RowRef::Block(b.id));
    assert_eq!(harness.state().open_story().map(|(_, row)| row), first);
    // And the cursor is there: typing goes into that row.
    let label = format!(
        "Row {} English",
        s.block_index(match first {
            Some(RowRef::Block(id)) => id,
            _ => panic!("a body row"),
        })
        .expect("index")
            + 1
    );
    assert!(
        harness.get_by_label(&label).is_focused(),
        "{label} has the keyboard"
    );
}

#[test]
fn the_source_is_read_only_for_a_translator_and_a_reporters_fix_is_flagged() {
    let (_dir, desk) = crate::sample_copy();
    let mut harness = app_on(&desk);
    assert!(harness.state_mut().open("yangon-power-cuts"));
    harness.run();
    let before = story(&harness, "yangon-power-cuts");
    assert_eq!(before.blocks[0].row.status, RowStatus::Translated);
    // The translator clicks into the source, goes to its end and types: nothing changes.
    harness.get_by_label("Row 1 source").click();
    harness.run();
    harness.key_press(Key::End);
    harness.run();
    harness.get_by_label("Row 1 source").type_text("X");
    harness.get_by_label("Row 1 English").click();
    harness.run();
    let after = story(&harness, "yangon-power-cuts");
    assert_eq!(after.blocks[0].row.source, before.blocks[0].row.source);
    assert_eq!(after.blocks[0].row.status, RowStatus::Translated);
    assert!(
        harness.query_by_label("Edit source…").is_none(),
        "a translator is not offered the fix"
    );

    // The reporter fixes the row through Edit source…; the translator sees it flagged.
    harness.state_mut().set_identity(Some("Ko Min Thu"));
    harness.run();
    crate::click(&mut harness, "Row 1 actions");
    crate::click(&mut harness, "Edit source…");
    harness.get_by_label("Source").click();
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness.run();
    let fixed_text = format!("{} ထပ်မံ", before.blocks[0].row.source);
    harness.get_by_label("Source").type_text(&fixed_text);
    harness.run();
    crate::click(&mut harness, "Save fix");
    let fixed = story(&harness, "yangon-power-cuts");
    assert!(
        fixed.blocks[0].row.source.ends_with(" ထပ်မံ"),
        "{}",
        fixed.blocks[0].row.source
    );
    assert_eq!(fixed.blocks[0].row.status, RowStatus::Draft);
    assert_eq!(
        fixed.blocks[0].previous_source.as_deref(),
        Some(before.blocks[0].row.source.as_str())
    );
}

#[test]
fn reporter_files_a_new_story_by_pasting() {
    let (_dir, desk) = crate::sample_copy();
    let mut harness = app_on(&desk);
    harness.get_by_label("New story…").click();
    harness.run();
    type_into(&mut harness, "Slug", "Bad Slug");
    assert!(
        harness
            .query_by_label_contains("for example \"bad-slug\"")
            .is_some(),
        "an invalid slug is explained"
    );
    assert!(harness.query_by_label("Create story").is_some());
    // Select all and replace with a good slug.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness.run();
    harness
        .get_by_label("Slug")
        .type_text("sittwe-port-reopens");
    harness.get_by_label("Source headline").click();
    harness.run();
    harness
        .get_by_label("Source headline")
        .type_text("စစ်တွေ ဆိပ်ကမ်း ပြန်ဖွင့်");
    harness.get_by_label("Source text").click();
    harness.run();
    // Pasted, as a reporter brings text from a chat or an email.
    harness.event(egui::Event::Paste(
        "ပထမ စာပိုဒ်။\r\n\r\nဒုတိယ စာပိုဒ်။\r\nဆက်လက်။\r\n\r\n\r\nတတိယ စာပိုဒ်။".to_owned(),
    ));
    harness.run();
    assert!(
        harness.query_by_label("3 row(s)").is_some(),
        "the dialog counts the rows to be"
    );
    harness.get_by_label("Create story").click();
    harness.run();

    assert_eq!(
        harness.state().open_story().map(|(slug, _)| slug),
        Some("sittwe-port-reopens"),
        "the new story opens"
    );
    let s = story(&harness, "sittwe-port-reopens");
    assert_eq!(s.headline.source, "စစ်တွေ ဆိပ်ကမ်း ပြန်ဖွင့်");
    let sources: Vec<&str> = s.blocks.iter().map(|b| b.row.source.as_str()).collect();
    assert_eq!(sources, ["ပထမ စာပိုဒ်။", "ဒုတိယ စာပိုဒ်။\nဆက်လက်။", "တတိယ စာပိုဒ်။"]);
    assert!(
        desk.join("stories")
            .join("sittwe-port-reopens.ron")
            .is_file(),
        "written at once"
    );
}

#[test]
fn writer_adds_a_photo_with_caption_and_credit() {
    let (dir, desk) = crate::sample_copy();
    let mut harness = app_on(&desk);
    assert!(harness.state_mut().open(FILED));
    harness.run();
    let picture = dir.path().join("Market Stall.png");
    std::fs::copy(desk.join("media").join(first_media(&desk)), &picture).expect("copy");
    let after = block_row(&story(&harness, FILED), 0);
    harness.state_mut().insert_photo(after, &picture);
    harness.run();
    assert!(
        desk.join("media").join("market-stall.png").is_file(),
        "copied into media/"
    );
    let s = story(&harness, FILED);
    let BlockKind::Photo(photo) = &s.blocks[1].kind else {
        panic!("row 2 is the photo");
    };
    assert_eq!(photo.file, "market-stall.png");

    harness.get_by_label("Row 2 caption English").click();
    harness.run();
    harness
        .get_by_label("Row 2 caption English")
        .type_text("Rice on sale at a Mandalay market.");
    harness.get_by_label("Row 2 credit").click();
    harness.run();
    harness
        .get_by_label("Row 2 credit")
        .type_text("Sample Photographer");
    harness.get_by_label("Row 2 alt text").click();
    harness.run();
    let s = story(&harness, FILED);
    assert_eq!(
        s.blocks[1].row.english,
        "Rice on sale at a Mandalay market."
    );
    let BlockKind::Photo(photo) = &s.blocks[1].kind else {
        panic!("row 2 is the photo");
    };
    assert_eq!(photo.credit, "Sample Photographer");
}

#[test]
fn a_missing_photo_is_named() {
    let (_dir, desk) = crate::sample_copy();
    let file = first_media(&desk);
    std::fs::remove_file(desk.join("media").join(&file)).expect("remove");
    let mut harness = app_on(&desk);
    let slug = copydesk::store::load_desk(&desk)
        .expect("desk")
        .stories
        .iter()
        .find(|d| {
            d.story
                .blocks
                .iter()
                .any(|b| matches!(&b.kind, BlockKind::Photo(p) if p.file == file))
        })
        .map(|d| d.story.slug.clone())
        .expect("a story uses the photo");
    assert!(harness.state_mut().open(&slug));
    // Scroll the photo into view by walking down to it.
    for _ in 0..12 {
        harness.key_press_modifiers(Modifiers::COMMAND, Key::ArrowDown);
        harness.run();
    }
    assert!(
        harness
            .query_by_label_contains(&format!("Photo missing: {file}"))
            .is_some()
    );
}

fn first_media(desk: &Path) -> String {
    let mut names: Vec<String> = std::fs::read_dir(desk.join("media"))
        .expect("media")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
        .into_iter()
        .next()
        .expect("the sample desk has photos")
}

#[test]
fn a_new_desk_is_created_from_the_file_menu() {
    let (dir, desk) = crate::sample_copy();
    let mut harness = app_on(&desk);
    harness.get_by_label("File").click();
    harness.run();
    harness.get_by_label("New desk…").click();
    harness.run();
    let folder = dir.path().join("lao-desk");
    for (label, text) in [
        ("Folder", folder.to_str().expect("utf-8 path")),
        ("Desk name", "Lao Desk"),
        ("Service name", "Sample Radio's Lao Service"),
    ] {
        harness.get_by_label(label).click();
        harness.run();
        harness.get_by_label(label).type_text(text);
        harness.run();
    }
    // The source language defaults to Burmese; this desk is Lao.
    harness.get_by_label("Source language").click();
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness.get_by_label("Source language").type_text("lo");
    harness.run();
    harness.get_by_label("Create desk").click();
    harness.run();

    let session = harness.state().session().expect("the new desk is open");
    assert_eq!(session.settings().name, "Lao Desk");
    assert_eq!(session.settings().source_language, "lo");
    assert_eq!(session.story_count(), 0);
    assert!(folder.join("desk.ron").is_file());
    assert!(
        harness
            .query_by_label_contains("has no stories yet")
            .is_some()
    );
}

#[test]
fn text_typed_just_before_leaving_is_kept() {
    let (_dir, desk) = crate::sample_copy();
    let mut harness = app_on(&desk);
    assert!(harness.state_mut().open(FILED));
    harness.run();
    // Type, and at once (well within the typing pause) go back to the desk.
    harness.get_by_label("Row 1 English").click();
    harness.run();
    harness
        .get_by_label("Row 1 English")
        .type_text("Typed in a hurry.");
    harness.get_by_label("Place").click();
    harness.step();
    harness.get_by_label("Place").type_text("Mandalay city");
    harness.get_by_label("Back to desk").click();
    harness.run();
    assert!(harness.state().open_story().is_none());
    let s = story(&harness, FILED);
    assert_eq!(s.blocks[0].row.english, "Typed in a hurry.");
    assert!(
        s.dateline.place.ends_with("Mandalay city"),
        "{}",
        s.dateline.place
    );
}

#[test]
fn undo_from_the_menu_while_typing_undoes_the_typing() {
    let (_dir, desk) = crate::sample_copy();
    let mut harness = app_on(&desk);
    assert!(harness.state_mut().open(FILED));
    harness.run();
    harness.get_by_label("Row 1 English").click();
    harness.run();
    harness
        .get_by_label("Row 1 English")
        .type_text("First try.");
    harness.step();
    harness.get_by_label("Edit").click();
    harness.run();
    harness.get_by_label_contains("Undo").click();
    harness.run();
    let s = story(&harness, FILED);
    assert_eq!(
        s.blocks[0].row.english, "",
        "the typing was one step, and it was undone"
    );
    assert_eq!(s.blocks[0].row.status, RowStatus::Untranslated);
}

#[test]
fn merging_a_running_row_into_an_omitted_one_is_refused() {
    let (_dir, desk) = crate::sample_copy();
    let mut harness = app_on(&desk);
    assert!(harness.state_mut().open(FILED));
    harness.run();
    harness.get_by_label("Row 2 English").click();
    harness.run();
    harness.get_by_label("Omit row").click();
    harness.run();
    harness.get_by_label("Row 1 English").click();
    harness.run();
    let before = story(&harness, FILED).blocks.len();
    harness.get_by_label("Merge with next").click();
    harness.run();
    assert_eq!(story(&harness, FILED).blocks.len(), before);
    assert!(
        harness
            .state()
            .notice()
            .is_some_and(|n| n.contains("omitted"))
    );
}

#[test]
fn closing_is_refused_while_work_cannot_be_saved() {
    let (dir, desk) = crate::sample_copy();
    let mut harness = app_on(&desk);
    assert!(harness.state_mut().open(FILED));
    harness.run();
    harness.get_by_label("Row 1 English").click();
    harness.run();
    harness
        .get_by_label("Row 1 English")
        .type_text("Unsaved work.");
    harness.run();
    // The shared drive goes away.
    let moved = dir.path().join("gone");
    std::fs::rename(&desk, &moved).expect("move the desk away");
    assert!(
        !harness.state_mut().save_for_close(),
        "closing now would lose work"
    );
    // The drive comes back.
    std::fs::rename(&moved, &desk).expect("move it back");
    assert!(harness.state_mut().save_for_close());
    let saved =
        std::fs::read_to_string(desk.join("stories").join(format!("{FILED}.ron"))).expect("read");
    assert!(saved.contains("Unsaved work."));
}

#[test]
fn writer_adds_a_photo_through_the_dialog() {
    let (dir, desk) = crate::sample_copy();
    let mut harness = app_on(&desk);
    assert!(harness.state_mut().open(FILED));
    harness.run();
    let picture = dir.path().join("flooded road.png");
    std::fs::copy(desk.join("media").join(first_media(&desk)), &picture).expect("copy");
    harness.get_by_label("Row 3 English").click();
    harness.run();
    harness.get_by_label("Add photo…").click();
    harness.run();
    assert!(
        harness.query_by_label("Add this photo").is_some(),
        "the dialog is open"
    );
    type_into(&mut harness, "Image file", picture.to_str().expect("utf-8"));
    type_into(&mut harness, "Caption", "A flooded road outside Mandalay.");
    type_into(&mut harness, "Credit", "Sample Photographer / Sample Radio");
    type_into(
        &mut harness,
        "Alt text",
        "Brown water covers a road lined with trees.",
    );
    harness.get_by_label("Add this photo").click();
    harness.run();

    let s = story(&harness, FILED);
    let photo_row = &s.blocks[3];
    let BlockKind::Photo(photo) = &photo_row.kind else {
        panic!("the photo goes after row 3");
    };
    assert_eq!(photo.file, "flooded-road.png");
    assert_eq!(photo.credit, "Sample Photographer / Sample Radio");
    assert_eq!(photo.alt, "Brown water covers a road lined with trees.");
    assert_eq!(photo_row.row.english, "A flooded road outside Mandalay.");
    assert!(desk.join("media").join("flooded-road.png").is_file());
    assert!(harness.query_by_label("Row 4 caption English").is_some());
    // One undo takes the whole photo row away.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert!(
        !story(&harness, FILED)
            .blocks
            .iter()
            .any(|b| matches!(b.kind, BlockKind::Photo(_)))
    );
}

#[test]
fn another_desk_is_opened_by_its_folder() {
    let (dir, desk) = crate::sample_copy();
    let other = dir.path().join("other");
    copydesk::store::create_desk(
        &other,
        &copydesk::model::DeskSettings::new("Other Desk", "km", "en", "Sample Radio"),
    )
    .expect("desk");
    let mut harness = app_on(&desk);
    harness.get_by_label("File").click();
    harness.run();
    harness.get_by_label("Open desk…").click();
    harness.run();
    type_into(
        &mut harness,
        "Desk folder",
        dir.path().to_str().expect("utf-8"),
    );
    assert!(
        harness
            .query_by_label_contains("is not a Copydesk desk")
            .is_some(),
        "a folder without desk.ron is explained"
    );
    harness.get_by_label("Desk folder").type_text("/other");
    harness.run();
    harness.get_by_label("Open this desk").click();
    harness.run();
    let session = harness.state().session().expect("open");
    assert_eq!(session.settings().name, "Other Desk");
}

#[test]
fn a_story_saved_by_someone_else_is_reloaded_when_nothing_here_is_unsaved() {
    let (_dir, desk) = crate::sample_copy();
    let mut harness = app_on(&desk);
    assert!(harness.state_mut().open(FILED));
    harness.run();
    let path = desk.join("stories").join(format!("{FILED}.ron"));
    let theirs = std::fs::read_to_string(&path).expect("read").replacen(
        "english: \"\"",
        "english: \"Their headline\"",
        1,
    );
    std::fs::write(&path, theirs).expect("write");
    harness.run_steps(150);
    harness.run();
    assert_eq!(story(&harness, FILED).headline.english, "Their headline");
    assert!(
        harness
            .state()
            .notice()
            .is_some_and(|n| n.contains("someone else"))
    );
    assert_eq!(
        harness.get_by_label("Headline English").value().as_deref(),
        Some("Their headline")
    );
}

#[test]
fn typing_right_after_inserting_at_the_bottom_goes_into_the_new_row() {
    let (_dir, desk) = crate::sample_copy();
    // Kani is with the editor: the editor works its copy.
    let mut harness = app_as(&desk, "Clare Whitfield");
    assert!(harness.state_mut().open(EDITING));
    harness.run();
    let rows = story(&harness, EDITING).row_count();
    for _ in 0..rows {
        harness.key_press_modifiers(Modifiers::COMMAND, Key::ArrowDown);
        harness.run();
    }
    harness.get_by_label("Insert paragraph").click();
    harness.run();
    let label = format!("Row {} English", story(&harness, EDITING).blocks.len());
    assert!(
        harness.get_by_label(&label).is_focused(),
        "the new row has the keyboard"
    );
    // No click into the new row: a writer just starts typing.
    harness.event(egui::Event::Text(
        "Background for readers abroad.".to_owned(),
    ));
    wait_for_autosave(&mut harness);
    let s = story(&harness, EDITING);
    let last = s.blocks.last().expect("rows");
    assert_eq!(last.row.source, "");
    assert_eq!(last.row.english, "Background for readers abroad.");
}

#[test]
fn the_status_bar_counts_burmese_syllables_and_english_words() {
    let (_dir, desk) = crate::sample_copy();
    let mut harness = app_on(&desk);
    assert!(harness.state_mut().open(FILED));
    harness.run();
    let s = story(&harness, FILED);
    let script = copydesk::script::Script::Myanmar;
    let syllables: usize = [&s.headline, &s.deck]
        .into_iter()
        .chain(s.blocks.iter().map(|b| &b.row))
        .map(|r| script.count(&r.source).units)
        .sum();
    assert!(syllables > 50, "a real story: {syllables}");
    assert!(
        harness
            .query_by_label_contains(&format!("source {syllables} syllables"))
            .is_some()
    );
    assert!(harness.query_by_label("English words 0").is_some());
}

#[test]
fn the_desk_view_counts_each_story() {
    let (_dir, desk) = crate::sample_copy();
    let harness = app_on(&desk);
    let filed = story(&harness, FILED);
    let syllables = copydesk::script::source_counts(&filed, "my").units;
    assert!(
        harness
            .query_by_label(&format!("{syllables} syllables · 0 words"))
            .is_some(),
        "the filed story shows its source syllables and no English yet"
    );
}

#[test]
fn a_desk_of_two_thousand_stories_lays_out_only_the_rows_in_view() {
    let dir = tempfile::tempdir().expect("temp");
    let desk = dir.path().join("big");
    let settings = copydesk::generate::settings();
    copydesk::store::create_desk(&desk, &settings).expect("desk");
    // Written straight to the folder: what matters here is the window, not the saving.
    for n in 0..2000 {
        let (story, _) = copydesk::generate::story(n, 1, &settings);
        let path = copydesk::store::story_path(&desk, &story.slug);
        std::fs::write(&path, copydesk::store::to_ron(&path, &story).expect("ron")).expect("write");
    }
    let mut harness = app_on(&desk);
    harness.run();
    let open_buttons = |harness: &Harness<'_, CopydeskApp>| -> Vec<String> {
        harness
            .query_all_by_label_contains("Open story-")
            .filter_map(|n| n.accesskit_node().label())
            .collect()
    };
    let shown = open_buttons(&harness);
    assert!(shown.contains(&"Open story-00000".to_owned()), "{shown:?}");
    assert!(
        shown.len() < 40,
        "only the rows in view are laid out, not 2,000: {}",
        shown.len()
    );
    // Scroll far down: the first rows leave, later ones come in, and still only a screenful.
    let table = harness
        .get_by_label("Open story-00003")
        .accesskit_node()
        .bounding_box()
        .expect("placed");
    let over = egui::pos2(table.x1 as f32 + 300.0, table.y1 as f32);
    harness.event(egui::Event::PointerMoved(over));
    for _ in 0..20 {
        harness.event(egui::Event::MouseWheel {
            unit: egui::MouseWheelUnit::Page,
            delta: egui::vec2(0.0, -1.0),
            phase: egui::TouchPhase::Move,
            source: egui::MouseWheelSource::Unknown,
            modifiers: Modifiers::NONE,
        });
        harness.run();
    }
    let after = open_buttons(&harness);
    assert!(!after.contains(&"Open story-00000".to_owned()), "{after:?}");
    assert!(!after.is_empty() && after.len() < 40, "{after:?}");
    let first: usize = after[0]
        .trim_start_matches("Open story-")
        .parse()
        .expect("a number");
    assert!(first > 100, "scrolled well down the desk: {after:?}");
}
