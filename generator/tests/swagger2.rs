//! Swagger 2.0 in, the same client out: `tests/swagger2/petstore.swagger2.yaml` and its
//! OpenAPI 3.0 form converted by hand (`petstore.openapi3.yaml`) generate the same crate,
//! file for file, but for the name of the input. The 2.0 crate's code is pinned as a
//! snapshot (`cargo insta review` after an intended change).

use std::path::{Path, PathBuf};

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/swagger2")
}

fn generate(file: &str) -> Vec<(String, String)> {
    let config = generator::Config {
        derive_deserialize: false,
        inputs: vec![generator::Input { spec: PathBuf::from(file), overlays: vec![] }],
        crate_name: "petstore-client".to_owned(),
        title: None,
        strict: true,
        command: "generator --spec petstore".to_owned(),
    };
    let generated = generator::generate(&config).unwrap_or_else(|f| {
        panic!("{file} does not generate: {:?}", f.diagnostics.iter().map(|d| d.to_string()).collect::<Vec<_>>())
    });
    assert!(generated.diagnostics.is_empty(), "{file}: {:?}", generated.diagnostics);
    assert_eq!(generated.operations.generated, 6, "{file}");
    generated.files.into_iter().map(|f| (f.path.to_owned(), f.text.replace(file, "SPEC"))).collect()
}

#[test]
fn swagger2_and_its_hand_converted_form_generate_the_same_crate() {
    // Names in the output are relative to the test folder, whatever the checkout location.
    std::env::set_current_dir(dir()).expect("enter tests/swagger2");
    let from_2 = generate("petstore.swagger2.yaml");
    let from_3 = generate("petstore.openapi3.yaml");
    assert_eq!(from_2.len(), from_3.len());
    for ((path, text2), (_, text3)) in from_2.iter().zip(&from_3) {
        assert_eq!(text2, text3, "{path} differs between the 2.0 document and its 3.0 form");
    }
    for (path, text) in &from_2 {
        if path.ends_with(".rs") && (path.contains("operations") || path.contains("types")) {
            insta::assert_snapshot!(format!("swagger2-petstore__{}", path.replace(['/', '.'], "_")), text);
        }
    }
    // The converted parts are the ones the pair exercises.
    let operations = &from_2.iter().find(|(p, _)| p == "src/operations.rs").expect("operations.rs").1;
    let all: String = from_2.iter().map(|(_, t)| t.as_str()).collect();
    for part in ["https://petstore.example.com/v2", "multipart", "X-Request-Id"] {
        assert!(all.contains(part), "no `{part}` in the generated crate");
    }
    // `collectionFormat: csv` is the form style without explode.
    let squashed: String = all.chars().filter(|c| !c.is_whitespace()).collect();
    let csv = "\"tags\",value,params::Format::new(params::Style::Form,false,";
    assert!(squashed.contains(csv), "`tags` (collectionFormat: csv) is not sent as form, explode false");
    assert!(operations.contains("fn upload_photo"), "no upload_photo");
}
