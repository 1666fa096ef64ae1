//! Word documents: the final copy, and the check every DOCX passes before it is written.
//!
//! The final copy is written with [`super::ooxml`]: each part of the story in one of Word's
//! built-in paragraph styles, defined in the document's styles part (Title for the headline,
//! Subtitle for the deck, heading 2 for subheads, Quote, caption), so a word processor shows
//! and navigates them as what they are, and a DOCX import reads them back. Photos are
//! embedded as they are (JPEG or PNG, never decoded) at their own proportions, with their
//! alt text. The document's properties carry its headline as title and the byline's public
//! names as author.

use super::ooxml::{self, Image, Look, Page, ParagraphStyle, Properties, Styles};
use super::photo::photo_facts;
use super::text::{caption_lines, first_paragraph};
use super::{DRAFT_BANNER, ExportError, MediaSource, PubBlock, Publishable};
use crate::model::Role;

/// The style ids of Word's built-in styles, as Word and LibreOffice write them.
pub mod style_id {
    /// The headline.
    pub const TITLE: &str = "Title";
    /// The deck.
    pub const SUBTITLE: &str = "Subtitle";
    /// A subhead.
    pub const HEADING_2: &str = "Heading2";
    /// A quotation.
    pub const QUOTE: &str = "Quote";
    /// A photo's caption and credit.
    pub const CAPTION: &str = "Caption";
}

const PLAIN: Look<'static> = Look {
    bold: false,
    half_points: None,
    font: None,
    italic: false,
    color: None,
};

/// The final copy's styles: 11 pt text at 1.15 lines with 8 pt after each paragraph, and
/// Word's built-in styles under their own ids and names.
const FINAL_COPY: Styles<'static> = Styles {
    half_points: 22,
    space_after: 160,
    line: Some(276),
    paragraph: &[
        ParagraphStyle {
            id: style_id::TITLE,
            name: "Title",
            look: Look {
                bold: true,
                half_points: Some(40),
                ..PLAIN
            },
            space_before: 0,
            space_after: Some(120),
            keep_next: true,
            outline_level: None,
            indent: 0,
        },
        ParagraphStyle {
            id: style_id::SUBTITLE,
            name: "Subtitle",
            look: Look {
                italic: true,
                half_points: Some(28),
                color: Some("444444"),
                ..PLAIN
            },
            space_before: 0,
            space_after: Some(240),
            keep_next: true,
            outline_level: None,
            indent: 0,
        },
        ParagraphStyle {
            id: style_id::HEADING_2,
            name: "heading 2",
            look: Look {
                bold: true,
                half_points: Some(28),
                ..PLAIN
            },
            space_before: 240,
            space_after: Some(80),
            keep_next: true,
            outline_level: Some(1),
            indent: 0,
        },
        ParagraphStyle {
            id: style_id::QUOTE,
            name: "Quote",
            look: Look {
                italic: true,
                ..PLAIN
            },
            space_before: 0,
            space_after: None,
            keep_next: false,
            outline_level: None,
            indent: 720,
        },
        ParagraphStyle {
            id: style_id::CAPTION,
            name: "caption",
            look: Look {
                half_points: Some(18),
                color: Some("333333"),
                ..PLAIN
            },
            space_before: 0,
            space_after: Some(240),
            keep_next: false,
            outline_level: None,
            indent: 0,
        },
    ],
};

/// The page: A4 upright.
const PAGE: Page = Page::A4_PORTRAIT;
/// Photos are set 12 cm wide (a column of copy), in English Metric Units (360,000 a cm).
const PHOTO_WIDTH_EMU: u64 = 4_320_000;
/// A photo taller than it is wide is set at most 12 cm high instead.
const PHOTO_HEIGHT_EMU: u64 = 4_320_000;

/// A photo the document embeds: its bytes, part extension and size in pixels.
struct Embedded {
    bytes: Vec<u8>,
    extension: &'static str,
    size: (u32, u32),
}

/// A photo as Word takes it: JPEG or PNG by its bytes, with a size its header states within
/// the limits ([`super::photo_size`]); `None` for anything else, which costs the document
/// its picture, never the export.
fn embedded(file: &str, media: &dyn MediaSource) -> Option<Embedded> {
    let bytes = media.photo(file)?;
    let facts = photo_facts(file, Some(&bytes));
    let size = facts.size?;
    let extension = match facts.media_type {
        "image/png" => "png",
        "image/jpeg" => "jpeg",
        _ => return None,
    };
    Some(Embedded {
        bytes,
        extension,
        size,
    })
}

/// A photo's frame in EMUs: 12 cm wide at its own proportions, or 12 cm high when it is
/// taller than wide.
fn frame((width, height): (u32, u32)) -> (u64, u64) {
    let (w, h) = (u64::from(width.max(1)), u64::from(height.max(1)));
    if h > w {
        (PHOTO_HEIGHT_EMU * w / h, PHOTO_HEIGHT_EMU)
    } else {
        (PHOTO_WIDTH_EMU, PHOTO_WIDTH_EMU * h / w)
    }
}

