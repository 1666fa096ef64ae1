use super::*;
use crate::model::{Role, Side, StaffMember};

/// A desk with a translator, an editor and a reporter on its roster, and one story in
/// Translating, opened as the translator.
fn session() -> (tempfile::TempDir, Session) {
    let dir = tempfile::tempdir().unwrap();
    let mut settings = DeskSettings::new("D", "my", "en", "S");
    for (name, role) in [
        ("Tra", Role::Translator),
        ("Edi", Role::Editor),
        ("Rep", Role::Reporter),
    ] {
        settings.staff.push(StaffMember {
            name: name.into(),
            roles: vec![role],
            ssh_key: None,
            email: None,
        });
    }
    let mut session = Session::create(&dir.path().join("d"), &settings).unwrap();
    session.set_me(Some("Rep"));
    let mut story = Story::new("one", Utc::now());
    story.append_source_paragraphs("က\n\nခ");
    let index = session.add_story(story).unwrap();
    session
        .move_stage(index, &Move::to(Stage::Translating), 0.0)
        .unwrap();
    assert!(session.save(index));
    session.set_me(Some("Tra"));
    (dir, session)
}

fn type_headline(session: &mut Session, text: &str, now: f64) {
    let edit = Edit::SetText {
        row: RowRef::Headline,
        side: Side::English,
        text: text.into(),
    };
    session
        .apply(0, edit, "type", Some(RowRef::Headline), now)
        .unwrap();
}

fn story(session: &Session) -> &Story {
    session.doc(0).unwrap().story()
}

#[test]
fn autosave_waits_for_a_pause() {
    let (_dir, mut session) = session();
    type_headline(&mut session, "F", 10.0);
    type_headline(&mut session, "Fl", 10.5);
    assert_eq!(
        session.autosave(11.0),
        0,
        "0.5 s after the last edit is too soon"
    );
    assert_eq!(session.autosave(11.4), 1);
    assert!(!session.has_unsaved());
    let mut reopened = Session::open(session.root()).unwrap();
    let i = reopened.load("one").unwrap();
    assert_eq!(reopened.doc(i).unwrap().story().headline.english, "Fl");
}

#[test]
fn saving_in_the_background_reports_back() {
    let (_dir, mut session) = session();
    session.save_in_background();
    type_headline(&mut session, "Background", 0.0);
    assert_eq!(session.autosave(5.0), 1);
    assert!(session.has_unsaved(), "in flight until the worker reports");
    session.flush();
    assert!(!session.has_unsaved());
    assert!(session.doc(0).unwrap().saved_at().is_some());
    let text = std::fs::read_to_string(store::story_path(session.root(), "one")).unwrap();
    assert!(text.contains("Background"));
}

#[test]
fn a_story_grown_too_large_to_read_back_is_kept_in_memory_with_the_reason() {
    let (_dir, mut session) = session();
    session.save_in_background();
    let path = store::story_path(session.root(), "one");
    let before = std::fs::read(&path).unwrap();
    // 17 MB typed into one field: more than Copydesk reads of a story file.
    let huge = "a".repeat(17 * 1024 * 1024);
    type_headline(&mut session, &huge, 0.0);
    assert_eq!(session.autosave(5.0), 1);
    session.flush();
    assert!(session.has_unsaved(), "the work is not on disk");
    let reason = session
        .doc(0)
        .unwrap()
        .save_error()
        .unwrap_or("")
        .to_owned();
    assert!(
        reason.contains("the story \"one\" would be 17.0 MB, more than the 16 MB"),
        "{reason}"
    );
    assert_eq!(story(&session).headline.english.len(), huge.len(), "kept");
    assert_eq!(std::fs::read(&path).unwrap(), before, "the file as it was");
    // Made smaller, it saves.
    type_headline(&mut session, "Floods", 10.0);
    assert_eq!(session.autosave(15.0), 1);
    session.flush();
    assert!(!session.has_unsaved());
    assert!(session.doc(0).unwrap().save_error().is_none());
}

