//! The three-way merge of a story, pure: the version two machines started from (base), ours
//! and theirs in; one story out, with what it could not settle recorded in it
//! ([`Story::merge_conflicts`]) for a person to choose in the window.
//!
//! Rows are matched by their stable block ids, never by position, so a row moved on one
//! machine and edited on the other is one row. Each field of each row merges on its own:
//! a change on one side is taken; the same change on both is taken once; two different
//! changes to a text keep ours in the story and theirs in a conflict entry, so nothing typed
//! on either side is lost. Rows both machines added with the same new id are both kept (the
//! other machine's gets a fresh id, its comments following it). Workflow follows the rule in
//! the README: when both machines moved the story to different stages, the stage that asks
//! for more work wins (see [`stage_rank`]), and a sign-off made on one machine while the
//! public text changed on the other comes out stale, the story back in Editing.

use std::collections::{HashMap, HashSet};
use std::hash::Hash;

use crate::edit::Edit;
use crate::model::{
    Block, BlockId, BlockKind, Comment, ConflictKind, MergeConflict, RowRef, RowStatus, SentBackTo,
    Side, Stage, Story, TextRow,
};

/// A merged story and the conflicts this merge added to it.
#[derive(Clone, Debug, PartialEq)]
pub struct Merged {
    /// The merged story; its `merge_conflicts` hold the new conflicts and any left from
    /// earlier merges.
    pub story: Story,
    /// The conflicts this merge found (also in the story).
    pub new_conflicts: Vec<MergeConflict>,
}

/// Merges two versions of one story that started from `base`. `ours` is the version on this
/// machine; where both changed a text differently the story keeps ours and records theirs.
#[must_use]
pub fn merge_stories(base: &Story, ours: &Story, theirs: &Story) -> Merged {
    let mut m = Merger {
        conflicts: Vec::new(),
        theirs_by: theirs.modified_by.clone(),
    };
    let mut story = ours.clone();

    // Ids both machines handed out to different new rows: theirs get fresh ones.
    let mut next_block = ours.next_block_id.max(theirs.next_block_id);
    let mut renamed: HashMap<BlockId, BlockId> = HashMap::new();
    let base_ids: HashSet<BlockId> = base.blocks.iter().map(|b| b.id).collect();
    let theirs_blocks: Vec<Block> = theirs
        .blocks
        .iter()
        .map(|block| {
            let mut block = block.clone();
            if !base_ids.contains(&block.id)
                && ours.block(block.id).is_some_and(|o| !same_block(o, &block))
            {
                let fresh = BlockId(next_block);
                next_block = next_block.saturating_add(1);
                renamed.insert(block.id, fresh);
                block.id = fresh;
            }
            block
        })
        .collect();
    let rename_row = |row: RowRef| match row {
        RowRef::Block(id) => RowRef::Block(renamed.get(&id).copied().unwrap_or(id)),
        other => other,
    };

    story.headline = m.row(
        RowRef::Headline,
        &base.headline,
        &ours.headline,
        &theirs.headline,
    );
    story.deck = m.row(RowRef::Deck, &base.deck, &ours.deck, &theirs.deck);
    story.blocks = m.blocks(&base.blocks, &ours.blocks, &theirs_blocks);
    let highest = story.blocks.iter().map(|b| b.id.0).max().unwrap_or(0);
    story.next_block_id = match three(
        &base.next_block_id,
        &ours.next_block_id,
        &theirs.next_block_id,
    ) {
        Some(counter) if renamed.is_empty() => (*counter).max(highest.saturating_add(1)),
        _ => next_block.max(highest.saturating_add(1)),
    };

    // Metadata.
    story.dateline = if let Some(d) = three(&base.dateline, &ours.dateline, &theirs.dateline) {
        d.clone()
    } else {
        let show = |d: &crate::model::Dateline| {
            let date = d.date.map(|d| d.to_string()).unwrap_or_default();
            format!("{} {date}", d.place).trim().to_owned()
        };
        m.conflict(
            ConflictKind::Dateline,
            show(&base.dateline),
            show(&theirs.dateline),
        );
        ours.dateline.clone()
    };
    story.credit_line_override = if let Some(line) = three(
        &base.credit_line_override,
        &ours.credit_line_override,
        &theirs.credit_line_override,
    ) {
        line.clone()
    } else {
        m.conflict(
            ConflictKind::CreditLine,
            base.credit_line_override.clone().unwrap_or_default(),
            theirs.credit_line_override.clone().unwrap_or_default(),
        );
        ours.credit_line_override.clone()
    };
    story.contributors = merge_keyed(
        &base.contributors,
        &ours.contributors,
        &theirs.contributors,
        |c| (c.role, c.name.clone()),
    );
    story.corrections = merge_keyed(
        &base.corrections,
        &ours.corrections,
        &theirs.corrections,
        |c| (c.at, c.by.clone()),
    );
    let theirs_accepted: Vec<_> = theirs
        .qa_accepted
        .iter()
        .cloned()
        .map(|mut a| {
            a.row = rename_row(a.row);
            a
        })
        .collect();
    story.qa_accepted = merge_keyed(
        &base.qa_accepted,
        &ours.qa_accepted,
        &theirs_accepted,
        |a| (a.row, a.check.clone()),
    );
    let (comments, next_comment) = m.comments(base, ours, theirs, &rename_row);
    story.comments = comments;
    story.next_comment_id = next_comment;

    // Who and when, for the story's own fields (rows carry their own stamps).
    let when = |s: &Story| (s.modified, s.modified_by.clone());
    (story.modified, story.modified_by) = match three(&when(base), &when(ours), &when(theirs)) {
        Some(last) => last.clone(),
        None if theirs.modified > ours.modified => when(theirs),
        None => when(ours),
    };

    m.workflow(base, ours, theirs, &mut story);

    // Conflicts left by earlier merges: one resolved on either machine stays resolved.
    let mut conflicts = merge_keyed(
        &base.merge_conflicts,
        &ours.merge_conflicts,
        &theirs.merge_conflicts,
        Clone::clone,
    );
    for conflict in &m.conflicts {
        if !conflicts.contains(conflict) {
            conflicts.push(conflict.clone());
        }
    }
    story.merge_conflicts = conflicts;
    Merged {
        story,
        new_conflicts: m.conflicts,
    }
}

