//! Schemas to IR types. Component schemas keep their names; inline schemas are named
//! from where they stand (`Group` + `u` -> `GroupU`), deterministically.

use super::refs::{component_name, Component, RefError};
use super::secrets;
use super::view::View;
use super::Lowering;
use crate::diag::child;
use crate::ir::{
    Doc, EnumValue, ExclusiveVariant, Field, IntValue, Struct, TypeDef, TypeKind, TypeRef, Union, UnionVariant,
};
use crate::names::{self, Namespace};
use openapiv3::{AdditionalProperties, ReferenceOr, Schema};
use std::collections::BTreeSet;

/// How a lowered schema that needs a named type gets its name.
#[derive(Clone)]
pub enum Name {
    /// A component schema: this exact, already claimed, name.
    Fixed(String),
    /// An inline schema: claim a name from this hint.
    Hint(String),
}

impl Name {
    fn hint(&self) -> &str {
        match self {
            Name::Fixed(s) | Name::Hint(s) => s,
        }
    }
    fn nested(&self, part: &str) -> Name {
        Name::Hint(format!("{} {}", self.hint(), part))
    }
}

/// What an object's own properties become. Only a multipart body's properties are
/// parts of their own, so only there is a `format: binary` string a file (bytes);
/// everywhere else (nested objects of that body included) it is text.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Members {
    /// Fields of a JSON object (or form fields): binary strings are text.
    Json,
    /// The parts of a multipart body: binary strings are file parts.
    FileParts,
}

/// An "exactly one of" group found in an object schema.
struct Group {
    title: Option<String>,
    description: Option<String>,
    props: Vec<String>,
}

/// An object schema with its `allOf` members merged in.
#[derive(Default)]
struct Parts<'a> {
    props: Vec<(String, &'a ReferenceOr<Box<Schema>>)>,
    required: BTreeSet<String>,
    additional: Option<&'a AdditionalProperties>,
    groups: Vec<Group>,
    /// Members that are not objects (kept when nothing else is there).
    opaque: Vec<&'a ReferenceOr<Schema>>,
    /// Schemas already merged (by address).
    visited: std::collections::HashSet<usize>,
}

fn doc_of(schema: &Schema) -> Doc {
    let d = &schema.schema_data;
    let mut notes: Vec<String> = Vec::new();
    if d.read_only {
        notes.push("Read-only: set by the server; not sent in requests.".to_owned());
    }
    if d.write_only {
        notes.push("Write-only: sent in requests; never returned.".to_owned());
    }
    if let Some(default) = &d.default {
        notes.push(format!("Default: `{default}`."));
    }
    let description = match (d.description.clone(), notes.is_empty()) {
        (desc, true) => desc,
        (Some(desc), false) => Some(format!("{desc}\n\n{}", notes.join(" "))),
        (None, false) => Some(notes.join(" ")),
    };
    Doc { summary: d.title.clone(), description, deprecated: d.deprecated }
}

/// `readOnly` and `writeOnly` properties appear in only one direction, so a type used
/// both ways cannot require them.
fn one_directional(s: &ReferenceOr<Box<Schema>>) -> bool {
    s.as_item().is_some_and(|s| s.schema_data.read_only || s.schema_data.write_only)
}

impl<'a> Lowering<'a> {
    /// A schema reference or inline schema to a type; nullable schemas become `Option`.
    pub fn lower(&mut self, doc: usize, s: &'a ReferenceOr<Schema>, name: &Name, origin: &str) -> TypeRef {
        match s {
            ReferenceOr::Reference { reference } => self.lower_ref(doc, reference, origin),
            ReferenceOr::Item(schema) => self.lower_schema(doc, schema, name, origin),
        }
    }

    pub fn lower_boxed(&mut self, doc: usize, s: &'a ReferenceOr<Box<Schema>>, name: &Name, origin: &str) -> TypeRef {
        match s {
            ReferenceOr::Reference { reference } => self.lower_ref(doc, reference, origin),
            ReferenceOr::Item(schema) => self.lower_schema(doc, schema, name, origin),
        }
    }

