//! Parameters on the wire: every `style` and `explode` of OpenAPI, in paths, queries,
//! headers, cookies and `application/x-www-form-urlencoded` bodies.
//!
//! A value is read through its JSON form (so any `Serialize` type works, unions and
//! untyped values included) into a primitive, an array or an object, then written in
//! its style (RFC 6570 expansion for `simple`, `label`, `matrix` and `form`). The
//! delimiters a style adds are written as they are; the same characters inside names
//! and values are percent-encoded, so a server can still split on them. Values inside
//! an array or object that are themselves arrays or objects (which the styles do not
//! define) are written as JSON text, except in `deepObject`, which nests brackets.

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::Serialize;

/// An OpenAPI `style`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Style {
    Simple,
    Label,
    Matrix,
    Form,
    SpaceDelimited,
    PipeDelimited,
    DeepObject,
}

/// How one query parameter or form field is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Format {
    pub(crate) style: Style,
    pub(crate) explode: bool,
    /// Reserved characters (`:/?@!$()*,;`) and percent-encoded triples in values are
    /// sent as they are.
    pub(crate) allow_reserved: bool,
}

impl Format {
    pub(crate) const fn new(style: Style, explode: bool, allow_reserved: bool) -> Self {
        Format { style, explode, allow_reserved }
    }
}

/// How one field of a form body is written, when its `encoding` says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Encoding {
    Style(Format),
    /// `contentType: application/json`: the field's JSON text.
    Json,
}

/// A path parameter's text, percent-encoded, with the prefix of its style (`.` for
/// `label`, `;name=` for `matrix`). Styles other than these three write as `simple`.
pub(crate) fn path<T: Serialize + ?Sized>(
    name: &str,
    value: &T,
    style: Style,
    explode: bool,
) -> Result<String, String> {
    let value = read(value)?;
    let op = match style {
        Style::Label => &LABEL,
        Style::Matrix => &MATRIX,
        _ => &SIMPLE,
    };
    let set = if style == Style::Label { Set::Label } else { Set::Path };
    Ok(expand(op, name, &value, explode, set))
}

/// Appends a query parameter (one `name=value` pair or several, `&`-separated) to
/// `query`, percent-encoded. Nothing is added for an empty array or object.
pub(crate) fn query<T: Serialize + ?Sized>(
    query: &mut String,
    name: &str,
    value: &T,
    format: Format,
) -> Result<(), String> {
    let value = read(value)?;
    push_pairs(query, &pairs(name, &value, format));
    Ok(())
}

/// `path` once its parameters are in place. A segment that is `.` or `..` (however
/// percent-encoded) would be resolved away when the URL is parsed, sending the request
/// to another path: it is refused.
pub(crate) fn checked_path(path: String) -> Result<String, String> {
    let is_dots = |segment: &&str| matches!(segment.to_ascii_lowercase().replace("%2e", ".").as_str(), "." | "..");
    match path.split('/').find(is_dots) {
        Some(segment) => Err(format!(
            "a path parameter makes the path segment `{segment}`, which URLs resolve as a directory step; \
             the request would go to another path"
        )),
        None => Ok(path),
    }
}

/// `path` with the query string built by [`query`], if any.
pub(crate) fn with_query(path: String, query: &str) -> String {
    if query.is_empty() {
        path
    } else {
        format!("{path}?{query}")
    }
}

/// A header parameter's value (`simple` style), or `None` for an empty array or
/// object. Headers are not percent-encoded: a value that cannot be a header (control
/// characters, non-ASCII text) is an error.
pub(crate) fn header<T: Serialize + ?Sized>(name: &str, value: &T, explode: bool) -> Result<Option<String>, String> {
    let value = read(value)?;
    if value.is_undefined() {
        return Ok(None);
    }
    let text = expand(&SIMPLE, name, &value, explode, Set::Verbatim);
    if text.bytes().any(|b| !(b == b'\t' || (0x20..0x7f).contains(&b))) {
        return Err(format!(
            "the value of header `{name}` has characters a header cannot carry (control characters or non-ASCII text)"
        ));
    }
    Ok(Some(text))
}