/// The final copy as a Word document: the draft banner when it is one, headline, deck,
/// body with photos, corrections and the credit line.
pub fn final_copy(story: &Publishable, media: &dyn MediaSource) -> Result<Vec<u8>, ExportError> {
    let photos: Vec<Option<Embedded>> = story
        .blocks
        .iter()
        .map(|block| match block {
            PubBlock::Photo { file, .. } => embedded(file, media),
            _ => None,
        })
        .collect();
    let images: Vec<Image<'_>> = photos
        .iter()
        .flatten()
        .map(|p| Image {
            bytes: &p.bytes,
            extension: p.extension,
        })
        .collect();
    let creator = authors(story);
    let properties = Properties {
        title: &story.headline,
        creator: (!creator.is_empty()).then_some(creator.as_str()),
        language: Some(&story.language),
        created: story.created,
        modified: story.modified,
    };
    let size: usize = story
        .blocks
        .iter()
        .map(|b| match b {
            PubBlock::Paragraph(t) | PubBlock::Subhead(t) | PubBlock::Quote(t) => t.len() + 256,
            PubBlock::Photo { caption, alt, .. } => caption.len() + alt.len() * 2 + 2048,
        })
        .sum();
    ooxml::package(&properties, &FINAL_COPY, &images, size, |xml| {
        use ooxml::styled_paragraph as p;
        if story.draft {
            let banner = Look {
                bold: true,
                color: Some("B00000"),
                ..PLAIN
            };
            p(xml, None, &[(DRAFT_BANNER, banner)])?;
        }
        p(xml, Some(style_id::TITLE), &[(&story.headline, PLAIN)])?;
        if !story.deck.is_empty() {
            p(xml, Some(style_id::SUBTITLE), &[(&story.deck, PLAIN)])?;
        }
        let dateline = story.dateline();
        let first = first_paragraph(story);
        let mut picture = 0;
        for (i, (block, photo)) in story.blocks.iter().zip(&photos).enumerate() {
            match block {
                PubBlock::Paragraph(text) if i == first && !dateline.is_empty() => {
                    let bold = Look {
                        bold: true,
                        ..PLAIN
                    };
                    p(
                        xml,
                        None,
                        &[(&format!("{dateline} — "), bold), (text, PLAIN)],
                    )?;
                }
                PubBlock::Paragraph(text) => p(xml, None, &[(text, PLAIN)])?,
                PubBlock::Subhead(text) => p(xml, Some(style_id::HEADING_2), &[(text, PLAIN)])?,
                PubBlock::Quote(text) => p(xml, Some(style_id::QUOTE), &[(text, PLAIN)])?,
                PubBlock::Photo {
                    file,
                    caption,
                    credit,
                    alt,
                } => {
                    if let Some(photo) = photo {
                        picture += 1;
                        ooxml::picture_paragraph(xml, picture, frame(photo.size), file, alt)?;
                    }
                    let line = caption_lines(caption, credit);
                    if !line.is_empty() {
                        p(xml, Some(style_id::CAPTION), &[(&line, PLAIN)])?;
                    }
                }
            }
        }
        for correction in &story.corrections {
            p(xml, None, &[(correction, PLAIN)])?;
        }
        if !story.credit_line.is_empty() {
            let italic = Look {
                italic: true,
                ..PLAIN
            };
            p(xml, None, &[(&story.credit_line, italic)])?;
        }
        ooxml::section(xml, PAGE)
    })
}

/// The document's author: the byline's public names (the reporters, or the writers when no
/// reporter is credited), as a word processor lists several authors.
fn authors(story: &Publishable) -> String {
    let reporters = story.names(Role::Reporter);
    let names = if reporters.is_empty() {
        story.names(Role::Writer)
    } else {
        reporters
    };
    names.join("; ")
}

/// Whether bytes are a Word document a word processor opens: a zip whose parts list and
/// main document are there, the document well-formed XML with a body. Reading the parts
/// we wrote is enough; parsing the whole document model back cost more than writing it.
pub(super) fn check(bytes: &[u8]) -> Result<(), String> {
    use std::io::Read as _;
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| format!("not a zip container: {e}"))?;
    for part in ["[Content_Types].xml", "_rels/.rels", "docProps/core.xml"] {
        archive
            .by_name(part)
            .map_err(|_| format!("the part {part} is missing"))?;
    }
    let mut document = String::new();
    archive
        .by_name("word/document.xml")
        .map_err(|_| "the part word/document.xml is missing".to_owned())?
        .read_to_string(&mut document)
        .map_err(|e| format!("word/document.xml does not read: {e}"))?;
    super::check_xml(&document).map_err(|e| format!("word/document.xml: {e}"))?;
    if document.contains("<w:body>") {
        Ok(())
    } else {
        Err("word/document.xml has no body".to_owned())
    }
}
