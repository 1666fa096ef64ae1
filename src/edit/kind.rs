//! What kind of change an edit makes, so the workflow can decide who may make it.
//!
//! The kinds are worked out from the edit and the story it applies to, never taken from
//! whoever built the edit: a split that re-cuts the source between two rows is a change of
//! structure, but a batch that changes the source's words is a change of the source,
//! whatever the panel that built it called it.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use super::Edit;
use crate::model::{RowStatus, Side, Story};

/// The kinds of change the desk's rules tell apart.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum ChangeKind {
    /// Typing in the source side, which belongs to the reporter.
    SourceText,
    /// A recorded fix of the source after filing, or a re-filed source.
    SourceFix,
    /// A row's English, and the statuses that follow from typing and confirming it.
    EnglishText,
    /// Marking a row reviewed.
    Review,
    /// The rows themselves: insert, move, split, merge, omit, change kind, delete; photos.
    Structure,
    /// The dateline.
    Metadata,
    /// Who is credited and how (by name, as the service, withheld): a reporter's safety
    /// can depend on it.
    Credits,
    /// The editor's credit-line override.
    CreditOverride,
    /// Clearing a re-filed row's flag once its English has been checked.
    ClearSourceFlag,
    /// Comment threads; who may change which thread is checked thread by thread.
    Comment,
}

impl ChangeKind {
    /// Every kind, for tables and tests.
    pub const ALL: [Self; 10] = [
        Self::SourceText,
        Self::SourceFix,
        Self::EnglishText,
        Self::Review,
        Self::Structure,
        Self::Metadata,
        Self::Credits,
        Self::CreditOverride,
        Self::ClearSourceFlag,
        Self::Comment,
    ];

    /// The change in words, for a refusal: "change the source".
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::SourceText => "change the source",
            Self::SourceFix => "fix or re-file the source",
            Self::EnglishText => "change the English",
            Self::Review => "mark rows reviewed",
            Self::Structure => "add, move, split, merge or omit rows",
            Self::Metadata => "change the dateline",
            Self::Credits => "change who is credited or how",
            Self::CreditOverride => "set the credit line by hand",
            Self::ClearSourceFlag => "clear a re-filed row's flag",
            Self::Comment => "comment",
        }
    }
}

/// The kinds of change `edit` makes to `story`.
///
/// Adding or removing a row that has source text counts as a source change too. An edit
/// that changes source text and also adds or removes rows (a split, a merge, their undo) is
/// a change of structure when the source, read in order across the headline, the deck and
/// every row with its white space left out, stays the same (scripts like Burmese may have
/// no space where a row is cut); otherwise it changes the source.
#[must_use]
pub fn kinds(edit: &Edit, story: &Story) -> BTreeSet<ChangeKind> {
    let mut kinds = BTreeSet::new();
    collect(edit, story, &mut kinds);
    if kinds.contains(&ChangeKind::SourceText)
        && kinds.contains(&ChangeKind::Structure)
        && source_words_kept(edit, story)
    {
        kinds.remove(&ChangeKind::SourceText);
    }
    kinds
}

/// Adds the kinds of `edit`'s parts. A text or status that a part would set to what the
/// row already holds changes nothing and counts for nothing (a merge of two untranslated
/// rows sets no English).
fn collect(edit: &Edit, story: &Story, kinds: &mut BTreeSet<ChangeKind>) {
    if matches!(edit, Edit::SetText { .. } | Edit::SetStatus { .. }) && edit.is_noop_on(story) {
        return;
    }
    let kind = match edit {
        Edit::SetText {
            side: Side::Source, ..
        } => ChangeKind::SourceText,
        Edit::SetStatus {
            status: RowStatus::Reviewed,
            ..
        } => ChangeKind::Review,
        Edit::SetText {
            side: Side::English,
            ..
        }
        | Edit::SetStatus { .. }
        | Edit::SetPretranslated { .. } => ChangeKind::EnglishText,
        Edit::InsertBlock { block, .. } => {
            if !block.row.source.trim().is_empty() {
                kinds.insert(ChangeKind::SourceText);
            }
            ChangeKind::Structure
        }
        Edit::RemoveBlock { id } => {
            if story
                .block(*id)
                .is_some_and(|b| !b.row.source.trim().is_empty())
            {
                kinds.insert(ChangeKind::SourceText);
            }
            ChangeKind::Structure
        }
        Edit::SetOmitted { .. } | Edit::SetKind { .. } | Edit::MoveBlock { .. } => {
            ChangeKind::Structure
        }
        Edit::SetPreviousSource { previous: None, .. } => ChangeKind::ClearSourceFlag,
        Edit::SetPreviousSource { .. } => ChangeKind::SourceFix,
        // Accepting a finding is a note on the row, like a comment: it changes nothing a
        // reader sees, and whoever may comment may make it.
        // Settling what a merge left changes nothing a reader sees by itself (the text a
        // person chooses is its own edit, checked as typing is): anyone who may comment may.
        Edit::SetComment { .. } | Edit::SetAccepted { .. } | Edit::SetMergeConflicts(_) => {
            ChangeKind::Comment
        }
        Edit::SetDateline(_) => ChangeKind::Metadata,
        Edit::SetContributors(_) => ChangeKind::Credits,
        Edit::SetCreditLine(_) => ChangeKind::CreditOverride,
        Edit::Batch(edits) => {
            for edit in edits {
                collect(edit, story, kinds);
            }
            return;
        }
    };
    kinds.insert(kind);
}

