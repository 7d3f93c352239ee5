//! Formatting (`prettyplease`), the `@generated` header, `--check`, and atomic writes.

use crate::emit::{self, Content, File};
use crate::ir::Api;
use crate::stack;
use proc_macro2::{Delimiter, TokenStream, TokenTree};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// A formatted file: its path in the crate and its bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rendered {
    pub path: String,
    pub text: String,
}

/// The marker every generated file carries; `--out` refuses to replace a directory
/// whose `Cargo.toml` lacks it.
pub const MARKER: &str = "@generated";

/// The line on top of every generated file, naming the command that made it.
pub fn header(command: &str) -> String {
    format!("{MARKER} by `{command}`. Do not edit: change the API description or the generator, then regenerate.")
}

/// Emits and formats every file of the crate for `api`, in parallel: each file (or
/// piece of a large one) on the next free thread of the pool, the largest first, with a
/// stack large enough for `syn` and `prettyplease`, which recurse once per level of a
/// type such as `Vec<Vec<...>>`. The pieces of a file are joined in order.
pub fn render(api: &Api, command: &str) -> Result<Vec<Rendered>, String> {
    render_with(api, command, None)
}

/// [`render`], and `also` (a file made from the IR outside the crate's parts, such as
/// the API summary) on the same pool, first, its file last.
pub(crate) fn render_with(
    api: &Api,
    command: &str,
    also: Option<&(dyn Fn() -> Rendered + Sync)>,
) -> Result<Vec<Rendered>, String> {
    let header = header(command);
    let shared = emit::Shared::new(api);
    let parts = emit::parts(api);
    // `None` is `also`.
    let mut jobs: Vec<Option<&emit::Part>> = parts.iter().map(Some).collect();
    jobs.extend(also.map(|_| None));
    let mut order: Vec<usize> = (0..jobs.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(jobs.get(i).copied().flatten().map_or(usize::MAX, |p| p.cost)));
    let mut rendered = stack::map_on_large_stacks_in(&jobs, &order, |job| match job {
        Some(part) => {
            let file = part.emit(api, &shared)?;
            Some(if part.continues { format_piece(file) } else { format(file, &header) })
        }
        None => also.map(|make| Ok(make())),
    });
    let also_rendered = if also.is_some() { rendered.pop().flatten() } else { None };
    let mut files: Vec<Rendered> = Vec::new();
    for (part, piece) in parts.iter().zip(rendered) {
        let Some(piece) = piece.transpose()? else { continue };
        match files.last_mut() {
            Some(file) if part.continues && file.path == piece.path => file.text.push_str(&piece.text),
            _ => files.push(piece),
        }
    }
    if let Some(file) = also_rendered {
        files.push(file?);
    }
    Ok(files)
}

/// Formats a piece of a file (its items after the first piece: no header).
fn format_piece(file: File) -> Result<Rendered, String> {
    let mut text = String::new();
    match file.content {
        Content::Rust(tokens) => {
            format_rust(tokens, &mut text).map_err(|e| format!("{}: generated code does not parse: {e}", file.path))?
        }
        Content::Text(more) => text = more,
        Content::Source(source) => text.push_str(source),
    }
    Ok(Rendered { path: file.path, text })
}

/// Formats one emitted file and puts `header` on top. Recursion follows the nesting of
/// the generated types: deep input needs a large stack (see [`render`]).
///
/// A file is parsed and printed one item at a time (split by `items`): `prettyplease` prints a
/// file as its inner attributes then each item, so the text is the same as the whole
/// file's, but only one item's syntax tree is alive at a time (a whole file's tree was
/// the peak of the run, about three times its tokens).
pub fn format(file: File, header: &str) -> Result<Rendered, String> {
    let text = match file.content {
        Content::Rust(tokens) => {
            let mut text = format!("// {header}\n\n");
            format_rust(tokens, &mut text).map_err(|e| format!("{}: generated code does not parse: {e}", file.path))?;
            text
        }
        Content::Text(text) => format!("# {header}\n{text}"),
        Content::Source(source) => format!("// {header}\n\n{source}"),
    };
    Ok(Rendered { path: file.path.to_owned(), text })
}

