//! Decoding JSON text: what the generated types' [`FromJson`] impls share.
//!
//! serde's derived `Deserialize` (and, after it, a written-out map visitor) was most of
//! the Rocket.Chat client's `cargo check` time: every struct had a visitor generic over
//! the deserializer and a generic `next_value` per field. Structs without flattened
//! fields or extra properties (`emit/types.rs`, `decodes_field_by_field`) are decoded
//! instead by one non-generic function each, [`FromJson::read_json`], straight from the
//! response's bytes through a [`Reader`]: the struct asks [`Reader::object`] for its
//! keys, reads each known field's value where it stands and skips the rest, in one pass
//! and without building a `serde_json::Value` first. Their `Deserialize` is one line,
//! [`via_json`], for other deserializers. Every other generated type (unions, enums,
//! newtypes, structs that still derive) implements `FromJson` through its own
//! `Deserialize` ([`by_serde`], from a `serde_json::Value` of just that value), so a
//! field may hold any of them.
//!
//! Semantics are the derive's on JSON objects: unknown keys are ignored, an absent or
//! `null` optional field is `None`, an absent required field is ``missing field `id` ``,
//! scalars, strings and the rest decode exactly as serde's own impls (lenient scalars
//! as `runtime/lenient.rs` says), and a JSON array is not a struct. A repeated key keeps
//! its last value (as `serde_json::Value` does). The text must be JSON: what is not is
//! an error in serde_json's words, with its line and column, and nesting deeper than
//! serde_json's 128 levels is an error too, never a stack overflow.
//!
//! Errors say where: each step adds its key or index to a [`DecodeError`] passing
//! through (only on the error path), so a message reads
//! ``invalid type: map, expected a string at `users[1].livechat` ``.

use serde::de::{Deserialize, DeserializeOwned, Deserializer, Unexpected};
use serde_json::{Map, Number, Value};
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;

/// A type the client reads from JSON text: every generated type, the scalars, strings,
/// options, vectors, maps and `serde_json::Value`. Decode one with [`from_json_slice`].
pub trait FromJson: Sized {
    /// Reads one value from where `reader` stands.
    #[doc(hidden)]
    fn read_json(reader: &mut Reader<'_>) -> Result<Self, DecodeError>;
}

/// Decodes JSON text into `T` the way the client decodes response bodies: one pass over
/// the text (no `serde_json::Value` in between for the generated structs), lenient
/// scalars, and an error that says where (``missing field `id` at `users[2]` ``).
pub fn from_json_slice<T: FromJson>(json: &[u8]) -> Result<T, DecodeError> {
    let text = std::str::from_utf8(json).map_err(|e| {
        let (line, column) = position(&json[..e.valid_up_to()]);
        DecodeError::syntax(format!("invalid unicode code point at line {line} column {}", column + 1))
    })?;
    let mut reader = Reader { text, bytes: text.as_bytes(), pos: 0, depth: 0 };
    let value = T::read_json(&mut reader)?;
    reader.end()?;
    Ok(value)
}

/// Why JSON text could not be decoded, and where: the path from the value decoded
/// (``at `users[1].name` ``), or the line and column of text that is not JSON.
#[derive(Debug)]
pub struct DecodeError {
    message: String,
    /// Innermost step first: each step is pushed as the error passes outwards.
    path: Vec<Step>,
    /// Text that is not JSON: the message has the line and column, and no path.
    syntax: bool,
}

#[derive(Debug)]
enum Step {
    Key(String),
    Index(usize),
}

impl DecodeError {
    fn new(message: String) -> Self {
        DecodeError { message, path: Vec::new(), syntax: false }
    }

    #[cold]
    fn syntax(message: String) -> Self {
        DecodeError { message, path: Vec::new(), syntax: true }
    }

    /// serde's ``missing field `id` ``.
    #[cold]
    fn missing(key: &str) -> Self {
        DecodeError::new(format!("missing field `{key}`"))
    }

