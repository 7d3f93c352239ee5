//! Which operations page, and how (see DESIGN.md, "Pagination").
//!
//! The rule, for a `GET` whose one success response is JSON: the items are the body
//! when it is an array, or else the body object's only array property; then, by the
//! query parameters (wire names as listed below):
//! - a string cursor parameter and a string next-cursor property: `Cursor` (Matrix's
//!   `from` and `end` too);
//! - a string "after" parameter (`starting_after`), a boolean "more" property
//!   (`has_more`) and items with a string `id`: `Cursor`, the next cursor being the
//!   last item's `id` (Stripe);
//! - an integer offset parameter and an integer page-size parameter: `Offset`;
//! - an integer page parameter and an integer page-size parameter: `Page` (the
//!   `Link` header's `rel="next"` is followed when the server sends one).
//!
//! The integer property named like a total is the total; a boolean one named like
//! "more" (`has_more`) ends the walk when false. An `x-pagination` extension on the
//! operation decides instead: `false` (never pages), `true` (the rule), or
//! `{style: offset|page|cursor, param: <query parameter>, items: <array property>,
//! total: <integer property>, cursor: <string property>, last_item: <string property
//! of an item>, more: <boolean property>}` (any method; `items` defaults to the body
//! when it is an array or its only array property; `cursor` or `last_item` says where
//! the next cursor is).

use super::operations::Site;
use super::Lowering;
use crate::diag::child;
use crate::ir::{Field, PageField, PageStyle, Pagination, Param, ParamLocation, Payload, Response, TypeKind, TypeRef};

/// Query parameters that hold an offset.
pub const OFFSET_PARAMS: &[&str] = &["offset", "skip"];
/// Query parameters that hold a page number.
pub const PAGE_PARAMS: &[&str] = &["page", "page_number", "pageNumber"];
/// Query parameters that hold a page size.
pub const SIZE_PARAMS: &[&str] =
    &["count", "limit", "per_page", "perPage", "page_size", "pageSize", "size", "take", "max_results", "maxResults"];
/// Query parameters that hold a cursor.
pub const CURSOR_PARAMS: &[&str] = &[
    "cursor",
    "page_token",
    "pageToken",
    "next_token",
    "nextToken",
    "starting_after",
    "continuation_token",
    "continuationToken",
    "marker",
    // Matrix: `from` with `end`, `since` with `next_batch`.
    "from",
    "since",
    "next_batch",
    "after",
];
/// Body properties that hold the next page's cursor.
pub const CURSOR_FIELDS: &[&str] = &[
    "next_cursor",
    "nextCursor",
    "next_page",
    "nextPage",
    "next_page_token",
    "nextPageToken",
    "next_token",
    "nextToken",
    "continuation_token",
    "continuationToken",
    "next_marker",
    "nextMarker",
    "end",
    "next_batch",
    "cursor",
];
/// Query parameters that start after an item (Stripe): with a boolean "more" field,
/// the next cursor is the last item's `id`.
pub const AFTER_PARAMS: &[&str] = &["starting_after", "startingAfter", "after"];
/// Body properties that say whether another page follows.
pub const MORE_FIELDS: &[&str] = &["has_more", "hasMore", "has_next", "hasNext"];
/// The item property that identifies an item (the next cursor, after `AFTER_PARAMS`).
pub const ITEM_ID: &str = "id";
/// Body properties that hold the total number of items.
pub const TOTAL_FIELDS: &[&str] = &["total", "total_count", "totalCount", "total_results", "totalResults"];

const OVERLAY: &str = "x-pagination";

/// What a page body looks like to the pager.
struct PageBody<'f> {
    /// The object's fields (empty when the body is an array).
    fields: &'f [Field],
    /// The body is the array of items.
    array_item: Option<TypeRef>,
}

impl<'a> Lowering<'a> {
    pub(super) fn pagination(
        &mut self,
        site: &Site<'a>,
        params: &[Param],
        responses: &[Response],
    ) -> Option<Pagination> {
        let origin = child(&site.origin, OVERLAY);
        let explicit = match site.op.extensions.get(OVERLAY) {
            None | Some(serde_json::Value::Bool(true)) => None,
            Some(serde_json::Value::Bool(false)) => return None,
            Some(serde_json::Value::Object(o)) => Some(o.clone()),
            Some(other) => {
                self.warn_overlay(site, &origin, format!("`{OVERLAY}` is {other}, not a boolean or an object"));
                return None;
            }
        };
        if explicit.is_none() && site.method != "get" {
            return None;
        }
        let body_ty = single_json_success(responses)?;
        let types = &self.types;
        let page = page_body(types, &body_ty)?;
        let found = match &explicit {
            None => detect(types, &page, params),
            Some(o) => from_overlay(types, o, &page, params),
        };
        match found {
            Ok(p) => p,
            Err(why) => {
                self.warn_overlay(site, &origin, why);
                None
            }
        }
    }

