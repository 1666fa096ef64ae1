//! The window: owns the open desk, shows the panels, and applies their commands once per frame.
//!
//! Panels never change a story themselves. They push [`Command`]s while they draw; at the end
//! of the frame the app applies them in order, so every change goes through the session's
//! undo history and autosave.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, TryRecvError};

use egui::{Key, Modifiers};

use crate::edit::Edit;
use crate::model::{Block, BlockKind, DeskSettings, Photo, RowRef, Story, TextRow};
use crate::session::{AUTOSAVE_DELAY, Session};
use crate::store;
use crate::ui::{
    DeskView, MetaPanel, NewDeskDialog, NewStoryDialog, StoryEditor, status_bar, theme,
};

/// How many recent desks the File menu remembers.
const RECENT_LIMIT: usize = 8;
/// The key under which eframe stores the recent desks.
const RECENT_KEY: &str = "copydesk.recent_desks";
/// The key under which eframe stores the story that was open at quit, with its desk.
const LAST_STORY_KEY: &str = "copydesk.last_story";

/// Something a panel asks the app to do at the end of the frame.
#[derive(Debug)]
pub enum Command {
    /// Apply an edit to the open story as one undoable step.
    Apply {
        /// The edit.
        edit: Edit,
        /// What it was, for the Edit menu.
        label: String,
        /// The row it touched.
        row: Option<RowRef>,
    },
    /// Undo the last step of the open story.
    Undo,
    /// Redo the last undone step.
    Redo,
    /// Show a message in the status bar.
    Notify(String),
    /// Ask for an image and insert it as a photo row after a row.
    AddPhoto {
        /// The row the photo goes after.
        after: RowRef,
    },
    /// Open a story of the desk by slug.
    OpenStory(String),
    /// Go back to the desk view.
    CloseStory,
    /// Open a desk folder.
    OpenDesk(PathBuf),
    /// Ask for a desk folder with the native dialog, then open it.
    ChooseDesk,
    /// Show the new-desk dialog.
    ShowNewDesk,
    /// Create a desk and open it.
    CreateDesk {
        /// Its folder.
        root: PathBuf,
        /// Its settings.
        settings: DeskSettings,
    },
    /// Show the new-story dialog.
    ShowNewStory,
    /// Create a story in the open desk and open it.
    CreateStory(Box<Story>),
    /// Write ours over a file someone else changed (`true`) or load theirs (`false`).
    ResolveConflict {
        /// Whether to keep our version.
        keep_mine: bool,
    },
    /// Save everything and close the window.
    Quit,
}

/// A native dialog running on its own thread.
enum Pending {
    OpenDesk(Receiver<Option<PathBuf>>),
    AddPhoto {
        after: RowRef,
        reply: Receiver<Option<PathBuf>>,
    },
}

/// The story open in the editor.
struct OpenStory {
    slug: String,
    editor: StoryEditor,
    meta: MetaPanel,
}

/// The Copydesk application.
pub struct CopydeskApp {
    session: Option<Session>,
    open: Option<OpenStory>,
    desk_view: DeskView,
    new_desk: Option<NewDeskDialog>,
    new_story: Option<NewStoryDialog>,
    recent: Vec<PathBuf>,
    notice: Option<String>,
    pending: Vec<Pending>,
    commands: Vec<Command>,
    show_meta: bool,
    quit: bool,
}

/// Opens the window on `desk`, or on the last desk used, or on the sample desk.
pub fn run_native(desk: Option<PathBuf>) -> anyhow::Result<()> {
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("Copydesk")
            .with_inner_size([1280.0, 820.0])
            .with_min_inner_size([720.0, 480.0]),
        ..Default::default()
    };
    eframe::run_native(
        "Copydesk",
        options,
        Box::new(move |cc| Ok(Box::new(CopydeskApp::new(cc, desk)))),
    )
    .map_err(|e| anyhow::anyhow!("could not open the window: {e}"))
}

