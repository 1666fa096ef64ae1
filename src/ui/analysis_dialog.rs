//! Story > Analyse and pre-translate…: how much of the open story the desk's memory already
//! holds, by match band (rows and syllables), and pre-translation of its untranslated rows
//! at or above a score. Long work runs a slice per frame under a progress bar.

use egui::RichText;

use crate::command::Command;
use crate::model::{RowRef, Story};
use crate::script::Script;
use crate::tm::Memory;
use crate::tm::analysis::{Analyser, BANDS, Filled, pretranslate_row, untranslated_rows};

/// How long a frame may spend on the work, in seconds.
const SLICE: f64 = 0.008;

/// What the dialog is doing.
#[derive(Debug)]
enum Work {
    /// Counting rows by band.
    Analysing { next: usize },
    /// Waiting for the person.
    Idle,
    /// Looking for the untranslated rows' best matches.
    Pretranslating {
        rows: Vec<(RowRef, String)>,
        next: usize,
        filled: Vec<Filled>,
    },
}

/// UI state of the dialog.
#[derive(Debug)]
pub struct AnalysisDialog {
    slug: String,
    sources: Vec<String>,
    analyser: Analyser,
    work: Work,
    min: u8,
    /// What the last pre-translation did, in words.
    done: Option<String>,
}

impl AnalysisDialog {
    /// The dialog for a story, whose source is in `language`.
    #[must_use]
    pub fn new(slug: &str, story: &Story, language: &str) -> Self {
        Self {
            slug: slug.to_owned(),
            sources: story.text_rows().map(|r| r.source.clone()).collect(),
            analyser: Analyser::new(Script::for_language(language), Some(slug)),
            work: Work::Analysing { next: 0 },
            min: 75,
            done: None,
        }
    }

    /// Does a slice of the work (when the memory is there). `story` is the story now, for
    /// pre-translation.
    pub fn step(
        &mut self,
        memory: Option<&Memory>,
        story: Option<&Story>,
        commands: &mut Vec<Command>,
    ) {
        let Some(memory) = memory else {
            return;
        };
        let started = std::time::Instant::now();
        let in_time = || started.elapsed().as_secs_f64() < SLICE;
        match &mut self.work {
            Work::Analysing { next } => {
                while *next < self.sources.len() && in_time() {
                    self.analyser.add(memory, &self.sources[*next]);
                    *next += 1;
                }
                if *next >= self.sources.len() {
                    self.work = Work::Idle;
                }
            }
            Work::Pretranslating { rows, next, filled } => {
                while *next < rows.len() && in_time() {
                    let (row, source) = &rows[*next];
                    if let Some(f) = pretranslate_row(memory, &self.slug, *row, source, self.min) {
                        filled.push(f);
                    }
                    *next += 1;
                }
                if *next >= rows.len() {
                    let mut filled = std::mem::take(filled);
                    // Rows typed into or removed while the work ran are left as they are.
                    filled.retain(|f| {
                        story.and_then(|s| s.row(f.row)).is_some_and(|r| {
                            r.english.trim().is_empty()
                                && r.status == crate::model::RowStatus::Untranslated
                        })
                    });
                    let looked = rows.len();
                    self.done = Some(format!(
                        "{} of {looked} untranslated row(s) pre-translated at {}% or more; each stays a draft marked \"pre-translated\" until someone confirms it.",
                        filled.len(),
                        self.min
                    ));
                    if let Some(edit) = crate::tm::analysis::pretranslation_edit(&filled) {
                        commands.push(Command::Apply {
                            slug: self.slug.clone(),
                            edit,
                            label: "pre-translate".to_owned(),
                            row: None,
                        });
                    }
                    self.work = Work::Idle;
                }
            }
            Work::Idle => {}
        }
    }

    /// Whether there is work left (the window should draw again soon).
    #[must_use]
    pub fn is_busy(&self) -> bool {
        !matches!(self.work, Work::Idle)
    }

    /// Shows the dialog; returns `false` once it is closed. `can_translate`: whether the
    /// person may change the story's English now.
    pub fn ui(
        &mut self,
        ctx: &egui::Context,
        memory_ready: bool,
        story: Option<&Story>,
        can_translate: bool,
    ) -> bool {
        let mut open = true;
        let mut close = false;
        egui::Window::new(format!("Analysis of {}", self.slug))
            .open(&mut open)
            .collapsible(false)
            .default_width(460.0)
            .show(ctx, |ui| {
                if !memory_ready {
                    ui.label("Reading the desk's memory…");
                }
                let analysis = self.analyser.analysis();
                if let Work::Analysing { next } = self.work {
                    ui.add(
                        egui::ProgressBar::new(next as f32 / self.sources.len().max(1) as f32)
                            .text(format!("{next} of {} rows", self.sources.len())),
                    );
                }
                egui::Grid::new("bands").striped(true).show(ui, |ui| {
                    ui.label(RichText::new("Match").strong());
                    ui.label(RichText::new("Rows").strong());
                    ui.label(RichText::new(analysis.unit_name).strong());
                    ui.end_row();
                    for (band, tally) in BANDS.iter().zip(analysis.bands) {
                        ui.label(band.2);
                        ui.label(tally.rows.to_string());
                        ui.label(tally.units.to_string());
                        ui.end_row();
                    }
                    ui.label("Repetitions");
                    ui.label(analysis.repetitions.rows.to_string());
                    ui.label(analysis.repetitions.units.to_string());
                    ui.end_row();
                    ui.label(RichText::new("Total").strong());
                    ui.label(analysis.total.rows.to_string());
                    ui.label(analysis.total.units.to_string());
                    ui.end_row();
                });
                ui.separator();
                ui.horizontal(|ui| {
                    let label = ui.label("Pre-translate untranslated rows at or above");
                    ui.add(egui::DragValue::new(&mut self.min).range(50..=100).suffix("%"))
                        .labelled_by(label.id);
                });
                if let Work::Pretranslating { rows, next, .. } = &self.work {
                    ui.add(
                        egui::ProgressBar::new(*next as f32 / rows.len().max(1) as f32)
                            .text(format!("{next} of {} rows", rows.len())),
                    );
                }
                let ready = memory_ready && !self.is_busy() && can_translate;
                ui.horizontal(|ui| {
                    if ui
                        .add_enabled(ready, egui::Button::new("Pre-translate"))
                        .on_hover_text("Fills each untranslated row with its best match as a draft; nothing is confirmed")
                        .clicked()
                        && let Some(story) = story
                    {
                        self.done = None;
                        self.work = Work::Pretranslating {
                            rows: untranslated_rows(story),
                            next: 0,
                            filled: Vec::new(),
                        };
                    }
                    if ui.button("Close").clicked() {
                        close = true;
                    }
                });
                if !can_translate {
                    ui.label(RichText::new("You may not change this story's English now.").small().weak());
                }
                if let Some(done) = &self.done {
                    ui.label(done);
                }
            });
        crate::ui::dialog_stays(ctx, open, close)
    }
}
