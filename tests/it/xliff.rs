//! XLIFF both ways on copies of the sample desk: every rule of XLIFF 2.1 and 1.2 that
//! applies to what Copydesk writes, checked on the written file by a generic XML walk (not
//! by Copydesk's own reader); round trips; files in the shapes translators' tools write,
//! written by hand; and every kind of broken or hostile file, refused with the story file
//! left as it was.

use std::collections::HashSet;
use std::path::Path;
use std::process::{Command, Output};

use chrono::Utc;
use copydesk::model::{BlockKind, Comment, RowRef, RowStatus};
use copydesk::session::Session;
use copydesk::xliff::{self, Limits, XliffError, XliffVersion};

// --- A generic XML tree, as any XML reader sees the file -------------------------------------

#[derive(Debug)]
struct Element {
    /// `{namespace}local`.
    name: String,
    attributes: Vec<(String, String)>,
    children: Vec<Element>,
    text: String,
}

impl Element {
    fn attr(&self, name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    fn local(&self) -> &str {
        self.name.rsplit('}').next().unwrap_or(&self.name)
    }

    fn all<'a>(&'a self, local: &str, out: &mut Vec<&'a Element>) {
        if self.local() == local {
            out.push(self);
        }
        for child in &self.children {
            child.all(local, out);
        }
    }

    fn find_all(&self, local: &str) -> Vec<&Element> {
        let mut out = Vec::new();
        self.all(local, &mut out);
        out
    }

    fn child_names(&self) -> Vec<&str> {
        self.children.iter().map(Element::local).collect()
    }
}

/// Parses XML into a tree with namespaces resolved (quick-xml's namespace reader, used
/// generically: it knows nothing of XLIFF).
fn tree(bytes: &[u8]) -> Element {
    use quick_xml::events::Event;
    use quick_xml::name::ResolveResult;
    let text = std::str::from_utf8(bytes).expect("UTF-8");
    let mut reader = quick_xml::reader::NsReader::from_str(text);
    let mut stack: Vec<Element> = vec![Element {
        name: "#document".to_owned(),
        attributes: Vec::new(),
        children: Vec::new(),
        text: String::new(),
    }];
    loop {
        let (ns, event) = reader.read_resolved_event().expect("well-formed XML");
        let name = |e: &quick_xml::events::BytesStart<'_>| {
            let local: String = e.local_name().as_ref().to_owned();
            match &ns {
                ResolveResult::Bound(n) => format!("{{{}}}{local}", n.0),
                _ => local,
            }
        };
        let element = |e: &quick_xml::events::BytesStart<'_>| Element {
            name: name(e),
            attributes: e
                .attributes()
                .map(|a| {
                    let a = a.expect("attribute");
                    (
                        a.key.as_ref().to_owned(),
                        a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                            .expect("value")
                            .into_owned(),
                    )
                })
                .collect(),
            children: Vec::new(),
            text: String::new(),
        };
        match event {
            Event::Start(e) => stack.push(element(&e)),
            Event::Empty(e) => {
                let el = element(&e);
                stack.last_mut().expect("parent").children.push(el);
            }
            Event::End(_) => {
                let done = stack.pop().expect("open element");
                stack.last_mut().expect("parent").children.push(done);
            }
            Event::Text(t) => stack
                .last_mut()
                .expect("open")
                .text
                .push_str(&t.xml10_content()),
            Event::GeneralRef(r) => {
                let name: &str = &r;
                let resolved = quick_xml::escape::resolve_predefined_entity(name)
                    .expect("only predefined entities");
                stack.last_mut().expect("open").text.push_str(resolved);
            }
            Event::DocType(_) => panic!("no DOCTYPE in what Copydesk writes"),
            Event::Eof => break,
            _ => {}
        }
    }
    let mut document = stack.pop().expect("document");
    assert_eq!(document.children.len(), 1, "one root element");
    document.children.remove(0)
}

/// An XML NMTOKEN (XML 1.0 production 7), for the characters Copydesk's ids can hold.
fn is_nmtoken(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '.' | '-' | '_' | ':'))
}

// --- Helpers ---------------------------------------------------------------------------------

fn copydesk(args: &[&std::ffi::OsStr]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_copydesk"))
        .args(args)
        .output()
        .expect("run copydesk")
}

