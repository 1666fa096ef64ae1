//! NITF 3.6: the story as XML for wire partners, with the credit line in the tagline.
//!
//! Written to the official XML Schema (`nitf-3-6.xsd`, IPTC), whose rules for every element
//! and attribute written here are tested in `tests/it/interchange.rs`: every element is in
//! the schema's namespace ([`NAMESPACE`]), so no DOCTYPE is needed (and none is written, as
//! a reader that refuses DTDs must still read it); the attributes the schema fixes
//! (`change.date`, `change.time`) are left out, for the schema supplies them, and `version`
//! is written with its fixed value. A draft says so in `docdata`: `management-status`
//! "withheld" (a signed-off story is "usable") and an `ed-msg` of type "draft", besides the
//! banner at the top of the body.

use super::photo::photo_facts;
use super::{DRAFT_BANNER, MediaSource, PubBlock, Publishable, escape, uri_segment};

/// The namespace of NITF 3.6's XML Schema.
pub const NAMESPACE: &str = "http://iptc.org/std/NITF/2006-10-18/";
/// The `version` attribute's fixed value.
pub const VERSION: &str = "-//IPTC//DTD NITF 3.6//EN";

/// The story as an NITF 3.6 document. `media` gives each photo its media type and size
/// when the desk has the file.
#[must_use]
pub fn render(story: &Publishable, media: &dyn MediaSource) -> String {
    let lang = escape(&story.language);
    let mut x = String::new();
    x.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    x.push_str(&format!(
        "<nitf xmlns=\"{NAMESPACE}\" version=\"{VERSION}\" baselang=\"{lang}\">\n"
    ));
    x.push_str("  <head>\n");
    x.push_str(&format!("    <title>{}</title>\n", escape(&story.headline)));
    let status = if story.draft { "withheld" } else { "usable" };
    x.push_str(&format!(
        "    <docdata management-status=\"{status}\">\n      <doc-id id-string=\"{}\"/>\n      <date.issue norm=\"{}\"/>\n",
        escape(&story.slug),
        story.modified.format("%Y%m%dT%H%M%SZ")
    ));
    if story.draft {
        x.push_str(&format!(
            "      <ed-msg msg-type=\"draft\" info=\"{}\"/>\n",
            escape(DRAFT_BANNER)
        ));
    }
    for correction in &story.corrections {
        x.push_str(&format!(
            "      <correction info=\"{}\"/>\n",
            escape(correction)
        ));
    }
    if !story.service.is_empty() {
        x.push_str(&format!(
            "      <doc.copyright year=\"{}\" holder=\"{}\"/>\n",
            story.modified.format("%Y"),
            escape(&story.service)
        ));
    }
    x.push_str("    </docdata>\n  </head>\n");
    x.push_str(&format!(
        "  <body xml:lang=\"{lang}\">\n    <body.head>\n      <hedline>\n        <hl1>{}</hl1>\n",
        escape(&story.headline)
    ));
    if !story.deck.is_empty() {
        x.push_str(&format!("        <hl2>{}</hl2>\n", escape(&story.deck)));
    }
    x.push_str("      </hedline>\n");
    if !story.byline.is_empty() {
        x.push_str(&format!(
            "      <byline>{}</byline>\n",
            escape(&story.byline)
        ));
    }
    if !story.dateline_place.is_empty() || story.dateline_date.is_some() {
        x.push_str("      <dateline>");
        if !story.dateline_place.is_empty() {
            x.push_str(&format!(
                "<location>{}</location>",
                escape(&story.dateline_place.to_uppercase())
            ));
        }
        if let Some(date) = story.dateline_date {
            if !story.dateline_place.is_empty() {
                x.push_str(", ");
            }
            x.push_str(&format!(
                "<story.date norm=\"{}\">{}</story.date>",
                date.format("%Y%m%dT000000Z"),
                date.format("%B %-d, %Y")
            ));
        }
        x.push_str("</dateline>\n");
    }
    x.push_str("    </body.head>\n    <body.content>\n");
    if story.draft {
        x.push_str(&format!("      <p>{}</p>\n", escape(DRAFT_BANNER)));
    }
    for block in &story.blocks {
        match block {
            PubBlock::Paragraph(text) => x.push_str(&format!("      <p>{}</p>\n", escape(text))),
            PubBlock::Subhead(text) => x.push_str(&format!("      <hl2>{}</hl2>\n", escape(text))),
            PubBlock::Quote(text) => x.push_str(&format!(
                "      <bq><block><p>{}</p></block></bq>\n",
                escape(text)
            )),
            PubBlock::Photo {
                file,
                caption,
                credit,
                alt,
            } => {
                let facts = photo_facts(file, media.photo(file).as_deref());
                let size = facts
                    .size
                    .map(|(w, h)| format!(" width=\"{w}\" height=\"{h}\""))
                    .unwrap_or_default();
                x.push_str(&format!(
                    "      <media media-type=\"image\">\n        <media-reference source=\"{}\" mime-type=\"{}\" alternate-text=\"{}\"{size}/>\n",
                    uri_segment(file),
                    facts.media_type,
                    escape(alt),
                ));
                if !caption.is_empty() {
                    x.push_str(&format!(
                        "        <media-caption>{}</media-caption>\n",
                        escape(caption)
                    ));
                }
                if !credit.is_empty() {
                    x.push_str(&format!(
                        "        <media-producer>{}</media-producer>\n",
                        escape(credit)
                    ));
                }
                x.push_str("      </media>\n");
            }
        }
    }
    for correction in &story.corrections {
        x.push_str(&format!("      <p>{}</p>\n", escape(correction)));
    }
    x.push_str("    </body.content>\n");
    if !story.credit_line.is_empty() {
        x.push_str(&format!(
            "    <body.end>\n      <tagline>{}</tagline>\n    </body.end>\n",
            escape(&story.credit_line)
        ));
    }
    x.push_str("  </body>\n</nitf>\n");
    x
}
