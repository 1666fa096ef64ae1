//! A row with source text and no English (or only spaces) is not translated yet.

use super::{Check, Finding, RowInput, Severity};

/// An error when the row has source and no English.
#[must_use]
pub fn check(row: &RowInput<'_>) -> Vec<Finding> {
    if !row.source.trim().is_empty() && row.english.trim().is_empty() {
        let reason = if row.english.is_empty() {
            "no English yet".to_owned()
        } else {
            "the English is only spaces".to_owned()
        };
        return vec![Finding::english(
            row.row,
            Check::Untranslated,
            Severity::Error,
            reason,
            None,
        )];
    }
    Vec::new()
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::row;
    use super::*;

    #[test]
    fn empty_english_is_found_and_a_row_without_source_is_not() {
        assert_eq!(check(&row("ရန်ကုန်", "")).len(), 1);
        assert_eq!(
            check(&row("ရန်ကုန်", "  \n"))[0].reason,
            "the English is only spaces"
        );
        assert!(check(&row("ရန်ကုန်", "Yangon")).is_empty());
        // A writer's context paragraph has no source: nothing to translate.
        assert!(check(&row("", "")).is_empty());
    }
}
