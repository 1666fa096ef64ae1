//! A file or folder path field with a "Choose…" button that opens the native dialog on its
//! own thread. The path can always be typed or pasted, so the app works where no native
//! dialog is available.

use std::path::PathBuf;
use std::sync::mpsc::Receiver;

use egui::Ui;

use crate::app::spawn_dialog;

/// What the field asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PathKind {
    /// A folder, such as a desk.
    Folder,
    /// An image file, such as a photo.
    Image,
    /// A story file to import: text, Markdown or Word.
    Document,
    /// A translation memory to import: TMX.
    Memory,
    /// A translator's file to take back: XLIFF.
    Xliff,
    /// A glossary to import: CSV, TSV or TBX.
    Glossary,
    /// A file to write.
    Save,
}

/// UI state of a path field.
pub struct PathField {
    kind: PathKind,
    title: &'static str,
    /// The path as typed or chosen.
    pub text: String,
    reply: Option<Receiver<Option<PathBuf>>>,
}

impl PathField {
    /// An empty field; `title` is the native dialog's title.
    #[must_use]
    pub fn new(kind: PathKind, title: &'static str) -> Self {
        Self {
            kind,
            title,
            text: String::new(),
            reply: None,
        }
    }

    /// The path, trimmed; `None` when empty.
    #[must_use]
    pub fn path(&self) -> Option<PathBuf> {
        let text = self.text.trim();
        (!text.is_empty()).then(|| PathBuf::from(text))
    }

    /// Shows the label, the text field and the Choose… button on one line.
    pub fn ui(&mut self, ui: &mut Ui, label: &str) {
        if let Some(rx) = &self.reply
            && let Ok(reply) = rx.try_recv()
        {
            if let Some(path) = reply {
                self.text = path.display().to_string();
            }
            self.reply = None;
        }
        if self.reply.is_some() {
            ui.ctx()
                .request_repaint_after(std::time::Duration::from_millis(100));
        }
        let label = ui.label(label);
        ui.horizontal(|ui| {
            ui.add(egui::TextEdit::singleline(&mut self.text).desired_width(320.0))
                .labelled_by(label.id);
            if ui
                .add_enabled(self.reply.is_none(), egui::Button::new("Choose…"))
                .clicked()
            {
                let (kind, title) = (self.kind, self.title);
                self.reply = Some(spawn_dialog(move || {
                    let dialog = rfd::FileDialog::new().set_title(title);
                    match kind {
                        PathKind::Folder => dialog.pick_folder(),
                        PathKind::Image => dialog
                            .add_filter("Images", &["png", "jpg", "jpeg"])
                            .pick_file(),
                        PathKind::Document => dialog
                            .add_filter("Stories", &["txt", "md", "docx"])
                            .pick_file(),
                        PathKind::Memory => dialog
                            .add_filter("Translation memories", &["tmx", "xml"])
                            .pick_file(),
                        PathKind::Xliff => dialog
                            .add_filter("XLIFF", &["xlf", "xliff", "sdlxliff", "mqxliff", "xml"])
                            .pick_file(),
                        PathKind::Glossary => dialog
                            .add_filter("Glossaries", &["csv", "tsv", "txt", "tbx", "xml"])
                            .pick_file(),
                        PathKind::Save => dialog.save_file(),
                    }
                }));
            }
        });
    }
}
