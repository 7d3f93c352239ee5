//! Repairs of path templates (the keys of `paths`) that cannot be URLs as written. Each
//! is a located warning (`--strict`: an error). Renamed path items are recorded as
//! moved ([`Origin`]), so findings inside them still point at the text as written.
//!
//! | code | defect | repair |
//! |---|---|---|
//! | `express-path-parameter` | an Express-style segment `/:rid` | `/{rid}`, declared as a string path parameter unless declared |
//! | `path-text-after-space` | text after a space (`/login - with Facebook`) | the URL ends before the space ([`url_path`]); the text still names the method |
//! | (overlay) `x-path` on a path item | a path no rule can repair | the path it names; `path-overlay` when that is not a path template |
//! | `path-missing-root` | a path without the leading directory nearly all others share (`/apps/count` among `/api/...`) | the prefix the evidence shows (below) |
//!
//! A path lacks the root when at least two thirds of the document's paths (and at
//! least 3) start with one directory and it does not, and there is evidence of which prefix it
//! lacks: another path has the path's first segment (or, for `name.method` segments,
//! its `name.` family) right after a prefix (`/apps/count` -> `/api/apps/count`
//! beside `/api/apps/{id}`; `/licenses.x` -> `/api/v1/licenses.x` beside
//! `/api/v1/licenses.info`), or the operationId spells a directory prefix of the
//! others (the longest) (`post-api-v1-get-media-calls.state` for `/media-calls.state`). Without
//! evidence the path is left as written: an API can have a few paths outside its root.

use super::refs::Origin;
use crate::diag::{child, Diagnostics};
use serde_json::{Map, Value};

/// The URL path of a path template: everything before the first whitespace.
pub fn url_path(template: &str) -> &str {
    template.split(char::is_whitespace).next().unwrap_or(template)
}

/// Applies the path repairs to `doc` (named `file`).
pub fn repair_paths(doc: &mut Value, diags: &mut Diagnostics, origins: &mut Vec<Origin>, file: &str) {
    let Some(Value::Object(paths)) = doc.get_mut("paths") else { return };
    let keys: Vec<String> = paths.keys().filter(|k| k.starts_with('/')).cloned().collect();
    let mut renames: Vec<(String, String, Vec<String>)> = Vec::new();
    let mut express: Vec<String> = Vec::with_capacity(keys.len());
    for key in &keys {
        let ptr = child("/paths", key);
        let url = url_path(key);
        if url.len() < key.len() {
            diags.repair(
                "path-text-after-space",
                ptr.clone(),
                format!("path `{key}` has text after a space (`{}`), which a URL cannot carry; requests go to `{url}`", key[url.len()..].trim()),
                "write only the URL path as the key; say what distinguishes the operation in its summary or operationId",
            );
        }
        let (fixed, params) = express_segments(key);
        if !params.is_empty() {
            let list: Vec<String> = params.iter().map(|p| format!("`:{p}`")).collect();
            diags.repair(
                "express-path-parameter",
                ptr.clone(),
                format!("path `{key}` has the Express-style segment(s) {}, which OpenAPI sends literally; read as `{fixed}`", list.join(", ")),
                "write path parameters as `{name}` and declare them under `parameters` with `in: path`",
            );
            renames.push((key.clone(), fixed.clone(), params));
        }
        express.push(fixed);
    }
    for (key, prefix) in missing_roots(&express, paths) {
        let ptr = child("/paths", &key);
        let fixed_key = express_segments(&key).0;
        let fixed = format!("{prefix}{fixed_key}");
        diags.repair(
            "path-missing-root",
            ptr,
            format!("path `{key}` lacks the `{prefix}` the document's other paths start with; read as `{fixed}`"),
            format!("write the full path from the server URL: `{fixed}`"),
        );
        match renames.iter_mut().find(|(k, ..)| *k == key) {
            Some(r) => r.1 = format!("{prefix}{}", r.1),
            None => renames.push((key, fixed, Vec::new())),
        }
    }
    if renames.is_empty() {
        return;
    }
    let old = std::mem::take(paths);
    for (key, mut item) in old {
        let Some((_, new, params)) = renames.iter().find(|(k, ..)| *k == key) else {
            paths.insert(key, item);
            continue;
        };
        if paths.contains_key(new) || keys.contains(new) {
            diags.repair(
                "path-repair-conflict",
                child("/paths", &key),
                format!("path `{key}` would be `{new}`, which the document defines already; it is left as written"),
                format!("merge the operations into `{new}`"),
            );
            paths.insert(key, item);
            continue;
        }
        if let Value::Object(item) = &mut item {
            declare_path_parameters(item, params);
        }
        origins.push(Origin { local: child("/paths", new), file: file.to_owned(), pointer: child("/paths", &key) });
        paths.insert(new.clone(), item);
    }
}

