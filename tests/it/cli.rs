//! The command line, run as a separate process on copies of the sample desk.

use std::process::{Command, Output};

/// Runs the binary with `args`.
pub fn copydesk(args: &[&std::ffi::OsStr]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_copydesk"))
        .args(args)
        .output()
        .expect("run copydesk")
}

/// Output as text.
pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn list_prints_one_line_per_story() {
    let (_dir, desk) = crate::sample_copy();
    let out = copydesk(&["list".as_ref(), desk.as_os_str()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    assert!(lines.len() >= 4, "{stdout}");
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("mandalay-rice-prices\tFiled\t0/8\t")),
        "{stdout}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("kani-chindwin-flood\tEditing\t")),
        "{stdout}"
    );
    for line in lines {
        let fields: Vec<&str> = line.split('\t').collect();
        assert_eq!(fields.len(), 6, "{line}");
        assert_eq!(fields[5], "-", "nobody is assigned in the sample: {line}");
        let syllables: usize = fields[3].parse().expect("source syllables");
        assert!(syllables > 100, "a real Burmese story: {line}");
        fields[4].parse::<usize>().expect("English words");
        let (confirmed, total) = fields[2].split_once('/').expect("n/m");
        assert!(confirmed.parse::<usize>().expect("n") <= total.parse::<usize>().expect("m"));
    }
    assert!(out.stderr.is_empty(), "{}", text(&out.stderr));
}

#[test]
fn a_broken_story_is_named_and_the_rest_are_listed() {
    let (_dir, desk) = crate::sample_copy();
    std::fs::write(
        desk.join("stories").join("x.ron"),
        "(format_version: 1,\n slug: \"x\",\n stage: Fileed,\n)",
    )
    .expect("write");
    let out = copydesk(&["list".as_ref(), desk.as_os_str()]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("x.ron:3:"), "names file and line: {stderr}");
    assert!(
        text(&out.stdout).contains("mandalay-rice-prices\tFiled"),
        "others still listed"
    );
}