    /// Whether a property's schema says `format: password` (references followed).
    fn password_property(&self, doc: usize, s: &'a ReferenceOr<Box<Schema>>) -> bool {
        let schema: Option<&Schema> = match s {
            ReferenceOr::Item(schema) => Some(schema),
            ReferenceOr::Reference { reference } => {
                self.target::<Schema>(doc, reference).ok().and_then(|(_, t)| self.resolve(doc, t).ok())
            }
        };
        schema.is_some_and(secrets::password_format)
    }

    fn lower_ref(&mut self, doc: usize, reference: &str, origin: &str) -> TypeRef {
        let (component, target) = match self.target::<Schema>(doc, reference) {
            Ok(found) => found,
            Err(RefError::NotComponent) => {
                self.warn(
                    doc,
                    "unsupported-ref",
                    origin,
                    format!("`{reference}` does not name a component schema; typed as any JSON value"),
                    "move the schema under `components/schemas` and reference it there",
                );
                return TypeRef::Json;
            }
            Err(_) => return self.no_component(doc, reference, origin),
        };
        let Some(type_name) = self.component_type(doc, &component).cloned() else {
            return self.no_component(doc, reference, origin);
        };
        let nullable = target.as_item().is_some_and(|s| s.schema_data.nullable);
        let t = TypeRef::Named(type_name);
        if nullable {
            TypeRef::Option(Box::new(t))
        } else {
            t
        }
    }

    fn no_component(&mut self, doc: usize, reference: &str, origin: &str) -> TypeRef {
        self.warn(
            doc,
            "unsupported-ref",
            origin,
            format!("`{reference}` names no component schema; typed as any JSON value"),
            "check the schema name",
        );
        TypeRef::Json
    }

    pub fn lower_schema(&mut self, doc: usize, schema: &'a Schema, name: &Name, origin: &str) -> TypeRef {
        let t = self.lower_kind(doc, schema, name, origin);
        if schema.schema_data.nullable && !matches!(t, TypeRef::Option(_) | TypeRef::Json) {
            TypeRef::Option(Box::new(t))
        } else {
            t
        }
    }

    /// Adds a named type. A `Fixed` name was claimed when components were registered.
    fn define(&mut self, name: &Name, doc: Doc, kind: TypeKind, origin: &str) -> TypeRef {
        let type_name = match name {
            Name::Fixed(n) => n.clone(),
            Name::Hint(h) => self.type_ns.claim(&self.case.type_name(h)),
        };
        self.insert_type(
            name,
            TypeDef { name: type_name, doc, kind, origin: origin.to_owned(), reach: Default::default() },
        )
    }

    /// Adds a type; an inline type equal to the type already holding its base name is
    /// that type (the same inline schema written in two places, or in two documents),
    /// and so is an inline type of the same shape (fields, types, wire names and docs)
    /// as one made before (a component's shape first: its inline copies become it):
    /// structurally identical inline schemas are one type.
    fn insert_type(&mut self, name: &Name, def: TypeDef) -> TypeRef {
        if let Name::Hint(h) = name {
            let base = self.case.type_name(h);
            if base != def.name {
                if let Some(existing) = self.types.get(&base) {
                    if existing.kind == def.kind {
                        self.type_ns.release(&def.name);
                        return TypeRef::Named(base);
                    }
                }
            }
            let shape = format!("{:?}", def.kind);
            if let Some(existing) = self.shapes.get(&shape) {
                if self.types.get(existing).is_some_and(|t| t.kind == def.kind) {
                    self.type_ns.release(&def.name);
                    let existing = existing.clone();
                    if self.inline_types.contains(&existing) {
                        self.unified.entry(existing.clone()).or_default().push(def.name);
                    }
                    return TypeRef::Named(existing);
                }
            }
            self.shapes.insert(shape, def.name.clone());
            self.inline_types.insert(def.name.clone());
        } else {
            // A component is the type its inline copies become.
            self.shapes.entry(format!("{:?}", def.kind)).or_insert_with(|| def.name.clone());
        }
        let n = def.name.clone();
        self.types.insert(n.clone(), def);
        TypeRef::Named(n)
    }

