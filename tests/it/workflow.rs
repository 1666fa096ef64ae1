//! The editorial hand-over, driven through the window with the person switched between steps.

use std::path::Path;

use copydesk::app::CopydeskApp;
use copydesk::model::{SentBackTo, Stage};
use copydesk::workflow::{SignOffState, sign_off_state};
use egui::{Key, Modifiers};
use egui_kittest::Harness;

use crate::{click, type_into};
use egui_kittest::kittest::{NodeT as _, Queryable as _};

const SLUG: &str = "yangon-power-cuts";

fn start(desk: &Path) -> Harness<'static, CopydeskApp> {
    crate::window_on(desk)
}

fn stage(harness: &Harness<'_, CopydeskApp>) -> Stage {
    let session = harness.state().session().expect("desk");
    session.story(SLUG).expect("story").stage
}

fn story<'a>(harness: &'a Harness<'_, CopydeskApp>) -> &'a copydesk::model::Story {
    let session = harness.state().session().expect("desk");
    session.story(SLUG).expect("story")
}

fn sign_off(harness: &Harness<'_, CopydeskApp>) -> SignOffState {
    let session = harness.state().session().expect("desk");
    sign_off_state(story(harness), session.settings())
}

/// The story's history as the session has it: written and not yet written.
fn revisions(harness: &mut Harness<'_, CopydeskApp>) -> Vec<copydesk::model::Revision> {
    let session = harness.state_mut().session_mut().expect("desk");
    let index = session.find(SLUG).expect("story");
    session
        .history(index)
        .expect("history")
        .into_iter()
        .cloned()
        .collect()
}

/// Says who we are: through the identity button, then a name from the desk's roster.
fn become_person(harness: &mut Harness<'_, CopydeskApp>, name: &str) {
    if let Some(me) = harness.state().actor() {
        let roles: Vec<&str> = me.roles().iter().map(|r| r.label()).collect();
        let button = format!("{} ({})", me.name, roles.join(", "));
        click(harness, &button);
    }
    click(harness, &format!("I am {name}"));
    click(harness, "Save identity");
    assert_eq!(
        harness.state().actor().map(|a| a.name),
        Some(name.to_owned())
    );
}

