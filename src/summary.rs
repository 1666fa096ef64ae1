//! What the desk view and `copydesk list` show of a story, worked out once when the story
//! changes and kept in the desk index, so neither parses thousands of story files.
//! Pure: no I/O. Never the story's text beyond its title.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::model::{DeskSettings, Progress, Stage, Story};
use crate::workflow::{SignOffState, sign_off_state};

/// A story as the desk's list shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StorySummary {
    /// The story's slug.
    pub slug: String,
    /// The headline to show: the English one, else the source one, else the slug.
    pub title: String,
    /// Whether `title` is the source headline (set in the source script's font).
    pub title_is_source: bool,
    /// The stage.
    pub stage: Stage,
    /// Rows confirmed.
    pub confirmed: usize,
    /// Rows to translate.
    pub total: usize,
    /// Source syllables (words for a language written with spaces).
    pub source_units: usize,
    /// English words in the copy.
    pub english_words: usize,
    /// Source rows that read as Zawgyi.
    pub zawgyi_rows: usize,
    /// Open comment threads.
    pub open_comments: usize,
    /// Rows whose re-filed source the translator has not checked.
    pub refiled_rows: usize,
    /// The sign-off against the public content as the desk prints it.
    pub sign_off: SignOffSummary,
    /// When it last changed.
    pub modified: DateTime<Utc>,
    /// Who changed it last.
    pub modified_by: String,
    /// Who it is assigned to for its stage.
    pub assignee: Option<String>,
    /// Whether an editor's send-back note is waiting for someone.
    pub sent_back: bool,
}

/// [`SignOffState`], as stored in the index.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum SignOffSummary {
    /// Not signed off.
    None,
    /// Signed off and unchanged since.
    Current,
    /// Changed since it was signed off.
    Stale,
}

impl From<SignOffState> for SignOffSummary {
    fn from(state: SignOffState) -> Self {
        match state {
            SignOffState::None => Self::None,
            SignOffState::Current => Self::Current,
            SignOffState::Stale => Self::Stale,
        }
    }
}

impl StorySummary {
    /// The summary of a story on a desk.
    #[must_use]
    pub fn of(story: &Story, settings: &DeskSettings) -> Self {
        let progress = story.progress();
        let source = crate::script::source_counts(story, &settings.source_language);
        let english = story.headline.english.trim();
        let (modified, modified_by) = story.last_change();
        Self {
            slug: story.slug.clone(),
            title: story.display_title().to_owned(),
            title_is_source: english.is_empty() && !story.headline.source.trim().is_empty(),
            stage: story.stage,
            confirmed: progress.confirmed,
            total: progress.total,
            source_units: source.units,
            english_words: story.english_word_count(),
            zawgyi_rows: story
                .text_rows()
                .filter(|r| crate::script::zawgyi::looks_like_zawgyi(&r.source))
                .count(),
            open_comments: story.open_comments(),
            refiled_rows: story
                .blocks
                .iter()
                .filter(|b| b.previous_source.is_some())
                .count(),
            sign_off: sign_off_state(story, settings).into(),
            modified,
            modified_by: modified_by.to_owned(),
            assignee: story.assignee.as_ref().map(|a| a.name.clone()),
            sent_back: story.sent_back.is_some(),
        }
    }

    /// Rows confirmed out of rows to translate.
    #[must_use]
    pub fn progress(&self) -> Progress {
        Progress {
            confirmed: self.confirmed,
            total: self.total,
        }
    }

    /// Whether the story matches a filter typed on the desk view: slug, title or stage,
    /// ignoring case.
    #[must_use]
    pub fn matches(&self, needle: &str) -> bool {
        let needle = needle.trim().to_lowercase();
        needle.is_empty()
            || [self.slug.as_str(), self.title.as_str(), self.stage.label()]
                .iter()
                .any(|s| s.to_lowercase().contains(&needle))
    }
}