/// Moves each path item an overlay marks `x-path` to the path it names (run after the
/// overlays, which address items by the keys the repairs above gave them).
pub fn move_paths(doc: &mut Value, diags: &mut Diagnostics, origins: &mut Vec<Origin>, file: &str) {
    let Some(Value::Object(paths)) = doc.get_mut("paths") else { return };
    let keys: Vec<String> = paths.keys().cloned().collect();
    let moves: Vec<(String, String)> = keys
        .iter()
        .filter_map(|k| overlay_path(paths, k, &child("/paths", k), diags).map(|m| (k.clone(), m)))
        .collect();
    if moves.is_empty() {
        return;
    }
    let old = std::mem::take(paths);
    for (key, item) in old {
        match moves.iter().find(|(k, _)| *k == key) {
            Some((_, new)) if keys.contains(new) => {
                diags.repair(
                    "path-repair-conflict",
                    child("/paths", &key),
                    format!("`{X_PATH}` moves path `{key}` to `{new}`, which the document defines already; it is left as written"),
                    format!("merge the operations into `{new}`"),
                );
                paths.insert(key, item);
            }
            Some((_, new)) => {
                origins.push(Origin {
                    local: child("/paths", new),
                    file: file.to_owned(),
                    pointer: child("/paths", &key),
                });
                paths.insert(new.clone(), item);
            }
            None => {
                paths.insert(key, item);
            }
        }
    }
}

/// The path an overlay says a path item is really served at (`x-path` on the item):
/// for a path no rule can repair (`/app/{id}/logs` beside `/api/apps/...`). Taken off
/// the item; a value that is not a path template is a located warning and ignored.
fn overlay_path(paths: &mut Map<String, Value>, key: &str, ptr: &str, diags: &mut Diagnostics) -> Option<String> {
    let item = paths.get_mut(key)?.as_object_mut()?;
    let value = item.remove(X_PATH)?;
    match value.as_str() {
        Some(p)
            if p.starts_with('/') && !p.contains(char::is_whitespace) && !p.split('/').any(|s| s.starts_with(':')) =>
        {
            Some(p.to_owned())
        }
        _ => {
            diags.repair(
                "path-overlay",
                child(ptr, X_PATH),
                format!("`{X_PATH}: {value}` is not a path template; path `{key}` is read as written"),
                "give the full path from the server URL, starting with `/`, parameters as `{name}`",
            );
            None
        }
    }
}

/// The path item extension naming the path it is really served at.
pub const X_PATH: &str = "x-path";

/// `/a/:rid/b` -> (`/a/{rid}/b`, [`rid`]).
fn express_segments(path: &str) -> (String, Vec<String>) {
    let mut names = Vec::new();
    let segs: Vec<String> = path
        .split('/')
        .map(|s| match s.strip_prefix(':') {
            Some(name)
                if !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-') =>
            {
                names.push(name.to_owned());
                format!("{{{name}}}")
            }
            _ => s.to_owned(),
        })
        .collect();
    (segs.join("/"), names)
}

/// Declares each of `names` as a string path parameter of the path item, unless the
/// item or one of its operations declares it already.
fn declare_path_parameters(item: &mut Map<String, Value>, names: &[String]) {
    for name in names {
        let declared = |list: Option<&Value>| {
            list.and_then(Value::as_array).is_some_and(|ps| {
                ps.iter().any(|p| {
                    p.get("in").and_then(Value::as_str) == Some("path")
                        && p.get("name").and_then(Value::as_str) == Some(name)
                })
            })
        };
        let in_item = declared(item.get("parameters"));
        let in_ops = super::walk::METHODS.iter().filter_map(|m| item.get(*m)).any(|op| declared(op.get("parameters")));
        if in_item || in_ops {
            continue;
        }
        let p = serde_json::json!({ "name": name, "in": "path", "required": true, "schema": { "type": "string" } });
        match item.entry("parameters").or_insert_with(|| Value::Array(Vec::new())) {
            Value::Array(list) => list.push(p),
            _ => continue,
        }
    }
}

