//! The Markdown export both ways, over arbitrary text: whatever a story holds (any Unicode,
//! markup characters, Copydesk's own markers, backslashes, blank lines), exporting and
//! importing gives the same story, and an independent CommonMark reader (pulldown-cmark,
//! what a web CMS might use) shows the text as text: no HTML passes through.

use chrono::{TimeZone as _, Utc};
use proptest::prelude::*;

use copydesk::export::{self, Format, NoMedia, Publishable};
use copydesk::model::{
    Block, BlockId, BlockKind, Contributor, CreditDisplay, Photo, Role, RowStatus, Story, TextRow,
};

/// Text made to be hard: pieces of Markdown and HTML, Copydesk's markers, escapes,
/// references, line breaks and blank lines, whitespace of every kind, and any character.
fn hostile_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        3 => any::<char>().prop_map(String::from),
        3 => "[a-zA-Zက-အ ]{1,8}",
        1 => Just("<!-- copydesk:credit-line -->".to_owned()),
        1 => Just("<!-- copydesk:body -->".to_owned()),
        1 => Just("<!-- copydesk:photo ".to_owned()),
        1 => Just("-->".to_owned()),
        1 => Just("<script>alert(1)</script>".to_owned()),
        1 => Just("<img src=x onerror=alert(1)>".to_owned()),
        1 => Just("\n".to_owned()),
        1 => Just("\n\n".to_owned()),
        1 => Just("\r\n".to_owned()),
        1 => Just("\\".to_owned()),
        1 => Just("\\\n".to_owned()),
        1 => Just("  ".to_owned()),
        1 => Just("\t".to_owned()),
        1 => Just("\u{a0}\u{3000}".to_owned()),
        1 => Just("&amp;".to_owned()),
        1 => Just("&#32;".to_owned()),
        1 => Just("1. ".to_owned()),
        1 => Just("2) ".to_owned()),
        1 => Just("# ".to_owned()),
        1 => Just("## ".to_owned()),
        1 => Just("> ".to_owned()),
        1 => Just("- ".to_owned()),
        1 => Just("===".to_owned()),
        1 => Just("---".to_owned()),
        1 => Just("```".to_owned()),
        1 => Just("    code".to_owned()),
        1 => Just("*em* _em_ `code` [link](x) ![i](y) | ~~s~~".to_owned()),
        1 => Just("https://example.com/<x>".to_owned()),
    ];
    proptest::collection::vec(piece, 0..12).prop_map(|pieces| pieces.concat())
}

/// A photo's file name with what a link target cannot hold as it is: spaces of every kind,
/// brackets, percent signs, line breaks and other control characters, Burmese.
fn file_name() -> impl Strategy<Value = String> {
    "[a-zA-Zက-အ0-9 ()<>%\t\n\r\u{7}\u{a0}\u{3000}\\]\\[]{1,10}".prop_map(|n| format!("{n}.png"))
}

/// The file name a reader should find: worked out by hand from the rules (no control
/// characters, trimmed).
fn shown_file(name: &str) -> String {
    name.chars()
        .filter(|c| !c.is_control())
        .collect::<String>()
        .trim()
        .to_owned()
}

