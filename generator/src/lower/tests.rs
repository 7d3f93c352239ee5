//! Lowering small documents to the IR.

use super::{lower, Options};
use crate::ir::{Api, AuthKind, ParamLocation, TypeKind, TypeRef};

fn api(yaml: &str) -> Api {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("api.yaml");
    std::fs::write(&path, yaml).expect("write");
    let loaded = crate::load::load(&path, &[], false);
    let doc = loaded.document.unwrap_or_else(|| panic!("does not load: {:?}", loaded.diagnostics));
    lower(&[doc], &Options { crate_name: "t".into(), title: None }).0
}

fn kind<'a>(api: &'a Api, name: &str) -> &'a TypeKind {
    &api.types.iter().find(|t| t.name == name).unwrap_or_else(|| panic!("no type {name}")).kind
}

const HEAD: &str = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\n";

#[test]
fn exactly_one_of_becomes_an_enum_of_the_properties() {
    let a = api(&format!(
        "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    Req:\n      type: object\n      properties:\n        roomId: {{type: string}}\n        roomName: {{type: string}}\n        note: {{type: string}}\n      allOf:\n        - title: RoomRef\n          oneOf:\n            - required: [roomId]\n            - required: [roomName]\n"
    ));
    let TypeKind::Struct(s) = kind(&a, "Req") else { panic!("Req is not a struct") };
    let names: Vec<&str> = s.fields.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["room", "note"]);
    assert!(s.fields[0].flatten && s.fields[0].required);
    let TypeKind::Exclusive(vs) = kind(&a, "RoomRef") else { panic!("RoomRef is not exclusive") };
    let pairs: Vec<(&str, &str)> = vs.iter().map(|v| (v.name.as_str(), v.wire.as_str())).collect();
    assert_eq!(pairs, [("Id", "roomId"), ("Name", "roomName")]);
}

#[test]
fn all_of_merges_properties_and_requirements() {
    let a = api(&format!(
        "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    Base:\n      type: object\n      required: [id]\n      properties:\n        id: {{type: integer, format: int32}}\n    Pet:\n      allOf:\n        - $ref: '#/components/schemas/Base'\n        - type: object\n          required: [name]\n          properties:\n            name: {{type: string}}\n            tag: {{type: string, nullable: true}}\n"
    ));
    let TypeKind::Struct(s) = kind(&a, "Pet") else { panic!("Pet is not a struct") };
    let fields: Vec<(&str, &TypeRef, bool, bool)> =
        s.fields.iter().map(|f| (f.name.as_str(), &f.ty, f.required, f.nullable)).collect();
    assert_eq!(
        fields,
        [
            ("id", &TypeRef::I32, true, false),
            ("name", &TypeRef::String, true, false),
            ("tag", &TypeRef::String, false, true)
        ]
    );
}

#[test]
fn recursive_fields_are_boxed_but_vectors_are_not() {
    let a = api(&format!(
        "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    Node:\n      type: object\n      properties:\n        parent: {{$ref: '#/components/schemas/Node'}}\n        children: {{type: array, items: {{$ref: '#/components/schemas/Node'}}}}\n"
    ));
    let TypeKind::Struct(s) = kind(&a, "Node") else { panic!() };
    assert_eq!(s.fields[0].ty, TypeRef::Boxed(Box::new(TypeRef::Named("Node".into()))));
    assert_eq!(s.fields[1].ty, TypeRef::Vec(Box::new(TypeRef::Named("Node".into()))));
}

#[test]
fn enums_inline_names_and_one_of_constants() {
    let a = api(&format!(
        "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    Thing:\n      type: object\n      properties:\n        state: {{type: string, enum: [on, off, '']}}\n        level: {{type: integer, enum: [1, 2]}}\n    Mode:\n      oneOf:\n        - {{type: string, enum: [fast], description: Quick.}}\n        - {{type: string, enum: [slow]}}\n"
    ));
    let TypeKind::Enum(values) = kind(&a, "ThingState") else { panic!("inline enum not named ThingState") };
    let names: Vec<&str> = values.iter().map(|v| v.name.as_str()).collect();
    assert_eq!(names, ["On", "Off", "Empty"]);
    assert!(matches!(kind(&a, "ThingLevel"), TypeKind::IntEnum(v) if v.len() == 2));
    let TypeKind::Enum(modes) = kind(&a, "Mode") else { panic!("oneOf of constants is not an enum") };
    assert_eq!(modes[0].doc.as_deref(), Some("Quick."));
}

