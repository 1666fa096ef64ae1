//! Team desks over git: a bare remote and two or three clones in temporary folders (no
//! network), driven through `copydesk clone`, the changing commands and `copydesk sync`,
//! and checked with plain `git`.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::cli::{copydesk, text};

/// Runs git in `dir` with a fixed identity (the machine may have none), failing the test
/// when it fails.
fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .current_dir(dir)
        .args(args)
        .env("GIT_AUTHOR_NAME", "Desk Admin")
        .env("GIT_AUTHOR_EMAIL", "admin@example.org")
        .env("GIT_COMMITTER_NAME", "Desk Admin")
        .env("GIT_COMMITTER_EMAIL", "admin@example.org")
        .output()
        .expect("run git");
    assert!(
        out.status.success(),
        "git {args:?} in {}: {}",
        dir.display(),
        text(&out.stderr)
    );
    text(&out.stdout).trim().to_owned()
}

fn run(args: &[&OsStr]) -> Output {
    copydesk(args)
}

fn ok(args: &[&OsStr]) -> String {
    let out = run(args);
    assert!(
        out.status.success(),
        "copydesk {args:?}: {}{}",
        text(&out.stdout),
        text(&out.stderr)
    );
    text(&out.stdout)
}

/// A desk published to a bare remote by its administrator, and the folder around them.
struct Team {
    dir: tempfile::TempDir,
    remote: PathBuf,
}

impl Team {
    fn new() -> Self {
        let (dir, seed) = crate::sample_copy();
        git(&seed, &["init", "--quiet", "--initial-branch=main"]);
        git(&seed, &["add", "--all"]);
        git(&seed, &["commit", "--quiet", "-m", "The desk"]);
        let remote = dir.path().join("remote.git");
        git(
            dir.path(),
            &[
                "clone",
                "--quiet",
                "--bare",
                &seed.to_string_lossy(),
                &remote.to_string_lossy(),
            ],
        );
        Self { dir, remote }
    }

    /// A colleague's machine joining the desk with `copydesk clone`.
    fn join(&self, name: &str) -> PathBuf {
        let clone = self.dir.path().join(name);
        ok(&["clone".as_ref(), self.remote.as_os_str(), clone.as_os_str()]);
        clone
    }
}

fn sync(desk: &Path, name: &str) -> String {
    ok(&[
        "sync".as_ref(),
        desk.as_os_str(),
        "--as".as_ref(),
        name.as_ref(),
    ])
}

fn assign(desk: &Path, slug: &str, to: &str) {
    ok(&[
        "assign".as_ref(),
        desk.as_os_str(),
        slug.as_ref(),
        to.as_ref(),
        "--as".as_ref(),
        "Daniel Ross".as_ref(),
    ]);
}

fn assignee(desk: &Path, slug: &str) -> String {
    let list = ok(&["list".as_ref(), desk.as_os_str()]);
    list.lines()
        .find(|l| l.starts_with(&format!("{slug}\t")))
        .and_then(|l| l.split('\t').nth(5))
        .unwrap_or_default()
        .to_owned()
}

