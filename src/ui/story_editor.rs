//! The story editor: source and English side by side, one row per paragraph, in one scroll.
//!
//! Only the rows in view are laid out: row heights are remembered once measured (and
//! estimated before that), so a 1,000-row investigation costs the same per frame as a
//! ten-row brief. Typing edits a draft; the draft becomes one undoable edit when the person
//! leaves the field, confirms the row, or pauses.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::path::Path;

use egui::text::{CCursor, CCursorRange};
use egui::{Align, Id, Key, Layout, Modifiers, Rect, RichText, Sense, Ui, UiBuilder, vec2};

use crate::command::Command;
use crate::edit::{Edit, ops};
use crate::model::{BlockKind, Photo, RowRef, RowStatus, Side, Stage, Story, TextRow};
use crate::session::StoryDoc;
use crate::store;
use crate::ui::zawgyi_dialog::{ZawgyiChoice, ZawgyiCompare};
use crate::ui::{script_text, theme};

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

/// Text being typed that is not yet an edit.
#[derive(Clone, Debug)]
struct Draft {
    field: Field,
    text: String,
    changed_at: f64,
}

/// UI state of the open story's editor.
#[derive(Debug)]
pub struct StoryEditor {
    slug: String,
    active: RowRef,
    draft: Option<Draft>,
    /// Measured row heights, valid for `heights_width`.
    heights: HashMap<RowRef, f32>,
    heights_width: f32,
    focus_request: Option<Field>,
    scroll_to_active: bool,
    /// Whether each photo file exists, checked once per editor.
    photo_found: HashMap<String, bool>,
    /// Fields of the active row the person has put the cursor in since it became active;
    /// only their cursors count for splitting.
    touched: HashSet<Field>,
    /// Whether the row being drawn is inside the view (and so can take the keyboard).
    focusable: bool,
    /// Whether an editor is reviewing: confirming a row then marks it reviewed.
    reviewing: bool,
    /// What the person may change in this story now (from the core's rules).
    rights: Option<crate::workflow::Rights>,
    /// Syllable-wise cursor movement and deletion in Burmese fields.
    clusters: script_text::ClusterEditing,
    /// A paste that looks like Zawgyi, held until the person chooses.
    pending_paste: Option<PendingPaste>,
    /// Whether each row's stored source reads as Zawgyi, with the hash of the text judged.
    zawgyi_rows: HashMap<RowRef, (u64, bool)>,
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
            photo_found: HashMap::new(),
            touched: HashSet::new(),
            focusable: false,
            reviewing: false,
            rights: None,
            clusters: script_text::ClusterEditing::default(),
            pending_paste: None,
            zawgyi_rows: HashMap::new(),
        }
    }

    /// The row the person is working on.
    #[must_use]
    pub fn active_row(&self) -> RowRef {
        self.active
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

        self.read_only_ui(ui);
        self.toolbar_ui(ui, story, commands);
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

    /// Says why the copy cannot be changed here, when it cannot.
    fn read_only_ui(&self, ui: &mut Ui) {
        if let Some(why) = self
            .rights
            .as_ref()
            .and_then(|r| r.read_only_because.as_deref())
        {
            egui::Frame::group(ui.style())
                .stroke(egui::Stroke::new(1.0, theme::warning_color()))
                .show(ui, |ui| {
                    ui.label(
                        RichText::new(format!("Read only: {why}"))
                            .color(theme::warning_color())
                            .strong(),
                    );
                });
        }
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

    fn toolbar_ui(&mut self, ui: &mut Ui, story: &Story, commands: &mut Vec<Command>) {
        // One line that scrolls sideways when the window is narrow (its scroll bar shows
        // there is more): wrapping would move the rows under the person's pointer, and
        // overflowing would widen the rows themselves.
        egui::ScrollArea::horizontal()
            .id_salt("toolbar")
            .scroll_bar_visibility(egui::scroll_area::ScrollBarVisibility::VisibleWhenNeeded)
            .show(ui, |ui| {
                ui.horizontal(|ui| {
                    ui.add_sized(
                        [72.0, 20.0],
                        egui::Label::new(RichText::new(row_label(story, self.active)).strong()),
                    )
                    .on_hover_text("The active row; the tools act on it.");
                    ui.separator();
                    self.row_actions_ui(ui, story, self.active, false, commands);
                });
            });
    }

    /// The writer's tools for one row, shared by the toolbar and each row's menu; `full`
    /// adds the rarer ones (change kind, delete) that only the row menu shows, so the toolbar
    /// keeps the same buttons in the same places whichever row is active.
    fn row_actions_ui(
        &mut self,
        ui: &mut Ui,
        story: &Story,
        row: RowRef,
        full: bool,
        commands: &mut Vec<Command>,
    ) {
        let structure = self.may(|r| r.structure);
        ui.add_enabled_ui(structure, |ui| {
            self.structure_actions_ui(ui, story, row, full, commands);
        });
        // The source is the reporter's: after filing, a reporter or an editor fixes a row
        // with a recorded change instead of typing over it.
        if full
            && !self.may(|r| r.source)
            && self.may(|r| r.fix_source)
            && ui
                .button("Edit source…")
                .on_hover_text("Fix this row's source; the old text is kept in the history and the translator sees the row flagged")
                .clicked()
        {
            self.commit_draft(story, commands);
            commands.push(Command::ShowFixSource(row));
            ui.close();
        }
    }

    /// The tools that change rows: insert, photo, move, split, merge, omit, kind, delete.
    fn structure_actions_ui(
        &mut self,
        ui: &mut Ui,
        story: &Story,
        row: RowRef,
        full: bool,
        commands: &mut Vec<Command>,
    ) {
        let block = match row {
            RowRef::Block(id) => story.block(id),
            _ => None,
        };
        // The toolbar shows short labels so it fits beside the side panel; the row menu the
        // long ones. Both carry the long name for screen readers (and tests).
        let button = |name: &'static str, short: &'static str| {
            egui::Button::new(if full { name } else { short })
        };
        for (kind, name, short) in [
            (BlockKind::Paragraph, "Insert paragraph", "+ Paragraph"),
            (BlockKind::Subhead, "Insert subhead", "+ Subhead"),
            (BlockKind::Quote, "Insert quote", "+ Quote"),
        ] {
            if ui
                .add(button(name, short))
                .accessible_name(name)
                .on_hover_text(format!(
                    "{name}: an English-only row after this one (no source)"
                ))
                .clicked()
            {
                let (edit, id) = ops::insert_after(story, Some(row), kind);
                self.act(
                    story,
                    commands,
                    row,
                    Some(edit),
                    &name.to_lowercase(),
                    Some(RowRef::Block(id)),
                );
                ui.close();
            }
        }
        if ui
            .add(button("Add photo…", "+ Photo…"))
            .accessible_name("Add photo…")
            .on_hover_text(
                "Add a photo after this row; the image is copied into the desk's media folder",
            )
            .clicked()
        {
            self.commit_draft(story, commands);
            commands.push(Command::AddPhoto {
                slug: self.slug.clone(),
                after: row,
            });
            ui.close();
        }
        let is_block = block.is_some();
        let id = block.map(|b| b.id);
        if ui
            .add_enabled(is_block, button("Move up", "Up"))
            .accessible_name("Move up")
            .on_hover_text("Move this row up")
            .clicked()
            && let Some(id) = id
        {
            self.act(
                story,
                commands,
                row,
                ops::move_by(story, id, -1),
                "move row up",
                Some(row),
            );
            ui.close();
        }
        if ui
            .add_enabled(is_block, button("Move down", "Down"))
            .accessible_name("Move down")
            .on_hover_text("Move this row down")
            .clicked()
            && let Some(id) = id
        {
            self.act(
                story,
                commands,
                row,
                ops::move_by(story, id, 1),
                "move row down",
                Some(row),
            );
            ui.close();
        }
        let is_text_block = block.is_some_and(|b| !matches!(b.kind, BlockKind::Photo(_)));
        if ui
            .add_enabled(is_text_block, button("Split at cursor", "Split"))
            .accessible_name("Split at cursor")
            .on_hover_text("Split the row where the cursor is on each side; a side never clicked stays whole in the upper row")
            .clicked()
            && let Some(id) = id
        {
            // Split the text as the person sees it, including what is still being typed.
            let current = with_draft(story, self.draft.as_ref());
            let source_at = self.cursor_byte(ui, &current, Field::Text(row, Side::Source));
            let english_at = self.cursor_byte(ui, &current, Field::Text(row, Side::English));
            let split = ops::split(&current, id, source_at, english_at).ok();
            self.act(story, commands, row, split.map(|(edit, _)| edit), "split row", Some(row));
            ui.close();
        }
        if ui
            .add_enabled(is_text_block, button("Merge with next", "Merge"))
            .accessible_name("Merge with next")
            .on_hover_text("Merge this row with the next one")
            .clicked()
            && let Some(id) = id
        {
            let current = with_draft(story, self.draft.as_ref());
            let merge = match ops::merge_with_next(&current, id) {
                Ok(edit) => Some(edit),
                Err(why) => {
                    commands.push(Command::Notify(format!("Cannot merge: {why}.")));
                    None
                }
            };
            self.act(story, commands, row, merge, "merge rows", Some(row));
            ui.close();
        }
        let omitted = block.is_some_and(|b| b.omitted);
        let name = if omitted { "Restore row" } else { "Omit row" };
        // Only a source row can be left out; an English-only row is deleted instead.
        let omittable = block.is_some_and(|b| !b.row.source.trim().is_empty());
        if ui
            .add_enabled(
                omittable,
                button(name, if omitted { "Restore" } else { "Omit" }),
            )
            .accessible_name(name)
            .on_hover_text("An omitted row keeps its source but is left out of the English copy")
            .clicked()
            && let Some(id) = id
        {
            self.act(
                story,
                commands,
                row,
                Some(Edit::SetOmitted {
                    id,
                    omitted: !omitted,
                }),
                &name.to_lowercase(),
                Some(row),
            );
            ui.close();
        }
        if let Some(block) = block
            && full
        {
            if !matches!(block.kind, BlockKind::Photo(_)) {
                for (kind, name) in [
                    (BlockKind::Paragraph, "Make paragraph"),
                    (BlockKind::Subhead, "Make subhead"),
                    (BlockKind::Quote, "Make quote"),
                ] {
                    if block.kind != kind && ui.button(name).clicked() {
                        self.act(
                            story,
                            commands,
                            row,
                            Some(Edit::SetKind { id: block.id, kind }),
                            &name.to_lowercase(),
                            Some(row),
                        );
                        ui.close();
                    }
                }
            }
            // Only rows without source can be deleted: a source paragraph is omitted, never lost.
            let deletable = block.row.source.trim().is_empty();
            if ui
                .add_enabled(deletable, egui::Button::new("Delete row"))
                .on_disabled_hover_text("Rows with source text are omitted, not deleted")
                .clicked()
            {
                let index = story.row_index(row).unwrap_or(2);
                let focus = story.row_at(index + 1).or_else(|| story.row_at(index - 1));
                self.act(
                    story,
                    commands,
                    row,
                    Some(Edit::RemoveBlock { id: block.id }),
                    "delete row",
                    focus,
                );
                ui.close();
            }
        }
        // The person's override when the detector was unsure: compare, then convert.
        let source = story.row(row).map_or("", |r| r.source.as_str());
        if full
            && self.may(|r| r.source)
            && source.chars().any(crate::script::is_myanmar)
            && ui
                .button("Convert source from Zawgyi…")
                .on_hover_text("Compare this row's source with its conversion from Zawgyi")
                .clicked()
        {
            self.compare_row_source(story, row);
            ui.close();
        }
    }

    /// Commits the draft, then queues a writer's edit and moves to the row it produced.
    fn act(
        &mut self,
        story: &Story,
        commands: &mut Vec<Command>,
        row: RowRef,
        edit: Option<Edit>,
        label: &str,
        focus: Option<RowRef>,
    ) {
        self.commit_draft(story, commands);
        if let Some(edit) = edit {
            commands.push(Command::Apply {
                slug: self.slug.clone(),
                edit,
                label: label.to_owned(),
                row: Some(row),
            });
            if let Some(focus) = focus {
                self.activate(focus);
            }
        }
    }

    /// Where the cursor was last in a field, as a byte offset; the end when it never had one.
    fn cursor_byte(&self, ui: &Ui, story: &Story, field: Field) -> usize {
        let Field::Text(row, side) = field else {
            return 0;
        };
        let text = story.row(row).map_or("", |r| r.text(side));
        if !self.touched.contains(&field) {
            return text.len();
        }
        let state = egui::TextEdit::load_state(ui.ctx(), field.id(&self.slug));
        let Some(range) = state.and_then(|s| s.cursor.char_range()) else {
            return text.len();
        };
        let chars = range.primary.index.0;
        text.char_indices()
            .nth(chars)
            .map_or(text.len(), |(byte, _)| byte)
    }

    fn column_headings_ui(ui: &mut Ui) {
        let width = ui.available_width();
        let col = column_width(width);
        let (rect, _) = ui.allocate_exact_size(vec2(width, 18.0), Sense::hover());
        let painter = ui.painter();
        let color = ui.visuals().weak_text_color();
        let font = egui::FontId::proportional(12.0);
        painter.text(
            rect.left_top() + vec2(theme::GUTTER_WIDTH + theme::GAP, 0.0),
            egui::Align2::LEFT_TOP,
            "SOURCE",
            font.clone(),
            color,
        );
        painter.text(
            rect.left_top() + vec2(theme::GUTTER_WIDTH + 2.0 * theme::GAP + col, 0.0),
            egui::Align2::LEFT_TOP,
            "ENGLISH",
            font,
            color,
        );
    }

    fn rows_ui(
        &mut self,
        ui: &mut Ui,
        story: &Story,
        desk_root: &Path,
        now: f64,
        commands: &mut Vec<Command>,
    ) {
        let scroll_to_active = std::mem::take(&mut self.scroll_to_active);
        egui::ScrollArea::vertical()
            .id_salt(("rows", &self.slug))
            .auto_shrink([false, false])
            .show_viewport(ui, |ui, viewport| {
                let width = ui.available_width();
                if (width - self.heights_width).abs() > 0.5 {
                    self.heights.clear();
                    self.heights_width = width;
                }
                let origin = ui.max_rect().min;
                // Lay out a margin beyond the view so fast scrolling does not show gaps.
                let margin = 300.0;
                let mut y = 0.0;
                // Rows with their data in one pass: looking each block up by id would make
                // every frame quadratic in the story's length.
                let rows = [
                    (RowRef::Headline, &story.headline, false),
                    (RowRef::Deck, &story.deck, false),
                ]
                .into_iter()
                .chain(story.blocks.iter().map(|b| {
                    let photo = matches!(b.kind, BlockKind::Photo(_));
                    (RowRef::Block(b.id), &b.row, photo)
                }));
                for (row, text_row, photo) in rows {
                    let height = self
                        .heights
                        .get(&row)
                        .copied()
                        .unwrap_or_else(|| estimate_height(text_row, photo, width));
                    let top = y;
                    let wanted = self.focus_request.is_some_and(|f| f.row() == row);
                    let in_view =
                        top + height >= viewport.min.y - margin && top <= viewport.max.y + margin;
                    // A field outside the view cannot take the keyboard; the request waits
                    // until scrolling has brought the row in.
                    self.focusable = top + height > viewport.min.y && top < viewport.max.y;
                    let mut actual = height;
                    if in_view || wanted {
                        actual = self.row_ui(
                            ui,
                            story,
                            row,
                            origin + vec2(0.0, top),
                            width,
                            desk_root,
                            now,
                            commands,
                        );
                        if (actual - height).abs() > 0.5 {
                            self.heights.insert(row, actual);
                            ui.ctx().request_repaint();
                        }
                    }
                    if (scroll_to_active && row == self.active) || (wanted && !self.focusable) {
                        let rect =
                            Rect::from_min_size(origin + vec2(0.0, top), vec2(width, actual));
                        ui.scroll_to_rect(rect, None);
                    }
                    y += actual;
                }
                ui.allocate_rect(Rect::from_min_size(origin, vec2(width, y)), Sense::hover());
            });
    }

    #[expect(
        clippy::too_many_arguments,
        reason = "one row needs its story, place and context"
    )]
    fn row_ui(
        &mut self,
        ui: &mut Ui,
        story: &Story,
        row: RowRef,
        top_left: egui::Pos2,
        width: f32,
        desk_root: &Path,
        now: f64,
        commands: &mut Vec<Command>,
    ) -> f32 {
        let Some(text_row) = story.row(row) else {
            return 0.0;
        };
        let block = match row {
            RowRef::Block(id) => story.block(id),
            _ => None,
        };
        let omitted = block.is_some_and(|b| b.omitted);
        if omitted && self.focus_request == Some(Field::Text(row, Side::English)) {
            // An omitted row has no English field; put the cursor in its source instead.
            self.focus_request = Some(Field::Text(row, Side::Source));
        }
        let col = column_width(width);
        let pad = theme::ROW_PADDING;
        let background = ui.painter().add(egui::Shape::Noop);
        // A click on the row's blank space (beside a short text, between the fields) puts
        // the cursor in its English side, so what is typed next lands in this row. Sensed
        // before the fields, so the fields themselves stay on top and keep their clicks.
        let known_height = self
            .heights
            .get(&row)
            .copied()
            .unwrap_or_else(|| estimate_height(text_row, false, width));
        let blank = ui.interact(
            Rect::from_min_size(top_left, vec2(width, known_height)),
            Id::unique(("row-blank", &self.slug, row)),
            Sense::click(),
        );
        if blank.clicked() {
            self.commit_draft(story, commands);
            self.activate(row);
        }
        let label = row_label(story, row);

        // Gutter: row name, kind, status and the row menu.
        let gutter_rect =
            Rect::from_min_size(top_left + vec2(0.0, pad), vec2(theme::GUTTER_WIDTH, 200.0));
        let mut gutter = ui.new_child(
            UiBuilder::new()
                .max_rect(gutter_rect)
                .layout(Layout::top_down(Align::Min)),
        );
        gutter.spacing_mut().item_spacing.y = 2.0;
        let name =
            gutter.add(egui::Label::new(RichText::new(&label).strong()).sense(Sense::click()));
        if name.clicked() {
            self.commit_draft(story, commands);
            self.activate(row);
        }
        if let Some(block) = block {
            let kind = if omitted {
                format!("{} · omitted", block.kind.label())
            } else {
                block.kind.label().to_owned()
            };
            gutter.label(RichText::new(kind).small().weak());
        }
        let status = text_row.status;
        gutter
            .label(
                RichText::new(format!("• {}", status.label()))
                    .small()
                    .color(theme::status_color(status)),
            )
            .on_hover_text(format!("{label}: {}", status.label()));
        let open_comments = story
            .comments
            .iter()
            .filter(|c| c.anchor == row && c.is_open())
            .count();
        if open_comments > 0 {
            gutter.label(
                RichText::new(format!("{open_comments} comment(s)"))
                    .small()
                    .color(theme::warning_color()),
            );
        }
        gutter
            .menu_button("Row…", |ui| {
                self.row_actions_ui(ui, story, row, true, commands);
            })
            .response
            .accessible_name(format!("{label} actions"));
        let gutter_height = gutter.min_rect().height();

        // Source side.
        let source_rect = Rect::from_min_size(
            top_left + vec2(theme::GUTTER_WIDTH + theme::GAP, pad),
            vec2(col, 10_000.0),
        );
        let mut source_ui = ui.new_child(
            UiBuilder::new()
                .max_rect(source_rect)
                .layout(Layout::top_down(Align::Min)),
        );
        if let Some(BlockKind::Photo(photo)) = block.map(|b| &b.kind) {
            self.photo_ui(&mut source_ui, photo, desk_root);
        }
        if let Some(block) = block
            && let Some(previous) = &block.previous_source
        {
            self.refiled_ui(&mut source_ui, block.id, previous, &label, commands);
        }
        self.text_field_ui(
            &mut source_ui,
            story,
            Field::Text(row, Side::Source),
            col,
            omitted,
            now,
            commands,
        );
        self.zawgyi_flag_ui(&mut source_ui, story, row, &text_row.source);
        let source_height = source_ui.min_rect().height();

        // English side.
        let english_rect = Rect::from_min_size(
            top_left + vec2(theme::GUTTER_WIDTH + 2.0 * theme::GAP + col, pad),
            vec2(col, 10_000.0),
        );
        let mut english_ui = ui.new_child(
            UiBuilder::new()
                .max_rect(english_rect)
                .layout(Layout::top_down(Align::Min)),
        );
        if omitted {
            english_ui.label(
                RichText::new("Not running: left out of the English copy.")
                    .italics()
                    .weak(),
            );
        } else if matches!(block.map(|b| &b.kind), Some(BlockKind::Photo(_))) {
            // Three fields: each keeps a visible name once its hint is gone.
            for (field, name) in [
                (Field::Text(row, Side::English), "Caption"),
                (Field::Credit(row), "Credit"),
                (Field::Alt(row), "Alt text"),
            ] {
                english_ui.label(RichText::new(name).small().weak());
                self.text_field_ui(&mut english_ui, story, field, col, false, now, commands);
            }
        } else {
            self.text_field_ui(
                &mut english_ui,
                story,
                Field::Text(row, Side::English),
                col,
                false,
                now,
                commands,
            );
        }
        let english_height = english_ui.min_rect().height();

        let height = gutter_height.max(source_height).max(english_height) + 2.0 * pad;
        let rect = Rect::from_min_size(top_left, vec2(width, height));
        let visuals = ui.visuals();
        if row == self.active {
            ui.painter().set(
                background,
                egui::epaint::RectShape::filled(rect, 4.0, theme::active_row_fill(visuals)),
            );
        } else {
            ui.painter().set(
                background,
                egui::Shape::line_segment(
                    [rect.left_bottom(), rect.right_bottom()],
                    visuals.widgets.noninteractive.bg_stroke,
                ),
            );
        }
        height
    }

    /// A Zawgyi-looking paste is taken out of the field's input and held for the person to
    /// compare with its conversion.
    fn hold_zawgyi_paste(&mut self, ui: &Ui, field: Field, id: Id, text: &str) {
        if !ui.memory(|m| m.has_focus(id)) {
            return;
        }
        let pasted = ui.input(|i| {
            i.events.iter().find_map(|e| match e {
                egui::Event::Paste(pasted) => Some(pasted.clone()),
                _ => None,
            })
        });
        let Some(compare) = pasted.and_then(|p| ZawgyiCompare::if_zawgyi("the pasted text", &p))
        else {
            return;
        };
        // The events after the paste are typing meant for the comparison, not the field.
        ui.input_mut(|i| i.events.clear());
        ui.memory_mut(|m| m.surrender_focus(id));
        let end_of_text = text.chars().count();
        let (start, end) = egui::TextEdit::load_state(ui.ctx(), id)
            .and_then(|s| s.cursor.char_range())
            .map_or((end_of_text, end_of_text), |r| {
                let (a, b) = (r.primary.index.0, r.secondary.index.0);
                (a.min(b), a.max(b))
            });
        self.pending_paste = Some(PendingPaste {
            field,
            start,
            end,
            text_at_hold: text.to_owned(),
            compare,
        });
    }

    /// Opens the Zawgyi comparison for a row's whole source (as it is being typed, if it is).
    fn compare_row_source(&mut self, story: &Story, row: RowRef) {
        let field = Field::Text(row, Side::Source);
        let current = match &self.draft {
            Some(d) if d.field == field => d.text.as_str(),
            _ => story.row(row).map_or("", |r| r.source.as_str()),
        };
        let label = row_label(story, row);
        if let Some(compare) = ZawgyiCompare::new(&format!("{label}'s source"), current) {
            self.pending_paste = Some(PendingPaste {
                field,
                start: 0,
                end: current.chars().count(),
                text_at_hold: current.to_owned(),
                compare,
            });
        }
    }

    /// A row whose stored source reads as Zawgyi (typed on a Zawgyi keyboard, or kept as
    /// it came) says so under the field, with the comparison a click away. Checked again
    /// only when the row's source changes.
    fn zawgyi_flag_ui(&mut self, ui: &mut Ui, story: &Story, row: RowRef, source: &str) {
        let hash = {
            use std::hash::{Hash as _, Hasher as _};
            let mut hasher = std::hash::DefaultHasher::new();
            source.hash(&mut hasher);
            hasher.finish()
        };
        let zawgyi = match self.zawgyi_rows.get(&row) {
            Some(&(known, zawgyi)) if known == hash => zawgyi,
            _ => {
                let zawgyi = crate::script::zawgyi::looks_like_zawgyi(source);
                self.zawgyi_rows.insert(row, (hash, zawgyi));
                zawgyi
            }
        };
        if !zawgyi {
            return;
        }
        let label = row_label(story, row);
        ui.horizontal_wrapped(|ui| {
            ui.label(
                RichText::new("This source looks like Zawgyi, not Unicode.")
                    .small()
                    .color(theme::warning_color()),
            );
            if ui
                .small_button("Compare and convert…")
                .accessible_name(format!("Compare {label} source with Unicode"))
                .clicked()
            {
                self.compare_row_source(story, row);
            }
        });
    }

    /// The comparison for a held paste; the chosen text goes into the field as typing would.
    fn pending_paste_ui(&mut self, ui: &Ui, story: &Story, now: f64, commands: &mut Vec<Command>) {
        let Some(pending) = &self.pending_paste else {
            return;
        };
        let Some(choice) = pending.compare.ui(ui.ctx()) else {
            return;
        };
        let Some(pending) = self.pending_paste.take() else {
            return;
        };
        let id = pending.field.id(&self.slug);
        ui.memory_mut(|m| m.request_focus(id));
        if choice == ZawgyiChoice::Cancel {
            return;
        }
        let current = match &self.draft {
            Some(d) if d.field == pending.field => d.text.clone(),
            _ => field_text(story, pending.field).to_owned(),
        };
        if current != pending.text_at_hold {
            commands.push(Command::Notify(format!(
                "{} changed while the comparison was open, so the text was not put in; paste it again.",
                row_label(story, pending.field.row())
            )));
            return;
        }
        // Typing in another field first commits that field's draft, and so does this.
        if self
            .draft
            .as_ref()
            .is_some_and(|d| d.field != pending.field)
        {
            self.commit_draft(story, commands);
        }
        let chars: Vec<char> = current.chars().collect();
        let start = pending.start.min(chars.len());
        let end = pending.end.clamp(start, chars.len());
        let mut inserted = pending.compare.text(choice).to_owned();
        if matches!(pending.field, Field::Credit(_)) {
            // A one-line field, as egui would have pasted into it.
            inserted = inserted.replace(['\r', '\n'], " ");
        }
        let text: String = chars[..start]
            .iter()
            .copied()
            .chain(inserted.chars())
            .chain(chars[end..].iter().copied())
            .collect();
        self.draft = Some(Draft {
            field: pending.field,
            text,
            changed_at: now,
        });
        let cursor = CCursor::new(start + inserted.chars().count());
        if let Some(mut state) = egui::TextEdit::load_state(ui.ctx(), id) {
            state.cursor.set_char_range(Some(CCursorRange::one(cursor)));
            state.store(ui.ctx(), id);
        }
    }

    /// The re-filed-source flag: the source as it was, for the translator to compare, and a
    /// button to clear the flag once the English has been checked.
    fn refiled_ui(
        &mut self,
        ui: &mut Ui,
        id: crate::model::BlockId,
        previous: &str,
        label: &str,
        commands: &mut Vec<Command>,
    ) {
        egui::Frame::group(ui.style())
            .stroke(egui::Stroke::new(1.0, theme::warning_color()))
            .show(ui, |ui| {
                ui.label(
                    RichText::new("The reporter re-filed this paragraph. Before:")
                        .small()
                        .color(theme::warning_color()),
                );
                if previous.is_empty() {
                    ui.label(RichText::new("(a new paragraph)").italics().weak());
                } else {
                    let color = ui.visuals().weak_text_color();
                    let width = ui.available_width();
                    script_text::label(ui, previous, theme::source_font(), color, width);
                }
                let may_clear = self.may(|r| r.clear_flag);
                if ui
                    .add_enabled(may_clear, egui::Button::new("Checked: clear flag").small())
                    .accessible_name(format!("Clear source flag on {label}"))
                    .clicked()
                {
                    commands.push(Command::Apply {
                        slug: self.slug.clone(),
                        edit: Edit::SetPreviousSource { id, previous: None },
                        label: "clear source flag".to_owned(),
                        row: Some(RowRef::Block(id)),
                    });
                }
            });
    }

    fn photo_ui(&mut self, ui: &mut Ui, photo: &Photo, desk_root: &Path) {
        let path = store::media_path(desk_root, &photo.file);
        let found = *self
            .photo_found
            .entry(photo.file.clone())
            .or_insert_with(|| path.is_file());
        if found {
            let uri = format!("file://{}", path.display());
            ui.add(
                egui::Image::new(uri)
                    .max_height(theme::THUMBNAIL_HEIGHT)
                    .max_width(ui.available_width())
                    .maintain_aspect_ratio(true)
                    .alt_text(photo.alt.clone()),
            );
        } else {
            ui.colored_label(
                theme::error_color(),
                format!(
                    "Photo missing: {} is not in the desk's media folder.",
                    photo.file
                ),
            );
        }
    }

    #[expect(
        clippy::too_many_arguments,
        reason = "a field needs its story, place and context"
    )]
    fn text_field_ui(
        &mut self,
        ui: &mut Ui,
        story: &Story,
        field: Field,
        width: f32,
        greyed: bool,
        now: f64,
        commands: &mut Vec<Command>,
    ) {
        let label = row_label(story, field.row());
        let (name, hint, font, multiline) = match field {
            Field::Text(row, side) => {
                let is_photo = matches!(row, RowRef::Block(id) if story.block(id).is_some_and(|b| matches!(b.kind, BlockKind::Photo(_))));
                let side_name = match side {
                    Side::Source => "source",
                    Side::English => "English",
                };
                let name = if is_photo {
                    format!("{label} caption {side_name}")
                } else {
                    format!("{label} {side_name}")
                };
                let hint = match (side, is_photo) {
                    (Side::Source, true) => "Caption in the source language",
                    (Side::English, true) => "Caption in English",
                    (Side::Source, false) => match row {
                        RowRef::Headline => "Headline in the source language",
                        RowRef::Deck => "Deck in the source language",
                        RowRef::Block(_) => "No source: an English-only row",
                    },
                    (Side::English, false) => "English translation",
                };
                let font = match (row, side) {
                    (RowRef::Headline, Side::Source) => theme::headline_font(true),
                    (RowRef::Headline, Side::English) => theme::headline_font(false),
                    (_, Side::Source) => theme::source_font(),
                    (_, Side::English) => theme::english_font(),
                };
                (name, hint, font, true)
            }
            Field::Credit(_) => (
                format!("{label} credit"),
                "Photo credit",
                theme::english_font(),
                false,
            ),
            Field::Alt(_) => (
                format!("{label} alt text"),
                "Description for readers who cannot see the photo",
                theme::english_font(),
                true,
            ),
        };
        let stored = field_text(story, field);
        let mut text = match &self.draft {
            Some(d) if d.field == field => d.text.clone(),
            _ => stored.to_owned(),
        };
        let id = field.id(&self.slug);
        self.hold_zawgyi_paste(ui, field, id, &text);
        // Syllable-wise wrapping and editing, for text in a script that needs them.
        let script_rules = crate::script::needs_script_rules(&text);
        let text_before = script_rules.then(|| text.clone());
        self.clusters.before(ui, id, &text);
        let cursor_before =
            egui::TextEdit::load_state(ui.ctx(), id).and_then(|s| s.cursor.char_range());
        let color = greyed.then(|| theme::omitted_text(ui.visuals()));
        let format =
            (script_rules && multiline).then(|| script_text::field_format(ui, font.clone(), color));
        let mut layouter = |ui: &Ui, buf: &dyn egui::TextBuffer, wrap_width: f32| {
            let format = format.clone().unwrap_or_default();
            script_text::layout(ui, buf.as_str(), &format, wrap_width)
        };
        // A field the person may not change is read-only: its text can still be selected and
        // copied, and typing into it goes nowhere (never into the story).
        let editable = self.field_editable(field);
        let read_only_copy = text.clone();
        let mut read_only: &str = &read_only_copy;
        let buffer: &mut dyn egui::TextBuffer = if editable { &mut text } else { &mut read_only };
        let mut edit = if multiline {
            egui::TextEdit::multiline(buffer).desired_rows(1)
        } else {
            egui::TextEdit::singleline(buffer)
        };
        edit = edit.id(id).font(font).desired_width(width).hint_text(hint);
        if let Some(color) = color {
            edit = edit.text_color(color);
        }
        if format.is_some() {
            edit = edit.layouter(&mut layouter);
        }
        let response = ui.add(edit).accessible_name(name);
        if let Some(text_before) = &text_before {
            self.clusters
                .after(ui, id, text_before, &text, cursor_before, &response);
        }
        if response.changed() {
            // Typing in another field first commits the previous field's draft.
            if self.draft.as_ref().is_some_and(|d| d.field != field) {
                self.commit_draft(story, commands);
            }
            self.draft = Some(Draft {
                field,
                text,
                changed_at: now,
            });
        }
        if response.gained_focus() {
            // Tab can reach a field below the view: bring it into sight before typing.
            response.scroll_to_me(None);
        }
        if response.gained_focus() || response.clicked() || response.changed() {
            if self.active != field.row() {
                self.touched.clear();
            }
            self.active = field.row();
            self.touched.insert(field);
        }
        if self.focus_request == Some(field) && self.focusable {
            self.focus_request = None;
            response.request_focus();
            let end = CCursor::new(field_text(story, field).chars().count());
            if let Some(mut state) = egui::TextEdit::load_state(ui.ctx(), id) {
                state.cursor.set_char_range(Some(CCursorRange::one(end)));
                state.store(ui.ctx(), id);
            }
        }
    }
}

