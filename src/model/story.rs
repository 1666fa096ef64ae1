//! A story: its metadata, headline and deck on both sides, and its ordered rows.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::{Comment, Contributor, MergeConflict, Side};

/// One story, stored in `stories/<slug>.ron`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Story {
    /// Version of the file format this value was written with.
    pub format_version: u32,
    /// The short, file-safe name of the story; also its file name.
    pub slug: String,
    /// Where and when the story was reported.
    #[serde(default)]
    pub dateline: Dateline,
    /// Where the story is in the desk's workflow.
    pub stage: Stage,
    /// The headline, on both sides.
    #[serde(default)]
    pub headline: TextRow,
    /// The one-sentence summary under the headline, on both sides.
    #[serde(default)]
    pub deck: TextRow,
    /// The body, in reading order.
    #[serde(default)]
    pub blocks: Vec<Block>,
    /// Who reported, translated, wrote, edited and photographed it, and how each is credited.
    #[serde(default)]
    pub contributors: Vec<Contributor>,
    /// The id the next new block will get; ids are never reused within a story.
    pub next_block_id: u32,
    /// When the story was created.
    pub created: DateTime<Utc>,
    /// When the story's own fields (stage, credits, comments, the order of its rows…) last
    /// changed. A row's own change is stamped in the row ([`TextRow::changed`]) instead, so
    /// two machines editing different rows never both rewrite this line and git merges
    /// their work as text; [`Story::last_change`] is the story's last change of any kind.
    pub modified: DateTime<Utc>,
    /// Who made the change `modified` records, as named in the person's identity on their
    /// machine.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub modified_by: String,
    /// An editor's replacement for the generated credit line, for this story only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credit_line_override: Option<String>,
    /// The editor's sign-off, with a fingerprint of exactly the content signed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sign_off: Option<SignOff>,
    /// Who the story is assigned to for its current stage.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assignee: Option<Assignment>,
    /// The note an editor sent the story back with, shown to the person it is for until the
    /// story moves on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sent_back: Option<StageNote>,
    /// Corrections made after publication, oldest first; every later export carries them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub corrections: Vec<Correction>,
    /// The id the next new comment thread will get; ids are never reused within a story.
    #[serde(default)]
    pub next_comment_id: u32,
    /// Comment threads.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub comments: Vec<Comment>,
    /// Quality-check findings a person accepted, each with a reason; a finding stays
    /// accepted while its row's text is the same (optional: older files have none).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub qa_accepted: Vec<AcceptedFinding>,
    /// What a merge of two machines' versions left for a person to choose (see `merge`);
    /// optional: a story never merged has none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub merge_conflicts: Vec<MergeConflict>,
}

/// A quality-check finding accepted with a reason ("the English spells the number out").
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AcceptedFinding {
    /// The row.
    pub row: RowRef,
    /// The check's key (`numbers`, `spelling`, …).
    pub check: String,
    /// The row's text when it was accepted (`qa::row_fingerprint`): a change raises the
    /// finding again.
    pub text: String,
    /// Why it stands.
    pub reason: String,
    /// Who accepted it.
    pub by: String,
    /// When.
    pub at: DateTime<Utc>,
}

/// A story assigned to one person for one stage.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Assignment {
    /// Who is to do the stage's work.
    pub name: String,
    /// The stage the assignment is for; it lapses when the story moves on.
    pub stage: Stage,
    /// Who assigned it.
    pub by: String,
    /// When.
    pub at: DateTime<Utc>,
}

/// An editor's note sending a story back, kept on the story until it moves on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StageNote {
    /// The editor.
    pub by: String,
    /// When.
    pub at: DateTime<Utc>,
    /// What should change.
    pub note: String,
}

/// A correction to a published story: the dated note every later export carries.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Correction {
    /// When the correction was made.
    pub at: DateTime<Utc>,
    /// The editor who made it.
    pub by: String,
    /// What readers are told, for example "An earlier version of this story misstated the
    /// number of villages flooded."
    pub text: String,
}