    fn lower_kind(&mut self, doc: usize, schema: &'a Schema, name: &Name, origin: &str) -> TypeRef {
        if let Some(t) = self.domain_type(schema) {
            return t;
        }
        let v = View::of(schema);
        let has_props = !v.properties.is_empty();
        if !v.all_of.is_empty() || (has_props && (!v.one_of.is_empty())) {
            return self.lower_object(doc, schema, &v, name, origin, Members::Json);
        }
        if !v.one_of.is_empty() || !v.any_of.is_empty() {
            let (branches, key) = if v.one_of.is_empty() { (v.any_of, "anyOf") } else { (v.one_of, "oneOf") };
            return self.lower_union(doc, schema, branches, name, &child(origin, key));
        }
        if v.not {
            return TypeRef::Json;
        }
        match v.typ {
            Some("string") if !v.enumeration.is_empty() => self.lower_enum(schema, &v, name, origin),
            Some("string") => self.string_type(v.format.as_deref()),
            Some("integer") if v.enumeration.iter().any(|e| e.is_i64()) => {
                self.lower_int_enum(schema, &v, name, origin)
            }
            Some("integer") => integer_type(v.format.as_deref()),
            Some("number") => match v.format.as_deref() {
                Some("float") => TypeRef::F32,
                _ => TypeRef::F64,
            },
            Some("boolean") => TypeRef::Bool,
            Some("array") => self.array_type(doc, &v, name, origin),
            Some("object") => self.lower_object(doc, schema, &v, name, origin, Members::Json),
            Some("file") => self.string_type(Some("binary")),
            Some(other) if other != "null" => {
                self.warn(
                    doc,
                    "unknown-type",
                    origin,
                    format!("`type: {other}` is not a JSON Schema type; typed as any JSON value"),
                    "use one of string, number, integer, boolean, array, object",
                );
                TypeRef::Json
            }
            _ if has_props || v.additional.is_some() => self.lower_object(doc, schema, &v, name, origin, Members::Json),
            _ if v.items.is_some() => self.array_type(doc, &v, name, origin),
            _ if !v.enumeration.is_empty() && v.enumeration.iter().all(|e| e.is_string()) => {
                self.lower_enum(schema, &v, name, origin)
            }
            _ => TypeRef::Json,
        }
    }

    /// The domain type a schema is marked as (`x-type-name`), made the first time it is met.
    fn domain_type(&mut self, schema: &Schema) -> Option<TypeRef> {
        let (i, name) = self.domain_names.get(super::domain::mark(schema)?)?.clone();
        if self.domain_started.insert(name.clone()) {
            let domain = self.domain;
            let d = &domain[i];
            let t = self.lower_kind(d.doc, &d.schema, &Name::Fixed(name.clone()), &d.origin);
            if !self.types.contains_key(&name) {
                // Not an object: the name is an alias of what it is.
                let doc =
                    Doc { summary: None, description: d.schema.schema_data.description.clone(), deprecated: false };
                let def = TypeDef {
                    name: name.clone(),
                    doc,
                    kind: TypeKind::Alias(strip_option(t)),
                    origin: d.origin.clone(),
                    reach: Default::default(),
                };
                self.types.insert(name.clone(), def);
            }
        }
        Some(TypeRef::Named(name))
    }

    fn string_type(&mut self, format: Option<&str>) -> TypeRef {
        match format {
            Some("date-time") => {
                self.uses.date_time = true;
                TypeRef::DateTime
            }
            Some("uuid") => {
                self.uses.uuid = true;
                TypeRef::Uuid
            }
            _ => TypeRef::String,
        }
    }

    fn array_type(&mut self, doc: usize, v: &View<'a>, name: &Name, origin: &str) -> TypeRef {
        match v.items {
            Some(items) => {
                let item = self.lower_boxed(doc, items, &name.nested("Item"), &child(origin, "items"));
                TypeRef::Vec(Box::new(item))
            }
            None => TypeRef::Vec(Box::new(TypeRef::Json)),
        }
    }

