//! The add-photo dialog: the image, its English caption, credit and alt text.

use egui::RichText;

use crate::command::{Command, NewPhoto};
use crate::model::RowRef;
use crate::store;
use crate::ui::path_field::{PathField, PathKind};
use crate::ui::theme;

/// UI state of the dialog.
pub struct AddPhotoDialog {
    slug: String,
    after: RowRef,
    image: PathField,
    caption: String,
    credit: String,
    alt: String,
}

impl AddPhotoDialog {
    /// A dialog adding a photo after `after` in story `slug`.
    #[must_use]
    pub fn new(slug: String, after: RowRef) -> Self {
        Self {
            slug,
            after,
            image: PathField::new(PathKind::Image, "Add a photo"),
            caption: String::new(),
            credit: String::new(),
            alt: String::new(),
        }
    }

    /// Shows the dialog; returns `false` once it is closed.
    pub fn ui(&mut self, ctx: &egui::Context, commands: &mut Vec<Command>) -> bool {
        let mut open = true;
        let mut close = false;
        egui::Window::new("Add photo")
            .open(&mut open)
            .collapsible(false)
            .resizable(false)
            .show(ctx, |ui| {
                self.image.ui(ui, "Image file");
                for (label, value, hint) in [
                    (
                        "Caption",
                        &mut self.caption,
                        "What the photo shows, where and when",
                    ),
                    ("Credit", &mut self.credit, "Photographer / agency"),
                    (
                        "Alt text",
                        &mut self.alt,
                        "A description for readers who cannot see it",
                    ),
                ] {
                    let label = ui.label(label);
                    ui.add(
                        egui::TextEdit::singleline(value)
                            .hint_text(hint)
                            .desired_width(400.0),
                    )
                    .labelled_by(label.id);
                }
                let problem = match self.image.path() {
                    None => Some("Choose a PNG or JPEG image.".to_owned()),
                    Some(path) if !store::is_file(&path) => {
                        Some(format!("There is no file {}.", path.display()))
                    }
                    Some(_) => None,
                };
                if let Some(problem) = &problem {
                    ui.label(RichText::new(problem).color(theme::warning_color()));
                }
                ui.horizontal(|ui| {
                    if ui
                        .add_enabled(problem.is_none(), egui::Button::new("Add this photo"))
                        .clicked()
                        && let Some(path) = self.image.path()
                    {
                        commands.push(Command::InsertPhoto(Box::new(NewPhoto {
                            slug: self.slug.clone(),
                            after: self.after,
                            path,
                            caption: self.caption.trim().to_owned(),
                            credit: self.credit.trim().to_owned(),
                            alt: self.alt.trim().to_owned(),
                        })));
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