#[test]
fn filing_and_moves_are_recorded_in_history_files() {
    let (_dir, mut session) = session();
    let revisions = session.history(0).unwrap();
    let events: Vec<(&str, &str)> = revisions
        .iter()
        .map(|r| (r.by.as_str(), r.event.as_str()))
        .collect();
    assert_eq!(
        events,
        vec![("Rep", "filed"), ("Rep", "Filed to Translating")]
    );
    let files = std::fs::read_dir(store::history_dir(session.root(), "one"))
        .unwrap()
        .count();
    assert_eq!(files, 2, "one file per revision");
    // The story file itself holds no revisions.
    let text = std::fs::read_to_string(store::story_path(session.root(), "one")).unwrap();
    assert!(!text.contains("revisions"), "{text}");
    assert!(text.starts_with("(\n  format_version: 3,"), "{text}");
}

#[test]
fn the_translator_cannot_type_the_source_or_touch_locked_copy() {
    let (_dir, mut session) = session();
    let row = RowRef::Block(story(&session).blocks[0].id);
    let source = Edit::SetText {
        row,
        side: Side::Source,
        text: "X".into(),
    };
    let err = session
        .apply(0, source, "type", Some(row), 0.0)
        .unwrap_err();
    assert!(err.to_string().contains("reporter"), "{err}");
    assert_eq!(story(&session).blocks[0].row.source, "က", "nothing changed");
    // Published copy is locked for everyone.
    session.set_me(Some("Edi"));
    session.docs[0].story.stage = Stage::Published;
    let english = Edit::SetText {
        row,
        side: Side::English,
        text: "A".into(),
    };
    let err = session
        .apply(0, english.clone(), "type", Some(row), 0.0)
        .unwrap_err();
    assert!(err.to_string().contains("locked"), "{err}");
    assert_eq!(story(&session).stage, Stage::Published);
    // Comments still work on locked copy.
    session
        .comment(
            0,
            &workflow::CommentAction::Add {
                anchor: RowRef::Headline,
                text: "A reader wrote in.".into(),
            },
            0.0,
        )
        .unwrap();
    assert_eq!(story(&session).comments[0].author, "Edi");
}

#[test]
fn undo_is_checked_like_the_change_it_makes() {
    let (_dir, mut session) = session();
    type_headline(&mut session, "Draft", 0.0);
    session
        .move_stage(
            0,
            &Move {
                go_ahead: true,
                ..Move::to(Stage::Writing)
            },
            0.0,
        )
        .unwrap();
    // The translator handed over: undoing their typing now would change the writer's copy.
    let err = session.undo(0, 1.0).unwrap_err();
    assert!(err.to_string().contains("Writing"), "{err}");
    assert_eq!(story(&session).headline.english, "Draft");
}

#[test]
fn an_unrostered_person_can_comment_but_not_change() {
    let (_dir, mut session) = session();
    session.set_me(Some("Visitor"));
    let err = session
        .move_stage(0, &Move::to(Stage::Writing), 0.0)
        .unwrap_err();
    assert!(err.to_string().contains("not on the roster"), "{err}");
    session
        .comment(
            0,
            &workflow::CommentAction::Add {
                anchor: RowRef::Headline,
                text: "Spelling?".into(),
            },
            0.0,
        )
        .unwrap();
    assert_eq!(story(&session).comments.len(), 1);
}

#[test]
fn a_source_fix_is_recorded_with_the_old_text() {
    let (_dir, mut session) = session();
    let row = RowRef::Block(story(&session).blocks[0].id);
    assert!(
        session.fix_source(0, row, "ဂ", None, 0.0).is_err(),
        "not the translator"
    );
    session.set_me(Some("Rep"));
    session
        .fix_source(0, row, "ဂ", Some("typo in the filing"), 0.0)
        .unwrap();
    assert_eq!(story(&session).blocks[0].row.source, "ဂ");
    assert_eq!(
        story(&session).blocks[0].previous_source.as_deref(),
        Some("က")
    );
    assert!(session.save(0));
    let history = session.history(0).unwrap();
    let fix = history.last().unwrap();
    assert_eq!(fix.event, "source of Row 1 fixed");
    assert_eq!(fix.old_text.as_deref(), Some("က"));
    assert_eq!(fix.note.as_deref(), Some("typo in the filing"));
}

