//! Text to `serde_json::Value`: JSON through `serde_json`, YAML through `serde_yaml`.
//!
//! A custom visitor builds the value so that YAML's non-string keys (`200:` in
//! `responses`) become strings and duplicate keys are noticed (their positions are
//! found later by [`super::locate`], only when there are any). Nesting is bounded by the
//! deserializers' own recursion limits (128), so no input can overflow the stack.

use super::source::{offset_of, Format, Source};
use crate::diag::{Diagnostic, Span};
use serde::de::{DeserializeSeed, Deserializer, Error as _, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};
use std::cell::Cell;
use std::fmt;

/// A parsed document and whether any mapping repeated a key.
pub struct Parsed {
    pub value: Value,
    pub has_duplicate_keys: bool,
}

/// Parses a document's text. Syntax errors are located diagnostics.
pub fn parse(source: &Source) -> Result<Parsed, Diagnostic> {
    let dups = Cell::new(false);
    let seed = ValueSeed { dups: &dups };
    let value = match source.format {
        Format::Json => {
            let mut de = serde_json::Deserializer::from_str(&source.text);
            let v = seed.deserialize(&mut de).and_then(|v| de.end().map(|_| v));
            v.map_err(|e| json_error(source, &e))?
        }
        Format::Yaml => {
            let de = serde_yaml::Deserializer::from_str(&source.text);
            seed.deserialize(de).map_err(|e| yaml_error(source, &e))?
        }
    };
    Ok(Parsed { value, has_duplicate_keys: dups.get() })
}

fn located(source: &Source, line: usize, col: usize) -> Span {
    let start = offset_of(&source.text, line, col);
    Span { line, col, start, end: (start + 1).min(source.text.len()).max(start) }
}

fn json_error(source: &Source, e: &serde_json::Error) -> Diagnostic {
    let msg = e.to_string();
    let (code, help) = if msg.contains("recursion limit") {
        ("too-deep", "the document nests more than 128 levels; no API description needs that many: check for generated or corrupt input")
    } else {
        ("json-syntax", "fix the JSON syntax at this position (a JSON linter such as `jq . FILE` shows the same place)")
    };
    let text = msg.split(" at line ").next().unwrap_or(&msg).to_string();
    Diagnostic::error(code, "", format!("invalid JSON: {text}"))
        .with_help(help)
        .with_span(located(source, e.line().max(1), e.column().max(1)))
        .in_file(&source.name)
}

fn yaml_error(source: &Source, e: &serde_yaml::Error) -> Diagnostic {
    let msg = e.to_string();
    let (code, help) = if msg.contains("recursion limit") {
        ("too-deep", "the document nests more than 128 levels; no API description needs that many: check for generated or corrupt input")
    } else {
        ("yaml-syntax", "fix the YAML at this position (indentation, quoting, or a missing `:`)")
    };
    let text = msg.split(" at line ").next().unwrap_or(&msg).to_string();
    let mut d = Diagnostic::error(code, "", format!("invalid YAML: {text}")).with_help(help).in_file(&source.name);
    if let Some(loc) = e.location() {
        d = d.with_span(located(source, loc.line(), loc.column()));
    }
    d
}

struct ValueSeed<'a> {
    dups: &'a Cell<bool>,
}

impl<'de> DeserializeSeed<'de> for ValueSeed<'_> {
    type Value = Value;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ValueSeed<'_> {
    type Value = Value;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON or YAML value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        // JSON has no NaN or infinity; YAML's `.inf` becomes null rather than failing.
        Ok(Number::from_f64(v).map_or(Value::Null, Value::Number))
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        self.deserialize(d)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
        while let Some(v) = seq.next_element_seed(ValueSeed { dups: self.dups })? {
            out.push(v);
        }
        Ok(Value::Array(out))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut out = Map::new();
        while let Some(key) = map.next_key_seed(KeySeed)? {
            let value = map.next_value_seed(ValueSeed { dups: self.dups })?;
            if out.insert(key, value).is_some() {
                self.dups.set(true);
            }
        }
        Ok(Value::Object(out))
    }
    fn visit_enum<A: serde::de::EnumAccess<'de>>(self, _data: A) -> Result<Value, A::Error> {
        Err(A::Error::custom("YAML tags (`!name`) are not supported in OpenAPI documents"))
    }
}

/// Mapping keys: strings, and YAML scalars (numbers, booleans, null) as their text.
struct KeySeed;

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = String;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<String, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for KeySeed {
    type Value = String;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a mapping key (string, number or boolean)")
    }
    fn visit_str<E>(self, v: &str) -> Result<String, E> {
        Ok(v.to_owned())
    }
    fn visit_string<E>(self, v: String) -> Result<String, E> {
        Ok(v)
    }
    fn visit_bool<E>(self, v: bool) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_i64<E>(self, v: i64) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_u64<E>(self, v: u64) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_f64<E>(self, v: f64) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_unit<E>(self) -> Result<String, E> {
        Ok("null".to_owned())
    }
}
