//! What changed between two API summaries ([`crate::summary`]), and whether each change
//! breaks callers of the generated crate.
//!
//! The rules are Rust's semver rules for the generated crate: its structs are
//! `#[non_exhaustive]` (built with `new` and `with_` setters, never by literal) and its
//! enums are matched exhaustively. Removing or changing anything callers name breaks
//! them, and so does adding a required field (a new argument of `new`), an enum value
//! or variant (exhaustive `match`es must handle it) or a required input (a new
//! argument). New operations, types, optional fields and inputs (setters) and client
//! setters do not.

use crate::summary::{Member, OpSummary, Summary, TypeSummary};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

/// The semver bump a change needs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Change {
    /// Nothing callers can see changed.
    None,
    /// Only additions callers may ignore.
    Compatible,
    /// Something breaks callers.
    Breaking,
}

/// An operation, by HTTP method and path.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct OpRef {
    pub method: String,
    pub path: String,
    /// The method on `Client`.
    pub name: String,
}

/// An operation whose method on `Client` has a new name.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Renamed {
    pub method: String,
    pub path: String,
    pub from: String,
    pub to: String,
}

/// One change callers can see.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Item {
    /// What kind of change, e.g. `operation-added`, `field-made-required`.
    pub kind: &'static str,
    /// What changed: `GET /a/b`, `type Foo`, `type Foo.bar`, `operation a_b input x`.
    pub subject: String,
    /// The change in words.
    pub detail: String,
    pub breaking: bool,
}

/// Operations added, removed and renamed, by method and path.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Operations {
    pub added: Vec<OpRef>,
    pub removed: Vec<OpRef>,
    pub renamed: Vec<Renamed>,
}

/// Everything that changed between two summaries.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Report {
    /// Whether there was a previous summary to compare with.
    pub previous: bool,
    pub operations: Operations,
    /// Every change, operations first (by path and method), then types (by name).
    pub changes: Vec<Item>,
}

impl Report {
    /// The report when there is nothing to compare with (a first generation).
    pub fn first() -> Report {
        Report { previous: false, operations: Operations::default(), changes: Vec::new() }
    }

    pub fn breaking(&self) -> impl Iterator<Item = &Item> {
        self.changes.iter().filter(|c| c.breaking)
    }

    /// The kind of change, for the version bump.
    pub fn change(&self) -> Change {
        if self.changes.iter().any(|c| c.breaking) {
            Change::Breaking
        } else if self.changes.is_empty() {
            Change::None
        } else {
            Change::Compatible
        }
    }
}

/// Compares the summary of the crate on disk with the one about to be written.
pub fn diff(old: &Summary, new: &Summary) -> Report {
    let mut r = Report { previous: true, operations: Operations::default(), changes: Vec::new() };
    diff_operations(&mut r, &old.operations, &new.operations);
    diff_setters(&mut r, &old.client_setters, &new.client_setters);
    diff_types(&mut r, &old.types, &new.types);
    r
}

/// The key operations are matched by: method and path, with path parameters unnamed
/// (renaming `{id}` to `{roomId}` is not a different operation).
fn op_key(op: &OpSummary) -> (String, String) {
    let mut path = String::with_capacity(op.path.len());
    let mut in_param = false;
    for c in op.path.chars() {
        match c {
            '{' => {
                in_param = true;
                path.push_str("{}");
            }
            '}' => in_param = false,
            _ if in_param => {}
            _ => path.push(c),
        }
    }
    (path, op.method.to_ascii_uppercase())
}

fn op_ref(op: &OpSummary) -> OpRef {
    OpRef { method: op.method.clone(), path: op.path.clone(), name: op.name.clone() }
}

fn diff_operations(r: &mut Report, old: &[OpSummary], new: &[OpSummary]) {
    let old_by: BTreeMap<_, &OpSummary> = old.iter().map(|o| (op_key(o), o)).collect();
    let new_by: BTreeMap<_, &OpSummary> = new.iter().map(|o| (op_key(o), o)).collect();
    let keys: BTreeSet<_> = old_by.keys().chain(new_by.keys()).collect();
    for key in keys {
        match (old_by.get(key), new_by.get(key)) {
            (None, Some(n)) => {
                r.operations.added.push(op_ref(n));
                r.push("operation-added", op_subject(n), format!("new: {}", n.signature), false);
            }
            (Some(o), None) => {
                r.operations.removed.push(op_ref(o));
                r.push("operation-removed", op_subject(o), format!("removed: {}", o.signature), true);
            }
            (Some(o), Some(n)) => diff_operation(r, o, n),
            (None, None) => {}
        }
    }
}