    fn lower_enum(&mut self, schema: &'a Schema, v: &View, name: &Name, origin: &str) -> TypeRef {
        let mut ns = Namespace::with_reserved(&["Unknown"]);
        let mut seen = BTreeSet::new();
        let values = v
            .enumeration
            .iter()
            .filter_map(|e| e.as_str())
            .filter(|w| seen.insert(w.to_string()))
            .map(|w| EnumValue { name: ns.claim(&self.case.camel(w)), wire: w.to_owned(), doc: None })
            .collect::<Vec<_>>();
        if values.is_empty() {
            return TypeRef::String;
        }
        self.define(name, doc_of(schema), TypeKind::Enum(values), origin)
    }

    fn lower_int_enum(&mut self, schema: &'a Schema, v: &View, name: &Name, origin: &str) -> TypeRef {
        let mut ns = Namespace::with_reserved(&["Unknown"]);
        let mut seen = BTreeSet::new();
        let values = v
            .enumeration
            .iter()
            .filter_map(|e| e.as_i64())
            .filter(|n| seen.insert(*n))
            .map(|n| {
                let word = if n < 0 { format!("minus {}", n.unsigned_abs()) } else { format!("v{n}") };
                IntValue { name: ns.claim(&self.case.camel(&word)), value: n }
            })
            .collect();
        self.define(name, doc_of(schema), TypeKind::IntEnum(values), origin)
    }

    /// Object schemas, with `allOf` merged and "exactly one of" groups made enums;
    /// `members` says what its own properties are.
    pub(super) fn lower_object(
        &mut self,
        doc: usize,
        schema: &'a Schema,
        v: &View<'a>,
        name: &Name,
        origin: &str,
        members: Members,
    ) -> TypeRef {
        // `allOf: [ $ref ]` with nothing beside it is the referenced type (often used to
        // attach a description or `nullable` to a reference); the parts of a multipart
        // body are its own.
        if members == Members::Json
            && v.all_of.len() == 1
            && v.properties.is_empty()
            && v.additional.is_none()
            && v.one_of.is_empty()
        {
            let inner = self.lower(doc, &v.all_of[0], name, &child(origin, "allOf/0"));
            return self.alias_if_fixed(name, schema, inner, origin);
        }
        let mut parts = Parts::default();
        self.collect_parts(doc, schema, &mut parts, 0);
        if parts.props.is_empty() && parts.groups.is_empty() {
            if let [only] = parts.opaque.as_slice() {
                let inner = self.lower(doc, only, name, origin);
                return self.alias_if_fixed(name, schema, inner, origin);
            }
            if !parts.opaque.is_empty() {
                return TypeRef::Json;
            }
            let t = match parts.additional {
                Some(AdditionalProperties::Schema(s)) => {
                    let item = self.lower(doc, s, &name.nested("Value"), &child(origin, "additionalProperties"));
                    TypeRef::Map(Box::new(item))
                }
                _ => TypeRef::JsonObject,
            };
            return self.alias_if_fixed(name, schema, t, origin);
        }
        let type_name = match name {
            Name::Fixed(n) => n.clone(),
            Name::Hint(h) => self.type_ns.claim(&self.case.type_name(h)),
        };
        let here = Name::Hint(type_name.clone());
        let mut fields_ns = Namespace::new();
        let mut fields = Vec::new();
        let grouped: BTreeSet<&str> = parts.groups.iter().flat_map(|g| g.props.iter().map(String::as_str)).collect();
        let props_origin = child(origin, "properties");
        for (prop, s) in &parts.props {
            if grouped.contains(prop.as_str()) {
                continue;
            }
            let prop_origin = child(&props_origin, prop);
            let ty = match self.file_part(doc, s).filter(|_| members == Members::FileParts) {
                Some(file) if file.schema_data.nullable => TypeRef::Option(Box::new(TypeRef::File)),
                Some(_) => TypeRef::File,
                None => self.lower_boxed(doc, s, &here.nested(prop), &prop_origin),
            };
            let resolved = match s {
                ReferenceOr::Item(s) => Some(&**s),
                ReferenceOr::Reference { .. } => None,
            };
            let (ty, nullable) = match ty {
                TypeRef::Option(inner) => (*inner, true),
                t => (t, false),
            };
            let secret = secrets::secret_name(prop) || self.password_property(doc, s);
            fields.push(Field {
                secret,
                name: fields_ns.claim(&self.case.snake(prop)),
                wire: prop.clone(),
                ty,
                required: parts.required.contains(prop.as_str()) && !one_directional(s),
                nullable,
                flatten: false,
                doc: resolved.map(doc_of).unwrap_or_default(),
            });
        }
        // Each group stands where its first property stood.
        let position = |wire: &str| parts.props.iter().position(|(n, _)| n == wire).unwrap_or(usize::MAX);
        let mut placed: Vec<(usize, Field)> = fields.into_iter().map(|f| (position(&f.wire), f)).collect();
        for group in &parts.groups {
            let field = self.lower_group(doc, group, &parts, &here, &mut fields_ns, origin);
            let first = group.props.iter().map(|p| position(p)).min().unwrap_or(usize::MAX);
            placed.push((first, field));
        }
        placed.sort_by_key(|(at, _)| *at);
        let fields: Vec<Field> = placed.into_iter().map(|(_, f)| f).collect();
        let additional = match parts.additional {
            Some(AdditionalProperties::Schema(s)) => {
                Some(self.lower(doc, s, &here.nested("Value"), &child(origin, "additionalProperties")))
            }
            _ => None,
        };
        if additional.is_some() {
            fields_ns.claim("additional_properties");
        }
        let def = TypeDef {
            name: type_name,
            doc: doc_of(schema),
            kind: TypeKind::Struct(Struct { fields, additional }),
            origin: origin.to_owned(),
            reach: Default::default(),
        };
        self.insert_type(name, def)
    }

