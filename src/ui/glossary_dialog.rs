//! Desk > Glossary…: the desk's terms at a glance, import of a CSV, TSV or TBX file
//! (editors; Zawgyi terms converted or kept as the person says), and TBX export. The store
//! does the reading and writing; the core decides who may.

use egui::{Context, RichText};

use crate::command::Command;
use crate::store::glossary::ZawgyiChoice;
use crate::ui::path_field::{PathField, PathKind};

/// The dialog's state.
pub struct GlossaryDialog {
    import: PathField,
    export: PathField,
    zawgyi: Option<ZawgyiChoice>,
    /// What the last import or export said.
    pub report: String,
}

impl GlossaryDialog {
    /// A dialog with empty fields.
    #[must_use]
    pub fn new() -> Self {
        Self {
            import: PathField::new(PathKind::Glossary, "Import a glossary"),
            export: PathField::new(PathKind::Save, "Export the glossary as TBX"),
            zawgyi: None,
            report: String::new(),
        }
    }

    /// Shows the dialog; returns `false` when it is closed. `terms` is how many the
    /// glossary holds; `editor` whether the person may import.
    pub fn ui(
        &mut self,
        ctx: &Context,
        terms: usize,
        editor: bool,
        commands: &mut Vec<Command>,
    ) -> bool {
        let mut open = true;
        egui::Window::new("Glossary")
            .collapsible(false)
            .open(&mut open)
            .show(ctx, |ui| {
                ui.label(format!("The desk's glossary holds {terms} term(s)."));
                ui.separator();
                ui.add_enabled_ui(editor, |ui| {
                    ui.label(RichText::new("Import CSV, TSV or TBX").strong());
                    ui.label(
                        RichText::new("A CSV or TSV file needs a first row naming its columns, e.g. source,english,note")
                            .small()
                            .weak(),
                    );
                    self.import.ui(ui, "Glossary file");
                    ui.horizontal(|ui| {
                        ui.label("Zawgyi terms:");
                        ui.radio_value(&mut self.zawgyi, None, "ask");
                        ui.radio_value(&mut self.zawgyi, Some(ZawgyiChoice::Convert), "convert to Unicode");
                        ui.radio_value(&mut self.zawgyi, Some(ZawgyiChoice::Keep), "keep");
                    });
                    if ui
                        .add_enabled(self.import.path().is_some(), egui::Button::new("Import glossary"))
                        .clicked()
                        && let Some(path) = self.import.path()
                    {
                        commands.push(Command::ImportGlossary {
                            path,
                            zawgyi: self.zawgyi,
                        });
                    }
                });
                if !editor {
                    ui.label(RichText::new("Editors import glossaries; anyone on the desk adds a term with Add term….").small().weak());
                }
                ui.separator();
                ui.label(RichText::new("Export as TBX").strong());
                self.export.ui(ui, "TBX file to write");
                if ui
                    .add_enabled(self.export.path().is_some(), egui::Button::new("Export glossary"))
                    .clicked()
                    && let Some(path) = self.export.path()
                {
                    commands.push(Command::ExportGlossary(path));
                }
                if !self.report.is_empty() {
                    ui.separator();
                    ui.label(&self.report);
                }
            });
        open
    }
}

impl Default for GlossaryDialog {
    fn default() -> Self {
        Self::new()
    }
}
