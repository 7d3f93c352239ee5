//! The names the generated `Client` and request builders define themselves are the
//! names lowering keeps from operations and inputs: a method added to the emitted
//! client or builders without being listed in `generator::emit::{CLIENT_METHODS,
//! BUILDER_METHODS, BUILDER_FIELDS}` fails here.

use std::collections::BTreeSet;

/// Operations, parameters and body fields named like what the client and builders own.
const SPEC: &str = r##"
openapi: 3.0.3
info: { title: Names, version: "1" }
paths:
  /new:
    get:
      operationId: new
      security: [ { key: [] }, { basic: [] } ]
      parameters:
        - { name: send, in: query, schema: { type: string } }
        - { name: client, in: query, required: true, schema: { type: string } }
        - { name: clone, in: query, schema: { type: string } }
        - { name: into_future, in: header, schema: { type: string } }
      responses: { "204": { description: ok } }
  /execute:
    post:
      operationId: execute
      # A login: the client gets its `store_credentials`.
      x-login: { key: "" }
      requestBody:
        content:
          application/json:
            schema:
              type: object
              required: [body]
              properties:
                body: { type: string }
                send_with_response: { type: integer }
                limit: { type: integer }
      responses: { "200": { description: ok, content: { application/json: { schema: { type: string } } } } }
  /raw:
    put:
      operationId: withRetry
      requestBody:
        content: { text/plain: { schema: { type: string } } }
      responses: { "204": { description: ok } }
  /setters:
    get:
      operationId: setKey
      responses: { "204": { description: ok } }
    post:
      operationId: withBasic
      responses: { "204": { description: ok } }
    delete:
      operationId: clearCredentials
      responses: { "204": { description: ok } }
components:
  securitySchemes:
    key: { type: apiKey, in: header, name: X-Key }
    basic: { type: http, scheme: basic }
"##;

/// Every method callable on values of the type named `ty` in `file`: the functions of
/// its `impl` blocks (inherent and trait) and those of the traits it derives.
fn methods_of(file: &syn::File, ty: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for item in &file.items {
        match item {
            syn::Item::Impl(i) if type_name(&i.self_ty).as_deref() == Some(ty) => {
                for it in &i.items {
                    if let syn::ImplItem::Fn(f) = it {
                        out.insert(f.sig.ident.to_string());
                    }
                }
            }
            syn::Item::Struct(s) if s.ident == ty => {
                for attr in s.attrs.iter().filter(|a| a.path().is_ident("derive")) {
                    let _ = attr.parse_nested_meta(|m| {
                        let derived = m.path.get_ident().map(ToString::to_string).unwrap_or_default();
                        out.extend(
                            match derived.as_str() {
                                "Clone" => Some("clone"),
                                "Debug" => Some("fmt"),
                                _ => None,
                            }
                            .map(str::to_owned),
                        );
                        Ok(())
                    });
                }
            }
            _ => {}
        }
    }
    out
}

fn fields_of(file: &syn::File, ty: &str) -> BTreeSet<String> {
    file.items
        .iter()
        .filter_map(|item| match item {
            syn::Item::Struct(s) if s.ident == ty => Some(s),
            _ => None,
        })
        .flat_map(|s| s.fields.iter().filter_map(|f| f.ident.as_ref().map(ToString::to_string)))
        .collect()
}

/// `Client`, `crate::Client`, `Foo<'a>`: the last path segment.
fn type_name(ty: &syn::Type) -> Option<String> {
    match ty {
        syn::Type::Path(p) => p.path.segments.last().map(|s| s.ident.to_string()),
        _ => None,
    }
}

fn bare(name: &str) -> String {
    name.trim_start_matches("r#").to_owned()
}