fn export(desk: &Path, slug: &str, version: &str, to: &Path) {
    let out = copydesk(&[
        "xliff".as_ref(),
        "export".as_ref(),
        desk.as_os_str(),
        slug.as_ref(),
        "-o".as_ref(),
        to.as_os_str(),
        "--version".as_ref(),
        version.as_ref(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn import(desk: &Path, file: &Path, actor: &str, dry_run: bool) -> Output {
    let mut args: Vec<&std::ffi::OsStr> = vec![
        "xliff".as_ref(),
        "import".as_ref(),
        desk.as_os_str(),
        file.as_os_str(),
        "--as".as_ref(),
        actor.as_ref(),
    ];
    if dry_run {
        args.push("--dry-run".as_ref());
    }
    copydesk(&args)
}

fn story_file(desk: &Path, slug: &str) -> Vec<u8> {
    std::fs::read(desk.join("stories").join(format!("{slug}.ron"))).expect("story file")
}

fn load(desk: &Path, slug: &str) -> copydesk::model::Story {
    let settings = copydesk::store::load_settings(desk).expect("settings");
    copydesk::store::load_story(desk, slug, &settings)
        .expect("story")
        .story
}

/// The file with one unit's target replaced (or, where it has none, added after its
/// source), as a translator's tool would write it.
fn set_target(xml: &str, unit: &str, text: &str, v2: bool) -> String {
    let open = if v2 {
        format!("<unit id=\"{unit}\"")
    } else {
        format!("<trans-unit id=\"{unit}\"")
    };
    let start = xml.find(&open).expect("the unit is in the file");
    let close = if v2 { "</unit>" } else { "</trans-unit>" };
    let end = start + xml[start..].find(close).expect("unit ends");
    let body = &xml[start..end];
    let target_open = if v2 {
        "<target>".to_owned()
    } else {
        "<target xml:lang=\"en\"".to_owned()
    };
    let new_body = if let Some(t) = body.find(&target_open) {
        let content_start = t + body[t..].find('>').expect(">") + 1;
        let content_end = t + body[t..].find("</target>").expect("</target>");
        format!("{}{text}{}", &body[..content_start], &body[content_end..])
    } else {
        let after_source = body.find("</source>").expect("source") + "</source>".len();
        let target = if v2 {
            format!("<target>{text}</target>")
        } else {
            format!("<target xml:lang=\"en\" state=\"translated\">{text}</target>")
        };
        format!("{}{target}{}", &body[..after_source], &body[after_source..])
    };
    format!("{}{new_body}{}", &xml[..start], &xml[end..])
}

// --- What Copydesk writes, against the specifications ----------------------------------------

/// A story with one row of each status, an open and a resolved comment, an omitted row and
/// an English-only row, saved in a copy of the sample desk.
fn statuses_story(desk: &Path) -> copydesk::model::Story {
    let mut story = load(desk, "yangon-power-cuts");
    let ids: Vec<_> = story.blocks.iter().map(|b| b.id).collect();
    story.blocks[0].row.status = RowStatus::Draft;
    story.blocks[1].row.status = RowStatus::Translated;
    story.blocks[2].row.status = RowStatus::Reviewed;
    story.blocks[3].row.status = RowStatus::Untranslated;
    story.blocks[3].row.english.clear();
    story.blocks[4].omitted = true;
    story.blocks[5].row.source.clear();
    "Context the writer added.".clone_into(&mut story.blocks[5].row.english);
    let comment = |id: u32, text: &str, resolved: bool| Comment {
        id,
        anchor: RowRef::Block(ids[1]),
        author: "Aye Aye Mon".to_owned(),
        created: Utc::now(),
        edited: None,
        text: text.to_owned(),
        replies: Vec::new(),
        resolved: resolved.then(|| copydesk::model::Resolution {
            by: "Daniel Ross".to_owned(),
            at: Utc::now(),
        }),
    };
    story.comments = vec![
        comment(900, "Is “grid” the right word here? <check>", false),
        comment(901, "An old question, settled.", true),
    ];
    story
}

#[test]
fn xliff_2_1_follows_the_specification() {
    let (_dir, desk) = crate::sample_copy();
    let settings = copydesk::store::load_settings(&desk).expect("settings");
    let story = statuses_story(&desk);
    let bytes = xliff::write_xliff(&story, &settings, XliffVersion::V2_1).expect("writes");
    let root = tree(&bytes);
    let ns = "{urn:oasis:names:tc:xliff:document:2.0}";
    // <xliff>: the 2.0 core namespace with version 2.1; srcLang required; trgLang since
    // there are targets.
    assert_eq!(root.name, format!("{ns}xliff"));
    assert_eq!(root.attr("version"), Some("2.1"));
    assert_eq!(root.attr("srcLang"), Some("my"));
    assert_eq!(root.attr("trgLang"), Some("en"));
    assert_eq!(root.child_names(), ["file"], "one <file>");
    // <file>: id required, an NMTOKEN; notes before the units.
    let file = &root.children[0];
    let file_id = file.attr("id").expect("file id");
    assert!(is_nmtoken(file_id));
    assert_eq!(file.attr("original"), Some("yangon-power-cuts"));
    let children = file.child_names();
    assert_eq!(children[0], "notes");
    assert!(children[1..].iter().all(|c| *c == "unit"), "{children:?}");
    // Every element is in the core namespace.
    for el in ["unit", "segment", "source", "target", "notes", "note"] {
        assert!(
            root.find_all(el)
                .iter()
                .all(|e| e.name == format!("{ns}{el}")),
            "{el} in the core namespace"
        );
    }
    // <unit>: id required, an NMTOKEN, unique in the file; notes, then exactly one segment.
    let units = root.find_all("unit");
    let ids: Vec<&str> = units
        .iter()
        .map(|u| u.attr("id").expect("unit id"))
        .collect();
    assert!(ids.iter().all(|id| is_nmtoken(id)));
    assert_eq!(
        ids.iter().collect::<HashSet<_>>().len(),
        ids.len(),
        "unique"
    );
    let b = |n: usize| format!("b{}", story.blocks[n].id.0);
    // One unit per row with source text that runs: headline, deck, the rows but the omitted
    // one and the English-only one, in editor order.
    let mut expected = vec!["headline".to_owned(), "deck".to_owned()];
    for n in 0..story.blocks.len() {
        if n != 4 && n != 5 {
            expected.push(b(n));
        }
    }
    assert_eq!(ids, expected);
    let states = ["initial", "translated", "reviewed", "final"];
    for unit in &units {
        let names = unit.child_names();
        assert!(
            names == ["segment"] || names == ["notes", "segment"],
            "{names:?}"
        );
        let segment = unit.children.last().expect("segment");
        let parts = segment.child_names();
        assert!(
            parts == ["source"] || parts == ["source", "target"],
            "{parts:?}"
        );
        let state = segment.attr("state").unwrap_or("initial");
        assert!(states.contains(&state), "{state}");
        // A state past initial needs a target to be in that state.
        if state != "initial" {
            assert_eq!(
                parts,
                ["source", "target"],
                "{}",
                unit.attr("id").unwrap_or("")
            );
        }
        // <notes> holds <note>s only.
        for notes in unit.find_all("notes") {
            assert!(notes.child_names().iter().all(|n| *n == "note"));
        }
    }
    let unit = |id: &str| -> &Element {
        units
            .iter()
            .find(|u| u.attr("id") == Some(id))
            .expect("unit")
    };
    let state_of = |id: &str| {
        let segment = unit(id).children.last().expect("segment");
        (
            segment.attr("state").unwrap_or("initial").to_owned(),
            segment.find_all("target").len(),
        )
    };
    // Hand-worked: draft → initial with its target; translated; reviewed; untranslated →
    // initial without a target.
    assert_eq!(state_of(&b(0)), ("initial".to_owned(), 1));
    assert_eq!(state_of(&b(1)), ("translated".to_owned(), 1));
    assert_eq!(state_of(&b(2)), ("reviewed".to_owned(), 1));
    assert_eq!(state_of(&b(3)), ("initial".to_owned(), 0));
    // Source and English as the story has them.
    let segment = unit(&b(1)).children.last().expect("segment");
    assert_eq!(segment.children[0].text, story.blocks[1].row.source);
    assert_eq!(segment.children[1].text, story.blocks[1].row.english);
    // The open comment is a note, the resolved one is not; nobody's name is in the file.
    let notes: Vec<&str> = unit(&b(1))
        .find_all("note")
        .iter()
        .map(|n| n.text.as_str())
        .collect();
    assert_eq!(notes, ["Is “grid” the right word here? <check>"]);
    assert_eq!(
        unit(&b(1)).find_all("note")[0].attr("category"),
        Some("comment")
    );
    let text = String::from_utf8_lossy(&bytes);
    assert!(!text.contains("Aye Aye Mon") && !text.contains("Daniel Ross"));
}

#[test]
fn xliff_1_2_follows_the_specification() {
    let (_dir, desk) = crate::sample_copy();
    let settings = copydesk::store::load_settings(&desk).expect("settings");
    let story = statuses_story(&desk);
    let bytes = xliff::write_xliff(&story, &settings, XliffVersion::V1_2).expect("writes");
    let root = tree(&bytes);
    let ns = "{urn:oasis:names:tc:xliff:document:1.2}";
    assert_eq!(root.name, format!("{ns}xliff"));
    assert_eq!(root.attr("version"), Some("1.2"));
    let file = &root.children[0];
    // <file>: original, source-language and datatype are required.
    assert_eq!(file.attr("original"), Some("yangon-power-cuts"));
    assert_eq!(file.attr("source-language"), Some("my"));
    assert_eq!(file.attr("target-language"), Some("en"));
    assert!(file.attr("datatype").is_some_and(|d| !d.is_empty()));
    assert_eq!(file.child_names(), ["header", "body"]);
    let units = root.find_all("trans-unit");
    let ids: Vec<&str> = units.iter().map(|u| u.attr("id").expect("id")).collect();
    assert_eq!(
        ids.iter().collect::<HashSet<_>>().len(),
        ids.len(),
        "unique ids"
    );
    let states = [
        "final",
        "needs-adaptation",
        "needs-l10n",
        "needs-review-adaptation",
        "needs-review-l10n",
        "needs-review-translation",
        "needs-translation",
        "new",
        "signed-off",
        "translated",
    ];
    for unit in &units {
        let names = unit.child_names();
        // <source> first, then <target>, then notes.
        assert_eq!(names[0], "source");
        assert!(names[1..].iter().all(|n| matches!(*n, "target" | "note")));
        assert!(names.iter().filter(|n| **n == "target").count() <= 1);
        assert_eq!(unit.children[0].attr("xml:lang"), Some("my"));
        for target in unit.find_all("target") {
            assert_eq!(target.attr("xml:lang"), Some("en"));
            assert!(states.contains(&target.attr("state").expect("state")));
        }
        assert!(
            unit.attr("approved")
                .is_none_or(|a| a == "yes" || a == "no"),
            "approved is yes or no"
        );
    }
    let unit = |n: usize| {
        let id = format!("b{}", story.blocks[n].id.0);
        *units
            .iter()
            .find(|u| u.attr("id") == Some(id.as_str()))
            .expect("unit")
    };
    let state = |n: usize| {
        unit(n)
            .find_all("target")
            .first()
            .and_then(|t| t.attr("state"))
            .map(str::to_owned)
    };
    assert_eq!(state(0).as_deref(), Some("needs-review-translation"));
    assert_eq!(state(1).as_deref(), Some("translated"));
    assert_eq!(state(2).as_deref(), Some("signed-off"));
    assert_eq!(unit(2).attr("approved"), Some("yes"));
    assert_eq!(state(3), None, "no English, no target");
    let notes: Vec<&str> = unit(1)
        .find_all("note")
        .iter()
        .map(|n| n.text.as_str())
        .collect();
    assert_eq!(notes, ["Is “grid” the right word here? <check>"]);
}

// --- Round trips -----------------------------------------------------------------------------

#[test]
fn export_then_import_changes_nothing_in_either_version() {
    let (dir, desk) = crate::sample_copy();
    for version in ["2.1", "1.2"] {
        let file = dir.path().join(format!("yangon-{version}.xlf"));
        export(&desk, "yangon-power-cuts", version, &file);
        let before = story_file(&desk, "yangon-power-cuts");
        let out = import(&desk, &file, "Aye Aye Mon", false);
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(stdout.starts_with("No English changed."), "{stdout}");
        // 9 rows with source: 5 confirmed or drafts with English, 2 untranslated.
        assert!(stdout.contains("row(s) unchanged."), "{stdout}");
        assert_eq!(
            story_file(&desk, "yangon-power-cuts"),
            before,
            "the story file is untouched"
        );
    }
}

#[test]
fn an_edited_file_changes_exactly_the_edited_rows_as_drafts() {
    let (dir, desk) = crate::sample_copy();
    for (version, v2) in [("2.1", true), ("1.2", false)] {
        let (_d, desk) = if v2 {
            (None, desk.clone())
        } else {
            let (d, fresh) = crate::sample_copy();
            (Some(d), fresh)
        };
        let before = load(&desk, "yangon-power-cuts");
        let file = dir.path().join(format!("edited-{version}.xlf"));
        export(&desk, "yangon-power-cuts", version, &file);
        let xml = std::fs::read_to_string(&file).expect("read");
        // A translated row changed, and an untranslated one translated.
        let translated = before
            .blocks
            .iter()
            .find(|b| b.row.status == RowStatus::Translated)
            .expect("a translated row");
        let untranslated = before
            .blocks
            .iter()
            .find(|b| b.row.status == RowStatus::Untranslated && !b.row.source.is_empty())
            .expect("an untranslated row");
        let xml = set_target(
            &xml,
            &format!("b{}", translated.id.0),
            "Power cuts &amp; queues grew longer, residents said.",
            v2,
        );
        let xml = set_target(
            &xml,
            &format!("b{}", untranslated.id.0),
            "Officials gave no date for the end of the cuts.",
            v2,
        );
        std::fs::write(&file, xml).expect("write");

        // A dry run says what would change and changes nothing.
        let unchanged = story_file(&desk, "yangon-power-cuts");
        let out = import(&desk, &file, "Aye Aye Mon", true);
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            stdout.starts_with("2 rows' English would change"),
            "{stdout}"
        );
        assert!(stdout.contains("(dry run: nothing was changed)"));
        assert_eq!(story_file(&desk, "yangon-power-cuts"), unchanged);

        let out = import(&desk, &file, "Aye Aye Mon", false);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let after = load(&desk, "yangon-power-cuts");
        for (old, new) in before.blocks.iter().zip(&after.blocks) {
            if old.id == translated.id {
                assert_eq!(
                    new.row.english,
                    "Power cuts & queues grew longer, residents said."
                );
                assert_eq!(new.row.status, RowStatus::Draft, "a draft for review");
            } else if old.id == untranslated.id {
                assert_eq!(
                    new.row.english,
                    "Officials gave no date for the end of the cuts."
                );
                assert_eq!(new.row.status, RowStatus::Draft);
            } else {
                assert_eq!(new.row, old.row, "row {:?} untouched ({version})", old.id);
            }
        }
        assert_eq!(after.headline, before.headline);
        assert_eq!(after.deck, before.deck);
    }
}

#[test]
fn the_import_is_one_undoable_edit_checked_like_typed_english() {
    let (dir, desk) = crate::sample_copy();
    let file = dir.path().join("undo.xlf");
    export(&desk, "yangon-power-cuts", "2.1", &file);
    let before = load(&desk, "yangon-power-cuts");
    let xml = std::fs::read_to_string(&file).expect("read");
    let id = format!("b{}", before.blocks[0].id.0);
    std::fs::write(&file, set_target(&xml, &id, "Changed.", true)).expect("write");
    let read =
        xliff::read_xliff(&std::fs::read(&file).expect("read"), &Limits::default()).expect("reads");

    let mut session = Session::open(&desk).expect("open");
    let index = session.load("yangon-power-cuts").expect("load");
    // A reporter may not change the English while the story is being translated.
    session.set_me(Some("Ko Min Thu"));
    let refused = session.import_xliff(index, &read, false, 0.0);
    assert!(
        matches!(refused, Err(copydesk::session::ActionError::Refused(_))),
        "{refused:?}"
    );
    assert_eq!(session.story("yangon-power-cuts"), Some(&before));
    // The translator may; undo takes it all back.
    session.set_me(Some("Aye Aye Mon"));
    let plan = session
        .import_xliff(index, &read, false, 0.0)
        .expect("imports");
    assert_eq!(plan.changes.len(), 1);
    assert_eq!(plan.changes[0].name, "Row 1");
    let story = session.story("yangon-power-cuts").expect("story");
    assert_eq!(story.blocks[0].row.english, "Changed.");
    session.undo(index, 0.0).expect("undo");
    let story = session.story("yangon-power-cuts").expect("story");
    assert_eq!(
        crate::unstamped(&story.blocks),
        crate::unstamped(&before.blocks)
    );
    // A locked story (approved) refuses it whoever asks.
    let approved = dir.path().join("approved.xlf");
    export(&desk, "hpakant-jade-mine-landslide", "2.1", &approved);
    let out = import(&desk, &approved, "Daniel Ross", false);
    assert_eq!(
        out.status.code(),
        Some(0),
        "nothing changed is not a refusal"
    );
    let xml = std::fs::read_to_string(&approved).expect("read");
    std::fs::write(
        &approved,
        set_target(&xml, "headline", "New headline", true),
    )
    .expect("w");
    let before = story_file(&desk, "hpakant-jade-mine-landslide");
    let out = import(&desk, &approved, "Daniel Ross", false);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr).starts_with("refused:"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(story_file(&desk, "hpakant-jade-mine-landslide"), before);
}

// --- Files as other tools write them ---------------------------------------------------------

/// The sources of the sample's untranslated story, to write files around.
fn sources(desk: &Path) -> (copydesk::model::Story, Vec<(String, String)>) {
    let story = load(desk, "mandalay-power-cuts");
    let mut rows = vec![("headline".to_owned(), story.headline.source.clone())];
    rows.extend(
        story
            .blocks
            .iter()
            .map(|b| (format!("b{}", b.id.0), b.row.source.clone())),
    );
    (story, rows)
}

/// XLIFF 2.0 as `OmegaT` (through its Okapi XLIFF 2 filter) writes a translated file back:
/// another root prefix layout and attribute order, `xml:lang` on targets, a unit cut into
/// two sentence segments with an ignorable space between, a translation-memory suggestion
/// in the matches module (never to be taken), a unit left untranslated, CRLF line ends.
#[test]
fn an_omegat_style_xliff_2_file_is_taken_back() {
    let (dir, desk) = crate::sample_copy();
    let (story, rows) = sources(&desk);
    let (b1, s1) = &rows[1];
    // The first row cut at its first sentence end (။ followed by a space), if it has one.
    let cut = s1.find("။ ").map_or(s1.len(), |i| i + "။".len());
    let (first, rest) = s1.split_at(cut);
    let second_segment = if rest.trim().is_empty() {
        String::new()
    } else {
        format!(
            "<ignorable><source>{}</source></ignorable>\r\n        <segment id=\"s2\" state=\"translated\"><source>{}</source><target xml:lang=\"en-US\">Power is on for four hours.</target></segment>",
            &rest[..rest.len() - rest.trim_start().len()],
            rest.trim_start()
        )
    };
    let xml = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\r\n\
<xliff version=\"2.1\" srcLang=\"my-MM\" trgLang=\"en-US\" xmlns=\"urn:oasis:names:tc:xliff:document:2.0\" xmlns:mtc=\"urn:oasis:names:tc:xliff:matches:2.0\">\r\n\
  <file original=\"mandalay-power-cuts\" id=\"mandalay-power-cuts\">\r\n\
    <unit name=\"Headline\" id=\"headline\">\r\n\
      <mtc:matches><mtc:match ref=\"#s1\" similarity=\"72\"><source>x</source><target>Do not take this suggestion</target></mtc:match></mtc:matches>\r\n\
      <segment state=\"translated\"><source>{h}</source><target xml:lang=\"en-US\">Mandalay issues a new power-cut schedule</target></segment>\r\n\
    </unit>\r\n\
    <unit id=\"{b1}\">\r\n\
        <segment id=\"s1\" state=\"translated\"><source>{first}</source><target xml:lang=\"en-US\">Four hours on, four hours off for homes.</target></segment>\r\n\
        {second_segment}\r\n\
    </unit>\r\n\
    <unit id=\"{b2}\"><segment><source>{s2}</source></segment></unit>\r\n\
  </file>\r\n\
</xliff>\r\n",
        h = rows[0].1,
        b2 = rows[2].0,
        s2 = rows[2].1,
    );
    let file = dir.path().join("omegat.xlf");
    std::fs::write(&file, xml).expect("write");
    let out = import(&desk, &file, "Aye Aye Mon", false);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.starts_with("2 rows' English changed"), "{stdout}");
    let after = load(&desk, "mandalay-power-cuts");
    assert_eq!(
        after.headline.english,
        "Mandalay issues a new power-cut schedule"
    );
    assert_eq!(after.headline.status, RowStatus::Draft);
    let expected_b1 = if second_segment.is_empty() {
        "Four hours on, four hours off for homes.".to_owned()
    } else {
        format!(
            "Four hours on, four hours off for homes.{}Power is on for four hours.",
            &rest[..rest.len() - rest.trim_start().len()]
        )
    };
    assert_eq!(after.blocks[0].row.english, expected_b1);
    assert_eq!(
        after.blocks[1].row, story.blocks[1].row,
        "untranslated stays"
    );
    assert!(
        stdout.contains("Not in the file"),
        "rows the file lacks are named: {stdout}"
    );
}

/// XLIFF 1.2 as memoQ writes a bilingual export back, with what Trados adds: memoQ's own
/// namespace and attributes, `en-US` targets, a segmented source (`<seg-source>` and
/// `<mrk mtype="seg">`), an earlier translation in `<alt-trans>` (never to be taken),
/// notes, and a target with inline `<g>` markup.
#[test]
fn a_memoq_style_xliff_1_2_file_is_taken_back() {
    let (dir, desk) = crate::sample_copy();
    let (_, rows) = sources(&desk);
    let xml = format!(
        r#"<?xml version="1.0" encoding="utf-8"?>
<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" xmlns:mq="MQXliff" version="1.2">
  <file original="mandalay-power-cuts" source-language="my" target-language="en-US" datatype="plaintext" mq:sourcelang="my" mq:targetlang="en-US">
    <header><tool tool-id="memoQ" tool-name="memoQ"/></header>
    <body>
      <trans-unit id="{h}" mq:status="ManuallyConfirmed" mq:percent="101" xml:space="preserve">
        <source xml:lang="my">{hs}</source>
        <target xml:lang="en-US" state="translated">Mandalay's <g id="1">new</g> power-cut schedule</target>
        <alt-trans match-quality="78"><source xml:lang="my">x</source><target xml:lang="en-US">An old suggestion</target></alt-trans>
        <note from="translator">Checked with the desk's glossary.</note>
      </trans-unit>
      <trans-unit id="{b1}" mq:status="PartiallyEdited">
        <source xml:lang="my">{s1}</source>
        <seg-source><mrk mtype="seg" mid="1">{s1}</mrk></seg-source>
        <target xml:lang="en-US"><mrk mtype="seg" mid="1">Homes get four hours of power, then four hours without.</mrk></target>
      </trans-unit>
      <trans-unit id="{b2}" mq:status="NotStarted">
        <source xml:lang="my">{s2}</source>
      </trans-unit>
    </body>
  </file>
</xliff>
"#,
        h = rows[0].0,
        hs = rows[0].1,
        b1 = rows[1].0,
        s1 = rows[1].1,
        b2 = rows[2].0,
        s2 = rows[2].1,
    );
    let file = dir.path().join("memoq.xlf");
    std::fs::write(&file, xml).expect("write");
    let out = import(&desk, &file, "Aye Aye Mon", false);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let after = load(&desk, "mandalay-power-cuts");
    assert_eq!(after.headline.english, "Mandalay's new power-cut schedule");
    assert_eq!(
        after.blocks[0].row.english,
        "Homes get four hours of power, then four hours without."
    );
    assert_eq!(after.blocks[0].row.status, RowStatus::Draft);
    assert_eq!(after.blocks[1].row.english, "");
}

// --- Broken and hostile files ----------------------------------------------------------------

/// Each bad file is refused with a message naming the file and the problem, and the story
/// file is left byte for byte as it was.
#[test]
fn broken_and_hostile_files_are_refused_and_change_nothing() {
    let (dir, desk) = crate::sample_copy();
    let good = dir.path().join("good.xlf");
    export(&desk, "yangon-power-cuts", "2.1", &good);
    let xml = std::fs::read_to_string(&good).expect("read");
    let before = story_file(&desk, "yangon-power-cuts");
    let story = load(&desk, "yangon-power-cuts");

    let entities = xml.replacen(
        "<xliff",
        "<!DOCTYPE xliff [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;\">]>\n<xliff",
        1,
    );
    let undefined = xml.replacen("</target>", "&nbsp;</target>", 1);
    let deep = xml.replacen(
        "<notes>",
        &format!("{}{}<notes>", "<x>".repeat(10_000), "</x>".repeat(10_000)),
        1,
    );
    let mut huge = xml.clone().into_bytes();
    huge.extend(std::iter::repeat_n(b' ', 17 * 1024 * 1024));
    let mut not_utf8 = xml.clone().into_bytes();
    let at = not_utf8.len() / 2;
    not_utf8.insert(at, 0xFF);
    let other_story = xml.replace(
        "original=\"yangon-power-cuts\"",
        "original=\"mandalay-power-cuts\"",
    );
    let missing_story = xml.replace(
        "original=\"yangon-power-cuts\"",
        "original=\"no-such-story\"",
    );
    let changed_source = xml.replacen(
        &format!("<source>{}</source>", story.blocks[1].row.source),
        "<source>ပြောင်းလဲထားသော မူရင်း</source>",
        1,
    );
    let no_such_row = xml.replacen("<unit id=\"deck\"", "<unit id=\"b999\"", 1);
    let half = xml.len() / 2;
    let line_end = half
        + xml.as_bytes()[half..]
            .iter()
            .position(|&b| b == b'\n')
            .expect("lines");
    let cut_short = &xml[..line_end];
    let two_files = xml.replacen(
        "</file>",
        "</file><file id=\"f2\"><unit id=\"u\"><segment><source>x</source></segment></unit></file>",
        1,
    );
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "entities.xlf",
            entities.into_bytes(),
            "document type declaration",
        ),
        (
            "undefined.xlf",
            undefined.into_bytes(),
            "`&nbsp;` is not defined",
        ),
        ("deep.xlf", deep.into_bytes(), "nested more than 64 deep"),
        ("huge.xlf", huge, "more than the 16777216"),
        ("latin1.xlf", not_utf8, "not UTF-8 text"),
        (
            "other.xlf",
            other_story.into_bytes(),
            "none of this file's sources are in the story \"mandalay-power-cuts\": it was made from another story",
        ),
        (
            "missing.xlf",
            missing_story.into_bytes(),
            "has no story \"no-such-story\"",
        ),
        (
            "changed.xlf",
            changed_source.into_bytes(),
            "the source no longer matches the story in Row 2",
        ),
        ("gone.xlf", no_such_row.into_bytes(), "unit \"b999\""),
        ("cut.xlf", cut_short.as_bytes().to_vec(), "line "),
        ("two.xlf", two_files.into_bytes(), "more than one <file>"),
        ("empty.xlf", Vec::new(), "no <file>"),
        (
            "html.xlf",
            b"<html><body>hi</body></html>".to_vec(),
            "not <xliff>",
        ),
    ];
    for (name, bytes, said) in cases {
        let path = dir.path().join(name);
        std::fs::write(&path, &bytes).expect("write");
        for dry_run in [true, false] {
            let out = import(&desk, &path, "Aye Aye Mon", dry_run);
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert!(!out.status.success(), "{name} refused");
            assert!(out.stdout.is_empty(), "{name}: nothing said as done");
            if name != "missing.xlf" {
                assert!(stderr.contains(name), "{name}: names the file: {stderr}");
            }
            assert!(stderr.contains(said), "{name}: says why ({said}): {stderr}");
            assert_eq!(story_file(&desk, "yangon-power-cuts"), before, "{name}");
            assert_eq!(
                story_file(&desk, "mandalay-power-cuts"),
                std::fs::read(desk.join("stories/mandalay-power-cuts.ron")).expect("r")
            );
        }
    }
}