/// An editor's approval of exactly one version of the public content.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignOff {
    /// The editor.
    pub editor: String,
    /// When.
    pub at: DateTime<Utc>,
    /// SHA-256 of the public content at that moment (see `workflow::public_fingerprint`).
    pub fingerprint: String,
    /// The editor's SSH signature (`ssh-keygen -Y sign`, armoured) of
    /// `workflow::signing::signed_message` for this sign-off, on a desk that signs them;
    /// `None` on a desk that does not.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signature: Option<String>,
}

/// The story as it stood at a moment in its workflow.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Revision {
    /// When.
    pub at: DateTime<Utc>,
    /// Who made the change that this revision records.
    pub by: String,
    /// The stage before the change, if it was a move.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<Stage>,
    /// The stage after the change.
    pub stage: Stage,
    /// What happened, for a person: "Translating to Writing", "signed off (...)".
    pub event: String,
    /// The note given with it (required when sending back).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Fingerprint of the public content at that moment.
    pub fingerprint: String,
    /// What was still open when the person went ahead (rows not confirmed, open comments),
    /// as they were shown it; empty when nothing was.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub open_items: Vec<String>,
    /// For a fix of the source after filing: the row's source as it was.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub old_text: Option<String>,
    /// The content: both sides of every row, and the credits.
    pub content: Content,
}

/// The part of a story that revisions keep and compare.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Content {
    /// The headline.
    pub headline: TextRow,
    /// The deck.
    pub deck: TextRow,
    /// The body rows.
    pub blocks: Vec<Block>,
    /// The contributors.
    pub contributors: Vec<Contributor>,
    /// The credit-line override, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credit_line_override: Option<String>,
}

/// Where and when a story was reported.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dateline {
    /// The place, in the target language, for example "Monywa".
    #[serde(default)]
    pub place: String,
    /// The date of reporting, if known.
    #[serde(default)]
    pub date: Option<NaiveDate>,
}

/// The stages of the desk's workflow.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Stage {
    /// The reporter has filed the source.
    Filed,
    /// A translator is drafting the English.
    Translating,
    /// A writer is turning the draft into publishable copy.
    Writing,
    /// An editor is reviewing.
    Editing,
    /// The editor sent it back to an earlier stage with a note.
    SentBack {
        /// The stage it was sent back to.
        to: SentBackTo,
    },
    /// An editor signed it off.
    Approved,
    /// It has left the desk.
    Published,
    /// It will not run.
    Killed,
}

/// The stages an editor can send a story back to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum SentBackTo {
    /// Back to the translator.
    Translating,
    /// Back to the writer.
    Writing,
}

impl Stage {
    /// Every stage, in workflow order.
    pub const ALL: [Self; 9] = [
        Self::Filed,
        Self::Translating,
        Self::Writing,
        Self::Editing,
        Self::SentBack {
            to: SentBackTo::Writing,
        },
        Self::SentBack {
            to: SentBackTo::Translating,
        },
        Self::Approved,
        Self::Published,
        Self::Killed,
    ];

    /// The stage's name on the command line: `translating`, `sent-back-to-writing`.
    #[must_use]
    pub fn key(self) -> String {
        self.label().to_lowercase().replace(' ', "-")
    }

    /// The stage named `key` (as [`Stage::key`] writes it, or as [`Stage::label`] does,
    /// any case: "sent-back-to-writing" or "Sent back to writing").
    #[must_use]
    pub fn from_key(key: &str) -> Option<Self> {
        let key = key.trim().to_lowercase().replace(' ', "-");
        Self::ALL.into_iter().find(|s| s.key() == key)
    }

    /// Whether copy in this stage is locked: signed off, published or killed. Nobody
    /// changes a locked story's content; an editor reopens it first.
    #[must_use]
    pub fn is_locked(self) -> bool {
        matches!(self, Self::Approved | Self::Published | Self::Killed)
    }

    /// Whether the story is with the translator.
    #[must_use]
    pub fn is_translating(self) -> bool {
        matches!(
            self,
            Self::Filed
                | Self::Translating
                | Self::SentBack {
                    to: SentBackTo::Translating
                }
        )
    }

    /// The name a person reads on the desk view.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Filed => "Filed",
            Self::Translating => "Translating",
            Self::Writing => "Writing",
            Self::Editing => "Editing",
            Self::SentBack {
                to: SentBackTo::Translating,
            } => "Sent back to translating",
            Self::SentBack {
                to: SentBackTo::Writing,
            } => "Sent back to writing",
            Self::Approved => "Approved",
            Self::Published => "Published",
            Self::Killed => "Killed",
        }
    }
}

