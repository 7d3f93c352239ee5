//! `Cargo.toml` and `src/lib.rs` of the generated crate.

use crate::ir::Api;
use proc_macro2::TokenStream;
use quote::quote;
use toml_edit::{Array, DocumentMut, InlineTable, Item, Table, Value};

/// The generated crate's manifest, written by `toml_edit` (which quotes and escapes
/// every value, and keeps the comments that explain the choices).
pub fn cargo_toml(api: &Api) -> String {
    let mut doc = DocumentMut::new();
    doc.insert("package", Item::Table(package(api)));
    let mut lib = Table::new();
    lib.insert("doctest", toml_edit::value(false));
    comment(&mut lib, "doctest", "Descriptions are API prose, not Rust examples.");
    doc.insert("lib", Item::Table(lib));
    doc.insert("features", Item::Table(features(api)));
    doc.insert("dependencies", Item::Table(dependencies(api)));
    doc.to_string()
}

fn package(api: &Api) -> Table {
    let description = format!("Typed async client for {} (generated from its OpenAPI description)", api.title);
    let mut t = Table::new();
    t.insert("name", toml_edit::value(api.crate_name.as_str()));
    t.insert("version", toml_edit::value(api.crate_version.as_str()));
    t.insert("edition", toml_edit::value("2021"));
    t.insert("description", toml_edit::value(description));
    t.insert("publish", toml_edit::value(false));
    t
}

/// A cargo feature: its name, what it enables, and the comment above it.
struct Feature {
    name: String,
    enables: Vec<String>,
    comment: Option<&'static str>,
}

/// The crate's features, in order. TLS is reqwest's (0.13): `rustls` (its default,
/// with the aws-lc-rs crypto provider) unless the application chooses otherwise.
fn feature_list(api: &Api) -> Vec<Feature> {
    let areas = api.area_features && !api.areas.is_empty();
    let mut default = vec!["rustls-tls".to_owned(), "gzip".to_owned()];
    if areas {
        default.push(crate::emit::ALL_AREAS_FEATURE.to_owned());
    }
    let mut list = vec![
        Feature {
            name: "default".to_owned(),
            enables: default,
            comment: Some(
                "TLS for `https://` servers, as reqwest 0.13 does it by default: rustls with the\n\
                 aws-lc-rs crypto provider (a C library: building it needs a C compiler and takes\n\
                 about two minutes on two cores; an application already on reqwest 0.13 with its\n\
                 default features builds it anyway). With `default-features = false`, pick one of\n\
                 the others, or none for plain HTTP or a `reqwest::Client` of your own.",
            ),
        },
        Feature { name: "rustls-tls".to_owned(), enables: vec!["reqwest/rustls".to_owned()], comment: None },
        Feature {
            name: "rustls-no-provider".to_owned(),
            enables: vec!["reqwest/rustls-no-provider".to_owned()],
            comment: Some(
                "rustls without a crypto provider: the application installs one before making a\n\
                 client (`rustls::crypto::ring::default_provider().install_default()`, lighter to\n\
                 build than aws-lc-rs); without one, making a client panics.",
            ),
        },
        Feature {
            name: "native-tls".to_owned(),
            enables: vec!["reqwest/native-tls".to_owned()],
            comment: Some("The platform's TLS (OpenSSL on Linux, which needs its headers to build)."),
        },
        Feature {
            name: "cookies".to_owned(),
            enables: vec!["reqwest/cookies".to_owned()],
            comment: Some(
                "Keeps cookies the server sets and sends them back (reqwest's cookie store), on\n\
                 clients made by `Client::new`; off by default. A `reqwest::Client` of your own\n\
                 keeps cookies if it was built with `cookie_store(true)`.",
            ),
        },
        Feature {
            name: "gzip".to_owned(),
            enables: vec!["reqwest/gzip".to_owned()],
            comment: Some(
                "Compressed responses: the client sends `Accept-Encoding` for each encoding on\n\
                 and decompresses what comes. gzip is on by default (pure Rust, about 2 s more\n\
                 to build reqwest from clean on two cores); brotli (about 10 s) and zstd (about\n\
                 18 s, a C library) are opt-in. A `reqwest::Client` of your own decides for itself.",
            ),
        },
        Feature { name: "brotli".to_owned(), enables: vec!["reqwest/brotli".to_owned()], comment: None },
        Feature { name: "zstd".to_owned(), enables: vec!["reqwest/zstd".to_owned()], comment: None },
        Feature {
            name: "middleware".to_owned(),
            enables: vec!["dep:reqwest-middleware".to_owned()],
            comment: Some(
                "`Client::with_middleware`: a client sending through a\n\
                 `reqwest_middleware::ClientWithMiddleware` (your tracing, caching, retries).",
            ),
        },
        Feature {
            name: "mock".to_owned(),
            enables: vec!["dep:wiremock".to_owned()],
            comment: Some(
                "`mock::MockServer`: typed mocks of the operations for your application's tests\n\
                 (a real HTTP server on 127.0.0.1, on wiremock).",
            ),
        },
        Feature {
            name: "tracing".to_owned(),
            enables: vec!["dep:tracing".to_owned()],
            comment: Some(
                "One `tracing` span per call (operation, method, path template, status, attempt,\n\
                 duration) and an event per retry; never a URL, header or body.",
            ),
        },
    ];
    if areas {
        list.push(Feature {
            name: crate::emit::ALL_AREAS_FEATURE.to_owned(),
            enables: api.areas.iter().map(|a| a.name.clone()).collect(),
            comment: Some(
                "Every area of the API (on by default). Each area below builds its operations\n\
                 (`client.<area>()`) and the types they use; with `default-features = false`,\n\
                 list the areas you call (and a TLS feature) to compile only those.",
            ),
        });
        list.extend(api.areas.iter().map(|a| Feature { name: a.name.clone(), enables: Vec::new(), comment: None }));
    }
    list
}

