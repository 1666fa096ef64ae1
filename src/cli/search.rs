//! `copydesk search`: the desk's text searched as the desk view searches it, one hit a line
//! (or JSON with `--json`).

use std::io::Write;
use std::path::Path;

use anyhow::Context as _;
use serde_json::json;

use super::Outcome;
use crate::find::{Matcher, Query};
use crate::session::Session;
use crate::store::search::search_stories;

/// How `copydesk search` searches.
#[derive(Debug)]
pub struct Options {
    /// Upper and lower case must be as typed.
    pub match_case: bool,
    /// Hits must be whole words.
    pub whole_words: bool,
    /// At most this many hits.
    pub limit: usize,
    /// JSON instead of tab-separated lines.
    pub json: bool,
}

/// Runs `copydesk search DIR TEXT`.
pub fn run(
    dir: &Path,
    text: &str,
    options: &Options,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<Outcome> {
    let query = Query {
        text: text.to_owned(),
        match_case: options.match_case,
        whole_words: options.whole_words,
    };
    let Some(matcher) = Matcher::new(&query) else {
        anyhow::bail!("there is nothing to search for: give the text to find");
    };
    let mut session = Session::open(dir)?;
    session.refresh_index()?;
    let slugs: Vec<&str> = session.summaries().map(|s| s.slug.as_str()).collect();
    let mut problems: Vec<String> = session.problems().map(str::to_owned).collect();
    let mut rows = Vec::new();
    let mut written = Ok(());
    let end = search_stories(
        session.root(),
        session.settings(),
        slugs,
        &matcher,
        options.limit,
        |_, found| {
            match found {
                Err(problem) => problems.push(problem.to_string()),
                Ok(hits) if options.json => rows.extend(hits.iter().map(|hit| {
                    json!({
                        "slug": hit.slug,
                        "row": hit.row_name,
                        "field": hit.place.field_name(),
                        "before": hit.context.before,
                        "match": hit.context.matched,
                        "after": hit.context.after,
                    })
                })),
                Ok(hits) => {
                    for hit in hits {
                        let c = &hit.context;
                        written = writeln!(
                            out,
                            "{}\t{}\t{}\t{}{}{}",
                            hit.slug,
                            hit.row_name,
                            hit.place.field_name(),
                            c.before,
                            c.matched,
                            c.after
                        );
                        if written.is_err() {
                            return false;
                        }
                    }
                }
            }
            true
        },
    );
    written.context("writing to standard output")?;
    if options.json {
        writeln!(out, "{}", serde_json::to_string_pretty(&rows)?)
            .context("writing to standard output")?;
    }
    for problem in &problems {
        writeln!(err, "error: {problem}")?;
    }
    if end.truncated {
        writeln!(
            err,
            "note: stopped at {} hits; --limit shows more",
            options.limit
        )?;
    }
    Ok(Outcome::Exit(if problems.is_empty() {
        u8::from(end.hits == 0)
    } else {
        2
    }))
}