#[test]
fn shared_header_parameters_become_client_credentials() {
    let a = api(&format!(
        "{HEAD}paths:\n  /a:\n    get:\n      operationId: a\n      parameters: [{{$ref: '#/components/parameters/Tok'}}, {{name: q, in: query, schema: {{type: string}}}}]\n      responses: {{'204': {{description: ok}}}}\n  /b:\n    get:\n      operationId: b\n      parameters: [{{$ref: '#/components/parameters/Tok'}}]\n      responses: {{'204': {{description: ok}}}}\ncomponents:\n  parameters:\n    Tok: {{name: X-Auth-Token, in: header, required: true, schema: {{type: string}}}}\n"
    ));
    assert_eq!(a.auth.len(), 1);
    assert_eq!(a.auth[0].kind, AuthKind::Header("X-Auth-Token".into()));
    assert_eq!(a.auth[0].setter, "with_tok");
    let op = &a.operations[0];
    assert_eq!(op.auth, ["Tok"]);
    assert_eq!(op.params.len(), 1);
    assert_eq!((op.params[0].name.as_str(), op.params[0].location), ("q", ParamLocation::Query));
}

#[test]
fn a_single_success_and_documented_errors_are_kept_by_status() {
    let a = api(&format!(
        "{HEAD}paths:\n  /p/{{id}}:\n    delete:\n      parameters: [{{name: id, in: path, required: true, schema: {{type: string}}}}]\n      responses:\n        '204': {{description: gone}}\n        '404': {{description: nope, content: {{application/json: {{schema: {{type: object, properties: {{m: {{type: string}}}}}}}}}}}}\n        default: {{description: other}}\n"
    ));
    let op = &a.operations[0];
    assert_eq!(op.method_name, "delete");
    let statuses: Vec<(&str, bool)> = op.responses.iter().map(|r| (r.variant.as_str(), r.success)).collect();
    assert_eq!(statuses, [("NoContent", true), ("NotFound", false), ("Default", false)]);
}

fn document(json: serde_json::Value) -> crate::load::Document {
    let api: openapiv3::OpenAPI = serde_json::from_value(json).expect("an OpenAPI document");
    crate::load::Document { name: "t.json".into(), api, origins: Vec::new(), operations_in: 0 }
}

#[test]
fn references_are_unescaped_and_only_name_components_of_their_section() {
    use super::refs::component_name;
    assert_eq!(component_name("#/components/schemas/Pet", "schemas").as_deref(), Some("Pet"));
    assert_eq!(component_name("#/components/schemas/a~1b~0c", "schemas").as_deref(), Some("a/b~c"));
    assert_eq!(component_name("#/components/schemas/a%20b%7E1c", "schemas").as_deref(), Some("a b/c"));
    assert_eq!(component_name("#/components/schemas/Pet/properties/id", "schemas"), None);
    assert_eq!(component_name("#/components/parameters/Pet", "schemas"), None);
    assert_eq!(component_name("#/paths/~1pets/get", "schemas"), None);
}

#[test]
fn the_resolver_follows_chains_and_stops_at_cycles() {
    use super::refs::RefError;
    use openapiv3::{Parameter, ReferenceOr};
    let docs = [document(serde_json::json!({
        "openapi": "3.0.3", "info": {"title": "T", "version": "1"}, "paths": {},
        "components": {"parameters": {
            "A": {"$ref": "#/components/parameters/B"},
            "B": {"$ref": "#/components/parameters/C~1D"},
            "C/D": {"name": "q", "in": "query", "schema": {"type": "string"}},
            "Loop1": {"$ref": "#/components/parameters/Loop2"},
            "Loop2": {"$ref": "#/components/parameters/Loop1"}
        }}
    }))];
    let l = super::Lowering::new(&docs, &[]);
    let reference = |r: &str| ReferenceOr::<Parameter>::Reference { reference: r.to_owned() };
    let chain = reference("#/components/parameters/A");
    let found = l.resolve(0, &chain).expect("the chain resolves");
    assert_eq!(found.parameter_data_ref().name, "q");
    let cycle = reference("#/components/parameters/Loop1");
    assert_eq!(l.resolve(0, &cycle).err(), Some(RefError::Cycle));
    let missing = reference("#/components/parameters/Nope");
    assert_eq!(l.resolve(0, &missing).err(), Some(RefError::Missing("Nope".into())));
    let elsewhere = reference("#/paths/~1p/get/parameters/0");
    assert_eq!(l.resolve(0, &elsewhere).err(), Some(RefError::NotComponent));
}

