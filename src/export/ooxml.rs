//! Word files written directly: the zip package around a main document, and the few
//! pieces of Word's document XML our documents are made of (paragraphs, runs, text with
//! line breaks). A long review table costs little more than writing its text; building it
//! through a document model first cost seven times the budget.
//!
//! Every part is written with `quick-xml`, which owns the escaping. The package is
//! reproducible: fixed zip timestamps, parts in a fixed order, times from the story.
//!
//! The review table and the final copy are both written with it: the final copy with
//! Word's built-in paragraph styles (Title, Subtitle, heading 2, Quote, caption) defined in
//! its styles part, so a word processor and our importer both see what each paragraph is,
//! and its photos embedded as they are (JPEG or PNG) with their alt text.

use std::io::{self, BufWriter, Cursor, Write};

use chrono::{DateTime, SecondsFormat, Utc};
use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use zip::ZipWriter;
use zip::write::SimpleFileOptions;

use crate::export::ExportError;

/// The namespace of Word's document XML, bound to `w:` on the main document and the styles.
const WORDPROCESSINGML: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
/// The relationship types (a relationship's `Type`) of the parts we write.
const OFFICE_DOCUMENT: &str =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument";
const CORE_PROPERTIES: &str =
    "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties";
const STYLES: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles";
const IMAGE: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image";
/// `DrawingML`, the pictures inside a document.
const DRAWINGML: &str = "http://schemas.openxmlformats.org/drawingml/2006/main";
const PICTURE: &str = "http://schemas.openxmlformats.org/drawingml/2006/picture";
const WORDPROCESSING_DRAWING: &str =
    "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing";
const RELATIONSHIPS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/// What a Word file says about itself in its properties (`docProps/core.xml`). The creator,
/// when there is one, is a public credit (a withheld name never reaches an exporter).
pub(super) struct Properties<'a> {
    /// The title a word processor shows in its window and file properties.
    pub title: &'a str,
    /// The author a word processor shows: public names only, or none.
    pub creator: Option<&'a str>,
    /// The document's language (BCP 47), or none.
    pub language: Option<&'a str>,
    /// When the story was created.
    pub created: DateTime<Utc>,
    /// When it last changed.
    pub modified: DateTime<Utc>,
}

/// The page a document is set on, in twentieths of a point (twips).
#[derive(Clone, Copy)]
pub(super) struct Page {
    /// Width of the sheet.
    pub width: u32,
    /// Height of the sheet.
    pub height: u32,
    /// The margin on every side.
    pub margin: u32,
}

impl Page {
    /// A4 upright: 210 by 297 mm, with 2.5 cm margins.
    pub const A4_PORTRAIT: Self = Self {
        width: 11_906,
        height: 16_838,
        margin: 1_418,
    };

    /// A4 on its side: 297 by 210 mm, with 2 cm margins.
    pub const A4_LANDSCAPE: Self = Self {
        width: 16_838,
        height: 11_906,
        margin: 1_134,
    };

    /// The width text may fill between the margins.
    pub const fn text_width(self) -> u32 {
        self.width - 2 * self.margin
    }
}

/// A document's text and paragraph styles: the size and spacing of plain text (the "Normal"
/// style every other one is based on) and the paragraph styles it defines besides.
pub(super) struct Styles<'a> {
    /// The text size in half-points.
    pub half_points: u32,
    /// Space after each paragraph, in twips.
    pub space_after: u32,
    /// Line spacing in 240ths of a line (276 is 1.15 lines), or single.
    pub line: Option<u32>,
    /// The paragraph styles besides "Normal".
    pub paragraph: &'a [ParagraphStyle<'a>],
}

impl Styles<'static> {
    /// 10 pt text, no space around paragraphs, no styles besides "Normal": a table's cells.
    pub const TABLE: Self = Self {
        half_points: 20,
        space_after: 0,
        line: None,
        paragraph: &[],
    };
}

