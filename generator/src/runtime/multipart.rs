//! Multipart bodies: file parts that stream from bytes, a file on disk or any
//! `reqwest::Body`, with the caller's file name and content type, and the other
//! fields as text parts, written field by field (no JSON copy of the body).

use reqwest::multipart::{Form, Part};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

/// A file sent as one part of a `multipart/form-data` body.
///
/// Made from bytes in memory ([`FilePart::bytes`]), a file on disk, read as it is
/// sent ([`FilePart::path`]), or any [`reqwest::Body`] such as a stream
/// ([`FilePart::stream`]). The part is named by the body's field; its file name is the
/// one set with [`FilePart::file_name`] (by default the file's own name for a path, the
/// field's name otherwise) and its content type the one set with
/// [`FilePart::content_type`] (by default `application/octet-stream`).
///
/// A streamed body can be sent once: clones share it, and sending a clone after it
/// went is an [`Error::InvalidRequest`](super::error::Error::InvalidRequest).
#[derive(Clone)]
pub struct FilePart {
    source: Source,
    file_name: Option<String>,
    content_type: Option<String>,
}

#[derive(Clone)]
enum Source {
    Bytes(Vec<u8>),
    Path(PathBuf),
    /// Taken when sent; `None` once gone.
    Stream(Arc<Mutex<Option<reqwest::Body>>>, Option<u64>),
}

impl FilePart {
    /// A file whose content is in memory.
    pub fn bytes(bytes: impl Into<Vec<u8>>) -> Self {
        Self::from_source(Source::Bytes(bytes.into()))
    }

    /// The file at `path`, opened when the request is sent and read as it goes out
    /// (never whole in memory). Its name is the part's file name unless one is set.
    pub fn path(path: impl Into<PathBuf>) -> Self {
        Self::from_source(Source::Path(path.into()))
    }

    /// Any body, for example a stream (`reqwest::Body::wrap_stream`, with reqwest's
    /// `stream` feature) or a `tokio::fs::File`; sent as it is produced. Its length is
    /// unknown, so the request goes out chunked.
    pub fn stream(body: impl Into<reqwest::Body>) -> Self {
        Self::from_source(Source::Stream(Arc::new(Mutex::new(Some(body.into()))), None))
    }

    /// A body of `length` bytes, sent as it is produced (the request gets a
    /// `Content-Length`).
    pub fn stream_with_length(body: impl Into<reqwest::Body>, length: u64) -> Self {
        Self::from_source(Source::Stream(Arc::new(Mutex::new(Some(body.into()))), Some(length)))
    }

    fn from_source(source: Source) -> Self {
        FilePart { source, file_name: None, content_type: None }
    }

    /// Sets the file name the part carries (`filename=` of its `Content-Disposition`).
    pub fn file_name(mut self, name: impl Into<String>) -> Self {
        self.file_name = Some(name.into());
        self
    }

    /// Sets the part's `Content-Type` (a MIME type such as `image/png`).
    pub fn content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }

    /// The file name the part will carry, for the body field `field`.
    pub(crate) fn sent_file_name(&self, field: &str) -> String {
        match (&self.file_name, &self.source) {
            (Some(name), _) => name.clone(),
            (None, Source::Path(path)) => {
                path.file_name().map_or_else(|| field.to_owned(), |n| n.to_string_lossy().into_owned())
            }
            (None, _) => field.to_owned(),
        }
    }

    /// The part for the body field `field`: a file is opened here, a stream taken.
    pub(crate) async fn into_part(self, field: &str) -> Result<Part, String> {
        let file_name = self.sent_file_name(field);
        let part = match self.source {
            Source::Bytes(bytes) => Part::bytes(bytes),
            Source::Path(path) => {
                let file = tokio::fs::File::open(&path)
                    .await
                    .map_err(|e| format!("the file `{}` for part `{field}` cannot be opened: {e}", path.display()))?;
                let length = file
                    .metadata()
                    .await
                    .map_err(|e| format!("the file `{}` for part `{field}` cannot be read: {e}", path.display()))?
                    .len();
                Part::stream_with_length(file, length)
            }
            Source::Stream(shared, length) => {
                let body = shared
                    .lock()
                    .map_err(|_| format!("the stream of part `{field}` is unusable"))?
                    .take()
                    .ok_or_else(|| format!("the stream of part `{field}` was already sent; make a new `FilePart`"))?;
                match length {
                    Some(length) => Part::stream_with_length(body, length),
                    None => Part::stream(body),
                }
            }
        };
        let content_type = self.content_type.as_deref().unwrap_or("application/octet-stream");
        let part = part
            .mime_str(content_type)
            .map_err(|_| format!("`{content_type}` (part `{field}`) is not a MIME type"))?;
        Ok(part.file_name(file_name))
    }
}