/// Appends the formatted `tokens` (a whole file) to `text`, item by item, each item's
/// tokens freed once it is printed. A piece that does not parse alone is joined with the
/// next (should [`items`] ever split an item in two); what still does not parse is the
/// error.
fn format_rust(tokens: TokenStream, text: &mut String) -> syn::Result<()> {
    let (inner, mut items) = items(tokens);
    // A large file shares its last items with other threads (tokens cannot cross
    // threads: those items go as text, parsed there), in chunks taken by whichever
    // thread is free, this one too once its own items are done. Helper threads are
    // bounded in the whole process (`stack::Helpers`): with none free, the file is
    // formatted here alone.
    let helpers = stack::Helpers::take(if items.len() >= SHARED_FROM_ITEMS { stack::workers() - 1 } else { 0 });
    let helpers_count = helpers.count();
    let chunks: Vec<Vec<String>> = if helpers_count > 0 {
        let rest: Vec<String> = items.drain(items.len() / 2..).map(|item| item.to_string()).collect();
        rest.chunks(SHARED_CHUNK).map(<[String]>::to_vec).collect()
    } else {
        Vec::new()
    };
    let done: Vec<std::sync::OnceLock<syn::Result<String>>> =
        chunks.iter().map(|_| std::sync::OnceLock::new()).collect();
    let next = std::sync::atomic::AtomicUsize::new(0);
    let take_chunks = || loop {
        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let (Some(chunk), Some(slot)) = (chunks.get(i), done.get(i)) else { return };
        let _ = slot.set(format_texts(chunk));
    };
    std::thread::scope(|s| {
        let others: Vec<_> =
            (0..helpers_count).filter_map(|_| stack::large_stack_thread().spawn_scoped(s, take_chunks).ok()).collect();
        let mut parts = std::iter::once(inner).chain(items);
        while let Some(mut part) = parts.next() {
            let parsed: syn::File = loop {
                match syn::parse2(part.clone()) {
                    Ok(parsed) => break parsed,
                    Err(e) => match parts.next() {
                        Some(next) => part.extend(next),
                        None => return Err(e),
                    },
                }
            };
            drop(part);
            text.push_str(&prettyplease::unparse(&parsed));
        }
        take_chunks();
        for worker in others {
            if let Err(panic) = worker.join() {
                std::panic::resume_unwind(panic);
            }
        }
        for (slot, chunk) in done.iter().zip(&chunks) {
            match slot.get() {
                Some(Ok(formatted)) => text.push_str(formatted),
                Some(Err(e)) => return Err(e.clone()),
                // A chunk no thread took (none could be started) is formatted here.
                None => text.push_str(&format_texts(chunk)?),
            }
        }
        Ok(())
    })
}

/// How many items, as text, a thread takes at a time.
const SHARED_CHUNK: usize = 16;

/// From how many items a file is formatted on several threads.
const SHARED_FROM_ITEMS: usize = 256;

/// Items given as text, formatted (a piece that does not parse alone joined with the
/// next, as in [`format_rust`]).
fn format_texts(items: &[String]) -> syn::Result<String> {
    let mut text = String::new();
    let mut parts = items.iter();
    while let Some(first) = parts.next() {
        let mut part = first.clone();
        let parsed: syn::File = loop {
            match syn::parse_str(&part) {
                Ok(parsed) => break parsed,
                Err(e) => match parts.next() {
                    Some(next) => {
                        part.push(' ');
                        part.push_str(next);
                    }
                    None => return Err(e),
                },
            }
        };
        text.push_str(&prettyplease::unparse(&parsed));
    }
    Ok(text)
}

