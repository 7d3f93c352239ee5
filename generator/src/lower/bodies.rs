//! Request bodies, and the media type the client uses for bodies and responses.

use super::schema::Members;
use super::serialization;
use super::view::View;
use super::{Lowering, Name};
use crate::diag::child;
use crate::ir::{Body, BodyKind, FieldEncoding, FlatBody, TypeKind, TypeRef};
use openapiv3::{MediaType, ReferenceOr, RequestBody, Schema};

impl<'a> Lowering<'a> {
    pub(super) fn body(
        &mut self,
        doc: usize,
        b: &'a ReferenceOr<RequestBody>,
        builder: &str,
        origin: &str,
    ) -> Option<Body> {
        let body = self.resolve_body(doc, b, origin)?;
        let (content_type, media, kind) = pick_media(&body.content)?;
        let hint = Name::Hint(format!("{builder} Request"));
        let media_origin = child(&child(origin, "content"), content_type);
        let ty = match (kind, media.schema.as_ref()) {
            (BodyKind::Text, _) => TypeRef::String,
            (BodyKind::Bytes, _) => TypeRef::Bytes,
            (BodyKind::Multipart, Some(s)) => self.multipart_type(doc, s, &hint, &child(&media_origin, "schema")),
            (_, Some(s)) => self.lower(doc, s, &hint, &child(&media_origin, "schema")),
            (_, None) => TypeRef::Json,
        };
        let ty = match ty {
            TypeRef::Option(inner) => *inner,
            t => t,
        };
        if kind == BodyKind::Multipart {
            self.uses.multipart = true;
        }
        let flattened = match &ty {
            TypeRef::Named(n) if matches!(kind, BodyKind::Json | BodyKind::Form | BodyKind::Multipart) => {
                match self.types.get(n).map(|t| &t.kind) {
                    Some(TypeKind::Struct(s)) if !s.fields.is_empty() && s.additional.is_none() => {
                        Some(FlatBody { type_name: n.clone() })
                    }
                    _ => None,
                }
            }
            _ => None,
        };
        // Multipart bodies are written field by field, so they must be structs.
        if kind == BodyKind::Multipart && flattened.is_none() {
            self.warn(
                doc,
                "multipart-not-object",
                origin,
                "a multipart body that is not an object is sent as JSON".into(),
                "describe multipart bodies as objects, one property per part",
            );
            return Some(Body {
                kind: BodyKind::Json,
                content_type: "application/json".into(),
                media_types: Vec::new(),
                ty,
                required: body.required,
                doc: body.description.clone(),
                flattened,
                encodings: Vec::new(),
            });
        }
        // A raw body is sent as the caller's bytes or text: any documented media type of
        // its kind fits it, and which one the caller's content is, only the caller knows.
        let media_types = match kind {
            BodyKind::Text | BodyKind::Bytes => std::iter::once(content_type.to_owned())
                .chain(body.content.keys().filter(|ct| ct.as_str() != content_type && media_kind(ct) == kind).cloned())
                .collect(),
            _ => Vec::new(),
        };
        Some(Body {
            kind,
            content_type: content_type.to_owned(),
            media_types,
            ty,
            required: body.required,
            doc: body.description.clone(),
            flattened,
            encodings: form_encodings(kind, media),
        })
    }

    /// The type of a multipart body. Its own `format: binary` properties are file
    /// parts (bytes), wherever the body is written: inline, or by `$ref` to a component
    /// (which then keeps its text fields for its other, JSON, uses, and the body gets a
    /// type of its own, named like an inline body).
    fn multipart_type(&mut self, doc: usize, s: &'a ReferenceOr<Schema>, hint: &Name, origin: &str) -> TypeRef {
        let Ok(schema) = self.resolve(doc, s) else { return self.lower(doc, s, hint, origin) };
        let v = View::of(schema);
        let object = v.one_of.is_empty() && v.any_of.is_empty() && matches!(v.typ, None | Some("object"));
        if !object || !self.has_file_parts(doc, schema) {
            return self.lower(doc, s, hint, origin);
        }
        self.lower_object(doc, schema, &v, hint, origin, Members::FileParts)
    }

    fn resolve_body(&mut self, doc: usize, b: &'a ReferenceOr<RequestBody>, origin: &str) -> Option<&'a RequestBody> {
        let found = self.resolve(doc, b).ok();
        if let (None, ReferenceOr::Reference { reference }) = (found, b) {
            self.warn(
                doc,
                "unsupported-ref",
                origin,
                format!("request body `{reference}` could not be resolved; the body was skipped"),
                "reference bodies under `#/components/requestBodies/`",
            );
        }
        found
    }
}

/// The media type the client uses: JSON first, then forms, text, and raw bytes.
pub(super) fn pick_media(content: &indexmap::IndexMap<String, MediaType>) -> Option<(&str, &MediaType, BodyKind)> {
    let kind_of = media_kind;
    let rank = |k: BodyKind| match k {
        BodyKind::Json => 0,
        BodyKind::Form => 1,
        BodyKind::Multipart => 2,
        BodyKind::Text => 3,
        BodyKind::Bytes => 4,
    };
    content.iter().map(|(ct, m)| (ct.as_str(), m, kind_of(ct))).min_by_key(|(_, _, k)| rank(*k))
}

/// How a body of media type `ct` is sent.
fn media_kind(ct: &str) -> BodyKind {
    let ct = ct.to_ascii_lowercase();
    let essence = ct.split(';').next().unwrap_or("").trim();
    if essence == "application/json" || essence.ends_with("+json") || essence == "*/*" || essence == "application/*" {
        BodyKind::Json
    } else if essence == "application/x-www-form-urlencoded" {
        BodyKind::Form
    } else if essence == "multipart/form-data" {
        BodyKind::Multipart
    } else if essence.starts_with("text/") {
        BodyKind::Text
    } else {
        BodyKind::Bytes
    }
}

/// The fields of a form body whose `encoding` says how to write them.
fn form_encodings(kind: BodyKind, media: &MediaType) -> Vec<FieldEncoding> {
    if kind != BodyKind::Form {
        return Vec::new();
    }
    media
        .encoding
        .iter()
        .filter_map(|(wire, e)| {
            serialization::form_field(e).map(|serialization| FieldEncoding { wire: wire.clone(), serialization })
        })
        .collect()
}
