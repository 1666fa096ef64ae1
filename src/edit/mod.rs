//! Every change to a story as a value that, applied, returns its exact inverse.
//!
//! Primitive edits change one thing; [`Edit::Batch`] groups them into one logical change
//! (a split is "shorten this row, insert that one"), and its inverse is the inverses in
//! reverse order. Because each primitive is exactly invertible, so is every batch, and
//! undo restores the story exactly. The one exception is deliberate: the story's block-id
//! counter only moves forward, so an id is never handed out twice, even after an undo.

mod history;
mod kind;

pub use history::{History, HistoryEntry};
pub use kind::{ChangeKind, kinds};

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::model::{
    AcceptedFinding, Block, BlockId, BlockKind, Comment, Contributor, Dateline, MergeConflict,
    RowRef, RowStatus, Side, Story,
};

/// One change to a story.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Edit {
    /// Replaces the text on one side of a row.
    SetText {
        /// The row.
        row: RowRef,
        /// The side.
        side: Side,
        /// The new text.
        text: String,
    },
    /// Sets a row's status.
    SetStatus {
        /// The row.
        row: RowRef,
        /// The new status.
        status: RowStatus,
    },
    /// Marks a body row as not running, or restores it.
    SetOmitted {
        /// The block.
        id: BlockId,
        /// Whether it is left out of the English copy.
        omitted: bool,
    },
    /// Changes what kind a block is (paragraph, subhead, quote), or a photo's file and credits.
    SetKind {
        /// The block.
        id: BlockId,
        /// The new kind.
        kind: BlockKind,
    },
    /// Inserts a block at a position in reading order.
    InsertBlock {
        /// Where: 0 is before the first block.
        index: usize,
        /// The block, with an id not yet used in the story.
        block: Block,
    },
    /// Removes a block.
    RemoveBlock {
        /// The block.
        id: BlockId,
    },
    /// Moves a block to a new position in reading order.
    MoveBlock {
        /// The block.
        id: BlockId,
        /// Its position after the move.
        to: usize,
    },
    /// Sets or clears a body row's re-filed-source flag (the source as it was before).
    SetPreviousSource {
        /// The block.
        id: BlockId,
        /// The earlier source, or `None` to clear the flag.
        previous: Option<String>,
    },
    /// Adds, replaces or (with `None`) removes a comment thread by id.
    SetComment {
        /// The thread's id.
        id: u32,
        /// The thread as it should be, or `None` to remove it.
        comment: Option<Comment>,
    },
    /// Replaces the dateline.
    SetDateline(Dateline),
    /// Replaces the list of contributors.
    SetContributors(Vec<Contributor>),
    /// Sets or clears the editor's override of the credit line.
    SetCreditLine(Option<String>),
    /// Sets or clears a row's pre-translation mark (the score of the memory match its
    /// English came from).
    SetPretranslated {
        /// The row.
        row: RowRef,
        /// The score, or `None` to clear the mark.
        score: Option<u8>,
    },
    /// Accepts a quality-check finding on a row with a reason, or (with `None`) withdraws
    /// the acceptance; one acceptance per row and check.
    SetAccepted {
        /// The row.
        row: RowRef,
        /// The check's key.
        check: String,
        /// The acceptance, or `None` to withdraw it.
        accepted: Option<AcceptedFinding>,
    },
    /// Replaces what a merge left for a person to choose (see `merge::resolve`).
    SetMergeConflicts(Vec<MergeConflict>),
    /// Several edits applied in order as one change.
    Batch(Vec<Edit>),
}

/// Why an edit could not be applied. The story is left unchanged.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum EditError {
    /// The edit names a row the story does not have.
    #[error("the story has no row {row:?}")]
    NoSuchRow {
        /// The missing row.
        row: RowRef,
    },
    /// An insert or move names a position past the end.
    #[error("position {index} is past the end of the story ({len} rows)")]
    OutOfRange {
        /// The position asked for.
        index: usize,
        /// The number of blocks.
        len: usize,
    },
    /// An insert reuses an id the story already has.
    #[error("the story already has a row with id {id}")]
    DuplicateId {
        /// The id.
        id: u32,
    },
}

