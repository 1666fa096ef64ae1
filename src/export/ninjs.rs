//! IPTC ninjs 2.x: the story as news-in-JSON, for agencies and Superdesk.

use serde_json::{Value, json};

use super::{ExportError, PubBlock, Publishable, html};

/// The story as ninjs JSON (pretty, with a final newline).
pub fn render(story: &Publishable) -> Result<String, ExportError> {
    let mut associations = serde_json::Map::new();
    for (n, block) in story.blocks.iter().enumerate() {
        if let PubBlock::Photo {
            file,
            caption,
            credit,
            alt,
        } = block
        {
            associations.insert(
                format!("photo{}", n + 1),
                json!({
                    "uri": format!("urn:copydesk:{}:media:{file}", story.slug),
                    "type": "picture",
                    "description_text": caption,
                    "body_text": alt,
                    "copyrightholder": credit,
                    "by": credit,
                }),
            );
        }
    }
    let mut ninjs = json!({
        "$schema": "http://www.iptc.org/std/ninjs/ninjs-schema_2.1.json",
        "uri": format!("urn:copydesk:{}", story.slug),
        "type": "text",
        "representationtype": "complete",
        "headline": story.headline,
        "description_text": story.deck,
        "body_html": html::body_fragment(story),
        "by": story.credit_line,
        "language": story.language,
        "versioncreated": story.modified.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        "firstcreated": story.created.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        "pubstatus": "usable",
        "located": story.dateline_place,
        "copyrightholder": story.service,
    });
    if story.draft
        && let Value::Object(map) = &mut ninjs
    {
        map.insert(
            "ednote".to_owned(),
            Value::String(super::DRAFT_BANNER.to_owned()),
        );
    }
    if !associations.is_empty()
        && let Value::Object(map) = &mut ninjs
    {
        map.insert("associations".to_owned(), Value::Object(associations));
    }
    let mut text = serde_json::to_string_pretty(&ninjs).map_err(|e| ExportError::Invalid {
        format: "ninjs",
        problem: e.to_string(),
    })?;
    text.push('\n');
    Ok(text)
}
