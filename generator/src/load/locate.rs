//! JSON pointer -> line:column, built only when a document has something to report.
//!
//! JSON is scanned by a small iterative scanner; YAML positions come from
//! `yaml-rust2`'s marked events. Both are iterative, so depth cannot overflow the stack.

use super::source::{Format, Source};
use crate::diag::{child, Span};
use std::cell::OnceCell;
use std::collections::{HashMap, HashSet};
use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::{Marker, TScalarStyle};

/// Which nodes an index records.
#[derive(Default)]
enum Wanted {
    /// Every node (and every duplicate key is noticed).
    #[default]
    All,
    /// Only these pointers: the pointers asked for and all their ancestors, so that
    /// [`Index::locate`] finds the same nearest existing ancestor as a full index would.
    Only(HashSet<String>),
}

impl Wanted {
    fn only(pointers: &[&str]) -> Wanted {
        let mut set = HashSet::new();
        for p in pointers {
            let mut p = *p;
            // The same walk up as `Index::locate`.
            while set.insert(p.to_owned()) && !p.is_empty() {
                p = &p[..p.rfind('/').unwrap_or(0)];
            }
        }
        Wanted::Only(set)
    }

    fn wants(&self, pointer: &str) -> bool {
        match self {
            Wanted::All => true,
            Wanted::Only(set) => set.contains(pointer),
        }
    }

    /// Duplicate keys are only looked for in a full index.
    fn all(&self) -> bool {
        matches!(self, Wanted::All)
    }
}

/// Positions of the values and member keys of a document (every one, or those on the
/// way to the pointers asked for).
#[derive(Default)]
pub struct Index {
    values: HashMap<String, Span>,
    keys: HashMap<String, Span>,
    /// Pointers of members whose key repeats an earlier key of the same mapping, with the
    /// repeated key's position.
    pub duplicates: Vec<(String, Span)>,
}

impl Index {
    /// Every node's position, and every duplicate key.
    pub fn build(source: &Source) -> Index {
        Self::build_wanted(source, Wanted::All)
    }

    /// Positions enough to [`locate`](Index::locate) these pointers (and their keys):
    /// whole subtrees off their way are skipped, so a large document with a few findings
    /// is scanned, not indexed. Duplicate keys are not looked for.
    pub fn for_pointers(source: &Source, pointers: &[&str]) -> Index {
        Self::build_wanted(source, Wanted::only(pointers))
    }

    fn build_wanted(source: &Source, wanted: Wanted) -> Index {
        match source.format {
            Format::Json => json_index(&source.text, &wanted),
            Format::Yaml => yaml_index(&source.text, wanted),
        }
    }

    /// The position of the node at `pointer`; for a node that does not exist (a missing
    /// member), the position of its nearest existing ancestor.
    pub fn locate(&self, pointer: &str) -> Option<Span> {
        let mut p = pointer;
        loop {
            if let Some(s) = self.values.get(p) {
                return Some(*s);
            }
            if p.is_empty() {
                return None;
            }
            p = &p[..p.rfind('/').unwrap_or(0)];
        }
    }

    /// The position of a member's key (falls back to its value).
    pub fn locate_key(&self, pointer: &str) -> Option<Span> {
        self.keys.get(pointer).copied().or_else(|| self.locate(pointer))
    }
}

/// Tracks line starts to turn byte offsets into 1-based line and character columns.
///
/// Every lookup is O(log n) plus a short scan, whatever the length of a line: a minified
/// document is one line of megabytes, and counting its characters from the line start
/// for every node would make locating quadratic.
struct Lines<'a> {
    text: &'a str,
    starts: Vec<usize>,
    /// Whether every character is one byte.
    ascii: bool,
    /// For non-ASCII text: the number of characters before each `BLOCK`-byte boundary.
    /// Built on first use: columns on lines of ordinary length are counted directly, so
    /// a JSON document with a few findings never needs it.
    chars_before: OnceCell<Vec<usize>>,
}

const BLOCK: usize = 256;

/// Up to this many bytes between a line start and a position, the characters are
/// counted directly rather than through the table.
const SHORT_LINE: usize = 4 * BLOCK;