impl Edit {
    /// Applies the edit and returns its inverse. On error the story is unchanged.
    pub fn apply(self, story: &mut Story) -> Result<Edit, EditError> {
        match self {
            Self::SetText { row, side, text } => {
                let target = story.row_mut(row).ok_or(EditError::NoSuchRow { row })?;
                // A person's change of the English ends its pre-translated state.
                let mark = match side {
                    Side::English => target.pretranslated.take(),
                    Side::Source => None,
                };
                let old = std::mem::replace(target.text_mut(side), text);
                let set = Self::SetText {
                    row,
                    side,
                    text: old,
                };
                Ok(restoring_mark(set, row, mark))
            }
            Self::SetStatus { row, status } => {
                let target = story.row_mut(row).ok_or(EditError::NoSuchRow { row })?;
                let old = std::mem::replace(&mut target.status, status);
                // Confirming a pre-translated row makes it a person's translation.
                let mark = if status.is_confirmed() {
                    target.pretranslated.take()
                } else {
                    None
                };
                let set = Self::SetStatus { row, status: old };
                Ok(restoring_mark(set, row, mark))
            }
            Self::SetPretranslated { row, score } => {
                let target = story.row_mut(row).ok_or(EditError::NoSuchRow { row })?;
                let old = std::mem::replace(&mut target.pretranslated, score);
                Ok(Self::SetPretranslated { row, score: old })
            }
            Self::SetOmitted { id, omitted } => {
                let block = block_mut(story, id)?;
                let old = std::mem::replace(&mut block.omitted, omitted);
                Ok(Self::SetOmitted { id, omitted: old })
            }
            Self::SetKind { id, kind } => {
                let block = block_mut(story, id)?;
                let old = std::mem::replace(&mut block.kind, kind);
                Ok(Self::SetKind { id, kind: old })
            }
            Self::InsertBlock { index, block } => {
                if index > story.blocks.len() {
                    return Err(EditError::OutOfRange {
                        index,
                        len: story.blocks.len(),
                    });
                }
                if story.block(block.id).is_some() {
                    return Err(EditError::DuplicateId { id: block.id.0 });
                }
                let id = block.id;
                story.next_block_id = story.next_block_id.max(id.0.saturating_add(1));
                story.blocks.insert(index, block);
                Ok(Self::RemoveBlock { id })
            }
            Self::RemoveBlock { id } => {
                let index = block_index(story, id)?;
                let block = story.blocks.remove(index);
                Ok(Self::InsertBlock { index, block })
            }
            Self::MoveBlock { id, to } => {
                let from = block_index(story, id)?;
                if to >= story.blocks.len() {
                    return Err(EditError::OutOfRange {
                        index: to,
                        len: story.blocks.len(),
                    });
                }
                let block = story.blocks.remove(from);
                story.blocks.insert(to, block);
                Ok(Self::MoveBlock { id, to: from })
            }
            Self::SetPreviousSource { id, previous } => {
                let block = block_mut(story, id)?;
                let old = std::mem::replace(&mut block.previous_source, previous);
                Ok(Self::SetPreviousSource { id, previous: old })
            }
            Self::SetComment { id, comment } => {
                // Like block ids, comment ids only move forward, even across an undo.
                if comment.is_some() {
                    story.next_comment_id = story.next_comment_id.max(id + 1);
                }
                let position = story.comments.iter().position(|c| c.id == id);
                let old = match (position, comment) {
                    (Some(i), Some(new)) => Some(std::mem::replace(&mut story.comments[i], new)),
                    (Some(i), None) => Some(story.comments.remove(i)),
                    (None, Some(new)) => {
                        // Threads stay in id order, so undoing a removal restores the order.
                        let at = story.comments.partition_point(|c| c.id < id);
                        story.comments.insert(at, new);
                        None
                    }
                    (None, None) => None,
                };
                Ok(Self::SetComment { id, comment: old })
            }
            Self::SetAccepted {
                row,
                check,
                accepted,
            } => {
                if story.row(row).is_none() {
                    return Err(EditError::NoSuchRow { row });
                }
                let position = story
                    .qa_accepted
                    .iter()
                    .position(|a| a.row == row && a.check == check);
                let old = match (position, accepted) {
                    (Some(i), Some(new)) => Some(std::mem::replace(&mut story.qa_accepted[i], new)),
                    (Some(i), None) => Some(story.qa_accepted.remove(i)),
                    (None, Some(new)) => {
                        story.qa_accepted.push(new);
                        None
                    }
                    (None, None) => None,
                };
                Ok(Self::SetAccepted {
                    row,
                    check,
                    accepted: old,
                })
            }
            Self::SetDateline(dateline) => Ok(Self::SetDateline(std::mem::replace(
                &mut story.dateline,
                dateline,
            ))),
            Self::SetContributors(contributors) => Ok(Self::SetContributors(std::mem::replace(
                &mut story.contributors,
                contributors,
            ))),
            Self::SetCreditLine(line) => Ok(Self::SetCreditLine(std::mem::replace(
                &mut story.credit_line_override,
                line,
            ))),
            Self::SetMergeConflicts(conflicts) => Ok(Self::SetMergeConflicts(std::mem::replace(
                &mut story.merge_conflicts,
                conflicts,
            ))),
            Self::Batch(edits) => {
                let mut inverses = Vec::with_capacity(edits.len());
                for edit in edits {
                    match edit.apply(story) {
                        Ok(inverse) => inverses.push(inverse),
                        Err(err) => {
                            // Roll back what was applied so the story is unchanged.
                            for inverse in inverses.into_iter().rev() {
                                // Inverses of edits that just succeeded cannot fail.
                                let _ = inverse.apply(story);
                            }
                            return Err(err);
                        }
                    }
                }
                inverses.reverse();
                Ok(Self::Batch(inverses))
            }
        }
    }

