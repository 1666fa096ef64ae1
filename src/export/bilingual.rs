//! The bilingual review table, for a reviewer who does not use Copydesk: row, source,
//! English, status and open comments, as an HTML page or a Word table.

use docx_rs::{Paragraph, Run, RunFonts, Table, TableCell, TableRow};

use super::{ExportError, Publishable, ReviewRow, docx, escape, script_font};

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

/// The table as a Word document.
pub fn docx(story: &Publishable, rows: &[ReviewRow]) -> Result<Vec<u8>, ExportError> {
    let cell = |text: &str, bold: bool| {
        let mut run = Run::new().add_text(text);
        if bold {
            run = run.bold();
        }
        TableCell::new().add_paragraph(Paragraph::new().add_run(run))
    };
    // The source in a font that covers its script, so Word and LibreOffice do not fall back
    // to one whose marks collide between lines.
    let family = script_font(&story.source_language);
    let source_cell = |text: &str| {
        let font = RunFonts::new().ascii(family).hi_ansi(family).cs(family);
        TableCell::new()
            .add_paragraph(Paragraph::new().add_run(Run::new().add_text(text).fonts(font)))
    };
    let mut table_rows = vec![TableRow::new(vec![
        cell("Row", true),
        cell("Source", true),
        cell("English", true),
        cell("Status", true),
        cell("Open comments", true),
    ])];
    for row in rows {
        table_rows.push(TableRow::new(vec![
            cell(&row.label, false),
            source_cell(&row.source),
            cell(&row.english, false),
            cell(&row.status, false),
            cell(&row.comments.join("\n"), false),
        ]));
    }
    let doc = docx::new_document(story)
        .add_paragraph(
            Paragraph::new().add_run(
                Run::new()
                    .add_text(format!("Review: {}", story.headline))
                    .bold()
                    .size(32),
            ),
        )
        .add_paragraph(Paragraph::new().add_run(Run::new().add_text(format!(
            "Internal review copy, not for publication. Story {}.",
            story.slug
        ))))
        .add_table(Table::new(table_rows));
    docx::pack(doc)
}