#[test]
fn the_client_and_builders_define_only_reserved_names_and_inputs() {
    let dir = tempfile::tempdir().expect("temp dir");
    let spec = dir.path().join("names.yaml");
    std::fs::write(&spec, SPEC).expect("write spec");
    let config = generator::Config {
        derive_deserialize: false,
        inputs: vec![generator::Input { spec, overlays: vec![] }],
        crate_name: "names-client".into(),
        title: None,
        strict: false,
        command: "test".into(),
    };
    let generated = generator::generate(&config).unwrap_or_else(|_| panic!("the document does not generate"));
    let parse = |path: &str| -> syn::File {
        let file = generated.files.iter().find(|f| f.path == path).unwrap_or_else(|| panic!("no {path}"));
        syn::parse_file(&file.text).unwrap_or_else(|e| panic!("{path} does not parse: {e}"))
    };
    let api = &generated.api;
    let reserved = |list: &[&str]| list.iter().map(|s| s.to_string()).collect::<BTreeSet<String>>();

    // The client: every method in client.rs is one of CLIENT_METHODS or a credential setter.
    let client = parse("src/client.rs");
    let setters: BTreeSet<String> = api
        .auth
        .iter()
        .flat_map(|a| {
            let (with, set) = generator::names::credential_setters(&a.field);
            [with, set]
        })
        .collect();
    assert_eq!(setters.len(), 4, "two credentials, two setters each");
    let client_reserved = reserved(generator::emit::CLIENT_METHODS);
    let own: BTreeSet<String> = methods_of(&client, "Client").difference(&setters).cloned().collect();
    let unlisted: Vec<&String> = own.difference(&client_reserved).collect();
    assert!(unlisted.is_empty(), "Client methods missing from emit::CLIENT_METHODS: {unlisted:?}");
    // ... and operations took other names.
    let operations: BTreeSet<String> = api.operations.iter().map(|o| bare(&o.method_name)).collect();
    let taken: Vec<&String> = operations.iter().filter(|o| own.contains(*o) || setters.contains(*o)).collect();
    assert!(taken.is_empty(), "operations named like Client methods: {taken:?}");
    assert_eq!(operations.len(), 6, "{operations:?}");
    let ops = parse("src/operations.rs");
    let client_methods_in_operations = methods_of(&ops, "Client");
    assert_eq!(client_methods_in_operations, api.operations.iter().map(|o| bare(&o.method_name)).collect());

    // Each builder: every method is one of BUILDER_METHODS or an input's setter, every
    // field one of BUILDER_FIELDS or an input.
    let builder_reserved = reserved(generator::emit::BUILDER_METHODS);
    let field_reserved = reserved(generator::emit::BUILDER_FIELDS);
    for op in &api.operations {
        let mut inputs: BTreeSet<String> = op.params.iter().map(|p| bare(&p.name)).collect();
        if let Some(body) = &op.body {
            match &body.flattened {
                Some(flat) => {
                    let def = api.types.iter().find(|t| t.name == flat.type_name).expect("flattened body type");
                    let generator::ir::TypeKind::Struct(s) = &def.kind else { panic!("flattened body not a struct") };
                    inputs.extend(s.fields.iter().map(|f| bare(&f.name)));
                }
                None => {
                    inputs.insert("body".into());
                }
            }
        }
        let builder = &op.builder_name;
        let methods = methods_of(&ops, builder);
        let unlisted: Vec<&String> =
            methods.iter().filter(|m| !builder_reserved.contains(*m) && !inputs.contains(*m)).collect();
        assert!(unlisted.is_empty(), "{builder} methods missing from emit::BUILDER_METHODS: {unlisted:?}");
        let fields = fields_of(&ops, builder);
        let unlisted: Vec<&String> =
            fields.iter().filter(|f| !field_reserved.contains(*f) && !inputs.contains(*f)).collect();
        assert!(unlisted.is_empty(), "{builder} fields missing from emit::BUILDER_FIELDS: {unlisted:?}");
        // Inputs took other names (the unflattened body is the input `body` itself).
        let clash: Vec<&String> = inputs
            .iter()
            .filter(|i| builder_reserved.contains(*i) || (field_reserved.contains(*i) && *i != "body"))
            .collect();
        assert!(clash.is_empty(), "{builder} inputs named like its own members: {clash:?}");
    }
}

