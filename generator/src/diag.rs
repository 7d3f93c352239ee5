//! Diagnostics shaped like a compiler's: `file:line:col: severity[code]: message`,
//! the JSON pointer of the offending node, and a `help:` line.
//!
//! Loading records diagnostics against JSON pointers only; line and column are
//! resolved once per document at the end (see [`crate::load::locate`]), so a clean
//! document never pays for a position index.

use std::fmt;

/// How bad a diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Information: a valid construct the generator handles in a particular way.
    Note,
    /// The document is wrong but was repaired or worked around; output is produced.
    Warning,
    /// The document cannot be used; nothing is written.
    Error,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Note => "note",
            Severity::Warning => "warning",
            Severity::Error => "error",
        })
    }
}

/// A resolved position in a source file (1-based line and column, byte range).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Span {
    pub line: usize,
    pub col: usize,
    pub start: usize,
    pub end: usize,
}

/// One finding about an input document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Stable kebab-case identifier of the kind of finding, e.g. `string-boolean`.
    pub code: &'static str,
    /// The file as the user named it.
    pub file: String,
    /// JSON pointer (RFC 6901) of the offending node; empty for the whole document.
    pub pointer: String,
    /// Position of the node, once resolved.
    pub span: Option<Span>,
    pub message: String,
    /// What to do about it.
    pub help: Option<String>,
    /// How many operations of the document this finding leaves out of the client: the
    /// generator counts operations in and out, and every one left out is accounted for.
    pub operations_left_out: usize,
}

impl Diagnostic {
    pub fn new(severity: Severity, code: &'static str, pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity,
            code,
            file: String::new(),
            pointer: pointer.into(),
            span: None,
            message: message.into(),
            help: None,
            operations_left_out: 0,
        }
    }

    pub fn error(code: &'static str, pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, code, pointer, message)
    }

    pub fn warning(code: &'static str, pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, code, pointer, message)
    }

    pub fn note(code: &'static str, pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Self::new(Severity::Note, code, pointer, message)
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Marks the finding as leaving `n` operations out of the client.
    pub fn leaves_out(mut self, n: usize) -> Self {
        self.operations_left_out = n;
        self
    }

    pub fn with_span(mut self, span: Span) -> Self {
        self.span = Some(span);
        self
    }

    pub fn in_file(mut self, file: impl Into<String>) -> Self {
        self.file = file.into();
        self
    }

    /// `file:line:col` (or just `file` when the position is unknown).
    pub fn location(&self) -> String {
        match self.span {
            Some(s) => format!("{}:{}:{}", self.file, s.line, s.col),
            None => self.file.clone(),
        }
    }
}

/// The one-line form used in summaries, tests and plain output:
/// `specs/roles.json:230:21: warning[string-boolean]: message`.
impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}[{}]: {}", self.location(), self.severity, self.code, self.message)?;
        if !self.pointer.is_empty() {
            write!(f, "\n  at: #{}", self.pointer)?;
        }
        if let Some(help) = &self.help {
            write!(f, "\n  help: {help}")?;
        }
        Ok(())
    }
}

/// Collects diagnostics for one document. In strict mode every repair is an error.
#[derive(Debug, Default)]
pub struct Diagnostics {
    pub items: Vec<Diagnostic>,
    pub strict: bool,
}

impl Diagnostics {
    pub fn new(strict: bool) -> Self {
        Diagnostics { items: Vec::new(), strict }
    }

    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }

    /// Records a repair the loader made to the document. `--strict` refuses it.
    pub fn repair(
        &mut self,
        code: &'static str,
        pointer: impl Into<String>,
        message: impl Into<String>,
        help: impl Into<String>,
    ) {
        let severity = if self.strict { Severity::Error } else { Severity::Warning };
        self.items.push(Diagnostic::new(severity, code, pointer, message).with_help(help));
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    pub fn extend(&mut self, other: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(other);
    }
}

/// Appends `segment` to a JSON pointer, escaping `~` and `/` (RFC 6901).
pub fn child(pointer: &str, segment: &str) -> String {
    let mut out = String::with_capacity(pointer.len() + segment.len() + 1);
    out.push_str(pointer);
    out.push('/');
    // Most segments need no escaping; lowering builds one pointer per schema it visits.
    if !segment.contains(['~', '/']) {
        out.push_str(segment);
        return out;
    }
    for c in segment.chars() {
        match c {
            '~' => out.push_str("~0"),
            '/' => out.push_str("~1"),
            _ => out.push(c),
        }
    }
    out
}

/// Splits a JSON pointer into unescaped segments.
pub fn segments(pointer: &str) -> Vec<String> {
    if pointer.is_empty() {
        return Vec::new();
    }
    pointer.trim_start_matches('/').split('/').map(|s| s.replace("~1", "/").replace("~0", "~")).collect()
}

/// Renders diagnostics for a person: rich snippets (coloured on a terminal, plain when
/// piped) through `codespan-reporting`.
pub mod render {
    use super::{Diagnostic, Severity};
    use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label};
    use codespan_reporting::files::SimpleFiles;
    use codespan_reporting::term::{self, termcolor::ColorChoice, termcolor::StandardStream};
    use std::collections::HashMap;
    use std::io::IsTerminal;

    /// Prints each diagnostic to stderr, with a source snippet where the text is known.
    pub fn to_stderr(diags: &[Diagnostic], sources: &HashMap<String, String>) {
        let choice = if std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none() {
            ColorChoice::Auto
        } else {
            ColorChoice::Never
        };
        let writer = StandardStream::stderr(choice);
        let config = term::Config::default();
        let mut files = SimpleFiles::new();
        let mut ids = HashMap::new();
        for d in diags {
            let id = *ids
                .entry(d.file.clone())
                .or_insert_with(|| files.add(d.file.clone(), sources.get(&d.file).cloned().unwrap_or_default()));
            let mut cs = match d.severity {
                Severity::Error => CsDiagnostic::error(),
                Severity::Warning => CsDiagnostic::warning(),
                Severity::Note => CsDiagnostic::note(),
            }
            .with_code(d.code)
            .with_message(&d.message);
            let has_text = sources.get(&d.file).is_some_and(|t| !t.is_empty());
            match (d.span, has_text) {
                (Some(span), true) => {
                    cs = cs.with_labels(vec![Label::primary(id, span.start..span.end)]);
                }
                (Some(span), false) => {
                    cs = cs.with_notes(vec![format!("at {}:{}:{}", d.file, span.line, span.col)]);
                }
                (None, _) => cs = cs.with_notes(vec![format!("in {}", d.file)]),
            }
            let mut notes = Vec::new();
            if !d.pointer.is_empty() {
                notes.push(format!("pointer: #{}", d.pointer));
            }
            if let Some(help) = &d.help {
                notes.push(format!("help: {help}"));
            }
            cs.notes.extend(notes);
            let mut lock = writer.lock();
            if term::emit(&mut lock, &config, &files, &cs).is_err() {
                eprintln!("{d}");
            }
        }
    }
}