/// How far a row has come.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum RowStatus {
    /// No English yet.
    #[default]
    Untranslated,
    /// English typed but not confirmed.
    Draft,
    /// The translator confirmed the English.
    Translated,
    /// An editor reviewed the row.
    Reviewed,
}

impl RowStatus {
    /// Whether the row counts as done for progress.
    #[must_use]
    pub fn is_confirmed(self) -> bool {
        matches!(self, Self::Translated | Self::Reviewed)
    }

    /// The status a row takes when the text on one side changes: typing the first English
    /// makes a draft; clearing the English makes it untranslated again; changing reviewed
    /// English needs a new review; changing the source of a confirmed row needs the
    /// translation checked again.
    #[must_use]
    pub fn after_change(self, side: Side, english_now_empty: bool) -> Self {
        match (side, self) {
            (Side::English, _) if english_now_empty => Self::Untranslated,
            (Side::English, Self::Untranslated)
            | (Side::Source, Self::Translated | Self::Reviewed) => Self::Draft,
            (Side::English, Self::Reviewed) => Self::Translated,
            (_, status) => status,
        }
    }

    /// The name a person reads beside the row.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Untranslated => "untranslated",
            Self::Draft => "draft",
            Self::Translated => "translated",
            Self::Reviewed => "reviewed",
        }
    }
}

/// A row that is not a block: the headline or the deck.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TextRow {
    /// The text in the source language.
    #[serde(default)]
    pub source: String,
    /// The English text.
    #[serde(default)]
    pub english: String,
    /// How far the row has come.
    #[serde(default)]
    pub status: RowStatus,
    /// The score of the translation-memory match the English was filled with, until a
    /// person changes the English or confirms the row ("pre-translated 87%").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pretranslated: Option<u8>,
    /// Who last changed this row (its text, status, kind or place in the copy), and when;
    /// `None` for a row nobody has changed since format version 3.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub changed: Option<Changed>,
}

/// Who made a change, and when.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Changed {
    /// When (first, so the later of two stamps orders last).
    pub at: DateTime<Utc>,
    /// Who, as named in the person's identity on their machine.
    pub by: String,
}

impl TextRow {
    /// The text on one side.
    #[must_use]
    pub fn text(&self, side: Side) -> &str {
        match side {
            Side::Source => &self.source,
            Side::English => &self.english,
        }
    }

    /// The text on one side, for changing.
    pub fn text_mut(&mut self, side: Side) -> &mut String {
        match side {
            Side::Source => &mut self.source,
            Side::English => &mut self.english,
        }
    }
}

/// A stable identifier of a block within its story.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct BlockId(pub u32);

/// One row of the body: a paragraph, subhead, quote or photo, with both sides.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Block {
    /// Stable within the story; survives moves, splits and reloads.
    pub id: BlockId,
    /// What kind of block this is.
    pub kind: BlockKind,
    /// Both sides' text (for a photo, its caption) and the row's status.
    pub row: TextRow,
    /// A source row the desk chose not to run: kept, shown greyed, left out of the English copy.
    #[serde(default)]
    pub omitted: bool,
    /// Set when the reporter re-filed a changed source after translation began: the source
    /// as it was, shown to the translator until they clear the flag.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous_source: Option<String>,
}

/// The kinds of block.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum BlockKind {
    /// A body paragraph.
    Paragraph,
    /// A subhead between sections.
    Subhead,
    /// A quotation set apart.
    Quote,
    /// A photo; the row's text is its caption.
    Photo(Photo),
}

impl BlockKind {
    /// The name a person reads beside the row.
    #[must_use]
    pub fn label(&self) -> &'static str {
        match self {
            Self::Paragraph => "paragraph",
            Self::Subhead => "subhead",
            Self::Quote => "quote",
            Self::Photo(_) => "photo",
        }
    }
}

/// A photo's file and credits; its caption is the block's text.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Photo {
    /// Path of the image relative to the desk's `media/` folder.
    pub file: String,
    /// Who took it, as printed under the caption, for example "Citizen journalist / RFA".
    #[serde(default)]
    pub credit: String,
    /// A description for readers who cannot see it.
    #[serde(default)]
    pub alt: String,
}

