//! Stage two: the derived model.