fn features(api: &Api) -> Table {
    let mut t = Table::new();
    for f in feature_list(api) {
        t.insert(&f.name, toml_edit::value(f.enables.iter().map(String::as_str).collect::<Array>()));
        if let Some(text) = f.comment {
            comment(&mut t, &f.name, text);
        }
    }
    t
}

fn dependencies(api: &Api) -> Table {
    // `query` for credentials sent as query parameters (`RequestBuilder::query`).
    let mut reqwest_features = vec!["json", "query"];
    if api.uses.multipart {
        // File parts stream from disk (tokio's `fs`) or from any `reqwest::Body` (`stream`).
        reqwest_features.extend(["multipart", "stream"]);
    }
    let tokio_features: &[&str] = if api.uses.multipart { &["fs", "time"] } else { &["time"] };
    let mut deps: Vec<(&str, Value)> = vec![
        (
            "reqwest",
            inline(&[
                ("version", "0.13".into()),
                ("default-features", false.into()),
                ("features", strings(&reqwest_features)),
            ]),
        ),
        ("serde", inline(&[("version", "1".into()), ("features", strings(&["derive"]))])),
        ("serde_json", "1".into()),
        ("httpdate", "1".into()),
        ("tokio", inline(&[("version", "1".into()), ("features", strings(tokio_features))])),
    ];
    if api.uses.date_time {
        let features = strings(&["serde", "std"]);
        deps.push((
            "chrono",
            inline(&[("version", "0.4".into()), ("default-features", false.into()), ("features", features)]),
        ));
    }
    if api.operations.iter().any(|o| o.pagination.is_some()) {
        // `Stream` and its combinators, for the pages of operations that page.
        deps.push((
            "futures-util",
            inline(&[("version", "0.3".into()), ("default-features", false.into()), ("features", strings(&["std"]))]),
        ));
    }
    // Sending through the application's middleware stack, behind the `middleware` feature.
    deps.push((
        "reqwest-middleware",
        inline(&[("version", "0.5".into()), ("optional", true.into()), ("default-features", false.into())]),
    ));
    // The typed mock server behind the `mock` feature.
    deps.push(("wiremock", inline(&[("version", "0.6".into()), ("optional", true.into())])));
    // Spans and events behind the `tracing` feature.
    deps.push((
        "tracing",
        inline(&[
            ("version", "0.1".into()),
            ("optional", true.into()),
            ("default-features", false.into()),
            ("features", strings(&["std"])),
        ]),
    ));
    if api.uses.uuid {
        deps.push(("uuid", inline(&[("version", "1".into()), ("features", strings(&["serde"]))])));
    }
    deps.sort_by(|a, b| a.0.cmp(b.0));
    let mut t = Table::new();
    for (name, v) in deps {
        t.insert(name, Item::Value(v));
    }
    t
}