/// Splits the tokens of a file into its inner attributes (`#![..]`, `//!`) and its
/// items, each with its outer attributes, without parsing: an item ends at a `;` or a
/// `{..}` group at its top level, except `const`, `static`, `type`, `use` and `let`
/// items, which end at their `;` (their value may hold braces). What this cannot
/// split right does not parse as items, and is then joined again ([`format_rust`]).
pub(crate) fn items(tokens: TokenStream) -> (TokenStream, Vec<TokenStream>) {
    let mut inner = TokenStream::new();
    let mut items = Vec::new();
    let mut item: Vec<TokenTree> = Vec::new();
    let mut iter = tokens.into_iter().peekable();
    // Inner attributes come first: `#`, `!`, `[..]`.
    while matches!(iter.peek(), Some(TokenTree::Punct(p)) if p.as_char() == '#') {
        let hash = iter.next();
        match iter.peek() {
            Some(TokenTree::Punct(p)) if p.as_char() == '!' => {
                inner.extend(hash);
                inner.extend(iter.next());
                inner.extend(iter.next());
            }
            _ => {
                item.extend(hash);
                break;
            }
        }
    }
    let mut ends_at_semicolon = None;
    let mut after_attribute = false;
    for tree in iter {
        let end = match &tree {
            TokenTree::Punct(p) => {
                after_attribute = p.as_char() == '#';
                p.as_char() == ';'
            }
            TokenTree::Group(g) => {
                let was_attribute = std::mem::take(&mut after_attribute);
                !was_attribute && g.delimiter() == Delimiter::Brace && ends_at_semicolon == Some(false)
            }
            TokenTree::Ident(i) => {
                after_attribute = false;
                if ends_at_semicolon.is_none() && !matches!(i.to_string().as_str(), "pub" | "unsafe" | "default") {
                    // The item's keyword (attributes and visibility are skipped).
                    ends_at_semicolon =
                        Some(matches!(i.to_string().as_str(), "const" | "static" | "type" | "use" | "let"));
                } else if ends_at_semicolon == Some(true) && item_is_const_fn(&item, i) {
                    ends_at_semicolon = Some(false);
                }
                false
            }
            TokenTree::Literal(_) => {
                after_attribute = false;
                false
            }
        };
        item.push(tree);
        if end {
            items.push(item.drain(..).collect());
            ends_at_semicolon = None;
        }
    }
    if !item.is_empty() {
        items.push(item.into_iter().collect());
    }
    (inner, items)
}

/// `const fn`, `const unsafe fn`...: a function, ended by its body.
fn item_is_const_fn(item: &[TokenTree], ident: &proc_macro2::Ident) -> bool {
    let after_const = matches!(item.last(), Some(TokenTree::Ident(k)) if k == "const" || k == "unsafe" || k == "async" || k == "extern")
        || matches!(item.last(), Some(TokenTree::Literal(_)));
    after_const && (ident == "fn" || ident == "unsafe" || ident == "async" || ident == "extern")
}

/// Writes `text` to `file` unless it already holds it, through a temporary file and a
/// rename, so a reader never sees half a file. Whether it wrote.
pub fn write_file(file: &Path, text: &str) -> io::Result<bool> {
    if fs::read_to_string(file).is_ok_and(|existing| existing == text) {
        return Ok(false);
    }
    if let Some(dir) = file.parent() {
        fs::create_dir_all(dir)?;
    }
    let tmp = file.with_extension("rs.tmp");
    fs::write(&tmp, text)?;
    fs::rename(&tmp, file)?;
    Ok(true)
}

/// Why a file on disk differs from what the generator makes.
#[derive(Debug, PartialEq, Eq)]
pub enum Stale {
    Missing(String),
    Differs(String),
    /// A file under `src/` the generator no longer makes.
    Extra(String),
}