    fn warn_overlay(&mut self, site: &Site<'a>, origin: &str, message: String) {
        self.warn(
            site.doc,
            "pagination-overlay",
            origin,
            format!("{message}; the operation gets no pager"),
            "write `x-pagination: {style: offset|page|cursor, param: <query parameter>, items: <array property>, total: <integer property>, cursor: <string property>, last_item: <string property of an item>, more: <boolean property>}`, or `false`",
        );
    }
}

/// The type of the one JSON success body.
fn single_json_success(responses: &[Response]) -> Option<TypeRef> {
    let mut successes = responses.iter().filter(|r| r.success);
    match (successes.next().map(|r| &r.payload), successes.next()) {
        (Some(Payload::Json(t)), None) => Some(t.clone()),
        _ => None,
    }
}

fn page_body<'f>(
    types: &'f std::collections::BTreeMap<String, crate::ir::TypeDef>,
    ty: &TypeRef,
) -> Option<PageBody<'f>> {
    let mut ty = ty.clone();
    for _ in 0..8 {
        match ty {
            TypeRef::Vec(item) => return Some(PageBody { fields: &[], array_item: Some(*item) }),
            TypeRef::Named(ref n) => match types.get(n).map(|t| &t.kind) {
                Some(TypeKind::Struct(s)) => return Some(PageBody { fields: &s.fields, array_item: None }),
                Some(TypeKind::Alias(t)) => ty = t.clone(),
                _ => return None,
            },
            _ => return None,
        }
    }
    None
}

fn is_integer(t: &TypeRef) -> bool {
    matches!(
        t,
        TypeRef::I8
            | TypeRef::I16
            | TypeRef::I32
            | TypeRef::I64
            | TypeRef::U8
            | TypeRef::U16
            | TypeRef::U32
            | TypeRef::U64
    )
}

fn query<'p>(params: &'p [Param], names: &[&str], string: bool) -> Option<(usize, &'p Param)> {
    params.iter().enumerate().find(|(_, p)| {
        p.location == ParamLocation::Query
            && names.contains(&p.wire.as_str())
            && if string { p.ty == TypeRef::String } else { is_integer(&p.ty) }
    })
}

fn page_field(f: &Field) -> PageField {
    PageField { name: f.name.clone(), optional: f.is_option(), ty: f.ty.clone() }
}

fn field<'f>(page: &PageBody<'f>, names: &[&str], accept: fn(&TypeRef) -> bool) -> Option<&'f Field> {
    page.fields.iter().find(|f| !f.flatten && names.contains(&f.wire.as_str()) && accept(&f.ty))
}

/// The items: the array body, or the named / only array property.
fn items(page: &PageBody<'_>, named: Option<&str>) -> Result<(Option<PageField>, TypeRef), String> {
    if let Some(item) = &page.array_item {
        return match named {
            None => Ok((None, item.clone())),
            Some(n) => Err(format!("`items: {n}` names a property, but the body is an array")),
        };
    }
    let arrays: Vec<&Field> = page
        .fields
        .iter()
        .filter(|f| !f.flatten && matches!(f.ty, TypeRef::Vec(_)))
        .filter(|f| named.is_none_or(|n| f.wire == n))
        .collect();
    match (arrays.as_slice(), named) {
        ([f], _) => match &f.ty {
            TypeRef::Vec(item) => Ok((Some(page_field(f)), (**item).clone())),
            _ => Err("unreachable".into()),
        },
        ([], Some(n)) => Err(format!("the body has no array property `{n}`")),
        ([], None) => Err("the body has no array property".into()),
        (_, _) => Err("the body has several array properties; name one with `items`".into()),
    }
}

type Types = std::collections::BTreeMap<String, crate::ir::TypeDef>;

fn is_string(t: &TypeRef) -> bool {
    *t == TypeRef::String
}

fn is_bool(t: &TypeRef) -> bool {
    *t == TypeRef::Bool
}

