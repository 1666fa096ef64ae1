//! A paste that looks like Zawgyi is held out of the field until the person compares it
//! with its conversion and chooses; a row whose stored source reads as Zawgyi says so.

use egui::text::{CCursor, CCursorRange};
use egui::{Id, RichText, Ui};

use super::draft::{Draft, field_text};
use super::{Field, PendingPaste, StoryEditor, row_label};
use crate::command::Command;
use crate::model::{RowRef, Side, Story};
use crate::ui::theme;
use crate::ui::zawgyi_dialog::{ZawgyiChoice, ZawgyiCompare};

impl StoryEditor {
    /// A Zawgyi-looking paste is taken out of the field's input and held for the person to
    /// compare with its conversion.
    pub(super) fn hold_zawgyi_paste(&mut self, ui: &Ui, field: Field, id: Id, text: &str) {
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
    pub(super) fn compare_row_source(&mut self, story: &Story, row: RowRef) {
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
    pub(super) fn zawgyi_flag_ui(&mut self, ui: &mut Ui, story: &Story, row: RowRef, source: &str) {
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
    pub(super) fn pending_paste_ui(
        &mut self,
        ui: &Ui,
        story: &Story,
        now: f64,
        commands: &mut Vec<Command>,
    ) {
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
}
