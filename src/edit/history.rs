//! Undo and redo: a stack of inverses on each side of the present.

use super::{ChangeKind, Edit, EditError};
use crate::model::{RowRef, Story};

/// One undoable step: the edit that reverses it, and where it happened.
#[derive(Clone, Debug)]
pub struct HistoryEntry {
    /// What the step was, for the Edit menu ("Undo split row").
    pub label: String,
    /// The edit that takes the story to the other side of this step.
    pub edit: Edit,
    /// The row the step touched, so undo can bring it into view.
    pub row: Option<RowRef>,
    /// Where that row was, for when undo or redo removes it: its neighbour is shown instead.
    pub index: usize,
    /// The kind of change the step was allowed as, when that is not what the edit alone
    /// says (a recorded source fix); undo and redo are checked as the same kind.
    pub allowed_as: Option<ChangeKind>,
}

/// The undo and redo stacks of one open story.
#[derive(Debug, Default)]
pub struct History {
    undo: Vec<HistoryEntry>,
    redo: Vec<HistoryEntry>,
}

impl History {
    /// Steps kept for undo; the oldest are dropped past this.
    pub const LIMIT: usize = 1000;

    /// Applies an edit as a new step. Clears the redo stack.
    /// An edit that would change nothing is not recorded; returns whether a step was recorded.
    pub fn apply(
        &mut self,
        story: &mut Story,
        edit: Edit,
        label: &str,
        row: Option<RowRef>,
    ) -> Result<bool, EditError> {
        self.apply_as(story, edit, label, row, None)
    }

    /// [`Self::apply`], remembering the kind of change the step was allowed as.
    pub fn apply_as(
        &mut self,
        story: &mut Story,
        edit: Edit,
        label: &str,
        row: Option<RowRef>,
        allowed_as: Option<ChangeKind>,
    ) -> Result<bool, EditError> {
        if edit.is_noop_on(story) {
            return Ok(false);
        }
        let before = row.and_then(|r| story.row_index(r));
        let inverse = edit.apply(story)?;
        // A row the step created has its place only afterwards.
        let index = before
            .or_else(|| row.and_then(|r| story.row_index(r)))
            .unwrap_or(0);
        self.undo.push(HistoryEntry {
            label: label.to_owned(),
            edit: inverse,
            row,
            index,
            allowed_as,
        });
        if self.undo.len() > Self::LIMIT {
            self.undo.remove(0);
        }
        self.redo.clear();
        Ok(true)
    }

    /// Undoes the last step; returns the row it touched, or `None` when there was nothing to undo.
    pub fn undo(&mut self, story: &mut Story) -> Result<Option<RowRef>, EditError> {
        Self::step(&mut self.undo, &mut self.redo, story)
    }

    /// Redoes the last undone step; returns the row it touched.
    pub fn redo(&mut self, story: &mut Story) -> Result<Option<RowRef>, EditError> {
        Self::step(&mut self.redo, &mut self.undo, story)
    }

    fn step(
        from: &mut Vec<HistoryEntry>,
        to: &mut Vec<HistoryEntry>,
        story: &mut Story,
    ) -> Result<Option<RowRef>, EditError> {
        let Some(entry) = from.pop() else {
            return Ok(None);
        };
        match entry.edit.clone().apply(story) {
            Ok(inverse) => {
                // The row itself if it still exists, else whatever now stands where it was.
                let row = entry
                    .row
                    .filter(|r| story.row_index(*r).is_some())
                    .or_else(|| story.row_at(entry.index.min(story.row_count() - 1)));
                to.push(HistoryEntry {
                    edit: inverse,
                    ..entry
                });
                Ok(row.or(Some(RowRef::Headline)))
            }
            Err(err) => {
                // Keep the entry so nothing is lost; the caller reports the error.
                from.push(entry);
                Err(err)
            }
        }
    }

    /// The step undo would take, to check before taking it.
    #[must_use]
    pub fn next_undo(&self) -> Option<&HistoryEntry> {
        self.undo.last()
    }

    /// The step redo would take.
    #[must_use]
    pub fn next_redo(&self) -> Option<&HistoryEntry> {
        self.redo.last()
    }

    /// Forgets every step (after the story was replaced by a colleague's version).
    pub fn clear(&mut self) {
        self.undo.clear();
        self.redo.clear();
    }

    /// The label of the step undo would reverse.
    #[must_use]
    pub fn undo_label(&self) -> Option<&str> {
        self.undo.last().map(|e| e.label.as_str())
    }

    /// The label of the step redo would repeat.
    #[must_use]
    pub fn redo_label(&self) -> Option<&str> {
        self.redo.last().map(|e| e.label.as_str())
    }
}

#[cfg(test)]
mod tests {
    use chrono::DateTime;

    use super::*;
    use crate::model::Side;

    #[test]
    fn undo_and_redo_walk_the_steps() {
        let mut story = Story::new("s", DateTime::from_timestamp(0, 0).unwrap_or_default());
        let mut history = History::default();
        let set = |text: &str| Edit::SetText {
            row: RowRef::Headline,
            side: Side::English,
            text: text.into(),
        };
        history
            .apply(&mut story, set("one"), "type", Some(RowRef::Headline))
            .unwrap();
        history
            .apply(&mut story, set("two"), "type", Some(RowRef::Headline))
            .unwrap();
        // A change to the same text is not a step.
        history
            .apply(&mut story, set("two"), "type", Some(RowRef::Headline))
            .unwrap();
        assert_eq!(history.undo(&mut story).unwrap(), Some(RowRef::Headline));
        assert_eq!(story.headline.english, "one");
        history.undo(&mut story).unwrap();
        assert_eq!(story.headline.english, "");
        assert_eq!(history.undo(&mut story).unwrap(), None);
        history.redo(&mut story).unwrap();
        assert_eq!(story.headline.english, "one");
        // A new step drops what could have been redone.
        history
            .apply(&mut story, set("three"), "type", None)
            .unwrap();
        assert_eq!(history.redo_label(), None);
        assert_eq!(history.undo_label(), Some("type"));
    }

    #[test]
    fn undoing_an_insert_shows_the_row_now_in_its_place() {
        let mut story = Story::new("s", DateTime::from_timestamp(0, 0).unwrap_or_default());
        story.append_source_paragraphs("a\n\nb");
        let mut history = History::default();
        let (insert, id) = crate::edit::ops::insert_after(
            &story,
            Some(RowRef::Block(story.blocks[0].id)),
            crate::model::BlockKind::Paragraph,
        );
        history
            .apply(&mut story, insert, "insert", Some(RowRef::Block(id)))
            .unwrap();
        let b = RowRef::Block(story.blocks[2].id);
        assert_eq!(
            history.undo(&mut story).unwrap(),
            Some(b),
            "row b moved into its place"
        );
        assert_eq!(history.redo(&mut story).unwrap(), Some(RowRef::Block(id)));
    }
}
