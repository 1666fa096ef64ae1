//! Editorial control through the window: roles from the roster, locked copy, corrections,
//! four eyes, what is open before a sign-off, assignments, desk settings, and typing that
//! lands where the person expects.

use copydesk::app::CopydeskApp;
use copydesk::model::{Stage, Story};
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};

use crate::{click, type_into};

const EDITING: &str = "kani-chindwin-flood";
const PUBLISHED: &str = "magway-schools-reopen";
const TRANSLATING: &str = "yangon-power-cuts";

fn app_as(desk: &std::path::Path, name: &str) -> Harness<'static, CopydeskApp> {
    let mut harness = crate::window_on(desk);
    harness.state_mut().set_identity(Some(name));
    harness.run();
    harness
}

use crate::story_now as story;

fn is_disabled(harness: &Harness<'_, CopydeskApp>, label: &str) -> bool {
    harness.get_by_label(label).accesskit_node().is_disabled()
}

#[test]
fn a_name_off_the_roster_gets_no_roles_and_cannot_sign_off() {
    let (_dir, desk) = crate::sample_copy();
    let mut harness = crate::window_on(&desk);
    // First start: the person types a name the roster does not know. There is nothing to
    // tick: roles come from the roster.
    assert!(harness.query_by_label("editor").is_none(), "no role boxes");
    type_into(&mut harness, "Your name", "Mallory Fake");
    assert!(
        harness
            .query_by_label_contains("is not on the roster of Myanmar Desk")
            .is_some()
    );
    click(&mut harness, "Save identity");
    assert!(
        harness
            .state()
            .actor()
            .is_some_and(|a| a.roles().is_empty())
    );
    assert!(harness.state_mut().open(EDITING));
    harness.run();
    assert!(
        is_disabled(&harness, "Sign off"),
        "an invented editor cannot sign off"
    );
    harness.get_by_label("Sign off").hover();
    harness.run();
    assert!(
        harness
            .query_all_by_label_contains("not on the roster of this desk")
            .count()
            >= 2,
        "the disabled button says why, and so does the banner over the read-only copy"
    );
    // They can still comment.
    click(&mut harness, "Comments");
    type_into(&mut harness, "Comment on Headline", "A reader's question.");
    click(&mut harness, "Add comment");
    assert_eq!(story(&harness, EDITING).comments[0].author, "Mallory Fake");
}

#[test]
fn a_translator_cannot_type_into_a_published_story() {
    let (_dir, desk) = crate::sample_copy();
    let mut harness = app_as(&desk, "Thiri Htet");
    assert!(harness.state_mut().open(PUBLISHED));
    harness.run();
    let before = story(&harness, PUBLISHED);
    assert!(
        harness
            .query_by_label_contains("Published copy is locked")
            .is_some(),
        "the banner says why the copy cannot be changed"
    );
    type_into(&mut harness, "Row 1 English", "X");
    harness.get_by_label("Headline English").click();
    harness.run();
    let after = story(&harness, PUBLISHED);
    assert_eq!(after.blocks[0].row.english, before.blocks[0].row.english);
    assert_eq!(after.stage, Stage::Published, "still published");
    assert_eq!(after.sign_off, before.sign_off, "the sign-off stands");
    assert!(
        is_disabled(&harness, "Insert paragraph"),
        "no writer's tools"
    );
}

#[test]
fn an_editor_corrects_a_published_story_and_the_correction_travels_with_it() {
    let (_dir, desk) = crate::sample_copy();
    let mut harness = app_as(&desk, "Clare Whitfield");
    assert!(harness.state_mut().open(PUBLISHED));
    harness.run();
    click(&mut harness, "Correct…");
    assert!(
        is_disabled(&harness, "Start correction"),
        "the correction is required"
    );
    type_into(
        &mut harness,
        "Correction",
        "An earlier version of this story misstated the number of schools.",
    );
    click(&mut harness, "Start correction");
    let corrected = story(&harness, PUBLISHED);
    assert_eq!(corrected.stage, Stage::Editing);
    assert_eq!(corrected.sign_off, None);
    assert_eq!(corrected.corrections.len(), 1);
    // Until it is signed off again it leaves only as a draft; once signed off, with the
    // dated correction.
    let session = harness.state().session().expect("desk");
    let text = |story: &Story, draft| {
        String::from_utf8(
            copydesk::export::export(
                story,
                session.settings(),
                &copydesk::export::NoMedia,
                copydesk::export::Format::Text,
                draft,
            )
            .expect("export"),
        )
        .expect("utf-8")
    };
    assert!(text(&corrected, true).contains("DRAFT"));
    let date = corrected.corrections[0].at.format("%B %-d, %Y").to_string();
    assert!(text(&corrected, true).contains(&format!(
        "Correction, {date}: An earlier version of this story misstated the number of schools."
    )));
    click(&mut harness, "Sign off");
    if harness.query_by_label("Sign off anyway").is_some() {
        click(&mut harness, "Sign off anyway");
    }
    let signed = story(&harness, PUBLISHED);
    assert_eq!(signed.stage, Stage::Approved);
    let session = harness.state().session().expect("desk");
    let exported = String::from_utf8(
        copydesk::export::export(
            &signed,
            session.settings(),
            &copydesk::export::NoMedia,
            copydesk::export::Format::Text,
            false,
        )
        .expect("publishable"),
    )
    .expect("utf-8");
    assert!(!exported.contains("DRAFT"));
    assert!(exported.contains("misstated the number of schools"));
}

