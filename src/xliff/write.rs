//! Writing a story as XLIFF 2.1 or 1.2 with quick-xml's writer: one unit per exported row,
//! the row's status as the segment's (2.1) or target's (1.2) `state`, open comment threads
//! as notes. Comment authors are left out: the file leaves the desk, and a name the desk
//! withholds must not travel with it.

use quick_xml::events::{BytesDecl, BytesText, Event};
use quick_xml::writer::Writer;

use super::{NS_1_2, NS_2, XliffError, XliffVersion, exported_rows, unit_id, xml_text};
use crate::model::{BlockKind, DeskSettings, RowRef, RowStatus, Story, row_name};

/// What the file tells the translator, at its top.
const INSTRUCTION: &str = "A story from Copydesk. Translate each source into the target; leave the sources as they are, or the file cannot be taken back.";

/// One row as the file carries it.
struct Row {
    id: String,
    name: String,
    source: String,
    english: String,
    status: RowStatus,
    notes: Vec<String>,
}

fn rows(story: &Story) -> Vec<Row> {
    exported_rows(story)
        .into_iter()
        .filter_map(|row| {
            let text = story.row(row)?;
            let mut name = row_name(story, row);
            if let RowRef::Block(id) = row
                && let Some(block) = story.block(id)
            {
                match block.kind {
                    BlockKind::Photo(_) => name.push_str(" (photo caption)"),
                    BlockKind::Subhead => name.push_str(" (subhead)"),
                    BlockKind::Quote => name.push_str(" (quote)"),
                    BlockKind::Paragraph => {}
                }
            }
            let notes = story
                .comments
                .iter()
                .filter(|c| c.anchor == row && c.is_open())
                .map(|c| {
                    let mut note = xml_text(c.text.trim());
                    for reply in &c.replies {
                        note.push_str("\nReply: ");
                        note.push_str(&xml_text(reply.text.trim()));
                    }
                    note
                })
                .filter(|n| !n.trim().is_empty())
                .collect();
            Some(Row {
                id: unit_id(row),
                name,
                source: xml_text(&text.source),
                english: xml_text(&text.english),
                status: text.status,
                notes,
            })
        })
        .collect()
}

/// A language code as the file carries it.
fn language(tag: &str) -> Result<String, XliffError> {
    let tag_out = tag.trim().replace('_', "-");
    if crate::model::is_language_tag(&tag_out) {
        Ok(tag_out)
    } else {
        Err(XliffError::BadLanguage {
            tag: tag.to_owned(),
        })
    }
}

/// The story as an XLIFF file of `version`: `srcLang`/`trgLang` (1.2: `source-language`,
/// `target-language`) from the desk, the file named by the story's slug.
pub fn write_xliff(
    story: &Story,
    settings: &DeskSettings,
    version: XliffVersion,
) -> Result<Vec<u8>, XliffError> {
    let source = language(&settings.source_language)?;
    let target = language(&settings.target_language)?;
    let rows = rows(story);
    let mut writer = Writer::new_with_indent(Vec::new(), b' ', 2);
    let written = writer
        .write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))
        .and_then(|()| match version {
            XliffVersion::V2_1 => write_2(&mut writer, story, &rows, &source, &target),
            XliffVersion::V1_2 => write_1_2(&mut writer, story, &rows, &source, &target),
        });
    written.map_err(|err| XliffError::Write {
        problem: err.to_string(),
    })?;
    let mut bytes = writer.into_inner();
    bytes.push(b'\n');
    Ok(bytes)
}

/// XLIFF 2.1: `state` is `initial` without English or for a draft, `translated` and
/// `reviewed` for confirmed rows. A segment without a target stays `initial`.
fn state_2(row: &Row) -> &'static str {
    if row.english.is_empty() {
        return "initial";
    }
    match row.status {
        RowStatus::Untranslated | RowStatus::Draft => "initial",
        RowStatus::Translated => "translated",
        RowStatus::Reviewed => "reviewed",
    }
}

