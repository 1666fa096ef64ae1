//! What this session changed on a desk and has not yet handed over to be committed, so a
//! team desk (a git clone) records each stage change, sign-off and settings change as a
//! commit by the person who made it, and an editing session's saves as one commit when the
//! story is closed or the desk synced — never one commit a keystroke. The session only
//! keeps the notes; the window's git worker (or `copydesk`'s command line) commits.

use std::collections::BTreeSet;

use super::Session;

/// Notes not yet taken for a commit.
#[derive(Debug, Default)]
pub(super) struct Pending {
    /// Recorded actions, in words ("kani-flood: moved to Editing").
    notes: Vec<String>,
    /// Stories edited since the last commit.
    edited: BTreeSet<String>,
    /// Whether an editing session ended (a story closed), so its saves make a commit.
    ended: bool,
    /// Who made the first change not yet committed.
    author: Option<String>,
}

impl Pending {
    /// An action worth a commit of its own.
    pub(super) fn note(&mut self, author: &str, text: String) {
        self.author.get_or_insert_with(|| author.to_owned());
        self.notes.push(text);
    }

    /// A story edited (typing, undo, comments): committed with the next commit.
    pub(super) fn edited(&mut self, author: &str, slug: &str) {
        self.author.get_or_insert_with(|| author.to_owned());
        if !self.edited.contains(slug) {
            self.edited.insert(slug.to_owned());
        }
    }

    /// The editing session of `slug` ended: its saves can be committed.
    pub(super) fn ended(&mut self, slug: &str) {
        if self.edited.contains(slug) {
            self.ended = true;
        }
    }
}

/// One commit's worth of work: who, and what in words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CommitNote {
    /// The person, as named on the desk's roster.
    pub author: String,
    /// The commit message: the actions, then the stories edited.
    pub message: String,
}

impl Session {
    /// Takes in the desk index brought up to date off the window's thread (by the window's
    /// git worker after a sync changed story files), as [`Self::refresh_index`] would have
    /// read it here: on a 5,000-story desk, reading and writing the index costs the window
    /// a frame of a second.
    pub fn adopt_index(&mut self, index: crate::store::DeskIndex) {
        self.index = Some(index);
        self.index_generation += 1;
        for i in 0..self.docs.len() {
            self.update_summary(i);
        }
    }

    /// The commit due now, if any: after a stage change, sign-off or settings change, after
    /// an edited story was closed, or (with `with_edits`, before a sync) whenever anything
    /// was edited. `None` while any story has work not yet on disk, so a commit always holds
    /// what was saved.
    pub fn take_commit(&mut self, with_edits: bool) -> Option<CommitNote> {
        let pending = &self.commits;
        let due = !pending.notes.is_empty()
            || ((pending.ended || with_edits) && !pending.edited.is_empty());
        if !due || self.has_unsaved() {
            return None;
        }
        let pending = std::mem::take(&mut self.commits);
        let mut message = pending.notes.join("; ");
        if !pending.edited.is_empty() {
            let edited: Vec<&str> = pending.edited.iter().map(String::as_str).collect();
            let line = format!("edited {}", edited.join(", "));
            if message.is_empty() {
                message = line;
            } else {
                message.push_str("\n\n");
                message.push_str(&line);
            }
        }
        Some(CommitNote {
            author: pending.author.unwrap_or_default(),
            message,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edits_wait_for_the_editing_session_to_end_and_actions_do_not() {
        let mut pending = Pending::default();
        pending.edited("Aye Aye Mon", "kani");
        pending.edited("Aye Aye Mon", "kani");
        assert!(pending.notes.is_empty() && !pending.ended);
        pending.ended("other");
        assert!(!pending.ended, "closing a story not edited ends nothing");
        pending.ended("kani");
        assert!(pending.ended);
        pending.note("Daniel Ross", "kani: signed off".to_owned());
        assert_eq!(pending.author.as_deref(), Some("Aye Aye Mon"));
        assert_eq!(pending.edited.len(), 1);
    }
}