/// Adds a cookie parameter (`form` style) to `cookies`, which are sent joined by `; `.
/// Exploded arrays and objects become one cookie per item, since `;` (not `&`)
/// separates cookies. Names and values are percent-encoded.
pub(crate) fn cookie<T: Serialize + ?Sized>(
    cookies: &mut Vec<String>,
    name: &str,
    value: &T,
    explode: bool,
) -> Result<(), String> {
    let value = read(value)?;
    let format = Format::new(Style::Form, explode, false);
    cookies.extend(pairs(name, &value, format).into_iter().map(|(n, v)| format!("{n}={v}")));
    Ok(())
}

/// A `content: application/json` parameter's text.
pub(crate) fn json<T: Serialize + ?Sized>(value: &T) -> Result<String, String> {
    serde_json::to_string(value).map_err(|e| format!("a parameter could not be written as JSON: {e}"))
}

/// A `content` parameter of another media type: a string as it is, anything else as
/// its JSON text.
pub(crate) fn text<T: Serialize + ?Sized>(value: &T) -> Result<String, String> {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => Ok(s),
        Ok(other) => Ok(other.to_string()),
        Err(e) => Err(format!("a parameter could not be written as text: {e}")),
    }
}

/// An `application/x-www-form-urlencoded` body: each field of `value` (an object) as
/// query parameters. A field named in `encodings` is written as it says; any other
/// field by the defaults of the Encoding Object: arrays as `form`, exploded
/// (`tag=a&tag=b`), objects as JSON text, primitives as text.
pub(crate) fn form<T: Serialize + ?Sized>(value: &T, encodings: &[(&str, Encoding)]) -> Result<String, String> {
    let Node::Object(fields) = read(value)? else {
        return Err("a form body must be an object".to_owned());
    };
    let mut body = String::new();
    for (name, field) in &fields {
        let encoding = encodings.iter().find(|(n, _)| n == name).map(|(_, e)| *e);
        let pairs = match (encoding, field) {
            (Some(Encoding::Style(format)), field) => pairs(name, field, format),
            (Some(Encoding::Json), field) | (None, field @ Node::Object(_)) => {
                pairs(name, &Node::Text(field.json()), FORM_EXPLODED)
            }
            (None, field) => pairs(name, field, FORM_EXPLODED),
        };
        push_pairs(&mut body, &pairs);
    }
    Ok(body)
}

const FORM_EXPLODED: Format = Format::new(Style::Form, true, false);

fn push_pairs(out: &mut String, pairs: &[(String, String)]) {
    for (name, value) in pairs {
        if !out.is_empty() {
            out.push('&');
        }
        out.push_str(name);
        out.push('=');
        out.push_str(value);
    }
}

/// The encoded `name=value` pairs of one query parameter or form field.
fn pairs(name: &str, value: &Node, format: Format) -> Vec<(String, String)> {
    let set = if format.allow_reserved { Set::Reserved } else { Set::Query };
    let key = encode(name, Set::Query);
    let text = |n: &Node| encode(&n.text(), set);
    let joined = |sep: &str| -> String {
        match value {
            Node::List(items) => items.iter().map(text).collect::<Vec<_>>().join(sep),
            Node::Object(fields) => {
                fields.iter().flat_map(|(k, v)| [encode(k, set), text(v)]).collect::<Vec<_>>().join(sep)
            }
            other => text(other),
        }
    };
    match (format.style, format.explode, value) {
        (_, _, v) if v.is_undefined() => Vec::new(),
        (Style::SpaceDelimited, false, Node::List(_) | Node::Object(_)) => vec![(key, joined("%20"))],
        (Style::PipeDelimited, false, Node::List(_) | Node::Object(_)) => vec![(key, joined("|"))],
        (Style::DeepObject, _, Node::Object(_)) => {
            let mut out = Vec::new();
            deep(&mut out, key, value, set);
            out
        }
        (_, false, Node::List(_) | Node::Object(_)) => vec![(key, joined(","))],
        (_, true, Node::List(items)) => items.iter().map(|i| (key.clone(), text(i))).collect(),
        (_, true, Node::Object(fields)) => fields.iter().map(|(k, v)| (encode(k, set), text(v))).collect(),
        (_, _, primitive) => vec![(key, text(primitive))],
    }
}

