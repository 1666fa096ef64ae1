//! Markdown in the publishable layout, with the story's metadata in front matter so that
//! importing it restores the whole story (see `import::markdown` and the README).
//!
//! Front matter is between `---` lines, one `key: value` per line, each value a JSON string
//! (or, for `contributors`, one JSON object per `  - ` line). The body is headline, deck,
//! then the blocks between `<!-- copydesk:body -->` and `<!-- copydesk:credit-line -->`;
//! photos carry their file, credit and alt text in a `<!-- copydesk:photo {...} -->` line.
//!
//! Story text cannot become markup: in the body every character Markdown gives a meaning is
//! escaped with a backslash (`<`, `&`, `*`, `[`, a `#` or `>` that starts a line, …), so a
//! CommonMark renderer shows `<script>` as text; whitespace at either end of a line and
//! control characters are written as character references, so nothing a renderer or the
//! importer would trim is lost; and in front matter and photo data, JSON strings carry `<`,
//! `>` and `&` as `\u` escapes, so no story text can close the photo comment or fake a
//! marker. The importer undoes exactly this (`import::markdown`).

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
    let q = |text: &str| safe_json(&serde_json::Value::String(text.to_owned()));
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
    // What the credit line below the body says, so an import can tell it was not edited.
    m.push_str(&format!(
        "credit_line_printed: {}\n",
        q(&public.credit_line)
    ));
    m.push_str("contributors:\n");
    let displays = crate::credits::Displays::of(&story.contributors);
    for person in &story.contributors {
        // A withheld name, or the name of someone credited as the service (in any role),
        // is never written: only the role and how they are credited (the public-name rule).
        let entry = match displays.entry(person) {
            display @ (CreditDisplay::Withheld | CreditDisplay::Service) => {
                json!({"role": person.role.label(), "display": display_key(display)})
            }
            display => json!({
                "role": person.role.label(),
                "name": person.name,
                "display": display_key(display),
            }),
        };
        m.push_str(&format!("  - {}\n", safe_json(&entry)));
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
            PubBlock::Paragraph(text) => m.push_str(&format!("{}\n\n", lines(text, ""))),
            PubBlock::Subhead(text) => m.push_str(&format!("## {}\n\n", lines(text, ""))),
            PubBlock::Quote(text) => m.push_str(&format!("{}\n\n", lines(text, "> "))),
            PubBlock::Photo {
                file,
                caption,
                credit,
                alt,
            } => {
                let photo = json!({"file": file, "caption": caption, "credit": credit, "alt": alt});
                m.push_str(&format!("{PHOTO_MARK}{} -->\n", safe_json(&photo)));
                m.push_str(&format!("![{}]({})\n", inline(alt), link_target(file)));
                m.push_str(&format!("*{}* ({})\n\n", inline(caption), inline(credit)));
            }
        }
    }
    m.push_str(CREDIT_MARK);
    m.push('\n');
    m.push_str(&inline(&public.credit_line));
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

/// JSON with `<`, `>` and `&` written as `\u` escapes (JSON readers read them back as the
/// characters): inside an HTML comment or Markdown front matter, no string can end the
/// comment or be taken for a tag.
fn safe_json(value: &serde_json::Value) -> String {
    // These characters occur in JSON only inside strings, so replacing them everywhere is
    // replacing them in strings.
    value
        .to_string()
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

/// A photo's file name as a link target: spaces of any kind, brackets, angle brackets and
/// the percent sign itself percent-encoded, so the target is one token a reader decodes back
/// to the name.
fn link_target(file: &str) -> String {
    let mut target = String::with_capacity(file.len());
    for c in file.chars() {
        if c.is_whitespace() || matches!(c, '(' | ')' | '<' | '>' | '%') {
            let mut utf8 = [0; 4];
            for byte in c.encode_utf8(&mut utf8).bytes() {
                target.push_str(&format!("%{byte:02X}"));
            }
        } else {
            target.push(c);
        }
    }
    target
}

/// Display text on one line, escaped: line breaks become spaces (a heading or a caption
/// line cannot span lines). Front matter or photo data carries the exact text.
fn inline(text: &str) -> String {
    escape_line(&text.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// A block's text, each line escaped and prefixed (`> ` for a quote). An empty line inside
/// the text is a lone backslash, so it does not end the paragraph.
fn lines(text: &str, prefix: &str) -> String {
    text.split('\n')
        .map(|line| {
            if line.is_empty() {
                format!("{prefix}\\")
            } else {
                format!("{prefix}{}", escape_line(line))
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Characters with a meaning anywhere in a line of Markdown (or GitHub's): escaped always.
const ALWAYS_ESCAPED: &[char] = &['\\', '`', '*', '_', '[', ']', '<', '&', '|', '~'];
/// Characters with a meaning at the start of a line: a heading, quote, list item or the
/// underline of a heading.
const ESCAPED_FIRST: &[char] = &['#', '>', '-', '+', '='];

/// One line of story text as Markdown that renders as that text and nothing else.
pub(crate) fn escape_line(line: &str) -> String {
    let chars: Vec<char> = line.chars().collect();
    // Whitespace at the ends would be trimmed by a renderer and by the importer.
    let start = chars
        .iter()
        .position(|c| !c.is_whitespace())
        .unwrap_or(chars.len());
    let end = chars
        .iter()
        .rposition(|c| !c.is_whitespace())
        .map_or(start, |i| i + 1);
    // "1. " or "1) " at the start would be a numbered list.
    let digits = chars[start..end]
        .iter()
        .take_while(|c| c.is_ascii_digit())
        .count();
    let mut out = String::with_capacity(line.len() + 8);
    for (i, &c) in chars.iter().enumerate() {
        let edge = i < start || i >= end;
        if edge || (c.is_control() && c != '\t') {
            out.push_str(&format!("&#{};", u32::from(c)));
        } else if ALWAYS_ESCAPED.contains(&c)
            || (i == start && ESCAPED_FIRST.contains(&c))
            || (digits > 0 && i == start + digits && matches!(c, '.' | ')'))
        {
            out.push('\\');
            out.push(c);
        } else {
            out.push(c);
        }
    }
    out
}
