//! The Matches tab of the side panel: the closest earlier translations of the active row
//! from the desk's memory (Ctrl+1..5 puts one in), and the concordance search (Ctrl+K).

use egui::text::LayoutJob;
use egui::{RichText, TextFormat, Ui};

use crate::command::Command;
use crate::model::{RowRef, Story};
use crate::tm::{self, Hit, Lookup, Match, Memory, Origin, Penalty};
use crate::ui::theme;

/// The panel's own state: what it found for which row, and the search box.
#[derive(Debug, Default)]
pub struct MatchesPanel {
    /// The row, its source and the memory's generation the matches are for.
    found_for: Option<(RowRef, String, u64)>,
    matches: Vec<Match>,
    search: String,
    hits_for: Option<(String, u64)>,
    hits: Vec<Hit>,
    focus_search: bool,
}

/// The most matches listed (and reachable by Ctrl+1..5).
pub const SHOWN: usize = 5;

/// What matches are looked up for: the row, its source and the memory's generation.
pub type LookupKey = (RowRef, String, u64);

/// The panel's lookup of a row of a story: [`SHOWN`] matches from 50%, the row's own
/// earlier entry left out. The window's worker makes the same call.
#[must_use]
pub fn lookup_row(memory: &Memory, slug: &str, row: RowRef, source: &str) -> Vec<Match> {
    let how = Lookup {
        limit: SHOWN,
        // The row itself, as confirmed before, is not a match for itself.
        exclude_row: Some((slug, row)),
        ..Lookup::default()
    };
    memory.lookup(source, &how)
}

impl MatchesPanel {
    /// The row, source and memory generation the panel needs matches for, when what it
    /// shows is for another (the window then looks them up, at once or on its worker).
    #[must_use]
    pub fn wanted(&self, generation: u64, story: &Story, row: RowRef) -> Option<LookupKey> {
        // Asked every frame the tab shows: compared before anything is copied.
        let source = story.row(row).map_or("", |r| r.source.as_str());
        let current = self
            .found_for
            .as_ref()
            .is_some_and(|(r, s, g)| *r == row && s == source && *g == generation);
        (!current).then(|| (row, source.to_owned(), generation))
    }

    /// Takes the matches looked up for a key.
    pub fn answer(&mut self, key: LookupKey, matches: Vec<Match>) {
        self.matches = matches;
        self.found_for = Some(key);
    }

    /// Looks the active row up again, here and now, when the row, its source or the memory
    /// changed (Ctrl+1..5 needs the matches before it can put one in).
    pub fn refresh(
        &mut self,
        memory: &Memory,
        generation: u64,
        slug: &str,
        story: &Story,
        row: RowRef,
    ) {
        if let Some(key) = self.wanted(generation, story, row) {
            let matches = lookup_row(memory, slug, row, &key.1);
            self.answer(key, matches);
        }
    }

    /// The English of match `n` (from 0), as it would be put in.
    #[must_use]
    pub fn english_of(&self, memory: &Memory, n: usize) -> Option<String> {
        let m = self.matches.get(n)?;
        let entry = memory.entry(m.entry)?;
        Some(entry.english.get(m.english.clone())?.trim().to_owned())
    }

    /// Puts the search box in focus with a phrase (Ctrl+K on a selection).
    pub fn search_for(&mut self, phrase: &str) {
        if !phrase.trim().is_empty() {
            phrase.trim().clone_into(&mut self.search);
        }
        self.focus_search = true;
    }