/// Which row of a story: the headline, the deck, or a block.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum RowRef {
    /// The headline row.
    Headline,
    /// The deck row.
    Deck,
    /// A body row.
    Block(BlockId),
}

/// Rows confirmed out of rows that need translation.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Progress {
    /// Rows whose English is confirmed.
    pub confirmed: usize,
    /// Rows that have source text and are not omitted.
    pub total: usize,
}

impl Progress {
    /// The share done, from 0 to 1; an empty story counts as not started.
    #[must_use]
    pub fn fraction(self) -> f32 {
        if self.total == 0 {
            0.0
        } else {
            self.confirmed as f32 / self.total as f32
        }
    }
}

/// What is wrong with the block ids of a story read from a file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BlockIdProblem {
    /// Two rows (numbered from 1) share an id.
    Duplicate {
        /// The id.
        id: u32,
        /// The first row with it.
        first: usize,
        /// The second.
        second: usize,
    },
    /// An id (of a row numbered from 1; 0 for the story's id counter) too large to add
    /// rows after.
    TooLarge {
        /// The id.
        id: u32,
        /// The row.
        row: usize,
    },
}

impl Story {
    /// The format version this build writes for story files. Version 2 keeps revisions out
    /// of the story file (see `store`) and adds assignments, send-back notes, corrections and
    /// a comment-id counter. Version 3 stamps who last changed a row in the row itself, and
    /// `modified` covers only the story's own fields, so edits to different rows touch
    /// different lines of the file (a version-2 file reads as is: its `modified` was the
    /// last change of any kind, and its rows have no stamps).
    pub const FORMAT_VERSION: u32 = 3;

    /// A new, empty story in the Filed stage.
    #[must_use]
    pub fn new(slug: &str, now: DateTime<Utc>) -> Self {
        Self {
            format_version: Self::FORMAT_VERSION,
            slug: slug.to_owned(),
            dateline: Dateline::default(),
            stage: Stage::Filed,
            headline: TextRow::default(),
            deck: TextRow::default(),
            blocks: Vec::new(),
            contributors: Vec::new(),
            next_block_id: 1,
            created: now,
            modified: now,
            modified_by: String::new(),
            credit_line_override: None,
            sign_off: None,
            assignee: None,
            sent_back: None,
            corrections: Vec::new(),
            next_comment_id: 1,
            comments: Vec::new(),
            qa_accepted: Vec::new(),
            merge_conflicts: Vec::new(),
        }
    }

    /// The story's last change of any kind: the later of the story's own stamp and every
    /// row's.
    #[must_use]
    pub fn last_change(&self) -> (DateTime<Utc>, &str) {
        let mut last = (self.modified, self.modified_by.as_str());
        let rows = [&self.headline, &self.deck]
            .into_iter()
            .chain(self.blocks.iter().map(|b| &b.row));
        for changed in rows.filter_map(|row| row.changed.as_ref()) {
            if changed.at > last.0 {
                last = (changed.at, changed.by.as_str());
            }
        }
        last
    }

    /// Records a change by `by` at `at`: in each of `rows` when the change was confined to
    /// those rows' own fields, else (`None`, or rows the story does not have) in the story's
    /// own stamp.
    pub fn mark_changed(&mut self, rows: Option<&[RowRef]>, by: &str, at: DateTime<Utc>) {
        let mut stamped = false;
        for &row in rows.unwrap_or_default() {
            if let Some(row) = self.row_mut(row) {
                row.changed = Some(Changed {
                    at,
                    by: by.to_owned(),
                });
                stamped = true;
            }
        }
        if !stamped {
            self.modified = at;
            by.clone_into(&mut self.modified_by);
        }
    }

    /// The content that revisions keep.
    #[must_use]
    pub fn content(&self) -> Content {
        Content {
            headline: self.headline.clone(),
            deck: self.deck.clone(),
            blocks: self.blocks.clone(),
            contributors: self.contributors.clone(),
            credit_line_override: self.credit_line_override.clone(),
        }
    }