/// A colleague saves the story file behind our back; returns its path and their text.
fn someone_else_edits(session: &Session) -> (PathBuf, String) {
    let path = store::story_path(session.root(), "one");
    let theirs = std::fs::read_to_string(&path)
        .unwrap()
        .replace("format_version: 3", "format_version:3");
    std::fs::write(&path, &theirs).unwrap();
    (path, theirs)
}

#[test]
fn a_conflict_keeps_both_versions() {
    let (_dir, mut session) = session();
    let (path, theirs) = someone_else_edits(&session);
    type_headline(&mut session, "Mine", 0.0);
    assert!(session.save(0), "the work is safe in a conflict copy");
    assert!(session.doc(0).unwrap().in_conflict());
    assert!(
        session
            .doc(0)
            .unwrap()
            .save_error()
            .unwrap_or("")
            .contains("changed by someone else")
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), theirs);
    // Work after the conflict keeps going to the same copy, never over their file.
    type_headline(&mut session, "Mine, ten minutes later", 50.0);
    assert_eq!(session.autosave(100.0), 1);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), theirs);
    let copy = session.doc(0).unwrap().conflict_copy().unwrap().to_owned();
    assert!(
        std::fs::read_to_string(&copy)
            .unwrap()
            .contains("Mine, ten minutes later")
    );
    session.resolve_conflict(0, false).unwrap();
    assert_eq!(story(&session).headline.english, "");
    assert!(!session.doc(0).unwrap().in_conflict());
    assert!(
        std::fs::read_to_string(&copy)
            .unwrap()
            .contains("Mine, ten minutes later")
    );
}

#[test]
fn outside_changes_reload_a_clean_story_and_flag_a_dirty_one() {
    let (_dir, mut session) = session();
    assert!(
        !session.check_for_outside_changes(0).unwrap(),
        "nothing changed yet"
    );
    let path = store::story_path(session.root(), "one");
    let theirs = std::fs::read_to_string(&path)
        .unwrap()
        .replace("english: \"\"", "english: \"Theirs\"");
    std::fs::write(&path, &theirs).unwrap();
    assert!(session.check_for_outside_changes(0).unwrap(), "reloaded");
    assert_eq!(story(&session).headline.english, "Theirs");

    let (_, theirs) = someone_else_edits(&session);
    type_headline(&mut session, "Mine", 0.0);
    assert!(!session.check_for_outside_changes(0).unwrap());
    assert!(
        session.doc(0).unwrap().in_conflict(),
        "unsaved work meets their change: a conflict"
    );
    assert!(session.save(0));
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        theirs,
        "theirs untouched"
    );
}

#[test]
fn keeping_mine_keeps_theirs_in_backups() {
    let (_dir, mut session) = session();
    let (path, theirs) = someone_else_edits(&session);
    type_headline(&mut session, "Mine", 0.0);
    session.save(0);
    session.resolve_conflict(0, true).unwrap();
    assert!(!session.doc(0).unwrap().in_conflict());
    assert!(std::fs::read_to_string(&path).unwrap().contains("Mine"));
    let backups = session.root().join(store::BACKUPS_DIR).join("one");
    let kept: Vec<String> = std::fs::read_dir(backups)
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .collect();
    assert!(kept.contains(&theirs), "their version is kept");
}

#[test]
fn a_credit_setting_change_sends_a_signed_off_story_back_to_editing() {
    let (_dir, mut session) = session();
    session.set_me(Some("Edi"));
    {
        let doc = &mut session.docs[0];
        doc.story.stage = Stage::Editing;
        doc.story.contributors.push(crate::model::Contributor {
            role: Role::Reporter,
            name: "Rep".into(),
            display: crate::model::CreditDisplay::Service,
        });
    }
    session
        .move_stage(
            0,
            &Move {
                go_ahead: true,
                ..Move::to(Stage::Approved)
            },
            0.0,
        )
        .unwrap();
    assert!(session.save(0));
    session.release(0);
    let (record, stale) = session
        .change_settings(&SettingsChange::Set {
            key: workflow::DeskKey::Service,
            value: "Renamed Service".into(),
        })
        .unwrap();
    assert_eq!(record.old, "S");
    assert_eq!(stale, vec!["one".to_owned()], "named as made stale");
    let index = session.load("one").unwrap();
    assert_eq!(session.doc(index).unwrap().story().stage, Stage::Editing);
    let history = session.history(index).unwrap();
    assert!(history.last().unwrap().event.contains("stale"));
    let (changes, problems) = session.desk_history().unwrap();
    assert!(problems.is_empty());
    assert_eq!(changes.last().unwrap().what, "Service name");
}

