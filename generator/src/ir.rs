//! The intermediate representation: what the client crate needs, nothing about how
//! OpenAPI spelled it. Lowering (`lower`) builds it; emitters (`emit`) read only this.
//! Every identifier in it was made by `names`.

/// A whole client: every document merged.
#[derive(Clone, Debug, PartialEq)]
pub struct Api {
    /// Cargo package name of the generated crate.
    pub crate_name: String,
    /// Cargo package version of the generated crate (kept across regenerations; see
    /// `release`).
    pub crate_version: String,
    pub title: String,
    pub version: String,
    pub description: Option<String>,
    /// Server URLs the documents list (for docs only: the user passes the base URL).
    pub servers: Vec<String>,
    /// The path all operations' servers share (`/api/v3`, or empty): the client's base
    /// URL stands for a server URL with this path, and each operation's `path` starts
    /// with what remains of its own server's path.
    pub base_path: String,
    pub auth: Vec<AuthScheme>,
    pub operations: Vec<Operation>,
    /// Sorted by name.
    pub types: Vec<TypeDef>,
    /// Which optional runtime features the types use.
    pub uses: Uses,
    /// The documents this client was made from, as the user named them.
    pub sources: Vec<String>,
    /// Groups of operations, each an accessor on `Client` and a cargo feature
    /// (`lower/areas.rs`); sorted by accessor. Empty: every operation is on `Client`.
    pub areas: Vec<Area>,
    /// Whether each area is behind a cargo feature of the crate (not in a client
    /// generated into a module of another crate, `generator::Builder`).
    pub area_features: bool,
    /// Every struct derives serde's `Deserialize` instead of the generated one-pass
    /// decoder (`--derive-deserialize`: slower to compile; what the decoding benchmark
    /// compares against).
    pub derive_deserialize: bool,
}

/// A group of operations (an OpenAPI tag, or a document): an accessor on `Client`
/// returning a struct that has the operations' methods, and a cargo feature that
/// builds them and the types they use.
#[derive(Clone, Debug, PartialEq)]
pub struct Area {
    /// The accessor on `Client`, also the cargo feature, e.g. `chat`.
    pub name: String,
    /// The struct in the generated `areas` module, e.g. `Chat`.
    pub type_name: String,
    /// What the documents call it (the tag or the document), as written.
    pub title: String,
    /// The tag's description.
    pub doc: Option<String>,
}

/// Optional dependencies of the generated crate.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Uses {
    pub date_time: bool,
    pub uuid: bool,
    pub multipart: bool,
}

/// A credential the client can attach to requests.
#[derive(Clone, Debug, PartialEq)]
pub struct AuthScheme {
    /// The scheme's name in the document (`components.securitySchemes` key).
    pub key: String,
    /// Setter method on the client, e.g. `with_auth_token`.
    pub setter: String,
    /// Field name holding the secret.
    pub field: String,
    pub kind: AuthKind,
    pub doc: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum AuthKind {
    /// An API key sent as a header (`X-Auth-Token: ...`).
    Header(String),
    /// An API key sent as a query parameter.
    Query(String),
    /// An API key sent as a cookie.
    Cookie(String),
    /// `Authorization: Bearer ...` (also OAuth2 and OpenID Connect access tokens).
    Bearer,
    /// `Authorization: Basic ...`.
    Basic,
    /// `Authorization: <scheme> ...`: another HTTP authentication scheme that sends a
    /// token (`Token`, `ApiKey`), named as the document writes it.
    Scheme(String),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Method {
    Get,
    Put,
    Post,
    Delete,
    Options,
    Head,
    Patch,
    Trace,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Put => "PUT",
            Method::Post => "POST",
            Method::Delete => "DELETE",
            Method::Options => "OPTIONS",
            Method::Head => "HEAD",
            Method::Patch => "PATCH",
            Method::Trace => "TRACE",
        }
    }
}

/// Documentation carried to rustdoc.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Doc {
    pub summary: Option<String>,
    pub description: Option<String>,
    pub deprecated: bool,
}

