//! The generated Jupyter Server client against a running Jupyter Server, used as an
//! application would: token auth, files and notebooks under nested paths, renames,
//! checkpoints, sessions and kernels, identity and status, and a 404 read back.
//!
//! `scripts/jupyter-check.sh` starts the server and sets `JUPYTER_URL` and
//! `JUPYTER_TOKEN`; without them this program says so and does nothing. A failed check
//! panics (exit status 101, so `cargo test` fails).

use jupyter_client::operations::{ContentsGetError, ContentsReplaceSuccess};
use jupyter_client::types::{
    Contents, ContentsType, ContentsUpdateRequest, SessionsCreateRequestKernel, ContentsReplaceRequest,
};
use jupyter_client::{Client, Error};
use serde_json::{json, Value};

const TEXT: &str = "first line\nsecond line, with é and ✓\n";

fn server() -> Option<(String, String)> {
    match (std::env::var("JUPYTER_URL"), std::env::var("JUPYTER_TOKEN")) {
        (Ok(url), Ok(token)) => Some((url, token)),
        _ => {
            eprintln!(
                "skipped: JUPYTER_URL and JUPYTER_TOKEN are not set; scripts/jupyter-check.sh starts a \
                 Jupyter Server and runs this test against it"
            );
            None
        }
    }
}

fn step(what: &str) {
    eprintln!("jupyter: {what}");
}

/// The model a PUT answered with (200 when it replaced, 201 when it created).
fn saved(result: ContentsReplaceSuccess) -> Contents {
    match result {
        ContentsReplaceSuccess::Ok(model) | ContentsReplaceSuccess::Created(model) => model,
    }
}

fn notebook(source: &str) -> Value {
    json!({
        "cells": [{
            "cell_type": "code",
            "execution_count": null,
            "id": "c0ffee00",
            "metadata": {},
            "outputs": [],
            "source": source,
        }],
        "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
        "nbformat": 4,
        "nbformat_minor": 5,
    })
}