#[test]
fn the_index_lists_stories_without_reading_them_again() {
    let (_dir, mut session) = session();
    session.refresh_index().unwrap();
    let summary = session.summary("one").unwrap();
    assert_eq!(summary.stage, Stage::Translating);
    assert_eq!((summary.confirmed, summary.total), (0, 2));
    assert!(
        std::fs::read_to_string(session.root().join(".gitignore"))
            .unwrap()
            .contains("/.copydesk/")
    );
}

#[test]
fn a_second_window_opens_a_story_read_only_and_can_take_it_over() {
    let (_dir, mut first) = session();
    first.announce_presence();
    first.set_me(Some("Tra"));
    let a = first.open_for_editing("one").unwrap();
    assert!(first.doc(a).unwrap().read_only().is_none());

    let mut second = Session::open(first.root()).unwrap();
    second.announce_presence();
    second.set_me(Some("Edi"));
    let b = second.open_for_editing("one").unwrap();
    let why = second.doc(b).unwrap().read_only().unwrap().to_owned();
    assert!(why.starts_with("Tra has this story open on "), "{why}");
    assert!(why.contains("read-only"), "{why}");
    // Read-only means refused, whatever the rules would allow.
    let edit = Edit::SetText {
        row: RowRef::Headline,
        side: Side::English,
        text: "Edi's".into(),
    };
    let err = second
        .apply(b, edit.clone(), "type", None, 0.0)
        .unwrap_err();
    assert!(matches!(err, ActionError::ReadOnly(_)), "{err}");

    // The first window's unsaved typing is saved when the second takes over.
    type_headline(&mut first, "Tra's", 0.0);
    second.take_over(b).unwrap();
    assert!(second.doc(b).unwrap().read_only().is_none());
    assert!(first.check_presence(a), "the first window notices");
    assert!(
        first
            .doc(a)
            .unwrap()
            .read_only()
            .unwrap()
            .starts_with("Edi took this story over")
    );
    assert!(
        !first.has_unsaved(),
        "its work was saved before it turned read-only"
    );
    let text = std::fs::read_to_string(store::story_path(first.root(), "one")).unwrap();
    assert!(text.contains("Tra's"));
    // Closing gives the claim up: the first window takes it back when it next looks, and
    // a third window that opens it sees the first one's claim.
    second.close();
    assert!(
        first.check_presence(a),
        "let go elsewhere: writable here again"
    );
    assert!(first.doc(a).unwrap().read_only().is_none());
    first.close();
    let mut third = Session::open(first.root()).unwrap();
    third.announce_presence();
    third.set_me(Some("Rep"));
    let c = third.open_for_editing("one").unwrap();
    assert!(third.doc(c).unwrap().read_only().is_none());
}

#[test]
fn a_claim_left_by_a_program_that_is_gone_is_cleared() {
    let (_dir, session) = session();
    let mut gone = store::Presence::here("Tra", "crashed");
    gone.pid = u32::MAX - 11;
    if store::process_alive(gone.pid).is_none() {
        return; // No way to tell on this system; the claim would be shown with its age.
    }
    store::claim_presence(session.root(), "one", &gone).unwrap();
    let mut next = Session::open(session.root()).unwrap();
    next.announce_presence();
    next.set_me(Some("Edi"));
    let index = next.open_for_editing("one").unwrap();
    assert!(
        next.doc(index).unwrap().read_only().is_none(),
        "stale: taken over silently"
    );
    let claim = store::read_presence(next.root(), "one").unwrap();
    assert_eq!(claim.name, "Edi");
}