/// A link target decoded as a browser would: `%XX` bytes back to UTF-8.
fn percent_decoded(target: &str) -> String {
    let bytes = target.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(hex) = target.get(i + 1..i + 3)
            && let Ok(byte) = u8::from_str_radix(hex, 16)
        {
            out.push(byte);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn kind() -> impl Strategy<Value = BlockKind> {
    prop_oneof![
        4 => Just(BlockKind::Paragraph),
        1 => Just(BlockKind::Subhead),
        1 => Just(BlockKind::Quote),
        1 => (file_name(), hostile_text(), hostile_text()).prop_map(|(file, credit, alt)| {
            BlockKind::Photo(Photo {
                file,
                credit,
                alt,
            })
        }),
    ]
}

fn display() -> impl Strategy<Value = CreditDisplay> {
    prop_oneof![
        Just(CreditDisplay::Person),
        Just(CreditDisplay::Service),
        Just(CreditDisplay::Withheld),
    ]
}

fn story() -> impl Strategy<Value = Story> {
    (
        hostile_text(),
        hostile_text(),
        hostile_text(),
        proptest::collection::vec((kind(), hostile_text()), 0..8),
        proptest::collection::vec(("[A-Za-z<>&\"\\\\ ]{1,12}", display()), 0..3),
    )
        .prop_map(|(headline, deck, place, blocks, people)| {
            let now = Utc
                .with_ymd_and_hms(2026, 8, 1, 9, 0, 0)
                .single()
                .expect("date");
            let mut story = Story::new("story", now);
            story.headline.english = headline;
            story.deck.english = deck;
            story.dateline.place = place;
            for (i, (kind, english)) in blocks.into_iter().enumerate() {
                story.blocks.push(Block {
                    id: BlockId(u32::try_from(i).expect("small") + 1),
                    kind,
                    row: TextRow {
                        source: String::new(),
                        english,
                        status: RowStatus::Reviewed,
                        pretranslated: None,
                        changed: None,
                    },
                    omitted: false,
                    previous_source: None,
                });
            }
            story.next_block_id = 100;
            for (name, display) in people {
                story.contributors.push(Contributor {
                    role: Role::Reporter,
                    name,
                    display,
                });
            }
            story
        })
}

/// Text as a reader is shown it, by the rule written out by hand: line breaks of other
/// systems (CR LF, CR, vertical tab, form feed) become LF, other control characters and
/// U+FFFE/U+FFFF go, and the ends are trimmed.
fn shown(text: &str) -> String {
    let mut out = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push('\n');
            }
            '\u{b}' | '\u{c}' => out.push('\n'),
            '\n' | '\t' => out.push(c),
            '\u{0}'..='\u{1f}' | '\u{7f}'..='\u{9f}' | '\u{fffe}' | '\u{ffff}' => {}
            c => out.push(c),
        }
    }
    out.trim().to_owned()
}

/// What the reader sees of a story, block by block, worked out here from the story itself:
/// each shown row's English as [`shown`], empty rows left out.
fn expected_blocks(story: &Story) -> Vec<(String, String)> {
    story
        .blocks
        .iter()
        .filter_map(|b| {
            let text = shown(&b.row.english);
            match &b.kind {
                BlockKind::Photo(p) => Some((
                    format!(
                        "photo {} / {} / {}",
                        shown_file(&p.file),
                        shown(&p.credit),
                        shown(&p.alt)
                    ),
                    text,
                )),
                _ if text.is_empty() => None,
                kind => Some((format!("{kind:?}"), text)),
            }
        })
        .collect()
}