fn inline(entries: &[(&str, Value)]) -> Value {
    let mut t = InlineTable::new();
    for (k, v) in entries {
        t.insert(*k, v.clone());
    }
    Value::InlineTable(t)
}

fn strings(items: &[&str]) -> Value {
    Value::Array(items.iter().copied().collect())
}

/// Puts `text` as `#` comment lines above `key` of `table`.
fn comment(table: &mut Table, key: &str, text: &str) {
    let lines: String = text.lines().map(|l| format!("# {l}\n")).collect();
    if let Some(mut k) = table.key_mut(key) {
        k.leaf_decor_mut().set_prefix(lines);
    }
}

/// The front page's first example: a client, then the calls most users make first: a
/// login (an operation that stores credentials), the current user (`me`), and a
/// listing from each of the largest areas, each as its own docs show it.
fn first_calls(api: &Api) -> String {
    let calls = super::doc_calls::DocCalls::new(api);
    let mut picked: Vec<&crate::ir::Operation> = Vec::new();
    picked.extend(api.operations.iter().find(|o| matches!(o.session, Some(crate::ir::Session::Login(_)))));
    picked.extend(api.operations.iter().find(|o| o.method_name == "me"));
    let mut sizes: Vec<(usize, usize)> =
        (0..api.areas.len()).map(|a| (api.operations.iter().filter(|o| o.area == Some(a)).count(), a)).collect();
    sizes.sort_by(|x, y| y.0.cmp(&x.0).then(x.1.cmp(&y.1)));
    let areas: Vec<Option<usize>> =
        if api.areas.is_empty() { vec![None] } else { sizes.iter().map(|&(_, a)| Some(a)).collect() };
    for area in areas {
        if picked.len() >= 5 {
            break;
        }
        let list = api.operations.iter().find(|o| {
            o.area == area && o.method_name.starts_with("list") && !picked.iter().any(|p| std::ptr::eq(*p, *o))
        });
        picked.extend(list);
    }
    if picked.is_empty() {
        picked.extend(api.operations.first());
    }
    let krate = api.crate_name.replace('-', "_");
    let setter = api
        .auth
        .first()
        .filter(|a| !matches!(a.kind, crate::ir::AuthKind::Basic))
        .map(|a| format!("\n    .{}(\"...\")", a.setter.trim_start_matches("r#")));
    let login = picked.first().is_some_and(|o| matches!(o.session, Some(crate::ir::Session::Login(_))));
    let setter = if login { String::new() } else { setter.unwrap_or_default() };
    // Each answer bound by what it is: `let me = ..`, `let users = client.users().list()..`.
    let mut bound: Vec<String> = Vec::new();
    let body: Vec<String> = picked
        .iter()
        .map(|o| {
            let area = o.area.and_then(|a| api.areas.get(a)).map(|a| a.name.as_str());
            let base = match area {
                Some(a) if o.method_name.starts_with("list") => a.to_owned(),
                _ => o.method_name.trim_start_matches("r#").to_owned(),
            };
            let mut name = base.clone();
            let mut n = 1;
            while bound.contains(&name) || crate::names::snake(&name) != name {
                n += 1;
                name = format!("{base}{n}");
            }
            bound.push(name.clone());
            calls.call(o).replacen("let answer = ", &format!("let {name} = "), 1)
        })
        .collect();
    let fence = if api.area_features { "no_run" } else { "ignore" };
    format!(
        "\n\n```{fence}\n# async fn first_calls() -> Result<(), Box<dyn std::error::Error>> {{\nuse {krate}::Client;\n\nlet client = Client::new(\"https://api.example.com\")?{setter};\n{}\n# Ok(())\n# }}\n```",
        body.join("\n")
    )
}