/// Whether two blocks hold the same thing, whoever stamped them and when: the same new row
/// added on both machines is one row.
fn same_block(a: &Block, b: &Block) -> bool {
    let unstamped = |block: &Block| Block {
        row: TextRow {
            changed: None,
            ..block.row.clone()
        },
        ..block.clone()
    };
    unstamped(a) == unstamped(b)
}

/// How a person settles one conflict a merge left.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Choice {
    /// Keep the version in the story (this machine's).
    Mine,
    /// Take the other machine's version.
    Theirs,
    /// Keep both, ours then theirs, to edit down to one.
    Both,
}

/// The one undoable edit that settles `story.merge_conflicts[index]` as the person chose:
/// the chosen text put in place (checked like typing) and the entry removed. A conflict
/// with no text to choose (a stage, a stale sign-off, a kept row) is dismissed whatever the
/// choice. `None` when there is no such entry or its row has gone.
#[must_use]
pub fn resolve(story: &Story, index: usize, choice: Choice) -> Option<Edit> {
    let conflict = story.merge_conflicts.get(index)?;
    let mut remaining = story.merge_conflicts.clone();
    remaining.remove(index);
    let pick = |ours: &str| match choice {
        Choice::Mine => ours.to_owned(),
        Choice::Theirs => conflict.theirs.clone(),
        Choice::Both if ours.is_empty() => conflict.theirs.clone(),
        Choice::Both => format!("{ours} {}", conflict.theirs),
    };
    let mut edits = Vec::new();
    match &conflict.what {
        ConflictKind::Text { row, side } => {
            let ours = story.row(*row)?.text(*side);
            let text = pick(ours);
            if text != ours {
                edits.push(Edit::SetText {
                    row: *row,
                    side: *side,
                    text,
                });
            }
        }
        ConflictKind::Photo {
            row: RowRef::Block(id),
            field,
        } => {
            let block = story.block(*id)?;
            if let BlockKind::Photo(photo) = &block.kind {
                let mut photo = photo.clone();
                let slot = match field.as_str() {
                    "credit" => &mut photo.credit,
                    "alt" => &mut photo.alt,
                    _ => &mut photo.file,
                };
                // A file is one name: "both" keeps ours.
                *slot = if field == "file" && choice == Choice::Both {
                    slot.clone()
                } else {
                    pick(slot)
                };
                if BlockKind::Photo(photo.clone()) != block.kind {
                    edits.push(Edit::SetKind {
                        id: *id,
                        kind: BlockKind::Photo(photo),
                    });
                }
            }
        }
        ConflictKind::Comment { id } => {
            let thread = story.comments.iter().find(|c| c.id == *id)?;
            let text = pick(&thread.text);
            if text != thread.text {
                edits.push(Edit::SetComment {
                    id: *id,
                    comment: Some(Comment {
                        text,
                        ..thread.clone()
                    }),
                });
            }
        }
        ConflictKind::CreditLine => {
            let ours = story.credit_line_override.clone().unwrap_or_default();
            let line = pick(&ours);
            if line != ours {
                edits.push(Edit::SetCreditLine(
                    Some(line).filter(|l| !l.trim().is_empty()),
                ));
            }
        }
        _ => {}
    }
    edits.push(Edit::SetMergeConflicts(remaining));
    Some(Edit::Batch(edits))
}

/// How strongly a stage holds when both machines moved a story to different stages: the
/// higher wins. Published stands (the story has left the desk); Killed is a deliberate
/// editorial decision; otherwise the stage that asks for more work wins, so a story is never
/// carried forward past a person who sent it back.
#[must_use]
pub fn stage_rank(stage: Stage) -> u8 {
    match stage {
        Stage::Published => 9,
        Stage::Killed => 8,
        Stage::SentBack {
            to: SentBackTo::Translating,
        } => 7,
        Stage::SentBack {
            to: SentBackTo::Writing,
        } => 6,
        Stage::Filed => 5,
        Stage::Translating => 4,
        Stage::Writing => 3,
        Stage::Editing => 2,
        Stage::Approved => 1,
    }
}

/// The value after a three-way merge of one field, or `None` when both sides changed it
/// differently.
fn three<'a, T: PartialEq>(base: &'a T, ours: &'a T, theirs: &'a T) -> Option<&'a T> {
    if ours == theirs || theirs == base {
        Some(ours)
    } else if ours == base {
        Some(theirs)
    } else {
        None
    }
}

/// A three-way merge of a list whose items have a key: an item removed on one side goes
/// unless the other side changed it; an item changed on both keeps ours; items only one
/// side added are kept, ours first in their order, then theirs.
fn merge_keyed<T: Clone + PartialEq, K: Eq + Hash>(
    base: &[T],
    ours: &[T],
    theirs: &[T],
    key: impl Fn(&T) -> K,
) -> Vec<T> {
    let base_map: HashMap<K, &T> = base.iter().map(|t| (key(t), t)).collect();
    let ours_map: HashMap<K, &T> = ours.iter().map(|t| (key(t), t)).collect();
    let theirs_map: HashMap<K, &T> = theirs.iter().map(|t| (key(t), t)).collect();
    let mut out = Vec::with_capacity(ours.len().max(theirs.len()));
    for item in ours {
        let k = key(item);
        match (base_map.get(&k), theirs_map.get(&k)) {
            (Some(b), Some(t)) => out.push(three(*b, item, *t).unwrap_or(item).clone()),
            // Removed there: kept only when changed here.
            (Some(b), None) => {
                if *b != item {
                    out.push(item.clone());
                }
            }
            (None, _) => out.push(item.clone()),
        }
    }
    for item in theirs {
        let k = key(item);
        if ours_map.contains_key(&k) {
            continue;
        }
        match base_map.get(&k) {
            // Removed here: kept only when changed there.
            Some(b) if *b == item => {}
            _ => out.push(item.clone()),
        }
    }
    out
}

