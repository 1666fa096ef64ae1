//! Reading a Word file's paragraphs without trusting it: the zip's directory is checked
//! before anything is unpacked (entry count, the main document's declared size), the
//! document is unpacked through a reader that stops at the limit whatever the header
//! claimed, and its XML is read as a stream of events (paragraphs, runs of text, tabs, line
//! breaks, paragraph styles, pictures' names and alt text). Nothing here can allocate in
//! proportion to what a header says, and nothing panics on a broken file: every problem is
//! an error naming the file.
//!
//! What a paragraph is comes from its style, as Word, LibreOffice and our own export write
//! it: Title (the headline), Subtitle (the deck), Heading 1 to 9 (subheads), Quote,
//! Intense Quote or LibreOffice's Quotations (quotes) and Caption (a photo's caption, with
//! its credit on its last line when it has more than one). A style is known by its name in
//! `word/styles.xml` (which a localised Word keeps in English while it translates the id),
//! or by what it is based on, else by its id.

use std::collections::HashMap;
use std::io::Read as _;

use quick_xml::events::Event;

use super::{ImportError, Paragraph};
use crate::model::{BlockKind, Photo};

/// The most entries a Word file may have; real documents have a few dozen.
pub const MAX_ENTRIES: usize = 2_000;
/// The most bytes the main document may unpack to.
pub const MAX_DOCUMENT_BYTES: u64 = 64 * 1024 * 1024;
/// The most bytes the styles part may unpack to; Word's own are under a megabyte.
pub const MAX_STYLES_BYTES: u64 = 16 * 1024 * 1024;
/// The most styles read; Word defines a few hundred.
pub const MAX_STYLES: usize = 10_000;
/// How far a style's `basedOn` chain is followed.
const MAX_STYLE_DEPTH: usize = 16;

/// What a paragraph is, by its style.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Role {
    Title,
    Subtitle,
    Heading,
    Quote,
    Caption,
}

impl Role {
    /// The role a style's name (or id) says, in any letter case and spacing.
    fn of_name(name: &str) -> Option<Self> {
        let key: String = name
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-' && *c != '_')
            .flat_map(char::to_lowercase)
            .collect();
        match key.as_str() {
            "title" => Some(Self::Title),
            "subtitle" => Some(Self::Subtitle),
            "quote" | "intensequote" | "quotations" => Some(Self::Quote),
            "caption" => Some(Self::Caption),
            k if k
                .strip_prefix("heading")
                .is_some_and(|n| n.len() == 1 && n.chars().all(|c| c.is_ascii_digit())) =>
            {
                Some(Self::Heading)
            }
            _ => None,
        }
    }
}

/// A Word document's text: the headline and deck when it marks them (its first Title and
/// Subtitle paragraphs), and the body's paragraphs.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DocxText {
    /// The first Title paragraph.
    pub headline: Option<String>,
    /// The first Subtitle paragraph.
    pub deck: Option<String>,
    /// The rest, each as the block its style says.
    pub paragraphs: Vec<Paragraph>,
}

fn bad(file: &str, problem: impl Into<String>) -> ImportError {
    ImportError::BadDocx {
        file: file.to_owned(),
        problem: problem.into(),
    }
}

/// The paragraphs of a Word document: empty ones left out, headings as subheads, quotes
/// and captions as theirs; a headline it marks comes first as a subhead and a deck after it
/// as a paragraph (the importer's caller decides what the first one is).
pub fn paragraphs(file: &str, bytes: &[u8]) -> Result<Vec<Paragraph>, ImportError> {
    let text = read(file, bytes)?;
    let mut out = Vec::with_capacity(text.paragraphs.len() + 2);
    if let Some(headline) = text.headline {
        out.push(Paragraph {
            kind: BlockKind::Subhead,
            text: headline,
        });
    }
    if let Some(deck) = text.deck {
        out.push(Paragraph {
            kind: BlockKind::Paragraph,
            text: deck,
        });
    }
    out.extend(text.paragraphs);
    Ok(out)
}

/// A Word document's headline, deck and paragraphs, each by its style.
pub fn read(file: &str, bytes: &[u8]) -> Result<DocxText, ImportError> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| bad(file, format!("not a zip container: {e}")))?;
    let xml = document_xml(file, &mut archive)?;
    let roles = style_roles(file, &mut archive)?;
    let read = read_paragraphs(file, &xml)?;
    Ok(with_roles(read, &roles))
}

