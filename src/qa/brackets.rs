//! Quotes and brackets that do not pair: `( )`, `[ ]`, `{ }`, curly double quotes `“ ”`,
//! single `‘ ’` (a `’` with no `‘` open is an apostrophe), and straight double quotes, which
//! must come in twos. A closing mark with nothing open, a mark closing another's opening,
//! and a mark left open are each a warning at the mark.

use super::{Check, Finding, RowInput, Severity};

fn partner(close: char) -> Option<char> {
    match close {
        ')' => Some('('),
        ']' => Some('['),
        '}' => Some('{'),
        '”' => Some('“'),
        '’' => Some('‘'),
        _ => None,
    }
}

/// A warning for the first mark that does not pair, and for each left open.
#[must_use]
pub fn check(row: &RowInput<'_>) -> Vec<Finding> {
    let text = row.english;
    let mut open: Vec<(char, usize)> = Vec::new();
    let mut out = Vec::new();
    let warn = |reason: String, at: usize, c: char| {
        Finding::english(
            row.row,
            Check::Brackets,
            Severity::Warning,
            reason,
            Some(at..at + c.len_utf8()),
        )
    };
    let mut straight: Vec<usize> = Vec::new();
    for (at, c) in text.char_indices() {
        match c {
            '(' | '[' | '{' | '“' | '‘' => open.push((c, at)),
            '"' => straight.push(at),
            ')' | ']' | '}' | '”' | '’' => {
                let Some(want) = partner(c) else { continue };
                if c == '’' && !open.iter().any(|&(o, _)| o == '‘') {
                    // An apostrophe.
                    continue;
                }
                match open.iter().rposition(|&(o, _)| o == want) {
                    Some(i) if i == open.len() - 1 => {
                        open.pop();
                    }
                    Some(i) => {
                        let (inner, inner_at) = open[open.len() - 1];
                        out.push(warn(
                            format!("{inner} is closed by {c} before its own partner"),
                            inner_at,
                            inner,
                        ));
                        open.truncate(i);
                    }
                    None => out.push(warn(format!("{c} with nothing open before it"), at, c)),
                }
            }
            _ => {}
        }
    }
    for (c, at) in open {
        out.push(warn(format!("{c} is never closed"), at, c));
    }
    if straight.len() % 2 == 1
        && let Some(&at) = straight.last()
    {
        out.push(warn(
            "an odd number of \" marks: one is not closed".to_owned(),
            at,
            '"',
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::row;
    use super::*;

    #[test]
    fn paired_marks_and_apostrophes_pass() {
        for ok in [
            "“We lost everything,” she said (in Sagaing).",
            "The junta’s “plan” [sic] {x} ‘quoted’ and \"straight\".",
            "It’s the people’s day.",
        ] {
            assert!(check(&row("x", ok)).is_empty(), "{ok}");
        }
    }

    #[test]
    fn unpaired_marks_are_found() {
        let found = check(&row("x", "“We lost everything, she said."));
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].reason, "“ is never closed");
        assert_eq!(found[0].span, Some(0..3));
        let found = check(&row("x", "she said) and \"then"));
        let reasons: Vec<&str> = found.iter().map(|f| f.reason.as_str()).collect();
        assert_eq!(
            reasons,
            [
                ") with nothing open before it",
                "an odd number of \" marks: one is not closed"
            ]
        );
        let found = check(&row("x", "(a [b) c"));
        assert_eq!(found[0].reason, "[ is closed by ) before its own partner");
    }
}