fn is_char_start(b: u8) -> bool {
    b & 0xC0 != 0x80
}

impl<'a> Lines<'a> {
    fn new(text: &'a str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.bytes().enumerate().filter(|(_, b)| *b == b'\n').map(|(i, _)| i + 1));
        Lines { text, starts, ascii: text.is_ascii(), chars_before: OnceCell::new() }
    }

    /// The table of characters before each block (non-ASCII text only).
    fn table(&self) -> &[usize] {
        self.chars_before.get_or_init(|| {
            let mut acc = 0;
            let mut out = vec![0];
            for block in self.text.as_bytes().chunks(BLOCK) {
                acc += block.iter().filter(|&&b| is_char_start(b)).count();
                out.push(acc);
            }
            out
        })
    }

    /// The number of characters before byte `offset`.
    fn chars_at(&self, offset: usize) -> usize {
        let offset = offset.min(self.text.len());
        if self.ascii {
            return offset;
        }
        let block = offset / BLOCK;
        self.table()[block] + self.count_chars(block * BLOCK, offset)
    }

    /// The number of characters in bytes `from..to`.
    fn count_chars(&self, from: usize, to: usize) -> usize {
        self.text.as_bytes()[from..to].iter().filter(|&&b| is_char_start(b)).count()
    }

    /// The number of characters between a line start and a later position on its line.
    fn chars_between(&self, line_start: usize, offset: usize) -> usize {
        if self.ascii {
            offset - line_start
        } else if offset - line_start <= SHORT_LINE {
            self.count_chars(line_start, offset)
        } else {
            self.chars_at(offset) - self.chars_at(line_start)
        }
    }

    /// The byte offset of 1-based `line`, 0-based character column `col` (clamped to the
    /// line's end).
    fn byte_at(&self, line: usize, col: usize) -> usize {
        let Some(&start) = self.starts.get(line.saturating_sub(1)) else { return self.text.len() };
        let rest = &self.text[start..];
        let end = rest.find('\n').unwrap_or(rest.len());
        start + rest[..end].char_indices().nth(col).map_or(end, |(i, _)| i)
    }

    fn floor_boundary(&self, mut offset: usize) -> usize {
        offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        offset
    }

    fn span(&self, start: usize, end: usize) -> Span {
        let start = self.floor_boundary(start);
        let end = self.floor_boundary(end).max(start);
        let line = self.starts.partition_point(|&s| s <= start);
        let line_start = self.starts[line - 1];
        let col = self.chars_between(line_start, start) + 1;
        Span { line, col, start, end }
    }
}

enum Frame {
    Object { pointer: String, key: Option<String>, seen: HashSet<String> },
    Array { pointer: String, next: usize },
}

fn json_index(text: &str, wanted: &Wanted) -> Index {
    let lines = Lines::new(text);
    let b = text.as_bytes();
    let mut index = Index::default();
    let mut stack: Vec<Frame> = Vec::new();
    let mut i = 0;
    let mut expecting_key = false;
    while i < b.len() {
        let c = b[i];
        match c {
            b' ' | b'\t' | b'\r' | b'\n' | b',' | b':' => {
                if c == b',' {
                    if let Some(Frame::Object { .. }) = stack.last() {
                        expecting_key = true;
                    }
                }
                i += 1;
            }
            b'}' | b']' => {
                stack.pop();
                expecting_key = false;
                i += 1;
            }
            b'"' if expecting_key => {
                let end = string_end(b, i);
                let key = serde_json::from_str::<String>(&text[i..end]).unwrap_or_default();
                if let Some(Frame::Object { pointer, key: k, seen }) = stack.last_mut() {
                    let member = child(pointer, &key);
                    if wanted.wants(&member) {
                        let span = lines.span(i, end);
                        if wanted.all() && !seen.insert(key.clone()) {
                            index.duplicates.push((member.clone(), span));
                        }
                        index.keys.insert(member, span);
                    }
                    *k = Some(key);
                }
                expecting_key = false;
                i = end;
            }
            _ => {
                let pointer = match stack.last_mut() {
                    None => String::new(),
                    Some(Frame::Object { pointer, key, .. }) => child(pointer, key.as_deref().unwrap_or("")),
                    Some(Frame::Array { pointer, next }) => {
                        *next += 1;
                        child(pointer, &(*next - 1).to_string())
                    }
                };
                if !wanted.wants(&pointer) {
                    // Where the full scan would be after this value, closing bracket
                    // included; nothing inside it is wanted.
                    i = value_end(b, i);
                    expecting_key = false;
                    continue;
                }
                let end = match c {
                    b'{' => {
                        stack.push(Frame::Object { pointer: pointer.clone(), key: None, seen: HashSet::new() });
                        expecting_key = true;
                        i + 1
                    }
                    b'[' => {
                        stack.push(Frame::Array { pointer: pointer.clone(), next: 0 });
                        i + 1
                    }
                    b'"' => string_end(b, i),
                    _ => scalar_end(b, i),
                };
                index.values.insert(pointer, lines.span(i, end));
                i = if matches!(c, b'{' | b'[') { i + 1 } else { end };
            }
        }
    }
    index
}

