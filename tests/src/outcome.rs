//! Calling the generated client from a recorded [`Call`], and its result as plain data.

use crate::recording::{Call, RoleArg, RoomArg, UsersArg};
use rocketchat_client::operations::{
    AddUserToRoleError, GroupsAddLeaderError, GroupsInviteError, GroupsRemoveLeaderError,
};
use rocketchat_client::types::{Invitees, RoleRef, RoomRef};
use rocketchat_client::{Client, Error};
use serde::Serialize;
use serde_json::Value;
use std::time::Duration;

/// What a call returned, reduced to data that can be compared with a recording's `expect`.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// `Ok(value)`, re-serialised with serde.
    Ok(Value),
    /// `Error::Api`: the status, the name of the `...Error` variant, its body re-serialised.
    Api {
        /// HTTP status.
        status: u16,
        /// `BadRequest`, `Unauthorized`, ...
        variant: &'static str,
        /// The documented body.
        body: Value,
    },
    /// `Error::UnexpectedResponse`.
    Unexpected {
        /// HTTP status.
        status: u16,
        /// The `Content-Type` header.
        content_type: Option<String>,
        /// The body excerpt.
        body: String,
        /// Why the response was refused.
        reason: String,
    },
    /// `Error::RateLimited`.
    RateLimited {
        /// HTTP status.
        status: u16,
        /// `Retry-After`.
        retry_after: Option<Duration>,
        /// The body excerpt.
        body: String,
    },
    /// `Error::Transport` (its Display).
    Transport(String),
    /// `Error::InvalidRequest`.
    InvalidRequest(String),
    /// An `Error` variant this harness does not know (the enum is non-exhaustive).
    OtherError(String),
    /// The call panicked: always a client bug.
    Panicked(String),
}

impl Outcome {
    /// A one-line description for failure messages.
    pub fn describe(&self) -> String {
        match self {
            Outcome::Ok(value) => format!("Ok({value})"),
            Outcome::Api { status, variant, body } => format!("Error::Api {{ status: {status}, body: {variant}({body}) }}"),
            Outcome::Unexpected { status, content_type, body, reason } => format!(
                "Error::UnexpectedResponse {{ status: {status}, content_type: {content_type:?}, body: {body:?}, reason: {reason:?} }}"
            ),
            Outcome::RateLimited { status, retry_after, body } => {
                format!("Error::RateLimited {{ status: {status}, retry_after: {retry_after:?}, body: {body:?} }}")
            }
            Outcome::Transport(e) => format!("Error::Transport({e})"),
            Outcome::InvalidRequest(e) => format!("Error::InvalidRequest({e:?})"),
            Outcome::OtherError(e) => format!("another Error variant: {e}"),
            Outcome::Panicked(e) => format!("the client panicked: {e}"),
        }
    }
}

/// A call's outcome with the error's own `Display` and `Debug` text (for the secrets checks).
#[derive(Debug, Clone)]
pub struct CallResult {
    /// The outcome.
    pub outcome: Outcome,
    /// `format!("{error}")`, for an error.
    pub display: Option<String>,
    /// `format!("{result:?}")`.
    pub debug: String,
}

