//! Typed indices into the site's flat vectors.
//!
//! The model cross-references plans, recommendations and actions by their
//! places in [`super::Site`]'s vectors, and `serve` shifts those places when
//! it patches one plan in. An index names the vector it points into, so a
//! recommendation's index cannot look up an action or be shifted by a count
//! of actions: the compiler catches the mix-up.

use std::fmt;
use std::hash::{Hash, Hasher};
use std::marker::PhantomData;
use std::ops::{Index, IndexMut};

use serde::{Serialize, Serializer};

/// The place of a `T` in the site's vector of them.
pub struct Ix<T> {
    at: usize,
    of: PhantomData<fn() -> T>,
}

impl<T> Ix<T> {
    /// The `at`-th item.
    pub const fn new(at: usize) -> Ix<T> {
        Ix {
            at,
            of: PhantomData,
        }
    }

    /// The place as a number, for what is not a site vector (a position, a count).
    pub const fn get(self) -> usize {
        self.at
    }

    /// Every index of a vector of `len` items, in order.
    pub fn all(len: usize) -> impl DoubleEndedIterator<Item = Ix<T>> {
        (0..len).map(Ix::new)
    }

    /// The index of the item `n` places after this one.
    pub const fn after(self, n: usize) -> Ix<T> {
        Ix::new(self.at + n)
    }

    /// The index the next item pushed onto `items` gets.
    pub fn next_in(items: &[T]) -> Ix<T> {
        Ix::new(items.len())
    }

    /// This index after the items before it grew from `old` to `new` (both
    /// counts of the same kind of item).
    pub fn shifted(self, old: usize, new: usize) -> Ix<T> {
        Ix::new(self.at - old + new)
    }
}

impl<T> Clone for Ix<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Ix<T> {}

impl<T> PartialEq for Ix<T> {
    fn eq(&self, other: &Self) -> bool {
        self.at == other.at
    }
}

impl<T> Eq for Ix<T> {}

impl<T> PartialOrd for Ix<T> {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl<T> Ord for Ix<T> {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.at.cmp(&other.at)
    }
}

impl<T> Hash for Ix<T> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.at.hash(state);
    }
}

impl<T> fmt::Debug for Ix<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{}", self.at)
    }
}

impl<T> Serialize for Ix<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_u64(self.at as u64)
    }
}

impl<T> Index<Ix<T>> for Vec<T> {
    type Output = T;
    fn index(&self, index: Ix<T>) -> &T {
        &self[index.at]
    }
}

impl<T> IndexMut<Ix<T>> for Vec<T> {
    fn index_mut(&mut self, index: Ix<T>) -> &mut T {
        &mut self[index.at]
    }
}
