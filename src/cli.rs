//! The command line: the same binary without a window, for scripts and the publishing pipeline.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, bail};
use clap::{Parser, Subcommand};

use chrono::Utc;

use crate::model::{DeskSettings, Stage, Story, is_language_tag};
use crate::{credits, export, import, store, workflow};

/// Copydesk: a translation desk for multilingual newsrooms.
///
/// Without a command, opens the window on the last desk used (or the sample desk).
#[derive(Debug, Parser)]
#[command(name = "copydesk", version, about, long_about = None)]
pub struct Cli {
    /// What to do; without one, the window opens.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Open the window on a desk folder.
    Open {
        /// The desk folder (the one holding desk.ron).
        dir: PathBuf,
    },
    /// Print one line per story, separated by tabs: slug, stage, rows confirmed/total, source
    /// syllables (words for a language written with spaces), and English words.
    ///
    /// Exits 1 if any story file is broken (each named on standard error, with the others
    /// still listed), and 2 if the desk itself cannot be read.
    List {
        /// The desk folder.
        dir: PathBuf,
    },
    /// Print a story's revisions, oldest first: time (UTC), who, stage, fingerprint, event.
    History {
        /// The desk folder.
        dir: PathBuf,
        /// The story's slug.
        slug: String,
    },
    /// Move a story to another stage, under the same rules as the window.
    ///
    /// STAGE is one of: filed, translating, writing, editing, sent-back-to-writing,
    /// sent-back-to-translating, approved, published, killed. A refused move prints the reason
    /// and exits 1.
    Stage {
        /// The desk folder.
        dir: PathBuf,
        /// The story's slug.
        slug: String,
        /// The stage to move to.
        #[arg(long, value_name = "STAGE")]
        to: String,
        /// Who is making the move; their roles come from the desk's staff roster.
        #[arg(long = "as", value_name = "NAME")]
        actor: String,
        /// Why (required when sending back).
        #[arg(long)]
        note: Option<String>,
    },
    /// Sign a story off as an editor: records the editor, the time and a fingerprint of the
    /// content signed, and moves it to Approved. A refused sign-off exits 1.
    SignOff {
        /// The desk folder.
        dir: PathBuf,
        /// The story's slug.
        slug: String,
        /// The editor; their roles come from the desk's staff roster.
        #[arg(long = "as", value_name = "NAME")]
        actor: String,
    },
    /// Print a story's credit line, as it will print.
    CreditLine {
        /// The desk folder.
        dir: PathBuf,
        /// The story's slug.
        slug: String,
    },
    /// Export a story. Publishable formats need a current sign-off unless --draft is given
    /// (the document then says DRAFT); the bilingual review table needs none.
    ///
    /// FORMAT is one of: html, txt, md, ninjs, nitf, docx, bilingual-html, bilingual-docx.
    /// Text formats go to standard output without -o; Word formats need -o.
    Export {
        /// The desk folder.
        dir: PathBuf,
        /// The story's slug.
        slug: String,
        /// The format.
        #[arg(long)]
        format: String,
        /// The file to write (written whole or not at all).
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Export even without a current sign-off, marked DRAFT in the document.
        #[arg(long)]
        draft: bool,
    },
    /// Import a .txt, .md or .docx file as a new story's source (a Markdown file, such as
    /// Copydesk's own export, becomes the whole English story); with --english, a source
    /// file and its English aligned paragraph by paragraph. Prints the new story's slug.
    Import {
        /// The desk folder.
        dir: PathBuf,
        /// The file to import.
        file: PathBuf,
        /// The English counterpart of a source file.
        #[arg(long)]
        english: Option<PathBuf>,
        /// The new story's slug (by default from the file name).
        #[arg(long)]
        slug: Option<String>,
        /// Import into this existing story instead: as its English (filling the source rows
        /// in order) or, with --side source, as a re-filed source (changed rows flagged).
        #[arg(long, value_name = "SLUG", conflicts_with_all = ["english", "slug"])]
        into: Option<String>,
        /// With --into: which side the file is.
        #[arg(long, default_value = "english", value_parser = ["english", "source"])]
        side: String,
        /// What to do when the source looks like Zawgyi (the legacy Burmese encoding):
        /// convert it to Unicode, or keep it as it is because it is Unicode. Without this, a
        /// Zawgyi-looking file is refused, so a story never mixes encodings silently.
        #[arg(long, value_parser = ["convert", "keep"])]
        zawgyi: Option<String>,
    },
    /// Zawgyi, the legacy Burmese encoding: tell it apart from Unicode, and convert it.
    Zawgyi {
        /// What to do with standard input.
        #[command(subcommand)]
        action: ZawgyiAction,
    },
    /// Create a new, empty desk folder.
    NewDesk {
        /// The folder to create (it may exist, but must not already hold a desk; its parent
        /// folder must exist).
        dir: PathBuf,
        /// The desk's name, for example "Myanmar Desk".
        #[arg(long)]
        name: String,
        /// Language tag of the source side, for example "my".
        #[arg(long)]
        source: String,
        /// Language tag of the published side, for example "en".
        #[arg(long, default_value = "en")]
        target: String,
        /// How the desk is credited, for example "RFA's Myanmar Service".
        #[arg(long)]
        service: String,
    },
}

