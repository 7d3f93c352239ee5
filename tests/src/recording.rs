//! The recording file format: one HTTP exchange per JSON file under `recordings/`.
//!
//! ```text
//! { "description": "...",
//!   "call":     { "operation": "groups.invite", "auth": { "user_id": "..." }, "args": { ... } },
//!   "request":  { "method", "path", "query": {}, "headers": { lowercase: value }, "body": <json> },
//!   "response": { "status", "headers": { ... }, "body": <json> | "body_text": "<raw>" },
//!   "expect":   { "ok": <json> } | { "api_error": { "status", "body" } }
//!             | { "unexpected_response": { "status", "content_type", "body_contains" } }
//!             | { "rate_limited": { "status", "retry_after_secs", "body_contains"? } } }
//! ```
//!
//! The call's inputs come only from `call`; `request` is what the client must send for them.
//! A header recorded as `"<redacted>"` means "the harness's own token" (see [`crate::TEST_TOKEN`]).

use indexmap::IndexMap;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::path::{Path, PathBuf};

/// One recorded exchange.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Recording {
    /// What the exchange shows, and where it comes from (a seed page, or synthetic).
    pub description: String,
    /// The typed client call that makes the request.
    pub call: Call,
    /// The request the client must send.
    pub request: RecordedRequest,
    /// The response the server gives.
    pub response: RecordedResponse,
    /// The typed result the client must return.
    pub expect: Expect,
}

/// The credentials of a call (the token is always the harness's own).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Auth {
    /// Sent as `X-User-Id` when present.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
}

/// A client call: the operation, its credentials and its arguments.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "operation", deny_unknown_fields)]
pub enum Call {
    /// `client.groups().add_leader(room_id, user_id)`
    #[serde(rename = "groups.addLeader")]
    GroupsAddLeader {
        /// Credentials.
        #[serde(default)]
        auth: Auth,
        /// Arguments.
        args: LeaderArgs,
    },
    /// `client.groups().remove_leader(room_id, user_id)`
    #[serde(rename = "groups.removeLeader")]
    GroupsRemoveLeader {
        /// Credentials.
        #[serde(default)]
        auth: Auth,
        /// Arguments.
        args: LeaderArgs,
    },
    /// `client.groups().invite(room, invitees)`
    #[serde(rename = "groups.invite")]
    GroupsInvite {
        /// Credentials.
        #[serde(default)]
        auth: Auth,
        /// Arguments.
        args: InviteArgs,
    },
    /// `client.roles().add_user_to_role(role, username)[.room_id(..)]`
    #[serde(rename = "roles.addUserToRole")]
    RolesAddUserToRole {
        /// Credentials.
        #[serde(default)]
        auth: Auth,
        /// Arguments.
        args: AddUserToRoleArgs,
    },
}

impl Call {
    /// The operation name, as in the Rocket.Chat path (`groups.invite`).
    pub fn operation(&self) -> &'static str {
        match self {
            Call::GroupsAddLeader { .. } => "groups.addLeader",
            Call::GroupsRemoveLeader { .. } => "groups.removeLeader",
            Call::GroupsInvite { .. } => "groups.invite",
            Call::RolesAddUserToRole { .. } => "roles.addUserToRole",
        }
    }

    /// The call's credentials.
    pub fn auth(&self) -> &Auth {
        match self {
            Call::GroupsAddLeader { auth, .. }
            | Call::GroupsRemoveLeader { auth, .. }
            | Call::GroupsInvite { auth, .. }
            | Call::RolesAddUserToRole { auth, .. } => auth,
        }
    }

    /// The call's credentials, to change.
    pub fn auth_mut(&mut self) -> &mut Auth {
        match self {
            Call::GroupsAddLeader { auth, .. }
            | Call::GroupsRemoveLeader { auth, .. }
            | Call::GroupsInvite { auth, .. }
            | Call::RolesAddUserToRole { auth, .. } => auth,
        }
    }
}

/// Arguments of groups.addLeader and groups.removeLeader.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LeaderArgs {
    /// The group's ID.
    pub room_id: String,
    /// The user's ID.
    pub user_id: String,
}

/// Arguments of groups.invite.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InviteArgs {
    /// `{"id": ..}` or `{"name": ..}`.
    pub room: RoomArg,
    /// `{"user_id"|"username": ..}` or `{"user_ids"|"usernames": [..]}`.
    pub users: UsersArg,
}

/// Which room (maps to `RoomRef`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum RoomArg {
    /// `RoomRef::Id`
    Id(String),
    /// `RoomRef::Name`
    Name(String),
}

/// Who (maps to `Invitees`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum UsersArg {
    /// `Invitees::UserId`
    UserId(String),
    /// `Invitees::Username`
    Username(String),
    /// `Invitees::UserIds`
    UserIds(Vec<String>),
    /// `Invitees::Usernames`
    Usernames(Vec<String>),
}

/// Arguments of roles.addUserToRole.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AddUserToRoleArgs {
    /// `{"id": ..}` or the deprecated `{"name": ..}`.
    pub role: RoleArg,
    /// The user name.
    pub username: String,
    /// The optional room (the `.room_id(..)` setter).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub room_id: Option<String>,
}

/// Which role (maps to `RoleRef`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum RoleArg {
    /// `RoleRef::Id`
    Id(String),
    /// `RoleRef::Name` (deprecated)
    Name(String),
}

