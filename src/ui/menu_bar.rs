//! The menu bar: File, Edit, View, Story and Desk menus, who is working, and the way back to
//! the desk; and the recent desks it remembers.

use std::path::{Path, PathBuf};

use egui::RichText;

use crate::command::Command;
use crate::session::{Session, StoryDoc};
use crate::store;
use crate::workflow::Actor;

/// How many recent desks the File menu remembers.
const RECENT_LIMIT: usize = 8;

/// UI state of the menu bar: the desks used lately.
#[derive(Debug, Default)]
pub struct MenuBar {
    recent: Vec<PathBuf>,
}

impl MenuBar {
    /// A menu bar remembering these desks.
    #[must_use]
    pub fn new(recent: Vec<PathBuf>) -> Self {
        Self { recent }
    }

    /// The desks used lately, newest first.
    #[must_use]
    pub fn recent(&self) -> &[PathBuf] {
        &self.recent
    }

    /// Puts a desk first among the recent ones.
    pub fn remember(&mut self, root: &Path) {
        let root = store::canonical(root);
        self.recent.retain(|p| p != &root);
        self.recent.insert(0, root);
        self.recent.truncate(RECENT_LIMIT);
    }

    /// Shows the menu bar. `doc` is the story open in the editor.
    #[expect(
        clippy::too_many_arguments,
        reason = "the bar shows a little of everything"
    )]
    pub fn ui(
        &mut self,
        ui: &mut egui::Ui,
        session: Option<&Session>,
        doc: Option<&StoryDoc>,
        actor: Option<&Actor>,
        identity: Option<&str>,
        show_side: &mut bool,
        commands: &mut Vec<Command>,
    ) {
        let open = doc.is_some();
        egui::MenuBar::new().ui(ui, |ui| {
            ui.menu_button("File", |ui| {
                if ui.button("New desk…").clicked() {
                    commands.push(Command::ShowNewDesk);
                }
                if ui.button("Open desk…").clicked() {
                    commands.push(Command::ChooseDesk);
                }
                if ui
                    .button("Join team desk…")
                    .on_hover_text("Copy a desk your team shares through git onto this computer")
                    .clicked()
                {
                    commands.push(Command::ShowJoinDesk);
                }
                ui.menu_button("Recent desks", |ui| {
                    if self.recent.is_empty() {
                        ui.label("None yet");
                    }
                    for path in &self.recent {
                        if ui.button(path.display().to_string()).clicked() {
                            commands.push(Command::OpenDesk(path.clone()));
                        }
                    }
                });
                ui.separator();
                if ui
                    .add_enabled(session.is_some(), egui::Button::new("New story…"))
                    .clicked()
                {
                    commands.push(Command::ShowNewStory);
                }
                if ui
                    .add_enabled(session.is_some(), egui::Button::new("Import…"))
                    .clicked()
                {
                    commands.push(Command::ShowImport);
                }
                if ui
                    .add_enabled(open, egui::Button::new("Export…"))
                    .clicked()
                {
                    commands.push(Command::ShowExport);
                }
                ui.separator();
                if ui
                    .add_enabled(open, egui::Button::new("Export XLIFF…"))
                    .on_hover_text("The story for a translator working in another tool")
                    .clicked()
                {
                    commands.push(Command::ShowXliff(crate::ui::XliffMode::Export));
                }
                if ui
                    .add_enabled(open, egui::Button::new("Import XLIFF…"))
                    .on_hover_text("A translator's XLIFF file back into the story")
                    .clicked()
                {
                    commands.push(Command::ShowXliff(crate::ui::XliffMode::Import));
                }
                ui.separator();
                if ui.button("Quit").clicked() {
                    commands.push(Command::Quit);
                }
            });
            ui.menu_button("Edit", |ui| {
                let undo = doc.and_then(StoryDoc::undo_label);
                let redo = doc.and_then(StoryDoc::redo_label);
                let undo_text = undo.map_or_else(|| "Undo".to_owned(), |l| format!("Undo {l}"));
                let redo_text = redo.map_or_else(|| "Redo".to_owned(), |l| format!("Redo {l}"));
                if ui
                    .add_enabled(open, egui::Button::new(undo_text).shortcut_text("Ctrl+Z"))
                    .clicked()
                {
                    commands.push(Command::Undo);
                }
                if ui
                    .add_enabled(
                        open,
                        egui::Button::new(redo_text).shortcut_text("Ctrl+Shift+Z"),
                    )
                    .clicked()
                {
                    commands.push(Command::Redo);
                }
                ui.separator();
                for (text, keys, replace) in [
                    ("Find…", "Ctrl+F", false),
                    ("Replace…", "Ctrl+H", true),
                ] {
                    if ui
                        .add_enabled(open, egui::Button::new(text).shortcut_text(keys))
                        .clicked()
                    {
                        commands.push(Command::ShowFind { replace });
                    }
                }
                if ui
                    .add_enabled(
                        session.is_some(),
                        egui::Button::new("Search the desk…").shortcut_text("Ctrl+Shift+F"),
                    )
                    .clicked()
                {
                    commands.push(Command::ShowDeskSearch(None));
                }
            });
            ui.menu_button("View", |ui| {
                ui.checkbox(show_side, "Side panel (credits, comments, history)");
            });
            ui.menu_button("Story", |ui| {
                if ui
                    .add_enabled(open, egui::Button::new("Re-file source…"))
                    .clicked()
                {
                    commands.push(Command::ShowRefile);
                }
                if ui
                    .add_enabled(open, egui::Button::new("Changes since translation"))
                    .clicked()
                {
                    commands.push(Command::ShowChangesSinceTranslation);
                }
                if ui
                    .add_enabled(open, egui::Button::new("Analyse and pre-translate…"))
                    .on_hover_text("Rows and syllables by match band against the desk's memory; fill untranslated rows with their best matches")
                    .clicked()
                {
                    commands.push(Command::ShowAnalysis);
                }
            });
            ui.menu_button("Desk", |ui| {
                let editor = actor.is_some_and(|a| a.has(crate::model::Role::Editor));
                let label = if editor {
                    "Settings…"
                } else {
                    "Settings (read only)…"
                };
                if ui
                    .add_enabled(session.is_some(), egui::Button::new(label))
                    .on_hover_text("The roster, the service name, credit words, the web footer and the stage rules; editors change them")
                    .clicked()
                {
                    commands.push(Command::ShowSettings);
                }
                if ui
                    .add_enabled(session.is_some(), egui::Button::new("Translation memories…"))
                    .on_hover_text("Memories imported from other tools, their penalties, and TMX export")
                    .clicked()
                {
                    commands.push(Command::ShowMemories);
                }
                if ui
                    .add_enabled(session.is_some(), egui::Button::new("Glossary…"))
                    .on_hover_text("Import a CSV, TSV or TBX glossary, export it as TBX")
                    .clicked()
                {
                    commands.push(Command::ShowGlossary);
                }
            });
            let me = match (identity, actor) {
                (None, _) => "Who are you?".to_owned(),
                (Some(name), Some(actor)) if actor.on_roster() => {
                    let roles: Vec<&str> = actor.roles().iter().map(|r| r.label()).collect();
                    format!("{name} ({})", roles.join(", "))
                }
                (Some(name), _) if session.is_some() => format!("{name} (not on the roster)"),
                (Some(name), _) => name.to_owned(),
            };
            if ui
                .button(me)
                .on_hover_text("Change who you are on this computer; your roles come from the desk's roster")
                .clicked()
            {
                commands.push(Command::ShowIdentity);
            }
            if let Some(session) = session {
                ui.separator();
                ui.label(RichText::new(&session.settings().name).strong());
                ui.label(
                    RichText::new(format!(
                        "source {} · target {}",
                        session.settings().source_language,
                        session.settings().target_language
                    ))
                    .weak(),
                );
            }
            if open
                && ui
                    .button("Back to desk")
                    .on_hover_text("Back to the desk's stories")
                    .clicked()
            {
                commands.push(Command::CloseStory);
            }
        });
    }
}
