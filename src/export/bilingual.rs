//! The bilingual review table, for a reviewer who does not use Copydesk: row, source,
//! English, status and open comments, as an HTML page or a Word table.

use std::io::{self, Write};

use quick_xml::Writer;

use super::{ExportError, Publishable, ReviewRow, escape, script_font};
use ooxml::{Look, Page, Properties, empty, end, start};

/// The table as an HTML page.
#[must_use]
pub fn html(story: &Publishable, rows: &[ReviewRow]) -> String {
    let mut h = String::from("<!DOCTYPE html>\n");
    h.push_str(&format!(
        "<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\"/>\n",
        escape(&story.language)
    ));
    h.push_str(&format!(
        "<title>Review: {}</title>\n",
        escape(&story.headline)
    ));
    h.push_str(&format!(
        "<style>body{{font-family:sans-serif;margin:1em}}table{{border-collapse:collapse;width:100%}}\
td,th{{border:1px solid #999;padding:.4em;vertical-align:top;text-align:left}}\
.source{{font-family:'{}',sans-serif;line-height:1.8}}\
.status{{white-space:nowrap}}@media print{{body{{margin:0}}tr{{break-inside:avoid}}}}</style>\n",
        script_font(&story.source_language)
    ));
    h.push_str("</head>\n<body>\n");
    h.push_str(&format!(
        "<h1>Review: {}</h1>\n<p>Internal review copy, not for publication. Story {}.</p>\n",
        escape(&story.headline),
        escape(&story.slug)
    ));
    h.push_str("<table>\n<thead><tr><th>Row</th><th>Source</th><th>English</th><th>Status</th><th>Open comments</th></tr></thead>\n<tbody>\n");
    for row in rows {
        let comments: Vec<String> = row.comments.iter().map(|c| escape(c)).collect();
        h.push_str(&format!(
            "<tr><td>{}</td><td class=\"source\" lang=\"{}\">{}</td><td>{}</td><td class=\"status\">{}</td><td>{}</td></tr>\n",
            escape(&row.label),
            escape(&story.source_language),
            escape(&row.source).replace('\n', "<br/>"),
            escape(&row.english).replace('\n', "<br/>"),
            escape(&row.status),
            comments.join("<br/>")
        ));
    }
    h.push_str("</tbody>\n</table>\n</body>\n</html>\n");
    h
}

/// The Word table's columns: heading and width in twentieths of a point. Together they fill
/// the text width of the page, source and English widest, as in the HTML page.
const COLUMNS: [(&str, u32); 5] = [
    ("Row", 1_500),
    ("Source", 4_800),
    ("English", 4_800),
    ("Status", 1_300),
    ("Open comments", 2_170),
];

/// A landscape page gives source and English each a column wide enough to read.
const PAGE: Page = Page::A4_LANDSCAPE;

/// The table as a Word document, its XML written directly: a thousand-row story
/// takes a few milliseconds, where building it through docx-rs took some 35.
pub fn docx(story: &Publishable, rows: &[ReviewRow]) -> Result<Vec<u8>, ExportError> {
    let title = format!("Review: {}", story.headline);
    let properties = Properties {
        title: &title,
        created: story.created,
        modified: story.modified,
    };
    // The table's text, and about what the markup around a row's five cells takes.
    let size: usize = rows
        .iter()
        .map(|row| {
            let comments: usize = row.comments.iter().map(|c| c.len() + 8).sum();
            row.label.len()
                + row.source.len()
                + row.english.len()
                + row.status.len()
                + comments
                + 384
        })
        .sum();
    ooxml::package(&properties, size, |xml| {
        review_body(xml, story, rows, &title)
    })
}