/// The request the client must send.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecordedRequest {
    /// HTTP method.
    pub method: String,
    /// Path, without the query.
    pub path: String,
    /// Query parameters: a string, or an array of strings for a repeated name.
    #[serde(default)]
    pub query: IndexMap<String, Value>,
    /// The headers that matter, with lowercase names; `"<redacted>"` stands for the harness's token.
    #[serde(default)]
    pub headers: IndexMap<String, String>,
    /// The JSON body; absent when no body may be sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<Value>,
}

/// The response the server gives.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecordedResponse {
    /// HTTP status.
    pub status: u16,
    /// Response headers (only these are sent, plus the server's own `content-length`, `date`).
    #[serde(default)]
    pub headers: IndexMap<String, String>,
    /// A JSON body, sent compactly.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<Value>,
    /// A raw body, sent byte for byte (for bodies that are not JSON).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body_text: Option<String>,
}

impl RecordedResponse {
    /// The bytes to send.
    pub fn body_bytes(&self) -> Result<Vec<u8>, String> {
        match (&self.body, &self.body_text) {
            (Some(_), Some(_)) => Err("the response has both `body` and `body_text`; keep one".to_owned()),
            (Some(json), None) => serde_json::to_vec(json).map_err(|e| e.to_string()),
            (None, Some(text)) => Ok(text.clone().into_bytes()),
            (None, None) => Ok(Vec::new()),
        }
    }
}

/// The typed result the client must return.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Expect {
    /// `Ok(value)`; the value re-serialised with serde equals this JSON.
    Ok(Value),
    /// `Err(Error::Api { status, body, .. })`; the documented body re-serialised equals `body`.
    ApiError {
        /// HTTP status.
        status: u16,
        /// The documented error body.
        body: Value,
    },
    /// `Err(Error::UnexpectedResponse { status, content_type, body, .. })`.
    UnexpectedResponse {
        /// HTTP status.
        status: u16,
        /// The `Content-Type` the client reports (null: none).
        content_type: Option<String>,
        /// Text the body excerpt must contain.
        body_contains: String,
    },
    /// `Err(Error::RateLimited { status, retry_after, body, .. })`.
    RateLimited {
        /// HTTP status.
        status: u16,
        /// The `Retry-After` delay in seconds (null: none).
        retry_after_secs: Option<u64>,
        /// Text the body excerpt must contain.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        body_contains: Option<String>,
    },
}

/// A recording file found under a directory: its case name and path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseFile {
    /// `operation/file-stem`, e.g. `groups.invite/by-room-id-user-id`.
    pub name: String,
    /// The file.
    pub path: PathBuf,
}

/// Every `*.json` file under `dir` (any depth), sorted by name: adding a file adds a case.
pub fn discover(dir: &Path) -> Result<Vec<CaseFile>, String> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<CaseFile>) -> Result<(), String> {
        let entries = std::fs::read_dir(dir).map_err(|e| format!("cannot list {}: {e}", dir.display()))?;
        for entry in entries {
            let path = entry.map_err(|e| format!("cannot list {}: {e}", dir.display()))?.path();
            if path.is_dir() {
                walk(root, &path, out)?;
            } else if path.extension().is_some_and(|ext| ext == "json") {
                let relative = path.strip_prefix(root).unwrap_or(&path).with_extension("");
                let name = relative.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/");
                out.push(CaseFile { name, path });
            }
        }
        Ok(())
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out)?;
    out.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(out)
}

/// Reads and checks one recording file.
pub fn load(path: &Path) -> Result<Recording, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let recording: Recording =
        serde_json::from_str(&text).map_err(|e| format!("{} is not a valid recording: {e}", path.display()))?;
    check(&recording).map_err(|e| format!("{}: {e}", path.display()))?;
    // A file under `recordings/<operation>/` must record that operation.
    if let Some(folder) = path.parent().and_then(Path::file_name).and_then(|f| f.to_str()) {
        if folder.contains('.') && folder != recording.call.operation() {
            return Err(format!(
                "{}: the file is in the folder `{folder}` but its call.operation is `{}`",
                path.display(),
                recording.call.operation()
            ));
        }
    }
    Ok(recording)
}

/// Consistency checks that serde cannot express.
pub fn check(recording: &Recording) -> Result<(), String> {
    check_response(&recording.response)?;
    for name in recording.request.headers.keys() {
        if name.to_ascii_lowercase() != *name {
            return Err(format!("request header names are lowercase: {name:?}"));
        }
    }
    for (name, value) in &recording.request.query {
        let ok = match value {
            Value::String(_) => true,
            Value::Array(items) => items.iter().all(Value::is_string),
            _ => false,
        };
        if !ok {
            return Err(format!("query parameter {name:?} must be a string or an array of strings"));
        }
    }
    Ok(())
}

/// The recording as the pretty JSON written to files (with a final newline).
pub fn to_file_text(recording: &Recording) -> String {
    let mut text = serde_json::to_string_pretty(recording).expect("a recording serialises");
    text.push('\n');
    text
}

/// Checks that a recorded response can be served (status, header names and values, one body).
pub fn check_response(response: &RecordedResponse) -> Result<(), String> {
    response.body_bytes()?;
    reqwest::StatusCode::from_u16(response.status)
        .map_err(|_| format!("response.status {} is not an HTTP status", response.status))?;
    for (name, value) in &response.headers {
        reqwest::header::HeaderName::from_bytes(name.as_bytes())
            .map_err(|_| format!("response header name {name:?} is not valid"))?;
        reqwest::header::HeaderValue::from_str(value)
            .map_err(|_| format!("response header {name} has an invalid value"))?;
    }
    Ok(())
}
