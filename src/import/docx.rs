//! Reading a Word file's paragraphs without trusting it: the zip's directory is checked
//! before anything is unpacked (entry count, the main document's declared size), the
//! document is unpacked through a reader that stops at the limit whatever the header
//! claimed, and its XML is read as a stream of events (paragraphs, runs of text, tabs, line
//! breaks, heading styles). Nothing here can allocate in proportion to what a header says,
//! and nothing panics on a broken file: every problem is an error naming the file.

use std::io::Read as _;

use quick_xml::events::Event;

use super::{ImportError, Paragraph};
use crate::model::BlockKind;

/// The most entries a Word file may have; real documents have a few dozen.
pub const MAX_ENTRIES: usize = 2_000;
/// The most bytes the main document may unpack to.
pub const MAX_DOCUMENT_BYTES: u64 = 64 * 1024 * 1024;

fn bad(file: &str, problem: impl Into<String>) -> ImportError {
    ImportError::BadDocx {
        file: file.to_owned(),
        problem: problem.into(),
    }
}

/// The paragraphs of a Word document: empty ones left out, headings as subheads, a
/// "Title" or "Heading 1" styled paragraph as a subhead too (the importer's caller decides
/// what the first one is).
pub fn paragraphs(file: &str, bytes: &[u8]) -> Result<Vec<Paragraph>, ImportError> {
    let xml = document_xml(file, bytes)?;
    read_paragraphs(file, &xml)
}

/// The main document's XML, unpacked within the limits.
fn document_xml(file: &str, bytes: &[u8]) -> Result<String, ImportError> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| bad(file, format!("not a zip container: {e}")))?;
    if archive.len() > MAX_ENTRIES {
        return Err(bad(
            file,
            format!(
                "it has {} parts; a Word document has far fewer (at most {MAX_ENTRIES} are read)",
                archive.len()
            ),
        ));
    }
    let entry = archive
        .by_name("word/document.xml")
        .map_err(|_| bad(file, "it has no word/document.xml"))?;
    if entry.size() > MAX_DOCUMENT_BYTES {
        return Err(too_big(file));
    }
    // The declared size may lie: read at most one byte past the limit, whatever it says.
    let mut xml = Vec::with_capacity(usize::try_from(entry.size().min(1 << 20)).unwrap_or(0));
    entry
        .take(MAX_DOCUMENT_BYTES + 1)
        .read_to_end(&mut xml)
        .map_err(|e| bad(file, format!("word/document.xml does not unpack: {e}")))?;
    if xml.len() as u64 > MAX_DOCUMENT_BYTES {
        return Err(too_big(file));
    }
    String::from_utf8(xml).map_err(|e| {
        bad(
            file,
            format!(
                "word/document.xml is not UTF-8 (bad byte at {})",
                e.utf8_error().valid_up_to()
            ),
        )
    })
}

fn too_big(file: &str) -> ImportError {
    bad(
        file,
        format!(
            "its text unpacks to more than {} MB; Copydesk imports stories up to that size",
            MAX_DOCUMENT_BYTES / (1024 * 1024)
        ),
    )
}

/// How deep paragraphs may nest (a text box in a paragraph is two).
const MAX_NESTED_PARAGRAPHS: usize = 16;

/// A paragraph being read: its text so far, whether it is a heading, and the paragraphs of
/// text boxes inside it (they follow it, in order).
#[derive(Default)]
struct Open {
    text: String,
    heading: bool,
    inner: Vec<Paragraph>,
}

/// The paragraphs of `word/document.xml`. A text box is a paragraph inside a paragraph:
/// its text becomes a paragraph of its own after the one it sits in, never mixed into it.
/// Word writes a text box twice (`mc:Choice` and an `mc:Fallback` for older readers); the
/// fallback is skipped, so nothing is read twice.
fn read_paragraphs(file: &str, xml: &str) -> Result<Vec<Paragraph>, ImportError> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut out = Vec::new();
    let mut open: Vec<Open> = Vec::new();
    let mut in_text = false;
    // How deep inside an `mc:Fallback` the reader is (0: not inside one).
    let mut skipping = 0usize;
    loop {
        let event = reader.read_event().map_err(|e| {
            bad(
                file,
                format!(
                    "word/document.xml is not well-formed at byte {}: {e}",
                    reader.buffer_position()
                ),
            )
        })?;
        match event {
            Event::Start(_) if skipping > 0 => skipping += 1,
            Event::End(_) if skipping > 0 => skipping -= 1,
            _ if skipping > 0 => {}
            Event::Start(e) => match e.local_name().as_ref() {
                "Fallback" => skipping = 1,
                "p" if open.len() >= MAX_NESTED_PARAGRAPHS => {
                    return Err(bad(
                        file,
                        format!(
                            "paragraphs nested more than {MAX_NESTED_PARAGRAPHS} deep; Word nests a text box in a paragraph, not more"
                        ),
                    ));
                }
                "p" => open.push(Open::default()),
                "t" => in_text = true,
                name => mark(name, &e, open.last_mut()),
            },
            Event::Empty(e) => mark(e.local_name().as_ref(), &e, open.last_mut()),
            Event::Text(t) if in_text => {
                if let Some(p) = open.last_mut() {
                    p.text.push_str(&t);
                }
            }
            Event::GeneralRef(r) if in_text => {
                // A character reference, or one of the five XML entities; anything else is
                // not Word's and is left out.
                let Some(p) = open.last_mut() else { continue };
                if let Ok(Some(c)) = r.resolve_char_ref() {
                    p.text.push(c);
                    continue;
                }
                p.text.push_str(match &*r {
                    "amp" => "&",
                    "lt" => "<",
                    "gt" => ">",
                    "quot" => "\"",
                    "apos" => "'",
                    _ => "",
                });
            }
            Event::End(e) => match e.local_name().as_ref() {
                "t" => in_text = false,
                "p" => {
                    let Some(done) = open.pop() else { continue };
                    let mut finished = Vec::with_capacity(1 + done.inner.len());
                    let text = done.text.trim();
                    if !text.is_empty() {
                        finished.push(Paragraph {
                            kind: if done.heading {
                                BlockKind::Subhead
                            } else {
                                BlockKind::Paragraph
                            },
                            text: text.to_owned(),
                        });
                    }
                    finished.extend(done.inner);
                    if let Some(outer) = open.last_mut() {
                        outer.inner.extend(finished);
                    } else {
                        super::within_limit(file, out.len() + finished.len())?;
                        out.extend(finished);
                    }
                }
                _ => {}
            },
            Event::Eof if open.is_empty() => break,
            Event::Eof => {
                return Err(bad(file, "word/document.xml ends inside a paragraph"));
            }
            _ => {}
        }
    }
    Ok(out)
}

/// What an element inside a paragraph adds to it: tabs, line breaks, a non-breaking
/// hyphen, a heading style.
fn mark(name: &str, e: &quick_xml::events::BytesStart<'_>, paragraph: Option<&mut Open>) {
    let Some(p) = paragraph else { return };
    match name {
        "tab" => p.text.push('\t'),
        "br" | "cr" => p.text.push('\n'),
        "noBreakHyphen" => p.text.push('\u{2011}'),
        "pStyle" => {
            let style = e
                .attributes()
                .flatten()
                .find(|a| a.key.local_name().as_ref() == "val")
                .map(|a| a.value.to_lowercase())
                .unwrap_or_default();
            p.heading = style.starts_with("heading") || style == "title";
        }
        _ => {}
    }
}