    /// serde's text for a value of the wrong JSON type (`invalid type: map, expected a
    /// string`).
    #[cold]
    fn invalid_type(found: Unexpected<'_>, expected: &str) -> Self {
        let error = <serde_json::Error as serde::de::Error>::invalid_type(found, &expected);
        DecodeError::new(error.to_string())
    }

    /// serde's text for a value of the right JSON type that does not fit (`invalid
    /// value: integer `300`, expected u8`).
    #[cold]
    fn invalid_value(found: Unexpected<'_>, expected: &str) -> Self {
        let error = <serde_json::Error as serde::de::Error>::invalid_value(found, &expected);
        DecodeError::new(error.to_string())
    }

    #[cold]
    fn at_key(mut self, key: &str) -> Self {
        if !self.syntax {
            self.path.push(Step::Key(key.to_owned()));
        }
        self
    }

    #[cold]
    fn at_index(mut self, index: usize) -> Self {
        if !self.syntax {
            self.path.push(Step::Index(index));
        }
        self
    }
}

impl From<serde_json::Error> for DecodeError {
    #[cold]
    fn from(error: serde_json::Error) -> Self {
        DecodeError::new(error.to_string())
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)?;
        if self.path.is_empty() {
            return Ok(());
        }
        f.write_str(" at `")?;
        for (i, step) in self.path.iter().rev().enumerate() {
            match step {
                Step::Index(index) => write!(f, "[{index}]")?,
                // A key that would not read as one (`a.b`, ``) is quoted.
                Step::Key(key) if !plain_key(key) => write!(f, "[{key:?}]")?,
                Step::Key(key) if i == 0 => f.write_str(key)?,
                Step::Key(key) => write!(f, ".{key}")?,
            }
        }
        f.write_str("`")
    }
}

impl std::error::Error for DecodeError {}

/// Whether a key can be shown after a `.` in a path without ambiguity.
fn plain_key(key: &str) -> bool {
    !key.is_empty() && key.chars().all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '$' | '@'))
}

/// What serde calls a JSON value in its messages.
fn unexpected(value: &Value) -> Unexpected<'_> {
    match value {
        Value::Null => Unexpected::Unit,
        Value::Bool(b) => Unexpected::Bool(*b),
        Value::Number(n) => match (n.as_u64(), n.as_i64()) {
            (Some(u), _) => Unexpected::Unsigned(u),
            (None, Some(i)) => Unexpected::Signed(i),
            (None, None) => Unexpected::Float(n.as_f64().unwrap_or(f64::NAN)),
        },
        Value::String(s) => Unexpected::Str(s),
        Value::Array(_) => Unexpected::Seq,
        Value::Object(_) => Unexpected::Map,
    }
}

/// Line and column (1-based line, 0-based column as serde_json counts it before the
/// byte) at the end of `read`.
fn position(read: &[u8]) -> (usize, usize) {
    let line = 1 + read.iter().filter(|&&b| b == b'\n').count();
    let column = read.iter().rev().take_while(|&&b| b != b'\n').count();
    (line, column)
}

/// serde_json's limit: deeper nesting is an error, not a stack overflow.
const MAX_DEPTH: u32 = 128;

/// A JSON number as serde_json reads it: a non-negative integer that fits is unsigned, a
/// negative one signed, anything else (a fraction, an exponent, out of range, `-0`) a
/// float.
#[derive(Clone, Copy)]
enum Num {
    U(u64),
    I(i64),
    F(f64),
}

impl Num {
    fn unexpected(self) -> Unexpected<'static> {
        match self {
            Num::U(u) => Unexpected::Unsigned(u),
            Num::I(i) => Unexpected::Signed(i),
            Num::F(f) => Unexpected::Float(f),
        }
    }
}

/// JSON text being decoded, and where decoding stands in it. Made by
/// [`from_json_slice`]; the generated `FromJson` impls read through it.
pub struct Reader<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
    depth: u32,
}

impl<'a> Reader<'a> {
    /// A syntax error at the current position, in serde_json's words.
    #[cold]
    fn error(&self, what: &str) -> DecodeError {
        let end = self.pos.min(self.bytes.len());
        let (line, column) = position(&self.bytes[..end]);
        let column = if end < self.bytes.len() { column + 1 } else { column };
        DecodeError::syntax(format!("{what} at line {line} column {column}"))
    }