struct Merger {
    conflicts: Vec<MergeConflict>,
    theirs_by: String,
}

impl Merger {
    fn conflict(&mut self, what: ConflictKind, base: String, theirs: String) {
        self.conflicts.push(MergeConflict {
            what,
            base,
            theirs,
            theirs_by: self.theirs_by.clone(),
        });
    }

    /// One text of a row: ours kept and theirs recorded when both changed it differently.
    fn text(
        &mut self,
        row: RowRef,
        side: Side,
        base: &str,
        ours: &str,
        theirs: &str,
    ) -> (String, bool) {
        if let Some(text) = three(&base, &ours, &theirs) {
            ((*text).to_owned(), false)
        } else {
            self.conflict(
                ConflictKind::Text { row, side },
                base.to_owned(),
                theirs.to_owned(),
            );
            (ours.to_owned(), true)
        }
    }

    fn row(&mut self, row: RowRef, base: &TextRow, ours: &TextRow, theirs: &TextRow) -> TextRow {
        // A conflict in this row names who last changed the row on the other machine.
        let story_by = theirs
            .changed
            .as_ref()
            .map(|c| std::mem::replace(&mut self.theirs_by, c.by.clone()));
        let (source, source_conflict) = self.text(
            row,
            Side::Source,
            &base.source,
            &ours.source,
            &theirs.source,
        );
        let (english, english_conflict) = self.text(
            row,
            Side::English,
            &base.english,
            &ours.english,
            &theirs.english,
        );
        let status = if source_conflict || english_conflict {
            // Two versions of the text: nobody has confirmed the one that will stand.
            if english.trim().is_empty() {
                RowStatus::Untranslated
            } else {
                RowStatus::Draft
            }
        } else {
            match three(&base.status, &ours.status, &theirs.status) {
                Some(status) => *status,
                None => crate::edit::ops::lower_status(ours.status, theirs.status),
            }
        };
        let pretranslated = if english_conflict {
            None
        } else {
            three(
                &base.pretranslated,
                &ours.pretranslated,
                &theirs.pretranslated,
            )
            .copied()
            .unwrap_or(None)
        };
        if let Some(by) = story_by {
            self.theirs_by = by;
        }
        TextRow {
            source,
            english,
            status,
            pretranslated,
            // The later of the two machines' stamps: the row's last change of either.
            changed: ours.changed.clone().max(theirs.changed.clone()),
        }
    }

    fn block(&mut self, base: &Block, ours: &Block, theirs: &Block) -> Block {
        let row = RowRef::Block(ours.id);
        let kind = match (&base.kind, &ours.kind, &theirs.kind) {
            (BlockKind::Photo(b), BlockKind::Photo(o), BlockKind::Photo(t)) => {
                let mut photo = o.clone();
                for (field, b, o, t, slot) in [
                    ("file", &b.file, &o.file, &t.file, &mut photo.file),
                    ("credit", &b.credit, &o.credit, &t.credit, &mut photo.credit),
                    ("alt", &b.alt, &o.alt, &t.alt, &mut photo.alt),
                ] {
                    if let Some(value) = three(b, o, t) {
                        value.clone_into(slot);
                    } else {
                        self.conflict(
                            ConflictKind::Photo {
                                row,
                                field: field.to_owned(),
                            },
                            b.clone(),
                            t.clone(),
                        );
                    }
                }
                BlockKind::Photo(photo)
            }
            (b, o, t) => three(b, o, t).unwrap_or(o).clone(),
        };
        Block {
            id: ours.id,
            kind,
            row: self.row(row, &base.row, &ours.row, &theirs.row),
            omitted: *three(&base.omitted, &ours.omitted, &theirs.omitted).unwrap_or(&ours.omitted),
            previous_source: three(
                &base.previous_source,
                &ours.previous_source,
                &theirs.previous_source,
            )
            .unwrap_or(&ours.previous_source)
            .clone(),
        }
    }

    /// The body rows: which survive, each merged field by field, in an order that keeps
    /// both machines' insertions and the one reordering there was.
    fn blocks(&mut self, base: &[Block], ours: &[Block], theirs: &[Block]) -> Vec<Block> {
        let by_id = |list: &[Block]| -> HashMap<BlockId, Block> {
            list.iter().map(|b| (b.id, b.clone())).collect()
        };
        let (base_map, ours_map, theirs_map) = (by_id(base), by_id(ours), by_id(theirs));
        let find = |map: &HashMap<BlockId, Block>, id: BlockId| map.get(&id).cloned();
        let mut merged: HashMap<BlockId, Block> = HashMap::new();
        let ids = ours
            .iter()
            .chain(theirs)
            .chain(base)
            .map(|b| b.id)
            .collect::<Vec<_>>();
        let mut seen = HashSet::new();
        for id in ids {
            if !seen.insert(id) {
                continue;
            }
            let (b, o, t) = (
                find(&base_map, id),
                find(&ours_map, id),
                find(&theirs_map, id),
            );
            let text_of = |block: &Block| block.row.english.clone();
            let kept = match (b, o, t) {
                (Some(b), Some(o), Some(t)) => Some(self.block(&b, &o, &t)),
                (Some(b), Some(o), None) if o != b => {
                    self.conflict(
                        ConflictKind::Removed {
                            row: RowRef::Block(id),
                            here: false,
                        },
                        text_of(&b),
                        String::new(),
                    );
                    Some(o)
                }
                (Some(b), None, Some(t)) if t != b => {
                    self.conflict(
                        ConflictKind::Removed {
                            row: RowRef::Block(id),
                            here: true,
                        },
                        text_of(&b),
                        text_of(&t),
                    );
                    Some(t)
                }
                (None, Some(o), _) => Some(o),
                (None, None, Some(t)) => Some(t),
                _ => None,
            };
            if let Some(block) = kept {
                merged.insert(id, block);
            }
        }
        let order = merge_order(base, ours, theirs, &merged);
        order
            .into_iter()
            .filter_map(|id| merged.remove(&id))
            .collect()
    }