fn markdown(story: &Story) -> Vec<u8> {
    let settings = copydesk::generate::settings();
    export::export(story, &settings, &NoMedia, Format::Markdown, true).expect("markdown")
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn export_then_import_gives_the_same_story(story in story()) {
        let settings = copydesk::generate::settings();
        let first = markdown(&story);
        let imported = copydesk::import::parse_markdown("story.md", &first, story.created)
            .expect("its own export imports")
            .story;
        prop_assert_eq!(&imported.headline.english, &shown(&story.headline.english));
        prop_assert_eq!(&imported.deck.english, &shown(&story.deck.english));
        prop_assert_eq!(&imported.dateline.place, &shown(&story.dateline.place));
        prop_assert_eq!(expected_blocks(&imported), expected_blocks(&story));
        // The credit line prints the same, though the names of people credited as the
        // service or withheld were never written.
        prop_assert_eq!(
            Publishable::of(&imported, &settings, true).credit_line,
            Publishable::of(&story, &settings, true).credit_line
        );
        for (person, back) in story.contributors.iter().zip(&imported.contributors) {
            if person.display != CreditDisplay::Person {
                prop_assert_eq!(back.name.as_str(), "");
            }
        }
        // And exporting the imported story again gives the same bytes.
        let mut again = imported;
        again.created = story.created;
        again.modified = story.modified;
        let second = markdown(&again);
        prop_assert_eq!(String::from_utf8_lossy(&first), String::from_utf8_lossy(&second));
    }

    #[test]
    fn a_commonmark_reader_shows_story_text_as_text(story in story()) {
        use pulldown_cmark::{Event, Parser};
        let bytes = markdown(&story);
        let text = String::from_utf8(bytes).expect("utf-8");
        // After the front matter, which a CMS strips, nothing is HTML but Copydesk's own
        // comments (whole lines the reader ignores).
        let body = text.splitn(3, "---\n").nth(2).expect("front matter");
        // Each photo is one image whose target, decoded, is its file name.
        let mut images = Vec::new();
        for event in Parser::new(body) {
            match event {
                Event::Start(pulldown_cmark::Tag::Image { dest_url, .. }) => {
                    images.push(percent_decoded(&dest_url));
                }
                Event::Html(html) | Event::InlineHtml(html) => {
                    let html = html.trim_end();
                    let ours = html == export::BODY_MARK
                        || html == export::CREDIT_MARK
                        || (html.starts_with(export::PHOTO_MARK)
                            && html.ends_with(" -->")
                            && html.matches("-->").count() == 1
                            && !html.contains('\n'));
                    prop_assert!(ours, "raw HTML passed through: {:?}", html);
                }
                _ => {}
            }
        }
        let photos: Vec<String> = story
            .blocks
            .iter()
            .filter(|b| !b.omitted)
            .filter_map(|b| match &b.kind {
                BlockKind::Photo(p) => Some(shown_file(&p.file)),
                _ => None,
            })
            .collect();
        prop_assert_eq!(images, photos);
        // Front matter too: a renderer that does not know front matter sees plain lines,
        // which must not hold a tag.
        let front = text.split("---\n").nth(1).expect("front matter");
        prop_assert!(!front.contains('<') && !front.contains('&'));
    }

    #[test]
    fn one_line_paragraphs_render_as_exactly_their_text(line in hostile_text()) {
        use pulldown_cmark::{Event, Parser, Tag, TagEnd};
        // One line, not blank at the ends (the export trims rows), no NUL (CommonMark shows
        // it as U+FFFD by rule).
        let line = format!(
            "x{}",
            line.replace(['\n', '\r', '\0', '\u{b}', '\u{c}'], " ").trim_end()
        );
        let now = Utc.with_ymd_and_hms(2026, 8, 1, 9, 0, 0).single().expect("date");
        let mut story = Story::new("story", now);
        story.headline.english = "Headline".to_owned();
        story.blocks.push(Block {
            id: BlockId(1),
            kind: BlockKind::Paragraph,
            row: TextRow {
                source: String::new(),
                english: line.clone(),
                status: RowStatus::Reviewed,
                pretranslated: None,
                changed: None,
            },
            omitted: false,
            previous_source: None,
        });
        story.next_block_id = 2;
        let text = String::from_utf8(markdown(&story)).expect("utf-8");
        let body = &text[text.find("\n<!-- copydesk:body -->\n").expect("body")..];
        let body = &body[..body.find("\n<!-- copydesk:credit-line -->\n").expect("end")];
        let mut shown_text = String::new();
        let mut paragraphs = 0;
        let mut inside = false;
        for event in Parser::new(body) {
            match event {
                Event::Start(Tag::Paragraph) => {
                    paragraphs += 1;
                    inside = true;
                }
                Event::End(TagEnd::Paragraph) => inside = false,
                Event::Text(t) if inside => shown_text.push_str(&t),
                Event::Start(_) | Event::End(_) if inside => {
                    prop_assert!(false, "markup inside the paragraph of {:?}", line);
                }
                _ => {}
            }
        }
        prop_assert_eq!(paragraphs, 1);
        prop_assert_eq!(shown_text, shown(&line));
    }
}

