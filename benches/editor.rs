//! How much one frame of the story editor costs, for a short story and a 1,000-row one.
//!
//! Only the rows in view are laid out, so the two should cost about the same. Run with
//! `cargo bench --bench editor`; results go in BENCHMARKS.md.
#![allow(
    clippy::expect_used,
    missing_docs,
    reason = "a benchmark that cannot set up should stop"
)]

use chrono::Utc;
use copydesk::app::CopydeskApp;
use copydesk::model::{DeskSettings, RowStatus, Story};
use copydesk::store;
use criterion::{Criterion, criterion_group, criterion_main};
use egui_kittest::Harness;

/// A Burmese paragraph of newsroom length, with a translation, varied per row.
fn paragraph(i: usize) -> (String, String) {
    let source = format!(
        "မြစ်ရေ မြင့်တက်လာသဖြင့် ကျေးရွာ {i} ရွာမှ လူဦးရေ ထောင်ချီ အိုးအိမ်များကို စွန့်ခွာ ထွက်ပြေးခဲ့ရကြောင်း ဒေသခံများက ပြောသည်။ \
         ကယ်ဆယ်ရေး အဖွဲ့များ ရောက်ရှိရန် နှေးကွေးနေပြီး ဆေးဝါးနှင့် သောက်ရေ လိုအပ်နေကြောင်း သိရသည်။"
    );
    let english = format!(
        "Thousands of people from {i} villages have left their homes as the river rose, residents said. \
         Relief teams have been slow to arrive, and medicine and drinking water are short."
    );
    (source, english)
}

fn desk_with_story(rows: usize) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path().join("desk");
    store::create_desk(
        &root,
        &DeskSettings::new("Bench", "my", "en", "Bench Service"),
    )
    .expect("desk");
    let mut story = Story::new("long", Utc::now());
    "ရေကြီး".clone_into(&mut story.headline.source);
    let text: Vec<String> = (0..rows).map(|i| paragraph(i).0).collect();
    story.append_source_paragraphs(&text.join("\n\n"));
    for (i, block) in story.blocks.iter_mut().enumerate() {
        if i % 2 == 0 {
            block.row.english = paragraph(i).1;
            block.row.status = RowStatus::Translated;
        }
    }
    store::create_story(&root, &story, &[]).expect("story");
    (dir, root)
}

fn frame(c: &mut Criterion) {
    let mut group = c.benchmark_group("editor frame");
    for rows in [10, 1000] {
        let (_dir, root) = desk_with_story(rows);
        let mut harness = Harness::builder()
            .with_size([1280.0, 900.0])
            .build_eframe(move |cc| CopydeskApp::with_config_dir(cc, Some(root), None));
        harness.state_mut().open("long");
        harness.run();
        group.bench_function(format!("{rows} rows"), |b| b.iter(|| harness.step()));
    }
    group.finish();
}

criterion_group!(benches, frame);
criterion_main!(benches);
