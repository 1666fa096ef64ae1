//! The QA tab of the side panel: the open story's findings grouped by severity, each naming
//! its row, check and reason; a click selects the span in the row; "Accept…" keeps a
//! finding out with a reason. Findings are worked out per changed row after each edit, so
//! the cost of typing is one row's, not the story's; "Check again" runs every row.

use std::collections::HashMap;
use std::hash::{Hash as _, Hasher as _};

use egui::{RichText, Ui};

use crate::command::Command;
use crate::model::{RowRef, Story};
use crate::qa::{self, Check, DeskChecks, Finding, Severity, StoryFacts};
use crate::ui::theme;

/// A row's findings and the text they were worked out for.
#[derive(Debug)]
struct RowFindings {
    text: u64,
    english: String,
    findings: Vec<Finding>,
}

/// The panel's state: findings per row, the story's facts, and a finding being accepted.
#[derive(Debug, Default)]
pub struct QaPanel {
    rows: HashMap<RowRef, RowFindings>,
    facts: StoryFacts,
    /// The story revision and checks generation the findings are for.
    checked: Option<(u64, u64)>,
    /// The finding being accepted: its row and check, and the reason typed so far.
    accepting: Option<(RowRef, Check, String)>,
    /// The findings in row order, errors first, without accepted ones.
    shown: Vec<Finding>,
}

fn text_hash(source: &str, english: &str) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    source.hash(&mut h);
    english.hash(&mut h);
    h.finish()
}

impl QaPanel {
    /// Brings the findings up to date with the story: only rows whose text changed since
    /// the last look are checked again. `generation` changes when the glossary or speller
    /// changed (everything is checked again then).
    pub fn refresh(&mut self, checks: &DeskChecks, generation: u64, story: &Story, revision: u64) {
        if self.checked == Some((revision, generation)) {
            return;
        }
        if self.checked.map(|(_, g)| g) != Some(generation) {
            self.rows.clear();
            self.facts = StoryFacts::of(story);
        }
        let desk = checks.qa();
        let mut seen = std::collections::HashSet::new();
        let mut changed = Vec::new();
        // Whether a name came into the story or left it: then a name spelled two ways may
        // have appeared or gone in rows that did not change.
        let mut names_changed = false;
        for (row, text) in qa::checked_rows(story) {
            seen.insert(row);
            let hash = text_hash(&text.source, &text.english);
            match self.rows.get(&row) {
                Some(known) if known.text == hash => {}
                Some(known) => {
                    names_changed |= self.facts.replace(&known.english, &text.english);
                    changed.push(row);
                }
                None => {
                    if self.checked.is_some() {
                        names_changed |= self.facts.add(&text.english);
                    }
                    changed.push(row);
                }
            }
        }
        // Rows removed from the story take their names with them.
        let gone: Vec<RowRef> = self
            .rows
            .keys()
            .filter(|r| !seen.contains(r))
            .copied()
            .collect();
        for row in gone {
            if let Some(old) = self.rows.remove(&row) {
                names_changed |= self.facts.remove(&old.english);
            }
        }
        if names_changed {
            // One check on the other rows (about 3 µs a row), not all of them.
            for (row, text) in qa::checked_rows(story) {
                if changed.contains(&row) {
                    continue;
                }
                if let Some(known) = self.rows.get_mut(&row) {
                    let input = qa::RowInput {
                        row,
                        source: &text.source,
                        english: &text.english,
                        script: crate::script::Script::for_language(desk.source_language),
                    };
                    known.findings.retain(|f| f.check != Check::Names);
                    known.findings.extend(qa::names::check(&input, &self.facts));
                }
            }
        }
        for row in changed {
            if let Some(text) = story.row(row) {
                let findings = qa::check_row(&desk, &self.facts, row, text);
                self.rows.insert(
                    row,
                    RowFindings {
                        text: text_hash(&text.source, &text.english),
                        english: text.english.clone(),
                        findings,
                    },
                );
            }
        }
        self.shown.clear();
        for (row, text) in qa::checked_rows(story) {
            if let Some(found) = self.rows.get(&row) {
                self.shown.extend(qa::without_accepted(
                    story,
                    row,
                    text,
                    found.findings.clone(),
                ));
            }
        }
        self.shown.sort_by_key(|f| f.severity);
        self.checked = Some((revision, generation));
    }

