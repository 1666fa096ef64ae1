//! Glossary terms: a term found in the row's source whose agreed English the row does not
//! use is a warning (the English may rightly say it another way, such as a pronoun); an
//! English variant the glossary forbids for a term of the source is an error.

use super::{Check, Finding, RowInput, Severity};
use crate::glossary::{Glossary, TermIndex, find_phrase};

/// Findings for the glossary terms of the row's source.
#[must_use]
pub fn check(row: &RowInput<'_>, glossary: &Glossary, index: &TermIndex) -> Vec<Finding> {
    if row.source.trim().is_empty() || index.is_empty() {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut reported: Vec<usize> = Vec::new();
    for hit in index.find(row.source) {
        let Some(term) = glossary.terms.get(hit.term) else {
            continue;
        };
        // Two terms with one English, or one term twice: one finding.
        if reported.contains(&hit.term) {
            continue;
        }
        reported.push(hit.term);
        let forbidden = term
            .forbidden
            .iter()
            .find_map(|f| find_phrase(row.english, f).map(|r| (f, r)));
        if let Some((variant, range)) = forbidden {
            out.push(Finding::english(
                row.row,
                Check::Terms,
                Severity::Error,
                format!(
                    "\"{variant}\" is not used for {}; the glossary says \"{}\"",
                    term.source, term.english
                ),
                Some(range),
            ));
        } else if find_phrase(row.english, &term.english).is_none() {
            out.push(Finding::source(
                row.row,
                Check::Terms,
                Severity::Warning,
                format!(
                    "{} is \"{}\" in the glossary; the English does not use it",
                    term.source, term.english
                ),
                Some(hit.range),
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::row;
    use super::*;
    use crate::glossary::Term;

    fn glossary() -> Glossary {
        let mut g = Glossary::new();
        g.terms.push(Term {
            source: "ရန်ကုန်".to_owned(),
            english: "Yangon".to_owned(),
            note: String::new(),
            forbidden: vec!["Rangoon".to_owned()],
            added_by: "A".to_owned(),
            added_at: chrono::DateTime::default(),
        });
        g
    }

    #[test]
    fn the_agreed_english_passes_and_a_forbidden_variant_is_an_error() {
        let g = glossary();
        let index = TermIndex::new(&g, "my");
        assert!(check(&row("ရန်ကုန်မြို့တွင်", "in Yangon"), &g, &index).is_empty());
        let found = check(&row("ရန်ကုန်မြို့တွင်", "in Rangoon"), &g, &index);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].severity, Severity::Error);
        assert_eq!(found[0].span, Some(3..10));
        let found = check(&row("ရန်ကုန်မြို့တွင်", "in the city"), &g, &index);
        assert_eq!(found[0].severity, Severity::Warning);
        assert_eq!(found[0].span, Some(0.."ရန်ကုန်".len()));
        // No term in the source: nothing, whatever the English says.
        assert!(check(&row("မန္တလေး", "Rangoon"), &g, &index).is_empty());
    }
}
