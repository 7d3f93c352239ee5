//! `src/types.rs`: one Rust type per IR type.

use super::{docs, rust_type};
use crate::ir::{Api, EnumValue, ExclusiveVariant, Field, IntValue, Struct, TypeDef, TypeKind, TypeRef, Union};
use crate::names::ident;
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::HashMap;

pub fn types_rs(api: &Api) -> TokenStream {
    let returns = Returns::of(api);
    let items = api
        .types
        .iter()
        .map(|def| super::areas::gated(&super::areas::cfg(api, &def.reach.areas), type_def(api, def, &returns)));
    let imports = serde_imports(api);
    let foreign = foreign_from_json(api);
    quote! {
        //! Request and response types, one per schema of the API description.
        // Types refer to each other, deprecated ones included; callers still get
        // deprecation warnings from the types they use.
        #![allow(deprecated)]

        #imports

        #(#items)*

        #foreign
    }
}

/// `src/types/mod.rs` of an API with areas: the modules of `modules` (an area's behind
/// its feature), their types all reachable here.
pub fn types_mod_rs(api: &Api, modules: &[super::layout::TypeModule]) -> TokenStream {
    let imports = serde_imports(api);
    let foreign = foreign_from_json(api);
    let mods = modules.iter().map(|m| {
        let cfg = m.area.map(|a| super::areas::cfg(api, &[a])).unwrap_or_default();
        let name = crate::names::ident(&m.name);
        // A shared file whose types the areas built use none of re-exports nothing.
        let allow = if m.area.is_none() && api.area_features { quote!(#[allow(unused_imports)]) } else { quote!() };
        quote! {
            #cfg
            mod #name;
            #cfg
            #allow
            pub use #name::*;
        }
    });
    quote! {
        //! Request and response types, one per schema of the API description (each
        //! operation's response also under the operation's name: `ChatSearchResponse`).
        //! In the source, the types only one area uses are in that area's file, the others
        //! in the shared ones.
        // Types refer to each other, deprecated ones included; callers still get
        // deprecation warnings from the types they use.
        #![allow(deprecated)]

        #imports

        #(#mods)*

        #foreign
    }
}

/// The start of a file of the types of an API with areas (or by first letter).
pub fn module_head() -> TokenStream {
    quote! {
        // The other types, the serde traits and the runtime, as in `types`.
        #[allow(unused_imports)]
        use super::*;
    }
}

/// Types `types` of a file of `types` (after its start): an area's own types (`area`
/// set: built with its feature, so they need no `cfg` each) or shared ones (each built
/// with the areas that use it).
pub fn module_types(api: &Api, returns: &Returns, area: Option<usize>, types: &[usize]) -> TokenStream {
    let items = types.iter().filter_map(|&i| api.types.get(i)).map(|def| {
        let cfg = if area.is_some() { quote!() } else { super::areas::cfg(api, &def.reach.areas) };
        super::areas::gated(&cfg, type_def(api, def, returns))
    });
    quote!(#(#items)*)
}

/// `use serde::{..}` for the traits the types name (enums write both by hand; the
/// others derive what their direction needs).
fn serde_imports(api: &Api) -> TokenStream {
    let uses = |way: fn(&TypeDef) -> bool| {
        api.types.iter().any(|t| match t.kind {
            TypeKind::Alias(_) => false,
            TypeKind::Enum(_) | TypeKind::IntEnum(_) => true,
            _ => way(t),
        })
    };
    let traits: Vec<TokenStream> = [(uses(|_| true), quote!(Deserialize)), (uses(|_| true), quote!(Serialize))]
        .into_iter()
        .filter_map(|(used, t)| used.then_some(t))
        .collect();
    if traits.is_empty() {
        return quote!();
    }
    // With areas, a build of some of them may use none of the serde types (and with
    // files per area, the files use them through `use super::*`).
    let partial = if api.area_features && api.types.iter().any(|t| !t.reach.areas.is_empty()) {
        let full = super::ALL_AREAS_FEATURE;
        quote!(#[cfg_attr(not(feature = #full), allow(unused_imports))])
    } else {
        quote!()
    };
    quote!(
        #partial
        use serde::{#(#traits),*};
    )
}

/// The runtime cannot name the optional dependencies: their `FromJson` (through their
/// `Deserialize`) is written here, when the crate has them.
fn foreign_from_json(api: &Api) -> TokenStream {
    let foreign = [(api.uses.date_time, quote!(chrono::DateTime<chrono::Utc>)), (api.uses.uuid, quote!(uuid::Uuid))]
        .into_iter()
        .filter_map(|(used, t)| used.then(|| from_json_by_serde(&t)));
    quote!(#(#foreign)*)
}

/// The serde traits a type has: both, always. `Serialize` because responses are
/// written back out (caches, proxies, the recording harness); `Deserialize` because
/// request bodies are read too (configuration, the published-examples test builds
/// every input from JSON). Dropping `Deserialize` from types only ever sent
/// (`ir::Reach::received`) was measured as a compile-time cut and reverted for that.
/// How `Deserialize` is had is a separate matter: most structs write it out
/// ([`decodes_field_by_field`]), the other kinds derive it.
#[derive(Clone, Copy)]
struct Serde {
    ser: bool,
    de: bool,
}

impl Serde {
    fn of(_def: &TypeDef) -> Self {
        Serde { ser: true, de: true }
    }

    /// The derives, comma-separated (never both absent).
    fn derives(self) -> TokenStream {
        match (self.ser, self.de) {
            (true, false) => quote!(Serialize),
            (false, true) => quote!(Deserialize),
            _ => quote!(Serialize, Deserialize),
        }
    }
}

fn origin_doc(def: &TypeDef) -> TokenStream {
    docs::lines(&format!("\nSchema: `{}`", def.origin))
}

/// `[`chat().search()`](crate::areas::Chat::search)`: an operation's call, linked.
fn call_link(api: &Api, op: &crate::ir::Operation) -> String {
    let (link, _) = super::areas::method_path(api, op);
    let m = op.method_name.trim_start_matches("r#");
    match op.area.and_then(|a| api.areas.get(a)) {
        Some(a) => format!("[`{}().{m}()`]({link})", a.name),
        None => format!("[`{m}()`]({link})"),
    }
}

/// Who returns which type, found once per file: the operation each response alias
/// stands for, and the calls behind the aliases of each shared shape.
pub(crate) struct Returns {
    /// Alias name -> the call of the operation whose response it is.
    own: HashMap<String, String>,
    /// Target type -> the calls of the operations whose aliases stand for it.
    by_target: HashMap<String, Vec<String>>,
}

impl Returns {
    pub(crate) fn of(api: &Api) -> Self {
        let mut own: HashMap<String, String> = HashMap::new();
        for o in &api.operations {
            let mut s = o.responses.iter().filter(|r| r.success);
            if let (Some(r), None) = (s.next(), s.next()) {
                if let crate::ir::Payload::Json(TypeRef::Named(n)) = &r.payload {
                    own.entry(n.clone()).or_insert_with(|| call_link(api, o));
                }
            }
        }
        let mut by_target: HashMap<String, Vec<String>> = HashMap::new();
        for t in &api.types {
            if let (TypeKind::Alias(TypeRef::Named(target)), Some(call)) = (&t.kind, own.get(&t.name)) {
                by_target.entry(target.clone()).or_default().push(call.clone());
            }
        }
        Returns { own, by_target }
    }
}

/// A type in a sentence: `Pet`, a list of `Pet`.
fn shown(t: &TypeRef) -> String {
    match t {
        TypeRef::Named(n) => format!("`{}`", n.trim_start_matches("r#")),
        TypeRef::Vec(t) => format!("a list of {}", shown(t)),
        TypeRef::Map(t) => format!("a map of names to {}", shown(t)),
        TypeRef::Option(t) | TypeRef::Boxed(t) => shown(t),
        _ => "a value".to_owned(),
    }
}

/// What the generator says of who returns a type: an operation's response alias names
/// its operation and those sharing the shape; a shape behind such aliases, the
/// operations returning it. Empty for any other type.
fn returned_by(returns: &Returns, def: &TypeDef) -> String {
    let list = |calls: &[&String]| {
        let more = if calls.len() > 8 { format!(" and {} more", calls.len() - 8) } else { String::new() };
        format!("{}{more}", calls.iter().take(8).map(|c| c.as_str()).collect::<Vec<_>>().join(", "))
    };
    if let TypeKind::Alias(target) = &def.kind {
        let Some(own_call) = returns.own.get(&def.name) else { return String::new() };
        let mut text = format!("What {own_call} returns: {}.", shown(target));
        let same = match target {
            TypeRef::Named(n) => returns.by_target.get(n),
            _ => None,
        };
        if let Some(calls) = same {
            let others: Vec<&String> = calls.iter().filter(|c| *c != own_call).collect();
            if !others.is_empty() {
                text.push_str(&format!(" The same shape is returned by {}.", list(&others)));
            }
        }
        return text;
    }
    match returns.by_target.get(&def.name) {
        Some(calls) if !calls.is_empty() => format!("Returned by {}.", list(&calls.iter().collect::<Vec<_>>())),
        _ => String::new(),
    }
}

fn type_def(api: &Api, def: &TypeDef, returns: &Returns) -> TokenStream {
    let name = ident(&def.name);
    let mut doc = docs::of(&def.doc);
    let returned = returned_by(returns, def);
    if docs::text(&def.doc).is_empty() && returned.is_empty() {
        doc = docs::lines(&format!("`{}`", def.name));
    }
    if !returned.is_empty() {
        let gap = if docs::text(&def.doc).is_empty() { "" } else { "\n" };
        doc.extend(docs::lines(&format!("{gap}{returned}")));
    }
    doc.extend(origin_doc(def));
    let deprecated = docs::deprecated(&def.doc);
    let serde = Serde::of(def);
    // Structs write their own `FromJson`; an alias has its target's.
    let from_json = match &def.kind {
        // A string enum's comes with its other traits (`string_enum`).
        TypeKind::Struct(_) | TypeKind::Alias(_) | TypeKind::Enum(_) => quote!(),
        _ => decode_by_serde(&name),
    };
    let item = match &def.kind {
        TypeKind::Struct(s) => structure(api, &name, doc, deprecated, s, serde),
        TypeKind::Enum(values) => string_enum(&name, doc, deprecated, values),
        TypeKind::IntEnum(values) => int_enum(&name, doc, deprecated, values),
        TypeKind::Union(u) => union(&name, doc, deprecated, u, serde),
        TypeKind::Exclusive(vs) => exclusive(&name, doc, deprecated, vs, serde),
        TypeKind::Newtype(t) => {
            let t = rust_type(t, &TokenStream::new());
            let derives = serde.derives();
            quote! {
                #doc
                #deprecated
                #[derive(Debug, Clone, PartialEq, #derives)]
                #[serde(transparent)]
                pub struct #name(pub #t);
            }
        }
        TypeKind::Alias(t) => {
            let t = rust_type(t, &TokenStream::new());
            quote! {
                #doc
                #deprecated
                pub type #name = #t;
            }
        }
    };
    quote!(#item #from_json)
}

/// Whether `t` is a boolean, integer or number (aliases followed): such fields decode
/// leniently (`runtime/lenient.rs`: `de::required_lenient`/`optional_lenient` in a
/// written-out `FromJson`, a `deserialize_with` in a derived `Deserialize`). Strings
/// stay strict: most fields are strings, and a `deserialize_with` on each doubled the
/// crate's decoding code (measured on the Rocket.Chat client, when every struct
/// derived `Deserialize`) for the rarest of the usual mistakes.
fn lenient_scalar(api: &Api, t: &TypeRef) -> bool {
    let mut t = t;
    // Alias chains are short; the bound only guards against a cycle.
    for _ in 0..16 {
        match t {
            TypeRef::Bool
            | TypeRef::I8
            | TypeRef::I16
            | TypeRef::I32
            | TypeRef::I64
            | TypeRef::U8
            | TypeRef::U16
            | TypeRef::U32
            | TypeRef::U64
            | TypeRef::F32
            | TypeRef::F64 => return true,
            TypeRef::Named(n) => match api.types.iter().find(|d| &d.name == n).map(|d| &d.kind) {
                Some(TypeKind::Alias(inner)) => t = inner,
                _ => return false,
            },
            _ => return false,
        }
    }
    false
}

/// Whether a struct is decoded field by field by a written-out, non-generic
/// `FromJson` (`from_json_impl`) with a one-line `Deserialize`, rather than through a
/// derived `Deserialize`. serde's derive was half of the Rocket.Chat client's
/// `cargo check` (its field enum, `visit_seq`, a wrapper per `deserialize_with` field),
/// and a written-out map visitor still a quarter (one generic visitor per type, a
/// generic `next_value` per field); a function of a parsed `serde_json::Value` is
/// type-checked once. A flattened field or extra properties keep the derive: serde's
/// buffering of the other keys for them is not worth writing again.
fn decodes_field_by_field(api: &Api, s: &Struct) -> bool {
    !api.derive_deserialize && s.additional.is_none() && !s.fields.iter().any(|f| f.flatten)
}

/// Whether some struct of `api` is written field by field (and so needs `runtime/ser.rs`).
pub(crate) fn serializes_field_by_field(api: &Api) -> bool {
    api.types.iter().any(|t| matches!(&t.kind, TypeKind::Struct(s) if decodes_field_by_field(api, s)))
}

/// `impl Serialize` for a struct decoded field by field: a map of its fields in order,
/// an unset optional field left out (a required nullable one is written as `null`).
/// Half the checking time of serde's derive, which counts the fields it will write
/// before writing them (measured on 800 structs: 6.1 s against 2.3 s). The impl's own
/// names start with `__`, so no field meets them.
fn serialize_impl(name: &proc_macro2::Ident, s: &Struct) -> TokenStream {
    let entries = s.fields.iter().map(|f| {
        let id = ident(&f.name);
        let wire = &f.wire;
        if f.is_option() && !f.required {
            quote!(ser::optional(&mut __map, #wire, &self.#id)?;)
        } else {
            quote!(ser::entry(&mut __map, #wire, &self.#id)?;)
        }
    });
    // The runtime's writers named once: their paths at every field were a sixth of
    // the types' text.
    let (binding, import) = if s.fields.is_empty() {
        (quote!(__map), quote!())
    } else {
        (
            quote!(mut __map),
            quote!(
                use crate::runtime::ser;
            ),
        )
    };
    quote! {
        impl Serialize for #name {
            fn serialize<__S: serde::Serializer>(&self, __serializer: __S) -> Result<__S::Ok, __S::Error> {
                #import
                let #binding = serde::Serializer::serialize_map(__serializer, None)?;
                #(#entries)*
                serde::ser::SerializeMap::end(__map)
            }
        }
    }
}

/// `impl FromJson` for a struct decoded field by field, and its `Deserialize`: one call
/// of the runtime's `from_json_fields!` (`runtime/de.rs`), a line per field with its
/// wire name and how it is read (`required`/`optional`, `_lenient` for lenient
/// scalars). The macro reads the object in one pass into a local per field.
fn from_json_impl(api: &Api, name: &proc_macro2::Ident, s: &Struct) -> TokenStream {
    let fields = s.fields.iter().map(|f| {
        let (id, wire) = (ident(&f.name), &f.wire);
        let how = match (lenient_scalar(api, &f.ty), f.is_option()) {
            (false, false) => quote!(required),
            (false, true) => quote!(optional),
            (true, false) => quote!(required_lenient),
            (true, true) => quote!(optional_lenient),
        };
        quote!(#id: #wire #how,)
    });
    quote!(crate::runtime::de::from_json_fields!(#name { #(#fields)* });)
}

/// `impl FromJson` through the type's own `Deserialize` (`runtime/de.rs`,
/// `decode_by_serde!`), for every generated type not decoded field by field, so any of
/// them can be a field's type.
fn decode_by_serde(name: &proc_macro2::Ident) -> TokenStream {
    quote!(crate::runtime::de::decode_by_serde!(#name);)
}

/// `impl FromJson` through the type's own `Deserialize` (`runtime/de.rs`, `by_serde`),
/// written out: for the optional dependencies' types, which are not names.
fn from_json_by_serde(name: &TokenStream) -> TokenStream {
    quote! {
        impl crate::runtime::de::FromJson for #name {
            fn read_json(reader: &mut crate::runtime::de::Reader<'_>) -> Result<Self, crate::runtime::de::DecodeError> {
                crate::runtime::de::by_serde(reader)
            }
        }
    }
}

fn field(api: &Api, f: &Field, by_fields: bool) -> TokenStream {
    let name = ident(&f.name);
    let inner = rust_type(&f.ty, &TokenStream::new());
    let mut doc = docs::of(&f.doc);
    if docs::text(&f.doc).is_empty() {
        doc = docs::lines(&if f.flatten {
            "Exactly one of a set of properties.".to_owned()
        } else {
            format!("`{}`", f.wire)
        });
    }
    if f.flatten {
        doc = quote!(#doc);
        return quote! {
            #doc
            #[serde(flatten)]
            pub #name: #inner,
        };
    }
    let deprecated = docs::deprecated(&f.doc);
    let wire = &f.wire;
    let rename = if name.to_string().trim_start_matches("r#") != wire { quote!(rename = #wire,) } else { quote!() };
    let optional = f.is_option();
    let ty = if optional { quote!(Option<#inner>) } else { inner };
    // Scalars decode leniently; serializing is untouched. An `Option` keeps `default`
    // (absent is `None`, as without `deserialize_with`). A struct decoded field by
    // field (`from_json_impl`) reads neither attribute.
    let lenient = match (lenient_scalar(api, &f.ty) && !by_fields, optional) {
        (false, _) => quote!(),
        (true, false) => quote!(deserialize_with = "crate::runtime::lenient::scalar",),
        (true, true) => quote!(default, deserialize_with = "crate::runtime::lenient::option",),
    };
    let serde = match (optional, f.required) {
        // Written out: its `Serialize` and `Deserialize` read no attribute.
        _ if by_fields => quote!(),
        (true, false) if lenient.is_empty() => {
            quote!(#[serde(#rename default, skip_serializing_if = "Option::is_none")])
        }
        (true, false) => quote!(#[serde(#rename #lenient skip_serializing_if = "Option::is_none")]),
        _ if rename.is_empty() && lenient.is_empty() => quote!(),
        _ => quote!(#[serde(#rename #lenient)]),
    };
    quote! {
        #doc
        #deprecated
        #serde
        pub #name: #ty,
    }
}

/// How a field or input is shown by a hand-written `Debug`: a secret as
/// `Redacted` (only whether it is set, when optional), anything else as it is.
pub(super) fn debug_value(value: TokenStream, secret: bool, optional: bool) -> TokenStream {
    match (secret, optional) {
        (false, _) => quote!(&#value),
        (true, false) => quote!(&crate::runtime::redact::Redacted),
        (true, true) => quote!(&crate::runtime::redact::optional(&#value)),
    }
}

/// A `Debug` for a struct with secret fields: every field, secrets redacted.
fn redacting_struct_debug(name: &proc_macro2::Ident, s: &Struct) -> TokenStream {
    let label = name.to_string();
    let fields = s.fields.iter().map(|f| {
        let id = ident(&f.name);
        let wire = id.to_string().trim_start_matches("r#").to_owned();
        let value = debug_value(quote!(self.#id), f.secret, !f.required || f.nullable);
        quote!(.field(#wire, #value))
    });
    let additional =
        s.additional.as_ref().map(|_| quote!(.field("additional_properties", &self.additional_properties)));
    quote! {
        impl std::fmt::Debug for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_struct(#label)
                    #(#fields)*
                    #additional
                    .finish()
            }
        }
    }
}

fn structure(
    api: &Api,
    name: &proc_macro2::Ident,
    doc: TokenStream,
    deprecated: TokenStream,
    s: &Struct,
    serde: Serde,
) -> TokenStream {
    let by_fields = serde.de && decodes_field_by_field(api, s);
    let fields = s.fields.iter().map(|f| field(api, f, by_fields));
    let (derive_debug, debug_impl) = if s.fields.iter().any(|f| f.secret) {
        (quote!(), redacting_struct_debug(name, s))
    } else {
        (quote!(Debug,), quote!())
    };
    let additional = s.additional.as_ref().map(|t| {
        let t = rust_type(t, &TokenStream::new());
        quote! {
            /// Properties beyond the ones named above.
            #[serde(flatten)]
            pub additional_properties: std::collections::BTreeMap<String, #t>,
        }
    });
    let building = building(name, s);
    // Every field optional: `Default` makes an empty value to set fields on.
    let default = if s.fields.iter().all(|f| f.is_option()) { quote!(, Default) } else { quote!() };
    let (derives, deserialize) = if by_fields {
        (quote!(), from_json_impl(api, name, s))
    } else {
        let derives = serde.derives();
        (quote!(, #derives), decode_by_serde(name))
    };
    let serialize = if by_fields && serde.ser { serialize_impl(name, s) } else { quote!() };
    quote! {
        #doc
        #deprecated
        #[derive(#derive_debug Clone, PartialEq #derives #default)]
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
            #additional
        }
        #debug_impl
        #serialize
        #deserialize

        #building
    }
}

/// `new` (the fields that are not `Option`s, as arguments) and one `with_` setter per
/// `Option` field: with the struct `#[non_exhaustive]`, the only way to build one
/// outside the crate, so a field a newer description adds (optional) breaks no caller.
fn building(name: &proc_macro2::Ident, s: &Struct) -> TokenStream {
    let args: Vec<&Field> = s.fields.iter().filter(|f| !f.is_option()).collect();
    let params = args.iter().map(|f| {
        let n = ident(&f.name);
        let (t, _) = setter_arg(&f.ty, &n);
        quote!(#n: #t)
    });
    let inits = s.fields.iter().map(|f| {
        let n = ident(&f.name);
        if f.is_option() {
            quote!(#n: None,)
        } else {
            let (_, value) = setter_arg(&f.ty, &n);
            if n == value.to_string() {
                quote!(#n,)
            } else {
                quote!(#n: #value,)
            }
        }
    });
    let additional = s.additional.as_ref().map(|_| quote!(additional_properties: std::collections::BTreeMap::new(),));
    let setters = s.fields.iter().filter(|f| f.is_option()).map(|f| {
        let n = ident(&f.name);
        let setter = ident(&crate::names::with_setter(&f.name));
        let (t, value) = setter_arg(&f.ty, &n);
        let doc =
            if docs::text(&f.doc).is_empty() { docs::lines(&format!("Sets `{}`.", f.wire)) } else { docs::of(&f.doc) };
        let deprecated = docs::deprecated(&f.doc);
        quote! {
            #doc
            #deprecated
            pub fn #setter(mut self, #n: #t) -> Self {
                self.#n = Some(#value);
                self
            }
        }
    });
    let many = if args.len() > 7 { quote!(#[allow(clippy::too_many_arguments)]) } else { quote!() };
    let new_doc = if args.is_empty() {
        docs::lines(&format!("An empty `{name}`: every field unset; set them with the `with_` methods."))
    } else {
        docs::lines(&format!(
            "A `{name}` from its required fields; the optional ones start unset (set them with the `with_` methods)."
        ))
    };
    quote! {
        impl #name {
            #new_doc
            #many
            pub fn new(#(#params),*) -> Self {
                Self {
                    #(#inits)*
                    #additional
                }
            }

            #(#setters)*
        }
    }
}

/// The parameter type of a constructor argument or setter for a field of type `t`
/// (without its `Option`), and the value stored from the parameter `n`.
fn setter_arg(t: &crate::ir::TypeRef, n: &proc_macro2::Ident) -> (TokenStream, TokenStream) {
    use crate::ir::TypeRef;
    match t {
        TypeRef::String => (quote!(impl Into<String>), quote!(#n.into())),
        TypeRef::Boxed(inner) => {
            let inner = rust_type(inner, &TokenStream::new());
            (quote!(impl Into<Box<#inner>>), quote!(#n.into()))
        }
        other => (rust_type(other, &TokenStream::new()), quote!(#n)),
    }
}

fn string_enum(
    name: &proc_macro2::Ident,
    doc: TokenStream,
    deprecated: TokenStream,
    values: &[EnumValue],
) -> TokenStream {
    let variants = values.iter().map(|v| {
        let id = ident(&v.name);
        let d = v.doc.as_deref().map(docs::lines).unwrap_or_else(|| docs::lines(&format!("`{}`", v.wire)));
        quote!(#d #id,)
    });
    let to_str = values.iter().map(|v| {
        let id = ident(&v.name);
        let wire = &v.wire;
        quote!(Self::#id => #wire,)
    });
    let from_str = values.iter().map(|v| {
        let id = ident(&v.name);
        let wire = &v.wire;
        quote!(#wire => Self::#id,)
    });
    quote! {
        #doc
        #deprecated
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum #name {
            #(#variants)*
            /// A value this client does not know (the server may be newer than the description).
            Unknown(String),
        }

        impl #name {
            /// The value as sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#to_str)*
                    Self::Unknown(other) => other,
                }
            }
        }

        impl From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #(#from_str)*
                    other => Self::Unknown(other.to_owned()),
                }
            }
        }

        crate::runtime::de::string_enum_traits!(#name);
    }
}

fn union(name: &proc_macro2::Ident, doc: TokenStream, deprecated: TokenStream, u: &Union, serde: Serde) -> TokenStream {
    let variants = u.variants.iter().map(|v| {
        let id = ident(&v.name);
        let t = rust_type(&v.ty, &TokenStream::new());
        let d = docs::lines(&match v.ty.named() {
            Some(n) => format!("A [`{n}`]."),
            None => format!("The `{}` form.", v.name),
        });
        quote!(#d #id(#t),)
    });
    let unknown = quote! {
        /// A value matching none of the forms above, kept as JSON.
        Unknown(serde_json::Value),
    };
    let Some(tag) = &u.tag else {
        let derives = serde.derives();
        return quote! {
            #doc
            #deprecated
            #[derive(Debug, Clone, PartialEq, #derives)]
            #[serde(untagged)]
            pub enum #name {
                #(#variants)*
                #unknown
            }
        };
    };
    let arms = u.variants.iter().map(|v| {
        let id = ident(&v.name);
        let values = &v.tag_values;
        quote! {
            Some(#(#values)|*) => serde_json::from_value(value).map(Self::#id).map_err(serde::de::Error::custom),
        }
    });
    let serialize = if serde.ser {
        quote!(
            #[derive(Serialize)]
            #[serde(untagged)]
        )
    } else {
        quote!()
    };
    let deserialize = serde.de.then(|| {
        quote! {
                impl<'de> Deserialize<'de> for #name {
                fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                    let value = serde_json::Value::deserialize(deserializer)?;
                    let tag = value.get(#tag).and_then(serde_json::Value::as_str).map(str::to_owned);
                    match tag.as_deref() {
                        #(#arms)*
                        _ => Ok(Self::Unknown(value)),
                    }
                }
            }
        }
    });
    quote! {
        #doc
        #deprecated
        #[derive(Debug, Clone, PartialEq)]
        #serialize
        pub enum #name {
            #(#variants)*
            #unknown
        }

        #deserialize
    }
}

fn exclusive(
    name: &proc_macro2::Ident,
    doc: TokenStream,
    deprecated: TokenStream,
    vs: &[ExclusiveVariant],
    serde: Serde,
) -> TokenStream {
    let variants = vs.iter().map(|v| {
        let id = ident(&v.name);
        let wire = &v.wire;
        let t = rust_type(&v.ty, &TokenStream::new());
        let mut d = docs::of(&v.doc);
        d.extend(docs::lines(&format!("Sent as `{wire}`.")));
        let dep = if v.doc.deprecated {
            quote!(#[deprecated(note = "deprecated in the API description; use another variant")])
        } else {
            quote!()
        };
        quote!(#d #dep #[serde(rename = #wire)] #id(#t),)
    });
    let (derive_debug, debug_impl) = if vs.iter().any(|v| v.secret) {
        let arms = vs.iter().map(|v| {
            let id = ident(&v.name);
            let variant = id.to_string().trim_start_matches("r#").to_owned();
            if v.secret {
                quote!(Self::#id(_) => f.debug_tuple(#variant).field(&crate::runtime::redact::Redacted).finish(),)
            } else {
                quote!(Self::#id(value) => f.debug_tuple(#variant).field(value).finish(),)
            }
        });
        (
            quote!(),
            quote! {
                impl std::fmt::Debug for #name {
                    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        match self {
                            #(#arms)*
                        }
                    }
                }
            },
        )
    } else {
        (quote!(Debug,), quote!())
    };
    let any_deprecated = vs.iter().any(|v| v.doc.deprecated);
    let allow = if any_deprecated { quote!(#[allow(deprecated)]) } else { quote!() };
    let one_of: Vec<String> = vs.iter().map(|v| format!("`{}`", v.wire)).collect();
    let note = docs::lines(&format!("\nExactly one of {} is sent.", one_of.join(", ")));
    let derives = serde.derives();
    quote! {
        #doc
        #note
        #deprecated
        #allow
        #[derive(#derive_debug Clone, PartialEq, #derives)]
        pub enum #name {
            #(#variants)*
        }
        #debug_impl
    }
}

fn int_enum(name: &proc_macro2::Ident, doc: TokenStream, deprecated: TokenStream, values: &[IntValue]) -> TokenStream {
    let variants = values.iter().map(|v| {
        let id = ident(&v.name);
        let d = docs::lines(&format!("`{}`", v.value));
        quote!(#d #id,)
    });
    let to_int = values.iter().map(|v| {
        let id = ident(&v.name);
        let n = v.value;
        quote!(Self::#id => #n,)
    });
    let from_int = values.iter().map(|v| {
        let id = ident(&v.name);
        let n = v.value;
        quote!(#n => Self::#id,)
    });
    quote! {
        #doc
        #deprecated
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum #name {
            #(#variants)*
            /// A value this client does not know (the server may be newer than the description).
            Unknown(i64),
        }

        impl #name {
            /// The value as sent on the wire.
            pub fn value(self) -> i64 {
                match self {
                    #(#to_int)*
                    Self::Unknown(other) => other,
                }
            }
        }

        impl From<i64> for #name {
            fn from(value: i64) -> Self {
                match value {
                    #(#from_int)*
                    other => Self::Unknown(other),
                }
            }
        }

        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(f, "{}", self.value())
            }
        }

        impl Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_i64(self.value())
            }
        }

        impl<'de> Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                Ok(Self::from(i64::deserialize(deserializer)?))
            }
        }
    }
}
