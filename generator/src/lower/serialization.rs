//! How each parameter and form field goes on the wire: `style`, `explode`,
//! `allowReserved` and `content`, with the defaults of each location, checked against
//! the OpenAPI style table.

use crate::ir::{Serialization, Shape, Style, TypeDef, TypeKind, TypeRef};
use openapiv3::{CookieStyle, HeaderStyle, Parameter, ParameterSchemaOrContent, PathStyle, QueryStyle};
use std::collections::BTreeMap;

/// A combination the style table leaves undefined, and what is sent instead.
pub(super) struct Undefined {
    pub message: String,
    pub help: &'static str,
}

/// The serialization of a parameter whose value has `shape`.
pub(super) fn parameter(param: &Parameter, shape: Shape) -> (Serialization, Option<Undefined>) {
    let data = param.parameter_data_ref();
    if let ParameterSchemaOrContent::Content(content) = &data.format {
        let media_type = content.keys().next().cloned().unwrap_or_else(|| "text/plain".to_owned());
        let json = is_json(&media_type);
        return (Serialization::Content { media_type, json }, None);
    }
    let (style, allow_reserved) = match param {
        Parameter::Path { style, .. } => (path_style(style), false),
        Parameter::Query { style, allow_reserved, .. } => (query_style(style), *allow_reserved),
        Parameter::Header { style: HeaderStyle::Simple, .. } => (Style::Simple, false),
        Parameter::Cookie { style: CookieStyle::Form, .. } => (Style::Form, false),
    };
    let explode = data.explode.unwrap_or(style == Style::Form);
    let undefined = undefined_cell(&data.name, style, explode, shape);
    (Serialization::Styled { style, explode, allow_reserved }, undefined)
}

/// A path parameter the document uses but does not declare: a `simple` string.
pub(super) fn undeclared_path() -> Serialization {
    Serialization::Styled { style: Style::Simple, explode: false, allow_reserved: false }
}

/// A field of a form body: style-based when its Encoding Object names a style,
/// `explode` or `allowReserved`; JSON text when its `contentType` is JSON; otherwise
/// `None` (the runtime's defaults: primitives as text, arrays as exploded `form`,
/// objects as JSON).
pub(super) fn form_field(encoding: &openapiv3::Encoding) -> Option<Serialization> {
    if encoding.style.is_some() || encoding.explode || encoding.allow_reserved {
        let style = encoding.style.as_ref().map(query_style).unwrap_or(Style::Form);
        return Some(Serialization::Styled {
            style,
            explode: encoding.explode,
            allow_reserved: encoding.allow_reserved,
        });
    }
    let content_type = encoding.content_type.as_deref()?;
    is_json(content_type).then(|| Serialization::Content { media_type: content_type.to_owned(), json: true })
}

fn path_style(style: &PathStyle) -> Style {
    match style {
        PathStyle::Matrix => Style::Matrix,
        PathStyle::Label => Style::Label,
        PathStyle::Simple => Style::Simple,
    }
}

fn query_style(style: &QueryStyle) -> Style {
    match style {
        QueryStyle::Form => Style::Form,
        QueryStyle::SpaceDelimited => Style::SpaceDelimited,
        QueryStyle::PipeDelimited => Style::PipeDelimited,
        QueryStyle::DeepObject => Style::DeepObject,
    }
}

/// `application/json`, or any `+json` type, with or without parameters.
fn is_json(media_type: &str) -> bool {
    let essence = media_type.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
    essence == "application/json" || essence.ends_with("+json")
}

/// The cells the style table marks n/a that a value of this shape can reach, and the
/// `form` serialization the runtime falls back to. (A primitive in a delimited style
/// is not reported: `name=value` is what every reading gives.)
fn undefined_cell(name: &str, style: Style, explode: bool, shape: Shape) -> Option<Undefined> {
    let help = "OpenAPI defines `spaceDelimited` and `pipeDelimited` only with `explode: false`, and \
                `deepObject` only for objects; change `style` or `explode`, or describe the parameter \
                with `content`";
    let sent = match (style, explode, shape) {
        (Style::SpaceDelimited | Style::PipeDelimited, true, Shape::Array | Shape::Object) => {
            "as `form` with `explode: true` (one `name=value` pair per item)"
        }
        (Style::DeepObject, _, Shape::Array) => "as `form` with `explode: true` (one `name=value` pair per item)",
        (Style::DeepObject, _, Shape::Primitive) => "as `form` (`name=value`)",
        _ => return None,
    };
    let style = match style {
        Style::SpaceDelimited => "spaceDelimited",
        Style::PipeDelimited => "pipeDelimited",
        _ => "deepObject",
    };
    let what = match shape {
        Shape::Array => "an array",
        Shape::Object => "an object",
        _ => "a primitive value",
    };
    Some(Undefined {
        message: format!(
            "parameter `{name}`: `style: {style}` with `explode: {explode}` is not defined for {what}; it is sent {sent}"
        ),
        help,
    })
}

/// What a type is in the style table's terms.
pub(super) fn shape(ty: &TypeRef, types: &BTreeMap<String, TypeDef>) -> Shape {
    shape_at(ty, types, 0)
}

