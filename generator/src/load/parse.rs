//! Text to `serde_json::Value`: JSON through `serde_json`, YAML through `serde_yaml`.
//!
//! A custom visitor builds the value so that YAML's non-string keys (`200:` in
//! `responses`) become strings and duplicate keys are noticed (their positions are
//! found later by [`super::locate`], only when there are any). Nesting is bounded by the
//! deserializers' own recursion limits (128), so no input can overflow the stack.

use super::source::{offset_of, span_at, Format, Source};
use crate::diag::{Diagnostic, Span};
use serde::de::{DeserializeSeed, Deserializer, Error as _, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};
use std::cell::Cell;
use std::fmt;
use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::Marker;

/// A parsed document and whether any mapping repeated a key.
pub struct Parsed {
    pub value: Value,
    pub has_duplicate_keys: bool,
    /// Located notes about how the text was read (numbers beyond `f64`).
    pub notes: Vec<Diagnostic>,
}

/// Parses a document's text. Syntax errors are located diagnostics.
pub fn parse(source: &Source) -> Result<Parsed, Diagnostic> {
    let dups = Cell::new(false);
    let seed = ValueSeed { dups: &dups };
    let mut notes = Vec::new();
    let value = match source.format {
        Format::Json => match parse_json(&source.text, seed) {
            Ok(v) => v,
            // Valid JSON (its grammar has no range) that `f64` cannot hold, e.g. `1e400`.
            Err(e) if e.to_string().starts_with("number out of range") => {
                let (text, replaced) = clamp_huge_numbers(&source.text);
                notes = replaced.into_iter().map(|(at, raw)| huge_number_note(source, at, &raw)).collect();
                parse_json(&text, ValueSeed { dups: &dups }).map_err(|e| json_error(source, &e))?
            }
            Err(e) => return Err(json_error(source, &e)),
        },
        Format::Yaml => {
            let de = serde_yaml::Deserializer::from_str(&source.text);
            seed.deserialize(de).map_err(|e| yaml_error(source, &e))?
        }
    };
    Ok(Parsed { value, has_duplicate_keys: dups.get(), notes })
}

fn parse_json(text: &str, seed: ValueSeed) -> Result<Value, serde_json::Error> {
    let mut de = serde_json::Deserializer::from_str(text);
    seed.deserialize(&mut de).and_then(|v| de.end().map(|_| v))
}

/// Replaces every number literal whose magnitude exceeds `f64` by the largest finite
/// `f64` of the same sign. Returns the new text (only parsed: positions are always taken
/// from the original) and, for each replacement, the offset and text of the literal.
fn clamp_huge_numbers(text: &str) -> (String, Vec<(usize, String)>) {
    let b = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut replaced = Vec::new();
    let mut copied = 0;
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'"' => {
                i += 1;
                while i < b.len() && b[i] != b'"' {
                    i += if b[i] == b'\\' { 2 } else { 1 };
                }
                i += 1;
            }
            b'-' | b'0'..=b'9' => {
                let start = i;
                while i < b.len() && matches!(b[i], b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9') {
                    i += 1;
                }
                let raw = &text[start..i];
                if raw.parse::<f64>().is_ok_and(f64::is_infinite) {
                    out.push_str(&text[copied..start]);
                    out.push_str(if raw.starts_with('-') {
                        "-1.7976931348623157e308"
                    } else {
                        "1.7976931348623157e308"
                    });
                    copied = i;
                    replaced.push((start, raw.to_owned()));
                }
            }
            _ => i += 1,
        }
    }
    out.push_str(&text[copied.min(text.len())..]);
    (out, replaced)
}

fn huge_number_note(source: &Source, at: usize, raw: &str) -> Diagnostic {
    let shown = if raw.len() > 24 { format!("{}...", &raw[..20]) } else { raw.to_owned() };
    let mut span = span_at(source.text.as_bytes(), at);
    span.end = at + raw.len();
    Diagnostic::note(
        "number-out-of-range",
        "",
        format!("the number `{shown}` is beyond the range of a 64-bit float; it was read as the largest one"),
    )
    .with_help("an unbounded limit is written by leaving the keyword out")
    .with_span(span)
    .in_file(&source.name)
}

/// A position given as a 1-based line and a 1-based column counted in characters.
fn located(source: &Source, line: usize, col: usize) -> Span {
    let start = offset_of(&source.text, line, col);
    Span { line, col, start, end: next_boundary(&source.text, start) }
}

/// A position given as a 1-based line and a 1-based column counted in bytes (`serde_json`).
fn located_bytes(source: &Source, line: usize, byte_col: usize) -> Span {
    let line_start = offset_of(&source.text, line, 1);
    let line_end = source.text[line_start..].find('\n').map_or(source.text.len(), |n| line_start + n);
    let mut start = (line_start + byte_col.saturating_sub(1)).min(line_end);
    while !source.text.is_char_boundary(start) {
        start -= 1;
    }
    let col = source.text[line_start..start].chars().count() + 1;
    Span { line, col, start, end: next_boundary(&source.text, start) }
}

/// The end of the character starting at `start` (or `start` at the end of the text).
fn next_boundary(text: &str, start: usize) -> usize {
    text[start..].chars().next().map_or(start, |c| start + c.len_utf8())
}

const TOO_DEEP: &str =
    "the document nests deeper than the limit of 128 levels; no API description needs that many: check for generated or corrupt input";