    /// The panel. `can_type` is whether the person may change the row's English now.
    #[expect(clippy::too_many_arguments, reason = "what the panel shows, passed in")]
    pub fn ui(
        &mut self,
        ui: &mut Ui,
        memory: Option<&Memory>,
        generation: u64,
        story: &Story,
        row: RowRef,
        can_type: bool,
        commands: &mut Vec<Command>,
    ) {
        let Some(memory) = memory else {
            ui.label("Reading the desk's memory…");
            return;
        };
        let source = story.row(row).map(|r| r.source.clone()).unwrap_or_default();
        ui.label(
            RichText::new(format!("Memory: {} entries", memory.len()))
                .small()
                .weak(),
        );
        // Matches for this row and source (perhaps from before the memory last changed,
        // until the new lookup comes back); for another row, none yet.
        let current = self
            .found_for
            .as_ref()
            .is_some_and(|(r, s, _)| *r == row && *s == source);
        if !current {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label("Looking up this row…");
            });
        } else if self.matches.is_empty() {
            ui.label("No earlier translation of this row scores 50% or more.");
        }
        let shown = if current {
            self.matches.clone()
        } else {
            Vec::new()
        };
        for (n, m) in shown.iter().enumerate() {
            let Some(entry) = memory.entry(m.entry) else {
                continue;
            };
            ui.separator();
            ui.horizontal(|ui| {
                ui.label(RichText::new(format!("{}%", m.score)).strong())
                    .on_hover_text(score_explained(m));
                if !m.part.is_whole() {
                    ui.label(
                        RichText::new(format!("sentence {} of {}", m.part.sentence, m.part.of))
                            .small(),
                    );
                }
                for p in &m.penalties {
                    ui.label(RichText::new(penalty_text(p)).small().weak());
                }
                let put_in = ui
                    .add_enabled(
                        can_type,
                        egui::Button::new(format!("Use (Ctrl+{})", n + 1)).small(),
                    )
                    .on_hover_text("Put this English into the row (undo with Ctrl+Z)");
                if put_in.clicked() {
                    commands.push(Command::UseMatch(n));
                }
            });
            let earlier = entry
                .source
                .get(m.earlier.range.clone())
                .unwrap_or_default();
            let ours = source.get(m.part.range.clone()).unwrap_or_default();
            let job = highlighted(
                ui,
                earlier,
                &tm::differences(ours, earlier),
                theme::source_font(),
            );
            ui.add(egui::Label::new(job).wrap())
                .on_hover_text("Earlier source; what differs from this row is marked");
            let english = entry.english.get(m.english.clone()).unwrap_or_default();
            ui.add(egui::Label::new(RichText::new(english).font(theme::english_font())).wrap());
            ui.label(RichText::new(origin_line(entry)).small().weak());
        }
        ui.separator();
        let label = ui.label(RichText::new("Search the memory").strong());
        let field = ui
            .add(
                egui::TextEdit::singleline(&mut self.search)
                    .hint_text("a phrase in either language (Ctrl+K)")
                    .desired_width(f32::INFINITY),
            )
            .labelled_by(label.id);
        if std::mem::take(&mut self.focus_search) {
            field.request_focus();
        }
        let key = (self.search.trim().to_owned(), generation);
        if self.hits_for.as_ref() != Some(&key) {
            self.hits = memory.concordance(&key.0, 50);
            self.hits_for = Some(key);
        }
        if !self.search.trim().is_empty() && self.hits.is_empty() {
            ui.label("Not found in the memory.");
        }
        for hit in &self.hits {
            let Some(entry) = memory.entry(hit.entry) else {
                continue;
            };
            ui.separator();
            let found = [tm::Difference {
                range: hit.range.clone(),
                number: false,
            }];
            let (in_source, in_english): (&[tm::Difference], &[tm::Difference]) = if hit.in_source {
                (&found, &[])
            } else {
                (&[], &found)
            };
            let source = highlighted(ui, &entry.source, in_source, theme::source_font());
            ui.add(egui::Label::new(source).wrap());
            let english = highlighted(ui, &entry.english, in_english, theme::english_font());
            ui.add(egui::Label::new(english).wrap());
            let line = origin_line(entry);
            if let Origin::Story { slug: other, row } = &entry.origin {
                if ui
                    .link(RichText::new(format!("Open {line}")).small())
                    .on_hover_text("Open this story")
                    .clicked()
                {
                    commands.push(Command::OpenStoryAt(other.to_string(), *row));
                }
            } else {
                ui.label(RichText::new(line).small().weak());
            }
        }
    }
}

/// Text with some spans marked: differing numbers in the error colour, other spans on the
/// warning colour's background.
fn highlighted(ui: &Ui, text: &str, spans: &[tm::Difference], font: egui::FontId) -> LayoutJob {
    let plain = TextFormat {
        font_id: font,
        color: ui.visuals().text_color(),
        ..TextFormat::default()
    };
    let mut job = LayoutJob::default();
    let mut at = 0;
    let mut spans: Vec<&tm::Difference> = spans.iter().collect();
    spans.sort_by_key(|d| d.range.start);
    for span in spans {
        if span.range.start < at || span.range.end > text.len() {
            continue;
        }
        job.append(&text[at..span.range.start], 0.0, plain.clone());
        let mut marked = plain.clone();
        if span.number {
            marked.color = theme::error_color();
            marked.underline = egui::Stroke::new(1.5, theme::error_color());
        } else {
            marked.background = theme::warning_color().gamma_multiply(0.35);
        }
        job.append(&text[span.range.clone()], 0.0, marked);
        at = span.range.end;
    }
    job.append(&text[at..], 0.0, plain);
    job.wrap.max_width = ui.available_width();
    job
}

fn penalty_text(p: &Penalty) -> String {
    match p {
        Penalty::Imported { name, points } => format!("{name} −{points}"),
        Penalty::Unreviewed => "unreviewed −1".to_owned(),
        Penalty::SentenceAligned => "sentence-aligned −1".to_owned(),
    }
}

fn score_explained(m: &Match) -> String {
    let mut text = format!("{}% before penalties", m.raw);
    for p in &m.penalties {
        text.push_str(&format!("; {}", penalty_text(p)));
    }
    text
}

fn origin_line(entry: &tm::Entry) -> String {
    let place = match &entry.origin {
        Origin::Story { slug, .. } => slug.to_string(),
        Origin::File { name } => format!("imported: {name}"),
    };
    let who = if entry.author.is_empty() {
        String::new()
    } else {
        format!(" · {}", entry.author)
    };
    format!("{place}{who} · {}", entry.time.format("%Y-%m-%d"))
}