    /// Forgets every finding, so the next look checks every row (names across rows
    /// included).
    pub fn check_again(&mut self) {
        self.checked = None;
        self.rows.clear();
    }

    /// Errors and warnings shown.
    #[must_use]
    pub fn counts(&self) -> (usize, usize) {
        qa::counts(&self.shown)
    }

    /// The panel. `who` is the person's name (for accepting), `None` when they may not.
    pub fn ui(
        &mut self,
        ui: &mut Ui,
        story: &Story,
        notice: Option<&str>,
        who: Option<&str>,
        commands: &mut Vec<Command>,
    ) {
        let (errors, warnings) = self.counts();
        ui.horizontal(|ui| {
            ui.label(RichText::new(format!("{errors} error(s), {warnings} warning(s)")).strong());
            if ui
                .button("Check again")
                .on_hover_text("Run every check on every row")
                .clicked()
            {
                self.check_again();
            }
        });
        if let Some(notice) = notice {
            ui.label(RichText::new(notice).small().weak());
        }
        if self.shown.is_empty() {
            ui.label("No findings: the checks found nothing to look at.");
            return;
        }
        egui::ScrollArea::vertical()
            .auto_shrink([false, false])
            .show(ui, |ui| {
                for severity in [Severity::Error, Severity::Warning] {
                    let group: Vec<Finding> = self
                        .shown
                        .iter()
                        .filter(|f| f.severity == severity)
                        .cloned()
                        .collect();
                    if group.is_empty() {
                        continue;
                    }
                    let title = match severity {
                        Severity::Error => format!("Errors ({})", group.len()),
                        Severity::Warning => format!("Warnings ({})", group.len()),
                    };
                    ui.add_space(4.0);
                    ui.label(RichText::new(title).strong().color(match severity {
                        Severity::Error => theme::error_color(),
                        Severity::Warning => theme::warning_color(),
                    }));
                    for finding in &group {
                        self.finding_ui(ui, story, finding, who, commands);
                    }
                }
            });
    }

    fn finding_ui(
        &mut self,
        ui: &mut Ui,
        story: &Story,
        finding: &Finding,
        who: Option<&str>,
        commands: &mut Vec<Command>,
    ) {
        let row_name = crate::model::row_name(story, finding.row);
        ui.horizontal_wrapped(|ui| {
            let link = ui
                .link(format!("{row_name} · {}", finding.check.key()))
                .on_hover_text("Go to the row and select what was found");
            if link.clicked() {
                commands.push(Command::SelectFinding {
                    row: finding.row,
                    side: finding.side,
                    span: finding.span.clone(),
                });
            }
            ui.label(&finding.reason);
            let accepting = self
                .accepting
                .as_ref()
                .is_some_and(|(r, c, _)| *r == finding.row && *c == finding.check);
            if who.is_some() && !accepting && ui.small_button("Accept…").clicked() {
                self.accepting = Some((finding.row, finding.check, String::new()));
            }
        });
        let Some((row, check, reason)) = &mut self.accepting else {
            return;
        };
        if *row != finding.row || *check != finding.check {
            return;
        }
        let (row, check) = (*row, *check);
        let mut done = false;
        ui.horizontal(|ui| {
            let label = ui.label("Why it stands:");
            ui.add(
                egui::TextEdit::singleline(reason)
                    .hint_text("kept with the story")
                    .desired_width(220.0),
            )
            .labelled_by(label.id);
            let ok = ui.add_enabled(!reason.trim().is_empty(), egui::Button::new("Accept"));
            if ok.clicked()
                && let Some(who) = who
                && let Ok(edit) =
                    qa::accept_edit(story, row, check, reason, who, chrono::Utc::now())
            {
                commands.push(Command::Apply {
                    slug: story.slug.clone(),
                    edit,
                    label: "accept a QA finding".to_owned(),
                    row: Some(row),
                });
                done = true;
            }
            if ui.button("Cancel").clicked() {
                done = true;
            }
        });
        if done {
            self.accepting = None;
        }
    }
}
