//! Writes `decode_table.rs` for `tests/examples.rs`: one arm per success type of the
//! checked-in client (read from its `api-summary.json`) that decodes JSON text into
//! that generated type, as the client does (`from_slice`, so the decoding code the
//! client already has is reused). Regenerating the client regrows the table.

use std::collections::BTreeSet;
use std::path::Path;

/// Names a success type may be made of besides the client's own types.
const STD: &[&str] = &[
    "Vec",
    "String",
    "bool",
    "i8",
    "i16",
    "i32",
    "i64",
    "u8",
    "u16",
    "u32",
    "u64",
    "f32",
    "f64",
    "serde_json",
    "Value",
];

fn main() {
    let summary = Path::new(env!("CARGO_MANIFEST_DIR")).join("../generated-client/api-summary.json");
    println!("cargo:rerun-if-changed={}", summary.display());
    let text = std::fs::read_to_string(&summary).unwrap_or_default();
    let json: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
    let types: BTreeSet<&str> =
        json["types"].as_array().into_iter().flatten().filter_map(|t| t["name"].as_str()).collect();
    let outputs: BTreeSet<&str> =
        json["operations"].as_array().into_iter().flatten().filter_map(|o| o["output"].as_str()).collect();
    let mut arms = String::new();
    for output in outputs {
        // Only types this table can name: the client's types (not an operation's
        // several-successes enum) and the standard ones around them.
        let known = output
            .split(|c: char| !(c.is_alphanumeric() || c == '_'))
            .filter(|w| !w.is_empty())
            .all(|w| types.contains(w) || STD.contains(&w));
        if known {
            arms.push_str(&format!(
                "        {output:?} => serde_json::from_slice::<{output}>(json).map(|_| ()).map_err(|e| e.to_string()),\n"
            ));
        }
    }
    let code = format!(
        "/// Decodes `json` into the client's type spelled `output`; `None` when the table\n\
         /// cannot name that type.\n\
         #[allow(unused_imports, unreachable_patterns)]\n\
         fn decode(output: &str, json: &[u8]) -> Option<Result<(), String>> {{\n\
         \x20   use rocketchat_client::types::*;\n\
         \x20   Some(match output {{\n{arms}        _ => return None,\n    }})\n}}\n"
    );
    let out = Path::new(&std::env::var("OUT_DIR").unwrap_or_default()).join("decode_table.rs");
    if let Err(e) = std::fs::write(&out, code) {
        println!("cargo:warning=cannot write {}: {e}", out.display());
    }
}
