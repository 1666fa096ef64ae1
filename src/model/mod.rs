//! Plain data and pure rules: desks, stories, rows and contributors. No I/O, no UI.

mod comment;
mod conflict;
mod desk;
mod story;

pub use comment::{Comment, Reply, Resolution};
pub use conflict::{ConflictKind, MergeConflict};

pub use desk::{CreditSettings, DeskChange, DeskOptions, DeskSettings, StaffMember, StageRule};
pub use story::{
    AcceptedFinding, Assignment, Block, BlockId, BlockIdProblem, BlockKind, Changed, Content,
    Correction, Dateline, Photo, Progress, Revision, RowRef, RowStatus, SentBackTo, SignOff, Stage,
    StageNote, Story, TextRow, count_words, row_name, split_paragraphs,
};

use serde::{Deserialize, Serialize};

/// The two sides of every row.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Side {
    /// The language the story was filed in.
    Source,
    /// The English copy.
    English,
}

/// The jobs people do on a desk.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Role {
    /// Files the source story.
    Reporter,
    /// Drafts the English row by row.
    Translator,
    /// Turns the draft into publishable copy.
    Writer,
    /// Reviews and signs off.
    Editor,
    /// Took a photo.
    Photographer,
}

impl Role {
    /// Every role, in credit order.
    pub const ALL: [Self; 5] = [
        Self::Reporter,
        Self::Translator,
        Self::Writer,
        Self::Editor,
        Self::Photographer,
    ];

    /// The name a person reads.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Reporter => "reporter",
            Self::Translator => "translator",
            Self::Writer => "writer",
            Self::Editor => "editor",
            Self::Photographer => "photographer",
        }
    }
}

/// How a contributor appears in credits.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum CreditDisplay {
    /// Credited by name.
    #[default]
    Person,
    /// Credited as the desk's service, for example "RFA's Myanmar Service".
    Service,
    /// Never named anywhere outside the desk, for the person's safety.
    Withheld,
}

impl CreditDisplay {
    /// Every choice, in menu order.
    pub const ALL: [Self; 3] = [Self::Person, Self::Service, Self::Withheld];

    /// The name a person reads.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Person => "by name",
            Self::Service => "as the service",
            Self::Withheld => "withheld",
        }
    }
}

/// One person's part in one story.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contributor {
    /// What they did.
    pub role: Role,
    /// Their name; kept on the desk even when withheld from the public.
    pub name: String,
    /// How they appear in credits.
    #[serde(default)]
    pub display: CreditDisplay,
}

/// Whether a string is usable as a language tag: letters, digits and hyphens, starting with a letter.
#[must_use]
pub fn is_language_tag(tag: &str) -> bool {
    let mut subtags = tag.split('-');
    let first_ok = subtags
        .next()
        .is_some_and(|s| (2..=8).contains(&s.len()) && s.chars().all(|c| c.is_ascii_alphabetic()));
    first_ok
        && subtags
            .all(|s| (1..=8).contains(&s.len()) && s.chars().all(|c| c.is_ascii_alphanumeric()))
}

/// Whether a string is usable as a story slug (and so as a file name on every system):
/// lowercase ASCII letters, digits and hyphens, not starting or ending with a hyphen.
#[must_use]
pub fn is_valid_slug(slug: &str) -> bool {
    !slug.is_empty()
        && slug.len() <= 80
        && !slug.starts_with('-')
        && !slug.ends_with('-')
        && slug
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// Turns any text into a valid slug, for suggesting one from a headline.
#[must_use]
pub fn slugify(text: &str) -> String {
    let mut slug = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
        if slug.len() >= 60 {
            break;
        }
    }
    slug.trim_end_matches('-').to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_tags() {
        for ok in ["my", "en", "en-GB", "bo", "ug-Arab", "km"] {
            assert!(is_language_tag(ok), "{ok}");
        }
        for bad in ["", "e", "en_GB", "-en", "en-", "မြန်"] {
            assert!(!is_language_tag(bad), "{bad}");
        }
    }

    #[test]
    fn slugs() {
        assert!(is_valid_slug("monywa-floods-2026"));
        for bad in ["", "Monywa", "a b", "-a", "a-", "../x", "a/b", "မြို့"] {
            assert!(!is_valid_slug(bad), "{bad}");
        }
        assert_eq!(
            slugify("Floods hit Monywa — 12,000 flee!"),
            "floods-hit-monywa-12-000-flee"
        );
        assert_eq!(slugify("မြို့"), "");
    }
}
