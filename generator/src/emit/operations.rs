//! `src/operations.rs`: for each operation, a `Client` method, its request builder,
//! its documented-error enum and (with several success statuses) its success enum.

use super::doc_calls::DocCalls;
use super::{docs, rust_type, Shared};
use crate::ir::{
    Api, AuthKind, AuthScheme, Body, BodyKind, Field, Operation, PageStyle, Param, ParamLocation, PathPart, Payload,
    Response, Serialization, Session, Status, Style, TypeKind, TypeRef,
};
use crate::names::ident;
use proc_macro2::{Ident, Literal, TokenStream};
use quote::{format_ident, quote};

/// The methods every request builder defines besides its setters (see
/// [`OpView::items`]), those of the derived `Clone` and `Debug` included. Inputs take other names
/// (`names::builder_inputs`); a test generates builders and checks this list against them.
pub const BUILDER_METHODS: &[&str] = &[
    "send",
    "send_with_response",
    "prepare_request",
    "decode_response",
    "into_future",
    "clone",
    "fmt",
    "pages",
    "items",
    "media_type",
    // `MockOperation`'s (the `mock` feature).
    "success_reply",
    "error_reply",
];

/// The fields every request builder has besides its inputs: the client, and the body
/// (a body that is not flattened into arguments is the input `body`).
pub const BUILDER_FIELDS: &[&str] = &["client", "body", "media_type"];

fn types_path() -> TokenStream {
    quote!(crate::types::)
}

fn ty(t: &TypeRef) -> TokenStream {
    rust_type(t, &types_path())
}

pub fn operations_rs(api: &Api) -> TokenStream {
    let calls = DocCalls::new(api);
    let ops: Vec<OpView> = api.operations.iter().map(|op| OpView::new(api, op, calls.call(op))).collect();
    let items = ops.iter().map(|o| {
        let cfg = super::areas::cfg(api, o.op.area.as_slice());
        super::areas::gated(&cfg, o.items())
    });
    // The methods: on `Client` for operations without an area, on the area's struct
    // (behind its feature) for the others.
    let on_areas: Vec<TokenStream> = (0..api.areas.len()).map(|i| area_impl(api, &ops, i, true)).collect();
    let client_impl = client_impl(&ops);
    let module_doc = module_doc(api);
    let module_lints = module_lints();
    quote! {
        #module_doc
        #module_lints

        #client_impl
        #(#on_areas)*

        #(#items)*
    }
}

/// The lints of the `operations` module (inherited by its area modules).
fn module_lints() -> TokenStream {
    quote! {
        // Bodies are built with every field, deprecated ones included; callers still get
        // deprecation warnings from the methods and setters they use.
        #![allow(deprecated)]
        // A documented status comes before the range that holds it (`404` before `4XX`),
        // as OpenAPI gives the explicit code precedence.
        #![allow(clippy::match_overlapping_arm)]
    }
}

fn module_doc(api: &Api) -> TokenStream {
    if api.areas.is_empty() {
        quote!(
            //! One request builder per operation; start one from a [`Client`](crate::Client) method.
        )
    } else {
        quote!(
            //! One request builder per operation, in one module per area; start one from a
            //! method of an area of the [`Client`](crate::Client) (`client.<area>().<operation>(..)`,
            //! see [`areas`](crate::areas)). Every builder is also reachable here
            //! (`operations::ChatPostMessage`).
        )
    }
}

/// The methods of the operations without an area, on `Client`.
fn client_impl(ops: &[OpView]) -> TokenStream {
    if !ops.iter().any(|o| o.op.area.is_none()) {
        return quote!();
    }
    let on_client = ops.iter().filter(|o| o.op.area.is_none()).map(|o| o.client_method(false));
    quote! {
        impl crate::Client {
            #(#on_client)*
        }
    }
}

/// The methods of area `i`'s operations on its struct (`gate`: behind its feature).
fn area_impl(api: &Api, ops: &[OpView], i: usize, gate: bool) -> TokenStream {
    let methods = ops.iter().filter(|o| o.op.area == Some(i)).map(|o| o.client_method(true));
    let Some(area) = api.areas.get(i) else { return quote!() };
    let ty = ident(&area.type_name);
    let cfg = if gate { super::areas::cfg(api, &[i]) } else { quote!() };
    quote! {
        #cfg
        impl<'a> crate::areas::#ty<'a> {
            #(#methods)*
        }
    }
}

/// `src/operations/mod.rs` of an API with areas: the operations on `Client`, and one
/// module per area (behind its feature), its builders also reachable here.
pub fn operations_mod_rs(api: &Api) -> TokenStream {
    let calls = DocCalls::new(api);
    let ops: Vec<OpView> =
        api.operations.iter().filter(|o| o.area.is_none()).map(|op| OpView::new(api, op, calls.call(op))).collect();
    let items = ops.iter().map(|o| o.items());
    let client_impl = client_impl(&ops);
    let modules = api.areas.iter().enumerate().map(|(i, area)| {
        let cfg = super::areas::cfg(api, &[i]);
        let m = ident(&area.name);
        quote! {
            #cfg
            pub mod #m;
            #cfg
            #[doc(no_inline)]
            pub use #m::*;
        }
    });
    let module_doc = module_doc(api);
    let lints = module_lints();
    quote! {
        #module_doc
        #lints

        #(#modules)*

        #client_impl

        #(#items)*
    }
}

/// `src/operations/mod.rs` of a large API without areas: one module per first letter of
/// the method names (`modules`), their builders reachable here.
pub fn letters_mod_rs(api: &Api, modules: &[String]) -> TokenStream {
    let modules = modules.iter().map(|name| {
        let m = ident(name);
        quote! {
            mod #m;
            pub use #m::*;
        }
    });
    let module_doc = module_doc(api);
    let lints = module_lints();
    quote! {
        #module_doc
        #lints

        #(#modules)*
    }
}

/// The views of operations `ops` (indexes into `Api::operations`).
fn views<'a>(api: &'a Api, shared: &Shared, ops: &[usize]) -> Vec<OpView<'a>> {
    ops.iter().filter_map(|&i| Some(OpView::new(api, api.operations.get(i)?, shared.call(api, i)))).collect()
}

/// The start of a file of the operations of a large API without areas (those whose
/// method names start with one letter): their methods on `Client`.
pub fn letter_head(api: &Api, shared: &Shared, ops: &[usize]) -> TokenStream {
    client_impl(&views(api, shared, ops))
}

