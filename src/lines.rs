//! Line numbers of byte offsets in a file being read, for messages that name the line:
//! one counter for every reader (TMX, TBX, XLIFF, CSV, Markdown).

/// How many line feeds the bytes hold: counted in blocks of 255 into a byte, which the
/// compiler vectorises (a reader runs it once over the whole file).
#[must_use]
pub fn newlines(bytes: &[u8]) -> usize {
    bytes
        .chunks(255)
        .map(|block| {
            usize::from(
                block
                    .iter()
                    .fold(0u8, |n, &b| n.wrapping_add(u8::from(b == b'\n'))),
            )
        })
        .sum()
}

/// The line (from 1) of a byte offset; an offset past the end is the last line.
#[must_use]
pub fn line_of(bytes: &[u8], offset: usize) -> usize {
    1 + newlines(&bytes[..offset.min(bytes.len())])
}

/// Line numbers from byte offsets, counted onward from the last offset asked about, so a
/// read that asks in order counts every byte once (one asking backwards counts back).
#[derive(Clone, Debug)]
pub struct Lines<'a> {
    bytes: &'a [u8],
    at: usize,
    line: usize,
}

impl<'a> Lines<'a> {
    /// A counter at the start of `bytes`.
    #[must_use]
    pub fn new(bytes: &'a [u8]) -> Self {
        Self {
            bytes,
            at: 0,
            line: 1,
        }
    }

    /// The line (from 1) of a byte offset (a parser's `u64` position or a `usize`); one
    /// past the end is the last line.
    pub fn line_of(&mut self, offset: impl TryInto<usize>) -> usize {
        let offset = offset
            .try_into()
            .unwrap_or(usize::MAX)
            .min(self.bytes.len());
        if offset >= self.at {
            self.line += newlines(&self.bytes[self.at..offset]);
        } else {
            self.line -= newlines(&self.bytes[offset..self.at]);
        }
        self.at = offset;
        self.line
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_counted_forward_and_back() {
        let text = b"a\nb\nc\n";
        let mut lines = Lines::new(text);
        assert_eq!(lines.line_of(0u64), 1);
        assert_eq!(lines.line_of(4u64), 3);
        assert_eq!(lines.line_of(2usize), 2);
        assert_eq!(lines.line_of(100u64), 4);
        assert_eq!(lines.line_of(u64::MAX), 4);
        assert_eq!(line_of(text, 3), 2);
        assert_eq!(line_of(text, 99), 4);
    }

    #[test]
    fn newlines_counts_past_a_block_of_255() {
        let text = vec![b'\n'; 700];
        assert_eq!(newlines(&text), 700);
        assert_eq!(newlines(b"no line feed"), 0);
    }
}
