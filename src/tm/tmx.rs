//! TMX 1.4b: memories exchanged with other tools (OmegaT, memoQ, Trados, translate-toolkit).
//! Being written: see the interface below.

use chrono::{DateTime, Utc};

/// One translation unit in the desk's language pair.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TmxUnit {
    /// The source-language text (inline tags reduced to their text).
    pub source: String,
    /// The target-language (English) text.
    pub english: String,
    /// Who made it (`creationid` or `changeid`), empty when unknown.
    pub author: String,
    /// When (`creationdate` or `changedate`), if known.
    pub time: Option<DateTime<Utc>>,
    /// Notes and properties that carry meaning, one per line.
    pub note: String,
}
