//! The window: owns the open desk, shows the panels, and applies their commands once per frame.
//!
//! Panels never change a story themselves. They push [`Command`]s while they draw; at the end
//! of the frame the app applies them through the session's checked calls, so every change
//! obeys the desk's rules, goes through the undo history and is saved (off this thread).
//! Edits name the story they are for, and are applied before any command that moves away
//! from it (undo, close, switching desk, quit), so text typed just before such a click
//! always lands first. What each command does lives in `actions.rs`.

mod actions;
mod memory;
mod search;
mod team;
mod watch;

use std::path::{Path, PathBuf};
use std::sync::mpsc::Receiver;

pub use crate::command::{Command, CommentAction, NewPhoto};
use crate::model::{RowRef, Story};
use crate::session::{AUTOSAVE_DELAY, Session};
use crate::store;
use crate::ui::{
    AddPhotoDialog, CloseDialog, CommentsPanel, DeskView, ExportDialog, FixSourceDialog,
    HistoryPanel, IdentityDialog, ImportDialog, MenuBar, MetaPanel, NewDeskDialog, NewStoryDialog,
    OpenDeskDialog, RefileDialog, SettingsDialog, SideTab, StatusBar, StoryEditor, WorkflowBar,
    ZawgyiCompare, theme,
};

/// The key under which eframe stores the recent desks.
const RECENT_KEY: &str = "copydesk.recent_desks";
/// The key under which eframe stores which story was open at quit (desk folder and slug).
const LAST_STORY_KEY: &str = "copydesk.last_story";
/// How often the open story's file is looked at for a colleague's save, in seconds: a look
/// at its length and time, so it costs nothing when nothing changed.
const OUTSIDE_CHECK_INTERVAL: f64 = 2.0;

/// The story open in the editor, and the UI state of its side panels.
struct OpenStory {
    slug: String,
    editor: StoryEditor,
    meta: MetaPanel,
    bar: WorkflowBar,
    comments: CommentsPanel,
    history: HistoryPanel,
    matches: crate::ui::MatchesPanel,
    qa: crate::ui::QaPanel,
    terms: crate::ui::TermsPanel,
}

impl OpenStory {
    fn new(story: &Story, can_type: bool) -> Self {
        Self {
            slug: story.slug.clone(),
            editor: StoryEditor::new(story, can_type),
            meta: MetaPanel::default(),
            bar: WorkflowBar::default(),
            comments: CommentsPanel::default(),
            history: HistoryPanel::default(),
            matches: crate::ui::MatchesPanel::default(),
            qa: crate::ui::QaPanel::default(),
            terms: crate::ui::TermsPanel::default(),
        }
    }
}

/// An imported story whose source looks like Zawgyi, waiting for the person's choice.
struct HeldImport {
    story: Box<Story>,
    warning: Option<String>,
    compare: ZawgyiCompare,
    plan: crate::import::ZawgyiPlan,
}

/// The dialogs that may be open, each `None` when closed.
#[derive(Default)]
struct Dialogs {
    new_desk: Option<NewDeskDialog>,
    new_story: Option<NewStoryDialog>,
    open_desk: Option<OpenDeskDialog>,
    add_photo: Option<AddPhotoDialog>,
    identity: Option<IdentityDialog>,
    refile: Option<RefileDialog>,
    export: Option<ExportDialog>,
    import: Option<ImportDialog>,
    settings: Option<SettingsDialog>,
    fix_source: Option<FixSourceDialog>,
    /// An imported story whose source looks like Zawgyi, held while the person compares.
    held_import: Option<HeldImport>,
    memories: Option<crate::ui::MemoryDialog>,
    xliff: Option<crate::ui::XliffDialog>,
    analysis: Option<crate::ui::AnalysisDialog>,
    add_term: Option<crate::ui::AddTermDialog>,
    glossary: Option<crate::ui::GlossaryDialog>,
    join_desk: Option<crate::ui::JoinDeskDialog>,
}

