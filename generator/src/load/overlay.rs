//! Overlays: corrections to a published document kept in a file of their own, so the
//! document itself stays exactly as published.
//!
//! The format is the OpenAPI Overlay 1.0 shape (`overlay`, `info`, `extends`, `actions`
//! with `target`, `update`, `remove`, `description`), restricted to what is needed:
//! `target` is a JSONPath of plain steps only (`$`, `.name`, `['name']`, `[0]`), and
//! `update` merges objects key by key while arrays and scalars in it replace the target's.

use super::source::Source;
use crate::diag::{child, Diagnostic};
use serde_json::Value;

/// One overlay file, parsed.
pub struct Overlay {
    pub source: Source,
    /// The file name of the document it applies to (`extends`).
    pub extends: String,
    pub actions: Vec<(usize, Action)>,
}

pub enum Action {
    Update { target: Vec<Step>, update: Value },
    Remove { target: Vec<Step> },
}

#[derive(Debug, PartialEq)]
pub enum Step {
    Key(String),
    Index(usize),
}

impl Overlay {
    /// Reads an overlay; every problem is a located diagnostic in the overlay file.
    pub fn parse(source: Source, doc: Value) -> Result<Overlay, Diagnostic> {
        let err = |code, ptr: &str, msg: String, help: &str| {
            Diagnostic::error(code, ptr.to_owned(), msg).with_help(help.to_owned())
        };
        if doc.get("overlay").is_none() {
            return Err(err(
                "overlay-invalid",
                "",
                "not an overlay: no `overlay` version field".into(),
                "start the file with `overlay: 1.0.0`",
            ));
        }
        let Some(extends) = doc.get("extends").and_then(Value::as_str) else {
            return Err(err(
                "overlay-invalid",
                "",
                "the overlay has no `extends`".into(),
                "name the document it corrects, e.g. `extends: roles.json`",
            ));
        };
        let extends = extends.rsplit('/').next().unwrap_or(extends).to_owned();
        let Some(list) = doc.get("actions").and_then(Value::as_array) else {
            return Err(err(
                "overlay-invalid",
                "",
                "the overlay has no `actions` list".into(),
                "add `actions:` with `target` and `update` or `remove: true`",
            ));
        };
        let mut actions = Vec::new();
        for (i, a) in list.iter().enumerate() {
            let ptr = child("/actions", &i.to_string());
            let Some(target) = a.get("target").and_then(Value::as_str) else {
                return Err(err(
                    "overlay-invalid",
                    &ptr,
                    "the action has no `target`".into(),
                    "add a JSONPath such as `$.paths['/pets'].get`",
                ));
            };
            let steps = parse_path(target).map_err(|m| {
                err("overlay-invalid", &child(&ptr, "target"), m, "use only `$`, `.name`, `['name']` and `[0]` steps")
            })?;
            let action = if a.get("remove").and_then(Value::as_bool) == Some(true) {
                Action::Remove { target: steps }
            } else if let Some(update) = a.get("update") {
                Action::Update { target: steps, update: update.clone() }
            } else {
                return Err(err(
                    "overlay-invalid",
                    &ptr,
                    "the action has neither `update` nor `remove: true`".into(),
                    "say what the action does",
                ));
            };
            actions.push((i, action));
        }
        Ok(Overlay { source, extends, actions })
    }

    /// Applies the actions in order. A target that does not exist is an error located at
    /// the action, since a stale overlay silently doing nothing would hide a spec change.
    pub fn apply(&self, doc: &mut Value) -> Result<(), Diagnostic> {
        for (i, action) in &self.actions {
            let ptr = child(&child("/actions", &i.to_string()), "target");
            let missing = |steps: &[Step]| {
                Diagnostic::error(
                    "overlay-target-missing",
                    ptr.clone(),
                    format!("the target {} does not exist in `{}`", show(steps), self.extends),
                )
                .with_help("the document changed or the path is wrong; fix or remove this action")
            };
            match action {
                Action::Update { target, update } => {
                    let node = resolve_mut(doc, target).ok_or_else(|| missing(target))?;
                    merge(node, update);
                }
                Action::Remove { target } => {
                    let (last, parent) = target.split_last().ok_or_else(|| missing(target))?;
                    let node = resolve_mut(doc, parent).ok_or_else(|| missing(target))?;
                    let removed = match (node, last) {
                        (Value::Object(m), Step::Key(k)) => m.shift_remove(k).is_some(),
                        (Value::Array(a), Step::Index(n)) if *n < a.len() => {
                            a.remove(*n);
                            true
                        }
                        _ => false,
                    };
                    if !removed {
                        return Err(missing(target));
                    }
                }
            }
        }
        Ok(())
    }
}