/// The documented error enums of the operations: the variant's name and its body as JSON.
pub trait Documented {
    /// `("BadRequest", body)`.
    fn parts(&self) -> (&'static str, Value);
}

macro_rules! documented {
    ($($ty:ident),*) => {$(
        impl Documented for $ty {
            fn parts(&self) -> (&'static str, Value) {
                match self {
                    $ty::BadRequest(body) => ("BadRequest", to_json(body)),
                    $ty::Unauthorized(body) => ("Unauthorized", to_json(body)),
                }
            }
        }
    )*};
}
documented!(GroupsAddLeaderError, GroupsRemoveLeaderError, GroupsInviteError, AddUserToRoleError);

fn to_json<T: Serialize>(value: &T) -> Value {
    serde_json::to_value(value).unwrap_or_else(|e| Value::String(format!("<cannot serialise: {e}>")))
}

/// The status a documented error variant stands for.
pub fn variant_status(variant: &str) -> Option<u16> {
    match variant {
        "BadRequest" => Some(400),
        "Unauthorized" => Some(401),
        _ => None,
    }
}

/// Reduces a typed result to a [`CallResult`].
pub fn reduce<T, E>(result: &Result<T, Error<E>>) -> CallResult
where
    T: Serialize + std::fmt::Debug,
    E: Documented + std::fmt::Debug,
{
    let debug = format!("{result:?}");
    let (outcome, display) = match result {
        Ok(value) => (Outcome::Ok(to_json(value)), None),
        Err(error) => {
            let outcome = match error {
                Error::Api { status, body, .. } => {
                    let (variant, body) = body.parts();
                    Outcome::Api { status: *status, variant, body }
                }
                Error::UnexpectedResponse { status, content_type, body, reason, .. } => Outcome::Unexpected {
                    status: *status,
                    content_type: content_type.clone(),
                    body: body.clone(),
                    reason: reason.clone(),
                },
                Error::RateLimited { status, retry_after, body, .. } => {
                    Outcome::RateLimited { status: *status, retry_after: *retry_after, body: body.clone() }
                }
                Error::Transport(e) => Outcome::Transport(e.to_string()),
                Error::InvalidRequest(why) => Outcome::InvalidRequest(why.clone()),
                other => Outcome::OtherError(other.to_string()),
            };
            (outcome, Some(error.to_string()))
        }
    };
    CallResult { outcome, display, debug }
}

/// Makes the typed client call a recording describes (inputs from `call` only).
#[allow(deprecated)] // RoleRef::Name: the deprecated roleName is still a documented input.
pub async fn call(client: &Client, call: &Call) -> CallResult {
    match call {
        Call::GroupsAddLeader { args, .. } => reduce(&client.groups().add_leader(&args.room_id, &args.user_id).await),
        Call::GroupsRemoveLeader { args, .. } => {
            reduce(&client.groups().remove_leader(&args.room_id, &args.user_id).await)
        }
        Call::GroupsInvite { args, .. } => {
            let room = match &args.room {
                RoomArg::Id(id) => RoomRef::Id(id.clone()),
                RoomArg::Name(name) => RoomRef::Name(name.clone()),
            };
            let invitees = match &args.users {
                UsersArg::UserId(id) => Invitees::UserId(id.clone()),
                UsersArg::Username(name) => Invitees::Username(name.clone()),
                UsersArg::UserIds(ids) => Invitees::UserIds(ids.clone()),
                UsersArg::Usernames(names) => Invitees::Usernames(names.clone()),
            };
            reduce(&client.groups().invite(room, invitees).await)
        }
        Call::RolesAddUserToRole { args, .. } => {
            let role = match &args.role {
                RoleArg::Id(id) => RoleRef::Id(id.clone()),
                RoleArg::Name(name) => RoleRef::Name(name.clone()),
            };
            let mut request = client.roles().add_user_to_role(role, &args.username);
            if let Some(room_id) = &args.room_id {
                request = request.room_id(room_id);
            }
            reduce(&request.send().await)
        }
    }
}

/// [`call`] on its own task, so that a panic in the client becomes [`Outcome::Panicked`]
/// instead of taking the harness down.
pub async fn call_catching_panics(client: &Client, recorded: &Call) -> CallResult {
    let client = client.clone();
    let recorded = recorded.clone();
    match tokio::spawn(async move { call(&client, &recorded).await }).await {
        Ok(result) => result,
        Err(join) => {
            let message = if join.is_panic() {
                let payload = join.into_panic();
                payload
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| payload.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                    .unwrap_or_else(|| "<non-text panic payload>".to_owned())
            } else {
                join.to_string()
            };
            CallResult { outcome: Outcome::Panicked(message.clone()), display: None, debug: message }
        }
    }
}