/// The Copydesk application.
pub struct CopydeskApp {
    session: Option<Session>,
    open: Option<OpenStory>,
    desk_view: DeskView,
    status_bar: StatusBar,
    menu: MenuBar,
    dialogs: Dialogs,
    close: CloseDialog,
    notice: Option<String>,
    commands: Vec<Command>,
    show_side: bool,
    side_tab: SideTab,
    /// When the open story's file was last checked for changes by someone else.
    last_outside_check: f64,
    /// Who is working at this machine, by name; their roles come from each desk's roster.
    identity: Option<String>,
    /// This machine's Copydesk folder (identity); `None` keeps nothing (tests).
    config_dir: Option<PathBuf>,
    /// The Copydesk program git runs as the story merge driver; `None`: this program.
    merge_driver: Option<PathBuf>,
    /// A sign-off being signed on a thread of its own.
    signing: Option<Signing>,
    /// When the program started, until the first frame has been drawn and logged.
    started: Option<std::time::Instant>,
    /// Wakes the window when the open story's files change.
    watch: watch::Watch,
    /// The desk's translation memory, and the desk it was read for.
    memory: memory::DeskMemory,
    memory_root: Option<PathBuf>,
    /// The desk view's search of every story's text, run on a thread of its own.
    search: search::DeskSearch,
    /// The desk's quality checks (glossary, speller, usual length) and the desk they were
    /// read for, once a story is open; the generation changes with the glossary.
    checks: Option<(PathBuf, std::sync::Arc<crate::qa::DeskChecks>)>,
    checks_generation: u64,
    /// The window's context, for commands that reach into a text field's state.
    ctx: egui::Context,
    /// On a team desk (a git clone): its git worker, sync state and the Sync button's work.
    team: team::Team,
}

