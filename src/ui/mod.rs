//! The panels and dialogs of the window, one per file. Each holds only UI state and pushes
//! [`crate::command::Command`]s; none changes a story itself.

mod add_photo;
mod add_term;
mod analysis_dialog;
mod close_dialog;
mod comments_panel;
mod desk_view;
mod export_dialog;
mod fix_source;
mod glossary_dialog;
mod history_panel;
mod identity;
mod import_dialog;
mod join_desk;
pub(crate) mod matches_panel;
mod memory_dialog;
mod menu_bar;
mod meta_panel;
mod new_desk;
mod new_story;
mod open_desk;
mod path_field;
mod photo_view;
pub mod preview;
mod qa_panel;
mod refile;
pub mod script_text;
mod settings_dialog;
pub mod side_panel;
mod status_bar;
mod story_editor;
mod terms_panel;
pub mod theme;
mod workflow_bar;
mod xliff_dialog;
mod zawgyi_dialog;

pub use add_photo::AddPhotoDialog;
pub use add_term::AddTermDialog;
pub use analysis_dialog::AnalysisDialog;
pub use close_dialog::{CloseChoice, CloseDialog};
pub use comments_panel::CommentsPanel;
pub use desk_view::{DeskSearchResults, DeskView};
pub use export_dialog::ExportDialog;
pub use fix_source::FixSourceDialog;
pub use glossary_dialog::GlossaryDialog;
pub use history_panel::HistoryPanel;
pub use identity::IdentityDialog;
pub use import_dialog::ImportDialog;
pub use join_desk::JoinDeskDialog;
pub use matches_panel::MatchesPanel;
pub use memory_dialog::MemoryDialog;
pub use menu_bar::MenuBar;
pub use meta_panel::MetaPanel;
pub use new_desk::NewDeskDialog;
pub use new_story::NewStoryDialog;
pub use open_desk::OpenDeskDialog;
pub use qa_panel::QaPanel;
pub use refile::RefileDialog;
pub use settings_dialog::SettingsDialog;
pub use side_panel::SideTab;
pub use status_bar::{StatusBar, sync_ui};
pub use story_editor::{StoryEditor, row_label};
pub use terms_panel::TermsPanel;
pub use workflow_bar::WorkflowBar;
pub use xliff_dialog::{XliffDialog, XliffMode, XliffOutcome};
pub use zawgyi_dialog::{ZawgyiChoice, ZawgyiCompare};

/// Whether a dialog stays open after this frame: not closed by its window button, its own
/// Cancel, or the Escape key.
pub(crate) fn dialog_stays(ctx: &egui::Context, open: bool, closed: bool) -> bool {
    open && !closed && !ctx.input(|i| i.key_pressed(egui::Key::Escape))
}
