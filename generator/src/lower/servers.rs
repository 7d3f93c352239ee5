//! Server paths: where each operation lives under the client's one base URL.
//!
//! An operation's server is its own `servers`, else its path item's, else its
//! document's (OpenAPI's precedence). Documents merged into one client often name
//! servers with different paths (`https://host/api/v3`, `https://host/api/v1`,
//! `https://host/media`): the client's base URL then stands for the path they all share
//! (here none), and each operation's path starts with the rest of its server's path, so
//! one `Client` calls every operation at its documented URL.

use openapiv3::Server;

/// The path of a server URL, without a trailing `/` (`https://h/api/v3/` -> `/api/v3`,
/// `/v2` -> `/v2`, `https://h` -> ``). Variables (`{basePath}`) take their default.
pub fn server_path(server: &Server) -> String {
    let mut url = server.url.clone();
    if let Some(vars) = &server.variables {
        for (name, var) in vars {
            url = url.replace(&format!("{{{name}}}"), &var.default);
        }
    }
    let after_scheme = match url.split_once("://") {
        Some((_, rest)) => rest.find('/').map_or("", |i| &rest[i..]),
        None if url.starts_with("//") => url[2..].find('/').map_or("", |i| &url[2 + i..]),
        None => url.as_str(),
    };
    let path = after_scheme.split(['?', '#']).next().unwrap_or("");
    let trimmed = path.trim_end_matches('/');
    match trimmed {
        "" | "." => String::new(),
        p if p.starts_with('/') => p.to_owned(),
        p => format!("/{}", p.trim_start_matches("./")),
    }
}

/// The server an operation is sent to: the first of its own, its path item's, its
/// document's.
pub fn effective<'s>(op: &'s [Server], item: &'s [Server], doc: &'s [Server]) -> Option<&'s Server> {
    [op, item, doc].into_iter().find_map(|s| s.first())
}

/// The longest run of whole leading segments every path shares (`/api/v1`,
/// `/api/v3` -> `/api`).
pub fn common_prefix<'p>(paths: impl IntoIterator<Item = &'p str>) -> String {
    let mut common: Option<Vec<&str>> = None;
    for p in paths {
        let segs: Vec<&str> = p.split('/').filter(|s| !s.is_empty()).collect();
        common = Some(match common {
            None => segs,
            Some(c) => c.iter().zip(&segs).take_while(|(a, b)| a == b).map(|(a, _)| *a).collect(),
        });
    }
    common.unwrap_or_default().iter().map(|s| format!("/{s}")).collect()
}

/// What an operation's path starts with under a base path: its server's path without the
/// base (`/api/v3` under `/api` -> `/v3`).
pub fn prefix_under<'p>(server: &'p str, base: &str) -> &'p str {
    server.strip_prefix(base).unwrap_or(server)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn server(url: &str) -> Server {
        Server { url: url.to_owned(), ..Default::default() }
    }

    #[test]
    fn the_path_of_a_server_url() {
        assert_eq!(server_path(&server("https://host/api/v3/")), "/api/v3");
        assert_eq!(server_path(&server("https://host")), "");
        assert_eq!(server_path(&server("/v2")), "/v2");
        assert_eq!(server_path(&server("v2/")), "/v2");
        assert_eq!(server_path(&server("//host/media")), "/media");
        assert_eq!(server_path(&server("/")), "");
        let mut with_var = server("https://{host}/{base}");
        let mut vars = indexmap::IndexMap::new();
        vars.insert("base".to_owned(), openapiv3::ServerVariable { default: "api/v9".into(), ..Default::default() });
        with_var.variables = Some(vars);
        assert_eq!(server_path(&with_var), "/api/v9");
    }

    #[test]
    fn the_common_prefix_is_made_of_whole_segments() {
        assert_eq!(common_prefix(["/api/v1", "/api/v3"]), "/api");
        assert_eq!(common_prefix(["/api/v1", "/api/v10"]), "/api");
        assert_eq!(common_prefix(["/api/v3", "/media"]), "");
        assert_eq!(common_prefix(["/api/v3"]), "/api/v3");
        assert_eq!(common_prefix(["/api/v3", ""]), "");
        assert_eq!(common_prefix(Vec::<&str>::new()), "");
        assert_eq!(prefix_under("/api/v3", "/api"), "/v3");
    }
}