#[test]
fn escaping_by_hand_worked_examples() {
    // Each line as the export must write it, worked out by hand from CommonMark's rules.
    for (text, written) in [
        ("Rice & oil <b>", "Rice \\& oil \\<b>"),
        ("# not a heading", "\\# not a heading"),
        ("> not a quote", "\\> not a quote"),
        ("- not a list", "\\- not a list"),
        ("2026. A year", "2026\\. A year"),
        ("3) third", "3\\) third"),
        ("a > b - c #1", "a > b - c #1"),
        ("back\\slash", "back\\\\slash"),
        ("*[x]* _y_ `z` |~", "\\*\\[x\\]\\* \\_y\\_ \\`z\\` \\|\\~"),
        ("  two spaces\u{3000} ", "&#32;&#32;two spaces&#12288;&#32;"),
        (
            "<!-- copydesk:credit-line -->",
            "\\<!-- copydesk:credit-line -->",
        ),
        ("tab\tinside", "tab\tinside"),
        ("bell\u{7} and\u{b}tab", "bell and\ntab"),
    ] {
        let now = Utc
            .with_ymd_and_hms(2026, 8, 1, 9, 0, 0)
            .single()
            .expect("date");
        let mut story = Story::new("story", now);
        story.headline.english = "H".to_owned();
        story.blocks.push(Block {
            id: BlockId(1),
            kind: BlockKind::Paragraph,
            row: TextRow {
                source: String::new(),
                english: format!("first\n{text}\nlast"),
                status: RowStatus::Reviewed,
                pretranslated: None,
                changed: None,
            },
            omitted: false,
            previous_source: None,
        });
        story.next_block_id = 2;
        let md = String::from_utf8(markdown(&story)).expect("utf-8");
        assert!(
            md.contains(&format!("\nfirst\n{written}\nlast\n\n")),
            "{text:?} should be written {written:?}:\n{md}"
        );
    }
}

#[test]
fn a_caption_cannot_close_the_photo_comment_and_a_paragraph_cannot_end_the_body() {
    let now = Utc
        .with_ymd_and_hms(2026, 8, 1, 9, 0, 0)
        .single()
        .expect("date");
    let mut story = Story::new("story", now);
    story.headline.english = "H".to_owned();
    let rows = [
        (
            BlockKind::Photo(Photo {
                file: "p.png".to_owned(),
                credit: "--> <script>x</script>".to_owned(),
                alt: "alt".to_owned(),
            }),
            "caption --> <img onerror=x>",
        ),
        (BlockKind::Paragraph, "<!-- copydesk:credit-line -->"),
        (BlockKind::Paragraph, "\\<!-- copydesk:credit-line -->"),
        (BlockKind::Paragraph, "after\n\\continued\n\\\\twice"),
    ];
    for (i, (kind, text)) in rows.into_iter().enumerate() {
        story.blocks.push(Block {
            id: BlockId(u32::try_from(i).expect("small") + 1),
            kind,
            row: TextRow {
                source: String::new(),
                english: text.to_owned(),
                status: RowStatus::Reviewed,
                pretranslated: None,
                changed: None,
            },
            omitted: false,
            previous_source: None,
        });
    }
    story.next_block_id = 10;
    let md = markdown(&story);
    let text = String::from_utf8(md.clone()).expect("utf-8");
    let photo_line = text
        .lines()
        .find(|l| l.starts_with("<!-- copydesk:photo "))
        .expect("photo line");
    assert_eq!(photo_line.matches("-->").count(), 1, "{photo_line}");
    assert!(photo_line.ends_with(" -->"));
    let mut once = md;
    // Three round trips: nothing doubles, nothing is dropped.
    for _ in 0..3 {
        let back = copydesk::import::parse_markdown("story.md", &once, now)
            .expect("imports")
            .story;
        assert_eq!(expected_blocks(&back), expected_blocks(&story));
        once = markdown(&back);
    }
}