#[test]
fn bodies_and_responses_given_by_a_chain_of_references_are_kept() {
    // Each was followed one level only: the body and the response were dropped.
    let a = api(&format!(
        "{HEAD}paths:\n  /p:\n    post:\n      operationId: p\n      requestBody: {{$ref: '#/components/requestBodies/Outer'}}\n      responses:\n        '200': {{$ref: '#/components/responses/Outer'}}\ncomponents:\n  requestBodies:\n    Outer: {{$ref: '#/components/requestBodies/Inner'}}\n    Inner:\n      required: true\n      content: {{application/json: {{schema: {{type: object, properties: {{n: {{type: integer}}}}}}}}}}\n  responses:\n    Outer: {{$ref: '#/components/responses/Inner'}}\n    Inner:\n      description: ok\n      content: {{text/plain: {{schema: {{type: string}}}}}}\n"
    ));
    let op = &a.operations[0];
    let body = op.body.as_ref().expect("the body is kept");
    assert!(body.required);
    assert_eq!(op.responses.len(), 1);
    assert_eq!(op.responses[0].payload, crate::ir::Payload::Text);
}

#[test]
fn a_lowering_warning_about_a_part_from_another_file_points_into_that_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let main = dir.path().join("main.yaml");
    let other = dir.path().join("other.yaml");
    std::fs::write(
        &main,
        format!("{HEAD}paths:\n  /p:\n    get:\n      operationId: p\n      responses:\n        '200':\n          description: ok\n          content: {{application/json: {{schema: {{$ref: 'other.yaml#/components/schemas/Thing'}}}}}}\n"),
    )
    .expect("write");
    std::fs::write(
        &other,
        "components:\n  schemas:\n    Thing:\n      type: object\n      properties:\n        x:\n          type: strange\n",
    )
    .expect("write");
    let config = crate::Config {
        derive_deserialize: false,
        inputs: vec![crate::Input { spec: main, overlays: Vec::new() }],
        crate_name: "t".into(),
        title: None,
        strict: false,
        command: "test".into(),
    };
    let lowered = crate::load_and_lower(&config).unwrap_or_else(|f| panic!("does not load: {:?}", f.diagnostics));
    let warning = lowered
        .diagnostics
        .iter()
        .find(|d| d.code == "unknown-type")
        .unwrap_or_else(|| panic!("no unknown-type warning: {:?}", lowered.diagnostics));
    assert!(warning.file.ends_with("other.yaml"), "reported in {}", warning.file);
    assert_eq!(warning.pointer, "/components/schemas/Thing/properties/x");
    // The schema of `x`: its key on line 6, its body on line 7 of other.yaml.
    let span = warning.span.as_ref().expect("located");
    assert!((6..=7).contains(&span.line), "located at {span:?}");
}

/// Lowers several documents into one client, with the findings.
fn apis(docs: &[&str]) -> (Api, Vec<crate::diag::Diagnostic>) {
    let dir = tempfile::tempdir().expect("temp dir");
    let loaded: Vec<_> = docs
        .iter()
        .enumerate()
        .map(|(i, yaml)| {
            let path = dir.path().join(format!("d{i}.yaml"));
            std::fs::write(&path, yaml).expect("write");
            let loaded = crate::load::load(&path, &[], false);
            loaded.document.unwrap_or_else(|| panic!("does not load: {:?}", loaded.diagnostics))
        })
        .collect();
    lower(&loaded, &Options { crate_name: "t".into(), title: None })
}

#[test]
fn an_endpoint_defined_twice_is_the_first_documents() {
    let first = format!("{HEAD}paths:\n  /a/{{id}}:\n    get:\n      operationId: first\n      parameters: [{{name: id, in: path, required: true, schema: {{type: string}}}}]\n      responses: {{'204': {{description: ok}}}}\n");
    let second = format!("{HEAD}paths:\n  /a/{{key}}:\n    get:\n      operationId: second\n      parameters: [{{name: key, in: path, required: true, schema: {{type: string}}}}]\n      responses: {{'204': {{description: ok}}}}\n    post:\n      operationId: other\n      responses: {{'204': {{description: ok}}}}\n");
    let (a, diags) = apis(&[&first, &second]);
    let ids: Vec<&str> = a.operations.iter().map(|o| o.operation_id.as_str()).collect();
    assert_eq!(ids, ["first", "other"]);
    let notes: Vec<_> = diags.iter().filter(|d| d.code == "duplicate-operation").collect();
    assert_eq!(notes.len(), 1, "{diags:?}");
    assert_eq!(notes[0].operations_left_out, 1);
    assert_eq!(notes[0].pointer, "/paths/~1a~1{key}/get");
    assert!(notes[0].message.contains("d0.yaml as `/a/{id}`"), "{}", notes[0].message);
}