    /// Open comment threads.
    #[must_use]
    pub fn open_comments(&self) -> usize {
        self.comments.iter().filter(|c| c.is_open()).count()
    }

    /// The id the next new comment thread will get, without taking it.
    #[must_use]
    pub fn next_free_comment_id(&self) -> u32 {
        // Ids in an older or hand-edited file may run ahead of the counter.
        let highest = self.comments.iter().map(|c| c.id).max().unwrap_or(0);
        self.next_comment_id.max(highest + 1)
    }

    /// Appends one paragraph row per blank-line-separated paragraph of `text` to the source side.
    /// Line breaks inside a paragraph are kept; Windows line endings are normalised. There is
    /// no limit here: text from outside (a paste) goes through `import::pasted_story`, which
    /// limits the rows as an import does.
    pub fn append_source_paragraphs(&mut self, text: &str) {
        for paragraph in split_paragraphs(text) {
            let id = self.allocate_block_id();
            self.blocks.push(Block {
                id,
                kind: BlockKind::Paragraph,
                row: TextRow {
                    source: paragraph,
                    ..TextRow::default()
                },
                omitted: false,
                previous_source: None,
            });
        }
    }

    /// The largest block id a story file may hold: half the id space, so however many rows
    /// are added after it, ids never run out.
    pub const MAX_BLOCK_ID: u32 = 1 << 31;

    /// The id the next new block will get, without taking it. Constant time: the counter
    /// runs ahead of every id in use (see [`Self::check_block_ids`] for files edited by
    /// hand), so allocating ids for a long import is linear, not quadratic.
    #[must_use]
    pub fn next_free_block_id(&self) -> BlockId {
        BlockId(self.next_block_id.max(1))
    }

    /// Takes the next unused block id.
    pub fn allocate_block_id(&mut self) -> BlockId {
        let id = self.next_free_block_id();
        self.next_block_id = id.0.saturating_add(1);
        id
    }

    /// Checks a story read from a file: two blocks with one id are refused (an edit meant
    /// for one row would land in the other), named by their rows (from 1); so is an id, or
    /// an id counter, beyond [`Self::MAX_BLOCK_ID`], where new ids would run out. The
    /// counter is moved past every id in use, for a file whose counter lags behind.
    pub fn check_block_ids(&mut self) -> Result<(), BlockIdProblem> {
        let mut seen = std::collections::HashMap::with_capacity(self.blocks.len());
        for (position, block) in self.blocks.iter().enumerate() {
            if block.id.0 > Self::MAX_BLOCK_ID {
                return Err(BlockIdProblem::TooLarge {
                    id: block.id.0,
                    row: position + 1,
                });
            }
            if let Some(first) = seen.insert(block.id, position) {
                return Err(BlockIdProblem::Duplicate {
                    id: block.id.0,
                    first: first + 1,
                    second: position + 1,
                });
            }
        }
        if self.next_block_id > Self::MAX_BLOCK_ID + 1 {
            return Err(BlockIdProblem::TooLarge {
                id: self.next_block_id,
                row: 0,
            });
        }
        let highest = self.blocks.iter().map(|b| b.id.0).max().unwrap_or(0);
        self.next_block_id = self.next_block_id.max(highest + 1);
        Ok(())
    }

    /// The position of a block in reading order.
    #[must_use]
    pub fn block_index(&self, id: BlockId) -> Option<usize> {
        self.blocks.iter().position(|b| b.id == id)
    }

    /// A block by id.
    #[must_use]
    pub fn block(&self, id: BlockId) -> Option<&Block> {
        self.blocks.iter().find(|b| b.id == id)
    }

    /// A block by id, for changing.
    pub fn block_mut(&mut self, id: BlockId) -> Option<&mut Block> {
        self.blocks.iter_mut().find(|b| b.id == id)
    }

    /// A row's text and status.
    #[must_use]
    pub fn row(&self, row: RowRef) -> Option<&TextRow> {
        match row {
            RowRef::Headline => Some(&self.headline),
            RowRef::Deck => Some(&self.deck),
            RowRef::Block(id) => self.block(id).map(|b| &b.row),
        }
    }