/// One API call.
#[derive(Clone, Debug, PartialEq)]
pub struct Operation {
    /// The operationId as written.
    pub operation_id: String,
    /// Method on its area's struct (`post_message` on `Chat`), or on `Client` when it
    /// has no area.
    pub method_name: String,
    /// Index into `Api::areas`; `None`: a method of `Client` itself.
    pub area: Option<usize>,
    /// The HTTP method is a word of `method_name`: nothing else told this operation
    /// apart from another of its area (`names::rest`). The docs say so.
    pub named_by_http_method: bool,
    /// `method_name` was made from the path (by REST convention, `names::rest`), not
    /// from the operationId.
    pub named_from_path: bool,
    /// The request builder type, e.g. `GroupsInvite`.
    pub builder_name: String,
    /// The documented-error enum, e.g. `GroupsInviteError`.
    pub error_name: String,
    /// The success enum when several success types exist, e.g. `GroupsInviteResponse`.
    pub response_name: String,
    pub method: Method,
    /// The path template as written, e.g. `/api/v1/groups.invite`.
    pub path: String,
    pub path_parts: Vec<PathPart>,
    pub doc: Doc,
    pub tags: Vec<String>,
    pub params: Vec<Param>,
    pub body: Option<Body>,
    pub responses: Vec<Response>,
    /// How the operation pages, when it does (`lower/pagination.rs`).
    pub pagination: Option<Pagination>,
    /// What a success does to the client's credentials (`lower/login.rs`).
    pub session: Option<Session>,
    /// Keys of the auth schemes this operation accepts (empty: none).
    pub auth: Vec<String>,
    /// Where it came from, for docs: `file#/paths/...`.
    pub origin: String,
    /// The examples the documents publish for it (`lower/examples.rs`), those of other
    /// definitions of the same endpoint included: test data, not part of the client.
    pub examples: Vec<Example>,
}

/// A published example of a request or response body (`example`, or one of `examples`,
/// its `$ref` followed).
#[derive(Clone, Debug, PartialEq)]
pub struct Example {
    /// The request body, or the response of this status.
    pub target: ExampleTarget,
    /// `example`, or its key in `examples`.
    pub name: String,
    /// The media type it is given under.
    pub media_type: String,
    pub value: serde_json::Value,
    /// `file#pointer` where it is written.
    pub origin: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExampleTarget {
    Request,
    Response(Status),
}

/// What an operation marked `x-login` or `x-logout` does to the client's credentials
/// when it succeeds.
#[derive(Clone, Debug, PartialEq)]
pub enum Session {
    /// Stores the credentials found in the JSON success body.
    Login(Vec<CredentialAt>),
    /// Forgets every credential of the client.
    Logout,
}

/// Where a login response carries one credential.
#[derive(Clone, Debug, PartialEq)]
pub struct CredentialAt {
    /// Index into `Api::auth` (the client's credential slot).
    pub slot: usize,
    /// A JSON pointer into the success body (RFC 6901), e.g. `/data/authToken`.
    pub pointer: String,
}

/// How an operation pages: which input the pager moves and what each page says.
#[derive(Clone, Debug, PartialEq)]
pub struct Pagination {
    pub style: PageStyle,
    /// Index into `Operation::params`: the offset, page number or cursor.
    pub param: usize,
    /// The page's array of items: a field of the success body, or the body itself.
    pub items: Option<PageField>,
    /// The item type.
    pub item: TypeRef,
    /// The total number of items, when the page says it (an integer field).
    pub total: Option<PageField>,
    /// The next page's cursor (a string field), for `Cursor`.
    pub cursor: Option<PageField>,
    /// For `Cursor` without a cursor field: the next cursor is this (string) field of
    /// the last item received (Stripe's `starting_after` is the last item's `id`).
    pub last_item: Option<PageField>,
    /// Whether another page follows (a boolean field, `has_more`): `false` ends the walk.
    pub more: Option<PageField>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PageStyle {
    /// `offset` moves by the number of items received.
    Offset,
    /// `page` moves by one, or to the `Link` header's `rel="next"`.
    Page,
    /// `cursor` takes the value the page gives.
    Cursor,
}

/// A field of the success body the pager reads.
#[derive(Clone, Debug, PartialEq)]
pub struct PageField {
    /// The Rust field name.
    pub name: String,
    /// Whether the field is an `Option`.
    pub optional: bool,
    pub ty: TypeRef,
}

#[derive(Clone, Debug, PartialEq)]
pub enum PathPart {
    Literal(String),
    /// Index into `Operation::params`.
    Param(usize),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParamLocation {
    Path,
    Query,
    Header,
    Cookie,
}

/// An OpenAPI `style`: how a parameter's value is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    /// `blue,black,brown` (paths, headers).
    Simple,
    /// `.blue.black.brown` (paths).
    Label,
    /// `;color=blue,black,brown` (paths).
    Matrix,
    /// `color=blue&color=black` (queries, cookies, form bodies).
    Form,
    /// `color=blue%20black` (queries).
    SpaceDelimited,
    /// `color=blue|black` (queries).
    PipeDelimited,
    /// `color[R]=100&color[G]=200` (queries).
    DeepObject,
}

/// What a parameter's schema says its value is: the style table has a column for
/// each. Lowering checks the style against it; the runtime writes the value by the
/// shape it actually has, so unions and untyped values work too.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    Primitive,
    Array,
    Object,
    /// Any JSON value, or a union of shapes.
    Any,
}

/// How a parameter, or a field of a form body, is written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Serialization {
    /// `style`, `explode` and `allowReserved`, with the defaults of the location filled
    /// in and every combination valid for it.
    Styled { style: Style, explode: bool, allow_reserved: bool },
    /// `content`: the value as a media type's text (JSON for `application/json` and
    /// `+json` types; otherwise a string as it is, anything else as JSON).
    Content { media_type: String, json: bool },
}

