//! What the quality checks cost: every check on a 1,000-row story (what `copydesk check`
//! and the QA panel's first look pay), and on one changed row with the story's facts
//! brought up to date (what each edit pays while the person types). With the system's
//! en-US dictionary when installed, and a glossary of 500 terms. Run with
//! `cargo bench --bench qa`; results go in BENCHMARKS.md.
#![allow(
    clippy::expect_used,
    missing_docs,
    reason = "a benchmark that cannot set up should stop"
)]

use std::hint::black_box;

use chrono::Utc;
use copydesk::glossary::{Glossary, make_term};
use copydesk::model::{BlockId, DeskSettings, RowRef, RowStatus, Story, TextRow};
use copydesk::qa::{self, DeskChecks, LengthNorm, StoryFacts};
use criterion::{Criterion, criterion_group, criterion_main};

/// A Burmese paragraph of newsroom length with its translation, varied per row; every
/// seventh row has a slip in it (a number, a misspelling, a doubled word).
fn paragraph(i: usize) -> (String, String) {
    let n = copydesk::script::to_myanmar_digits(&(i * 10).to_string());
    let source = format!(
        "ရန်ကုန်မြို့ရှိ ချင်းတွင်းမြစ်ရေ မြင့်တက်လာသဖြင့် ကျေးရွာ {n} ရွာမှ လူဦးရေ ၄,၀၀၀ ကျော် အိုးအိမ်များကို စွန့်ခွာ ထွက်ပြေးခဲ့ရကြောင်း ဒေသခံများက ဇူလိုင်လ ၃ ရက်တွင် ပြောသည်။ \
         ကယ်ဆယ်ရေး အဖွဲ့များ ရောက်ရှိရန် နှေးကွေးနေပြီး ဆေးဝါးနှင့် သောက်ရေ လိုအပ်နေကြောင်း သိရသည်။"
    );
    let slip = if i.is_multiple_of(7) {
        "recieved the the"
    } else {
        "received"
    };
    let english = format!(
        "More than 4,000 people from {} villages near Yangon have left their homes as the Chindwin River rose, residents said on July 3. \
         Relief teams have been slow to arrive, and the villages {slip} little medicine or drinking water, said Daw Myint Myint Yee (“we are waiting”).",
        i * 10
    );
    (source, english)
}

fn story(rows: usize) -> Story {
    let mut story = Story::new("long", Utc::now());
    let text: Vec<String> = (0..rows).map(|i| paragraph(i).0).collect();
    story.append_source_paragraphs(&text.join("\n\n"));
    for (i, block) in story.blocks.iter_mut().enumerate() {
        block.row.english = paragraph(i).1;
        block.row.status = RowStatus::Translated;
    }
    story
}

fn checks(story: &Story) -> DeskChecks {
    let settings = DeskSettings::new("Bench", "my", "en", "Bench Service");
    let mut glossary = Glossary::new();
    for (source, english) in [
        ("ရန်ကုန်", "Yangon"),
        ("ချင်းတွင်းမြစ်", "Chindwin River"),
        ("ဒေါ်မြင့်မြင့်ရီ", "Daw Myint Myint Yee"),
    ] {
        glossary.terms.push(
            make_term(
                source,
                english,
                "",
                &["Rangoon".to_owned()],
                "B",
                Utc::now(),
            )
            .expect("term"),
        );
    }
    // Five hundred terms in all, most of which never occur: the index must not care.
    for i in 0..497 {
        let source = format!("{}ကြီး", copydesk::script::to_myanmar_digits(&i.to_string()));
        glossary.terms.push(
            make_term(&source, &format!("Term {i}"), "", &[], "B", Utc::now()).expect("term"),
        );
    }
    let speller = copydesk::store::glossary::load_speller(&settings, &glossary);
    // Without a dictionary the figures leave spelling out: say so where they are read.
    assert!(
        speller.notice().is_none(),
        "the benchmark measures spelling too: install hunspell-en-us"
    );
    let length = LengthNorm::learn(qa::confirmed_pairs([story]));
    DeskChecks::new("my", glossary, speller, length)
}

fn bench(c: &mut Criterion) {
    let story = story(1_000);
    let desk = checks(&story);
    let mut group = c.benchmark_group("QA");
    group.bench_function("all checks, 1,000-row story", |b| {
        b.iter(|| black_box(qa::check_story(&desk.qa(), &story)));
    });
    let mut facts = StoryFacts::of(&story);
    let row = RowRef::Block(BlockId(500));
    let old = story.row(row).expect("row").clone();
    let mut i = 0;
    group.bench_function("one changed row (a keystroke), 1,000-row story", |b| {
        b.iter(|| {
            i += 1;
            // The person typed a character: the row's names counted again, its checks run.
            let text = TextRow {
                english: format!("{}{}", old.english, if i % 2 == 0 { "s" } else { "" }),
                ..old.clone()
            };
            facts.replace(&old.english, &text.english);
            let found = qa::check_row(&desk.qa(), &facts, row, &text);
            facts.replace(&text.english, &old.english);
            black_box(found)
        });
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