pub fn lib_rs(api: &Api) -> TokenStream {
    let mut text = format!("A typed async client for {}", api.title);
    if !api.version.is_empty() {
        text.push_str(&format!(" (API version {})", api.version));
    }
    text.push('.');
    if let Some(d) = &api.description {
        text.push_str(&format!("\n\n{}", super::docs::prose(d.trim())));
    }
    text.push_str(&first_calls(api));
    text.push_str(&format!(
        "\n\n{} operations, one method each on [`Client`]{}. Optional inputs are set on the \
         returned request builder, which is sent with `.send().await` or by awaiting it. \
         Each operation's response type carries its name (`{}`); errors are [`Error`], whose \
         `Api` variant carries the operation's documented error body.",
        api.operations.len(),
        if api.areas.is_empty() { "" } else { " or one of its areas" },
        api.operations.first().map(|o| format!("{}Response", o.builder_name)).unwrap_or_default(),
    ));
    if !api.areas.is_empty() {
        text.push_str(&format!(
            "\n\nThe operations are grouped in {} areas: each has a page in [`areas`] listing its \
             operations, and a module of request builders in [`operations`].",
            api.areas.len(),
        ));
        if api.area_features {
            text.push_str(
                " Each area is a cargo feature that builds its operations and the types they use; \
                 the default `full` feature turns all of them on, and `default-features = false` \
                 with the areas you call (and a TLS feature) compiles only those.",
            );
        }
    }
    text.push_str("\n\nGenerated from ");
    let sources: Vec<String> = api.sources.iter().map(|s| format!("`{s}`")).collect();
    text.push_str(&sources.join(", "));
    text.push('.');
    let doc: Vec<TokenStream> = text
        .lines()
        .map(|l| {
            let l = format!(" {l}");
            quote!(#![doc = #l])
        })
        .collect();
    // With no operations, the request machinery has no caller; with areas, not when
    // only some are built.
    let gated = api.area_features && !api.areas.is_empty();
    let full = crate::emit::ALL_AREAS_FEATURE;
    let runtime_unused = if api.operations.is_empty() {
        quote!(#[allow(dead_code)])
    } else if gated && api.operations.iter().all(|o| o.area.is_some()) {
        quote!(#[cfg_attr(not(feature = #full), allow(dead_code))])
    } else {
        quote!()
    };
    let areas_mod = if api.areas.is_empty() {
        quote!()
    } else {
        // Braces: rustfmt leaves the attribute alone.
        quote! {
            #[rustfmt::skip]
            pub mod areas;
        }
    };
    // In rustfmt's order (`cargo fmt` must leave the file as it is).
    let file_part = if api.uses.multipart {
        quote!(
            pub use runtime::multipart::FilePart;
        )
    } else {
        quote!()
    };
    // A crate of its own has the `mock` feature; a client included by a build script
    // (`generator::Builder`) has no features.
    let mock_mod = if api.area_features {
        quote! {
            /// Typed mocks of the operations for your application's tests (the `mock`
            /// feature): [`mock::MockServer`] serves real HTTP on 127.0.0.1; each
            /// expectation names an operation by its request builder type and answers with
            /// its generated success type or documented error.
            #[cfg(feature = "mock")]
            pub mod mock {
                pub use crate::runtime::mock::{Expectation, MockOperation, MockReport};
                pub use crate::runtime::mock::{MockServer, Reply};
            }
        }
    } else {
        quote!()
    };
    quote! {
        #(#doc)*
        // API prose becomes rustdoc as written; these lints judge prose style, and the
        // large-variant and type-complexity ones judge the API's own shapes (a future of
        // a deeply nested response type).
        // rustdoc decides the auto traits (`Send`, `UnwindSafe`...) of every type through
        // every type it holds: a deep web of schemas (Stripe's) passes the default 128.
        #![recursion_limit = "256"]
        #![warn(missing_docs)]
        #![allow(
            clippy::doc_lazy_continuation,
            clippy::doc_overindented_list_items,
            clippy::too_long_first_doc_paragraph,
            clippy::large_enum_variant,
            clippy::result_large_err,
            clippy::enum_variant_names,
            clippy::empty_docs,
            clippy::type_complexity
        )]

        // Formatted by the generator (prettyplease); rustfmt would only reflow it.
        #[rustfmt::skip]
        #runtime_unused
        mod client;
        #areas_mod
        #[rustfmt::skip]
        mod runtime;
        #[rustfmt::skip]
        pub mod operations;
        #[rustfmt::skip]
        pub mod types;

        pub use client::Client;
        pub use runtime::de::{from_json_slice, DecodeError, FromJson};
        pub use runtime::error::{Error, InvalidBaseUrl};
        pub use runtime::hooks::{AfterResponse, HookFuture, Hooks, ResponseHead};
        #file_part
        pub use runtime::response::{RawBody, ResponseValue};
        pub use runtime::retry::RetryPolicy;
        pub use runtime::send::{Sending, SendingWithResponse};

        #mock_mod
    }
}

/// Every name the generated crate's root exports (the `pub use`s of `lib.rs` above):
/// `names::type_name` keeps generated types and builders off them. A `pub use` added
/// above without being listed here fails `crate_exports_are_listed`.
pub const CRATE_EXPORTS: &[&str] = &[
    "Client",
    "from_json_slice",
    "DecodeError",
    "FromJson",
    "Error",
    "InvalidBaseUrl",
    "AfterResponse",
    "HookFuture",
    "Hooks",
    "ResponseHead",
    "FilePart",
    "RawBody",
    "ResponseValue",
    "RetryPolicy",
    "Sending",
    "SendingWithResponse",
];

#[cfg(test)]
mod tests {
    use super::cargo_toml;
    use crate::ir::{Api, Uses};

    fn api(title: &str, uses: Uses) -> Api {
        Api {
            crate_name: "demo-client".into(),
            crate_version: "0.1.0".into(),
            title: title.into(),
            version: "1".into(),
            description: None,
            servers: Vec::new(),
            base_path: String::new(),
            auth: Vec::new(),
            operations: Vec::new(),
            types: Vec::new(),
            uses,
            sources: Vec::new(),
            areas: Vec::new(),
            area_features: true,
            derive_deserialize: false,
        }
    }

    fn parsed(api: &Api) -> toml_edit::DocumentMut {
        let text = cargo_toml(api);
        text.parse().unwrap_or_else(|e| panic!("not TOML: {e}\n{text}"))
    }

    #[test]
    fn crate_exports_are_listed() {
        // With every optional export on: what `lib.rs` re-exports at the root, by name.
        let uses = Uses { multipart: true, ..Uses::default() };
        let file: syn::File = syn::parse2(super::lib_rs(&api("A", uses))).expect("lib.rs parses");
        let mut exported = Vec::new();
        fn names(tree: &syn::UseTree, out: &mut Vec<String>) {
            match tree {
                syn::UseTree::Path(p) => names(&p.tree, out),
                syn::UseTree::Name(n) => out.push(n.ident.to_string()),
                syn::UseTree::Rename(r) => out.push(r.rename.to_string()),
                syn::UseTree::Group(g) => g.items.iter().for_each(|t| names(t, out)),
                syn::UseTree::Glob(_) => out.push("*".to_owned()),
            }
        }
        for item in &file.items {
            if let syn::Item::Use(u) = item {
                names(&u.tree, &mut exported);
            }
        }
        exported.sort();
        let mut listed: Vec<String> = super::CRATE_EXPORTS.iter().map(|s| s.to_string()).collect();
        listed.sort();
        assert_eq!(exported, listed);
        assert_eq!(crate::names::type_name("error"), "ApiError");
        assert_eq!(crate::names::type_name("Client"), "ApiClient");
    }

    #[test]
    fn any_title_gives_valid_toml_with_the_title_as_written() {
        // A quote, a backslash, a line break (a YAML block scalar) and a control
        // character: the hand-escaped manifest was invalid TOML for the last two.
        let title = "the \"Demo\" API \\ v2\nsecond line\twith a tab \u{7}";
        let doc = parsed(&api(title, Uses::default()));
        let description = doc["package"]["description"].as_str().expect("description is a string");
        assert_eq!(description, format!("Typed async client for {title} (generated from its OpenAPI description)"));
        assert_eq!(doc["package"]["name"].as_str(), Some("demo-client"));
    }

    #[test]
    fn dependencies_follow_what_the_types_use() {
        let plain = parsed(&api("A", Uses::default()));
        let deps: Vec<&str> = plain["dependencies"].as_table().expect("table").iter().map(|(k, _)| k).collect();
        // The runtime always needs httpdate and tokio (retry waits).
        assert_eq!(
            deps,
            ["httpdate", "reqwest", "reqwest-middleware", "serde", "serde_json", "tokio", "tracing", "wiremock"]
        );
        let features = plain["dependencies"]["reqwest"]["features"].as_array().expect("array");
        assert_eq!(features.iter().filter_map(|f| f.as_str()).collect::<Vec<_>>(), ["json", "query"]);
        assert_eq!(plain["dependencies"]["reqwest"]["version"].as_str(), Some("0.13"));
        // reqwest 0.13's TLS feature names.
        let tls: Vec<&str> = ["rustls-tls", "rustls-no-provider", "native-tls"]
            .iter()
            .filter_map(|f| plain["features"][*f].as_array()?.get(0)?.as_str())
            .collect();
        assert_eq!(tls, ["reqwest/rustls", "reqwest/rustls-no-provider", "reqwest/native-tls"]);

        let all = parsed(&api("A", Uses { date_time: true, uuid: true, multipart: true }));
        let deps: Vec<&str> = all["dependencies"].as_table().expect("table").iter().map(|(k, _)| k).collect();
        assert_eq!(
            deps,
            [
                "chrono",
                "httpdate",
                "reqwest",
                "reqwest-middleware",
                "serde",
                "serde_json",
                "tokio",
                "tracing",
                "uuid",
                "wiremock"
            ]
        );
        let features = all["dependencies"]["reqwest"]["features"].as_array().expect("array");
        assert_eq!(
            features.iter().filter_map(|f| f.as_str()).collect::<Vec<_>>(),
            ["json", "query", "multipart", "stream"]
        );
        // TLS and gzip; no areas in this API.
        let default: Vec<&str> =
            all["features"]["default"].as_array().expect("array").iter().filter_map(|f| f.as_str()).collect();
        assert_eq!(default, ["rustls-tls", "gzip"]);
        // Every opt-in feature of the runtime turns on what it needs, and nothing else.
        for (feature, enables) in [
            ("cookies", "reqwest/cookies"),
            ("brotli", "reqwest/brotli"),
            ("zstd", "reqwest/zstd"),
            ("tracing", "dep:tracing"),
            ("middleware", "dep:reqwest-middleware"),
        ] {
            let list: Vec<&str> =
                all["features"][feature].as_array().expect("array").iter().filter_map(|f| f.as_str()).collect();
            assert_eq!(list, [enables], "{feature}");
        }
        assert_eq!(all["dependencies"]["tracing"]["optional"].as_bool(), Some(true));
    }
}
