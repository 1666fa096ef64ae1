//! Hostile and broken input, one test per thing an attacker or an accident was seen to do:
//! crafted Word files, oversized text, links and pipes in the desk, exports aimed at the
//! desk's own files, files from a newer version, duplicate ids, backups with odd dates and
//! permissions. Each input is made here, small; nothing big is committed.

use std::io::Write as _;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use copydesk::export::{self, Format};
use copydesk::import::{self, ImportError};

const APPROVED: &str = "hpakant-jade-mine-landslide";
const EDITOR: &str = "Clare Whitfield";
const REPORTER: &str = "Nan Seng";

/// Runs the command line, failing the test if it does not finish within a minute (a hang
/// is one of the failures looked for).
fn copydesk(args: &[&str]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_copydesk"))
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("runs");
    let started = Instant::now();
    while child.try_wait().expect("wait").is_none() {
        if started.elapsed() > Duration::from_mins(1) {
            let _ = child.kill();
            panic!("copydesk {args:?} hung");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().expect("output")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn arg(path: &Path) -> &str {
    path.to_str().expect("utf-8 path")
}

/// A Word file with the given main document, compressed.
pub fn docx(document: &[u8]) -> Vec<u8> {
    docx_with(document, zip::CompressionMethod::Deflated, false)
}

fn docx_with(document: &[u8], method: zip::CompressionMethod, large: bool) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(method)
        .large_file(large);
    zip.start_file("[Content_Types].xml", options)
        .expect("entry");
    zip.write_all(b"<Types/>").expect("write");
    zip.start_file("word/document.xml", options).expect("entry");
    zip.write_all(document).expect("write");
    zip.finish().expect("finish").into_inner()
}

const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;

pub fn document(body: &str) -> Vec<u8> {
    format!(r#"<?xml version="1.0" encoding="UTF-8"?><w:document {W}><w:body>{body}</w:body></w:document>"#)
        .into_bytes()
}

fn replace_all(bytes: &mut [u8], from: &[u8], to: &[u8]) -> usize {
    assert_eq!(from.len(), to.len());
    let mut count = 0;
    let mut at = 0;
    while let Some(found) = bytes[at..].windows(from.len()).position(|w| w == from) {
        let start = at + found;
        bytes[start..start + to.len()].copy_from_slice(to);
        count += 1;
        at = start + to.len();
    }
    count
}

fn bad_docx_problem(result: Result<Vec<import::Paragraph>, ImportError>) -> String {
    match result {
        Err(ImportError::BadDocx { file, problem }) => {
            assert_eq!(file, "story.docx", "the message names the file");
            problem
        }
        other => panic!("expected a refusal naming the file, got {other:?}"),
    }
}

#[test]
fn a_word_file_is_read_paragraph_by_paragraph_with_headings_tabs_and_entities() {
    let body = r#"<w:p><w:pPr><w:pStyle w:val="Heading2"/></w:pPr><w:r><w:t>Flood</w:t></w:r><w:r><w:t xml:space="preserve"> warning</w:t></w:r></w:p>
        <w:p/><w:p><w:r><w:t>   </w:t></w:r></w:p>
        <w:p><w:r><w:t>Rice &amp; oil</w:t><w:tab/><w:t>&#x1000;&#4096;</w:t><w:br/><w:t>&lt;next&gt;</w:t></w:r><w:r><w:delText>deleted</w:delText><w:instrText>PAGE</w:instrText></w:r></w:p>"#;
    let paragraphs = import::paragraphs("story.docx", &docx(&document(body))).expect("reads");
    assert_eq!(
        paragraphs,
        [
            import::Paragraph {
                kind: copydesk::model::BlockKind::Subhead,
                text: "Flood warning".to_owned(),
            },
            import::Paragraph {
                kind: copydesk::model::BlockKind::Paragraph,
                text: "Rice & oil\tကက\n<next>".to_owned(),
            },
        ]
    );
}

#[test]
fn a_zip_header_claiming_an_enormous_entry_is_refused_without_allocating_it() {
    // Written as a zip64 entry; its declared size then becomes 2^62 bytes.
    let text = document("<w:p><w:r><w:t>short</w:t></w:r></w:p>");
    let mut bytes = docx_with(&text, zip::CompressionMethod::Deflated, true);
    let real = (text.len() as u64).to_le_bytes();
    let claimed = (1u64 << 62).to_le_bytes();
    assert!(
        replace_all(&mut bytes, &real, &claimed) >= 1,
        "size patched"
    );
    let problem = bad_docx_problem(import::paragraphs("story.docx", &bytes));
    assert!(!problem.is_empty());
}

#[test]
fn a_word_file_with_a_bad_checksum_is_refused() {
    let text = document("<w:p><w:r><w:t>checksum</w:t></w:r></w:p>");
    let mut bytes = docx_with(&text, zip::CompressionMethod::Stored, false);
    // Change the stored text itself, so its CRC no longer matches.
    assert_eq!(replace_all(&mut bytes, b"checksum", b"CHECKSUM"), 1);
    let problem = bad_docx_problem(import::paragraphs("story.docx", &bytes));
    assert!(problem.contains("word/document.xml"), "{problem}");
}

#[test]
fn a_word_file_that_unzips_to_more_than_the_limit_is_refused() {
    // 65 MB of one letter compresses to a few tens of kilobytes.
    let mut text = document("<w:p><w:r><w:t>");
    text.truncate(text.len() - "</w:t></w:r></w:p></w:body></w:document>".len());
    text.resize(65 * 1024 * 1024, b'a');
    let bytes = docx(&text);
    assert!(bytes.len() < 1024 * 1024, "a small file: {}", bytes.len());
    let problem = bad_docx_problem(import::paragraphs("story.docx", &bytes));
    assert!(problem.contains("more than 64 MB"), "{problem}");
}

#[test]
fn a_word_file_of_too_many_tiny_paragraphs_is_refused_by_count() {
    let body = "<w:p><w:r><w:t>a</w:t></w:r></w:p>".repeat(import::MAX_PARAGRAPHS + 1);
    let bytes = docx(&document(&body));
    let err = import::paragraphs("story.docx", &bytes).expect_err("refused");
    assert_eq!(
        err,
        ImportError::TooManyParagraphs {
            file: "story.docx".to_owned(),
            limit: 20_000,
        }
    );
    assert!(
        err.to_string()
            .starts_with("story.docx: more than 20000 paragraphs")
    );
    // At the limit it is read.
    let body = "<w:p><w:r><w:t>a</w:t></w:r></w:p>".repeat(import::MAX_PARAGRAPHS);
    let read = import::paragraphs("story.docx", &docx(&document(&body))).expect("at the limit");
    assert_eq!(read.len(), 20_000);
}

#[test]
fn broken_word_files_are_refused_with_their_problem() {
    for (bytes, expected) in [
        (b"PK\x03\x04 not really".to_vec(), "not a zip container"),
        (
            {
                let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
                zip.start_file("other.xml", zip::write::SimpleFileOptions::default())
                    .expect("entry");
                zip.finish().expect("finish").into_inner()
            },
            "no word/document.xml",
        ),
        (
            docx(b"<w:document><w:body><w:p></w:body>"),
            "not well-formed",
        ),
        (
            docx(document(&"<w:p>".repeat(17)).as_slice()),
            "paragraphs nested more than 16 deep",
        ),
        (
            docx(b"<w:document><w:body><w:p><w:r><w:t>cut short"),
            "ends inside a paragraph",
        ),
        (docx(b"\xff\xfe<w:document/>"), "not UTF-8"),
    ] {
        let problem = bad_docx_problem(import::paragraphs("story.docx", &bytes));
        assert!(
            problem.contains(expected),
            "{problem} should say {expected}"
        );
    }
    // Too many parts.
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..=2_000 {
        zip.start_file(
            format!("part{i}.xml"),
            zip::write::SimpleFileOptions::default(),
        )
        .expect("entry");
    }
    let bytes = zip.finish().expect("finish").into_inner();
    let problem = bad_docx_problem(import::paragraphs("story.docx", &bytes));
    assert!(problem.contains("2001 parts"), "{problem}");
}

#[test]
fn text_of_too_many_paragraphs_is_refused_and_a_long_one_imports_with_distinct_ids() {
    let (_dir, desk) = crate::sample_copy();
    let long = desk.parent().expect("parent").join("long.txt");
    let paragraphs: Vec<String> = (0..=import::MAX_PARAGRAPHS)
        .map(|i| format!("Paragraph {i}."))
        .collect();
    std::fs::write(&long, paragraphs.join("\n\n")).expect("write");
    let output = copydesk(&["import", "--as", REPORTER, arg(&desk), arg(&long)]);
    assert!(!output.status.success());
    assert!(
        stderr(&output).contains("long.txt: more than 20000 paragraphs"),
        "{}",
        stderr(&output)
    );
    // One fewer is a (very long) story, every row its own id.
    std::fs::write(&long, paragraphs[1..].join("\n\n")).expect("write");
    let output = copydesk(&["import", "--as", REPORTER, arg(&desk), arg(&long)]);
    assert!(output.status.success(), "{}", stderr(&output));
    let story = copydesk::store::load_story(
        &desk,
        "long",
        &copydesk::store::load_settings(&desk).expect("settings"),
    )
    .expect("loads")
    .story;
    assert_eq!(story.blocks.len(), 20_000);
    let ids: std::collections::HashSet<_> = story.blocks.iter().map(|b| b.id).collect();
    assert_eq!(ids.len(), 20_000);
    assert_eq!(story.blocks[19_999].row.source, "Paragraph 20000.");
}

#[test]
fn an_import_larger_than_the_limit_is_refused_before_it_is_read() {
    let dir = tempfile::tempdir().expect("dir");
    let big = dir.path().join("big.txt");
    let file = std::fs::File::create(&big).expect("create");
    // A sparse file: 65 MB long, nothing written.
    file.set_len(65 * 1024 * 1024).expect("length");
    let err = copydesk::store::read_file(&big).expect_err("refused");
    assert!(
        err.to_string().contains("big.txt: larger than 64 MB"),
        "{err}"
    );
}

#[cfg(unix)]
#[test]
fn a_photo_linked_to_a_file_outside_the_desk_is_never_exported() {
    let (dir, desk) = crate::sample_copy();
    let secret = dir.path().join("secret.png");
    // Even a real image outside the desk is not read through a link.
    let marker = b"\x89PNG\r\n\x1a\nSECRET-OUTSIDE-THE-DESK";
    std::fs::write(&secret, marker).expect("write");
    let photo = desk.join("media").join("hpakant-landslide.png");
    std::fs::remove_file(&photo).expect("remove");
    std::os::unix::fs::symlink(&secret, &photo).expect("link");
    let out = dir.path().join("out");
    for format in ["html", "docx", "bilingual-docx"] {
        let file = out.with_extension(format);
        let output = copydesk(&[
            "export",
            "--draft",
            "--format",
            format,
            arg(&desk),
            APPROVED,
            "-o",
            arg(&file),
        ]);
        assert!(output.status.success(), "{format}: {}", stderr(&output));
        let bytes = std::fs::read(&file).expect("written");
        let haystack = crate::unzipped_or_raw(&bytes);
        for secret in [
            b"SECRET-OUTSIDE-THE-DESK".to_vec(),
            base64_of(marker).into_bytes(),
        ] {
            assert!(
                !haystack.windows(secret.len()).any(|w| w == secret),
                "{format} carries the linked file"
            );
        }
    }
    // /etc/passwd linked as a photo: neither embedded nor an error that stops the export.
    std::fs::remove_file(&photo).expect("remove");
    std::os::unix::fs::symlink("/etc/passwd", &photo).expect("link");
    let output = copydesk(&[
        "export",
        "--draft",
        "--format",
        "html",
        arg(&desk),
        APPROVED,
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        !String::from_utf8_lossy(&output.stdout).contains("cm9vd"),
        "no base64 of root:"
    );
}

fn base64_of(bytes: &[u8]) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

#[test]
fn a_photo_of_random_bytes_or_a_broken_image_costs_only_its_picture() {
    let (dir, desk) = crate::sample_copy();
    let photo = desk.join("media").join("hpakant-landslide.png");
    // Random bytes; then a PNG signature over garbage; then a PNG claiming 100,000 pixels
    // square.
    let mut huge = b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR".to_vec();
    huge.extend(100_000u32.to_be_bytes());
    huge.extend(100_000u32.to_be_bytes());
    huge.extend([8, 6, 0, 0, 0, 0, 0, 0, 0]);
    let mut random = Vec::new();
    let mut x: u32 = 12_345;
    for _ in 0..4096 {
        x = x.wrapping_mul(1_103_515_245).wrapping_add(12_345);
        random.push((x >> 16) as u8);
    }
    let mut fake_png = b"\x89PNG\r\n\x1a\n".to_vec();
    fake_png.extend(&random);
    for bytes in [random.clone(), fake_png, huge] {
        std::fs::write(&photo, &bytes).expect("write");
        let file = dir.path().join("out.docx");
        let output = copydesk(&[
            "export",
            "--draft",
            "--format",
            "docx",
            arg(&desk),
            APPROVED,
            "-o",
            arg(&file),
        ]);
        assert!(output.status.success(), "{}", stderr(&output));
        assert!(file.is_file());
    }
}

#[cfg(unix)]
#[test]
fn a_pipe_where_a_story_should_be_is_named_not_waited_on() {
    let (_dir, desk) = crate::sample_copy();
    let fifo = desk.join("stories").join("x.ron");
    let made = Command::new("mkfifo").arg(&fifo).status().expect("mkfifo");
    assert!(made.success());
    let output = copydesk(&["list", arg(&desk)]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("x.ron: not a regular file"),
        "{}",
        stderr(&output)
    );
    // The other stories are still listed.
    assert_eq!(String::from_utf8_lossy(&output.stdout).lines().count(), 7);
}

#[test]
fn an_export_aimed_at_the_desk_s_own_files_is_refused() {
    let (_dir, desk) = crate::sample_copy();
    let story_file = desk.join("stories").join(format!("{APPROVED}.ron"));
    let before = std::fs::read(&story_file).expect("read");
    let sneaky = desk
        .join("media")
        .join("..")
        .join("stories")
        .join(format!("{APPROVED}.ron"));
    for target in [
        story_file.clone(),
        sneaky,
        desk.join("desk.ron"),
        desk.join("backups").join("x.html"),
        desk.join("media").join("x.html"),
        desk.join("history").join("x.html"),
        desk.join(".copydesk").join("index.ron"),
    ] {
        let output = copydesk(&[
            "export",
            "--draft",
            "--format",
            "txt",
            arg(&desk),
            APPROVED,
            "-o",
            arg(&target),
        ]);
        assert_eq!(output.status.code(), Some(2), "{}", target.display());
        assert!(
            stderr(&output).contains("inside the desk's own files"),
            "{}",
            stderr(&output)
        );
    }
    assert_eq!(
        std::fs::read(&story_file).expect("read"),
        before,
        "untouched"
    );
    // Beside them at the top of the desk is fine.
    let beside = desk.join("landslide.txt");
    let output = copydesk(&[
        "export",
        "--draft",
        "--format",
        "txt",
        arg(&desk),
        APPROVED,
        "-o",
        arg(&beside),
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
}

#[test]
fn a_story_with_fields_from_a_newer_version_is_read_only_and_never_rewritten() {
    let (_dir, desk) = crate::sample_copy();
    let file = desk.join("stories").join(format!("{APPROVED}.ron"));
    let text = std::fs::read_to_string(&file).expect("read");
    let newer = text.replacen(
        "  stage: Approved,",
        "  stage: Approved,\n  embargo: Some(\"2027-01-01T00:00:00Z\"),",
        1,
    );
    std::fs::write(&file, &newer).expect("write");
    // It lists and exports.
    let output = copydesk(&["list", arg(&desk)]);
    assert!(output.status.success(), "{}", stderr(&output));
    let output = copydesk(&["export", "--draft", "--format", "txt", arg(&desk), APPROVED]);
    assert!(output.status.success(), "{}", stderr(&output));
    // Changing it is refused, with the reason, and the file keeps the field.
    let output = copydesk(&[
        "assign",
        "--as",
        EDITOR,
        arg(&desk),
        APPROVED,
        "Daniel Ross",
    ]);
    assert!(!output.status.success());
    assert!(
        stderr(&output).contains("a newer Copydesk wrote this story (it has embargo"),
        "{}",
        stderr(&output)
    );
    assert_eq!(std::fs::read_to_string(&file).expect("read"), newer);
}

#[test]
fn two_rows_with_one_id_are_refused_naming_both() {
    let (_dir, desk) = crate::sample_copy();
    let file = desk.join("stories").join(format!("{APPROVED}.ron"));
    let text = std::fs::read_to_string(&file).expect("read");
    std::fs::write(&file, text.replacen("id: (2),", "id: (1),", 1)).expect("write");
    let output = copydesk(&["list", arg(&desk)]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains(&format!(
            "{APPROVED}.ron: rows 1 and 2 have the same id (1)"
        )),
        "{}",
        stderr(&output)
    );
    let english = desk.parent().expect("parent").join("english.txt");
    std::fs::write(&english, "One.\n\nTwo.").expect("write");
    let output = copydesk(&[
        "import",
        "--as",
        EDITOR,
        "--into",
        APPROVED,
        arg(&desk),
        arg(&english),
    ]);
    assert!(!output.status.success());
    assert!(
        stderr(&output).contains("have the same id"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn ten_thousand_levels_of_nesting_are_refused_in_the_desk_s_words() {
    let (_dir, desk) = crate::sample_copy();
    let file = desk.join("stories").join("deep.ron");
    let deep = format!(
        "(format_version: 2, slug: \"deep\", extra: {}{})",
        "[".repeat(10_000),
        "]".repeat(10_000)
    );
    std::fs::write(&file, deep).expect("write");
    let output = copydesk(&["list", arg(&desk)]);
    assert_eq!(output.status.code(), Some(1));
    let message = stderr(&output);
    assert!(message.contains("deep.ron"), "{message}");
    assert!(message.contains("nested too deeply"), "{message}");
    assert!(!message.contains("ron::Options"), "{message}");
}

#[cfg(unix)]
#[test]
fn a_private_story_has_private_backups() {
    use std::os::unix::fs::PermissionsExt as _;
    let (_dir, desk) = crate::sample_copy();
    let file = desk.join("stories").join(format!("{APPROVED}.ron"));
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600)).expect("chmod");
    let output = copydesk(&[
        "assign",
        "--as",
        EDITOR,
        arg(&desk),
        APPROVED,
        "Daniel Ross",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let backups: Vec<_> = std::fs::read_dir(desk.join("backups").join(APPROVED))
        .expect("backups made")
        .map(|e| e.expect("entry").path())
        .collect();
    assert_eq!(backups.len(), 1);
    let mode = std::fs::metadata(&backups[0])
        .expect("meta")
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o600);
    let mode = std::fs::metadata(&file).expect("meta").permissions().mode();
    assert_eq!(mode & 0o777, 0o600, "the story stays private too");
}

#[test]
fn a_backup_dated_in_the_future_does_not_stop_backups() {
    let (_dir, desk) = crate::sample_copy();
    let dir = desk.join("backups").join(APPROVED);
    std::fs::create_dir_all(&dir).expect("dir");
    // A colleague's clock a year ahead, on a shared drive.
    let future = dir.join("20271231T000000.000000Z.ron");
    std::fs::write(&future, "(format_version: 2)").expect("write");
    let output = copydesk(&[
        "assign",
        "--as",
        EDITOR,
        arg(&desk),
        APPROVED,
        "Daniel Ross",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let count = std::fs::read_dir(&dir).expect("read").count();
    assert_eq!(count, 2, "a backup of today was made beside the future one");
}

mod names {
    //! Every format, every display choice: a name credited as the service or withheld,
    //! including as a comment's author, is in no byte of any export.
    use chrono::{TimeZone as _, Utc};
    use proptest::prelude::*;

    use copydesk::export::{self, Format};
    use copydesk::model::{Comment, Contributor, CreditDisplay, Role, RowRef};

    /// A name no story text contains, numbered: `Qx7Marker03`.
    fn marker(n: usize) -> String {
        format!("Qx7Marker{n:02}")
    }

    fn display() -> impl Strategy<Value = CreditDisplay> {
        prop_oneof![
            Just(CreditDisplay::Person),
            Just(CreditDisplay::Service),
            Just(CreditDisplay::Withheld),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

        #[test]
        fn no_masked_name_reaches_any_export(
            story_pick in 0usize..6,
            people in proptest::collection::vec((0usize..Role::ALL.len(), display(), 0usize..4, 0usize..3), 1..6),
            authors in proptest::collection::vec((0usize..8, 0usize..4), 0..6),
        ) {
            let root = crate::sample_desk();
            let desk = copydesk::store::load_desk(&root).expect("sample");
            let mut story = desk.stories[story_pick % desk.stories.len()].story.clone();
            // Names may repeat: one person in two roles, credited differently in each.
            story.contributors = people
                .iter()
                .map(|(role, display, who, spelling)| Contributor {
                    role: Role::ALL[*role],
                    // The same person spelled as people type: case and spaces vary.
                    name: match spelling {
                        0 => marker(*who),
                        1 => marker(*who).to_lowercase(),
                        _ => format!("  {} ", marker(*who).to_uppercase()),
                    },
                    display: *display,
                })
                .collect();
            // Worked out here: a name is masked when any of its credits is not by name.
            let masked: Vec<String> = people
                .iter()
                .filter(|(_, display, _, _)| *display != CreditDisplay::Person)
                .map(|(_, _, who, _)| marker(*who).to_lowercase())
                .collect();
            // The generated credit line (a typed one is the desk's own words).
            story.credit_line_override = None;
            let at = Utc.with_ymd_and_hms(2026, 8, 1, 9, 0, 0).single().expect("date");
            let anchors = [RowRef::Headline, RowRef::Deck];
            for (i, (who, anchor)) in authors.iter().enumerate() {
                // Contributors, and one person who is not credited at all.
                let author = if *who < 4 { marker(*who) } else { "Clare Whitfield".to_owned() };
                let anchor = match anchor {
                    0 | 1 => anchors[*anchor],
                    _ => RowRef::Block(story.blocks[*anchor % story.blocks.len()].id),
                };
                story.comments.push(Comment {
                    id: u32::try_from(i).expect("small") + 1,
                    anchor,
                    author,
                    created: at,
                    edited: None,
                    text: "Check this figure.".to_owned(),
                    replies: Vec::new(),
                    resolved: None,
                });
            }
            let media = copydesk::store::DeskMedia { root: &root };
            for format in Format::ALL {
                let bytes = export::export(&story, &desk.settings, &media, format, true)
                    .expect("exports");
                let haystack = crate::unzipped_or_raw(&bytes).to_ascii_lowercase();
                for name in &masked {
                    let found = haystack.windows(name.len()).any(|w| w == name.as_bytes());
                    prop_assert!(!found, "{} is in the {} export", name, format.key());
                }
            }
            // The search does find names that may be printed: a credited person is in the
            // plain-text credit line.
            let printed = [Role::Reporter, Role::Translator, Role::Writer];
            if let Some((_, _, who, _)) = people.iter().find(|(r, d, who, _)| {
                *d == CreditDisplay::Person
                    && printed.contains(&Role::ALL[*r])
                    && !masked.contains(&marker(*who).to_lowercase())
            }) {
                let text = export::export(&story, &desk.settings, &media, Format::Text, true)
                    .expect("text");
                let text = String::from_utf8_lossy(&text).to_lowercase();
                prop_assert!(text.contains(&marker(*who).to_lowercase()));
            }
        }
    }
}

#[test]
fn settings_with_fields_from_a_newer_version_are_never_rewritten() {
    let (_dir, desk) = crate::sample_copy();
    let file = desk.join("desk.ron");
    let text = std::fs::read_to_string(&file).expect("read");
    let newer = text.replacen(
        "  name: \"Myanmar Desk\",",
        "  name: \"Myanmar Desk\",\n  time_zone: \"Asia/Yangon\",",
        1,
    );
    assert_ne!(newer, text);
    std::fs::write(&file, &newer).expect("write");
    // The desk still opens and lists.
    let output = copydesk(&["list", arg(&desk)]);
    assert!(output.status.success(), "{}", stderr(&output));
    let output = copydesk(&[
        "desk",
        "set",
        "--as",
        EDITOR,
        arg(&desk),
        "name",
        "Burmese Desk",
    ]);
    assert!(!output.status.success());
    assert!(
        stderr(&output).contains("desk.ron: a newer Copydesk wrote this file (it has time_zone"),
        "{}",
        stderr(&output)
    );
    assert_eq!(std::fs::read_to_string(&file).expect("read"), newer);
}

#[cfg(unix)]
#[test]
fn desk_folders_that_are_links_out_of_the_desk_are_never_written_or_read_through() {
    let (dir, desk) = crate::sample_copy();
    let outside = dir.path().join("outside");
    std::fs::create_dir_all(&outside).expect("dir");
    // A story's history folder pointing out of the desk: a stage move writes a revision.
    let history = desk.join("history").join(APPROVED);
    let _ = std::fs::remove_dir_all(&history);
    std::os::unix::fs::symlink(&outside, &history).expect("link");
    let output = copydesk(&[
        "stage",
        "--as",
        EDITOR,
        "--note",
        "one more look",
        "--to",
        "editing",
        arg(&desk),
        APPROVED,
    ]);
    assert!(!output.status.success());
    assert!(
        stderr(&output).contains("a link or file where the desk's own folder should be"),
        "{}",
        stderr(&output)
    );
    assert_eq!(
        std::fs::read_dir(&outside).expect("read").count(),
        0,
        "nothing written outside"
    );
    // The whole history folder a link: a new story's history folder is not made through it.
    let outside_history = dir.path().join("outside-history");
    std::fs::create_dir_all(&outside_history).expect("dir");
    std::fs::rename(desk.join("history"), dir.path().join("old-history")).expect("move");
    std::os::unix::fs::symlink(&outside_history, desk.join("history")).expect("link");
    let new = dir.path().join("new-story.txt");
    std::fs::write(&new, "ရန်ကုန်").expect("write");
    let output = copydesk(&["import", "--as", REPORTER, arg(&desk), arg(&new)]);
    assert!(!output.status.success());
    assert_eq!(
        std::fs::read_dir(&outside_history).expect("read").count(),
        0,
        "no folder made outside the desk"
    );
    std::fs::remove_file(desk.join("history")).expect("unlink");
    std::fs::rename(dir.path().join("old-history"), desk.join("history")).expect("back");
    // The media folder pointing elsewhere: its photos are not exported.
    let pictures = dir.path().join("pictures");
    std::fs::create_dir_all(&pictures).expect("dir");
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    png.extend(b"PRIVATE-PICTURE-BYTES");
    std::fs::write(pictures.join("hpakant-landslide.png"), &png).expect("write");
    std::fs::rename(desk.join("media"), dir.path().join("old-media")).expect("move");
    std::os::unix::fs::symlink(&pictures, desk.join("media")).expect("link");
    let output = copydesk(&[
        "export",
        "--draft",
        "--format",
        "html",
        arg(&desk),
        APPROVED,
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let html = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        !html.contains(&base64_of(&png)),
        "a photo read through the linked folder"
    );
    // A history folder that is another story's, and a stories folder elsewhere: refused
    // when read, named.
    let other = desk.join("history").join("kani-chindwin-flood");
    let yangon = desk.join("history").join("yangon-power-cuts");
    let _ = std::fs::remove_dir_all(&yangon);
    std::os::unix::fs::symlink(&other, &yangon).expect("link");
    let output = copydesk(&["history", arg(&desk), "yangon-power-cuts"]);
    assert!(!output.status.success());
    assert!(
        stderr(&output).contains("yangon-power-cuts: a link or file where"),
        "{}",
        stderr(&output)
    );
    let elsewhere = dir.path().join("elsewhere-stories");
    std::fs::rename(desk.join("stories"), &elsewhere).expect("move");
    std::os::unix::fs::symlink(&elsewhere, desk.join("stories")).expect("link");
    let output = copydesk(&[
        "assign",
        "--as",
        EDITOR,
        arg(&desk),
        "kani-chindwin-flood",
        "Daniel Ross",
    ]);
    assert!(!output.status.success());
    assert!(
        stderr(&output).contains("stories: a link or file where"),
        "{}",
        stderr(&output)
    );
    let output = copydesk(&["list", arg(&desk)]);
    assert!(!output.status.success());
}

#[cfg(unix)]
#[test]
fn pipes_among_the_desk_s_working_files_are_refused_not_waited_on() {
    let (_dir, desk) = crate::sample_copy();
    let derived = desk.join(".copydesk");
    std::fs::create_dir_all(derived.join("locks")).expect("dir");
    let _ = std::fs::remove_file(derived.join("index.ron"));
    for fifo in [
        derived.join("index.ron"),
        derived.join("locks").join(format!("{APPROVED}.lock")),
    ] {
        let made = Command::new("mkfifo").arg(&fifo).status().expect("mkfifo");
        assert!(made.success());
    }
    // Listing reads the index: the pipe is passed over (the index is rebuilt in memory).
    let output = copydesk(&["list", arg(&desk)]);
    assert_eq!(
        String::from_utf8_lossy(&output.stdout).lines().count(),
        7,
        "{}",
        stderr(&output)
    );
    // Changing the story takes its lock: refused by name.
    let output = copydesk(&[
        "assign",
        "--as",
        EDITOR,
        arg(&desk),
        APPROVED,
        "Daniel Ross",
    ]);
    assert!(!output.status.success());
    assert!(
        stderr(&output).contains(".lock: not a regular file"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn a_text_box_becomes_its_own_paragraph_read_once_and_hyphens_stay() {
    let body = r#"<w:p><w:r><w:t xml:space="preserve">Outer text before the box. </w:t></w:r><w:r><mc:AlternateContent xmlns:mc="urn:mc"><mc:Choice Requires="wps"><w:drawing><w:txbxContent><w:p><w:r><w:t>Box text.</w:t></w:r></w:p></w:txbxContent></w:drawing></mc:Choice><mc:Fallback><w:pict><w:txbxContent><w:p><w:r><w:t>Box text.</w:t></w:r></w:p></w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r><w:r><w:t xml:space="preserve"> Outer text after the box, non</w:t><w:noBreakHyphen/><w:t>breaking.</w:t></w:r></w:p><w:p><w:r><w:t>Last paragraph.</w:t></w:r></w:p>"#;
    let read = import::paragraphs("story.docx", &docx(&document(body))).expect("reads");
    let texts: Vec<&str> = read.iter().map(|p| p.text.as_str()).collect();
    assert_eq!(
        texts,
        [
            "Outer text before the box.  Outer text after the box, non\u{2011}breaking.",
            "Box text.",
            "Last paragraph.",
        ]
    );
}

#[test]
fn a_markdown_file_with_thousands_of_contributors_is_refused() {
    let mut md = String::from("---\ncopydesk_markdown: \"1\"\nslug: \"many\"\ncontributors:\n");
    for i in 0..300_000 {
        md.push_str(&format!(
            "  - {{\"display\":\"person\",\"name\":\"Person {i}\",\"role\":\"reporter\"}}\n"
        ));
    }
    md.push_str("---\n\n# Many\n");
    let err = import::parse_markdown("many.md", md.as_bytes(), chrono::Utc::now())
        .expect_err("refused")
        .to_string();
    assert_eq!(
        err,
        "many.md: line 205: more than 200 contributors; a story has a few"
    );
}

#[test]
fn a_credit_line_lists_a_hundred_thousand_names_in_order() {
    // A hand-made story file can credit any number of people (the rule is linear now; it
    // once compared every name with every other, which made this a hang).
    let settings = copydesk::generate::settings();
    let contributors: Vec<copydesk::model::Contributor> = (0..100_000)
        .map(|i| copydesk::model::Contributor {
            role: copydesk::model::Role::Reporter,
            name: format!("Person {i}"),
            display: copydesk::model::CreditDisplay::Person,
        })
        .collect();
    let line = copydesk::credits::generated_credit_line(&contributors, &settings);
    assert!(line.starts_with("Reported by Person 0, Person 1, "));
    assert!(line.ends_with(" and Person 99999."));
}

#[test]
fn small_oddities_get_their_own_words() {
    let (_dir, desk) = crate::sample_copy();
    // A story saved with a byte-order mark by a text editor still opens.
    let file = desk.join("stories").join(format!("{APPROVED}.ron"));
    let mut bytes = "\u{feff}".as_bytes().to_vec();
    bytes.extend(std::fs::read(&file).expect("read"));
    std::fs::write(&file, bytes).expect("write");
    let output = copydesk(&["list", arg(&desk)]);
    assert!(output.status.success(), "{}", stderr(&output));
    // An export aimed at the desk's folders in another case is refused too.
    let output = copydesk(&[
        "export",
        "--draft",
        "--format",
        "txt",
        arg(&desk),
        APPROVED,
        "-o",
        arg(&desk.join("Stories").join("x.txt")),
    ]);
    assert!(
        stderr(&output).contains("inside the desk's own files"),
        "{}",
        stderr(&output)
    );
    // A folder where desk.ron should be is named as such.
    std::fs::remove_file(desk.join("desk.ron")).expect("remove");
    std::fs::create_dir(desk.join("desk.ron")).expect("folder");
    let output = copydesk(&["list", arg(&desk)]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("desk.ron: not a regular file"),
        "{}",
        stderr(&output)
    );
}

/// XML 1.0's `Char` production, written out from the specification.
fn xml_char(c: char) -> bool {
    matches!(c, '\u{9}' | '\u{a}' | '\u{d}' | '\u{20}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..='\u{10ffff}')
}

#[test]
fn control_characters_pasted_into_a_story_never_break_an_xml_export() {
    let root = crate::sample_desk();
    let desk = copydesk::store::load_desk(&root).expect("sample");
    let mut story = desk.stories[0].story.clone();
    let nasty = "First line\u{b}second\u{0} \u{1}\u{1b}[31m red\u{c}page \u{fffe}\u{ffff} end";
    story.headline.english = format!("Head{nasty}");
    story.deck.english = nasty.to_owned();
    for block in &mut story.blocks {
        block.row.english.push_str(nasty);
    }
    let media = copydesk::store::DeskMedia { root: &root };
    for format in [
        Format::Docx,
        Format::BilingualDocx,
        Format::Nitf,
        Format::Html,
        Format::BilingualHtml,
    ] {
        let bytes = export::export(&story, &desk.settings, &media, format, true).expect("exports");
        let parts: Vec<(String, Vec<u8>)> = if format.is_text() {
            vec![("the file".to_owned(), bytes)]
        } else {
            let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("zip");
            (0..zip.len())
                .map(|i| {
                    let mut entry = zip.by_index(i).expect("entry");
                    let mut content = Vec::new();
                    std::io::Read::read_to_end(&mut entry, &mut content).expect("read");
                    (entry.name().to_owned(), content)
                })
                .filter(|(name, _)| {
                    Path::new(name)
                        .extension()
                        .is_some_and(|e| e == "xml" || e == "rels")
                })
                .collect()
        };
        for (name, content) in parts {
            let text = String::from_utf8(content).expect("utf-8");
            let bad: Vec<char> = text.chars().filter(|&c| !xml_char(c)).collect();
            assert!(
                bad.is_empty(),
                "{} {name}: characters XML forbids: {bad:?}",
                format.key()
            );
        }
    }
    // The vertical tab of a Word paste is a line break, not lost text.
    let text = String::from_utf8(
        export::export(&story, &desk.settings, &media, Format::Text, true).expect("text"),
    )
    .expect("utf-8");
    assert!(text.contains("First line\nsecond"), "{text}");
}

#[test]
fn a_story_file_of_more_rows_than_a_story_has_is_refused_by_name() {
    let (_dir, desk) = crate::sample_copy();
    let mut story = copydesk::model::Story::new("huge", chrono::Utc::now());
    for _ in 0..=copydesk::store::MAX_STORY_ROWS {
        let id = story.allocate_block_id();
        story.blocks.push(copydesk::model::Block {
            id,
            kind: copydesk::model::BlockKind::Paragraph,
            row: copydesk::model::TextRow::default(),
            omitted: false,
            previous_source: None,
        });
    }
    let path = desk.join("stories").join("huge.ron");
    let text = copydesk::store::to_ron(&path, &story).expect("ron");
    std::fs::write(&path, text).expect("write");
    let output = copydesk(&["list", arg(&desk)]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("huge.ron: 50001 rows, more than the 50000 a story may have"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn an_import_too_large_for_a_story_file_is_refused_and_the_desk_is_unchanged() {
    let (dir, desk) = crate::sample_copy();
    let listed = copydesk(&["list", arg(&desk)]);
    assert!(listed.status.success(), "{}", stderr(&listed));
    let files = |folder: &str| -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(desk.join(folder))
            .expect("folder")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    };
    let (stories, history) = (files("stories"), files("history"));
    // 4,300 paragraphs of 4 KB: 17 MB, well inside what an import takes (64 MB, 20,000
    // paragraphs) but more than the 16 MB Copydesk reads of a story file.
    let paragraph = format!("{}end.", "word ".repeat(819));
    let text = vec![paragraph; 4_300].join("\n\n");
    assert!(text.len() > 17_000_000);
    let big = dir.path().join("big.txt");
    std::fs::write(&big, text).expect("write");

    let output = copydesk(&["import", "--as", REPORTER, arg(&desk), arg(&big)]);
    assert!(!output.status.success());
    assert!(
        // 16.8 MB of text, and each row's fields around it.
        stderr(&output).contains("big.ron: the story \"big\" would be 17.")
            && stderr(&output)
                .contains("MB, more than the 16 MB Copydesk reads back, so nothing was written"),
        "{}",
        stderr(&output)
    );
    assert_eq!(files("stories"), stories, "no story file written");
    assert_eq!(files("history"), history, "no history written");
    let after = copydesk(&["list", arg(&desk)]);
    assert!(after.status.success(), "{}", stderr(&after));
    assert_eq!(after.stdout, listed.stdout, "the desk lists as before");
}

#[test]
fn a_writing_command_says_which_story_is_busy_while_another_program_saves_it() {
    let (_dir, desk) = crate::sample_copy();
    let slug = "yangon-power-cuts";
    let file = desk.join("stories").join(format!("{slug}.ron"));
    let before = std::fs::read(&file).expect("read");
    let stage = [
        "stage",
        arg(&desk),
        slug,
        "--to",
        "writing",
        "--as",
        "Aye Aye Mon",
        "--confirm",
    ];
    // Another program saving the story: its lock, held through the store's own API.
    let lock = copydesk::store::StoryLock::acquire(&desk, slug, Duration::ZERO).expect("free");
    let started = Instant::now();
    let output = copydesk(&stage);
    let waited = started.elapsed();
    drop(lock);
    assert!(!output.status.success());
    assert!(
        stderr(&output).contains(&format!(
            "the story \"{slug}\" is busy: another program is saving it"
        )),
        "{}",
        stderr(&output)
    );
    assert!(
        waited >= copydesk::store::LOCK_WAIT,
        "waited {waited:?} first"
    );
    assert_eq!(
        std::fs::read(&file).expect("read"),
        before,
        "file unchanged"
    );
    // Once the other program is done, the same command goes through.
    let output = copydesk(&stage);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_ne!(std::fs::read(&file).expect("read"), before);
}
