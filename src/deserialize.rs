//! TOML into the raw structs (`config`, `content::raw`), keeping what kind of
//! mistake a failure is as a value: an unknown field (with the fields there
//! are, for a "did you mean"), an invalid value, or anything else (syntax, a
//! wrong type, a missing field), which is a `parse` error.
//!
//! toml's errors carry only a message and a span, so the kind is recorded
//! where serde makes it: every visitor of the raw structs is handed `Kinded`
//! as its error type, which notes the kind of each error it makes before it
//! becomes toml's error (with the same message, so the text is serde's own).
//! `Wrap` passes a deserializer through unchanged otherwise, giving the same
//! values, spans and messages as deserializing directly.
//!
//! The raw structs hold their values as `spanned::Spanned`: toml's `Spanned`
//! with a JSON Schema (`roadbook schema`).

pub(crate) mod spanned;

use crate::diagnostic::{did_you_mean, nearest, Code};
use serde::de::{self, DeserializeSeed, Deserializer, IntoDeserializer, Visitor};
use serde::Deserialize;
use std::cell::Cell;
use std::fmt;
use std::ops::Range;
use toml::de::{DeTable, DeValue};
use toml::Spanned;

/// What kind of mistake a TOML error is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Kind {
    /// A key the table does not have, and the keys it has.
    UnknownField { name: String, expected: &'static [&'static str] },
    /// A value of the right type that is not allowed (an unknown variant, a negative size).
    InvalidValue,
    /// Anything else: bad syntax, a wrong type, a missing field.
    Shape,
}

/// A TOML error (its message and where it is) and the kind of mistake it is.
#[derive(Debug, Clone)]
pub(crate) struct Failure {
    message: String,
    span: Option<Range<usize>>,
    kind: Kind,
}

impl Failure {
    fn new(error: toml::de::Error, kind: Kind) -> Failure {
        Failure { span: error.span(), message: error.message().to_string(), kind }
    }

    /// Text that is not TOML at all.
    pub(crate) fn syntax(error: toml::de::Error) -> Failure {
        Failure::new(error, Kind::Shape)
    }

    /// Where the mistake is, from the start of the TOML text, when toml says.
    pub(crate) fn offset(&self) -> Option<usize> {
        self.span.as_ref().map(|s| s.start)
    }

    /// For an unknown field, the known field it is nearest to.
    fn meant(&self) -> Option<&'static str> {
        match &self.kind {
            Kind::UnknownField { name, expected } => nearest(name, expected.iter().copied()),
            _ => None,
        }
    }

    /// For an unknown field, the fields the table has (serde's own list); else none.
    #[cfg(test)]
    pub(crate) fn expected(&self) -> &'static [&'static str] {
        match self.kind {
            Kind::UnknownField { expected, .. } => expected,
            _ => &[],
        }
    }

    /// Whether this is serde's "missing field" error for `field`. serde makes it
    /// with the map's own error type, out of `Kinded`'s sight, so it is known by
    /// its text: what `de::Error::missing_field` says.
    pub(crate) fn is_missing(&self, field: &str) -> bool {
        self.message.trim() == format!("missing field `{field}`")
    }

    /// The diagnostic code and message: serde's message, or for an unknown
    /// field with a near name, "unknown field `x`; did you mean `y`?".
    pub(crate) fn describe(&self) -> (Code, String) {
        let message = self.message.trim().to_string();
        match &self.kind {
            Kind::UnknownField { name, expected } => {
                let hint = did_you_mean(name, expected.iter().copied());
                match hint.is_empty() {
                    true => (Code::UnknownField, message),
                    false => (Code::UnknownField, format!("unknown field `{name}`{hint}")),
                }
            }
            Kind::InvalidValue => (Code::InvalidValue, message),
            Kind::Shape => (Code::Parse, message),
        }
    }
}

/// Parses `text` as a whole TOML document into `T`, reporting every mistake
/// in it (see `from_value`).
pub(crate) fn from_str<'de, T: Deserialize<'de>>(text: &'de str) -> Result<T, Vec<Failure>> {
    let table = DeTable::parse(text).map_err(|e| vec![Failure::syntax(e)])?;
    let span = table.span();
    from_value(Spanned::new(span, DeValue::Table(table.into_inner())))
}

/// The most mistakes reported for one table; a generated file with thousands
/// of bad keys in one table stays linear, and the first hundred say enough.
const MISTAKES_PER_TABLE: usize = 100;

