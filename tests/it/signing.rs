//! Signed sign-offs end to end: keys made by `ssh-keygen` in the test, put on the roster,
//! a sign-off signed with them, `copydesk verify` confirming it, and each way it can fail
//! named — a text changed by hand in the story file above all.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::cli::text;

const SLUG: &str = "kani-chindwin-flood";
const EDITOR: &str = "Clare Whitfield";

/// A new Ed25519 key without a passphrase in `dir`; returns the private key's path.
fn keygen(dir: &Path, name: &str) -> PathBuf {
    let path = dir.join(name);
    let status = Command::new("ssh-keygen")
        .args(["-q", "-t", "ed25519", "-N", "", "-C"])
        .arg(format!("{name}@test"))
        .arg("-f")
        .arg(&path)
        .status()
        .expect("ssh-keygen runs (openssh-client is installed by .ci/run)");
    assert!(status.success());
    path
}

fn pub_of(key: &Path) -> PathBuf {
    key.with_extension("pub")
}

/// The fingerprint `ssh-keygen -l` prints for a key: the oracle for what verify reports.
fn fingerprint(key: &Path) -> String {
    let out = Command::new("ssh-keygen")
        .arg("-l")
        .arg("-f")
        .arg(pub_of(key))
        .output()
        .expect("ssh-keygen -l");
    text(&out.stdout)
        .split_whitespace()
        .nth(1)
        .expect("a fingerprint")
        .to_owned()
}

/// Runs the binary on `desk`: `args` with the desk folder put after the (sub)command, in
/// an environment without an SSH agent and with `home` as the home folder.
fn run(desk: &Path, home: &Path, args: &[&str]) -> Output {
    let at = if matches!(args[0], "staff" | "desk") {
        2
    } else {
        1
    };
    let mut full: Vec<std::ffi::OsString> = args[..at].iter().map(Into::into).collect();
    full.push(desk.as_os_str().to_owned());
    full.extend(args[at..].iter().map(Into::into));
    Command::new(env!("CARGO_BIN_EXE_copydesk"))
        .args(full)
        .env("HOME", home)
        .env_remove("SSH_AUTH_SOCK")
        .output()
        .expect("run copydesk")
}

fn ok(out: &Output) -> String {
    assert!(
        out.status.success(),
        "exit {:?}: {}{}",
        out.status.code(),
        text(&out.stdout),
        text(&out.stderr)
    );
    text(&out.stdout)
}

struct SigningDesk {
    _dir: tempfile::TempDir,
    desk: PathBuf,
    keys: tempfile::TempDir,
    clare: PathBuf,
    other: PathBuf,
}

impl SigningDesk {
    /// The sample desk, signing sign-offs, with Clare's key on the roster.
    fn signing() -> Self {
        let (dir, desk) = crate::sample_copy();
        let keys = tempfile::tempdir().expect("temp dir");
        let clare = keygen(keys.path(), "clare");
        let other = keygen(keys.path(), "other");
        let this = Self {
            _dir: dir,
            desk,
            keys,
            clare,
            other,
        };
        this.set_key(EDITOR, &this.clare);
        ok(&this.run(&["desk", "set", "signed-sign-offs", "on", "--as", EDITOR]));
        this
    }

    fn run(&self, args: &[&str]) -> Output {
        run(&self.desk, self.keys.path(), args)
    }

    fn set_key(&self, name: &str, key: &Path) {
        let file = pub_of(key);
        let file = file.to_str().expect("a UTF-8 temp path");
        ok(&self.run(&["staff", "set-key", name, "--file", file, "--as", EDITOR]));
    }

    fn sign_off(&self, key: &Path) -> Output {
        let key = key.to_str().expect("a UTF-8 temp path");
        self.run(&["sign-off", SLUG, "--as", EDITOR, "--confirm", "--key", key])
    }

    fn story_file(&self) -> PathBuf {
        self.desk.join("stories").join(format!("{SLUG}.ron"))
    }

    fn verify(&self) -> Output {
        self.run(&["verify", SLUG])
    }
}