    #[cold]
    fn eof_or(&self, eof: &str, what: &str) -> DecodeError {
        if self.pos >= self.bytes.len() {
            self.error(eof)
        } else {
            self.error(what)
        }
    }

    /// The next byte that is not white space, without taking it.
    fn peek(&mut self) -> Option<u8> {
        while let Some(&b) = self.bytes.get(self.pos) {
            if !matches!(b, b' ' | b'\n' | b'\t' | b'\r') {
                return Some(b);
            }
            self.pos += 1;
        }
        None
    }

    /// Only white space may follow the value decoded.
    fn end(&mut self) -> Result<(), DecodeError> {
        match self.peek() {
            None => Ok(()),
            Some(_) => Err(self.error("trailing characters")),
        }
    }

    fn enter(&mut self) -> Result<(), DecodeError> {
        self.depth += 1;
        if self.depth >= MAX_DEPTH {
            return Err(self.error("recursion limit exceeded"));
        }
        self.pos += 1;
        Ok(())
    }

    /// `true`, `false` or `null`, the first byte already seen.
    fn literal(&mut self, word: &str) -> Result<(), DecodeError> {
        let end = self.pos + word.len();
        if self.bytes.get(self.pos..end) == Some(word.as_bytes()) {
            self.pos = end;
            return Ok(());
        }
        // Point at the first byte that differs, as serde_json does.
        while self.bytes.get(self.pos) == word.as_bytes().get(self.pos + word.len() - end) {
            self.pos += 1;
        }
        Err(self.eof_or("EOF while parsing a value", "expected ident"))
    }

