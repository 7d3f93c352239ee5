//! IR to Rust: one `TokenStream` per generated file. Emitters read only the IR.

mod areas;
mod client;
mod doc_calls;
mod docs;
mod example_tests;
mod layout;
mod manifest;
mod operations;
pub(crate) mod types;

pub use areas::{ALL_AREAS_FEATURE, AREA_METHODS};
pub use client::CLIENT_METHODS;
pub use doc_calls::doc_calls_test;
pub use example_tests::{decode_cases, example_tests};
pub use manifest::CRATE_EXPORTS;
pub use operations::{BUILDER_FIELDS, BUILDER_METHODS};

use crate::ir::{Api, TypeRef};
use proc_macro2::TokenStream;
use quote::quote;

/// A generated file before formatting.
pub enum Content {
    /// Rust source, formatted by `prettyplease` when written.
    Rust(TokenStream),
    /// Any other text (Cargo.toml).
    Text(String),
    /// Rust source written by hand (a runtime module), copied as it is.
    Source(&'static str),
}

/// One file of the generated crate, relative to its root.
pub struct File {
    pub path: String,
    pub content: Content,
}

/// What the emitters of several files need about the whole API, made once per crate
/// (made in each file's emitter, it cost O(types + operations) per file, and a large
/// API has ~180 files).
pub struct Shared<'a> {
    calls: doc_calls::DocCalls<'a>,
    /// Each operation's documented call (`DocCalls::call`), made on first use: the
    /// method and the builder, in different pieces, show the same call.
    call_texts: Vec<std::sync::OnceLock<String>>,
    returns: types::Returns,
}

impl<'a> Shared<'a> {
    pub fn new(api: &'a Api) -> Self {
        Shared {
            calls: doc_calls::DocCalls::new(api),
            call_texts: api.operations.iter().map(|_| std::sync::OnceLock::new()).collect(),
            returns: types::Returns::of(api),
        }
    }

    /// The documented call of operation `i` of the API.
    fn call(&self, api: &Api, i: usize) -> String {
        let Some(op) = api.operations.get(i) else { return String::new() };
        match self.call_texts.get(i) {
            Some(slot) => slot.get_or_init(|| self.calls.call(op)).clone(),
            None => self.calls.call(op),
        }
    }
}

/// A file of the client crate, or a piece of one, and how it is made.
pub struct Part {
    pub path: String,
    /// Whether this part continues the file of the part before it: a large file is
    /// made in pieces (runs of its items, formatted apart) so its work spreads over the
    /// threads; the pieces' texts, joined in order, are the file's text.
    pub continues: bool,
    /// About how much work the part is (operations and types weigh by their inputs and
    /// fields), so the largest parts start first and none is left alone at the end.
    pub cost: usize,
    make: Make,
}

enum Make {
    /// Emitted from the IR (`None`: this API's client does not have the file).
    Emit(fn(&Api) -> Option<Content>),
    /// The start of an operations file: its docs and the methods of its operations
    /// (indexes into `Api::operations`), on their area's struct (`Some(area)`) or on
    /// `Client`.
    OperationsHead { area: Option<usize>, ops: Vec<usize> },
    /// The request builders of operations.
    Builders(Vec<usize>),
    /// `types/mod.rs`: the modules of the types.
    TypesMod(Vec<layout::TypeModule>),
    /// The start of a file of types.
    TypesHead,
    /// Types of a module of `types` (an area's: `area` is set, and its types need no `cfg` each).
    Types { area: Option<usize>, types: Vec<usize> },
    /// `operations/mod.rs` of a large API without areas: its modules by first letter.
    LettersMod(Vec<String>),
    /// A runtime module, copied as written, when the API needs it.
    Runtime(&'static crate::runtime::Module),
}

impl Part {
    fn new(path: impl Into<String>, cost: usize, make: Make) -> Self {
        Part { path: path.into(), continues: false, cost, make }
    }

    fn piece(path: &str, cost: usize, make: Make) -> Self {
        Part { path: path.to_owned(), continues: true, cost, make }
    }

