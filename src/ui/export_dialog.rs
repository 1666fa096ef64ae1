//! The export dialog: format, draft, destination; and copying the story for pasting into a
//! CMS (formatted) or an email (plain).

use egui::RichText;

use crate::command::Command;
use crate::export::Format;
use crate::model::Story;
use crate::ui::path_field::{PathField, PathKind};
use crate::ui::theme;
use crate::workflow::SignOffState;

/// UI state of the dialog.
pub struct ExportDialog {
    slug: String,
    format: Format,
    draft: bool,
    file: PathField,
    /// The file name last suggested; replaced when the format changes, unless edited.
    suggested: String,
    /// What verifying the signed sign-off found (`true`: verified), when there is one to
    /// verify or the desk signs sign-offs.
    verification: Option<(bool, String)>,
}

impl ExportDialog {
    /// A dialog exporting story `slug`.
    #[must_use]
    pub fn new(story: &Story, state: SignOffState) -> Self {
        let signed = state == SignOffState::Current;
        Self {
            slug: story.slug.clone(),
            format: Format::Html,
            draft: !signed,
            file: PathField::new(PathKind::Save, "Export to"),
            suggested: String::new(),
            verification: None,
        }
    }

    /// Shows what verifying the story's signed sign-off found (the app runs
    /// `store::signing::verify_sign_off` when the dialog opens).
    pub fn set_verification(&mut self, verified: bool, said: String) {
        self.verification = Some((verified, said));
    }

    /// Shows the dialog; returns `false` once it is closed.
    pub fn ui(
        &mut self,
        ctx: &egui::Context,
        state: SignOffState,
        commands: &mut Vec<Command>,
    ) -> bool {
        let mut open = true;
        let mut close = false;
        let signed = state == SignOffState::Current;
        egui::Window::new("Export")
            .open(&mut open)
            .collapsible(false)
            .resizable(false)
            .show(ctx, |ui| {
                ui.label(RichText::new("Format").strong());
                for format in Format::ALL {
                    ui.radio_value(&mut self.format, format, format.label());
                }
                ui.separator();
                if let Some((verified, said)) = &self.verification {
                    let said = if *verified {
                        RichText::new(said)
                    } else {
                        RichText::new(said).color(theme::warning_color())
                    };
                    ui.label(said)
                        .on_hover_text("Checked with ssh-keygen against the SSH keys on the desk's roster, as `copydesk verify` does");
                }
                if self.format.is_publishable() {
                    if signed {
                        ui.checkbox(&mut self.draft, "Mark as draft anyway");
                    } else {
                        let why = if state == SignOffState::Stale {
                            "Changed since it was signed off: until an editor signs it off again, it can only leave as a draft, marked DRAFT in the document."
                        } else {
                            "Not signed off: it can only leave as a draft, marked DRAFT in the document."
                        };
                        ui.label(RichText::new(why).color(theme::warning_color()));
                        self.draft = true;
                    }
                }
                let suggested = format!("{}.{}", self.slug, self.format.extension());
                if self.file.text.is_empty() || self.file.text == self.suggested {
                    self.file.text.clone_from(&suggested);
                    self.suggested = suggested;
                }
                self.file.ui(ui, "Export to file");
                ui.label(
                    RichText::new("A file name alone goes in your home folder.")
                        .small()
                        .weak(),
                );
                ui.horizontal(|ui| {
                    if ui
                        .add_enabled(self.file.path().is_some(), egui::Button::new("Export this story"))
                        .clicked()
                        && let Some(path) = self.file.path()
                    {
                        commands.push(Command::Export {
                            slug: self.slug.clone(),
                            format: self.format,
                            draft: self.draft,
                            path,
                        });
                        close = true;
                    }
                    if ui.button("Cancel").clicked() {
                        close = true;
                    }
                });
                ui.separator();
                ui.horizontal(|ui| {
                    if ui
                        .button("Copy as formatted text")
                        .on_hover_text("For pasting into a web CMS or a document")
                        .clicked()
                    {
                        commands.push(Command::Copy {
                            slug: self.slug.clone(),
                            formatted: true,
                            draft: self.draft || !signed,
                        });
                    }
                    if ui
                        .button("Copy as plain text")
                        .on_hover_text("For pasting into an email or a plain-text CMS field")
                        .clicked()
                    {
                        commands.push(Command::Copy {
                            slug: self.slug.clone(),
                            formatted: false,
                            draft: self.draft || !signed,
                        });
                    }
                });
            });
        crate::ui::dialog_stays(ctx, open, close)
    }
}