/// Deserializes `T` from one parsed TOML value (a table of a roadmap file, a
/// whole document), reporting every bad field in one run (see `read_rest`).
/// A value with mistakes is refused as a whole.
pub(crate) fn from_value<'de, T: Deserialize<'de>>(value: Spanned<DeValue<'de>>) -> Result<T, Vec<Failure>> {
    match read_rest(value) {
        (Some(read), mistakes) if mistakes.is_empty() => Ok(read),
        (_, mistakes) => Err(mistakes),
    }
}

/// Reads `T` from one parsed TOML value, collecting every bad field: after a
/// failure, the part it is about (a key, or a list element or nested table
/// holding no key at fault) is set aside and the value is read again. A
/// required key set aside as bad is not reported a second time as missing.
/// Returns the failures, in the order found (toml places them, or leaves
/// them unplaced: `offset`), and what was read: all of it, or the rest
/// without its bad parts, or nothing when a required key had to be stood in
/// for or the mistakes could not be set aside.
pub(crate) fn read_rest<'de, T: Deserialize<'de>>(mut value: Spanned<DeValue<'de>>) -> (Option<T>, Vec<Failure>) {
    let start = value.span().start;
    let mut mistakes = Vec::new();
    let mut stood_in = false;
    // Keys set aside, with where the table they were in starts.
    let mut taken: Vec<(usize, String)> = Vec::new();
    loop {
        let e = match deserialize(value.clone().into_deserializer()) {
            Ok(read) => return (Some(read).filter(|_| !stood_in), mistakes),
            Err(e) => e,
        };
        let offset = e.offset();
        let follow_on = taken.iter().find(|(at, key)| offset.unwrap_or(start) == *at && e.is_missing(key));
        if let Some((at, key)) = follow_on {
            // Missing only because it was set aside: the value stands in for
            // it, a nested table is set aside whole; then read on.
            let (at, key) = (*at, key.clone());
            let read_on = match at == start {
                true => stand_in(value.get_mut(), key),
                false => set_aside(&mut value, at, &mut Vec::new()),
            };
            if !read_on {
                return (None, mistakes);
            }
            stood_in |= at == start;
            continue;
        }
        let taken_before = taken.len();
        let read_on = offset.is_some_and(|offset| set_aside(&mut value, offset, &mut taken));
        // A misspelt key is taken for the one it is nearest to: that one is
        // then not reported missing as well.
        if let (Some(meant), Some((at, _))) = (e.meant(), taken.get(taken_before).cloned()) {
            taken.push((at, meant.to_string()));
        }
        mistakes.push(e);
        if !read_on || mistakes.len() >= MISTAKES_PER_TABLE {
            return (None, mistakes);
        }
    }
}