/// Taken back into a story chosen by the person (as the window does), a file made from
/// another story is refused by its name, before any row is compared.
#[test]
fn a_file_from_another_story_is_refused_by_name() {
    let (_dir, desk) = crate::sample_copy();
    let settings = copydesk::store::load_settings(&desk).expect("settings");
    let story = load(&desk, "yangon-power-cuts");
    let other = load(&desk, "mandalay-power-cuts");
    let bytes = xliff::write_xliff(&other, &settings, XliffVersion::V2_1).expect("writes");
    let read = xliff::read_xliff(&bytes, &Limits::default()).expect("reads");
    let err = xliff::plan_import(&story, &settings, &read).expect_err("refused");
    assert_eq!(
        err.to_string(),
        "this file was made from the story \"mandalay-power-cuts\", not \"yangon-power-cuts\"; nothing was imported"
    );
    // And one for another language pair.
    let mut khmer = settings.clone();
    khmer.source_language = "km".to_owned();
    let bytes = xliff::write_xliff(&story, &khmer, XliffVersion::V1_2).expect("writes");
    let read = xliff::read_xliff(&bytes, &Limits::default()).expect("reads");
    let err = xliff::plan_import(&story, &settings, &read).expect_err("refused");
    assert!(
        err.to_string()
            .starts_with("this file is from km into en, and the desk translates from my into en"),
        "{err}"
    );
}