// A program of its own (`harness = false`): what it prints is seen, also when it skips.
#[tokio::main]
async fn main() {
    let Some((url, token)) = server() else { return };
    let anonymous = Client::new(&url).expect("JUPYTER_URL is a URL");
    let client = anonymous.clone().with_token(token.as_str());

    step("without the token: 403, but GET /api/ answers");
    let refused = anonymous.status().get().await.expect_err("no token, yet /api/status answered");
    assert_eq!(refused.status(), Some(403), "{refused:?}");
    let version = anonymous.api().await.expect("GET /api/ needs no token").version.unwrap_or_default();
    assert!(version.starts_with(|c: char| c.is_ascii_digit()), "version {version:?}");

    step("GET /api/status, /api/me (with a permissions query)");
    let status = client.status().get().await.expect("status");
    assert!(status.started.as_deref().is_some_and(|s| s.contains('T')), "started: {:?}", status.started);
    assert_eq!(status.kernels, Some(0.0), "a fresh server runs no kernel");
    let me = client
        .identity()
        .me()
        .permissions(r#"{"contents": ["read", "write"], "kernels": ["execute"]}"#)
        .await
        .expect("me");
    let identity = me.identity.expect("identity");
    assert!(identity.username.as_deref().is_some_and(|u| !u.is_empty()), "{identity:?}");
    assert_eq!(identity.avatar_url, None, "avatar_url is null");
    let permissions = me.permissions.expect("permissions");
    assert_eq!(permissions.get("contents"), Some(&vec!["read".to_owned(), "write".to_owned()]), "{permissions:?}");
    assert_eq!(permissions.get("kernels"), Some(&vec!["execute".to_owned()]), "{permissions:?}");

    step("kernelspecs: python3 from ipykernel");
    let specs = client.kernelspecs().list().await.expect("kernelspecs");
    assert_eq!(specs.default.as_deref(), Some("python3"));
    let python = &specs.kernelspecs.as_ref().expect("kernelspecs")["python3"];
    let spec = python.spec.as_ref().expect("the kernel spec's `spec` (kernel.json)");
    assert_eq!(spec.language, "python");
    assert!(spec.argv.iter().any(|a| a.contains("ipykernel")), "{:?}", spec.argv);

    step("contents: directories, a text file and a notebook under nested paths");
    for dir in ["project", "project/notes"] {
        let made = saved(
            client
                .contents()
                .replace(dir)
                .body(ContentsReplaceRequest::new().with_type("directory"))
                .await
                .expect("create a directory"),
        );
        assert_eq!(made.r#type, ContentsType::Directory);
        assert_eq!(made.path, dir);
    }
    let file = saved(
        client
            .contents()
            .replace("project/notes/todo.txt")
            .body(ContentsReplaceRequest::new().with_type("file").with_format("text").with_content(json!(TEXT)))
            .await
            .expect("save a text file"),
    );
    assert_eq!((file.path.as_str(), file.name.as_str()), ("project/notes/todo.txt", "todo.txt"));
    assert_eq!(file.r#type, ContentsType::File);
    assert_eq!(file.content, Value::Null, "a save answers without the content");
    let nb = saved(
        client
            .contents()
            .replace("project/analysis.ipynb")
            .body(
                ContentsReplaceRequest::new()
                    .with_type("notebook")
                    .with_format("json")
                    .with_content(notebook("print(6 * 7)")),
            )
            .await
            .expect("save a notebook"),
    );
    assert_eq!(nb.r#type, ContentsType::Notebook);

    step("contents: read them back");
    let read = client.contents().get("project/notes/todo.txt").await.expect("read the text file");
    assert_eq!(read.content, json!(TEXT));
    assert_eq!(read.format.as_deref(), Some("text"));
    assert_eq!(read.mimetype.as_deref(), Some("text/plain"));
    assert_eq!(read.size, Some(TEXT.len() as i64));
    let bare = client.contents().get("project/notes/todo.txt").content(0).await.expect("read without content");
    assert_eq!((bare.content, bare.format), (Value::Null, None));
    let read = client.contents().get("project/analysis.ipynb").await.expect("read the notebook");
    assert_eq!(read.format.as_deref(), Some("json"));
    assert_eq!(read.content["nbformat"], json!(4));
    assert_eq!(read.content["cells"][0]["source"], json!("print(6 * 7)"));

    step("contents: rename (PATCH) and list the directory");
    let renamed = client
        .contents()
        .update("project/notes/todo.txt", ContentsUpdateRequest::new().with_path("project/notes/done.txt"))
        .await
        .expect("rename");
    assert_eq!(renamed.path, "project/notes/done.txt");
    let listing = client.contents().get("project/notes").await.expect("list a directory");
    assert_eq!(listing.r#type, ContentsType::Directory);
    let entries: Vec<Contents> =
        serde_json::from_value(listing.content).expect("a directory's content is a list of Contents models");
    let names: Vec<&str> = entries.iter().map(|e| e.path.as_str()).collect();
    assert_eq!(names, ["project/notes/done.txt"], "the listing after the rename");
    assert_eq!(entries[0].content, Value::Null, "entries come without content");
    let top = client.contents().get("project").await.expect("list the parent");
    let mut names: Vec<String> =
        serde_json::from_value::<Vec<Contents>>(top.content).expect("entries").into_iter().map(|e| e.name).collect();
    names.sort();
    assert_eq!(names, ["analysis.ipynb", "notes"]);

    step("checkpoints: create, list, change the file, restore, delete");
    let path = "project/notes/done.txt";
    let checkpoint = client.contents().create_checkpoint(path).await.expect("create a checkpoint");
    assert!(!checkpoint.id.is_empty());
    let list = client.contents().list_checkpoints(path).await.expect("list checkpoints");
    assert_eq!(list.iter().map(|c| c.id.as_str()).collect::<Vec<_>>(), [checkpoint.id.as_str()]);
    client
        .contents()
        .replace(path)
        .body(ContentsReplaceRequest::new().with_type("file").with_format("text").with_content(json!("changed")))
        .await
        .expect("overwrite");
    let changed = client.contents().get(path).await.expect("read the change");
    assert_eq!(changed.content, json!("changed"));
    client.contents().update_checkpoint(path, &checkpoint.id).await.expect("restore the checkpoint");
    let restored = client.contents().get(path).await.expect("read the restored file");
    assert_eq!(restored.content, json!(TEXT), "the checkpoint's content is back");
    client.contents().delete_checkpoint(path, &checkpoint.id).await.expect("delete the checkpoint");
    let list = client.contents().list_checkpoints(path).await.expect("list checkpoints again");
    assert!(list.is_empty(), "{list:?}");

    step("contents: delete, then a 404 read back");
    client.contents().delete(path).await.expect("delete");
    let missing = client.contents().get(path).await.expect_err("a deleted file was read");
    match &missing {
        Error::Api { status: 404, body: ContentsGetError::NotFound, raw } => {
            let text = raw.text().expect("a UTF-8 body");
            assert!(text.contains("project/notes/done.txt") && text.contains("does not exist"), "{text:?}");
            // Plain text labelled JSON: the client keeps it as it came.
            assert_eq!(raw.content_type(), Some("application/json"));
        }
        other => panic!("expected Error::Api 404 NotFound, got {other:?}"),
    }
    assert_eq!(missing.body_bytes().map(<[u8]>::len), missing.raw_body().map(|r| r.len()));
    let again = client.contents().delete(path).await.expect_err("deleted twice");
    assert_eq!(again.status(), Some(404), "{again:?}");
    let nowhere = client.contents().get("nope/never.txt").await.expect_err("a missing file was read");
    let text = nowhere.raw_body().and_then(|r| r.text()).unwrap_or_default();
    assert_eq!(nowhere.status(), Some(404));
    assert!(text.contains("nope/never.txt"), "{text:?}");

    step("sessions: start one with a python3 kernel, list it");
    let session = client
        .sessions()
        .create()
        .path("project/analysis.ipynb")
        .name("analysis.ipynb")
        .r#type("notebook")
        .kernel(SessionsCreateRequestKernel::new().with_name("python3"))
        .await
        .expect("start a session");
    let session_id = session.id.expect("a session id");
    let kernel = session.kernel.expect("the session's kernel");
    assert_eq!(kernel.name, "python3");
    assert_eq!(session.path.as_deref(), Some("project/analysis.ipynb"));
    let sessions = client.sessions().list().await.expect("list sessions");
    assert_eq!(sessions.iter().map(|s| s.id).collect::<Vec<_>>(), [Some(session_id)]);
    let fetched = client.sessions().get(session_id).await.expect("get the session");
    assert_eq!(fetched.kernel.map(|k| k.id), Some(kernel.id));

    step("kernels: list, interrupt, restart, one more by POST /api/kernels");
    let kernels = client.kernels().list().await.expect("list kernels");
    assert_eq!(kernels.iter().map(|k| k.id).collect::<Vec<_>>(), [kernel.id]);
    client.kernels().interrupt(kernel.id).await.expect("interrupt");
    let restarted = client.kernels().restart(kernel.id).await.expect("restart");
    assert_eq!((restarted.id, restarted.name.as_str()), (kernel.id, "python3"));
    let extra = client.kernels().create("python3").await.expect("start a kernel");
    assert_ne!(extra.id, kernel.id);
    let got = client.kernels().get(extra.id).await.expect("get a kernel");
    assert_eq!(got.id, extra.id);
    let mut ids: Vec<_> =
        client.kernels().list().await.expect("list kernels").into_iter().map(|k| k.id).collect();
    ids.sort();
    let mut expected = vec![kernel.id, extra.id];
    expected.sort();
    assert_eq!(ids, expected);
    client.kernels().delete(extra.id).await.expect("delete a kernel");

    step("sessions: delete (and its kernel with it)");
    client.sessions().delete(session_id).await.expect("delete the session");
    assert!(client.sessions().list().await.expect("list sessions").is_empty());
    assert!(client.kernels().list().await.expect("list kernels").is_empty());
    let status = client.status().get().await.expect("status");
    assert_eq!(status.kernels, Some(0.0));
    step("all checks passed");
}