/// `deepObject`: `name[key]=value`, nesting brackets for objects and indexes for arrays
/// inside (which OpenAPI leaves undefined; this is the common convention).
fn deep(out: &mut Vec<(String, String)>, prefix: String, value: &Node, set: Set) {
    match value {
        Node::Object(fields) => {
            for (k, v) in fields {
                deep(out, format!("{prefix}[{}]", encode(k, set)), v, set);
            }
        }
        Node::List(items) => {
            for (i, v) in items.iter().enumerate() {
                deep(out, format!("{prefix}[{i}]"), v, set);
            }
        }
        Node::Null => {}
        leaf => out.push((prefix, encode(&leaf.text(), set))),
    }
}

/// An RFC 6570 expression operator: what comes first, what separates exploded items,
/// whether items are named, and what a named empty value looks like.
struct Operator {
    first: &'static str,
    sep: &'static str,
    named: bool,
    if_empty: &'static str,
}

const SIMPLE: Operator = Operator { first: "", sep: ",", named: false, if_empty: "" };
const LABEL: Operator = Operator { first: ".", sep: ".", named: false, if_empty: "" };
const MATRIX: Operator = Operator { first: ";", sep: ";", named: true, if_empty: "" };

/// RFC 6570 section 3.2.1 for one variable. An empty array or object is undefined:
/// nothing at all.
fn expand(op: &Operator, name: &str, value: &Node, explode: bool, set: Set) -> String {
    let name = encode(name, set);
    let text = |n: &Node| encode(&n.text(), set);
    let named = |v: String| -> String {
        if !op.named {
            v
        } else if v.is_empty() {
            format!("{name}{}", op.if_empty)
        } else {
            format!("{name}={v}")
        }
    };
    let body = match (value, explode) {
        (v, _) if v.is_undefined() => return String::new(),
        (Node::List(items), false) => named(items.iter().map(text).collect::<Vec<_>>().join(",")),
        (Node::List(items), true) => items.iter().map(|i| named(text(i))).collect::<Vec<_>>().join(op.sep),
        (Node::Object(fields), false) => {
            named(fields.iter().flat_map(|(k, v)| [encode(k, set), text(v)]).collect::<Vec<_>>().join(","))
        }
        (Node::Object(fields), true) => {
            fields.iter().map(|(k, v)| format!("{}={}", encode(k, set), text(v))).collect::<Vec<_>>().join(op.sep)
        }
        (primitive, _) => named(text(primitive)),
    };
    format!("{}{body}", op.first)
}

/// Which characters pass unencoded.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Set {
    /// Unreserved characters only (RFC 3986 section 2.3).
    Path,
    /// Unreserved, except `.`, which `label` uses as its delimiter.
    Label,
    /// Unreserved characters only.
    Query,
    /// `allowReserved`: also the reserved characters a query carries without changing
    /// its meaning, and percent-encoded triples. `#`, `[`, `]` (not allowed in a query)
    /// and `&`, `=`, `+` (form syntax) are still encoded.
    Reserved,
    /// Headers: nothing is encoded.
    Verbatim,
}