    /// Comment threads by id: theirs new threads renumbered when ours took the same id;
    /// replies from both sides kept.
    fn comments(
        &mut self,
        base: &Story,
        ours: &Story,
        theirs: &Story,
        rename_row: &impl Fn(RowRef) -> RowRef,
    ) -> (Vec<Comment>, u32) {
        fn find(list: &[Comment], id: u32) -> Option<&Comment> {
            list.iter().find(|c| c.id == id)
        }
        let mut next = ours
            .next_free_comment_id()
            .max(theirs.next_free_comment_id());
        let mut renumbered = false;
        let mut theirs_comments: Vec<Comment> = Vec::with_capacity(theirs.comments.len());
        for comment in &theirs.comments {
            let mut comment = comment.clone();
            comment.anchor = rename_row(comment.anchor);
            if find(&base.comments, comment.id).is_none()
                && find(&ours.comments, comment.id).is_some_and(|o| *o != comment)
            {
                comment.id = next;
                next += 1;
                renumbered = true;
            }
            theirs_comments.push(comment);
        }
        let mut out: Vec<Comment> = Vec::new();
        let mut seen = HashSet::new();
        for o in &ours.comments {
            // A second thread with one id (a hand-edited file) is kept as it is.
            if !seen.insert(o.id) {
                out.push(o.clone());
                continue;
            }
            match (find(&base.comments, o.id), find(&theirs_comments, o.id)) {
                (Some(b), Some(t)) => out.push(self.comment(b, o, t)),
                // Deleted there: gone, unless it changed here.
                (Some(b), None) if o != b => out.push(o.clone()),
                (Some(_), None) => {}
                (None, _) => out.push(o.clone()),
            }
        }
        for t in &theirs_comments {
            if seen.contains(&t.id) {
                continue;
            }
            // Deleted here: gone, unless it changed there.
            if find(&base.comments, t.id) != Some(t) {
                out.push(t.clone());
            }
        }
        out.sort_by_key(|c| c.id);
        let highest = out.iter().map(|c| c.id).max().unwrap_or(0);
        let counter = match three(
            &base.next_comment_id,
            &ours.next_comment_id,
            &theirs.next_comment_id,
        ) {
            Some(counter) if !renumbered => *counter,
            _ => next.max(highest + 1),
        };
        (out, counter)
    }

    fn comment(&mut self, base: &Comment, ours: &Comment, theirs: &Comment) -> Comment {
        let mut merged = ours.clone();
        if let Some(text) = three(&base.text, &ours.text, &theirs.text) {
            merged.text.clone_from(text);
        } else {
            self.conflict(
                ConflictKind::Comment { id: ours.id },
                base.text.clone(),
                theirs.text.clone(),
            );
        }
        merged.anchor = *three(&base.anchor, &ours.anchor, &theirs.anchor).unwrap_or(&ours.anchor);
        merged.edited = *three(&base.edited, &ours.edited, &theirs.edited)
            .unwrap_or(&ours.edited.max(theirs.edited));
        merged.resolved.clone_from(
            three(&base.resolved, &ours.resolved, &theirs.resolved).unwrap_or(&ours.resolved),
        );
        merged.replies = merge_keyed(&base.replies, &ours.replies, &theirs.replies, |r| {
            (r.at, r.author.clone(), r.text.clone())
        });
        merged.replies.sort_by_key(|r| r.at);
        merged
    }

    /// Stage, sign-off, assignment and send-back note: each merged on its own unless both
    /// machines moved the stage differently, when the README's rule picks one machine's
    /// workflow whole. Then a sign-off whose public text changed on the other side is stale.
    fn workflow(&mut self, base: &Story, ours: &Story, theirs: &Story, story: &mut Story) {
        if let Some(stage) = three(&base.stage, &ours.stage, &theirs.stage) {
            story.stage = *stage;
            story.sign_off = match three(&base.sign_off, &ours.sign_off, &theirs.sign_off) {
                Some(s) => s.clone(),
                // Signed off differently on both: the later sign-off.
                None => match (&ours.sign_off, &theirs.sign_off) {
                    (Some(o), Some(t)) if t.at > o.at => Some(t.clone()),
                    (Some(o), _) => Some(o.clone()),
                    (None, t) => t.clone(),
                },
            };
            story.assignee.clone_from(
                three(&base.assignee, &ours.assignee, &theirs.assignee).unwrap_or(&ours.assignee),
            );
            story.sent_back.clone_from(
                three(&base.sent_back, &ours.sent_back, &theirs.sent_back)
                    .unwrap_or(&ours.sent_back),
            );
        } else {
            let winner = if stage_rank(theirs.stage) > stage_rank(ours.stage) {
                theirs
            } else {
                ours
            };
            story.stage = winner.stage;
            story.sign_off.clone_from(&winner.sign_off);
            story.assignee.clone_from(&winner.assignee);
            story.sent_back.clone_from(&winner.sent_back);
            self.conflict(
                ConflictKind::Stage {
                    ours: ours.stage,
                    theirs: theirs.stage,
                    kept: winner.stage,
                },
                base.stage.label().to_owned(),
                theirs.stage.label().to_owned(),
            );
        }
        // Whose text the sign-off vouched for: the side that made it. When both sides
        // hold the same sign-off, each has already settled its own changes.
        let Some(sign_off) = story.sign_off.clone() else {
            return;
        };
        if ours.sign_off == theirs.sign_off {
            return;
        }
        let signer = if ours.sign_off.as_ref() == Some(&sign_off) {
            ours
        } else {
            theirs
        };
        if public_part(story) != public_part(signer) {
            if matches!(story.stage, Stage::Approved | Stage::Published) {
                story.stage = Stage::Editing;
            }
            self.conflict(
                ConflictKind::StaleSignOff {
                    editor: sign_off.editor.clone(),
                },
                String::new(),
                String::new(),
            );
        }
    }
}