/// A paragraph style, based on "Normal" and followed by it.
pub(super) struct ParagraphStyle<'a> {
    /// The id paragraphs name it by (`w:pStyle`); Word's own for its built-in styles.
    pub id: &'a str,
    /// The name a word processor shows and matches built-in styles by ("heading 2").
    pub name: &'a str,
    /// How its text looks.
    pub look: Look<'a>,
    /// Space before, in twips.
    pub space_before: u32,
    /// Space after, in twips, or the document's.
    pub space_after: Option<u32>,
    /// Kept on the page with the next paragraph (a heading, a picture).
    pub keep_next: bool,
    /// Its level in the document's outline (0 for a first-level heading), or none.
    pub outline_level: Option<u8>,
    /// Indented on both sides, in twips.
    pub indent: u32,
}

/// A picture the document embeds, numbered from 1 in the order given.
pub(super) struct Image<'a> {
    /// The file's bytes, as they are.
    pub bytes: &'a [u8],
    /// "png" or "jpeg", its part's extension.
    pub extension: &'static str,
}

/// The relationship id the `n`th image (from 1) is embedded by.
pub(super) fn image_relationship(n: usize) -> String {
    format!("rIdImage{n}")
}

/// How a run of text looks; the default is the document's plain text.
#[derive(Clone, Copy, Default)]
pub(super) struct Look<'a> {
    /// Bold, in Latin and complex scripts alike.
    pub bold: bool,
    /// The size in half-points (Word's unit), or the document's default.
    pub half_points: Option<u32>,
    /// A font for every script slot (Latin, other Latin, complex), or the default.
    pub font: Option<&'a str>,
    /// Italic, in Latin and complex scripts alike.
    pub italic: bool,
    /// A colour as six hex digits, or the default.
    pub color: Option<&'a str>,
}

impl Look<'_> {
    /// Whether it differs from the text around it at all.
    fn is_plain(&self) -> bool {
        !self.bold
            && !self.italic
            && self.half_points.is_none()
            && self.font.is_none()
            && self.color.is_none()
    }
}

/// The writer a part goes to: its zip entry, through a buffer, so that the many small
/// writes of the XML writer reach the zip in large pieces.
pub(super) type PartWriter<'z> = BufWriter<&'z mut ZipWriter<Cursor<Vec<u8>>>>;

/// A Word file around a main document: `body` writes what goes inside `<w:body>`, ending
/// with the section properties (`section`); `size` is about how many bytes that will be, so
/// the file is allocated once.
///
/// Parts are stored, not deflated: deflating costs about 6 ms a megabyte, more than the
/// whole export may take for a long table, and a review copy is read once, not archived.
pub(super) fn package(
    properties: &Properties<'_>,
    look: &Styles<'_>,
    images: &[Image<'_>],
    size: usize,
    body: impl FnOnce(&mut Writer<PartWriter<'_>>) -> io::Result<()>,
) -> Result<Vec<u8>, ExportError> {
    // Room for the small parts, their names and the zip's directory besides the body.
    let pictures: usize = images.iter().map(|i| i.bytes.len() + 128).sum();
    let mut zip = ZipWriter::new(Cursor::new(Vec::with_capacity(size + pictures + 8 * 1024)));
    // The parts list first, as word processors expect.
    write_part(&mut zip, "[Content_Types].xml", |xml| {
        content_types(xml, images)
    })?;
    write_part(&mut zip, "_rels/.rels", package_relationships)?;
    write_part(&mut zip, "docProps/core.xml", |xml| {
        core_properties(xml, properties)
    })?;
    write_part(&mut zip, "word/_rels/document.xml.rels", |xml| {
        document_relationships(xml, images)
    })?;
    write_part(&mut zip, "word/styles.xml", |xml| styles(xml, look))?;
    write_part(&mut zip, "word/document.xml", |xml| {
        document(xml, !images.is_empty(), body)
    })?;
    for (n, image) in (1..).zip(images) {
        let options = SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored)
            .last_modified_time(zip::DateTime::default());
        zip.start_file(format!("word/media/image{n}.{}", image.extension), options)
            .map_err(failed)?;
        zip.write_all(image.bytes).map_err(failed)?;
    }
    Ok(zip.finish().map_err(failed)?.into_inner())
}

/// One XML part, from its declaration on, as the zip entry `name`.
fn write_part<'z>(
    zip: &'z mut ZipWriter<Cursor<Vec<u8>>>,
    name: &str,
    write: impl FnOnce(&mut Writer<PartWriter<'z>>) -> io::Result<()>,
) -> Result<(), ExportError> {
    // The zip's own clock would make every export differ; its default date (1980-01-01) is
    // the one reproducible zips use.
    let options = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Stored)
        .last_modified_time(zip::DateTime::default());
    zip.start_file(name, options).map_err(failed)?;
    let mut xml = Writer::new(BufWriter::with_capacity(64 * 1024, zip));
    declaration(&mut xml).map_err(failed)?;
    write(&mut xml).map_err(failed)?;
    xml.into_inner().flush().map_err(failed)
}

