//! Rustdoc attributes from document prose.

use crate::ir::Doc;
use proc_macro2::TokenStream;
use quote::quote;

/// `#[doc = "..."]` lines for a block of text (one attribute per line, so the
/// formatter prints `///` comments).
pub fn lines(text: &str) -> TokenStream {
    let mut out = TokenStream::new();
    for line in text.replace("\r\n", "\n").replace('\r', "\n").trim_end().lines() {
        let line = string_literal(&format!(" {}", line.trim_end()));
        out.extend(quote!(#[doc = #line]));
    }
    out
}

/// `text` as a string literal. Most doc lines need no escape: written between quotes as
/// they are, which is much cheaper than `Literal::string`'s escaping of every character
/// (a twentieth of a generation's time was escaping docs). The formatter reads the
/// literal's value, so the output is the same either way.
fn string_literal(text: &str) -> proc_macro2::Literal {
    let plain = !text.chars().any(|c| c == '"' || c == '\\' || c.is_control());
    let quoted = if plain { format!("\"{text}\"").parse::<proc_macro2::Literal>().ok() } else { None };
    quoted.unwrap_or_else(|| proc_macro2::Literal::string(text))
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
/// cut to three spaces, bare URLs become autolinks, brackets that are not links
/// (`[text](url)`, `[text][ref]`, across lines too) are escaped (rustdoc would look for
/// an item of that name: a document's own `[`path::Item`]` names nothing here), and
/// `<` of an HTML tag that is not closed (or not opened) is escaped.
pub fn prose(text: &str) -> String {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let mut out = String::with_capacity(text.len() + 16);
    let mut fence: Option<String> = None;
    let mut region = String::new();
    for line in text.split('\n') {
        let trimmed = line.trim_start();
        let marker = ["```", "~~~"].into_iter().find(|m| trimmed.starts_with(m));
        match (&fence, marker) {
            (None, Some(m)) => {
                out.push_str(&outside_fences(&std::mem::take(&mut region)));
                let run: String = trimmed.chars().take_while(|c| m.starts_with(*c)).collect();
                let info = trimmed[run.len()..].trim();
                let lang = if info.is_empty() || info.split([',', ' ']).any(|w| w == "rust") { "text" } else { info };
                out.push_str(&format!("{run}{lang}\n"));
                fence = Some(run);
            }
            (Some(run), Some(_))
                if trimmed.trim_end().chars().all(|c| run.starts_with(c)) && trimmed.trim_end().len() >= run.len() =>
            {
                out.push_str(run);
                out.push('\n');
                fence = None;
            }
            (Some(_), _) => {
                out.push_str(line);
                out.push('\n');
            }
            (None, None) => {
                region.push_str(line);
                region.push('\n');
            }
        }
    }
    out.push_str(&outside_fences(&region));
    if let Some(run) = fence {
        out.push_str(&run);
        out.push('\n');
    }
    out.trim_end().to_owned()
}

/// Prose between code blocks, made safe (see [`prose`]).
fn outside_fences(text: &str) -> String {
    let code = code_spans(text);
    let in_code = |i: usize| code.iter().any(|&(a, b)| a <= i && i < b);
    let keep = link_brackets(text, &in_code);
    let tags = unbalanced_tags(text, &in_code);
    let mut out = String::with_capacity(text.len() + 8);
    let mut i = 0;
    let mut line_start = true;
    while i < text.len() {
        let rest = &text[i..];
        if line_start {
            line_start = false;
            let indent = rest.len() - rest.trim_start_matches([' ', '\t']).len();
            let width: usize = rest[..indent].chars().map(|c| if c == '\t' { 4 } else { 1 }).sum();
            out.push_str(if width >= 4 { "   " } else { &rest[..indent] });
            i += indent;
            continue;
        }
        let c = rest.chars().next().unwrap_or(' ');
        if c == '\n' {
            line_start = true;
        }
        if in_code(i) {
            out.push(c);
            i += c.len_utf8();
            continue;
        }
        let prev = text[..i].chars().next_back();
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
            '<' if tags.contains(&i) => out.push_str("&lt;"),
            _ => out.push(c),
        }
        i += c.len_utf8();
    }
    out
}

/// Byte ranges of the code spans (backtick runs of equal length; not across a blank line).
fn code_spans(text: &str) -> Vec<(usize, usize)> {
    let b = text.as_bytes();
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
            if b[j] == b'\n' && b.get(j + 1) == Some(&b'\n') {
                break;
            }
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

/// Positions of the brackets that make links: `[text](url)` and `[text][ref]`. Other
/// brackets would make rustdoc look for an item of that name.
fn link_brackets(text: &str, in_code: &dyn Fn(usize) -> bool) -> Vec<usize> {
    let mut open: Vec<usize> = Vec::new();
    let mut keep = Vec::new();
    for (i, c) in text.char_indices() {
        if in_code(i) {
            continue;
        }
        match c {
            '[' => open.push(i),
            ']' => {
                let Some(o) = open.pop() else { continue };
                let after = &text[i + 1..];
                // A target that is not a URL is a path in some other crate's docs.
                let url_target = after.strip_prefix('(').is_some_and(|t| {
                    ["http://", "https://", "mailto:", "#", "/", "./", "../"].iter().any(|p| t.starts_with(p))
                });
                if url_target || after.starts_with('[') {
                    keep.extend([o, i]);
                }
            }
            '\n' if text[i + 1..].starts_with('\n') => open.clear(),
            _ => {}
        }
    }
    keep
}

/// Offsets of the `<` of HTML tags rustdoc would find unclosed or unopened: a tag that
/// does not end with `>`, a closing tag without its opening one, an opening tag never
/// closed. Void tags (`<br>`, `<img ..>`) need no closing.
fn unbalanced_tags(text: &str, in_code: &dyn Fn(usize) -> bool) -> std::collections::HashSet<usize> {
    const VOID: &[&str] = &[
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr",
    ];
    let mut escaped = std::collections::HashSet::new();
    let mut open: Vec<(usize, String)> = Vec::new();
    for (i, _) in text.match_indices('<') {
        if in_code(i) {
            continue;
        }
        let rest = &text[i + 1..];
        let closing = rest.starts_with('/');
        let name: String = rest.trim_start_matches('/').chars().take_while(|c| c.is_ascii_alphanumeric()).collect();
        let autolink = ["http://", "https://", "mailto:"].iter().any(|p| rest.starts_with(p));
        if autolink || !name.chars().next().is_some_and(|c| c.is_ascii_alphabetic()) {
            continue;
        }
        let name = name.to_ascii_lowercase();
        let Some(end) = rest.find('>').filter(|&e| !rest[..e].contains('\n')) else {
            escaped.insert(i);
            continue;
        };
        if closing {
            match open.iter().rposition(|(_, n)| *n == name) {
                Some(k) => escaped.extend(open.drain(k..).skip(1).map(|(p, _)| p)),
                None => {
                    escaped.insert(i);
                }
            }
        } else if !VOID.contains(&name.as_str()) && !rest[..end].ends_with('/') {
            open.push((i, name));
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
        assert_eq!(prose("Uses [`crate::views::Image`] here"), "Uses \\[`crate::views::Image`\\] here");
        assert_eq!(prose("the [Git Trees\nAPI](https://x.y/t)."), "the [Git Trees\nAPI](https://x.y/t).");
        assert_eq!(prose("an [`Image`](crate::views::Image)"), "an \\[`Image`\\](crate::views::Image)");
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
