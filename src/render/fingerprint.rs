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
    fn serialize_i8(self, v: i8) -> Done {
        self.serialize_i64(v.into())
    }
    fn serialize_i16(self, v: i16) -> Done {
        self.serialize_i64(v.into())
    }
    fn serialize_i32(self, v: i32) -> Done {
        self.serialize_i64(v.into())
    }
    fn serialize_i64(self, v: i64) -> Done {
        self.tag(Tag::Signed);
        self.0.update(&v.to_le_bytes());
        Ok(())
    }
    fn serialize_i128(self, v: i128) -> Done {
        self.tag(Tag::Signed);
        self.0.update(&v.to_le_bytes());
        Ok(())
    }
    fn serialize_u8(self, v: u8) -> Done {
        self.serialize_u64(v.into())
    }
    fn serialize_u16(self, v: u16) -> Done {
        self.serialize_u64(v.into())
    }
    fn serialize_u32(self, v: u32) -> Done {
        self.serialize_u64(v.into())
    }
    fn serialize_u64(self, v: u64) -> Done {
        self.tag(Tag::Unsigned);
        self.0.update(&v.to_le_bytes());
        Ok(())
    }
    fn serialize_u128(self, v: u128) -> Done {
        self.tag(Tag::Unsigned);
        self.0.update(&v.to_le_bytes());
        Ok(())
    }
    fn serialize_f32(self, v: f32) -> Done {
        self.serialize_f64(v.into())
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

impl ser::SerializeSeq for &mut Hashing {
    type Ok = ();
    type Error = Unhashable;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Done {
        value.serialize(&mut **self)
    }
    fn end(self) -> Done {
        end(self)
    }
}

impl ser::SerializeTuple for &mut Hashing {
    type Ok = ();
    type Error = Unhashable;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Done {
        value.serialize(&mut **self)
    }
    fn end(self) -> Done {
        end(self)
    }
}

impl ser::SerializeTupleStruct for &mut Hashing {
    type Ok = ();
    type Error = Unhashable;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Done {
        value.serialize(&mut **self)
    }
    fn end(self) -> Done {
        end(self)
    }
}

impl ser::SerializeTupleVariant for &mut Hashing {
    type Ok = ();
    type Error = Unhashable;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Done {
        value.serialize(&mut **self)
    }
    fn end(self) -> Done {
        end(self)
    }
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

impl ser::SerializeStruct for &mut Hashing {
    type Ok = ();
    type Error = Unhashable;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Done {
        self.name(key);
        value.serialize(&mut **self)
    }
    fn end(self) -> Done {
        end(self)
    }
}

impl ser::SerializeStructVariant for &mut Hashing {
    type Ok = ();
    type Error = Unhashable;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Done {
        self.name(key);
        value.serialize(&mut **self)
    }
    fn end(self) -> Done {
        end(self)
    }
}

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
