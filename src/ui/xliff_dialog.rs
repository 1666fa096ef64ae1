//! File > Export XLIFF… and File > Import XLIFF…: the open story handed to a freelance
//! translator's tool, and their file taken back — first checked, with a summary of what
//! would change, then applied as one undoable step, with a summary of what changed.

use egui::RichText;

use crate::command::Command;
use crate::ui::path_field::{PathField, PathKind};
use crate::ui::theme;
use crate::xliff::XliffVersion;

/// Which way the dialog works.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum XliffMode {
    /// Write the story as XLIFF.
    Export,
    /// Take a translator's XLIFF file back.
    Import,
}

/// What the last check or import of a file said.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct XliffOutcome {
    /// Whether the English was taken into the story (not only checked).
    pub applied: bool,
    /// Whether the file can be (or was) taken back.
    pub ok: bool,
    /// Whether taking it back would change any row.
    pub changes: bool,
    /// The summary, or why the file was refused.
    pub text: String,
}

/// UI state of the dialog.
pub struct XliffDialog {
    slug: String,
    mode: XliffMode,
    version: XliffVersion,
    file: PathField,
    /// The file the outcome is about; a different path needs a new check.
    checked: Option<std::path::PathBuf>,
    /// What the app said about the last check or import.
    pub outcome: Option<XliffOutcome>,
}

impl XliffDialog {
    /// A dialog for story `slug`.
    #[must_use]
    pub fn new(slug: &str, mode: XliffMode) -> Self {
        let mut file = match mode {
            XliffMode::Export => PathField::new(PathKind::Save, "Export XLIFF to"),
            XliffMode::Import => PathField::new(PathKind::Xliff, "A translator's XLIFF file"),
        };
        if mode == XliffMode::Export {
            file.text = format!("{slug}.xlf");
        }
        Self {
            slug: slug.to_owned(),
            mode,
            version: XliffVersion::V2_1,
            file,
            checked: None,
            outcome: None,
        }
    }

    /// The story the dialog is for.
    #[must_use]
    pub fn slug(&self) -> &str {
        &self.slug
    }

    /// Says what a check or import of `path` found.
    pub fn said(&mut self, path: &std::path::Path, outcome: XliffOutcome) {
        self.checked = Some(path.to_owned());
        self.outcome = Some(outcome);
    }

    /// Shows the dialog; returns `false` once it is closed.
    pub fn ui(&mut self, ctx: &egui::Context, commands: &mut Vec<Command>) -> bool {
        let mut open = true;
        let mut close = false;
        let title = match self.mode {
            XliffMode::Export => "Export XLIFF",
            XliffMode::Import => "Import XLIFF",
        };
        egui::Window::new(title)
            .open(&mut open)
            .collapsible(false)
            .resizable(false)
            .show(ctx, |ui| match self.mode {
                XliffMode::Export => self.export_ui(ui, commands, &mut close),
                XliffMode::Import => self.import_ui(ui, commands, &mut close),
            });
        crate::ui::dialog_stays(ctx, open, close)
    }

    fn export_ui(&mut self, ui: &mut egui::Ui, commands: &mut Vec<Command>, close: &mut bool) {
        ui.label(
            RichText::new(
                "For a translator working in OmegaT, memoQ, Trados or MateCat: one unit per row with source text, the English as it stands, each row's status and its open comments.",
            )
            .weak(),
        );
        ui.radio_value(
            &mut self.version,
            XliffVersion::V2_1,
            "XLIFF 2.1 (current tools)",
        );
        ui.radio_value(
            &mut self.version,
            XliffVersion::V1_2,
            "XLIFF 1.2 (older tools)",
        );
        self.file.ui(ui, "Export XLIFF to file");
        ui.label(
            RichText::new("A file name alone goes in your home folder.")
                .small()
                .weak(),
        );
        ui.horizontal(|ui| {
            if ui
                .add_enabled(
                    self.file.path().is_some(),
                    egui::Button::new("Write the XLIFF file"),
                )
                .clicked()
                && let Some(path) = self.file.path()
            {
                commands.push(Command::ExportXliff {
                    slug: self.slug.clone(),
                    version: self.version,
                    path,
                });
                *close = true;
            }
            if ui.button("Cancel").clicked() {
                *close = true;
            }
        });
    }

    fn import_ui(&mut self, ui: &mut egui::Ui, commands: &mut Vec<Command>, close: &mut bool) {
        ui.label(
            RichText::new(
                "The translator's file goes back into this story: English that changed becomes a draft for review, in one step Ctrl+Z takes back. Check first to see what it changes.",
            )
            .weak(),
        );
        self.file.ui(ui, "XLIFF file to take back");
        let path = self.file.path();
        let current = self
            .outcome
            .as_ref()
            .filter(|_| self.checked.is_some() && self.checked == path);
        if let Some(outcome) = current {
            ui.separator();
            let heading = match (outcome.applied, outcome.ok) {
                (true, _) => "What the import changed",
                (false, true) => "What the import would change",
                (false, false) => "Not taken back",
            };
            let heading = ui.label(RichText::new(heading).strong());
            let colour = if outcome.ok {
                ui.visuals().text_color()
            } else {
                theme::warning_color()
            };
            egui::ScrollArea::vertical()
                .max_height(240.0)
                .show(ui, |ui| {
                    ui.label(RichText::new(&outcome.text).color(colour))
                        .labelled_by(heading.id);
                });
        }
        let applied = current.is_some_and(|o| o.applied);
        let can_apply = current.is_some_and(|o| o.ok && o.changes && !o.applied);
        ui.horizontal(|ui| {
            if !applied
                && ui
                    .add_enabled(path.is_some(), egui::Button::new("Check what it changes"))
                    .clicked()
                && let Some(path) = &path
            {
                commands.push(Command::ImportXliff {
                    slug: self.slug.clone(),
                    path: path.clone(),
                    dry_run: true,
                });
            }
            if !applied
                && ui
                    .add_enabled(can_apply, egui::Button::new("Take the English back"))
                    .clicked()
                && let Some(path) = &path
            {
                commands.push(Command::ImportXliff {
                    slug: self.slug.clone(),
                    path: path.clone(),
                    dry_run: false,
                });
            }
            let done = if applied { "Close" } else { "Cancel" };
            if ui.button(done).clicked() {
                *close = true;
            }
        });
    }
}