#[test]
fn structurally_identical_inline_schemas_are_one_type() {
    let obj = "{type: object, properties: {id: {type: string}, n: {type: integer, format: int32}}}";
    let a = api(&format!(
        "{HEAD}paths:\n  /a:\n    get:\n      operationId: a\n      responses: {{'200': {{description: ok, content: {{application/json: {{schema: {{type: object, properties: {{x: {obj}}}}}}}}}}}}}\n  /b:\n    get:\n      operationId: b\n      responses: {{'200': {{description: ok, content: {{application/json: {{schema: {{type: object, properties: {{y: {obj}}}}}}}}}}}}}\n  /c:\n    get:\n      operationId: c\n      responses: {{'200': {{description: ok, content: {{application/json: {{schema: {obj}}}}}}}}}\ncomponents:\n  schemas:\n    Thing: {obj}\n"
    ));
    let structs: Vec<&str> =
        a.types.iter().filter(|t| matches!(t.kind, TypeKind::Struct(_))).map(|t| t.name.as_str()).collect();
    // `Thing`, and the two outer objects (`{x}`, `{y}` differ by their field's name);
    // every inline copy of Thing's shape is Thing.
    assert_eq!(structs.len(), 3, "{structs:?}");
    assert!(structs.contains(&"Thing"), "{structs:?}");
}

/// The type of field `wire` of the body of operation `op`.
fn body_field(api: &Api, op: &str, wire: &str) -> TypeRef {
    let o = api.operations.iter().find(|o| o.operation_id == op).unwrap_or_else(|| panic!("no operation {op}"));
    let body = o.body.as_ref().unwrap_or_else(|| panic!("{op} has no body"));
    let name = body.ty.named().unwrap_or_else(|| panic!("{op}'s body is not a named type"));
    let TypeKind::Struct(s) = kind(api, name) else { panic!("{op}'s body {name} is not a struct") };
    s.fields.iter().find(|f| f.wire == wire).unwrap_or_else(|| panic!("{name} has no field {wire}")).ty.clone()
}

#[test]
fn multipart_binary_properties_are_file_parts_wherever_the_body_is_written() {
    let a = api(&format!(
        "{HEAD}paths:
  /inline:
    post:
      operationId: inline
      requestBody:
        content:
          multipart/form-data:
            schema:
              type: object
              properties:
                file: {{type: string, format: binary}}
                photo: {{$ref: '#/components/schemas/Photo'}}
                meta: {{type: object, properties: {{raw: {{type: string, format: binary}}}}}}
      responses: {{'204': {{description: ok}}}}
  /referenced:
    post:
      operationId: referenced
      requestBody:
        content:
          multipart/form-data:
            schema: {{$ref: '#/components/schemas/Upload'}}
      responses: {{'204': {{description: ok}}}}
  /json:
    post:
      operationId: json
      requestBody:
        content:
          application/json:
            schema: {{$ref: '#/components/schemas/Upload'}}
      responses: {{'204': {{description: ok}}}}
components:
  schemas:
    Photo: {{type: string, format: binary}}
    Upload:
      type: object
      required: [file]
      properties:
        file: {{type: string, format: binary}}
        photo: {{$ref: '#/components/schemas/Photo'}}
        note: {{type: string}}
"
    ));
    // A body written inline, with a property given by `$ref`.
    assert_eq!(body_field(&a, "inline", "file"), TypeRef::File);
    assert_eq!(body_field(&a, "inline", "photo"), TypeRef::File);
    // Only the body's own properties are parts: a nested object is JSON text.
    let meta = body_field(&a, "inline", "meta");
    let TypeKind::Struct(m) = kind(&a, meta.named().expect("meta is a type")) else { panic!("meta is not a struct") };
    assert_eq!(m.fields[0].ty, TypeRef::String);
    // A body given by `$ref` to a component.
    assert_eq!(body_field(&a, "referenced", "file"), TypeRef::File);
    assert_eq!(body_field(&a, "referenced", "photo"), TypeRef::File);
    assert_eq!(body_field(&a, "referenced", "note"), TypeRef::String);
    // The component keeps its JSON shape for its other uses.
    assert_eq!(body_field(&a, "json", "file"), TypeRef::String);
}

/// The feature fixture (`tests/features/openapi.yaml`): what the pagination rule and
/// `x-pagination` make of each operation.
#[test]
fn pagination_is_detected_by_the_rule_and_set_by_the_overlay() {
    use crate::ir::PageStyle;
    let yaml = include_str!("../../../tests/features/openapi.yaml");
    let a = api(yaml);
    type Row<'a> = (&'a str, Option<PageStyle>, Option<&'a str>, Option<&'a str>);
    let paged: Vec<Row> = a
        .operations
        .iter()
        .map(|o| {
            let p = o.pagination.as_ref();
            let param = p.and_then(|p| o.params.get(p.param)).map(|p| p.wire.as_str());
            let total = p.and_then(|p| p.total.as_ref()).map(|t| t.name.as_str());
            (o.operation_id.as_str(), p.map(|p| p.style), param, total)
        })
        .collect();
    assert_eq!(
        paged,
        [
            ("createPet", None, None, None),
            ("uploadPhoto", None, None, None),
            ("listUsers", Some(PageStyle::Offset), Some("offset"), Some("total")),
            ("listRepos", Some(PageStyle::Page), Some("page"), None),
            ("listEvents", Some(PageStyle::Cursor), Some("page_token"), None),
            ("listAudit", Some(PageStyle::Offset), Some("skip"), Some("matching")),
            ("getStats", None, None, None),
            ("login", None, None, None),
            ("logout", None, None, None),
            ("me", None, None, None),
        ]
    );
    // Without its `x-pagination: false`, getStats pages by the rule.
    let a = api(&yaml.replace("      x-pagination: false\n", ""));
    assert!(a.operations.iter().any(|o| o.operation_id == "getStats" && o.pagination.is_some()));
}