    /// A string, the opening quote seen: borrowed from the text unless it has escapes.
    fn string(&mut self) -> Result<Cow<'a, str>, DecodeError> {
        self.pos += 1;
        let start = self.pos;
        loop {
            match self.bytes.get(self.pos) {
                Some(b'"') => {
                    let s = &self.text[start..self.pos];
                    self.pos += 1;
                    return Ok(Cow::Borrowed(s));
                }
                Some(b'\\') => return self.escaped(start).map(Cow::Owned),
                Some(&b) if b < 0x20 => {
                    return Err(self.error("control character (\\u0000-\\u001F) found while parsing a string"))
                }
                Some(_) => self.pos += 1,
                None => return Err(self.error("EOF while parsing a string")),
            }
        }
    }

    /// The rest of a string with escapes, from `start` (after the opening quote).
    #[cold]
    fn escaped(&mut self, start: usize) -> Result<String, DecodeError> {
        let mut out = String::from(&self.text[start..self.pos]);
        loop {
            let run = self.pos;
            while let Some(&b) = self.bytes.get(self.pos) {
                if b == b'"' || b == b'\\' || b < 0x20 {
                    break;
                }
                self.pos += 1;
            }
            out.push_str(&self.text[run..self.pos]);
            match self.bytes.get(self.pos) {
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    self.pos += 1;
                    self.escape(&mut out)?;
                }
                Some(_) => {
                    return Err(self.error("control character (\\u0000-\\u001F) found while parsing a string"))
                }
                None => return Err(self.error("EOF while parsing a string")),
            }
        }
    }

    /// One escape, after its backslash (an invalid one is reported at its letter).
    fn escape(&mut self, out: &mut String) -> Result<(), DecodeError> {
        let Some(&b) = self.bytes.get(self.pos) else { return Err(self.error("EOF while parsing a string")) };
        let c = match b {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => {
                self.pos += 1;
                out.push(self.unicode_escape()?);
                return Ok(());
            }
            _ => return Err(self.error("invalid escape")),
        };
        self.pos += 1;
        out.push(c);
        Ok(())
    }

    /// `\uXXXX`, after the `u`: a surrogate pair is one character.
    fn unicode_escape(&mut self) -> Result<char, DecodeError> {
        let first = self.hex4()?;
        if !(0xD800..0xE000).contains(&first) {
            return char::from_u32(first).ok_or_else(|| self.error("invalid unicode code point"));
        }
        if first >= 0xDC00 {
            return Err(self.error("lone leading surrogate in hex escape"));
        }
        if self.bytes.get(self.pos..self.pos + 2) != Some(b"\\u") {
            return Err(self.eof_or("EOF while parsing a string", "unexpected end of hex escape"));
        }
        self.pos += 2;
        let second = self.hex4()?;
        if !(0xDC00..0xE000).contains(&second) {
            return Err(self.error("lone leading surrogate in hex escape"));
        }
        let c = 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00);
        char::from_u32(c).ok_or_else(|| self.error("invalid unicode code point"))
    }

    fn hex4(&mut self) -> Result<u32, DecodeError> {
        let mut n = 0;
        for _ in 0..4 {
            let Some(&b) = self.bytes.get(self.pos) else { return Err(self.error("EOF while parsing a string")) };
            let digit = (b as char).to_digit(16).ok_or_else(|| self.error("invalid escape"))?;
            n = n * 16 + digit;
            self.pos += 1;
        }
        Ok(n)
    }

    /// A number, its first byte (`-` or a digit) seen.
    fn number(&mut self) -> Result<Num, DecodeError> {
        let start = self.pos;
        let negative = self.bytes[start] == b'-';
        if negative {
            self.pos += 1;
        }
        let digits = self.pos;
        match self.bytes.get(self.pos) {
            Some(b'0') => self.pos += 1,
            Some(b'1'..=b'9') => self.digits(),
            _ => return Err(self.eof_or("EOF while parsing a value", "invalid number")),
        }
        let whole = digits..self.pos;
        let mut float = false;
        if self.bytes.get(self.pos) == Some(&b'.') {
            self.pos += 1;
            if !matches!(self.bytes.get(self.pos), Some(b'0'..=b'9')) {
                return Err(self.eof_or("EOF while parsing a value", "invalid number"));
            }
            self.digits();
            float = true;
        }
        if matches!(self.bytes.get(self.pos), Some(b'e' | b'E')) {
            self.pos += 1;
            if matches!(self.bytes.get(self.pos), Some(b'+' | b'-')) {
                self.pos += 1;
            }
            if !matches!(self.bytes.get(self.pos), Some(b'0'..=b'9')) {
                return Err(self.eof_or("EOF while parsing a value", "invalid number"));
            }
            self.digits();
            float = true;
        }
        if !float {
            if let Some(n) = integer(&self.bytes[whole], negative) {
                return Ok(n);
            }
        }
        match self.text[start..self.pos].parse::<f64>() {
            Ok(f) if f.is_finite() => Ok(Num::F(f)),
            _ => Err(self.error("number out of range")),
        }
    }

    fn digits(&mut self) {
        while matches!(self.bytes.get(self.pos), Some(b'0'..=b'9')) {
            self.pos += 1;
        }
    }

    /// Any JSON value as a `serde_json::Value`.
    fn value(&mut self) -> Result<Value, DecodeError> {
        match self.peek() {
            Some(b'n') => self.literal("null").map(|()| Value::Null),
            Some(b't') => self.literal("true").map(|()| Value::Bool(true)),
            Some(b'f') => self.literal("false").map(|()| Value::Bool(false)),
            Some(b'-' | b'0'..=b'9') => Ok(Value::Number(match self.number()? {
                Num::U(u) => Number::from(u),
                Num::I(i) => Number::from(i),
                Num::F(f) => Number::from_f64(f).ok_or_else(|| self.error("number out of range"))?,
            })),
            Some(b'"') => Ok(Value::String(self.string()?.into_owned())),
            Some(b'[') => {
                let mut items = Vec::new();
                let mut seq = self.array()?;
                while seq.next()? {
                    items.push(seq.reader.value()?);
                }
                Ok(Value::Array(items))
            }
            Some(b'{') => {
                let mut map = Map::new();
                self.enter()?;
                while let Some(key) = self.next_key()? {
                    let key = key.into_owned();
                    let value = self.value()?;
                    map.insert(key, value);
                }
                Ok(Value::Object(map))
            }
            _ => Err(self.eof_or("EOF while parsing a value", "expected value")),
        }
    }

    /// Skips any JSON value, checking that it is JSON.
    fn skip(&mut self) -> Result<(), DecodeError> {
        match self.peek() {
            Some(b'n') => self.literal("null"),
            Some(b't') => self.literal("true"),
            Some(b'f') => self.literal("false"),
            Some(b'-' | b'0'..=b'9') => self.number().map(drop),
            Some(b'"') => self.string().map(drop),
            Some(b'[') => {
                let mut seq = self.array()?;
                while seq.next()? {
                    seq.reader.skip()?;
                }
                Ok(())
            }
            Some(b'{') => {
                self.enter()?;
                while self.next_key()?.is_some() {
                    self.skip()?;
                }
                Ok(())
            }
            _ => Err(self.eof_or("EOF while parsing a value", "expected value")),
        }
    }

    /// What the value here is, for an error expecting something else (reads it).
    #[cold]
    fn unexpected_here(&mut self, expected: &str) -> DecodeError {
        match self.value() {
            Ok(value) => DecodeError::invalid_type(unexpected(&value), expected),
            Err(e) => e,
        }
    }

    /// After `{` (or a member): the next key and its `:`, or `None` at `}`.
    fn next_key(&mut self) -> Result<Option<Cow<'a, str>>, DecodeError> {
        let first = self.bytes.get(self.pos.wrapping_sub(1)) == Some(&b'{');
        match self.peek() {
            Some(b'}') => {
                self.pos += 1;
                self.depth -= 1;
                return Ok(None);
            }
            Some(b',') if !first => {
                self.pos += 1;
            }
            Some(_) if first => {}
            _ => return Err(self.eof_or("EOF while parsing an object", "expected `,` or `}`")),
        }
        let key = match self.peek() {
            Some(b'"') => self.string()?,
            Some(b'}') => return Err(self.error("trailing comma")),
            _ => return Err(self.eof_or("EOF while parsing an object", "key must be a string")),
        };
        match self.peek() {
            Some(b':') => self.pos += 1,
            _ => return Err(self.eof_or("EOF while parsing an object", "expected `:`")),
        }
        Ok(Some(key))
    }

    /// An array, `[` seen: its elements are read through [`Seq::next`].
    fn array(&mut self) -> Result<Seq<'_, 'a>, DecodeError> {
        self.enter()?;
        Ok(Seq { reader: self, first: true })
    }

    /// A struct's object: its keys are read through [`Object::next_key`]. Anything but
    /// an object is an error expecting `struct name`.
    pub fn object(&mut self, name: &str) -> Result<Object<'_, 'a>, DecodeError> {
        if self.peek() != Some(b'{') {
            return Err(self.unexpected_here(&format!("struct {name}")));
        }
        self.enter()?;
        Ok(Object { reader: self })
    }
}