#[test]
fn the_whole_hand_over_from_translator_to_sign_off() {
    let (_dir, desk) = crate::sample_copy();
    let mut harness = start(&desk);

    // First start: the app asks who we are before anything is recorded.
    assert!(
        harness.query_by_label("Save identity").is_some(),
        "asked on first start"
    );
    become_person(&mut harness, "Aye Aye Mon");

    // The translator finishes a row and hands the story to the writer.
    assert!(harness.state_mut().open(SLUG));
    harness.run();
    let refused = harness.get_by_label("Kill");
    assert!(
        refused.accesskit_node().is_disabled(),
        "only an editor may kill a story"
    );
    harness.get_by_label("Row 6 English").click();
    harness.run();
    harness
        .get_by_label("Row 6 English")
        .type_text("Officials said the schedule would be reviewed in two weeks.");
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Enter);
    harness.run();
    // Rows are still unconfirmed: handing on shows them first, and going ahead is recorded.
    click(&mut harness, "Send to Writing");
    assert_eq!(stage(&harness), Stage::Translating, "not yet: work is open");
    assert!(
        harness
            .query_by_label_contains("row(s) not confirmed")
            .is_some(),
        "what is open is shown"
    );
    click(&mut harness, "Hand on anyway");
    assert_eq!(stage(&harness), Stage::Writing);
    let last = revisions(&mut harness).pop().expect("a revision");
    assert_eq!(last.by, "Aye Aye Mon");
    assert!(!last.open_items.is_empty(), "the confirmation is recorded");

    // The writer reshapes the English and sends it to the editor.
    become_person(&mut harness, "Thiri Htet");
    type_into(&mut harness, "Row 1 English", " Hospitals are exempt.");
    click(&mut harness, "Send to Editing");
    click(&mut harness, "Hand on anyway");
    assert_eq!(stage(&harness), Stage::Editing);

    // The editor reads what changed since the translator handed over.
    become_person(&mut harness, "Clare Whitfield");
    assert!(harness.state_mut().show_changes_since_translation());
    harness.run();
    assert!(
        harness
            .query_by_label_contains("Hospitals are exempt.")
            .is_some(),
        "the writer's words show in the differences"
    );

    // Two comments, on two rows.
    click(&mut harness, "Comments");
    for (row, text) in [
        ("Row 1 English", "Is this the corporation's own figure?"),
        ("Row 3 English", "Name the power station."),
    ] {
        click(&mut harness, row);
        let field = format!("Comment on {}", row.trim_end_matches(" English"));
        type_into(&mut harness, &field, text);
        click(&mut harness, "Add comment");
    }
    assert_eq!(story(&harness).open_comments(), 2);
    assert!(
        story(&harness)
            .comments
            .iter()
            .all(|c| c.author == "Clare Whitfield")
    );

    // Sent back without a note is not possible; with one it is.
    click(&mut harness, "Send back to writing");
    assert!(
        harness
            .get_by_label("Send back")
            .accesskit_node()
            .is_disabled(),
        "a note is required"
    );
    type_into(
        &mut harness,
        "Sent back to writing: what should change?",
        "Answer the two comments.",
    );
    click(&mut harness, "Send back");
    assert_eq!(
        stage(&harness),
        Stage::SentBack {
            to: SentBackTo::Writing
        }
    );
    assert_eq!(
        revisions(&mut harness).last().and_then(|r| r.note.clone()),
        Some("Answer the two comments.".to_owned())
    );

    // The writer sees the note in the workflow bar, answers the comments, resolves them and
    // sends it again.
    become_person(&mut harness, "Thiri Htet");
    assert!(
        harness
            .query_by_label_contains("Sent back by Clare Whitfield")
            .is_some(),
        "the note is shown to the writer it was sent to"
    );
    click(&mut harness, "Comments (2)");
    type_into(
        &mut harness,
        "Reply to the comment on Row 1",
        "Yes, from its statement.",
    );
    click(&mut harness, "Send reply on Row 1");
    click(&mut harness, "Resolve comment on Row 1");
    click(&mut harness, "Resolve comment on Row 3");
    assert_eq!(story(&harness).open_comments(), 0);
    assert_eq!(story(&harness).comments[0].replies.len(), 1);
    click(&mut harness, "Send to Editing");
    click(&mut harness, "Hand on anyway");
    assert_eq!(stage(&harness), Stage::Editing);
    assert!(story(&harness).sent_back.is_none(), "acted on");

    // The editor signs off.
    become_person(&mut harness, "Clare Whitfield");
    click(&mut harness, "Sign off");
    click(&mut harness, "Sign off anyway");
    assert_eq!(stage(&harness), Stage::Approved);
    let signed = story(&harness).sign_off.clone().expect("signed off");
    assert_eq!(signed.editor, "Clare Whitfield");
    assert_eq!(sign_off(&harness), SignOffState::Current);

    // Signed-off copy is locked: the writer's typing goes nowhere.
    become_person(&mut harness, "Thiri Htet");
    let headline = story(&harness).headline.english.clone();
    type_into(&mut harness, "Headline English", " again");
    harness.get_by_label("Row 1 English").click();
    harness.run();
    assert_eq!(story(&harness).headline.english, headline);
    assert_eq!(stage(&harness), Stage::Approved);
    assert!(
        harness
            .query_by_label_contains("Approved copy is locked")
            .is_some(),
        "the banner says why"
    );

    // The editor reopens it for changes, with a note; the sign-off is withdrawn.
    become_person(&mut harness, "Clare Whitfield");
    click(&mut harness, "Reopen for changes…");
    type_into(
        &mut harness,
        "Editing: why reopen? The sign-off is withdrawn.",
        "The headline needs the date.",
    );
    click(&mut harness, "Reopen");
    assert_eq!(stage(&harness), Stage::Editing);
    assert_eq!(story(&harness).sign_off, None);

    // The trail is complete: every step, by whom.
    let trail: Vec<(String, String)> = revisions(&mut harness)
        .iter()
        .map(|r| (r.by.clone(), r.stage.key()))
        .collect();
    let expected = [
        ("Ko Min Thu", "filed"),
        ("Aye Aye Mon", "translating"),
        ("Aye Aye Mon", "writing"),
        ("Thiri Htet", "editing"),
        ("Clare Whitfield", "sent-back-to-writing"),
        ("Thiri Htet", "editing"),
        ("Clare Whitfield", "approved"),
        ("Clare Whitfield", "editing"),
    ];
    let expected: Vec<(String, String)> = expected
        .iter()
        .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
        .collect();
    assert_eq!(trail, expected);
    assert!(harness.state_mut().save_for_close());
    // History survives saving and loading.
    let again = copydesk::store::load_history(&desk, SLUG, &[]).expect("reload");
    assert_eq!(again, revisions(&mut harness));
}

