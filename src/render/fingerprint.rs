//! A page context's fingerprint: its serde form fed straight into XXH3-128.
//!
//! `serve` compares fingerprints to find the pages an edit changed, so this
//! runs for every page an edit reaches. Writing JSON only to hash it spent
//! most of that time escaping text; here every value goes into the hasher
//! as a tag, a length where it has one, and its bytes. Two contexts give the
//! same fingerprint only if they serialise alike (but for a chance of one in
//! 2^128): every string carries its length, every list and map its end.

use std::sync::{Arc, OnceLock};

use serde::ser::{self, Serialize, Serializer};
use xxhash_rust::xxh3::Xxh3;

/// A hash of everything a page's template is given.
pub type Fingerprint = u128;

/// The fingerprint of `value`, or `None` if it cannot be serialised (a map
/// key that is not text, say), which leaves the page to be rendered every time.
pub fn of<T: Serialize + ?Sized>(value: &T) -> Option<Fingerprint> {
    let mut hashing = Hashing(Xxh3::new());
    value.serialize(&mut hashing).ok()?;
    Some(hashing.0.digest128())
}

struct Hashing(Xxh3);

/// A template value many pages show (a recommendation's card, its entry in
/// related lists), fingerprinted once however many pages show it: Tera is
/// given the value, a page's fingerprint the value's own fingerprint in
/// its place (the hasher is the one serialiser that is not human-readable).
#[derive(Clone, Debug)]
pub struct Shown {
    value: tera::Value,
    fingerprint: Arc<OnceLock<Option<Fingerprint>>>,
}

impl Shown {
    pub fn new(value: tera::Value) -> Shown {
        Shown {
            value,
            fingerprint: Arc::default(),
        }
    }

    /// The value as templates see it.
    pub fn value(&self) -> &tera::Value {
        &self.value
    }
}

impl Serialize for Shown {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if serializer.is_human_readable() {
            return self.value.serialize(serializer);
        }
        match self.fingerprint.get_or_init(|| of(&self.value)) {
            Some(fingerprint) => serializer.serialize_u128(*fingerprint),
            None => self.value.serialize(serializer),
        }
    }
}

/// Kinds of value, written before each so that, say, `1u8` and `true` differ.
#[repr(u8)]
enum Tag {
    Bool,
    Signed,
    Unsigned,
    Float,
    Char,
    Text,
    Bytes,
    None,
    Some,
    Unit,
    Variant,
    List,
    Map,
    End,
}

impl Hashing {
    fn tag(&mut self, tag: Tag) {
        self.0.update(&[tag as u8]);
    }

    fn bytes(&mut self, tag: Tag, bytes: &[u8]) {
        self.tag(tag);
        self.0.update(&(bytes.len() as u64).to_le_bytes());
        self.0.update(bytes);
    }

    fn name(&mut self, name: &str) {
        self.bytes(Tag::Text, name.as_bytes());
    }
}

/// Only a serialiser's own refusal: hashing itself cannot fail.
#[derive(Debug)]
pub struct Unhashable;

impl std::fmt::Display for Unhashable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a value that cannot be fingerprinted")
    }
}

impl std::error::Error for Unhashable {}

impl ser::Error for Unhashable {
    fn custom<T: std::fmt::Display>(_: T) -> Self {
        Unhashable
    }
}

type Done = Result<(), Unhashable>;

/// Serialiser methods that widen a number to the method that hashes it,
/// so that `1u8` and `1u64` hash alike, as they print alike.
macro_rules! widened {
    ($($method:ident($from:ty) => $to:ident),* $(,)?) => {$(
        fn $method(self, v: $from) -> Done {
            self.$to(v.into())
        }
    )*};
}

/// Serialiser methods that hash a number's tag and little-endian bytes.
macro_rules! bytes_of {
    ($($method:ident($from:ty) => $tag:ident),* $(,)?) => {$(
        fn $method(self, v: $from) -> Done {
            self.tag(Tag::$tag);
            self.0.update(&v.to_le_bytes());
            Ok(())
        }
    )*};
}

/// The compound serialisers that differ only in their method's name: each
/// hashes its items in turn, then an end tag.
macro_rules! items {
    ($($kind:ident :: $method:ident),* $(,)?) => {$(
        impl ser::$kind for &mut Hashing {
            type Ok = ();
            type Error = Unhashable;
            fn $method<T: Serialize + ?Sized>(&mut self, value: &T) -> Done {
                value.serialize(&mut **self)
            }
            fn end(self) -> Done {
                end(self)
            }
        }
    )*};
}

/// The compound serialisers of named fields: each field's name, then its value.
macro_rules! fields {
    ($($kind:ident),* $(,)?) => {$(
        impl ser::$kind for &mut Hashing {
            type Ok = ();
            type Error = Unhashable;
            fn serialize_field<T: Serialize + ?Sized>(
                &mut self,
                key: &'static str,
                value: &T,
            ) -> Done {
                self.name(key);
                value.serialize(&mut **self)
            }
            fn end(self) -> Done {
                end(self)
            }
        }
    )*};
}

