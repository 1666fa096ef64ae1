//! Team desks on the command line: `copydesk clone URL DIR`, `copydesk sync DIR`, and the
//! commit that records each change a command makes to a team desk, authored by the person
//! named with `--as`.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context as _;

use super::{Command, DeskAction, Outcome, StaffAction, check::GlossaryAction};
use crate::store::git::{self, Author};

/// The program git runs as the story merge driver: this one.
pub(super) fn this_program() -> anyhow::Result<PathBuf> {
    std::env::current_exe().context("could not find where this copydesk program is")
}

/// `copydesk clone URL DIR`.
pub(super) fn clone(url: &str, dir: &Path, out: &mut dyn Write) -> anyhow::Result<Outcome> {
    git::clone(url, dir, &this_program()?)?;
    writeln!(out, "joined the desk from {url} in {}", dir.display())?;
    Ok(Outcome::Exit(0))
}

/// `copydesk sync DIR [--as NAME] [--status]`.
pub(super) fn sync(
    dir: &Path,
    actor: Option<&str>,
    status_only: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<Outcome> {
    if status_only {
        let state = git::status(dir)?;
        writeln!(out, "{}", state.describe())?;
        return Ok(Outcome::Exit(0));
    }
    let name = match actor {
        Some(name) => name.to_owned(),
        None => machine_name(dir),
    };
    let author = Author::for_person(dir, &name);
    let report = git::sync(dir, &author, &this_program()?, &mut |step| {
        let _ = writeln!(err, "{}", step.label());
    })?;
    writeln!(out, "{}", report.describe())?;
    for slug in report.changed_stories() {
        writeln!(out, "changed\t{slug}")?;
    }
    Ok(Outcome::Exit(0))
}

/// Who a sync without `--as` is by: git's `user.name` for the desk, else this computer.
fn machine_name(dir: &Path) -> String {
    std::process::Command::new("git")
        .current_dir(dir)
        .args(["config", "user.name"])
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| format!("Copydesk on {}", crate::store::this_host()))
}

/// The commit a changing command makes on a team desk: the desk, who, and what in words.
pub(super) struct CommitPlan {
    dir: PathBuf,
    actor: String,
    message: String,
}

/// The commit `command` makes when it succeeds, if it changes a desk.
pub(super) fn commit_plan(command: &Command) -> Option<CommitPlan> {
    let plan = |dir: &PathBuf, actor: &String, message: String| {
        Some(CommitPlan {
            dir: dir.clone(),
            actor: actor.clone(),
            message,
        })
    };
    match command {
        Command::Stage {
            dir,
            slug,
            to,
            actor,
            ..
        } => plan(dir, actor, format!("{slug}: moved to {to}")),
        Command::SignOff {
            dir, slug, actor, ..
        } => plan(dir, actor, format!("{slug}: signed off")),
        Command::Assign {
            dir,
            slug,
            name,
            actor,
        } => plan(
            dir,
            actor,
            format!(
                "{slug}: assigned to {}",
                name.as_deref().unwrap_or("nobody")
            ),
        ),
        Command::FixSource {
            dir,
            slug,
            row,
            actor,
            ..
        } => plan(dir, actor, format!("{slug}: source of {row} fixed")),
        Command::Import {
            dir,
            file,
            actor,
            into,
            ..
        } => plan(
            dir,
            actor,
            match into {
                Some(slug) => format!("{slug}: imported {}", file.display()),
                None => format!("filed from {}", file.display()),
            },
        ),
        Command::Accept {
            dir,
            slug,
            row,
            check,
            actor,
            ..
        } => plan(dir, actor, format!("{slug}: {check} on {row} accepted")),
        Command::Staff {
            action: StaffAction::Add {
                dir, name, actor, ..
            },
        } => plan(dir, actor, format!("roster: {name} added")),
        Command::Staff {
            action: StaffAction::Remove { dir, name, actor },
        } => plan(dir, actor, format!("roster: {name} removed")),
        Command::Staff {
            action: StaffAction::SetRoles {
                dir, name, actor, ..
            },
        } => plan(dir, actor, format!("roster: {name}'s roles changed")),
        Command::Staff {
            action: StaffAction::SetKey {
                dir, name, actor, ..
            },
        } => plan(dir, actor, format!("roster: {name}'s SSH key changed")),
        Command::Staff {
            action: StaffAction::SetEmail {
                dir, name, actor, ..
            },
        } => plan(
            dir,
            actor,
            format!("roster: {name}'s email address changed"),
        ),
        Command::Desk {
            action:
                DeskAction::Set {
                    dir,
                    key,
                    value,
                    actor,
                },
        } => plan(dir, actor, format!("settings: {key} set to {value}")),
        Command::Glossary {
            action: GlossaryAction::Import {
                dir, file, actor, ..
            },
        } => plan(dir, actor, format!("glossary: imported {}", file.display())),
        Command::Glossary {
            action: GlossaryAction::Add {
                dir, source, actor, ..
            },
        } => plan(dir, actor, format!("glossary: {source} added")),
        Command::Glossary {
            action: GlossaryAction::AddWord { dir, word, actor },
        } => plan(dir, actor, format!("word list: {word} added")),
        _ => None,
    }
}

impl CommitPlan {
    /// Commits what the command wrote, as the person who made it (nothing happens on a desk
    /// that is not a git clone). A commit that fails is a warning: the change is on disk,
    /// and the next sync commits it.
    pub(super) fn commit(&self, err: &mut dyn Write) {
        let author = Author::for_person(&self.dir, &self.actor);
        if let Err(e) = git::commit(&self.dir, &author, &self.message) {
            let _ = writeln!(
                err,
                "warning: the change is saved but not committed ({e}); the next sync commits it"
            );
        }
    }
}