fn show(steps: &[Step]) -> String {
    let mut s = String::from("$");
    for step in steps {
        match step {
            Step::Key(k) => s.push_str(&format!("['{k}']")),
            Step::Index(i) => s.push_str(&format!("[{i}]")),
        }
    }
    s
}

fn resolve_mut<'a>(mut v: &'a mut Value, steps: &[Step]) -> Option<&'a mut Value> {
    for step in steps {
        v = match (v, step) {
            (Value::Object(m), Step::Key(k)) => m.get_mut(k)?,
            (Value::Array(a), Step::Index(i)) => a.get_mut(*i)?,
            _ => return None,
        };
    }
    Some(v)
}

fn merge(target: &mut Value, update: &Value) {
    match (target, update) {
        (Value::Object(t), Value::Object(u)) => {
            for (k, v) in u {
                match t.get_mut(k) {
                    Some(existing) => merge(existing, v),
                    None => {
                        t.insert(k.clone(), v.clone());
                    }
                }
            }
        }
        (t, u) => *t = u.clone(),
    }
}

/// Parses the JSONPath subset: `$`, `.name`, `['name']`, `["name"]`, `[0]`.
pub fn parse_path(path: &str) -> Result<Vec<Step>, String> {
    let rest = path.trim().strip_prefix('$').ok_or_else(|| format!("target `{path}` must start with `$`"))?;
    let chars: Vec<char> = rest.chars().collect();
    let mut steps = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        match chars[i] {
            '.' => {
                let start = i + 1;
                let mut j = start;
                while j < chars.len() && chars[j] != '.' && chars[j] != '[' {
                    j += 1;
                }
                let name: String = chars[start..j].iter().collect();
                if name.is_empty() || name == "*" {
                    return Err(format!("target `{path}`: `.{name}` is not a plain member name"));
                }
                steps.push(Step::Key(name));
                i = j;
            }
            '[' => {
                let close = chars[i..].iter().position(|&c| c == ']').map(|p| p + i);
                let quote = chars.get(i + 1).copied().filter(|c| *c == '\'' || *c == '"');
                if let Some(q) = quote {
                    let end = chars[i + 2..].iter().position(|&c| c == q).map(|p| p + i + 2);
                    let Some(end) = end.filter(|e| chars.get(e + 1) == Some(&']')) else {
                        return Err(format!("target `{path}`: unterminated quoted name"));
                    };
                    steps.push(Step::Key(chars[i + 2..end].iter().collect()));
                    i = end + 2;
                } else {
                    let Some(close) = close else { return Err(format!("target `{path}`: missing `]`")) };
                    let inner: String = chars[i + 1..close].iter().collect();
                    let n = inner.trim().parse::<usize>().map_err(|_| format!("target `{path}`: `[{inner}]` is not an index or quoted name (filters and wildcards are not supported)"))?;
                    steps.push(Step::Index(n));
                    i = close + 1;
                }
            }
            c => return Err(format!("target `{path}`: unexpected `{c}`")),
        }
    }
    Ok(steps)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_parse_and_refuse_what_is_not_supported() {
        assert_eq!(
            parse_path("$.paths['/a.b'].post[0]").unwrap(),
            vec![Step::Key("paths".into()), Step::Key("/a.b".into()), Step::Key("post".into()), Step::Index(0)]
        );
        assert!(parse_path("$.paths[*]").is_err());
        assert!(parse_path("paths").is_err());
        assert!(parse_path("$..x").is_err());
    }

    #[test]
    fn merge_keeps_untouched_keys_and_replaces_arrays() {
        let mut t = serde_json::json!({"a": {"b": 1, "c": [1, 2]}, "d": 1});
        merge(&mut t, &serde_json::json!({"a": {"c": [3], "e": true}}));
        assert_eq!(t, serde_json::json!({"a": {"b": 1, "c": [3], "e": true}, "d": 1}));
    }
}
