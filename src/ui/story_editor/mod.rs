//! The story editor: source and English side by side, one row per paragraph, in one scroll.
//!
//! Only the rows in view are laid out: row heights are remembered once measured (and
//! estimated before that), so a 1,000-row investigation costs the same per frame as a
//! ten-row brief. Typing edits a draft; the draft becomes one undoable edit when the person
//! leaves the field, confirms the row, or pauses.

//!
//! Its parts: `draft.rs` (what is being typed and the edit it becomes: pure functions),
//! `rows.rs` (the virtualised rows and their fields), `tools.rs` (the writer's tools),
//! `zawgyi.rs` (holding a Zawgyi paste for the person's choice), `find.rs` (the find bar:
//! find and replace).

mod conflicts;
mod draft;
mod find;
mod rows;
mod tools;
mod zawgyi;

use std::collections::{HashMap, HashSet};
use std::path::Path;

use egui::{Id, Key, Modifiers, RichText, Ui};

use crate::command::Command;
use crate::edit::Edit;
use crate::model::{RowRef, RowStatus, Side, Stage, Story, TextRow};
use crate::session::StoryDoc;
use crate::ui::zawgyi_dialog::ZawgyiCompare;
use crate::ui::{script_text, theme};
use draft::{Draft, draft_edit};

/// Seconds of no typing after which a draft is committed as an edit.
pub const DRAFT_PAUSE: f64 = 0.6;

/// What a draft will change when committed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Field {
    /// One side of a row.
    Text(RowRef, Side),
    /// A photo's credit.
    Credit(RowRef),
    /// A photo's alt text.
    Alt(RowRef),
}

impl Field {
    fn row(self) -> RowRef {
        match self {
            Self::Text(row, _) | Self::Credit(row) | Self::Alt(row) => row,
        }
    }

    fn id(self, slug: &str) -> Id {
        Id::unique(("copydesk-field", slug, self))
    }
}

/// UI state of the open story's editor.
#[derive(Debug)]
#[expect(
    clippy::struct_excessive_bools,
    reason = "independent flags of the editor's state, each read by name"
)]
pub struct StoryEditor {
    slug: String,
    active: RowRef,
    draft: Option<Draft>,
    /// Measured row heights, valid for `heights_width`.
    heights: HashMap<RowRef, f32>,
    heights_width: f32,
    focus_request: Option<Field>,
    scroll_to_active: bool,
    /// Fields of the active row the person has put the cursor in since it became active;
    /// only their cursors count for splitting.
    touched: HashSet<Field>,
    /// Whether the row being drawn is inside the view (and so can take the keyboard).
    focusable: bool,
    /// Whether an editor is reviewing: confirming a row then marks it reviewed.
    reviewing: bool,
    /// What the person may change in this story now (from the core's rules).
    rights: Option<crate::workflow::Rights>,
    /// Set while the person confirms taking over a story someone else has open.
    confirm_take_over: bool,
    /// Where each block is in the story, at a doc revision: rows in view look their block
    /// up here, not by walking a 5,000-row story.
    positions: (Option<u64>, HashMap<crate::model::BlockId, usize>),
    /// Syllable-wise cursor movement and deletion in Burmese fields.
    clusters: script_text::ClusterEditing,
    /// A paste that looks like Zawgyi, held until the person chooses.
    pending_paste: Option<PendingPaste>,
    /// Whether each row's stored source reads as Zawgyi, with the hash of the text judged.
    zawgyi_rows: HashMap<RowRef, (u64, bool)>,
    /// The find bar, while it is open.
    find: Option<find::FindBar>,
    /// A span to select when the field takes the keyboard (a QA finding clicked), in
    /// characters.
    select_on_focus: Option<(Field, usize, usize)>,
    /// The desk's checks, for underlining misspelled words in English fields.
    checks: Option<std::sync::Arc<crate::qa::DeskChecks>>,
    /// The misspelled word right-clicked: its field, where it is (bytes), and the
    /// dictionary's suggestions.
    spell_menu: Option<(Field, std::ops::Range<usize>, Vec<String>)>,
}

