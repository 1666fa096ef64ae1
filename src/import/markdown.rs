//! Copydesk's Markdown, read back: front matter restores the story's metadata and the
//! marked body its rows, so export → import → export gives the same bytes. Plain Markdown
//! written elsewhere (no front matter) is a writer's draft, read by `plain_markdown`.

use chrono::{DateTime, NaiveDate, Utc};

use super::plain_markdown::PlainNotes;
use super::{ImportError, Paragraph, text_paragraphs};
use crate::export::{BODY_MARK, CREDIT_MARK, PHOTO_MARK};
use crate::model::{
    Block, BlockKind, Contributor, CreditDisplay, Photo, Role, RowStatus, Story, TextRow,
};

/// The most contributors a Markdown file may list.
pub const MAX_CONTRIBUTORS: usize = 200;

/// A Markdown file as Copydesk understood it.
#[derive(Debug)]
pub struct ParsedMarkdown {
    /// The story, English side filled in; a slug from the front matter if there was one.
    pub story: Story,
    /// Whether the file had Copydesk's front matter.
    pub had_front_matter: bool,
    /// For a plain draft: the photos to copy in beside it, and what was left out.
    pub plain: PlainNotes,
}

/// Reads a Markdown file into a new story (English side).
pub fn parse_markdown(
    file: &str,
    bytes: &[u8],
    now: DateTime<Utc>,
) -> Result<ParsedMarkdown, ImportError> {
    let text = super::utf8(file, bytes)?.replace("\r\n", "\n");
    let mut story = Story::new("", now);
    let (front, body) = split_front_matter(&text);
    let had_front_matter = front.is_some();
    let mut printed_credit_line = None;
    if let Some(front) = front {
        printed_credit_line = read_front_matter(file, front, &mut story)?;
    }
    // The marks count only as whole lines: story text cannot hold them (the export escapes
    // `<`), and a mention of one inside a line is text.
    let body_start = find_line(body, BODY_MARK);
    let blocks_text = match body_start {
        Some(at) => {
            // Nothing a person wrote outside the body is dropped without a word: the
            // headline and deck lines are read (an edit there wins over the front matter),
            // anything else stops the import, naming its line.
            let base = text.len() - body.len();
            read_title_lines(file, &text, base, &body[..at], &mut story)?;
            let rest = &body[at + BODY_MARK.len()..];
            match find_line(rest, CREDIT_MARK) {
                Some(end) => {
                    let after = base + at + BODY_MARK.len() + end + CREDIT_MARK.len();
                    check_after_credit_line(file, &text, after, printed_credit_line.as_deref())?;
                    &rest[..end]
                }
                None => rest,
            }
        }
        None => body,
    };
    if body_start.is_none() {
        // A writer's plain draft: read by a CommonMark parser (see `plain_markdown`). The
        // parser is other people's code: a panic in it is a file that could not be read.
        let plain = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            super::plain_markdown::read_plain(file, blocks_text, &mut story)
        }))
        .unwrap_or_else(|_| {
            log::error!("bug: the Markdown reader panicked on {file}");
            Err(ImportError::BadFrontMatter {
                file: file.to_owned(),
                line: 1,
                problem: "the Markdown reader failed on it".to_owned(),
            })
        })?;
        return Ok(ParsedMarkdown {
            story,
            had_front_matter,
            plain,
        });
    }
    read_blocks(file, blocks_text, &mut story)?;
    super::within_limit(file, story.blocks.len())?;
    Ok(ParsedMarkdown {
        story,
        had_front_matter,
        plain: PlainNotes::default(),
    })
}

