//! Story files merged by plain git with Copydesk's merge driver: a bare repository and two
//! clones in temporary folders, no network, `git pull` as a desk administrator types it.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use copydesk::edit::Edit;
use copydesk::model::{
    BlockId, Comment, ConflictKind, Contributor, CreditDisplay, Role, RowRef, Side, Stage, Story,
};
use copydesk::session::Session;
use copydesk::store;
use copydesk::workflow::{SignOffState, sign_off_state};

const SLUG: &str = "kani-chindwin-flood";

fn git(dir: &Path, args: &[&str]) -> Output {
    Command::new("git")
        .current_dir(dir)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .args([
            "-c",
            "user.name=Desk Test",
            "-c",
            "user.email=desk@example.org",
            "-c",
            "init.defaultBranch=main",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .output()
        .expect("git runs (CI installs it)")
}

fn ok(dir: &Path, args: &[&str]) -> String {
    let out = git(dir, args);
    assert!(
        out.status.success(),
        "git {args:?} failed: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A bare remote holding the sample desk, and two clones of it with the driver registered.
struct Desks {
    _tmp: tempfile::TempDir,
    a: PathBuf,
    b: PathBuf,
}

fn register_driver(dir: &Path) {
    let driver = format!(
        "\"{}\" merge-driver %O %A %B",
        env!("CARGO_BIN_EXE_copydesk")
    );
    ok(dir, &["config", "merge.copydesk.driver", &driver]);
}

fn two_clones() -> Desks {
    let tmp = tempfile::tempdir().expect("temp dir");
    let remote = tmp.path().join("desk.git");
    let remote_s = remote.to_str().expect("utf-8 path");
    ok(tmp.path(), &["init", "--bare", remote_s]);
    let a = tmp.path().join("a");
    super::copy_dir(&super::sample_desk(), &a);
    store::ensure_gitattributes(&a).expect("gitattributes");
    store::ensure_gitignore(&a).expect("gitignore");
    ok(&a, &["init"]);
    ok(&a, &["add", "-A"]);
    ok(&a, &["commit", "-q", "-m", "the desk"]);
    ok(&a, &["remote", "add", "origin", remote_s]);
    ok(&a, &["push", "-q", "-u", "origin", "HEAD:main"]);
    ok(tmp.path(), &["clone", "-q", "-b", "main", remote_s, "b"]);
    let b = tmp.path().join("b");
    register_driver(&a);
    register_driver(&b);
    Desks { _tmp: tmp, a, b }
}

fn load(dir: &Path) -> Story {
    load_slug(dir, SLUG)
}

/// Changes the story as a save would write it, then commits.
fn edit_and_commit(dir: &Path, who: &str, seconds: i64, change: impl FnOnce(&mut Story)) {
    let mut story = load(dir);
    change(&mut story);
    who.clone_into(&mut story.modified_by);
    story.modified = chrono::DateTime::from_timestamp(1_790_000_000 + seconds, 0).expect("time");
    let path = store::story_path(dir, SLUG);
    let text = store::to_ron(&path, &story).expect("ron");
    std::fs::write(&path, text).expect("write");
    ok(dir, &["commit", "-q", "-am", &format!("{who} edits")]);
}

/// The other clone's work pushed, then `git pull` here: a real merge.
fn push_then_pull(from: &Path, into: &Path) -> String {
    ok(from, &["push", "-q", "origin", "HEAD:main"]);
    let out = git(
        into,
        &["pull", "--no-rebase", "--no-edit", "origin", "main"],
    );
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "git pull failed: {text}");
    let file = std::fs::read_to_string(store::story_path(into, SLUG)).expect("story");
    assert!(
        !file.contains("<<<<<<<"),
        "conflict markers in the story:\n{file}"
    );
    // Nothing left unmerged (a merge that leaves places to choose adds the other version
    // to the story's history: a new file, for the next commit).
    assert_eq!(
        ok(into, &["status", "--porcelain", "--untracked-files=no"]),
        "",
        "nothing left unmerged"
    );
    text
}

fn english(story: &Story, id: u32) -> &str {
    &story.block(BlockId(id)).expect("row").row.english
}

#[test]
fn different_rows_edited_in_two_clones_merge_under_plain_git() {
    let d = two_clones();
    edit_and_commit(&d.a, "Aye Aye Mon", 1, |s| {
        s.block_mut(BlockId(1)).expect("row 1").row.english = "Row one, from A.".into();
    });
    edit_and_commit(&d.b, "Daniel Ross", 2, |s| {
        s.block_mut(BlockId(3)).expect("row 3").row.english = "Row three, from B.".into();
        s.headline.source.push_str(" (B)");
    });
    let said = push_then_pull(&d.a, &d.b);
    assert!(said.contains("merged the story"), "{said}");
    let merged = load(&d.b);
    assert_eq!(english(&merged, 1), "Row one, from A.");
    assert_eq!(english(&merged, 3), "Row three, from B.");
    assert!(merged.headline.source.ends_with(" (B)"));
    assert!(merged.merge_conflicts.is_empty());
    // The later change names who made it.
    assert_eq!(merged.modified_by, "Daniel Ross");
}

#[test]
fn the_same_row_edited_in_two_clones_keeps_both_versions() {
    let d = two_clones();
    edit_and_commit(&d.a, "Aye Aye Mon", 1, |s| {
        s.block_mut(BlockId(3)).expect("row").row.english = "A's version.".into();
    });
    edit_and_commit(&d.b, "Daniel Ross", 2, |s| {
        s.block_mut(BlockId(3)).expect("row").row.english = "B's version.".into();
    });
    push_then_pull(&d.a, &d.b);
    let merged = load(&d.b);
    assert_eq!(english(&merged, 3), "B's version.");
    assert_eq!(merged.merge_conflicts.len(), 1);
    let conflict = &merged.merge_conflicts[0];
    assert_eq!(
        conflict.what,
        ConflictKind::Text {
            row: RowRef::Block(BlockId(3)),
            side: Side::English
        }
    );
    assert_eq!(conflict.theirs, "A's version.");
    assert_eq!(conflict.theirs_by, "Aye Aye Mon");
    // The other version is in history too: A's commit is an ancestor of the merge, and
    // the story's own history (the window's History tab) holds A's whole version.
    let log = ok(&d.b, &["log", "--format=%s"]);
    assert!(log.contains("Aye Aye Mon edits") && log.contains("Daniel Ross edits"));
    let history = store::load_history(&d.b, SLUG, &[]).expect("history");
    let kept: Vec<_> = history
        .iter()
        .filter(|r| r.event == "their version before a merge (1 to choose)")
        .collect();
    assert_eq!(
        kept.len(),
        1,
        "{:?}",
        history.iter().map(|r| &r.event).collect::<Vec<_>>()
    );
    assert_eq!(kept[0].by, "Aye Aye Mon");
    let row = kept[0]
        .content
        .blocks
        .iter()
        .find(|b| b.id == BlockId(3))
        .expect("row");
    assert_eq!(row.row.english, "A's version.");
    let untracked = ok(&d.b, &["status", "--porcelain"]);
    assert!(
        untracked.starts_with(&format!("?? history/{SLUG}/")),
        "{untracked}"
    );
}

#[test]
fn comments_and_credits_changed_in_both_clones_merge() {
    let d = two_clones();
    let comment = |id: u32, text: &str, author: &str| Comment {
        id,
        anchor: RowRef::Block(BlockId(1)),
        author: author.into(),
        created: chrono::DateTime::from_timestamp(1_790_000_000, 0).expect("time"),
        edited: None,
        text: text.into(),
        replies: Vec::new(),
        resolved: None,
    };
    edit_and_commit(&d.a, "Aye Aye Mon", 1, |s| {
        let id = s.next_free_comment_id();
        s.comments
            .push(comment(id, "A asks: which township?", "Aye Aye Mon"));
        s.next_comment_id = id + 1;
        s.contributors.push(Contributor {
            role: Role::Photographer,
            name: "Citizen journalist".into(),
            display: CreditDisplay::Person,
        });
    });
    edit_and_commit(&d.b, "Daniel Ross", 2, |s| {
        let id = s.next_free_comment_id();
        s.comments
            .push(comment(id, "B asks: source for 4,000?", "Daniel Ross"));
        s.next_comment_id = id + 1;
        s.contributors[0].display = CreditDisplay::Service;
    });
    let before = load(&d.a);
    push_then_pull(&d.a, &d.b);
    let merged = load(&d.b);
    let texts: Vec<&str> = merged.comments.iter().map(|c| c.text.as_str()).collect();
    assert!(texts.contains(&"A asks: which township?"), "{texts:?}");
    assert!(texts.contains(&"B asks: source for 4,000?"), "{texts:?}");
    let mut ids: Vec<u32> = merged.comments.iter().map(|c| c.id).collect();
    ids.dedup();
    assert_eq!(ids.len(), merged.comments.len(), "comment ids stay unique");
    assert_eq!(merged.contributors.len(), before.contributors.len());
    assert_eq!(merged.contributors[0].display, CreditDisplay::Service);
    assert!(
        merged
            .contributors
            .iter()
            .any(|c| c.role == Role::Photographer)
    );
    assert!(merged.merge_conflicts.is_empty());
}

fn sign_off_races_an_edit(signer_pulls: bool) {
    let d = two_clones();
    let out = Command::new(env!("CARGO_BIN_EXE_copydesk"))
        .args(["sign-off"])
        .arg(&d.a)
        .args([SLUG, "--as", "Clare Whitfield", "--confirm"])
        .output()
        .expect("copydesk runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(load(&d.a).stage, Stage::Approved);
    ok(&d.a, &["add", "-A"]);
    // Copydesk commits a sign-off on a git desk itself (`tests/it/team.rs`): an empty
    // commit here then, as a desk administrator's habitual commit would be.
    ok(&d.a, &["commit", "-q", "--allow-empty", "-m", "signed off"]);
    edit_and_commit(&d.b, "Daniel Ross", 2, |s| {
        s.block_mut(BlockId(1)).expect("row").row.english = "A late change.".into();
    });
    let at = if signer_pulls {
        push_then_pull(&d.b, &d.a);
        &d.a
    } else {
        push_then_pull(&d.a, &d.b);
        &d.b
    };
    let merged = load(at);
    let settings = store::load_settings(at).expect("settings");
    assert_eq!(english(&merged, 1), "A late change.");
    assert_eq!(
        merged.stage,
        Stage::Editing,
        "never Approved over changed text"
    );
    assert_eq!(sign_off_state(&merged, &settings), SignOffState::Stale);
    assert!(merged.merge_conflicts.iter().any(|c| matches!(
        &c.what,
        ConflictKind::StaleSignOff { editor } if editor == "Clare Whitfield"
    )));
    // The move back to Editing is in the story's history, as every stage change is.
    let history = store::load_history(at, SLUG, &[]).expect("history");
    let last = history.last().expect("a revision");
    assert_eq!(
        (last.from, last.stage),
        (Some(Stage::Approved), Stage::Editing),
        "{:?}",
        last.event
    );
    assert!(last.event.contains("sign-off is stale"), "{}", last.event);
    assert!(last.by.starts_with("merge on "), "{}", last.by);
}

#[test]
fn a_sign_off_racing_an_edit_comes_out_stale_merged_by_the_editor() {
    sign_off_races_an_edit(true);
}

#[test]
fn a_sign_off_racing_an_edit_comes_out_stale_merged_by_the_writer() {
    sign_off_races_an_edit(false);
}

#[test]
fn the_driver_refuses_a_file_that_is_not_a_story_and_leaves_ours_alone() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let base = tmp.path().join("base");
    let ours = tmp.path().join("ours");
    let theirs = tmp.path().join("theirs");
    let story = std::fs::read(store::story_path(&super::sample_desk(), SLUG)).expect("story");
    std::fs::write(&base, &story).expect("write");
    std::fs::write(&ours, &story).expect("write");
    std::fs::write(&theirs, "<<<<<<< not a story\n").expect("write");
    let out = Command::new(env!("CARGO_BIN_EXE_copydesk"))
        .current_dir(tmp.path())
        .arg("merge-driver")
        .args([&base, &ours, &theirs])
        .output()
        .expect("copydesk runs");
    assert!(!out.status.success());
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains("theirs") && said.contains("not a Copydesk story"),
        "{said}"
    );
    assert_eq!(std::fs::read(&ours).expect("ours"), story);
}

#[test]
fn the_editor_shows_both_versions_in_the_row_and_a_choice_is_undoable() {
    use copydesk::model::MergeConflict;
    use egui::{Key, Modifiers};
    use egui_kittest::kittest::Queryable as _;

    let (_dir, desk) = super::sample_copy();
    let settings = store::load_settings(&desk).expect("settings");
    let mut story = store::load_story(&desk, SLUG, &settings)
        .expect("story")
        .story;
    story.block_mut(BlockId(3)).expect("row").row.english = "Mine.".into();
    story.merge_conflicts = vec![
        MergeConflict {
            what: ConflictKind::Text {
                row: RowRef::Block(BlockId(3)),
                side: Side::English,
            },
            base: "Before.".into(),
            theirs: "Theirs.".into(),
            theirs_by: "Aye Aye Mon".into(),
        },
        MergeConflict {
            what: ConflictKind::Stage {
                ours: Stage::SentBack {
                    to: copydesk::model::SentBackTo::Writing,
                },
                theirs: Stage::Approved,
                kept: Stage::SentBack {
                    to: copydesk::model::SentBackTo::Writing,
                },
            },
            base: "Editing".into(),
            theirs: "Approved".into(),
            theirs_by: "Clare Whitfield".into(),
        },
    ];
    let path = store::story_path(&desk, SLUG);
    std::fs::write(&path, store::to_ron(&path, &story).expect("ron")).expect("write");

    let mut harness = super::window_on(&desk);
    harness.state_mut().set_identity(Some("Daniel Ross"));
    harness.run();
    assert!(harness.state_mut().open(SLUG));
    harness.run();
    // Both versions in the row: ours in the field, theirs beside it, named.
    assert!(
        harness
            .query_by_label_contains("The English was changed here and by Aye Aye Mon")
            .is_some()
    );
    assert!(harness.query_by_label("Their version:").is_some());
    assert!(harness.query_by_label("Theirs.").is_some());
    assert!(
        harness
            .query_by_label_contains("the desk's rule kept Sent back to writing")
            .is_some()
    );
    super::click(&mut harness, "Use theirs: English on Row 3");
    let now = super::story_now(&harness, SLUG);
    assert_eq!(english(&now, 3), "Theirs.");
    assert_eq!(
        now.merge_conflicts.len(),
        1,
        "the stage note stays until dismissed"
    );
    // The choice is one undoable edit: both versions come back.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    let now = super::story_now(&harness, SLUG);
    assert_eq!(english(&now, 3), "Mine.");
    assert_eq!(now.merge_conflicts.len(), 2);
    super::click(&mut harness, "Dismiss: merge note 2");
    let now = super::story_now(&harness, SLUG);
    assert_eq!(now.merge_conflicts.len(), 1);
    assert!(matches!(
        now.merge_conflicts[0].what,
        ConflictKind::Text { .. }
    ));
}

/// Types `text` as the English of `row` of `slug` as `who` would in the window (through the
/// session, which stamps and saves the story as the window does), then commits.
fn translate_row(dir: &Path, who: &str, slug: &str, row: RowRef, text: &str) {
    let mut session = Session::open(dir).expect("desk");
    session.set_me(Some(who));
    let index = session.load(slug).expect("story");
    let edit = Edit::SetText {
        row,
        side: Side::English,
        text: text.to_owned(),
    };
    session
        .apply(index, edit, "typing", Some(row), 0.0)
        .expect("a translator may translate");
    assert!(session.save_all(), "saved");
    drop(session);
    ok(dir, &["add", "-A"]);
    ok(
        dir,
        &[
            "commit",
            "-q",
            "--allow-empty",
            "-m",
            &format!("{who} translates"),
        ],
    );
}

/// Part 2 of the team-desk issue, measured: for every pair of different rows of a story being
/// translated, one translator's edit to one and another's to the other, made through the
/// session and saved as the window saves, merge under plain `git merge` with git's own text
/// merge (no Copydesk driver): the file keeps who changed a row in the row, so two machines'
/// saves never rewrite the same line.
#[test]
fn without_the_driver_git_s_own_text_merge_joins_edits_to_different_rows() {
    const STORY: &str = "yangon-power-cuts";
    let tmp = tempfile::tempdir().expect("temp dir");
    let desk = tmp.path().join("desk");
    super::copy_dir(&super::sample_desk(), &desk);
    store::ensure_gitignore(&desk).expect("gitignore");
    ok(&desk, &["init", "-q"]);
    ok(&desk, &["add", "-A"]);
    ok(&desk, &["commit", "-q", "-m", "the desk"]);
    // The desk's .gitattributes names Copydesk's driver, but nobody registered it in this
    // clone: git falls back to its own text merge.
    assert!(
        !git(&desk, &["config", "--get", "merge.copydesk.driver"])
            .status
            .success(),
        "no merge driver here"
    );
    let rows: Vec<RowRef> = load_slug(&desk, STORY).rows().collect();
    assert!(rows.len() >= 9, "headline, deck and the body");
    let (mut pairs, mut conflicted) = (0, Vec::new());
    for (i, &first) in rows.iter().enumerate() {
        for &second in &rows[i + 1..] {
            ok(&desk, &["checkout", "-q", "-B", "a", "main"]);
            translate_row(
                &desk,
                "Aye Aye Mon",
                STORY,
                first,
                "From the Yangon bureau.",
            );
            ok(&desk, &["checkout", "-q", "-B", "b", "main"]);
            translate_row(
                &desk,
                "Thiri Htet",
                STORY,
                second,
                "From the Mandalay bureau.",
            );
            ok(&desk, &["checkout", "-q", "a"]);
            pairs += 1;
            let out = git(&desk, &["merge", "--no-edit", "-q", "b"]);
            let file = std::fs::read_to_string(store::story_path(&desk, STORY)).expect("story");
            if !out.status.success() || file.contains("<<<<<<<") {
                conflicted.push((first, second));
                ok(&desk, &["merge", "--abort"]);
                continue;
            }
            let merged = load_slug(&desk, STORY);
            let english = |row| merged.row(row).expect("row").english.clone();
            assert_eq!(english(first), "From the Yangon bureau.");
            assert_eq!(english(second), "From the Mandalay bureau.");
            // Each row names who changed it; the story's last change is the later one.
            let by = |row| {
                merged
                    .row(row)
                    .and_then(|r| r.changed.clone())
                    .expect("stamped")
                    .by
            };
            assert_eq!(by(first), "Aye Aye Mon");
            assert_eq!(by(second), "Thiri Htet");
            assert_eq!(merged.last_change().1, "Thiri Htet");
        }
    }
    assert_eq!(pairs, rows.len() * (rows.len() - 1) / 2);
    // The figure BENCHMARKS.md records ("cargo test --test it text_merge -- --nocapture").
    eprintln!(
        "text merge without the driver: {} of {pairs} pairs of rows merged cleanly",
        pairs - conflicted.len()
    );
    assert!(conflicted.is_empty(), "conflicted: {conflicted:?}");
}

fn load_slug(dir: &Path, slug: &str) -> Story {
    let settings = store::load_settings(dir).expect("settings");
    store::load_story(dir, slug, &settings)
        .expect("loads")
        .story
}

fn copydesk(args: &[&std::ffi::OsStr]) {
    let out = Command::new(env!("CARGO_BIN_EXE_copydesk"))
        .args(args)
        .output()
        .expect("copydesk runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn sent_back_in_one_clone_and_approved_in_the_other_stays_sent_back() {
    let d = two_clones();
    let os = std::ffi::OsStr::new;
    copydesk(&[
        os("stage"),
        d.a.as_os_str(),
        os(SLUG),
        os("--to"),
        os("sent-back-to-writing"),
        os("--note"),
        os("Attribute the 4,000 figure"),
        os("--as"),
        os("Clare Whitfield"),
        os("--confirm"),
    ]);
    copydesk(&[
        os("sign-off"),
        d.b.as_os_str(),
        os(SLUG),
        os("--as"),
        os("Clare Whitfield"),
        os("--confirm"),
    ]);
    for dir in [&d.a, &d.b] {
        ok(dir, &["add", "-A"]);
        ok(dir, &["commit", "-q", "--allow-empty", "-m", "stage"]);
    }
    push_then_pull(&d.a, &d.b);
    let merged = load(&d.b);
    let sent_back = Stage::SentBack {
        to: copydesk::model::SentBackTo::Writing,
    };
    assert_eq!(merged.stage, sent_back, "the README's rule: sent back wins");
    assert_eq!(merged.sign_off, None, "the approval is withdrawn");
    assert_eq!(
        merged.sent_back.as_ref().map(|n| n.note.as_str()),
        Some("Attribute the 4,000 figure")
    );
    // The people concerned are shown what happened.
    assert!(merged.merge_conflicts.iter().any(|c| c.what
        == ConflictKind::Stage {
            ours: Stage::Approved,
            theirs: sent_back,
            kept: sent_back,
        }));
}
