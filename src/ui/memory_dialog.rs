//! Desk > Translation memories…: the memories imported from other tools (name, penalty,
//! size, where from, who imported them and when), importing a TMX file, and exporting the
//! desk's own memory as TMX. Editors change the imported memories; the core checks it.

use crate::command::Command;
use crate::store::memory::{ImportedMemory, MAX_PENALTY};
use crate::ui::path_field::{PathField, PathKind};

/// UI state of the dialog.
pub struct MemoryDialog {
    /// The imported memories as last read, with problems reading them.
    list: Vec<ImportedMemory>,
    problems: Vec<String>,
    /// Penalties as being edited, by memory name.
    penalties: Vec<(String, u8)>,
    import: PathField,
    name: String,
    penalty: u8,
    export: PathField,
}

impl std::fmt::Debug for MemoryDialog {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MemoryDialog")
            .field("memories", &self.list.len())
            .finish_non_exhaustive()
    }
}

impl MemoryDialog {
    /// The dialog, showing these imported memories.
    #[must_use]
    pub fn new(list: Vec<ImportedMemory>, problems: Vec<String>) -> Self {
        let penalties = list.iter().map(|m| (m.name.clone(), m.penalty)).collect();
        Self {
            list,
            problems,
            penalties,
            import: PathField::new(PathKind::Memory, "Import a translation memory"),
            name: String::new(),
            penalty: 5,
            export: PathField::new(PathKind::Save, "Export the desk's memory"),
        }
    }

    /// Shows the memories again after a change.
    pub fn refresh(&mut self, list: Vec<ImportedMemory>, problems: Vec<String>) {
        *self = Self {
            import: std::mem::replace(&mut self.import, PathField::new(PathKind::Memory, "")),
            export: std::mem::replace(&mut self.export, PathField::new(PathKind::Save, "")),
            ..Self::new(list, problems)
        };
    }

    /// Shows the dialog; returns `false` once it is closed. `editor`: whether the person may
    /// change the imported memories (the core refuses anyone else).
    pub fn ui(
        &mut self,
        ctx: &egui::Context,
        editor: bool,
        entries: Option<usize>,
        commands: &mut Vec<Command>,
    ) -> bool {
        let mut open = true;
        let mut close = false;
        egui::Window::new("Translation memories")
            .open(&mut open)
            .collapsible(false)
            .default_width(620.0)
            .show(ctx, |ui| {
                match entries {
                    Some(n) => ui.label(format!(
                        "The desk's memory holds {n} entries: every confirmed row of its stories, and the memories below."
                    )),
                    None => ui.label("Reading the desk's memory…"),
                };
                for problem in &self.problems {
                    ui.colored_label(crate::ui::theme::error_color(), problem);
                }
                ui.separator();
                ui.label(egui::RichText::new("Imported memories").strong());
                if self.list.is_empty() {
                    ui.label("None yet.");
                }
                if !self.list.is_empty() {
                    egui::Grid::new("memories").striped(true).show(ui, |ui| {
                        ui.label("Name");
                        ui.label("Units");
                        ui.label("Penalty");
                        ui.label("Imported");
                        ui.label("");
                        ui.end_row();
                        for (memory, (name, penalty)) in self.list.iter().zip(&mut self.penalties) {
                            ui.label(&memory.name);
                            ui.label(memory.units.len().to_string());
                            let field = ui.add_enabled(
                                editor,
                                egui::DragValue::new(penalty).range(0..=MAX_PENALTY).suffix(" points"),
                            );
                            let field = field.on_hover_text("Subtracted from this memory's match scores");
                            let field = field.accessible_name(format!("Penalty of {name}"));
                            if (field.drag_stopped() || field.lost_focus()) && *penalty != memory.penalty {
                                commands.push(Command::SetMemoryPenalty {
                                    name: name.clone(),
                                    penalty: *penalty,
                                });
                            }
                            ui.label(format!(
                                "{} by {}, {}",
                                memory.imported_from,
                                memory.imported_by,
                                memory.imported_at.format("%Y-%m-%d")
                            ));
                            if ui
                                .add_enabled(editor, egui::Button::new("Remove"))
                                .on_hover_text(format!("Remove {name} from the desk"))
                                .clicked()
                            {
                                commands.push(Command::RemoveMemory(name.clone()));
                            }
                            ui.end_row();
                        }
                    });
                }
                ui.separator();
                ui.add_enabled_ui(editor, |ui| {
                    ui.label(egui::RichText::new("Import a TMX file").strong());
                    self.import.ui(ui, "TMX file");
                    let label = ui.label("Name in the desk");
                    ui.add(egui::TextEdit::singleline(&mut self.name).hint_text("for example: Agency memory 2025"))
                        .labelled_by(label.id);
                    ui.horizontal(|ui| {
                        let label = ui.label("Penalty");
                        ui.add(egui::DragValue::new(&mut self.penalty).range(0..=MAX_PENALTY).suffix(" points"))
                            .labelled_by(label.id);
                    });
                    let ready = self.import.path().is_some() && !self.name.trim().is_empty();
                    if ui.add_enabled(ready, egui::Button::new("Import")).clicked()
                        && let Some(path) = self.import.path()
                    {
                        commands.push(Command::ImportMemory {
                            path,
                            name: self.name.trim().to_owned(),
                            penalty: self.penalty,
                        });
                    }
                });
                if !editor {
                    ui.label(egui::RichText::new("Editors import and remove memories.").small().weak());
                }
                ui.separator();
                ui.label(egui::RichText::new("Export the desk's memory").strong());
                self.export.ui(ui, "TMX file to write");
                ui.horizontal(|ui| {
                    if ui
                        .add_enabled(self.export.path().is_some(), egui::Button::new("Export as TMX"))
                        .clicked()
                        && let Some(path) = self.export.path()
                    {
                        commands.push(Command::ExportMemory(path));
                    }
                    if ui.button("Close").clicked() {
                        close = true;
                    }
                });
            });
        crate::ui::dialog_stays(ctx, open, close)
    }
}