    /// A row's text and status, for changing.
    pub fn row_mut(&mut self, row: RowRef) -> Option<&mut TextRow> {
        match row {
            RowRef::Headline => Some(&mut self.headline),
            RowRef::Deck => Some(&mut self.deck),
            RowRef::Block(id) => self.block_mut(id).map(|b| &mut b.row),
        }
    }

    /// All rows in editor order: headline, deck, then the blocks.
    pub fn rows(&self) -> impl Iterator<Item = RowRef> + '_ {
        [RowRef::Headline, RowRef::Deck]
            .into_iter()
            .chain(self.blocks.iter().map(|b| RowRef::Block(b.id)))
    }

    /// The text of every row in editor order (headline, deck, then the blocks, omitted ones
    /// included), in the order of [`Self::rows`].
    pub fn text_rows(&self) -> impl Iterator<Item = &TextRow> + '_ {
        [&self.headline, &self.deck]
            .into_iter()
            .chain(self.blocks.iter().map(|b| &b.row))
    }

    /// [`Self::text_rows`], to change.
    pub fn text_rows_mut(&mut self) -> impl Iterator<Item = &mut TextRow> + '_ {
        [&mut self.headline, &mut self.deck]
            .into_iter()
            .chain(self.blocks.iter_mut().map(|b| &mut b.row))
    }

    /// The number of rows in editor order.
    #[must_use]
    pub fn row_count(&self) -> usize {
        self.blocks.len() + 2
    }

    /// The row at a position in editor order.
    #[must_use]
    pub fn row_at(&self, index: usize) -> Option<RowRef> {
        match index {
            0 => Some(RowRef::Headline),
            1 => Some(RowRef::Deck),
            i => self.blocks.get(i - 2).map(|b| RowRef::Block(b.id)),
        }
    }

    /// The position of a row in editor order.
    #[must_use]
    pub fn row_index(&self, row: RowRef) -> Option<usize> {
        match row {
            RowRef::Headline => Some(0),
            RowRef::Deck => Some(1),
            RowRef::Block(id) => self.block_index(id).map(|i| i + 2),
        }
    }

    /// Rows confirmed out of rows that need translation (have source text and are not omitted).
    #[must_use]
    pub fn progress(&self) -> Progress {
        let rows = [&self.headline, &self.deck]
            .into_iter()
            .chain(self.blocks.iter().filter(|b| !b.omitted).map(|b| &b.row))
            .filter(|r| !r.source.trim().is_empty());
        let mut progress = Progress::default();
        for row in rows {
            progress.total += 1;
            if row.status.is_confirmed() {
                progress.confirmed += 1;
            }
        }
        progress
    }

    /// Words in the English copy: headline, deck and every block that runs.
    #[must_use]
    pub fn english_word_count(&self) -> usize {
        [&self.headline, &self.deck]
            .into_iter()
            .chain(self.blocks.iter().filter(|b| !b.omitted).map(|b| &b.row))
            .map(|r| count_words(&r.english))
            .sum()
    }

    /// The headline to show in lists: the English one, else the source one, else the slug.
    #[must_use]
    pub fn display_title(&self) -> &str {
        [&self.headline.english, &self.headline.source]
            .into_iter()
            .map(|s| s.trim())
            .find(|s| !s.is_empty())
            .unwrap_or(&self.slug)
    }
}

/// The name of a row as a person reads it: "Headline", "Deck", "Row 3".
#[must_use]
pub fn row_name(story: &Story, row: RowRef) -> String {
    match row {
        RowRef::Headline => "Headline".to_owned(),
        RowRef::Deck => "Deck".to_owned(),
        RowRef::Block(id) => story
            .block_index(id)
            .map_or_else(|| "Row ?".to_owned(), |i| format!("Row {}", i + 1)),
    }
}

/// Splits pasted text into paragraphs at blank lines, dropping empty ones.
#[must_use]
pub fn split_paragraphs(text: &str) -> Vec<String> {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let mut paragraphs = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    for line in text.split('\n') {
        if line.trim().is_empty() {
            if !current.is_empty() {
                paragraphs.push(current.join("\n"));
                current.clear();
            }
        } else {
            current.push(line.trim_end());
        }
    }
    if !current.is_empty() {
        paragraphs.push(current.join("\n"));
    }
    paragraphs
}