fn op_subject(op: &OpSummary) -> String {
    format!("{} {}", op.method, op.path)
}

fn diff_operation(r: &mut Report, o: &OpSummary, n: &OpSummary) {
    let subject = op_subject(n);
    if o.name != n.name {
        r.operations.renamed.push(Renamed {
            method: n.method.clone(),
            path: n.path.clone(),
            from: o.name.clone(),
            to: n.name.clone(),
        });
        r.push("operation-renamed", subject.clone(), format!("`{}` is now `{}`", o.name, n.name), true);
    }
    diff_members(r, &subject, &o.inputs, &n.inputs, Role::Input);
    if o.output != n.output {
        r.push("output-retyped", subject.clone(), format!("returns `{}` instead of `{}`", n.output, o.output), true);
    }
    diff_names(r, &subject, "error response", &o.errors, &n.errors);
    if n.deprecated && !o.deprecated {
        r.push("operation-deprecated", subject, "now deprecated".to_owned(), false);
    }
}

/// Variants of a per-operation enum (documented errors), matched exhaustively by callers.
fn diff_names(r: &mut Report, subject: &str, what: &str, old: &[String], new: &[String]) {
    for added in new.iter().filter(|n| !old.contains(n)) {
        r.push(
            "variant-added",
            subject.to_owned(),
            format!("{what} `{added}` added (exhaustive matches must handle it)"),
            true,
        );
    }
    for removed in old.iter().filter(|o| !new.contains(o)) {
        r.push("variant-removed", subject.to_owned(), format!("{what} `{removed}` removed"), true);
    }
}

fn diff_setters(r: &mut Report, old: &[String], new: &[String]) {
    for added in new.iter().filter(|n| !old.contains(n)) {
        r.push("client-setter-added", "Client".to_owned(), format!("new credential setter `{added}`"), false);
    }
    for removed in old.iter().filter(|o| !new.contains(o)) {
        r.push("client-setter-removed", "Client".to_owned(), format!("credential setter `{removed}` removed"), true);
    }
}

fn diff_types(r: &mut Report, old: &[TypeSummary], new: &[TypeSummary]) {
    let old_by: BTreeMap<&str, &TypeSummary> = old.iter().map(|t| (t.name.as_str(), t)).collect();
    let new_by: BTreeMap<&str, &TypeSummary> = new.iter().map(|t| (t.name.as_str(), t)).collect();
    let removed: Vec<&TypeSummary> = old.iter().filter(|t| !new_by.contains_key(t.name.as_str())).collect();
    let mut added: Vec<&TypeSummary> = new.iter().filter(|t| !old_by.contains_key(t.name.as_str())).collect();
    let mut renamed_to = BTreeMap::new();
    for gone in &removed {
        // The same shape under a new name is a rename, not a removal and an addition.
        if let Some(i) = added.iter().position(|a| a.kind == gone.kind && a.members == gone.members) {
            renamed_to.insert(gone.name.as_str(), added.remove(i).name.as_str());
        }
    }
    let names: BTreeSet<&str> = old_by.keys().chain(new_by.keys()).copied().collect();
    for name in names {
        let subject = format!("type {name}");
        match (old_by.get(name), new_by.get(name)) {
            (Some(_), None) => match renamed_to.get(name) {
                Some(to) => r.push("type-renamed", subject, format!("now named `{to}`"), true),
                None => r.push("type-removed", subject, "removed".to_owned(), true),
            },
            (None, Some(t)) if added.iter().any(|a| a.name == t.name) => {
                r.push("type-added", subject, format!("new {}", t.kind), false)
            }
            (Some(o), Some(n)) if o.kind != n.kind => {
                r.push("type-kind-changed", subject, format!("was a {}, now a {}", o.kind, n.kind), true)
            }
            (Some(o), Some(n)) => diff_members(r, name, &o.members, &n.members, Role::of(&n.kind)),
            _ => {}
        }
    }
}