#[test]
fn the_reader_refuses_within_its_limits() {
    let limits = Limits {
        max_bytes: 1000,
        max_units: 2,
        max_depth: 5,
        max_text_bytes: 10,
    };
    let file = |units: &str| {
        format!(
            "<xliff xmlns=\"urn:oasis:names:tc:xliff:document:2.0\" version=\"2.1\" srcLang=\"my\"><file id=\"f\" original=\"s\">{units}</file></xliff>"
        )
    };
    let unit = |id: &str, text: &str| {
        format!("<unit id=\"{id}\"><segment><source>{text}</source></segment></unit>")
    };
    let ok = file(&format!("{}{}", unit("a", "x"), unit("b", "y")));
    assert_eq!(
        xliff::read_xliff(ok.as_bytes(), &limits)
            .expect("reads")
            .units
            .len(),
        2
    );
    let three = file(&format!(
        "{}{}{}",
        unit("a", "x"),
        unit("b", "y"),
        unit("c", "z")
    ));
    assert!(matches!(
        xliff::read_xliff(three.as_bytes(), &limits),
        Err(XliffError::TooMany { line: 1, .. })
    ));
    let long = file(&unit("a", "12345678901"));
    assert!(matches!(
        xliff::read_xliff(long.as_bytes(), &limits),
        Err(XliffError::TooMany { .. })
    ));
    let deep = file(&unit("a", "<pc id=\"1\"><pc id=\"2\">x</pc></pc>"));
    assert!(matches!(
        xliff::read_xliff(deep.as_bytes(), &limits),
        Err(XliffError::TooDeep { max: 5, .. })
    ));
    let twice = file(&format!("{}{}", unit("a", "x"), unit("a", "y")));
    let err = xliff::read_xliff(twice.as_bytes(), &limits).expect_err("refused");
    assert!(
        err.to_string().contains("two units have the id \"a\""),
        "{err}"
    );
    let big = "x".repeat(1001);
    assert!(matches!(
        xliff::read_xliff(big.as_bytes(), &limits),
        Err(XliffError::TooBig {
            bytes: 1001,
            max: 1000
        })
    ));
    // Inline codes: `<pc>`/`<mrk>` keep their text, `<ph/>` and `<originalData>` none.
    let limits = Limits::default();
    let inline = file(
        "<unit id=\"a\"><originalData><data id=\"d1\">&lt;b&gt;</data></originalData><segment><source>A <pc id=\"1\">bold</pc> word<ph id=\"2\" dataRef=\"d1\"/></source><target>Un <mrk id=\"m\" translate=\"no\">mot</mrk> gras</target></segment></unit>",
    );
    let read = xliff::read_xliff(inline.as_bytes(), &limits).expect("reads");
    assert_eq!(read.units[0].source, "A bold word");
    assert_eq!(read.units[0].target.as_deref(), Some("Un mot gras"));
}