/// The quirks fixture (`tests/quirks/openapi.yaml`): token pagination by the rule
/// (Matrix's `from`/`end` and `since`/`next_batch`, Stripe's `starting_after` with
/// `has_more` and the last item's `id`) and by the overlay.
#[test]
fn token_pagination_is_detected() {
    use crate::ir::PageStyle;
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/quirks/openapi.yaml");
    let loaded = crate::load::load(&path, &[], false);
    let doc = loaded.document.unwrap_or_else(|| panic!("does not load: {:?}", loaded.diagnostics));
    let a = lower(&[doc], &Options { crate_name: "t".into(), title: None }).0;
    type Row<'a> = (&'a str, Option<PageStyle>, Option<&'a str>, Option<&'a str>, Option<&'a str>, Option<&'a str>);
    fn name(f: &Option<crate::ir::PageField>) -> Option<&str> {
        f.as_ref().map(|f| f.name.as_str())
    }
    let paged: Vec<Row> = a
        .operations
        .iter()
        .map(|o| {
            let p = o.pagination.as_ref();
            let param = p.and_then(|p| o.params.get(p.param)).map(|p| p.wire.as_str());
            (
                o.operation_id.as_str(),
                p.map(|p| p.style),
                param,
                p.and_then(|p| name(&p.cursor)),
                p.and_then(|p| name(&p.last_item)),
                p.and_then(|p| name(&p.more)),
            )
        })
        .collect();
    let cursor = Some(PageStyle::Cursor);
    assert_eq!(
        paged,
        [
            ("upload", None, None, None, None, None),
            ("postNote", None, None, None, None, None),
            ("roomMessages", cursor, Some("from"), Some("end"), None, None),
            ("publicRooms", cursor, Some("since"), Some("next_batch"), None, None),
            ("listCharges", cursor, Some("starting_after"), None, Some("id"), Some("has_more")),
            ("feed", cursor, Some("pos"), Some("continue_at"), None, Some("more_results")),
        ]
    );
}

#[test]
fn a_wrong_pagination_overlay_is_a_located_warning_and_no_pager() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("api.yaml");
    let op = |ext: &str| {
        format!("  /{ext_name}:\n    get:\n      x-pagination: {ext}\n      parameters:\n        - {{name: skip, in: query, schema: {{type: integer}}}}\n      responses:\n        '200': {{description: ok, content: {{application/json: {{schema: {{type: object, properties: {{rows: {{type: array, items: {{type: string}}}}}}}}}}}}}}\n", ext_name = ext.len())
    };
    let text = format!(
        "{HEAD}paths:\n{}{}{}",
        op("{style: offset, param: nope}"),
        op("{style: sideways, param: skip}"),
        op("'yes'")
    );
    std::fs::write(&path, text).expect("write");
    let loaded = crate::load::load(&path, &[], false);
    let doc = loaded.document.expect("loads");
    let (a, diags) = lower(&[doc], &Options { crate_name: "t".into(), title: None });
    assert!(a.operations.iter().all(|o| o.pagination.is_none()));
    let found: Vec<String> = diags.iter().filter(|d| d.code == "pagination-overlay").map(|d| d.to_string()).collect();
    assert_eq!(found.len(), 3, "{found:?}");
    assert!(found.iter().any(|d| d.contains("`param: nope` is not an integer query parameter")), "{found:?}");
    assert!(found.iter().any(|d| d.contains("`style: sideways`")), "{found:?}");
    assert!(found.iter().all(|d| d.contains("x-pagination")), "located at the extension: {found:?}");
}

const LOGIN_DOC: &str = "components:\n  securitySchemes:\n    user: {type: apiKey, in: header, name: X-User-Id}\n    token: {type: apiKey, in: header, name: X-Auth-Token}\n";

