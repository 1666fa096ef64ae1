//! Word documents: the final copy, and the check every DOCX passes before it is written.

use docx_rs::{Docx, Paragraph, Pic, Run};

use super::{
    DRAFT_BANNER, ExportError, MAX_PHOTO_SIDE, MediaSource, PubBlock, Publishable, photo_size,
    text::first_paragraph,
};

/// The final copy as a Word document: headline, deck, photos with caption and credit, body,
/// credit line. Its properties carry no person's name (creator "unknown").
pub fn final_copy(story: &Publishable, media: &dyn MediaSource) -> Result<Vec<u8>, ExportError> {
    let mut doc = new_document(story);
    if story.draft {
        doc = doc.add_paragraph(
            Paragraph::new().add_run(Run::new().add_text(DRAFT_BANNER).bold().color("B00000")),
        );
    }
    doc = doc.add_paragraph(
        Paragraph::new().add_run(Run::new().add_text(&story.headline).bold().size(40)),
    );
    if !story.deck.is_empty() {
        doc = doc.add_paragraph(
            Paragraph::new().add_run(Run::new().add_text(&story.deck).italic().size(28)),
        );
    }
    let dateline = story.dateline();
    let first = first_paragraph(story);
    for (i, block) in story.blocks.iter().enumerate() {
        doc = match block {
            PubBlock::Paragraph(text) if i == first && !dateline.is_empty() => doc.add_paragraph(
                Paragraph::new()
                    .add_run(Run::new().add_text(format!("{dateline} — ")).bold())
                    .add_run(Run::new().add_text(text)),
            ),
            PubBlock::Paragraph(text) => {
                doc.add_paragraph(Paragraph::new().add_run(Run::new().add_text(text)))
            }
            PubBlock::Subhead(text) => doc
                .add_paragraph(Paragraph::new().add_run(Run::new().add_text(text).bold().size(28))),
            PubBlock::Quote(text) => doc.add_paragraph(
                Paragraph::new()
                    .indent(Some(720), None, Some(720), None)
                    .add_run(Run::new().add_text(text).italic()),
            ),
            PubBlock::Photo {
                file,
                caption,
                credit,
                ..
            } => {
                let mut doc = doc;
                if let Some(pic) = media.photo(file).and_then(|bytes| word_picture(&bytes)) {
                    doc = doc.add_paragraph(Paragraph::new().add_run(Run::new().add_image(pic)));
                }
                doc.add_paragraph(
                    Paragraph::new()
                        .add_run(Run::new().add_text(caption).italic())
                        .add_run(Run::new().add_text(format!("  {credit}")).size(18)),
                )
            }
        };
    }
    for correction in &story.corrections {
        doc = doc.add_paragraph(Paragraph::new().add_run(Run::new().add_text(correction)));
    }
    if !story.credit_line.is_empty() {
        doc = doc.add_paragraph(
            Paragraph::new().add_run(Run::new().add_text(&story.credit_line).italic()),
        );
    }
    pack(doc)
}

/// The most memory decoding one photo may take.
const MAX_DECODED_BYTES: u64 = 256 * 1024 * 1024;
/// Photos are set about 12 cm wide (a column of copy), in English Metric Units.
const PHOTO_WIDTH_EMU: u64 = 4_320_000;

/// A photo as Word takes it: PNG as it is, a JPEG converted to PNG, set a column wide at its
/// own proportions. `None` for bytes that are not a picture, or one too large to decode: the
/// size its header claims is checked first ([`photo_size`], the rule the window uses too),
/// the image decoder has limits on size and memory, and a panic in it is contained, so a
/// broken photo costs the export its picture, never the export or the window.
fn word_picture(bytes: &[u8]) -> Option<Pic> {
    use std::io::Cursor;
    let (width, height) = photo_size(bytes).ok()?;
    let decoded = std::panic::catch_unwind(|| -> Option<(Vec<u8>, u32, u32)> {
        let mut reader = image::ImageReader::new(Cursor::new(bytes))
            .with_guessed_format()
            .ok()?;
        let mut limits = image::Limits::default();
        limits.max_image_width = Some(MAX_PHOTO_SIDE);
        limits.max_image_height = Some(MAX_PHOTO_SIDE);
        limits.max_alloc = Some(MAX_DECODED_BYTES);
        reader.limits(limits);
        if reader.format() == Some(image::ImageFormat::Png) {
            return Some((bytes.to_vec(), width, height));
        }
        let picture = reader.decode().ok()?;
        let mut png = Cursor::new(Vec::new());
        picture.write_to(&mut png, image::ImageFormat::Png).ok()?;
        Some((png.into_inner(), picture.width(), picture.height()))
    });
    let (png, width, height) = decoded.ok().flatten()?;
    if width == 0 || height == 0 || width > MAX_PHOTO_SIDE || height > MAX_PHOTO_SIDE {
        return None;
    }
    let height_emu = PHOTO_WIDTH_EMU * u64::from(height) / u64::from(width);
    Some(Pic::new_with_dimensions(png, width, height).size(
        u32::try_from(PHOTO_WIDTH_EMU).ok()?,
        u32::try_from(height_emu).ok()?,
    ))
}

/// A document with fixed properties, so the same story gives the same bytes.
pub(super) fn new_document(story: &Publishable) -> Docx {
    let created = story
        .created
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let modified = story
        .modified
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    Docx::new().created_at(&created).updated_at(&modified)
}

pub(super) fn pack(doc: Docx) -> Result<Vec<u8>, ExportError> {
    let mut out = std::io::Cursor::new(Vec::new());
    doc.build()
        .pack(&mut out)
        .map_err(|e| ExportError::Invalid {
            format: "docx",
            problem: e.to_string(),
        })?;
    Ok(out.into_inner())
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
