//! The window: owns the open desk, shows the panels, and applies their commands once per frame.
//!
//! Panels never change a story themselves. They push [`Command`]s while they draw; at the end
//! of the frame the app applies them, so every change goes through the session's undo
//! history and autosave. Edits name the story they are for, and are applied before any
//! command that moves away from it (undo, close, switching desk, quit), so text typed just
//! before such a click always lands first.

use std::path::{Path, PathBuf};
use std::sync::mpsc::Receiver;

use egui::{Key, Modifiers};

use crate::edit::Edit;
use crate::model::Stage;
use crate::model::{Block, BlockKind, DeskSettings, Photo, RowRef, Story, TextRow};
use crate::session::{AUTOSAVE_DELAY, Session};
use crate::store;
use crate::ui::{
    AddPhotoDialog, CommentsPanel, DeskView, ExportDialog, HistoryPanel, IdentityDialog,
    ImportDialog, MetaPanel, NewDeskDialog, NewPhoto, NewStoryDialog, OpenDeskDialog, RefileDialog,
    StatusBar, StoryEditor, WorkflowBar, ZawgyiChoice, ZawgyiCompare, theme,
};
use crate::workflow::{self, Actor};

/// How many recent desks the File menu remembers.
const RECENT_LIMIT: usize = 8;
/// The key under which eframe stores the recent desks.
const RECENT_KEY: &str = "copydesk.recent_desks";
/// The key under which eframe stores which story was open at quit (desk folder and slug).
const LAST_STORY_KEY: &str = "copydesk.last_story";
/// The file, in this machine's Copydesk folder, that says who the person is. Written at
/// once when it changes (eframe's storage is written only at a clean exit).
const IDENTITY_FILE: &str = "identity.ron";

/// Who the person at this machine is, as stored in [`IDENTITY_FILE`].
#[derive(serde::Serialize, serde::Deserialize)]
struct IdentityFile {
    format_version: u32,
    name: String,
    roles: Vec<crate::model::Role>,
}

impl IdentityFile {
    const FORMAT_VERSION: u32 = 1;
}

/// Something a panel asks the app to do at the end of the frame.
#[derive(Debug)]
pub enum Command {
    /// Apply an edit to a story as one undoable step.
    Apply {
        /// The story it is for.
        slug: String,
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
    /// Show the add-photo dialog for a row.
    AddPhoto {
        /// The story it is for.
        slug: String,
        /// The row the photo goes after.
        after: RowRef,
    },
    /// Copy an image into the desk and insert it as a photo row.
    InsertPhoto(Box<NewPhoto>),
    /// Open a story of the desk by slug.
    OpenStory(String),
    /// Go back to the desk view.
    CloseStory,
    /// Open a desk folder.
    OpenDesk(PathBuf),
    /// Show the open-desk dialog.
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
    /// Move a story to another stage as the current person.
    MoveStage {
        /// The story.
        slug: String,
        /// The stage to move to.
        to: Stage,
        /// The note (required when sending back).
        note: Option<String>,
    },
    /// Make a row of the open story active and bring it into view.
    JumpTo(RowRef),
    /// Show the re-file dialog for the open story.
    ShowRefile,
    /// Replace a story's source with re-filed text, flagging changed rows.
    Refile {
        /// The story.
        slug: String,
        /// The new source, paragraphs separated by blank lines.
        text: String,
    },
    /// Show the who-am-I dialog.
    ShowIdentity,
    /// Show the export dialog for the open story.
    ShowExport,
    /// Export a story to a file.
    Export {
        /// The story.
        slug: String,
        /// The format.
        format: crate::export::Format,
        /// Whether to mark it as a draft.
        draft: bool,
        /// Where to write it.
        path: PathBuf,
    },
    /// Copy a story to the clipboard, formatted (HTML) or as plain text.
    Copy {
        /// The story.
        slug: String,
        /// HTML for a CMS, or plain text.
        formatted: bool,
    },
    /// Show the import dialog.
    ShowImport,
    /// Import a file (and its English counterpart) as a new story.
    Import {
        /// The file.
        file: PathBuf,
        /// Its English counterpart.
        english: Option<PathBuf>,
        /// The slug to give it.
        slug: Option<String>,
    },
    /// Write ours over a file someone else changed (`true`) or load theirs (`false`).
    ResolveConflict {
        /// Whether to keep our version.
        keep_mine: bool,
    },
    /// Save everything and close the window.
    Quit,
}

impl Command {
    /// Whether text still being typed must become an edit before this command runs.
    fn needs_typing_committed(&self) -> bool {
        matches!(
            self,
            Self::Undo
                | Self::Redo
                | Self::OpenStory(_)
                | Self::CloseStory
                | Self::OpenDesk(_)
                | Self::CreateDesk { .. }
                | Self::CreateStory(_)
                | Self::ResolveConflict { .. }
                | Self::Quit
        )
    }
}

/// The story open in the editor, and the UI state of its side panels.
struct OpenStory {
    slug: String,
    editor: StoryEditor,
    meta: MetaPanel,
    bar: WorkflowBar,
    comments: CommentsPanel,
    history: HistoryPanel,
}

impl OpenStory {
    fn new(story: &Story) -> Self {
        Self {
            slug: story.slug.clone(),
            editor: StoryEditor::new(story),
            meta: MetaPanel::default(),
            bar: WorkflowBar::default(),
            comments: CommentsPanel::default(),
            history: HistoryPanel::default(),
        }
    }
}

/// The tabs of the side panel.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum SideTab {
    Credits,
    Preview,
    Comments,
    History,
}