impl std::fmt::Display for Stale {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Stale::Missing(p) => write!(f, "{p}: missing"),
            Stale::Differs(p) => write!(f, "{p}: out of date"),
            Stale::Extra(p) => write!(f, "{p}: not generated any more"),
        }
    }
}

/// Compares the rendered files with `out` without writing anything.
pub fn check(out: &Path, files: &[Rendered]) -> Vec<Stale> {
    let mut stale = Vec::new();
    for f in files {
        let shown = out.join(&f.path).display().to_string();
        match fs::read_to_string(out.join(&f.path)) {
            Ok(existing) if existing == f.text => {}
            Ok(_) => stale.push(Stale::Differs(shown)),
            Err(_) => stale.push(Stale::Missing(shown)),
        }
    }
    for extra in existing_sources(out) {
        if !files.iter().any(|f| Path::new(&f.path) == extra.strip_prefix(out).unwrap_or(&extra)) {
            stale.push(Stale::Extra(extra.display().to_string()));
        }
    }
    stale
}

fn existing_sources(out: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut stack = vec![out.join("src")];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = fs::read_dir(&dir) else { continue };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                found.push(p);
            }
        }
    }
    found.sort();
    found
}

/// What a write did.
#[derive(Debug, PartialEq, Eq)]
pub enum Written {
    Unchanged,
    Updated(usize),
}

/// Replaces `out` with exactly `files`, atomically: everything is written to a staging
/// directory beside `out` first, then swapped in with renames. Entries of `out` the
/// generator does not own (e.g. `target/`) are carried over.
pub fn write(out: &Path, files: &[Rendered]) -> io::Result<Written> {
    let stale = check(out, files);
    if stale.is_empty() {
        return Ok(Written::Unchanged);
    }
    refuse_foreign(out)?;
    let parent = out.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    fs::create_dir_all(parent)?;
    let name = out.file_name().and_then(|n| n.to_str()).unwrap_or("out");
    let staging = parent.join(format!(".{name}.staging-{}", std::process::id()));
    let old = parent.join(format!(".{name}.old-{}", std::process::id()));
    let _ = fs::remove_dir_all(&staging);
    let staged = stage(&staging, files);
    if let Err(e) = staged {
        let _ = fs::remove_dir_all(&staging);
        return Err(e);
    }
    let had_old = out.exists();
    if had_old {
        if let Err(e) = fs::rename(out, &old) {
            let _ = fs::remove_dir_all(&staging);
            return Err(e);
        }
    }
    if let Err(e) = fs::rename(&staging, out) {
        if had_old {
            let _ = fs::rename(&old, out);
        }
        let _ = fs::remove_dir_all(&staging);
        return Err(e);
    }
    if had_old {
        carry_over(&old, out);
        let _ = fs::remove_dir_all(&old);
    }
    Ok(Written::Updated(stale.len()))
}

fn stage(staging: &Path, files: &[Rendered]) -> io::Result<()> {
    for f in files {
        let path = staging.join(&f.path);
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir)?;
        }
        fs::write(&path, &f.text)?;
    }
    Ok(())
}

/// Moves entries the generator does not own from the previous output into the new one.
fn carry_over(old: &Path, out: &Path) {
    let Ok(entries) = fs::read_dir(old) else { return };
    for e in entries.flatten() {
        let name = e.file_name();
        // What the generator just wrote (the summary, a CHANGELOG) is newer than the old copy.
        if name == "Cargo.toml" || name == "src" || out.join(&name).exists() {
            continue;
        }
        let _ = fs::rename(e.path(), out.join(&name));
    }
}

