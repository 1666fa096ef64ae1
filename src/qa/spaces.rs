//! Spaces in the English: two or more in a row, or any at the start or end of the row.

use super::{Check, Finding, RowInput, Severity};

/// A warning for each run of two or more spaces, and for spaces at either end.
#[must_use]
pub fn check(row: &RowInput<'_>) -> Vec<Finding> {
    let text = row.english;
    let mut out = Vec::new();
    let warn = |reason: &str, span| {
        Finding::english(
            row.row,
            Check::Spaces,
            Severity::Warning,
            reason.to_owned(),
            Some(span),
        )
    };
    let start = text.len() - text.trim_start().len();
    if start > 0 {
        out.push(warn("space at the start", 0..start));
    }
    let end = text.trim_end().len();
    if end < text.len() && end > 0 {
        out.push(warn("space at the end", end..text.len()));
    }
    let inner = &text[start..end.max(start)];
    let bytes = inner.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b' ' {
            let run = bytes[i..].iter().take_while(|&&b| b == b' ').count();
            if run > 1 {
                out.push(warn("double space", start + i..start + i + run));
            }
            i += run;
        } else {
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::row;
    use super::*;

    #[test]
    fn double_leading_and_trailing_spaces_are_found() {
        let found = check(&row("x", " Yangon  is  hot. "));
        let reasons: Vec<&str> = found.iter().map(|f| f.reason.as_str()).collect();
        assert_eq!(
            reasons,
            [
                "space at the start",
                "space at the end",
                "double space",
                "double space"
            ]
        );
        assert_eq!(found[2].span, Some(7..9));
        assert!(check(&row("x", "Yangon is hot.")).is_empty());
        // A line break inside a row is the writer's, not a slip.
        assert!(check(&row("x", "One.\nTwo.")).is_empty());
    }
}
