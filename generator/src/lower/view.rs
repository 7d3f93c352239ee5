//! One flat view of an `openapiv3` schema, whichever `SchemaKind` the crate chose for
//! it, so lowering asks "has properties?", "has oneOf?" once instead of per variant.

use openapiv3::{
    AdditionalProperties, IntegerFormat, NumberFormat, ReferenceOr, Schema, SchemaKind, StringFormat, Type,
    VariantOrUnknownOrEmpty,
};
use serde_json::Value;

/// The properties of an object schema, in document order.
pub type Properties = indexmap::map::Slice<String, ReferenceOr<Box<Schema>>>;

/// One `enum` value, borrowed from the schema (a view is made often; copying every
/// value into a `serde_json::Value` each time was most of its cost).
#[derive(Clone, Copy)]
pub enum Literal<'a> {
    Str(&'a str),
    Int(i64),
    /// Anything else (fractions, booleans, objects): never an enum variant.
    Other,
}

impl<'a> Literal<'a> {
    fn of(value: &'a Value) -> Literal<'a> {
        match value {
            Value::String(s) => Literal::Str(s),
            Value::Number(n) => n.as_i64().map_or(Literal::Other, Literal::Int),
            _ => Literal::Other,
        }
    }

    pub fn is_string(self) -> bool {
        matches!(self, Literal::Str(_))
    }

    pub fn as_str(self) -> Option<&'a str> {
        match self {
            Literal::Str(s) => Some(s),
            _ => None,
        }
    }

    pub fn is_i64(self) -> bool {
        matches!(self, Literal::Int(_))
    }

    pub fn as_i64(self) -> Option<i64> {
        match self {
            Literal::Int(n) => Some(n),
            _ => None,
        }
    }
}

pub struct View<'a> {
    pub typ: Option<&'a str>,
    pub format: Option<String>,
    pub enumeration: Vec<Literal<'a>>,
    pub properties: &'a Properties,
    pub required: &'a [String],
    pub additional: Option<&'a AdditionalProperties>,
    pub items: Option<&'a ReferenceOr<Box<Schema>>>,
    pub one_of: &'a [ReferenceOr<Schema>],
    pub all_of: &'a [ReferenceOr<Schema>],
    pub any_of: &'a [ReferenceOr<Schema>],
    pub not: bool,
}

fn fmt<T: std::fmt::Debug>(f: &VariantOrUnknownOrEmpty<T>, name: impl Fn(&T) -> &'static str) -> Option<String> {
    match f {
        VariantOrUnknownOrEmpty::Item(t) => Some(name(t).to_owned()),
        VariantOrUnknownOrEmpty::Unknown(s) => Some(s.clone()),
        VariantOrUnknownOrEmpty::Empty => None,
    }
}

const EMPTY_REQ: &[String] = &[];

impl<'a> View<'a> {
    pub fn of(schema: &'a Schema) -> View<'a> {
        let mut v = View {
            typ: None,
            format: None,
            enumeration: Vec::new(),
            properties: Properties::new(),
            required: EMPTY_REQ,
            additional: None,
            items: None,
            one_of: &[],
            all_of: &[],
            any_of: &[],
            not: false,
        };
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) => {
                v.typ = Some("string");
                v.format = fmt(&s.format, |f| match f {
                    StringFormat::Date => "date",
                    StringFormat::DateTime => "date-time",
                    StringFormat::Password => "password",
                    StringFormat::Byte => "byte",
                    StringFormat::Binary => "binary",
                });
                v.enumeration = s.enumeration.iter().flatten().map(|s| Literal::Str(s)).collect();
            }
            SchemaKind::Type(Type::Number(n)) => {
                v.typ = Some("number");
                v.format = fmt(&n.format, |f| match f {
                    NumberFormat::Float => "float",
                    NumberFormat::Double => "double",
                });
            }
            SchemaKind::Type(Type::Integer(i)) => {
                v.typ = Some("integer");
                v.enumeration = i.enumeration.iter().flatten().map(|n| Literal::Int(*n)).collect();
                v.format = fmt(&i.format, |f| match f {
                    IntegerFormat::Int32 => "int32",
                    IntegerFormat::Int64 => "int64",
                });
            }
            SchemaKind::Type(Type::Boolean(_)) => v.typ = Some("boolean"),
            SchemaKind::Type(Type::Object(o)) => {
                v.typ = Some("object");
                v.properties = o.properties.as_slice();
                v.required = &o.required;
                v.additional = o.additional_properties.as_ref();
            }
            SchemaKind::Type(Type::Array(a)) => {
                v.typ = Some("array");
                v.items = a.items.as_ref();
            }
            SchemaKind::OneOf { one_of } => v.one_of = one_of,
            SchemaKind::AllOf { all_of } => v.all_of = all_of,
            SchemaKind::AnyOf { any_of } => v.any_of = any_of,
            SchemaKind::Not { .. } => v.not = true,
            SchemaKind::Any(a) => {
                v.typ = a.typ.as_deref();
                v.format = a.format.clone();
                v.enumeration = a.enumeration.iter().filter(|e| !e.is_null()).map(Literal::of).collect();
                v.properties = a.properties.as_slice();
                v.required = &a.required;
                v.additional = a.additional_properties.as_ref();
                v.items = a.items.as_ref();
                v.one_of = &a.one_of;
                v.all_of = &a.all_of;
                v.any_of = &a.any_of;
                v.not = a.not.is_some();
            }
        }
        v
    }

    /// Says nothing at all about the value (`{}`).
    pub fn is_empty(&self) -> bool {
        self.typ.is_none()
            && self.enumeration.is_empty()
            && self.properties.is_empty()
            && self.additional.is_none()
            && self.items.is_none()
            && self.one_of.is_empty()
            && self.all_of.is_empty()
            && self.any_of.is_empty()
            && !self.not
    }

    /// Only `required: [name]` (the branches of an "exactly one of" group).
    pub fn only_required(&self) -> Option<&'a str> {
        let bare = self.properties.is_empty()
            && self.one_of.is_empty()
            && self.all_of.is_empty()
            && self.any_of.is_empty()
            && self.items.is_none()
            && self.enumeration.is_empty()
            && matches!(self.typ, None | Some("object"));
        match self.required {
            [one] if bare => Some(one.as_str()),
            _ => None,
        }
    }
}
