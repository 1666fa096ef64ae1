//! Publishing through the window: the live credit line, the preview, export and import.

use std::path::Path;

use copydesk::app::CopydeskApp;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;

use crate::{click, type_into};

fn app_as(desk: &Path, name: &str) -> Harness<'static, CopydeskApp> {
    let mut harness = crate::window_on(desk);
    harness.state_mut().set_identity(Some(name));
    harness.run();
    harness
}

#[test]
fn the_credit_line_follows_the_contributors_and_the_preview_shows_the_draft() {
    let (_dir, desk) = crate::sample_copy();
    let mut harness = app_as(&desk, "Clare Whitfield");
    assert!(harness.state_mut().open("yangon-power-cuts"));
    harness.run();
    let line = "Reported by Northern Light Radio's Myanmar Service. Translated by Aye Aye Mon.";
    assert!(
        harness.query_by_label(line).is_some(),
        "the credit line as it will print"
    );
    // The reporter, credited as the service, is now credited by name.
    click(&mut harness, "Credit display of contributor 1");
    click(&mut harness, "by name");
    assert!(
        harness
            .query_by_label("Reported by Ko Min Thu. Translated by Aye Aye Mon.")
            .is_some(),
        "updated at once"
    );
    // An editor can set the line by hand for this story.
    type_into(&mut harness, "Credit line override", "Staff report.");
    click(&mut harness, "Preview");
    let story = {
        let session = harness.state().session().expect("desk");
        session.story("yangon-power-cuts").expect("story").clone()
    };
    assert_eq!(story.credit_line_override.as_deref(), Some("Staff report."));
    assert!(
        harness.query_by_label("Staff report.").is_some(),
        "the preview prints it"
    );
    assert!(
        harness.query_by_label_contains("DRAFT").is_some(),
        "not signed off: the preview says draft"
    );
}

#[test]
fn a_signed_off_story_previews_without_a_draft_banner_and_exports() {
    let (dir, desk) = crate::sample_copy();
    let mut harness = app_as(&desk, "Clare Whitfield");
    assert!(harness.state_mut().open("hpakant-jade-mine-landslide"));
    harness.run();
    click(&mut harness, "Preview");
    assert!(harness.query_by_label_contains("DRAFT").is_none());
    assert!(
        harness
            .query_by_label(
                "Reported by Nan Seng. Translated by Thiri Htet. Written in English by Daniel Ross."
            )
            .is_some()
    );

    harness.get_by_label("File").click();
    harness.run();
    click(&mut harness, "Export…");
    click(&mut harness, "Plain text");
    let target = dir.path().join("hpakant.txt");
    // Replace the suggested name with a full path.
    click(&mut harness, "Export to file");
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    harness
        .get_by_label("Export to file")
        .type_text(target.to_str().expect("utf-8"));
    harness.run();
    click(&mut harness, "Export this story");
    let text = std::fs::read_to_string(&target).expect("exported");
    assert!(text.starts_with("Nine missing after jade mine waste heap collapses in Hpakant\n"));
    assert!(!text.contains("DRAFT"));
    assert!(
        harness
            .state()
            .notice()
            .is_some_and(|n| n.starts_with("Exported"))
    );
}

#[test]
fn a_reporter_imports_a_file_as_a_new_story() {
    let (dir, desk) = crate::sample_copy();
    let file = dir.path().join("Myitkyina Market Fire.txt");
    std::fs::write(&file, "မြစ်ကြီးနား ဈေး မီးလောင်။\n\nဆိုင်ခန်း ၂၀ ပျက်စီး။\n").expect("write");
    let mut harness = app_as(&desk, "Nan Seng");
    harness.get_by_label("File").click();
    harness.run();
    click(&mut harness, "Import…");
    type_into(
        &mut harness,
        "File to import",
        file.to_str().expect("utf-8"),
    );
    click(&mut harness, "Import this file");
    assert_eq!(
        harness.state().open_story().map(|(slug, _)| slug),
        Some("myitkyina-market-fire"),
        "the new story opens"
    );
    let session = harness.state().session().expect("desk");
    let story = session.story("myitkyina-market-fire").expect("story");
    assert_eq!(story.blocks.len(), 2);
    assert_eq!(story.blocks[1].row.source, "ဆိုင်ခန်း ၂၀ ပျက်စီး။");
}

#[test]
fn the_window_refuses_to_export_over_a_story_file() {
    let (_dir, desk) = crate::sample_copy();
    let story_file = desk.join("stories").join("hpakant-jade-mine-landslide.ron");
    let before = std::fs::read(&story_file).expect("read");
    let mut harness = app_as(&desk, "Clare Whitfield");
    assert!(harness.state_mut().open("hpakant-jade-mine-landslide"));
    harness.run();
    harness.get_by_label("File").click();
    harness.run();
    click(&mut harness, "Export…");
    click(&mut harness, "Plain text");
    click(&mut harness, "Export to file");
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    harness
        .get_by_label("Export to file")
        .type_text(story_file.to_str().expect("utf-8"));
    harness.run();
    click(&mut harness, "Export this story");
    let notice = harness.state().notice().unwrap_or_default().to_owned();
    assert!(
        notice.starts_with("Not exported:") && notice.contains("inside the desk's own files"),
        "{notice}"
    );
    assert_eq!(
        std::fs::read(&story_file).expect("read"),
        before,
        "untouched"
    );
}

#[test]
fn a_story_from_a_newer_copydesk_opens_read_only_in_the_window() {
    let (_dir, desk) = crate::sample_copy();
    let file = desk.join("stories").join("kani-chindwin-flood.ron");
    let text = std::fs::read_to_string(&file).expect("read");
    let newer = text.replacen(
        "  stage: Editing,",
        "  stage: Editing,\n  embargo: None,",
        1,
    );
    assert_ne!(newer, text);
    std::fs::write(&file, &newer).expect("write");
    let mut harness = app_as(&desk, "Daniel Ross");
    assert!(harness.state_mut().open("kani-chindwin-flood"));
    harness.run();
    assert!(
        harness
            .query_by_label_contains("Read only: a newer Copydesk wrote this story")
            .is_some()
    );
    // No take-over offered: it is not someone else's window.
    assert!(harness.query_by_label("Take over…").is_none());
    // Typing changes nothing, and nothing is written.
    harness.get_by_label("Row 1 English").click();
    harness.run();
    harness
        .get_by_label("Row 1 English")
        .type_text("typed anyway");
    harness.run();
    drop(harness);
    assert_eq!(std::fs::read_to_string(&file).expect("read"), newer);
}
