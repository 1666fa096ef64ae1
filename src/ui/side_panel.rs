//! The side panel's tab strip: matches from the memory, glossary terms, QA findings,
//! credits, preview, comments and history of the open story.
//! The app shows the chosen tab's panel below it.

use egui::Ui;

/// The tabs of the side panel.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SideTab {
    /// Dateline, contributors and the credit line.
    Credits,
    /// The story as it will publish.
    Preview,
    /// Comment threads.
    Comments,
    /// Revisions and their differences.
    History,
    /// Earlier translations of the active row, and the concordance search.
    Matches,
    /// Glossary terms in the active row's source.
    Terms,
    /// Quality-check findings of the story.
    Qa,
}

/// The tab strip; the comments tab counts the open threads, the QA tab the errors and
/// warnings.
pub fn tabs_ui(ui: &mut Ui, tab: &mut SideTab, open_comments: usize, qa: (usize, usize)) {
    ui.horizontal_wrapped(|ui| {
        ui.selectable_value(tab, SideTab::Matches, "Matches");
        ui.selectable_value(tab, SideTab::Terms, "Terms");
        let qa_label = match qa {
            (0, 0) => "QA".to_owned(),
            (errors, warnings) => format!("QA ({errors}/{warnings})"),
        };
        ui.selectable_value(tab, SideTab::Qa, qa_label)
            .on_hover_text("Quality checks: errors / warnings");
        ui.selectable_value(tab, SideTab::Credits, "Credits");
        ui.selectable_value(tab, SideTab::Preview, "Preview");
        let comments = if open_comments > 0 {
            format!("Comments ({open_comments})")
        } else {
            "Comments".to_owned()
        };
        ui.selectable_value(tab, SideTab::Comments, comments);
        ui.selectable_value(tab, SideTab::History, "History");
    });
}