/// A non-empty directory that is not a generated crate is never replaced.
fn refuse_foreign(out: &Path) -> io::Result<()> {
    let Ok(mut entries) = fs::read_dir(out) else { return Ok(()) };
    if entries.next().is_none() {
        return Ok(());
    }
    let manifest = fs::read_to_string(out.join("Cargo.toml")).unwrap_or_default();
    if manifest.contains(MARKER) {
        return Ok(());
    }
    Err(io::Error::other(format!(
        "refusing to replace `{}`: it is not empty and is not a generated crate (its Cargo.toml has no `{MARKER}` marker); choose an empty or new directory",
        out.display()
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(text: &str) -> Vec<Rendered> {
        vec![
            Rendered { path: "Cargo.toml".into(), text: format!("# {MARKER}\n[package]\n") },
            Rendered { path: "src/lib.rs".into(), text: text.into() },
        ]
    }

    #[test]
    fn write_then_check_is_clean_and_a_change_is_stale() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("client");
        assert_eq!(write(&out, &files("a")).unwrap(), Written::Updated(2));
        assert!(check(&out, &files("a")).is_empty());
        assert_eq!(write(&out, &files("a")).unwrap(), Written::Unchanged);
        let stale = check(&out, &files("b"));
        assert_eq!(stale, vec![Stale::Differs(out.join("src/lib.rs").display().to_string())]);
    }

    #[test]
    fn extra_sources_are_stale_and_removed_but_other_entries_survive() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("client");
        write(&out, &files("a")).unwrap();
        fs::write(out.join("src/old.rs"), "x").unwrap();
        fs::create_dir_all(out.join("target")).unwrap();
        assert!(matches!(check(&out, &files("a")).as_slice(), [Stale::Extra(_)]));
        write(&out, &files("a")).unwrap();
        assert!(!out.join("src/old.rs").exists());
        assert!(out.join("target").exists());
    }

    #[test]
    fn items_split_at_their_ends_and_format_as_the_whole_file() {
        let tokens: TokenStream = quote::quote! {
            //! Module docs.
            #![allow(deprecated)]
            /// A unit.
            #[derive(Debug)]
            pub struct Unit;
            pub(crate) struct Tuple(u8, [u8; 2]);
            pub const DEFAULT: Braced = Braced { a: 1 };
            pub static NAMES: &[&str] = &["a"];
            pub type Alias = Vec<Tuple>;
            use std::collections::{BTreeMap, HashMap};
            pub struct Braced { a: u8 }
            pub const fn make() -> Braced { Braced { a: 2 } }
            impl<'a> Braced where Self: Sized { fn f(&self) -> [u8; 3] { [0; 3] } }
            macro_rules! m { () => {}; }
        };
        let (inner, items) = items(tokens.clone());
        assert_eq!(inner.into_iter().count(), 6);
        assert_eq!(items.len(), 10);
        let mut streamed = String::new();
        format_rust(tokens.clone(), &mut streamed).unwrap();
        let whole = prettyplease::unparse(&syn::parse2(tokens).unwrap());
        assert_eq!(streamed, whole);
    }

    #[test]
    fn tokens_that_are_not_items_are_reported_and_a_split_item_is_joined() {
        let mut text = String::new();
        assert!(format_rust(quote::quote!(struct A { } 1 + ), &mut text).is_err());
        // A braced const generic default is split after its braces: the pieces are
        // joined again.
        let tokens = quote::quote!(
            pub struct S<const N: usize = { 3 }>;
            fn f() {}
        );
        assert_eq!(items(tokens.clone()).1.len(), 3);
        let mut text = String::new();
        format_rust(tokens.clone(), &mut text).unwrap();
        assert_eq!(text, prettyplease::unparse(&syn::parse2(tokens).unwrap()));
        assert_eq!(
            format_texts(&["struct A".to_owned(), "{ a: u8 }".to_owned()]).unwrap(),
            "struct A {\n    a: u8,\n}\n"
        );
    }

    #[test]
    fn a_foreign_directory_is_not_replaced() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("notes.txt"), "mine").unwrap();
        assert!(write(dir.path(), &files("a")).is_err());
        assert_eq!(fs::read_to_string(dir.path().join("notes.txt")).unwrap(), "mine");
    }
}