#[test]
fn an_approved_story_is_reopened_with_a_note_that_withdraws_the_sign_off() {
    let (_dir, desk) = crate::sample_copy();
    let mut harness = app_as(&desk, "Clare Whitfield");
    assert!(harness.state_mut().open("hpakant-jade-mine-landslide"));
    harness.run();
    click(&mut harness, "Reopen for changes…");
    assert!(is_disabled(&harness, "Reopen"), "a note is required");
    type_into(
        &mut harness,
        "Editing: why reopen? The sign-off is withdrawn.",
        "The toll has risen.",
    );
    click(&mut harness, "Reopen");
    let reopened = story(&harness, "hpakant-jade-mine-landslide");
    assert_eq!(reopened.stage, Stage::Editing);
    assert_eq!(reopened.sign_off, None);
    // Now the editor can change the copy.
    type_into(&mut harness, "Headline English", " as toll rises");
    harness.get_by_label("Deck English").click();
    harness.run();
    assert!(
        story(&harness, "hpakant-jade-mine-landslide")
            .headline
            .english
            .contains(" as toll rises")
    );
}

#[test]
fn four_eyes_stops_an_editor_signing_off_their_own_writing() {
    let (_dir, desk) = crate::sample_copy();
    // Daniel Ross is an editor on the roster, and Kani's credited writer.
    let mut harness = app_as(&desk, "Daniel Ross");
    assert!(harness.state_mut().open(EDITING));
    harness.run();
    assert!(is_disabled(&harness, "Sign off"));
    harness.get_by_label("Sign off").hover();
    harness.run();
    assert!(
        harness
            .query_by_label_contains("four eyes: Daniel Ross is credited as this story's writer")
            .is_some()
    );
    // Another editor may.
    harness.state_mut().set_identity(Some("Clare Whitfield"));
    harness.run();
    assert!(!is_disabled(&harness, "Sign off"));
}

#[test]
fn signing_off_with_an_open_comment_shows_it_first() {
    let (_dir, desk) = crate::sample_copy();
    let mut harness = app_as(&desk, "Clare Whitfield");
    assert!(harness.state_mut().open(EDITING));
    harness.run();
    click(&mut harness, "Comments");
    type_into(&mut harness, "Comment on Headline", "Is 4,000 right?");
    click(&mut harness, "Add comment");
    click(&mut harness, "Sign off");
    assert_eq!(story(&harness, EDITING).stage, Stage::Editing, "not yet");
    assert!(
        harness
            .query_by_label_contains("1 unresolved comment(s)")
            .is_some(),
        "the open comment is shown"
    );
    click(&mut harness, "Go back");
    assert_eq!(story(&harness, EDITING).stage, Stage::Editing);
    click(&mut harness, "Sign off");
    click(&mut harness, "Sign off anyway");
    assert_eq!(story(&harness, EDITING).stage, Stage::Approved);
    assert!(harness.state_mut().save_for_close());
    let history = copydesk::store::load_history(&desk, EDITING, &[]).expect("history");
    let signed = history.last().expect("revision");
    assert!(signed.event.starts_with("signed off"));
    assert_eq!(
        signed.open_items,
        vec!["1 unresolved comment(s), on Headline".to_owned()],
        "what was open is recorded with the sign-off"
    );
}

