//! English identical to the source: the source pasted into the English, or a row never
//! translated. A row of only numbers, codes or names in Latin letters may well be the same
//! in both languages, so only a source with letters of its own script counts.

use super::{Check, Finding, RowInput, Severity};

/// An error when the English is the source again.
#[must_use]
pub fn check(row: &RowInput<'_>) -> Vec<Finding> {
    let (source, english) = (row.source.trim(), row.english.trim());
    let own_letters = source.chars().any(|c| c.is_alphabetic() && !c.is_ascii());
    if !source.is_empty() && source == english && own_letters {
        return vec![Finding::english(
            row.row,
            Check::Identical,
            Severity::Error,
            "the English is the source text, untranslated".to_owned(),
            Some(0..row.english.len()),
        )];
    }
    Vec::new()
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::row;
    use super::*;

    #[test]
    fn the_source_pasted_as_english_is_found() {
        assert_eq!(check(&row("ရန်ကုန်မြို့", " ရန်ကုန်မြို့ ")).len(), 1);
        assert!(check(&row("ရန်ကုန်မြို့", "Yangon")).is_empty());
        // Codes and numbers are the same in every language.
        assert!(check(&row("COVID-19", "COVID-19")).is_empty());
    }
}
