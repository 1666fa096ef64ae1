//! Quality checks and the glossary from the command line, on copies of the sample desk:
//! `copydesk check`'s findings and exit codes, spelling with and without a dictionary, and
//! glossary imports (CSV in UTF-8 and UTF-16, TBX 2008 and v3, malformed and hostile files
//! that change nothing), export and import back.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const EDITOR: &str = "Clare Whitfield";
const TRANSLATOR: &str = "Aye Aye Mon";

fn copydesk(args: &[&OsStr], env: &[(&str, &OsStr)]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_copydesk"));
    command.args(args);
    for (k, v) in env {
        command.env(k, v);
    }
    command.output().expect("run copydesk")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("fixtures")
        .join("glossary")
        .join(name)
}

fn os(s: &str) -> &OsStr {
    OsStr::new(s)
}

fn glossary_list(desk: &Path) -> String {
    let out = copydesk(&[os("glossary"), os("list"), desk.as_os_str()], &[]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    text(&out.stdout)
}

/// Where Debian's hunspell-en-us puts its dictionary.
fn system_dictionary() -> PathBuf {
    PathBuf::from("/usr/share/hunspell/en_US.dic")
}

#[test]
fn check_finds_the_seeded_mistakes_and_exits_1() {
    let (_dir, desk) = crate::sample_copy();
    let out = copydesk(
        &[os("check"), desk.as_os_str(), os("yangon-power-cuts")],
        &[],
    );
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    // The draft's number: နှစ်သောင်း is 20,000; the English says 2,000.
    assert!(
        lines.contains(
            &"yangon-power-cuts\tRow 5\terror\tnumbers\tနှစ်သောင်း (20,000) in the source is not in the English"
        ),
        "{stdout}"
    );
    assert!(
        lines.contains(
            &"yangon-power-cuts\tRow 5\terror\tnumbers\t2,000 in the English is not in the source"
        ),
        "{stdout}"
    );
    // The glossary's township, misspelled.
    assert!(
        lines.contains(
            &"yangon-power-cuts\tRow 5\twarning\tterms\tလှိုင်သာယာ is \"Hlaing Tharyar\" in the glossary; the English does not use it"
        ),
        "{stdout}"
    );
    assert!(
        lines.contains(&"yangon-power-cuts\tRow 4\twarning\tdoubled-words\t\"about\" twice"),
        "{stdout}"
    );
    // Rows 6 and 7 are not translated yet.
    assert!(lines.contains(&"yangon-power-cuts\tRow 6\terror\tuntranslated\tno English yet"));
    for line in &lines {
        assert_eq!(line.split('\t').count(), 5, "{line}");
    }
}

#[test]
fn check_exits_0_without_errors_and_2_when_it_cannot_run() {
    let (_dir, desk) = crate::sample_copy();
    // The approved story: warnings at most.
    let out = copydesk(
        &[
            os("check"),
            desk.as_os_str(),
            os("hpakant-jade-mine-landslide"),
        ],
        &[],
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        text(&out.stdout),
        text(&out.stderr)
    );
    assert!(!text(&out.stdout).contains("\terror\t"));
    // JSON: an array of findings with their fields.
    let out = copydesk(
        &[
            os("check"),
            desk.as_os_str(),
            os("yangon-power-cuts"),
            os("--json"),
        ],
        &[],
    );
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let findings = json.as_array().expect("an array");
    let number = findings
        .iter()
        .find(|f| f["check"] == "numbers" && f["side"] == "english")
        .expect("the number");
    assert_eq!(number["text"], "2,000");
    assert_eq!(number["severity"], "error");
    assert_eq!(number["row"], "Row 5");
    // No such story, and no desk at all: could not run.
    let out = copydesk(&[os("check"), desk.as_os_str(), os("no-such-story")], &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("no story \"no-such-story\""));
    let out = copydesk(&[os("check"), desk.join("nowhere").as_os_str()], &[]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn spelling_without_a_dictionary_says_so_once_and_checks_the_rest() {
    let (dir, desk) = crate::sample_copy();
    let empty = dir.path().join("no-dictionaries");
    std::fs::create_dir_all(&empty).expect("dir");
    let out = copydesk(
        &[os("check"), desk.as_os_str(), os("yangon-power-cuts")],
        &[("COPYDESK_HUNSPELL_DIR", empty.as_os_str())],
    );
    assert_eq!(out.status.code(), Some(1), "the numbers still count");
    let stderr = text(&out.stderr);
    assert_eq!(
        stderr
            .matches("no spelling dictionary is installed")
            .count(),
        1,
        "{stderr}"
    );
    assert!(stderr.contains("hunspell-en-us"), "{stderr}");
    let stdout = text(&out.stdout);
    assert!(!stdout.contains("\tspelling\t"), "{stdout}");
    assert!(stdout.contains("\tnumbers\t"), "{stdout}");
}

#[test]
fn spelling_with_the_system_dictionary_finds_the_new_users_typos() {
    assert!(
        system_dictionary().exists(),
        "this test needs Debian's hunspell-en-us (.ci/run installs it)"
    );
    let (_dir, desk) = crate::sample_copy();
    // A translator types the sentence into a draft row.
    let story = desk.join("stories").join("yangon-power-cuts.ron");
    let ron = std::fs::read_to_string(&story).expect("story");
    let ron = ron.replacen(
        "english: \"Shopkeepers and small busines owners",
        "english: \"Teh goverment recieved complaints from shopkeepers and small business owners, who",
        1,
    );
    std::fs::write(&story, ron).expect("write");
    let out = copydesk(
        &[os("check"), desk.as_os_str(), os("yangon-power-cuts")],
        &[],
    );
    let stdout = text(&out.stdout);
    for word in ["Teh", "goverment", "recieved"] {
        assert!(
            stdout.contains(&format!(
                "Row 4\twarning\tspelling\t\"{word}\" is not in the dictionary"
            )),
            "{word}: {stdout}"
        );
    }
    // Names from the glossary, the desk's word list and the contributors are known.
    for known in ["Sandar", "Yangon", "Tharyar", "kyat"] {
        assert!(
            !stdout.contains(&format!("\"{known}\"")),
            "{known}: {stdout}"
        );
    }
    assert!(
        !text(&out.stderr).contains("dictionary"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn a_glossary_term_inside_a_longer_syllable_is_not_found() {
    let (_dir, desk) = crate::sample_copy();
    // ကု is the first part of the syllable ကုန် in ရန်ကုန်: as a term it must not match.
    let out = copydesk(
        &[
            os("glossary"),
            os("add"),
            desk.as_os_str(),
            os("ကု"),
            os("Ku"),
            os("--as"),
            os(TRANSLATOR),
        ],
        &[],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = copydesk(
        &[os("check"), desk.as_os_str(), os("yangon-power-cuts")],
        &[],
    );
    assert!(
        !text(&out.stdout).contains("\"Ku\""),
        "{}",
        text(&out.stdout)
    );
}

#[test]
fn csv_in_utf8_and_utf16_imports_with_skipped_rows_named() {
    let (_dir, desk) = crate::sample_copy();
    let before = glossary_list(&desk);
    let file = fixture("desk-terms.csv");
    let out = copydesk(
        &[
            os("glossary"),
            os("import"),
            desk.as_os_str(),
            file.as_os_str(),
            os("--as"),
            os(EDITOR),
        ],
        &[],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    // Yangon, the Chindwin and the military council are in the sample glossary already:
    // replaced (note and variants from the file); Min Aung Hlaing is new.
    assert_eq!(
        text(&out.stdout),
        "1 term(s) added, 3 replaced, 1 skipped\n"
    );
    assert!(
        text(&out.stderr).contains("desk-terms.csv:6: skipped: no source or no English"),
        "{}",
        text(&out.stderr)
    );
    let list = glossary_list(&desk);
    assert_eq!(list.lines().count(), before.lines().count() + 1);
    assert!(
        list.lines().any(|l| l.starts_with(
            "စစ်ကောင်စီ\tmilitary council\tjunta;regime\tthe desk does not write junta in news copy\tClare Whitfield\t"
        )),
        "{list}"
    );
    assert!(list.contains("Head of the military council; \"Senior Gen.\" on first reference"));

    let file = fixture("excel-unicode.txt");
    let out = copydesk(
        &[
            os("glossary"),
            os("import"),
            desk.as_os_str(),
            file.as_os_str(),
            os("--as"),
            os(EDITOR),
        ],
        &[],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("read as UTF-16"));
    assert!(
        glossary_list(&desk)
            .lines()
            .any(|l| l.starts_with("ကနီ\tKani\t\ttownship in Sagaing Region\t"))
    );
}

#[test]
fn a_bad_file_is_named_and_changes_nothing() {
    let (dir, desk) = crate::sample_copy();
    let glossary = desk.join("glossary.ron");
    let before = std::fs::read(&glossary).expect("the sample has a glossary");
    let refused = |file: &Path, actor: &str, expect: &str| {
        let out = copydesk(
            &[
                os("glossary"),
                os("import"),
                desk.as_os_str(),
                file.as_os_str(),
                os("--as"),
                os(actor),
            ],
            &[],
        );
        assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
        let stderr = text(&out.stderr);
        assert!(stderr.contains(expect), "{expect}: {stderr}");
        assert_eq!(
            std::fs::read(&glossary).expect("glossary"),
            before,
            "{expect}"
        );
    };
    refused(
        &fixture("wrong-columns.csv"),
        EDITOR,
        "wrong-columns.csv: line 1: no source column",
    );
    refused(
        &fixture("entities.tbx"),
        EDITOR,
        "entities.tbx: line 2: the file declares entities",
    );
    refused(
        &fixture("cut-short.tbx"),
        EDITOR,
        "cut-short.tbx: line 6: the file ends before its root element closes",
    );
    // Translators add terms one by one; importing a file is for editors.
    refused(
        &fixture("desk-terms.csv"),
        TRANSLATOR,
        "that is for editors",
    );
    // Deep nesting and a file that is not TBX.
    let deep = dir.path().join("deep.tbx");
    std::fs::write(&deep, format!("<tbx>{}", "<a>".repeat(100_000))).expect("write");
    refused(
        &deep,
        EDITOR,
        "deep.tbx: line 1: elements nested more than 32 deep",
    );
    let html = dir.path().join("page.tbx");
    std::fs::write(&html, "<html><body/></html>").expect("write");
    refused(
        &html,
        EDITOR,
        "page.tbx: line 1: not a TBX file: it holds <html>",
    );
    // Zawgyi terms: refused until the person says what to do, then converted.
    let zawgyi = dir.path().join("zawgyi.csv");
    let converted = "ရန်ကုန်မြို့";
    let legacy = copydesk::script::zawgyi::to_zawgyi(converted).expect("to Zawgyi");
    assert_ne!(legacy, converted);
    std::fs::write(
        &zawgyi,
        format!("source,english\n{legacy},Yangon city\n{legacy}တွင်,in Yangon city\n"),
    )
    .expect("write");
    refused(&zawgyi, EDITOR, "look like Zawgyi-encoded Burmese");
    let out = copydesk(
        &[
            os("glossary"),
            os("import"),
            desk.as_os_str(),
            zawgyi.as_os_str(),
            os("--as"),
            os(EDITOR),
            os("--zawgyi"),
            os("convert"),
        ],
        &[],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("2 converted from Zawgyi"),
        "{}",
        text(&out.stdout)
    );
    assert!(
        glossary_list(&desk)
            .lines()
            .any(|l| l.starts_with(&format!("{converted}\tYangon city\t")))
    );
}

#[test]
fn tbx_2008_and_v3_import_and_an_export_reads_back() {
    let (dir, desk) = crate::sample_copy();
    for (file, expect) in [
        // Yangon, Mandalay and Pathein are in the sample glossary: replaced.
        (
            "tbx-basic-2008.tbx",
            "0 term(s) added, 2 replaced, 1 skipped\n",
        ),
        ("tbx-v3.tbx", "0 term(s) added, 1 replaced, 1 skipped\n"),
    ] {
        let path = fixture(file);
        let out = copydesk(
            &[
                os("glossary"),
                os("import"),
                desk.as_os_str(),
                path.as_os_str(),
                os("--as"),
                os(EDITOR),
            ],
            &[],
        );
        assert!(out.status.success(), "{file}: {}", text(&out.stderr));
        assert_eq!(text(&out.stdout), expect, "{file}: {}", text(&out.stderr));
    }
    let list = glossary_list(&desk);
    // 2008: the definition is the note, the deprecated variant forbidden, my-MM is Burmese;
    // the entry without Burmese (line 18) is skipped.
    assert!(
        list.lines()
            .any(|l| l.starts_with("ရန်ကုန်\tYangon\tRangoon\tLargest city of Myanmar\t")),
        "{list}"
    );
    assert!(
        list.lines().any(|l| l.starts_with("မန္တလေး\tMandalay\t")),
        "{list}"
    );
    // v3: the superseded name forbidden, who added it kept in the note, &amp; read.
    assert!(
        list.lines().any(|l| l.starts_with(
            "ပုသိမ်\tPathein\tBassein\tCapital of Ayeyarwady Region & a port added by Aye Aye Mon, 2026-07-01\t"
        )),
        "{list}"
    );
    // Export, then import into an empty copy: the same terms.
    let tbx = dir.path().join("out.tbx");
    let out = copydesk(
        &[
            os("glossary"),
            os("export"),
            desk.as_os_str(),
            os("-o"),
            tbx.as_os_str(),
        ],
        &[],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let written = std::fs::read_to_string(&tbx).expect("tbx");
    assert!(written.contains("<tbx type=\"TBX-Basic\" style=\"dca\" xml:lang=\"en\" xmlns=\"urn:iso:std:iso:30042:ed-2\">"));
    assert!(
        written
            .contains("<termNote type=\"administrativeStatus\">deprecatedTerm-admn-sts</termNote>")
    );
    let (_dir2, other) = crate::sample_copy();
    std::fs::remove_file(other.join("glossary.ron")).expect("remove");
    let out = copydesk(
        &[
            os("glossary"),
            os("import"),
            other.as_os_str(),
            tbx.as_os_str(),
            os("--as"),
            os(EDITOR),
        ],
        &[],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let terms = |list: &str| -> Vec<(String, String, String)> {
        let mut t: Vec<(String, String, String)> = list
            .lines()
            .map(|l| {
                let f: Vec<&str> = l.split('\t').collect();
                (f[0].to_owned(), f[1].to_owned(), f[2].to_owned())
            })
            .collect();
        t.sort();
        t
    };
    assert_eq!(terms(&glossary_list(&other)), terms(&glossary_list(&desk)));
}

#[test]
fn an_accepted_finding_is_left_out_recorded_and_raised_again_after_a_change() {
    let (_dir, desk) = crate::sample_copy();
    let check = |desk: &Path| {
        let out = copydesk(
            &[os("check"), desk.as_os_str(), os("yangon-power-cuts")],
            &[],
        );
        text(&out.stdout)
    };
    assert!(check(&desk).contains("Row 5\terror\tnumbers"));
    // A reason is required; then the editor accepts it.
    let accept = |reason: &str| {
        copydesk(
            &[
                os("accept"),
                desk.as_os_str(),
                os("yangon-power-cuts"),
                os("--row"),
                os("5"),
                os("--check"),
                os("numbers"),
                os("--reason"),
                os(reason),
                os("--as"),
                os(EDITOR),
            ],
            &[],
        )
    };
    let out = accept("  ");
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("needs a reason"),
        "{}",
        text(&out.stderr)
    );
    let out = accept("the tailor said 2,000; the reporter confirmed");
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        !check(&desk).contains("Row 5\terror\tnumbers"),
        "{}",
        check(&desk)
    );
    assert!(
        check(&desk).contains("Row 5\twarning\tterms"),
        "other checks still run"
    );
    let history = copydesk(
        &[os("history"), desk.as_os_str(), os("yangon-power-cuts")],
        &[],
    );
    let history = text(&history.stdout);
    assert!(
        history.lines().any(|l| l.starts_with('2')
            && l.contains(&format!("\t{EDITOR}\t"))
            && l.ends_with("accepted QA finding on Row 5 (numbers): the tailor said 2,000; the reporter confirmed")),
        "{history}"
    );
    // The English changes: the finding comes back.
    let story = desk.join("stories").join("yangon-power-cuts.ron");
    let ron = std::fs::read_to_string(&story).expect("story");
    std::fs::write(
        &story,
        ron.replacen("about 2,000 kyat", "about 2,000 kyats", 1),
    )
    .expect("write");
    assert!(check(&desk).contains("Row 5\terror\tnumbers"));
}

#[test]
fn handing_on_lists_qa_errors_with_what_is_open_and_records_them() {
    let (_dir, desk) = crate::sample_copy();
    let hand_on = |confirm: bool| {
        let mut args = vec![
            os("stage"),
            desk.as_os_str(),
            os("yangon-power-cuts"),
            os("--to"),
            os("writing"),
            os("--as"),
            os(TRANSLATOR),
        ];
        if confirm {
            args.push(os("--confirm"));
        }
        copydesk(&args, &[])
    };
    let out = hand_on(false);
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    // Untranslated rows and QA errors, each once: the rows with no English are not counted
    // again as QA errors.
    assert!(stderr.contains("row(s) not confirmed"), "{stderr}");
    assert!(
        stderr.contains(
            "2 QA error(s), on Row 5: နှစ်သောင်း (20,000) in the source is not in the English; 2,000 in the English is not in the source"
        ),
        "{stderr}"
    );
    let out = hand_on(true);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let history = copydesk(
        &[os("history"), desk.as_os_str(), os("yangon-power-cuts")],
        &[],
    );
    let last = text(&history.stdout);
    let last = last.lines().last().expect("a revision");
    assert!(
        last.contains("confirmed despite:") && last.contains("2 QA error(s), on Row 5"),
        "{last}"
    );
}

#[test]
fn the_window_lists_findings_jumps_to_them_and_inserts_a_term() {
    use egui_kittest::kittest::Queryable as _;
    let (_dir, desk) = crate::sample_copy();
    let mut harness = crate::window_on(&desk);
    harness.state_mut().set_identity(Some(TRANSLATOR));
    harness.run();
    assert!(harness.state_mut().open("yangon-power-cuts"));
    harness.run();
    // The tab counts errors and warnings: the draft's number and rows 6 and 7 without
    // English; the doubled word, the misspelling, the township and its spelling.
    crate::click(&mut harness, "QA (4/4)");
    assert!(
        harness
            .query_by_label_contains("2,000 in the English is not in the source")
            .is_some()
    );
    assert!(harness.query_by_label("Row 4 · doubled-words").is_some());
    // A finding takes the person to its row.
    let links = harness.query_all_by_label("Row 5 · numbers").count();
    assert_eq!(links, 2, "one finding on each side");
    harness
        .get_all_by_label("Row 5 · numbers")
        .nth(1)
        .expect("the English one")
        .click();
    harness.run();
    harness.run();
    let (_, row) = harness.state().open_story().expect("a story is open");
    let story = crate::story_now(&harness, "yangon-power-cuts");
    assert_eq!(copydesk::model::row_name(&story, row), "Row 5");
    // The Terms tab lists the row's glossary terms; a click puts the English in.
    crate::click(&mut harness, "Terms");
    assert!(
        harness
            .query_by_label("industrial township of Yangon")
            .is_some()
    );
    crate::click(&mut harness, "Hlaing Tharyar");
    harness.run();
    let story = crate::story_now(&harness, "yangon-power-cuts");
    let english = &story.row(row).expect("row 5").english;
    assert!(english.contains("Hlaing Tharyar"), "{english}");
    // The QA tab follows the edit: the township's English is used now, and the row spells
    // it two ways (the misspelled one is still there).
    crate::click(&mut harness, "QA (4/4)");
    assert!(harness.query_by_label("Row 5 · terms").is_none());
    assert!(harness.query_by_label("Row 5 · names").is_some());
}

/// The TBX export keeps the rules of TBX-Basic's DCA Schematron (`DCA/TBX-Basic_DCA.sch`
/// in LTAC-Global/TBX-Basic_dialect) for everything it writes; its structure was checked by
/// hand against the TBX core RELAX NG schema (`xmllint --relaxng TBXcoreStructV03.rng`).
#[test]
fn the_tbx_export_keeps_tbx_basic_rules() {
    use quick_xml::events::Event;
    let (dir, desk) = crate::sample_copy();
    let tbx = dir.path().join("out.tbx");
    let out = copydesk(
        &[
            os("glossary"),
            os("export"),
            desk.as_os_str(),
            os("-o"),
            tbx.as_os_str(),
        ],
        &[],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let xml = std::fs::read_to_string(&tbx).expect("tbx");
    let mut reader = quick_xml::Reader::from_str(&xml);
    let mut stack: Vec<String> = Vec::new();
    let mut text_of: Option<String> = None;
    let mut checked = 0;
    loop {
        match reader.read_event().expect("well-formed") {
            Event::Start(e) => {
                let name = e.name().as_ref().to_owned();
                assert!(!name.contains(':'), "only TBX's own namespace: {name}");
                let attr = |key: &str| {
                    e.attributes()
                        .flatten()
                        .find(|a| a.key.as_ref() == key)
                        .map(|a| a.value.to_string())
                };
                match name.as_str() {
                    "tbx" => {
                        assert_eq!(attr("type").as_deref(), Some("TBX-Basic"));
                        assert_eq!(attr("style").as_deref(), Some("dca"));
                        assert_eq!(attr("xmlns").as_deref(), Some("urn:iso:std:iso:30042:ed-2"));
                    }
                    "termNote" => {
                        assert_eq!(stack.last().map(String::as_str), Some("termSec"));
                        assert_eq!(attr("type").as_deref(), Some("administrativeStatus"));
                        text_of = Some(String::new());
                    }
                    "transac" => assert_eq!(attr("type").as_deref(), Some("transactionType")),
                    "transacNote" => assert_eq!(attr("type").as_deref(), Some("responsibility")),
                    "langSec" => assert!(attr("xml:lang").is_some()),
                    _ => {}
                }
                for a in e.attributes().flatten() {
                    assert!(!a.value.is_empty(), "no empty attribute in <{name}>");
                    assert_ne!(a.key.as_ref(), "target", "no target: it would need an id");
                }
                stack.push(name);
            }
            Event::Text(t) => {
                if let Some(text) = &mut text_of {
                    text.push_str(&t.xml10_content());
                }
            }
            Event::End(_) if stack.pop().as_deref() == Some("termNote") => {
                let status = text_of.take().unwrap_or_default();
                assert!(
                    [
                        "admittedTerm-admn-sts",
                        "deprecatedTerm-admn-sts",
                        "supersededTerm-admn-sts",
                        "preferredTerm-admn-sts"
                    ]
                    .contains(&status.as_str()),
                    "{status}"
                );
                checked += 1;
            }
            Event::Eof => break,
            _ => {}
        }
    }
    // Eighteen preferred terms and the sample's forbidden variants.
    assert!(checked > 18, "{checked}");
}

#[test]
fn an_editor_imports_a_glossary_in_the_window_and_its_terms_are_found() {
    use egui_kittest::kittest::Queryable as _;
    let (_dir, desk) = crate::sample_copy();
    let mut harness = crate::window_on(&desk);
    harness.state_mut().set_identity(Some(EDITOR));
    harness.run();
    crate::click(&mut harness, "Desk");
    crate::click(&mut harness, "Glossary…");
    assert!(
        harness
            .query_by_label("The desk's glossary holds 18 term(s).")
            .is_some()
    );
    let file = fixture("desk-terms.csv");
    crate::type_into(&mut harness, "Glossary file", &file.display().to_string());
    crate::click(&mut harness, "Import glossary");
    // The dialog's report and the status bar both say it.
    assert!(
        harness
            .query_all_by_label_contains("1 term(s) added, 3 replaced, 1 skipped")
            .count()
            >= 1
    );
    assert!(
        harness
            .query_all_by_label_contains("line 6: no source or no English")
            .count()
            >= 1
    );
    let list = glossary_list(&desk);
    assert!(
        list.lines()
            .any(|l| l.starts_with("မင်းအောင်လှိုင်\tMin Aung Hlaing\t")),
        "{list}"
    );
}