    /// Emits this part for `api` (`None`: this API's client does not need the file).
    pub fn emit(&self, api: &Api, shared: &Shared) -> Option<File> {
        let content = match &self.make {
            Make::Emit(make) => make(api)?,
            Make::OperationsHead { area: Some(area), ops } => {
                Content::Rust(operations::area_head(api, shared, *area, ops))
            }
            Make::OperationsHead { area: None, ops } => Content::Rust(operations::letter_head(api, shared, ops)),
            Make::Builders(ops) => Content::Rust(operations::builders(api, shared, ops)),
            Make::TypesMod(modules) => Content::Rust(types::types_mod_rs(api, modules)),
            Make::TypesHead => Content::Rust(types::module_head()),
            Make::Types { area, types } => Content::Rust(types::module_types(api, &shared.returns, *area, types)),
            Make::LettersMod(names) => Content::Rust(operations::letters_mod_rs(api, names)),
            Make::Runtime(module) if (module.needed)(api) => Content::Source(module.source),
            Make::Runtime(_) => return None,
        };
        Some(File { path: self.path.clone(), content })
    }
}

/// Makes one file of the crate from the IR.
type Emitter = fn(&Api) -> Option<Content>;

/// Operations beyond this weight (`operation_weight`) in one file are made in pieces.
const PIECE_WEIGHT: usize = 160;

/// About how much text an operation's builder is: inputs and responses add arms,
/// setters and docs.
fn operation_weight(api: &Api, i: usize) -> usize {
    api.operations.get(i).map_or(1, |op| 8 + op.params.len() + 2 * op.responses.len())
}

/// About how much text a type is.
fn type_weight(api: &Api, i: usize) -> usize {
    use crate::ir::TypeKind;
    api.types.get(i).map_or(1, |t| match &t.kind {
        TypeKind::Struct(s) => 4 + s.fields.len(),
        TypeKind::Enum(values) => 4 + values.len() / 2,
        TypeKind::IntEnum(values) => 4 + values.len() / 2,
        TypeKind::Union(_) | TypeKind::Exclusive(_) => 6,
        TypeKind::Alias(_) | TypeKind::Newtype(_) => 1,
    })
}

/// `members` in runs of about `PIECE_WEIGHT` (by `weight`), each with its weight.
fn runs(members: &[usize], weight: impl Fn(usize) -> usize) -> Vec<(Vec<usize>, usize)> {
    let mut out: Vec<(Vec<usize>, usize)> = Vec::new();
    let mut run = (Vec::new(), 0);
    for &m in members {
        run.0.push(m);
        run.1 += weight(m);
        if run.1 >= PIECE_WEIGHT {
            out.push(std::mem::take(&mut run));
        }
    }
    if !run.0.is_empty() {
        out.push(run);
    }
    out
}

/// The parts of an operations file: its start (docs, methods), then its builders in pieces.
fn operations_file(api: &Api, path: &str, area: Option<usize>, ops: Vec<usize>) -> Vec<Part> {
    let pieces = runs(&ops, |i| operation_weight(api, i));
    let head_cost = 2 * ops.len();
    let mut parts = vec![Part::new(path, head_cost, Make::OperationsHead { area, ops })];
    parts.extend(pieces.into_iter().map(|(ops, cost)| Part::piece(path, cost, Make::Builders(ops))));
    parts
}

/// The parts of a file of `types`: its start, then its types in pieces.
fn types_file(api: &Api, module: &layout::TypeModule) -> Vec<Part> {
    let path = format!("src/types/{}.rs", module.name);
    let mut parts = vec![Part::new(&path, 0, Make::TypesHead)];
    let pieces = runs(&module.types, |i| type_weight(api, i));
    parts.extend(
        pieces.into_iter().map(|(types, cost)| Part::piece(&path, cost, Make::Types { area: module.area, types })),
    );
    parts
}

/// Every file a client crate for `api` may have, each emitted on its own so files can
/// be made (and formatted) in parallel: tokens cannot cross threads. Operations and
/// types are split by area when the API has areas (`layout`), and large files in
/// pieces.
pub fn parts(api: &Api) -> Vec<Part> {
    let emitted: [(&'static str, Emitter); 5] = [
        ("Cargo.toml", |api| Some(Content::Text(manifest::cargo_toml(api)))),
        ("src/lib.rs", |api| Some(Content::Rust(manifest::lib_rs(api)))),
        ("src/client.rs", |api| Some(Content::Rust(client::client_rs(api)))),
        ("src/areas.rs", |api| (!api.areas.is_empty()).then(|| Content::Rust(areas::areas_rs(api)))),
        ("src/runtime/mod.rs", |api| Some(Content::Rust(client::runtime_mod_rs(api)))),
    ];
    let small = 8 + api.areas.len();
    let mut parts: Vec<Part> =
        emitted.into_iter().map(|(path, make)| Part::new(path, small, Make::Emit(make))).collect();
    if !api.areas.is_empty() {
        parts.push(Part::new(
            "src/operations/mod.rs",
            small,
            Make::Emit(|api| Some(Content::Rust(operations::operations_mod_rs(api)))),
        ));
        let mut by_area: Vec<Vec<usize>> = vec![Vec::new(); api.areas.len()];
        for (i, op) in api.operations.iter().enumerate() {
            if let Some(ops) = op.area.and_then(|a| by_area.get_mut(a)) {
                ops.push(i);
            }
        }
        for (i, (area, ops)) in api.areas.iter().zip(by_area).enumerate() {
            parts.extend(operations_file(api, &format!("src/operations/{}.rs", area.name), Some(i), ops));
        }
    } else if layout::split_operations(api) {
        let letters = layout::operation_letters(api);
        let names = letters.iter().map(|(name, _)| name.clone()).collect();
        parts.push(Part::new("src/operations/mod.rs", small, Make::LettersMod(names)));
        for (name, ops) in letters {
            parts.extend(operations_file(api, &format!("src/operations/{name}.rs"), None, ops));
        }
    } else {
        parts.push(Part::new(
            "src/operations.rs",
            (0..api.operations.len()).map(|i| operation_weight(api, i)).sum(),
            Make::Emit(|api| Some(Content::Rust(operations::operations_rs(api)))),
        ));
    }
    if layout::split_types(api) {
        let modules = layout::type_modules(api);
        let files: Vec<Part> = modules.iter().flat_map(|m| types_file(api, m)).collect();
        parts.push(Part::new("src/types/mod.rs", small, Make::TypesMod(modules)));
        parts.extend(files);
    } else {
        parts.push(Part::new(
            "src/types.rs",
            (0..api.types.len()).map(|i| type_weight(api, i)).sum(),
            Make::Emit(|api| Some(Content::Rust(types::types_rs(api)))),
        ));
    }
    let runtime = crate::runtime::MODULES.iter().map(|m| Part::new(m.path, 0, Make::Runtime(m)));
    parts.extend(runtime);
    parts
}

/// Every file of the client crate, emitted in order on the current thread (the pieces
/// of a file are its items, in order).
pub fn crate_files(api: &Api) -> Vec<File> {
    let shared = Shared::new(api);
    let mut files: Vec<File> = Vec::new();
    for part in parts(api) {
        let Some(file) = part.emit(api, &shared) else { continue };
        match (files.last_mut(), file.content) {
            (Some(File { path, content: Content::Rust(tokens) }), Content::Rust(more))
                if part.continues && *path == file.path =>
            {
                tokens.extend(more)
            }
            (_, content) => files.push(File { path: file.path, content }),
        }
    }
    files
}

/// The Rust type for a type reference. `types_path` is how named types are reached
/// from the module being emitted (empty inside `types`).
pub(crate) fn rust_type(t: &TypeRef, types_path: &TokenStream) -> TokenStream {
    match t {
        TypeRef::Bool => quote!(bool),
        TypeRef::I8 => quote!(i8),
        TypeRef::I16 => quote!(i16),
        TypeRef::I32 => quote!(i32),
        TypeRef::I64 => quote!(i64),
        TypeRef::U8 => quote!(u8),
        TypeRef::U16 => quote!(u16),
        TypeRef::U32 => quote!(u32),
        TypeRef::U64 => quote!(u64),
        TypeRef::F32 => quote!(f32),
        TypeRef::F64 => quote!(f64),
        TypeRef::String => quote!(String),
        TypeRef::DateTime => quote!(chrono::DateTime<chrono::Utc>),
        TypeRef::Uuid => quote!(uuid::Uuid),
        TypeRef::Bytes => quote!(Vec<u8>),
        TypeRef::File => quote!(crate::FilePart),
        TypeRef::Json => quote!(serde_json::Value),
        TypeRef::JsonObject => quote!(serde_json::Map<String, serde_json::Value>),
        TypeRef::Named(n) => {
            let id = crate::names::ident(n);
            quote!(#types_path #id)
        }
        TypeRef::Vec(inner) => {
            let inner = rust_type(inner, types_path);
            quote!(Vec<#inner>)
        }
        TypeRef::Map(inner) => {
            let inner = rust_type(inner, types_path);
            quote!(std::collections::BTreeMap<String, #inner>)
        }
        TypeRef::Option(inner) => {
            let inner = rust_type(inner, types_path);
            quote!(Option<#inner>)
        }
        TypeRef::Boxed(inner) => {
            let inner = rust_type(inner, types_path);
            quote!(Box<#inner>)
        }
    }
}