/// What a member is to callers, which decides what a change to it breaks.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Role {
    /// An operation input: a required one is an argument, an optional one a setter.
    Input,
    /// A public struct field.
    Field,
    /// An enum value or a union variant.
    Variant,
}

impl Role {
    fn of(kind: &str) -> Role {
        match kind {
            "struct" => Role::Field,
            _ => Role::Variant,
        }
    }

    /// How a member is named in a report: `Pet.name`, `Kind::Cat`, or its operation.
    fn subject(self, parent: &str, member: &str) -> String {
        match self {
            Role::Input => parent.to_owned(),
            Role::Field => format!("{parent}.{member}"),
            Role::Variant => format!("{parent}::{member}"),
        }
    }

    fn noun(self) -> &'static str {
        match self {
            Role::Input => "input",
            Role::Field => "field",
            Role::Variant => "value",
        }
    }
}

fn diff_members(r: &mut Report, subject: &str, old: &[Member], new: &[Member], role: Role) {
    let noun = role.noun();
    let new_names: BTreeSet<&str> = new.iter().map(|m| m.name.as_str()).collect();
    let mut gone: Vec<&Member> = old.iter().filter(|m| !new_names.contains(m.name.as_str())).collect();
    for n in new {
        let Some(o) = old.iter().find(|o| o.name == n.name) else {
            // The same thing on the wire under a new Rust name is a rename.
            if let Some(i) = gone.iter().position(|g| !g.wire.is_empty() && g.wire == n.wire) {
                let o = gone.remove(i);
                r.push(
                    "member-renamed",
                    role.subject(subject, &n.name),
                    format!("{noun} `{}` is now `{}`", o.name, n.name),
                    true,
                );
                diff_member(r, subject, o, n, role);
            } else {
                added_member(r, subject, n, role);
            }
            continue;
        };
        diff_member(r, subject, o, n, role);
    }
    for o in gone {
        r.push("member-removed", role.subject(subject, &o.name), format!("{noun} `{}` removed", o.name), true);
    }
}

fn added_member(r: &mut Report, subject: &str, n: &Member, role: Role) {
    let at = role.subject(subject, &n.name);
    match role {
        Role::Input if n.required => {
            r.push("input-added", at, format!("new required argument `{}: {}`", n.name, n.ty), true)
        }
        Role::Input => r.push("input-added", at, format!("new optional setter `.{}({})`", n.name, n.ty), false),
        Role::Field if n.required => r.push(
            "field-added",
            at,
            format!("new required field `{}: {}` (a new argument of `new`)", n.name, n.ty),
            true,
        ),
        Role::Field => r.push("field-added", at, format!("new optional field `{}: {}`", n.name, n.ty), false),
        Role::Variant => {
            r.push("value-added", at, format!("new value `{}` (exhaustive matches must handle it)", n.name), true)
        }
    }
}

fn diff_member(r: &mut Report, subject: &str, o: &Member, n: &Member, role: Role) {
    let at = role.subject(subject, &n.name);
    let noun = role.noun();
    if o.ty != n.ty {
        r.push("retyped", at.clone(), format!("{noun} `{}`: type `{}` is now `{}`", n.name, o.ty, n.ty), true);
    }
    if o.required != n.required {
        let (kind, how) = match (role, n.required) {
            (Role::Input, true) => ("made-required", "was a setter, now an argument"),
            (Role::Input, false) => ("made-optional", "was an argument, now a setter"),
            (_, true) => ("made-required", "no longer an `Option`"),
            (_, false) => ("made-optional", "now an `Option`"),
        };
        let word = if n.required { "required" } else { "optional" };
        r.push(kind, at.clone(), format!("{noun} `{}` made {word} ({how})", n.name), true);
    }
    if o.wire != n.wire && !o.wire.is_empty() && !n.wire.is_empty() {
        r.push("wire-name-changed", at, format!("sent as `{}` instead of `{}`", n.wire, o.wire), false);
    }
}