/// Byte offset just past the bare scalar (number, `true`, ...) starting at `start`.
fn scalar_end(b: &[u8], start: usize) -> usize {
    let mut j = start;
    while j < b.len() && !matches!(b[j], b',' | b'}' | b']' | b' ' | b'\n' | b'\r' | b'\t') {
        j += 1;
    }
    j.max(start + 1)
}

/// Byte offset just past the value starting at `start`: a container up to its closing
/// bracket (brackets in strings do not count), a string, or a bare scalar.
fn value_end(b: &[u8], start: usize) -> usize {
    match b[start] {
        b'"' => string_end(b, start),
        b'{' | b'[' => {
            let mut depth = 0usize;
            let mut j = start;
            while j < b.len() {
                match b[j] {
                    b'"' => j = string_end(b, j),
                    b'{' | b'[' => {
                        depth += 1;
                        j += 1;
                    }
                    b'}' | b']' => {
                        depth = depth.saturating_sub(1);
                        j += 1;
                        if depth == 0 {
                            return j;
                        }
                    }
                    _ => j += 1,
                }
            }
            b.len()
        }
        _ => scalar_end(b, start),
    }
}

/// Byte offset just past the string literal starting at `start` (a `"`).
fn string_end(b: &[u8], start: usize) -> usize {
    let mut j = start + 1;
    while j < b.len() {
        match b[j] {
            b'\\' => j += 2,
            b'"' => return j + 1,
            _ => j += 1,
        }
    }
    b.len()
}

struct YamlIndexer<'a> {
    lines: Lines<'a>,
    index: Index,
    stack: Vec<Frame>,
    /// A block mapping that is not a member's value (the document, a list item) just
    /// started: `yaml-rust2` marks it at the `:` after its first key, so its position is
    /// moved back to that key when the key arrives.
    mapping_start: Option<(String, usize)>,
    wanted: Wanted,
    /// Nesting depth inside a collection that is not wanted (0: not inside one).
    skipping: usize,
}

impl YamlIndexer<'_> {
    /// The pointer of the node an event starts, or `None` when the event is a mapping key.
    fn node_pointer(&mut self) -> Option<String> {
        match self.stack.last_mut() {
            None => Some(String::new()),
            Some(Frame::Object { pointer, key, .. }) => key.take().map(|k| child(pointer, &k)),
            Some(Frame::Array { pointer, next }) => {
                *next += 1;
                Some(child(pointer, &(*next - 1).to_string()))
            }
        }
    }
}