impl StoryEditor {
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
    match row {
        RowRef::Headline => "Headline".to_owned(),
        RowRef::Deck => "Deck".to_owned(),
        RowRef::Block(id) => story
            .block_index(id)
            .map_or_else(|| "Row ?".to_owned(), |i| format!("Row {}", i + 1)),
    }
}

fn column_width(width: f32) -> f32 {
    ((width - theme::GUTTER_WIDTH - 3.0 * theme::GAP) / 2.0).max(120.0)
}

fn field_text(story: &Story, field: Field) -> &str {
    match field {
        Field::Text(row, side) => story.row(row).map_or("", |r| r.text(side)),
        Field::Credit(row) | Field::Alt(row) => match row {
            RowRef::Block(id) => match story.block(id).map(|b| &b.kind) {
                Some(BlockKind::Photo(photo)) => {
                    if matches!(field, Field::Credit(_)) {
                        &photo.credit
                    } else {
                        &photo.alt
                    }
                }
                _ => "",
            },
            _ => "",
        },
    }
}

/// The edit that a draft stands for, or `None` if it changes nothing.
fn draft_edit(story: &Story, draft: &Draft) -> Option<Edit> {
    if field_text(story, draft.field) == draft.text {
        return None;
    }
    match draft.field {
        Field::Text(row, side) => {
            let set = Edit::SetText {
                row,
                side,
                text: draft.text.clone(),
            };
            let Some(current) = story.row(row) else {
                return Some(set);
            };
            let english_empty = match side {
                Side::English => draft.text.trim().is_empty(),
                Side::Source => current.english.trim().is_empty(),
            };
            let status = current.status.after_change(side, english_empty);
            Some(if status == current.status {
                set
            } else {
                Edit::Batch(vec![set, Edit::SetStatus { row, status }])
            })
        }
        Field::Credit(row) | Field::Alt(row) => {
            let RowRef::Block(id) = row else {
                return None;
            };
            let Some(BlockKind::Photo(photo)) = story.block(id).map(|b| &b.kind) else {
                return None;
            };
            let mut photo = photo.clone();
            if matches!(draft.field, Field::Credit(_)) {
                photo.credit.clone_from(&draft.text);
            } else {
                photo.alt.clone_from(&draft.text);
            }
            Some(Edit::SetKind {
                id,
                kind: BlockKind::Photo(photo),
            })
        }
    }
}