impl Report {
    fn push(&mut self, kind: &'static str, subject: String, detail: String, breaking: bool) {
        self.changes.push(Item { kind, subject, detail, breaking });
    }
}

impl fmt::Display for Item {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mark = match self.kind {
            k if k.ends_with("-added") && !self.breaking => '+',
            k if k.ends_with("-removed") => '-',
            _ => '~',
        };
        write!(f, "{mark} {}: {}", self.subject, self.detail)?;
        if self.breaking {
            f.write_str("  [breaking]")?;
        }
        Ok(())
    }
}

impl Report {
    /// One line: the counts.
    pub fn headline(&self) -> String {
        let ops = &self.operations;
        let breaking = self.breaking().count();
        format!(
            "{} operation(s) added, {} removed, {} renamed; {} change(s), {breaking} breaking",
            ops.added.len(),
            ops.removed.len(),
            ops.renamed.len(),
            self.changes.len()
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn member(name: &str, wire: &str, ty: &str, required: bool) -> Member {
        Member { name: name.into(), wire: wire.into(), ty: ty.into(), required }
    }

    fn op(name: &str, inputs: Vec<Member>) -> OpSummary {
        OpSummary { method: "POST".into(), path: "/x/{id}".into(), name: name.into(), inputs, ..Default::default() }
    }

    fn kinds(r: &Report) -> Vec<(&'static str, String, bool)> {
        r.changes.iter().map(|c| (c.kind, c.subject.clone(), c.breaking)).collect()
    }

    #[test]
    fn inputs_made_required_renamed_or_retyped_break_callers() {
        let old = Summary {
            operations: vec![op(
                "x",
                vec![member("a", "query:a", "String", false), member("b", "query:b", "i32", true)],
            )],
            ..Default::default()
        };
        let mut new = old.clone();
        new.operations[0].path = "/x/{xId}".into();
        new.operations[0].inputs = vec![member("a", "query:a", "String", true), member("bee", "query:b", "i64", true)];
        let r = diff(&old, &new);
        assert!(r.operations.added.is_empty() && r.operations.removed.is_empty(), "path parameter names do not count");
        assert_eq!(
            kinds(&r),
            vec![
                ("made-required", "POST /x/{xId}".into(), true),
                ("member-renamed", "POST /x/{xId}".into(), true),
                ("retyped", "POST /x/{xId}".into(), true),
            ]
        );
        assert_eq!(r.change(), Change::Breaking);
    }

    #[test]
    fn a_type_with_a_new_name_and_the_same_shape_is_renamed() {
        let t = |name: &str| TypeSummary {
            name: name.into(),
            kind: "struct".into(),
            members: vec![member("id", "id", "i64", true)],
        };
        let old = Summary { types: vec![t("User"), t("Gone")], ..Default::default() };
        let mut other = t("Other");
        other.members[0].ty = "String".into();
        let new = Summary { types: vec![t("Person"), t("Gone"), other], ..Default::default() };
        let r = diff(&old, &new);
        assert_eq!(
            kinds(&r),
            vec![("type-added", "type Other".into(), false), ("type-renamed", "type User".into(), true)]
        );
        assert!(r.changes[1].detail.contains("Person"));
        // Only additions: a compatible change.
        let r = diff(&Summary::default(), &new);
        assert_eq!(r.change(), Change::Compatible);
        assert_eq!(diff(&new, &new).change(), Change::None);
    }

    #[test]
    fn a_new_optional_field_is_compatible_and_a_required_one_breaks() {
        let t = |members| TypeSummary { name: "User".into(), kind: "struct".into(), members };
        let old = Summary { types: vec![t(vec![member("id", "id", "i64", true)])], ..Default::default() };
        let optional = Summary {
            types: vec![t(vec![member("id", "id", "i64", true), member("nick", "nick", "String", false)])],
            ..Default::default()
        };
        let r = diff(&old, &optional);
        assert_eq!(kinds(&r), vec![("field-added", "User.nick".into(), false)]);
        assert_eq!(r.change(), Change::Compatible);
        let required = Summary {
            types: vec![t(vec![member("id", "id", "i64", true), member("nick", "nick", "String", true)])],
            ..Default::default()
        };
        assert_eq!(diff(&old, &required).change(), Change::Breaking);
    }
}