fn encode(text: &str, set: Set) -> String {
    if set == Set::Verbatim {
        return text.to_owned();
    }
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    for (i, &b) in bytes.iter().enumerate() {
        let keep = match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'~' => true,
            b'.' => set != Set::Label,
            // `'` is reserved too, but URL parsers encode it in the query of http(s) URLs.
            b':' | b'/' | b'?' | b'@' | b'!' | b'$' | b'(' | b')' | b'*' | b',' | b';' => set == Set::Reserved,
            b'%' => set == Set::Reserved && is_triple(&bytes[i..]),
            _ => false,
        };
        if keep {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn is_triple(rest: &[u8]) -> bool {
    matches!(rest, [b'%', a, b, ..] if a.is_ascii_hexdigit() && b.is_ascii_hexdigit())
}

/// A value as the styles see it, keeping the order of object fields.
#[derive(Clone, Debug, PartialEq)]
enum Node {
    Null,
    /// A string.
    Text(String),
    /// A number or boolean, as JSON writes it.
    Literal(String),
    List(Vec<Node>),
    Object(Vec<(String, Node)>),
}

/// Reads a value through its JSON text: a JSON `Value` would sort object fields.
fn read<T: Serialize + ?Sized>(value: &T) -> Result<Node, String> {
    let text = serde_json::to_string(value).map_err(|e| format!("a parameter could not be serialized: {e}"))?;
    let node: Node = serde_json::from_str(&text).map_err(|e| format!("a parameter could not be read back: {e}"))?;
    Ok(node.without_nulls())
}

impl Node {
    /// Empty arrays and objects (after nulls are dropped) and null are undefined.
    fn is_undefined(&self) -> bool {
        match self {
            Node::Null => true,
            Node::List(items) => items.is_empty(),
            Node::Object(fields) => fields.is_empty(),
            _ => false,
        }
    }

    /// Nulls inside arrays and objects say "absent": they are dropped.
    fn without_nulls(self) -> Node {
        match self {
            Node::List(items) => {
                Node::List(items.into_iter().filter(|n| *n != Node::Null).map(Node::without_nulls).collect())
            }
            Node::Object(fields) => Node::Object(
                fields.into_iter().filter(|(_, n)| *n != Node::Null).map(|(k, n)| (k, n.without_nulls())).collect(),
            ),
            other => other,
        }
    }

    /// A primitive as text; an array or object nested in another as JSON text.
    fn text(&self) -> String {
        match self {
            Node::Null => String::new(),
            Node::Text(s) | Node::Literal(s) => s.clone(),
            nested => nested.json(),
        }
    }

    fn json(&self) -> String {
        match self {
            Node::Null => "null".to_owned(),
            Node::Literal(s) => s.clone(),
            Node::Text(s) => serde_json::Value::from(s.as_str()).to_string(),
            Node::List(items) => format!("[{}]", items.iter().map(Node::json).collect::<Vec<_>>().join(",")),
            Node::Object(fields) => {
                let fields: Vec<String> =
                    fields.iter().map(|(k, v)| format!("{}:{}", Node::Text(k.clone()).json(), v.json())).collect();
                format!("{{{}}}", fields.join(","))
            }
        }
    }
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(NodeVisitor)
    }
}

struct NodeVisitor;

impl<'de> Visitor<'de> for NodeVisitor {
    type Value = Node;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_unit<E>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }

    fn visit_bool<E>(self, v: bool) -> Result<Node, E> {
        Ok(Node::Literal(v.to_string()))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Node, E> {
        Ok(Node::Literal(v.to_string()))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Node, E> {
        Ok(Node::Literal(v.to_string()))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Node, E> {
        Ok(Node::Literal(serde_json::Value::from(v).to_string()))
    }

    fn visit_str<E>(self, v: &str) -> Result<Node, E> {
        Ok(Node::Text(v.to_owned()))
    }

    fn visit_string<E>(self, v: String) -> Result<Node, E> {
        Ok(Node::Text(v))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Node::List(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
        let mut fields = Vec::new();
        while let Some((key, value)) = map.next_entry::<String, Node>()? {
            fields.push((key, value));
        }
        Ok(Node::Object(fields))
    }
}
