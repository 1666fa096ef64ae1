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
    session.docs[session.find(SLUG).expect("story")].story.stage
}

fn story<'a>(harness: &'a Harness<'_, CopydeskApp>) -> &'a copydesk::model::Story {
    let session = harness.state().session().expect("desk");
    &session.docs[session.find(SLUG).expect("story")].story
}

/// Says who we are: through the identity button, then a name from the desk's roster.
fn become_person(harness: &mut Harness<'_, CopydeskApp>, name: &str) {
    if let Some(me) = harness.state().identity() {
        let roles: Vec<&str> = me.roles.iter().map(|r| r.label()).collect();
        let button = format!("{} ({})", me.name, roles.join(", "));
        click(harness, &button);
    }
    click(harness, name);
    click(harness, "Save identity");
    assert_eq!(
        harness.state().identity().map(|a| a.name.as_str()),
        Some(name)
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
    click(&mut harness, "Send to Writing");
    assert_eq!(stage(&harness), Stage::Writing);
    assert_eq!(
        story(&harness).revisions.last().map(|r| r.by.as_str()),
        Some("Aye Aye Mon")
    );

    // The writer reshapes the English and sends it to the editor.
    become_person(&mut harness, "Thiri Htet");
    type_into(&mut harness, "Row 1 English", " Hospitals are exempt.");
    click(&mut harness, "Send to Editing");
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
        story(&harness)
            .revisions
            .last()
            .and_then(|r| r.note.as_deref()),
        Some("Answer the two comments.")
    );

    // The writer answers the comments, resolves them and sends it again.
    become_person(&mut harness, "Thiri Htet");
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
    assert_eq!(stage(&harness), Stage::Editing);

    // The editor signs off.
    become_person(&mut harness, "Clare Whitfield");
    click(&mut harness, "Sign off");
    assert_eq!(stage(&harness), Stage::Approved);
    let sign_off = story(&harness).sign_off.clone().expect("signed off");
    assert_eq!(sign_off.editor, "Clare Whitfield");
    assert_eq!(sign_off_state(story(&harness)), SignOffState::Current);

    // Anyone changing the public content makes the sign-off stale at once.
    become_person(&mut harness, "Thiri Htet");
    type_into(&mut harness, "Headline English", " again");
    harness.get_by_label("Row 1 English").click();
    harness.run();
    assert_eq!(sign_off_state(story(&harness)), SignOffState::Stale);
    assert_eq!(stage(&harness), Stage::Editing, "back to editing");
    assert!(
        harness.query_by_label("sign-off stale").is_some(),
        "shown in the status bar"
    );

    // The trail is complete: every step, by whom.
    let trail: Vec<(String, String)> = story(&harness)
        .revisions
        .iter()
        .map(|r| (r.by.clone(), r.stage.key()))
        .collect();
    let expected = [
        ("Aye Aye Mon", "translating"),
        ("Aye Aye Mon", "writing"),
        ("Thiri Htet", "editing"),
        ("Clare Whitfield", "sent-back-to-writing"),
        ("Thiri Htet", "editing"),
        ("Clare Whitfield", "approved"),
        ("Thiri Htet", "editing"),
    ];
    let expected: Vec<(String, String)> = expected
        .iter()
        .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
        .collect();
    assert_eq!(trail, expected);
    assert!(harness.state_mut().save_for_close());
    // History survives saving and loading.
    let reloaded = copydesk::store::load_desk(&desk).expect("reload");
    let again = reloaded
        .stories
        .iter()
        .find(|s| s.story.slug == SLUG)
        .expect("story");
    assert_eq!(again.story.revisions, story(&harness).revisions);
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
            .query_by_label_contains("re-filed this paragraph")
            .is_some()
    );
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
    let me = second.state().identity().expect("remembered");
    assert_eq!(me.name, "Daniel Ross");
    assert_eq!(
        me.roles,
        vec![copydesk::model::Role::Writer, copydesk::model::Role::Editor]
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
