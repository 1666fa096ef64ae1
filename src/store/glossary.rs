//! The desk's glossary on disk (`glossary.ron`, desk data shared like the stories), its
//! imports and exports, and the system's spelling dictionary.
//!
//! Every change reads the file, checks the person may make it
//! (`workflow::check_glossary_change`), changes it and writes it whole through
//! `write_atomically`; a change that fails leaves the file as it was. An import reads the
//! whole file first and changes nothing when the file is refused.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

use super::{StoreError, from_ron, to_ron, write_atomically};
use crate::glossary::csv::{self, GlossaryFileError, ReadTerms};
use crate::glossary::{self, Glossary, Term, make_term, tbx};
use crate::model::DeskSettings;
use crate::qa::Speller;
use crate::script::zawgyi;
use crate::workflow::{Actor, GlossaryChange, WorkflowError, check_glossary_change};

/// The glossary's file, at the top of the desk.
pub const GLOSSARY_FILE: &str = "glossary.ron";
/// The most bytes of a glossary file (CSV, TSV or TBX) read for an import.
pub const MAX_GLOSSARY_IMPORT_BYTES: u64 = 64 * 1024 * 1024;
/// The most bytes of a Hunspell dictionary file read.
pub const MAX_DICTIONARY_BYTES: u64 = 64 * 1024 * 1024;
/// Where the system keeps Hunspell dictionaries (Debian's `hunspell-en-us` and friends).
pub const DICTIONARY_DIRS: [&str; 3] = [
    "/usr/share/hunspell",
    "/usr/share/myspell/dicts",
    "/usr/share/myspell",
];
/// An environment variable naming another folder to look in first (for tests, and for a
/// dictionary kept elsewhere).
pub const DICTIONARY_DIR_VAR: &str = "COPYDESK_HUNSPELL_DIR";

/// Why the glossary could not be changed, imported or exported.
#[derive(Debug, thiserror::Error)]
pub enum GlossaryError {
    /// Reading or writing a file failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The person may not make this change.
    #[error(transparent)]
    Refused(#[from] WorkflowError),
    /// The file to import was refused.
    #[error("{}: {problem}", path.display())]
    File {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        problem: GlossaryFileError,
    },
    /// The terms look like Zawgyi and the person has not said what to do.
    #[error(
        "{}: the source terms look like Zawgyi-encoded Burmese ({count} of them); import again \
         choosing to convert them to Unicode or to keep them as they are",
        path.display()
    )]
    Zawgyi {
        /// The file.
        path: PathBuf,
        /// How many terms look like Zawgyi.
        count: usize,
    },
    /// A term that cannot be added.
    #[error("{0}")]
    Term(#[from] glossary::TermProblem),
    /// A file type that is not a glossary.
    #[error("{}: a glossary is imported from .csv, .tsv, .txt or .tbx (TBX), not this", path.display())]
    Kind {
        /// The file.
        path: PathBuf,
    },
}

/// What to do with source terms that look like Zawgyi.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ZawgyiChoice {
    /// Convert them to Unicode.
    Convert,
    /// Keep them as they are.
    Keep,
}

/// The glossary's path in a desk.
#[must_use]
pub fn glossary_path(root: &Path) -> PathBuf {
    root.join(GLOSSARY_FILE)
}

/// The desk's glossary; an empty one when the desk has none yet.
pub fn load_glossary(root: &Path) -> Result<Glossary, StoreError> {
    let path = glossary_path(root);
    if std::fs::symlink_metadata(&path).is_err() {
        return Ok(Glossary::new());
    }
    let bytes = super::read_regular(&path)?;
    from_ron(&path, &bytes, Glossary::FORMAT_VERSION)
}

fn save_glossary(root: &Path, glossary: &Glossary) -> Result<(), StoreError> {
    let path = glossary_path(root);
    let text = to_ron(&path, glossary)?;
    if text.len() as u64 > super::MAX_DESK_FILE_BYTES {
        return Err(StoreError::TooLarge {
            path,
            what: "glossary",
            limit: super::MAX_DESK_FILE_BYTES,
        });
    }
    write_atomically(&path, text.as_bytes())
}

