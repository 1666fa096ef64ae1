//! A self-contained HTML page: semantic markup, photos embedded, a print stylesheet, and
//! schema.org `NewsArticle` data for the web CMS. Written so it is also well-formed XML,
//! which is how it is checked.

use base64::Engine as _;
use serde_json::{Value, json};

use super::photo::photo_facts;
use super::{
    DRAFT_BANNER, MediaSource, PubBlock, Publishable, escape, text::first_paragraph, uri_segment,
};
use crate::model::Role;

const STYLE: &str = "body{font-family:Georgia,serif;max-width:42em;margin:2em auto;padding:0 1em;line-height:1.55;color:#111}\
h1{font-size:2em;line-height:1.2;margin-bottom:.3em}.deck{font-size:1.2em;color:#444;margin-top:0}\
figure{margin:1.5em 0}figure img{max-width:100%;height:auto}figcaption{font-size:.9em;color:#333}\
.photo-credit{display:block;font-size:.85em;color:#666}blockquote{margin:1em 2em;font-style:italic}\
.dateline{font-weight:bold}.credit-line{margin-top:2em;font-style:italic}\
.draft{border:3px solid #b00;color:#b00;font-weight:bold;padding:.5em;text-align:center}\
@media print{body{margin:0;max-width:none;font-size:11pt}figure{break-inside:avoid}a{color:inherit}}";

/// The whole page.
#[must_use]
pub fn page(story: &Publishable, media: &dyn MediaSource) -> String {
    let lang = escape(&story.language);
    let mut h = String::new();
    h.push_str("<!DOCTYPE html>\n");
    h.push_str(&format!("<html lang=\"{lang}\">\n<head>\n"));
    h.push_str("<meta charset=\"utf-8\"/>\n");
    h.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n");
    if story.draft {
        h.push_str("<meta name=\"robots\" content=\"noindex\"/>\n");
    }
    let draft_mark = if story.draft { "DRAFT: " } else { "" };
    h.push_str(&format!(
        "<title>{draft_mark}{}</title>\n",
        escape(&story.headline)
    ));
    if !story.deck.is_empty() {
        h.push_str(&format!(
            "<meta name=\"description\" content=\"{}\"/>\n",
            escape(&story.deck)
        ));
    }
    h.push_str(&format!("<style>{STYLE}</style>\n"));
    h.push_str(&format!(
        "<script type=\"application/ld+json\">{}</script>\n",
        json_ld(story, media)
    ));
    h.push_str("</head>\n<body>\n");
    h.push_str(&format!("<article lang=\"{lang}\">\n"));
    if story.draft {
        h.push_str(&format!(
            "<p class=\"draft\">{}</p>\n",
            escape(DRAFT_BANNER)
        ));
    }
    h.push_str(&format!("<h1>{}</h1>\n", escape(&story.headline)));
    if !story.deck.is_empty() {
        h.push_str(&format!("<p class=\"deck\">{}</p>\n", escape(&story.deck)));
    }
    h.push_str(&blocks(story, Some(media)));
    if !story.credit_line.is_empty() {
        h.push_str(&format!(
            "<p class=\"credit-line\">{}</p>\n",
            escape(&story.credit_line)
        ));
    }
    h.push_str("</article>\n");
    if !story.web_footer.is_empty() {
        h.push_str("<footer>\n");
        for paragraph in story.web_footer.split("\n\n") {
            h.push_str(&format!("<p>{}</p>\n", escape(paragraph.trim())));
        }
        h.push_str("</footer>\n");
    }
    h.push_str("</body>\n</html>\n");
    h
}

/// The body alone, for formats that carry HTML inside (ninjs `body_html`); photos are
/// referenced by file name, not embedded.
#[must_use]
pub fn body_fragment(story: &Publishable) -> String {
    blocks(story, None)
}

/// What *Copy as formatted text* puts on the clipboard: the body a CMS's body field takes
/// (its headline and deck have fields of their own), photos embedded, the credit line at
/// its end; plain elements only, for a pasted fragment takes no stylesheet along. A draft
/// starts with the banner.
#[must_use]
pub fn clipboard_fragment(story: &Publishable, media: &dyn MediaSource) -> String {
    let mut h = String::new();
    if story.draft {
        h.push_str(&format!(
            "<p><strong>{}</strong></p>\n",
            escape(DRAFT_BANNER)
        ));
    }
    h.push_str(&blocks(story, Some(media)));
    if !story.credit_line.is_empty() {
        h.push_str(&format!("<p><em>{}</em></p>\n", escape(&story.credit_line)));
    }
    h
}