    /// The schema of a property that is a file (`type: string, format: binary`, or
    /// Swagger 2.0's `type: file`), followed through `$ref`s.
    fn file_part(&self, doc: usize, s: &'a ReferenceOr<Box<Schema>>) -> Option<&'a Schema> {
        let schema = match s {
            ReferenceOr::Item(s) => &**s,
            ReferenceOr::Reference { reference } => {
                let (_, target) = self.target::<Schema>(doc, reference).ok()?;
                self.resolve(doc, target).ok()?
            }
        };
        let v = View::of(schema);
        matches!((v.typ, v.format.as_deref()), (Some("string"), Some("binary")) | (Some("file"), _)).then_some(schema)
    }

    /// Whether an object schema (its `allOf` members merged) has a file property.
    pub(super) fn has_file_parts(&self, doc: usize, schema: &'a Schema) -> bool {
        let mut parts = Parts::default();
        self.collect_parts(doc, schema, &mut parts, 0);
        parts.props.iter().any(|(_, s)| self.file_part(doc, s).is_some())
    }

    fn alias_if_fixed(&mut self, name: &Name, schema: &'a Schema, t: TypeRef, origin: &str) -> TypeRef {
        match name {
            Name::Fixed(n) if t.named() != Some(n.as_str()) || !matches!(t, TypeRef::Named(_)) => {
                let t = if schema.schema_data.nullable { strip_option(t) } else { t };
                self.define(name, doc_of(schema), TypeKind::Alias(t), origin)
            }
            _ => t,
        }
    }

    /// Gathers properties, requirements and groups from a schema and its `allOf` members.
    fn collect_parts(&self, doc: usize, schema: &'a Schema, parts: &mut Parts<'a>, depth: usize) {
        // Each schema is merged once: `allOf` cycles and diamonds cannot multiply work.
        if depth > 32 || !parts.visited.insert(std::ptr::from_ref(schema) as usize) {
            return;
        }
        let v = View::of(schema);
        for (name, s) in v.properties {
            if let Some(existing) = parts.props.iter_mut().find(|(n, _)| n == name) {
                existing.1 = s;
            } else {
                parts.props.push((name.clone(), s));
            }
        }
        parts.required.extend(v.required.iter().cloned());
        if v.additional.is_some() {
            parts.additional = v.additional;
        }
        if let Some(group) = group_of(schema, &v) {
            parts.groups.push(group);
        }
        for member in v.all_of {
            let Ok(m) = self.resolve(doc, member) else { continue };
            let mv = View::of(m);
            let objectish = !mv.properties.is_empty()
                || !mv.all_of.is_empty()
                || mv.only_required().is_some()
                || group_of(m, &mv).is_some()
                || matches!(mv.typ, Some("object"))
                || (!mv.required.is_empty() && mv.typ.is_none() && mv.one_of.is_empty());
            if objectish {
                self.collect_parts(doc, m, parts, depth + 1);
            } else if !mv.is_empty() {
                parts.opaque.push(member);
            }
        }
    }

    fn lower_group(
        &mut self,
        doc: usize,
        group: &Group,
        parts: &Parts<'a>,
        here: &Name,
        fields_ns: &mut Namespace,
        origin: &str,
    ) -> Field {
        let prop_names: Vec<&str> = group.props.iter().map(String::as_str).collect();
        let variant_names = names::exclusive_variants(&prop_names);
        let mut variants = Vec::new();
        for (prop, variant) in group.props.iter().zip(variant_names) {
            let schema = parts.props.iter().find(|(n, _)| n == prop).map(|(_, s)| *s);
            let prop_origin = child(&child(origin, "properties"), prop);
            let secret = secrets::secret_name(prop) || schema.is_some_and(|s| self.password_property(doc, s));
            let (ty, doc_) = match schema {
                Some(s) => {
                    let ty = self.lower_boxed(doc, s, &here.nested(prop), &prop_origin);
                    let d = match s {
                        ReferenceOr::Item(s) => doc_of(s),
                        ReferenceOr::Reference { .. } => Doc::default(),
                    };
                    (strip_option(ty), d)
                }
                None => (TypeRef::String, Doc::default()),
            };
            variants.push(ExclusiveVariant { name: variant, wire: prop.clone(), ty, doc: doc_, secret });
        }
        let title = group.title.clone().unwrap_or_else(|| format!("{} {}", here.hint(), group.props.join(" or ")));
        let doc_ = Doc { summary: None, description: group.description.clone(), deprecated: false };
        let ty = self.define(&Name::Hint(title.clone()), doc_.clone(), TypeKind::Exclusive(variants), origin);
        let type_name = ty.named().unwrap_or_default().to_owned();
        let field_base = type_name.strip_suffix("Ref").filter(|s| !s.is_empty()).unwrap_or(&type_name).to_owned();
        Field {
            name: fields_ns.claim(&self.case.snake(&field_base)),
            wire: String::new(),
            ty,
            required: true,
            nullable: false,
            flatten: true,
            doc: doc_,
            // Its variants say which of them are secret.
            secret: false,
        }
    }

    fn lower_union(
        &mut self,
        doc: usize,
        schema: &'a Schema,
        branches: &'a [ReferenceOr<Schema>],
        name: &Name,
        origin: &str,
    ) -> TypeRef {
        let mut nullable = schema.schema_data.nullable;
        let mut kept: Vec<(usize, &ReferenceOr<Schema>)> = Vec::new();
        for (i, b) in branches.iter().enumerate() {
            match b {
                ReferenceOr::Item(s) if View::of(s).is_empty() && s.schema_data.nullable => nullable = true,
                ReferenceOr::Item(s) if View::of(s).enumeration.is_empty() && View::of(s).typ == Some("null") => {
                    nullable = true
                }
                _ => kept.push((i, b)),
            }
        }
        let wrap = |t: TypeRef| {
            if nullable && !matches!(t, TypeRef::Option(_) | TypeRef::Json) {
                TypeRef::Option(Box::new(t))
            } else {
                t
            }
        };
        if kept.is_empty() {
            return TypeRef::Json;
        }
        if kept.len() == 1 {
            let (i, b) = kept[0];
            let t = self.lower(doc, b, name, &child(origin, &i.to_string()));
            return wrap(self.alias_if_fixed(name, schema, t, origin));
        }
        // Every branch a string constant: one string enum, each value with its own doc.
        let constants: Option<Vec<(String, Option<String>)>> = kept
            .iter()
            .map(|(_, b)| match b {
                ReferenceOr::Item(s) => {
                    let v = View::of(s);
                    match (v.typ, v.enumeration.as_slice()) {
                        (Some("string") | None, vals) if !vals.is_empty() && vals.iter().all(|x| x.is_string()) => {
                            Some(
                                vals.iter()
                                    .filter_map(|x| x.as_str())
                                    .map(|w| (w.to_owned(), s.schema_data.description.clone()))
                                    .collect::<Vec<_>>(),
                            )
                        }
                        _ => None,
                    }
                }
                ReferenceOr::Reference { .. } => None,
            })
            .collect::<Option<Vec<_>>>()
            .map(|v| v.into_iter().flatten().collect());
        if let Some(values) = constants {
            let mut ns = Namespace::with_reserved(&["Unknown"]);
            let mut seen = BTreeSet::new();
            let values = values
                .into_iter()
                .filter(|(w, _)| seen.insert(w.clone()))
                .map(|(w, d)| EnumValue { name: ns.claim(&self.case.camel(&w)), wire: w, doc: d })
                .collect();
            return wrap(self.define(name, doc_of(schema), TypeKind::Enum(values), origin));
        }
        let type_name = match name {
            Name::Fixed(n) => n.clone(),
            Name::Hint(h) => self.type_ns.claim(&self.case.type_name(h)),
        };
        let here = Name::Hint(type_name.clone());
        let mut ns = Namespace::with_reserved(&["Unknown"]);
        let mut variants = Vec::new();
        let discriminator = schema.schema_data.discriminator.as_ref();
        let branches_only: Vec<&ReferenceOr<Schema>> = kept.iter().map(|(_, b)| *b).collect();
        let implicit = if discriminator.is_none() { implicit_tag(&branches_only) } else { None };
        let tag_property = discriminator.map(|d| d.property_name.clone()).or_else(|| implicit.clone());
        let distinct = distinct_required(&branches_only);
        for (k, (i, b)) in kept.iter().enumerate() {
            let (base, tag_values) = match b {
                ReferenceOr::Reference { reference } => {
                    let comp = component_name(reference, Schema::SECTION).unwrap_or_default();
                    let mut tags: Vec<String> = discriminator
                        .map(|d| d.mapping.iter().filter(|(_, r)| *r == reference).map(|(k, _)| k.clone()).collect())
                        .unwrap_or_default();
                    if tags.is_empty() {
                        tags.push(comp.clone());
                    }
                    (self.case.camel(&comp), tags)
                }
                ReferenceOr::Item(s) => {
                    let v = View::of(s);
                    let tag = tag_property.as_deref().and_then(|t| constant_property(&v, t));
                    let base = s
                        .schema_data
                        .title
                        .clone()
                        .or_else(|| tag.clone())
                        .or_else(|| single_required_property(&v))
                        .or_else(|| distinct.get(k).cloned().flatten())
                        .unwrap_or_else(|| v.typ.unwrap_or("Variant").to_owned());
                    (self.case.camel(&base), tag.into_iter().collect())
                }
            };
            let variant = ns.claim(&base);
            let ty = self.lower(doc, b, &here.nested(&variant), &child(origin, &i.to_string()));
            variants.push(UnionVariant { name: variant, ty: strip_option(ty), tag_values });
        }
        let tag = tag_property.filter(|_| variants.iter().all(|v| !v.tag_values.is_empty()));
        let def = TypeDef {
            name: type_name,
            doc: doc_of(schema),
            kind: TypeKind::Union(Union { variants, tag }),
            origin: origin.to_owned(),
            reach: Default::default(),
        };
        let t = self.insert_type(name, def);
        wrap(t)
    }
}

fn strip_option(t: TypeRef) -> TypeRef {
    match t {
        TypeRef::Option(inner) => *inner,
        t => t,
    }
}

/// `{ properties: {x: ...}, required: [x] }` with one property: the Rust-style
/// externally tagged variant that Dropshot and others emit. Named after the property.
fn single_required_property(v: &View) -> Option<String> {
    match (v.properties.first(), v.required) {
        (Some((name, _)), [req]) if v.properties.len() == 1 && name == req => Some(name.clone()),
        _ => None,
    }
}

/// For each branch, the one property it requires and no other branch does (if several,
/// the one no other branch even declares): the field a reader tells the forms apart by
/// (`oneOf: [{required: [roomId]}, {required: [channel, text]}]`, more properties
/// each), so it names the variant. `None` where a branch is a `$ref` or no single
/// property stands out.
fn distinct_required(branches: &[&ReferenceOr<Schema>]) -> Vec<Option<String>> {
    let views: Vec<Option<View>> = branches.iter().map(|b| b.as_item().map(View::of)).collect();
    let elsewhere = |i: usize, test: &dyn Fn(&View) -> bool| {
        views.iter().enumerate().any(|(j, v)| j != i && v.as_ref().is_some_and(test))
    };
    let only_one = |props: Vec<&String>| match props.as_slice() {
        [one] => Some((*one).clone()),
        _ => None,
    };
    views
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let v = v.as_ref()?;
            let own: Vec<&String> =
                v.required.iter().filter(|p| !elsewhere(i, &|o: &View| o.required.contains(p))).collect();
            if own.len() <= 1 {
                return only_one(own);
            }
            only_one(
                own.into_iter()
                    .filter(|p| !elsewhere(i, &|o: &View| o.properties.iter().any(|(n, _)| n == *p)))
                    .collect(),
            )
        })
        .collect()
}

