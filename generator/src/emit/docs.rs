//! Rustdoc attributes from document prose.

use crate::ir::Doc;
use proc_macro2::TokenStream;
use quote::quote;

/// `#[doc = "..."]` lines for a block of text (one attribute per line, so the
/// formatter prints `///` comments).
pub fn lines(text: &str) -> TokenStream {
    let mut out = TokenStream::new();
    for line in text.replace("\r\n", "\n").replace('\r', "\n").trim_end().lines() {
        let line = format!(" {}", line.trim_end());
        out.extend(quote!(#[doc = #line]));
    }
    out
}

/// Summary, then description, then a deprecation note.
pub fn of(doc: &Doc) -> TokenStream {
    lines(&text(doc))
}

/// Summary and description as rustdoc reads them ([`prose`]).
pub fn text(doc: &Doc) -> String {
    let mut parts: Vec<String> = Vec::new();
    if let Some(s) = doc.summary.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        parts.push(s.to_owned());
    }
    if let Some(d) = doc.description.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        if parts.first().map(String::as_str) != Some(d) {
            parts.push(d.to_owned());
        }
    }
    prose(&parts.join("\n\n"))
}

/// Markdown from an API description made safe for rustdoc, which reads it as Rust
/// docs: a code block without a language is marked `text` (rustdoc would read it as
/// Rust), an unclosed fence is closed, indentation that would make a Rust code block is
/// cut to three spaces, bare URLs become autolinks, brackets that are not links are
/// escaped (rustdoc would look for an item of that name), and `<` before a tag name is
/// escaped, except `br` and `hr` (rustdoc checks that HTML tags close).
pub fn prose(text: &str) -> String {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let escaped = unbalanced_tags(&text);
    let mut out = String::with_capacity(text.len() + 16);
    let mut fence: Option<String> = None;
    let mut offset = 0;
    for line in text.split('\n') {
        let line_start = offset;
        offset += line.len() + 1;
        let trimmed = line.trim_start();
        let marker = ["```", "~~~"].into_iter().find(|m| trimmed.starts_with(m));
        match (&fence, marker) {
            (None, Some(m)) => {
                let run: String = trimmed.chars().take_while(|c| m.starts_with(*c)).collect();
                let info = trimmed[run.len()..].trim();
                let lang = if info.is_empty() || info.split([',', ' ']).any(|w| w == "rust") { "text" } else { info };
                out.push_str(&format!("{run}{lang}\n"));
                fence = Some(run);
                continue;
            }
            (Some(run), Some(_))
                if trimmed.trim_end().chars().all(|c| run.starts_with(c)) && trimmed.trim_end().len() >= run.len() =>
            {
                out.push_str(run);
                out.push('\n');
                fence = None;
                continue;
            }
            (Some(_), _) => {
                out.push_str(line);
                out.push('\n');
                continue;
            }
            (None, None) => {}
        }
        let indent = line.len() - trimmed.len();
        let width: usize = line[..indent].chars().map(|c| if c == '\t' { 4 } else { 1 }).sum();
        if width >= 4 {
            out.push_str("   ");
        } else {
            out.push_str(&line[..indent]);
        }
        out.push_str(&inline(trimmed, &|i| escaped.contains(&(line_start + indent + i))));
        out.push('\n');
    }
    if let Some(run) = fence {
        out.push_str(&run);
        out.push('\n');
    }
    out.trim_end().to_owned()
}

/// One line of prose outside code blocks: code spans kept, the rest made safe.
fn inline(line: &str, escape_tag: &dyn Fn(usize) -> bool) -> String {
    let code = code_spans(line);
    let in_code = |i: usize| code.iter().any(|&(a, b)| a <= i && i < b);
    let keep = link_brackets(line, &in_code);
    let mut out = String::with_capacity(line.len() + 8);
    let mut i = 0;
    while i < line.len() {
        let rest = &line[i..];
        let c = rest.chars().next().unwrap_or(' ');
        if in_code(i) {
            out.push(c);
            i += c.len_utf8();
            continue;
        }
        let prev = line[..i].chars().next_back();
        let url_start = rest.starts_with("http://") || rest.starts_with("https://");
        if url_start && !matches!(prev, Some('<' | '(' | '"' | '\'' | '=')) {
            let end = rest
                .find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"' | '`' | ')' | ']' | '['))
                .unwrap_or(rest.len());
            let url = rest[..end].trim_end_matches(['.', ',', ';', ':', '!', '?']);
            out.push('<');
            out.push_str(url);
            out.push('>');
            i += url.len();
            continue;
        }
        match c {
            '[' | ']' if !keep.contains(&i) => {
                out.push('\\');
                out.push(c);
            }
            '<' if escape_tag(i) => out.push_str("&lt;"),
            _ => out.push(c),
        }
        i += c.len_utf8();
    }
    out
}