/// An imported story whose source looks like Zawgyi, waiting for the person's choice.
struct HeldImport {
    story: Box<Story>,
    warning: Option<String>,
    compare: ZawgyiCompare,
    plan: crate::import::ZawgyiPlan,
}

/// The Copydesk application.
pub struct CopydeskApp {
    session: Option<Session>,
    open: Option<OpenStory>,
    desk_view: DeskView,
    status_bar: StatusBar,
    new_desk: Option<NewDeskDialog>,
    new_story: Option<NewStoryDialog>,
    recent: Vec<PathBuf>,
    open_desk: Option<OpenDeskDialog>,
    add_photo: Option<AddPhotoDialog>,
    notice: Option<String>,
    commands: Vec<Command>,
    show_meta: bool,
    /// Set when closing was refused because some work could not be saved.
    unsaved_on_close: bool,
    /// Set once the person chose to close anyway, after their work was rescued.
    allow_close: bool,
    /// When the open story's file was last checked for changes by someone else.
    last_outside_check: f64,
    /// Who is working at this machine.
    identity: Option<Actor>,
    /// This machine's Copydesk folder (identity); `None` keeps nothing (tests).
    config_dir: Option<PathBuf>,
    identity_dialog: Option<IdentityDialog>,
    refile: Option<RefileDialog>,
    export_dialog: Option<ExportDialog>,
    import_dialog: Option<ImportDialog>,
    /// An imported story whose source looks like Zawgyi, held while the person compares.
    held_import: Option<HeldImport>,
    side_tab: SideTab,
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
    #[must_use]
    pub fn new(cc: &eframe::CreationContext<'_>, desk: Option<PathBuf>) -> Self {
        Self::with_config_dir(cc, desk, eframe::storage_dir("Copydesk"))
    }