impl MarkedEventReceiver for YamlIndexer<'_> {
    fn on_event(&mut self, ev: Event, mark: Marker) {
        if self.skipping > 0 {
            match ev {
                Event::MappingStart(..) | Event::SequenceStart(..) => self.skipping += 1,
                Event::MappingEnd | Event::SequenceEnd => self.skipping -= 1,
                _ => {}
            }
            return;
        }
        // From the mark's line and column: its index counts characters, except that
        // `yaml-rust2` 0.13 advances it by bytes over block scalar lines, so after a
        // `|` text with non-ASCII characters every later index would be off. Lines are
        // counted right, and columns restart on each line.
        let start = self.lines.byte_at(mark.line(), mark.col());
        if let Some((pointer, at)) = self.mapping_start.take() {
            if start < at && matches!(ev, Event::Scalar(..) | Event::MappingStart(..) | Event::SequenceStart(..)) {
                self.index.values.insert(pointer, self.lines.span(start, at));
            }
        }
        match ev {
            Event::Scalar(text, style, ..) => {
                let end = start + text.len();
                let span = self.lines.span(start, end);
                match self.node_pointer() {
                    Some(p) => {
                        // `key:` with nothing after it (an implicit null) is marked where the
                        // next token starts, often lines later; the key is where it is.
                        let implicit_null = text.is_empty() && style == TScalarStyle::Plain;
                        let span = match self.index.keys.get(&p) {
                            Some(key) if implicit_null => *key,
                            _ => span,
                        };
                        if self.wanted.wants(&p) {
                            self.index.values.insert(p, span);
                        }
                    }
                    None => {
                        if let Some(Frame::Object { pointer, key, seen }) = self.stack.last_mut() {
                            let member = child(pointer, &text);
                            if self.wanted.wants(&member) {
                                if self.wanted.all() && !seen.insert(text.clone()) {
                                    self.index.duplicates.push((member.clone(), span));
                                }
                                self.index.keys.insert(member, span);
                            }
                            *key = Some(text);
                        }
                    }
                }
            }
            Event::MappingStart(..) | Event::SequenceStart(..) => {
                let pointer = self.node_pointer().unwrap_or_default();
                if !self.wanted.wants(&pointer) {
                    self.skipping = 1;
                    return;
                }
                let span = self.lines.span(start, start + 1);
                match self.index.keys.get(&pointer) {
                    // A block collection under `key:` starts on a later line: its key is
                    // where a reader looks for it.
                    Some(key) if key.line < span.line => {
                        self.index.values.insert(pointer.clone(), *key);
                    }
                    _ => {
                        self.index.values.insert(pointer.clone(), span);
                        if matches!(ev, Event::MappingStart(..)) {
                            self.mapping_start = Some((pointer.clone(), start));
                        }
                    }
                }
                self.stack.push(if matches!(ev, Event::MappingStart(..)) {
                    Frame::Object { pointer, key: None, seen: HashSet::new() }
                } else {
                    Frame::Array { pointer, next: 0 }
                });
            }
            Event::MappingEnd | Event::SequenceEnd => {
                self.stack.pop();
            }
            Event::Alias(_) => {
                if let Some(p) = self.node_pointer().filter(|p| self.wanted.wants(p)) {
                    self.index.values.insert(p, self.lines.span(start, start + 1));
                }
            }
            _ => {}
        }
    }
}