/// Byte ranges of the code spans of a line (backtick runs of equal length).
fn code_spans(line: &str) -> Vec<(usize, usize)> {
    let b = line.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'`' {
            i += 1;
            continue;
        }
        let run = b[i..].iter().take_while(|&&c| c == b'`').count();
        let mut j = i + run;
        let mut closed = None;
        while j < b.len() {
            if b[j] == b'`' {
                let r = b[j..].iter().take_while(|&&c| c == b'`').count();
                if r == run {
                    closed = Some(j + r);
                    break;
                }
                j += r;
            } else {
                j += 1;
            }
        }
        match closed {
            Some(end) => {
                out.push((i, end));
                i = end;
            }
            None => i += run,
        }
    }
    out
}

/// Positions of the brackets that make links: `[text](url)`, `[text][ref]`, and
/// `[`Name`]` (an intra-doc link, as the generator writes them). Other brackets would
/// make rustdoc look for an item of that name.
fn link_brackets(line: &str, in_code: &dyn Fn(usize) -> bool) -> Vec<usize> {
    let mut open: Vec<usize> = Vec::new();
    let mut keep = Vec::new();
    for (i, c) in line.char_indices() {
        if in_code(i) {
            continue;
        }
        match c {
            '[' => open.push(i),
            ']' => {
                let Some(o) = open.pop() else { continue };
                let after = &line[i + 1..];
                let inner = &line[o + 1..i];
                let code_only = inner.len() >= 2
                    && inner.starts_with('`')
                    && inner.ends_with('`')
                    && !inner[1..inner.len() - 1].contains('`');
                if after.starts_with('(') || after.starts_with('[') || code_only {
                    keep.extend([o, i]);
                }
            }
            _ => {}
        }
    }
    keep
}

/// Offsets of the `<` of HTML tags rustdoc would find unclosed or unopened (outside
/// fenced code): a tag that does not end with `>`, a closing tag without its opening
/// one, an opening tag never closed. Void tags (`<br>`, `<img ..>`) need no closing.
fn unbalanced_tags(text: &str) -> std::collections::HashSet<usize> {
    const VOID: &[&str] = &[
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr",
    ];
    let mut escaped = std::collections::HashSet::new();
    let mut open: Vec<(usize, String)> = Vec::new();
    let mut in_fence = false;
    let mut offset = 0;
    for line in text.split('\n') {
        let start = offset;
        offset += line.len() + 1;
        let t = line.trim_start();
        if t.starts_with("```") || t.starts_with("~~~") {
            in_fence = !in_fence;
            continue;
        }
        if in_fence {
            continue;
        }
        for (i, _) in line.match_indices('<') {
            let rest = &line[i + 1..];
            let closing = rest.starts_with('/');
            let name: String = rest.trim_start_matches('/').chars().take_while(|c| c.is_ascii_alphanumeric()).collect();
            if !name.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
                || rest.starts_with("http") && rest.contains("://")
            {
                continue;
            }
            let name = name.to_ascii_lowercase();
            let Some(end) = rest.find('>') else {
                escaped.insert(start + i);
                continue;
            };
            if closing {
                match open.iter().rposition(|(_, n)| *n == name) {
                    Some(k) => {
                        escaped.extend(open.drain(k..).skip(1).map(|(p, _)| p));
                    }
                    None => {
                        escaped.insert(start + i);
                    }
                }
            } else if !VOID.contains(&name.as_str()) && !rest[..end].ends_with('/') {
                open.push((start + i, name));
            }
        }
    }
    escaped.extend(open.into_iter().map(|(p, _)| p));
    escaped
}

/// `#[deprecated]` where the document says so.
pub fn deprecated(doc: &Doc) -> TokenStream {
    if doc.deprecated {
        quote!(#[deprecated(note = "deprecated in the API description")])
    } else {
        TokenStream::new()
    }
}

#[cfg(test)]
mod tests {
    use super::prose;

    #[test]
    fn prose_is_safe_for_rustdoc() {
        assert_eq!(prose("See https://example.com/a?b=1."), "See <https://example.com/a?b=1>.");
        assert_eq!(prose("[link](https://x.y) and <https://x.y>"), "[link](https://x.y) and <https://x.y>");
        assert_eq!(prose("Optional [deprecated] field"), "Optional \\[deprecated\\] field");
        assert_eq!(prose("Uses [`Client`] here"), "Uses [`Client`] here");
        assert_eq!(prose("Send <token> then `a[0] <b>`"), "Send &lt;token> then `a[0] <b>`");
        assert_eq!(prose("line<br>next"), "line<br>next");
        assert_eq!(
            prose("<div><img src=\"https://x.y/i.svg\"> ok</div>"),
            "<div><img src=\"https://x.y/i.svg\"> ok</div>"
        );
        assert_eq!(prose("a </b> and <i>"), "a &lt;/b> and &lt;i>");
        assert_eq!(prose("```\n{ \"a\": 1 }\n```"), "```text\n{ \"a\": 1 }\n```");
        assert_eq!(prose("```json\n{}\n```"), "```json\n{}\n```");
        assert_eq!(prose("```\nopen"), "```text\nopen\n```");
        assert_eq!(prose("text\n\n    indented code"), "text\n\n   indented code");
    }
}