/// The paths (as written) that lack the root nearly all others share, each with the
/// prefix to give it. `fixed` are the paths with Express segments already read.
fn missing_roots(fixed: &[String], paths: &Map<String, Value>) -> Vec<(String, String)> {
    let segments: Vec<Vec<&str>> = fixed.iter().map(|p| p.split('/').filter(|s| !s.is_empty()).collect()).collect();
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for s in &segments {
        let Some(first) = s.first() else { continue };
        match counts.iter_mut().find(|(f, _)| f == first) {
            Some((_, n)) => *n += 1,
            None => counts.push((first, 1)),
        }
    }
    let Some(&(root, under)) = counts.iter().max_by_key(|(_, n)| *n) else { return Vec::new() };
    let outside = segments.len() - under;
    if root.starts_with('{') || under < 3 || outside == 0 || under * 3 < segments.len() * 2 {
        return Vec::new();
    }
    let others: Vec<&Vec<&str>> = segments.iter().filter(|s| s.first() == Some(&root)).collect();
    let keys: Vec<&String> = paths.keys().filter(|k| k.starts_with('/')).collect();
    let mut out = Vec::new();
    for (i, s) in segments.iter().enumerate() {
        let Some(&first) = s.first() else { continue };
        if first == root || first.starts_with('{') {
            continue;
        }
        let family = first.split_once('.').map(|(f, _)| f);
        let sibling = others.iter().find_map(|o| {
            (1..o.len()).find_map(|j| {
                let same = o[j] == first || family.is_some_and(|f| o[j].split_once('.').is_some_and(|(g, _)| g == f));
                same.then(|| o[..j].iter().map(|s| format!("/{s}")).collect::<String>())
            })
        });
        let key = keys[i];
        // The longest directory prefix of the other paths that the operationId spells.
        let spelled = || {
            let squash = |s: &str| {
                s.chars().filter(char::is_ascii_alphanumeric).flat_map(char::to_lowercase).collect::<String>()
            };
            let id = paths[key.as_str()]
                .as_object()
                .into_iter()
                .flat_map(|item| super::walk::METHODS.iter().filter_map(|m| item.get(*m)))
                .filter_map(|op| op.get("operationId").and_then(Value::as_str))
                .map(squash)
                .next()?;
            others
                .iter()
                .flat_map(|o| (1..o.len()).take_while(|&j| !o[j - 1].starts_with('{')).map(|j| &o[..j]))
                .filter(|dirs| id.contains(&squash(&dirs.concat())))
                .max_by_key(|dirs| (dirs.len(), std::cmp::Reverse(dirs.concat())))
                .map(|dirs| dirs.iter().map(|s| format!("/{s}")).collect::<String>())
        };
        if let Some(prefix) = sibling.or_else(spelled) {
            out.push((key.clone(), prefix));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_path_ends_at_whitespace() {
        assert_eq!(url_path("/api/v1/login - with Facebook"), "/api/v1/login");
        assert_eq!(url_path("/a/{b}"), "/a/{b}");
    }

    #[test]
    fn express_segments_become_templates() {
        assert_eq!(
            express_segments("/a/:rid/b/:_id"),
            ("/a/{rid}/b/{_id}".to_owned(), vec!["rid".into(), "_id".into()])
        );
        assert_eq!(express_segments("/a/b:c").1, Vec::<String>::new());
    }

    #[test]
    fn an_overlay_moves_a_path_no_rule_can_repair() {
        let mut doc = serde_json::json!({"paths": {
            "/api/apps": {"get": {}},
            "/app/{id}/logs": {"x-path": "/api/apps/{id}/logs", "get": {}},
            "/b": {"x-path": "not a path", "get": {}},
        }});
        let mut diags = Diagnostics::new(false);
        let mut origins = Vec::new();
        move_paths(&mut doc, &mut diags, &mut origins, "a.yaml");
        let keys: Vec<&String> = doc["paths"].as_object().map(|m| m.keys().collect()).unwrap_or_default();
        assert_eq!(keys, ["/api/apps", "/api/apps/{id}/logs", "/b"]);
        assert!(doc["paths"]["/api/apps/{id}/logs"].get(X_PATH).is_none(), "the extension is taken off");
        assert_eq!(origins.len(), 1, "findings inside the moved item point at the text as written");
        let codes: Vec<&str> = diags.items.iter().map(|d| d.code).collect();
        assert_eq!(codes, ["path-overlay"]);
    }
}
