//! `x-login` / `x-logout` written wrong, through the whole pipeline: a located warning
//! (`file:line:col`) and a client without the login behaviour; under `--strict`, an
//! error and nothing generated. The same for `x-pagination`.

const SPEC: &str = "openapi: 3.0.3
info: {title: T, version: '1'}
paths:
  /login:
    post:
      operationId: login
      x-login:
        X-Auth-Token: /data/token
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {type: object, properties: {data: {type: object, properties: {authToken: {type: string}}}}}
  /items:
    get:
      operationId: items
      x-pagination: {style: offset, param: nope}
      responses:
        '200': {description: ok, content: {application/json: {schema: {type: array, items: {type: string}}}}}
components:
  securitySchemes:
    token: {type: apiKey, in: header, name: X-Auth-Token}
";

fn config(dir: &std::path::Path, strict: bool) -> generator::Config {
    let spec = dir.join("api.yaml");
    std::fs::write(&spec, SPEC).expect("write spec");
    generator::Config {
        derive_deserialize: false,
        inputs: vec![generator::Input { spec, overlays: vec![] }],
        crate_name: "login-client".into(),
        title: None,
        strict,
        command: "test".into(),
    }
}

#[test]
fn a_wrong_login_extension_is_a_located_warning_and_an_error_under_strict() {
    let dir = tempfile::tempdir().expect("temp dir");
    let Ok(generated) = generator::generate(&config(dir.path(), false)) else { panic!("does not generate") };
    let shown: Vec<String> = generated
        .diagnostics
        .iter()
        .filter(|d| generator::lower::EXTENSION_FINDINGS.contains(&d.code))
        .map(|d| d.to_string())
        .collect();
    assert_eq!(shown.len(), 2, "{shown:#?}");
    let login = shown.iter().find(|d| d.contains("login-overlay")).expect("a login finding");
    assert!(login.contains("warning[login-overlay]"), "{login}");
    assert!(login.contains("api.yaml:8:23"), "located at the credential: {login}");
    assert!(login.contains("`/data` has no property `token`"), "{login}");
    assert!(generated.api.operations.iter().all(|o| o.session.is_none()));
    let client = generated.files.iter().find(|f| f.path == "src/client.rs").expect("client.rs");
    assert!(!client.text.contains("store_credentials"), "no login, no store");

    let Err(failed) = generator::generate(&config(dir.path(), true)) else { panic!("--strict generated") };
    let errors: Vec<String> = failed
        .diagnostics
        .iter()
        .filter(|d| d.severity == generator::diag::Severity::Error)
        .map(|d| d.to_string())
        .collect();
    assert_eq!(errors.len(), 2, "{errors:#?}");
    assert!(errors.iter().any(|e| e.contains("error[login-overlay]") && e.contains("api.yaml:8:23")), "{errors:#?}");
    assert!(errors.iter().any(|e| e.contains("error[pagination-overlay]")), "{errors:#?}");
}