// --- The window ------------------------------------------------------------------------------

/// A translator takes a freelancer's file back in the window: File > Import XLIFF…, check
/// (the summary says what would change, and nothing changes yet), take the English back
/// (the summary says what changed; the row is a draft), and Edit > Undo takes it all back.
#[test]
fn the_window_checks_then_takes_a_file_back_and_undo_reverts_it() {
    use egui_kittest::kittest::Queryable as _;
    let (dir, desk) = crate::sample_copy();
    let before = load(&desk, "yangon-power-cuts");
    let file = dir.path().join("from-freelancer.xlf");
    export(&desk, "yangon-power-cuts", "2.1", &file);
    let xml = std::fs::read_to_string(&file).expect("read");
    let id = format!("b{}", before.blocks[0].id.0);
    std::fs::write(
        &file,
        set_target(&xml, &id, "Power cuts grew longer this week.", true),
    )
    .expect("write");

    let mut harness = crate::window_on(&desk);
    harness.state_mut().set_identity(Some("Aye Aye Mon"));
    harness.run();
    assert!(harness.state_mut().open("yangon-power-cuts"));
    harness.run();
    crate::click(&mut harness, "File");
    crate::click(&mut harness, "Import XLIFF…");
    crate::type_into(
        &mut harness,
        "XLIFF file to take back",
        file.to_str().expect("utf-8 path"),
    );
    crate::click(&mut harness, "Check what it changes");
    assert!(
        harness
            .query_by_label_contains("1 row's English would change")
            .is_some(),
        "the check shows the summary"
    );
    assert!(
        harness
            .query_by_label("What the import would change")
            .is_some()
    );
    assert_eq!(
        crate::unstamped(&crate::story_now(&harness, "yangon-power-cuts").blocks),
        crate::unstamped(&before.blocks)
    );

    crate::click(&mut harness, "Take the English back");
    assert!(harness.query_by_label("What the import changed").is_some());
    assert!(
        harness
            .query_all_by_label_contains("1 row's English changed; it is now a draft")
            .count()
            == 2,
        "the dialog says what changed, and so does the notice"
    );
    assert!(
        harness.query_by_label_contains("Row 1: “").is_some()
            && harness
                .query_by_label_contains("is now “Power cuts grew longer this week.”")
                .is_some(),
        "the summary shows the row, before and after"
    );
    let now = crate::story_now(&harness, "yangon-power-cuts");
    assert_eq!(
        now.blocks[0].row.english,
        "Power cuts grew longer this week."
    );
    assert_eq!(now.blocks[0].row.status, RowStatus::Draft);
    assert_eq!(now.blocks[1..], before.blocks[1..]);

    crate::click(&mut harness, "Close");
    crate::click(&mut harness, "Edit");
    harness.get_by_label_contains("Undo").click();
    harness.run();
    assert_eq!(
        crate::unstamped(&crate::story_now(&harness, "yangon-power-cuts").blocks),
        crate::unstamped(&before.blocks)
    );
}