/// The heading, the line saying what the copy is, the table, and the page.
fn review_body<W: Write>(
    xml: &mut Writer<W>,
    story: &Publishable,
    rows: &[ReviewRow],
    title: &str,
) -> io::Result<()> {
    let title_look = Look {
        bold: true,
        half_points: Some(32),
        ..Look::default()
    };
    ooxml::paragraph(xml, title, title_look)?;
    // A line of space between the introduction and the table.
    start(xml, "w:p")?;
    start(xml, "w:pPr")?;
    xml.create_element("w:spacing")
        .with_attribute(("w:after", "200"))
        .write_empty()?;
    end(xml, "w:pPr")?;
    ooxml::run(
        xml,
        &format!(
            "Internal review copy, not for publication. Story {}.",
            story.slug
        ),
        Look::default(),
    )?;
    end(xml, "w:p")?;

    start(xml, "w:tbl")?;
    table_properties(xml)?;
    // The header row repeats at the top of every page, and fixes the column widths for
    // Word, which lays out a fixed table by its first row.
    start(xml, "w:tr")?;
    start(xml, "w:trPr")?;
    empty(xml, "w:tblHeader")?;
    end(xml, "w:trPr")?;
    let bold = Look {
        bold: true,
        ..Look::default()
    };
    for (heading, width) in COLUMNS {
        start(xml, "w:tc")?;
        start(xml, "w:tcPr")?;
        xml.create_element("w:tcW")
            .with_attributes([("w:w", width.to_string().as_str()), ("w:type", "dxa")])
            .write_empty()?;
        end(xml, "w:tcPr")?;
        ooxml::paragraph(xml, heading, bold)?;
        end(xml, "w:tc")?;
    }
    end(xml, "w:tr")?;
    // The source in a font that covers its script, so Word and LibreOffice do not fall back
    // to one whose marks collide between lines.
    let source = Look {
        font: Some(script_font(&story.source_language)),
        ..Look::default()
    };
    let plain = Look::default();
    for row in rows {
        start(xml, "w:tr")?;
        cell(xml, &row.label, plain)?;
        cell(xml, &row.source, source)?;
        cell(xml, &row.english, plain)?;
        cell(xml, &row.status, plain)?;
        cell(xml, &row.comments.join("\n"), plain)?;
        end(xml, "w:tr")?;
    }
    end(xml, "w:tbl")?;
    ooxml::section(xml, PAGE)
}

/// The table's width, borders on every edge and between every cell, fixed layout (so
/// long text wraps instead of widening a column), a little room around each cell's text,
/// and the column grid.
fn table_properties<W: Write>(xml: &mut Writer<W>) -> io::Result<()> {
    start(xml, "w:tblPr")?;
    xml.create_element("w:tblW")
        .with_attributes([
            ("w:w", PAGE.text_width().to_string().as_str()),
            ("w:type", "dxa"),
        ])
        .write_empty()?;
    start(xml, "w:tblBorders")?;
    for edge in [
        "w:top",
        "w:left",
        "w:bottom",
        "w:right",
        "w:insideH",
        "w:insideV",
    ] {
        xml.create_element(edge)
            .with_attributes([
                ("w:val", "single"),
                ("w:sz", "4"),
                ("w:space", "0"),
                ("w:color", "999999"),
            ])
            .write_empty()?;
    }
    end(xml, "w:tblBorders")?;
    xml.create_element("w:tblLayout")
        .with_attribute(("w:type", "fixed"))
        .write_empty()?;
    start(xml, "w:tblCellMar")?;
    for (edge, width) in [
        ("w:top", "57"),
        ("w:left", "108"),
        ("w:bottom", "57"),
        ("w:right", "108"),
    ] {
        xml.create_element(edge)
            .with_attributes([("w:w", width), ("w:type", "dxa")])
            .write_empty()?;
    }
    end(xml, "w:tblCellMar")?;
    end(xml, "w:tblPr")?;
    start(xml, "w:tblGrid")?;
    for (_, width) in COLUMNS {
        xml.create_element("w:gridCol")
            .with_attribute(("w:w", width.to_string().as_str()))
            .write_empty()?;
    }
    end(xml, "w:tblGrid")
}

/// A table cell of one paragraph.
fn cell<W: Write>(xml: &mut Writer<W>, text: &str, look: Look<'_>) -> io::Result<()> {
    start(xml, "w:tc")?;
    ooxml::paragraph(xml, text, look)?;
    end(xml, "w:tc")
}