/// The digits of an integer as serde_json types it, or `None` for a float (out of range,
/// or `-0`).
fn integer(digits: &[u8], negative: bool) -> Option<Num> {
    let mut n: u64 = 0;
    for &d in digits {
        n = n.checked_mul(10)?.checked_add(u64::from(d - b'0'))?;
    }
    if !negative {
        return Some(Num::U(n));
    }
    match n {
        0 => None,
        n if n <= i64::MAX as u64 + 1 => Some(Num::I((n as i64).wrapping_neg())),
        _ => None,
    }
}

/// An array being read.
struct Seq<'r, 'a> {
    reader: &'r mut Reader<'a>,
    first: bool,
}

impl Seq<'_, '_> {
    /// Whether another element follows (the reader then stands at it); `false` at `]`.
    fn next(&mut self) -> Result<bool, DecodeError> {
        let r = &mut *self.reader;
        match r.peek() {
            Some(b']') => {
                r.pos += 1;
                r.depth -= 1;
                return Ok(false);
            }
            Some(b',') if !self.first => {
                r.pos += 1;
                if r.peek() == Some(b']') {
                    return Err(r.error("trailing comma"));
                }
            }
            Some(_) if self.first => {}
            _ => return Err(r.eof_or("EOF while parsing a list", "expected `,` or `]`")),
        }
        self.first = false;
        Ok(true)
    }
}