    /// The rows this edit changes nothing but (their texts, status, kind, omission,
    /// re-filed flag or pre-translation mark), each once in the order first touched; `None`
    /// when it changes the story's own fields (its rows' order or number, comments,
    /// credits…). Such a change is stamped in each row, not in the story's header (see
    /// [`Story::mark_changed`]), so an edit of rows touches only those rows' lines.
    #[must_use]
    pub fn rows_only(&self) -> Option<Vec<RowRef>> {
        let mut rows = Vec::new();
        self.collect_rows(&mut rows).then_some(rows)
    }

    /// Adds the rows this edit changes to `rows`; `false` when it changes more than rows.
    fn collect_rows(&self, rows: &mut Vec<RowRef>) -> bool {
        let row = match self {
            Self::SetText { row, .. }
            | Self::SetStatus { row, .. }
            | Self::SetPretranslated { row, .. } => *row,
            Self::SetOmitted { id, .. }
            | Self::SetKind { id, .. }
            | Self::SetPreviousSource { id, .. } => RowRef::Block(*id),
            Self::Batch(edits) => return edits.iter().all(|e| e.collect_rows(rows)),
            _ => return false,
        };
        if !rows.contains(&row) {
            rows.push(row);
        }
        true
    }

    /// Whether applying this edit would change nothing a person can see.
    #[must_use]
    pub fn is_noop_on(&self, story: &Story) -> bool {
        match self {
            Self::SetText { row, side, text } => {
                story.row(*row).is_some_and(|r| r.text(*side) == text)
            }
            Self::SetStatus { row, status } => story.row(*row).is_some_and(|r| r.status == *status),
            Self::SetPretranslated { row, score } => {
                story.row(*row).is_some_and(|r| r.pretranslated == *score)
            }
            Self::SetOmitted { id, omitted } => {
                story.block(*id).is_some_and(|b| b.omitted == *omitted)
            }
            Self::SetKind { id, kind } => story.block(*id).is_some_and(|b| b.kind == *kind),
            Self::MoveBlock { id, to } => story.block_index(*id) == Some(*to),
            Self::SetDateline(dateline) => story.dateline == *dateline,
            Self::SetPreviousSource { id, previous } => story
                .block(*id)
                .is_some_and(|b| b.previous_source == *previous),
            Self::SetComment { id, comment } => {
                story.comments.iter().find(|c| c.id == *id) == comment.as_ref()
            }
            Self::SetContributors(list) => story.contributors == *list,
            Self::SetCreditLine(line) => story.credit_line_override == *line,
            Self::SetMergeConflicts(list) => story.merge_conflicts == *list,
            Self::SetAccepted {
                row,
                check,
                accepted,
            } => {
                story
                    .qa_accepted
                    .iter()
                    .find(|a| a.row == *row && a.check == *check)
                    == accepted.as_ref()
            }
            // A batch is judged as a whole only when empty: its parts act on each other.
            Self::Batch(edits) => edits.is_empty(),
            Self::InsertBlock { .. } | Self::RemoveBlock { .. } => false,
        }
    }
}