#[test]
fn clicking_the_blank_part_of_a_row_then_typing_lands_in_that_row() {
    let (_dir, desk) = crate::sample_copy();
    let mut harness = app_as(&desk, "Aye Aye Mon");
    assert!(harness.state_mut().open(TRANSLATING));
    harness.run();
    let target = story(&harness, TRANSLATING).blocks[6].id;
    harness.get_by_label("Row 7 English").scroll_to_me();
    harness.run();
    // The empty space between the row's source and its English, halfway down the row.
    let source = harness
        .get_by_label("Row 7 source")
        .accesskit_node()
        .bounding_box()
        .expect("placed");
    let english = harness
        .get_by_label("Row 7 English")
        .accesskit_node()
        .bounding_box()
        .expect("placed");
    assert!(source.x1 < english.x0, "a gap between the two sides");
    let pos = egui::pos2(
        f64::midpoint(source.x1, english.x0) as f32,
        f64::midpoint(english.y0, english.y1) as f32,
    );
    harness.event(egui::Event::PointerMoved(pos));
    harness.event(egui::Event::PointerButton {
        pos,
        button: egui::PointerButton::Primary,
        pressed: true,
        modifiers: Modifiers::NONE,
    });
    harness.event(egui::Event::PointerButton {
        pos,
        button: egui::PointerButton::Primary,
        pressed: false,
        modifiers: Modifiers::NONE,
    });
    harness.run();
    harness.run();
    assert_eq!(
        harness.state().open_story().map(|(_, row)| row),
        Some(copydesk::model::RowRef::Block(target))
    );
    harness.event(egui::Event::Text(
        "Typed after a click on the blank.".to_owned(),
    ));
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Enter);
    harness.run();
    let block = story(&harness, TRANSLATING).blocks[6].clone();
    assert!(
        block
            .row
            .english
            .ends_with("Typed after a click on the blank."),
        "{:?}",
        block.row.english
    );
}

#[test]
fn an_assigned_story_is_found_with_assigned_to_me() {
    let (_dir, desk) = crate::sample_copy();
    let mut harness = app_as(&desk, "Clare Whitfield");
    assert!(harness.state_mut().open(TRANSLATING));
    harness.run();
    click(&mut harness, "Assign to");
    click(&mut harness, "Aye Aye Mon");
    assert_eq!(
        story(&harness, TRANSLATING)
            .assignee
            .as_ref()
            .map(|a| a.name.as_str()),
        Some("Aye Aye Mon")
    );
    click(&mut harness, "Back to desk");
    harness.state_mut().set_identity(Some("Aye Aye Mon"));
    harness.run();
    assert!(harness.query_by_label_contains("for Aye Aye Mon").is_some());
    click(&mut harness, "Assigned to me");
    assert!(
        harness
            .query_by_label(&format!("Open {TRANSLATING}"))
            .is_some()
    );
    assert!(
        harness.query_by_label(&format!("Open {EDITING}")).is_none(),
        "only the stories assigned to me"
    );
}

#[test]
fn desk_settings_are_changed_by_editors_and_recorded() {
    let (_dir, desk) = crate::sample_copy();
    let mut harness = app_as(&desk, "Thiri Htet");
    click(&mut harness, "Desk");
    click(&mut harness, "Settings (read only)…");
    assert!(
        harness
            .query_by_label_contains("Only an editor of this desk changes its settings")
            .is_some()
    );
    assert!(is_disabled(&harness, "Add to roster"));

    let mut harness = app_as(&desk, "Clare Whitfield");
    click(&mut harness, "Desk");
    click(&mut harness, "Settings…");
    type_into(&mut harness, "Add", "Hla Hla Win");
    click(&mut harness, "New person: translator");
    click(&mut harness, "Add to roster");
    let session = harness.state().session().expect("desk");
    let member = session
        .settings()
        .staff_member("Hla Hla Win")
        .expect("on the roster")
        .clone();
    assert_eq!(member.roles, vec![copydesk::model::Role::Translator]);
    let (changes, _) = session.desk_history().expect("history");
    let last = changes.last().expect("recorded");
    assert_eq!(last.by, "Clare Whitfield");
    assert_eq!(last.what, "added Hla Hla Win to the roster");
    // The record shows in the screen.
    click(&mut harness, "History of changes");
    assert!(
        harness
            .query_by_label_contains(
                "Clare Whitfield · added Hla Hla Win to the roster (translator)"
            )
            .is_some()
    );
    // And the file on disk is what a colleague's machine reads.
    let on_disk = copydesk::store::load_settings(&desk).expect("desk.ron");
    assert!(on_disk.staff_member("Hla Hla Win").is_some());
}
