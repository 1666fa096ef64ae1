//! `copydesk tm`: the desk's translation memory from the command line. Output is
//! tab-separated (one line per match or hit) or JSON with `--json`; `lookup` and
//! `concordance` exit 1 when they find nothing, like grep.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, bail};
use chrono::Utc;
use clap::Subcommand;
use serde_json::json;

use super::{Outcome, Said, change_story};
use crate::model::{RowRef, Story};
use crate::script::Script;
use crate::session::Session;
use crate::store::memory::{self as stored, MAX_PENALTY};
use crate::tm::analysis::{self, BANDS};
use crate::tm::{Lookup, Match, Memory, Origin, Penalty};
use crate::workflow::Actor;
use crate::{import, store};

/// `copydesk tm`.
#[derive(Debug, Subcommand)]
pub enum TmAction {
    /// The closest earlier translations of a text: score, score before penalties,
    /// penalties, earlier source, English, where from, who, when.
    Lookup {
        /// The desk folder.
        dir: PathBuf,
        /// The source text to look up.
        text: String,
        /// The lowest score shown.
        #[arg(long, default_value_t = 50)]
        min: u8,
        /// The most matches shown.
        #[arg(long, default_value_t = 5)]
        limit: usize,
        /// JSON instead of tab-separated lines.
        #[arg(long)]
        json: bool,
    },
    /// Every place the desk translated a phrase before (either side): where from, the side
    /// it was found in, source, English.
    Concordance {
        /// The desk folder.
        dir: PathBuf,
        /// The phrase.
        phrase: String,
        /// The most places shown.
        #[arg(long, default_value_t = 50)]
        limit: usize,
        /// JSON instead of tab-separated lines.
        #[arg(long)]
        json: bool,
    },
    /// Import a TMX file as a named memory of the desk (editors only); a memory of the same
    /// name is replaced.
    Import {
        /// The desk folder.
        dir: PathBuf,
        /// The TMX file.
        file: PathBuf,
        /// The memory's name (default: the file's name).
        #[arg(long)]
        name: Option<String>,
        /// Points subtracted from its matches' scores.
        #[arg(long, default_value_t = 5)]
        penalty: u8,
        /// Who is importing (an editor on the roster).
        #[arg(long = "as", value_name = "NAME")]
        actor: String,
    },
    /// The desk's imported memories: name, penalty, units, file, imported by, when.
    List {
        /// The desk folder.
        dir: PathBuf,
    },
    /// Set an imported memory's penalty (editors only).
    Penalty {
        /// The desk folder.
        dir: PathBuf,
        /// The memory's name.
        name: String,
        /// The points.
        points: u8,
        /// Who (an editor).
        #[arg(long = "as", value_name = "NAME")]
        actor: String,
    },
    /// Remove an imported memory from the desk (editors only).
    Remove {
        /// The desk folder.
        dir: PathBuf,
        /// The memory's name.
        name: String,
        /// Who (an editor).
        #[arg(long = "as", value_name = "NAME")]
        actor: String,
    },
    /// Export the desk's own memory (its stories' confirmed rows) as TMX 1.4b.
    Export {
        /// The desk folder.
        dir: PathBuf,
        /// The file to write.
        #[arg(short, long)]
        output: PathBuf,
    },
    /// Rows and syllables (or words) per match band, and repetitions, for a story of the
    /// desk or a file not yet a story.
    Analyze {
        /// The desk folder.
        dir: PathBuf,
        /// A story's slug, or a .txt, .md or .docx file.
        what: String,
        /// JSON instead of tab-separated lines.
        #[arg(long)]
        json: bool,
    },
    /// Fill each untranslated row of a story with its best match at or above a score, as a
    /// draft marked "pre-translated" (never confirmed).
    Pretranslate {
        /// The desk folder.
        dir: PathBuf,
        /// The story's slug.
        slug: String,
        /// The lowest score used.
        #[arg(long, default_value_t = 75)]
        min: u8,
        /// Who (a person who may translate the story now).
        #[arg(long = "as", value_name = "NAME")]
        actor: String,
    },
}