/// The start of `src/operations/<area>.rs`: its docs and area `i`'s methods (`ops`).
pub fn area_head(api: &Api, shared: &Shared, i: usize, ops: &[usize]) -> TokenStream {
    let methods = area_impl(api, &views(api, shared, ops), i, false);
    let area = api.areas.get(i);
    let (ty, title) = area.map(|a| (a.type_name.as_str(), a.title.as_str())).unwrap_or_default();
    let doc = format!(
        " The request builders of the operations of [`{ty}`](crate::areas::{ty}) (*{title}*), one per operation; start one with its method there."
    );
    quote! {
        #![doc = #doc]

        #methods
    }
}

/// The request builders of operations `ops`, one after the other (a file's items after
/// its start).
pub fn builders(api: &Api, shared: &Shared, ops: &[usize]) -> TokenStream {
    let items = views(api, shared, ops).into_iter().map(|o| o.items());
    quote!(#(#items)*)
}

/// An input of the method: an argument (required) or a setter (optional).
struct Input {
    name: Ident,
    /// The type stored.
    stored: TokenStream,
    /// The argument / setter parameter type and the conversion into `stored`.
    arg: TokenStream,
    convert: TokenStream,
    doc: TokenStream,
    deprecated: TokenStream,
    /// Where it is stored: a builder field or a body field.
    in_body: bool,
}

fn input(
    name: &str,
    t: &TypeRef,
    optional_storage: bool,
    doc: TokenStream,
    deprecated: TokenStream,
    in_body: bool,
) -> Input {
    let id = ident(name);
    let inner = ty(t);
    let (arg, conv) = match t {
        TypeRef::String => (quote!(impl Into<String>), quote!(#id.into())),
        _ => (inner.clone(), quote!(#id)),
    };
    let (stored, convert) =
        if optional_storage { (quote!(Option<#inner>), quote!(Some(#conv))) } else { (inner, conv) };
    Input { name: id, stored, arg, convert, doc, deprecated, in_body }
}

struct OpView<'a> {
    api: &'a Api,
    op: &'a Operation,
    /// The client's credentials (a login operation names those it stores).
    auth: &'a [AuthScheme],
    builder: Ident,
    error: Ident,
    args: Vec<Input>,
    setters: Vec<Input>,
    /// Params stored in the builder (name, stored type, whether a secret and whether
    /// stored as an `Option`).
    fields: Vec<(Ident, TokenStream, bool, bool)>,
    /// Fields of a flattened body struct (for the struct literal).
    body_fields: Vec<&'a Field>,
    /// The call its docs show (`DocCalls::call`).
    call: String,
}

impl<'a> OpView<'a> {
    fn new(api: &'a Api, op: &'a Operation, call: String) -> Self {
        let mut args = Vec::new();
        let mut setters = Vec::new();
        let mut fields = Vec::new();
        let mut body_fields = Vec::new();
        for ci in call_inputs(api, op) {
            match ci.source {
                InputSource::Param(p) => {
                    let d = input_doc(&p.doc, &p.wire);
                    let dep = docs::deprecated(&p.doc);
                    let i = input(&p.name, &p.ty, !p.required, d, dep, false);
                    fields.push((i.name.clone(), i.stored.clone(), p.secret, !p.required));
                    if p.required {
                        args.push(i);
                    } else {
                        setters.push(i);
                    }
                }
                InputSource::Field(f) => {
                    let d = input_doc(&f.doc, &f.wire);
                    let dep = docs::deprecated(&f.doc);
                    if ci.required {
                        args.push(input(&f.name, &ci.ty, false, d, dep, true));
                    } else {
                        setters.push(input(&f.name, &f.ty, true, d, dep, true));
                    }
                    body_fields.push(f);
                }
                InputSource::Body(body) => {
                    let d = docs::lines(
                        body.doc.as_deref().map(str::trim).filter(|d| !d.is_empty()).unwrap_or("The request body."),
                    );
                    let i = input("body", &body.ty, !body.required, d, quote!(), false);
                    // The body's type has its own `Debug`, secrets redacted.
                    fields.push((i.name.clone(), i.stored.clone(), false, false));
                    if body.required {
                        args.push(i);
                    } else {
                        setters.push(i);
                    }
                }
            }
        }
        // A raw body's media type is the caller's to choose per request: which of the
        // documented types the bytes are, only the caller knows.
        if let Some(body) = op.body.as_ref().filter(|b| matches!(b.kind, BodyKind::Text | BodyKind::Bytes)) {
            let listed = body.media_types.iter().map(|m| format!("`{m}`")).collect::<Vec<_>>().join(", ");
            let d = docs::lines(&format!(
                "The media type of the body (its `Content-Type`): `{}` unless set. Documented: {listed}.",
                body.content_type
            ));
            let i = input("media_type", &TypeRef::String, true, d, quote!(), false);
            fields.push((i.name.clone(), i.stored.clone(), false, true));
            setters.push(i);
        }
        OpView {
            api,
            op,
            auth: &api.auth,
            builder: ident(&op.builder_name),
            error: ident(&op.error_name),
            args,
            setters,
            fields,
            body_fields,
            call,
        }
    }

    fn flattened_type(&self) -> Option<Ident> {
        let body = self.op.body.as_ref()?;
        body.flattened.as_ref().map(|f| ident(&f.type_name))
    }

    /// The method that starts the request: on `Client` (`&self` is the client), or on
    /// the operation's area (`in_area`: `self.client` is).
    fn client_method(&self, in_area: bool) -> TokenStream {
        let op = self.op;
        let name = ident(&op.method_name);
        let builder = &self.builder;
        let mut text = docs::text(&op.doc);
        text.push_str(&format!("\n\n`{} {}`", op.method.as_str(), op.path));
        if op.named_by_http_method {
            text.push_str(&format!(
                "\n\nNamed with its HTTP method (`{}`): another operation of {} has the same resource and action.",
                op.method.as_str(),
                if in_area { "this area" } else { "the client" }
            ));
        }
        if !self.setters.is_empty() {
            text.push_str(
                "\n\nOptional inputs are set on the returned builder; finish with `.send().await` or `.await`.",
            );
        }
        text.push_str(&self.session_doc());
        text.push_str(&super::doc_calls::doc_block(self.api, &self.call));
        let doc = docs::lines(text.trim_start());
        let deprecated = docs::deprecated(&op.doc);
        let params = self.args.iter().map(|a| {
            let (n, t) = (&a.name, &a.arg);
            quote!(#n: #t)
        });
        // Required inputs are arguments (so leaving one out does not compile); an
        // operation with more than seven has that many. The only way around is a struct
        // of them, which would change how every call is written: the allowance stays,
        // on those methods only.
        let many = if self.args.len() + 1 > 7 { quote!(#[allow(clippy::too_many_arguments)]) } else { quote!() };
        let inits = self.fields.iter().map(|(n, ..)| match self.args.iter().find(|a| &a.name == n) {
            Some(a) => shorthand(n, &a.convert),
            None => quote!(#n: None,),
        });
        let body_init = self.flattened_type().map(|t| {
            let fs = self.body_fields.iter().map(|f| {
                let n = ident(&f.name);
                match self.args.iter().find(|a| a.in_body && a.name == n) {
                    Some(a) => shorthand(&n, &a.convert),
                    None => quote!(#n: None,),
                }
            });
            quote!(body: crate::types::#t { #(#fs)* },)
        });
        let (lifetime, client) = if in_area { (quote!('a), quote!(self.client)) } else { (quote!('_), quote!(self)) };
        quote! {
            #doc
            #deprecated
            #many
            pub fn #name(&self, #(#params),*) -> #builder<#lifetime> {
                #builder {
                    client: #client,
                    #(#inits)*
                    #body_init
                }
            }
        }
    }

    /// What the method's docs say about a login or logout.
    fn session_doc(&self) -> String {
        match &self.op.session {
            None => String::new(),
            Some(Session::Logout) => "\n\n**Logs out**: on success, the client forgets every credential \
                 (as [`Client::clear_credentials`](crate::Client::clear_credentials)), on itself and the \
                 clones sharing its credentials."
                .to_owned(),
            Some(Session::Login(found)) => {
                let list: Vec<String> = found
                    .iter()
                    .filter_map(|c| {
                        let a = self.auth.get(c.slot)?;
                        let sent = match &a.kind {
                            AuthKind::Header(h) | AuthKind::Query(h) | AuthKind::Cookie(h) => format!(" (`{h}`)"),
                            AuthKind::Bearer | AuthKind::Basic | AuthKind::Scheme(_) => " (`Authorization`)".to_owned(),
                        };
                        Some(format!("`{}`{sent} from `{}`", a.key, c.pointer))
                    })
                    .collect();
                format!(
                    "\n\n**Logs in**: on success, the client stores the credentials the response carries ({}), \
                     on itself and the clones sharing its credentials, so the calls that follow send them; \
                     the decoded body is returned as usual. A success response without one of them is \
                     [`Error::MissingCredential`](crate::Error::MissingCredential) and stores none.",
                    list.join(", ")
                )
            }
        }
    }

    fn items(&self) -> TokenStream {
        let op = self.op;
        let builder = &self.builder;
        let error = &self.error;
        let (link, shown) = super::areas::method_path(self.api, op);
        let answer = match self.successes().as_slice() {
            [] => "nothing".to_owned(),
            [one] => match &one.payload {
                Payload::Json(TypeRef::Named(n)) => {
                    let n = n.trim_start_matches("r#");
                    format!("[`{n}`](crate::types::{n})")
                }
                _ => format!("`{}`", payload_type(&one.payload).to_string().replace(' ', "")),
            },
            _ => format!("[`{}`]", self.op.response_name),
        };
        let builder_doc = docs::lines(&format!(
            "Request builder for [`{shown}`]({link}): set optional inputs, then `.send().await` (or `.await` it directly). \
             It answers with {answer}, or an [`Error`](crate::Error) whose documented bodies are [`{error}`].{}",
            super::doc_calls::doc_block(self.api, &self.call)
        ));
        let fields = self.fields.iter().map(|(n, t, ..)| quote!(#n: #t,));
        let body_field = self.flattened_type().map(|t| quote!(body: crate::types::#t,));
        let (derive_debug, debug_impl) = self.debug();
        let setters = self.setters.iter().map(|s| {
            let (n, a, c, d, dep) = (&s.name, &s.arg, &s.convert, &s.doc, &s.deprecated);
            let target = if s.in_body { quote!(self.body.#n) } else { quote!(self.#n) };
            quote! {
                #d
                #dep
                pub fn #n(mut self, #n: #a) -> Self {
                    #target = #c;
                    self
                }
            }
        });
        let (output, success_enum) = self.output();
        let (prepare, decode) = self.send_body();
        let call_name = {
            let method = op.method_name.trim_start_matches("r#");
            match op.area.and_then(|a| self.api.areas.get(a)) {
                Some(area) => format!("{}.{method}", area.name),
                None => method.to_owned(),
            }
        };
        let sending = {
            let path = &op.path;
            quote!(crate::runtime::send::sending!(#builder, #output, #error, #call_name, #path);)
        };
        let mock_impl = self.mock_impl(&call_name);
        // Only a login or logout changes the client's credentials.
        let client_param = if self.op.session.is_some() { quote!(client) } else { quote!(_client) };
        let error_enum = self.error_enum();
        let paging = self.paging(&output);
        quote! {
            #builder_doc
            #[derive(#derive_debug Clone)]
            #[must_use = "a request does nothing until it is sent with `.send().await` or `.await`"]
            pub struct #builder<'a> {
                client: &'a crate::Client,
                #(#fields)*
                #body_field
            }
            #debug_impl

            impl<'a> #builder<'a> {
                #(#setters)*

                fn prepare_request(self) -> Result<crate::runtime::send::Prepared, crate::Error<#error>> {
                    #prepare
                }

                fn decode_response(
                    #client_param: &crate::Client,
                    response: crate::runtime::response::RawResponse,
                ) -> Result<crate::ResponseValue<#output>, crate::Error<#error>> {
                    #decode
                }
            }

            #sending

            #paging

            #error_enum
            #success_enum

            #mock_impl
        }
    }

    /// The operation for the `mock` feature's typed mock server: its method, path and
    /// body type, and the answer that decodes into a given success or documented error
    /// (written by the runtime's `answers!` from each response's variant, kind and status).
    fn mock_impl(&self, name: &str) -> TokenStream {
        let op = self.op;
        let (builder, error) = (&self.builder, &self.error);
        let (output, _) = self.output();
        let method = op.method.as_str();
        let path = &op.path;
        let body = match &op.body {
            Some(b) if b.kind == BodyKind::Json => ty(&b.ty),
            _ => quote!(serde_json::Value),
        };
        let success = match self.successes().as_slice() {
            [] => quote!(empty 200),
            [one] if one.payload == Payload::None => {
                let status = Literal::u16_unsuffixed(mock_status(one));
                quote!(empty #status)
            }
            [one] => mock_answer(one),
            many => {
                let enum_name = ident(&op.response_name);
                let answers = many.iter().map(|r| {
                    let (v, answer) = (ident(&r.variant), mock_answer(r));
                    quote!(#v #answer)
                });
                quote!(#enum_name { #(#answers),* })
            }
        };
        let errors = self.errors().into_iter().map(|r| {
            let (v, answer) = (ident(&r.variant), mock_answer(r));
            quote!(#v #answer)
        });
        quote! {
            #[cfg(feature = "mock")]
            impl crate::runtime::mock::MockOperation for #builder<'_> {
                type Body = #body;
                type Output = #output;
                type Error = #error;

                crate::runtime::mock::answers!(
                    #method, #path, #name,
                    success(#success),
                    errors(#error { #(#errors),* })
                );
            }
        }
    }

    /// `pages()` and `items()` for an operation that pages, and the `Paged` impl the
    /// runtime pager walks it with.
    fn paging(&self, output: &TokenStream) -> TokenStream {
        let Some(p) = &self.op.pagination else { return quote!() };
        let Some(param) = self.op.params.get(p.param) else { return quote!() };
        let builder = &self.builder;
        let error = &self.error;
        let n = ident(&param.name);
        let wire = &param.wire;
        let position = quote!(crate::runtime::pager::Position);
        let (variant, default, how) = match p.style {
            PageStyle::Offset => (
                quote!(Offset),
                quote!(0),
                "moving `offset` on by the items received, up to the `total` the latest page gives",
            ),
            PageStyle::Page => {
                (quote!(Page), quote!(1), "following the `Link` header's `rel=\"next\"` or else counting pages up")
            }
            PageStyle::Cursor => (quote!(Cursor), quote!(String::new()), "following the cursor each page gives"),
        };
        let start = match (p.style, &param.ty, param.required) {
            (PageStyle::Cursor, _, false) => quote!(self.#n.clone().unwrap_or_default()),
            (PageStyle::Cursor, _, true) => quote!(self.#n.clone()),
            (_, TypeRef::U64, false) => quote!(self.#n.unwrap_or(#default)),
            (_, TypeRef::U64, true) => quote!(self.#n),
            (_, TypeRef::U8 | TypeRef::U16 | TypeRef::U32, false) => quote!(self.#n.map_or(#default, u64::from)),
            (_, TypeRef::U8 | TypeRef::U16 | TypeRef::U32, true) => quote!(u64::from(self.#n)),
            (_, _, false) => quote!(self.#n.and_then(|v| u64::try_from(v).ok()).unwrap_or(#default)),
            (_, _, true) => quote!(u64::try_from(self.#n).unwrap_or(#default)),
        };
        let param_ty = ty(&param.ty);
        let value = match (p.style, &param.ty) {
            (PageStyle::Cursor, _) => quote!(at.clone()),
            (_, TypeRef::U64) => quote!(*at),
            _ => quote!(#param_ty::try_from(*at).ok()?),
        };
        let set = if param.required { quote!(self.#n = #value;) } else { quote!(self.#n = Some(#value);) };
        let (count, take) = match &p.items {
            None => (quote!(page.len()), quote!(page)),
            Some(f) => {
                let f_ = ident(&f.name);
                if f.optional {
                    (quote!(page.#f_.as_ref().map_or(0, Vec::len)), quote!(page.#f_.unwrap_or_default()))
                } else {
                    (quote!(page.#f_.len()), quote!(page.#f_))
                }
            }
        };
        let total = match &p.total {
            None => quote!(None),
            Some(f) => {
                let f_ = ident(&f.name);
                match (&f.ty, f.optional) {
                    (TypeRef::U64, true) => quote!(page.#f_),
                    (TypeRef::U64, false) => quote!(Some(page.#f_)),
                    (TypeRef::U8 | TypeRef::U16 | TypeRef::U32, true) => quote!(page.#f_.map(u64::from)),
                    (TypeRef::U8 | TypeRef::U16 | TypeRef::U32, false) => quote!(Some(u64::from(page.#f_))),
                    (_, true) => quote!(page.#f_.and_then(|t| u64::try_from(t).ok())),
                    (_, false) => quote!(u64::try_from(page.#f_).ok()),
                }
            }
        };
        let last_item = match &p.items {
            None => quote!(page.last()),
            Some(f) => {
                let f_ = ident(&f.name);
                if f.optional {
                    quote!(page.#f_.as_ref().and_then(|items| items.last()))
                } else {
                    quote!(page.#f_.last())
                }
            }
        };
        let cursor = match (&p.cursor, &p.last_item) {
            (Some(f), _) => {
                let f_ = ident(&f.name);
                if f.optional {
                    quote!(page.#f_.clone())
                } else {
                    quote!(Some(page.#f_.clone()))
                }
            }
            // The next cursor is the last item's id (Stripe's `starting_after`).
            (None, Some(f)) => {
                let f_ = ident(&f.name);
                if f.optional {
                    quote!(#last_item.and_then(|item| item.#f_.clone()))
                } else {
                    quote!(#last_item.map(|item| item.#f_.clone()))
                }
            }
            (None, None) => quote!(None),
        };
        let more = match &p.more {
            None => quote!(None),
            Some(f) => {
                let f_ = ident(&f.name);
                if f.optional {
                    quote!(page.#f_)
                } else {
                    quote!(Some(page.#f_))
                }
            }
        };
        let item = ty(&p.item);
        let pages_doc = docs::lines(&format!(
            "Every page, from the one this builder asks for, {how}; the walk ends at an empty page, and after an error (which it yields). Each page is this request with `{wire}` moved on."
        ));
        let items_doc = docs::lines("Every item of every page (see [`pages`](Self::pages)).");
        quote! {
            impl<'a> #builder<'a> {
                #pages_doc
                pub fn pages(self) -> impl futures_util::Stream<Item = Result<crate::ResponseValue<#output>, crate::Error<#error>>> + Send + Unpin + 'a {
                    crate::runtime::pager::pages(self)
                }

                #items_doc
                pub fn items(self) -> impl futures_util::Stream<Item = Result<#item, crate::Error<#error>>> + Send + Unpin + 'a {
                    crate::runtime::pager::items(self, |page: #output| #take)
                }
            }

            impl crate::runtime::pager::Paged for #builder<'_> {
                type Page = #output;
                type Error = #error;
                const PARAM: &'static str = #wire;

                fn paged_start(&self) -> #position {
                    #position::#variant(#start)
                }

                fn paged_at(mut self, position: &#position) -> Option<Self> {
                    let #position::#variant(at) = position else { return None };
                    #set
                    Some(self)
                }

                fn paged_fetch(self) -> impl std::future::Future<Output = Result<crate::ResponseValue<#output>, crate::Error<#error>>> + Send {
                    self.send_with_response()
                }

                fn paged_facts(page: &#output) -> crate::runtime::pager::Facts {
                    crate::runtime::pager::Facts {
                        items: #count,
                        total: #total,
                        cursor: #cursor,
                        more: #more,
                        link: crate::runtime::pager::Link::Absent,
                    }
                }
            }
        }
    }

    /// The builder's `Debug`: derived, or written out with secret inputs redacted.
    fn debug(&self) -> (TokenStream, TokenStream) {
        if !self.fields.iter().any(|(_, _, secret, _)| *secret) {
            return (quote!(Debug,), quote!());
        }
        let builder = &self.builder;
        let label = builder.to_string();
        let fields = self.fields.iter().map(|(n, _, secret, optional)| {
            let label = n.to_string().trim_start_matches("r#").to_owned();
            let value = super::types::debug_value(quote!(self.#n), *secret, *optional);
            quote!(.field(#label, #value))
        });
        let body = self.flattened_type().map(|_| quote!(.field("body", &self.body)));
        let debug = quote! {
            impl std::fmt::Debug for #builder<'_> {
                fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                    f.debug_struct(#label)
                        .field("client", &self.client)
                        #(#fields)*
                        #body
                        .finish()
                }
            }
        };
        (quote!(), debug)
    }

    /// The success responses, with `default` standing in when none is documented.
    fn successes(&self) -> Vec<&'a Response> {
        let s: Vec<&Response> = self.op.responses.iter().filter(|r| r.success).collect();
        if s.is_empty() {
            self.op.responses.iter().filter(|r| r.status == Status::Default).collect()
        } else {
            s
        }
    }

    fn errors(&self) -> Vec<&'a Response> {
        self.op.responses.iter().filter(|r| !r.success).collect()
    }

    fn output(&self) -> (TokenStream, TokenStream) {
        let s = self.successes();
        match s.as_slice() {
            [] => (quote!(()), quote!()),
            [one] => (payload_type(&one.payload), quote!()),
            many => {
                let name = ident(&self.op.response_name);
                let variants = many.iter().map(|r| status_variant(r));
                let (link, shown) = super::areas::method_path(self.api, self.op);
                let doc = docs::lines(&format!("The documented success responses of [`{shown}`]({link})."));
                (
                    quote!(#name),
                    quote! {
                        #doc
                        #[derive(Debug, Clone, PartialEq)]
                        pub enum #name {
                            #(#variants)*
                        }
                    },
                )
            }
        }
    }

    fn error_enum(&self) -> TokenStream {
        let error = &self.error;
        let variants = self.errors().into_iter().map(status_variant);
        let (link, shown) = super::areas::method_path(self.api, self.op);
        let doc = docs::lines(&format!(
            "The documented error responses of [`{shown}`]({link}), carried by [`Error::Api`](crate::Error::Api)."
        ));
        quote! {
            #doc
            #[derive(Debug, Clone, PartialEq)]
            pub enum #error {
                #(#variants)*
            }
        }
    }

    /// The two halves of sending, neither of which awaits: the statements that make the
    /// request (`prepare_request`), and those that decode its response
    /// (`decode_response`, which stores or clears credentials for a login or logout).
    fn send_body(&self) -> (TokenStream, TokenStream) {
        let op = self.op;
        let error = &self.error;
        let path = self.path_stmt();
        let method = format_ident!("{}", op.method.as_str());
        let schemes = op.auth.iter().map(|k| Literal::string(k));
        let query = query_stmts(&op.params);
        let mut stmts = header_stmts(&op.params);
        stmts.extend(cookie_stmts(&op.params));
        let multipart = matches!(&op.body, Some(b) if b.kind == BodyKind::Multipart);
        // A multipart body is attached when sent; any other changes the request here.
        let changed = !stmts.is_empty() || (op.body.is_some() && !multipart);
        if let Some(body) = &op.body {
            stmts.extend(self.body_stmt(body));
        }
        let request_binding = if changed { quote!(mut request) } else { quote!(request) };
        let prepared = if multipart {
            quote!(Ok(parts.attach(request)))
        } else {
            quote!(Ok(crate::runtime::send::Prepared::Ready(request)))
        };
        let arms = self.response_arms();
        let (find, finish) = match &op.session {
            None => (quote!(), quote!(response.into_result(decoded))),
            Some(Session::Logout) => (
                quote!(),
                quote! {
                    let body = decoded?;
                    client.clear_credentials();
                    Ok(response.into_value(body))
                },
            ),
            Some(Session::Login(found)) => {
                let pairs = found.iter().map(|c| {
                    let slot = Literal::usize_unsuffixed(c.slot);
                    let pointer = Literal::string(&c.pointer);
                    quote!((#slot, #pointer))
                });
                (
                    quote! {
                        let found = crate::runtime::credentials::find_in::<#error>(&response, &[#(#pairs),*]);
                    },
                    quote! {
                        let body = decoded?;
                        client.store_credentials(found?);
                        Ok(response.into_value(body))
                    },
                )
            }
        };
        let statements = quote! {
            #path
            #query
            let #request_binding = self.client.request::<#error>(reqwest::Method::#method, &path, &[#(#schemes),*])?;
            #stmts
            #prepared
        };
        // The runtime's parameter writers and the error they fail with, named once:
        // their paths written out at each use were a fifth of the operations' text.
        let prepare_imports = [
            (
                "params",
                quote!(
                    use crate::runtime::params;
                ),
            ),
            (
                "Error",
                quote!(
                    use crate::Error;
                ),
            ),
        ]
        .into_iter()
        .filter(|(name, _)| starts_path(&statements, name))
        .map(|(_, import)| import);
        let prepare = quote!(#(#prepare_imports)* #statements);
        let decode = quote! {
            #find
            let decoded = match response.status {
                #arms
            };
            #finish
        };
        (prepare, decode)
    }

    /// `let path = ...;`, with each path parameter encoded into a local first so the
    /// format string names what goes where (and `prettyplease`, which leaves macro
    /// arguments as they come, has nothing long to lay out).
    fn path_stmt(&self) -> TokenStream {
        let params: Vec<&Param> = self
            .op
            .path_parts
            .iter()
            .filter_map(|part| match part {
                PathPart::Param(i) => self.op.params.get(*i),
                PathPart::Literal(_) => None,
            })
            .collect();
        let locals = crate::names::format_args(&params.iter().map(|p| p.name.as_str()).collect::<Vec<_>>());
        let mut lets = Vec::new();
        let mut fmt = String::new();
        let mut next = params.iter().zip(&locals);
        for part in &self.op.path_parts {
            match part {
                PathPart::Literal(l) => fmt.push_str(&l.replace('{', "{{").replace('}', "}}")),
                PathPart::Param(_) => {
                    let Some((p, local)) = next.next() else { continue };
                    fmt.push_str(&format!("{{{local}}}"));
                    let local = ident(local);
                    let text = path_text(p);
                    lets.push(quote!(let #local = #text;));
                }
            }
        }
        if lets.is_empty() {
            quote!(let path = String::from(#fmt);)
        } else {
            quote! {
                #(#lets)*
                let path = params::checked_path(format!(#fmt)).map_err(Error::InvalidRequest)?;
            }
        }
    }

    fn body_stmt(&self, body: &Body) -> TokenStream {
        let optional = body.flattened.is_none() && !body.required;
        let owned = matches!(body.kind, BodyKind::Text | BodyKind::Bytes);
        // Raw bodies are moved into the request; structured ones are serialised by reference.
        let value = match (owned, optional) {
            (true, true) | (false, true) => quote!(body),
            (true, false) => quote!(self.body),
            (false, false) => quote!(&self.body),
        };
        let ct = &body.content_type;
        let send = match body.kind {
            BodyKind::Json => quote!(request = request.json(#value);),
            BodyKind::Form => {
                let encodings = form_encodings(body);
                quote! {
                    let form = params::form(#value, &[#(#encodings),*]).map_err(Error::InvalidRequest)?;
                    request = request.header(reqwest::header::CONTENT_TYPE, #ct).body(form);
                }
            }
            BodyKind::Text | BodyKind::Bytes => quote! {
                let media_type = self.media_type.as_deref().unwrap_or(#ct);
                request = request.header(reqwest::header::CONTENT_TYPE, media_type).body(#value);
            },
            BodyKind::Multipart => return self.multipart_stmts(),
        };
        match (optional, owned) {
            (true, true) => quote!(if let Some(body) = self.body { #send }),
            (true, false) => quote!(if let Some(body) = &self.body { #send }),
            _ => send,
        }
    }

    /// Multipart: the body (moved out of the builder) written field by field: files
    /// (`format: binary`) as file parts that stream, the rest as text parts.
    fn multipart_stmts(&self) -> TokenStream {
        let parts = self.body_fields.iter().map(|f| {
            let n = ident(&f.name);
            let wire = &f.wire;
            let field = quote!(body.#n);
            let file = |value: TokenStream| quote!(parts.file(#wire, #value););
            let optional = f.is_option();
            match &f.ty {
                TypeRef::File if optional => {
                    let add = file(quote!(file));
                    quote!(if let Some(file) = #field { #add })
                }
                TypeRef::File => file(field),
                TypeRef::Vec(item) if **item == TypeRef::File => {
                    let add = file(quote!(file));
                    if optional {
                        quote!(for file in #field.into_iter().flatten() { #add })
                    } else {
                        quote!(for file in #field { #add })
                    }
                }
                _ if f.flatten => quote! {
                    parts.spread(&#field).map_err(Error::InvalidRequest)?;
                },
                _ => quote! {
                    parts.text(#wire, &#field).map_err(Error::InvalidRequest)?;
                },
            }
        });
        quote! {
            let body = self.body;
            let mut parts = crate::runtime::multipart::Parts::default();
            #(#parts)*
        }
    }

    fn response_arms(&self) -> TokenStream {
        let error = &self.error;
        let successes = self.successes();
        let single = successes.len() == 1;
        let mut arms = Arms::default();
        let success_value = |r: &Response| -> TokenStream {
            let decode = decode_call(&r.payload);
            if single {
                quote!(response.#decode)
            } else {
                let name = ident(&self.op.response_name);
                let v = ident(&r.variant);
                match r.payload {
                    Payload::None => quote!(response.#decode.map(|()| #name::#v)),
                    _ => quote!(response.#decode.map(#name::#v)),
                }
            }
        };
        let is_default_success = successes.iter().any(|r| r.status == Status::Default);
        let two_xx = Status::Range(2);
        // A single success type decodes any 2xx (below); listing its code too would overlap.
        for r in successes.iter().filter(|r| !single && matches!(r.status, Status::Code(_))) {
            arms.add(r.status, success_value(r));
        }
        for r in self.errors().into_iter().filter(|r| matches!(r.status, Status::Code(_))) {
            let e = error_value(error, r);
            arms.add(r.status, e);
        }
        for r in successes.iter().filter(|r| !matches!(r.status, Status::Code(_))) {
            arms.add(two_xx, success_value(r));
        }
        if single && !successes.iter().any(|r| !matches!(r.status, Status::Code(_))) {
            arms.add(two_xx, success_value(successes[0]));
        }
        if successes.is_empty() {
            arms.add(two_xx, quote!(response.empty()));
        }
        for r in self.errors().into_iter().filter(|r| matches!(r.status, Status::Range(_))) {
            let e = error_value(error, r);
            arms.add(r.status, e);
        }
        let default_error = self.errors().into_iter().find(|r| r.status == Status::Default);
        let rest = match default_error {
            Some(r) if !is_default_success => {
                let e = error_value(error, r);
                arms.add(Status::Code(429), quote!(Err(response.unexpected())));
                e
            }
            _ if is_default_success => {
                let e = self.errors().into_iter().find(|r| r.status == Status::Default).map(|r| error_value(error, r));
                match e {
                    Some(e) => {
                        arms.add(Status::Code(429), quote!(Err(response.unexpected())));
                        e
                    }
                    None => quote!(Err(response.unexpected())),
                }
            }
            _ => quote!(Err(response.unexpected())),
        };
        arms.finish(rest)
    }
}

/// The arms of a match on the response status, in order. An arm every status of which
/// an earlier arm takes is left out: it could never match (rustc warns of an
/// unreachable pattern), e.g. a `429` after a documented `4XX`, or `200` and `2XX` both
/// as the only success.
#[derive(Default)]
struct Arms {
    tokens: TokenStream,
    taken: Vec<(u16, u16)>,
}

impl Arms {
    fn add(&mut self, status: Status, value: TokenStream) {
        let (lo, hi) = status_range(status);
        if (lo..=hi).all(|s| self.taken.iter().any(|(a, b)| (*a..=*b).contains(&s))) {
            return;
        }
        self.taken.push((lo, hi));
        let pat = status_pattern(status);
        self.tokens.extend(quote!(#pat => #value,));
    }

    /// The arms, ending with `_ => rest`.
    fn finish(mut self, rest: TokenStream) -> TokenStream {
        self.tokens.extend(quote!(_ => #rest,));
        self.tokens
    }
}

/// The statuses a documented status stands for.
fn status_range(s: Status) -> (u16, u16) {
    match s {
        Status::Code(c) => (c, c),
        Status::Range(r) => (r.saturating_mul(100), r.saturating_mul(100).saturating_add(99)),
        Status::Default => (0, u16::MAX),
    }
}

/// The input's description, or its wire name when the document gives none.
fn input_doc(doc: &crate::ir::Doc, wire: &str) -> TokenStream {
    if docs::text(doc).is_empty() {
        docs::lines(&format!("Sets `{wire}`."))
    } else {
        docs::of(doc)
    }
}

/// `name: expr,`, or `name,` when the expression is the name itself.
fn shorthand(name: &Ident, convert: &TokenStream) -> TokenStream {
    if *name == convert.to_string() {
        quote!(#name,)
    } else {
        quote!(#name: #convert,)
    }
}

/// One variant of a success or error enum: the status, carrying its payload if any.
fn status_variant(r: &Response) -> TokenStream {
    let v = ident(&r.variant);
    let d = docs::lines(&status_doc(r));
    match &r.payload {
        Payload::None => quote!(#d #v,),
        p => {
            let t = payload_type(p);
            quote!(#d #v(#t),)
        }
    }
}

fn status_doc(r: &Response) -> String {
    let code = match r.status {
        Status::Code(c) => c.to_string(),
        Status::Range(n) => format!("{n}XX"),
        Status::Default => "Any other status".to_owned(),
    };
    let d = super::docs::prose(r.description.trim());
    if d.is_empty() {
        code
    } else {
        format!("{code}: {d}")
    }
}

fn status_pattern(s: Status) -> TokenStream {
    match s {
        Status::Code(c) => {
            let c = Literal::u16_unsuffixed(c);
            quote!(#c)
        }
        Status::Range(r) => {
            let lo = Literal::u16_unsuffixed(r * 100);
            let hi = Literal::u16_unsuffixed(r * 100 + 99);
            quote!(#lo..=#hi)
        }
        Status::Default => quote!(_),
    }
}

/// The status a mock answers a documented response with: its code, the first of its
/// range, 200 for a default success and 500 for a default error.
fn mock_status(r: &Response) -> u16 {
    match r.status {
        Status::Code(c) => c,
        Status::Range(n) => n.saturating_mul(100),
        Status::Default if r.success => 200,
        Status::Default => 500,
    }
}

/// How the mock answers response `r` (`answers!` in `runtime/mock.rs`): how its body
/// is written (`empty` for a response without one), then its status.
fn mock_answer(r: &Response) -> TokenStream {
    let status = Literal::u16_unsuffixed(mock_status(r));
    let kind = match &r.payload {
        Payload::None => "empty",
        Payload::Json(_) => "json",
        Payload::Text => "text",
        Payload::Bytes => "bytes",
        Payload::OrEmpty(inner) => match **inner {
            Payload::Json(_) => "json_or_empty",
            Payload::Text => "text_or_empty",
            Payload::Bytes => "bytes_or_empty",
            _ => "ignored",
        },
    };
    let kind = format_ident!("{kind}");
    quote!(#kind #status)
}

fn payload_type(p: &Payload) -> TokenStream {
    match p {
        Payload::None => quote!(()),
        Payload::Json(t) => ty(t),
        Payload::Text => quote!(String),
        Payload::Bytes => quote!(Vec<u8>),
        Payload::OrEmpty(inner) => {
            let t = payload_type(inner);
            quote!(Option<#t>)
        }
    }
}

/// The `RawResponse` method that decodes a payload.
fn decode_fn(p: &Payload) -> Ident {
    let name = match p {
        Payload::None => "empty",
        Payload::Json(_) => "json",
        Payload::Text => "text",
        Payload::Bytes => "bytes",
        Payload::OrEmpty(inner) => match **inner {
            Payload::Json(_) => "json_or_empty",
            Payload::Text => "text_or_empty",
            Payload::Bytes => "bytes_or_empty",
            _ => "empty",
        },
    };
    format_ident!("{name}")
}

fn decode_call(p: &Payload) -> TokenStream {
    let f = decode_fn(p);
    quote!(#f())
}

/// Whether `tokens` have a path starting with `name` (`name::`), in any group.
fn starts_path(tokens: &TokenStream, name: &str) -> bool {
    let mut previous_is_name = false;
    for tree in tokens.clone() {
        match &tree {
            proc_macro2::TokenTree::Punct(p) if previous_is_name && p.as_char() == ':' => return true,
            proc_macro2::TokenTree::Group(g) if starts_path(&g.stream(), name) => return true,
            _ => {}
        }
        previous_is_name = matches!(&tree, proc_macro2::TokenTree::Ident(i) if i == name);
    }
    false
}

/// The arm's value for documented error `r`: `Err` with the decoded body
/// (`runtime/response.rs`, `json_error` and its twins).
fn error_value(error: &Ident, r: &Response) -> TokenStream {
    let v = ident(&r.variant);
    let f = format_ident!("{}_error", decode_fn(&r.payload));
    quote!(response.#f(#error::#v))
}

/// The value a parameter is written from: the field itself, or (for `content`) its
/// JSON or text. Raw bytes are written as text.
fn param_value(p: &Param, v: TokenStream) -> TokenStream {
    let v = if p.ty == TypeRef::Bytes { quote!(&String::from_utf8_lossy(#v)) } else { v };
    match &p.serialization {
        Serialization::Content { json: true, .. } => {
            quote!(&params::json(#v).map_err(Error::InvalidRequest)?)
        }
        Serialization::Content { json: false, .. } => {
            quote!(&params::text(#v).map_err(Error::InvalidRequest)?)
        }
        Serialization::Styled { .. } => v,
    }
}

/// `(style, explode, allow_reserved)`; a `content` parameter is one primitive, written
/// in the location's default style.
fn styled(p: &Param) -> (Style, bool, bool) {
    match &p.serialization {
        Serialization::Styled { style, explode, allow_reserved } => (*style, *explode, *allow_reserved),
        Serialization::Content { .. } => match p.location {
            ParamLocation::Query | ParamLocation::Cookie => (Style::Form, false, false),
            ParamLocation::Path | ParamLocation::Header => (Style::Simple, false, false),
        },
    }
}

/// The runtime's `Style` (`runtime/params.rs`) for the IR's: two enums, as the
/// generator and the generated crate are two crates; a test keeps them the same.
fn style_tokens(style: Style) -> TokenStream {
    let variant = match style {
        Style::Simple => quote!(Simple),
        Style::Label => quote!(Label),
        Style::Matrix => quote!(Matrix),
        Style::Form => quote!(Form),
        Style::SpaceDelimited => quote!(SpaceDelimited),
        Style::PipeDelimited => quote!(PipeDelimited),
        Style::DeepObject => quote!(DeepObject),
    };
    quote!(params::Style::#variant)
}

fn format_tokens(style: Style, explode: bool, allow_reserved: bool) -> TokenStream {
    let style = style_tokens(style);
    quote!(params::Format::new(#style, #explode, #allow_reserved))
}

/// `write` applied to the parameter's value: directly when it is required, inside
/// `if let Some(..)` when it is optional.
fn with_value(p: &Param, write: impl Fn(TokenStream) -> TokenStream) -> TokenStream {
    let n = ident(&p.name);
    if p.required {
        write(param_value(p, quote!(&self.#n)))
    } else {
        let inner = write(param_value(p, quote!(value)));
        quote!(if let Some(value) = &self.#n { #inner })
    }
}

/// A path parameter's text, in its style and percent-encoded.
fn path_text(p: &Param) -> TokenStream {
    let wire = &p.wire;
    let (style, explode, _) = styled(p);
    let style = style_tokens(style);
    let value = param_value(p, {
        let n = ident(&p.name);
        quote!(&self.#n)
    });
    quote!(params::path(#wire, #value, #style, #explode).map_err(Error::InvalidRequest)?)
}

/// Builds the query string and appends it to `path`.
fn query_stmts(params: &[Param]) -> TokenStream {
    let query: Vec<&Param> = params.iter().filter(|p| p.location == ParamLocation::Query).collect();
    if query.is_empty() {
        return quote!();
    }
    let pushes = query.iter().map(|p| {
        let wire = &p.wire;
        let (style, explode, reserved) = styled(p);
        let format = format_tokens(style, explode, reserved);
        with_value(p, |v| quote!(params::query(&mut query, #wire, #v, #format).map_err(Error::InvalidRequest)?;))
    });
    quote! {
        let mut query = String::new();
        #(#pushes)*
        let path = params::with_query(path, &query);
    }
}

fn header_stmts(params: &[Param]) -> TokenStream {
    let headers = params.iter().filter(|p| p.location == ParamLocation::Header).map(|p| {
        let wire = &p.wire;
        let (_, explode, _) = styled(p);
        with_value(p, |v| {
            quote! {
                if let Some(text) = params::header(#wire, #v, #explode).map_err(Error::InvalidRequest)? {
                    request = request.header(#wire, text);
                }
            }
        })
    });
    quote!(#(#headers)*)
}

fn cookie_stmts(params: &[Param]) -> TokenStream {
    let cookies: Vec<&Param> = params.iter().filter(|p| p.location == ParamLocation::Cookie).collect();
    if cookies.is_empty() {
        return quote!();
    }
    let pushes = cookies.iter().map(|p| {
        let wire = &p.wire;
        let (_, explode, _) = styled(p);
        with_value(p, |v| quote!(params::cookie(&mut cookies, #wire, #v, #explode).map_err(Error::InvalidRequest)?;))
    });
    quote! {
        let mut cookies: Vec<String> = Vec::new();
        #(#pushes)*
        if !cookies.is_empty() {
            request = request.header(reqwest::header::COOKIE, cookies.join("; "));
        }
    }
}

/// The `encoding` of a form body's fields, for `params::form`.
fn form_encodings(body: &Body) -> Vec<TokenStream> {
    body.encodings
        .iter()
        .filter_map(|e| {
            let wire = &e.wire;
            let encoding = match &e.serialization {
                Serialization::Styled { style, explode, allow_reserved } => {
                    let format = format_tokens(*style, *explode, *allow_reserved);
                    quote!(params::Encoding::Style(#format))
                }
                Serialization::Content { json: true, .. } => quote!(params::Encoding::Json),
                Serialization::Content { json: false, .. } => return None,
            };
            Some(quote!((#wire, #encoding)))
        })
        .collect()
}

/// Which flattened fields a body has (None: the body is one argument).
/// Where an input of an operation's method goes.
pub(crate) enum InputSource<'a> {
    Param(&'a Param),
    /// A field of a body flattened into the method's inputs.
    Field(&'a Field),
    /// The whole body (`body`).
    Body(&'a Body),
}

/// An input of an operation's method: an argument of the `Client` method (required)
/// or a setter of its builder.
pub(crate) struct CallInput<'a> {
    /// The argument's type (a required nullable field's is an `Option`); a setter takes
    /// the source's own type.
    pub ty: TypeRef,
    pub required: bool,
    pub source: InputSource<'a>,
}

/// The inputs of `op`'s method in the order the method takes its arguments: parameters
/// as declared, then the body (its fields when it is flattened).
pub(crate) fn call_inputs<'a>(api: &'a Api, op: &'a Operation) -> Vec<CallInput<'a>> {
    let mut out: Vec<CallInput<'a>> = op
        .params
        .iter()
        .map(|p| CallInput { ty: p.ty.clone(), required: p.required, source: InputSource::Param(p) })
        .collect();
    if let Some(body) = &op.body {
        match flattened_fields(api, body) {
            Some(fs) => out.extend(fs.into_iter().map(|f| {
                let ty = if f.required && f.nullable { TypeRef::Option(Box::new(f.ty.clone())) } else { f.ty.clone() };
                CallInput { ty, required: f.required, source: InputSource::Field(f) }
            })),
            None => {
                out.push(CallInput { ty: body.ty.clone(), required: body.required, source: InputSource::Body(body) })
            }
        }
    }
    out
}

fn flattened_fields<'a>(api: &'a Api, body: &Body) -> Option<Vec<&'a Field>> {
    let f = body.flattened.as_ref()?;
    let def = api.types.iter().find(|t| t.name == f.type_name)?;
    match &def.kind {
        TypeKind::Struct(s) => Some(s.fields.iter().collect()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::style_tokens;
    use crate::ir::Style;
    use crate::runtime::params::Style as Runtime;

    /// Every IR style, once: the match fails to compile when a variant is added.
    fn ir_styles() -> Vec<Style> {
        let all = [
            Style::Simple,
            Style::Label,
            Style::Matrix,
            Style::Form,
            Style::SpaceDelimited,
            Style::PipeDelimited,
            Style::DeepObject,
        ];
        for s in all {
            match s {
                Style::Simple
                | Style::Label
                | Style::Matrix
                | Style::Form
                | Style::SpaceDelimited
                | Style::PipeDelimited
                | Style::DeepObject => {}
            }
        }
        all.to_vec()
    }

    /// Every runtime style, once (the same guard).
    fn runtime_styles() -> Vec<Runtime> {
        let all = [
            Runtime::Simple,
            Runtime::Label,
            Runtime::Matrix,
            Runtime::Form,
            Runtime::SpaceDelimited,
            Runtime::PipeDelimited,
            Runtime::DeepObject,
        ];
        for s in all {
            match s {
                Runtime::Simple
                | Runtime::Label
                | Runtime::Matrix
                | Runtime::Form
                | Runtime::SpaceDelimited
                | Runtime::PipeDelimited
                | Runtime::DeepObject => {}
            }
        }
        all.to_vec()
    }

    #[test]
    fn every_ir_style_is_written_as_a_distinct_runtime_style_and_every_runtime_style_is_reachable() {
        let emitted: Vec<String> = ir_styles()
            .into_iter()
            .map(|s| style_tokens(s).to_string().rsplit(':').next().unwrap_or_default().trim().to_owned())
            .collect();
        let mut runtime: Vec<String> = runtime_styles().into_iter().map(|s| format!("{s:?}")).collect();
        let mut sorted = emitted.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted.len(), emitted.len(), "two IR styles written as one: {emitted:?}");
        runtime.sort();
        assert_eq!(sorted, runtime);
    }
}