/// Takes out of `value` the innermost part holding `offset`: the key whose
/// key or value holds it, or the list element or nested table that holds it
/// when none of its own keys does. False when nothing holds it. Each key
/// taken out is added to `taken`, with where its table starts.
fn set_aside(value: &mut Spanned<DeValue<'_>>, offset: usize, taken: &mut Vec<(usize, String)>) -> bool {
    let at = value.span().start;
    match value.get_mut() {
        DeValue::Table(table) => {
            let holder = table.iter().find(|(k, v)| {
                let (start, end) = reach(v);
                k.span().start.min(start) <= offset && offset < k.span().end.max(end)
            });
            let Some(key) = holder.map(|(k, _)| k.clone()) else { return false };
            let inner = table.get_mut(&key).map(|v| set_aside(v, offset, taken));
            if inner != Some(true) {
                table.remove(&key);
                taken.push((at, key.into_inner().into_owned()));
            }
            true
        }
        DeValue::Array(items) => {
            let holder = items.iter().position(|v| {
                let (start, end) = reach(v);
                start <= offset && offset < end
            });
            let Some(i) = holder else { return false };
            let slice: &mut [Spanned<DeValue<'_>>] = items.as_mut();
            if !set_aside(&mut slice[i], offset, taken) {
                *items = items.iter().enumerate().filter(|&(j, _)| j != i).map(|(_, v)| v.clone()).collect();
            }
            true
        }
        _ => false,
    }
}

/// The first and last byte a value's text covers: its own span and those of
/// everything in it (a `[[table]]`'s span is its header alone).
fn reach(value: &Spanned<DeValue<'_>>) -> (usize, usize) {
    let own = value.span();
    let (mut start, mut end) = (own.start, own.end);
    let mut widen = |(s, e): (usize, usize)| {
        start = start.min(s);
        end = end.max(e);
    };
    match value.get_ref() {
        DeValue::Table(table) => table.iter().for_each(|(k, v)| {
            widen((k.span().start, k.span().end));
            widen(reach(v));
        }),
        DeValue::Array(items) => items.iter().for_each(|v| widen(reach(v))),
        _ => {}
    }
    (start, end)
}

/// Puts an empty string under `key`, placed past any text so that no error
/// is ever placed on it. False when the key is there already.
fn stand_in(value: &mut DeValue<'_>, key: String) -> bool {
    let DeValue::Table(table) = value else { return false };
    let nowhere = usize::MAX..usize::MAX;
    let key = Spanned::new(nowhere.clone(), std::borrow::Cow::Owned(key));
    if table.contains_key(&key) {
        return false;
    }
    table.insert(key, Spanned::new(nowhere, DeValue::String(std::borrow::Cow::Borrowed(""))));
    true
}

fn deserialize<'de, T, D>(de: D) -> Result<T, Failure>
where
    T: Deserialize<'de>,
    D: Deserializer<'de, Error = toml::de::Error>,
{
    let noted = Cell::new(None);
    T::deserialize(Wrap { de, noted: &noted }).map_err(|error| {
        // The error noted last is the one that stopped deserializing, unless
        // toml or serde made another since (then the message differs).
        let kind = noted.take().filter(|k: &Kinded| k.message == error.message()).map_or(Kind::Shape, |k| k.kind);
        Failure::new(error, kind)
    })
}

/// The error type the raw structs' visitors see: serde's message and its kind.
#[derive(Debug)]
struct Kinded {
    kind: Kind,
    message: String,
}

impl Kinded {
    /// Serde's own message for an error (what `serde::de::value::Error` says), of this kind.
    fn new(kind: Kind, serde: de::value::Error) -> Kinded {
        Kinded { kind, message: serde.to_string() }
    }
}

impl fmt::Display for Kinded {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Kinded {}

impl de::Error for Kinded {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Kinded { kind: Kind::Shape, message: msg.to_string() }
    }

    fn unknown_field(field: &str, expected: &'static [&'static str]) -> Self {
        let kind = Kind::UnknownField { name: field.to_string(), expected };
        Kinded::new(kind, de::Error::unknown_field(field, expected))
    }

    fn unknown_variant(variant: &str, expected: &'static [&'static str]) -> Self {
        Kinded::new(Kind::InvalidValue, de::Error::unknown_variant(variant, expected))
    }

    fn invalid_value(unexpected: de::Unexpected, expected: &dyn de::Expected) -> Self {
        Kinded::new(Kind::InvalidValue, de::Error::invalid_value(unexpected, expected))
    }
}

/// A deserializer passed through, its visitors wrapped in `Visit`.
struct Wrap<'n, D> {
    de: D,
    noted: &'n Cell<Option<Kinded>>,
}

/// A visitor passed through; the values it is handed reach the wrapped visitor
/// with `Kinded` as their error type, and any error is noted and handed back as `E`.
struct Visit<'n, V> {
    visitor: V,
    noted: &'n Cell<Option<Kinded>>,
}

/// A seed (a map's key or value, a list's element) that deserializes through `Wrap`.
struct Seed<'n, S> {
    seed: S,
    noted: &'n Cell<Option<Kinded>>,
}

/// Map, list and enum access passed through, their seeds wrapped in `Seed`.
struct Access<'n, A> {
    access: A,
    noted: &'n Cell<Option<Kinded>>,
}

impl<'n, D> Wrap<'n, D> {
    fn visit<V>(&self, visitor: V) -> Visit<'n, V> {
        Visit { visitor, noted: self.noted }
    }
}