impl<'h> ser::Serializer for &'h mut Hashing {
    type Ok = ();
    type Error = Unhashable;
    type SerializeSeq = &'h mut Hashing;
    type SerializeTuple = &'h mut Hashing;
    type SerializeTupleStruct = &'h mut Hashing;
    type SerializeTupleVariant = &'h mut Hashing;
    type SerializeMap = &'h mut Hashing;
    type SerializeStruct = &'h mut Hashing;
    type SerializeStructVariant = &'h mut Hashing;

    fn is_human_readable(&self) -> bool {
        false
    }

    fn serialize_bool(self, v: bool) -> Done {
        self.tag(Tag::Bool);
        self.0.update(&[u8::from(v)]);
        Ok(())
    }
    widened! {
        serialize_i8(i8) => serialize_i64,
        serialize_i16(i16) => serialize_i64,
        serialize_i32(i32) => serialize_i64,
        serialize_u8(u8) => serialize_u64,
        serialize_u16(u16) => serialize_u64,
        serialize_u32(u32) => serialize_u64,
        serialize_f32(f32) => serialize_f64,
    }
    bytes_of! {
        serialize_i64(i64) => Signed,
        serialize_i128(i128) => Signed,
        serialize_u64(u64) => Unsigned,
        serialize_u128(u128) => Unsigned,
    }
    fn serialize_f64(self, v: f64) -> Done {
        self.tag(Tag::Float);
        self.0.update(&v.to_bits().to_le_bytes());
        Ok(())
    }
    fn serialize_char(self, v: char) -> Done {
        self.tag(Tag::Char);
        self.0.update(&u32::from(v).to_le_bytes());
        Ok(())
    }
    fn serialize_str(self, v: &str) -> Done {
        self.bytes(Tag::Text, v.as_bytes());
        Ok(())
    }
    fn serialize_bytes(self, v: &[u8]) -> Done {
        self.bytes(Tag::Bytes, v);
        Ok(())
    }
    fn serialize_none(self) -> Done {
        self.tag(Tag::None);
        Ok(())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Done {
        self.tag(Tag::Some);
        value.serialize(self)
    }
    fn serialize_unit(self) -> Done {
        self.tag(Tag::Unit);
        Ok(())
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Done {
        self.serialize_unit()
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Done {
        self.tag(Tag::Variant);
        self.name(variant);
        Ok(())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Done {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Done {
        self.tag(Tag::Variant);
        self.name(variant);
        value.serialize(self)
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Self, Unhashable> {
        self.tag(Tag::List);
        Ok(self)
    }
    fn serialize_tuple(self, _len: usize) -> Result<Self, Unhashable> {
        self.serialize_seq(None)
    }
    fn serialize_tuple_struct(self, _name: &'static str, _len: usize) -> Result<Self, Unhashable> {
        self.serialize_seq(None)
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Self, Unhashable> {
        self.tag(Tag::Variant);
        self.name(variant);
        self.serialize_seq(None)
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Self, Unhashable> {
        self.tag(Tag::Map);
        Ok(self)
    }
    fn serialize_struct(self, _name: &'static str, _len: usize) -> Result<Self, Unhashable> {
        self.serialize_map(None)
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Self, Unhashable> {
        self.tag(Tag::Variant);
        self.name(variant);
        self.serialize_map(None)
    }
}

/// Ends a list or map, so that what follows cannot pass for one more item.
fn end(hashing: &mut Hashing) -> Done {
    hashing.tag(Tag::End);
    Ok(())
}

items! {
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field,
}

impl ser::SerializeMap for &mut Hashing {
    type Ok = ();
    type Error = Unhashable;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Done {
        key.serialize(&mut **self)
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Done {
        value.serialize(&mut **self)
    }
    fn end(self) -> Done {
        end(self)
    }
}

fields!(SerializeStruct, SerializeStructVariant);

#[cfg(test)]
mod tests {
    use super::{Shown, of};

    #[test]
    fn contexts_that_serialise_differently_fingerprint_differently() {
        assert_eq!(of(&("ab", "c")), of(&("ab", "c")));
        assert_ne!(of(&("ab", "c")), of(&("a", "bc")), "strings run together");
        assert_ne!(of(&vec![vec![1], vec![]]), of(&vec![vec![], vec![1]]));
        assert_ne!(of(&Some(1u8)), of(&1u8));
        assert_ne!(of(&1u8), of(&true));
        assert_ne!(of(&1i64), of(&1u64));
    }

    #[test]
    fn a_shown_value_fingerprints_as_its_content() {
        let card = |text: &str| Shown::new(tera::Value::from(text));
        assert_eq!(
            of(&vec![card("a"), card("b")]),
            of(&vec![card("a"), card("b")])
        );
        assert_ne!(
            of(&vec![card("a"), card("b")]),
            of(&vec![card("a"), card("c")])
        );
        // Tera still sees the value itself.
        let value = tera::Value::try_from_serializable(&card("a")).expect("a value");
        assert_eq!(value.as_str(), Some("a"));
    }
}