/// The string property `name` of the item type (a struct), as read from the last item.
fn item_field(types: &Types, item: &TypeRef, name: &str) -> Option<PageField> {
    let TypeRef::Named(n) = item else { return None };
    let Some(TypeKind::Struct(s)) = types.get(n).map(|t| &t.kind) else { return None };
    s.fields.iter().find(|f| !f.flatten && f.wire == name && is_string(&f.ty)).map(page_field)
}

fn detect(types: &Types, page: &PageBody<'_>, params: &[Param]) -> Result<Option<Pagination>, String> {
    let Ok((items_field, item)) = items(page, None) else { return Ok(None) };
    let total = field(page, TOTAL_FIELDS, is_integer).map(page_field);
    let more = field(page, MORE_FIELDS, is_bool).map(page_field);
    let sized = query(params, SIZE_PARAMS, false).is_some();
    let mut last_item = None;
    let (style, param, cursor) =
        if let (Some((i, _)), Some(c)) = (query(params, CURSOR_PARAMS, true), field(page, CURSOR_FIELDS, is_string)) {
            (PageStyle::Cursor, i, Some(page_field(c)))
        } else if let (Some((i, _)), Some(_), Some(id)) =
            (query(params, AFTER_PARAMS, true), &more, item_field(types, &item, ITEM_ID))
        {
            last_item = Some(id);
            (PageStyle::Cursor, i, None)
        } else if let (Some((i, _)), true) = (query(params, OFFSET_PARAMS, false), sized) {
            (PageStyle::Offset, i, None)
        } else if let (Some((i, _)), true) = (query(params, PAGE_PARAMS, false), sized) {
            (PageStyle::Page, i, None)
        } else {
            return Ok(None);
        };
    Ok(Some(Pagination { style, param, items: items_field, item, total, cursor, last_item, more }))
}

fn from_overlay(
    types: &Types,
    o: &serde_json::Map<String, serde_json::Value>,
    page: &PageBody<'_>,
    params: &[Param],
) -> Result<Option<Pagination>, String> {
    let text = |key: &str| -> Result<Option<&str>, String> {
        match o.get(key) {
            None => Ok(None),
            Some(serde_json::Value::String(s)) => Ok(Some(s.as_str())),
            Some(other) => Err(format!("`{key}` is {other}, not a string")),
        }
    };
    const KEYS: [&str; 7] = ["style", "param", "items", "total", "cursor", "last_item", "more"];
    if let Some(k) = o.keys().find(|k| !KEYS.contains(&k.as_str())) {
        return Err(format!("`{k}` is not a key of `{OVERLAY}`"));
    }
    let style = match text("style")? {
        Some("offset") => PageStyle::Offset,
        Some("page") => PageStyle::Page,
        Some("cursor") => PageStyle::Cursor,
        Some(other) => return Err(format!("`style: {other}` is not offset, page or cursor")),
        None => return Err("`style` is missing".into()),
    };
    let name = text("param")?.ok_or("`param` is missing")?;
    let string = style == PageStyle::Cursor;
    let (param, _) = query(params, &[name], string).ok_or_else(|| {
        let kind = if string { "string" } else { "integer" };
        format!("`param: {name}` is not an {kind} query parameter of the operation")
    })?;
    let (items_field, item) = items(page, text("items")?)?;
    let total = match text("total")? {
        None => None,
        Some(n) => Some(
            field(page, &[n], is_integer)
                .map(page_field)
                .ok_or(format!("`total: {n}` is not an integer property of the body"))?,
        ),
    };
    let cursor = match (text("cursor")?, style) {
        (Some(n), PageStyle::Cursor) => Some(
            field(page, &[n], |t| *t == TypeRef::String)
                .map(page_field)
                .ok_or(format!("`cursor: {n}` is not a string property of the body"))?,
        ),
        (Some(_), _) => return Err("`cursor` is for `style: cursor`".into()),
        (None, _) => None,
    };
    let last_item = match (text("last_item")?, style) {
        (Some(_), _) if cursor.is_some() => {
            return Err("`cursor` and `last_item` both say where the next cursor is".into())
        }
        (Some(n), PageStyle::Cursor) => {
            Some(item_field(types, &item, n).ok_or(format!("`last_item: {n}` is not a string property of the items"))?)
        }
        (Some(_), _) => return Err("`last_item` is for `style: cursor`".into()),
        (None, _) => None,
    };
    let more = match text("more")? {
        None => None,
        Some(n) => Some(
            field(page, &[n], is_bool)
                .map(page_field)
                .ok_or(format!("`more: {n}` is not a boolean property of the body"))?,
        ),
    };
    Ok(Some(Pagination { style, param, items: items_field, item, total, cursor, last_item, more }))
}
