//! What a three-way merge of a story could not settle on its own, kept in the story until a
//! person chooses.

use serde::{Deserialize, Serialize};

use super::{RowRef, Side, Stage};

/// One thing two machines changed differently, recorded in the story by the merge. The
/// story itself holds "our" version (the machine that merged); the entry keeps the other
/// machine's, so nothing typed on either side is lost.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct MergeConflict {
    /// What differs.
    pub what: ConflictKind,
    /// The value both started from (empty when the row is new).
    #[serde(default)]
    pub base: String,
    /// The other machine's value; ours is in the story.
    #[serde(default)]
    pub theirs: String,
    /// Who last changed the other machine's copy, as its story file names them.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub theirs_by: String,
}

/// Where two versions of a story disagree.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ConflictKind {
    /// The text on one side of a row: both versions are shown side by side in the row.
    Text {
        /// The row.
        row: RowRef,
        /// The side.
        side: Side,
    },
    /// A photo's credit, alt text or file; `field` names which.
    Photo {
        /// The photo's row.
        row: RowRef,
        /// `credit`, `alt` or `file`.
        field: String,
    },
    /// A row removed on one machine and changed on the other: it is kept, with the change.
    Removed {
        /// The row.
        row: RowRef,
        /// Whether it was removed here (ours) rather than on the other machine.
        here: bool,
    },
    /// A comment thread's opening text, edited on both machines.
    Comment {
        /// The thread's id.
        id: u32,
    },
    /// The credit-line override, set differently on both machines.
    CreditLine,
    /// The dateline's place.
    Dateline,
    /// Both machines moved the story to different stages; the README's rule chose `kept`.
    /// Shown to the people concerned until dismissed; nothing typed is lost.
    Stage {
        /// Our stage.
        ours: Stage,
        /// Theirs.
        theirs: Stage,
        /// The stage the rule kept.
        kept: Stage,
    },
    /// A sign-off that did not survive the merge: the text it vouched for changed on the
    /// other machine, so the story went back to Editing.
    StaleSignOff {
        /// The editor who signed off.
        editor: String,
    },
}

impl MergeConflict {
    /// The row the conflict belongs to, if any.
    #[must_use]
    pub fn row(&self) -> Option<RowRef> {
        match self.what {
            ConflictKind::Text { row, .. }
            | ConflictKind::Photo { row, .. }
            | ConflictKind::Removed { row, .. } => Some(row),
            _ => None,
        }
    }

    /// A line saying what the conflict is, for a person.
    #[must_use]
    pub fn describe(&self) -> String {
        let by = if self.theirs_by.is_empty() {
            "the other machine".to_owned()
        } else {
            self.theirs_by.clone()
        };
        match &self.what {
            ConflictKind::Text { side, .. } => {
                let side = match side {
                    Side::Source => "source",
                    Side::English => "English",
                };
                format!("The {side} was changed here and by {by}")
            }
            ConflictKind::Photo { field, .. } => {
                format!("The photo's {field} was changed here and by {by}")
            }
            ConflictKind::Removed { here: true, .. } => {
                format!("Removed here but changed by {by}: the row is kept")
            }
            ConflictKind::Removed { here: false, .. } => {
                format!("Removed by {by} but changed here: the row is kept")
            }
            ConflictKind::Comment { id } => {
                format!("Comment {id} was edited here and by {by}")
            }
            ConflictKind::CreditLine => format!("The credit line was set here and by {by}"),
            ConflictKind::Dateline => format!("The dateline was changed here and by {by}"),
            ConflictKind::Stage { ours, theirs, kept } => format!(
                "Moved to {} here and to {} by {by}: the desk's rule kept {}",
                ours.label(),
                theirs.label(),
                kept.label()
            ),
            ConflictKind::StaleSignOff { editor } => format!(
                "{editor}'s sign-off is stale: the text changed on another machine, so the story is back in Editing"
            ),
        }
    }
}