/// One input of an operation: a parameter, or a field of a flattened body.
#[derive(Clone, Debug, PartialEq)]
pub struct Param {
    /// Rust name (argument or setter).
    pub name: String,
    /// Name on the wire.
    pub wire: String,
    pub location: ParamLocation,
    pub ty: TypeRef,
    pub required: bool,
    pub shape: Shape,
    pub serialization: Serialization,
    pub doc: Doc,
    /// Carries a secret (`lower/secrets.rs`): never shown by a generated `Debug`.
    pub secret: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BodyKind {
    Json,
    Form,
    Multipart,
    Text,
    Bytes,
}

/// The request body.
#[derive(Clone, Debug, PartialEq)]
pub struct Body {
    pub kind: BodyKind,
    pub content_type: String,
    /// Raw bodies (text, bytes): every documented media type of the body's kind,
    /// `content_type` first. The caller picks one per request (the builder's
    /// `media_type`), `content_type` by default.
    pub media_types: Vec<String>,
    pub ty: TypeRef,
    pub required: bool,
    pub doc: Option<String>,
    /// When the body is a struct whose fields become arguments and setters.
    pub flattened: Option<FlatBody>,
    /// Form bodies: the fields whose `encoding` says how they are written (others
    /// follow the Encoding Object's defaults).
    pub encodings: Vec<FieldEncoding>,
}

/// A field of a form body and how its `encoding` says to write it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldEncoding {
    /// The property name on the wire.
    pub wire: String,
    pub serialization: Serialization,
}

/// A struct body spread into the builder: required fields and exclusive groups are
/// arguments, optional fields are setters.
#[derive(Clone, Debug, PartialEq)]
pub struct FlatBody {
    /// The struct's type name.
    pub type_name: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Status {
    Code(u16),
    /// `4XX` is `Range(4)`.
    Range(u16),
    Default,
}

/// What a response carries.
#[derive(Clone, Debug, PartialEq)]
pub enum Payload {
    None,
    Json(TypeRef),
    Text,
    Bytes,
    /// A body the description leaves open whether it comes (a Swagger 2.0 response
    /// without a `schema`): `Option` of the inner payload, `None` when empty.
    OrEmpty(Box<Payload>),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Response {
    pub status: Status,
    /// Variant name in the success or error enum (`Ok`, `BadRequest`, ...).
    pub variant: String,
    pub payload: Payload,
    pub description: String,
    pub success: bool,
}

/// A reference to a Rust type.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TypeRef {
    Bool,
    I8,
    I16,
    I32,
    I64,
    U8,
    U16,
    U32,
    U64,
    F32,
    F64,
    String,
    DateTime,
    Uuid,
    /// Raw bytes (a raw request body).
    Bytes,
    /// A file sent as its own part of a multipart body (`format: binary` there).
    File,
    /// Any JSON value: the schema says nothing more.
    Json,
    /// A JSON object with no declared properties.
    JsonObject,
    /// A generated type, by name.
    Named(String),
    Vec(Box<TypeRef>),
    Map(Box<TypeRef>),
    Option(Box<TypeRef>),
    /// Indirection that breaks a recursive type.
    Boxed(Box<TypeRef>),
}

impl TypeRef {
    /// Every type name mentioned, at any depth.
    pub fn names(&self) -> Vec<&str> {
        match self {
            TypeRef::Named(n) => vec![n.as_str()],
            TypeRef::Vec(t) | TypeRef::Map(t) | TypeRef::Option(t) | TypeRef::Boxed(t) => t.names(),
            _ => Vec::new(),
        }
    }

