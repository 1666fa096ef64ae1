//! What the script layer costs: wrapping a Burmese paragraph by syllables (what every
//! keystroke in a source field pays, since the text changed) against egui's own wrapping,
//! line-break opportunities, and Zawgyi detection. Run with `cargo bench --bench script`;
//! results go in BENCHMARKS.md.
#![allow(
    clippy::expect_used,
    missing_docs,
    reason = "a benchmark that cannot set up should stop"
)]

use std::hint::black_box;

use copydesk::script::{self, zawgyi};
use copydesk::ui::{script_text, theme};
use criterion::{Criterion, criterion_group, criterion_main};

/// A newsroom paragraph of about 330 characters; `i` varies it as typing would.
fn paragraph(i: usize) -> String {
    format!(
        "မြစ်ရေ မြင့်တက်လာသဖြင့် ကျေးရွာ {i} ရွာမှ လူဦးရေ ထောင်ချီ အိုးအိမ်များကို စွန့်ခွာ ထွက်ပြေးခဲ့ရကြောင်း ဒေသခံများက ပြောသည်။ \
         ကယ်ဆယ်ရေး အဖွဲ့များ ရောက်ရှိရန် နှေးကွေးနေပြီး ဆေးဝါးနှင့် သောက်ရေ လိုအပ်နေကြောင်း သိရသည်။"
    )
}

fn wrapping(c: &mut Criterion) {
    let ctx = egui::Context::default();
    theme::install_fonts(&ctx);
    let mut group = c.benchmark_group("wrap a Burmese paragraph at 420 px");
    let mut output = ctx.run_ui(egui::RawInput::default(), |ui| {
        let format = egui::TextFormat::simple(theme::source_font(), egui::Color32::WHITE);
        let mut i = 0;
        group.bench_function("Copydesk, text changed (a keystroke)", |b| {
            b.iter(|| {
                i += 1;
                black_box(script_text::layout(ui, &paragraph(i), &format, 420.0))
            });
        });
        group.bench_function("Copydesk, unchanged (a frame)", |b| {
            let text = paragraph(7);
            b.iter(|| black_box(script_text::layout(ui, &text, &format, 420.0)));
        });
        group.bench_function("egui alone, text changed", |b| {
            b.iter(|| {
                i += 1;
                let mut job = egui::text::LayoutJob::single_section(paragraph(i), format.clone());
                job.wrap.max_width = 420.0;
                black_box(ui.fonts_mut(|f| f.layout_job(job)))
            });
        });
    });
    output.textures_delta.clear();
    group.finish();
}

fn text_rules(c: &mut Criterion) {
    let text = paragraph(12);
    c.bench_function("line breaks of a paragraph", |b| {
        b.iter(|| black_box(script::line_breaks(&text)));
    });
    c.bench_function("cursor stops of a paragraph", |b| {
        b.iter(|| black_box(script::cluster_boundaries(&text)));
    });
    let zawgyi_text = zawgyi::to_zawgyi(&text).expect("converts");
    c.bench_function("Zawgyi detection of a paragraph", |b| {
        b.iter(|| black_box(zawgyi::detect(&zawgyi_text)));
    });
}

/// Converting a whole story from Zawgyi (an import): piece by piece, as Copydesk does, and
/// the transliterator given the whole text at once, as it did before (the baseline).
fn story_conversion(c: &mut Criterion) {
    let story: Vec<String> = (0..12).map(paragraph).collect();
    let story = zawgyi::to_zawgyi(&story.join("\n\n")).expect("converts");
    let mut group = c.benchmark_group("Zawgyi to Unicode, a story of 12 paragraphs");
    group.sample_size(10);
    group.bench_function("piece by piece", |b| {
        b.iter(|| black_box(zawgyi::to_unicode(&story)));
    });
    group.bench_function("whole text at once (before)", |b| {
        b.iter(|| black_box(zawgyi::to_unicode_whole(&story)));
    });
    // Text with no safe place to cut (one word repeated), as long as the story.
    let water = "ေရ ".repeat(story.chars().count() / 3);
    group.bench_function("a word repeated, no safe cuts, piece by piece", |b| {
        b.iter(|| black_box(zawgyi::to_unicode(&water)));
    });
    group.finish();
}

criterion_group!(benches, wrapping, text_rules, story_conversion);
criterion_main!(benches);