impl CopydeskApp {
    /// Sets up fonts and image loading and opens a desk: `desk` if given, else the last one
    /// used, else the sample desk.
    pub fn new(cc: &eframe::CreationContext<'_>, desk: Option<PathBuf>) -> Self {
        theme::install_fonts(&cc.egui_ctx);
        egui_extras::install_image_loaders(&cc.egui_ctx);
        let recent: Vec<PathBuf> = cc
            .storage
            .and_then(|s| eframe::get_value::<Vec<PathBuf>>(s, RECENT_KEY))
            .unwrap_or_default();
        let mut app = Self {
            session: None,
            open: None,
            desk_view: DeskView::default(),
            new_desk: None,
            new_story: None,
            recent,
            notice: None,
            pending: Vec::new(),
            commands: Vec::new(),
            show_meta: true,
            quit: false,
        };
        let start = desk
            .or_else(|| {
                app.recent
                    .iter()
                    .find(|p| p.join(store::DESK_FILE).is_file())
                    .cloned()
            })
            .unwrap_or_else(crate::cli::sample_desk);
        app.open_desk(&start);
        // Back where the person left off: the story that was open at quit, on the same desk.
        let last: Option<(PathBuf, String)> = cc
            .storage
            .and_then(|s| eframe::get_value::<Option<(PathBuf, String)>>(s, LAST_STORY_KEY))
            .flatten();
        if let (Some((last_desk, slug)), Some(session)) = (last, &app.session)
            && std::fs::canonicalize(&session.root).is_ok_and(|p| p == last_desk)
        {
            app.open(&slug);
        }
        app
    }

    /// Opens a story of the open desk in the editor; `false` if the desk has no such story.
    pub fn open(&mut self, slug: &str) -> bool {
        self.apply(Command::OpenStory(slug.to_owned()), 0.0);
        self.open.is_some()
    }

    /// Inserts an image file as a photo row after `after` in the open story, copying the file
    /// into the desk's `media/` folder: what the Add photo dialog's choice leads to.
    pub fn insert_photo(&mut self, after: RowRef, path: &Path) {
        self.add_photo(after, path);
        self.apply_commands(0.0);
    }

    /// The open desk, if any.
    #[must_use]
    pub fn session(&self) -> Option<&Session> {
        self.session.as_ref()
    }

    /// The slug of the story in the editor and its active row.
    #[must_use]
    pub fn open_story(&self) -> Option<(&str, RowRef)> {
        self.open
            .as_ref()
            .map(|o| (o.slug.as_str(), o.editor.active_row()))
    }

    /// The message in the status bar, if any.
    #[must_use]
    pub fn notice(&self) -> Option<&str> {
        self.notice.as_deref()
    }

    /// Commits any text being typed and writes every unsaved story (on quit).
    pub fn save_now(&mut self) {
        self.commit_draft();
        self.apply_commands(0.0);
        if let Some(session) = &mut self.session
            && !session.save_all()
        {
            log::error!("some stories could not be saved");
        }
    }

    fn open_index(&self) -> Option<usize> {
        let open = self.open.as_ref()?;
        self.session.as_ref()?.find(&open.slug)
    }

    fn commit_draft(&mut self) {
        let Some(index) = self.open_index() else {
            return;
        };
        let (Some(session), Some(open)) = (&self.session, &mut self.open) else {
            return;
        };
        open.editor
            .commit_draft(&session.docs[index].story, &mut self.commands);
    }

    fn open_desk(&mut self, root: &Path) {
        if let Some(session) = &mut self.session {
            self.open = None;
            session.save_all();
        }
        match Session::open(root) {
            Ok(session) => {
                self.remember(root);
                self.notice = (!session.problems.is_empty()).then(|| {
                    format!(
                        "{} story file(s) could not be read; see the desk view.",
                        session.problems.len()
                    )
                });
                self.session = Some(session);
                self.open = None;
            }
            Err(err) => self.notice = Some(format!("Could not open the desk: {err}")),
        }
    }

