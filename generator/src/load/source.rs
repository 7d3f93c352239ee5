//! Reading a document's bytes: size, encoding and format checks before any parsing.

use crate::diag::{Diagnostic, Span};
use std::path::{Path, PathBuf};

/// The text format of a document, chosen by extension and, failing that, by content.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Json,
    Yaml,
}

/// A document's text, as read from disk.
#[derive(Clone, Debug)]
pub struct Source {
    /// The path as the user gave it (used in every diagnostic).
    pub name: String,
    pub path: PathBuf,
    pub text: String,
    pub format: Format,
}

/// Largest document accepted. Far above any real API description (GitHub's is 12 MB
/// at its largest), low enough that a wrong file fails fast instead of exhausting memory.
pub const MAX_BYTES: usize = 256 * 1024 * 1024;

impl Source {
    /// Reads a file. Every failure is a located, actionable diagnostic.
    pub fn read(path: &Path) -> Result<Source, Diagnostic> {
        let name = path.display().to_string();
        let bytes = std::fs::read(path).map_err(|e| {
            Diagnostic::error("io", "", format!("cannot read the document: {e}"))
                .with_help("check the path passed to --spec (relative paths are resolved from the current directory)")
                .in_file(&name)
        })?;
        Self::from_bytes(name, path.to_path_buf(), bytes)
    }

    /// Checks bytes already in memory (also used by tests and benchmarks).
    pub fn from_bytes(name: String, path: PathBuf, bytes: Vec<u8>) -> Result<Source, Diagnostic> {
        if bytes.len() > MAX_BYTES {
            return Err(Diagnostic::error(
                "too-large",
                "",
                format!("the document is {} bytes; the limit is {} bytes", bytes.len(), MAX_BYTES),
            )
            .with_help("split the document into several files joined by $ref")
            .in_file(&name));
        }
        let text = match String::from_utf8(bytes) {
            Ok(t) => t,
            Err(e) => {
                let bytes = e.as_bytes();
                let at = e.utf8_error().valid_up_to();
                let span = span_at(bytes, at);
                return Err(Diagnostic::error(
                    "not-utf8",
                    "",
                    format!("the document is not UTF-8 text (invalid byte 0x{:02x})", bytes[at]),
                )
                .with_help("OpenAPI documents are JSON or YAML in UTF-8; re-encode the file (e.g. `iconv -t UTF-8`)")
                .with_span(span)
                .in_file(&name));
            }
        };
        let text = text.strip_prefix('\u{feff}').map(str::to_owned).unwrap_or(text);
        if text.trim().is_empty() {
            return Err(Diagnostic::error("empty-document", "", "the document is empty")
                .with_help("pass an OpenAPI 3.0 or 3.1 document in JSON or YAML")
                .with_span(Span { line: 1, col: 1, start: 0, end: 0 })
                .in_file(&name));
        }
        let format = detect_format(&path, &text);
        Ok(Source { name, path, text, format })
    }
}

fn detect_format(path: &Path, text: &str) -> Format {
    match path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).as_deref() {
        Some("json") => Format::Json,
        Some("yaml" | "yml") => Format::Yaml,
        _ if text.trim_start().starts_with(['{', '[']) => Format::Json,
        _ => Format::Yaml,
    }
}

/// Line and column (1-based, columns counted in characters) of byte `offset`.
pub fn span_at(bytes: &[u8], offset: usize) -> Span {
    let offset = offset.min(bytes.len());
    let before = &bytes[..offset];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before.iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1);
    let col = String::from_utf8_lossy(&before[line_start..]).chars().count() + 1;
    Span { line, col, start: offset, end: (offset + 1).min(bytes.len()).max(offset) }
}

/// Byte offset of a 1-based line and column (columns in characters).
pub fn offset_of(text: &str, line: usize, col: usize) -> usize {
    let mut offset = 0;
    for (i, l) in text.split_inclusive('\n').enumerate() {
        if i + 1 == line {
            return offset + l.char_indices().nth(col.saturating_sub(1)).map_or(l.len(), |(b, _)| b);
        }
        offset += l.len();
    }
    text.len()
}
