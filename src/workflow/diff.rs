//! Word-by-word differences between two versions of a story, each side compared separately.

use similar::{ChangeTag, TextDiff};

use crate::model::{BlockKind, Content};

/// Whether a span of text is common to both versions, or only in the old or new one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DiffPart {
    /// In both.
    Same,
    /// Only in the older version.
    Deleted,
    /// Only in the newer version.
    Inserted,
}

/// A run of text and where it belongs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DiffSpan {
    /// Same, deleted or inserted.
    pub part: DiffPart,
    /// The text, with its spaces.
    pub text: String,
}

/// The differences between two texts, word by word (a word keeps its trailing space).
///
/// Burmese writes no spaces between words, so a changed Burmese phrase shows as a whole;
/// finer, syllable-level differences need the script layer.
#[must_use]
pub fn diff_text(old: &str, new: &str) -> Vec<DiffSpan> {
    let diff = TextDiff::from_words(old, new);
    let mut spans: Vec<DiffSpan> = Vec::new();
    for change in diff.iter_all_changes() {
        let part = match change.tag() {
            ChangeTag::Equal => DiffPart::Same,
            ChangeTag::Delete => DiffPart::Deleted,
            ChangeTag::Insert => DiffPart::Inserted,
        };
        let text = change.value();
        match spans.last_mut() {
            Some(last) if last.part == part => last.text.push_str(text),
            _ => spans.push(DiffSpan {
                part,
                text: text.to_owned(),
            }),
        }
    }
    spans
}

/// The differences between two versions' source sides and English sides:
/// `(source, english)`. Rows are compared as paragraphs, headline and deck first.
#[must_use]
pub fn diff_content(old: &Content, new: &Content) -> (Vec<DiffSpan>, Vec<DiffSpan>) {
    (
        diff_text(&side_text(old, true), &side_text(new, true)),
        diff_text(&side_text(old, false), &side_text(new, false)),
    )
}

/// One side of a version as text: headline, deck and running rows, one paragraph each.
fn side_text(content: &Content, source: bool) -> String {
    let pick = |row: &crate::model::TextRow| {
        if source {
            row.source.clone()
        } else {
            row.english.clone()
        }
    };
    let mut parts = vec![pick(&content.headline), pick(&content.deck)];
    for block in &content.blocks {
        // The English copy leaves omitted rows out; the source keeps them.
        if block.omitted && !source {
            continue;
        }
        let text = pick(&block.row);
        if text.is_empty() {
            continue;
        }
        parts.push(match &block.kind {
            BlockKind::Subhead => format!("## {text}"),
            BlockKind::Quote => format!("> {text}"),
            BlockKind::Photo(photo) if source => format!("[photo {}] {text}", photo.file),
            BlockKind::Photo(photo) => format!(
                "[photo {}] {text} (credit: {}; alt text: {})",
                photo.file, photo.credit, photo.alt
            ),
            BlockKind::Paragraph => text,
        });
    }
    // Credits count for the sign-off, so they show in the English comparison too.
    if !source {
        let credits: Vec<String> = content
            .contributors
            .iter()
            .map(|c| format!("{} {} ({})", c.role.label(), c.name, c.display.label()))
            .collect();
        if !credits.is_empty() {
            parts.push(format!("Credits: {}", credits.join("; ")));
        }
        if let Some(line) = &content.credit_line_override {
            parts.push(format!("Credit line set by hand: {line}"));
        }
    }
    parts.retain(|p| !p.is_empty());
    parts.join("\n\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_change_of_credit_shows_in_the_english_comparison() {
        use crate::model::{Contributor, CreditDisplay, Role};
        let mut old = Content::default();
        old.contributors.push(Contributor {
            role: Role::Reporter,
            name: "Saw Htoo Lay".into(),
            display: CreditDisplay::Withheld,
        });
        let mut new = old.clone();
        new.contributors[0].display = CreditDisplay::Person;
        let (source, english) = diff_content(&old, &new);
        assert!(source.iter().all(|s| s.part == DiffPart::Same));
        assert!(
            english
                .iter()
                .any(|s| s.part == DiffPart::Inserted && s.text.contains("name"))
        );
    }

    #[test]
    fn words_inserted_and_deleted_are_marked() {
        let spans = diff_text(
            "Floods hit twelve villages on Monday.",
            "Floods hit fourteen villages on Monday night.",
        );
        let deleted: String = spans
            .iter()
            .filter(|s| s.part == DiffPart::Deleted)
            .map(|s| s.text.as_str())
            .collect();
        let inserted: String = spans
            .iter()
            .filter(|s| s.part == DiffPart::Inserted)
            .map(|s| s.text.as_str())
            .collect();
        assert!(deleted.contains("twelve"), "{spans:?}");
        assert!(deleted.contains("Monday."), "{spans:?}");
        assert!(inserted.contains("fourteen"), "{spans:?}");
        assert!(inserted.contains("night."), "{spans:?}");
        assert!(
            spans
                .iter()
                .any(|s| s.part == DiffPart::Same && s.text.starts_with("Floods hit"))
        );
        // Both versions can be rebuilt from the spans.
        let old: String = spans
            .iter()
            .filter(|s| s.part != DiffPart::Inserted)
            .map(|s| s.text.as_str())
            .collect();
        assert_eq!(old, "Floods hit twelve villages on Monday.");
    }
}