/// Runs `copydesk tm`.
pub fn run(action: TmAction, out: &mut dyn Write, err: &mut dyn Write) -> anyhow::Result<Outcome> {
    match action {
        TmAction::Lookup {
            dir,
            text,
            min,
            limit,
            json,
        } => {
            let (memory, _) = load(&dir, err)?;
            let how = Lookup {
                min,
                limit,
                ..Lookup::default()
            };
            let matches = memory.lookup(&text, &how);
            print_matches(&memory, &text, &matches, json, out)?;
            Ok(Outcome::Exit(u8::from(matches.is_empty())))
        }
        TmAction::Concordance {
            dir,
            phrase,
            limit,
            json,
        } => {
            let (memory, _) = load(&dir, err)?;
            let hits = memory.concordance(&phrase, limit);
            let mut rows = Vec::new();
            for hit in &hits {
                let Some(entry) = memory.entry(hit.entry) else {
                    continue;
                };
                if json {
                    rows.push(json!({
                        "origin": origin_text(&entry.origin),
                        "side": if hit.in_source { "source" } else { "english" },
                        "source": entry.source,
                        "english": entry.english,
                        "start": hit.range.start,
                        "end": hit.range.end,
                    }));
                } else {
                    writeln!(
                        out,
                        "{}\t{}\t{}\t{}",
                        origin_text(&entry.origin),
                        if hit.in_source { "source" } else { "english" },
                        one_line(&entry.source),
                        one_line(&entry.english)
                    )?;
                }
            }
            if json {
                writeln!(out, "{}", serde_json::to_string_pretty(&rows)?)?;
            }
            Ok(Outcome::Exit(u8::from(hits.is_empty())))
        }
        TmAction::Import {
            dir,
            file,
            name,
            penalty,
            actor,
        } => {
            let settings = store::load_settings(&dir)?;
            let by = Actor::on_desk(&settings, &actor);
            let name = name.unwrap_or_else(|| {
                file.file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_default()
            });
            let imported =
                stored::import_tmx(&dir, &settings, &file, &name, penalty, &by, Utc::now());
            let Some(report) = memory_change(imported, err)? else {
                return Ok(Outcome::Exit(1));
            };
            for skipped in &report.read.skipped {
                writeln!(
                    err,
                    "{}:{}: skipped: {}",
                    file.display(),
                    skipped.line,
                    skipped.why
                )?;
            }
            if report.read.tags_dropped > 0 {
                writeln!(
                    err,
                    "{}: {} inline tag(s) reduced to their text",
                    file.display(),
                    report.read.tags_dropped
                )?;
            }
            writeln!(
                out,
                "{}\t{} unit(s)\t{} skipped\t{}",
                report.name,
                report.read.units.len(),
                report.read.skipped.len(),
                report.path.display()
            )?;
            Ok(Outcome::Exit(0))
        }
        TmAction::List { dir } => {
            store::load_settings(&dir)?;
            let (list, problems) = stored::list_imported(&dir);
            for problem in problems {
                writeln!(err, "warning: {problem}")?;
            }
            for m in list {
                writeln!(
                    out,
                    "{}\t{}\t{}\t{}\t{}\t{}",
                    m.name,
                    m.penalty,
                    m.units.len(),
                    m.imported_from,
                    m.imported_by,
                    m.imported_at.format("%Y-%m-%d %H:%M")
                )?;
            }
            Ok(Outcome::Exit(0))
        }
        TmAction::Penalty {
            dir,
            name,
            points,
            actor,
        } => {
            if points > MAX_PENALTY {
                bail!("a penalty is at most {MAX_PENALTY} points");
            }
            let by = Actor::on_desk(&store::load_settings(&dir)?, &actor);
            if memory_change(stored::set_penalty(&dir, &name, points, &by), err)?.is_none() {
                return Ok(Outcome::Exit(1));
            }
            writeln!(out, "{name}\t{points}")?;
            Ok(Outcome::Exit(0))
        }
        TmAction::Remove { dir, name, actor } => {
            let by = Actor::on_desk(&store::load_settings(&dir)?, &actor);
            let Some(removed) = memory_change(stored::remove_imported(&dir, &name, &by), err)?
            else {
                return Ok(Outcome::Exit(1));
            };
            writeln!(out, "{removed}")?;
            Ok(Outcome::Exit(0))
        }
        TmAction::Export { dir, output } => {
            let (memory, settings) = load(&dir, err)?;
            let bytes = stored::export_tmx(&memory, &settings)?;
            store::write_export(&dir, &output, &bytes)?;
            let count = memory
                .entries()
                .filter(|(_, e)| matches!(e.origin, Origin::Story { .. }))
                .count();
            writeln!(out, "{}\t{count} unit(s)", output.display())?;
            Ok(Outcome::Exit(0))
        }
        TmAction::Analyze { dir, what, json } => analyze(&dir, &what, json, out, err),
        TmAction::Pretranslate {
            dir,
            slug,
            min,
            actor,
        } => {
            let (memory, _) = load(&dir, err)?;
            change_story(&dir, &slug, &actor, out, err, |session, index| {
                let Some(story) = session.doc(index).map(|d| d.story().clone()) else {
                    return Ok(String::new().into());
                };
                let filled = analysis::pretranslation(&memory, &slug, &story, min);
                let count = filled.len();
                if let Some(edit) = analysis::pretranslation_edit(&filled) {
                    session.apply(index, edit, "pre-translate", None, 0.0)?;
                }
                Ok(Said {
                    out: format!("{slug}\t{count} row(s) pre-translated at {min}% or more"),
                    warning: None,
                })
            })
        }
    }
}

