//! The writer's tools for a row, in the toolbar and in each row's menu: insert, photo,
//! move, split, merge, omit, change kind, delete, and the reporter's "Edit source…".

use egui::{RichText, Ui};

use super::draft::with_draft;
use super::{Field, StoryEditor, row_label};
use crate::command::Command;
use crate::edit::{Edit, ops};
use crate::model::{BlockKind, RowRef, Side, Story};

impl StoryEditor {
    pub(super) fn toolbar_ui(&mut self, ui: &mut Ui, story: &Story, commands: &mut Vec<Command>) {
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
    pub(super) fn row_actions_ui(
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
    pub(super) fn structure_actions_ui(
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
    pub(super) fn act(
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
    pub(super) fn cursor_byte(&self, ui: &Ui, story: &Story, field: Field) -> usize {
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
}