/// The inverse of a text or status change that cleared a pre-translation mark: the change
/// undone first, then the mark put back (restoring the text would clear it again).
fn restoring_mark(inverse: Edit, row: RowRef, mark: Option<u8>) -> Edit {
    match mark {
        Some(score) => Edit::Batch(vec![
            inverse,
            Edit::SetPretranslated {
                row,
                score: Some(score),
            },
        ]),
        None => inverse,
    }
}

fn block_mut(story: &mut Story, id: BlockId) -> Result<&mut Block, EditError> {
    story.block_mut(id).ok_or(EditError::NoSuchRow {
        row: RowRef::Block(id),
    })
}

fn block_index(story: &Story, id: BlockId) -> Result<usize, EditError> {
    story.block_index(id).ok_or(EditError::NoSuchRow {
        row: RowRef::Block(id),
    })
}

/// Builders for the writer's compound changes, each one undoable edit.
pub mod ops {
    use super::{Edit, EditError};
    use crate::model::{Block, BlockId, BlockKind, RowRef, RowStatus, Side, Story, TextRow};

    /// A new English-only row of `kind` right after `after` (or first when `None`).
    #[must_use]
    pub fn insert_after(story: &Story, after: Option<RowRef>, kind: BlockKind) -> (Edit, BlockId) {
        let index = match after {
            Some(RowRef::Block(id)) => story.block_index(id).map_or(story.blocks.len(), |i| i + 1),
            _ => 0,
        };
        let id = story.next_free_block_id();
        let block = Block {
            id,
            kind,
            row: TextRow::default(),
            omitted: false,
            previous_source: None,
        };
        (Edit::InsertBlock { index, block }, id)
    }

    /// The change that turns `from`'s content into `to`'s: the headline, the deck, the rows,
    /// the credits, the credit-line override and the dateline, and threads `to` has that
    /// `from` lacks (given fresh ids). Workflow state (stage, sign-off, notes) is not
    /// content and stays as `from` has it.
    #[must_use]
    pub fn replace_content(from: &Story, to: &Story) -> Edit {
        let mut edits = Vec::new();
        for (row, a, b) in [
            (RowRef::Headline, &from.headline, &to.headline),
            (RowRef::Deck, &from.deck, &to.deck),
        ] {
            for side in [Side::Source, Side::English] {
                if a.text(side) != b.text(side) {
                    edits.push(Edit::SetText {
                        row,
                        side,
                        text: b.text(side).to_owned(),
                    });
                }
            }
            if a.status != b.status {
                edits.push(Edit::SetStatus {
                    row,
                    status: b.status,
                });
            }
        }
        if from.blocks != to.blocks {
            for block in from.blocks.iter().rev() {
                edits.push(Edit::RemoveBlock { id: block.id });
            }
            for (index, block) in to.blocks.iter().enumerate() {
                edits.push(Edit::InsertBlock {
                    index,
                    block: block.clone(),
                });
            }
        }
        if from.contributors != to.contributors {
            edits.push(Edit::SetContributors(to.contributors.clone()));
        }
        if from.credit_line_override != to.credit_line_override {
            edits.push(Edit::SetCreditLine(to.credit_line_override.clone()));
        }
        if from.dateline != to.dateline {
            edits.push(Edit::SetDateline(to.dateline.clone()));
        }
        let mut next = from.next_free_comment_id();
        for thread in &to.comments {
            if !from.comments.iter().any(|c| c == thread)
                && !from.comments.iter().any(|c| c.id == thread.id)
            {
                let mut thread = thread.clone();
                thread.id = next;
                next += 1;
                edits.push(Edit::SetComment {
                    id: thread.id,
                    comment: Some(thread),
                });
            }
        }
        Edit::Batch(edits)
    }

    /// The words that go with a new photo.
    #[derive(Clone, Debug, Default, PartialEq, Eq)]
    pub struct PhotoText {
        /// The English caption.
        pub caption: String,
        /// Who took it.
        pub credit: String,
        /// A description for readers who cannot see it.
        pub alt: String,
    }