fn yaml_index(text: &str, wanted: Wanted) -> Index {
    let mut indexer = YamlIndexer {
        lines: Lines::new(text),
        index: Index::default(),
        stack: Vec::new(),
        mapping_start: None,
        wanted,
        skipping: 0,
    };
    // A syntax error was already reported by the parser; a partial index is still useful.
    let _ = Parser::new_from_str(text).load(&mut indexer, false);
    indexer.index
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn src(name: &str, text: &str) -> Source {
        Source::from_bytes(name.into(), PathBuf::from(name), text.as_bytes().to_vec()).unwrap()
    }

    #[test]
    fn json_positions_of_values_keys_and_duplicates() {
        let s = src("a.json", "{\n  \"a\": {\"b\": [1, \"x\"]},\n  \"a\": true\n}");
        let idx = Index::build(&s);
        let at = |p: &str| idx.locate(p).map(|s| (s.line, s.col));
        assert_eq!(at("/a/b/1"), Some((2, 18)));
        assert_eq!(at("/a/b/0"), Some((2, 15)));
        assert_eq!(at("/a/missing"), at("/a"));
        assert_eq!(idx.duplicates.len(), 1);
        assert_eq!((idx.duplicates[0].1.line, idx.duplicates[0].1.col), (3, 3));
    }

    #[test]
    fn yaml_positions_of_values_keys_and_duplicates() {
        let s = src("a.yaml", "a:\n  b:\n    - 1\n    - x\n  c: 'q'\na: 2\n");
        let idx = Index::build(&s);
        let at = |p: &str| idx.locate(p).map(|s| (s.line, s.col));
        assert_eq!(at("/a/b/1"), Some((4, 7)));
        assert_eq!(at("/a/c"), Some((5, 6)));
        assert_eq!(idx.duplicates.len(), 1);
        assert_eq!((idx.duplicates[0].1.line, idx.duplicates[0].1.col), (6, 1));
    }

    #[test]
    fn yaml_block_collections_and_empty_values_are_at_their_key() {
        let s = src("a.yaml", "openapi: 3.0.3\ncomponents:\n  schemas:\n    Pet:\n      type: object\n  empty:\nl:\n- a: 1\n  b: {c: 2}\n");
        let idx = Index::build(&s);
        let at = |p: &str| idx.locate(p).map(|s| (s.line, s.col));
        assert_eq!(at(""), Some((1, 1)));
        assert_eq!(at("/components/schemas/Pet"), Some((4, 5)));
        assert_eq!(at("/components/empty"), Some((6, 3)));
        assert_eq!(at("/l"), Some((7, 1)));
        assert_eq!(at("/l/0"), Some((8, 3)));
        assert_eq!(at("/l/0/b"), Some((9, 6)));
    }

    /// An index for some pointers answers for them exactly as the full index does.
    #[test]
    fn index_for_pointers_agrees_with_the_full_index() {
        let docs = [
            src("a.json", "{\n  \"a\": {\"b\": [1, \"x]}\", {\"c\": null}]},\n  \"a\": true, \"d/e\": {\"f\": []}\n}"),
            src("a.yaml", "a:\n  b:\n    - 1\n    - {x: [2]}\n  c: 'q'\n  e:\nd/e:\n  f: [1, 2]\na: 2\n"),
        ];
        for s in &docs {
            let full = Index::build(s);
            let mut pointers: Vec<&str> = full.values.keys().map(String::as_str).collect();
            pointers.extend(["/a/missing", "/nothing/here", "/a/b/7/x"]);
            for p in &pointers {
                let some = Index::for_pointers(s, &[p, "/a/c"]);
                assert_eq!(some.locate(p), full.locate(p), "{} {p}", s.name);
                assert_eq!(some.locate_key(p), full.locate_key(p), "{} {p}", s.name);
            }
        }
    }

    #[test]
    fn positions_after_a_block_scalar_with_non_ascii_text() {
        let s = src("a.yaml", "d: |\n  a \u{2014} b \u{2192} c\n  more \u{2013}\nk: 'v'\nl:\n  m: 1\n");
        let index = Index::for_pointers(&s, &["/k", "/l/m"]);
        let k = index.locate("/k").unwrap();
        assert_eq!((k.line, k.col), (4, 4));
        let m = index.locate("/l/m").unwrap();
        assert_eq!((m.line, m.col), (6, 6));
    }

    #[test]
    fn columns_count_characters_in_json_and_yaml() {
        let s = src("a.yaml", "t: \"日本語 🎉\"\nx: {é: {r: 'v'}}\n");
        let idx = Index::build(&s);
        let span = idx.locate("/x/é/r").unwrap();
        assert_eq!((span.line, span.col), (2, 12));
        assert_eq!(&s.text[span.start..span.start + 1], "'");
        let s = src("a.json", "{\"t\": \"日本語 🎉\", \"x\": {\"é\": 1}}");
        let idx = Index::build(&s);
        let span = idx.locate("/x/é").unwrap();
        assert_eq!((span.line, span.col), (1, 27));
        assert_eq!(&s.text[span.start..span.end], "1");
        // A long line (a minified document): columns through the block table.
        let long = format!("{{\"t\": \"{}\", \"x\": 1}}", "é🎉".repeat(2000));
        let s = src("a.json", &long);
        let span = Index::for_pointers(&s, &["/x"]).locate("/x").unwrap();
        assert_eq!(span.col, long[..span.start].chars().count() + 1);
        assert_eq!(&s.text[span.start..span.end], "1");
    }
}