#[test]
fn a_signed_sign_off_verifies_and_a_text_changed_by_hand_fails() {
    let desk = SigningDesk::signing();
    let listed = ok(&desk.run(&["staff", "list"]));
    assert!(
        listed.contains(&format!("{EDITOR}\teditor\t{}\n", fingerprint(&desk.clare))),
        "{listed}"
    );
    ok(&desk.sign_off(&desk.clare));
    let stored = std::fs::read_to_string(desk.story_file()).expect("story");
    assert!(stored.contains("-----BEGIN SSH SIGNATURE-----"), "{stored}");

    let said = ok(&desk.verify());
    assert!(
        said.contains(&format!("verified: signed off by {EDITOR}"))
            && said.contains(&fingerprint(&desk.clare)),
        "{said}"
    );

    // Someone edits the English in the file itself, not through Copydesk: the fingerprint
    // stored with the sign-off still matches what was signed, the text does not.
    let stored = std::fs::read_to_string(desk.story_file()).expect("story");
    let at = stored.find("english: \"").expect("an English field") + "english: \"".len();
    let mut tampered = stored.clone();
    tampered.insert_str(at, "Not ");
    std::fs::write(desk.story_file(), tampered).expect("tamper");
    let out = desk.verify();
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stdout));
    assert!(
        text(&out.stderr).contains("does not match the text"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn verify_names_the_check_that_failed() {
    let desk = SigningDesk::signing();
    ok(&desk.sign_off(&desk.clare));
    let failure = |desk: &SigningDesk| {
        let out = desk.verify();
        assert_eq!(out.status.code(), Some(1), "{}", text(&out.stdout));
        text(&out.stderr)
    };
    // The roster now lists another key for Clare: hers is no one's on the roster.
    desk.set_key(EDITOR, &desk.other);
    assert!(
        failure(&desk).contains("not on the roster"),
        "{}",
        failure(&desk)
    );
    // Her key is now Daniel's: the sign-off names Clare.
    desk.set_key("Daniel Ross", &desk.clare);
    let said = failure(&desk);
    assert!(
        said.contains("made with Daniel Ross's key, but the sign-off names Clare Whitfield"),
        "{said}"
    );
    // Back to Clare, who is then no longer an editor.
    desk.set_key("Daniel Ross", &desk.other);
    desk.set_key(EDITOR, &desk.clare);
    ok(&desk.verify());
    ok(&desk.run(&[
        "staff",
        "set-roles",
        EDITOR,
        "--roles",
        "writer",
        "--as",
        "Daniel Ross",
    ]));
    assert!(
        failure(&desk).contains("not an editor"),
        "{}",
        failure(&desk)
    );

    // A desk that does not sign: the sign-off is made as before, with nothing to verify.
    let (_dir, plain) = crate::sample_copy();
    let home = tempfile::tempdir().expect("temp dir");
    ok(&run(
        &plain,
        home.path(),
        &["sign-off", SLUG, "--as", EDITOR, "--confirm"],
    ));
    let out = run(&plain, home.path(), &["verify", SLUG]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("carries no signature"),
        "{}",
        text(&out.stderr)
    );
    let out = run(&plain, home.path(), &["verify", "mandalay-rice-prices"]);
    assert!(text(&out.stderr).contains("has not been signed off"));
}

#[test]
fn a_sign_off_that_cannot_be_signed_is_refused_and_changes_nothing() {
    let desk = SigningDesk::signing();
    let before = std::fs::read(desk.story_file()).expect("story");
    // Signed with a key that is not the roster's: refused.
    let out = desk.sign_off(&desk.other);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stdout));
    assert!(
        text(&out.stderr).contains("not on the roster"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(std::fs::read(desk.story_file()).expect("story"), before);

    // No key of hers in the home folder or the agent.
    let out = desk.run(&["sign-off", SLUG, "--as", EDITOR, "--confirm"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("no SSH key for Clare Whitfield was found"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(std::fs::read(desk.story_file()).expect("story"), before);

    // An editor without a key on the roster cannot sign off on a signing desk.
    let out = desk.run(&["staff", "set-key", EDITOR, "--as", EDITOR]);
    ok(&out);
    let out = desk.sign_off(&desk.clare);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("has no SSH public key on the roster"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(std::fs::read(desk.story_file()).expect("story"), before);

    // Without ssh-keygen the command cannot run, and says what to install.
    desk.set_key(EDITOR, &desk.clare);
    let empty = tempfile::tempdir().expect("temp dir");
    let key = desk.clare.to_str().expect("UTF-8");
    let out = Command::new(env!("CARGO_BIN_EXE_copydesk"))
        .args([
            "sign-off",
            desk.desk.to_str().expect("UTF-8"),
            SLUG,
            "--as",
            EDITOR,
        ])
        .args(["--confirm", "--key", key])
        .env("PATH", empty.path())
        .output()
        .expect("run copydesk");
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("openssh-client"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(std::fs::read(desk.story_file()).expect("story"), before);
}

#[test]
fn the_key_is_found_in_the_home_folder_as_git_would() {
    let desk = SigningDesk::signing();
    let ssh = desk.keys.path().join(".ssh");
    std::fs::create_dir(&ssh).expect("mkdir");
    std::fs::copy(&desk.clare, ssh.join("id_ed25519")).expect("copy");
    std::fs::copy(pub_of(&desk.clare), ssh.join("id_ed25519.pub")).expect("copy");
    ok(&desk.run(&["sign-off", SLUG, "--as", EDITOR, "--confirm"]));
    ok(&desk.verify());
}

#[test]
fn a_damaged_public_key_is_refused_when_put_on_the_roster() {
    let desk = SigningDesk::signing();
    let out = desk.run(&[
        "staff",
        "set-key",
        EDITOR,
        "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5",
        "--as",
        EDITOR,
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("damaged"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn the_window_signs_off_with_the_named_key_and_the_export_dialog_verifies() {
    use egui_kittest::Harness;
    use egui_kittest::kittest::Queryable as _;

    use crate::click;

    let desk = SigningDesk::signing();
    // This computer's identity names the key, as git's user.signingKey does.
    let config = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        config.path().join("identity.ron"),
        format!(
            "(format_version: 2, name: \"{EDITOR}\", signing_key: Some({:?}))",
            desk.clare
        ),
    )
    .expect("identity");
    let (root, config_dir) = (desk.desk.clone(), config.path().to_owned());
    let mut harness = Harness::builder()
        .with_size([1280.0, 900.0])
        .with_max_steps(12)
        .build_eframe(move |cc| {
            copydesk::app::CopydeskApp::with_config_dir(cc, Some(root), Some(config_dir))
        });
    harness.run();
    assert!(harness.state_mut().open(SLUG));
    harness.run();
    click(&mut harness, "Sign off");
    if harness.query_by_label("Sign off anyway").is_some() {
        click(&mut harness, "Sign off anyway");
    }
    // Signed on a thread of its own (ssh-keygen may ask for a passphrase), the window
    // drawing meanwhile; made when the signature comes back.
    for _ in 0..250 {
        if harness
            .state()
            .notice()
            .is_some_and(|n| n.starts_with(&format!("{SLUG} is now")))
        {
            break;
        }
        harness.step();
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let signed = crate::story_now(&harness, SLUG);
    assert!(
        signed
            .sign_off
            .as_ref()
            .is_some_and(|s| s.signature.is_some()),
        "{:?} {:?}",
        signed.sign_off,
        harness.state().notice()
    );
    // Saved at once (by the window's saver thread), and verifiable outside the window.
    let mut verified = desk.verify();
    for _ in 0..50 {
        if verified.status.success() {
            break;
        }
        harness.run();
        std::thread::sleep(std::time::Duration::from_millis(100));
        verified = desk.verify();
    }
    ok(&verified);

    harness.get_by_label("File").click();
    harness.run();
    click(&mut harness, "Export…");
    assert!(
        harness
            .query_by_label_contains("Signature verified: signed off by Clare Whitfield")
            .is_some()
    );
    click(&mut harness, "Cancel");

    // An editor puts a colleague's key on the roster in Desk > Settings.
    let key = std::fs::read_to_string(pub_of(&desk.other)).expect("key");
    click(&mut harness, "Desk");
    click(&mut harness, "Settings…");
    click(&mut harness, "SSH key of Daniel Ross");
    crate::type_into(&mut harness, "SSH public key of Daniel Ross", key.trim());
    click(&mut harness, "Set key");
    let session = harness.state().session().expect("desk");
    assert_eq!(
        session
            .settings()
            .staff_member("Daniel Ross")
            .and_then(|m| m.ssh_key.as_deref()),
        Some(key.trim())
    );
}

#[test]
fn plain_ssh_keygen_verifies_a_sign_off_from_the_text_written_out_by_hand() {
    // The signed text, rebuilt here from the story file as README describes it, checked by
    // ssh-keygen alone: anyone can verify a sign-off without Copydesk's verify.
    let desk = SigningDesk::signing();
    ok(&desk.sign_off(&desk.clare));
    let settings = copydesk::store::load_settings(&desk.desk).expect("desk");
    let story = copydesk::store::load_story(&desk.desk, SLUG, &settings)
        .expect("story")
        .story;
    let sign_off = story.sign_off.expect("signed off");
    let message = format!(
        "copydesk sign-off 1\nstory: \"{SLUG}\"\neditor: \"{}\"\nsigned-at: {}\npublic-content-sha256: {}\n",
        sign_off.editor,
        sign_off
            .at
            .to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true),
        sign_off.fingerprint
    );
    let dir = tempfile::tempdir().expect("temp dir");
    let allowed = dir.path().join("allowed");
    let key = std::fs::read_to_string(pub_of(&desk.clare)).expect("key");
    std::fs::write(&allowed, format!("clare {key}")).expect("allowed signers");
    let sig = dir.path().join("sig");
    std::fs::write(&sig, sign_off.signature.expect("signature")).expect("signature");
    let verify = |message: &str| {
        let mut child = Command::new("ssh-keygen")
            .args([
                "-Y",
                "verify",
                "-I",
                "clare",
                "-n",
                "copydesk-sign-off",
                "-f",
            ])
            .arg(&allowed)
            .arg("-s")
            .arg(&sig)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("ssh-keygen");
        std::io::Write::write_all(&mut child.stdin.take().expect("stdin"), message.as_bytes())
            .expect("message");
        child.wait().expect("ssh-keygen").success()
    };
    assert!(verify(&message));
    assert!(!verify(
        &message.replace(&sign_off.fingerprint, &"0".repeat(64))
    ));
}

/// The window signs a sign-off on a thread of its own; a story changed meanwhile is not
/// signed off over the change: nothing happens, and the editor signs off again.
#[test]
fn a_story_changed_while_its_sign_off_is_signed_is_not_signed_off() {
    use copydesk::edit::Edit;
    use copydesk::model::{RowRef, Side, Stage};
    use copydesk::session::{ActionError, Session};
    use copydesk::workflow::Move;

    let desk = SigningDesk::signing();
    let mut session = Session::open(&desk.desk).expect("desk");
    session.set_me(Some(EDITOR));
    session.set_signing_key(Some(desk.clare.clone()));
    let index = session.load(SLUG).expect("story");
    let request = Move {
        go_ahead: true,
        ..Move::to(Stage::Approved)
    };
    let pending = session
        .begin_move(index, &request, 0.0)
        .expect("may sign off")
        .expect("a sign-off to sign");
    assert_eq!(pending.slug(), SLUG);
    assert_eq!(
        session.story(SLUG).map(|s| s.stage),
        Some(Stage::Editing),
        "nothing changes before the signature"
    );
    let signed = pending.sign();
    let edit = Edit::SetText {
        row: RowRef::Headline,
        side: Side::English,
        text: "A headline changed while signing".into(),
    };
    session
        .apply(index, edit, "typing", Some(RowRef::Headline), 1.0)
        .expect("the editor may edit");
    let refused = session.finish_sign_off(signed, 2.0);
    assert!(
        matches!(refused, Err(ActionError::ChangedWhileSigning { ref slug }) if slug == SLUG),
        "{refused:?}"
    );
    let story = session.story(SLUG).expect("story");
    assert_eq!(story.stage, Stage::Editing);
    // Someone else's save arriving while it signs, with work of ours not yet saved: the
    // sign-off waits until the person has chosen between the two.
    let edit = Edit::SetText {
        row: RowRef::Deck,
        side: Side::English,
        text: "A deck typed here".into(),
    };
    session
        .apply(index, edit, "typing", Some(RowRef::Deck), 2.5)
        .expect("the editor may edit");
    let pending = session
        .begin_move(index, &request, 2.6)
        .expect("may sign off")
        .expect("a sign-off to sign");
    let signed = pending.sign();
    ok(&desk.run(&["assign", SLUG, "Daniel Ross", "--as", EDITOR]));
    session.check_for_outside_changes(index).expect("checked");
    let refused = session.finish_sign_off(signed, 2.7);
    assert!(
        matches!(refused, Err(ActionError::ReadOnly(ref why)) if why.contains("Keep mine")),
        "{refused:?}"
    );
    assert_eq!(session.story(SLUG).map(|s| s.stage), Some(Stage::Editing));
    session.resolve_conflict(index, true).expect("keep mine");
    // Signed off again, over the text as it is now.
    let pending = session
        .begin_move(index, &request, 3.0)
        .expect("may sign off")
        .expect("a sign-off to sign");
    session
        .finish_sign_off(pending.sign(), 4.0)
        .expect("signed off");
    let story = session.story(SLUG).expect("story");
    assert_eq!(story.stage, Stage::Approved);
    assert!(
        story
            .sign_off
            .as_ref()
            .is_some_and(|s| s.signature.is_some())
    );
    assert!(session.save_all());
    ok(&desk.verify());
}