fn login_op(path: &str, ext: &str) -> String {
    format!("  /{path}:\n    post:\n      {ext}\n      responses:\n        '200': {{description: ok, content: {{application/json: {{schema: {{type: object, properties: {{data: {{type: object, properties: {{userId: {{type: string}}, authToken: {{type: string}}, n: {{type: integer}}, tags: {{type: array, items: {{type: string}}}}}}}}}}}}}}}}}}\n")
}

fn lower_text(text: &str) -> (Api, Vec<crate::diag::Diagnostic>) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("api.yaml");
    std::fs::write(&path, text).expect("write");
    let loaded = crate::load::load(&path, &[], false);
    let doc = loaded.document.expect("loads");
    lower(&[doc], &Options { crate_name: "t".into(), title: None })
}

#[test]
fn x_login_names_credentials_by_scheme_or_header_and_x_logout_clears() {
    use crate::ir::{CredentialAt, Session};
    let text = format!(
        "{HEAD}paths:\n{}{}{}{LOGIN_DOC}",
        login_op("login", "x-login: {x-user-id: /data/userId, token: /data/authToken}"),
        login_op("tagged", "x-login: {token: /data/tags/0}"),
        login_op("logout", "x-logout: true"),
    );
    let (a, diags) = lower_text(&text);
    assert!(diags.iter().all(|d| d.code != "login-overlay"), "{diags:?}");
    let session = |p: &str| a.operations.iter().find(|o| o.path == p).and_then(|o| o.session.clone());
    assert_eq!(
        session("/login"),
        Some(Session::Login(vec![
            CredentialAt { slot: 0, pointer: "/data/userId".into() },
            CredentialAt { slot: 1, pointer: "/data/authToken".into() },
        ]))
    );
    assert_eq!(
        session("/tagged"),
        Some(Session::Login(vec![CredentialAt { slot: 1, pointer: "/data/tags/0".into() }]))
    );
    assert_eq!(session("/logout"), Some(Session::Logout));
}

#[test]
fn a_wrong_login_overlay_is_a_located_warning_and_a_plain_operation() {
    let cases = [
        ("shape", "x-login: true", "not an object of credential names"),
        (
            "unknown",
            "x-login: {X-Nope: /data/userId}",
            "`X-Nope` is not a credential of the client (its credentials: `user`, `token`)",
        ),
        ("absent", "x-login: {token: /data/authTokn}", "`/data` has no property `authTokn`"),
        ("integer", "x-login: {token: /data/n}", "`/data/n` is not a string"),
        ("object", "x-login: {token: /data}", "`/data` is an object, not a string"),
        ("index", "x-login: {token: /data/tags/first}", "`first` is not an index"),
        ("relative", "x-login: {token: data/authToken}", "must start with `/`"),
        ("number", "x-login: {token: 3}", "is not a JSON pointer"),
        ("twice", "x-login: {token: /data/authToken, X-Auth-Token: /data/userId}", "a second time"),
        ("both", "x-login: {token: /data/authToken}\n      x-logout: true", "both `x-login` and `x-logout`"),
        ("logout", "x-logout: 'yes'", "`x-logout` is \"yes\", not a boolean"),
    ];
    let paths: String = cases.iter().map(|(p, ext, _)| login_op(p, ext)).collect();
    let (a, diags) = lower_text(&format!("{HEAD}paths:\n{paths}{LOGIN_DOC}"));
    assert!(a.operations.iter().all(|o| o.session.is_none()), "no operation logs in or out");
    assert_eq!(a.operations.len(), cases.len(), "every operation is still generated");
    let found: Vec<String> = diags.iter().filter(|d| d.code == "login-overlay").map(|d| d.to_string()).collect();
    assert_eq!(found.len(), cases.len(), "{found:#?}");
    for (path, _, says) in cases {
        let hit = found.iter().find(|d| d.contains(&format!("#/paths/~1{path}/post/x-")));
        let hit = hit.unwrap_or_else(|| panic!("no warning located at /{path}: {found:#?}"));
        assert!(hit.contains(says), "{path}: {hit}");
    }
    // Located at the credential's key when one is wrong.
    assert!(found.iter().any(|d| d.contains("#/paths/~1absent/post/x-login/token")), "{found:#?}");
    assert!(found.iter().all(|d| d.contains(":") && d.contains("api.yaml")), "{found:#?}");
}

