//! The side panel's tab strip: matches from the memory, credits, preview, comments and
//! history of the open story.
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
}

/// The tab strip; the comments tab counts the open threads.
pub fn tabs_ui(ui: &mut Ui, tab: &mut SideTab, open_comments: usize) {
    ui.horizontal(|ui| {
        ui.selectable_value(tab, SideTab::Matches, "Matches");
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