    /// A new photo row right after `after`, showing `file` from the desk's `media/` folder.
    #[must_use]
    pub fn insert_photo(
        story: &Story,
        after: RowRef,
        file: String,
        text: &PhotoText,
    ) -> (Edit, BlockId) {
        let (insert, id) = insert_after(story, Some(after), BlockKind::Paragraph);
        let Edit::InsertBlock { index, .. } = insert else {
            return (insert, id);
        };
        let block = Block {
            id,
            kind: BlockKind::Photo(crate::model::Photo {
                file,
                credit: text.credit.trim().to_owned(),
                alt: text.alt.trim().to_owned(),
            }),
            row: TextRow {
                english: text.caption.trim().to_owned(),
                ..TextRow::default()
            },
            omitted: false,
            previous_source: None,
        };
        (Edit::InsertBlock { index, block }, id)
    }

    /// Moves a block one place up (`delta` = -1) or down (+1); `None` at either end.
    #[must_use]
    pub fn move_by(story: &Story, id: BlockId, delta: isize) -> Option<Edit> {
        let from = story.block_index(id)?;
        let to = from.checked_add_signed(delta)?;
        (to < story.blocks.len()).then_some(Edit::MoveBlock { id, to })
    }

    /// Splits a block in two: each side at its own byte offset (clamped to a character
    /// boundary). The first part keeps the row; the rest goes to a new row right after it
    /// with the same kind and status. Whitespace at the cut is dropped.
    pub fn split(
        story: &Story,
        id: BlockId,
        source_at: usize,
        english_at: usize,
    ) -> Result<(Edit, BlockId), EditError> {
        let block = story.block(id).ok_or(EditError::NoSuchRow {
            row: RowRef::Block(id),
        })?;
        if matches!(block.kind, BlockKind::Photo(_)) {
            return Err(EditError::NoSuchRow {
                row: RowRef::Block(id),
            });
        }
        let (src_head, src_tail) = cut(&block.row.source, source_at);
        let (eng_head, eng_tail) = cut(&block.row.english, english_at);
        let kind = block.kind.clone();
        let status = block.row.status;
        let omitted = block.omitted;
        let index = story.block_index(id).map_or(0, |i| i + 1);
        let new_id = story.next_free_block_id();
        let row = RowRef::Block(id);
        let tail_status = if eng_tail.is_empty() && status != RowStatus::Reviewed {
            RowStatus::Untranslated
        } else {
            status
        };
        let edit = Edit::Batch(vec![
            Edit::SetText {
                row,
                side: Side::Source,
                text: src_head,
            },
            Edit::SetText {
                row,
                side: Side::English,
                text: eng_head,
            },
            Edit::InsertBlock {
                index,
                block: Block {
                    id: new_id,
                    kind,
                    row: TextRow {
                        source: src_tail,
                        english: eng_tail,
                        status: tail_status,
                        pretranslated: None,
                        changed: None,
                    },
                    omitted,
                    previous_source: None,
                },
            },
        ]);
        Ok((edit, new_id))
    }

    /// Why two rows cannot be merged.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
    pub enum CannotMerge {
        /// The row is the last one.
        #[error("there is no row below to merge with")]
        Last,
        /// One of the rows is a photo.
        #[error("a photo cannot be merged with text")]
        Photo,
        /// One row runs and the other is omitted.
        #[error("one row is omitted and the other runs; restore or omit both first")]
        OmittedDiffers,
        /// A row's re-filed source has not been checked: merging would lose what changed.
        #[error(
            "a row's source was re-filed or fixed and not checked yet; check it and clear its flag first"
        )]
        Flagged,
    }

    /// Merges a block with the next one: texts joined with a space on each side
    /// (a line break would survive into the copy as a stray break). The merged row keeps
    /// the lower of the two statuses, so nothing unconfirmed passes as confirmed.
    pub fn merge_with_next(story: &Story, id: BlockId) -> Result<Edit, CannotMerge> {
        let index = story.block_index(id).ok_or(CannotMerge::Last)?;
        let first = story.blocks.get(index).ok_or(CannotMerge::Last)?;
        let second = story.blocks.get(index + 1).ok_or(CannotMerge::Last)?;
        if matches!(first.kind, BlockKind::Photo(_)) || matches!(second.kind, BlockKind::Photo(_)) {
            return Err(CannotMerge::Photo);
        }
        if first.omitted != second.omitted {
            return Err(CannotMerge::OmittedDiffers);
        }
        if first.previous_source.is_some() || second.previous_source.is_some() {
            return Err(CannotMerge::Flagged);
        }
        let join = |a: &str, b: &str| match (a.is_empty(), b.is_empty()) {
            (true, _) => b.to_owned(),
            (_, true) => a.to_owned(),
            _ => format!("{a} {b}"),
        };
        let status = lower_status(first.row.status, second.row.status);
        let row = RowRef::Block(id);
        Ok(Edit::Batch(vec![
            Edit::SetText {
                row,
                side: Side::Source,
                text: join(&first.row.source, &second.row.source),
            },
            Edit::SetText {
                row,
                side: Side::English,
                text: join(&first.row.english, &second.row.english),
            },
            Edit::SetStatus { row, status },
            Edit::RemoveBlock { id: second.id },
        ]))
    }

    /// The less advanced of two row statuses.
    #[must_use]
    pub fn lower_status(a: RowStatus, b: RowStatus) -> RowStatus {
        let rank = |s: RowStatus| match s {
            RowStatus::Untranslated => 0,
            RowStatus::Draft => 1,
            RowStatus::Translated => 2,
            RowStatus::Reviewed => 3,
        };
        if rank(a) <= rank(b) { a } else { b }
    }

    fn cut(text: &str, at: usize) -> (String, String) {
        let mut at = at.min(text.len());
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        let (head, tail) = text.split_at(at);
        (head.trim_end().to_owned(), tail.trim_start().to_owned())
    }
}

