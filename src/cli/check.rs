//! `copydesk check` and `copydesk glossary`: the desk's quality checks and glossary from the
//! command line. `check` prints one finding a line (tab-separated: slug, row, severity,
//! check, reason) or JSON, and exits 1 when an error-level finding remains, 0 otherwise and
//! 2 when it could not run.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context as _;
use chrono::Utc;
use clap::Subcommand;
use serde_json::json;

use super::{Outcome, Said, change_story, parse_row};
use crate::model::{Side, row_name};
use crate::qa::{self, DeskChecks, LengthNorm};
use crate::store::{self, glossary as stored};
use crate::workflow::Actor;

/// Runs `copydesk check`.
pub fn check(
    dir: &Path,
    slug: Option<&str>,
    json: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<Outcome> {
    let desk = store::load_desk(dir)?;
    for problem in &desk.problems {
        writeln!(err, "warning: {problem}")?;
    }
    let glossary = stored::load_glossary(dir)?;
    let speller = stored::load_speller(&desk.settings, &glossary);
    if let Some(notice) = speller.notice() {
        writeln!(err, "note: {notice}")?;
    }
    let length = LengthNorm::learn(qa::confirmed_pairs(desk.stories.iter().map(|s| &s.story)));
    let checks = DeskChecks::new(&desk.settings.source_language, glossary, speller, length);
    let stories: Vec<&crate::model::Story> = match slug {
        Some(slug) => {
            let found = desk.stories.iter().find(|s| s.story.slug == slug);
            match found {
                Some(s) => vec![&s.story],
                None => anyhow::bail!("the desk {} has no story \"{slug}\"", dir.display()),
            }
        }
        None => desk.stories.iter().map(|s| &s.story).collect(),
    };
    let mut errors = 0;
    let mut rows = Vec::new();
    for story in stories {
        let findings = qa::check_story(&checks.qa(), story);
        errors += qa::counts(&findings).0;
        for f in findings {
            let text = story.row(f.row).map(|r| r.text(f.side)).unwrap_or_default();
            let span_text = f
                .span
                .clone()
                .and_then(|s| text.get(s))
                .unwrap_or_default()
                .to_owned();
            if json {
                rows.push(json!({
                    "slug": story.slug,
                    "row": row_name(story, f.row),
                    "severity": f.severity.label(),
                    "check": f.check.key(),
                    "reason": f.reason,
                    "side": if f.side == Side::Source { "source" } else { "english" },
                    "start": f.span.as_ref().map(|s| s.start),
                    "end": f.span.as_ref().map(|s| s.end),
                    "text": span_text,
                }));
            } else {
                writeln!(
                    out,
                    "{}\t{}\t{}\t{}\t{}",
                    story.slug,
                    row_name(story, f.row),
                    f.severity.label(),
                    f.check.key(),
                    f.reason.replace(['\t', '\n'], " ")
                )?;
            }
        }
    }
    if json {
        writeln!(out, "{}", serde_json::to_string_pretty(&rows)?)?;
    }
    Ok(Outcome::Exit(u8::from(errors > 0)))
}

/// Runs `copydesk accept`.
#[expect(clippy::too_many_arguments, reason = "one per command-line argument")]
pub fn accept(
    dir: &Path,
    slug: &str,
    row: &str,
    check: &str,
    reason: &str,
    actor: &str,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<Outcome> {
    let Some(check) = qa::Check::from_key(check) else {
        let known: Vec<&str> = qa::Check::ALL.iter().map(|c| c.key()).collect();
        anyhow::bail!(
            "\"{check}\" is not a check; use one of: {}",
            known.join(", ")
        );
    };
    let (row_text, slug_owned) = (row.to_owned(), slug.to_owned());
    change_story(dir, slug, actor, out, err, |session, index| {
        let Some(story) = session.doc(index).map(|d| d.story().clone()) else {
            return Ok(String::new().into());
        };
        let Some(row) = parse_row(&story, &row_text) else {
            return Err(crate::session::ActionError::Refused(
                crate::workflow::WorkflowError::NoSuchRow,
            ));
        };
        let edit = qa::accept_edit(&story, row, check, reason, actor, Utc::now()).map_err(|e| {
            crate::session::ActionError::Refused(crate::workflow::WorkflowError::Comment(
                e.to_string(),
            ))
        })?;
        session.apply(index, edit, "accept a QA finding", Some(row), 0.0)?;
        Ok(Said {
            out: format!(
                "{slug_owned}\t{}\t{}\taccepted",
                row_name(&story, row),
                check.key()
            ),
            warning: None,
        })
    })
}

/// `copydesk glossary`.
#[derive(Debug, Subcommand)]
pub enum GlossaryAction {
    /// Import a CSV or TSV file (a header row naming the columns: source, english, and
    /// optionally note and forbidden, variants separated by ";") or a TBX file into the
    /// desk's glossary (editors only). A term with the same source and English is replaced.
    Import {
        /// The desk folder.
        dir: PathBuf,
        /// The file (.csv, .tsv, .txt or .tbx).
        file: PathBuf,
        /// Who is importing (an editor on the roster).
        #[arg(long = "as", value_name = "NAME")]
        actor: String,
        /// Source terms that look like Zawgyi: convert them to Unicode, or keep them.
        #[arg(long, value_name = "convert|keep")]
        zawgyi: Option<String>,
    },
    /// Export the desk's glossary as TBX (v3, TBX-Basic).
    Export {
        /// The desk folder.
        dir: PathBuf,
        /// The file to write.
        #[arg(short, long)]
        output: PathBuf,
    },
    /// The desk's terms, one a line: source, English, forbidden variants (";"), note, who
    /// added it, when.
    List {
        /// The desk folder.
        dir: PathBuf,
    },
    /// Add one term (translators, writers and editors).
    Add {
        /// The desk folder.
        dir: PathBuf,
        /// The term in the source language.
        source: String,
        /// Its agreed English.
        english: String,
        /// A note.
        #[arg(long, default_value = "")]
        note: String,
        /// An English variant not to use (may be given more than once).
        #[arg(long)]
        forbidden: Vec<String>,
        /// Who is adding it.
        #[arg(long = "as", value_name = "NAME")]
        actor: String,
    },
    /// Add a word to the desk's word list, which the spelling check takes as correct
    /// (translators, writers and editors).
    AddWord {
        /// The desk folder.
        dir: PathBuf,
        /// The word.
        word: String,
        /// Who is adding it.
        #[arg(long = "as", value_name = "NAME")]
        actor: String,
    },
}

/// Runs `copydesk glossary`.
pub fn glossary(
    action: GlossaryAction,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<Outcome> {
    match action {
        GlossaryAction::Import {
            dir,
            file,
            actor,
            zawgyi,
        } => {
            let settings = store::load_settings(&dir)?;
            let by = Actor::on_desk(&settings, &actor);
            let choice = match zawgyi.as_deref() {
                None => None,
                Some("convert") => Some(stored::ZawgyiChoice::Convert),
                Some("keep") => Some(stored::ZawgyiChoice::Keep),
                Some(other) => anyhow::bail!("--zawgyi is convert or keep, not \"{other}\""),
            };
            match stored::import_glossary(&dir, &settings, &by, &file, choice, Utc::now()) {
                Ok(report) => {
                    for note in &report.read.notes {
                        writeln!(err, "{}: {note}", file.display())?;
                    }
                    for (line, why) in &report.read.skipped {
                        writeln!(err, "{}:{line}: skipped: {why}", file.display())?;
                    }
                    writeln!(
                        out,
                        "{} term(s) added, {} replaced, {} skipped{}",
                        report.added,
                        report.replaced,
                        report.read.skipped.len(),
                        if report.converted > 0 {
                            format!(", {} converted from Zawgyi", report.converted)
                        } else {
                            String::new()
                        }
                    )?;
                    Ok(Outcome::Exit(0))
                }
                Err(
                    e @ (stored::GlossaryError::Refused(_)
                    | stored::GlossaryError::Zawgyi { .. }
                    | stored::GlossaryError::File { .. }
                    | stored::GlossaryError::Kind { .. }),
                ) => {
                    writeln!(err, "refused: {e}")?;
                    Ok(Outcome::Exit(1))
                }
                Err(e) => Err(e.into()),
            }
        }
        GlossaryAction::Export { dir, output } => {
            let settings = store::load_settings(&dir)?;
            let bytes = stored::export_tbx(&dir, &settings)?;
            store::write_export(&dir, &output, &bytes)
                .with_context(|| format!("writing {}", output.display()))?;
            let count = stored::load_glossary(&dir)?.terms.len();
            writeln!(out, "{}\t{count} term(s)", output.display())?;
            Ok(Outcome::Exit(0))
        }
        GlossaryAction::List { dir } => {
            store::load_settings(&dir)?;
            let glossary = stored::load_glossary(&dir)?;
            for t in &glossary.terms {
                writeln!(
                    out,
                    "{}\t{}\t{}\t{}\t{}\t{}",
                    t.source,
                    t.english,
                    t.forbidden.join(";"),
                    t.note.replace(['\t', '\n'], " "),
                    t.added_by,
                    t.added_at.format("%Y-%m-%d %H:%M")
                )?;
            }
            Ok(Outcome::Exit(0))
        }
        GlossaryAction::Add {
            dir,
            source,
            english,
            note,
            forbidden,
            actor,
        } => {
            let settings = store::load_settings(&dir)?;
            let by = Actor::on_desk(&settings, &actor);
            match stored::add_term(&dir, &by, &source, &english, &note, &forbidden, Utc::now()) {
                Ok((_, new)) => {
                    writeln!(
                        out,
                        "{source}\t{english}\t{}",
                        if new { "added" } else { "replaced" }
                    )?;
                    Ok(Outcome::Exit(0))
                }
                Err(e @ (stored::GlossaryError::Refused(_) | stored::GlossaryError::Term(_))) => {
                    writeln!(err, "refused: {e}")?;
                    Ok(Outcome::Exit(1))
                }
                Err(e) => Err(e.into()),
            }
        }
        GlossaryAction::AddWord { dir, word, actor } => {
            let settings = store::load_settings(&dir)?;
            let by = Actor::on_desk(&settings, &actor);
            match stored::add_word(&dir, &by, &word) {
                Ok(_) => {
                    writeln!(out, "{}", word.trim())?;
                    Ok(Outcome::Exit(0))
                }
                Err(e @ stored::GlossaryError::Refused(_)) => {
                    writeln!(err, "refused: {e}")?;
                    Ok(Outcome::Exit(1))
                }
                Err(e) => Err(e.into()),
            }
        }
    }
}
