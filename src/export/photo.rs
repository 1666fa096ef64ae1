//! How large a photo may be to be decoded, read from its header before any decoder sees the
//! rest: one rule for the Word exporter (which decodes photos to place them) and the window
//! (which decodes them to show them).

use thiserror::Error;

/// The widest or tallest a photo may be: larger than any camera's, far smaller than a
/// crafted file's claim.
pub const MAX_PHOTO_SIDE: u32 = 16_000;
/// The most pixels a photo may have: a 50-megapixel camera's.
pub const MAX_PHOTO_PIXELS: u64 = 50_000_000;
/// The most memory reading a photo's header may take: its metadata (colour profile, text)
/// is never larger than the largest photo file the desk reads (32 MB).
const MAX_HEADER_BYTES: u64 = 32 * 1024 * 1024;

/// Why a photo is not decoded.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum PhotoProblem {
    /// Not a JPEG or PNG whose header says its size.
    #[error("not a JPEG or PNG image whose size can be read")]
    Unreadable,
    /// A size no photo has; decoding it could take gigabytes.
    #[error(
        "{width} × {height} pixels, larger than a photo may be (at most {MAX_PHOTO_SIDE} a side and {} megapixels)",
        MAX_PHOTO_PIXELS / 1_000_000
    )]
    TooLarge {
        /// The width the header claims.
        width: u32,
        /// The height the header claims.
        height: u32,
    },
}

/// The width and height a JPEG or PNG photo's header claims, refused when it is larger than
/// a photo may be ([`MAX_PHOTO_SIDE`] a side, [`MAX_PHOTO_PIXELS`] in all) or cannot be
/// read. Only the header is read: a few hundred bytes can claim a picture of gigabytes, and
/// that claim is what the decoder would allocate for. A panic in the image reader (other
/// people's code) is contained and makes the photo unreadable.
pub fn photo_size(bytes: &[u8]) -> Result<(u32, u32), PhotoProblem> {
    let (width, height) = std::panic::catch_unwind(|| {
        let mut reader = image::ImageReader::new(std::io::Cursor::new(bytes))
            .with_guessed_format()
            .ok()?;
        if !matches!(
            reader.format(),
            Some(image::ImageFormat::Png | image::ImageFormat::Jpeg)
        ) {
            return None;
        }
        let mut limits = image::Limits::default();
        limits.max_alloc = Some(MAX_HEADER_BYTES);
        reader.limits(limits);
        reader.into_dimensions().ok()
    })
    .ok()
    .flatten()
    .ok_or(PhotoProblem::Unreadable)?;
    if width == 0 || height == 0 {
        return Err(PhotoProblem::Unreadable);
    }
    if width > MAX_PHOTO_SIDE
        || height > MAX_PHOTO_SIDE
        || u64::from(width) * u64::from(height) > MAX_PHOTO_PIXELS
    {
        return Err(PhotoProblem::TooLarge { width, height });
    }
    Ok((width, height))
}

/// What a format that links a photo rather than embedding it says about it: its media type
/// and, when the desk has the file and its header reads, its size in pixels.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct PhotoFacts {
    /// `image/png` or `image/jpeg`: from the bytes when the desk has them, else from the name.
    pub media_type: &'static str,
    /// Width and height, when known.
    pub size: Option<(u32, u32)>,
}

/// The facts of the photo `file`, from its bytes when `bytes` is `Some`.
pub(crate) fn photo_facts(file: &str, bytes: Option<&[u8]>) -> PhotoFacts {
    let sniffed = bytes.and_then(|b| {
        if b.starts_with(b"\x89PNG\r\n\x1a\n") {
            Some("image/png")
        } else if b.starts_with(&[0xFF, 0xD8, 0xFF]) {
            Some("image/jpeg")
        } else {
            None
        }
    });
    PhotoFacts {
        media_type: sniffed.unwrap_or_else(|| media_type_by_name(file)),
        size: bytes.and_then(|b| photo_size(b).ok()),
    }
}

/// The media type a photo's file name suggests (the desk takes only JPEG and PNG).
pub(crate) fn media_type_by_name(file: &str) -> &'static str {
    let extension = std::path::Path::new(file)
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase());
    match extension.as_deref() {
        Some("png") => "image/png",
        Some("gif") => "image/gif",
        Some("webp") => "image/webp",
        _ => "image/jpeg",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A PNG's signature, its header chunk claiming `width` × `height`, and an empty image
    /// data chunk: what a reader looks at before the pixels.
    fn png_header(width: u32, height: u32) -> Vec<u8> {
        let mut header = Vec::new();
        header.extend(width.to_be_bytes());
        header.extend(height.to_be_bytes());
        // Eight bits a channel, colour with alpha, the usual compression, filter, no interlace.
        header.extend([8, 6, 0, 0, 0]);
        let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
        for (name, data) in [(b"IHDR", header.as_slice()), (b"IDAT", &[]), (b"IEND", &[])] {
            png.extend(u32::try_from(data.len()).unwrap().to_be_bytes());
            let mut chunk = name.to_vec();
            chunk.extend(data);
            png.extend(&chunk);
            png.extend(crc32(&chunk).to_be_bytes());
        }
        png
    }

    /// CRC-32 as PNG uses it (ISO 3309), bit by bit: an oracle independent of the reader.
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

    #[test]
    fn a_photo_s_size_is_read_from_its_header() {
        assert_eq!(photo_size(&png_header(37, 23)), Ok((37, 23)));
        // Exactly at each limit: 16,000 a side, 16,000 × 3,125 = 50,000,000 pixels.
        assert_eq!(photo_size(&png_header(16_000, 3_125)), Ok((16_000, 3_125)));
        assert_eq!(photo_size(&png_header(1, 16_000)), Ok((1, 16_000)));
    }

    #[test]
    fn a_header_claiming_more_than_a_photo_has_is_refused() {
        for (width, height) in [
            (16_001, 1),
            (1, 16_001),
            (16_000, 3_126),
            (100_000, 100_000),
        ] {
            assert_eq!(
                photo_size(&png_header(width, height)),
                Err(PhotoProblem::TooLarge { width, height }),
                "{width} × {height}"
            );
        }
        assert_eq!(
            PhotoProblem::TooLarge {
                width: 16_001,
                height: 1
            }
            .to_string(),
            "16001 × 1 pixels, larger than a photo may be (at most 16000 a side and 50 megapixels)"
        );
    }

    #[test]
    fn a_photo_s_facts_come_from_its_bytes_before_its_name() {
        let png = png_header(40, 30);
        assert_eq!(
            photo_facts("street.jpg", Some(&png)),
            PhotoFacts {
                media_type: "image/png",
                size: Some((40, 30))
            }
        );
        assert_eq!(
            photo_facts("street.JPG", None),
            PhotoFacts {
                media_type: "image/jpeg",
                size: None
            }
        );
        assert_eq!(photo_facts("street.png", Some(b"junk")).size, None);
        assert_eq!(photo_facts("street.png", None).media_type, "image/png");
    }

    #[test]
    fn anything_else_is_unreadable() {
        let gif = b"GIF89a\x01\x00\x01\x00\x00\x00\x00;".to_vec();
        for bytes in [Vec::new(), b"not a picture".to_vec(), gif, png_header(0, 5)] {
            assert_eq!(photo_size(&bytes), Err(PhotoProblem::Unreadable));
        }
    }
}
