//! Responses: one variant per documented status, with its payload type.

use super::bodies::pick_media;
use super::refs::component_name;
use super::{Lowering, Name};
use crate::diag::child;
use crate::ir::{BodyKind, Payload, Response, Status, TypeRef};
use crate::load::swagger2::OPTIONAL_BODY;
use crate::names::{self, Namespace};
use openapiv3::{ReferenceOr, StatusCode};

impl<'a> Lowering<'a> {
    pub(super) fn responses(
        &mut self,
        doc: usize,
        op: &'a openapiv3::Operation,
        builder: &str,
        origin: &str,
        head: bool,
    ) -> Vec<Response> {
        let mut entries: Vec<(Status, &ReferenceOr<openapiv3::Response>)> = op
            .responses
            .responses
            .iter()
            .map(|(code, r)| {
                let s = match code {
                    StatusCode::Code(c) => Status::Code(*c),
                    StatusCode::Range(r) => Status::Range(*r),
                };
                (s, r)
            })
            .collect();
        if let Some(d) = &op.responses.default {
            entries.push((Status::Default, d));
        }
        entries.sort_by_key(|(s, _)| *s);
        let success_count = entries.iter().filter(|(s, _)| is_success(*s)).count();
        let mut out = Vec::new();
        let mut variant_ns = Namespace::with_reserved(&["Unknown"]);
        for (status, r) in entries {
            let r_origin = child(&child(origin, "responses"), &status_key(status));
            if let Status::Code(code @ (301 | 302 | 303 | 307 | 308)) = status {
                let pointer = r_origin.split_once('#').map_or(r_origin.as_str(), |(_, p)| p).to_owned();
                self.diags.push(
                    crate::diag::Diagnostic::note(
                        "redirect-followed",
                        pointer,
                        format!("{code} is a redirect the client follows, so it never reaches the caller; it is not an error variant"),
                    )
                    .with_help("to see redirects, build the client on a `reqwest::Client` that does not follow them (`Client::with_http_client`)")
                    .in_file(self.docs[doc].name.clone()),
                );
                continue;
            }
            let resolved = self.resolve(doc, r).ok();
            let Some(resp) = resolved else {
                self.warn(
                    doc,
                    "unsupported-ref",
                    &r_origin,
                    "response reference could not be resolved; the response was skipped".into(),
                    "reference responses under `#/components/responses/`",
                );
                continue;
            };
            let variant = variant_ns.claim(&match status {
                Status::Code(c) => names::status_variant(Some(c), None),
                Status::Range(r) => names::status_variant(None, Some(r)),
                Status::Default => names::status_variant(None, None),
            });
            let success = is_success(status);
            let hint = if success && success_count == 1 {
                format!("{builder} Response")
            } else {
                format!("{builder} {variant}")
            };
            // A component response keeps its component name for its inline body schema.
            let hint = match r {
                ReferenceOr::Reference { reference } => component_name(reference, "responses").unwrap_or(hint),
                ReferenceOr::Item(_) => hint,
            };
            let payload = match pick_media(&resp.content) {
                None => Payload::None,
                Some((ct, media, kind)) => match kind {
                    BodyKind::Json | BodyKind::Form | BodyKind::Multipart => match &media.schema {
                        Some(s) => {
                            let t = self.lower(
                                doc,
                                s,
                                &Name::Hint(hint),
                                &child(&child(&child(&r_origin, "content"), ct), "schema"),
                            );
                            Payload::Json(t)
                        }
                        None => Payload::Json(TypeRef::Json),
                    },
                    BodyKind::Text => Payload::Text,
                    BodyKind::Bytes => Payload::Bytes,
                },
            };
            let open = pick_media(&resp.content).is_some_and(|(_, media, _)| {
                media.schema.is_none() && media.extensions.get(OPTIONAL_BODY) == Some(&serde_json::Value::Bool(true))
            });
            // A 204 and any answer to `HEAD` have no body, whatever the content says. An
            // error whose body the description leaves open is a variant without payload:
            // its body, whatever it is (servers send text labelled JSON), stays readable
            // as the error's raw body instead of failing to decode.
            let payload = match payload {
                _ if head || status == Status::Code(204) => Payload::None,
                Payload::None => Payload::None,
                _ if open && !is_success(status) => Payload::None,
                p if open => Payload::OrEmpty(Box::new(p)),
                p => p,
            };
            out.push(Response { status, variant, payload, description: resp.description.clone(), success });
        }
        out
    }
}

fn status_key(s: Status) -> String {
    match s {
        Status::Code(c) => c.to_string(),
        Status::Range(r) => format!("{r}XX"),
        Status::Default => "default".into(),
    }
}

pub fn is_success(s: Status) -> bool {
    matches!(s, Status::Code(200..=299) | Status::Range(2))
}
