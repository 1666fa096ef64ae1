//! Plain text in the publishable layout: headline, deck, photos with caption and credit,
//! body with subheads and quotes, and the credit line.

use super::{DRAFT_BANNER, PubBlock, Publishable};

/// The story as plain text, paragraphs separated by blank lines.
#[must_use]
pub fn render(story: &Publishable) -> String {
    let mut parts: Vec<String> = Vec::new();
    if story.draft {
        parts.push(DRAFT_BANNER.to_owned());
    }
    parts.push(story.headline.clone());
    if !story.deck.is_empty() {
        parts.push(story.deck.clone());
    }
    body_parts(story, &mut parts);
    finish(parts)
}

/// The body alone, from the first block to the credit line, as plain text: what a CMS's body
/// field takes (its headline and deck go in fields of their own). A draft still says so.
#[must_use]
pub fn body(story: &Publishable) -> String {
    let mut parts: Vec<String> = Vec::new();
    if story.draft {
        parts.push(DRAFT_BANNER.to_owned());
    }
    body_parts(story, &mut parts);
    finish(parts)
}

/// Blank lines between the parts, empty ones left out, and a final newline.
fn finish(mut parts: Vec<String>) -> String {
    parts.retain(|p| !p.trim().is_empty());
    let mut text = parts.join("\n\n");
    text.push('\n');
    text
}

/// The blocks, each photo as its caption with the credit on the line below (as newsrooms
/// print it), the corrections and the credit line.
fn body_parts(story: &Publishable, parts: &mut Vec<String>) {
    let dateline = story.dateline();
    for (i, block) in story.blocks.iter().enumerate() {
        let text = match block {
            PubBlock::Paragraph(text) if i == first_paragraph(story) && !dateline.is_empty() => {
                format!("{dateline} — {text}")
            }
            PubBlock::Paragraph(text) | PubBlock::Subhead(text) | PubBlock::Quote(text) => {
                text.clone()
            }
            PubBlock::Photo {
                caption, credit, ..
            } => caption_lines(caption, credit),
        };
        parts.push(text);
    }
    // Corrections close the body, dated, as newsrooms print them.
    parts.extend(story.corrections.iter().cloned());
    if !story.credit_line.is_empty() {
        parts.push(story.credit_line.clone());
    }
}

/// A photo's caption with its credit on the line below, as newsrooms print it; either alone
/// when the other is empty.
pub(super) fn caption_lines(caption: &str, credit: &str) -> String {
    match (caption.is_empty(), credit.is_empty()) {
        (_, true) => caption.to_owned(),
        (true, false) => credit.to_owned(),
        (false, false) => format!("{caption}\n{credit}"),
    }
}

/// The index of the first body paragraph, which carries the dateline.
pub(super) fn first_paragraph(story: &Publishable) -> usize {
    story
        .blocks
        .iter()
        .position(|b| matches!(b, PubBlock::Paragraph(_)))
        .unwrap_or(usize::MAX)
}