/// A guess at a row's height before it has been laid out: enough lines for the longer side.
fn estimate_height(text_row: &TextRow, photo: bool, width: f32) -> f32 {
    let col = column_width(width);
    // Bytes, not characters: this runs for every row on every frame and must stay O(1).
    // Myanmar letters take three bytes in UTF-8, Latin ones one.
    let chars_per_line = (col / 8.0).max(10.0);
    let lines = |bytes: usize| (bytes as f32 / chars_per_line).ceil().max(1.0);
    let source_lines = lines(text_row.source.len() / 3);
    let english_lines = lines(text_row.english.len());
    let mut height =
        (source_lines * 30.0).max(english_lines * 20.0) + 2.0 * theme::ROW_PADDING + 8.0;
    if photo {
        height += theme::THUMBNAIL_HEIGHT + 60.0;
    }
    height.max(70.0)
}

/// The story as the person sees it: with the text being typed applied.
fn with_draft<'a>(story: &'a Story, draft: Option<&Draft>) -> Cow<'a, Story> {
    match draft.and_then(|d| draft_edit(story, d)) {
        Some(edit) => {
            let mut current = story.clone();
            // A draft's edit names a row of this story; if it fails, the stored text is used.
            let _ = edit.apply(&mut current);
            Cow::Owned(current)
        }
        None => Cow::Borrowed(story),
    }
}