macro_rules! forward_deserialize {
    ($($method:ident($($arg:ident: $ty:ty),*);)+) => {
        $(fn $method<V: Visitor<'de>>(self, $($arg: $ty,)* visitor: V) -> Result<V::Value, D::Error> {
            let visitor = self.visit(visitor);
            self.de.$method($($arg,)* visitor)
        })+
    };
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for Wrap<'_, D> {
    type Error = D::Error;

    forward_deserialize! {
        deserialize_any(); deserialize_bool(); deserialize_i8(); deserialize_i16(); deserialize_i32();
        deserialize_i64(); deserialize_i128(); deserialize_u8(); deserialize_u16(); deserialize_u32();
        deserialize_u64(); deserialize_u128(); deserialize_f32(); deserialize_f64(); deserialize_char();
        deserialize_str(); deserialize_string(); deserialize_bytes(); deserialize_byte_buf();
        deserialize_option(); deserialize_unit(); deserialize_seq(); deserialize_map();
        deserialize_identifier(); deserialize_ignored_any();
        deserialize_unit_struct(name: &'static str);
        deserialize_newtype_struct(name: &'static str);
        deserialize_tuple(len: usize);
        deserialize_tuple_struct(name: &'static str, len: usize);
        deserialize_struct(name: &'static str, fields: &'static [&'static str]);
        deserialize_enum(name: &'static str, variants: &'static [&'static str]);
    }

    fn is_human_readable(&self) -> bool {
        self.de.is_human_readable()
    }
}

/// A wrapped visitor's result, its error noted and made again as `E` with the same message.
fn lift<T, E: de::Error>(noted: &Cell<Option<Kinded>>, result: Result<T, Kinded>) -> Result<T, E> {
    result.map_err(|kinded| {
        let error = E::custom(&kinded.message);
        noted.set(Some(kinded));
        error
    })
}

macro_rules! forward_visit {
    ($($method:ident($($arg:ident: $ty:ty)?);)+) => {
        $(fn $method<E: de::Error>(self, $($arg: $ty)?) -> Result<Self::Value, E> {
            lift(self.noted, self.visitor.$method::<Kinded>($($arg)?))
        })+
    };
}

impl<'de, V: Visitor<'de>> Visitor<'de> for Visit<'_, V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.visitor.expecting(f)
    }

    forward_visit! {
        visit_bool(v: bool); visit_i8(v: i8); visit_i16(v: i16); visit_i32(v: i32); visit_i64(v: i64);
        visit_i128(v: i128); visit_u8(v: u8); visit_u16(v: u16); visit_u32(v: u32); visit_u64(v: u64);
        visit_u128(v: u128); visit_f32(v: f32); visit_f64(v: f64); visit_char(v: char);
        visit_str(v: &str); visit_borrowed_str(v: &'de str); visit_string(v: String);
        visit_bytes(v: &[u8]); visit_borrowed_bytes(v: &'de [u8]); visit_byte_buf(v: Vec<u8>);
        visit_none(); visit_unit();
    }

    fn visit_some<D: Deserializer<'de>>(self, de: D) -> Result<Self::Value, D::Error> {
        self.visitor.visit_some(Wrap { de, noted: self.noted })
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, de: D) -> Result<Self::Value, D::Error> {
        self.visitor.visit_newtype_struct(Wrap { de, noted: self.noted })
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        let access = Access { access: seq, noted: self.noted };
        self.visitor.visit_seq(access)
    }

    fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        let access = Access { access: map, noted: self.noted };
        self.visitor.visit_map(access)
    }

    fn visit_enum<A: de::EnumAccess<'de>>(self, data: A) -> Result<Self::Value, A::Error> {
        let access = Access { access: data, noted: self.noted };
        self.visitor.visit_enum(access)
    }
}

impl<'de, S: DeserializeSeed<'de>> DeserializeSeed<'de> for Seed<'_, S> {
    type Value = S::Value;

    fn deserialize<D: Deserializer<'de>>(self, de: D) -> Result<S::Value, D::Error> {
        self.seed.deserialize(Wrap { de, noted: self.noted })
    }
}

impl<'n, A> Access<'n, A> {
    fn seed<S>(&self, seed: S) -> Seed<'n, S> {
        Seed { seed, noted: self.noted }
    }
}

impl<'de, A: de::SeqAccess<'de>> de::SeqAccess<'de> for Access<'_, A> {
    type Error = A::Error;

    fn next_element_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<Option<S::Value>, A::Error> {
        let seed = self.seed(seed);
        self.access.next_element_seed(seed)
    }

    fn size_hint(&self) -> Option<usize> {
        self.access.size_hint()
    }
}

impl<'de, A: de::MapAccess<'de>> de::MapAccess<'de> for Access<'_, A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, A::Error> {
        let seed = self.seed(seed);
        self.access.next_key_seed(seed)
    }

    fn next_value_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<S::Value, A::Error> {
        let seed = self.seed(seed);
        self.access.next_value_seed(seed)
    }

    fn size_hint(&self) -> Option<usize> {
        self.access.size_hint()
    }
}