/// Opens the window on `desk`, or on the last desk used, or on the sample desk, with
/// `story` open if given. `started` is when the program started: the time to the first
/// frame is logged (`RUST_LOG=copydesk=info`), for measuring start-up.
pub fn run_native(
    desk: Option<PathBuf>,
    story: Option<String>,
    started: std::time::Instant,
) -> anyhow::Result<()> {
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
        Box::new(move |cc| {
            let mut app = CopydeskApp::new(cc, desk);
            if let Some(slug) = story
                && !app.open(&slug)
            {
                app.notice = Some(format!("The desk has no story \"{slug}\"."));
            }
            app.started = Some(started);
            Ok(Box::new(app))
        }),
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
        // A blinking cursor repaints the window twice a second for as long as a field has
        // the keyboard; a steady one costs nothing while the person reads.
        cc.egui_ctx
            .all_styles_mut(|style| style.visuals.text_cursor.blink = false);
        let recent: Vec<PathBuf> = cc
            .storage
            .and_then(|s| eframe::get_value::<Vec<PathBuf>>(s, RECENT_KEY))
            .unwrap_or_default();
        let mut app = Self {
            session: None,
            open: None,
            desk_view: DeskView::default(),
            status_bar: StatusBar::default(),
            merge_driver: None,
            signing: None,
            menu: MenuBar::new(recent),
            dialogs: Dialogs::default(),
            close: CloseDialog::default(),
            notice: None,
            commands: Vec::new(),
            show_side: true,
            side_tab: SideTab::Credits,
            last_outside_check: 0.0,
            identity: None,
            config_dir,
            started: None,
            watch: watch::Watch::start(&cc.egui_ctx),
            memory: memory::DeskMemory::default(),
            memory_root: None,
            search: search::DeskSearch::new(&cc.egui_ctx),
            checks: None,
            checks_generation: 0,
            ctx: cc.egui_ctx.clone(),
            team: team::Team::default(),
        };
        let identity = app.load_identity();
        app.set_identity(identity.as_deref());
        let start = desk
            .or_else(|| {
                app.menu
                    .recent()
                    .iter()
                    .find(|p| store::is_desk(p))
                    .cloned()
            })
            .unwrap_or_else(crate::cli::sample_desk);
        app.open_desk(&start);
        // Back where the person left off: the story that was open at quit, on the same desk.
        let last = cc
            .storage
            .and_then(|s| eframe::get_value::<Option<(PathBuf, String)>>(s, LAST_STORY_KEY))
            .flatten();
        if let (Some((last_desk, slug)), Some(session)) = (last, &app.session)
            && store::canonical(session.root()) == last_desk
        {
            app.open(&slug);
        }
        app
    }

    fn load_identity(&mut self) -> Option<String> {
        let dir = self.config_dir.as_ref()?;
        match store::load_identity(dir) {
            Ok(name) => name,
            Err(err) => {
                self.notice = Some(format!("Could not read who you are: {err}"));
                None
            }
        }
    }

    /// Names the Copydesk program git runs as the story merge driver when this window syncs
    /// or joins a team desk: by default this program itself; a program that embeds the
    /// window (a test) names the real one.
    pub fn set_merge_driver(&mut self, program: PathBuf) {
        self.merge_driver = Some(program);
    }

    /// The Copydesk program git runs as the story merge driver.
    fn merge_driver(&self) -> PathBuf {
        self.merge_driver.clone().unwrap_or_else(|| {
            std::env::current_exe().unwrap_or_else(|_| PathBuf::from("copydesk"))
        })
    }

    /// Says who is working at this machine (a name; the desk's roster gives the roles) and
    /// remembers it there; `None` asks on the next frame.
    pub fn set_identity(&mut self, name: Option<&str>) {
        let name = name.map(str::trim).filter(|n| !n.is_empty());
        if let (Some(dir), Some(name)) = (&self.config_dir, name)
            && let Err(err) = store::save_identity(dir, name)
        {
            self.notice = Some(format!("Could not remember who you are: {err}"));
        }
        self.dialogs.identity = name.is_none().then(|| IdentityDialog::new(None));
        if let Some(session) = &mut self.session {
            session.set_me(name);
        }
        self.identity = name.map(str::to_owned);
        if let Some(open) = &mut self.open {
            open.bar = WorkflowBar::default();
        }
    }

    /// Who is working at this machine, with the roles the open desk's roster gives them.
    #[must_use]
    pub fn actor(&self) -> Option<crate::workflow::Actor> {
        self.session.as_ref().and_then(Session::actor)
    }

    /// The open desk, if any.
    #[must_use]
    pub fn session(&self) -> Option<&Session> {
        self.session.as_ref()
    }

    /// The open desk, to wait for saves in tests.
    pub fn session_mut(&mut self) -> Option<&mut Session> {
        self.session.as_mut()
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

    /// Commits what is being typed, saves everything and waits for the writes, and says
    /// whether all work is safe on disk, so the window may close.
    pub fn save_for_close(&mut self) -> bool {
        self.commit_typing();
        self.apply_commands(0.0);
        let Some(session) = &mut self.session else {
            return true;
        };
        session.save_all()
    }

    fn open_index(&self) -> Option<usize> {
        let open = self.open.as_ref()?;
        self.session.as_ref()?.find(&open.slug)
    }

    /// Keeps the translation memory in step: read for the open desk (again when colleagues'
    /// saves changed the desk), and the open story's confirmed rows brought in as they change.
    fn memory_tick(&mut self, ctx: &egui::Context, now: f64) {
        let Some(session) = &self.session else {
            return;
        };
        // Read only once something needs it (the Matches tab shown, Ctrl+1..5 or Ctrl+K, the
        // analysis or the memories dialog): a desk opened to edit or sign off costs nothing.
        let wanted = (self.show_side && self.side_tab == SideTab::Matches && self.open.is_some())
            || self.dialogs.analysis.is_some()
            || self.dialogs.memories.is_some();
        if !wanted && self.memory_root.as_deref() != Some(session.root()) {
            if self.memory_root.is_some() {
                // Another desk: the old one's memory goes.
                self.memory = memory::DeskMemory::default();
                self.memory_root = None;
            }
            return;
        }
        let root = session.root().to_owned();
        let open = self.open.as_ref().map(|o| o.slug.as_str());
        if self.memory_root.as_ref() == Some(&root) {
            let behind = self.memory.is_behind(session.index_generation(), || {
                memory::others_signature(session.summaries(), open)
            });
            if behind {
                self.memory
                    .reload(&root, session.settings(), ctx, session.index_generation());
            }
        } else {
            self.memory = memory::DeskMemory::start(
                &root,
                session.settings(),
                ctx,
                session.index_generation(),
            );
            self.memory
                .note_others(memory::others_signature(session.summaries(), open));
            self.memory_root = Some(root);
        }
        if let Some(problem) = self.memory.poll() {
            self.notice = Some(problem);
        }
        let matches_shown = self.show_side && self.side_tab == SideTab::Matches;
        if let (Some(index), Some(open)) = (self.open_index(), &mut self.open)
            && let Some(doc) = session.doc(index)
        {
            let exclude = session.settings().options.memory_excludes_killed;
            let waiting =
                self.memory
                    .sync(&open.slug, doc.story(), doc.revision(), exclude, now, false);
            if waiting {
                ctx.request_repaint_after(std::time::Duration::from_secs(1));
            }
            // The active row's matches, before the panel is drawn: at once for a small
            // memory, else asked of the worker (the panel says "Looking up…" meanwhile).
            if matches_shown
                && let Some(key) = open.matches.wanted(
                    self.memory.generation(),
                    doc.story(),
                    open.editor.active_row(),
                )
                && let Some(matches) = self.memory.matches_for(&key, &open.slug, ctx)
            {
                open.matches.answer(key, matches);
            }
        }
    }

    /// Reads the desk's checks (glossary, spelling dictionary) once a story is open, learns
    /// the desk's usual length once the memory is read, and brings the open story's QA
    /// findings up to date with its last edit (only the rows that changed are checked).
    fn qa_tick(&mut self) {
        let (Some(session), Some(index)) = (&self.session, self.open_index()) else {
            return;
        };
        let root = session.root().to_owned();
        if self.checks.as_ref().map(|(r, _)| r) != Some(&root) {
            let glossary = store::glossary::load_glossary(&root).unwrap_or_else(|e| {
                self.notice = Some(format!("The glossary could not be read: {e}"));
                crate::glossary::Glossary::new()
            });
            let speller = store::glossary::load_speller(session.settings(), &glossary);
            let checks = crate::qa::DeskChecks::new(
                &session.settings().source_language,
                glossary,
                speller,
                None,
            );
            self.checks = Some((root, std::sync::Arc::new(checks)));
            self.checks_generation += 1;
        }
        let Some((_, checks)) = &mut self.checks else {
            return;
        };
        if checks.length.is_none()
            && let Some(memory) = self.memory.get()
        {
            let pairs = memory
                .entries()
                .filter(|(_, e)| matches!(e.origin, crate::tm::Origin::Story { .. }))
                .map(|(_, e)| (e.source.as_str(), e.english.as_str()));
            if let Some(norm) = crate::qa::LengthNorm::learn(pairs) {
                std::sync::Arc::make_mut(checks).length = Some(norm);
                self.checks_generation += 1;
            }
        }
        if let (Some(open), Some(doc)) = (&mut self.open, session.doc(index)) {
            open.qa
                .refresh(checks, self.checks_generation, doc.story(), doc.revision());
            open.editor.set_checks(Some(std::sync::Arc::clone(checks)));
        }
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
        let Some(doc) = session.doc(index) else {
            return;
        };
        let story = doc.story();
        let mut typed = Vec::new();
        open.editor.commit_draft(story, &mut typed);
        open.meta.commit(story, &mut typed);
        typed.append(&mut self.commands);
        self.commands = typed;
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

    fn side_panel_ui(&mut self, ui: &mut egui::Ui) {
        let Some(index) = self.open_index() else {
            return;
        };
        if self.side_tab == SideTab::History
            && let Some(session) = &mut self.session
            && let Err(err) = session.history(index)
        {
            self.notice = Some(format!("Could not read the history: {err}"));
        }
        let (Some(session), Some(open)) = (&self.session, &mut self.open) else {
            return;
        };
        let Some(doc) = session.doc(index) else {
            return;
        };
        let story = doc.story();
        let tab_before = self.side_tab;
        crate::ui::side_panel::tabs_ui(
            ui,
            &mut self.side_tab,
            story.open_comments(),
            open.qa.counts(),
        );
        if self.side_tab != tab_before {
            // What was being typed in the tab being left becomes an edit now.
            open.meta.commit(story, &mut self.commands);
        }
        ui.separator();
        let rights = session.rights(index);
        let actor = session.actor();
        match self.side_tab {
            SideTab::Credits => {
                let on_roster = actor
                    .as_ref()
                    .is_some_and(crate::workflow::Actor::on_roster);
                open.meta.ui(
                    ui,
                    story,
                    session.settings(),
                    &rights,
                    on_roster,
                    &mut self.commands,
                );
            }
            SideTab::Preview => {
                crate::ui::preview::ui(
                    ui,
                    story,
                    session.settings(),
                    session.root(),
                    session.sign_off_state(index),
                );
            }
            SideTab::Comments => open.comments.ui(
                ui,
                story,
                open.editor.active_row(),
                actor.as_ref(),
                &mut self.commands,
            ),
            SideTab::History => open.history.ui(ui, story, &doc.revisions()),
            SideTab::Qa => match &self.checks {
                Some((_, checks)) => {
                    let who = actor
                        .as_ref()
                        .filter(|a| a.on_roster())
                        .map(|a| a.name.as_str());
                    open.qa
                        .ui(ui, story, checks.speller.notice(), who, &mut self.commands);
                }
                None => {
                    ui.label("Reading the glossary and the spelling dictionary…");
                }
            },
            SideTab::Terms => match &self.checks {
                Some((_, checks)) => open.terms.ui(
                    ui,
                    checks,
                    self.checks_generation,
                    story,
                    open.editor.active_row(),
                    rights.english,
                    &mut self.commands,
                ),
                None => {
                    ui.label("Reading the glossary…");
                }
            },
            SideTab::Matches => open.matches.ui(
                ui,
                self.memory.get().as_deref(),
                self.memory.generation(),
                story,
                open.editor.active_row(),
                rights.english,
                &mut self.commands,
            ),
        }
    }

    /// Shows the editor's "what changed since the translator handed over" in the side panel.
    pub fn show_changes_since_translation(&mut self) -> bool {
        let Some(index) = self.open_index() else {
            return false;
        };
        self.side_tab = SideTab::History;
        self.show_side = true;
        let Some(session) = &mut self.session else {
            return false;
        };
        if let Err(err) = session.history(index) {
            self.notice = Some(format!("Could not read the history: {err}"));
            return false;
        }
        let (Some(session), Some(open)) = (&self.session, &mut self.open) else {
            return false;
        };
        let Some(doc) = session.doc(index) else {
            return false;
        };
        open.history.since_translation(&doc.revisions())
    }

    /// Every couple of seconds, looks whether someone else saved the open story (by the
    /// file's length and time first, so nothing is read when nothing changed), and reloads
    /// it if nothing here is unsaved or being typed; otherwise the session marks a conflict.
    fn check_outside_changes(&mut self, now: f64) {
        let watched = match (&self.session, &self.open) {
            (Some(session), Some(open)) => vec![
                store::story_path(session.root(), &open.slug),
                session.root().join(store::DESK_FILE),
                store::presence_path(session.root(), &open.slug),
            ],
            _ => Vec::new(),
        };
        self.watch.set(watched);
        if self.open.is_none() {
            return;
        }
        // No frame is asked for to look: the watch wakes the window when a file changes.
        let woken = self.watch.take_changed();
        if !woken && now - self.last_outside_check < OUTSIDE_CHECK_INTERVAL {
            return;
        }
        self.last_outside_check = now;
        let Some(index) = self.open_index() else {
            return;
        };
        let (Some(session), Some(open)) = (&mut self.session, &mut self.open) else {
            return;
        };
        match session.refresh_settings() {
            Ok(true) => {
                self.notice = Some(
                    "The desk's settings were changed by an editor; your roles follow them."
                        .to_owned(),
                );
            }
            Ok(false) => {}
            Err(err) => self.notice = Some(format!("Could not read the desk's settings: {err}")),
        }
        if session.check_presence(index) {
            self.notice = Some(session.doc(index).and_then(|d| d.read_only()).map_or_else(
                || {
                    "The colleague who had this story open has closed it: you can work on it now."
                        .to_owned()
                },
                str::to_owned,
            ));
        }
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
}

/// A sign-off on a desk that signs them, being signed off the window's thread.
struct Signing {
    slug: String,
    request: crate::workflow::Move,
    done: Receiver<crate::session::SignedSignOff>,
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
        if let Some(session) = &mut self.session {
            session.poll_saves();
        }
        self.shortcuts_ui(ui);
        self.memory_tick(ui.ctx(), now);
        self.qa_tick();

        egui::Panel::top("menu").show(ui, |ui| {
            let doc = self
                .open_index()
                .and_then(|i| self.session.as_ref().and_then(|s| s.doc(i)));
            let actor = self.session.as_ref().and_then(Session::actor);
            self.menu.ui(
                ui,
                self.session.as_ref(),
                doc,
                actor.as_ref(),
                self.identity.as_deref(),
                &mut self.show_side,
                &mut self.commands,
            );
        });

        let index = self.open_index();
        egui::Panel::bottom("status").show(ui, |ui| {
            let session = self.session.as_ref();
            let doc = index.and_then(|i| session.and_then(|s| s.doc(i)));
            let sign_off = index.and_then(|i| session.map(|s| s.sign_off_state(i)));
            let language = session.map_or("", |s| s.settings().source_language.as_str());
            // Wrapped, so a long notice goes onto a second line instead of off the edge.
            ui.horizontal_wrapped(|ui| {
                if let Some((state, busy, others)) = self.team.view() {
                    crate::ui::sync_ui(ui, &state, busy, &others, &mut self.commands);
                }
                self.status_bar.ui(
                    ui,
                    doc,
                    sign_off,
                    language,
                    self.notice.as_deref(),
                    &mut self.commands,
                );
            });
        });

        if let (Some(session), Some(index), Some(open)) = (&self.session, index, &mut self.open)
            && let Some(doc) = session.doc(index)
        {
            let rights = session.rights(index);
            let actor = session.actor();
            open.editor.set_rights(&rights, doc.story().stage);
            egui::Panel::top("workflow").show(ui, |ui| {
                open.bar.ui(
                    ui,
                    doc,
                    session.sign_off_state(index),
                    session.settings(),
                    actor.as_ref(),
                    &mut self.commands,
                );
            });
            // Side panel, then the rows in what is left.
            if self.show_side {
                egui::Panel::right("side")
                    .resizable(true)
                    .default_size(320.0)
                    .show(ui, |ui| self.side_panel_ui(ui));
            }
            egui::CentralPanel::default_margins().show(ui, |ui| {
                if let (Some(session), Some(index), Some(open)) =
                    (&self.session, self.open_index(), &mut self.open)
                    && let Some(doc) = session.doc(index)
                {
                    open.editor.ui(ui, doc, session.root(), &mut self.commands);
                }
            });
        } else {
            egui::CentralPanel::default_margins().show(ui, |ui| {
                if let Some(session) = &self.session {
                    self.search.follow(session);
                    self.search.poll();
                    self.desk_view.ui(
                        ui,
                        session,
                        self.identity.as_deref(),
                        self.search.results(),
                        &mut self.commands,
                    );
                } else {
                    ui.heading("No desk is open");
                    ui.label("Use File > Open desk… or File > New desk….");
                }
            });
        }

        self.dialogs_ui(ui.ctx());

        let quit = self.commands.iter().any(|c| matches!(c, Command::Quit));
        self.apply_commands(now);
        if quit {
            // Closing goes through the same check as the window's close button.
            ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
        }
        self.close_ui(ui);

        self.check_outside_changes(now);
        self.signing_tick(now);
        self.team_tick(now);
        if let Some(started) = self.started.take() {
            log::info!(
                "first frame {} ms after start",
                started.elapsed().as_millis()
            );
        }
        if let Some(session) = &mut self.session {
            session.autosave(now);
            if session.has_unsaved() {
                // Wake up to save after the pause, and to hear back from the saving thread.
                ui.ctx()
                    .request_repaint_after(std::time::Duration::from_secs_f64(
                        AUTOSAVE_DELAY / 4.0,
                    ));
            }
        }
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, RECENT_KEY, &self.menu.recent());
        let last: Option<(PathBuf, String)> = match (&self.session, &self.open) {
            (Some(session), Some(open)) => {
                Some((store::canonical(session.root()), open.slug.clone()))
            }
            _ => None,
        };
        eframe::set_value(storage, LAST_STORY_KEY, &last);
    }

    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        self.commit_typing();
        self.apply_commands(0.0);
        if self.session.as_mut().is_some_and(|s| !s.close()) {
            log::error!("some stories could not be saved at exit");
        }
        self.team_commit_on_exit();
    }
}