fn write_2(
    writer: &mut Writer<Vec<u8>>,
    story: &Story,
    rows: &[Row],
    source: &str,
    target: &str,
) -> std::io::Result<()> {
    writer
        .create_element("xliff")
        .with_attributes([
            ("xmlns", NS_2),
            ("version", "2.1"),
            ("srcLang", source),
            ("trgLang", target),
        ])
        .write_inner_content(|w| {
            w.create_element("file")
                .with_attributes([
                    ("id", story.slug.as_str()),
                    ("original", story.slug.as_str()),
                    ("xml:space", "preserve"),
                ])
                .write_inner_content(|w| {
                    w.create_element("notes").write_inner_content(|w| {
                        w.create_element("note")
                            .with_attribute(("category", "instruction"))
                            .write_text_content(BytesText::new(INSTRUCTION))?;
                        Ok(())
                    })?;
                    for row in rows {
                        unit_2(w, row)?;
                    }
                    Ok(())
                })?;
            Ok(())
        })
        .map(|_| ())
}

/// One row as an XLIFF 2.1 `unit`: its comments as notes, one segment.
fn unit_2(w: &mut Writer<Vec<u8>>, row: &Row) -> std::io::Result<()> {
    w.create_element("unit")
        .with_attributes([("id", row.id.as_str()), ("name", row.name.as_str())])
        .write_inner_content(|w| {
            if !row.notes.is_empty() {
                w.create_element("notes").write_inner_content(|w| {
                    for note in &row.notes {
                        w.create_element("note")
                            .with_attribute(("category", "comment"))
                            .write_text_content(BytesText::new(note))?;
                    }
                    Ok(())
                })?;
            }
            w.create_element("segment")
                .with_attribute(("state", state_2(row)))
                .write_inner_content(|w| {
                    w.create_element("source")
                        .write_text_content(BytesText::new(&row.source))?;
                    if !row.english.is_empty() {
                        w.create_element("target")
                            .write_text_content(BytesText::new(&row.english))?;
                    }
                    Ok(())
                })?;
            Ok(())
        })
        .map(|_| ())
}

/// XLIFF 1.2: a target's `state` is `needs-review-translation` for a draft, `translated`,
/// or `signed-off` for a reviewed row (which is also `approved`). A row without English has
/// no target.
fn state_1_2(status: RowStatus) -> &'static str {
    match status {
        RowStatus::Untranslated | RowStatus::Draft => "needs-review-translation",
        RowStatus::Translated => "translated",
        RowStatus::Reviewed => "signed-off",
    }
}

fn write_1_2(
    writer: &mut Writer<Vec<u8>>,
    story: &Story,
    rows: &[Row],
    source: &str,
    target: &str,
) -> std::io::Result<()> {
    writer
        .create_element("xliff")
        .with_attributes([("version", "1.2"), ("xmlns", NS_1_2)])
        .write_inner_content(|w| {
            w.create_element("file")
                .with_attributes([
                    ("original", story.slug.as_str()),
                    ("source-language", source),
                    ("target-language", target),
                    ("datatype", "plaintext"),
                ])
                .write_inner_content(|w| {
                    w.create_element("header").write_inner_content(|w| {
                        w.create_element("note")
                            .write_text_content(BytesText::new(INSTRUCTION))?;
                        Ok(())
                    })?;
                    w.create_element("body").write_inner_content(|w| {
                        for row in rows {
                            trans_unit_1_2(w, row, source, target)?;
                        }
                        Ok(())
                    })?;
                    Ok(())
                })?;
            Ok(())
        })
        .map(|_| ())
}

/// One row as an XLIFF 1.2 `trans-unit`: `approved` when reviewed, a target only with
/// English, its comments as notes.
fn trans_unit_1_2(
    w: &mut Writer<Vec<u8>>,
    row: &Row,
    source: &str,
    target: &str,
) -> std::io::Result<()> {
    let mut unit = w.create_element("trans-unit").with_attributes([
        ("id", row.id.as_str()),
        ("resname", row.name.as_str()),
        ("xml:space", "preserve"),
    ]);
    if row.status == RowStatus::Reviewed && !row.english.is_empty() {
        unit = unit.with_attribute(("approved", "yes"));
    }
    unit.write_inner_content(|w| {
        w.create_element("source")
            .with_attribute(("xml:lang", source))
            .write_text_content(BytesText::new(&row.source))?;
        if !row.english.is_empty() {
            w.create_element("target")
                .with_attributes([("xml:lang", target), ("state", state_1_2(row.status))])
                .write_text_content(BytesText::new(&row.english))?;
        }
        for note in &row.notes {
            w.create_element("note")
                .with_attribute(("annotates", "general"))
                .write_text_content(BytesText::new(note))?;
        }
        Ok(())
    })
    .map(|_| ())
}