#[cfg(test)]
mod tests {
    use chrono::DateTime;
    use pretty_assertions::assert_eq;

    use super::*;
    use crate::model::{CreditDisplay, Photo, Role, TextRow};

    fn sample() -> Story {
        let mut story = Story::new(
            "sample",
            DateTime::from_timestamp(1_785_000_000, 0).unwrap_or_default(),
        );
        story.headline = TextRow {
            source: "ရေကြီး".into(),
            english: "Floods".into(),
            status: RowStatus::Draft,
            pretranslated: None,
            changed: None,
        };
        story.append_source_paragraphs("ပထမ စာပိုဒ်။\n\nဒုတိယ စာပိုဒ်။\n\nတတိယ စာပိုဒ်။");
        story.blocks[0].row.english = "First paragraph. Second sentence.".into();
        story
    }

    /// Applies, inverts and re-applies an edit, checking each step lands exactly.
    fn round_trip(edit: &Edit) {
        let original = sample();
        let mut story = original.clone();
        let inverse = edit.clone().apply(&mut story).unwrap();
        let changed = story.clone();
        assert_ne!(
            changed, original,
            "the edit should change something: {edit:?}"
        );
        let redo = inverse.apply(&mut story).unwrap();
        // The id counters only move forward; everything else is restored exactly.
        story.next_block_id = original.next_block_id;
        story.next_comment_id = original.next_comment_id;
        assert_eq!(story, original, "the inverse should restore the story");
        redo.apply(&mut story).unwrap();
        story.next_block_id = changed.next_block_id;
        story.next_comment_id = changed.next_comment_id;
        assert_eq!(story, changed, "re-applying should give the same result");
    }

    fn id(n: usize) -> BlockId {
        sample().blocks[n].id
    }

    #[test]
    fn set_text_round_trips() {
        round_trip(&Edit::SetText {
            row: RowRef::Block(id(1)),
            side: Side::English,
            text: "Second paragraph.".into(),
        });
        round_trip(&Edit::SetText {
            row: RowRef::Deck,
            side: Side::Source,
            text: "အကျဉ်း".into(),
        });
    }

    #[test]
    fn set_status_round_trips() {
        round_trip(&Edit::SetStatus {
            row: RowRef::Headline,
            status: RowStatus::Translated,
        });
    }

    #[test]
    fn pretranslation_marks_round_trip_and_a_persons_change_ends_them() {
        round_trip(&Edit::SetPretranslated {
            row: RowRef::Headline,
            score: Some(87),
        });
        let mut story = sample();
        story.headline.pretranslated = Some(87);
        let before = story.clone();
        // Typing in the English clears the mark; undo brings it back.
        let undo = Edit::SetText {
            row: RowRef::Headline,
            side: Side::English,
            text: "Floods in Kani".into(),
        }
        .apply(&mut story)
        .unwrap();
        assert_eq!(story.headline.pretranslated, None);
        undo.apply(&mut story).unwrap();
        assert_eq!(story, before);
        // So does confirming; a change of the source does not.
        Edit::SetStatus {
            row: RowRef::Headline,
            status: RowStatus::Translated,
        }
        .apply(&mut story)
        .unwrap();
        assert_eq!(story.headline.pretranslated, None);
        let mut story = before.clone();
        Edit::SetText {
            row: RowRef::Headline,
            side: Side::Source,
            text: "ရေကြီးမှု".into(),
        }
        .apply(&mut story)
        .unwrap();
        assert_eq!(story.headline.pretranslated, Some(87));
        round_trip(&Edit::Batch(vec![
            Edit::SetPretranslated {
                row: RowRef::Deck,
                score: Some(90),
            },
            Edit::SetText {
                row: RowRef::Deck,
                side: Side::English,
                text: "Deck".into(),
            },
        ]));
    }