/// A struct's object being read: [`Object::next_key`] gives each key in turn, and the
/// struct reads the value of a key it knows with [`Object::value`] or
/// [`Object::lenient`], or skips it with [`Object::skip`].
pub struct Object<'r, 'a> {
    reader: &'r mut Reader<'a>,
}

impl<'a> Object<'_, 'a> {
    /// The next key (its `:` read), or `None` at the end of the object.
    pub fn next_key(&mut self) -> Result<Option<Cow<'a, str>>, DecodeError> {
        self.reader.next_key()
    }

    /// Reads the value of `key`, just returned; an error names the key.
    pub fn value<T: FromJson>(&mut self, key: &str) -> Result<T, DecodeError> {
        T::read_json(self.reader).map_err(|e| e.at_key(key))
    }

    /// Reads the value of `key` as a lenient scalar (`runtime/lenient.rs`).
    pub fn lenient<T: super::lenient::Lenient>(&mut self, key: &str) -> Result<T, DecodeError> {
        lenient_scalar(self.reader).map_err(|e| e.at_key(key))
    }

    /// Reads the value of `key` as a lenient scalar, `null` as `None`.
    pub fn lenient_option<T: super::lenient::Lenient>(&mut self, key: &str) -> Result<Option<T>, DecodeError> {
        if self.reader.peek() == Some(b'n') {
            return self.reader.literal("null").map(|()| None);
        }
        self.lenient(key).map(Some)
    }

    /// Skips the value of a key the struct does not know (checking that it is JSON).
    pub fn skip(&mut self) -> Result<(), DecodeError> {
        self.reader.skip()
    }

    /// Skips the rest of the object (a struct without fields).
    pub fn finish(mut self) -> Result<(), DecodeError> {
        while self.next_key()?.is_some() {
            self.skip()?;
        }
        Ok(())
    }
}

/// A required field's value once its object is read: absent is ``missing field `key` ``.
pub fn required<T>(value: Option<T>, key: &str) -> Result<T, DecodeError> {
    value.ok_or_else(|| DecodeError::missing(key))
}

/// `impl FromJson` and `impl Deserialize` of a generated struct decoded field by field:
/// `from_json_fields!(Room { id: "_id" required, kind: "type" optional, count: "count"
/// required_lenient, })`. `read_json` reads the object in one pass: a local per field
/// (named as the field), each known key's value read into it where it stands (how:
/// `required`/`optional`, or `required_lenient`/`optional_lenient` for lenient
/// scalars), the other keys skipped; then the struct from the locals, a required one
/// still `None` an error naming its key. `Deserialize` goes through it ([`via_json`]).
/// One line per field in the generated code: emitting and formatting the expansion for
/// every struct was most of the types' generation time; type-checking is the same.
// A crate may have no struct decoded field by field.
#[allow(unused_macros)]
macro_rules! from_json_fields {
    ($t:ident {}) => {
        impl $crate::runtime::de::FromJson for $t {
            fn read_json(
                reader: &mut $crate::runtime::de::Reader<'_>,
            ) -> Result<Self, $crate::runtime::de::DecodeError> {
                reader.object(stringify!($t))?.finish()?;
                Ok($t {})
            }
        }
        $crate::runtime::de::deserialize_via_json!($t);
    };
    ($t:ident { $($f:ident: $wire:literal $how:ident,)+ }) => {
        impl $crate::runtime::de::FromJson for $t {
            fn read_json(
                reader: &mut $crate::runtime::de::Reader<'_>,
            ) -> Result<Self, $crate::runtime::de::DecodeError> {
                let mut object = reader.object(stringify!($t))?;
                $(let mut $f = None;)+
                while let Some(key) = object.next_key()? {
                    match &*key {
                        $($wire => $f = $crate::runtime::de::from_json_fields!(@read object $how $wire),)+
                        _ => object.skip()?,
                    }
                }
                Ok($t { $($f: $crate::runtime::de::from_json_fields!(@take $f $how $wire),)+ })
            }
        }
        $crate::runtime::de::deserialize_via_json!($t);
    };
    (@read $o:ident required $w:literal) => { Some($o.value($w)?) };
    (@read $o:ident optional $w:literal) => { $o.value($w)? };
    (@read $o:ident required_lenient $w:literal) => { Some($o.lenient($w)?) };
    (@read $o:ident optional_lenient $w:literal) => { $o.lenient_option($w)? };
    (@take $f:ident required $w:literal) => { $crate::runtime::de::required($f, $w)? };
    (@take $f:ident required_lenient $w:literal) => { $crate::runtime::de::required($f, $w)? };
    (@take $f:ident optional $w:literal) => { $f };
    (@take $f:ident optional_lenient $w:literal) => { $f };
}
#[allow(unused_imports)]
pub(crate) use from_json_fields;