#[test]
fn keeping_mine_cannot_undo_a_sign_off_made_meanwhile() {
    let (_dir, mut translator) = session();
    type_headline(&mut translator, "Draft headline", 0.0);
    // Meanwhile an editor hands the story on and signs it off from another window.
    let mut editor = Session::open(translator.root()).unwrap();
    editor.set_me(Some("Edi"));
    let e = editor.load("one").unwrap();
    for to in [Stage::Writing, Stage::Editing, Stage::Approved] {
        editor
            .move_stage(
                e,
                &Move {
                    go_ahead: true,
                    ..Move::to(to)
                },
                0.0,
            )
            .unwrap();
    }
    assert!(editor.save(e));
    // The translator's save meets it: a conflict, their work kept in a copy.
    assert!(translator.save(0));
    assert!(translator.doc(0).unwrap().in_conflict());
    // While in conflict, the workflow waits for the choice.
    let err = translator
        .move_stage(0, &Move::to(Stage::Writing), 0.0)
        .unwrap_err();
    assert!(
        err.to_string().contains("Keep mine or Load theirs"),
        "{err}"
    );
    // Keeping mine would change signed-off copy: refused, their file untouched.
    let err = translator.resolve_conflict(0, true).unwrap_err();
    assert!(err.to_string().contains("locked"), "{err}");
    let on_disk = store::load_story(translator.root(), "one", translator.settings())
        .unwrap()
        .story;
    assert_eq!(on_disk.stage, Stage::Approved);
    assert!(on_disk.sign_off.is_some());
    assert!(
        translator.doc(0).unwrap().in_conflict(),
        "still waiting for a choice"
    );
}

#[test]
fn keeping_mine_keeps_their_workflow_and_brings_my_text_onto_it() {
    let (_dir, mut translator) = session();
    type_headline(&mut translator, "My headline", 0.0);
    let mut editor = Session::open(translator.root()).unwrap();
    editor.set_me(Some("Edi"));
    let e = editor.load("one").unwrap();
    editor.assign(e, Some("Tra"), 0.0).unwrap();
    editor
        .comment(
            e,
            &workflow::CommentAction::Add {
                anchor: RowRef::Headline,
                text: "Shorter, please.".into(),
            },
            0.0,
        )
        .unwrap();
    assert!(editor.save(e));
    assert!(translator.save(0));
    translator.resolve_conflict(0, true).unwrap();
    let story = translator.doc(0).unwrap().story();
    assert_eq!(story.headline.english, "My headline", "my text");
    assert_eq!(
        story.assignee.as_ref().map(|a| a.name.as_str()),
        Some("Tra"),
        "their assignment"
    );
    assert_eq!(story.comments.len(), 1, "their thread");
    let history = translator.history(0).unwrap();
    assert!(history.last().unwrap().event.starts_with("kept my version"));
}

#[test]
fn a_window_holding_a_story_elsewhere_writes_nothing_at_all() {
    let (_dir, mut first) = session();
    first.announce_presence();
    first.set_me(Some("Tra"));
    first.open_for_editing("one").unwrap();
    let mut second = Session::open(first.root()).unwrap();
    second.announce_presence();
    second.set_me(Some("Edi"));
    let b = second.open_for_editing("one").unwrap();
    assert!(second.assign(b, Some("Tra"), 0.0).is_err());
    assert!(
        second
            .comment(
                b,
                &workflow::CommentAction::Add {
                    anchor: RowRef::Headline,
                    text: "Hi.".into()
                },
                0.0
            )
            .is_err()
    );
    assert!(!second.has_unsaved());
}

#[test]
fn undoing_a_source_fix_is_recorded() {
    let (_dir, mut session) = session();
    session.set_me(Some("Rep"));
    let row = RowRef::Block(story(&session).blocks[0].id);
    session.fix_source(0, row, "ဂ", None, 0.0).unwrap();
    session.undo(0, 1.0).unwrap();
    assert_eq!(story(&session).blocks[0].row.source, "က");
    let history = session.history(0).unwrap();
    assert_eq!(history.last().unwrap().event, "fix source undone");
}

