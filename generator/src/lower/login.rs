//! Login and logout operations: what a success does to the client's credentials (see
//! DESIGN.md, "Login and logout").
//!
//! Nothing in OpenAPI says which operation logs in, so an extension on the operation
//! (usually added by an overlay) says it:
//! - `x-login: {<credential>: <JSON pointer>, ...}`: on success, the client stores the
//!   string found at each pointer of the JSON success body as that credential. A
//!   credential is named by its security scheme's key (`authToken`) or by where it is
//!   sent (the header, query parameter or cookie name, e.g. `X-Auth-Token`; header
//!   names in any case).
//! - `x-logout: true`: on success, the client forgets every credential.
//!
//! Each pointer is checked against the documented success body: a property the body
//! cannot have, an index into what is not an array, or a value that is not a string is
//! a located `warning[login-overlay]`, and the operation is generated without the
//! credential handling (as a plain operation). Where the body is untyped (any JSON, an
//! open map, a union) the rest of the pointer cannot be checked and is accepted.

use super::operations::Site;
use super::Lowering;
use crate::diag::child;
use crate::ir::{AuthKind, AuthScheme, CredentialAt, Payload, Response, Session, TypeKind, TypeRef};

const LOGIN: &str = "x-login";
const LOGOUT: &str = "x-logout";

impl<'a> Lowering<'a> {
    /// The session effect of an operation, from its `x-login` / `x-logout` extensions.
    pub(super) fn session(&mut self, site: &Site<'a>, responses: &[Response], auth: &[AuthScheme]) -> Option<Session> {
        let login = site.op.extensions.get(LOGIN);
        let logout = site.op.extensions.get(LOGOUT);
        let logout = match logout {
            None | Some(serde_json::Value::Bool(false)) => false,
            Some(serde_json::Value::Bool(true)) => true,
            Some(other) => {
                self.warn_session(
                    site,
                    &[LOGOUT],
                    format!("`{LOGOUT}` is {other}, not a boolean; the operation does not clear credentials"),
                );
                false
            }
        };
        let Some(login) = login else { return logout.then_some(Session::Logout) };
        if logout {
            self.warn_session(
                site,
                &[LOGIN],
                format!("the operation has both `{LOGIN}` and `{LOGOUT}`; it neither stores nor clears credentials"),
            );
            return None;
        }
        match self.login(login, responses, auth) {
            Ok(found) => Some(Session::Login(found)),
            Err((at, why)) => {
                let at: &[&str] = if at.is_empty() { &[LOGIN] } else { &[LOGIN, at.as_str()] };
                self.warn_session(site, at, format!("{why}; the operation does not store credentials"));
                None
            }
        }
    }

    /// The credentials of an `x-login` value; on error, the key it is about (empty: the
    /// whole value) and why.
    fn login(
        &self,
        value: &serde_json::Value,
        responses: &[Response],
        auth: &[AuthScheme],
    ) -> Result<Vec<CredentialAt>, (String, String)> {
        let whole = |why: String| (String::new(), why);
        let serde_json::Value::Object(map) = value else {
            return Err(whole(format!("`{LOGIN}` is {value}, not an object of credential names and JSON pointers")));
        };
        if map.is_empty() {
            return Err(whole(format!("`{LOGIN}` names no credential")));
        }
        if auth.is_empty() {
            return Err(whole("the API has no credentials (security schemes or shared header parameters)".into()));
        }
        let body = json_success(responses).ok_or_else(|| whole("the operation has no JSON success response".into()))?;
        let mut out: Vec<CredentialAt> = Vec::new();
        for (name, pointer) in map {
            let at = |why: String| (name.clone(), why);
            let slot = slot_of(name, auth).ok_or_else(|| {
                let known: Vec<String> = auth.iter().map(|a| format!("`{}`", a.key)).collect();
                at(format!("`{name}` is not a credential of the client (its credentials: {})", known.join(", ")))
            })?;
            let serde_json::Value::String(pointer) = pointer else {
                return Err(at(format!("`{name}: {pointer}` is not a JSON pointer (a string such as `/data/token`)")));
            };
            if out.iter().any(|c| c.slot == slot) {
                return Err(at(format!("`{name}` names the credential `{}` a second time", auth[slot].key)));
            }
            self.check_pointer(&body, pointer).map_err(at)?;
            out.push(CredentialAt { slot, pointer: pointer.clone() });
        }
        Ok(out)
    }

