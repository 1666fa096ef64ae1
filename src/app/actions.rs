//! What each command does: the app's side of every click, applied once per frame through
//! the session's checked calls, with what happened said in the status bar.

use std::path::{Path, PathBuf};

use egui::{Key, Modifiers};

use super::{Command, CommentAction, CopydeskApp, HeldImport, NewPhoto, OpenStory};
use crate::edit::ops::PhotoText;
use crate::model::{DeskSettings, RowRef, Story};
use crate::session::{ActionError, Session};
use crate::store;
use crate::ui::{
    AddPhotoDialog, ExportDialog, FixSourceDialog, IdentityDialog, ImportDialog, NewDeskDialog,
    NewStoryDialog, OpenDeskDialog, RefileDialog, SettingsDialog, SideTab, ZawgyiChoice,
    ZawgyiCompare,
};
use crate::workflow::Move;

impl CopydeskApp {
    pub(super) fn apply(&mut self, command: Command, now: f64) {
        // Every change is recorded with a name: nobody may change a story anonymously.
        let changes = matches!(
            command,
            Command::Apply { .. }
                | Command::Comment { .. }
                | Command::Undo
                | Command::Redo
                | Command::MoveStage { .. }
                | Command::Assign { .. }
                | Command::FixSource { .. }
                | Command::Refile { .. }
                | Command::InsertPhoto(_)
                | Command::ImportXliff { dry_run: false, .. }
                | Command::CreateStory(_)
                | Command::ChangeSettings(_)
        );
        if changes && self.identity.is_none() {
            self.notice =
                Some("Say who you are first: every change is recorded with a name.".to_owned());
            self.dialogs
                .identity
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
                let result = self.with_story(&slug, |session, index| {
                    session.apply(index, edit, &label, row, now)
                });
                if let Err(why) = result {
                    self.notice = Some(format!("Could not {label}: {why}"));
                }
            }
            Command::Comment { slug, action } => self.comment(&slug, &action, now),
            Command::Undo | Command::Redo => {
                self.undo_or_redo(matches!(command, Command::Undo), now);
            }
            Command::Notify(message) => self.notice = Some(message),
            Command::AddPhoto { slug, after } => {
                self.dialogs.add_photo = Some(AddPhotoDialog::new(slug, after));
            }
            Command::InsertPhoto(photo) => self.insert_photo_now(*photo, now),
            Command::OpenStory(slug) => self.show_story(&slug),
            Command::OpenStoryAt(slug, row) => {
                self.show_story(&slug);
                if let Some(open) = &mut self.open
                    && open.slug == slug
                {
                    open.editor.activate(row);
                }
            }
            Command::UseMatch(n) => self.use_match(n, now),
            Command::SelectFinding { row, side, span } => {
                if let (Some(session), Some(index), Some(open)) =
                    (&self.session, self.open_index(), &mut self.open)
                    && let Some(doc) = session.doc(index)
                {
                    open.editor.select(doc.story(), row, side, span);
                }
            }
            Command::InsertTerm(english) => {
                if let (Some(session), Some(index), Some(open)) =
                    (&self.session, self.open_index(), &mut self.open)
                    && let Some(doc) = session.doc(index)
                {
                    let mut typed = Vec::new();
                    open.editor
                        .insert_in_english(&self.ctx, doc.story(), &english, &mut typed);
                    self.commands.extend(typed);
                }
            }
            Command::ShowAddTerm => self.show_add_term(),
            Command::AddTerm {
                source,
                english,
                note,
                forbidden,
            } => self.change_glossary(|root, actor| {
                store::glossary::add_term(
                    root,
                    actor,
                    &source,
                    &english,
                    &note,
                    &forbidden,
                    chrono::Utc::now(),
                )
                .map(|(g, new)| {
                    let said = if new { "added to" } else { "changed in" };
                    (g, format!("\"{}\" {said} the glossary.", english.trim()))
                })
            }),
            Command::ShowGlossary => {
                self.dialogs.glossary = Some(crate::ui::GlossaryDialog::new());
            }
            Command::ImportGlossary { path, zawgyi } => {
                let Some(session) = &self.session else {
                    return;
                };
                let settings = session.settings().clone();
                let mut report = String::new();
                self.change_glossary(|root, actor| {
                    let done = store::glossary::import_glossary(
                        root,
                        &settings,
                        actor,
                        &path,
                        zawgyi,
                        chrono::Utc::now(),
                    )?;
                    report = format!(
                        "{} term(s) added, {} replaced, {} skipped",
                        done.added,
                        done.replaced,
                        done.read.skipped.len(),
                    );
                    for (line, why) in done.read.skipped.iter().take(5) {
                        report.push_str(&format!("\nline {line}: {why}"));
                    }
                    let glossary = store::glossary::load_glossary(root)?;
                    Ok((glossary, report.clone()))
                });
                if let Some(dialog) = &mut self.dialogs.glossary {
                    dialog.report = if report.is_empty() {
                        self.notice.clone().unwrap_or_default()
                    } else {
                        report
                    };
                }
            }
            Command::ExportGlossary(path) => {
                let Some(session) = &self.session else {
                    return;
                };
                let said = store::glossary::export_tbx(session.root(), session.settings())
                    .map_err(|e| e.to_string())
                    .and_then(|bytes| {
                        store::write_export(session.root(), &path, &bytes)
                            .map_err(|e| e.to_string())
                    })
                    .map_or_else(
                        |e| format!("Not exported: {e}"),
                        |()| format!("Exported to {}", path.display()),
                    );
                if let Some(dialog) = &mut self.dialogs.glossary {
                    dialog.report.clone_from(&said);
                }
                self.notice = Some(said);
            }
            Command::AddWord(word) => self.change_glossary(|root, actor| {
                store::glossary::add_word(root, actor, &word).map(|g| {
                    (
                        g,
                        format!("\"{}\" added to the desk's word list.", word.trim()),
                    )
                })
            }),
            Command::ShowAnalysis => {
                if let (Some(session), Some(index), Some(open)) =
                    (&self.session, self.open_index(), &self.open)
                    && let Some(doc) = session.doc(index)
                {
                    self.dialogs.analysis = Some(crate::ui::AnalysisDialog::new(
                        &open.slug,
                        doc.story(),
                        &session.settings().source_language,
                    ));
                }
            }
            Command::ShowMemories => {
                if let Some(session) = &self.session {
                    let (list, problems) = store::memory::list_imported(session.root());
                    self.dialogs.memories = Some(crate::ui::MemoryDialog::new(list, problems));
                }
            }
            Command::ImportMemory {
                path,
                name,
                penalty,
            } => self.change_memories(|root, settings, actor| {
                let report = store::memory::import_tmx(
                    root,
                    settings,
                    &path,
                    &name,
                    penalty,
                    actor,
                    chrono::Utc::now(),
                )?;
                let skipped = report.read.skipped.len();
                Ok(format!(
                    "Imported {} unit(s) from {} as \"{}\"{}.",
                    report.read.units.len(),
                    path.display(),
                    report.name,
                    if skipped > 0 {
                        format!(
                            "; {skipped} skipped (first: line {}: {})",
                            report.read.skipped[0].line, report.read.skipped[0].why
                        )
                    } else {
                        String::new()
                    }
                ))
            }),
            Command::SetMemoryPenalty { name, penalty } => {
                self.change_memories(|root, _, actor| {
                    store::memory::set_penalty(root, &name, penalty, actor)?;
                    Ok(format!("{name}: penalty {penalty} points."))
                });
            }
            Command::RemoveMemory(name) => self.change_memories(|root, _, actor| {
                let removed = store::memory::remove_imported(root, &name, actor)?;
                Ok(format!("Removed the memory \"{removed}\" from the desk."))
            }),
            Command::ExportMemory(path) => self.export_memory(&path),
            Command::CloseStory => self.close_story(),
            Command::ShowFind { replace } => {
                if let Some(open) = &mut self.open {
                    open.editor.open_find(replace, None);
                }
            }
            Command::SearchDesk(query) => {
                if let Some(session) = &self.session {
                    self.search.start(session, &query);
                }
            }
            Command::ShowDeskSearch(text) => {
                self.close_story();
                self.desk_view.focus_search(text.as_deref());
            }
            Command::OpenSearchHit { slug, place, query } => {
                self.show_story(&slug);
                if let Some(open) = &mut self.open
                    && open.slug == slug
                {
                    open.editor.activate(place.row());
                    match place {
                        crate::find::Place::Text { .. } => open.editor.show_find(&query),
                        crate::find::Place::Comment { .. } => {
                            self.side_tab = SideTab::Comments;
                            self.show_side = true;
                        }
                    }
                }
            }
            Command::OpenDesk(root) => self.open_desk(&root),
            Command::ChooseDesk => self.dialogs.open_desk = Some(OpenDeskDialog::default()),
            Command::ShowJoinDesk => {
                self.dialogs.join_desk = Some(crate::ui::JoinDeskDialog::default());
            }
            Command::JoinDesk { url, dir } => self.join_desk(url, dir),
            Command::Sync => self.sync_desk(),
            Command::ShowNewDesk => self.dialogs.new_desk = Some(NewDeskDialog::default()),
            Command::CreateDesk { root, settings } => self.create_desk(&root, &settings),
            Command::ShowNewStory => self.dialogs.new_story = Some(NewStoryDialog::default()),
            Command::CreateStory(story) => self.create_story(*story),
            Command::MoveStage { slug, request } => self.move_stage(&slug, &request, now),
            Command::Assign { slug, to } => {
                let result = self.with_story(&slug, |session, index| {
                    session.assign(index, to.as_deref(), now)
                });
                self.notice = Some(match result {
                    Ok(()) => match to {
                        Some(name) => format!("{slug} is assigned to {name}."),
                        None => format!("{slug} is assigned to nobody."),
                    },
                    Err(why) => format!("Not assigned: {why}."),
                });
            }
            Command::ShowFixSource(row) => self.show_fix_source(row),
            Command::TakeOver(slug) => {
                let result = self.with_story(&slug, |session, index| {
                    session.take_over(index).map_err(ActionError::from)
                });
                self.notice = Some(match result {
                    Ok(()) => {
                        format!("You have taken over {slug}; the other window is now read-only.")
                    }
                    Err(why) => format!("Could not take over {slug}: {why}"),
                });
            }
            Command::FixSource {
                slug,
                row,
                text,
                note,
            } => {
                let result = self.with_story(&slug, |session, index| {
                    session.fix_source(index, row, &text, note.as_deref(), now)
                });
                self.notice = Some(match result {
                    Ok(()) => "Source fixed; the change is in the history, and the row is flagged for the translator.".to_owned(),
                    Err(why) => format!("Source not fixed: {why}."),
                });
            }
            Command::JumpTo(row) => {
                if let Some(open) = &mut self.open {
                    open.editor.activate(row);
                }
            }
            Command::ShowChangesSinceTranslation => {
                if !self.show_changes_since_translation() {
                    self.notice =
                        Some("The translator has not handed this story over yet.".to_owned());
                }
            }
            Command::ShowRefile => {
                if let Some(open) = &self.open {
                    self.dialogs.refile = Some(RefileDialog::new(open.slug.clone()));
                }
            }
            Command::Refile { slug, text } => self.refile_now(&slug, &text, now),
            Command::ShowExport => {
                if let (Some(session), Some(index)) = (&self.session, self.open_index())
                    && let Some(doc) = session.doc(index)
                {
                    let mut dialog = ExportDialog::new(doc.story(), session.sign_off_state(index));
                    if let Some((verified, said)) =
                        signature_verdict(doc.story(), session.settings())
                    {
                        dialog.set_verification(verified, said);
                    }
                    self.dialogs.export = Some(dialog);
                }
            }
            Command::Export {
                slug,
                format,
                draft,
                path,
            } => self.export_now(&slug, format, draft, &path),
            Command::Copy {
                slug,
                formatted,
                draft,
            } => self.copy_now(&slug, formatted, draft),
            Command::ShowImport => self.dialogs.import = Some(ImportDialog::default()),
            Command::ShowXliff(mode) => {
                if let Some(open) = &self.open {
                    self.dialogs.xliff = Some(crate::ui::XliffDialog::new(&open.slug, mode));
                }
            }
            Command::ExportXliff {
                slug,
                version,
                path,
            } => self.export_xliff_now(&slug, version, &path),
            Command::ImportXliff {
                slug,
                path,
                dry_run,
            } => self.import_xliff_now(&slug, &path, dry_run, now),
            Command::Import {
                file,
                english,
                slug,
            } => self.import_now(&file, english.as_deref(), slug.as_deref()),
            Command::ShowIdentity => {
                let key = self
                    .config_dir
                    .as_deref()
                    .and_then(|dir| store::load_signing_key(dir).ok().flatten());
                self.dialogs.identity =
                    Some(IdentityDialog::new(self.identity.as_deref()).with_key(key.as_deref()));
            }
            Command::SetSigningKey(key) => {
                if let Some(dir) = &self.config_dir
                    && let Err(err) = store::save_signing_key(dir, key.as_deref())
                {
                    self.notice = Some(format!("Could not remember your signing key: {err}"));
                }
                if let Some(session) = &mut self.session {
                    session.set_signing_key(key);
                }
            }
            Command::SetIdentity(name) => {
                self.set_identity(Some(&name));
                self.dialogs.identity = None;
            }
            Command::ShowSettings => self.dialogs.settings = Some(SettingsDialog::default()),
            Command::ChangeSettings(change) => {
                let Some(session) = &mut self.session else {
                    return;
                };
                match session.change_settings(&change) {
                    Ok((record, stale)) => {
                        self.notice = Some(if stale.is_empty() {
                            format!("Desk settings changed: {}.", record.what)
                        } else {
                            format!(
                                "Desk settings changed: {}. The credit line of {} now prints differently: their sign-off is stale.",
                                record.what,
                                stale.join(", ")
                            )
                        });
                        if let Some(dialog) = &mut self.dialogs.settings {
                            dialog.changed();
                        }
                    }
                    Err(why) => {
                        self.notice = Some(format!("Settings not changed: {why}."));
                        if let Some(dialog) = &mut self.dialogs.settings {
                            dialog.refused(why.to_string());
                        }
                    }
                }
            }
            Command::ResolveConflict { keep_mine } => {
                let index = self.open_index();
                if let (Some(session), Some(index)) = (&mut self.session, index) {
                    if let Err(err) = session.resolve_conflict(index, keep_mine) {
                        self.notice = Some(format!("Could not resolve the conflict: {err}."));
                    }
                    if let Some(open) = &mut self.open {
                        open.editor.forget_layout();
                    }
                }
            }
            // Closing is handled after the frame's commands, through the close check.
            Command::Quit => {}
        }
    }

    /// Runs a session call on a story read into the session, by slug.
    fn with_story<T>(
        &mut self,
        slug: &str,
        act: impl FnOnce(&mut Session, usize) -> Result<T, ActionError>,
    ) -> Result<T, ActionError> {
        let Some(session) = &mut self.session else {
            return Err(ActionError::ReadOnly("no desk is open".to_owned()));
        };
        let index = session.load(slug)?;
        act(session, index)
    }

    fn comment(&mut self, slug: &str, action: &CommentAction, now: f64) {
        let result = self.with_story(slug, |session, index| session.comment(index, action, now));
        if let Err(why) = result {
            self.notice = Some(format!("Comment not changed: {why}."));
        }
    }

    /// Opens a desk; refuses to leave the current one while its work cannot be saved.
    pub(super) fn open_desk(&mut self, root: &Path) {
        if let Some(session) = &mut self.session
            && !session.close()
        {
            self.notice = Some(
                "Some stories could not be saved, so the desk stays open; see the status bar."
                    .to_owned(),
            );
            return;
        }
        let opened = Session::open(root).and_then(|mut session| {
            session.refresh_index()?;
            Ok(session)
        });
        match opened {
            Ok(mut session) => {
                session.set_me(self.identity.as_deref());
                session.set_signing_key(
                    self.config_dir
                        .as_deref()
                        .and_then(|dir| store::load_signing_key(dir).ok().flatten()),
                );
                session.save_in_background();
                session.announce_presence();
                sweep_in_background(session.root());
                self.menu.remember(root);
                let problems = session.problems().count();
                self.notice = (problems > 0).then(|| {
                    format!("{problems} story file(s) could not be read; see the desk view.")
                });
                self.session = Some(session);
                self.open = None;
                self.desk_view = crate::ui::DeskView::default();
                self.search.clear();
            }
            Err(err) => self.notice = Some(format!("Could not open the desk: {err}")),
        }
    }

    fn show_story(&mut self, slug: &str) {
        self.close_story();
        let Some(session) = &mut self.session else {
            return;
        };
        match session.open_for_editing(slug) {
            Ok(index) => {
                let can_type = session.rights(index).english;
                if let Some(doc) = session.doc(index) {
                    self.open = Some(OpenStory::new(doc.story(), can_type));
                    // A translator at work sees the memory's matches first.
                    let translator = session
                        .actor()
                        .is_some_and(|a| a.has(crate::model::Role::Translator));
                    if can_type
                        && translator
                        && doc.story().stage == crate::model::Stage::Translating
                    {
                        self.side_tab = SideTab::Matches;
                    }
                }
            }
            Err(err) => self.notice = Some(format!("Could not open {slug}: {err}")),
        }
    }

    fn close_story(&mut self) {
        let Some(open) = self.open.take() else {
            return;
        };
        if let Some(session) = &mut self.session
            && let Some(index) = session.find(&open.slug)
        {
            session.save(index);
            session.release(index);
            session.write_index();
        }
    }

    pub(super) fn shortcuts_ui(&mut self, ui: &mut egui::Ui) {
        // Finding: Ctrl+Shift+F searches the desk, Ctrl+F finds in the open story (on the
        // desk view, it too searches the desk), Ctrl+H replaces. Consumed before any text
        // field sees them (a field takes Ctrl+H for Backspace).
        let (desk, find, replace) = ui.input_mut(|i| {
            let desk = i.consume_key(Modifiers::COMMAND | Modifiers::SHIFT, Key::F);
            (
                desk,
                i.consume_key(Modifiers::COMMAND, Key::F),
                i.consume_key(Modifiers::COMMAND, Key::H),
            )
        });
        let holding = self.open.as_ref().is_some_and(|o| o.editor.is_holding());
        if !holding {
            self.find_keys_ui(ui, desk, find, replace);
        }
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
        // The memory's keys: Ctrl+1..5 puts a match in, Ctrl+K searches the selection.
        let keys = [Key::Num1, Key::Num2, Key::Num3, Key::Num4, Key::Num5];
        let (used, search) = ui.input_mut(|i| {
            let used = keys
                .iter()
                .position(|&k| i.consume_key(Modifiers::COMMAND, k));
            (used, i.consume_key(Modifiers::COMMAND, Key::K))
        });
        if ui.input_mut(|i| i.consume_key(Modifiers::COMMAND | Modifiers::SHIFT, Key::T)) {
            self.commands.push(Command::ShowAddTerm);
        }
        if let Some(n) = used {
            self.commands.push(Command::UseMatch(n));
        }
        let index = self.open_index();
        if search && let Some(open) = &mut self.open {
            let story = index
                .and_then(|i| self.session.as_ref()?.doc(i))
                .map(crate::session::StoryDoc::story);
            let phrase = story
                .and_then(|story| open.editor.selected_text(ui.ctx(), story))
                .unwrap_or_default();
            open.matches.search_for(&phrase);
            self.side_tab = SideTab::Matches;
            self.show_side = true;
        }
        if redo {
            self.commands.push(Command::Redo);
        }
        if undo {
            self.commands.push(Command::Undo);
        }
    }

    /// What Ctrl+Shift+F, Ctrl+F and Ctrl+H do where the person is.
    fn find_keys_ui(&mut self, ui: &egui::Ui, desk: bool, find: bool, replace: bool) {
        let index = self.open_index();
        let Some(open) = &mut self.open else {
            if desk || find || replace {
                self.desk_view.focus_search(None);
            }
            return;
        };
        if desk {
            let text = open.editor.find_text().map(str::to_owned);
            self.commands.push(Command::ShowDeskSearch(text));
            return;
        }
        if find || replace {
            let story = index
                .and_then(|i| self.session.as_ref()?.doc(i))
                .map(crate::session::StoryDoc::story);
            let selected = story.and_then(|story| open.editor.selected_text(ui.ctx(), story));
            open.editor.open_find(replace, selected);
        }
    }

    /// Changes the desk's imported memories as the current person (the core checks they are
    /// an editor), then shows the list and reads the memory again.
    fn change_memories(
        &mut self,
        change: impl FnOnce(
            &Path,
            &DeskSettings,
            &crate::workflow::Actor,
        ) -> Result<String, store::memory::MemoryError>,
    ) {
        let Some(session) = &self.session else {
            return;
        };
        let Some(actor) = session.actor() else {
            self.notice = Some("Say who you are first.".to_owned());
            return;
        };
        self.notice = Some(match change(session.root(), session.settings(), &actor) {
            Ok(done) => done,
            Err(store::memory::MemoryError::Refused(why)) => format!("Not changed: {why}."),
            Err(err) => format!("Not changed: {err}"),
        });
        let (list, problems) = store::memory::list_imported(session.root());
        if let Some(dialog) = &mut self.dialogs.memories {
            dialog.refresh(list, problems);
        }
        self.memory_root = None;
    }

    /// Writes the desk's own memory as TMX.
    fn export_memory(&mut self, path: &Path) {
        let (Some(session), Some(memory)) = (&self.session, self.memory.get()) else {
            self.notice =
                Some("The desk's memory is still being read; try again in a moment.".to_owned());
            return;
        };
        let written = store::memory::export_tmx(&memory, session.settings())
            .map_err(|e| e.to_string())
            .and_then(|bytes| {
                store::write_export(session.root(), path, &bytes).map_err(|e| e.to_string())
            });
        self.notice = Some(match written {
            Ok(()) => format!("The desk's memory was written to {}.", path.display()),
            Err(why) => format!("Not exported: {why}"),
        });
    }

    /// Puts the English of match `n` into the active row as one undoable step.
    fn use_match(&mut self, n: usize, now: f64) {
        let Some(index) = self.open_index() else {
            return;
        };
        let Some(memory) = self.memory.get() else {
            // Showing the matches starts reading the memory.
            self.side_tab = SideTab::Matches;
            self.show_side = true;
            self.notice =
                Some("The desk's memory is still being read; try again in a moment.".to_owned());
            return;
        };
        let (Some(session), Some(open)) = (&mut self.session, &mut self.open) else {
            return;
        };
        let Some(doc) = session.doc(index) else {
            return;
        };
        let row = open.editor.active_row();
        open.matches.refresh(
            &memory,
            self.memory.generation(),
            &open.slug,
            doc.story(),
            row,
        );
        let Some(english) = open.matches.english_of(&memory, n) else {
            self.notice = Some(format!("There is no match {} for this row.", n + 1));
            return;
        };
        let Some(edit) = crate::tm::insert_match_edit(doc.story(), row, &english) else {
            return;
        };
        let label = format!("use match {}", n + 1);
        if let Err(why) = session.apply(index, edit, &label, Some(row), now) {
            self.notice = Some(format!("Could not {label}: {why}"));
        }
    }

    fn insert_photo_now(&mut self, photo: NewPhoto, now: f64) {
        let NewPhoto {
            slug,
            after,
            path,
            caption,
            credit,
            alt,
        } = photo;
        let text = PhotoText {
            caption,
            credit,
            alt,
        };
        let result = self.with_story(&slug, |session, index| {
            session.add_photo(index, after, &path, &text, now)
        });
        match result {
            Ok(row) => {
                if let Some(open) = &mut self.open
                    && open.slug == slug
                {
                    open.editor.activate(row);
                }
                self.notice = Some("Photo added; translate its caption in its row.".to_owned());
            }
            Err(err) => self.notice = Some(format!("Could not add the photo: {err}")),
        }
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
            Err(err) => {
                let what = if undo { "undo" } else { "redo" };
                self.notice = Some(format!("Could not {what}: {err}"));
            }
        }
    }

    fn create_desk(&mut self, root: &Path, settings: &DeskSettings) {
        match store::create_desk(root, settings) {
            Ok(()) => {
                self.open_desk(root);
                self.dialogs.new_desk = None;
                self.notice = Some(format!(
                    "Created desk \"{}\". Put yourself on its roster in Desk > Settings.",
                    settings.name
                ));
            }
            Err(err) => {
                if let Some(dialog) = &mut self.dialogs.new_desk {
                    dialog.error = Some(err.to_string());
                }
            }
        }
    }

    fn create_story(&mut self, story: Story) {
        let Some(session) = &mut self.session else {
            return;
        };
        match session.add_story(story) {
            Ok(index) => {
                self.dialogs.new_story = None;
                let slug = session.doc(index).map(|d| d.story().slug.clone());
                if let Some(slug) = slug {
                    self.show_story(&slug);
                }
            }
            Err(err) => {
                if let Some(dialog) = &mut self.dialogs.new_story {
                    dialog.error = Some(err.to_string());
                }
            }
        }
    }

    fn move_stage(&mut self, slug: &str, request: &Move, now: f64) {
        if let Some(signing) = &self.signing {
            self.notice = Some(format!(
                "Not moved: the sign-off of {} is still being signed.",
                signing.slug
            ));
            return;
        }
        let result = self.with_story(slug, |session, index| {
            let pending = session.begin_move(index, request, now)?;
            if pending.is_none() {
                // A stage change is work worth keeping at once.
                session.save(index);
            }
            Ok(pending)
        });
        match result {
            Ok(Some(pending)) => {
                // ssh-keygen may ask for a passphrase: the window keeps drawing meanwhile.
                let (tx, rx) = std::sync::mpsc::channel();
                let ctx = self.ctx.clone();
                std::thread::spawn(move || {
                    let _ = tx.send(pending.sign());
                    ctx.request_repaint();
                });
                self.notice = Some(format!(
                    "Signing the sign-off of {slug} with your SSH key (ssh-keygen may ask for its passphrase)…"
                ));
                self.signing = Some(super::Signing {
                    slug: slug.to_owned(),
                    request: request.clone(),
                    done: rx,
                });
            }
            Ok(None) => self.moved(slug, request, Ok(())),
            Err(why) => self.moved(slug, request, Err(why)),
        }
    }

    /// Takes in a sign-off signed on its own thread, and makes it.
    pub(super) fn signing_tick(&mut self, now: f64) {
        let Some(signing) = &self.signing else {
            return;
        };
        let signed = match signing.done.try_recv() {
            Ok(signed) => signed,
            Err(std::sync::mpsc::TryRecvError::Empty) => return,
            Err(std::sync::mpsc::TryRecvError::Disconnected) => {
                self.notice = Some(format!(
                    "The sign-off of {} was not made: signing stopped unexpectedly.",
                    signing.slug
                ));
                self.signing = None;
                return;
            }
        };
        let Some(signing) = self.signing.take() else {
            return;
        };
        let result = self.with_story(&signing.slug, |session, index| {
            session.finish_sign_off(signed, now)?;
            session.save(index);
            Ok(())
        });
        self.moved(&signing.slug, &signing.request, result);
    }

    /// What a stage move came to, said in the window.
    fn moved(&mut self, slug: &str, request: &Move, result: Result<(), ActionError>) {
        let to = request.to.map_or("", |s| s.label());
        match result {
            Ok(()) => {
                self.notice = Some(format!("{slug} is now {to}."));
                if let Some(open) = &mut self.open {
                    open.bar.moved();
                }
            }
            Err(ActionError::Refused(crate::workflow::WorkflowError::OpenItems(items))) => {
                // The bar asks the person; nothing happened yet.
                if let (Some(open), Some(to)) = (&mut self.open, request.to) {
                    open.bar.confirm_open_items(to, request.clone(), items);
                }
            }
            Err(why) => self.notice = Some(format!("Not moved: {why}.")),
        }
    }

    /// The add-term dialog, filled from the selection in the active row.
    fn show_add_term(&mut self) {
        let (Some(session), Some(index), Some(open)) =
            (&self.session, self.open_index(), &self.open)
        else {
            return;
        };
        let Some(doc) = session.doc(index) else {
            return;
        };
        let (source, english) = open.editor.selected_sides(&self.ctx, doc.story());
        self.dialogs.add_term = Some(crate::ui::AddTermDialog::new(&source, &english));
    }

    /// Changes the desk's glossary as the current person (the core checks who may), then
    /// takes the new glossary into the checks.
    fn change_glossary(
        &mut self,
        change: impl FnOnce(
            &Path,
            &crate::workflow::Actor,
        ) -> Result<
            (crate::glossary::Glossary, String),
            store::glossary::GlossaryError,
        >,
    ) {
        let Some(session) = &self.session else {
            return;
        };
        let Some(actor) = session.actor() else {
            self.notice = Some("Say who you are first (Desk > Who am I).".to_owned());
            return;
        };
        match change(session.root(), &actor) {
            Ok((glossary, said)) => {
                if let Some((_, checks)) = &mut self.checks {
                    std::sync::Arc::make_mut(checks).set_glossary(glossary);
                    self.checks_generation += 1;
                }
                self.notice = Some(said);
            }
            Err(e) => self.notice = Some(format!("Not changed: {e}")),
        }
    }

    fn show_fix_source(&mut self, row: RowRef) {
        let Some(index) = self.open_index() else {
            return;
        };
        let Some(doc) = self.session.as_ref().and_then(|s| s.doc(index)) else {
            return;
        };
        let story = doc.story();
        let text = story.row(row).map(|r| r.source.clone()).unwrap_or_default();
        self.dialogs.fix_source = Some(FixSourceDialog::new(
            story.slug.clone(),
            row,
            crate::model::row_name(story, row),
            text,
        ));
    }

    fn refile_now(&mut self, slug: &str, text: &str, now: f64) {
        let result = self.with_story(slug, |session, index| session.refile(index, text, now));
        self.notice = Some(match result {
            Ok(summary) => format!(
                "Source re-filed: {} row(s) changed, {} added, {} removed; they are flagged for the translator.",
                summary.changed, summary.added, summary.removed
            ),
            Err(err) => format!("Could not re-file: {err}"),
        });
    }

    fn export_now(&mut self, slug: &str, format: crate::export::Format, draft: bool, path: &Path) {
        let path = in_home(path);
        let path = path.as_path();
        let Some(session) = &self.session else { return };
        let Some(story) = session.story(slug) else {
            return;
        };
        let media = store::DeskMedia {
            root: session.root(),
        };
        self.notice = Some(
            match crate::export::export(story, session.settings(), &media, format, draft)
                .map_err(|e| e.to_string())
                .and_then(|bytes| {
                    store::write_export(session.root(), path, &bytes).map_err(|e| e.to_string())
                }) {
                Ok(()) => format!("Exported {} to {}.", format.label(), path.display()),
                Err(why) => format!("Not exported: {why}."),
            },
        );
    }

    fn export_xliff_now(&mut self, slug: &str, version: crate::xliff::XliffVersion, path: &Path) {
        let path = in_home(path);
        let Some(session) = &self.session else { return };
        let Some(story) = session.story(slug) else {
            return;
        };
        self.notice = Some(
            match crate::xliff::write_xliff(story, session.settings(), version)
                .map_err(|e| e.to_string())
                .and_then(|bytes| {
                    store::write_export(session.root(), &path, &bytes).map_err(|e| e.to_string())
                }) {
                Ok(()) => format!(
                    "Exported XLIFF {} of {} rows to {}.",
                    version.label(),
                    crate::xliff::exported_rows(story).len(),
                    path.display()
                ),
                Err(why) => format!("Not exported: {why}."),
            },
        );
    }

    /// Checks (`dry_run`) or takes back a translator's XLIFF file into a story, through the
    /// session's checked edit; the dialog shows what it found.
    fn import_xliff_now(&mut self, slug: &str, path: &Path, dry_run: bool, now: f64) {
        let name = path.display().to_string();
        let read = store::read_file(path)
            .map_err(|e| e.to_string())
            .and_then(|bytes| {
                crate::xliff::read_xliff(&bytes, &crate::xliff::Limits::default())
                    .map_err(|e| format!("{name}: {e}"))
            });
        let result = read.and_then(|file| {
            self.with_story(slug, |session, index| {
                session.import_xliff(index, &file, dry_run, now)
            })
            .map_err(|e| match e {
                ActionError::Xliff(problem) => format!("{name}: {problem}"),
                other => other.to_string(),
            })
        });
        let outcome = match result {
            Ok(plan) => crate::ui::XliffOutcome {
                applied: !dry_run,
                ok: true,
                changes: !plan.changes.is_empty(),
                text: plan.summary(!dry_run),
            },
            Err(why) => crate::ui::XliffOutcome {
                applied: false,
                ok: false,
                changes: false,
                text: why,
            },
        };
        if !dry_run {
            self.notice = Some(if outcome.ok {
                format!(
                    "XLIFF taken back: {}.",
                    outcome
                        .text
                        .lines()
                        .next()
                        .unwrap_or_default()
                        .trim_end_matches(['.', ':'])
                )
            } else {
                format!("XLIFF not taken back: {}", outcome.text)
            });
        }
        if let Some(dialog) = &mut self.dialogs.xliff {
            dialog.said(path, outcome);
        }
    }

    /// Copies a story under the export's sign-off gate: formatted, the body as HTML with a
    /// plain-text alternative (`export::clipboard`); plain, the whole story as text.
    fn copy_now(&mut self, slug: &str, formatted: bool, draft: bool) {
        let Some(session) = &self.session else { return };
        let Some(story) = session.story(slug) else {
            return;
        };
        let copy = if formatted {
            let media = store::DeskMedia {
                root: session.root(),
            };
            crate::export::clipboard(story, session.settings(), &media, draft)
                .map(|copy| (Some(copy.html), copy.text))
        } else {
            crate::export::export(
                story,
                session.settings(),
                &crate::export::NoMedia,
                crate::export::Format::Text,
                draft,
            )
            .map(|bytes| (None, String::from_utf8_lossy(&bytes).into_owned()))
        };
        let (html, text) = match copy {
            Ok(copy) => copy,
            Err(err) => {
                self.notice = Some(format!("Not copied: {err}."));
                return;
            }
        };
        let copied = arboard::Clipboard::new().and_then(|mut clipboard| match &html {
            Some(html) => clipboard.set_html(html.as_str(), Some(text.as_str())),
            None => clipboard.set_text(text.clone()),
        });
        self.notice = Some(match copied {
            Ok(()) if html.is_some() => "Copied as formatted text.".to_owned(),
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
            let crate::import::Imported {
                mut story,
                warning,
                plain,
            } = crate::import::story_from_files(
                &name(file),
                &bytes,
                english.as_ref().map(|(n, b)| (n.as_str(), b.as_slice())),
                slug,
                chrono::Utc::now(),
            )
            .map_err(|e| e.to_string())?;
            if !plain.photos.is_empty()
                && let Some(session) = &self.session
            {
                // Photos are copied only once the person may file the story.
                let actor = session
                    .actor()
                    .ok_or_else(|| crate::workflow::WorkflowError::NoIdentity.to_string())?;
                crate::workflow::file_story(
                    &mut story.clone(),
                    session.settings(),
                    &actor,
                    chrono::Utc::now(),
                )
                .map_err(|e| e.to_string())?;
                store::import_markdown_photos(session.root(), file, &mut story, &plain.photos)
                    .map_err(|e| e.to_string())?;
            }
            // What the draft held that a story cannot is said, not dropped.
            let said: Vec<String> = warning.into_iter().chain(plain.notes).collect();
            Ok((story, (!said.is_empty()).then(|| said.join("; "))))
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
            self.dialogs.held_import = Some(HeldImport {
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
        let Some(held) = &self.dialogs.held_import else {
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
        }) = self.dialogs.held_import.take()
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

    /// Shows whichever dialogs are open; each closes itself when done.
    pub(super) fn dialogs_ui(&mut self, ctx: &egui::Context) {
        let commands = &mut self.commands;
        let dialogs = &mut self.dialogs;
        if let Some(dialog) = &mut dialogs.new_desk
            && !dialog.ui(ctx, commands)
        {
            dialogs.new_desk = None;
        }
        if let Some(dialog) = &mut dialogs.open_desk
            && !dialog.ui(ctx, commands)
        {
            dialogs.open_desk = None;
        }
        if let Some(dialog) = &mut dialogs.join_desk
            && !dialog.ui(ctx, commands)
        {
            dialogs.join_desk = None;
        }
        if let Some(dialog) = &mut dialogs.refile
            && !dialog.ui(ctx, commands)
        {
            dialogs.refile = None;
        }
        if let Some(dialog) = &mut dialogs.import
            && !dialog.ui(ctx, commands)
        {
            dialogs.import = None;
        }
        // The XLIFF dialog is for the open story; it closes with it.
        let open_slug = self.open.as_ref().map(|o| o.slug.as_str());
        if let Some(dialog) = &mut dialogs.xliff
            && (open_slug != Some(dialog.slug()) || !dialog.ui(ctx, commands))
        {
            dialogs.xliff = None;
        }
        if let Some(dialog) = &mut dialogs.fix_source
            && !dialog.ui(ctx, commands)
        {
            dialogs.fix_source = None;
        }
        if let Some(dialog) = &mut dialogs.add_term
            && !dialog.ui(ctx, commands)
        {
            dialogs.add_term = None;
        }
        if let Some(dialog) = &mut dialogs.glossary {
            let terms = self.checks.as_ref().map_or_else(
                || {
                    self.session
                        .as_ref()
                        .and_then(|s| store::glossary::load_glossary(s.root()).ok())
                        .map_or(0, |g| g.terms.len())
                },
                |(_, c)| c.glossary.terms.len(),
            );
            let editor = self
                .session
                .as_ref()
                .and_then(Session::actor)
                .is_some_and(|a| a.has(crate::model::Role::Editor));
            if !dialog.ui(ctx, terms, editor, commands) {
                dialogs.glossary = None;
            }
        }
        if let Some(dialog) = &mut dialogs.add_photo
            && !dialog.ui(ctx, commands)
        {
            dialogs.add_photo = None;
        }
        if let Some(session) = &self.session {
            let editor = session
                .actor()
                .is_some_and(|a| a.has(crate::model::Role::Editor));
            if let Some(dialog) = &mut dialogs.memories
                && !dialog.ui(ctx, editor, self.memory.get().map(|m| m.len()), commands)
            {
                dialogs.memories = None;
            }
            let open = self
                .open
                .as_ref()
                .and_then(|o| session.find(&o.slug))
                .and_then(|i| session.doc(i).map(|d| (i, d.story())));
            if let Some(dialog) = &mut dialogs.analysis {
                let story = open.map(|(_, story)| story);
                dialog.step(self.memory.get().as_deref(), story, commands);
                let can_translate = open.is_some_and(|(i, _)| session.rights(i).english);
                if !dialog.ui(ctx, self.memory.get().is_some(), story, can_translate) {
                    dialogs.analysis = None;
                } else if dialog.is_busy() {
                    ctx.request_repaint();
                }
            }
            if let Some(dialog) = &mut dialogs.settings
                && !dialog.ui(ctx, session, commands)
            {
                dialogs.settings = None;
            }
            if let Some(dialog) = &mut dialogs.new_story
                && !dialog.ui(ctx, session, commands)
            {
                dialogs.new_story = None;
            }
        }
        let open_index = self.open.as_ref().and_then(|o| {
            self.session
                .as_ref()
                .and_then(|s| s.find(&o.slug).map(|i| (s, i)))
        });
        let keep_export = match (&mut dialogs.export, open_index) {
            (Some(dialog), Some((session, index))) => {
                dialog.ui(ctx, session.sign_off_state(index), commands)
            }
            _ => false,
        };
        if !keep_export {
            dialogs.export = None;
        }
        if let Some(dialog) = &mut dialogs.identity {
            let required = self.identity.is_none();
            let settings = self.session.as_ref().map(Session::settings);
            if !dialog.ui(ctx, settings, required, commands) {
                dialogs.identity = None;
            }
        }
        self.held_import_ui(ctx);
    }

    /// Handles a request to close the window: closes only when all work is on disk, else
    /// asks the person what to do, and says where rescued copies went before closing.
    pub(super) fn close_ui(&mut self, ui: &egui::Ui) {
        let asked = ui.input(|i| i.viewport().close_requested());
        if asked && !self.close.allowed() {
            if self.save_for_close() {
                self.close.allow();
            } else {
                ui.ctx()
                    .send_viewport_cmd(egui::ViewportCommand::CancelClose);
                self.close.refused();
            }
        }
        let failures: Vec<String> = self
            .session
            .iter()
            .flat_map(|s| s.docs().iter())
            .filter(|d| d.is_dirty())
            .map(|d| {
                format!(
                    "{}: {}",
                    d.story().slug,
                    d.save_error().unwrap_or("not saved")
                )
            })
            .collect();
        match self.close.ui(ui.ctx(), &failures) {
            Some(crate::ui::CloseChoice::TryAgain) if self.save_for_close() => {
                self.close.allow();
                ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
            }
            Some(crate::ui::CloseChoice::Rescue) => {
                let dir = eframe::storage_dir("Copydesk")
                    .unwrap_or_else(std::env::temp_dir)
                    .join("recovery");
                let Some(session) = &self.session else {
                    return;
                };
                match session.rescue_unsaved(&dir) {
                    Ok(paths) => {
                        for path in &paths {
                            log::warn!("unsaved work kept in {}", path.display());
                        }
                        self.close.rescued(paths);
                    }
                    Err(err) => {
                        self.notice = Some(format!("Could not keep copies either: {err}"));
                    }
                }
            }
            Some(crate::ui::CloseChoice::CloseNow) => {
                self.close.allow();
                ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
            }
            Some(crate::ui::CloseChoice::TryAgain) | None => {}
        }
    }
}

/// Clears away temporary files a crash left in the desk, off the window's thread (a desk
/// of thousands of stories has thousands of folders to look in), and logs what went.
fn sweep_in_background(root: &Path) {
    let root = root.to_owned();
    let spawned = std::thread::Builder::new()
        .name("copydesk-sweep".to_owned())
        .spawn(move || {
            let removed = store::sweep_orphans(&root, std::time::SystemTime::now());
            if !removed.is_empty() {
                log::info!(
                    "{}: removed {} temporary file(s) left by an interrupted save",
                    root.display(),
                    removed.len()
                );
            }
        });
    if let Err(err) = spawned {
        log::warn!("could not start the clean-up of temporary files: {err}");
    }
}

/// Where an export goes: a bare file name in the home folder, not wherever Copydesk was
/// started.
fn in_home(path: &Path) -> PathBuf {
    if path.is_relative() {
        std::env::var_os("HOME")
            .map_or_else(|| path.to_owned(), |home| PathBuf::from(home).join(path))
    } else {
        path.to_owned()
    }
}

/// What verifying a story's signed sign-off finds, in words for the export dialog; `None`
/// when there is nothing to verify (no sign-off, or no signature on a desk that does not
/// sign). Runs
/// `ssh-keygen` twice, a few milliseconds, when the dialog opens.
fn signature_verdict(story: &Story, settings: &DeskSettings) -> Option<(bool, String)> {
    let sign_off = story.sign_off.as_ref()?;
    if sign_off.signature.is_none() && !settings.options.signed_sign_offs {
        return None;
    }
    Some(match store::signing::verify_sign_off(story, settings) {
        Ok(Ok(verified)) => (
            true,
            format!(
                "Signature verified: signed off by {} with the roster's key {}",
                verified.editor, verified.key
            ),
        ),
        Ok(Err(failure)) => (false, format!("Signature not verified: {failure}")),
        Err(problem) => (false, format!("Signature not checked: {problem}")),
    })
}
