//! Photos in the window: read only through the store's reader for desk photos, so a photo
//! that is a link out of the desk is never read, decoded or shown, in the editor or the
//! preview.

use std::path::Path;
use std::time::{Duration, Instant};

use copydesk::app::CopydeskApp;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;

/// The story whose second row is the photo `media/kani-flood-street.png`.
const SLUG: &str = "kani-chindwin-flood";
const PHOTO: &str = "kani-flood-street.png";
const ALT: &str = "Two villagers wade beside a small wooden boat loaded with bags and bedding along a village lane under knee-deep brown water";
/// A size no photo of the sample desk has, to know the outside file's texture by.
const OUTSIDE_SIZE: [usize; 2] = [37, 23];

/// A real PNG of `OUTSIDE_SIZE`, so nothing but the link stops it being shown.
fn outside_png(path: &Path) {
    let [width, height] = OUTSIDE_SIZE.map(|n| u32::try_from(n).expect("small"));
    let picture = image::RgbaImage::from_pixel(width, height, image::Rgba([200, 30, 30, 255]));
    picture
        .save_with_format(path, image::ImageFormat::Png)
        .expect("write png");
}

/// Whether egui has a texture of the outside file's size: only a read and decode of that
/// file would make one.
fn outside_texture_loaded(harness: &Harness<'_, CopydeskApp>) -> bool {
    let textures = harness.ctx.tex_manager();
    let textures = textures.read();
    textures
        .allocated()
        .any(|(_, meta)| meta.size == OUTSIDE_SIZE)
}

/// Runs frames for up to `limit`, giving loaders on other threads time, until `done`.
fn frames_until(
    harness: &mut Harness<'_, CopydeskApp>,
    limit: Duration,
    done: impl Fn(&Harness<'_, CopydeskApp>) -> bool,
) -> bool {
    let started = Instant::now();
    while started.elapsed() < limit {
        harness.step();
        if done(harness) {
            return true;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    false
}

#[cfg(unix)]
#[test]
fn a_photo_linked_out_of_the_desk_is_refused_in_the_editor_and_the_preview() {
    let (dir, desk) = crate::sample_copy();
    let outside = dir.path().join("outside.png");
    outside_png(&outside);
    let photo = desk.join("media").join(PHOTO);
    std::fs::remove_file(&photo).expect("remove");
    std::os::unix::fs::symlink(&outside, &photo).expect("link");

    let mut harness = crate::window_on(&desk);
    assert!(harness.state_mut().open(SLUG));
    let refusal = format!(
        "Photo not shown: {PHOTO}: it is a link, folder, pipe or device, not a file of the desk's media folder."
    );
    // Long enough for a loader thread to have read and decoded the file, had it been asked.
    frames_until(&mut harness, Duration::from_millis(500), |_| false);
    assert_eq!(
        harness.query_all_by_label(&refusal).count(),
        1,
        "the editor says why"
    );
    assert!(harness.query_by_label(ALT).is_none(), "no picture shown");
    assert!(
        !outside_texture_loaded(&harness),
        "the linked file was read"
    );

    harness.get_by_label("Preview").click();
    frames_until(&mut harness, Duration::from_millis(500), |_| false);
    assert_eq!(
        harness.query_all_by_label(&refusal).count(),
        2,
        "the preview says why too"
    );
    assert!(
        !outside_texture_loaded(&harness),
        "the linked file was read"
    );

    // The same picture as a file of the desk's own is read and shown: the check above
    // would have seen it.
    std::fs::remove_file(&photo).expect("unlink");
    std::fs::copy(&outside, &photo).expect("copy");
    assert!(
        frames_until(
            &mut harness,
            Duration::from_secs(10),
            outside_texture_loaded
        ),
        "a photo of the desk is shown"
    );
    assert_eq!(harness.query_all_by_label(&refusal).count(), 0);
}

#[test]
fn a_photo_claiming_more_pixels_than_a_photo_has_is_not_decoded() {
    let (_dir, desk) = crate::sample_copy();
    // A PNG header claiming 20,000 × 20,000 pixels (1.6 GB decoded), the rest cut off.
    let mut huge = std::io::Cursor::new(Vec::new());
    image::RgbaImage::new(1, 1)
        .write_to(&mut huge, image::ImageFormat::Png)
        .expect("png");
    let mut huge = huge.into_inner();
    patch_png_size(&mut huge, 20_000, 20_000);
    std::fs::write(desk.join("media").join(PHOTO), &huge).expect("write");

    let mut harness = crate::window_on(&desk);
    assert!(harness.state_mut().open(SLUG));
    frames_until(&mut harness, Duration::from_millis(300), |_| false);
    let refusal = format!(
        "Photo not shown: {PHOTO}: 20000 × 20000 pixels, larger than a photo may be (at most 16000 a side and 50 megapixels)."
    );
    assert_eq!(harness.query_all_by_label(&refusal).count(), 1);
}

/// Rewrites a PNG's header to claim another size, with the header's checksum made right.
fn patch_png_size(png: &mut [u8], width: u32, height: u32) {
    // Signature (8), length (4), "IHDR" (4), then width and height; the checksum follows
    // the 13 bytes of header data and covers "IHDR" and them.
    png[16..20].copy_from_slice(&width.to_be_bytes());
    png[20..24].copy_from_slice(&height.to_be_bytes());
    let crc = crc32(&png[12..29]);
    png[29..33].copy_from_slice(&crc.to_be_bytes());
}

/// CRC-32 as PNG uses it, bit by bit.
fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0_u32;
    for byte in bytes {
        crc ^= u32::from(*byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}
