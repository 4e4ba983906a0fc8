//! A download's row as CSV cells, straight from its `Serialize` form.
//!
//! The rows of `/data/` are structs that serde writes as JSON; the CSV files
//! read the very same serialisation, so a row struct stays the one
//! definition of its columns and their order. Going through
//! `serde_json::Value` made a map with owned keys and values for each of the
//! estate's 145,000 rows, which took twice as long as writing the JSON; this
//! serialiser writes each field straight into its cell.
//!
//! A cell is what a spreadsheet reader expects: nothing for an absent value,
//! a list joined with `; `, an object's non-empty values joined with a
//! space, numbers as JSON writes them.

use std::fmt;

use serde::ser::{self, Impossible, Serialize};

/// Why a row could not be made cells of.
#[derive(Debug)]
pub struct Error(String);

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

impl ser::Error for Error {
    fn custom<T: fmt::Display>(message: T) -> Self {
        Error(message.to_string())
    }
}

/// One row's cells, in its fields' order; with `names`, also its field
/// names (for checking them against the header once, not on every row).
pub fn cells<T: Serialize>(row: &T, names: Option<&mut Vec<String>>) -> Result<Vec<String>, Error> {
    let mut out = Row {
        cells: Vec::new(),
        names,
    };
    row.serialize(&mut out)?;
    Ok(out.cells)
}

/// The top of a row: a struct, or the map serde makes of a struct with a
/// flattened field.
struct Row<'a> {
    cells: Vec<String>,
    names: Option<&'a mut Vec<String>>,
}

impl Row<'_> {
    fn field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.cells.push(value.serialize(Cell)?);
        Ok(())
    }

    fn name(&mut self, name: &str) {
        if let Some(names) = self.names.as_deref_mut() {
            names.push(name.to_owned());
        }
    }
}

/// A row must be a record; anything else is a bug in a row struct.
fn not_a_record() -> Error {
    Error("a data row is not a record".into())
}

/// The serialiser methods a row does not accept, each failing.
macro_rules! not_a_record {
    ($($method:ident($($arg:ty),*)),* $(,)?) => {
        $(fn $method(self, $(_: $arg),*) -> Result<Self::Ok, Error> {
            Err(not_a_record())
        })*
    };
}