/// Zawgyi-looking text pasted into a field, and where it goes once the person chooses.
#[derive(Debug)]
struct PendingPaste {
    field: Field,
    /// The selection it replaces, in characters.
    start: usize,
    end: usize,
    /// The field's text when the paste was held: if it changed meanwhile (a colleague's
    /// save, an undo), the paste is not applied at positions that no longer mean anything.
    text_at_hold: String,
    compare: ZawgyiCompare,
}

impl StoryEditor {
    /// An editor for a story. While the story is with the translator (and the person may
    /// type its English), it opens on the first row still to translate, with the cursor in
    /// its English side; otherwise it opens on the headline without a cursor, so nothing
    /// typed by accident lands in the copy.
    #[must_use]
    pub fn new(story: &Story, can_type: bool) -> Self {
        // One pass over the rows with their data: looking each row up by id would make
        // opening a long story quadratic.
        let needs_work = |r: &TextRow| !r.source.trim().is_empty() && !r.status.is_confirmed();
        let to_translate = [
            (RowRef::Headline, &story.headline),
            (RowRef::Deck, &story.deck),
        ]
        .into_iter()
        .find(|(_, r)| needs_work(r))
        .map(|(row, _)| row)
        .or_else(|| {
            story
                .blocks
                .iter()
                .find(|b| !b.omitted && needs_work(&b.row))
                .map(|b| RowRef::Block(b.id))
        });
        let (active, focus_request) = match to_translate {
            Some(row) if can_type && story.stage.is_translating() => {
                (row, Some(Field::Text(row, Side::English)))
            }
            _ => (RowRef::Headline, None),
        };
        Self {
            slug: story.slug.clone(),
            active,
            draft: None,
            heights: HashMap::new(),
            heights_width: 0.0,
            focus_request,
            scroll_to_active: true,
            touched: HashSet::new(),
            focusable: false,
            reviewing: false,
            rights: None,
            confirm_take_over: false,
            positions: (None, HashMap::new()),
            clusters: script_text::ClusterEditing::default(),
            pending_paste: None,
            zawgyi_rows: HashMap::new(),
            find: None,
            select_on_focus: None,
            checks: None,
            spell_menu: None,
        }
    }

    /// The row the person is working on.
    #[must_use]
    pub fn active_row(&self) -> RowRef {
        self.active
    }

    /// The text selected in the active row's source or English field, if any (for Ctrl+K).
    #[must_use]
    pub fn selected_text(&self, ctx: &egui::Context, story: &Story) -> Option<String> {
        [Side::Source, Side::English].into_iter().find_map(|side| {
            let field = Field::Text(self.active, side);
            let range = egui::TextEdit::load_state(ctx, field.id(&self.slug))?
                .cursor
                .char_range()?;
            let text = match &self.draft {
                Some(draft) if draft.field == field => draft.text.as_str(),
                _ => draft::field_text(story, field),
            };
            let (a, b): (usize, usize) = (range.primary.index.into(), range.secondary.index.into());
            let (start, end) = (a.min(b), a.max(b));
            (end > start).then(|| text.chars().skip(start).take(end - start).collect())
        })
    }

    /// Gives the editor the desk's checks, for the spelling underline.
    pub fn set_checks(&mut self, checks: Option<std::sync::Arc<crate::qa::DeskChecks>>) {
        self.checks = checks;
    }

    /// The text selected in the active row's source and in its English (empty where
    /// nothing is selected), for "Add term…".
    #[must_use]
    pub fn selected_sides(&self, ctx: &egui::Context, story: &Story) -> (String, String) {
        let side = |side: Side| -> String {
            let field = Field::Text(self.active, side);
            let Some(range) = egui::TextEdit::load_state(ctx, field.id(&self.slug))
                .and_then(|s| s.cursor.char_range())
            else {
                return String::new();
            };
            let text = match &self.draft {
                Some(draft) if draft.field == field => draft.text.as_str(),
                _ => draft::field_text(story, field),
            };
            let (a, b): (usize, usize) = (range.primary.index.into(), range.secondary.index.into());
            let (start, end) = (a.min(b), a.max(b));
            text.chars().skip(start).take(end - start).collect()
        };
        (side(Side::Source), side(Side::English))
    }

    /// Makes a row active and brings its English side into view and focus.
    pub fn activate(&mut self, row: RowRef) {
        if row != self.active {
            self.touched.clear();
        }
        self.active = row;
        self.scroll_to_active = true;
        self.focus_request = Some(Field::Text(row, Side::English));
    }

