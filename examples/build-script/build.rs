//! Generates the Pets client from `openapi/` into `OUT_DIR/pets.rs` (see `src/lib.rs`).

fn main() -> Result<(), Box<dyn std::error::Error>> {
    generator::Builder::new().spec("openapi/pets.yaml").overlay("openapi/pets.overlay.yaml").module("pets").build()?;
    Ok(())
}
