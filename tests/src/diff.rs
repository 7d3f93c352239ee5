//! Differences between two JSON values, by JSON pointer, for failure messages.

use serde_json::Value;

/// One difference: where, and the two values (`None`: absent).
#[derive(Debug, Clone, PartialEq)]
pub struct Difference {
    /// JSON pointer (`""` for the whole value).
    pub pointer: String,
    /// The value in the recording.
    pub expected: Option<Value>,
    /// The value actually seen.
    pub actual: Option<Value>,
}

/// Every place where `expected` and `actual` differ (objects compared key by key, in any order).
pub fn differences(expected: &Value, actual: &Value) -> Vec<Difference> {
    let mut out = Vec::new();
    walk("", Some(expected), Some(actual), &mut out);
    out
}

fn escape(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

fn walk(pointer: &str, expected: Option<&Value>, actual: Option<&Value>, out: &mut Vec<Difference>) {
    match (expected, actual) {
        (Some(Value::Object(e)), Some(Value::Object(a))) => {
            for (key, value) in e {
                walk(&format!("{pointer}/{}", escape(key)), Some(value), a.get(key), out);
            }
            for (key, value) in a {
                if !e.contains_key(key) {
                    walk(&format!("{pointer}/{}", escape(key)), None, Some(value), out);
                }
            }
        }
        (Some(Value::Array(e)), Some(Value::Array(a))) if e.len() == a.len() => {
            for (i, (ev, av)) in e.iter().zip(a).enumerate() {
                walk(&format!("{pointer}/{i}"), Some(ev), Some(av), out);
            }
        }
        (e, a) if e == a => {}
        (e, a) => out.push(Difference { pointer: pointer.to_owned(), expected: e.cloned(), actual: a.cloned() }),
    }
}

/// A value for a message: compact JSON, or `(absent)`.
pub fn show(value: Option<&Value>) -> String {
    match value {
        Some(v) => v.to_string(),
        None => "(absent)".to_owned(),
    }
}

/// The differences as message lines, `actual_label` naming the second side (`sent`, `got`).
pub fn render(differences: &[Difference], what: &str, actual_label: &str) -> String {
    let mut text = String::new();
    let pad = " ".repeat("expected".len().saturating_sub(actual_label.len()));
    for d in differences {
        let at = if d.pointer.is_empty() { String::new() } else { format!(" at {}", d.pointer) };
        text.push_str(&format!(
            "  {what}{at}:\n    expected: {}\n    {actual_label}:{pad} {}\n",
            show(d.expected.as_ref()),
            show(d.actual.as_ref())
        ));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn finds_changed_missing_and_extra_members() {
        let d = differences(&json!({"a": 1, "b": [1, 2], "c": {"x": "y"}}), &json!({"a": 2, "b": [1, 3], "d": null}));
        let pointers: Vec<_> = d.iter().map(|d| d.pointer.as_str()).collect();
        assert_eq!(pointers, ["/a", "/b/1", "/c", "/d"]);
        assert_eq!(d[2].actual, None);
        assert_eq!(d[3].expected, None);
    }

    #[test]
    fn key_order_does_not_matter() {
        assert!(differences(&json!({"a": 1, "b": 2}), &json!({"b": 2, "a": 1})).is_empty());
    }

    #[test]
    fn arrays_of_other_length_differ_as_a_whole() {
        let d = differences(&json!({"u": ["a"]}), &json!({"u": ["a", "b"]}));
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].pointer, "/u");
    }
}