/// A boolean, integer or number read leniently (`runtime/lenient.rs`), in the words of
/// its serde visitor when it does not fit.
fn lenient_scalar<T: super::lenient::Lenient>(r: &mut Reader<'_>) -> Result<T, DecodeError> {
    let found = match r.peek() {
        Some(b't' | b'f') => {
            let v = r.peek() == Some(b't');
            r.literal(if v { "true" } else { "false" })?;
            return T::from_bool(v).ok_or_else(|| DecodeError::invalid_type(Unexpected::Bool(v), T::EXPECTED));
        }
        Some(b'-' | b'0'..=b'9') => r.number()?,
        Some(b'"') => {
            let text = r.string()?;
            return T::from_text(&text).ok_or_else(|| DecodeError::invalid_value(Unexpected::Str(&text), T::EXPECTED));
        }
        _ => return Err(r.unexpected_here(T::EXPECTED)),
    };
    let converted = match found {
        Num::U(u) => T::from_u64(u),
        Num::I(i) => T::from_i64(i),
        Num::F(f) => T::from_f64(f),
    };
    converted.ok_or_else(|| DecodeError::invalid_value(found.unexpected(), T::EXPECTED))
}

/// The `Deserialize` of a type decoded from JSON, for any deserializer: the value is
/// taken whole, then read by the type's [`FromJson`]. Generic over the deserializer
/// once, here, instead of once per type. (The client itself decodes bodies with
/// [`from_json_slice`], without this detour.)
pub(crate) fn via_json<'de, D: Deserializer<'de>, T: FromJson>(deserializer: D) -> Result<T, D::Error> {
    let value = Value::deserialize(deserializer)?;
    let text = serde_json::to_vec(&value).map_err(<D::Error as serde::de::Error>::custom)?;
    from_json_slice(&text).map_err(<D::Error as serde::de::Error>::custom)
}

/// `impl Deserialize` of a generated type through its [`FromJson`] ([`via_json`]): one
/// line per type in the generated code instead of the impl written out (generating and
/// formatting those was a tenth of the types' time). `Deserialize` is the name the
/// types' module imports.
// A crate may have no type (or operation) that needs it.
#[allow(unused_macros)]
macro_rules! deserialize_via_json {
    ($t:ident) => {
        impl<'de> Deserialize<'de> for $t {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                $crate::runtime::de::via_json(deserializer)
            }
        }
    };
}
#[allow(unused_imports)]
pub(crate) use deserialize_via_json;

/// `impl FromJson` of a generated type through its own `Deserialize` ([`by_serde`]),
/// one line per type.
// A crate may have no type (or operation) that needs it.
#[allow(unused_macros)]
macro_rules! decode_by_serde {
    ($t:ident) => {
        impl $crate::runtime::de::FromJson for $t {
            fn read_json(
                reader: &mut $crate::runtime::de::Reader<'_>,
            ) -> Result<Self, $crate::runtime::de::DecodeError> {
                $crate::runtime::de::by_serde(reader)
            }
        }
    };
}
#[allow(unused_imports)]
pub(crate) use decode_by_serde;