fn json_error(source: &Source, e: &serde_json::Error) -> Diagnostic {
    let msg = e.to_string();
    let (code, help) = if msg.contains("recursion limit") {
        ("too-deep", TOO_DEEP)
    } else {
        ("json-syntax", "fix the JSON syntax at this position (a JSON linter such as `jq . FILE` shows the same place)")
    };
    let text = msg.split(" at line ").next().unwrap_or(&msg).to_string();
    Diagnostic::error(code, "", format!("invalid JSON: {text}"))
        .with_help(help)
        .with_span(located_bytes(source, e.line().max(1), e.column().max(1)))
        .in_file(&source.name)
}

fn yaml_error(source: &Source, e: &serde_yaml::Error) -> Diagnostic {
    let msg = e.to_string();
    let mut text = msg.split(" at line ").next().unwrap_or(&msg).to_string();
    let mut at = e.location().map(|loc| located(source, loc.line(), loc.column()));
    let second_document = || {
        let mut documents = 0;
        first_event(source, |e, _| {
            documents += usize::from(matches!(e, Event::DocumentStart));
            documents == 2
        })
    };
    let (code, help) = if msg.contains("recursion limit") {
        ("too-deep", TOO_DEEP)
    } else if msg.contains("repetition limit") {
        // The limit is reached while expanding aliases, with no position; the first alias
        // is where the expansion starts.
        at = first_event(source, |e, _| matches!(e, Event::Alias(_)));
        ("yaml-alias-limit", "the aliases (`*name`) expand to more data than any API description has; write the repeated parts out or use `$ref`")
    } else if let Some(second) = msg.contains("more than one document").then(second_document).flatten() {
        at = Some(second);
        (
            "yaml-syntax",
            "an OpenAPI description is one YAML document: remove the second `---` and what follows, or split the files",
        )
    } else if let Some((span, info)) = msg.contains("more than one document").then(|| scan_error(source)).flatten() {
        // `''2`: libyaml sees a second document where there is only trailing content.
        at = Some(span);
        text = info;
        ("yaml-syntax", "fix the YAML at this position (indentation, quoting, or a missing `:`)")
    } else {
        ("yaml-syntax", "fix the YAML at this position (indentation, quoting, or a missing `:`)")
    };
    // Some errors come without a position; `yaml-rust2` finds the same syntax errors with
    // one, and the start of the text is where a document that is not one starts.
    let at = at.or_else(|| scan_error(source).map(|(span, _)| span)).unwrap_or_else(|| located(source, 1, 1));
    Diagnostic::error(code, "", format!("invalid YAML: {text}")).with_help(help).in_file(&source.name).with_span(at)
}

/// The position and message of `yaml-rust2`'s syntax error in the text, if it finds one.
fn scan_error(source: &Source) -> Option<(Span, String)> {
    struct Ignore;
    impl MarkedEventReceiver for Ignore {
        fn on_event(&mut self, _: Event, _: Marker) {}
    }
    let e = Parser::new_from_str(&source.text).load(&mut Ignore, true).err()?;
    Some((located(source, e.marker().line(), e.marker().col() + 1), e.info().to_owned()))
}

/// The position of the first YAML event matching `pred`, read with `yaml-rust2` (whose
/// marks count lines from 1 and columns, in characters, from 0).
fn first_event(source: &Source, mut pred: impl FnMut(&Event, &Marker) -> bool) -> Option<Span> {
    struct Find<'a, F> {
        pred: &'a mut F,
        found: Option<Marker>,
    }
    impl<F: FnMut(&Event, &Marker) -> bool> MarkedEventReceiver for Find<'_, F> {
        fn on_event(&mut self, ev: Event, mark: Marker) {
            if self.found.is_none() && (self.pred)(&ev, &mark) {
                self.found = Some(mark);
            }
        }
    }
    let mut find = Find { pred: &mut pred, found: None };
    let _ = Parser::new_from_str(&source.text).load(&mut find, true);
    find.found.map(|m| located(source, m.line(), m.col() + 1))
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
    // YAML integers beyond 64 bits (`minimum: -9223372036854776000`) arrive as 128-bit
    // integers; they are read as JSON reads them, as the nearest float, and the bounds
    // checks after parsing ([`super::normalize::clamp_numeric_keywords`]) say what is kept.
    fn visit_i128<E>(self, v: i128) -> Result<Value, E> {
        Ok(i64::try_from(v).map_or_else(|_| float(v as f64), |i| Value::Number(i.into())))
    }
    fn visit_u128<E>(self, v: u128) -> Result<Value, E> {
        Ok(u64::try_from(v).map_or_else(|_| float(v as f64), |u| Value::Number(u.into())))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(float(v))
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

/// A float as a JSON value. JSON has no NaN or infinity: YAML's `.inf` (or `1e400`)
/// becomes the largest finite number of its sign, so a bound stays a bound; `.nan`
/// becomes null.
fn float(v: f64) -> Value {
    let v = if v.is_infinite() { f64::MAX.copysign(v) } else { v };
    Number::from_f64(v).map_or(Value::Null, Value::Number)
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
    fn visit_i128<E>(self, v: i128) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_u128<E>(self, v: u128) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_f64<E>(self, v: f64) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_unit<E>(self) -> Result<String, E> {
        Ok("null".to_owned())
    }
}