/// A package that did not write: a bug, since every part goes to memory.
fn failed(error: impl std::fmt::Display) -> ExportError {
    ExportError::Invalid {
        format: "docx",
        problem: error.to_string(),
    }
}

fn declaration<W: Write>(xml: &mut Writer<W>) -> io::Result<()> {
    xml.write_event(Event::Decl(BytesDecl::new(
        "1.0",
        Some("UTF-8"),
        Some("yes"),
    )))
}

/// The main document: `body` inside `<w:document>` and `<w:body>`; the namespaces of
/// pictures declared when it has any.
fn document<W: Write>(
    xml: &mut Writer<W>,
    pictures: bool,
    body: impl FnOnce(&mut Writer<W>) -> io::Result<()>,
) -> io::Result<()> {
    let mut root = BytesStart::new("w:document").with_attributes([("xmlns:w", WORDPROCESSINGML)]);
    if pictures {
        root.extend_attributes([
            ("xmlns:r", RELATIONSHIPS),
            ("xmlns:wp", WORDPROCESSING_DRAWING),
        ]);
    }
    xml.write_event(Event::Start(root.borrow()))?;
    xml.write_event(Event::Start(BytesStart::new("w:body")))?;
    body(xml)?;
    xml.write_event(Event::End(BytesEnd::new("w:body")))?;
    xml.write_event(Event::End(root.to_end()))
}

