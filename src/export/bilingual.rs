//! The bilingual review table, for a reviewer who does not use Copydesk: row, source,
//! English, status and open comments, as an HTML page or a Word table.

use std::io::{self, Write};

use quick_xml::Writer;

use super::ooxml::{self, Look, Page, Properties, Styles, empty, end, start};
use super::{ExportError, Publishable, ReviewRow, escape, script_font};

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
        creator: None,
        language: None,
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
    ooxml::package(&properties, &Styles::TABLE, &[], size, |xml| {
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
