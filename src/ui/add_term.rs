//! The "Add term…" dialog (Ctrl+Shift+T): a glossary term from the selection in the source
//! (and the English, if any), with a note and English variants not to use. The core checks
//! the term and who may add it.

use egui::{Context, RichText};

use crate::command::Command;

/// The dialog's fields.
#[derive(Debug, Default, Clone)]
pub struct AddTermDialog {
    source: String,
    english: String,
    note: String,
    forbidden: String,
}

impl AddTermDialog {
    /// A dialog filled from a selection.
    #[must_use]
    pub fn new(source: &str, english: &str) -> Self {
        Self {
            source: source.trim().to_owned(),
            english: english.trim().to_owned(),
            ..Self::default()
        }
    }

    /// Shows the dialog; returns `false` when it is closed.
    pub fn ui(&mut self, ctx: &Context, commands: &mut Vec<Command>) -> bool {
        let mut open = true;
        let mut close = false;
        egui::Window::new("Add term")
            .collapsible(false)
            .resizable(false)
            .open(&mut open)
            .show(ctx, |ui| {
                egui::Grid::new("add-term").num_columns(2).show(ui, |ui| {
                    let label = ui.label("Source term");
                    ui.add(
                        egui::TextEdit::singleline(&mut self.source)
                            .font(crate::ui::theme::source_font())
                            .desired_width(280.0),
                    )
                    .labelled_by(label.id);
                    ui.end_row();
                    let label = ui.label("English");
                    ui.add(egui::TextEdit::singleline(&mut self.english).desired_width(280.0))
                        .labelled_by(label.id);
                    ui.end_row();
                    let label = ui.label("Note");
                    ui.add(egui::TextEdit::singleline(&mut self.note).desired_width(280.0))
                        .labelled_by(label.id);
                    ui.end_row();
                    let label = ui.label("Not to use");
                    ui.add(
                        egui::TextEdit::singleline(&mut self.forbidden)
                            .hint_text("variants, separated by ;")
                            .desired_width(280.0),
                    )
                    .labelled_by(label.id);
                    ui.end_row();
                });
                ui.label(
                    RichText::new("The term is found in sources on syllable boundaries.")
                        .small()
                        .weak(),
                );
                ui.horizontal(|ui| {
                    let ready = !self.source.trim().is_empty() && !self.english.trim().is_empty();
                    if ui.add_enabled(ready, egui::Button::new("Add")).clicked() {
                        commands.push(Command::AddTerm {
                            source: self.source.clone(),
                            english: self.english.clone(),
                            note: self.note.clone(),
                            forbidden: self
                                .forbidden
                                .split(';')
                                .map(str::trim)
                                .filter(|f| !f.is_empty())
                                .map(str::to_owned)
                                .collect(),
                        });
                        close = true;
                    }
                    if ui.button("Cancel").clicked() {
                        close = true;
                    }
                });
            });
        open && !close
    }
}