/// The main document's XML, unpacked within the limits.
fn document_xml(
    file: &str,
    archive: &mut zip::ZipArchive<std::io::Cursor<&[u8]>>,
) -> Result<String, ImportError> {
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
    utf8(file, "word/document.xml", xml)
}

fn utf8(file: &str, part: &str, xml: Vec<u8>) -> Result<String, ImportError> {
    String::from_utf8(xml).map_err(|e| {
        bad(
            file,
            format!(
                "{part} is not UTF-8 (bad byte at {})",
                e.utf8_error().valid_up_to()
            ),
        )
    })
}

/// The role of each paragraph style `word/styles.xml` defines, by id: from its name, else
/// from the style it is based on (followed at most [`MAX_STYLE_DEPTH`] deep, so a loop ends),
/// else from its id. No styles part is no styles. Read within the limits, like the document.
fn style_roles(
    file: &str,
    archive: &mut zip::ZipArchive<std::io::Cursor<&[u8]>>,
) -> Result<HashMap<String, Role>, ImportError> {
    let Ok(entry) = archive.by_name("word/styles.xml") else {
        return Ok(HashMap::new());
    };
    let too_many = || {
        bad(
            file,
            format!(
                "its styles part is larger than a Word document's (more than {} MB)",
                MAX_STYLES_BYTES / (1024 * 1024)
            ),
        )
    };
    if entry.size() > MAX_STYLES_BYTES {
        return Err(too_many());
    }
    let mut bytes = Vec::new();
    entry
        .take(MAX_STYLES_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| bad(file, format!("word/styles.xml does not unpack: {e}")))?;
    if bytes.len() as u64 > MAX_STYLES_BYTES {
        return Err(too_many());
    }
    let xml = utf8(file, "word/styles.xml", bytes)?;
    // Each paragraph style: id, name, based on.
    let mut styles: HashMap<String, (String, String)> = HashMap::new();
    let mut reader = quick_xml::Reader::from_str(&xml);
    let mut current: Option<(String, String, String)> = None;
    loop {
        let event = reader.read_event().map_err(|e| {
            bad(
                file,
                format!(
                    "word/styles.xml is not well-formed at byte {}: {e}",
                    reader.buffer_position()
                ),
            )
        })?;
        match event {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "style" => {
                let paragraph = attribute(&e, "type").is_none_or(|t| t == "paragraph");
                current = paragraph.then(|| {
                    (
                        attribute(&e, "styleId").unwrap_or_default(),
                        String::new(),
                        String::new(),
                    )
                });
            }
            Event::Start(e) | Event::Empty(e) => {
                if let Some((_, name, based_on)) = &mut current {
                    match e.local_name().as_ref() {
                        "name" => *name = attribute(&e, "val").unwrap_or_default(),
                        "basedOn" => *based_on = attribute(&e, "val").unwrap_or_default(),
                        _ => {}
                    }
                }
            }
            Event::End(e) if e.local_name().as_ref() == "style" => {
                if let Some((id, name, based_on)) = current.take()
                    && !id.is_empty()
                {
                    if styles.len() >= MAX_STYLES {
                        return Err(bad(
                            file,
                            format!(
                                "it defines more than {MAX_STYLES} styles; Word defines a few hundred"
                            ),
                        ));
                    }
                    styles.insert(id, (name, based_on));
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    let role = |id: &str| -> Option<Role> {
        let mut at = id;
        for _ in 0..MAX_STYLE_DEPTH {
            let (name, based_on) = styles.get(at)?;
            if let Some(role) = Role::of_name(name) {
                return Some(role);
            }
            if based_on.is_empty() {
                return None;
            }
            at = based_on;
        }
        None
    };
    Ok(styles
        .keys()
        .filter_map(|id| role(id).map(|r| (id.clone(), r)))
        .collect())
}

/// An attribute's value by its local name, unescaped, or `None`.
fn attribute(e: &quick_xml::events::BytesStart<'_>, name: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == name)
        .and_then(|a| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .ok()
                .map(std::borrow::Cow::into_owned)
        })
}

/// A paragraph as read: its text, its style id, and the picture it holds, if any.
#[derive(Debug)]
struct Read {
    text: String,
    style: Option<String>,
    picture: Option<Picture>,
}

/// A picture's name and alt text, as a drawing states them.
#[derive(Clone, Debug, Default)]
struct Picture {
    name: String,
    alt: String,
}

/// The paragraphs as blocks by their styles' roles (or their own ids' when the styles part
/// does not define them): the first Title and Subtitle as headline and deck, a caption as
/// a photo (its picture's file name when that names a photo, and its alt text, from the
/// picture just before it). The draft banner of our own export is not story text.
fn with_roles(read: Vec<Read>, roles: &HashMap<String, Role>) -> DocxText {
    let mut text = DocxText::default();
    let mut picture: Option<Picture> = None;
    for paragraph in read {
        if paragraph.text.is_empty() {
            picture = paragraph.picture.or(picture);
            continue;
        }
        if paragraph.text == crate::export::DRAFT_BANNER {
            continue;
        }
        let role = paragraph
            .style
            .as_deref()
            .and_then(|id| roles.get(id).copied().or_else(|| Role::of_name(id)));
        let kind = match role {
            Some(Role::Title) if text.headline.is_none() => {
                text.headline = Some(paragraph.text);
                continue;
            }
            Some(Role::Subtitle) if text.deck.is_none() => {
                text.deck = Some(paragraph.text);
                continue;
            }
            Some(Role::Title | Role::Heading) => BlockKind::Subhead,
            Some(Role::Quote) => BlockKind::Quote,
            Some(Role::Caption) => {
                let shown = paragraph
                    .picture
                    .or_else(|| picture.take())
                    .unwrap_or_default();
                let (caption, credit) = match paragraph.text.rsplit_once('\n') {
                    Some((caption, credit)) => {
                        (caption.trim().to_owned(), credit.trim().to_owned())
                    }
                    None => (paragraph.text, String::new()),
                };
                let lower = shown.name.to_lowercase();
                let file = if [".png", ".jpg", ".jpeg"].iter().any(|e| lower.ends_with(e)) {
                    shown.name
                } else {
                    String::new()
                };
                text.paragraphs.push(Paragraph {
                    kind: BlockKind::Photo(Photo {
                        file,
                        credit,
                        alt: shown.alt.trim().to_owned(),
                    }),
                    text: caption,
                });
                continue;
            }
            Some(Role::Subtitle) | None => BlockKind::Paragraph,
        };
        picture = None;
        text.paragraphs.push(Paragraph {
            kind,
            text: paragraph.text,
        });
    }
    text
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

/// A paragraph being read: its text so far, its style, its picture, and the paragraphs of
/// text boxes inside it (they follow it, in order).
#[derive(Default)]
struct Open {
    text: String,
    style: Option<String>,
    picture: Option<Picture>,
    inner: Vec<Read>,
}

/// The paragraphs of `word/document.xml`. A text box is a paragraph inside a paragraph:
/// its text becomes a paragraph of its own after the one it sits in, never mixed into it.
/// Word writes a text box twice (`mc:Choice` and an `mc:Fallback` for older readers); the
/// fallback is skipped, so nothing is read twice.
fn read_paragraphs(file: &str, xml: &str) -> Result<Vec<Read>, ImportError> {
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
                    // An empty paragraph is kept only for its picture (a caption may follow).
                    if !text.is_empty() || done.picture.is_some() {
                        finished.push(Read {
                            text: text.to_owned(),
                            style: done.style,
                            picture: done.picture,
                        });
                    }
                    finished.extend(done.inner);
                    if let Some(outer) = open.last_mut() {
                        outer.inner.extend(finished);
                    } else {
                        // Pictures alone are not paragraphs, but each is kept: counted too.
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

/// The longest picture name or alt text kept; more is not a description.
const MAX_PICTURE_TEXT: usize = 4_000;

/// What an element inside a paragraph adds to it: tabs, line breaks, a non-breaking
/// hyphen, its style, a picture's alt text (`wp:docPr descr`) and name (`pic:cNvPr`).
fn mark(name: &str, e: &quick_xml::events::BytesStart<'_>, paragraph: Option<&mut Open>) {
    let Some(p) = paragraph else { return };
    let clipped = |text: Option<String>| -> String {
        text.unwrap_or_default()
            .chars()
            .take(MAX_PICTURE_TEXT)
            .collect()
    };
    match name {
        "tab" => p.text.push('\t'),
        "br" | "cr" => p.text.push('\n'),
        "noBreakHyphen" => p.text.push('\u{2011}'),
        "pStyle" => p.style = attribute(e, "val"),
        "docPr" => {
            p.picture.get_or_insert_with(Picture::default).alt = clipped(attribute(e, "descr"));
        }
        "cNvPr" => {
            let picture = p.picture.get_or_insert_with(Picture::default);
            picture.name = clipped(attribute(e, "name"));
            if picture.alt.is_empty() {
                picture.alt = clipped(attribute(e, "descr"));
            }
        }
        _ => {}
    }
}
