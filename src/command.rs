//! What a panel asks the app to do. Panels push commands while they draw; the app applies
//! them once, at the end of the frame, through the session's checked calls. Living apart
//! from `app`, commands let panels depend on this file alone, not on the app.

use std::path::PathBuf;

use crate::edit::Edit;
use crate::model::{DeskSettings, RowRef, Story};
pub use crate::workflow::CommentAction;
use crate::workflow::{Move, SettingsChange};

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
    /// Add to, answer, change, remove, resolve or reopen a comment thread.
    Comment {
        /// The story.
        slug: String,
        /// What to do.
        action: CommentAction,
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
    /// Open a story of the desk at a row (from the concordance).
    OpenStoryAt(String, RowRef),
    /// Show the find bar of the open story (Ctrl+F), with its Replace row (Ctrl+H).
    ShowFind {
        /// Whether to show the Replace row.
        replace: bool,
    },
    /// Search the text of every story of the open desk (an empty query ends the search).
    SearchDesk(crate::find::Query),
    /// Show the desk view with the keyboard in its search field (Ctrl+Shift+F), with this
    /// text if given.
    ShowDeskSearch(Option<String>),
    /// Open a story at a hit of the desk search: a row's hit marked by the find bar, a
    /// comment's thread in the Comments tab.
    OpenSearchHit {
        /// The story.
        slug: String,
        /// Where the hit is.
        place: crate::find::Place,
        /// What was searched for.
        query: crate::find::Query,
    },
    /// Put the English of match `n` (from 0) of the Matches panel into the active row.
    UseMatch(usize),
    /// Go to a QA finding's row and select its span.
    SelectFinding {
        /// The row.
        row: RowRef,
        /// The side the span is on.
        side: crate::model::Side,
        /// The span (bytes of that side's text).
        span: Option<std::ops::Range<usize>>,
    },
    /// Put a glossary term's English into the active row at the cursor.
    InsertTerm(String),
    /// Show the add-term dialog, filled from the selection.
    ShowAddTerm,
    /// Add a term to the desk's glossary as the current person.
    AddTerm {
        /// The source term.
        source: String,
        /// Its English.
        english: String,
        /// A note.
        note: String,
        /// English variants not to use.
        forbidden: Vec<String>,
    },
    /// Add a word to the desk's word list (from the spelling menu).
    AddWord(String),
    /// Show the glossary dialog (import, export).
    ShowGlossary,
    /// Import a glossary file as the current person.
    ImportGlossary {
        /// The file.
        path: PathBuf,
        /// What to do with Zawgyi terms, if the person said.
        zawgyi: Option<crate::store::glossary::ZawgyiChoice>,
    },
    /// Export the desk's glossary as TBX.
    ExportGlossary(PathBuf),
    /// Show the analysis and pre-translation of the open story.
    ShowAnalysis,
    /// Show the desk's translation memories.
    ShowMemories,
    /// Import a TMX file as a named memory of the desk, with a penalty.
    ImportMemory {
        /// The file.
        path: PathBuf,
        /// Its name in the desk.
        name: String,
        /// Points subtracted from its matches.
        penalty: u8,
    },
    /// Set an imported memory's penalty.
    SetMemoryPenalty {
        /// The memory.
        name: String,
        /// The points.
        penalty: u8,
    },
    /// Remove an imported memory from the desk.
    RemoveMemory(String),
    /// Write the desk's own memory as TMX.
    ExportMemory(PathBuf),
    /// Go back to the desk view.
    CloseStory,
    /// Open a desk folder.
    OpenDesk(PathBuf),
    /// Show File > Join team desk….
    ShowJoinDesk,
    /// Clone a team desk from `url` into `dir` (off the window's thread), then open it.
    JoinDesk {
        /// Anything `git clone` takes.
        url: String,
        /// The new folder.
        dir: PathBuf,
    },
    /// Sync the open team desk with its remote (off the window's thread).
    Sync,
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
    /// File a story in the open desk and open it.
    CreateStory(Box<Story>),
    /// Move a story to another stage as the current person.
    MoveStage {
        /// The story.
        slug: String,
        /// Where to, with the note, correction or confirmation the move needs.
        request: Move,
    },
    /// Assign a story for its stage, or clear its assignment.
    Assign {
        /// The story.
        slug: String,
        /// Who, or `None` to clear.
        to: Option<String>,
    },
    /// Take over a story someone else has open, after the person confirmed.
    TakeOver(String),
    /// Show the edit-source dialog for a row of the open story.
    ShowFixSource(RowRef),
    /// Fix a row's source after filing, recorded with the old text.
    FixSource {
        /// The story.
        slug: String,
        /// The row.
        row: RowRef,
        /// The corrected source.
        text: String,
        /// Why.
        note: Option<String>,
    },
    /// Make a row of the open story active and bring it into view.
    JumpTo(RowRef),
    /// Show what changed since the translator handed over, in the side panel.
    ShowChangesSinceTranslation,
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
    /// Say who is working at this machine.
    SetIdentity(String),
    /// Name the SSH key this machine's person signs sign-offs with (`None`: look for it in
    /// the agent and `~/.ssh`).
    SetSigningKey(Option<PathBuf>),
    /// Show the desk settings.
    ShowSettings,
    /// Change the desk's settings as the current person.
    ChangeSettings(SettingsChange),
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
        /// Marked as a draft (a story without a current sign-off always is).
        draft: bool,
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
    /// Show the XLIFF dialog for the open story: export it, or take a translator's file back.
    ShowXliff(crate::ui::XliffMode),
    /// Write a story as XLIFF for a translator's tool.
    ExportXliff {
        /// The story.
        slug: String,
        /// XLIFF 2.1 or 1.2.
        version: crate::xliff::XliffVersion,
        /// Where to write it.
        path: PathBuf,
    },
    /// Take a translator's XLIFF file back into a story, or (`dry_run`) only check what it
    /// would change.
    ImportXliff {
        /// The story.
        slug: String,
        /// The file.
        path: PathBuf,
        /// Check only.
        dry_run: bool,
    },
    /// Write ours over a file someone else changed (`true`) or load theirs (`false`).
    ResolveConflict {
        /// Whether to keep our version.
        keep_mine: bool,
    },
    /// Save everything and close the window.
    Quit,
}

/// A photo as the person described it in the add-photo dialog.
#[derive(Debug)]
pub struct NewPhoto {
    /// The story it goes into.
    pub slug: String,
    /// The row it goes after.
    pub after: RowRef,
    /// The image file to copy into the desk.
    pub path: PathBuf,
    /// The English caption.
    pub caption: String,
    /// Who took it.
    pub credit: String,
    /// A description for readers who cannot see it.
    pub alt: String,
}

impl Command {
    /// Whether text still being typed must become an edit before this command runs.
    #[must_use]
    pub fn needs_typing_committed(&self) -> bool {
        matches!(
            self,
            Self::Undo
                | Self::Redo
                | Self::OpenStory(_)
                | Self::OpenStoryAt(..)
                | Self::OpenSearchHit { .. }
                | Self::ShowDeskSearch(_)
                | Self::UseMatch(_)
                | Self::CloseStory
                | Self::OpenDesk(_)
                | Self::Sync
                | Self::CreateDesk { .. }
                | Self::CreateStory(_)
                | Self::ResolveConflict { .. }
                | Self::MoveStage { .. }
                | Self::FixSource { .. }
                | Self::Refile { .. }
                | Self::ImportXliff { dry_run: false, .. }
                | Self::SetIdentity(_)
                | Self::SetSigningKey(_)
                | Self::Quit
        )
    }
}