fn shape_at(ty: &TypeRef, types: &BTreeMap<String, TypeDef>, depth: usize) -> Shape {
    // Aliases can chain; a cycle of aliases (which lowering breaks with newtypes) ends here.
    if depth > 32 {
        return Shape::Any;
    }
    match ty {
        TypeRef::Vec(_) => Shape::Array,
        TypeRef::Map(_) | TypeRef::JsonObject => Shape::Object,
        TypeRef::Json => Shape::Any,
        TypeRef::Option(inner) | TypeRef::Boxed(inner) => shape_at(inner, types, depth + 1),
        TypeRef::Named(name) => match types.get(name).map(|t| &t.kind) {
            Some(TypeKind::Struct(_) | TypeKind::Exclusive(_)) => Shape::Object,
            Some(TypeKind::Enum(_) | TypeKind::IntEnum(_)) => Shape::Primitive,
            Some(TypeKind::Alias(t) | TypeKind::Newtype(t)) => shape_at(t, types, depth + 1),
            Some(TypeKind::Union(_)) | None => Shape::Any,
        },
        _ => Shape::Primitive,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn param(json: serde_json::Value) -> Parameter {
        serde_json::from_value(json).expect("a parameter")
    }

    fn styled(style: Style, explode: bool, allow_reserved: bool) -> Serialization {
        Serialization::Styled { style, explode, allow_reserved }
    }

    #[test]
    fn each_location_has_the_specs_defaults() {
        let schema = serde_json::json!({"type": "array", "items": {"type": "string"}});
        for (location, expected) in [
            ("path", styled(Style::Simple, false, false)),
            ("query", styled(Style::Form, true, false)),
            ("header", styled(Style::Simple, false, false)),
            ("cookie", styled(Style::Form, true, false)),
        ] {
            let p = param(serde_json::json!({"name": "c", "in": location, "required": true, "schema": schema}));
            let (s, undefined) = parameter(&p, Shape::Array);
            assert_eq!(s, expected, "{location}");
            assert!(undefined.is_none());
        }
    }

    #[test]
    fn style_explode_and_allow_reserved_are_read() {
        let p = param(serde_json::json!({"name": "c", "in": "path", "required": true, "style": "matrix",
            "explode": true, "schema": {"type": "string"}}));
        assert_eq!(parameter(&p, Shape::Primitive).0, styled(Style::Matrix, true, false));
        let p = param(serde_json::json!({"name": "c", "in": "query", "style": "form", "explode": false,
            "allowReserved": true, "schema": {"type": "string"}}));
        assert_eq!(parameter(&p, Shape::Primitive).0, styled(Style::Form, false, true));
        let p = param(serde_json::json!({"name": "c", "in": "query", "style": "pipeDelimited",
            "schema": {"type": "array", "items": {}}}));
        assert_eq!(parameter(&p, Shape::Array).0, styled(Style::PipeDelimited, false, false));
    }

    #[test]
    fn undefined_cells_are_reported_with_what_is_sent() {
        let p = param(serde_json::json!({"name": "ids", "in": "query", "style": "spaceDelimited", "explode": true,
            "schema": {"type": "array", "items": {}}}));
        let (_, undefined) = parameter(&p, Shape::Array);
        let u = undefined.expect("a warning");
        assert!(u.message.contains("`ids`") && u.message.contains("spaceDelimited"), "{}", u.message);
        assert!(u.message.contains("sent as `form`"), "{}", u.message);
        let p = param(serde_json::json!({"name": "f", "in": "query", "style": "deepObject", "schema": {}}));
        assert!(parameter(&p, Shape::Primitive).1.is_some());
        assert!(parameter(&p, Shape::Object).1.is_none());
        assert!(parameter(&p, Shape::Any).1.is_none());
    }

    #[test]
    fn content_parameters_say_whether_they_are_json() {
        let p = param(serde_json::json!({"name": "c", "in": "query",
            "content": {"application/vnd.x+json; charset=utf-8": {"schema": {}}}}));
        let (s, _) = parameter(&p, Shape::Object);
        assert_eq!(
            s,
            Serialization::Content { media_type: "application/vnd.x+json; charset=utf-8".into(), json: true }
        );
        let p = param(serde_json::json!({"name": "c", "in": "header", "content": {"text/plain": {}}}));
        assert!(matches!(parameter(&p, Shape::Primitive).0, Serialization::Content { json: false, .. }));
    }

    #[test]
    fn form_fields_are_styled_only_when_the_encoding_says_so() {
        let encoding =
            |json: serde_json::Value| -> openapiv3::Encoding { serde_json::from_value(json).expect("encoding") };
        assert_eq!(form_field(&encoding(serde_json::json!({}))), None);
        assert_eq!(form_field(&encoding(serde_json::json!({"contentType": "text/plain"}))), None);
        assert_eq!(
            form_field(&encoding(serde_json::json!({"contentType": "application/json"}))),
            Some(Serialization::Content { media_type: "application/json".into(), json: true })
        );
        assert_eq!(
            form_field(&encoding(serde_json::json!({"style": "deepObject", "explode": true}))),
            Some(styled(Style::DeepObject, true, false))
        );
        assert_eq!(
            form_field(&encoding(serde_json::json!({"allowReserved": true}))),
            Some(styled(Style::Form, false, true))
        );
    }

    #[test]
    fn shapes_follow_aliases() {
        let mut types = BTreeMap::new();
        types.insert(
            "Ids".to_owned(),
            TypeDef {
                name: "Ids".into(),
                doc: Default::default(),
                kind: TypeKind::Alias(TypeRef::Vec(Box::new(TypeRef::String))),
                origin: String::new(),
                reach: Default::default(),
            },
        );
        assert_eq!(shape(&TypeRef::Named("Ids".into()), &types), Shape::Array);
        assert_eq!(shape(&TypeRef::Option(Box::new(TypeRef::I64)), &types), Shape::Primitive);
        assert_eq!(shape(&TypeRef::Map(Box::new(TypeRef::I64)), &types), Shape::Object);
        assert_eq!(shape(&TypeRef::Named("Missing".into()), &types), Shape::Any);
    }
}