#[test]
fn examples_are_collected_with_their_targets_and_origins() {
    use crate::ir::{ExampleTarget, Status};
    let (a, diags) = apis(&[&format!(
        "{HEAD}paths:
  /a:
    post:
      requestBody:
        content:
          application/json:
            schema: {{type: object}}
            example: {{x: 1}}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {{type: object}}
              examples:
                one: {{value: {{y: 2}}}}
                shared: {{$ref: '#/components/examples/Shared'}}
                far: {{externalValue: 'https://example.com/x.json'}}
        '400': {{$ref: '#/components/responses/Err'}}
components:
  examples:
    Shared: {{value: [1, 2]}}
  responses:
    Err:
      description: bad
      content:
        text/plain:
          example: nope
"
    )]);
    let op = &a.operations[0];
    let seen: Vec<(ExampleTarget, &str, &str, String, &str)> = op
        .examples
        .iter()
        .map(|e| {
            (
                e.target,
                e.name.as_str(),
                e.media_type.as_str(),
                e.value.to_string(),
                e.origin.split('#').nth(1).unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        seen,
        [
            (
                ExampleTarget::Request,
                "example",
                "application/json",
                r#"{"x":1}"#.to_owned(),
                "/paths/~1a/post/requestBody/content/application~1json/example"
            ),
            (
                ExampleTarget::Response(Status::Code(200)),
                "one",
                "application/json",
                r#"{"y":2}"#.to_owned(),
                "/paths/~1a/post/responses/200/content/application~1json/examples/one"
            ),
            (
                ExampleTarget::Response(Status::Code(200)),
                "shared",
                "application/json",
                "[1,2]".to_owned(),
                "/paths/~1a/post/responses/200/content/application~1json/examples/shared"
            ),
            (
                ExampleTarget::Response(Status::Code(400)),
                "example",
                "text/plain",
                r#""nope""#.to_owned(),
                "/components/responses/Err/content/text~1plain/example"
            ),
        ]
    );
    // The example without a value is said, not dropped silently.
    assert!(
        diags.iter().any(|d| d.code == "example-without-value" && d.pointer.ends_with("/examples/far")),
        "{diags:?}"
    );
}

#[test]
fn a_left_out_definition_gives_its_examples_to_the_operation_kept() {
    let doc = |v: u32| {
        format!(
            "{HEAD}paths:\n  /x:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {{type: object}}\n              example: {{v: {v}}}\n"
        )
    };
    let (a, _) = apis(&[&doc(1), &doc(2)]);
    assert_eq!(a.operations.len(), 1);
    let values: Vec<String> = a.operations[0].examples.iter().map(|e| e.value.to_string()).collect();
    assert_eq!(values, [r#"{"v":1}"#, r#"{"v":2}"#]);
    assert!(a.operations[0].examples[1].origin.starts_with(&a.sources[1]));
}

#[test]
fn union_variants_are_named_by_the_property_only_they_require() {
    let a = api(&format!(
        "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    Post:\n      oneOf:\n        - {{type: object, required: [roomId], properties: {{roomId: {{type: string}}, text: {{type: string}}}}}}\n        - {{type: object, required: [channel, text], properties: {{channel: {{type: string}}, text: {{type: string}}}}}}\n        - {{type: object, title: ByEmail, required: [email], properties: {{email: {{type: string}}, text: {{type: string}}}}}}\n        - {{type: object, required: [a, b], properties: {{a: {{type: string}}, b: {{type: string}}}}}}\n"
    ));
    let TypeKind::Union(u) = kind(&a, "Post") else { panic!("Post is not a union") };
    let names: Vec<&str> = u.variants.iter().map(|v| v.name.as_str()).collect();
    // A title wins; two properties only one branch requires name nothing.
    assert_eq!(names, ["RoomId", "Channel", "ByEmail", "Object"]);
    assert!(a.types.iter().any(|t| t.name == "PostRoomId"), "the variant's type is named after it");
}

#[test]
fn schemas_marked_with_one_type_name_are_one_type_with_every_field() {
    let resp = |props: &str, req: &str| {
        format!("      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema:\n                type: object\n                properties:\n                  message:\n                    type: object\n                    x-type-name: Message\n                    required: [{req}]\n                    properties: {{{props}}}\n")
    };
    let a = api(&format!(
        "{HEAD}paths:\n  /a:\n    get:\n      operationId: a\n{}  /b:\n    get:\n      operationId: b\n{}  /c:\n    get:\n      operationId: c\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {{type: object, x-type-name: lower case}}\n",
        resp("_id: {type: string}, msg: {type: string}", "_id, msg"),
        resp("_id: {type: string}, ts: {type: string}, replies: {type: array, items: {type: object, required: [_id], x-type-name: Message}}", "_id"),
    ));
    let TypeKind::Struct(m) = kind(&a, "Message") else { panic!("Message is not a struct") };
    let fields: Vec<(&str, bool)> = m.fields.iter().map(|f| (f.wire.as_str(), f.required)).collect();
    assert_eq!(fields, [("_id", true), ("msg", false), ("ts", false), ("replies", false)]);
    assert_eq!(m.fields[3].ty, TypeRef::Vec(Box::new(TypeRef::Named("Message".into()))), "refers to itself");
    assert!(!a.types.iter().any(|t| t.name.starts_with("AResponseMessage") || t.name.starts_with("BResponseMessage")));
}

#[test]
fn a_unified_inline_type_takes_a_name_of_no_operation_and_each_operation_an_alias() {
    let op = |id: &str, prop: &str| {
        format!("  /{id}:\n    get:\n      operationId: {id}\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema:\n                type: object\n                properties:\n                  {prop}: {{type: object, properties: {{_id: {{type: string}}, username: {{type: string}}}}}}\n")
    };
    let a = api(&format!("{HEAD}paths:\n{}{}", op("integrationsCreate", "createdBy"), op("m", "editor")));
    let names: Vec<&String> = a.types.iter().map(|t| &t.name).collect();
    // Named after what it holds, not after either operation.
    assert!(names.iter().any(|n| *n == "IdUsernameShape"), "{names:?}");
    assert!(!names.iter().any(|n| *n == "IntegrationsCreateResponseCreatedBy" || *n == "MResponseEditor"), "{names:?}");
    for o in &a.operations {
        let TypeKind::Struct(s) = kind(&a, &format!("{}Response", o.builder_name)) else {
            panic!("no response struct")
        };
        assert_eq!(s.fields[0].ty.named(), Some("IdUsernameShape"), "{} refers to the renamed type", o.builder_name);
    }
    // Used by one operation only, in two places: the shortest name it would have had.
    let one = format!(
        "{HEAD}paths:\n  /x:\n    get:\n      operationId: integrationsCreate\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema:\n                type: object\n                properties:\n                  createdBy: {{type: object, properties: {{_id: {{type: string}}}}}}\n                  e: {{type: object, properties: {{_id: {{type: string}}}}}}\n"
    );
    let a = api(&one);
    assert!(
        a.types.iter().any(|t| t.name == "IntegrationsCreateResponseE"),
        "{:?}",
        a.types.iter().map(|t| &t.name).collect::<Vec<_>>()
    );
}

#[test]
fn a_neutral_name_never_shadows_a_std_type() {
    // The occurrences' names share `String`: the type is `StringType`, not `String`.
    let op = |id: &str| {
        format!("  /{id}:\n    get:\n      operationId: {id}\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {{type: object, properties: {{string: {{type: object, properties: {{v: {{type: string}}, w: {{type: integer}}}}}}}}}}\n")
    };
    let a = api(&format!("{HEAD}paths:\n{}{}", op("a"), op("b")));
    let names: Vec<&String> = a.types.iter().map(|t| &t.name).collect();
    assert!(!names.iter().any(|n| *n == "String"), "{names:?}");
    assert!(names.iter().any(|n| *n == "StringType"), "{names:?}");
}

#[test]
fn an_operation_returning_a_shared_type_gets_an_alias_of_its_own() {
    let op = |id: &str| {
        format!("  /{id}:\n    get:\n      operationId: {id}\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {{type: object, properties: {{messages: {{type: array, items: {{type: string}}}}, count: {{type: integer}}, success: {{type: boolean}}}}}}\n")
    };
    let a = api(&format!("{HEAD}paths:\n{}{}", op("chatSearch"), op("dmHistory")));
    let outputs: Vec<Option<&str>> = a
        .operations
        .iter()
        .map(|o| match &o.responses[0].payload {
            crate::ir::Payload::Json(t) => t.named(),
            _ => None,
        })
        .collect();
    assert_eq!(outputs, [Some("ChatSearchResponse"), Some("DmHistoryResponse")]);
    assert!(matches!(kind(&a, "ChatSearchResponse"), TypeKind::Alias(TypeRef::Named(n)) if n == "MessagesPage"));
}

#[test]
fn what_an_unused_type_contains_is_built_without_any_area() {
    let op = |id: &str, tag: &str| {
        format!("  /{id}:\n    get:\n      operationId: {id}\n      tags: [{tag}]\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {{$ref: '#/components/schemas/Inner'}}\n")
    };
    let a = api(&format!(
        "{HEAD}paths:\n{}  /b:\n    get:\n      operationId: b\n      tags: [B]\n      responses: {{'204': {{description: ok}}}}\ncomponents:\n  schemas:\n    Inner: {{type: object, properties: {{x: {{type: string}}}}}}\n    Unused: {{type: object, properties: {{inner: {{$ref: '#/components/schemas/Inner'}}}}}}\n",
        op("a", "A")
    ));
    assert_eq!(a.areas.len(), 2);
    let reach = |n: &str| a.types.iter().find(|t| t.name == n).map(|t| t.reach.areas.clone());
    assert_eq!(reach("Unused"), Some(vec![]), "no operation uses it: always built");
    assert_eq!(reach("Inner"), Some(vec![]), "the always-built Unused contains it");
}