/// The traits of a generated string enum, through its `as_str` and `From<&str>`:
/// `Display`, `Serialize` and `Deserialize` (as the wire string; an unknown value is
/// kept), and [`FromJson`] through that `Deserialize`. One line per enum instead of four
/// impls written out. `Serialize` and `Deserialize` are the names the types' module
/// imports.
// A crate may have no string enum.
#[allow(unused_macros)]
macro_rules! string_enum_traits {
    ($t:ident) => {
        impl std::fmt::Display for $t {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl Serialize for $t {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> Deserialize<'de> for $t {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = String::deserialize(deserializer)?;
                Ok(Self::from(value.as_str()))
            }
        }

        $crate::runtime::de::decode_by_serde!($t);
    };
}
#[allow(unused_imports)]
pub(crate) use string_enum_traits;

/// [`FromJson`] through a type's own `Deserialize` (exactly serde's behaviour and
/// messages, from a `serde_json::Value` of this value alone): for the types that are
/// not decoded field by field.
pub(crate) fn by_serde<T: DeserializeOwned>(reader: &mut Reader<'_>) -> Result<T, DecodeError> {
    T::deserialize(reader.value()?).map_err(DecodeError::from)
}

// Scalars other than strings are rare outside struct fields (which are lenient), and
// serde's own impls word their errors: through them.
macro_rules! from_json_by_serde {
    ($($t:ty),*) => {$(
        impl FromJson for $t {
            fn read_json(reader: &mut Reader<'_>) -> Result<Self, DecodeError> {
                by_serde(reader)
            }
        }
    )*};
}

from_json_by_serde!(bool, i8, i16, i32, i64, u8, u16, u32, u64, f32, f64);

impl FromJson for String {
    fn read_json(reader: &mut Reader<'_>) -> Result<Self, DecodeError> {
        match reader.peek() {
            Some(b'"') => reader.string().map(Cow::into_owned),
            _ => by_serde(reader),
        }
    }
}

impl FromJson for Value {
    fn read_json(reader: &mut Reader<'_>) -> Result<Self, DecodeError> {
        reader.value()
    }
}

impl FromJson for Map<String, Value> {
    fn read_json(reader: &mut Reader<'_>) -> Result<Self, DecodeError> {
        match reader.peek() {
            Some(b'{') => match reader.value()? {
                Value::Object(map) => Ok(map),
                other => Err(DecodeError::invalid_type(unexpected(&other), "a map")),
            },
            _ => Err(reader.unexpected_here("a map")),
        }
    }
}

impl<T: FromJson> FromJson for Option<T> {
    fn read_json(reader: &mut Reader<'_>) -> Result<Self, DecodeError> {
        match reader.peek() {
            Some(b'n') => reader.literal("null").map(|()| None),
            _ => T::read_json(reader).map(Some),
        }
    }
}

impl<T: FromJson> FromJson for Box<T> {
    fn read_json(reader: &mut Reader<'_>) -> Result<Self, DecodeError> {
        T::read_json(reader).map(Box::new)
    }
}

impl<T: FromJson> FromJson for Vec<T> {
    fn read_json(reader: &mut Reader<'_>) -> Result<Self, DecodeError> {
        if reader.peek() != Some(b'[') {
            return Err(reader.unexpected_here("a sequence"));
        }
        let mut items = Vec::new();
        let mut seq = reader.array()?;
        while seq.next()? {
            let item = T::read_json(seq.reader).map_err(|e| e.at_index(items.len()))?;
            items.push(item);
        }
        Ok(items)
    }
}

impl<T: FromJson> FromJson for BTreeMap<String, T> {
    fn read_json(reader: &mut Reader<'_>) -> Result<Self, DecodeError> {
        if reader.peek() != Some(b'{') {
            return Err(reader.unexpected_here("a map"));
        }
        let mut map = BTreeMap::new();
        reader.enter()?;
        while let Some(key) = reader.next_key()? {
            let item = T::read_json(reader).map_err(|e| e.at_key(&key))?;
            map.insert(key.into_owned(), item);
        }
        Ok(map)
    }
}