    fn remember(&mut self, root: &Path) {
        let root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_owned());
        self.recent.retain(|p| p != &root);
        self.recent.insert(0, root);
        self.recent.truncate(RECENT_LIMIT);
    }

    fn menu_ui(&mut self, ui: &mut egui::Ui) {
        egui::MenuBar::new().ui(ui, |ui| {
            ui.menu_button("File", |ui| {
                if ui.button("New desk…").clicked() {
                    self.commands.push(Command::ShowNewDesk);
                }
                if ui.button("Open desk…").clicked() {
                    self.commands.push(Command::ChooseDesk);
                }
                ui.menu_button("Recent desks", |ui| {
                    if self.recent.is_empty() {
                        ui.label("None yet");
                    }
                    for path in &self.recent {
                        if ui.button(path.display().to_string()).clicked() {
                            self.commands.push(Command::OpenDesk(path.clone()));
                        }
                    }
                });
                ui.separator();
                if ui
                    .add_enabled(self.session.is_some(), egui::Button::new("New story…"))
                    .clicked()
                {
                    self.commands.push(Command::ShowNewStory);
                }
                if ui
                    .add_enabled(self.open.is_some(), egui::Button::new("Back to desk"))
                    .clicked()
                {
                    self.commands.push(Command::CloseStory);
                }
                ui.separator();
                if ui.button("Quit").clicked() {
                    self.commands.push(Command::Quit);
                }
            });
            ui.menu_button("Edit", |ui| {
                let doc = self
                    .open_index()
                    .and_then(|i| self.session.as_ref().map(|s| &s.docs[i]));
                let undo = doc.and_then(|d| d.history.undo_label());
                let redo = doc.and_then(|d| d.history.redo_label());
                let undo_text = undo.map_or_else(|| "Undo".to_owned(), |l| format!("Undo {l}"));
                let redo_text = redo.map_or_else(|| "Redo".to_owned(), |l| format!("Redo {l}"));
                if ui
                    .add_enabled(
                        self.open.is_some(),
                        egui::Button::new(undo_text).shortcut_text("Ctrl+Z"),
                    )
                    .clicked()
                {
                    self.commands.push(Command::Undo);
                }
                if ui
                    .add_enabled(
                        self.open.is_some(),
                        egui::Button::new(redo_text).shortcut_text("Ctrl+Shift+Z"),
                    )
                    .clicked()
                {
                    self.commands.push(Command::Redo);
                }
            });
            ui.menu_button("View", |ui| {
                ui.checkbox(&mut self.show_meta, "Credits and metadata panel");
            });
            if let Some(session) = &self.session {
                ui.separator();
                ui.label(egui::RichText::new(&session.settings.name).strong());
                ui.label(
                    egui::RichText::new(format!(
                        "source {} · target {}",
                        session.settings.source_language, session.settings.target_language
                    ))
                    .weak(),
                );
            }
            if self.open.is_some()
                && ui
                    .button("Back to desk")
                    .on_hover_text("Back to the desk's stories")
                    .clicked()
            {
                self.commands.push(Command::CloseStory);
            }
        });
    }

    fn global_keys(&mut self, ui: &mut egui::Ui) {
        if self.open.is_none() {
            return;
        }
        // Consumed before any text field sees them, so undo is the story's, not the field's.
        let (redo, undo) = ui.input_mut(|i| {
            let redo = i.consume_key(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z)
                || i.consume_key(Modifiers::COMMAND, Key::Y);
            let undo = i.consume_key(Modifiers::COMMAND, Key::Z);
            (redo, undo)
        });
        if redo {
            self.commands.push(Command::Redo);
        }
        if undo {
            self.commands.push(Command::Undo);
        }
    }

    fn poll_dialogs(&mut self) {
        let mut still = Vec::new();
        for pending in std::mem::take(&mut self.pending) {
            match pending {
                Pending::OpenDesk(rx) => match rx.try_recv() {
                    Ok(Some(path)) => self.commands.push(Command::OpenDesk(path)),
                    Ok(None) | Err(TryRecvError::Disconnected) => {}
                    Err(TryRecvError::Empty) => still.push(Pending::OpenDesk(rx)),
                },
                Pending::AddPhoto { after, reply } => match reply.try_recv() {
                    Ok(Some(path)) => self.add_photo(after, &path),
                    Ok(None) | Err(TryRecvError::Disconnected) => {}
                    Err(TryRecvError::Empty) => still.push(Pending::AddPhoto { after, reply }),
                },
            }
        }
        self.pending = still;
    }

    fn add_photo(&mut self, after: RowRef, path: &Path) {
        let Some(index) = self.open_index() else {
            return;
        };
        let Some(session) = &self.session else { return };
        match store::import_media(&session.root, path) {
            Ok(file) => {
                let story = &session.docs[index].story;
                let (insert, id) =
                    crate::edit::ops::insert_after(story, Some(after), BlockKind::Paragraph);
                let Edit::InsertBlock { index: at, .. } = insert else {
                    return;
                };
                let block = Block {
                    id,
                    kind: BlockKind::Photo(Photo {
                        file,
                        credit: String::new(),
                        alt: String::new(),
                    }),
                    row: TextRow::default(),
                    omitted: false,
                };
                self.commands.push(Command::Apply {
                    edit: Edit::InsertBlock { index: at, block },
                    label: "add photo".to_owned(),
                    row: Some(RowRef::Block(id)),
                });
                if let Some(open) = &mut self.open {
                    open.editor.activate(RowRef::Block(id));
                    open.editor.forget_layout();
                }
                self.notice =
                    Some("Photo added: type its caption, credit and alt text.".to_owned());
            }
            Err(err) => self.notice = Some(format!("Could not add the photo: {err}")),
        }
    }

    fn apply_commands(&mut self, now: f64) {
        for command in std::mem::take(&mut self.commands) {
            self.apply(command, now);
        }
    }

    fn apply(&mut self, command: Command, now: f64) {
        let index = self.open_index();
        match command {
            Command::Apply { edit, label, row } => {
                if let (Some(session), Some(index)) = (&mut self.session, index)
                    && let Err(err) = session.apply(index, edit, &label, row, now)
                {
                    self.notice = Some(format!("Could not {label}: {err}"));
                }
            }
            Command::Undo | Command::Redo => {
                let undo = matches!(command, Command::Undo);
                self.commit_draft();
                // The committed draft is itself a step; apply it before undoing.
                for pending in std::mem::take(&mut self.commands) {
                    self.apply(pending, now);
                }
                if let (Some(session), Some(index), Some(open)) =
                    (&mut self.session, index, &mut self.open)
                {
                    let result = if undo {
                        session.undo(index, now)
                    } else {
                        session.redo(index, now)
                    };
                    match result {
                        Ok(Some(row)) => {
                            open.editor.forget_layout();
                            open.editor.activate(row);
                        }
                        Ok(None) => {
                            self.notice = Some(
                                if undo {
                                    "Nothing to undo."
                                } else {
                                    "Nothing to redo."
                                }
                                .to_owned(),
                            );
                        }
                        Err(err) => self.notice = Some(format!("Could not undo: {err}")),
                    }
                }
            }
            Command::Notify(message) => self.notice = Some(message),
            Command::AddPhoto { after } => self.pending.push(Pending::AddPhoto {
                after,
                reply: spawn_dialog(|| {
                    rfd::FileDialog::new()
                        .set_title("Add a photo")
                        .add_filter("Images", &["png", "jpg", "jpeg"])
                        .pick_file()
                }),
            }),
            Command::OpenStory(slug) => {
                if let Some(session) = &self.session
                    && let Some(i) = session.find(&slug)
                {
                    let story = &session.docs[i].story;
                    self.open = Some(OpenStory {
                        slug,
                        editor: StoryEditor::new(story),
                        meta: MetaPanel::default(),
                    });
                }
            }
            Command::CloseStory => {
                self.commit_draft();
                for pending in std::mem::take(&mut self.commands) {
                    self.apply(pending, now);
                }
                if let (Some(session), Some(index)) = (&mut self.session, index) {
                    session.save(index);
                }
                self.open = None;
            }
            Command::OpenDesk(root) => self.open_desk(&root),
            Command::ChooseDesk => self.pending.push(Pending::OpenDesk(spawn_dialog(|| {
                rfd::FileDialog::new()
                    .set_title("Open a desk folder")
                    .pick_folder()
            }))),
            Command::ShowNewDesk => self.new_desk = Some(NewDeskDialog::default()),
            Command::CreateDesk { root, settings } => match Session::create(&root, &settings) {
                Ok(_) => {
                    self.open_desk(&root);
                    self.new_desk = None;
                    self.notice = Some(format!("Created desk \"{}\".", settings.name));
                }
                Err(err) => {
                    if let Some(dialog) = &mut self.new_desk {
                        dialog.error = Some(err.to_string());
                    }
                }
            },
            Command::ShowNewStory => self.new_story = Some(NewStoryDialog::default()),
            Command::CreateStory(story) => {
                let slug = story.slug.clone();
                if let Some(session) = &mut self.session {
                    match session.add_story(*story) {
                        Ok(_) => {
                            self.new_story = None;
                            self.apply(Command::OpenStory(slug), now);
                        }
                        Err(err) => {
                            if let Some(dialog) = &mut self.new_story {
                                dialog.error = Some(err.to_string());
                            }
                        }
                    }
                }
            }
            Command::ResolveConflict { keep_mine } => {
                if let (Some(session), Some(index)) = (&mut self.session, index)
                    && let Err(err) = session.resolve_conflict(index, keep_mine)
                {
                    self.notice = Some(format!("Could not resolve the conflict: {err}"));
                }
                if let Some(open) = &mut self.open {
                    open.editor.forget_layout();
                }
            }
            Command::Quit => self.quit = true,
        }
    }
}

