//! Security schemes given by `$ref` (to another file, or to another scheme) are
//! credentials like any other, and a scheme the client cannot honour is a located
//! finding, never a silent omission. (On the wire: `tests/quirks/`.)

use generator::ir::AuthKind;

const SPEC: &str = "openapi: 3.1.0
info: {title: t, version: '1'}
security: [{bearer: []}]
paths:
  /a:
    get:
      operationId: a
      security: [{bearer: []}, {nope: []}, {tls: []}, {local: []}]
      responses: {'204': {description: ok}}
components:
  securitySchemes:
    bearer: {$ref: 'schemes.yaml#/bearer'}
    local: {$ref: '#/components/securitySchemes/token'}
    token: {type: http, scheme: Token}
    digest: {type: http, scheme: digest}
    odd: {$ref: '#/components/schemas/X'}
    tls: {type: mutualTLS}
  schemas:
    X: {type: string}
";

#[test]
fn referenced_schemes_are_credentials_and_the_rest_is_reported() {
    let dir = tempfile::tempdir().expect("temp dir");
    let spec = dir.path().join("api.yaml");
    std::fs::write(&spec, SPEC).expect("write");
    std::fs::write(dir.path().join("schemes.yaml"), "bearer: {type: http, scheme: bearer, description: A token.}\n")
        .expect("write");
    let config = generator::Config {
        derive_deserialize: false,
        inputs: vec![generator::Input { spec, overlays: vec![] }],
        crate_name: "schemes-client".into(),
        title: None,
        strict: false,
        command: "test".into(),
    };
    let Ok(generated) = generator::generate(&config) else { panic!("does not generate") };
    let auth: Vec<(&str, &AuthKind)> = generated.api.auth.iter().map(|a| (a.key.as_str(), &a.kind)).collect();
    assert_eq!(
        auth,
        [("bearer", &AuthKind::Bearer), ("token", &AuthKind::Scheme("Token".into()))],
        "`local` is another name for `token`: one credential"
    );
    let bearer = &generated.api.auth[0];
    assert_eq!(bearer.doc.as_deref(), Some("A token."), "the scheme from the other file, as written there");
    assert_eq!(generated.api.operations[0].auth, ["bearer", "token"], "`local` is `token`");
    // The scheme from the other file was read as a security scheme, not as a schema.
    assert!(generated.diagnostics.iter().all(|d| d.code != "unknown-type"), "{:?}", generated.diagnostics);
    let mut found: Vec<String> = generated
        .diagnostics
        .iter()
        .filter(|d| d.code == "security-scheme")
        .map(|d| {
            let (line, col) = d.span.as_ref().map_or((0, 0), |s| (s.line, s.col));
            format!("{}:{line}:{col} {:?} {}", d.file.rsplit('/').next().unwrap_or_default(), d.severity, d.message)
        })
        .collect();
    found.sort();
    let expected = [
        "api.yaml:14:33 Note security scheme `token` is HTTP `Token` authentication; the client sends its credential as `Authorization: Token <credential>`",
        "api.yaml:15:34 Warning security scheme `digest` is HTTP `digest` authentication, a challenge-response exchange the client does not perform; it has no credential for it, and operations that require it are sent without one",
        "api.yaml:16:10 Warning security scheme `odd` refers to `#/components/schemas/X`, which is not a security scheme; the client has no credential for it, and operations that require it are sent without one",
        "api.yaml:17:10 Warning security scheme `tls` is mutual TLS: the client presents no certificate by itself, and requests that require it are sent without one",
        "api.yaml:8:39 Warning the security requirement names `nope`, which no `components/securitySchemes` defines; the client has no credential for it",
    ];
    assert_eq!(found, expected);
    // The credential from the other file has its setter.
    let client = generated.files.iter().find(|f| f.path == "src/client.rs").expect("client.rs");
    assert!(client.text.contains("pub fn with_bearer("), "no bearer setter");
    assert!(client.text.contains("Placement::Scheme(\"Token\")"), "Token not sent as written");
}

/// An `Authorization` header parameter with no security scheme (progenitor's keeper):
/// the calls need credentials; the client has one, sent on every operation that names the
/// parameter, never an argument. (Prism, validating the requests, found that it was
/// dropped: `scripts/wire-check.sh`.)
#[test]
fn an_authorization_parameter_without_a_scheme_is_a_credential() {
    let dir = tempfile::tempdir().expect("temp dir");
    let spec = dir.path().join("api.yaml");
    let auth = "{name: Authorization, in: header, required: true, schema: {type: string}, description: Bearer token.}";
    let text = format!(
        "openapi: 3.0.3
info: {{title: t, version: '1'}}
paths:
  /a:
    get:
      operationId: a
      parameters: [{auth}]
      responses: {{'204': {{description: ok}}}}
  /b:
    get:
      operationId: b
      responses: {{'204': {{description: ok}}}}
"
    );
    std::fs::write(&spec, text).expect("write");
    let config = generator::Config {
        derive_deserialize: false,
        inputs: vec![generator::Input { spec, overlays: vec![] }],
        crate_name: "authorization-client".into(),
        title: None,
        strict: false,
        command: "test".into(),
    };
    let Ok(generated) = generator::generate(&config) else { panic!("does not generate") };
    let auth: Vec<(&str, &AuthKind)> = generated.api.auth.iter().map(|a| (a.key.as_str(), &a.kind)).collect();
    assert_eq!(auth, [("Authorization", &AuthKind::Header("Authorization".into()))]);
    let ops: Vec<(&str, &[String], usize)> =
        generated.api.operations.iter().map(|o| (o.operation_id.as_str(), o.auth.as_slice(), o.params.len())).collect();
    assert_eq!(ops, [("a", &["Authorization".to_owned()][..], 0), ("b", &[][..], 0)]);
    let client = generated.files.iter().find(|f| f.path == "src/client.rs").expect("client.rs");
    assert!(client.text.contains("pub fn with_authorization("), "no setter");
}
