//! The panels and dialogs of the window, one per file. Each holds only UI state and pushes
//! [`crate::app::Command`]s; none changes a story itself.

mod add_photo;
mod desk_view;
mod meta_panel;
mod new_desk;
mod new_story;
mod open_desk;
mod path_field;
mod status_bar;
mod story_editor;
pub mod theme;

pub use add_photo::{AddPhotoDialog, NewPhoto};
pub use desk_view::DeskView;
pub use meta_panel::MetaPanel;
pub use new_desk::NewDeskDialog;
pub use new_story::NewStoryDialog;
pub use open_desk::OpenDeskDialog;
pub use status_bar::StatusBar;
pub use story_editor::{StoryEditor, row_label};