/// The parts list: what each part holds, by extension or by name.
fn content_types<W: Write>(xml: &mut Writer<W>, images: &[Image<'_>]) -> io::Result<()> {
    const TYPES: &str = "http://schemas.openxmlformats.org/package/2006/content-types";
    const MAIN_DOCUMENT: &str =
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml";
    const STYLES_PART: &str =
        "application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml";
    const CORE_PART: &str = "application/vnd.openxmlformats-package.core-properties+xml";
    const RELATIONSHIPS_PART: &str = "application/vnd.openxmlformats-package.relationships+xml";
    xml.create_element("Types")
        .with_attribute(("xmlns", TYPES))
        .write_inner_content(|xml| {
            let mut defaults = vec![("rels", RELATIONSHIPS_PART), ("xml", "application/xml")];
            for (extension, content_type) in [("png", "image/png"), ("jpeg", "image/jpeg")] {
                if images.iter().any(|i| i.extension == extension) {
                    defaults.push((extension, content_type));
                }
            }
            for (extension, content_type) in defaults {
                xml.create_element("Default")
                    .with_attributes([("Extension", extension), ("ContentType", content_type)])
                    .write_empty()?;
            }
            for (part, content_type) in [
                ("/word/document.xml", MAIN_DOCUMENT),
                ("/word/styles.xml", STYLES_PART),
                ("/docProps/core.xml", CORE_PART),
            ] {
                xml.create_element("Override")
                    .with_attributes([("PartName", part), ("ContentType", content_type)])
                    .write_empty()?;
            }
            Ok(())
        })?;
    Ok(())
}

/// A relationships part: each relationship as (id, type, target).
fn relationships<W: Write>(xml: &mut Writer<W>, all: &[(&str, &str, &str)]) -> io::Result<()> {
    xml.create_element("Relationships")
        .with_attribute((
            "xmlns",
            "http://schemas.openxmlformats.org/package/2006/relationships",
        ))
        .write_inner_content(|xml| {
            for &(id, kind, target) in all {
                xml.create_element("Relationship")
                    .with_attributes([("Id", id), ("Type", kind), ("Target", target)])
                    .write_empty()?;
            }
            Ok(())
        })?;
    Ok(())
}

fn package_relationships<W: Write>(xml: &mut Writer<W>) -> io::Result<()> {
    relationships(
        xml,
        &[
            ("rId1", OFFICE_DOCUMENT, "word/document.xml"),
            ("rId2", CORE_PROPERTIES, "docProps/core.xml"),
        ],
    )
}

fn document_relationships<W: Write>(xml: &mut Writer<W>, images: &[Image<'_>]) -> io::Result<()> {
    let targets: Vec<(String, String)> = (1..)
        .zip(images)
        .map(|(n, image)| {
            (
                image_relationship(n),
                format!("media/image{n}.{}", image.extension),
            )
        })
        .collect();
    let mut all = vec![("rId1", STYLES, "styles.xml")];
    all.extend(
        targets
            .iter()
            .map(|(id, target)| (id.as_str(), IMAGE, target.as_str())),
    );
    relationships(xml, &all)
}

fn core_properties<W: Write>(xml: &mut Writer<W>, properties: &Properties<'_>) -> io::Result<()> {
    let time = |at: DateTime<Utc>| at.to_rfc3339_opts(SecondsFormat::Secs, true);
    xml.create_element("cp:coreProperties")
        .with_attributes([
            (
                "xmlns:cp",
                "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
            ),
            ("xmlns:dc", "http://purl.org/dc/elements/1.1/"),
            ("xmlns:dcterms", "http://purl.org/dc/terms/"),
            ("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"),
        ])
        .write_inner_content(|xml| {
            xml.create_element("dc:title")
                .write_text_content(BytesText::new(&xml_safe(properties.title)))?;
            if let Some(creator) = properties.creator {
                xml.create_element("dc:creator")
                    .write_text_content(BytesText::new(&xml_safe(creator)))?;
            }
            if let Some(language) = properties.language {
                xml.create_element("dc:language")
                    .write_text_content(BytesText::new(&xml_safe(language)))?;
            }
            for (name, at) in [
                ("dcterms:created", properties.created),
                ("dcterms:modified", properties.modified),
            ] {
                xml.create_element(name)
                    .with_attribute(("xsi:type", "dcterms:W3CDTF"))
                    .write_text_content(BytesText::new(&time(at)))?;
            }
            Ok(())
        })?;
    Ok(())
}

/// The styles part: the defaults word processors would otherwise each choose differently
/// (text size, space after paragraphs, line spacing), a "Normal" style for the body to be
/// in, and the document's paragraph styles.
fn styles<W: Write>(xml: &mut Writer<W>, look: &Styles<'_>) -> io::Result<()> {
    xml.create_element("w:styles")
        .with_attribute(("xmlns:w", WORDPROCESSINGML))
        .write_inner_content(|xml| {
            start(xml, "w:docDefaults")?;
            start(xml, "w:rPrDefault")?;
            start(xml, "w:rPr")?;
            let size = look.half_points.to_string();
            value(xml, "w:sz", &size)?;
            value(xml, "w:szCs", &size)?;
            end(xml, "w:rPr")?;
            end(xml, "w:rPrDefault")?;
            start(xml, "w:pPrDefault")?;
            start(xml, "w:pPr")?;
            spacing(xml, 0, look.space_after, look.line)?;
            end(xml, "w:pPr")?;
            end(xml, "w:pPrDefault")?;
            end(xml, "w:docDefaults")?;
            xml.create_element("w:style")
                .with_attributes([
                    ("w:type", "paragraph"),
                    ("w:default", "1"),
                    ("w:styleId", "Normal"),
                ])
                .write_inner_content(|xml| {
                    value(xml, "w:name", "Normal")?;
                    empty(xml, "w:qFormat")
                })?;
            for style in look.paragraph {
                paragraph_style(xml, style, look)?;
            }
            Ok(())
        })?;
    Ok(())
}

/// One paragraph style: its names, what it is based on and followed by, and its look.
fn paragraph_style<W: Write>(
    xml: &mut Writer<W>,
    style: &ParagraphStyle<'_>,
    look: &Styles<'_>,
) -> io::Result<()> {
    xml.create_element("w:style")
        .with_attributes([("w:type", "paragraph"), ("w:styleId", style.id)])
        .write_inner_content(|xml| {
            value(xml, "w:name", style.name)?;
            value(xml, "w:basedOn", "Normal")?;
            value(xml, "w:next", "Normal")?;
            empty(xml, "w:qFormat")?;
            start(xml, "w:pPr")?;
            if style.keep_next {
                empty(xml, "w:keepNext")?;
            }
            spacing(
                xml,
                style.space_before,
                style.space_after.unwrap_or(look.space_after),
                None,
            )?;
            if style.indent > 0 {
                let indent = style.indent.to_string();
                xml.create_element("w:ind")
                    .with_attributes([("w:left", indent.as_str()), ("w:right", indent.as_str())])
                    .write_empty()?;
            }
            if let Some(level) = style.outline_level {
                value(xml, "w:outlineLvl", &level.to_string())?;
            }
            end(xml, "w:pPr")?;
            run_properties(xml, style.look)
        })?;
    Ok(())
}

/// `<w:spacing>`: space before and after in twips, and the line spacing when it is set.
fn spacing<W: Write>(
    xml: &mut Writer<W>,
    before: u32,
    after: u32,
    line: Option<u32>,
) -> io::Result<()> {
    let (before, after) = (before.to_string(), after.to_string());
    let mut attributes = vec![("w:before", before.as_str()), ("w:after", after.as_str())];
    let line = line.map(|l| l.to_string());
    if let Some(line) = &line {
        attributes.push(("w:line", line.as_str()));
        attributes.push(("w:lineRule", "auto"));
    }
    xml.create_element("w:spacing")
        .with_attributes(attributes)
        .write_empty()?;
    Ok(())
}

/// An empty element with one `w:val`, the shape of most of Word's properties.
fn value<W: Write>(xml: &mut Writer<W>, name: &str, val: &str) -> io::Result<()> {
    xml.create_element(name)
        .with_attribute(("w:val", val))
        .write_empty()?;
    Ok(())
}

/// Opens an element with no attributes.
pub(super) fn start<W: Write>(xml: &mut Writer<W>, name: &str) -> io::Result<()> {
    xml.write_event(Event::Start(BytesStart::new(name)))
}

/// Closes an element.
pub(super) fn end<W: Write>(xml: &mut Writer<W>, name: &str) -> io::Result<()> {
    xml.write_event(Event::End(BytesEnd::new(name)))
}

/// An empty element with no attributes.
pub(super) fn empty<W: Write>(xml: &mut Writer<W>, name: &str) -> io::Result<()> {
    xml.write_event(Event::Empty(BytesStart::new(name)))
}

/// A paragraph of one run.
pub(super) fn paragraph<W: Write>(
    xml: &mut Writer<W>,
    text: &str,
    look: Look<'_>,
) -> io::Result<()> {
    start(xml, "w:p")?;
    run(xml, text, look)?;
    end(xml, "w:p")
}

/// A run of text in one look. A line break in the text is a line break in the document
/// (`<w:br/>`) and a tab a tab; other control characters (and the noncharacters U+FFFE,
/// U+FFFF) are not allowed in XML, so a stray one is left out rather than breaking the file.
pub(super) fn run<W: Write>(xml: &mut Writer<W>, text: &str, look: Look<'_>) -> io::Result<()> {
    start(xml, "w:r")?;
    run_properties(xml, look)?;
    let mut rest = text;
    while let Some(at) = first_not_xml(rest) {
        let (line, tail) = rest.split_at(at);
        let mut chars = tail.chars();
        let control = chars.next();
        rest = chars.as_str();
        text_element(xml, line)?;
        match control {
            Some('\n') => empty(xml, "w:br")?,
            Some('\t') => empty(xml, "w:tab")?,
            _ => {}
        }
    }
    text_element(xml, rest)?;
    end(xml, "w:r")
}

/// One `<w:t>`, telling the word processor to keep spaces at its ends, which it would
/// otherwise drop. Nothing for empty text.
fn text_element<W: Write>(xml: &mut Writer<W>, text: &str) -> io::Result<()> {
    if text.is_empty() {
        return Ok(());
    }
    let element = xml.create_element("w:t");
    let element = if text.starts_with(' ') || text.ends_with(' ') {
        element.with_attribute(("xml:space", "preserve"))
    } else {
        element
    };
    element.write_text_content(BytesText::new(text))?;
    Ok(())
}

/// A run's properties (`<w:rPr>`), nothing when it looks like the text around it. Their
/// order is the schema's: fonts, bold, italic, colour, size.
fn run_properties<W: Write>(xml: &mut Writer<W>, look: Look<'_>) -> io::Result<()> {
    if look.is_plain() {
        return Ok(());
    }
    start(xml, "w:rPr")?;
    if let Some(font) = look.font {
        xml.create_element("w:rFonts")
            .with_attributes([("w:ascii", font), ("w:hAnsi", font), ("w:cs", font)])
            .write_empty()?;
    }
    if look.bold {
        empty(xml, "w:b")?;
        empty(xml, "w:bCs")?;
    }
    if look.italic {
        empty(xml, "w:i")?;
        empty(xml, "w:iCs")?;
    }
    if let Some(color) = look.color {
        value(xml, "w:color", color)?;
    }
    if let Some(size) = look.half_points {
        let size = size.to_string();
        value(xml, "w:sz", &size)?;
        value(xml, "w:szCs", &size)?;
    }
    end(xml, "w:rPr")
}

/// A paragraph in a style (`w:pStyle`), of runs each in its own look.
pub(super) fn styled_paragraph<W: Write>(
    xml: &mut Writer<W>,
    style: Option<&str>,
    runs: &[(&str, Look<'_>)],
) -> io::Result<()> {
    start(xml, "w:p")?;
    if let Some(style) = style {
        start(xml, "w:pPr")?;
        value(xml, "w:pStyle", style)?;
        end(xml, "w:pPr")?;
    }
    for (text, look) in runs {
        run(xml, text, *look)?;
    }
    end(xml, "w:p")
}

/// A picture on a paragraph of its own, kept with the caption after it, `width` by
/// `height` English Metric Units, embedded by the relationship of the `n`th image: its alt
/// text (`descr`) where Word and screen readers look for it, on the drawing and on the
/// picture.
pub(super) fn picture_paragraph<W: Write>(
    xml: &mut Writer<W>,
    n: usize,
    (width, height): (u64, u64),
    name: &str,
    alt: &str,
) -> io::Result<()> {
    let (id, cx, cy) = (n.to_string(), width.to_string(), height.to_string());
    let (title, alt, name) = (format!("Picture {n}"), xml_safe(alt), xml_safe(name));
    start(xml, "w:p")?;
    start(xml, "w:pPr")?;
    empty(xml, "w:keepNext")?;
    end(xml, "w:pPr")?;
    start(xml, "w:r")?;
    start(xml, "w:drawing")?;
    xml.create_element("wp:inline")
        .with_attributes([
            ("distT", "0"),
            ("distB", "0"),
            ("distL", "0"),
            ("distR", "0"),
        ])
        .write_inner_content(|xml| {
            xml.create_element("wp:extent")
                .with_attributes([("cx", cx.as_str()), ("cy", cy.as_str())])
                .write_empty()?;
            xml.create_element("wp:effectExtent")
                .with_attributes([("l", "0"), ("t", "0"), ("r", "0"), ("b", "0")])
                .write_empty()?;
            xml.create_element("wp:docPr")
                .with_attributes([
                    ("id", id.as_str()),
                    ("name", title.as_str()),
                    ("descr", alt.as_str()),
                ])
                .write_empty()?;
            start(xml, "wp:cNvGraphicFramePr")?;
            xml.create_element("a:graphicFrameLocks")
                .with_attributes([("xmlns:a", DRAWINGML), ("noChangeAspect", "1")])
                .write_empty()?;
            end(xml, "wp:cNvGraphicFramePr")?;
            xml.create_element("a:graphic")
                .with_attribute(("xmlns:a", DRAWINGML))
                .write_inner_content(|xml| {
                    xml.create_element("a:graphicData")
                        .with_attribute(("uri", PICTURE))
                        .write_inner_content(|xml| picture(xml, &id, &name, &alt, n, (&cx, &cy)))?;
                    Ok(())
                })?;
            Ok(())
        })?;
    end(xml, "w:drawing")?;
    end(xml, "w:r")?;
    end(xml, "w:p")
}

/// The `<pic:pic>` inside a drawing: its name and alt text, the embedded image stretched to
/// the frame, and the frame's size.
fn picture<W: Write>(
    xml: &mut Writer<W>,
    id: &str,
    name: &str,
    alt: &str,
    n: usize,
    (cx, cy): (&str, &str),
) -> io::Result<()> {
    let embed = image_relationship(n);
    xml.create_element("pic:pic")
        .with_attribute(("xmlns:pic", PICTURE))
        .write_inner_content(|xml| {
            start(xml, "pic:nvPicPr")?;
            xml.create_element("pic:cNvPr")
                .with_attributes([("id", id), ("name", name), ("descr", alt)])
                .write_empty()?;
            empty(xml, "pic:cNvPicPr")?;
            end(xml, "pic:nvPicPr")?;
            start(xml, "pic:blipFill")?;
            xml.create_element("a:blip")
                .with_attribute(("r:embed", embed.as_str()))
                .write_empty()?;
            start(xml, "a:stretch")?;
            empty(xml, "a:fillRect")?;
            end(xml, "a:stretch")?;
            end(xml, "pic:blipFill")?;
            start(xml, "pic:spPr")?;
            start(xml, "a:xfrm")?;
            xml.create_element("a:off")
                .with_attributes([("x", "0"), ("y", "0")])
                .write_empty()?;
            xml.create_element("a:ext")
                .with_attributes([("cx", cx), ("cy", cy)])
                .write_empty()?;
            end(xml, "a:xfrm")?;
            xml.create_element("a:prstGeom")
                .with_attribute(("prst", "rect"))
                .write_inner_content(|xml| empty(xml, "a:avLst"))?;
            end(xml, "pic:spPr")
        })?;
    Ok(())
}

/// Whether a character cannot stand in XML text as it is: control characters (the line
/// break and tab among them, which a document writes as elements) and two noncharacters.
fn not_xml(c: char) -> bool {
    c.is_control() || c == '\u{FFFE}' || c == '\u{FFFF}'
}

/// Where the first character XML does not allow starts in `text`, as `text.find(not_xml)`
/// would say. Each such character starts with a byte below 0x20, 0x7F, 0xC2 (U+0080 to
/// U+009F) or 0xEF (U+FFFE, U+FFFF), bytes that are rare in prose: the search skips
/// blocks of bytes without one (a loop the compiler turns into vector instructions) and
/// decodes a character only where one of those bytes starts it. Decoding every character
/// instead took a tenth of the whole export of a long table.
fn first_not_xml(text: &str) -> Option<usize> {
    const BLOCK: usize = 32;
    #[expect(
        clippy::needless_bitwise_bool,
        reason = "without branches the block test becomes vector instructions; with `||` \
                  (or `matches!`) it does not, and the search is seven times slower"
    )]
    let suspect = |b: &u8| (*b < 0x20) | (*b == 0x7F) | (*b == 0xC2) | (*b == 0xEF);
    let bytes = text.as_bytes();
    let mut from = 0;
    loop {
        let rest = bytes.get(from..)?;
        let clean = rest
            .chunks_exact(BLOCK)
            .take_while(|block| !block.iter().fold(false, |any, b| any | suspect(b)))
            .count()
            * BLOCK;
        let at = from + clean + rest.get(clean..)?.iter().position(suspect)?;
        // A suspect byte is ASCII or a leading byte, so `at` starts a character.
        let c = text.get(at..)?.chars().next()?;
        if not_xml(c) {
            return Some(at);
        }
        from = at + c.len_utf8();
    }
}

/// Text XML allows, for a property such as the title that has no line breaks: each
/// character it does not allow becomes a space.
fn xml_safe(text: &str) -> String {
    text.chars()
        .map(|c| if not_xml(c) { ' ' } else { c })
        .collect()
}

/// The section properties that end a body: the page size and its margins.
pub(super) fn section<W: Write>(xml: &mut Writer<W>, page: Page) -> io::Result<()> {
    start(xml, "w:sectPr")?;
    let (width, height) = (page.width.to_string(), page.height.to_string());
    let orient = if page.width > page.height {
        "landscape"
    } else {
        "portrait"
    };
    xml.create_element("w:pgSz")
        .with_attributes([
            ("w:w", width.as_str()),
            ("w:h", height.as_str()),
            ("w:orient", orient),
        ])
        .write_empty()?;
    let margin = page.margin.to_string();
    xml.create_element("w:pgMar")
        .with_attributes(
            ["w:top", "w:right", "w:bottom", "w:left"].map(|side| (side, margin.as_str())),
        )
        .write_empty()?;
    end(xml, "w:sectPr")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body_of(write: impl FnOnce(&mut Writer<Vec<u8>>) -> io::Result<()>) -> String {
        let mut xml = Writer::new(Vec::new());
        write(&mut xml).expect("written");
        String::from_utf8(xml.into_inner()).expect("utf-8")
    }

    #[test]
    fn a_line_break_is_a_break_a_tab_a_tab_and_other_controls_are_dropped() {
        let xml = body_of(|xml| {
            run(
                xml,
                "one\ntwo\tthree\u{7}\r\n <four>\u{FFFF} ",
                Look::default(),
            )
        });
        assert_eq!(
            xml,
            "<w:r><w:t>one</w:t><w:br/><w:t>two</w:t><w:tab/><w:t>three</w:t><w:br/>\
         <w:t xml:space=\"preserve\"> &lt;four&gt;</w:t>\
         <w:t xml:space=\"preserve\"> </w:t></w:r>"
        );
    }

    proptest::proptest! {
        /// The fast search finds what decoding every character finds: in text of Burmese,
        /// Latin and characters whose first byte the search must look past (U+00A0 to
        /// U+00BF, U+FFF0 to U+FFFD), long enough to skip blocks, then a mix with the
        /// characters XML refuses.
        #[test]
        fn the_block_search_finds_the_first_character_xml_refuses(
            prose in "[a-z \u{1000}-\u{104F}\u{A0}-\u{BF}\u{FFF0}-\u{FFFD}]{0,120}",
            mix in "[a \u{1000}\u{A0}\u{0}-\u{1F}\u{7F}-\u{9F}\u{FFFC}-\u{FFFF}]{0,8}",
        ) {
            let text = prose + &mix;
            proptest::prop_assert_eq!(first_not_xml(&text), text.find(not_xml));
        }
    }

    #[test]
    fn a_font_is_set_for_every_script_slot() {
        let look = Look {
            bold: true,
            half_points: Some(32),
            font: Some("Noto Sans Myanmar"),
            ..Look::default()
        };
        let xml = body_of(|xml| run(xml, "", look));
        assert_eq!(
            xml,
            "<w:r><w:rPr><w:rFonts w:ascii=\"Noto Sans Myanmar\" w:hAnsi=\"Noto Sans Myanmar\" \
         w:cs=\"Noto Sans Myanmar\"/><w:b/><w:bCs/><w:sz w:val=\"32\"/><w:szCs w:val=\"32\"/>\
         </w:rPr></w:r>"
        );
    }

    #[test]
    fn the_package_holds_its_parts_and_is_reproducible() {
        use std::io::Read as _;
        let at = DateTime::parse_from_rfc3339("2026-08-03T04:05:06Z")
            .expect("time")
            .with_timezone(&Utc);
        let properties = Properties {
            title: "Review: Rice & \"prices\"",
            creator: Some("Nan Seng"),
            language: Some("en"),
            created: at,
            modified: at,
        };
        let write = || {
            package(&properties, &Styles::TABLE, &[], 0, |xml| {
                paragraph(xml, "Hello", Look::default())?;
                section(xml, Page::A4_LANDSCAPE)
            })
            .expect("package")
        };
        let bytes = write();
        assert_eq!(bytes, write(), "same input, same bytes");
        crate::export::docx::check(&bytes).expect("a Word document");
        let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).expect("zip");
        let mut core = String::new();
        zip.by_name("docProps/core.xml")
            .expect("core")
            .read_to_string(&mut core)
            .expect("read");
        assert!(core.contains("<dc:title>Review: Rice &amp; &quot;prices&quot;</dc:title>"));
        assert!(core.contains(">2026-08-03T04:05:06Z</dcterms:created>"));
        assert!(core.contains("<dc:creator>Nan Seng</dc:creator>"));
        assert!(core.contains("<dc:language>en</dc:language>"));
    }
}
