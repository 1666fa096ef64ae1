//! "Edit source…": a reporter's or editor's fix of one row's source after filing. The old
//! text goes into the history and the row is flagged for the translator.

use crate::command::Command;
use crate::model::RowRef;
use crate::ui::theme;

/// UI state of the dialog.
#[derive(Debug)]
pub struct FixSourceDialog {
    slug: String,
    row: RowRef,
    label: String,
    old: String,
    text: String,
    note: String,
}

impl FixSourceDialog {
    /// A dialog fixing the source of `row` (named `label`), which reads `text` now.
    #[must_use]
    pub fn new(slug: String, row: RowRef, label: String, text: String) -> Self {
        Self {
            slug,
            row,
            label,
            old: text.clone(),
            text,
            note: String::new(),
        }
    }

    /// Shows the dialog; returns `false` once it is closed.
    pub fn ui(&mut self, ctx: &egui::Context, commands: &mut Vec<Command>) -> bool {
        let mut open = true;
        let mut close = false;
        egui::Window::new(format!("Edit source of {}", self.label))
            .open(&mut open)
            .collapsible(false)
            .default_width(560.0)
            .show(ctx, |ui| {
                ui.label(
                    "The source is the reporter's. A fix is recorded in the history with the text as it was, and the translator sees the row flagged.",
                );
                let label = ui.label("Source");
                ui.add(
                    egui::TextEdit::multiline(&mut self.text)
                        .font(theme::source_font())
                        .desired_rows(4)
                        .desired_width(f32::INFINITY),
                )
                .labelled_by(label.id);
                let label = ui.label("Why (optional)");
                ui.add(egui::TextEdit::singleline(&mut self.note).desired_width(f32::INFINITY))
                    .labelled_by(label.id);
                ui.horizontal(|ui| {
                    let changed = self.text.trim() != self.old.trim() && !self.text.trim().is_empty();
                    if ui
                        .add_enabled(changed, egui::Button::new("Save fix"))
                        .clicked()
                    {
                        commands.push(Command::FixSource {
                            slug: self.slug.clone(),
                            row: self.row,
                            text: self.text.trim().to_owned(),
                            note: Some(self.note.trim().to_owned()).filter(|n| !n.is_empty()),
                        });
                        close = true;
                    }
                    if ui.button("Cancel").clicked() {
                        close = true;
                    }
                });
            });
        crate::ui::dialog_stays(ctx, open, close)
    }
}