/// What `copydesk zawgyi` does with standard input.
#[derive(Debug, Subcommand)]
pub enum ZawgyiAction {
    /// For each line: the verdict (unicode, zawgyi, unsure or not-myanmar), the probability
    /// that it is Zawgyi, and the line, separated by tabs. Empty lines are skipped.
    Detect,
    /// Convert Zawgyi to Unicode, line by line. Lines without Myanmar text, and lines that
    /// read as Unicode already (named on standard error), pass unchanged.
    Convert {
        /// Convert the other way, Unicode to Zawgyi (for sending text to an old system).
        #[arg(long)]
        to_zawgyi: bool,
        /// Convert every line, even those that read as Unicode.
        #[arg(long)]
        force: bool,
    },
}

/// What `main` should do after parsing.
#[derive(Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Open the window, on this desk if given.
    Gui(Option<PathBuf>),
    /// Exit with this code; the command has done its work.
    Exit(u8),
}

/// Runs a command that needs no window, writing its output to `out` and warnings to `err`.
pub fn run(cli: Cli, out: &mut dyn Write, err: &mut dyn Write) -> anyhow::Result<Outcome> {
    match cli.command {
        None => Ok(Outcome::Gui(None)),
        Some(Command::Open { dir }) => {
            // Fail here, with a clear message, rather than in an empty window.
            store::load_settings(&dir)?;
            Ok(Outcome::Gui(Some(dir)))
        }
        Some(Command::List { dir }) => list(&dir, out, err),
        Some(Command::Zawgyi { action }) => {
            zawgyi_command(&action, &mut std::io::stdin().lock(), out, err)
        }
        Some(Command::History { dir, slug }) => history(&dir, &slug, out),
        Some(Command::CreditLine { dir, slug }) => {
            let desk = store::load_desk(&dir)?;
            let loaded = find_story(&desk, &slug)?;
            writeln!(
                out,
                "{}",
                credits::credit_line(&loaded.story, &desk.settings)
            )?;
            Ok(Outcome::Exit(0))
        }
        Some(Command::Export {
            dir,
            slug,
            format,
            output,
            draft,
        }) => export_command(&dir, &slug, &format, output.as_deref(), draft, out, err),
        Some(Command::Import {
            dir,
            file,
            into: Some(into),
            side,
            zawgyi,
            ..
        }) => import_into(&dir, &file, &into, &side, zawgyi.as_deref(), out, err),
        Some(Command::Import {
            dir,
            file,
            english,
            slug,
            zawgyi,
            ..
        }) => import_command(
            &dir,
            &file,
            english.as_deref(),
            slug.as_deref(),
            zawgyi.as_deref(),
            out,
            err,
        ),
        Some(Command::Stage {
            dir,
            slug,
            to,
            actor,
            note,
        }) => {
            let Some(stage) = Stage::from_key(&to) else {
                let known: Vec<String> = Stage::ALL.iter().map(|s| s.key()).collect();
                bail!("\"{to}\" is not a stage; use one of: {}", known.join(", "));
            };
            workflow_command(&dir, &slug, &actor, out, err, |story, rules, actor| {
                workflow::move_stage(story, rules, actor, stage, note.as_deref(), Utc::now())
            })
        }
        Some(Command::SignOff { dir, slug, actor }) => {
            workflow_command(&dir, &slug, &actor, out, err, |story, rules, actor| {
                workflow::sign_off(story, rules, actor, Utc::now())
            })
        }
        Some(Command::NewDesk {
            dir,
            name,
            source,
            target,
            service,
        }) => {
            for (what, tag) in [("--source", &source), ("--target", &target)] {
                if !is_language_tag(tag) {
                    bail!("{what} \"{tag}\" is not a language tag (for example \"my\" or \"en\")");
                }
            }
            if name.trim().is_empty() {
                bail!("--name must not be empty");
            }
            let settings = DeskSettings::new(name.trim(), &source, &target, service.trim());
            store::create_desk(&dir, &settings)?;
            writeln!(
                out,
                "created desk \"{}\" in {}",
                settings.name,
                dir.display()
            )?;
            Ok(Outcome::Exit(0))
        }
    }
}