impl std::fmt::Debug for FilePart {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let source = match &self.source {
            Source::Bytes(bytes) => format!("{} bytes", bytes.len()),
            Source::Path(path) => format!("{}", path.display()),
            Source::Stream(_, Some(length)) => format!("a stream of {length} bytes"),
            Source::Stream(_, None) => "a stream".to_owned(),
        };
        f.debug_struct("FilePart")
            .field("source", &source)
            .field("file_name", &self.file_name)
            .field("content_type", &self.content_type)
            .finish()
    }
}

/// Same content source (the same bytes, path, or shared stream), name and type.
impl PartialEq for FilePart {
    fn eq(&self, other: &Self) -> bool {
        let same = match (&self.source, &other.source) {
            (Source::Bytes(a), Source::Bytes(b)) => a == b,
            (Source::Path(a), Source::Path(b)) => a == b,
            (Source::Stream(a, _), Source::Stream(b, _)) => Arc::ptr_eq(a, b),
            _ => false,
        };
        same && self.file_name == other.file_name && self.content_type == other.content_type
    }
}

/// A file is sent as a multipart part, never as JSON: serialising one (a file inside
/// an object sent as JSON) is an error, reported as an invalid request.
impl serde::Serialize for FilePart {
    fn serialize<S: serde::Serializer>(&self, _: S) -> Result<S::Ok, S::Error> {
        Err(serde::ser::Error::custom("a file is sent as its own multipart part, not inside JSON"))
    }
}

/// A file never arrives in a response: reading one is an error.
impl<'de> serde::Deserialize<'de> for FilePart {
    fn deserialize<D: serde::Deserializer<'de>>(_: D) -> Result<Self, D::Error> {
        Err(serde::de::Error::custom("a file part cannot be read from JSON"))
    }
}

/// A field of a generated struct may be a file part (`runtime/de.rs`): the same error.
impl super::de::FromJson for FilePart {
    fn read_json(reader: &mut super::de::Reader<'_>) -> Result<Self, super::de::DecodeError> {
        super::de::by_serde(reader)
    }
}

/// A multipart body being written, field by field in the body's order: text parts as
/// they come, file parts kept until the request is sent (reading a file on disk is
/// asynchronous; everything before it is not).
#[derive(Debug, Default)]
pub(crate) struct Parts {
    parts: Vec<(String, Pending)>,
}

#[derive(Debug)]
enum Pending {
    Text(String),
    File(FilePart),
}

impl Parts {
    /// Adds a file part.
    pub(crate) fn file(&mut self, name: &str, file: FilePart) {
        self.parts.push((name.to_owned(), Pending::File(file)));
    }

    /// Adds the body field `name` as text parts: nothing for `null` (an unset optional
    /// field), a string as it is, an array as one part per item, anything else as JSON.
    pub(crate) fn text<T: serde::Serialize + ?Sized>(&mut self, name: &str, value: &T) -> Result<(), String> {
        let value = serde_json::to_value(value).map_err(|e| format!("part `{name}`: {e}"))?;
        self.parts.extend(texts(value).into_iter().map(|text| (name.to_owned(), Pending::Text(text))));
        Ok(())
    }

    /// Adds each property of an object (an "exactly one of" group flattened into the
    /// body) as text parts.
    pub(crate) fn spread<T: serde::Serialize + ?Sized>(&mut self, value: &T) -> Result<(), String> {
        match serde_json::to_value(value).map_err(|e| e.to_string())? {
            serde_json::Value::Object(fields) => {
                for (name, value) in fields {
                    self.parts.extend(texts(value).into_iter().map(|text| (name.clone(), Pending::Text(text))));
                }
                Ok(())
            }
            serde_json::Value::Null => Ok(()),
            other => Err(format!("a group of fields is not an object: {other}")),
        }
    }

    /// The form, its files opened (a file that cannot be read is an error naming it).
    pub(crate) async fn into_form(self) -> Result<Form, String> {
        let mut form = Form::new();
        for (name, part) in self.parts {
            form = match part {
                Pending::Text(text) => form.text(name, text),
                Pending::File(file) => {
                    let part = file.into_part(&name).await?;
                    form.part(name, part)
                }
            };
        }
        Ok(form)
    }

    /// `request` with this form as its body, once its files are read (when sent).
    pub(crate) fn attach(self, request: reqwest::RequestBuilder) -> super::send::Prepared {
        super::send::Prepared::Later(Box::pin(async move { Ok(request.multipart(self.into_form().await?)) }))
    }
}

/// The texts of the parts a field's value is sent as.
pub(crate) fn texts(value: serde_json::Value) -> Vec<String> {
    match value {
        serde_json::Value::Null => Vec::new(),
        serde_json::Value::String(s) => vec![s],
        serde_json::Value::Array(items) => items
            .into_iter()
            .filter(|item| !item.is_null())
            .map(|item| match item {
                serde_json::Value::String(s) => s,
                other => other.to_string(),
            })
            .collect(),
        other => vec![other.to_string()],
    }
}
