//! A client generated at build time: `build.rs` runs `generator::Builder` on
//! `openapi/pets.yaml` (with its overlay and the schemas it `$ref`s) and writes
//! `OUT_DIR/pets.rs`, included here as the module [`pets`].
//!
//! ```no_run
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! use build_script_example::pets::Client;
//! let client = Client::new("http://127.0.0.1:8080")?.with_api_key("secret");
//! let pets = client.list_pets().limit(10).await?;
//! println!("{} pets", pets.len());
//! # Ok(())
//! # }
//! ```

/// The Pets API client, generated from `openapi/pets.yaml` by `build.rs`.
pub mod pets {
    include!(concat!(env!("OUT_DIR"), "/pets.rs"));
}
