//! The window, driven through its accessibility tree the way a person uses it.

use std::path::Path;

use copydesk::app::CopydeskApp;
use copydesk::model::{BlockKind, RowRef, RowStatus, Story};
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};

fn app_on(desk: &Path) -> Harness<'static, CopydeskApp> {
    let desk = desk.to_owned();
    let mut harness = Harness::builder()
        .with_size([1280.0, 900.0])
        .build_eframe(move |cc| CopydeskApp::new(cc, Some(desk)));
    harness.run();
    harness
}

fn story<'a>(harness: &'a Harness<'_, CopydeskApp>, slug: &str) -> &'a Story {
    let session = harness.state().session().expect("a desk is open");
    let index = session.find(slug).expect("story exists");
    &session.docs[index].story
}

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
    let row1 = block_row(s, 0);
    let row2 = block_row(s, 1);
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
    let mut harness = app_on(&desk);
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
        .docs
        .iter()
        .map(|d| d.story.slug.clone())
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