#[test]
fn a_refiled_source_flags_the_changed_rows_for_the_translator() {
    let (_dir, desk) = crate::sample_copy();
    let mut harness = start(&desk);
    become_person(&mut harness, "Ko Min Thu");
    assert!(harness.state_mut().open(SLUG));
    harness.run();
    let mut paragraphs: Vec<String> = story(&harness)
        .blocks
        .iter()
        .map(|b| b.row.source.clone())
        .collect();
    paragraphs[1].push_str(" ပြင်ဆင်ချက်။");
    harness.get_by_label("Story").click();
    harness.run();
    click(&mut harness, "Re-file source…");
    harness.get_by_label("New source").click();
    harness.run();
    harness.event(egui::Event::Paste(paragraphs.join("\n\n")));
    harness.run();
    click(&mut harness, "Re-file");
    let flagged: Vec<usize> = story(&harness)
        .blocks
        .iter()
        .enumerate()
        .filter(|(_, b)| b.previous_source.is_some())
        .map(|(i, _)| i)
        .collect();
    assert_eq!(flagged, vec![1], "exactly the changed row");
    assert!(
        harness
            .query_by_label_contains("The source of this row changed")
            .is_some()
    );
    // Checking the English against the new source is the translator's job, not the reporter's.
    assert!(
        harness
            .get_by_label("Clear source flag on Row 2")
            .accesskit_node()
            .is_disabled()
    );
    become_person(&mut harness, "Aye Aye Mon");
    click(&mut harness, "Clear source flag on Row 2");
    assert!(
        story(&harness)
            .blocks
            .iter()
            .all(|b| b.previous_source.is_none())
    );
}

#[test]
fn comments_are_edited_and_deleted_only_by_their_author_and_jump_to_their_row() {
    let (_dir, desk) = crate::sample_copy();
    let mut harness = start(&desk);
    become_person(&mut harness, "Clare Whitfield");
    assert!(harness.state_mut().open(SLUG));
    harness.run();
    click(&mut harness, "Row 4 English");
    click(&mut harness, "Comments");
    type_into(&mut harness, "Comment on Row 4", "Which townships?");
    click(&mut harness, "Add comment");
    click(&mut harness, "Edit comment on Row 4");
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness
        .get_by_label("Comment text on Row 4")
        .type_text("Which townships are exempt?");
    harness.run();
    click(&mut harness, "Save");
    let comment = story(&harness).comments[0].clone();
    assert_eq!(comment.text, "Which townships are exempt?");
    assert!(comment.edited.is_some());

    // Someone else may answer and resolve, but not edit or delete.
    click(&mut harness, "Headline English");
    become_person(&mut harness, "Thiri Htet");
    click(&mut harness, "Comments (1)");
    assert!(harness.query_by_label("Edit comment on Row 4").is_none());
    assert!(harness.query_by_label("Delete comment on Row 4").is_none());
    // Clicking the thread's row name jumps to the row.
    click(&mut harness, "Go to Row 4");
    let row4 = copydesk::model::RowRef::Block(story(&harness).blocks[3].id);
    assert_eq!(harness.state().open_story().map(|(_, row)| row), Some(row4));
    click(&mut harness, "Resolve comment on Row 4");
    assert_eq!(story(&harness).open_comments(), 0);
    click(&mut harness, "Show resolved threads");
    click(&mut harness, "Reopen comment on Row 4");
    assert_eq!(story(&harness).open_comments(), 1);

    // The author deletes it.
    become_person(&mut harness, "Clare Whitfield");
    click(&mut harness, "Delete comment on Row 4");
    assert!(story(&harness).comments.is_empty());
    // Comments are undoable like any other change.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(story(&harness).comments.len(), 1);
}

#[test]
fn who_i_am_is_remembered_on_this_machine() {
    let (dir, desk) = crate::sample_copy();
    let config = dir.path().join("config");
    let app = |config: &Path| {
        let (desk, config) = (desk.clone(), config.to_owned());
        let mut harness = Harness::builder()
            .with_size([1400.0, 950.0])
            .with_max_steps(12)
            .build_eframe(move |cc| CopydeskApp::with_config_dir(cc, Some(desk), Some(config)));
        harness.run();
        harness
    };
    let mut first = app(&config);
    become_person(&mut first, "Daniel Ross");
    drop(first);
    let second = app(&config);
    let me = second.state().actor().expect("remembered");
    assert_eq!(me.name, "Daniel Ross");
    assert_eq!(
        me.roles(),
        [copydesk::model::Role::Writer, copydesk::model::Role::Editor],
        "the roles come from the roster"
    );
    assert!(
        second.query_by_label("Save identity").is_none(),
        "not asked again"
    );
    // It is this machine's, not the desk's.
    assert!(
        !std::fs::read_to_string(desk.join("desk.ron"))
            .expect("desk")
            .contains("identity")
    );
}