#[test]
fn joining_a_desk_clones_it_and_registers_the_story_merge_driver() {
    let team = Team::new();
    let a = team.join("a");
    let list = ok(&["list".as_ref(), a.as_os_str()]);
    assert!(list.contains("kani-chindwin-flood\tEditing"), "{list}");
    let driver = git(&a, &["config", "--local", "merge.copydesk.driver"]);
    let program = std::fs::canonicalize(env!("CARGO_BIN_EXE_copydesk")).expect("binary");
    assert_eq!(
        driver,
        format!("'{}' merge-driver %O %A %B", program.display()),
        "the running copydesk, quoted for git's shell"
    );
    // Listing wrote the derived index; git does not see it.
    assert!(a.join(".copydesk").exists());
    assert_eq!(
        git(&a, &["status", "--porcelain"]),
        "",
        "nothing derived is tracked"
    );

    // A folder that is not empty is refused, and so is a repository without a desk.
    let out = run(&["clone".as_ref(), team.remote.as_os_str(), a.as_os_str()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("not empty"),
        "{}",
        text(&out.stderr)
    );
    let empty = team.dir.path().join("empty");
    std::fs::create_dir(&empty).expect("dir");
    git(&empty, &["init", "--quiet"]);
    std::fs::write(empty.join("notes.txt"), "not a desk").expect("write");
    git(&empty, &["add", "--all"]);
    git(&empty, &["commit", "--quiet", "-m", "notes"]);
    let target = team.dir.path().join("not-a-desk");
    let out = run(&["clone".as_ref(), empty.as_os_str(), target.as_os_str()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("holds no Copydesk desk"),
        "{}",
        text(&out.stderr)
    );
    assert!(!target.exists(), "the clone that held no desk is removed");
}

#[test]
fn a_change_on_a_team_desk_is_a_commit_by_the_person_who_made_it() {
    let team = Team::new();
    let a = team.join("a");
    let before = git(&a, &["rev-list", "--count", "HEAD"]);
    assign(&a, "kani-chindwin-flood", "Daniel Ross");
    let after = git(&a, &["rev-list", "--count", "HEAD"]);
    assert_eq!(
        after.parse::<u32>().expect("count"),
        before.parse::<u32>().expect("count") + 1
    );
    assert_eq!(
        git(&a, &["log", "-1", "--format=%an|%cn|%s"]),
        "Daniel Ross|Daniel Ross|kani-chindwin-flood: assigned to Daniel Ross"
    );
    assert_eq!(
        git(&a, &["show", "--name-only", "--format=", "HEAD"]),
        "stories/kani-chindwin-flood.ron",
        "the story, nothing derived"
    );
    assert_eq!(git(&a, &["status", "--porcelain"]), "");

    // A settings change is a commit too; a refused command makes none.
    ok(&[
        "desk".as_ref(),
        "set".as_ref(),
        a.as_os_str(),
        "service".as_ref(),
        "Northern Light's Myanmar Service".as_ref(),
        "--as".as_ref(),
        "Daniel Ross".as_ref(),
    ]);
    assert_eq!(
        git(&a, &["log", "-1", "--format=%an|%s"]),
        "Daniel Ross|settings: service set to Northern Light's Myanmar Service"
    );
    let head = git(&a, &["rev-parse", "HEAD"]);
    let out = run(&[
        "assign".as_ref(),
        a.as_os_str(),
        "kani-chindwin-flood".as_ref(),
        "Aye Aye Mon".as_ref(),
        "--as".as_ref(),
        "Aye Aye Mon".as_ref(),
    ]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "a translator cannot assign at Editing"
    );
    assert_eq!(git(&a, &["rev-parse", "HEAD"]), head);

    // The commit's email: the roster's for the person, else the one git has on the machine.
    git(&a, &["config", "user.email", "newsroom-pc@example.org"]);
    assign(&a, "kani-chindwin-flood", "Clare Whitfield");
    assert_eq!(
        git(&a, &["log", "-1", "--format=%an <%ae>"]),
        "Daniel Ross <newsroom-pc@example.org>"
    );
    let os = OsStr::new;
    let set_email = |email: &str| {
        run(&[
            os("staff"),
            os("set-email"),
            a.as_os_str(),
            os("Daniel Ross"),
            os(email),
            os("--as"),
            os("Clare Whitfield"),
        ])
    };
    let refused = set_email("daniel ross@example");
    assert_eq!(refused.status.code(), Some(1), "{}", text(&refused.stderr));
    assert!(
        text(&refused.stderr).contains("email address"),
        "{}",
        text(&refused.stderr)
    );
    assert!(set_email("daniel@example.org").status.success());
    assert_eq!(
        git(&a, &["log", "-1", "--format=%an|%s"]),
        "Clare Whitfield|roster: Daniel Ross's email address changed"
    );
    assert!(
        ok(&[os("staff"), os("list"), a.as_os_str()])
            .contains("Daniel Ross\twriter,editor\t-\tdaniel@example.org\n")
    );
    assign(&a, "kani-chindwin-flood", "Daniel Ross");
    assert_eq!(
        git(&a, &["log", "-1", "--format=%an <%ae>|%cn <%ce>"]),
        "Daniel Ross <daniel@example.org>|Daniel Ross <daniel@example.org>"
    );

    // A desk that is not a git clone works as before, without git.
    let (_plain_dir, plain) = crate::sample_copy();
    assign(&plain, "kani-chindwin-flood", "Daniel Ross");
    assert!(!plain.join(".git").exists());
}

/// Each machine changes a different story while offline, then they sync: `first` syncs,
/// then `second`, then `first` again; both end with both changes and the same commit.
fn offline_work_then_sync(a_first: bool) {
    let team = Team::new();
    let a = team.join("a");
    let b = team.join("b");
    assign(&a, "kani-chindwin-flood", "Daniel Ross");
    assign(&b, "yangon-power-cuts", "Aye Aye Mon");
    let (first, second) = if a_first { (&a, &b) } else { (&b, &a) };

    let said = sync(first, "Daniel Ross");
    assert!(said.contains("0 commits received, 1 sent"), "{said}");
    let said = sync(second, "Daniel Ross");
    assert!(
        said.contains("1 commit received, 2 sent"),
        "merge commit too: {said}"
    );
    let changed = if a_first {
        "changed\tkani-chindwin-flood"
    } else {
        "changed\tyangon-power-cuts"
    };
    assert!(said.contains(changed), "{said}");
    let said = sync(first, "Daniel Ross");
    assert!(said.contains("2 commits received, 0 sent"), "{said}");

    for desk in [&a, &b] {
        assert_eq!(assignee(desk, "kani-chindwin-flood"), "Daniel Ross");
        assert_eq!(assignee(desk, "yangon-power-cuts"), "Aye Aye Mon");
        assert_eq!(git(desk, &["status", "--porcelain"]), "");
    }
    assert_eq!(
        git(&a, &["rev-parse", "HEAD"]),
        git(&b, &["rev-parse", "HEAD"])
    );
    let state = ok(&["sync".as_ref(), a.as_os_str(), "--status".as_ref()]);
    assert_eq!(state.trim(), "up to date");
}

#[test]
fn offline_work_on_both_sides_syncs_when_a_syncs_first() {
    offline_work_then_sync(true);
}

#[test]
fn offline_work_on_both_sides_syncs_when_b_syncs_first() {
    offline_work_then_sync(false);
}

#[test]
fn a_push_refused_because_the_remote_moved_is_merged_and_sent_again() {
    let team = Team::new();
    let a = team.join("a");
    let b = team.join("b");
    assign(&a, "kani-chindwin-flood", "Daniel Ross");
    assign(&b, "yangon-power-cuts", "Aye Aye Mon");
    // The remote moves after a's fetch and before its push: b pushes from inside a's
    // pre-push hook, once.
    let marker = team.dir.path().join("b-pushed");
    let hook = a.join(".git").join("hooks").join("pre-push");
    std::fs::write(
        &hook,
        format!(
            "#!/bin/sh\nunset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE\nif [ ! -e '{m}' ]; then touch '{m}'; git -C '{b}' push --quiet origin HEAD:main >/dev/null 2>&1 || exit 1; fi\nexit 0\n",
            m = marker.display(),
            b = b.display()
        ),
    )
    .expect("hook");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        std::fs::set_permissions(&hook, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    }
    let said = sync(&a, "Daniel Ross");
    assert!(marker.exists(), "b pushed in between");
    assert!(said.contains("the remote moved 1 time"), "{said}");
    assert!(said.contains("1 commit received"), "{said}");

    let c = team.join("c");
    assert_eq!(assignee(&c, "kani-chindwin-flood"), "Daniel Ross");
    assert_eq!(assignee(&c, "yangon-power-cuts"), "Aye Aye Mon");
}

#[test]
fn a_failed_network_leaves_everything_here_and_the_next_sync_sends_it() {
    let team = Team::new();
    let a = team.join("a");
    assign(&a, "kani-chindwin-flood", "Daniel Ross");
    let head = git(&a, &["rev-parse", "HEAD"]);
    let story = std::fs::read(a.join("stories/kani-chindwin-flood.ron")).expect("story");
    let gone = team.dir.path().join("server-offline.git");
    git(
        &a,
        &["remote", "set-url", "origin", &gone.to_string_lossy()],
    );

    let out = run(&[
        "sync".as_ref(),
        a.as_os_str(),
        "--as".as_ref(),
        "Daniel Ross".as_ref(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("could not be reached"), "{stderr}");
    assert!(stderr.contains("nothing was changed here"), "{stderr}");
    assert_eq!(git(&a, &["rev-parse", "HEAD"]), head);
    assert_eq!(
        std::fs::read(a.join("stories/kani-chindwin-flood.ron")).expect("story"),
        story
    );
    let state = ok(&["sync".as_ref(), a.as_os_str(), "--status".as_ref()]);
    assert_eq!(state.trim(), "1 change to send");

    git(
        &a,
        &[
            "remote",
            "set-url",
            "origin",
            &team.remote.to_string_lossy(),
        ],
    );
    let said = sync(&a, "Daniel Ross");
    assert!(said.contains("1 sent"), "{said}");
    let b = team.join("b");
    assert_eq!(assignee(&b, "kani-chindwin-flood"), "Daniel Ross");
}

#[test]
fn work_saved_but_not_committed_is_committed_by_the_sync() {
    let team = Team::new();
    let a = team.join("a");
    // A glossary word added by another tool: on disk, not committed.
    let glossary = a.join("seen-by-hand.txt");
    std::fs::write(&glossary, "a note for the desk").expect("write");
    let said = sync(&a, "Thiri Htet");
    assert!(said.contains("1 sent"), "{said}");
    assert_eq!(
        git(&a, &["log", "-1", "--format=%an|%s"]),
        "Thiri Htet|Work by Thiri Htet (synced)"
    );
}

#[test]
fn last_seen_editing_never_conflicts_between_machines() {
    let team = Team::new();
    let a = team.join("a");
    let b = team.join("b");
    copydesk::store::git::record_last_seen(&a, "Aye Aye Mon", "kani-chindwin-flood")
        .expect("seen a");
    copydesk::store::git::record_last_seen(&b, "Thiri Htet", "kani-chindwin-flood")
        .expect("seen b");
    sync(&a, "Aye Aye Mon");
    sync(&b, "Thiri Htet");
    copydesk::store::git::record_last_seen(&a, "Aye Aye Mon", "yangon-power-cuts")
        .expect("seen a again");
    sync(&a, "Aye Aye Mon");
    sync(&b, "Thiri Htet");
    let seen = copydesk::store::git::last_seen_on(&b, "kani-chindwin-flood");
    let names: Vec<&str> = seen.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["Thiri Htet"], "Aye Aye Mon has moved on");
    let seen = copydesk::store::git::last_seen_on(&b, "yangon-power-cuts");
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].name, "Aye Aye Mon");
    assert_eq!(git(&b, &["status", "--porcelain"]), "");
}

/// Steps the window until `done` holds, giving background threads time (at most 20 s).
fn wait_until(
    harness: &mut egui_kittest::Harness<'_, copydesk::app::CopydeskApp>,
    what: &str,
    done: impl Fn(&egui_kittest::Harness<'_, copydesk::app::CopydeskApp>) -> bool,
) {
    for _ in 0..1000 {
        harness.step();
        if done(harness) {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    panic!("waited in vain for {what}");
}

#[test]
fn the_status_bar_shows_the_sync_state_and_its_button_syncs_in_the_background() {
    use egui_kittest::kittest::Queryable as _;
    let team = Team::new();
    let a = team.join("a");
    let b = team.join("b");
    assign(&b, "yangon-power-cuts", "Aye Aye Mon");
    sync(&b, "Daniel Ross");

    let mut harness = crate::window_on(&a);
    harness.state_mut().set_identity(Some("Daniel Ross"));
    wait_until(&mut harness, "the sync state", |h| {
        h.query_by_label("Team desk: up to date").is_some()
    });
    harness.get_by_label("Sync").click();
    wait_until(&mut harness, "the sync to end", |h| {
        h.state().notice().is_some_and(|n| n.starts_with("synced:"))
    });
    let notice = harness.state().notice().unwrap_or_default().to_owned();
    assert_eq!(notice, "synced: 1 commit received, 0 sent.");
    wait_until(&mut harness, "the state after the sync", |h| {
        h.query_by_label("Team desk: up to date").is_some()
    });
    // The desk view follows what arrived.
    let summary = harness
        .state()
        .session()
        .and_then(|s| s.summary("yangon-power-cuts"))
        .and_then(|s| s.assignee.clone());
    assert_eq!(summary.as_deref(), Some("Aye Aye Mon"));
    assert!(harness.state_mut().save_for_close());
}

/// The open story changed by a sync: the window shows the merged story at once and says
/// so, and how many places changed on both machines wait for a choice.
#[test]
fn a_sync_that_merges_the_open_story_says_so_and_shows_both_versions() {
    use egui_kittest::kittest::Queryable as _;
    let team = Team::new();
    let a = team.join("a");
    let b = team.join("b");
    translate(&b, "Thiri Htet", 3, "Row three, typed in Mandalay.");
    translate(&b, "Thiri Htet", 4, "Row four, typed in Mandalay.");
    sync(&b, "Thiri Htet");
    translate(&a, "Aye Aye Mon", 4, "Row four, typed in Yangon.");

    let mut harness = crate::window_on(&a);
    harness.state_mut().set_identity(Some("Aye Aye Mon"));
    crate::click(&mut harness, "Open yangon-power-cuts");
    wait_until(&mut harness, "the sync state", |h| {
        h.query_by_label("Team desk: 1 change to send").is_some()
    });
    harness.get_by_label("Sync").click();
    wait_until(&mut harness, "the sync to end", |h| {
        h.state().notice().is_some_and(|n| n.starts_with("synced:"))
    });
    assert_eq!(
        harness.state().notice(),
        Some(
            "synced: 1 commit received, 3 sent. yangon-power-cuts now holds the team's changes; 1 place changed on both machines shows both versions to choose from."
        )
    );
    let story = crate::story_now(&harness, "yangon-power-cuts");
    let english = |i: usize| {
        let row = story.rows().nth(i).expect("row");
        story.row(row).expect("row").english.clone()
    };
    assert_eq!(english(3), "Row three, typed in Mandalay.");
    assert_eq!(english(4), "Row four, typed in Yangon.");
    assert_eq!(story.merge_conflicts.len(), 1);
    assert_eq!(
        story.merge_conflicts[0].theirs,
        "Row four, typed in Mandalay."
    );
    // Their whole version is in the story's history, and the sync sent it along.
    let history = copydesk::store::load_history(&a, "yangon-power-cuts", &[]).expect("history");
    let kept = history
        .iter()
        .find(|r| r.event.starts_with("their version before a merge"))
        .expect("their version in the history");
    assert_eq!(kept.by, "Thiri Htet");
    assert_eq!(git(&a, &["status", "--porcelain"]), "");
    harness.run();
    assert!(
        harness
            .query_by_label("Use theirs: English on Row 3")
            .is_some(),
        "the choice is shown in the row"
    );
    assert!(harness.state_mut().save_for_close());
}

#[test]
fn without_git_installed_sync_and_clone_say_how_to_get_it() {
    let team = Team::new();
    let a = team.join("a");
    let empty = team.dir.path().join("no-programs");
    std::fs::create_dir(&empty).expect("dir");
    let c = team.dir.path().join("c");
    for args in [
        vec![OsStr::new("sync"), a.as_os_str()],
        vec![OsStr::new("clone"), team.remote.as_os_str(), c.as_os_str()],
    ] {
        let out = Command::new(env!("CARGO_BIN_EXE_copydesk"))
            .args(&args)
            .env("PATH", &empty)
            .output()
            .expect("run");
        assert_eq!(out.status.code(), Some(2));
        let stderr = text(&out.stderr);
        assert!(stderr.contains("git is not installed"), "{stderr}");
        assert!(stderr.contains("apt-get install git"), "{stderr}");
    }
    // The desk itself still opens and lists without git.
    let out = Command::new(env!("CARGO_BIN_EXE_copydesk"))
        .args([OsStr::new("list"), a.as_os_str()])
        .env("PATH", &empty)
        .output()
        .expect("run");
    assert!(out.status.success(), "{}", text(&out.stderr));
}

#[test]
fn in_the_window_a_stage_change_is_a_commit_by_the_person_and_typing_waits_for_it() {
    use copydesk::model::Stage;
    use copydesk::workflow::Move;
    let team = Team::new();
    let a = team.join("a");
    let commits = |desk: &Path| -> u32 {
        git(desk, &["rev-list", "--count", "HEAD"])
            .parse()
            .expect("count")
    };
    let before = commits(&a);
    let slug = "mandalay-power-cuts";
    let mut harness = crate::window_on(&a);
    harness.state_mut().set_identity(Some("Thiri Htet"));
    wait_until(&mut harness, "the sync state", |h| {
        use egui_kittest::kittest::Queryable as _;
        h.query_by_label("Team desk: up to date").is_some()
    });
    assert!(harness.state_mut().open(slug));
    harness.run();
    crate::type_into(&mut harness, "Row 1 English", "Prices of rice rose again.");
    // Saved after the pause, but one editing session is one commit, not one a keystroke.
    harness.run_steps(120);
    wait_until(&mut harness, "the save", |h| {
        h.state().session().is_some_and(|s| !s.has_unsaved())
    });
    for _ in 0..25 {
        harness.step();
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert_eq!(commits(&a), before, "typing alone is not committed yet");

    let session = harness.state_mut().session_mut().expect("desk");
    let index = session.find(slug).expect("open");
    session
        .move_stage(
            index,
            &Move {
                go_ahead: true,
                ..Move::to(Stage::Writing)
            },
            0.0,
        )
        .expect("move");
    wait_until(&mut harness, "the commit", |_| commits(&a) == before + 1);
    let log = git(&a, &["log", "-1", "--format=%an|%s"]);
    assert!(
        log.starts_with(&format!("Thiri Htet|{slug}: ")),
        "by the person, naming the story: {log}"
    );
    let files = git(&a, &["show", "--name-only", "--format=", "HEAD"]);
    assert!(files.contains(&format!("stories/{slug}.ron")), "{files}");
    assert!(
        files.contains(&format!("history/{slug}/")),
        "the revision: {files}"
    );
    assert!(
        git(&a, &["show", "HEAD"]).contains("Prices of rice rose again."),
        "the typing goes with it"
    );
    assert!(harness.state_mut().save_for_close());
}

/// Types the English of one row of `yangon-power-cuts` as `who` would in the window, and
/// saves it (not committed: the next sync commits it).
fn translate(desk: &Path, who: &str, row: usize, text: &str) {
    let mut session = copydesk::session::Session::open(desk).expect("desk");
    session.set_me(Some(who));
    let index = session.load("yangon-power-cuts").expect("story");
    let row = session
        .story("yangon-power-cuts")
        .and_then(|s| s.rows().nth(row))
        .expect("row");
    let edit = copydesk::edit::Edit::SetText {
        row,
        side: copydesk::model::Side::English,
        text: text.to_owned(),
    };
    session
        .apply(index, edit, "typing", Some(row), 0.0)
        .expect("a translator may translate");
    assert!(session.save_all());
}

fn yangon(desk: &Path) -> copydesk::model::Story {
    let settings = copydesk::store::load_settings(desk).expect("settings");
    copydesk::store::load_story(desk, "yangon-power-cuts", &settings)
        .expect("loads")
        .story
}

/// Two translators on two machines work on one story: different rows, and one row both
/// of them typed. Sync merges the story row by row: both machines end with both rows, and
/// the row typed twice keeps one version in the row and the other as a conflict for the
/// window, naming who typed it; nothing typed is lost.
#[test]
fn rows_translated_on_two_machines_meet_through_sync() {
    let team = Team::new();
    let a = team.join("a");
    let b = team.join("b");
    translate(&a, "Aye Aye Mon", 2, "Row two, typed in Yangon.");
    translate(&a, "Aye Aye Mon", 4, "Row four, typed in Yangon.");
    translate(&b, "Thiri Htet", 3, "Row three, typed in Mandalay.");
    translate(&b, "Thiri Htet", 4, "Row four, typed in Mandalay.");
    sync(&a, "Aye Aye Mon");
    let report = sync(&b, "Thiri Htet");
    assert!(report.contains("changed\tyangon-power-cuts"), "{report}");
    sync(&a, "Aye Aye Mon");
    for desk in [&a, &b] {
        assert_eq!(git(desk, &["status", "--porcelain"]), "");
        let story = yangon(desk);
        let english = |i: usize| {
            let row = story.rows().nth(i).expect("row");
            story.row(row).expect("row").english.clone()
        };
        assert_eq!(english(2), "Row two, typed in Yangon.");
        assert_eq!(english(3), "Row three, typed in Mandalay.");
        // The machine that merged kept its own version in the row and recorded the other.
        assert_eq!(english(4), "Row four, typed in Mandalay.");
        let conflicts: Vec<(&str, &str)> = story
            .merge_conflicts
            .iter()
            .map(|c| (c.theirs.as_str(), c.theirs_by.as_str()))
            .collect();
        assert_eq!(conflicts, [("Row four, typed in Yangon.", "Aye Aye Mon")]);
    }
    assert_eq!(
        git(&a, &["rev-parse", "HEAD"]),
        git(&b, &["rev-parse", "HEAD"]),
        "both machines hold the same history"
    );
}

/// git trusts a merge driver blindly: a program that is not Copydesk (one that exits 0
/// without merging would silently keep this machine's version) is never registered.
#[test]
fn only_copydesk_itself_is_registered_as_the_merge_driver() {
    let team = Team::new();
    let a = team.join("a");
    let before = git(&a, &["config", "merge.copydesk.driver"]);
    assert!(before.contains("merge-driver %O %A %B"), "{before}");
    for program in ["/bin/true", "/no/such/program", env!("CARGO_MANIFEST_DIR")] {
        let err = copydesk::store::git::register_merge_driver(&a, Path::new(program))
            .expect_err("not Copydesk");
        assert!(err.to_string().contains("is not Copydesk"), "{err}");
        assert_eq!(git(&a, &["config", "merge.copydesk.driver"]), before);
    }
    copydesk::store::git::register_merge_driver(&a, Path::new(env!("CARGO_BIN_EXE_copydesk")))
        .expect("Copydesk is");
}

/// An editor puts a person's email address on the roster in Desk > Settings: checked as
/// the command line checks it, recorded, and carried by that person's commits.
#[test]
fn an_editor_sets_an_email_address_in_the_window() {
    use egui_kittest::kittest::Queryable as _;
    let team = Team::new();
    let a = team.join("a");
    let mut harness = crate::window_on(&a);
    harness.state_mut().set_identity(Some("Clare Whitfield"));
    harness.run();
    crate::click(&mut harness, "Desk");
    crate::click(&mut harness, "Settings…");
    crate::click(&mut harness, "Email of Thiri Htet");
    crate::type_into(
        &mut harness,
        "Email address of Thiri Htet",
        "thiri.example.org",
    );
    assert!(
        harness
            .query_by_label_contains("is not an email address")
            .is_some(),
        "the core's reason is shown as it is typed"
    );
    crate::click(&mut harness, "Cancel");
    crate::click(&mut harness, "Email of Thiri Htet");
    crate::type_into(
        &mut harness,
        "Email address of Thiri Htet",
        "thiri@northernlight.example",
    );
    crate::click(&mut harness, "Set address");
    let email = harness
        .state()
        .session()
        .and_then(|s| s.settings().staff_member("Thiri Htet"))
        .and_then(|m| m.email.clone());
    assert_eq!(email.as_deref(), Some("thiri@northernlight.example"));
    // The window's git worker commits the change in the background: wait for it, so the
    // translation below is a commit of its own.
    wait_until(&mut harness, "the settings change committed", |_| {
        git(&a, &["log", "-1", "--format=%an %s"]).contains("email address of Thiri Htet")
    });
    assert!(harness.state_mut().save_for_close());
    drop(harness);
    translate(&a, "Thiri Htet", 4, "Row four.");
    sync(&a, "Thiri Htet");
    let log = git(&a, &["log", "--format=%an <%ae> %s"]);
    assert!(
        log.contains("Thiri Htet <thiri@northernlight.example>"),
        "{log}"
    );
}