impl<'r, 'a> ser::Serializer for &'r mut Row<'a> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Impossible<(), Error>;
    type SerializeTuple = Impossible<(), Error>;
    type SerializeTupleStruct = Impossible<(), Error>;
    type SerializeTupleVariant = Impossible<(), Error>;
    type SerializeMap = RowMap<'r, 'a>;
    type SerializeStruct = Self;
    type SerializeStructVariant = Impossible<(), Error>;

    not_a_record! {
        serialize_bool(bool), serialize_i8(i8), serialize_i16(i16), serialize_i32(i32),
        serialize_i64(i64), serialize_u8(u8), serialize_u16(u16), serialize_u32(u32),
        serialize_u64(u64), serialize_f32(f32), serialize_f64(f64), serialize_char(char),
        serialize_str(&str), serialize_bytes(&[u8]), serialize_none(), serialize_unit(),
        serialize_unit_struct(&'static str),
        serialize_unit_variant(&'static str, u32, &'static str),
    }

    fn serialize_some<T: Serialize + ?Sized>(self, _: &T) -> Result<(), Error> {
        Err(not_a_record())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: &T,
    ) -> Result<(), Error> {
        Err(not_a_record())
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<(), Error> {
        Err(not_a_record())
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, Error> {
        Err(not_a_record())
    }
    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, Error> {
        Err(not_a_record())
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct, Error> {
        Err(not_a_record())
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, Error> {
        Err(not_a_record())
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, Error> {
        Ok(RowMap { row: self })
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self, Error> {
        Ok(self)
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, Error> {
        Err(not_a_record())
    }
}

impl ser::SerializeStruct for &mut Row<'_> {
    type Ok = ();
    type Error = Error;

    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        name: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        self.name(name);
        self.field(value)
    }

    fn end(self) -> Result<(), Error> {
        Ok(())
    }
}

/// A row struct with a flattened field: its fields come as map entries.
struct RowMap<'r, 'a> {
    row: &'r mut Row<'a>,
}

impl ser::SerializeMap for RowMap<'_, '_> {
    type Ok = ();
    type Error = Error;

    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Error> {
        if self.row.names.is_some() {
            let name = key.serialize(Cell)?;
            self.row.name(&name);
        }
        Ok(())
    }

    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.row.field(value)
    }

    fn end(self) -> Result<(), Error> {
        Ok(())
    }
}

/// One field's value as its cell.
struct Cell;

/// Parts of a list or an object, joined into one cell when it ends.
struct Parts {
    parts: Vec<String>,
    /// `; ` between a list's items, a space between an object's values.
    list: bool,
}

impl Parts {
    fn add<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        let part = value.serialize(Cell)?;
        if self.list || !part.is_empty() {
            self.parts.push(part);
        }
        Ok(())
    }

    fn join(self) -> String {
        self.parts.join(if self.list { "; " } else { " " })
    }

    fn list(len: Option<usize>) -> Parts {
        Parts {
            parts: Vec::with_capacity(len.unwrap_or(0)),
            list: true,
        }
    }

    fn object() -> Parts {
        Parts {
            parts: Vec::new(),
            list: false,
        }
    }
}

/// A number as JSON writes it (`0.28`, `1.0`); nothing for one JSON cannot hold.
fn number(value: f64) -> String {
    serde_json::Number::from_f64(value).map_or_else(String::new, |n| n.to_string())
}

/// The serialiser methods whose value is its cell as Rust writes it.
macro_rules! written_as_is {
    ($($method:ident($arg:ty)),* $(,)?) => {
        $(fn $method(self, v: $arg) -> Result<String, Error> {
            Ok(v.to_string())
        })*
    };
}

impl ser::Serializer for Cell {
    type Ok = String;
    type Error = Error;
    type SerializeSeq = Parts;
    type SerializeTuple = Parts;
    type SerializeTupleStruct = Parts;
    type SerializeTupleVariant = Parts;
    type SerializeMap = Parts;
    type SerializeStruct = Parts;
    type SerializeStructVariant = Parts;

    written_as_is! {
        serialize_bool(bool), serialize_i8(i8), serialize_i16(i16), serialize_i32(i32),
        serialize_i64(i64), serialize_u8(u8), serialize_u16(u16), serialize_u32(u32),
        serialize_u64(u64), serialize_char(char),
    }
    fn serialize_f32(self, v: f32) -> Result<String, Error> {
        Ok(number(f64::from(v)))
    }
    fn serialize_f64(self, v: f64) -> Result<String, Error> {
        Ok(number(v))
    }
    fn serialize_str(self, v: &str) -> Result<String, Error> {
        Ok(v.to_owned())
    }
    fn serialize_bytes(self, _: &[u8]) -> Result<String, Error> {
        Err(Error("a data cell cannot hold raw bytes".into()))
    }
    fn serialize_none(self) -> Result<String, Error> {
        Ok(String::new())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<String, Error> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<String, Error> {
        Ok(String::new())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<String, Error> {
        Ok(String::new())
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<String, Error> {
        Ok(variant.to_owned())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<String, Error> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        value: &T,
    ) -> Result<String, Error> {
        value.serialize(self)
    }
    fn serialize_seq(self, len: Option<usize>) -> Result<Parts, Error> {
        Ok(Parts::list(len))
    }
    fn serialize_tuple(self, len: usize) -> Result<Parts, Error> {
        Ok(Parts::list(Some(len)))
    }
    fn serialize_tuple_struct(self, _: &'static str, len: usize) -> Result<Parts, Error> {
        Ok(Parts::list(Some(len)))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        len: usize,
    ) -> Result<Parts, Error> {
        Ok(Parts::list(Some(len)))
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Parts, Error> {
        Ok(Parts::object())
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Parts, Error> {
        Ok(Parts::object())
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Parts, Error> {
        Ok(Parts::object())
    }
}

/// Lists and objects of every kind gather their parts alike: `$method` is
/// each trait's name for taking one part, with the key it is given, if any.
macro_rules! gathers_parts {
    ($($trait:ident::$method:ident($($key:ty)?)),* $(,)?) => {
        $(impl ser::$trait for Parts {
            type Ok = String;
            type Error = Error;
            fn $method<T: Serialize + ?Sized>(&mut self, $(_: $key,)? value: &T) -> Result<(), Error> {
                self.add(value)
            }
            fn end(self) -> Result<String, Error> {
                Ok(self.join())
            }
        })*
    };
}

gathers_parts! {
    SerializeSeq::serialize_element(),
    SerializeTuple::serialize_element(),
    SerializeTupleStruct::serialize_field(),
    SerializeTupleVariant::serialize_field(),
    SerializeStruct::serialize_field(&'static str),
    SerializeStructVariant::serialize_field(&'static str),
}

/// An object's keys are left out; its values are its parts.
impl ser::SerializeMap for Parts {
    type Ok = String;
    type Error = Error;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, _: &T) -> Result<(), Error> {
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.add(value)
    }
    fn end(self) -> Result<String, Error> {
        Ok(self.join())
    }
}

#[cfg(test)]
mod tests {
    use serde::Serialize;

    use super::cells;

    #[derive(Serialize)]
    #[serde(rename_all = "kebab-case")]
    enum Basis {
        SimilarWords,
    }

    #[derive(Serialize)]
    struct Linked {
        item: &'static str,
        score: Option<f64>,
        basis: Basis,
    }

    #[derive(Serialize)]
    struct Outcome {
        outcome: Option<&'static str>,
        outcome_date: Option<String>,
    }

    #[derive(Serialize)]
    struct Row {
        #[serde(rename = "ref")]
        reference: &'static str,
        decision: Option<&'static str>,
        #[serde(flatten)]
        outcome: Outcome,
        owners: Vec<&'static str>,
        actions: usize,
        raised: Vec<Linked>,
    }

    fn row() -> Row {
        Row {
            reference: "5.1",
            decision: None,
            outcome: Outcome {
                outcome: Some("achieved"),
                outcome_date: None,
            },
            owners: vec!["Governor", "Head of Safety"],
            actions: 3,
            raised: vec![
                Linked {
                    item: "2018/5.1",
                    score: Some(0.28),
                    basis: Basis::SimilarWords,
                },
                Linked {
                    item: "2015/2",
                    score: None,
                    basis: Basis::SimilarWords,
                },
            ],
        }
    }

    #[test]
    fn a_row_s_fields_become_cells_as_a_spreadsheet_reads_them() {
        let mut names = Vec::new();
        let cells = cells(&row(), Some(&mut names)).expect("a record");
        assert_eq!(
            names,
            [
                "ref",
                "decision",
                "outcome",
                "outcome_date",
                "owners",
                "actions",
                "raised"
            ]
        );
        assert_eq!(
            cells,
            [
                "5.1",
                "",
                "achieved",
                "",
                "Governor; Head of Safety",
                "3",
                "2018/5.1 0.28 similar-words; 2015/2 similar-words",
            ]
        );
    }

    #[test]
    fn names_are_gathered_only_when_asked_for() {
        let cells = cells(&row(), None).expect("a record");
        assert_eq!(cells.len(), 7);
    }

    #[test]
    fn a_whole_number_score_keeps_its_decimal_point_as_in_the_json() {
        #[derive(Serialize)]
        struct Scored {
            score: f64,
        }
        let whole = cells(&Scored { score: 1.0 }, None).expect("a record");
        assert_eq!(whole, ["1.0"]);
        let none = cells(&Scored { score: f64::NAN }, None).expect("a record");
        assert_eq!(none, [""]);
    }

    #[test]
    fn a_row_that_is_not_a_record_is_refused() {
        assert!(cells(&"5.1", None).is_err());
        assert!(cells(&vec!["5.1"], None).is_err());
    }
}
