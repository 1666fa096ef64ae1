//! The panels and dialogs of the window, one per file. Each holds only UI state and pushes
//! [`crate::app::Command`]s; none changes a story itself.

mod desk_view;
mod meta_panel;
mod new_desk;
mod new_story;
pub mod status_bar;
mod story_editor;
pub mod theme;

pub use desk_view::DeskView;
pub use meta_panel::MetaPanel;
pub use new_desk::NewDeskDialog;
pub use new_story::NewStoryDialog;
pub use story_editor::{StoryEditor, row_label};