    /// Makes a row active and brings it into view, leaving the keyboard where it is (the
    /// find bar steps through hits this way).
    pub fn reveal(&mut self, row: RowRef) {
        if row != self.active {
            self.touched.clear();
        }
        self.active = row;
        self.scroll_to_active = true;
    }

    /// Makes a row active and selects a span of one side (bytes of its text), for a QA
    /// finding clicked in the side panel.
    pub fn select(
        &mut self,
        story: &Story,
        row: RowRef,
        side: Side,
        span: Option<std::ops::Range<usize>>,
    ) {
        self.activate(row);
        let field = Field::Text(row, side);
        self.focus_request = Some(field);
        let Some(span) = span else {
            return;
        };
        let text = match &self.draft {
            Some(draft) if draft.field == field => draft.text.as_str(),
            _ => draft::field_text(story, field),
        };
        let (Some(before), Some(inside)) = (text.get(..span.start), text.get(span.clone())) else {
            return;
        };
        let start = before.chars().count();
        let end = start + inside.chars().count();
        self.select_on_focus = Some((field, start, end));
    }

    /// Puts text into the active row's English at the cursor (or at its end), as one edit,
    /// for a glossary term clicked in the Terms tab. Does nothing where the person may not
    /// change the English.
    pub fn insert_in_english(
        &mut self,
        ctx: &egui::Context,
        story: &Story,
        insert: &str,
        commands: &mut Vec<Command>,
    ) {
        if !self.may(|r| r.english) {
            return;
        }
        let field = Field::Text(self.active, Side::English);
        let current = match &self.draft {
            Some(draft) if draft.field == field => draft.text.clone(),
            _ => draft::field_text(story, field).to_owned(),
        };
        let id = field.id(&self.slug);
        let at = egui::TextEdit::load_state(ctx, id)
            .and_then(|s| s.cursor.char_range())
            .map_or(current.chars().count(), |r| {
                usize::from(r.primary.index).max(usize::from(r.secondary.index))
            });
        let byte = current
            .char_indices()
            .nth(at)
            .map_or(current.len(), |(b, _)| b);
        let mut text = current.clone();
        // A space on each side where the neighbours are letters.
        let before = text[..byte].chars().next_back();
        let after = text[byte..].chars().next();
        let mut piece = String::new();
        if before.is_some_and(|c| !c.is_whitespace()) {
            piece.push(' ');
        }
        piece.push_str(insert);
        if after.is_some_and(char::is_alphanumeric) {
            piece.push(' ');
        }
        text.insert_str(byte, &piece);
        if self.draft.as_ref().is_some_and(|d| d.field != field) {
            self.commit_draft(story, commands);
        }
        self.draft = Some(Draft {
            field,
            text,
            changed_at: 0.0,
        });
        self.commit_draft(story, commands);
        self.focus_request = Some(field);
    }

    /// Tells the editor what the person may change now: fields they may not change are
    /// read-only (still selectable), tools they may not use are greyed, and Ctrl+Enter marks
    /// rows reviewed for an editor at the Editing stage.
    pub fn set_rights(&mut self, rights: &crate::workflow::Rights, stage: Stage) {
        self.reviewing = rights.review && stage == Stage::Editing;
        self.rights = Some(rights.clone());
    }

    fn may(&self, what: impl Fn(&crate::workflow::Rights) -> bool) -> bool {
        self.rights.as_ref().is_some_and(what)
    }

    /// Whether text is being typed that is not yet an edit.
    #[must_use]
    pub fn has_draft(&self) -> bool {
        self.draft.is_some() || self.pending_paste.is_some()
    }

    /// Whether a paste or conversion is waiting for the person's choice: the story's
    /// shortcuts wait too.
    #[must_use]
    pub fn is_holding(&self) -> bool {
        self.pending_paste.is_some()
    }

    /// Turns the pending draft into an edit, if there is one (before undo, save or quit).
    pub fn commit_draft(&mut self, story: &Story, commands: &mut Vec<Command>) {
        if let Some(draft) = self.draft.take()
            && let Some(edit) = draft_edit(story, &draft)
        {
            commands.push(Command::Apply {
                slug: self.slug.clone(),
                edit,
                label: "typing".to_owned(),
                row: Some(draft.field.row()),
            });
        }
    }

