//! Re-filing a changed source after translation began: the English stays, and each row whose
//! source changed is flagged with its old source for the translator.

use similar::{Algorithm, DiffOp, capture_diff_slices};

use crate::edit::Edit;
use crate::model::{
    Block, BlockId, BlockKind, RowRef, Side, Stage, Story, TextRow, split_paragraphs,
};

/// What a re-file changed, for telling the person.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RefileSummary {
    /// Rows whose source text changed.
    pub changed: usize,
    /// New rows for paragraphs the old source did not have.
    pub added: usize,
    /// Rows whose paragraph is gone from the new source (their English is kept).
    pub removed: usize,
}

/// The edit that replaces the story's source paragraphs with `text` (split at blank lines).
///
/// Old and new paragraphs are aligned with a diff, so an inserted or deleted paragraph does
/// not shift every row after it. Unchanged rows are untouched. A changed row gets the new
/// source, keeps its English, and (once translation has begun) carries the old source as a
/// flag until the translator clears it; a confirmed translation goes back to draft. A new
/// paragraph becomes a new flagged row; a paragraph that is gone leaves its row with an
/// empty source, flagged, its English kept for the writer to decide.
#[must_use]
pub fn refile_source(story: &Story, text: &str) -> (Edit, RefileSummary) {
    let flag = story.stage != Stage::Filed;
    let old: Vec<(BlockId, String)> = story
        .blocks
        .iter()
        .filter(|b| !matches!(b.kind, BlockKind::Photo(_)) && !b.row.source.trim().is_empty())
        .map(|b| (b.id, b.row.source.clone()))
        .collect();
    let new = split_paragraphs(text);
    let old_texts: Vec<&str> = old.iter().map(|(_, t)| t.as_str()).collect();
    let new_texts: Vec<&str> = new.iter().map(String::as_str).collect();
    let ops = capture_diff_slices(Algorithm::Patience, &old_texts, &new_texts);

    // Edits are worked out against a scratch copy, so each insert's position accounts for
    // the ones before it.
    let mut scratch = story.clone();
    let mut edits = Vec::new();
    let mut summary = RefileSummary::default();
    let mut push = |scratch: &mut Story, edit: Edit| {
        if !edit.is_noop_on(scratch) && edit.clone().apply(scratch).is_ok() {
            edits.push(edit);
        }
    };
    for op in ops {
        let (old_range, new_range) = match op {
            DiffOp::Equal { .. } => continue,
            DiffOp::Delete {
                old_index, old_len, ..
            } => (old_index..old_index + old_len, 0..0),
            DiffOp::Insert {
                old_index,
                new_index,
                new_len,
            } => (old_index..old_index, new_index..new_index + new_len),
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => (
                old_index..old_index + old_len,
                new_index..new_index + new_len,
            ),
        };
        // Within a changed stretch, pair each old paragraph with the new one that resembles
        // it, so a deleted paragraph next to an edited one does not hand its English to the
        // wrong text.
        let steps = align(&old_texts[old_range.clone()], &new_texts[new_range.clone()]);
        let mut after = old_range.start.checked_sub(1).map(|i| old[i].0);
        for step in steps {
            match step {
                Step::Pair(i, k) => {
                    let (id, old_text) = &old[old_range.start + i];
                    let new_text = &new[new_range.start + k];
                    change_source(&mut scratch, &mut push, *id, old_text, new_text, flag);
                    summary.changed += 1;
                    after = Some(*id);
                }
                Step::Delete(i) => {
                    let (id, old_text) = &old[old_range.start + i];
                    change_source(&mut scratch, &mut push, *id, old_text, "", flag);
                    summary.removed += 1;
                    after = Some(*id);
                }
                Step::Insert(k) => {
                    let index = after
                        .and_then(|id| scratch.block_index(id))
                        .map_or_else(|| first_source_index(&scratch), |i| i + 1);
                    let id = scratch.next_free_block_id();
                    let block = Block {
                        id,
                        kind: BlockKind::Paragraph,
                        row: TextRow {
                            source: new[new_range.start + k].clone(),
                            ..TextRow::default()
                        },
                        omitted: false,
                        previous_source: flag.then(String::new),
                    };
                    push(&mut scratch, Edit::InsertBlock { index, block });
                    after = Some(id);
                    summary.added += 1;
                }
            }
        }
    }
    (Edit::Batch(edits), summary)
}