/// Adds one term in the person's name (translators, writers and editors); returns the
/// glossary as saved and whether the term was new (else it replaced one with the same
/// source and English).
pub fn add_term(
    root: &Path,
    actor: &Actor,
    source: &str,
    english: &str,
    note: &str,
    forbidden: &[String],
    now: DateTime<Utc>,
) -> Result<(Glossary, bool), GlossaryError> {
    check_glossary_change(actor, GlossaryChange::Add)?;
    let term = make_term(source, english, note, forbidden, &actor.name, now)?;
    let mut glossary = load_glossary(root)?;
    let new = glossary.add(term);
    save_glossary(root, &glossary)?;
    Ok((glossary, new))
}

/// Adds a word to the desk's word list (translators, writers and editors).
pub fn add_word(root: &Path, actor: &Actor, word: &str) -> Result<Glossary, GlossaryError> {
    check_glossary_change(actor, GlossaryChange::Add)?;
    let mut glossary = load_glossary(root)?;
    if glossary.add_word(word) {
        save_glossary(root, &glossary)?;
    }
    Ok(glossary)
}

/// What an import did.
#[derive(Clone, Debug, Default)]
pub struct GlossaryImport {
    /// What the file held, with the rows skipped.
    pub read: ReadTerms,
    /// Terms added.
    pub added: usize,
    /// Terms that replaced one with the same source and English.
    pub replaced: usize,
    /// Terms converted from Zawgyi.
    pub converted: usize,
}

/// Imports a CSV, TSV or TBX file into the glossary (editors only), all or nothing: a file
/// refused, or Zawgyi terms without a choice, change nothing.
pub fn import_glossary(
    root: &Path,
    settings: &DeskSettings,
    actor: &Actor,
    file: &Path,
    zawgyi_choice: Option<ZawgyiChoice>,
    now: DateTime<Utc>,
) -> Result<GlossaryImport, GlossaryError> {
    check_glossary_change(actor, GlossaryChange::Import)?;
    let extension = file
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    let bytes = super::read_bounded(file, "glossary file", MAX_GLOSSARY_IMPORT_BYTES, true)?;
    let file_error = |problem| GlossaryError::File {
        path: file.to_owned(),
        problem,
    };
    let read = match extension.as_str() {
        "tbx" | "xml" => {
            tbx::read_tbx(&bytes, &settings.source_language, &settings.target_language)
        }
        "csv" | "tsv" | "txt" => {
            csv::read_csv(&bytes, &settings.source_language, &settings.target_language)
        }
        _ => {
            return Err(GlossaryError::Kind {
                path: file.to_owned(),
            });
        }
    }
    .map_err(file_error)?;
    terms_into_glossary(root, actor, file, read, zawgyi_choice, now)
}

