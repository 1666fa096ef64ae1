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
            } => match (caption.is_empty(), credit.is_empty()) {
                (_, true) => format!("[Photo] {caption}"),
                (true, false) => format!("[Photo] {credit}"),
                (false, false) => format!("[Photo] {caption}\n{credit}"),
            },
        };
        parts.push(text);
    }
    // Corrections close the body, dated, as newsrooms print them.
    parts.extend(story.corrections.iter().cloned());
    if !story.credit_line.is_empty() {
        parts.push(story.credit_line.clone());
    }
    parts.retain(|p| !p.trim().is_empty());
    let mut text = parts.join("\n\n");
    text.push('\n');
    text
}

/// The index of the first body paragraph, which carries the dateline.
pub(super) fn first_paragraph(story: &Publishable) -> usize {
    story
        .blocks
        .iter()
        .position(|b| matches!(b, PubBlock::Paragraph(_)))
        .unwrap_or(usize::MAX)
}