/// One step of aligning a changed stretch: old paragraph `i` became new paragraph `k`, was
/// deleted, or new paragraph `k` was inserted.
#[derive(Debug, PartialEq, Eq)]
enum Step {
    Pair(usize, usize),
    Delete(usize),
    Insert(usize),
}

/// How alike two paragraphs must be (0 to 1, by characters) to count as one edited paragraph.
const SAME_PARAGRAPH: f32 = 0.4;

/// Aligns a changed stretch in order: each old paragraph pairs with the first remaining new
/// one that resembles it; the new ones it skips were inserted, an old one with no match was
/// deleted. When nothing resembles anything and the counts agree, the paragraphs were
/// rewritten in place and pair by position.
fn align(old: &[&str], new: &[&str]) -> Vec<Step> {
    let alike = |a: &str, b: &str| similar::TextDiff::from_chars(a, b).ratio() >= SAME_PARAGRAPH;
    let mut steps = Vec::new();
    let mut next = 0;
    for (i, old_text) in old.iter().enumerate() {
        match (next..new.len()).find(|&k| alike(old_text, new[k])) {
            Some(k) => {
                steps.extend((next..k).map(Step::Insert));
                steps.push(Step::Pair(i, k));
                next = k + 1;
            }
            None => steps.push(Step::Delete(i)),
        }
    }
    steps.extend((next..new.len()).map(Step::Insert));
    let paired = steps.iter().any(|s| matches!(s, Step::Pair(..)));
    if !paired && old.len() == new.len() {
        return (0..old.len()).map(|i| Step::Pair(i, i)).collect();
    }
    steps
}

fn change_source(
    scratch: &mut Story,
    push: &mut impl FnMut(&mut Story, Edit),
    id: BlockId,
    old_text: &str,
    new_text: &str,
    flag: bool,
) {
    let row = RowRef::Block(id);
    let Some(block) = scratch.block(id) else {
        return;
    };
    let status = block
        .row
        .status
        .after_change(Side::Source, block.row.english.trim().is_empty());
    // A row already flagged keeps the source the translator last saw.
    let unflagged = block.previous_source.is_none();
    push(
        scratch,
        Edit::SetText {
            row,
            side: Side::Source,
            text: new_text.to_owned(),
        },
    );
    push(scratch, Edit::SetStatus { row, status });
    if flag && unflagged {
        push(
            scratch,
            Edit::SetPreviousSource {
                id,
                previous: Some(old_text.to_owned()),
            },
        );
    }
}

/// Where a new first source paragraph goes: before the first row with source, or at the end.
fn first_source_index(story: &Story) -> usize {
    story
        .blocks
        .iter()
        .position(|b| !b.row.source.trim().is_empty())
        .unwrap_or(story.blocks.len())
}

#[cfg(test)]
mod tests {
    use chrono::DateTime;

    use super::*;
    use crate::model::RowStatus;

    fn translated() -> Story {
        let mut story = Story::new("s", DateTime::from_timestamp(0, 0).unwrap());
        story.stage = Stage::Translating;
        story.append_source_paragraphs("က။\n\nခ။\n\nဂ။\n\nဃ။");
        for (block, english) in story.blocks.iter_mut().zip(["A.", "B.", "C.", "D."]) {
            block.row.english = english.into();
            block.row.status = RowStatus::Translated;
        }
        story
    }

    fn refiled(story: &Story, text: &str) -> (Story, RefileSummary) {
        let (edit, summary) = refile_source(story, text);
        let mut after = story.clone();
        edit.apply(&mut after).unwrap();
        (after, summary)
    }

    #[test]
    fn exactly_the_changed_rows_are_flagged() {
        let story = translated();
        let (after, summary) = refiled(&story, "က။\n\nခ ပြင်ဆင်။\n\nဂ။\n\nဃ။");
        assert_eq!(
            summary,
            RefileSummary {
                changed: 1,
                added: 0,
                removed: 0
            }
        );
        let flagged: Vec<Option<&str>> = after
            .blocks
            .iter()
            .map(|b| b.previous_source.as_deref())
            .collect();
        assert_eq!(flagged, [None, Some("ခ။"), None, None]);
        assert_eq!(after.blocks[1].row.source, "ခ ပြင်ဆင်။");
        assert_eq!(after.blocks[1].row.english, "B.", "the English is kept");
        assert_eq!(
            after.blocks[1].row.status,
            RowStatus::Draft,
            "to be checked again"
        );
        assert_eq!(after.blocks[0].row.status, RowStatus::Translated);
    }