    pub fn named(&self) -> Option<&str> {
        match self {
            TypeRef::Named(n) => Some(n),
            TypeRef::Vec(t) | TypeRef::Map(t) | TypeRef::Option(t) | TypeRef::Boxed(t) => t.named(),
            _ => None,
        }
    }
}

/// A generated type.
#[derive(Clone, Debug, PartialEq)]
pub struct TypeDef {
    pub name: String,
    pub doc: Doc,
    pub kind: TypeKind,
    /// `file#pointer` of the schema it came from.
    pub origin: String,
    /// Who uses the type, and how (`lower/areas.rs`).
    pub reach: Reach,
}

/// Which operations use a type, and which way it travels.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reach {
    /// The areas (indexes into `Api::areas`, ascending) whose operations use this type:
    /// it is built when one of their features is. Empty: always built (an operation on
    /// `Client` itself uses it, or every area, or none does, or the API has no areas).
    pub areas: Vec<usize>,
    /// Sent in a request (a parameter, a body, or inside one): it is `Serialize`.
    pub sent: bool,
    /// Received in a response (or inside one): it is `Deserialize`.
    pub received: bool,
}

impl Default for Reach {
    /// Until known: everywhere, both ways.
    fn default() -> Self {
        Reach { areas: Vec::new(), sent: true, received: true }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum TypeKind {
    Struct(Struct),
    /// A string enum; unknown values are kept in an `Unknown(String)` variant.
    Enum(Vec<EnumValue>),
    /// An integer enum; unknown values are kept in an `Unknown(i64)` variant.
    IntEnum(Vec<IntValue>),
    /// oneOf / anyOf: the first variant that decodes wins, with a JSON fallback.
    Union(Union),
    /// "Exactly one of these properties": serialized as the chosen property.
    Exclusive(Vec<ExclusiveVariant>),
    /// A named schema that is just another type.
    Alias(TypeRef),
    /// An alias that contains itself (`A = Vec<A>`), which Rust aliases cannot express:
    /// a transparent one-field struct.
    Newtype(TypeRef),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Struct {
    pub fields: Vec<Field>,
    /// Extra properties (`additionalProperties: <schema>`), kept in a flattened map.
    pub additional: Option<TypeRef>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Field {
    pub name: String,
    /// Empty for a flattened exclusive group.
    pub wire: String,
    pub ty: TypeRef,
    pub required: bool,
    pub nullable: bool,
    /// An exclusive group ("exactly one of"), flattened into the object.
    pub flatten: bool,
    pub doc: Doc,
    /// Carries a secret (`lower/secrets.rs`): never shown by a generated `Debug`.
    pub secret: bool,
}

impl Field {
    /// Whether the Rust field is an `Option` (optional, or nullable; never a flattened
    /// group): such fields start unset and have a `with_` setter, the others are
    /// arguments of the struct's `new`.
    pub fn is_option(&self) -> bool {
        !self.flatten && (!self.required || self.nullable)
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct EnumValue {
    pub name: String,
    pub wire: String,
    pub doc: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct IntValue {
    pub name: String,
    pub value: i64,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Union {
    pub variants: Vec<UnionVariant>,
    /// The discriminator property, when the document names one.
    pub tag: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct UnionVariant {
    pub name: String,
    pub ty: TypeRef,
    /// Discriminator values that select this variant.
    pub tag_values: Vec<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ExclusiveVariant {
    pub name: String,
    pub wire: String,
    pub ty: TypeRef,
    pub doc: Doc,
    /// Carries a secret (`lower/secrets.rs`): never shown by a generated `Debug`.
    pub secret: bool,
}