#[test]
fn a_change_to_one_row_is_stamped_in_the_row_and_others_in_the_story() {
    let (_dir, mut session) = session();
    let header = |s: &Session| (story(s).modified, story(s).modified_by.clone());
    let before = header(&session);
    assert_eq!(before.1, "Rep", "the move to Translating");
    let body = RowRef::Block(story(&session).blocks[1].id);
    let edit = Edit::SetText {
        row: body,
        side: Side::English,
        text: "Two".into(),
    };
    session.apply(0, edit, "type", Some(body), 1.0).unwrap();
    // The row says who changed it; the story's own stamp stays as it was.
    let stamp = story(&session).row(body).unwrap().changed.clone().unwrap();
    assert_eq!(stamp.by, "Tra");
    assert!(stamp.at > before.0);
    assert_eq!(header(&session), before);
    assert!(story(&session).headline.changed.is_none());
    assert_eq!(story(&session).last_change(), (stamp.at, "Tra"));
    // Undo is a change of that row too.
    session.undo(0, 2.0).unwrap();
    assert_eq!(story(&session).blocks[1].row.english, "");
    assert!(
        story(&session)
            .row(body)
            .unwrap()
            .changed
            .as_ref()
            .unwrap()
            .at
            >= stamp.at
    );
    assert_eq!(header(&session), before);
    // A change to the story's own fields (its credits, by the editor) stamps the story.
    session.set_me(Some("Edi"));
    let credits = vec![crate::model::Contributor {
        role: Role::Translator,
        name: "Tra".into(),
        display: crate::model::CreditDisplay::Person,
    }];
    session
        .apply(0, Edit::SetContributors(credits), "credits", None, 3.0)
        .unwrap();
    assert_eq!(story(&session).modified_by, "Edi");
    assert!(story(&session).modified > before.0);
    // Saved, the header lines are the story's own stamp and the row carries its own.
    assert!(session.save(0));
    let text = std::fs::read_to_string(store::story_path(session.root(), "one")).unwrap();
    assert!(text.contains("      changed: Some((\n"), "{text}");
    assert_eq!(text.matches("changed: Some").count(), 1, "{text}");
}

#[test]
fn an_edit_confined_to_rows_names_them() {
    let row = RowRef::Block(crate::model::BlockId(4));
    let text = |row| Edit::SetText {
        row,
        side: Side::English,
        text: "x".into(),
    };
    assert_eq!(text(row).rows_only(), Some(vec![row]));
    assert_eq!(
        Edit::SetOmitted {
            id: crate::model::BlockId(4),
            omitted: true
        }
        .rows_only(),
        Some(vec![row])
    );
    let same = Edit::Batch(vec![
        text(row),
        Edit::SetStatus {
            row,
            status: crate::model::RowStatus::Translated,
        },
    ]);
    assert_eq!(same.rows_only(), Some(vec![row]));
    // An edit of several rows (an XLIFF import, a replace-all) names each once.
    let two = Edit::Batch(vec![text(row), text(RowRef::Headline), text(row)]);
    assert_eq!(two.rows_only(), Some(vec![row, RowRef::Headline]));
    assert_eq!(Edit::Batch(Vec::new()).rows_only(), Some(Vec::new()));
    assert_eq!(Edit::SetCreditLine(None).rows_only(), None);
    let mixed = Edit::Batch(vec![text(row), Edit::SetCreditLine(None)]);
    assert_eq!(mixed.rows_only(), None);
    assert_eq!(
        Edit::RemoveBlock {
            id: crate::model::BlockId(4)
        }
        .rows_only(),
        None
    );
}

#[test]
fn an_edit_of_several_rows_stamps_each_and_leaves_the_story_s_own_stamp() {
    let (_dir, mut session) = session();
    let before = (
        story(&session).modified,
        story(&session).modified_by.clone(),
    );
    let rows: Vec<RowRef> = story(&session).rows().collect();
    let edit = Edit::Batch(
        rows.iter()
            .map(|&row| Edit::SetText {
                row,
                side: Side::English,
                text: "imported".into(),
            })
            .collect(),
    );
    session.apply(0, edit, "import", None, 1.0).unwrap();
    for &row in &rows {
        let stamp = story(&session).row(row).unwrap().changed.clone().unwrap();
        assert_eq!(stamp.by, "Tra", "{row:?}");
    }
    assert_eq!(
        (
            story(&session).modified,
            story(&session).modified_by.clone()
        ),
        before
    );
}