/// `copydesk zawgyi`: reads lines from `input`.
///
/// # Errors
/// When the input is not UTF-8 (named with its line) or output fails.
pub fn zawgyi_command(
    action: &ZawgyiAction,
    input: &mut dyn std::io::BufRead,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<Outcome> {
    use crate::script::zawgyi;
    let mut bytes = Vec::new();
    let mut number = 0;
    loop {
        bytes.clear();
        if input
            .read_until(b'\n', &mut bytes)
            .context("cannot read standard input")?
            == 0
        {
            break;
        }
        number += 1;
        let line = std::str::from_utf8(&bytes).map_err(|e| {
            anyhow::anyhow!(
                "standard input, line {number}: not UTF-8 (bad byte at column {}); save the text as UTF-8 first",
                e.valid_up_to() + 1
            )
        })?;
        let line = line.strip_suffix('\n').unwrap_or(line);
        let line = line.strip_suffix('\r').unwrap_or(line);
        match action {
            ZawgyiAction::Detect => {
                if line.trim().is_empty() {
                    continue;
                }
                let found = zawgyi::detect(line);
                writeln!(
                    out,
                    "{}\t{:.2}\t{line}",
                    found.verdict.name(),
                    found.zawgyi_probability
                )?;
            }
            ZawgyiAction::Convert { to_zawgyi, force } => {
                let converted = if *to_zawgyi {
                    zawgyi::to_zawgyi(line)
                } else if !force && zawgyi::detect(line).verdict == zawgyi::Verdict::Unicode {
                    writeln!(
                        err,
                        "line {number}: reads as Unicode already; left unchanged (--force converts it)"
                    )?;
                    Ok(line.to_owned())
                } else {
                    zawgyi::to_unicode(line)
                }
                .with_context(|| format!("standard input, line {number}"))?;
                writeln!(out, "{converted}")?;
            }
        }
    }
    Ok(Outcome::Exit(0))
}

fn list(dir: &Path, out: &mut dyn Write, err: &mut dyn Write) -> anyhow::Result<Outcome> {
    let desk = store::load_desk(dir)?;
    for loaded in &desk.stories {
        let story = &loaded.story;
        let progress = story.progress();
        let source = crate::script::source_counts(story, &desk.settings.source_language);
        writeln!(
            out,
            "{}\t{}\t{}/{}\t{}\t{}",
            story.slug,
            story.stage.label(),
            progress.confirmed,
            progress.total,
            source.units,
            story.english_word_count()
        )
        .context("writing to standard output")?;
    }
    for problem in &desk.problems {
        writeln!(err, "error: {problem}")?;
    }
    Ok(Outcome::Exit(u8::from(!desk.problems.is_empty())))
}

fn find_story(desk: &store::LoadedDesk, slug: &str) -> anyhow::Result<store::LoadedStory> {
    if let Some(loaded) = desk.stories.iter().find(|s| s.story.slug == slug) {
        return Ok(loaded.clone());
    }
    // A broken file of that name is named as such, not as missing.
    let path = store::story_path(&desk.root, slug);
    if let Some(problem) = desk
        .problems
        .iter()
        .find(|p| p.to_string().contains(&*path.to_string_lossy()))
    {
        bail!("{problem}");
    }
    bail!("the desk {} has no story \"{slug}\"", desk.root.display())
}

fn export_command(
    dir: &Path,
    slug: &str,
    format: &str,
    output: Option<&Path>,
    draft: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<Outcome> {
    let Some(format) = export::Format::from_key(format) else {
        let known: Vec<&str> = export::Format::ALL.iter().map(|f| f.key()).collect();
        bail!(
            "\"{format}\" is not a format; use one of: {}",
            known.join(", ")
        );
    };
    let desk = store::load_desk(dir)?;
    let loaded = find_story(&desk, slug)?;
    let media = store::DeskMedia { root: &desk.root };
    let bytes = match export::export(&loaded.story, &desk.settings, &media, format, draft) {
        Ok(bytes) => bytes,
        Err(refusal @ export::ExportError::NotSignedOff { .. }) => {
            writeln!(err, "refused: {refusal}")?;
            return Ok(Outcome::Exit(1));
        }
        Err(failure) => return Err(failure.into()),
    };
    match output {
        Some(path) => store::write_export(path, &bytes)?,
        None if format.is_text() => out.write_all(&bytes)?,
        None => bail!("{} is not text; give a file with -o", format.label()),
    }
    Ok(Outcome::Exit(0))
}

/// Whether an imported source that may be Zawgyi is to be converted: refuses a
/// Zawgyi-looking file unless `--zawgyi` says what to do, and never converts text that
/// reads as Unicode, whatever the flag says (a script may pass it for every file).
fn convert_zawgyi(
    file: &Path,
    found: Option<crate::script::zawgyi::Detection>,
    choice: Option<&str>,
    err: &mut dyn Write,
) -> anyhow::Result<bool> {
    use crate::script::zawgyi::Verdict;
    let Some(found) = found else {
        return Ok(false);
    };
    match (found.verdict, choice) {
        (Verdict::Zawgyi, None) => bail!(
            "{}: the source looks like Zawgyi, not Unicode (probability {:.2}); run again with --zawgyi convert to store it as Unicode, or --zawgyi keep if it is Unicode",
            file.display(),
            found.zawgyi_probability
        ),
        (Verdict::Zawgyi, Some("convert")) => {
            writeln!(err, "{}: converted from Zawgyi to Unicode", file.display())?;
            Ok(true)
        }
        (Verdict::Unsure, Some("convert")) => {
            writeln!(
                err,
                "warning: {}: could be Zawgyi or Unicode; converted from Zawgyi as asked",
                file.display()
            )?;
            Ok(true)
        }
        (Verdict::Unicode, Some("convert")) => {
            writeln!(
                err,
                "{}: reads as Unicode already; not converted",
                file.display()
            )?;
            Ok(false)
        }
        _ => Ok(false),
    }
}

fn import_command(
    dir: &Path,
    file: &Path,
    english: Option<&Path>,
    slug: Option<&str>,
    zawgyi: Option<&str>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<Outcome> {
    let desk = store::load_desk(dir)?;
    let name = |p: &Path| {
        p.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    };
    let bytes = store::read_file(file)?;
    let english_file = match english {
        Some(path) => Some((name(path), store::read_file(path)?)),
        None => None,
    };
    let (mut story, warning) = import::story_from_files(
        &name(file),
        &bytes,
        english_file
            .as_ref()
            .map(|(n, b)| (n.as_str(), b.as_slice())),
        slug,
        Utc::now(),
    )?;
    let plan = import::ZawgyiPlan::for_story(&story);
    // Any row in Zawgyi makes the file a Zawgyi file, whatever the rest reads as.
    let found = plan.overall.map(|mut d| {
        if plan.found() {
            d.verdict = crate::script::zawgyi::Verdict::Zawgyi;
        }
        d
    });
    if convert_zawgyi(file, found, zawgyi, err)? {
        plan.apply(&mut story, !plan.found());
    }
    if let Some(warning) = warning {
        writeln!(err, "warning: {warning}")?;
    }
    let stem = file
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    if story.slug.is_empty() {
        bail!("cannot make a slug from \"{stem}\"; give one with --slug");
    }
    store::create_story(&desk.root, &story)?;
    writeln!(out, "{}", story.slug)?;
    Ok(Outcome::Exit(0))
}

fn import_into(
    dir: &Path,
    file: &Path,
    slug: &str,
    side: &str,
    zawgyi: Option<&str>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<Outcome> {
    let desk = store::load_desk(dir)?;
    let loaded = find_story(&desk, slug)?;
    let mut story = loaded.story;
    let bytes = store::read_file(file)?;
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let paragraphs = import::paragraphs(&name, &bytes)?;
    let edit = if side == "source" {
        let text: Vec<String> = paragraphs.into_iter().map(|p| p.text).collect();
        let mut text = text.join("\n\n");
        let found = crate::script::zawgyi::detect(&text);
        if convert_zawgyi(file, Some(found), zawgyi, err)? {
            text = crate::script::zawgyi::to_unicode(&text)
                .with_context(|| format!("{}", file.display()))?;
        }
        let (edit, summary) = workflow::refile_source(&story, &text);
        writeln!(
            out,
            "{slug}: {} row(s) changed, {} added, {} removed; flagged for the translator",
            summary.changed, summary.added, summary.removed
        )?;
        edit
    } else {
        let (edit, warning) = import::english_into(&story, paragraphs);
        if let Some(warning) = warning {
            writeln!(err, "warning: {warning}")?;
        }
        writeln!(out, "{slug}")?;
        edit
    };
    edit.apply(&mut story)?;
    if side == "source" {
        workflow::settle_after_refile(&mut story, "", Utc::now());
    }
    workflow::settle_after_edit(&mut story, "", Utc::now());
    story.modified = Utc::now();
    store::save_story(&desk.root, &story, loaded.fingerprint)?;
    Ok(Outcome::Exit(0))
}

fn history(dir: &Path, slug: &str, out: &mut dyn Write) -> anyhow::Result<Outcome> {
    let desk = store::load_desk(dir)?;
    let loaded = find_story(&desk, slug)?;
    for revision in &loaded.story.revisions {
        writeln!(
            out,
            "{}\t{}\t{}\t{}\t{}",
            revision.at.format("%Y-%m-%dT%H:%M:%SZ"),
            revision.by,
            revision.stage.key(),
            revision
                .fingerprint
                .get(..16)
                .unwrap_or(&revision.fingerprint),
            match &revision.note {
                Some(note) => format!("{} (note: {note})", revision.event),
                None => revision.event.clone(),
            },
        )?;
    }
    Ok(Outcome::Exit(0))
}

/// Loads a story, lets `act` change it as the named person, and saves it; a refusal is
/// printed with its reason and exits 1.
fn workflow_command(
    dir: &Path,
    slug: &str,
    name: &str,
    out: &mut dyn Write,
    err: &mut dyn Write,
    act: impl FnOnce(
        &mut Story,
        &[workflow::StageRule],
        &workflow::Actor,
    ) -> Result<(), workflow::WorkflowError>,
) -> anyhow::Result<Outcome> {
    let desk = store::load_desk(dir)?;
    let Some(actor) = workflow::actor_from_roster(&desk.settings, name) else {
        bail!(
            "\"{name}\" is not on the staff roster of {}; add them to desk.ron first",
            desk.root.display()
        );
    };
    let loaded = find_story(&desk, slug)?;
    let mut story = loaded.story;
    let rules = workflow::rules_for(&desk.settings);
    if let Err(refusal) = act(&mut story, &rules, &actor) {
        writeln!(err, "refused: {refusal}")?;
        return Ok(Outcome::Exit(1));
    }
    story.modified = story.revisions.last().map_or_else(Utc::now, |r| r.at);
    actor.name.clone_into(&mut story.modified_by);
    store::save_story(&desk.root, &story, loaded.fingerprint)?;
    if let Some(revision) = story.revisions.last() {
        writeln!(out, "{slug}: {} by {}", revision.event, revision.by)?;
    }
    Ok(Outcome::Exit(0))
}

/// The desk the window opens when none is given and none was used before: the sample desk
/// beside the working directory, else the one in the source tree this binary was built from.
#[must_use]
pub fn sample_desk() -> PathBuf {
    let local = PathBuf::from("projects").join("sample-desk");
    if local.join(store::DESK_FILE).is_file() {
        return local;
    }
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("projects")
        .join("sample-desk")
}