/// Text on one line with its whitespace runs made single spaces, as the export shows a
/// headline or deck.
fn collapsed(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The lines between the front matter and the body mark (`before`, starting at byte
/// `base` of the file): blank lines, the draft banner, the `# ` headline and the `*deck*`.
/// A headline or deck edited there replaces the front matter's; any other text is an
/// error naming its line, since it would not be imported.
fn read_title_lines(
    file: &str,
    text: &str,
    base: usize,
    before: &str,
    story: &mut Story,
) -> Result<(), ImportError> {
    let banner = format!("> **{}**", crate::export::DRAFT_BANNER);
    let mut offset = base;
    for raw in before.split_inclusive('\n') {
        let line = raw.trim_end();
        let at = offset;
        offset += raw.len();
        if line.is_empty() || line == banner {
            continue;
        }
        let (visible, field) = if line == "#" {
            (String::new(), &mut story.headline.english)
        } else if let Some(headline) = line.strip_prefix("# ") {
            (unescape(headline.trim()), &mut story.headline.english)
        } else if line.len() >= 2
            && line.starts_with('*')
            && line.ends_with('*')
            && !line.starts_with("**")
        {
            (unescape(&line[1..line.len() - 1]), &mut story.deck.english)
        } else {
            return Err(ImportError::BadFrontMatter {
                file: file.to_owned(),
                line: crate::lines::line_of(text.as_bytes(), at),
                problem: format!(
                    "text before the story body would not be imported; put it below the line {BODY_MARK}"
                ),
            });
        };
        // The front matter holds the exact text; the line shows it on one line. A line
        // that no longer shows it was edited, and the edit is what the person wants.
        if visible != collapsed(field) {
            *field = visible;
        }
    }
    Ok(())
}

/// After the credit line mark: the credit line (generated, so not imported) and nothing
/// more. Text below it, or a line that is not the credit line the file was exported with
/// (`printed`, from the front matter), would be lost, so it stops the import, naming its
/// line.
fn check_after_credit_line(
    file: &str,
    text: &str,
    after: usize,
    printed: Option<&str>,
) -> Result<(), ImportError> {
    let mut offset = after;
    let mut seen_credit_line = false;
    for raw in text[after..].split_inclusive('\n') {
        let at = offset;
        offset += raw.len();
        if raw.trim().is_empty() {
            continue;
        }
        let problem = if seen_credit_line {
            format!(
                "text after the credit line would not be imported; put it above the line {CREDIT_MARK}"
            )
        } else if printed.is_some_and(|p| unescape(raw.trim()) != collapsed(p)) {
            format!(
                "this is not the credit line the file was exported with, and the credit line is made from the contributors; to print another, set credit_line in the front matter, and put paragraphs above the line {CREDIT_MARK}"
            )
        } else {
            seen_credit_line = true;
            continue;
        };
        return Err(ImportError::BadFrontMatter {
            file: file.to_owned(),
            line: crate::lines::line_of(text.as_bytes(), at),
            problem,
        });
    }
    Ok(())
}

/// Where `mark` stands as a whole line of `text`.
fn find_line(text: &str, mark: &str) -> Option<usize> {
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        if line.trim_end() == mark {
            return Some(at);
        }
        at += line.len();
    }
    None
}

/// The text of a Markdown block: each line without `prefix` (and one space after it), a
/// lone backslash an empty line, escapes and character references read.
pub(super) fn unescape_lines(block: &str, prefix: &str) -> String {
    block
        .split('\n')
        .map(|line| {
            let line = match line.strip_prefix(prefix) {
                Some(rest) if !prefix.is_empty() => rest.strip_prefix(' ').unwrap_or(rest),
                _ => line,
            };
            if line == "\\" {
                String::new()
            } else {
                unescape(line)
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// A line of Markdown text as the characters it stands for: `\` before ASCII punctuation
/// is that character, `&#N;` and `&#xH;` are the character numbered. Other entities and
/// markup are left as written.
fn unescape(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(c) = rest.chars().next() {
        if c == '\\'
            && let Some(next) = rest[1..].chars().next()
            && next.is_ascii_punctuation()
        {
            out.push(next);
            rest = &rest[1 + next.len_utf8()..];
            continue;
        }
        if c == '&'
            && let Some((reference, after)) = character_reference(rest)
        {
            out.push(reference);
            rest = after;
            continue;
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// A numeric character reference at the start of `text`, and the text after it.
fn character_reference(text: &str) -> Option<(char, &str)> {
    let body = text.strip_prefix("&#")?;
    let end = body.find(';')?;
    let number = &body[..end];
    let value = match number.strip_prefix(['x', 'X']) {
        Some(hex) if (1..=6).contains(&hex.len()) => u32::from_str_radix(hex, 16).ok()?,
        None if (1..=7).contains(&number.len()) => number.parse().ok()?,
        _ => return None,
    };
    Some((char::from_u32(value)?, &body[end + 1..]))
}

fn split_front_matter(text: &str) -> (Option<&str>, &str) {
    let Some(rest) = text.strip_prefix("---\n") else {
        return (None, text);
    };
    match rest.find("\n---\n") {
        Some(end) => (Some(&rest[..end]), &rest[end + 5..]),
        None => (None, text),
    }
}

/// Reads the front matter into `story`; returns the credit line the file was exported with
/// (`credit_line_printed`), when it says.
fn read_front_matter(
    file: &str,
    front: &str,
    story: &mut Story,
) -> Result<Option<String>, ImportError> {
    let mut printed = None;
    let bad = |line: usize, problem: String| ImportError::BadFrontMatter {
        file: file.to_owned(),
        line: line + 2,
        problem,
    };
    let string = |line: usize, value: &str| -> Result<String, ImportError> {
        serde_json::from_str::<String>(value.trim())
            .map_err(|e| bad(line, format!("expected a quoted value: {e}")))
    };
    for (n, line) in front.lines().enumerate() {
        if line.trim().is_empty() || line.trim() == "contributors:" {
            continue;
        }
        if let Some(entry) = line.strip_prefix("  - ") {
            if story.contributors.len() >= MAX_CONTRIBUTORS {
                return Err(bad(
                    n,
                    format!("more than {MAX_CONTRIBUTORS} contributors; a story has a few"),
                ));
            }
            story
                .contributors
                .push(contributor(entry).map_err(|p| bad(n, p))?);
            continue;
        }
        let Some((key, value)) = line.split_once(':') else {
            return Err(bad(n, format!("expected \"key: value\", found \"{line}\"")));
        };
        let value = string(n, value)?;
        match key.trim() {
            "slug" => story.slug = value,
            "headline" => story.headline.english = value,
            "deck" => story.deck.english = value,
            "dateline_place" => story.dateline.place = value,
            "dateline_date" if value.is_empty() => story.dateline.date = None,
            "dateline_date" => {
                story.dateline.date = Some(
                    NaiveDate::parse_from_str(&value, "%Y-%m-%d")
                        .map_err(|e| bad(n, format!("\"{value}\" is not a date: {e}")))?,
                );
            }
            "credit_line" => story.credit_line_override = Some(value),
            "credit_line_printed" => printed = Some(value),
            // Known fields with nothing to restore; unknown ones are tolerated for newer files.
            _ => {}
        }
    }
    Ok(printed)
}

fn contributor(entry: &str) -> Result<Contributor, String> {
    let value: serde_json::Value =
        serde_json::from_str(entry).map_err(|e| format!("a contributor is not JSON: {e}"))?;
    let field = |name: &str| value.get(name).and_then(|v| v.as_str()).unwrap_or_default();
    let role = Role::ALL
        .into_iter()
        .find(|r| r.label() == field("role"))
        .ok_or_else(|| format!("unknown role \"{}\"", field("role")))?;
    let display = match field("display") {
        "person" | "" => CreditDisplay::Person,
        "service" => CreditDisplay::Service,
        "withheld" => CreditDisplay::Withheld,
        other => return Err(format!("unknown display \"{other}\"")),
    };
    Ok(Contributor {
        role,
        name: field("name").to_owned(),
        display,
    })
}

fn read_blocks(file: &str, text: &str, story: &mut Story) -> Result<(), ImportError> {
    let mut rows: Vec<Paragraph> = Vec::new();
    let mut photos: Vec<(usize, Photo, String)> = Vec::new();
    for chunk in crate::model::split_paragraphs(text) {
        if let Some(rest) = chunk.strip_prefix(PHOTO_MARK) {
            let json = rest
                .lines()
                .next()
                .unwrap_or_default()
                .trim_end_matches("-->")
                .trim();
            let value: serde_json::Value =
                serde_json::from_str(json).map_err(|e| ImportError::BadFrontMatter {
                    file: file.to_owned(),
                    line: 0,
                    problem: format!("a photo's data is not JSON: {e}"),
                })?;
            let field = |name: &str| {
                value
                    .get(name)
                    .and_then(|v| v.as_str())
                    .unwrap_or_default()
                    .to_owned()
            };
            photos.push((
                rows.len(),
                Photo {
                    file: field("file"),
                    credit: field("credit"),
                    alt: field("alt"),
                },
                field("caption"),
            ));
            continue;
        }
        rows.extend(text_paragraphs(&chunk, true));
    }
    // Rows and photos back in their order.
    let mut photos = photos.into_iter().peekable();
    let mut index = 0;
    let mut rows = rows.into_iter();
    loop {
        while let Some((_, photo, caption)) = photos.next_if(|(at, _, _)| *at == index) {
            push_photo(story, photo, caption);
        }
        let Some(row) = rows.next() else { break };
        push_rows(story, vec![row]);
        index += 1;
    }
    for (_, photo, caption) in photos {
        push_photo(story, photo, caption);
    }
    Ok(())
}

fn push_rows(story: &mut Story, rows: Vec<Paragraph>) {
    super::append(story, crate::model::Side::English, rows);
}

fn push_photo(story: &mut Story, photo: Photo, caption: String) {
    let id = story.allocate_block_id();
    story.blocks.push(Block {
        id,
        kind: BlockKind::Photo(photo),
        row: TextRow {
            source: String::new(),
            english: caption,
            status: RowStatus::Draft,
            pretranslated: None,
            changed: None,
        },
        omitted: false,
        previous_source: None,
    });
}
