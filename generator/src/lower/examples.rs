//! Published examples: every `example` and `examples` entry of an operation's request
//! body and responses (references followed), carried in the IR as test data
//! (`Operation::examples`); the client does not use them.

use super::refs::component_name;
use super::Lowering;
use crate::diag::{child, Diagnostic};
use crate::ir::{Example, ExampleTarget, Status};
use indexmap::IndexMap;
use openapiv3::{MediaType, ReferenceOr, StatusCode};

impl<'a> Lowering<'a> {
    /// The examples of `op` (at `origin`, `file#/paths/..`), request body first, then
    /// responses in the document's order.
    pub(super) fn examples(&mut self, doc: usize, op: &'a openapiv3::Operation, origin: &str) -> Vec<Example> {
        let mut out = Vec::new();
        if let Some(b) = &op.request_body {
            let (body, at) = match b {
                ReferenceOr::Reference { reference } => {
                    (self.resolve(doc, b).ok(), self.component_origin(doc, reference, "requestBodies"))
                }
                ReferenceOr::Item(body) => (Some(body), Some(child(origin, "requestBody"))),
            };
            if let (Some(body), Some(at)) = (body, at) {
                self.media_examples(doc, ExampleTarget::Request, &body.content, &at, &mut out);
            }
        }
        let responses = op.responses.responses.iter().map(|(code, r)| {
            let status = match code {
                StatusCode::Code(c) => Status::Code(*c),
                StatusCode::Range(r) => Status::Range(*r),
            };
            (status, code.to_string(), r)
        });
        let default = op.responses.default.iter().map(|r| (Status::Default, "default".to_owned(), r));
        for (status, key, r) in responses.chain(default) {
            let (response, at) = match r {
                ReferenceOr::Reference { reference } => {
                    (self.resolve(doc, r).ok(), self.component_origin(doc, reference, "responses"))
                }
                ReferenceOr::Item(resp) => (Some(resp), Some(child(&child(origin, "responses"), &key))),
            };
            // An unresolvable response is reported where responses are lowered.
            if let (Some(response), Some(at)) = (response, at) {
                self.media_examples(doc, ExampleTarget::Response(status), &response.content, &at, &mut out);
            }
        }
        out
    }

    /// `file#/components/<section>/<name>` for a reference to a component.
    fn component_origin(&self, doc: usize, reference: &str, section: &str) -> Option<String> {
        let name = component_name(reference, section)?;
        Some(format!("{}#{}", self.docs[doc].name, child(&child("/components", section), &name)))
    }

    fn media_examples(
        &mut self,
        doc: usize,
        target: ExampleTarget,
        content: &'a IndexMap<String, MediaType>,
        at: &str,
        out: &mut Vec<Example>,
    ) {
        for (media_type, media) in content {
            let media_at = child(&child(at, "content"), media_type);
            if let Some(value) = &media.example {
                out.push(Example {
                    target,
                    name: "example".to_owned(),
                    media_type: media_type.clone(),
                    value: value.clone(),
                    origin: child(&media_at, "example"),
                });
            }
            for (name, e) in &media.examples {
                let origin = child(&child(&media_at, "examples"), name);
                match self.resolve(doc, e).ok().and_then(|e| e.value.as_ref()) {
                    Some(value) => out.push(Example {
                        target,
                        name: name.clone(),
                        media_type: media_type.clone(),
                        value: value.clone(),
                        origin,
                    }),
                    None => {
                        let pointer = origin.split_once('#').map_or(origin.as_str(), |(_, p)| p).to_owned();
                        self.diags.push(
                            Diagnostic::note(
                                "example-without-value",
                                pointer,
                                format!("example `{name}` has no value here (an `externalValue`, or a `$ref` that does not resolve to an example); it is not used as test data"),
                            )
                            .with_help("give the example a `value`")
                            .in_file(self.docs[doc].name.clone()),
                        );
                    }
                }
            }
        }
    }
}