    /// Whether a string can be found at `pointer` in a body of type `body`.
    fn check_pointer(&self, body: &TypeRef, pointer: &str) -> Result<(), String> {
        if !pointer.is_empty() && !pointer.starts_with('/') {
            return Err(format!("`{pointer}` is not a JSON pointer: it must start with `/` (e.g. `/data/token`)"));
        }
        let mut ty = body.clone();
        let mut walked = String::new();
        let segments: Vec<String> = if pointer.is_empty() {
            Vec::new()
        } else {
            pointer[1..].split('/').map(|s| s.replace("~1", "/").replace("~0", "~")).collect()
        };
        let mut segments = segments.into_iter();
        let mut next = segments.next();
        // Bounded: aliases could refer to each other without end.
        for _ in 0..(4 * (pointer.len() + 8)) {
            let here = if walked.is_empty() { "the body".to_owned() } else { format!("`{walked}`") };
            ty = match (ty, &next) {
                (TypeRef::Option(t) | TypeRef::Boxed(t), _) => *t,
                (TypeRef::Json | TypeRef::JsonObject, _) => return Ok(()),
                (TypeRef::String, None) => return Ok(()),
                (TypeRef::Named(n), _) => match self.types.get(&n).map(|t| &t.kind) {
                    Some(TypeKind::Alias(t) | TypeKind::Newtype(t)) => t.clone(),
                    Some(TypeKind::Union(_)) => return Ok(()),
                    Some(TypeKind::Enum(_)) if next.is_none() => return Ok(()),
                    Some(TypeKind::Struct(s)) => {
                        let Some(segment) = &next else {
                            return Err(format!("{here} is an object, not a string"));
                        };
                        match s.fields.iter().find(|f| !f.flatten && &f.wire == segment) {
                            Some(f) => {
                                let t = f.ty.clone();
                                walked = format!("{walked}/{}", escape(segment));
                                next = segments.next();
                                t
                            }
                            None => match &s.additional {
                                Some(t) => {
                                    let t = t.clone();
                                    walked = format!("{walked}/{}", escape(segment));
                                    next = segments.next();
                                    t
                                }
                                None => {
                                    return Err(format!(
                                        "{here} has no property `{segment}` in the documented success body"
                                    ))
                                }
                            },
                        }
                    }
                    _ => return Err(format!("{here} is not a string")),
                },
                (TypeRef::Vec(item), Some(segment)) => {
                    if segment.is_empty() || !segment.bytes().all(|b| b.is_ascii_digit()) {
                        return Err(format!("{here} is an array: `{segment}` is not an index"));
                    }
                    walked = format!("{walked}/{segment}");
                    next = segments.next();
                    *item
                }
                (TypeRef::Map(value), Some(segment)) => {
                    walked = format!("{walked}/{}", escape(segment));
                    next = segments.next();
                    *value
                }
                (_, None) => return Err(format!("{here} is not a string")),
                (_, Some(segment)) => return Err(format!("{here} is not an object or array: it has no `{segment}`")),
            };
        }
        Err(format!("`{pointer}` could not be followed through the body's types"))
    }

    /// A `warning[login-overlay]` located at `at` (the extension, or a key in it).
    fn warn_session(&mut self, site: &Site<'a>, at: &[&str], message: String) {
        let origin = at.iter().fold(site.origin.clone(), |o, s| child(&o, s));
        self.warn(
            site.doc,
            "login-overlay",
            &origin,
            message,
            "write `x-login: {<credential: scheme key or header name>: <JSON pointer to a string in the success body>}` (e.g. `{X-Auth-Token: /data/authToken}`) on the login operation, and `x-logout: true` on the logout operation",
        );
    }
}

/// The JSON success body (the first, when several successes are JSON).
fn json_success(responses: &[Response]) -> Option<TypeRef> {
    responses.iter().filter(|r| r.success).find_map(|r| match &r.payload {
        Payload::Json(t) => Some(t.clone()),
        _ => None,
    })
}

/// The client credential named `name`: a scheme key, or where the scheme sends it.
fn slot_of(name: &str, auth: &[AuthScheme]) -> Option<usize> {
    auth.iter().position(|a| a.key == name).or_else(|| {
        auth.iter().position(|a| match &a.kind {
            AuthKind::Header(h) => h.eq_ignore_ascii_case(name),
            AuthKind::Query(q) | AuthKind::Cookie(q) => q == name,
            AuthKind::Bearer | AuthKind::Basic | AuthKind::Scheme(_) => name.eq_ignore_ascii_case("Authorization"),
        })
    })
}

/// A JSON pointer segment, escaped (RFC 6901).
fn escape(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}