fn terms_into_glossary(
    root: &Path,
    actor: &Actor,
    file: &Path,
    mut read: ReadTerms,
    zawgyi_choice: Option<ZawgyiChoice>,
    now: DateTime<Utc>,
) -> Result<GlossaryImport, GlossaryError> {
    // Short terms say little on their own: judged together, then converted one by one.
    let all_sources: String = read
        .terms
        .iter()
        .map(|t| t.source.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    let looks_zawgyi = zawgyi::detect(&all_sources).verdict == zawgyi::Verdict::Zawgyi;
    let mut report = GlossaryImport::default();
    if looks_zawgyi {
        match zawgyi_choice {
            None => {
                return Err(GlossaryError::Zawgyi {
                    path: file.to_owned(),
                    count: read.terms.len(),
                });
            }
            Some(ZawgyiChoice::Convert) => {
                for term in &mut read.terms {
                    if let Ok(converted) = zawgyi::to_unicode(&term.source)
                        && converted != term.source
                    {
                        term.source = converted;
                        report.converted += 1;
                    }
                }
            }
            Some(ZawgyiChoice::Keep) => {}
        }
    }
    let mut glossary = load_glossary(root)?;
    let mut terms: Vec<Term> = Vec::new();
    let mut problems = Vec::new();
    for raw in &read.terms {
        match make_term(
            &raw.source,
            &raw.english,
            &raw.note,
            &raw.forbidden,
            &actor.name,
            now,
        ) {
            Ok(term) => terms.push(term),
            Err(problem) => problems.push((raw.line, problem.to_string())),
        }
    }
    for (line, problem) in problems {
        read.skip(line, problem);
    }
    for term in terms {
        if glossary.add(term) {
            report.added += 1;
        } else {
            report.replaced += 1;
        }
    }
    if glossary.terms.len() > glossary::MAX_TERMS {
        return Err(GlossaryError::File {
            path: file.to_owned(),
            problem: GlossaryFileError::TooManyTerms {
                max: glossary::MAX_TERMS,
            },
        });
    }
    save_glossary(root, &glossary)?;
    report.read = read;
    Ok(report)
}

/// The desk's glossary as TBX v3 (TBX-Basic).
pub fn export_tbx(root: &Path, settings: &DeskSettings) -> Result<Vec<u8>, GlossaryError> {
    let glossary = load_glossary(root)?;
    tbx::write_tbx(
        &glossary,
        &settings.name,
        &settings.source_language,
        &settings.target_language,
    )
    .map_err(|e| {
        GlossaryError::Store(StoreError::Io {
            path: PathBuf::from("TBX"),
            source: e,
        })
    })
}

/// The Hunspell dictionary's name for a desk's English: `en_GB` for `en-GB`, else `en_US`.
#[must_use]
pub fn dictionary_name(target_language: &str) -> &'static str {
    let lower = target_language.to_ascii_lowercase().replace('_', "-");
    if lower.starts_with("en-gb") || lower.starts_with("en-uk") {
        "en_GB"
    } else {
        "en_US"
    }
}

/// The speller for a desk: the system's dictionary for its English (en-GB falls back to
/// en-US, saying so), with the glossary's English and the desk's word list as known
/// words. Without a dictionary, a speller that checks nothing and says why.
#[must_use]
pub fn load_speller(settings: &DeskSettings, glossary: &Glossary) -> Speller {
    let known = glossary::known_words(glossary);
    let wanted = dictionary_name(&settings.target_language);
    let mut dirs: Vec<PathBuf> = Vec::new();
    if let Some(dir) = std::env::var_os(DICTIONARY_DIR_VAR) {
        dirs.push(PathBuf::from(dir));
        // A folder named explicitly is the only place looked (a test without a dictionary).
    } else {
        dirs.extend(DICTIONARY_DIRS.iter().map(PathBuf::from));
    }
    let mut names = vec![wanted];
    if wanted != "en_US" {
        names.push("en_US");
    }
    for name in &names {
        for dir in &dirs {
            let aff = dir.join(format!("{name}.aff"));
            let dic = dir.join(format!("{name}.dic"));
            let (Ok(aff_bytes), Ok(dic_bytes)) = (
                super::read_bounded(&aff, "dictionary", MAX_DICTIONARY_BYTES, true),
                super::read_bounded(&dic, "dictionary", MAX_DICTIONARY_BYTES, true),
            ) else {
                continue;
            };
            let (aff_text, dic_text) = (
                String::from_utf8_lossy(&aff_bytes),
                String::from_utf8_lossy(&dic_bytes),
            );
            let speller = Speller::new(&aff_text, &dic_text, name, known);
            if *name != wanted && speller.notice().is_none() {
                log::info!("no {wanted} dictionary; spelling checked with {name}");
            }
            return speller;
        }
    }
    let package = if wanted == "en_GB" {
        "hunspell-en-gb"
    } else {
        "hunspell-en-us"
    };
    Speller::without_dictionary(
        format!(
            "no spelling dictionary is installed ({wanted}.dic in {}); install {package} to check spelling",
            dirs.iter()
                .map(|d| d.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        ),
        known,
    )
}