    #[test]
    fn set_omitted_round_trips() {
        round_trip(&Edit::SetOmitted {
            id: id(2),
            omitted: true,
        });
    }

    #[test]
    fn set_kind_round_trips() {
        round_trip(&Edit::SetKind {
            id: id(0),
            kind: BlockKind::Subhead,
        });
        round_trip(&Edit::SetKind {
            id: id(0),
            kind: BlockKind::Photo(Photo {
                file: "a.png".into(),
                credit: "RFA".into(),
                alt: "A street".into(),
            }),
        });
    }

    #[test]
    fn insert_remove_and_move_round_trip() {
        let story = sample();
        let (insert, new_id) =
            ops::insert_after(&story, Some(RowRef::Block(id(1))), BlockKind::Quote);
        round_trip(&insert.clone());
        let mut after = sample();
        insert.apply(&mut after).unwrap();
        assert_eq!(after.blocks[2].id, new_id, "inserted right after row 2");
        round_trip(&Edit::RemoveBlock { id: id(1) });
        round_trip(&Edit::MoveBlock { id: id(2), to: 0 });
        round_trip(&ops::move_by(&sample(), id(1), -1).unwrap());
        assert!(ops::move_by(&sample(), id(0), -1).is_none());
        assert!(ops::move_by(&sample(), id(2), 1).is_none());
    }

    #[test]
    fn metadata_round_trips() {
        round_trip(&Edit::SetDateline(Dateline {
            place: "Monywa".into(),
            date: chrono::NaiveDate::from_ymd_opt(2026, 8, 3),
        }));
        round_trip(&Edit::SetCreditLine(Some("Staff report.".into())));
        round_trip(&Edit::SetMergeConflicts(vec![MergeConflict {
            what: crate::model::ConflictKind::Dateline,
            base: "Kani".into(),
            theirs: "Monywa".into(),
            theirs_by: "Aye".into(),
        }]));
        round_trip(&Edit::SetContributors(vec![Contributor {
            role: Role::Reporter,
            name: "Ko Aung".into(),
            display: CreditDisplay::Withheld,
        }]));
    }

    #[test]
    fn split_and_merge_round_trip_and_agree() {
        let mut story = sample();
        let first = story.blocks[0].row.clone();
        let src_at = "ပထမ".len();
        let eng_at = "First paragraph.".len();
        let (split, new_id) = ops::split(&story, id(0), src_at, eng_at).unwrap();
        round_trip(&split.clone());
        split.apply(&mut story).unwrap();
        assert_eq!(story.blocks[0].row.source, "ပထမ");
        assert_eq!(story.blocks[1].row.source, "စာပိုဒ်။");
        assert_eq!(story.blocks[0].row.english, "First paragraph.");
        assert_eq!(story.blocks[1].row.english, "Second sentence.");
        assert_eq!(story.blocks[1].id, new_id);
        let merge = ops::merge_with_next(&story, id(0)).unwrap();
        merge.apply(&mut story).unwrap();
        assert_eq!(story.blocks[0].row.source, first.source);
        assert_eq!(story.blocks[0].row.english, first.english);
        assert_eq!(story.blocks.len(), 3);
        round_trip(&ops::merge_with_next(&sample(), id(1)).unwrap());
        assert_eq!(
            ops::merge_with_next(&sample(), id(2)),
            Err(ops::CannotMerge::Last)
        );
        let mut mixed = sample();
        mixed.blocks[1].omitted = true;
        assert_eq!(
            ops::merge_with_next(&mixed, id(0)),
            Err(ops::CannotMerge::OmittedDiffers),
            "merging would hide or revive text silently"
        );
    }