#[test]
fn edits_around_the_body_are_taken_or_named_never_dropped() {
    let root = crate::sample_desk();
    let desk = copydesk::store::load_desk(&root).expect("sample");
    let story = &desk.stories[0].story;
    let md = String::from_utf8(
        export::export(story, &desk.settings, &NoMedia, Format::Markdown, true).expect("md"),
    )
    .expect("utf-8");
    let now = story.created;
    let import = |text: &str| copydesk::import::parse_markdown("story.md", text.as_bytes(), now);
    // Untouched: the front matter's exact text.
    let same = import(&md).expect("imports").story;
    assert_eq!(same.headline.english, story.headline.english.trim());
    // The visible headline and deck edited: the edits are taken.
    let headline_line = format!("# {}", story.headline.english.trim());
    let deck_line = format!("*{}*", story.deck.english.trim());
    assert!(md.contains(&headline_line) && md.contains(&deck_line));
    let edited = md
        .replacen(&headline_line, "# A sharper headline \\& more", 1)
        .replacen(&deck_line, "*A new deck*", 1);
    let back = import(&edited).expect("imports").story;
    assert_eq!(back.headline.english, "A sharper headline & more");
    assert_eq!(back.deck.english, "A new deck");
    // A paragraph written above the body, or below the credit line, is named, not lost.
    let above = md.replacen(&deck_line, &format!("{deck_line}\n\nA stray paragraph."), 1);
    let err = import(&above).expect_err("refused").to_string();
    let line = above
        .lines()
        .position(|l| l == "A stray paragraph.")
        .expect("there")
        + 1;
    assert!(
        err.starts_with(&format!(
            "story.md: line {line}: text before the story body"
        )),
        "{err}"
    );
    // The credit line edited by hand: named (it is made from the contributors).
    let credit = md.lines().last().expect("credit line").to_owned();
    let changed = md.replacen(&credit, "Reported by somebody else.", 1);
    let err = import(&changed).expect_err("refused").to_string();
    assert!(
        err.contains("not the credit line the file was exported with"),
        "{err}"
    );
    let below = format!("{md}\nA postscript.\n");
    let err = import(&below).expect_err("refused").to_string();
    let line = below.lines().count();
    assert!(
        err.starts_with(&format!(
            "story.md: line {line}: text after the credit line"
        )),
        "{err}"
    );
}

/// A writer's plain draft, written by hand as a writer would (no front matter), imported
/// from the command line: headline, deck, photo (copied into `media/` from beside the
/// draft), subhead and quote each land where a writer means them; HTML is reported, not
/// kept.
#[test]
fn a_hand_written_plain_draft_imports_with_deck_photo_subhead_and_quote() {
    let (_dir, desk) = crate::sample_copy();
    let drafts = tempfile::tempdir().expect("temp dir");
    let draft = drafts.path().join("river-draft.md");
    std::fs::write(
        &draft,
        "# Floodwaters Force Thousands From Homes\n\
         \n\
         *Residents say relief has been slow to reach villages.*\n\
         \n\
         ![Villagers wade through a flooded street](street.png \"Villagers wade through a flooded street in Monywa.\")\n\
         \n\
         Floodwaters from the Chindwin River have forced more than 12,000 people\n\
         from their homes, officials said.\n\
         \n\
         > “We lost everything in one night,” said a farmer.\n\
         \n\
         ## Relief slow to arrive\n\
         \n\
         <div class=\"ad\">sponsored</div>\n\
         \n\
         Local officials said boats were on the way.\n",
    )
    .expect("write draft");
    // A real PNG beside the draft: one of the sample desk's photos.
    let png = std::fs::read(desk.join("media").join("kani-flood-street.png")).expect("png");
    std::fs::write(drafts.path().join("street.png"), &png).expect("write photo");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_copydesk"))
        .arg("import")
        .arg(&desk)
        .arg(&draft)
        .args(["--as", "Daniel Ross"])
        .output()
        .expect("run");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "river-draft");
    assert!(
        stderr.contains("line 14: HTML left out: <div class=\"ad\">sponsored</div>"),
        "raw HTML is reported with its line: {stderr}"
    );
    let settings = copydesk::store::load_settings(&desk).expect("settings");
    let story = copydesk::store::load_story(&desk, "river-draft", &settings)
        .expect("the story was filed")
        .story;
    assert_eq!(
        story.headline.english,
        "Floodwaters Force Thousands From Homes"
    );
    assert_eq!(
        story.deck.english, "Residents say relief has been slow to reach villages.",
        "the emphasised paragraph is the deck, without its asterisks"
    );
    let rows: Vec<(&str, &str)> = story
        .blocks
        .iter()
        .map(|b| (b.kind.label(), b.row.english.as_str()))
        .collect();
    assert_eq!(
        rows,
        [
            (
                "photo",
                "Villagers wade through a flooded street in Monywa."
            ),
            (
                "paragraph",
                "Floodwaters from the Chindwin River have forced more than 12,000 people\nfrom their homes, officials said."
            ),
            ("quote", "“We lost everything in one night,” said a farmer."),
            ("subhead", "Relief slow to arrive"),
            ("paragraph", "Local officials said boats were on the way."),
        ]
    );
    let BlockKind::Photo(photo) = &story.blocks[0].kind else {
        panic!("the first row is a photo");
    };
    assert_eq!(photo.alt, "Villagers wade through a flooded street");
    assert_eq!(photo.file, "street.png");
    assert_eq!(
        std::fs::read(desk.join("media").join("street.png")).expect("copied into media"),
        png
    );
}