mod ooxml {
    //! Word files written directly: the zip package around a main document, and the few
    //! pieces of Word's document XML our documents are made of (paragraphs, runs, text with
    //! line breaks). A long review table costs little more than writing its text; building it
    //! through a document model first cost seven times the budget.
    //!
    //! Every part is written with `quick-xml`, which owns the escaping. The package is
    //! reproducible: fixed zip timestamps, parts in a fixed order, times from the story.
    //!
    //! Only the review table uses it so far, so it lives here; when the final copy leaves
    //! docx-rs too, it moves to `src/export/ooxml.rs`, named in ARCHITECTURE.md.

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
    const STYLES: &str =
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles";

    /// What a Word file says about itself in its properties (`docProps/core.xml`). No creator:
    /// the properties name no person, so they cannot name a withheld one.
    pub(super) struct Properties<'a> {
        /// The title a word processor shows in its window and file properties.
        pub title: &'a str,
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

    /// How a run of text looks; the default is the document's plain text.
    #[derive(Clone, Copy, Default)]
    pub(super) struct Look<'a> {
        /// Bold, in Latin and complex scripts alike.
        pub bold: bool,
        /// The size in half-points (Word's unit), or the document's default.
        pub half_points: Option<u32>,
        /// A font for every script slot (Latin, other Latin, complex), or the default.
        pub font: Option<&'a str>,
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
        size: usize,
        body: impl FnOnce(&mut Writer<PartWriter<'_>>) -> io::Result<()>,
    ) -> Result<Vec<u8>, ExportError> {
        // Room for the small parts, their names and the zip's directory besides the body.
        let mut zip = ZipWriter::new(Cursor::new(Vec::with_capacity(size + 8 * 1024)));
        // The parts list first, as word processors expect.
        write_part(&mut zip, "[Content_Types].xml", content_types)?;
        write_part(&mut zip, "_rels/.rels", package_relationships)?;
        write_part(&mut zip, "docProps/core.xml", |xml| {
            core_properties(xml, properties)
        })?;
        write_part(
            &mut zip,
            "word/_rels/document.xml.rels",
            document_relationships,
        )?;
        write_part(&mut zip, "word/styles.xml", styles)?;
        write_part(&mut zip, "word/document.xml", |xml| document(xml, body))?;
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

    /// The main document: `body` inside `<w:document>` and `<w:body>`.
    fn document<W: Write>(
        xml: &mut Writer<W>,
        body: impl FnOnce(&mut Writer<W>) -> io::Result<()>,
    ) -> io::Result<()> {
        let root = BytesStart::new("w:document").with_attributes([("xmlns:w", WORDPROCESSINGML)]);
        xml.write_event(Event::Start(root.borrow()))?;
        xml.write_event(Event::Start(BytesStart::new("w:body")))?;
        body(xml)?;
        xml.write_event(Event::End(BytesEnd::new("w:body")))?;
        xml.write_event(Event::End(root.to_end()))
    }

    /// The parts list: what each part holds, by extension or by name.
    fn content_types<W: Write>(xml: &mut Writer<W>) -> io::Result<()> {
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
                for (extension, content_type) in
                    [("rels", RELATIONSHIPS_PART), ("xml", "application/xml")]
                {
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

    fn document_relationships<W: Write>(xml: &mut Writer<W>) -> io::Result<()> {
        relationships(xml, &[("rId1", STYLES, "styles.xml")])
    }

    fn core_properties<W: Write>(
        xml: &mut Writer<W>,
        properties: &Properties<'_>,
    ) -> io::Result<()> {
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

    /// The defaults word processors would otherwise each choose differently: 10 pt text,
    /// paragraphs without space around them, and a "Normal" style for the body to be in.
    fn styles<W: Write>(xml: &mut Writer<W>) -> io::Result<()> {
        xml.create_element("w:styles")
            .with_attribute(("xmlns:w", WORDPROCESSINGML))
            .write_inner_content(|xml| {
                start(xml, "w:docDefaults")?;
                start(xml, "w:rPrDefault")?;
                start(xml, "w:rPr")?;
                value(xml, "w:sz", "20")?;
                value(xml, "w:szCs", "20")?;
                end(xml, "w:rPr")?;
                end(xml, "w:rPrDefault")?;
                start(xml, "w:pPrDefault")?;
                start(xml, "w:pPr")?;
                xml.create_element("w:spacing")
                    .with_attributes([("w:before", "0"), ("w:after", "0")])
                    .write_empty()?;
                end(xml, "w:pPr")?;
                end(xml, "w:pPrDefault")?;
                end(xml, "w:docDefaults")?;
                xml.create_element("w:style")
                    .with_attributes([
                        ("w:type", "paragraph"),
                        ("w:default", "1"),
                        ("w:styleId", "Normal"),
                    ])
                    .write_inner_content(|xml| value(xml, "w:name", "Normal"))?;
                Ok(())
            })?;
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
        if look.bold || look.half_points.is_some() || look.font.is_some() {
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
            if let Some(size) = look.half_points {
                let size = size.to_string();
                value(xml, "w:sz", &size)?;
                value(xml, "w:szCs", &size)?;
            }
            end(xml, "w:rPr")?;
        }
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
                created: at,
                modified: at,
            };
            let write = || {
                package(&properties, 0, |xml| {
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
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn story() -> Publishable {
        let at = chrono::DateTime::parse_from_rfc3339("2026-08-03T04:05:06Z")
            .expect("time")
            .with_timezone(&chrono::Utc);
        Publishable {
            slug: "kani-flood".to_owned(),
            language: "en".to_owned(),
            source_language: "my".to_owned(),
            service: "Northern Light Radio".to_owned(),
            headline: "Floods & rain".to_owned(),
            deck: String::new(),
            dateline_place: String::new(),
            dateline_date: None,
            blocks: Vec::new(),
            credit_line: String::new(),
            byline: String::new(),
            credits: Vec::new(),
            created: at,
            modified: at,
            draft: true,
            corrections: Vec::new(),
            web_footer: String::new(),
            published: None,
            url: String::new(),
            site_url: String::new(),
        }
    }

    #[test]
    fn each_comment_is_a_line_and_the_source_is_in_its_script_s_font() {
        let rows = [ReviewRow {
            label: "Row 1 (paragraph)".to_owned(),
            source: "မြစ်ရေ\nတက်".to_owned(),
            english: "The river rose.".to_owned(),
            status: "translated".to_owned(),
            comments: vec!["Ann: check the date".to_owned(), "Ben: <ok>".to_owned()],
        }];
        let mut xml = Writer::new(Vec::new());
        review_body(&mut xml, &story(), &rows, "Review: Floods & rain").expect("written");
        let xml = String::from_utf8(xml.into_inner()).expect("utf-8");
        assert!(xml.starts_with(
            "<w:p><w:r><w:rPr><w:b/><w:bCs/><w:sz w:val=\"32\"/><w:szCs w:val=\"32\"/></w:rPr>\
             <w:t>Review: Floods &amp; rain</w:t></w:r></w:p>"
        ));
        assert!(xml.contains(">Internal review copy, not for publication. Story kani-flood.<"));
        assert!(xml.contains("<w:trPr><w:tblHeader/></w:trPr>"));
        let font = "Noto Sans Myanmar";
        assert!(xml.contains(&format!(
            "<w:tc><w:p><w:r><w:rPr><w:rFonts w:ascii=\"{font}\" w:hAnsi=\"{font}\" \
             w:cs=\"{font}\"/></w:rPr><w:t>မြစ်ရေ</w:t><w:br/><w:t>တက်</w:t></w:r></w:p></w:tc>"
        )));
        assert!(xml.contains(
            "<w:tc><w:p><w:r><w:t>Ann: check the date</w:t><w:br/><w:t>Ben: &lt;ok&gt;</w:t>\
             </w:r></w:p></w:tc></w:tr></w:tbl>"
        ));
    }

    #[test]
    fn the_columns_fill_the_page_between_its_margins() {
        // A4 is 297 mm wide (16,838 twips); 2 cm margins (1,134 each) leave 14,570.
        assert_eq!(COLUMNS.iter().map(|(_, width)| width).sum::<u32>(), 14_570);
        assert_eq!(PAGE.text_width(), 14_570);
    }
}