    #[test]
    fn split_clamps_inside_a_character() {
        let mut story = sample();
        // One byte into a three-byte Myanmar letter: the cut moves back to a boundary.
        let (split, _) = ops::split(&story, id(1), 1, 0).unwrap();
        split.apply(&mut story).unwrap();
        assert_eq!(story.blocks[1].row.source, "");
        assert_eq!(story.blocks[2].row.source, "ဒုတိယ စာပိုဒ်။");
    }

    #[test]
    fn failed_batch_leaves_story_unchanged() {
        let mut story = sample();
        let before = story.clone();
        let bad = Edit::Batch(vec![
            Edit::SetText {
                row: RowRef::Headline,
                side: Side::English,
                text: "Changed".into(),
            },
            Edit::RemoveBlock { id: BlockId(999) },
        ]);
        assert!(bad.apply(&mut story).is_err());
        assert_eq!(story, before);
    }

    #[test]
    fn edits_that_change_nothing_are_noops() {
        let story = sample();
        assert!(Edit::SetDateline(story.dateline.clone()).is_noop_on(&story));
        assert!(Edit::SetContributors(vec![]).is_noop_on(&story));
        assert!(
            Edit::SetOmitted {
                id: id(0),
                omitted: false
            }
            .is_noop_on(&story)
        );
        assert!(Edit::MoveBlock { id: id(1), to: 1 }.is_noop_on(&story));
        assert!(!Edit::MoveBlock { id: id(1), to: 0 }.is_noop_on(&story));
        assert!(
            !Edit::SetKind {
                id: id(0),
                kind: BlockKind::Quote
            }
            .is_noop_on(&story)
        );
    }

    #[test]
    fn accepting_a_finding_round_trips() {
        let accepted = |reason: &str| AcceptedFinding {
            row: RowRef::Headline,
            check: "numbers".into(),
            text: "0123abcd".into(),
            reason: reason.into(),
            by: "Editor".into(),
            at: DateTime::from_timestamp(1_785_000_000, 0).unwrap_or_default(),
        };
        round_trip(&Edit::SetAccepted {
            row: RowRef::Headline,
            check: "numbers".into(),
            accepted: Some(accepted("spelled out in English")),
        });
        let mut with_one = sample();
        with_one.qa_accepted = vec![accepted("a")];
        for edit in [
            Edit::SetAccepted {
                row: RowRef::Headline,
                check: "numbers".into(),
                accepted: None,
            },
            Edit::SetAccepted {
                row: RowRef::Headline,
                check: "numbers".into(),
                accepted: Some(accepted("b")),
            },
        ] {
            assert!(!edit.is_noop_on(&with_one));
            let mut story = with_one.clone();
            let inverse = edit.apply(&mut story).unwrap();
            assert_ne!(story, with_one);
            inverse.apply(&mut story).unwrap();
            assert_eq!(story, with_one);
        }
    }

    #[test]
    fn comments_and_source_flags_round_trip() {
        let comment = |id: u32, text: &str| Comment {
            id,
            anchor: RowRef::Headline,
            author: "Editor".into(),
            created: DateTime::from_timestamp(1_785_000_000, 0).unwrap_or_default(),
            edited: None,
            text: text.into(),
            replies: vec![],
            resolved: None,
        };
        round_trip(&Edit::SetComment {
            id: 1,
            comment: Some(comment(1, "Check the name.")),
        });
        let mut with_two = sample();
        with_two.comments = vec![comment(1, "a"), comment(2, "b")];
        with_two.next_comment_id = 3;
        for edit in [
            Edit::SetComment {
                id: 1,
                comment: None,
            },
            Edit::SetComment {
                id: 2,
                comment: Some(comment(2, "b, edited")),
            },
        ] {
            let mut story = with_two.clone();
            let inverse = edit.apply(&mut story).unwrap();
            inverse.apply(&mut story).unwrap();
            assert_eq!(story, with_two);
        }
        round_trip(&Edit::SetPreviousSource {
            id: id(0),
            previous: Some("old source".into()),
        });
    }

    #[test]
    fn bad_positions_are_errors() {
        let mut story = sample();
        assert!(
            Edit::MoveBlock { id: id(0), to: 3 }
                .apply(&mut story)
                .is_err()
        );
        let dup = story.blocks[0].clone();
        assert_eq!(
            Edit::InsertBlock {
                index: 0,
                block: dup
            }
            .apply(&mut story),
            Err(EditError::DuplicateId { id: id(0).0 })
        );
    }
}