/// What a reader sees of a story apart from the desk's settings: the pieces the sign-off's
/// fingerprint covers (the settings are the same on both sides of a merge).
fn public_part(story: &Story) -> (String, Vec<crate::model::Correction>) {
    (
        crate::workflow::legacy_fingerprint(story),
        story.corrections.clone(),
    )
}

/// The reading order of the merged rows: the order of the side that reordered rows (ours
/// when both did), with the other side's new rows placed after the row they follow there.
fn merge_order(
    base: &[Block],
    ours: &[Block],
    theirs: &[Block],
    kept: &HashMap<BlockId, Block>,
) -> Vec<BlockId> {
    let reordered = |side: &[Block]| {
        let in_side: HashSet<BlockId> = side.iter().map(|b| b.id).collect();
        let in_base: HashSet<BlockId> = base.iter().map(|b| b.id).collect();
        let base_order: Vec<BlockId> = base
            .iter()
            .map(|b| b.id)
            .filter(|id| in_side.contains(id))
            .collect();
        let side_order: Vec<BlockId> = side
            .iter()
            .map(|b| b.id)
            .filter(|id| in_base.contains(id))
            .collect();
        base_order != side_order
    };
    let (primary, secondary) = if !reordered(ours) && reordered(theirs) {
        (theirs, ours)
    } else {
        (ours, theirs)
    };
    // The other side's new rows, by the row they follow there (`None`: at the top), in
    // their order; one pass each way, so a long paste costs no more than its length.
    let in_primary: HashSet<BlockId> = primary.iter().map(|b| b.id).collect();
    let mut inserts: HashMap<Option<BlockId>, Vec<BlockId>> = HashMap::new();
    let mut anchor: Option<BlockId> = None;
    for block in secondary {
        if !kept.contains_key(&block.id) {
            continue;
        }
        if in_primary.contains(&block.id) {
            anchor = Some(block.id);
        } else {
            inserts.entry(anchor).or_default().push(block.id);
        }
    }
    let mut order: Vec<BlockId> = inserts.remove(&None).unwrap_or_default();
    for id in primary
        .iter()
        .map(|b| b.id)
        .filter(|id| kept.contains_key(id))
    {
        order.push(id);
        order.extend(inserts.remove(&Some(id)).unwrap_or_default());
    }
    order
}

#[cfg(test)]
mod tests {
    use chrono::{DateTime, Utc};
    use proptest::prelude::*;

    use super::*;
    use crate::model::{Contributor, CreditDisplay, Role, SignOff, StageNote};