/// The desk's memory, with a warning per file that could not be read.
fn load(dir: &Path, err: &mut dyn Write) -> anyhow::Result<(Memory, crate::model::DeskSettings)> {
    let settings = store::load_settings(dir)?;
    let (memory, report) = stored::load_memory(dir, &settings)?;
    for problem in report.problems {
        writeln!(err, "warning: {problem}")?;
    }
    Ok((memory, settings))
}

/// Runs a change of the desk's memories: a refusal (not an editor) is printed and exits 1.
fn memory_change<T>(
    result: Result<T, stored::MemoryError>,
    err: &mut dyn Write,
) -> anyhow::Result<Option<T>> {
    match result {
        Ok(value) => Ok(Some(value)),
        Err(stored::MemoryError::Refused(refusal)) => {
            writeln!(err, "refused: {refusal}")?;
            Ok(None)
        }
        Err(failure) => Err(failure.into()),
    }
}

/// Where an entry came from, in one word: `slug#row` or `file:name`.
fn origin_text(origin: &Origin) -> String {
    match origin {
        Origin::Story { slug, row } => format!("{slug}#{}", row_text(*row)),
        Origin::File { name } => format!("file:{name}"),
    }
}

fn row_text(row: RowRef) -> String {
    match row {
        RowRef::Headline => "headline".to_owned(),
        RowRef::Deck => "deck".to_owned(),
        RowRef::Block(id) => id.0.to_string(),
    }
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn penalty_text(p: &Penalty) -> String {
    match p {
        Penalty::Imported { name, points } => format!("imported {name} -{points}"),
        Penalty::Unreviewed => "unreviewed -1".to_owned(),
        Penalty::SentenceAligned => "sentence-aligned -1".to_owned(),
    }
}

fn print_matches(
    memory: &Memory,
    text: &str,
    matches: &[Match],
    json: bool,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let mut rows = Vec::new();
    for m in matches {
        let Some(entry) = memory.entry(m.entry) else {
            continue;
        };
        let earlier = &entry.source[m.earlier.range.clone()];
        let english = &entry.english[m.english.clone()];
        let penalties: Vec<String> = m.penalties.iter().map(penalty_text).collect();
        if json {
            rows.push(json!({
                "score": m.score,
                "raw": m.raw,
                "penalties": penalties,
                "part": &text[m.part.range.clone()],
                "sentence": m.part.sentence,
                "source": earlier,
                "english": english,
                "origin": origin_text(&entry.origin),
                "author": &*entry.author,
                "time": entry.time.to_rfc3339(),
            }));
        } else {
            writeln!(
                out,
                "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
                m.score,
                m.raw,
                penalties.join(", "),
                one_line(earlier),
                one_line(english),
                origin_text(&entry.origin),
                entry.author,
                entry.time.format("%Y-%m-%d")
            )?;
        }
    }
    if json {
        writeln!(out, "{}", serde_json::to_string_pretty(&rows)?)?;
    }
    Ok(())
}

fn analyze(
    dir: &Path,
    what: &str,
    json: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<Outcome> {
    let (memory, settings) = load(dir, err)?;
    let script = Script::for_language(&settings.source_language);
    let file = Path::new(what);
    let (sources, exclude): (Vec<String>, Option<&str>) =
        if crate::model::is_valid_slug(what) && !file.exists() {
            let mut session = Session::open(dir)?;
            let index = session
                .load(what)
                .map_err(|e| super::missing_story(dir, what, e))?;
            let story: &Story = session
                .doc(index)
                .map(crate::session::StoryDoc::story)
                .context("the story did not load")?;
            (
                story.text_rows().map(|r| r.source.clone()).collect(),
                Some(what),
            )
        } else {
            let bytes = store::read_file(file)?;
            let name = file
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let paragraphs = import::paragraphs(&name, &bytes)?;
            (paragraphs.into_iter().map(|p| p.text).collect(), None)
        };
    let result = analysis::analyse(&memory, sources.iter().map(String::as_str), script, exclude);
    if json {
        let bands: Vec<_> = BANDS
            .iter()
            .zip(result.bands)
            .map(|(b, t)| json!({"band": b.2, "rows": t.rows, "units": t.units}))
            .collect();
        let value = json!({
            "unit": result.unit_name,
            "bands": bands,
            "repetitions": result.repetitions,
            "total": result.total,
        });
        writeln!(out, "{}", serde_json::to_string_pretty(&value)?)?;
    } else {
        writeln!(out, "band\trows\t{}", result.unit_name)?;
        for (band, tally) in BANDS.iter().zip(result.bands) {
            writeln!(out, "{}\t{}\t{}", band.2, tally.rows, tally.units)?;
        }
        writeln!(
            out,
            "repetitions\t{}\t{}",
            result.repetitions.rows, result.repetitions.units
        )?;
        writeln!(out, "total\t{}\t{}", result.total.rows, result.total.units)?;
    }
    Ok(Outcome::Exit(0))
}
