//! Walks every generated client checked in here (the Rocket.Chat client and the
//! behaviour fixture), file by file with `syn`: every struct field, builder input and
//! "exactly one of" variant whose name is secret by the documented rule
//! (`generator::lower::secrets::secret_name`: a word such as `password`, `token`,
//! `secret`, `credential`, or a pair such as `api key`, in the Rust or the wire name)
//! belongs to a type whose `Debug` is written out, not derived, and shows that field
//! as redacted. A regression in the emitter (a derived `Debug` again) fails here for
//! every operation the client has, however many the documents grow to.

use generator::lower::secrets::secret_name;
use quote::ToTokens;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

const CLIENTS: &[&str] = &["generated-client/src", "tests/fixture/client/src"];

#[derive(Default)]
struct Item {
    derives_debug: bool,
    /// Secret fields (struct) or variants (enum), by the name `Debug` shows.
    secrets: Vec<String>,
    /// The hand-written `Debug`'s body, without whitespace.
    debug_impl: Option<String>,
    is_enum: bool,
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

fn derives_debug(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().filter(|a| a.path().is_ident("derive")).any(|a| {
        let mut found = false;
        let _ = a.parse_nested_meta(|m| {
            found |= m.path.is_ident("Debug");
            Ok(())
        });
        found
    })
}

/// The `rename = "..."` of a `#[serde(...)]` attribute: the wire name.
fn wire_name(attrs: &[syn::Attribute]) -> Option<String> {
    let mut wire = None;
    for a in attrs.iter().filter(|a| a.path().is_ident("serde")) {
        let _ = a.parse_nested_meta(|m| {
            if m.path.is_ident("rename") {
                let s: syn::LitStr = m.value()?.parse()?;
                wire = Some(s.value());
            } else if let Ok(v) = m.value() {
                let _: syn::Expr = v.parse()?;
            }
            Ok(())
        });
    }
    wire
}

fn compact(tokens: impl ToTokens) -> String {
    tokens.to_token_stream().to_string().chars().filter(|c| !c.is_whitespace()).collect()
}

fn walk(client: &str) -> BTreeMap<String, Item> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(client);
    let mut files = Vec::new();
    rust_files(&root, &mut files);
    assert!(!files.is_empty(), "no Rust files under {}", root.display());
    let mut items: BTreeMap<String, Item> = BTreeMap::new();
    for file in files {
        let text = std::fs::read_to_string(&file).expect("readable");
        let parsed = syn::parse_file(&text).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let key = |name: &syn::Ident| format!("{}::{name}", file.file_stem().unwrap_or_default().to_string_lossy());
        for item in parsed.items {
            match item {
                syn::Item::Struct(s) => {
                    let entry = items.entry(key(&s.ident)).or_default();
                    entry.derives_debug = derives_debug(&s.attrs);
                    for f in s.fields.iter() {
                        let Some(id) = &f.ident else { continue };
                        // A flattened "exactly one of" group: its enum's `Debug` is checked itself.
                        if f.attrs.iter().any(|a| a.path().is_ident("serde") && compact(a).contains("flatten")) {
                            continue;
                        }
                        let name = id.to_string().trim_start_matches("r#").to_owned();
                        if secret_name(&name) || wire_name(&f.attrs).is_some_and(|w| secret_name(&w)) {
                            entry.secrets.push(name);
                        }
                    }
                }
                syn::Item::Enum(e) => {
                    let entry = items.entry(key(&e.ident)).or_default();
                    entry.derives_debug = derives_debug(&e.attrs);
                    entry.is_enum = true;
                    for v in &e.variants {
                        // Only variants that carry a value named by the wire ("exactly one of").
                        let Some(wire) = wire_name(&v.attrs) else { continue };
                        if !v.fields.is_empty() && secret_name(&wire) {
                            entry.secrets.push(v.ident.to_string());
                        }
                    }
                }
                syn::Item::Impl(i) => {
                    let is_debug = i.trait_.as_ref().is_some_and(|(_, p, _)| compact(p).ends_with("fmt::Debug"));
                    let syn::Type::Path(ty) = &*i.self_ty else { continue };
                    let Some(last) = ty.path.segments.last() else { continue };
                    if is_debug {
                        let body: String = i.items.iter().map(compact).collect();
                        items.entry(key(&last.ident)).or_default().debug_impl = Some(body);
                    }
                }
                _ => {}
            }
        }
    }
    items
}

/// Every secret of every type and builder in `client` is redacted; returns how many.
fn check(client: &str) -> usize {
    let mut problems = Vec::new();
    let mut count = 0;
    for (name, item) in walk(client) {
        if item.secrets.is_empty() {
            continue;
        }
        count += item.secrets.len();
        if item.derives_debug {
            problems.push(format!("{name} derives Debug but holds {:?}", item.secrets));
            continue;
        }
        let Some(body) = &item.debug_impl else {
            problems.push(format!("{name} holds {:?} and has no Debug written out", item.secrets));
            continue;
        };
        for s in &item.secrets {
            let redacted = if item.is_enum {
                body.contains(&format!("Self::{s}(_)=>")) && body.contains("redact::Redacted")
            } else {
                body.contains(&format!(".field(\"{s}\",&crate::runtime::redact::"))
                    // The client's credentials print each scheme as set or not (runtime/credentials.rs).
                    || body.contains(&format!("self.{s}.debug_fields("))
            };
            if !redacted {
                problems.push(format!("{name}'s Debug does not redact `{s}`"));
            }
        }
    }
    assert!(problems.is_empty(), "{client}: secrets reach Debug:\n{}", problems.join("\n"));
    count
}

#[test]
fn no_generated_debug_shows_a_secret() {
    for client in CLIENTS {
        let n = check(client);
        println!("{client}: {n} secret field(s), input(s) and variant(s), every one redacted");
    }
    // The fixture has them in every place: the walk must find them, or it checks nothing.
    assert!(check("tests/fixture/client/src") >= 7, "the walk no longer finds the fixture's secrets");
}