    fn at(seconds: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_785_000_000 + seconds, 0).unwrap_or_default()
    }

    /// A story of `rows` body rows: source "s1".., English "e1"..
    fn story(rows: usize) -> Story {
        let mut story = Story::new("flood", at(0));
        story.headline.source = "ခေါင်းစီး".into();
        story.headline.english = "Floods".into();
        story.stage = Stage::Editing;
        for i in 1..=rows {
            let id = story.allocate_block_id();
            story.blocks.push(Block {
                id,
                kind: BlockKind::Paragraph,
                row: TextRow {
                    source: format!("s{i}"),
                    english: format!("e{i}"),
                    status: RowStatus::Translated,
                    pretranslated: None,
                    changed: None,
                },
                omitted: false,
                previous_source: None,
            });
        }
        story
    }

    fn english(story: &Story) -> Vec<&str> {
        story
            .blocks
            .iter()
            .map(|b| b.row.english.as_str())
            .collect()
    }

    fn comment(id: u32, text: &str, author: &str) -> Comment {
        Comment {
            id,
            anchor: RowRef::Block(BlockId(1)),
            author: author.into(),
            created: at(i64::from(id)),
            edited: None,
            text: text.into(),
            replies: Vec::new(),
            resolved: None,
        }
    }

    #[test]
    fn edits_to_different_rows_and_fields_both_survive() {
        let base = story(3);
        let mut ours = base.clone();
        ours.blocks[0].row.english = "ours one".into();
        ours.blocks[1].row.source = "s2 fixed".into();
        let mut theirs = base.clone();
        theirs.blocks[2].row.english = "theirs three".into();
        theirs.blocks[1].row.english = "theirs two".into();
        theirs.modified_by = "Aye Aye Mon".into();
        let merged = merge_stories(&base, &ours, &theirs);
        assert_eq!(
            english(&merged.story),
            ["ours one", "theirs two", "theirs three"]
        );
        assert_eq!(merged.story.blocks[1].row.source, "s2 fixed");
        assert!(
            merged.new_conflicts.is_empty(),
            "{:?}",
            merged.new_conflicts
        );
    }

    #[test]
    fn the_same_row_changed_on_both_keeps_ours_and_records_theirs() {
        let base = story(2);
        let mut ours = base.clone();
        ours.blocks[1].row.english = "Water rose fast.".into();
        let mut theirs = base.clone();
        theirs.blocks[1].row.english = "The water rose quickly.".into();
        theirs.modified_by = "Daniel Ross".into();
        let merged = merge_stories(&base, &ours, &theirs);
        assert_eq!(merged.story.blocks[1].row.english, "Water rose fast.");
        // Neither version is confirmed until a person chooses.
        assert_eq!(merged.story.blocks[1].row.status, RowStatus::Draft);
        assert_eq!(
            merged.story.merge_conflicts,
            [MergeConflict {
                what: ConflictKind::Text {
                    row: RowRef::Block(BlockId(2)),
                    side: Side::English,
                },
                base: "e2".into(),
                theirs: "The water rose quickly.".into(),
                theirs_by: "Daniel Ross".into(),
            }]
        );
    }

    #[test]
    fn comments_added_on_both_sides_with_one_id_are_both_kept() {
        let mut base = story(1);
        base.comments.push(comment(1, "Check the figure", "Ed"));
        base.next_comment_id = 2;
        let mut ours = base.clone();
        ours.comments.push(comment(2, "Which township?", "Ed"));
        ours.next_comment_id = 3;
        ours.comments[0].replies.push(crate::model::Reply {
            author: "Aye".into(),
            at: at(50),
            text: "4,000 per the officials".into(),
        });
        let mut theirs = base.clone();
        theirs
            .comments
            .push(comment(2, "Spell the village as Kywe Taw", "Zaw"));
        theirs.next_comment_id = 3;
        theirs.comments[0].replies.push(crate::model::Reply {
            author: "Zaw".into(),
            at: at(60),
            text: "Confirmed".into(),
        });
        let merged = merge_stories(&base, &ours, &theirs).story;
        let texts: Vec<(u32, &str)> = merged
            .comments
            .iter()
            .map(|c| (c.id, c.text.as_str()))
            .collect();
        assert_eq!(
            texts,
            [
                (1, "Check the figure"),
                (2, "Which township?"),
                (3, "Spell the village as Kywe Taw")
            ]
        );
        assert_eq!(merged.comments[0].replies.len(), 2);
        assert_eq!(merged.next_comment_id, 4);
    }

    #[test]
    fn credits_changed_on_both_sides_merge() {
        let mut base = story(1);
        base.contributors.push(Contributor {
            role: Role::Reporter,
            name: "Ko Min".into(),
            display: CreditDisplay::Person,
        });
        let mut ours = base.clone();
        ours.contributors[0].display = CreditDisplay::Withheld;
        let mut theirs = base.clone();
        theirs.contributors.push(Contributor {
            role: Role::Translator,
            name: "Aye Aye Mon".into(),
            display: CreditDisplay::Person,
        });
        let merged = merge_stories(&base, &ours, &theirs).story;
        assert_eq!(merged.contributors.len(), 2);
        assert_eq!(merged.contributors[0].display, CreditDisplay::Withheld);
        assert_eq!(merged.contributors[1].name, "Aye Aye Mon");
    }

    #[test]
    fn a_sign_off_racing_an_edit_comes_out_stale() {
        let base = story(2);
        let mut ours = base.clone();
        ours.stage = Stage::Approved;
        ours.sign_off = Some(SignOff {
            editor: "Ed".into(),
            at: at(100),
            fingerprint: "f".into(),
            signature: None,
        });
        let mut theirs = base.clone();
        theirs.blocks[0].row.english = "A late change".into();
        for (o, t) in [(&ours, &theirs), (&theirs, &ours)] {
            let merged = merge_stories(&base, o, t);
            assert_eq!(merged.story.stage, Stage::Editing);
            assert_eq!(merged.story.blocks[0].row.english, "A late change");
            assert!(merged.new_conflicts.iter().any(|c| c.what
                == ConflictKind::StaleSignOff {
                    editor: "Ed".into()
                }));
        }
        // A change that readers never see (the source) leaves the sign-off current.
        let mut quiet = base.clone();
        quiet.blocks[0].row.source = "s1 fixed".into();
        let merged = merge_stories(&base, &ours, &quiet);
        assert_eq!(merged.story.stage, Stage::Approved);
        assert!(merged.new_conflicts.is_empty());
    }

    #[test]
    fn sent_back_here_and_approved_there_stays_sent_back() {
        let base = story(1);
        let mut ours = base.clone();
        ours.stage = Stage::SentBack {
            to: SentBackTo::Writing,
        };
        ours.sent_back = Some(StageNote {
            by: "Ed".into(),
            at: at(10),
            note: "Attribute the figure".into(),
        });
        let mut theirs = base.clone();
        theirs.stage = Stage::Approved;
        theirs.sign_off = Some(SignOff {
            editor: "Other Ed".into(),
            at: at(20),
            fingerprint: "f".into(),
            signature: None,
        });
        for (o, t) in [(&ours, &theirs), (&theirs, &ours)] {
            let merged = merge_stories(&base, o, t);
            assert_eq!(
                merged.story.stage,
                Stage::SentBack {
                    to: SentBackTo::Writing
                }
            );
            assert_eq!(merged.story.sign_off, None);
            assert!(merged.story.sent_back.is_some());
            assert!(matches!(
                merged.new_conflicts[..],
                [MergeConflict {
                    what: ConflictKind::Stage { .. },
                    ..
                }]
            ));
        }
    }

    #[test]
    fn rows_added_on_both_sides_with_one_new_id_are_both_kept_in_place() {
        let base = story(2);
        let mut ours = base.clone();
        let id = ours.allocate_block_id();
        ours.blocks.insert(
            1,
            Block {
                id,
                ..ours.blocks[0].clone()
            },
        );
        ours.blocks[1].row.english = "ours new".into();
        let mut theirs = base.clone();
        let id = theirs.allocate_block_id();
        theirs.blocks.push(Block {
            id,
            ..theirs.blocks[0].clone()
        });
        theirs.blocks[2].row.english = "theirs new".into();
        theirs.comments.push(Comment {
            anchor: RowRef::Block(id),
            ..comment(1, "Source?", "Zaw")
        });
        let merged = merge_stories(&base, &ours, &theirs).story;
        assert_eq!(english(&merged), ["e1", "ours new", "e2", "theirs new"]);
        let ids: Vec<u32> = merged.blocks.iter().map(|b| b.id.0).collect();
        assert_eq!(ids, [1, 3, 2, 4]);
        assert_eq!(merged.next_block_id, 5);
        // Their comment followed their row to its new id.
        assert_eq!(merged.comments[0].anchor, RowRef::Block(BlockId(4)));
    }

    fn stamp(seconds: i64, by: &str) -> Option<crate::model::Changed> {
        let changed = crate::model::Changed {
            at: at(seconds),
            by: by.into(),
        };
        Some(changed).filter(|c| !c.by.is_empty())
    }

    #[test]
    fn each_row_keeps_who_changed_it_and_the_story_s_own_stamp_is_untouched() {
        let mut base = story(3);
        base.modified_by = "Clare".into();
        let mut ours = base.clone();
        ours.blocks[0].row.english = "ours".into();
        ours.blocks[0].row.changed = stamp(10, "Aye");
        let mut theirs = base.clone();
        theirs.blocks[2].row.english = "theirs".into();
        theirs.blocks[2].row.changed = stamp(20, "Thiri");
        // The same new text on both sides at different times: one change, the later stamp.
        ours.blocks[1].row.english = "both".into();
        ours.blocks[1].row.changed = stamp(30, "Aye");
        theirs.blocks[1].row.english = "both".into();
        theirs.blocks[1].row.changed = stamp(25, "Thiri");
        let merged = merge_stories(&base, &ours, &theirs);
        assert!(
            merged.new_conflicts.is_empty(),
            "{:?}",
            merged.new_conflicts
        );
        let story = merged.story;
        assert_eq!(english(&story), ["ours", "both", "theirs"]);
        let by: Vec<Option<crate::model::Changed>> =
            story.blocks.iter().map(|b| b.row.changed.clone()).collect();
        assert_eq!(by, [stamp(10, "Aye"), stamp(30, "Aye"), stamp(20, "Thiri")]);
        assert_eq!(
            (story.modified, story.modified_by.as_str()),
            (at(0), "Clare")
        );
        assert_eq!(story.last_change(), (at(30), "Aye"));
    }

    #[test]
    fn a_conflict_in_a_row_names_who_changed_that_row_there() {
        let base = story(2);
        let mut ours = base.clone();
        ours.blocks[0].row.english = "ours".into();
        let mut theirs = base.clone();
        theirs.modified_by = "Clare".into();
        theirs.blocks[0].row.english = "theirs".into();
        theirs.blocks[0].row.changed = stamp(5, "Thiri");
        theirs.dateline.place = "Bago".into();
        ours.dateline.place = "Yangon".into();
        let merged = merge_stories(&base, &ours, &theirs);
        let by: Vec<(&ConflictKind, &str)> = merged
            .new_conflicts
            .iter()
            .map(|c| (&c.what, c.theirs_by.as_str()))
            .collect();
        assert_eq!(
            by,
            [
                (
                    &ConflictKind::Text {
                        row: RowRef::Block(BlockId(1)),
                        side: Side::English
                    },
                    "Thiri"
                ),
                (&ConflictKind::Dateline, "Clare"),
            ]
        );
    }

    #[test]
    fn the_same_new_row_added_on_both_sides_at_different_times_is_one_row() {
        let base = story(1);
        let mut ours = base.clone();
        let id = ours.allocate_block_id();
        let mut added = Block {
            id,
            ..ours.blocks[0].clone()
        };
        added.row.english = "new".into();
        added.row.changed = stamp(1, "Aye");
        ours.blocks.push(added.clone());
        let mut theirs = base.clone();
        theirs.allocate_block_id();
        added.row.changed = stamp(2, "Thiri");
        theirs.blocks.push(added);
        let merged = merge_stories(&base, &ours, &theirs).story;
        assert_eq!(english(&merged), ["e1", "new"]);
    }

    #[test]
    fn a_row_removed_on_one_side_and_changed_on_the_other_is_kept() {
        let base = story(3);
        let mut ours = base.clone();
        ours.blocks.remove(1);
        let mut theirs = base.clone();
        theirs.blocks[1].row.english = "kept".into();
        let merged = merge_stories(&base, &ours, &theirs);
        assert_eq!(english(&merged.story), ["e1", "kept", "e3"]);
        assert!(matches!(
            merged.new_conflicts[..],
            [MergeConflict {
                what: ConflictKind::Removed { here: true, .. },
                ..
            }]
        ));
        // Removed on one side, untouched on the other: gone.
        let merged = merge_stories(&base, &ours, &base);
        assert_eq!(english(&merged.story), ["e1", "e3"]);
    }

    #[test]
    fn a_person_chooses_theirs_or_both_as_one_undoable_edit() {
        let base = story(2);
        let mut ours = base.clone();
        ours.blocks[0].row.english = "Mine.".into();
        let mut theirs = base.clone();
        theirs.blocks[0].row.english = "Theirs.".into();
        let merged = merge_stories(&base, &ours, &theirs).story;
        for (choice, want) in [
            (Choice::Mine, "Mine."),
            (Choice::Theirs, "Theirs."),
            (Choice::Both, "Mine. Theirs."),
        ] {
            let mut story = merged.clone();
            let edit = resolve(&story, 0, choice).expect("a conflict");
            let undo = edit.apply(&mut story).expect("applies");
            assert_eq!(story.blocks[0].row.english, want);
            assert!(story.merge_conflicts.is_empty());
            undo.apply(&mut story).expect("undoes");
            assert_eq!(story, merged, "undo brings both versions back");
        }
        assert!(resolve(&merged, 1, Choice::Mine).is_none());
    }

    /// A change a person can make to a story's rows, for the properties.
    #[derive(Clone, Debug)]
    enum Op {
        English(usize, String),
        Source(usize, String),
        Insert(usize, String),
        Remove(usize),
        Move(usize, usize),
    }

    fn op() -> impl Strategy<Value = Op> {
        let text = "[a-z]{1,6}";
        prop_oneof![
            (0..10usize, text).prop_map(|(i, t)| Op::English(i, t)),
            (0..10usize, text).prop_map(|(i, t)| Op::Source(i, t)),
            (0..10usize, text).prop_map(|(i, t)| Op::Insert(i, t)),
            (0..10usize).prop_map(Op::Remove),
            (0..10usize, 0..10usize).prop_map(|(i, j)| Op::Move(i, j)),
        ]
    }

    /// The ops applied as a session would: a row's change stamped in the row, one second
    /// after the last.
    fn apply(story: &Story, ops: &[Op], tag: &str) -> Story {
        let mut story = story.clone();
        for (k, op) in (100..).zip(ops) {
            let n = story.blocks.len();
            let stamp = |story: &mut Story, i: usize| {
                let row = RowRef::Block(story.blocks[i].id);
                story.mark_changed(Some(&[row]), tag, at(k));
            };
            match op {
                Op::English(i, t) if n > 0 => {
                    story.blocks[i % n].row.english = format!("{tag}{t}");
                    stamp(&mut story, i % n);
                }
                Op::Source(i, t) if n > 0 => {
                    story.blocks[i % n].row.source = format!("{tag}{t}");
                    stamp(&mut story, i % n);
                }
                Op::Insert(i, t) => {
                    let id = story.allocate_block_id();
                    let mut block = blank(id);
                    block.row.english = format!("{tag}{t}");
                    story.blocks.insert(i % (n + 1), block);
                    stamp(&mut story, i % (n + 1));
                }
                Op::Remove(i) if n > 0 => {
                    story.blocks.remove(i % n);
                }
                Op::Move(i, j) if n > 0 => {
                    let block = story.blocks.remove(i % n);
                    story.blocks.insert(j % n, block);
                }
                _ => {}
            }
        }
        story
    }

    fn blank(id: BlockId) -> Block {
        Block {
            id,
            kind: BlockKind::Paragraph,
            row: TextRow::default(),
            omitted: false,
            previous_source: None,
        }
    }

    /// Every text of `side` that is not in `base` (typed there).
    fn typed(base: &Story, side: &Story) -> Vec<String> {
        let known: HashSet<&str> = base
            .blocks
            .iter()
            .flat_map(|b| [b.row.source.as_str(), b.row.english.as_str()])
            .collect();
        side.blocks
            .iter()
            .flat_map(|b| [b.row.source.clone(), b.row.english.clone()])
            .filter(|t| !t.is_empty() && !known.contains(t.as_str()))
            .collect()
    }

    proptest! {
        #[test]
        fn merging_with_an_unchanged_side_gives_the_changed_one(
            rows in 0..6usize,
            ops in proptest::collection::vec(op(), 0..8),
        ) {
            let base = story(rows);
            let x = apply(&base, &ops, "x");
            let merged = merge_stories(&base, &x, &base);
            prop_assert_eq!(&merged.story, &x);
            prop_assert!(merged.new_conflicts.is_empty());
            let merged = merge_stories(&base, &base, &x);
            prop_assert_eq!(&merged.story, &x);
            prop_assert!(merged.new_conflicts.is_empty());
        }

        #[test]
        fn disjoint_row_edits_keep_both(
            rows in 2..8usize,
            split in 1..7usize,
            ours_texts in proptest::collection::vec("[a-z]{1,5}", 8),
            theirs_texts in proptest::collection::vec("[A-Z]{1,5}", 8),
        ) {
            let base = story(rows);
            let split = split.min(rows - 1);
            let mut ours = base.clone();
            let mut theirs = base.clone();
            for i in 0..rows {
                if i < split {
                    ours.blocks[i].row.english.clone_from(&ours_texts[i]);
                } else {
                    theirs.blocks[i].row.source.clone_from(&theirs_texts[i]);
                    theirs.blocks[i].row.english.clone_from(&theirs_texts[i]);
                }
            }
            let merged = merge_stories(&base, &ours, &theirs);
            prop_assert!(merged.new_conflicts.is_empty());
            for i in 0..rows {
                let want = if i < split { &ours_texts[i] } else { &theirs_texts[i] };
                prop_assert_eq!(&merged.story.blocks[i].row.english, want);
            }
        }

        #[test]
        fn nothing_typed_on_either_side_disappears_without_a_conflict(
            rows in 0..6usize,
            ours_ops in proptest::collection::vec(op(), 0..8),
            theirs_ops in proptest::collection::vec(op(), 0..8),
        ) {
            let base = story(rows);
            let ours = apply(&base, &ours_ops, "o");
            let theirs = apply(&base, &theirs_ops, "t");
            let merged = merge_stories(&base, &ours, &theirs);
            let mut present: HashSet<String> = merged
                .story
                .blocks
                .iter()
                .flat_map(|b| [b.row.source.clone(), b.row.english.clone()])
                .collect();
            present.extend(merged.story.merge_conflicts.iter().map(|c| c.theirs.clone()));
            for text in typed(&base, &ours).into_iter().chain(typed(&base, &theirs)) {
                prop_assert!(present.contains(&text), "lost {:?}", text);
            }
            // Ids stay unique, and the counter stays ahead of them.
            let mut checked = merged.story.clone();
            prop_assert!(checked.check_block_ids().is_ok());
            prop_assert_eq!(checked.next_block_id, merged.story.next_block_id);
        }
    }
}
