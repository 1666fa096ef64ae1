//! Markdown in the publishable layout, with the story's metadata in front matter so that
//! importing it restores the whole story (see `import::markdown` and the README).
//!
//! Front matter is between `---` lines, one `key: value` per line, each value a JSON string
//! (or, for `contributors`, one JSON object per `  - ` line). The body is headline, deck,
//! then the blocks between `<!-- copydesk:body -->` and `<!-- copydesk:credit-line -->`;
//! photos carry their file, credit and alt text in a `<!-- copydesk:photo {...} -->` line.

use serde_json::json;

use super::{DRAFT_BANNER, PubBlock, Publishable};
use crate::model::{CreditDisplay, Story};

/// Marks where the blocks start.
pub const BODY_MARK: &str = "<!-- copydesk:body -->";
/// Marks the credit line, which is generated and so not imported as a paragraph.
pub const CREDIT_MARK: &str = "<!-- copydesk:credit-line -->";
/// Starts a photo's data line.
pub const PHOTO_MARK: &str = "<!-- copydesk:photo ";

/// The story as Markdown with front matter.
#[must_use]
pub fn render(public: &Publishable, story: &Story) -> String {
    let q = |text: &str| serde_json::Value::String(text.to_owned()).to_string();
    let mut m = String::from("---\n");
    m.push_str("copydesk_markdown: \"1\"\n");
    m.push_str(&format!("slug: {}\n", q(&public.slug)));
    m.push_str(&format!("language: {}\n", q(&public.language)));
    m.push_str(&format!("headline: {}\n", q(&public.headline)));
    m.push_str(&format!("deck: {}\n", q(&public.deck)));
    m.push_str(&format!("dateline_place: {}\n", q(&public.dateline_place)));
    let date = public
        .dateline_date
        .map(|d| d.to_string())
        .unwrap_or_default();
    m.push_str(&format!("dateline_date: {}\n", q(&date)));
    if let Some(line) = &story.credit_line_override {
        m.push_str(&format!("credit_line: {}\n", q(line)));
    }
    m.push_str("contributors:\n");
    for person in &story.contributors {
        // A withheld name is never written: only the role and the fact it is withheld.
        let entry = match person.display {
            CreditDisplay::Withheld => json!({"role": person.role.label(), "display": "withheld"}),
            display => json!({
                "role": person.role.label(),
                "name": person.name,
                "display": display_key(display),
            }),
        };
        m.push_str(&format!("  - {entry}\n"));
    }
    m.push_str("---\n\n");
    if public.draft {
        m.push_str(&format!("> **{DRAFT_BANNER}**\n\n"));
    }
    m.push_str(&format!("# {}\n\n", inline(&public.headline)));
    if !public.deck.is_empty() {
        m.push_str(&format!("*{}*\n\n", inline(&public.deck)));
    }
    m.push_str(BODY_MARK);
    m.push_str("\n\n");
    for block in &public.blocks {
        match block {
            PubBlock::Paragraph(text) => m.push_str(&format!("{}\n\n", paragraph(text))),
            PubBlock::Subhead(text) => m.push_str(&format!("## {}\n\n", inline(text))),
            PubBlock::Quote(text) => {
                let quoted: Vec<String> = text.lines().map(|l| format!("> {l}")).collect();
                m.push_str(&format!("{}\n\n", quoted.join("\n")));
            }
            PubBlock::Photo {
                file,
                caption,
                credit,
                alt,
            } => {
                let photo = json!({"file": file, "caption": caption, "credit": credit, "alt": alt});
                m.push_str(&format!("{PHOTO_MARK}{photo} -->\n"));
                m.push_str(&format!(
                    "![{}]({})\n",
                    inline(alt),
                    file.replace(' ', "%20")
                ));
                m.push_str(&format!("*{}* ({})\n\n", inline(caption), inline(credit)));
            }
        }
    }
    m.push_str(CREDIT_MARK);
    m.push('\n');
    m.push_str(&public.credit_line);
    m.push('\n');
    m
}

/// The display's name in front matter.
#[must_use]
pub fn display_key(display: CreditDisplay) -> &'static str {
    match display {
        CreditDisplay::Person => "person",
        CreditDisplay::Service => "service",
        CreditDisplay::Withheld => "withheld",
    }
}

/// Text on one line: line breaks become spaces (a heading cannot span lines).
fn inline(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A paragraph that Markdown will not take for something else: a line that would start a
/// heading, quote, list, rule or comment is escaped with a backslash.
fn paragraph(text: &str) -> String {
    text.lines()
        .map(|line| {
            let special = ["#", ">", "-", "*", "+", "<!--", "---", "\\", "!["]
                .iter()
                .any(|p| line.starts_with(p))
                || line
                    .split_once(". ")
                    .is_some_and(|(n, _)| n.chars().all(|c| c.is_ascii_digit()) && !n.is_empty());
            if special {
                format!("\\{line}")
            } else {
                line.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}