/// Tagged operations in areas named like the `Client`'s own methods, named like what
/// an area's struct defines itself.
const AREAS_SPEC: &str = r##"
openapi: 3.0.3
info: { title: Areas, version: "1" }
paths:
  /a:
    get: { operationId: new_clone, tags: [new], responses: { "204": { description: ok } } }
    post: { operationId: new_fmt, tags: [new], responses: { "204": { description: ok } } }
    put: { operationId: new_thing, tags: [new], responses: { "204": { description: ok } } }
  /b:
    get: { operationId: clone_from, tags: [execute], responses: { "204": { description: ok } } }
    post: { operationId: execute_request, tags: [execute], responses: { "204": { description: ok } } }
  /c:
    get: { operationId: base_url, responses: { "204": { description: ok } } }
"##;

#[test]
fn areas_define_only_reserved_names_and_operations() {
    let dir = tempfile::tempdir().expect("temp dir");
    let spec = dir.path().join("areas.yaml");
    std::fs::write(&spec, AREAS_SPEC).expect("write spec");
    let config = generator::Config {
        derive_deserialize: false,
        inputs: vec![generator::Input { spec, overlays: vec![] }],
        crate_name: "areas-client".into(),
        title: None,
        strict: false,
        command: "test".into(),
    };
    let generated = generator::generate(&config).unwrap_or_else(|_| panic!("the document does not generate"));
    let parse = |path: &str| -> syn::File {
        let file = generated.files.iter().find(|f| f.path == path).unwrap_or_else(|| panic!("no {path}"));
        syn::parse_file(&file.text).unwrap_or_else(|e| panic!("{path} does not parse: {e}"))
    };
    let api = &generated.api;
    assert_eq!(api.areas.len(), 2, "{:?}", api.areas);
    let areas = parse("src/areas.rs");
    // Operations are in one file per area and `operations/mod.rs` (those on `Client`).
    let mut ops = parse("src/operations/mod.rs");
    for f in generated.files.iter().filter(|f| f.path.starts_with("src/operations/") && !f.path.ends_with("mod.rs")) {
        ops.items.extend(parse(&f.path).items);
    }
    // Accessors on `Client` steer clear of its own methods and of operations left on it.
    let client_reserved: BTreeSet<String> = generator::emit::CLIENT_METHODS.iter().map(|s| s.to_string()).collect();
    let accessors = methods_of(&areas, "Client");
    assert_eq!(accessors, api.areas.iter().map(|a| a.name.clone()).collect());
    let on_client: BTreeSet<String> = methods_of(&ops, "Client");
    assert_eq!(on_client, ["base_url2".to_owned()].into(), "the untagged operation stays on Client, renamed");
    for a in &accessors {
        assert!(!client_reserved.contains(a) && !on_client.contains(a), "accessor `{a}` clashes");
    }
    // An area's struct defines AREA_METHODS; its operations take other names.
    let area_reserved: BTreeSet<String> = generator::emit::AREA_METHODS.iter().map(|s| s.to_string()).collect();
    for (i, area) in api.areas.iter().enumerate() {
        let own = methods_of(&areas, &area.type_name);
        let unlisted: Vec<&String> = own.difference(&area_reserved).collect();
        assert!(unlisted.is_empty(), "{} methods missing from emit::AREA_METHODS: {unlisted:?}", area.type_name);
        let names: BTreeSet<String> =
            api.operations.iter().filter(|o| o.area == Some(i)).map(|o| bare(&o.method_name)).collect();
        assert_eq!(methods_of(&ops, &area.type_name), names);
        let clash: Vec<&String> = names.intersection(&area_reserved).collect();
        assert!(clash.is_empty(), "operations named like {}'s own methods: {clash:?}", area.type_name);
    }
    let mut all: Vec<String> = api.operations.iter().map(|o| bare(&o.method_name)).collect();
    all.sort();
    assert_eq!(all, ["base_url2", "clone_from2", "new_clone", "new_fmt", "request", "thing"]);
}