/// Counts English words: runs of characters separated by whitespace that contain a letter or digit.
#[must_use]
pub fn count_words(text: &str) -> usize {
    text.split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> DateTime<Utc> {
        DateTime::from_timestamp(1_785_000_000, 0).unwrap_or_default()
    }

    #[test]
    fn pasted_text_splits_at_blank_lines() {
        let text = "ပထမ စာပိုဒ်။\r\n\r\n\r\nဒုတိယ\nစာပိုဒ်။  \n   \nတတိယ";
        assert_eq!(
            split_paragraphs(text),
            vec!["ပထမ စာပိုဒ်။", "ဒုတိယ\nစာပိုဒ်။", "တတိယ"]
        );
        assert!(split_paragraphs("\n \n").is_empty());
    }

    #[test]
    fn status_follows_changes() {
        use RowStatus::{Draft, Reviewed, Translated, Untranslated};
        let table = [
            // (status, side changed, English empty afterwards, new status)
            (Untranslated, Side::English, false, Draft),
            (Draft, Side::English, false, Draft),
            (Translated, Side::English, false, Translated),
            (Reviewed, Side::English, false, Translated),
            (Draft, Side::English, true, Untranslated),
            (Translated, Side::English, true, Untranslated),
            (Untranslated, Side::Source, true, Untranslated),
            (Draft, Side::Source, false, Draft),
            (Translated, Side::Source, false, Draft),
            (Reviewed, Side::Source, false, Draft),
        ];
        for (before, side, empty, after) in table {
            assert_eq!(
                before.after_change(side, empty),
                after,
                "{before:?} {side:?} {empty}"
            );
        }
    }

    #[test]
    fn block_ids_are_never_reused() {
        let mut story = Story::new("x", now());
        story.append_source_paragraphs("a\n\nb");
        let removed = story.blocks.pop().map(|b| b.id);
        let fresh = story.allocate_block_id();
        assert_ne!(Some(fresh), removed);
        // A hand-edited file whose counter lags behind its ids still gets a fresh id once
        // checked as it is read.
        story.next_block_id = 1;
        story.check_block_ids().unwrap();
        let again = story.allocate_block_id();
        assert!(story.blocks.iter().all(|b| b.id != again));
        // Two blocks with one id are named by their rows.
        story.blocks[0].id = BlockId(7);
        story.blocks.push(Block {
            id: BlockId(7),
            ..story.blocks[0].clone()
        });
        assert_eq!(
            story.check_block_ids(),
            Err(BlockIdProblem::Duplicate {
                id: 7,
                first: 1,
                second: 2
            })
        );
        // An id near the end of the id space is refused: rows added after it would wrap.
        story.blocks.pop();
        story.blocks[0].id = BlockId(u32::MAX);
        assert_eq!(
            story.check_block_ids(),
            Err(BlockIdProblem::TooLarge {
                id: u32::MAX,
                row: 1
            })
        );
    }

    #[test]
    fn progress_counts_source_rows_that_run() {
        let mut story = Story::new("x", now());
        story.headline.source = "ခေါင်းစီး".into();
        story.headline.status = RowStatus::Translated;
        story.append_source_paragraphs("a\n\nb\n\nc");
        story.blocks[1].omitted = true;
        story.blocks[2].row.status = RowStatus::Reviewed;
        // An English-only context paragraph is not translation work.
        let id = story.allocate_block_id();
        story.blocks.push(Block {
            id,
            kind: BlockKind::Paragraph,
            row: TextRow {
                english: "Context.".into(),
                status: RowStatus::Translated,
                ..TextRow::default()
            },
            omitted: false,
            previous_source: None,
        });
        assert_eq!(
            story.progress(),
            Progress {
                confirmed: 2,
                total: 3
            }
        );
    }

    #[test]
    fn english_words_skip_omitted_rows_and_punctuation() {
        let mut story = Story::new("x", now());
        story.headline.english = "Floods hit Monywa".into();
        story.append_source_paragraphs("a\n\nb");
        story.blocks[0].row.english = "Water rose — fast, 12,000 fled.".into();
        story.blocks[1].row.english = "Not running.".into();
        story.blocks[1].omitted = true;
        assert_eq!(story.english_word_count(), 3 + 5);
    }
}
