//! IPTC ninjs 2.2: the story as news-in-JSON, for agencies and Superdesk.
//!
//! Written to the official JSON Schema (`ninjs-schema_2.2.json` in iptc/newsinjson), whose
//! rules for every member written here are tested in `tests/it/interchange.rs`. Version 2.2
//! is the newest of the 2.x line, whose lower-case names (`headlines`, `bodies`,
//! `pubstatus`, `contenttype`) are what 2.x consumers read; 3.x renamed every member in camel
//! case. Nothing written here is new in 2.2, so the same file is valid ninjs 2.1 too.
//!
//! The schema admits no member it does not name (`unevaluatedProperties: false`), so the
//! version is declared in `standard`, never in a `$schema` member. A draft is `withheld`,
//! never `usable`: a wire consumer may publish anything usable.

use serde_json::{Map, Value, json};

use super::photo::photo_facts;
use super::{DRAFT_BANNER, ExportError, MediaSource, PubBlock, Publishable, html, uri_segment};

/// The version written, as `standard` declares it.
pub const VERSION: &str = "2.2";
/// The schema that version is validated against.
pub const SCHEMA: &str = "http://www.iptc.org/std/ninjs/ninjs-schema_2.2.json#";

/// The story as ninjs JSON (pretty, with a final newline). `media` gives each photo's
/// rendition its media type and size when the desk has the file.
pub fn render(story: &Publishable, media: &dyn MediaSource) -> Result<String, ExportError> {
    let time =
        |at: chrono::DateTime<chrono::Utc>| at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let slug = uri_segment(&story.slug);
    let mut ninjs = Map::new();
    let mut put = |key: &str, value: Value| {
        ninjs.insert(key.to_owned(), value);
    };
    put("uri", json!(format!("urn:copydesk:{slug}")));
    put(
        "standard",
        json!({"name": "ninjs", "version": VERSION, "schema": SCHEMA}),
    );
    put("type", json!("text"));
    put("representationtype", json!("full"));
    put(
        "pubstatus",
        json!(if story.draft { "withheld" } else { "usable" }),
    );
    if story.draft {
        put("ednote", json!(DRAFT_BANNER));
    }
    put("slugline", json!(story.slug));
    put("firstcreated", json!(time(story.created)));
    put("versioncreated", json!(time(story.modified)));
    put("language", json!(story.language));
    put(
        "headlines",
        json!([{"role": "main", "contenttype": "text/plain", "value": story.headline}]),
    );
    if !story.deck.is_empty() {
        put(
            "descriptions",
            json!([{"role": "summary", "contenttype": "text/plain", "value": story.deck}]),
        );
    }
    put(
        "bodies",
        json!([{"role": "main", "contenttype": "text/html", "value": html::body_fragment(story)}]),
    );
    if !story.credit_line.is_empty() {
        put("by", json!(story.credit_line));
    }
    // Public names only, as everywhere: a withheld contributor is the service, which is an
    // organisation and not one of the people.
    let people: Vec<Value> = story
        .credits
        .iter()
        .filter(|c| c.name != story.service && !c.name.is_empty())
        .map(|c| json!({"name": c.name, "rel": c.role.label()}))
        .collect();
    if !people.is_empty() {
        put("people", Value::Array(people));
    }
    if !story.dateline_place.is_empty() {
        put("located", json!(story.dateline_place));
    }
    if !story.service.is_empty() {
        put("copyrightholder", json!(story.service));
    }
    let associations = photos(story, &slug, media);
    if !associations.is_empty() {
        put("associations", Value::Array(associations));
    }
    let mut text =
        serde_json::to_string_pretty(&Value::Object(ninjs)).map_err(|e| ExportError::Invalid {
            format: "ninjs",
            problem: e.to_string(),
        })?;
    text.push('\n');
    Ok(text)
}

/// Each photo as an associated picture item: its caption and alt text as descriptions, its
/// credit as `by`, and one rendition. The rendition's `href` is the file relative to the
/// export (where the HTML body's `<img>` finds it too), or, when the desk has a site address,
/// the absolute address it resolves to there: the schema's `format: uri` wants an absolute
/// URI, and a strict validator holds it to that.
fn photos(story: &Publishable, slug: &str, media: &dyn MediaSource) -> Vec<Value> {
    let mut associations = Vec::new();
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
        let n = associations.len() + 1;
        let mut item = Map::new();
        item.insert("name".to_owned(), json!(format!("photo{n}")));
        item.insert(
            "uri".to_owned(),
            json!(format!("urn:copydesk:{slug}:media:{}", uri_segment(file))),
        );
        item.insert("type".to_owned(), json!("picture"));
        let mut descriptions = Vec::new();
        for (role, text) in [("caption", caption), ("alt", alt)] {
            if !text.is_empty() {
                descriptions
                    .push(json!({"role": role, "contenttype": "text/plain", "value": text}));
            }
        }
        if !descriptions.is_empty() {
            item.insert("descriptions".to_owned(), Value::Array(descriptions));
        }
        if !credit.is_empty() {
            item.insert("by".to_owned(), json!(credit));
        }
        if file.is_empty() {
            // A caption whose photo is not chosen yet: no rendition to point to.
            associations.push(Value::Object(item));
            continue;
        }
        let bytes = media.photo(file);
        let facts = photo_facts(file, bytes.as_deref());
        let mut rendition = Map::new();
        rendition.insert("name".to_owned(), json!("original"));
        rendition.insert(
            "href".to_owned(),
            json!(format!("{}{}", story.site_url, uri_segment(file))),
        );
        rendition.insert("contenttype".to_owned(), json!(facts.media_type));
        if let Some((width, height)) = facts.size {
            rendition.insert("width".to_owned(), json!(width));
            rendition.insert("height".to_owned(), json!(height));
        }
        item.insert(
            "renditions".to_owned(),
            Value::Array(vec![Value::Object(rendition)]),
        );
        associations.push(Value::Object(item));
    }
    associations
}