    /// Forgets measured heights, for when the whole story was replaced (a conflict resolved
    /// by loading theirs). Ordinary edits keep them: heights are keyed by stable row ids, and
    /// a changed row is measured again when it comes into view.
    pub fn forget_layout(&mut self) {
        self.heights.clear();
    }

    /// Shows the toolbar and the rows.
    pub fn ui(
        &mut self,
        ui: &mut Ui,
        doc: &StoryDoc,
        desk_root: &Path,
        commands: &mut Vec<Command>,
    ) {
        let story = doc.story();
        if self.positions.0 != Some(doc.revision()) {
            self.positions.1 = story
                .blocks
                .iter()
                .enumerate()
                .map(|(i, b)| (b.id, i))
                .collect();
            self.positions.0 = Some(doc.revision());
        }
        if story.row_index(self.active).is_none() {
            self.active = RowRef::Headline;
        }
        let now = ui.input(|i| i.time);
        let keys = if self.is_holding() {
            Keys {
                confirm: false,
                previous: false,
                next: false,
            }
        } else {
            Self::keys_ui(ui)
        };

        self.read_only_ui(ui, doc.held_elsewhere(), commands);
        self.find_ui(ui, doc, commands);
        self.toolbar_ui(ui, story, commands);
        self.merge_notes_ui(ui, story, commands);
        ui.separator();
        Self::column_headings_ui(ui);
        self.rows_ui(ui, story, desk_root, now, commands);
        self.pending_paste_ui(ui, story, now, commands);

        // Keyboard actions run after the fields, so they see this frame's typing.
        if keys.confirm {
            self.confirm_and_next(story, commands);
        }
        if keys.previous {
            self.move_active(story, -1, false, commands);
        }
        if keys.next {
            self.move_active(story, 1, false, commands);
        }

        // Commit the draft when its field lost focus or the typing paused.
        if let Some(draft) = &self.draft {
            let focused = ui.memory(|m| m.has_focus(draft.field.id(&self.slug)));
            if !focused || now - draft.changed_at >= DRAFT_PAUSE {
                self.commit_draft(story, commands);
            } else {
                ui.ctx()
                    .request_repaint_after(std::time::Duration::from_secs_f64(DRAFT_PAUSE));
            }
        }
    }

    /// Says why the copy cannot be changed here, when it cannot; when it is because someone
    /// else has the story open, offers to take it over, after a confirmation.
    fn read_only_ui(&mut self, ui: &mut Ui, held_elsewhere: bool, commands: &mut Vec<Command>) {
        let Some(why) = self
            .rights
            .as_ref()
            .and_then(|r| r.read_only_because.clone())
        else {
            self.confirm_take_over = false;
            return;
        };
        egui::Frame::group(ui.style())
            .stroke(egui::Stroke::new(1.0, theme::warning_color()))
            .show(ui, |ui| {
                ui.horizontal_wrapped(|ui| {
                    ui.label(
                        RichText::new(format!("Read only: {why}"))
                            .color(theme::warning_color())
                            .strong(),
                    );
                    if !held_elsewhere {
                        return;
                    }
                    if self.confirm_take_over {
                        ui.label("Their window turns read-only; what they have not saved yet is kept in a conflict copy.");
                        if ui.button("Take over now").clicked() {
                            commands.push(Command::TakeOver(self.slug.clone()));
                            self.confirm_take_over = false;
                        }
                        if ui.button("Cancel").clicked() {
                            self.confirm_take_over = false;
                        }
                    } else if ui.button("Take over…").clicked() {
                        self.confirm_take_over = true;
                    }
                });
            });
    }

    fn keys_ui(ui: &mut Ui) -> Keys {
        ui.input_mut(|i| Keys {
            confirm: i.consume_key(Modifiers::COMMAND, Key::Enter),
            previous: i.consume_key(Modifiers::COMMAND, Key::ArrowUp),
            next: i.consume_key(Modifiers::COMMAND, Key::ArrowDown),
        })
    }

