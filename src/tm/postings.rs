//! The index's posting lists, compressed: a list of unit ids in ascending order, kept as the
//! differences between neighbours in LEB128 (seven bits a byte, the high bit set on every
//! byte but a number's last).
//!
//! Why: a million entries post about 45 million (element, unit) pairs. As `u32`s they cost
//! 180 MB; as differences most take one byte (a common syllable's list holds most units, so
//! its neighbours are close) and the rare lists two or three. Reading a list is a pass over
//! its bytes, which the lookup does anyway.

/// Unit ids in ascending order, as LEB128 differences.
#[derive(Clone, Debug, Default)]
pub struct PostingList {
    bytes: Vec<u8>,
    /// The last id pushed (the base of the next difference).
    last: u32,
    len: u32,
}

impl PostingList {
    /// Appends a unit id. Ids come in ascending order, as units are numbered when added; an
    /// id below the last is ignored (it cannot be stored as a difference).
    pub fn push(&mut self, unit: u32) {
        if self.len > 0 && unit <= self.last {
            return;
        }
        let mut delta = if self.len == 0 {
            unit
        } else {
            unit - self.last
        };
        loop {
            let byte = (delta & 0x7f) as u8;
            delta >>= 7;
            if delta == 0 {
                self.bytes.push(byte);
                break;
            }
            self.bytes.push(byte | 0x80);
        }
        self.last = unit;
        self.len += 1;
    }

    /// How many ids it holds.
    #[must_use]
    pub fn len(&self) -> usize {
        self.len as usize
    }

    /// Whether it holds none.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Calls `each` with every id, in ascending order: the lookup's inner loop, kept free of
    /// an iterator's state so that it compiles to a tight pass over the bytes.
    pub fn for_each(&self, mut each: impl FnMut(u32)) {
        let mut id = 0u32;
        let mut delta = 0u32;
        let mut shift = 0u32;
        for &byte in &self.bytes {
            delta |= u32::from(byte & 0x7f).wrapping_shl(shift);
            if byte & 0x80 == 0 {
                id = id.wrapping_add(delta);
                each(id);
                delta = 0;
                shift = 0;
            } else {
                shift += 7;
            }
        }
    }

    /// Every id, in ascending order.
    #[must_use]
    pub fn to_vec(&self) -> Vec<u32> {
        let mut ids = Vec::with_capacity(self.len());
        self.for_each(|id| ids.push(id));
        ids
    }

    /// Gives back the room kept for growth.
    pub fn shrink_to_fit(&mut self) {
        self.bytes.shrink_to_fit();
    }

    /// The bytes it takes (for the benchmark's account of the memory).
    #[must_use]
    pub fn byte_len(&self) -> usize {
        self.bytes.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn differences_by_hand() {
        // 0, 1, 128 (a difference of 127: one byte), 300 (172: two bytes, 0xAC 0x01).
        let mut list = PostingList::default();
        for id in [0, 1, 128, 300] {
            list.push(id);
        }
        assert_eq!(list.bytes, vec![0x00, 0x01, 0x7f, 0xac, 0x01]);
        assert_eq!(list.to_vec(), vec![0, 1, 128, 300]);
        assert_eq!(list.len(), 4);
        // An id not above the last is not stored.
        list.push(300);
        list.push(5);
        assert_eq!(list.to_vec(), vec![0, 1, 128, 300]);
    }

    #[test]
    fn the_largest_id_survives() {
        let mut list = PostingList::default();
        list.push(7);
        list.push(u32::MAX);
        assert_eq!(list.to_vec(), vec![7, u32::MAX]);
    }

    proptest! {
        #[test]
        fn what_is_pushed_is_read_back(mut ids in proptest::collection::vec(any::<u32>(), 0..300)) {
            ids.sort_unstable();
            ids.dedup();
            let mut list = PostingList::default();
            for &id in &ids {
                list.push(id);
            }
            prop_assert_eq!(list.len(), ids.len());
            prop_assert_eq!(list.to_vec(), ids);
        }
    }
}