    #[test]
    fn an_inserted_paragraph_does_not_shift_the_rest() {
        let story = translated();
        let (after, summary) = refiled(&story, "က။\n\nခ။\n\nအသစ်။\n\nဂ။\n\nဃ။");
        assert_eq!(
            summary,
            RefileSummary {
                changed: 0,
                added: 1,
                removed: 0
            }
        );
        let sources: Vec<&str> = after.blocks.iter().map(|b| b.row.source.as_str()).collect();
        assert_eq!(sources, ["က။", "ခ။", "အသစ်။", "ဂ။", "ဃ။"]);
        let english: Vec<&str> = after
            .blocks
            .iter()
            .map(|b| b.row.english.as_str())
            .collect();
        assert_eq!(english, ["A.", "B.", "", "C.", "D."]);
        assert_eq!(
            after.blocks[2].previous_source.as_deref(),
            Some(""),
            "new row flagged"
        );
        assert!(
            after
                .blocks
                .iter()
                .enumerate()
                .all(|(i, b)| i == 2 || b.previous_source.is_none())
        );
    }

    #[test]
    fn a_removed_paragraph_keeps_its_english_and_is_flagged() {
        let story = translated();
        let (after, summary) = refiled(&story, "က။\n\nဂ။\n\nဃ။");
        assert_eq!(
            summary,
            RefileSummary {
                changed: 0,
                added: 0,
                removed: 1
            }
        );
        assert_eq!(after.blocks.len(), 4);
        assert_eq!(after.blocks[1].row.source, "");
        assert_eq!(after.blocks[1].row.english, "B.");
        assert_eq!(after.blocks[1].previous_source.as_deref(), Some("ခ။"));
    }

    #[test]
    fn refiling_the_same_text_changes_nothing_and_undo_restores() {
        let story = translated();
        let (edit, summary) = refile_source(&story, "က။\n\nခ။\n\nဂ။\n\nဃ။");
        assert_eq!(summary, RefileSummary::default());
        assert!(edit.is_noop_on(&story));
        let (edit, _) = refile_source(&story, "ကက။\n\nခ။");
        let mut after = story.clone();
        let inverse = edit.apply(&mut after).unwrap();
        inverse.apply(&mut after).unwrap();
        after.next_block_id = story.next_block_id;
        assert_eq!(after, story);
    }

    #[test]
    fn a_deleted_paragraph_beside_an_edited_one_keeps_each_translation_with_its_text() {
        let mut story = translated();
        story.blocks[2].row.source = "ဂ ရေကြီးမှုကြောင့် လူထောင်ချီ ထွက်ပြေးရသည်။".into();
        // B is withdrawn and C is corrected.
        let (after, summary) = refiled(
            &story,
            "က။\n\nဂ ရေကြီးမှုကြောင့် လူထောင်ပေါင်းများစွာ ထွက်ပြေးရသည်။\n\nဃ။",
        );
        assert_eq!(
            summary,
            RefileSummary {
                changed: 1,
                added: 0,
                removed: 1
            }
        );
        assert_eq!(after.blocks[1].row.source, "", "B's row is emptied");
        assert_eq!(after.blocks[1].row.english, "B.");
        assert!(
            after.blocks[2].row.source.contains("ပေါင်းများစွာ"),
            "C's row has the corrected C"
        );
        assert_eq!(after.blocks[2].row.english, "C.", "and keeps C's English");
    }

    #[test]
    fn a_filed_story_is_simply_replaced() {
        let mut story = translated();
        story.stage = Stage::Filed;
        let (after, _) = refiled(&story, "က။\n\nခ ပြင်ဆင်။\n\nဂ။\n\nဃ။");
        assert!(after.blocks.iter().all(|b| b.previous_source.is_none()));
    }
}