impl<'n, 'de, A: de::EnumAccess<'de>> de::EnumAccess<'de> for Access<'n, A> {
    type Error = A::Error;
    type Variant = Access<'n, A::Variant>;

    fn variant_seed<S: DeserializeSeed<'de>>(self, seed: S) -> Result<(S::Value, Self::Variant), A::Error> {
        let noted = self.noted;
        let (value, variant) = self.access.variant_seed(Seed { seed, noted })?;
        Ok((value, Access { access: variant, noted }))
    }
}

impl<'de, A: de::VariantAccess<'de>> de::VariantAccess<'de> for Access<'_, A> {
    type Error = A::Error;

    fn unit_variant(self) -> Result<(), A::Error> {
        self.access.unit_variant()
    }

    fn newtype_variant_seed<S: DeserializeSeed<'de>>(self, seed: S) -> Result<S::Value, A::Error> {
        let seed = self.seed(seed);
        self.access.newtype_variant_seed(seed)
    }

    fn tuple_variant<V: Visitor<'de>>(self, len: usize, visitor: V) -> Result<V::Value, A::Error> {
        let visitor = Visit { visitor, noted: self.noted };
        self.access.tuple_variant(len, visitor)
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, A::Error> {
        let visitor = Visit { visitor, noted: self.noted };
        self.access.struct_variant(fields, visitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::RawConfig;
    use crate::content::raw::{RawFrontMatter, RawMilestone};

    fn failure<'de, T: Deserialize<'de> + fmt::Debug>(text: &'de str) -> Failure {
        from_str::<T>(text).unwrap_err().remove(0)
    }

    #[test]
    fn unknown_fields_keep_their_name_and_the_fields_there_are() {
        let f = failure::<RawConfig>("title = \"T\"\ntitel = \"x\"\n");
        let Kind::UnknownField { name, expected } = &f.kind else { panic!("{f:?}") };
        assert_eq!((name.as_str(), expected.contains(&"title")), ("titel", true));
        assert_eq!(f.describe(), (Code::UnknownField, "unknown field `titel`; did you mean `title`?".to_string()));
        assert_eq!(f.offset(), Some(12));
        let (code, message) = failure::<RawConfig>("colour = 1\n").describe();
        assert_eq!(code, Code::UnknownField);
        assert!(message.starts_with("unknown field `colour`, expected one of `title`, `mission`"), "{message}");
    }

    #[test]
    fn a_name_with_a_backtick_is_named_whole() {
        let f = failure::<RawFrontMatter>("\"ti`tle\" = 1\n");
        assert_eq!(f.kind, Kind::UnknownField { name: "ti`tle".to_string(), expected: f.expected() });
    }

    #[test]
    fn nested_tables_and_list_items_are_classified_too() {
        let f = failure::<RawConfig>("[publish]\nindxable = true\n");
        assert_eq!(f.describe(), (Code::UnknownField, "unknown field `indxable`; did you mean `indexable`?".into()));
        let item = "id = \"a\"\ntitle = \"A\"\ntrack = \"business\"\n[[metric]]\nnme = \"m\"\n";
        assert_eq!(failure::<RawMilestone>(item).describe().0, Code::UnknownField);
        let gate =
            "id = \"a\"\ntitle = \"A\"\ntrack = \"business\"\n[gate]\ndate = \"d\"\ncriteria = \"c\"\ndecison = 1\n";
        assert_eq!(failure::<RawMilestone>(gate).describe().0, Code::UnknownField);
    }

    #[test]
    fn invalid_values_and_other_mistakes() {
        let f = failure::<RawConfig>("max_file_size_mb = -1\n");
        assert_eq!(f.describe(), (Code::InvalidValue, "invalid value: integer `-1`, expected u64".to_string()));
        assert_eq!(f.offset(), Some(19));
        let f = failure::<RawConfig>("title = 3\n");
        assert_eq!(f.describe(), (Code::Parse, "invalid type: integer `3`, expected a string".to_string()));
        let f = failure::<RawMilestone>("id = \"a\"\ntrack = \"business\"\n");
        assert_eq!(f.describe(), (Code::Parse, "missing field `title`".to_string()));
        assert!(f.is_missing("title") && !f.is_missing("titl"));
        assert_eq!(failure::<RawConfig>("title = \n").kind, Kind::Shape);
    }

    #[test]
    fn what_deserializes_is_what_toml_gives() {
        let text = "title = \"T\"\nmax_file_size_mb = 3\n[audiences]\nboard = \"The board\"\n";
        let ours: RawConfig = from_str(text).unwrap();
        let toml: RawConfig = toml::from_str(text).unwrap();
        assert_eq!(format!("{ours:?}"), format!("{toml:?}"));
    }
}