    fn confirm_and_next(&mut self, story: &Story, commands: &mut Vec<Command>) {
        let row = self.active;
        // The text being typed is part of what is confirmed.
        let english = match &self.draft {
            Some(d) if d.field == Field::Text(row, Side::English) => d.text.clone(),
            _ => story
                .row(row)
                .map(|r| r.english.clone())
                .unwrap_or_default(),
        };
        self.commit_draft(story, commands);
        let source_empty = story.row(row).is_none_or(|r| r.source.trim().is_empty());
        if english.trim().is_empty() && !source_empty {
            commands.push(Command::Notify(format!(
                "{} has no English yet, so it was not confirmed.",
                row_label(story, row)
            )));
            return;
        }
        let status = story.row(row).map_or(RowStatus::Untranslated, |r| r.status);
        let (target, label) = if self.reviewing {
            (RowStatus::Reviewed, "mark row reviewed")
        } else {
            (RowStatus::Translated, "confirm row")
        };
        // Confirming never lowers a status: a translator's Ctrl+Enter leaves a reviewed row be.
        let raise = match target {
            RowStatus::Reviewed => status != RowStatus::Reviewed,
            _ => !status.is_confirmed(),
        };
        if raise {
            commands.push(Command::Apply {
                slug: self.slug.clone(),
                edit: Edit::SetStatus {
                    row,
                    status: target,
                },
                label: label.to_owned(),
                row: Some(row),
            });
        }
        self.move_active(story, 1, true, commands);
    }

    /// Moves the active row by `delta`; with `skip_omitted`, past rows that do not run
    /// (confirming moves on to the next row to translate; Ctrl+Up/Down visit every row, so
    /// an omitted one can be reached and restored).
    fn move_active(
        &mut self,
        story: &Story,
        delta: isize,
        skip_omitted: bool,
        commands: &mut Vec<Command>,
    ) {
        let Some(mut index) = story.row_index(self.active) else {
            return;
        };
        self.commit_draft(story, commands);
        loop {
            let Some(next) = index.checked_add_signed(delta) else {
                return;
            };
            let Some(row) = story.row_at(next) else {
                return;
            };
            index = next;
            let omitted =
                matches!(row, RowRef::Block(id) if story.block(id).is_some_and(|b| b.omitted));
            if !(omitted && skip_omitted) {
                self.activate(row);
                return;
            }
        }
    }
}

impl StoryEditor {
    /// A block by id, through the positions map (falling back to a walk if the map is
    /// behind the story).
    fn block_of<'s>(
        &self,
        story: &'s Story,
        id: crate::model::BlockId,
    ) -> Option<&'s crate::model::Block> {
        self.positions
            .1
            .get(&id)
            .and_then(|&i| story.blocks.get(i))
            .filter(|b| b.id == id)
            .or_else(|| story.block(id))
    }

    /// A row's text and status.
    fn row_of<'s>(&self, story: &'s Story, row: RowRef) -> Option<&'s TextRow> {
        match row {
            RowRef::Headline => Some(&story.headline),
            RowRef::Deck => Some(&story.deck),
            RowRef::Block(id) => self.block_of(story, id).map(|b| &b.row),
        }
    }

    /// A row's name as a person reads it ("Row 3").
    fn label_of(&self, story: &Story, row: RowRef) -> String {
        match row {
            RowRef::Block(id) => match self.positions.1.get(&id) {
                Some(&i) if story.blocks.get(i).is_some_and(|b| b.id == id) => {
                    format!("Row {}", i + 1)
                }
                _ => row_label(story, row),
            },
            _ => row_label(story, row),
        }
    }

    /// What a field holds in the story.
    fn field_text_of<'s>(&self, story: &'s Story, field: Field) -> &'s str {
        let block = match field.row() {
            RowRef::Block(id) => self.block_of(story, id),
            _ => None,
        };
        draft::field_text_in(self.row_of(story, field.row()), block, field)
    }

    /// Whether the person may change a field now.
    fn field_editable(&self, field: Field) -> bool {
        match field {
            Field::Text(_, Side::Source) => self.may(|r| r.source),
            Field::Text(_, Side::English) => self.may(|r| r.english),
            Field::Credit(_) | Field::Alt(_) => self.may(|r| r.structure),
        }
    }
}

struct Keys {
    confirm: bool,
    previous: bool,
    next: bool,
}

/// The name of a row as a person reads it: "Headline", "Deck", "Row 3".
#[must_use]
pub fn row_label(story: &Story, row: RowRef) -> String {
    crate::model::row_name(story, row)
}
