//! NITF 3.6: the story as XML for wire partners, with the credit line in the tagline.

use super::{DRAFT_BANNER, PubBlock, Publishable, escape};

/// The story as an NITF 3.6 document.
#[must_use]
pub fn render(story: &Publishable) -> String {
    let mut x = String::new();
    x.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    x.push_str("<nitf version=\"-//IPTC//DTD NITF 3.6//EN\" change.date=\"October 24, 2012\" change.time=\"19:30\">\n");
    x.push_str("  <head>\n");
    x.push_str(&format!("    <title>{}</title>\n", escape(&story.headline)));
    x.push_str(&format!(
        "    <docdata>\n      <doc-id id-string=\"{}\"/>\n      <date.issue norm=\"{}\"/>\n",
        escape(&story.slug),
        story.modified.format("%Y%m%dT%H%M%SZ")
    ));
    if story.draft {
        x.push_str(&format!(
            "      <ed-msg info=\"{}\"/>\n",
            escape(DRAFT_BANNER)
        ));
    }
    for correction in &story.corrections {
        x.push_str(&format!(
            "      <correction info=\"{}\"/>\n",
            escape(correction)
        ));
    }
    x.push_str("    </docdata>\n  </head>\n");
    x.push_str(&format!(
        "  <body>\n    <body.head>\n      <hedline>\n        <hl1>{}</hl1>\n",
        escape(&story.headline)
    ));
    if !story.deck.is_empty() {
        x.push_str(&format!("        <hl2>{}</hl2>\n", escape(&story.deck)));
    }
    x.push_str("      </hedline>\n");
    let dateline = story.dateline();
    if !dateline.is_empty() {
        x.push_str(&format!(
            "      <dateline><location>{}</location></dateline>\n",
            escape(&dateline)
        ));
    }
    x.push_str("    </body.head>\n");
    x.push_str(&format!(
        "    <body.content xml:lang=\"{}\">\n",
        escape(&story.language)
    ));
    if story.draft {
        x.push_str(&format!("      <p>{}</p>\n", escape(DRAFT_BANNER)));
    }
    for block in &story.blocks {
        match block {
            PubBlock::Paragraph(text) => x.push_str(&format!("      <p>{}</p>\n", escape(text))),
            PubBlock::Subhead(text) => x.push_str(&format!("      <hl2>{}</hl2>\n", escape(text))),
            PubBlock::Quote(text) => x.push_str(&format!(
                "      <block><p>{}</p></block>\n",
                escape(text)
            )),
            PubBlock::Photo {
                file,
                caption,
                credit,
                alt,
            } => x.push_str(&format!(
                "      <media media-type=\"image\">\n        <media-reference source=\"{}\" alternate-text=\"{}\"/>\n        <media-caption>{}</media-caption>\n        <media-producer>{}</media-producer>\n      </media>\n",
                escape(file),
                escape(alt),
                escape(caption),
                escape(credit)
            )),
        }
    }
    for correction in &story.corrections {
        x.push_str(&format!("      <p>{}</p>\n", escape(correction)));
    }
    x.push_str("    </body.content>\n    <body.end>\n");
    x.push_str(&format!(
        "      <tagline>{}</tagline>\n",
        escape(&story.credit_line)
    ));
    x.push_str("    </body.end>\n  </body>\n</nitf>\n");
    x
}