/// Runs a native dialog on its own thread so the window keeps drawing.
pub(crate) fn spawn_dialog(
    dialog: impl FnOnce() -> Option<PathBuf> + Send + 'static,
) -> Receiver<Option<PathBuf>> {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(dialog());
    });
    rx
}

impl eframe::App for CopydeskApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        let now = ui.input(|i| i.time);
        self.global_keys(ui);
        self.poll_dialogs();
        if !self.pending.is_empty() {
            ui.ctx()
                .request_repaint_after(std::time::Duration::from_millis(100));
        }

        egui::Panel::top("menu").show(ui, |ui| self.menu_ui(ui));

        let index = self.open_index();
        egui::Panel::bottom("status").show(ui, |ui| {
            let doc = index.and_then(|i| self.session.as_ref().map(|s| &s.docs[i]));
            status_bar::ui(ui, doc, self.notice.as_deref(), &mut self.commands);
        });

        if let (Some(session), Some(index), Some(open)) = (&self.session, index, &mut self.open) {
            let doc = &session.docs[index];
            if self.show_meta {
                egui::Panel::right("meta")
                    .resizable(true)
                    .default_size(300.0)
                    .show(ui, |ui| open.meta.ui(ui, &doc.story, &mut self.commands));
            }
            egui::CentralPanel::default_margins().show(ui, |ui| {
                open.editor.ui(ui, doc, &session.root, &mut self.commands);
            });
        } else {
            egui::CentralPanel::default_margins().show(ui, |ui| {
                if let Some(session) = &self.session {
                    self.desk_view.ui(ui, session, &mut self.commands);
                } else {
                    ui.heading("No desk is open");
                    ui.label("Use File > Open desk… or File > New desk….");
                }
            });
        }

        if let Some(dialog) = &mut self.new_desk
            && !dialog.ui(ui.ctx(), &mut self.commands)
        {
            self.new_desk = None;
        }
        if let (Some(dialog), Some(session)) = (&mut self.new_story, &self.session)
            && !dialog.ui(ui.ctx(), session, &mut self.commands)
        {
            self.new_story = None;
        }

        self.apply_commands(now);

        if let Some(session) = &mut self.session {
            session.autosave(now);
            if session.has_unsaved() {
                ui.ctx()
                    .request_repaint_after(std::time::Duration::from_secs_f64(AUTOSAVE_DELAY));
            }
        }
        if self.quit {
            self.save_now();
            ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
        }
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, RECENT_KEY, &self.recent);
        let last: Option<(PathBuf, String)> = match (&self.session, &self.open) {
            (Some(session), Some(open)) => std::fs::canonicalize(&session.root)
                .ok()
                .map(|root| (root, open.slug.clone())),
            _ => None,
        };
        eframe::set_value(storage, LAST_STORY_KEY, &last);
    }

    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        self.save_now();
    }
}