/// A draft whose photo is not beside it is refused, and nothing is filed.
#[test]
fn a_draft_with_a_photo_from_elsewhere_is_refused_whole() {
    let (_dir, desk) = crate::sample_copy();
    let drafts = tempfile::tempdir().expect("temp dir");
    let draft = drafts.path().join("elsewhere.md");
    std::fs::write(&draft, "# Title\n\nText.\n\n![x](../../etc/photo.png)\n").expect("write");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_copydesk"))
        .arg("import")
        .arg(&desk)
        .arg(&draft)
        .args(["--as", "Daniel Ross"])
        .output()
        .expect("run");
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("elsewhere.md: line 5: the photo \"../../etc/photo.png\" is not a file beside the Markdown file"),
        "{stderr}"
    );
    assert!(!desk.join("stories").join("elsewhere.ron").exists());
}

/// Drafts built to make a reader slow or loud: each is read in well under a second's work
/// per 100 KB (a generous bound for a debug build on a shared machine), and what was left
/// out is listed up to a limit, then counted.
#[test]
fn pathological_drafts_are_read_quickly_and_their_notes_are_bounded() {
    let now = Utc::now();
    let drafts = [
        "[".repeat(200_000),
        "*a".repeat(100_000),
        "<div>\n".repeat(50_000),
        format!("{}x\n", "> ".repeat(99)),
        "_".repeat(50_000) + "a" + &"_".repeat(50_000),
        "![a](b.png)\n\n".repeat(5_000),
    ];
    for draft in drafts {
        let started = std::time::Instant::now();
        let read = copydesk::import::parse_markdown("draft.md", draft.as_bytes(), now);
        let took = started.elapsed();
        assert!(
            took < std::time::Duration::from_secs(5),
            "{} bytes took {took:?}",
            draft.len()
        );
        if let Ok(parsed) = read {
            assert!(parsed.plain.notes.len() <= copydesk::import::MAX_NOTES + 1);
        }
    }
    let html = copydesk::import::parse_markdown("d.md", "<div>\n".repeat(500).as_bytes(), now)
        .expect("reads");
    assert_eq!(html.plain.notes.len(), 101);
    assert_eq!(html.plain.notes[0], "line 1: HTML left out: <div>");
    assert_eq!(
        html.plain.notes[100],
        "and 400 more things left out like those above"
    );
}