#[test]
fn a_missing_or_foreign_folder_is_one_clear_line() {
    let dir = tempfile::tempdir().expect("temp");
    let missing = dir.path().join("no-such-desk");
    let out = copydesk(&["list".as_ref(), missing.as_os_str()]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("no-such-desk"), "{stderr}");

    let out = copydesk(&["list".as_ref(), dir.path().as_os_str()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("is not a Copydesk desk"));

    let out = copydesk(&["open".as_ref(), missing.as_os_str()]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "open refuses before making a window"
    );
}

#[test]
fn new_desk_creates_a_desk_that_lists_empty() {
    let dir = tempfile::tempdir().expect("temp");
    let desk = dir.path().join("khmer-desk");
    let args = |d: &std::path::Path| -> Vec<std::ffi::OsString> {
        [
            "new-desk",
            d.to_str().expect("utf8"),
            "--name",
            "Khmer Desk",
            "--source",
            "km",
            "--target",
            "en",
            "--service",
            "Sample Radio's Khmer Service",
        ]
        .iter()
        .map(Into::into)
        .collect()
    };
    let run = |a: Vec<std::ffi::OsString>| {
        Command::new(env!("CARGO_BIN_EXE_copydesk"))
            .args(a)
            .output()
            .expect("run")
    };
    let out = run(args(&desk));
    assert!(out.status.success(), "{}", text(&out.stderr));
    let settings = std::fs::read_to_string(desk.join("desk.ron")).expect("desk.ron");
    assert!(settings.contains("format_version: 2"));
    assert!(settings.contains("\"km\""));
    assert!(desk.join("stories").is_dir() && desk.join("media").is_dir());
    let out = copydesk(&["list".as_ref(), desk.as_os_str()]);
    assert!(out.status.success());
    assert!(out.stdout.is_empty());

    // Never over an existing desk.
    let out = run(args(&desk));
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("already exists"));

    let out = copydesk(&[
        "new-desk".as_ref(),
        dir.path().join("bad").as_os_str(),
        "--name".as_ref(),
        "Bad".as_ref(),
        "--source".as_ref(),
        "my_MM".as_ref(),
        "--service".as_ref(),
        "S".as_ref(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("not a language tag"));
}

#[test]
fn help_explains_every_command() {
    let out = copydesk(&["--help".as_ref()]);
    assert!(out.status.success());
    let help = text(&out.stdout);
    for command in ["open", "list", "new-desk"] {
        assert!(help.contains(command), "{help}");
    }
}

#[test]
fn stages_and_sign_off_follow_the_rules_and_history_records_them() {
    let (_dir, desk) = crate::sample_copy();
    let run = |args: &[&str]| {
        let mut full: Vec<std::ffi::OsString> = vec![args[0].into(), desk.clone().into_os_string()];
        full.extend(args[1..].iter().map(Into::into));
        Command::new(env!("CARGO_BIN_EXE_copydesk"))
            .args(full)
            .output()
            .expect("run")
    };
    let slug = "yangon-power-cuts";
    // A translator may not approve: refused with the reason, exit 1, file untouched.
    let before = std::fs::read(desk.join("stories").join(format!("{slug}.ron"))).expect("read");
    let out = run(&["stage", slug, "--to", "approved", "--as", "Aye Aye Mon"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("refused:"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(
        std::fs::read(desk.join("stories").join(format!("{slug}.ron"))).expect("read"),
        before
    );

    // Handing on with rows unconfirmed is refused with what is open, until confirmed.
    let out = run(&["stage", slug, "--to", "writing", "--as", "Aye Aye Mon"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("still open: 4 row(s) not confirmed"),
        "{}",
        text(&out.stderr)
    );
    let out = run(&[
        "stage",
        slug,
        "--to",
        "writing",
        "--as",
        "Aye Aye Mon",
        "--confirm",
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("confirmed despite"),
        "{}",
        text(&out.stdout)
    );
    assert!(
        run(&[
            "stage",
            slug,
            "--to",
            "editing",
            "--as",
            "Thiri Htet",
            "--confirm"
        ])
        .status
        .success()
    );
    let out = run(&[
        "stage",
        slug,
        "--to",
        "sent-back-to-writing",
        "--as",
        "Clare Whitfield",
    ]);
    assert_eq!(out.status.code(), Some(1), "a send-back needs a note");
    assert!(text(&out.stderr).contains("note"));
    assert!(
        run(&[
            "stage",
            slug,
            "--to",
            "sent-back-to-writing",
            "--as",
            "Clare Whitfield",
            "--note",
            "Tighten the lede"
        ])
        .status
        .success()
    );
    assert!(
        run(&[
            "stage",
            slug,
            "--to",
            "editing",
            "--as",
            "Thiri Htet",
            "--confirm"
        ])
        .status
        .success()
    );
    let out = run(&["sign-off", slug, "--as", "Stranger", "--confirm"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("not on the roster"));
    assert!(
        run(&["sign-off", slug, "--as", "Clare Whitfield", "--confirm"])
            .status
            .success()
    );

    let out = run(&["history", slug]);
    assert!(out.status.success());
    let history = text(&out.stdout);
    let all: Vec<&str> = history.lines().collect();
    // The sample story already has its filing and the start of translation in its
    // history; these five are ours.
    assert_eq!(all.len(), 7, "{history}");
    assert!(all[0].contains("\tKo Min Thu\tfiled\t"), "{history}");
    let lines = &all[2..];
    assert!(lines[0].contains("\tAye Aye Mon\twriting\t"), "{history}");
    assert!(lines[2].contains("Tighten the lede"), "{history}");
    assert!(
        lines[4].contains("\tClare Whitfield\tapproved\t") && lines[4].contains("signed off"),
        "{history}"
    );
    let listed = text(&run(&["list"]).stdout);
    assert!(listed.contains(&format!("{slug}\tApproved\t")), "{listed}");
}

#[test]
fn credit_line_export_and_import_from_the_command_line() {
    let (dir, desk) = crate::sample_copy();
    let run = |args: &[&std::ffi::OsStr]| {
        Command::new(env!("CARGO_BIN_EXE_copydesk"))
            .args(args)
            .output()
            .expect("run")
    };
    let d = desk.as_os_str();
    let out = run(&["credit-line".as_ref(), d, "kani-chindwin-flood".as_ref()]);
    assert!(out.status.success());
    assert_eq!(
        text(&out.stdout),
        "Reported by Northern Light Radio's Myanmar Service. Translated by Aye Aye Mon. Written in English by Daniel Ross.\n"
    );

    // Not signed off: refused, nothing written; as a draft it exports and says so.
    let target = dir.path().join("kani.html");
    let out = run(&[
        "export".as_ref(),
        d,
        "kani-chindwin-flood".as_ref(),
        "--format".as_ref(),
        "html".as_ref(),
        "-o".as_ref(),
        target.as_os_str(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("not signed off"));
    assert!(!target.exists(), "nothing half-written");
    let out = run(&[
        "export".as_ref(),
        d,
        "kani-chindwin-flood".as_ref(),
        "--format".as_ref(),
        "html".as_ref(),
        "--draft".as_ref(),
        "-o".as_ref(),
        target.as_os_str(),
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        std::fs::read_to_string(&target)
            .expect("html")
            .contains("DRAFT")
    );

    // Signed off: text to standard output; a Word file needs -o.
    let out = run(&[
        "export".as_ref(),
        d,
        "hpakant-jade-mine-landslide".as_ref(),
        "--format".as_ref(),
        "txt".as_ref(),
    ]);
    assert!(out.status.success());
    assert!(
        text(&out.stdout)
            .starts_with("Nine missing after jade mine waste heap collapses in Hpakant\n")
    );
    let out = run(&[
        "export".as_ref(),
        d,
        "hpakant-jade-mine-landslide".as_ref(),
        "--format".as_ref(),
        "docx".as_ref(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    let docx = dir.path().join("hpakant.docx");
    let out = run(&[
        "export".as_ref(),
        d,
        "hpakant-jade-mine-landslide".as_ref(),
        "--format".as_ref(),
        "docx".as_ref(),
        "-o".as_ref(),
        docx.as_os_str(),
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = run(&[
        "export".as_ref(),
        d,
        "hpakant-jade-mine-landslide".as_ref(),
        "--format".as_ref(),
        "pdf".as_ref(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("not a format"));

    // Import: the Word file back as a new story's source, a pair, a bad encoding.
    let out = run(&[
        "import".as_ref(),
        d,
        docx.as_os_str(),
        "--as".as_ref(),
        "Ko Min Thu".as_ref(),
        "--slug".as_ref(),
        "from-word".as_ref(),
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), "from-word\n");
    let source = dir.path().join("သတင်း.txt");
    std::fs::write(&source, "ပထမ။\n\nဒုတိယ။\n\nတတိယ။\n").expect("write");
    let english = dir.path().join("english.txt");
    std::fs::write(&english, "First.\n\nSecond.\n").expect("write");
    let out = run(&[
        "import".as_ref(),
        d,
        source.as_os_str(),
        "--as".as_ref(),
        "Ko Min Thu".as_ref(),
        "--english".as_ref(),
        english.as_os_str(),
        "--slug".as_ref(),
        "paired".as_ref(),
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("warning: the source has 3 paragraphs and the English 2"));
    let latin1 = dir.path().join("latin1.txt");
    std::fs::write(&latin1, b"caf\xe9 au lait").expect("write");
    let out = run(&[
        "import".as_ref(),
        d,
        latin1.as_os_str(),
        "--as".as_ref(),
        "Ko Min Thu".as_ref(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("latin1.txt: not UTF-8 text (bad byte at offset 3)"),
        "{}",
        text(&out.stderr)
    );
    let broken = dir.path().join("broken.docx");
    std::fs::write(&broken, b"PK not really").expect("write");
    let out = run(&[
        "import".as_ref(),
        d,
        broken.as_os_str(),
        "--as".as_ref(),
        "Ko Min Thu".as_ref(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("broken.docx: not a Word document"));

    let listed = text(&run(&["list".as_ref(), d]).stdout);
    assert!(listed.contains("from-word\tFiled\t0/"), "{listed}");
    assert!(listed.contains("paired\tFiled\t0/3"), "{listed}");
    let loaded = copydesk::store::load_desk(&desk).expect("desk");
    let from_word = &loaded
        .stories
        .iter()
        .find(|s| s.story.slug == "from-word")
        .expect("story")
        .story;
    assert_eq!(
        from_word.headline.source, "Nine missing after jade mine waste heap collapses in Hpakant",
        "the Word file's first line is its headline"
    );
    assert!(
        from_word
            .blocks
            .iter()
            .any(|b| b.row.source.contains("Most of the missing")),
        "Word paragraphs imported"
    );
}

#[test]
fn a_translation_or_a_new_source_is_imported_into_an_existing_story() {
    let (dir, desk) = crate::sample_copy();
    let run = |args: &[&std::ffi::OsStr]| {
        Command::new(env!("CARGO_BIN_EXE_copydesk"))
            .args(args)
            .output()
            .expect("run")
    };
    let d = desk.as_os_str();
    let english = dir.path().join("english.md");
    std::fs::write(&english, "First.\n\nSecond.\n").expect("write");
    let out = run(&[
        "import".as_ref(),
        d,
        english.as_os_str(),
        "--into".as_ref(),
        "mandalay-rice-prices".as_ref(),
        "--as".as_ref(),
        "Aye Aye Mon".as_ref(),
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("warning: the story has"),
        "counts differ: {}",
        text(&out.stderr)
    );
    let loaded = copydesk::store::load_desk(&desk).expect("desk");
    let story = &loaded
        .stories
        .iter()
        .find(|s| s.story.slug == "mandalay-rice-prices")
        .expect("story")
        .story;
    assert_eq!(story.blocks[0].row.english, "First.");
    assert_eq!(story.blocks[1].row.english, "Second.");

    let source = dir.path().join("source.txt");
    let mut paragraphs: Vec<String> = story.blocks.iter().map(|b| b.row.source.clone()).collect();
    paragraphs[0].push_str(" ပြင်ဆင်။");
    std::fs::write(&source, paragraphs.join("\n\n")).expect("write");
    let out = run(&[
        "import".as_ref(),
        d,
        source.as_os_str(),
        "--into".as_ref(),
        "mandalay-rice-prices".as_ref(),
        "--side".as_ref(),
        "source".as_ref(),
        "--as".as_ref(),
        "Ko Min Thu".as_ref(),
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("1 row(s) changed"),
        "{}",
        text(&out.stdout)
    );
}

fn copydesk_with_input(args: &[&str], input: &[u8]) -> Output {
    use std::io::Write as _;
    let mut child = Command::new(env!("CARGO_BIN_EXE_copydesk"))
        .args(args)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("run copydesk");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input)
        .expect("write stdin");
    child.wait_with_output().expect("wait")
}

const UNICODE_LINE: &str = "ရေကြီးမှုကြောင့် ကျေးရွာ ၁၂ ရွာမှ ရွာသားများ ထွက်ပြေးရသည်။";

#[test]
fn zawgyi_detect_and_convert_read_standard_input() {
    let zawgyi = copydesk::script::zawgyi::to_zawgyi(UNICODE_LINE).expect("converts");
    let input = format!("{zawgyi}\n{UNICODE_LINE}\n\nFloods in Kani\n");
    let out = copydesk_with_input(&["zawgyi", "detect"], input.as_bytes());
    assert!(out.status.success(), "{}", text(&out.stderr));
    let verdicts: Vec<String> = text(&out.stdout)
        .lines()
        .map(|l| l.split('\t').next().unwrap_or_default().to_owned())
        .collect();
    // One line per non-empty input line: verdict, probability, the line.
    assert_eq!(verdicts, ["zawgyi", "unicode", "not-myanmar"]);
    assert!(
        text(&out.stdout)
            .lines()
            .all(|l| l.split('\t').count() == 3)
    );

    let out = copydesk_with_input(
        &["zawgyi", "convert"],
        format!("{zawgyi}\nKani\n").as_bytes(),
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), format!("{UNICODE_LINE}\nKani\n"));

    // Not UTF-8: named, with the line, and nothing half-written as a success.
    let out = copydesk_with_input(&["zawgyi", "convert"], b"ok\n\xff\xfe bad\n");
    assert_eq!(out.status.code(), Some(2), "an error exits 2");
    assert!(
        text(&out.stderr).contains("line 2: not UTF-8"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn a_zawgyi_file_is_refused_until_the_person_says_convert_or_keep() {
    let (dir, desk) = crate::sample_copy();
    let zawgyi = copydesk::script::zawgyi::to_zawgyi(UNICODE_LINE).expect("converts");
    let file = dir.path().join("filed-in-zawgyi.txt");
    let mut f = std::fs::File::create(&file).expect("create");
    std::io::Write::write_all(&mut f, format!("{zawgyi}\n\n{zawgyi}\n").as_bytes()).expect("write");
    drop(f);
    let import = |extra: &[&str]| {
        let mut args = vec![
            "import",
            desk.to_str().expect("utf-8 path"),
            file.to_str().expect("utf-8 path"),
            "--as",
            "Ko Min Thu",
        ];
        args.extend_from_slice(extra);
        copydesk_with_input(&args, b"")
    };
    let out = import(&[]);
    assert_eq!(out.status.code(), Some(2), "an error exits 2");
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("filed-in-zawgyi.txt") && stderr.contains("looks like Zawgyi"),
        "{stderr}"
    );
    assert!(stderr.contains("--zawgyi convert"), "{stderr}");

    let out = import(&["--zawgyi", "convert", "--slug", "converted"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = import(&["--zawgyi", "keep", "--slug", "kept"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let loaded = copydesk::store::load_desk(&desk).expect("loads");
    let source = |slug: &str| {
        loaded
            .stories
            .iter()
            .find(|s| s.story.slug == slug)
            .map(|s| s.story.blocks[0].row.source.clone())
            .expect("imported")
    };
    assert_eq!(source("converted"), UNICODE_LINE);
    assert_eq!(source("kept"), zawgyi);
}

#[test]
fn zawgyi_convert_never_converts_a_unicode_file() {
    let (dir, desk) = crate::sample_copy();
    let file = dir.path().join("unicode.txt");
    let mut f = std::fs::File::create(&file).expect("create");
    std::io::Write::write_all(
        &mut f,
        format!("{UNICODE_LINE}\n\n{UNICODE_LINE}\n").as_bytes(),
    )
    .expect("write");
    drop(f);
    // A newsroom script may pass --zawgyi convert for every file it imports.
    let out = copydesk_with_input(
        &[
            "import",
            desk.to_str().expect("utf-8 path"),
            file.to_str().expect("utf-8 path"),
            "--as",
            "Ko Min Thu",
            "--zawgyi",
            "convert",
        ],
        b"",
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("not converted"),
        "{}",
        text(&out.stderr)
    );
    let loaded = copydesk::store::load_desk(&desk).expect("loads");
    let story = loaded
        .stories
        .iter()
        .find(|s| s.story.slug == "unicode")
        .expect("imported");
    assert_eq!(story.story.blocks[0].row.source, UNICODE_LINE);
}

/// Runs copydesk on a desk: the desk goes after the command (`stage DIR …`), or after the
/// action for `staff` and `desk` (`staff add DIR …`).
fn on_desk(desk: &std::path::Path, args: &[&str]) -> Output {
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
        .output()
        .expect("run")
}

#[test]
fn the_roster_and_settings_are_changed_by_editors_only_and_recorded() {
    let (_dir, desk) = crate::sample_copy();
    let desk_file = desk.join("desk.ron");
    let before = std::fs::read(&desk_file).expect("read");

    // A translator cannot give anyone a role, themselves included: exit 1, nothing written.
    let out = on_desk(
        &desk,
        &[
            "staff",
            "set-roles",
            "Thiri Htet",
            "--roles",
            "translator,writer,editor",
            "--as",
            "Thiri Htet",
        ],
    );
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("refused:"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(std::fs::read(&desk_file).expect("read"), before);
    // Nor can someone off the roster add themselves to a desk that has one.
    let out = on_desk(
        &desk,
        &[
            "staff", "add", "Mallory", "--roles", "editor", "--as", "Mallory",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(std::fs::read(&desk_file).expect("read"), before);

    // An editor adds a person, changes their roles and a setting.
    let out = on_desk(
        &desk,
        &[
            "staff",
            "add",
            "Hla Hla Win",
            "--roles",
            "translator",
            "--as",
            "Clare Whitfield",
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = on_desk(
        &desk,
        &[
            "staff",
            "set-roles",
            "Hla Hla Win",
            "--roles",
            "translator,writer",
            "--as",
            "Clare Whitfield",
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let listed = text(&on_desk(&desk, &["staff", "list"]).stdout);
    assert!(
        listed.contains("Hla Hla Win\ttranslator,writer\n"),
        "{listed}"
    );

    let out = on_desk(
        &desk,
        &[
            "desk",
            "set",
            "web-footer",
            "Comments are moderated.",
            "--as",
            "Clare Whitfield",
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let shown = text(&on_desk(&desk, &["desk", "show"]).stdout);
    assert!(
        shown.contains("web-footer\tComments are moderated.\n"),
        "{shown}"
    );
    assert!(shown.contains("four-eyes\ton\n"), "{shown}");
    assert!(shown.contains("rule.editing.approved\teditor\n"), "{shown}");
    let out = on_desk(
        &desk,
        &[
            "desk",
            "set",
            "four-eyes",
            "maybe",
            "--as",
            "Clare Whitfield",
        ],
    );
    assert_eq!(out.status.code(), Some(1), "a bad value is refused");
    let out = on_desk(
        &desk,
        &["desk", "set", "colour", "blue", "--as", "Clare Whitfield"],
    );
    assert_eq!(out.status.code(), Some(2), "an unknown key cannot run");

    // Every change is recorded: who, what, before and after.
    let history = text(&on_desk(&desk, &["desk", "history"]).stdout);
    let lines: Vec<&str> = history.lines().collect();
    assert_eq!(lines.len(), 3, "{history}");
    assert!(
        lines[0].contains("\tClare Whitfield\tadded Hla Hla Win to the roster\t\ttranslator"),
        "{history}"
    );
    assert!(
        lines[1].contains("\troles of Hla Hla Win\ttranslator\ttranslator, writer"),
        "{history}"
    );
    assert!(
        lines[2].contains("\tWeb footer\t\tComments are moderated."),
        "{history}"
    );

    // The desk never loses its last editor role holder by mistake.
    let out = on_desk(
        &desk,
        &[
            "staff",
            "remove",
            "Clare Whitfield",
            "--as",
            "Clare Whitfield",
        ],
    );
    assert!(out.status.success(), "Daniel Ross is still an editor");
    let out = on_desk(
        &desk,
        &[
            "staff",
            "set-roles",
            "Daniel Ross",
            "--roles",
            "writer",
            "--as",
            "Daniel Ross",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("no editor left"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn a_service_name_change_sends_signed_off_stories_back_to_editing() {
    let (_dir, desk) = crate::sample_copy();
    // Kani's reporter is credited as the service; sign it off first.
    let out = on_desk(
        &desk,
        &[
            "sign-off",
            "kani-chindwin-flood",
            "--as",
            "Clare Whitfield",
            "--confirm",
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = on_desk(
        &desk,
        &[
            "desk",
            "set",
            "service",
            "Northern Light Radio's Burmese Service",
            "--as",
            "Clare Whitfield",
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let listed = text(&on_desk(&desk, &["list"]).stdout);
    assert!(
        listed.contains("kani-chindwin-flood\tEditing\t"),
        "{listed}"
    );
    let history = text(&on_desk(&desk, &["history", "kani-chindwin-flood"]).stdout);
    assert!(
        history
            .lines()
            .last()
            .is_some_and(|l| l.contains("sign-off went stale")),
        "{history}"
    );
    // A story whose printed credit line does not change keeps its sign-off.
    assert!(
        listed.contains("hpakant-jade-mine-landslide\tApproved\t"),
        "{listed}"
    );
}

#[test]
fn assignment_source_fixes_and_refusals_from_the_command_line() {
    let (_dir, desk) = crate::sample_copy();
    let slug = "yangon-power-cuts";
    let story_file = desk.join("stories").join(format!("{slug}.ron"));
    let before = std::fs::read(&story_file).expect("read");
    // A reporter cannot take a story that is with the translator.
    let out = on_desk(&desk, &["assign", slug, "Nan Seng", "--as", "Nan Seng"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        std::fs::read(&story_file).expect("read"),
        before,
        "untouched"
    );
    let out = on_desk(
        &desk,
        &["assign", slug, "Aye Aye Mon", "--as", "Clare Whitfield"],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("assigned to Aye Aye Mon (Translating)"));
    let listed = text(&on_desk(&desk, &["list"]).stdout);
    assert!(
        listed
            .lines()
            .any(|l| l.starts_with(slug) && l.ends_with("\tAye Aye Mon")),
        "{listed}"
    );

    // A translator may not fix the source; a reporter may, and it is recorded.
    let out = on_desk(
        &desk,
        &[
            "fix-source",
            slug,
            "--row",
            "2",
            "--text",
            "ပြင်",
            "--as",
            "Aye Aye Mon",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    let out = on_desk(
        &desk,
        &[
            "fix-source",
            slug,
            "--row",
            "2",
            "--text",
            "ပြင်ဆင်ပြီး",
            "--note",
            "typo",
            "--as",
            "Ko Min Thu",
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let history = text(&on_desk(&desk, &["history", slug]).stdout);
    let last = history.lines().last().expect("a line");
    assert!(last.contains("\tKo Min Thu\t"), "{last}");
    assert!(
        last.contains("source of Row 2 fixed (note: typo) (was: "),
        "{last}"
    );

    // Importing English needs someone whose stage it is.
    let dir = tempfile::tempdir().expect("temp");
    let english = dir.path().join("english.txt");
    std::fs::write(&english, "One.\n\nTwo.\n").expect("write");
    let out = on_desk(
        &desk,
        &[
            "import",
            english.to_str().expect("utf-8"),
            "--into",
            slug,
            "--as",
            "Nan Seng",
        ],
    );
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
}

#[test]
fn a_filed_story_starts_its_history_with_who_filed_it() {
    let (dir, desk) = crate::sample_copy();
    let file = dir.path().join("monywa-bridge.txt");
    std::fs::write(&file, "မုံရွာ တံတား\n\nပထမ စာပိုဒ်။\n").expect("write");
    let out = on_desk(
        &desk,
        &["import", file.to_str().expect("utf-8"), "--as", "Nan Seng"],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let history = text(&on_desk(&desk, &["history", "monywa-bridge"]).stdout);
    let first = history.lines().next().expect("a line");
    assert!(first.contains("\tNan Seng\tfiled\t"), "{history}");
    assert!(first.ends_with("\tfiled"), "{history}");
    // Someone off the roster cannot file.
    let out = on_desk(
        &desk,
        &[
            "import",
            file.to_str().expect("utf-8"),
            "--slug",
            "x",
            "--as",
            "Nobody",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(!desk.join("stories").join("x.ron").exists());
}

#[test]
fn a_correction_is_printed_in_every_publishable_format() {
    let (dir, desk) = crate::sample_copy();
    let slug = "magway-schools-reopen";
    let correction = "An earlier version of this story misstated the number of schools.";
    let out = on_desk(
        &desk,
        &[
            "stage",
            slug,
            "--to",
            "editing",
            "--correction",
            correction,
            "--as",
            "Clare Whitfield",
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = on_desk(
        &desk,
        &["sign-off", slug, "--as", "Clare Whitfield", "--confirm"],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let today = chrono::Utc::now().format("%B %-d, %Y").to_string();
    let dated = format!("Correction, {today}: {correction}");
    for format in ["html", "txt", "ninjs", "nitf", "md", "docx"] {
        let target = dir.path().join(format!("out.{format}"));
        let out = on_desk(
            &desk,
            &[
                "export",
                slug,
                "--format",
                format,
                "-o",
                target.to_str().expect("utf-8"),
            ],
        );
        assert!(out.status.success(), "{format}: {}", text(&out.stderr));
        if format == "docx" || format == "md" {
            continue;
        }
        let exported = std::fs::read_to_string(&target).expect("read");
        assert!(!exported.contains("DRAFT"), "{format} is publishable");
        let expected = match format {
            // In JSON the HTML body is a string: its markup and quotes are escaped.
            "ninjs" => "misstated the number of schools.".to_owned(),
            "html" => format!("<strong>Correction, {today}:</strong> {correction}"),
            _ => dated.clone(),
        };
        assert!(exported.contains(&expected), "{format}:\n{exported}");
    }
    let nitf = std::fs::read_to_string(dir.path().join("out.nitf")).expect("read");
    assert!(
        nitf.contains(&format!("<correction info=\"{dated}\"/>")),
        "NITF's own correction element: {nitf}"
    );
    // In ninjs, read as JSON: the dated correction is in the body's text.
    let ninjs: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("out.ninjs")).expect("read"))
            .expect("ninjs is JSON");
    let body = ninjs.to_string();
    assert!(body.contains(&format!("Correction, {today}:")), "{body}");
}

#[test]
fn a_story_older_than_the_record_of_filing_says_filed_unknown() {
    let dir = tempfile::tempdir().expect("temp dir");
    let desk = dir.path().join("v1");
    crate::copy_dir(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests")
            .join("fixtures")
            .join("format-v1"),
        &desk,
    );
    let out = copydesk(&[
        "history".as_ref(),
        desk.as_os_str(),
        "fixture-story".as_ref(),
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(
        stdout.lines().next().is_some_and(
            |l| l.ends_with("filed: unknown (the story predates Copydesk's record of filing)")
        ),
        "{stdout}"
    );
}

#[test]
fn two_programs_saving_one_story_in_loops_lose_nothing() {
    let (_dir, desk) = crate::sample_copy();
    let slug = "yangon-power-cuts";
    let run = |row: &'static str, tag: &'static str| {
        let desk = desk.clone();
        std::thread::spawn(move || {
            let mut saved = Vec::new();
            let start = std::time::Instant::now();
            let mut n = 0;
            while start.elapsed() < std::time::Duration::from_secs(3) {
                n += 1;
                let text = format!("{tag} {n}");
                let out = on_desk(
                    &desk,
                    &[
                        "fix-source",
                        slug,
                        "--row",
                        row,
                        "--text",
                        &text,
                        "--as",
                        "Ko Min Thu",
                    ],
                );
                match out.status.code() {
                    Some(0) => saved.push(text),
                    // Refused or busy: reported, and not counted as saved.
                    _ => assert!(!out.stderr.is_empty(), "a failure says why"),
                }
            }
            saved
        })
    };
    let first = run("1", "first");
    let second = run("2", "second");
    let first = first.join().expect("first loop");
    let second = second.join().expect("second loop");
    assert!(first.len() > 5 && second.len() > 5, "both made progress");
    // Every save reported done is in the history, and the file holds each side's last.
    let history = text(&on_desk(&desk, &["history", slug]).stdout);
    let fixes = |row: &str| {
        history
            .lines()
            .filter(|l| l.contains(&format!("source of Row {row} fixed")))
            .count()
    };
    assert_eq!(fixes("1"), first.len(), "no save of the first lost");
    assert_eq!(fixes("2"), second.len(), "no save of the second lost");
    let story = copydesk::store::load_desk(&desk)
        .expect("desk")
        .stories
        .into_iter()
        .find(|s| s.story.slug == slug)
        .expect("story")
        .story;
    assert_eq!(Some(&story.blocks[0].row.source), first.last());
    assert_eq!(Some(&story.blocks[1].row.source), second.last());
}
