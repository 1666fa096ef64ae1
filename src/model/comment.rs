//! Comment threads anchored to a row (the headline, the deck, a body row or a photo's caption).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::RowRef;

/// A thread: the opening comment and its replies, anchored to one row.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Comment {
    /// Unique within the story; never reused.
    pub id: u32,
    /// The row it is about; for a photo row, its caption.
    pub anchor: RowRef,
    /// Who wrote it.
    pub author: String,
    /// When it was written.
    pub created: DateTime<Utc>,
    /// When its author last changed the text, if ever.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub edited: Option<DateTime<Utc>>,
    /// What it says.
    pub text: String,
    /// Answers, in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub replies: Vec<Reply>,
    /// Who resolved the thread and when; `None` while it is open.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolved: Option<Resolution>,
}

/// An answer in a thread.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reply {
    /// Who wrote it.
    pub author: String,
    /// When.
    pub at: DateTime<Utc>,
    /// What it says.
    pub text: String,
}

/// Who closed a thread and when.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Resolution {
    /// Who resolved it.
    pub by: String,
    /// When.
    pub at: DateTime<Utc>,
}

impl Comment {
    /// Whether the thread still needs attention.
    #[must_use]
    pub fn is_open(&self) -> bool {
        self.resolved.is_none()
    }
}