/// Whether applying `edit` leaves the source, read across the headline, the deck and every
/// row in order with its white space left out, as it was (only where rows begin and end,
/// and the spacing, may differ).
fn source_words_kept(edit: &Edit, story: &Story) -> bool {
    let letters = |story: &Story| -> String {
        story
            .text_rows()
            .flat_map(|r| r.source.chars())
            .filter(|c| !c.is_whitespace())
            .collect()
    };
    let mut after = story.clone();
    edit.clone().apply(&mut after).is_ok() && letters(&after) == letters(story)
}

#[cfg(test)]
mod tests {
    use chrono::DateTime;

    use super::*;
    use crate::edit::ops;
    use crate::model::{BlockKind, RowRef};

    fn story() -> Story {
        let mut story = Story::new("s", DateTime::from_timestamp(0, 0).unwrap_or_default());
        story.append_source_paragraphs("က ခ ဂ\n\nဃ င");
        story
    }

    fn set(kinds: &[ChangeKind]) -> BTreeSet<ChangeKind> {
        kinds.iter().copied().collect()
    }

    #[test]
    fn a_split_and_a_merge_change_structure_not_the_source() {
        let story = story();
        let id = story.blocks[0].id;
        // Cut after "က " on the source side.
        let (split, _) = ops::split(&story, id, "က ".len(), 0).unwrap();
        assert_eq!(kinds(&split, &story), set(&[ChangeKind::Structure]));
        let merge = ops::merge_with_next(&story, id).unwrap();
        assert_eq!(kinds(&merge, &story), set(&[ChangeKind::Structure]));
        // Merging translated English is also a change of the English.
        let mut translated = story.clone();
        translated.blocks[0].row.english = "A.".into();
        translated.blocks[1].row.english = "B.".into();
        let merge = ops::merge_with_next(&translated, id).unwrap();
        assert_eq!(
            kinds(&merge, &translated),
            set(&[ChangeKind::Structure, ChangeKind::EnglishText])
        );
    }

    #[test]
    fn a_batch_dressed_as_a_split_that_changes_words_changes_the_source() {
        let story = story();
        let id = story.blocks[0].id;
        let (mut split, _) = ops::split(&story, id, "က ".len(), 0).unwrap();
        if let Edit::Batch(edits) = &mut split {
            edits.push(Edit::SetText {
                row: RowRef::Block(id),
                side: Side::Source,
                text: "ဆ".into(),
            });
        }
        assert!(kinds(&split, &story).contains(&ChangeKind::SourceText));
    }

    #[test]
    fn a_burmese_row_cut_where_no_space_is_still_a_split() {
        let mut story = story();
        story.blocks[0].row.source = "နိုင်ငံ။ရန်ကုန်".into();
        let id = story.blocks[0].id;
        let (split, _) = ops::split(&story, id, "နိုင်ငံ။".len(), 0).unwrap();
        assert_eq!(kinds(&split, &story), set(&[ChangeKind::Structure]));
    }

    #[test]
    fn adding_or_removing_source_rows_or_changing_the_headline_source_is_a_source_change() {
        let story = story();
        // Deleting the reporter's paragraph.
        let remove = Edit::RemoveBlock {
            id: story.blocks[0].id,
        };
        assert!(kinds(&remove, &story).contains(&ChangeKind::SourceText));
        // Inserting a row of made-up source.
        let insert = Edit::InsertBlock {
            index: 0,
            block: crate::model::Block {
                id: crate::model::BlockId(99),
                kind: BlockKind::Paragraph,
                row: crate::model::TextRow {
                    source: "ဆ".into(),
                    ..crate::model::TextRow::default()
                },
                omitted: false,
                previous_source: None,
            },
        };
        assert!(kinds(&insert, &story).contains(&ChangeKind::SourceText));
        // A headline change smuggled beside an empty new row.
        let (empty_row, _) = ops::insert_after(&story, None, BlockKind::Paragraph);
        let smuggled = Edit::Batch(vec![
            empty_row,
            Edit::SetText {
                row: RowRef::Headline,
                side: Side::Source,
                text: "ဆ".into(),
            },
        ]);
        assert!(kinds(&smuggled, &story).contains(&ChangeKind::SourceText));
    }

    #[test]
    fn single_edits_have_one_kind() {
        let story = story();
        let row = RowRef::Block(story.blocks[0].id);
        let cases = [
            (
                Edit::SetText {
                    row,
                    side: Side::Source,
                    text: "x".into(),
                },
                ChangeKind::SourceText,
            ),
            (
                Edit::SetStatus {
                    row,
                    status: RowStatus::Reviewed,
                },
                ChangeKind::Review,
            ),
            (
                Edit::SetStatus {
                    row,
                    status: RowStatus::Translated,
                },
                ChangeKind::EnglishText,
            ),
            (
                Edit::SetKind {
                    id: story.blocks[0].id,
                    kind: BlockKind::Quote,
                },
                ChangeKind::Structure,
            ),
            (
                Edit::SetPreviousSource {
                    id: story.blocks[0].id,
                    previous: None,
                },
                ChangeKind::ClearSourceFlag,
            ),
            (Edit::SetCreditLine(None), ChangeKind::CreditOverride),
        ];
        for (edit, kind) in cases {
            assert_eq!(kinds(&edit, &story), set(&[kind]), "{edit:?}");
        }
    }
}