/// The value of a property that is a single string constant (`enum: [x]`).
fn constant_property(v: &View, property: &str) -> Option<String> {
    let (_, p) = v.properties.iter().find(|(n, _)| n.as_str() == property)?;
    let p = p.as_item()?;
    match View::of(p).enumeration.as_slice() {
        [one] => one.as_str().map(str::to_owned),
        _ => None,
    }
}

/// A tag the document does not declare: every branch an inline object with the same
/// required property holding a distinct string constant (Dropshot's
/// `{"type": "range_to", ...}`, serde's internally tagged enums).
fn implicit_tag(branches: &[&ReferenceOr<Schema>]) -> Option<String> {
    let views: Vec<View> = branches.iter().map(|b| b.as_item().map(View::of)).collect::<Option<_>>()?;
    let first = views.first()?;
    first
        .properties
        .iter()
        .map(|(n, _)| n.as_str())
        .find(|candidate| {
            let mut values = BTreeSet::new();
            views.iter().all(|v| {
                v.required.iter().any(|r| r == candidate)
                    && constant_property(v, candidate).is_some_and(|value| values.insert(value))
            })
        })
        .map(str::to_owned)
}

/// `oneOf: [{required: [a]}, {required: [b]}]`: exactly one of the properties a, b.
fn group_of(schema: &Schema, v: &View) -> Option<Group> {
    if v.one_of.len() < 2 {
        return None;
    }
    let props: Option<Vec<String>> = v
        .one_of
        .iter()
        .map(|b| match b {
            ReferenceOr::Item(s) => View::of(s).only_required().map(str::to_owned),
            ReferenceOr::Reference { .. } => None,
        })
        .collect();
    let props = props?;
    Some(Group { title: schema.schema_data.title.clone(), description: schema.schema_data.description.clone(), props })
}

fn integer_type(format: Option<&str>) -> TypeRef {
    match format {
        Some("int8") => TypeRef::I8,
        Some("int16") => TypeRef::I16,
        Some("int32") => TypeRef::I32,
        Some("uint8") => TypeRef::U8,
        Some("uint16") => TypeRef::U16,
        Some("uint32") => TypeRef::U32,
        Some("uint64" | "uint") => TypeRef::U64,
        _ => TypeRef::I64,
    }
}