// --- Any story round trips -------------------------------------------------------------------

mod round_trip {
    use super::*;
    use copydesk::model::{Block, BlockId, BlockKind, Story, TextRow};
    use proptest::prelude::*;

    /// Text made to be hard for XML: markup characters, CDATA ends, entities as text,
    /// control characters XML cannot hold, line ends of every kind, Burmese, spaces at the
    /// ends.
    fn text() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            3 => "[a-zA-Zက-အ ]{1,8}",
            2 => any::<char>().prop_map(String::from),
            1 => Just("<b>&amp;</b>".to_owned()),
            1 => Just("]]>".to_owned()),
            1 => Just("&nbsp;".to_owned()),
            1 => Just("\u{1}\u{8}\u{FFFE}".to_owned()),
            1 => Just("\r\n".to_owned()),
            1 => Just("\r".to_owned()),
            1 => Just("\n\n".to_owned()),
            1 => Just("  \t".to_owned()),
            1 => Just("\"'".to_owned()),
        ];
        proptest::collection::vec(piece, 0..8).prop_map(|p| p.concat())
    }

    fn status() -> impl Strategy<Value = RowStatus> {
        prop_oneof![
            Just(RowStatus::Untranslated),
            Just(RowStatus::Draft),
            Just(RowStatus::Translated),
            Just(RowStatus::Reviewed),
        ]
    }

    fn row() -> impl Strategy<Value = TextRow> {
        (text(), text(), status()).prop_map(|(source, english, status)| TextRow {
            source,
            english,
            status,
            pretranslated: None,
            changed: None,
        })
    }

    fn story() -> impl Strategy<Value = Story> {
        (
            row(),
            row(),
            proptest::collection::vec((row(), any::<bool>(), 0u8..4), 0..8),
        )
            .prop_map(|(headline, deck, blocks)| {
                let mut story = Story::new("any-story", Utc::now());
                story.headline = headline;
                story.deck = deck;
                for (i, (row, omitted, kind)) in blocks.into_iter().enumerate() {
                    story.blocks.push(Block {
                        id: BlockId(u32::try_from(i).expect("small") * 3 + 1),
                        kind: match kind {
                            0 => BlockKind::Paragraph,
                            1 => BlockKind::Subhead,
                            2 => BlockKind::Quote,
                            _ => BlockKind::Photo(copydesk::model::Photo::default()),
                        },
                        row,
                        omitted,
                        previous_source: None,
                    });
                }
                story.next_block_id = 100;
                story
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

        /// Whatever a story holds, its XLIFF (either version) reads back as the same story:
        /// one unit per exported row, and taking it back changes nothing.
        #[test]
        fn any_story_exported_and_taken_back_is_unchanged(story in story(), v1 in any::<bool>()) {
            let settings = copydesk::model::DeskSettings::new("Desk", "my", "en", "Service");
            let version = if v1 { XliffVersion::V1_2 } else { XliffVersion::V2_1 };
            let bytes = xliff::write_xliff(&story, &settings, version).expect("writes");
            let read = xliff::read_xliff(&bytes, &Limits::default()).expect("reads back");
            prop_assert_eq!(read.units.len(), xliff::exported_rows(&story).len());
            let plan = xliff::plan_import(&story, &settings, &read).expect("its own story");
            prop_assert!(plan.changes.is_empty(), "{:?}", plan.changes);
            prop_assert!(plan.not_in_file.is_empty());
        }
    }
}

/// File > Export XLIFF… writes the open story in the version chosen, and the file reads back.
#[test]
fn the_window_exports_xliff_1_2() {
    let (dir, desk) = crate::sample_copy();
    let file = dir.path().join("for-the-freelancer.xlf");
    let mut harness = crate::window_on(&desk);
    harness.state_mut().set_identity(Some("Aye Aye Mon"));
    harness.run();
    assert!(harness.state_mut().open("yangon-power-cuts"));
    harness.run();
    crate::click(&mut harness, "File");
    crate::click(&mut harness, "Export XLIFF…");
    crate::click(&mut harness, "XLIFF 1.2 (older tools)");
    {
        use egui_kittest::kittest::Queryable as _;
        crate::click(&mut harness, "Export XLIFF to file");
        harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
        harness
            .get_by_label("Export XLIFF to file")
            .type_text(file.to_str().expect("utf-8 path"));
        harness.run();
    }
    crate::click(&mut harness, "Write the XLIFF file");
    let read = xliff::read_xliff(&std::fs::read(&file).expect("written"), &Limits::default())
        .expect("reads");
    assert_eq!(read.version, XliffVersion::V1_2);
    assert_eq!(read.original, "yangon-power-cuts");
    assert_eq!(read.units.len(), 9);
}

/// File > Import… with a writer's plain draft in the window: the photo beside it is copied
/// into the desk, the deck found, and what was left out is said.
#[test]
fn the_window_imports_a_plain_draft_with_its_photo() {
    use egui_kittest::kittest::Queryable as _;
    let (dir, desk) = crate::sample_copy();
    let draft = dir.path().join("market-draft.md");
    std::fs::write(
        &draft,
        "# Market Reopens\n\n_Traders return after the fire._\n\n![Stalls](stalls.png \"Rebuilt stalls.\")\n\nThe market reopened on Monday.<br>\n",
    )
    .expect("write");
    let png = std::fs::read(desk.join("media").join("kani-flood-street.png")).expect("png");
    std::fs::write(dir.path().join("stalls.png"), &png).expect("photo");
    let mut harness = crate::window_on(&desk);
    harness.state_mut().set_identity(Some("Daniel Ross"));
    harness.run();
    crate::click(&mut harness, "File");
    crate::click(&mut harness, "Import…");
    crate::type_into(
        &mut harness,
        "File to import",
        draft.to_str().expect("utf-8"),
    );
    crate::click(&mut harness, "Import this file");
    let session = harness.state().session().expect("desk");
    let story = session.story("market-draft").expect("imported");
    assert_eq!(story.headline.english, "Market Reopens");
    assert_eq!(story.deck.english, "Traders return after the fire.");
    let BlockKind::Photo(photo) = &story.blocks[0].kind else {
        panic!("a photo row first");
    };
    assert_eq!(photo.file, "stalls.png");
    assert_eq!(
        std::fs::read(desk.join("media").join("stalls.png")).expect("copied"),
        png
    );
    assert!(
        harness
            .query_by_label_contains("HTML left out: <br>")
            .is_some(),
        "the notice says what was left out"
    );
}