    /// As [`CopydeskApp::new`], keeping who the person is in `config_dir` (`None`: nowhere,
    /// so every start asks, as on a fresh machine).
    #[must_use]
    pub fn with_config_dir(
        cc: &eframe::CreationContext<'_>,
        desk: Option<PathBuf>,
        config_dir: Option<PathBuf>,
    ) -> Self {
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
            status_bar: StatusBar::default(),
            new_desk: None,
            new_story: None,
            recent,
            open_desk: None,
            add_photo: None,
            notice: None,
            commands: Vec::new(),
            show_meta: true,
            unsaved_on_close: false,
            allow_close: false,
            last_outside_check: 0.0,
            identity: None,
            config_dir,
            identity_dialog: None,
            refile: None,
            export_dialog: None,
            import_dialog: None,
            held_import: None,
            side_tab: SideTab::Credits,
        };
        let identity = app.load_identity();
        app.set_identity(identity);
        let start = desk
            .or_else(|| app.recent.iter().find(|p| store::is_desk(p)).cloned())
            .unwrap_or_else(crate::cli::sample_desk);
        app.open_desk(&start);
        // Back where the person left off: the story that was open at quit, on the same desk.
        let last = cc
            .storage
            .and_then(|s| eframe::get_value::<Option<(PathBuf, String)>>(s, LAST_STORY_KEY))
            .flatten();
        if let (Some((last_desk, slug)), Some(session)) = (last, &app.session)
            && store::canonical(&session.root) == last_desk
        {
            app.open(&slug);
        }
        app
    }

    fn load_identity(&mut self) -> Option<Actor> {
        let path = self.config_dir.as_ref()?.join(IDENTITY_FILE);
        match store::read_machine_file::<IdentityFile>(&path, IdentityFile::FORMAT_VERSION) {
            Ok(file) => file.map(|f| Actor::new(&f.name, &f.roles)),
            Err(err) => {
                self.notice = Some(format!("Could not read who you are: {err}"));
                None
            }
        }
    }

    /// Says who is working at this machine and remembers it there; `None` asks on the next
    /// frame.
    pub fn set_identity(&mut self, identity: Option<Actor>) {
        if let (Some(dir), Some(actor)) = (&self.config_dir, &identity) {
            let file = IdentityFile {
                format_version: IdentityFile::FORMAT_VERSION,
                name: actor.name.clone(),
                roles: actor.roles.clone(),
            };
            if let Err(err) = store::write_machine_file(&dir.join(IDENTITY_FILE), &file) {
                self.notice = Some(format!("Could not remember who you are: {err}"));
            }
        }
        self.identity_dialog = identity.is_none().then(|| IdentityDialog::new(None));
        if let Some(session) = &mut self.session {
            session.actor.clone_from(&identity);
        }
        self.identity = identity;
    }

    /// Who is working at this machine.
    #[must_use]
    pub fn identity(&self) -> Option<&Actor> {
        self.identity.as_ref()
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

    /// Opens a story of the open desk in the editor; `false` if the desk has no such story.
    pub fn open(&mut self, slug: &str) -> bool {
        self.commands.push(Command::OpenStory(slug.to_owned()));
        self.apply_commands(0.0);
        self.open.as_ref().is_some_and(|o| o.slug == slug)
    }

    /// Inserts an image file as a photo row after `after` in the open story, copying the file
    /// into the desk's `media/` folder: what the Add photo dialog's choice leads to.
    pub fn insert_photo(&mut self, after: RowRef, path: &Path) {
        if let Some(slug) = self.open.as_ref().map(|o| o.slug.clone()) {
            self.commands.push(Command::InsertPhoto(Box::new(NewPhoto {
                slug,
                after,
                path: path.to_owned(),
                caption: String::new(),
                credit: String::new(),
                alt: String::new(),
            })));
            self.apply_commands(0.0);
        }
    }

    /// Commits what is being typed, saves everything, and says whether all work is safe on
    /// disk, so the window may close.
    pub fn save_for_close(&mut self) -> bool {
        self.commit_typing();
        self.apply_commands(0.0);
        let Some(session) = &mut self.session else {
            return true;
        };
        session.save_all() && !session.has_unsaved()
    }

    fn open_index(&self) -> Option<usize> {
        let open = self.open.as_ref()?;
        self.session.as_ref()?.find(&open.slug)
    }

    /// Turns text still being typed (editor draft, metadata fields) into edits at the front
    /// of the queue.
    fn commit_typing(&mut self) {
        let Some(index) = self.open_index() else {
            return;
        };
        let (Some(session), Some(open)) = (&self.session, &mut self.open) else {
            return;
        };
        let story = &session.docs[index].story;
        let mut typed = Vec::new();
        open.editor.commit_draft(story, &mut typed);
        open.meta.commit(story, &mut typed);
        typed.append(&mut self.commands);
        self.commands = typed;
    }

    /// Opens a desk; refuses to leave the current one while its work cannot be saved.
    fn open_desk(&mut self, root: &Path) {
        if let Some(session) = &mut self.session
            && !session.save_all()
        {
            self.notice = Some(
                "Some stories could not be saved, so the desk stays open; see the status bar."
                    .to_owned(),
            );
            return;
        }
        match Session::open(root) {
            Ok(mut session) => {
                session.actor.clone_from(&self.identity);
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
        let root = store::canonical(root);
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
                    .add_enabled(self.session.is_some(), egui::Button::new("Import…"))
                    .clicked()
                {
                    self.commands.push(Command::ShowImport);
                }
                if ui
                    .add_enabled(self.open.is_some(), egui::Button::new("Export…"))
                    .clicked()
                {
                    self.commands.push(Command::ShowExport);
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
                ui.checkbox(
                    &mut self.show_meta,
                    "Side panel (credits, comments, history)",
                );
            });
            ui.menu_button("Story", |ui| {
                if ui
                    .add_enabled(self.open.is_some(), egui::Button::new("Re-file source…"))
                    .clicked()
                {
                    self.commands.push(Command::ShowRefile);
                }
                if ui
                    .add_enabled(
                        self.open.is_some(),
                        egui::Button::new("Changes since translation"),
                    )
                    .clicked()
                {
                    self.show_changes_since_translation();
                }
            });
            let me = self.identity.as_ref().map_or_else(
                || "Who are you?".to_owned(),
                |a| {
                    let roles: Vec<&str> = a.roles.iter().map(|r| r.label()).collect();
                    format!("{} ({})", a.name, roles.join(", "))
                },
            );
            if ui
                .button(me)
                .on_hover_text("Change who you are on this computer")
                .clicked()
            {
                self.commands.push(Command::ShowIdentity);
            }
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

    fn shortcuts_ui(&mut self, ui: &mut egui::Ui) {
        // Nothing to undo into while a comparison waits for a choice.
        if self.open.as_ref().is_none_or(|o| o.editor.is_holding()) {
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

    fn insert_photo_now(&mut self, photo: &NewPhoto) {
        let NewPhoto {
            slug,
            after,
            path,
            caption,
            credit,
            alt,
        } = photo;
        let after = *after;
        let Some(session) = &self.session else { return };
        let Some(index) = session.find(slug) else {
            self.notice = Some(format!(
                "The story {slug} is no longer open; the photo was not added."
            ));
            return;
        };
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
                        credit: credit.clone(),
                        alt: alt.clone(),
                    }),
                    row: TextRow {
                        english: caption.clone(),
                        ..TextRow::default()
                    },
                    omitted: false,
                    previous_source: None,
                };
                self.commands.push(Command::Apply {
                    slug: slug.clone(),
                    edit: Edit::InsertBlock { index: at, block },
                    label: "add photo".to_owned(),
                    row: Some(RowRef::Block(id)),
                });
                if let Some(open) = &mut self.open
                    && open.slug == *slug
                {
                    open.editor.activate(RowRef::Block(id));
                }
                self.notice = Some("Photo added; translate its caption in its row.".to_owned());
            }
            Err(err) => self.notice = Some(format!("Could not add the photo: {err}")),
        }
    }

    /// Applies the frame's commands: edits first (they are what the person did before
    /// clicking anything else), with any text still being typed committed ahead of commands
    /// that move away from it.
    fn apply_commands(&mut self, now: f64) {
        if self.commands.iter().any(Command::needs_typing_committed) {
            self.commit_typing();
        }
        let (edits, others): (Vec<Command>, Vec<Command>) = std::mem::take(&mut self.commands)
            .into_iter()
            .partition(|c| matches!(c, Command::Apply { .. }));
        for command in edits.into_iter().chain(others) {
            self.apply(command, now);
        }
    }

    fn apply(&mut self, command: Command, now: f64) {
        // Every change is recorded with a name: nobody may change a story anonymously.
        let changes = matches!(
            command,
            Command::Apply { .. }
                | Command::Undo
                | Command::Redo
                | Command::MoveStage { .. }
                | Command::Refile { .. }
                | Command::InsertPhoto(_)
        );
        if changes && self.identity.is_none() {
            self.notice =
                Some("Say who you are first: every change is recorded with a name.".to_owned());
            self.identity_dialog
                .get_or_insert_with(|| IdentityDialog::new(None));
            return;
        }
        match command {
            Command::Apply {
                slug,
                edit,
                label,
                row,
            } => {
                if let Some(session) = &mut self.session
                    && let Some(index) = session.find(&slug)
                    && let Err(err) = session.apply(index, edit, &label, row, now)
                {
                    self.notice = Some(format!("Could not {label}: {err}"));
                }
            }
            Command::Undo | Command::Redo => {
                self.undo_or_redo(matches!(command, Command::Undo), now);
            }
            Command::Notify(message) => self.notice = Some(message),
            Command::AddPhoto { slug, after } => {
                self.add_photo = Some(AddPhotoDialog::new(slug, after));
            }
            Command::InsertPhoto(photo) => self.insert_photo_now(&photo),
            Command::OpenStory(slug) => {
                self.save_open_story();
                if let Some(session) = &self.session
                    && let Some(i) = session.find(&slug)
                {
                    self.open = Some(OpenStory::new(&session.docs[i].story));
                }
            }
            Command::CloseStory => {
                self.save_open_story();
                self.open = None;
            }
            Command::OpenDesk(root) => self.open_desk(&root),
            Command::ChooseDesk => self.open_desk = Some(OpenDeskDialog::default()),
            Command::ShowNewDesk => self.new_desk = Some(NewDeskDialog::default()),
            Command::CreateDesk { root, settings } => self.create_desk(&root, &settings),
            Command::ShowNewStory => self.new_story = Some(NewStoryDialog::default()),
            Command::CreateStory(story) => self.create_story(*story),
            Command::ResolveConflict { keep_mine } => {
                let index = self.open_index();
                if let (Some(session), Some(index)) = (&mut self.session, index) {
                    if let Err(err) = session.resolve_conflict(index, keep_mine) {
                        self.notice = Some(format!("Could not resolve the conflict: {err}"));
                    }
                    if let Some(open) = &mut self.open {
                        open.editor.forget_layout();
                    }
                }
            }
            Command::MoveStage { slug, to, note } => {
                self.move_stage(&slug, to, note.as_deref(), now);
            }
            Command::JumpTo(row) => {
                if let Some(open) = &mut self.open {
                    open.editor.activate(row);
                }
            }
            Command::ShowRefile => {
                if let Some(open) = &self.open {
                    self.refile = Some(RefileDialog::new(open.slug.clone()));
                }
            }
            Command::Refile { slug, text } => self.refile_now(&slug, &text, now),
            Command::ShowExport => {
                if let (Some(session), Some(index)) = (&self.session, self.open_index()) {
                    self.export_dialog = Some(ExportDialog::new(&session.docs[index].story));
                }
            }
            Command::Export {
                slug,
                format,
                draft,
                path,
            } => self.export_now(&slug, format, draft, &path),
            Command::Copy { slug, formatted } => self.copy_now(&slug, formatted),
            Command::ShowImport => self.import_dialog = Some(ImportDialog::default()),
            Command::Import {
                file,
                english,
                slug,
            } => self.import_now(&file, english.as_deref(), slug.as_deref()),
            Command::ShowIdentity => {
                self.identity_dialog = Some(IdentityDialog::new(self.identity.as_ref()));
            }
            // Closing is handled after the frame's commands, through the close check.
            Command::Quit => {}
        }
    }

    /// Every couple of seconds, reloads the open story if someone else saved it and nothing
    /// here is unsaved or being typed; otherwise the session marks a conflict.
    fn check_outside_changes(&mut self, ui: &egui::Ui, now: f64) {
        const INTERVAL: f64 = 2.0;
        ui.ctx()
            .request_repaint_after(std::time::Duration::from_secs_f64(INTERVAL));
        if now - self.last_outside_check < INTERVAL {
            return;
        }
        self.last_outside_check = now;
        let Some(index) = self.open_index() else {
            return;
        };
        let (Some(session), Some(open)) = (&mut self.session, &mut self.open) else {
            return;
        };
        if open.editor.has_draft() {
            return;
        }
        match session.check_for_outside_changes(index) {
            Ok(true) => {
                open.editor.forget_layout();
                self.notice = Some(format!(
                    "{} was saved by someone else; you are now seeing their version.",
                    open.slug
                ));
            }
            Ok(false) => {}
            Err(err) => self.notice = Some(format!("Could not check for changes: {err}")),
        }
    }

    fn move_stage(&mut self, slug: &str, to: Stage, note: Option<&str>, now: f64) {
        let Some(session) = &mut self.session else {
            return;
        };
        let Some(index) = session.find(slug) else {
            return;
        };
        match session.move_stage(index, to, note, now) {
            Ok(()) => {
                // A stage change is work worth keeping at once.
                session.save(index);
                self.notice = Some(format!("{slug} is now {}.", to.label()));
            }
            Err(why) => self.notice = Some(format!("Not moved: {why}.")),
        }
    }

    fn refile_now(&mut self, slug: &str, text: &str, now: f64) {
        let Some(session) = &mut self.session else {
            return;
        };
        let Some(index) = session.find(slug) else {
            return;
        };
        match session.refile(index, text, now) {
            Ok(summary) => {
                self.notice = Some(format!(
                    "Source re-filed: {} row(s) changed, {} added, {} removed; they are flagged for the translator.",
                    summary.changed, summary.added, summary.removed
                ));
            }
            Err(err) => self.notice = Some(format!("Could not re-file: {err}")),
        }
    }

    fn export_now(&mut self, slug: &str, format: crate::export::Format, draft: bool, path: &Path) {
        // A bare file name goes in the home folder, not wherever Copydesk was started.
        let path = if path.is_relative() {
            std::env::var_os("HOME")
                .map_or_else(|| path.to_owned(), |home| PathBuf::from(home).join(path))
        } else {
            path.to_owned()
        };
        let path = path.as_path();
        let Some(session) = &self.session else { return };
        let Some(index) = session.find(slug) else {
            return;
        };
        let media = store::DeskMedia {
            root: &session.root,
        };
        let story = &session.docs[index].story;
        self.notice = Some(
            match crate::export::export(story, &session.settings, &media, format, draft)
                .map_err(|e| e.to_string())
                .and_then(|bytes| store::write_export(path, &bytes).map_err(|e| e.to_string()))
            {
                Ok(()) => format!("Exported {} to {}.", format.label(), path.display()),
                Err(why) => format!("Not exported: {why}."),
            },
        );
    }

    fn copy_now(&mut self, slug: &str, formatted: bool) {
        let Some(session) = &self.session else { return };
        let Some(index) = session.find(slug) else {
            return;
        };
        let story = &session.docs[index].story;
        let text = crate::export::export(
            story,
            &session.settings,
            &crate::export::NoMedia,
            crate::export::Format::Text,
            true,
        );
        let html = crate::export::export(
            story,
            &session.settings,
            &crate::export::NoMedia,
            crate::export::Format::Html,
            true,
        );
        let (Ok(text), Ok(html)) = (text, html) else {
            self.notice = Some("Could not copy the story.".to_owned());
            return;
        };
        let text = String::from_utf8_lossy(&text).into_owned();
        let copied = if formatted {
            arboard::Clipboard::new().and_then(|mut clipboard| {
                clipboard.set_html(String::from_utf8_lossy(&html), Some(text.clone().into()))
            })
        } else {
            arboard::Clipboard::new().and_then(|mut clipboard| clipboard.set_text(text.clone()))
        };
        self.notice = Some(match copied {
            Ok(()) if formatted => "Copied as formatted text.".to_owned(),
            Ok(()) => "Copied as plain text.".to_owned(),
            Err(err) => format!("Could not copy: {err}"),
        });
    }

    fn import_now(&mut self, file: &Path, english: Option<&Path>, slug: Option<&str>) {
        let name = |p: &Path| {
            p.file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default()
        };
        let read = (|| -> Result<(Story, Option<String>), String> {
            let bytes = store::read_file(file).map_err(|e| e.to_string())?;
            let english = match english {
                Some(path) => Some((
                    name(path),
                    store::read_file(path).map_err(|e| e.to_string())?,
                )),
                None => None,
            };
            crate::import::story_from_files(
                &name(file),
                &bytes,
                english.as_ref().map(|(n, b)| (n.as_str(), b.as_slice())),
                slug,
                chrono::Utc::now(),
            )
            .map_err(|e| e.to_string())
        })();
        let (story, warning) = match read {
            Ok(read) => read,
            Err(why) => {
                self.notice = Some(format!("Not imported: {why}"));
                return;
            }
        };
        let plan = crate::import::ZawgyiPlan::for_story(&story);
        if plan.found() {
            let (original, converted) = plan.comparison(&story);
            let compare = ZawgyiCompare::from_parts(&name(file), original, converted);
            self.held_import = Some(HeldImport {
                story: Box::new(story),
                warning,
                compare,
                plan,
            });
            return;
        }
        self.add_imported(story, warning);
    }

    /// The choice made on a held Zawgyi import.
    fn held_import_ui(&mut self, ctx: &egui::Context) {
        let Some(held) = &self.held_import else {
            return;
        };
        let Some(choice) = held.compare.ui(ctx) else {
            return;
        };
        let Some(HeldImport {
            mut story,
            warning,
            plan,
            ..
        }) = self.held_import.take()
        else {
            return;
        };
        match choice {
            ZawgyiChoice::Convert => {
                plan.apply(&mut story, false);
                self.add_imported(*story, warning);
            }
            ZawgyiChoice::Keep => self.add_imported(*story, warning),
            ZawgyiChoice::Cancel => self.notice = Some("Not imported.".to_owned()),
        }
    }

    fn add_imported(&mut self, story: Story, warning: Option<String>) {
        let Some(session) = &mut self.session else {
            return;
        };
        let slug = story.slug.clone();
        match session.add_story(story) {
            Ok(_) => {
                self.notice = Some(match warning {
                    Some(warning) => format!("Imported as {slug}; {warning}."),
                    None => format!("Imported as {slug}."),
                });
                self.commands.push(Command::OpenStory(slug));
            }
            Err(why) => self.notice = Some(format!("Not imported: {why}")),
        }
    }

    fn side_panel_ui(&mut self, ui: &mut egui::Ui) {
        let Some(index) = self.open_index() else {
            return;
        };
        let (Some(session), Some(open)) = (&self.session, &mut self.open) else {
            return;
        };
        let story = &session.docs[index].story;
        let tab_before = self.side_tab;
        ui.horizontal(|ui| {
            ui.selectable_value(&mut self.side_tab, SideTab::Credits, "Credits");
            ui.selectable_value(&mut self.side_tab, SideTab::Preview, "Preview");
            let open_comments = story.open_comments();
            let comments = if open_comments > 0 {
                format!("Comments ({open_comments})")
            } else {
                "Comments".to_owned()
            };
            ui.selectable_value(&mut self.side_tab, SideTab::Comments, comments);
            ui.selectable_value(&mut self.side_tab, SideTab::History, "History");
        });
        if self.side_tab != tab_before {
            // What was being typed in the tab being left becomes an edit now.
            open.meta.commit(story, &mut self.commands);
        }
        ui.separator();
        match self.side_tab {
            SideTab::Credits => {
                let editor = self
                    .identity
                    .as_ref()
                    .is_some_and(|a| a.roles.contains(&crate::model::Role::Editor));
                open.meta
                    .ui(ui, story, &session.settings, editor, &mut self.commands);
            }
            SideTab::Preview => {
                crate::ui::preview::ui(ui, story, &session.settings, &session.root);
            }
            SideTab::Comments => open.comments.ui(
                ui,
                story,
                open.editor.active_row(),
                self.identity.as_ref(),
                &mut self.commands,
            ),
            SideTab::History => open.history.ui(ui, story),
        }
    }

    /// Shows the editor's "what changed since the translator handed over" in the side panel.
    pub fn show_changes_since_translation(&mut self) -> bool {
        let Some(index) = self.open_index() else {
            return false;
        };
        let (Some(session), Some(open)) = (&self.session, &mut self.open) else {
            return false;
        };
        self.side_tab = SideTab::History;
        self.show_meta = true;
        open.history.since_translation(&session.docs[index].story)
    }

    fn undo_or_redo(&mut self, undo: bool, now: f64) {
        let Some(index) = self.open_index() else {
            return;
        };
        let (Some(session), Some(open)) = (&mut self.session, &mut self.open) else {
            return;
        };
        let result = if undo {
            session.undo(index, now)
        } else {
            session.redo(index, now)
        };
        match result {
            Ok(Some(row)) => {
                open.editor.activate(row);
                self.notice = None;
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

    fn save_open_story(&mut self) {
        let index = self.open_index();
        if let (Some(session), Some(index)) = (&mut self.session, index) {
            session.save(index);
        }
    }

    fn create_desk(&mut self, root: &Path, settings: &DeskSettings) {
        match store::create_desk(root, settings) {
            Ok(()) => {
                self.open_desk(root);
                self.new_desk = None;
                self.notice = Some(format!("Created desk \"{}\".", settings.name));
            }
            Err(err) => {
                if let Some(dialog) = &mut self.new_desk {
                    dialog.error = Some(err.to_string());
                }
            }
        }
    }

    fn create_story(&mut self, story: Story) {
        let slug = story.slug.clone();
        let Some(session) = &mut self.session else {
            return;
        };
        match session.add_story(story) {
            Ok(_) => {
                self.new_story = None;
                self.save_open_story();
                if let Some(session) = &self.session
                    && let Some(i) = session.find(&slug)
                {
                    self.open = Some(OpenStory::new(&session.docs[i].story));
                }
            }
            Err(err) => {
                if let Some(dialog) = &mut self.new_story {
                    dialog.error = Some(err.to_string());
                }
            }
        }
    }

    /// Handles a request to close the window: closes only when all work is on disk, else
    /// asks the person what to do.
    fn close_ui(&mut self, ui: &egui::Ui) {
        let asked = ui.input(|i| i.viewport().close_requested());
        if asked && !self.allow_close {
            if self.save_for_close() {
                self.allow_close = true;
            } else {
                ui.ctx()
                    .send_viewport_cmd(egui::ViewportCommand::CancelClose);
                self.unsaved_on_close = true;
            }
        }
        if !self.unsaved_on_close {
            return;
        }
        let failures: Vec<String> = self
            .session
            .iter()
            .flat_map(|s| s.docs.iter())
            .filter(|d| d.is_dirty())
            .map(|d| {
                format!(
                    "{}: {}",
                    d.story.slug,
                    d.save_error.as_deref().unwrap_or("not saved")
                )
            })
            .collect();
        let mut keep_open = true;
        egui::Window::new("Some work is not saved")
            .collapsible(false)
            .resizable(false)
            .show(ui.ctx(), |ui| {
                ui.label("These stories could not be written to the desk:");
                for failure in &failures {
                    ui.colored_label(theme::error_color(), failure);
                }
                ui.horizontal(|ui| {
                    if ui.button("Try again").clicked() && self.save_for_close() {
                        self.allow_close = true;
                        ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
                    }
                    if ui
                        .button("Save copies elsewhere and quit")
                        .on_hover_text("Write the unsaved stories to Copydesk's recovery folder on this computer")
                        .clicked()
                    {
                        self.rescue_and_close(ui.ctx());
                    }
                    if ui.button("Keep working").clicked() {
                        keep_open = false;
                    }
                });
            });
        if !keep_open {
            self.unsaved_on_close = false;
        }
    }

    fn rescue_and_close(&mut self, ctx: &egui::Context) {
        let dir = eframe::storage_dir("Copydesk")
            .unwrap_or_else(std::env::temp_dir)
            .join("recovery");
        let Some(session) = &self.session else {
            return;
        };
        match session.rescue_unsaved(&dir) {
            Ok(paths) => {
                for path in paths {
                    log::warn!("unsaved work kept in {}", path.display());
                }
                self.allow_close = true;
                ctx.send_viewport_cmd(egui::ViewportCommand::Close);
            }
            Err(err) => self.notice = Some(format!("Could not keep copies either: {err}")),
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
        self.shortcuts_ui(ui);

        egui::Panel::top("menu").show(ui, |ui| self.menu_ui(ui));

        let index = self.open_index();
        egui::Panel::bottom("status").show(ui, |ui| {
            let doc = index.and_then(|i| self.session.as_ref().map(|s| &s.docs[i]));
            let language = self
                .session
                .as_ref()
                .map_or("", |s| s.settings.source_language.as_str());
            self.status_bar.ui(
                ui,
                doc,
                language,
                self.notice.as_deref(),
                &mut self.commands,
            );
        });

        if let (Some(session), Some(index), Some(open)) = (&self.session, index, &mut self.open) {
            let doc = &session.docs[index];
            let rules = workflow::rules_for(&session.settings);
            let reviewing = doc.story.stage == Stage::Editing
                && self
                    .identity
                    .as_ref()
                    .is_some_and(|a| a.roles.contains(&crate::model::Role::Editor));
            open.editor.set_reviewing(reviewing);
            egui::Panel::top("workflow").show(ui, |ui| {
                open.bar
                    .ui(ui, doc, &rules, self.identity.as_ref(), &mut self.commands);
            });
            // Side panel, then the rows in what is left.
            if self.show_meta {
                egui::Panel::right("side")
                    .resizable(true)
                    .default_size(320.0)
                    .show(ui, |ui| self.side_panel_ui(ui));
            }
            egui::CentralPanel::default_margins().show(ui, |ui| {
                if let (Some(session), Some(index), Some(open)) =
                    (&self.session, self.open_index(), &mut self.open)
                {
                    open.editor
                        .ui(ui, &session.docs[index], &session.root, &mut self.commands);
                }
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
        if let Some(dialog) = &mut self.open_desk
            && !dialog.ui(ui.ctx(), &mut self.commands)
        {
            self.open_desk = None;
        }
        if let Some(dialog) = &mut self.refile
            && !dialog.ui(ui.ctx(), &mut self.commands)
        {
            self.refile = None;
        }
        if let Some(dialog) = &mut self.import_dialog
            && !dialog.ui(ui.ctx(), &mut self.commands)
        {
            self.import_dialog = None;
        }
        self.held_import_ui(ui.ctx());
        let open_story = self
            .open_index()
            .and_then(|i| self.session.as_ref().map(|s| &s.docs[i].story));
        let keep_export = match (&mut self.export_dialog, open_story) {
            (Some(dialog), Some(story)) => dialog.ui(ui.ctx(), story, &mut self.commands),
            _ => false,
        };
        if !keep_export {
            self.export_dialog = None;
        }
        if let Some(dialog) = &mut self.identity_dialog {
            let required = self.identity.is_none();
            let mut closed = false;
            let settings = self.session.as_ref().map(|s| &s.settings);
            if let Some(actor) = dialog.ui(ui.ctx(), settings, required, &mut closed) {
                self.set_identity(Some(actor));
                self.identity_dialog = None;
            } else if closed {
                self.identity_dialog = None;
            }
        }
        if let Some(dialog) = &mut self.add_photo
            && !dialog.ui(ui.ctx(), &mut self.commands)
        {
            self.add_photo = None;
        }
        if let (Some(dialog), Some(session)) = (&mut self.new_story, &self.session)
            && !dialog.ui(ui.ctx(), session, &mut self.commands)
        {
            self.new_story = None;
        }

        let quit = self.commands.iter().any(|c| matches!(c, Command::Quit));
        self.apply_commands(now);
        if quit {
            // Closing goes through the same check as the window's close button.
            ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
        }
        self.close_ui(ui);

        self.check_outside_changes(ui, now);
        if let Some(session) = &mut self.session {
            session.autosave(now);
            if session.has_unsaved() {
                ui.ctx()
                    .request_repaint_after(std::time::Duration::from_secs_f64(AUTOSAVE_DELAY));
            }
        }
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, RECENT_KEY, &self.recent);
        let last: Option<(PathBuf, String)> = match (&self.session, &self.open) {
            (Some(session), Some(open)) => {
                Some((store::canonical(&session.root), open.slug.clone()))
            }
            _ => None,
        };
        eframe::set_value(storage, LAST_STORY_KEY, &last);
    }

    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        if !self.save_for_close() {
            log::error!("some stories could not be saved at exit");
        }
    }
}
