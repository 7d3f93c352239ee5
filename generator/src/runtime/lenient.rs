//! Decoding that survives the usual mistakes of API descriptions: a response scalar
//! sent as another JSON type than its schema says, when the conversion loses nothing.
//!
//! Every struct field whose type is a boolean, an integer or a number is read
//! leniently: by the struct's generated `FromJson` through `de::Object::lenient` (or
//! `lenient_option`), which reads the scalar from the text and converts it with the
//! [`Lenient`] trait below, or, in a struct that still derives `Deserialize` (one with a
//! flattened field or extra properties), with [`scalar`] (or [`option`]) through
//! `#[serde(deserialize_with = "...")]`. Both convert with [`Lenient`] and word their
//! errors as serde's visitor does, so both read alike. Serialization
//! is untouched: requests are sent exactly as typed. What is accepted besides the
//! declared JSON type:
//!
//! | declared | also accepted |
//! |---|---|
//! | number (`f64`, `f32`) | a string holding a finite number (`"19.720000"`) |
//! | integer (`i8`..`u64`) | a string holding an integer in range (`"12"`, `"-4"`); a number with no fraction in range (`12.0`) |
//! | boolean | the strings `"true"`/`"false"` (any case); the numbers `1`/`0` |
//!
//! String fields stay strict (a number where a string is declared is an error): they
//! are most fields, and a `deserialize_with` on each doubled the build time of the
//! Rocket.Chat client's decoding (when structs derived `Deserialize`) for the rarest
//! of these mistakes.
//!
//! Nothing else is coerced: `"12.5"` is not an integer, `"yes"` not a boolean, an
//! integer beyond the type's range is an error naming the field. A required field
//! that is absent stays an error naming the field (`missing field `id``).

use serde::de::{self, Deserializer, Unexpected, Visitor};
use std::fmt;
use std::marker::PhantomData;

/// A scalar that can be read from another JSON type without loss.
pub trait Lenient: Sized {
    /// What the schema declares, for error messages.
    const EXPECTED: &'static str;
    fn from_bool(_: bool) -> Option<Self> {
        None
    }
    fn from_i64(v: i64) -> Option<Self>;
    fn from_u64(v: u64) -> Option<Self>;
    fn from_f64(v: f64) -> Option<Self>;
    fn from_text(v: &str) -> Option<Self>;
}

/// A required scalar field, read leniently.
pub fn scalar<'de, D: Deserializer<'de>, T: Lenient>(deserializer: D) -> Result<T, D::Error> {
    deserializer.deserialize_any(ScalarVisitor::<T>(PhantomData))
}

/// An optional or nullable scalar field, read leniently (`null` is `None`). Used with
/// `#[serde(default)]` when the field may be absent.
pub fn option<'de, D: Deserializer<'de>, T: Lenient>(deserializer: D) -> Result<Option<T>, D::Error> {
    deserializer.deserialize_option(OptionVisitor::<T>(PhantomData))
}

struct ScalarVisitor<T>(PhantomData<T>);

impl<'de, T: Lenient> Visitor<'de> for ScalarVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(T::EXPECTED)
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<T, E> {
        T::from_bool(v).ok_or_else(|| E::invalid_type(Unexpected::Bool(v), &self))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<T, E> {
        T::from_i64(v).ok_or_else(|| E::invalid_value(Unexpected::Signed(v), &self))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<T, E> {
        T::from_u64(v).ok_or_else(|| E::invalid_value(Unexpected::Unsigned(v), &self))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<T, E> {
        T::from_f64(v).ok_or_else(|| E::invalid_value(Unexpected::Float(v), &self))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
        T::from_text(v).ok_or_else(|| E::invalid_value(Unexpected::Str(v), &self))
    }
}

struct OptionVisitor<T>(PhantomData<T>);

impl<'de, T: Lenient> Visitor<'de> for OptionVisitor<T> {
    type Value = Option<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} or null", T::EXPECTED)
    }

    fn visit_none<E: de::Error>(self) -> Result<Option<T>, E> {
        Ok(None)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Option<T>, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Option<T>, D::Error> {
        scalar(deserializer).map(Some)
    }
}

/// `"true"`/`"false"` in any case.
fn bool_text(v: &str) -> Option<bool> {
    if v.eq_ignore_ascii_case("true") {
        Some(true)
    } else if v.eq_ignore_ascii_case("false") {
        Some(false)
    } else {
        None
    }
}

impl Lenient for bool {
    const EXPECTED: &'static str = "a boolean";
    fn from_bool(v: bool) -> Option<Self> {
        Some(v)
    }
    fn from_i64(v: i64) -> Option<Self> {
        match v {
            0 => Some(false),
            1 => Some(true),
            _ => None,
        }
    }
    fn from_u64(v: u64) -> Option<Self> {
        Self::from_i64(i64::try_from(v).ok()?)
    }
    fn from_f64(_: f64) -> Option<Self> {
        None
    }
    fn from_text(v: &str) -> Option<Self> {
        bool_text(v)
    }
}

macro_rules! lenient_float {
    ($($t:ty),*) => {$(
        impl Lenient for $t {
            const EXPECTED: &'static str = "a number";
            fn from_i64(v: i64) -> Option<Self> {
                Some(v as $t)
            }
            fn from_u64(v: u64) -> Option<Self> {
                Some(v as $t)
            }
            fn from_f64(v: f64) -> Option<Self> {
                Some(v as $t)
            }
            fn from_text(v: &str) -> Option<Self> {
                v.parse::<$t>().ok().filter(|n| n.is_finite())
            }
        }
    )*};
}

lenient_float!(f32, f64);

macro_rules! lenient_int {
    ($($t:ty),*) => {$(
        impl Lenient for $t {
            const EXPECTED: &'static str = "an integer";
            fn from_i64(v: i64) -> Option<Self> {
                <$t>::try_from(v).ok()
            }
            fn from_u64(v: u64) -> Option<Self> {
                <$t>::try_from(v).ok()
            }
            fn from_f64(v: f64) -> Option<Self> {
                // Only whole numbers, and only where the conversion is exact.
                if v.fract() != 0.0 || !v.is_finite() {
                    return None;
                }
                if v < 0.0 {
                    let i = v as i64;
                    (i as f64 == v).then_some(i).and_then(|i| <$t>::try_from(i).ok())
                } else {
                    let u = v as u64;
                    (u as f64 == v).then_some(u).and_then(|u| <$t>::try_from(u).ok())
                }
            }
            fn from_text(v: &str) -> Option<Self> {
                v.parse::<$t>().ok()
            }
        }
    )*};
}

lenient_int!(i8, i16, i32, i64, u8, u16, u32, u64);
