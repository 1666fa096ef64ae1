//! The fingerprint of a story's public content: what a sign-off vouches for.

use sha2::{Digest as _, Sha256};

use crate::model::{BlockKind, DeskSettings, Story};

/// SHA-256, in hex, of everything a reader will see: the English headline and deck, the
/// English rows that run (in order, with their kind), photos with caption, credit and alt
/// text, the contributors with how each is credited, the credit-line override, the credit
/// line as the desk prints it, and the corrections.
///
/// Source text, row statuses, comments, the dateline and other internal notes are left out,
/// so working on them never invalidates a sign-off. The credit line is in because the desk's
/// settings (service name, credit words) change what prints: a sign-off vouches for the line
/// readers see. Each piece is length-prefixed, so moving text from one row to the next
/// changes the fingerprint. The encoding is fixed here, not taken from a serialiser, so
/// fingerprints stay stable across Copydesk versions.
#[must_use]
pub fn public_fingerprint(story: &Story, settings: &DeskSettings) -> String {
    let mut hash = Sha256::new();
    story_pieces(story, &mut hash);
    let mut put = |tag: &str, text: &str| put_piece(&mut hash, tag, text);
    put(
        "printed-credit-line",
        &crate::credits::credit_line(story, settings),
    );
    for correction in &story.corrections {
        put("correction-at", &correction.at.to_rfc3339());
        put("correction", &correction.text);
    }
    hex(hash)
}

/// The fingerprint of format version 1, which covered the story alone: used once, when a
/// version-1 story is read, to tell whether its sign-off was current.
#[must_use]
pub fn legacy_fingerprint(story: &Story) -> String {
    let mut hash = Sha256::new();
    story_pieces(story, &mut hash);
    hex(hash)
}

fn put_piece(hash: &mut Sha256, tag: &str, text: &str) {
    hash.update(tag.as_bytes());
    hash.update((text.len() as u64).to_le_bytes());
    hash.update(text.as_bytes());
}

fn hex(hash: Sha256) -> String {
    hash.finalize()
        .iter()
        .fold(String::with_capacity(64), |mut hex, byte| {
            use std::fmt::Write as _;
            let _ = write!(hex, "{byte:02x}");
            hex
        })
}

fn story_pieces(story: &Story, hash: &mut Sha256) {
    let mut put = |tag: &str, text: &str| put_piece(hash, tag, text);
    put("headline", &story.headline.english);
    put("deck", &story.deck.english);
    for block in story.blocks.iter().filter(|b| !b.omitted) {
        put("block", block.kind.label());
        put("english", &block.row.english);
        if let BlockKind::Photo(photo) = &block.kind {
            put("file", &photo.file);
            put("credit", &photo.credit);
            put("alt", &photo.alt);
        }
    }
    for person in &story.contributors {
        put("role", person.role.label());
        put("name", &person.name);
        put("display", person.display.label());
    }
    if let Some(line) = &story.credit_line_override {
        put("credit-line", line);
    }
}

#[cfg(test)]
mod tests {
    use chrono::DateTime;

    use super::*;

    #[test]
    fn fingerprints_are_stable_and_sensitive_to_row_boundaries() {
        let mut story = Story::new("s", DateTime::from_timestamp(0, 0).unwrap());
        story.append_source_paragraphs("က\n\nခ");
        story.blocks[0].row.english = "ab".into();
        story.blocks[1].row.english = "c".into();
        // Checked against an independent SHA-256 of the same encoding; a change here would
        // invalidate every sign-off on every desk.
        assert_eq!(
            legacy_fingerprint(&story),
            "0d3eaa00965788d804f84e003dc5682081e5107503817bde4e59bfa171514371"
        );
        let settings = DeskSettings::new("D", "my", "en", "S");
        let before = public_fingerprint(&story, &settings);
        story.blocks[0].row.english = "a".into();
        story.blocks[1].row.english = "bc".into();
        assert_ne!(public_fingerprint(&story, &settings), before);
    }
}