fn blocks(story: &Publishable, media: Option<&dyn MediaSource>) -> String {
    let dateline = story.dateline();
    let first = first_paragraph(story);
    let mut h = String::new();
    for (i, block) in story.blocks.iter().enumerate() {
        match block {
            PubBlock::Paragraph(text) if i == first && !dateline.is_empty() => {
                h.push_str(&format!(
                    "<p><span class=\"dateline\">{}</span> — {}</p>\n",
                    escape(&dateline),
                    escape(text)
                ));
            }
            PubBlock::Paragraph(text) => h.push_str(&format!("<p>{}</p>\n", escape(text))),
            PubBlock::Subhead(text) => h.push_str(&format!("<h2>{}</h2>\n", escape(text))),
            PubBlock::Quote(text) => h.push_str(&format!(
                "<blockquote><p>{}</p></blockquote>\n",
                escape(text)
            )),
            PubBlock::Photo {
                file,
                caption,
                credit,
                alt,
            } => {
                h.push_str("<figure>\n");
                // A caption whose photo is not chosen yet (one imported from a Word file)
                // shows without a picture rather than with a broken one.
                if !file.is_empty() {
                    let src = match media.and_then(|m| m.photo(file)) {
                        Some(bytes) => format!(
                            "data:{};base64,{}",
                            photo_facts(file, Some(&bytes)).media_type,
                            base64::engine::general_purpose::STANDARD.encode(bytes)
                        ),
                        None => uri_segment(file),
                    };
                    h.push_str(&format!(
                        "<img src=\"{}\" alt=\"{}\"/>\n",
                        escape(&src),
                        escape(alt)
                    ));
                }
                h.push_str(&format!(
                    "<figcaption>{} <span class=\"photo-credit\">{}</span></figcaption>\n</figure>\n",
                    escape(caption),
                    escape(credit)
                ));
            }
        }
    }
    // Corrections close the body, dated, so they travel with the body wherever it goes
    // (the page, and ninjs's body_html).
    for correction in &story.corrections {
        let (label, text) = correction.split_once(": ").unwrap_or(("", correction));
        h.push_str(&format!(
            "<p class=\"correction\"><strong>{}:</strong> {}</p>\n",
            escape(label),
            escape(text)
        ));
    }
    h
}

/// schema.org `NewsArticle`. Every name in it comes from the public credits. A property
/// with nothing to say (no editor, no deck) is left out rather than written empty.
fn json_ld(story: &Publishable, media: &dyn MediaSource) -> String {
    let agent = |name: &str| {
        if name == story.service {
            json!({"@type": "Organization", "name": name})
        } else {
            json!({"@type": "Person", "name": name})
        }
    };
    let people = |role: Role| -> Vec<Value> { story.names(role).into_iter().map(agent).collect() };
    let mut authors = people(Role::Reporter);
    for writer in people(Role::Writer) {
        if !authors.contains(&writer) {
            authors.push(writer);
        }
    }
    let time =
        |at: chrono::DateTime<chrono::Utc>| at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let mut data = serde_json::Map::new();
    let mut put = |key: &str, value: Value| {
        let empty = match &value {
            Value::String(text) => text.is_empty(),
            Value::Array(items) => items.is_empty(),
            _ => false,
        };
        if !empty {
            data.insert(key.to_owned(), value);
        }
    };
    put("@context", json!("https://schema.org"));
    put("@type", json!("NewsArticle"));
    put("headline", json!(story.headline));
    put("description", json!(story.deck));
    put("inLanguage", json!(story.language));
    put("url", json!(story.url));
    put("dateCreated", json!(time(story.created)));
    put("dateModified", json!(time(story.modified)));
    // Only copy signed off for publication has been published; a draft says what it is.
    if let Some(published) = story.published {
        put("datePublished", json!(time(published)));
    }
    if story.draft {
        put("creativeWorkStatus", json!("Draft"));
    }
    put("author", Value::Array(authors));
    put("translator", Value::Array(people(Role::Translator)));
    put("editor", Value::Array(people(Role::Editor)));
    put("creditText", json!(story.credit_line));
    if !story.service.is_empty() {
        put(
            "publisher",
            json!({"@type": "Organization", "name": story.service}),
        );
    }
    put(
        "translationOfWork",
        json!({"@type": "CreativeWork", "inLanguage": story.source_language}),
    );
    put("image", Value::Array(images(story, media)));
    put("correction", json!(story.corrections));
    if !story.dateline_place.is_empty() {
        put(
            "locationCreated",
            json!({"@type": "Place", "name": story.dateline_place}),
        );
    }
    // Inside <script>, "<", ">" and "&" are written as JSON escapes: the page stays one
    // document whatever the story says, and a headline with "</script>" stays text.
    serde_json::to_string(&Value::Object(data))
        .unwrap_or_default()
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

/// Each photo as an `ImageObject`: its address (on the desk's site when it has one, else
/// next to the page, where the body's `<img>` of a CMS copy points), caption, credit, alt
/// text as its description, and its size when the desk has the file.
fn images(story: &Publishable, media: &dyn MediaSource) -> Vec<Value> {
    let mut images = Vec::new();
    for block in &story.blocks {
        let PubBlock::Photo {
            file,
            caption,
            credit,
            alt,
        } = block
        else {
            continue;
        };
        if file.is_empty() {
            continue;
        }
        let facts = photo_facts(file, media.photo(file).as_deref());
        let mut image = serde_json::Map::new();
        image.insert("@type".to_owned(), json!("ImageObject"));
        image.insert(
            "url".to_owned(),
            json!(format!("{}{}", story.site_url, uri_segment(file))),
        );
        image.insert("encodingFormat".to_owned(), json!(facts.media_type));
        for (key, text) in [
            ("caption", caption),
            ("creditText", credit),
            ("description", alt),
        ] {
            if !text.is_empty() {
                image.insert(key.to_owned(), json!(text));
            }
        }
        if let Some((width, height)) = facts.size {
            image.insert("width".to_owned(), json!(width));
            image.insert("height".to_owned(), json!(height));
        }
        images.push(Value::Object(image));
    }
    images
}
