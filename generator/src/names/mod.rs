//! Every Rust identifier the generator writes is made here: case conversion (heck),
//! odd characters, keywords, and collisions.

mod rest;

pub use rest::{RestKey, RestName};

use heck::{ToSnakeCase, ToUpperCamelCase};
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

/// Keywords that can be written as raw identifiers (`r#type`).
const RAW_OK: &[&str] = &[
    "as", "break", "const", "continue", "else", "enum", "extern", "false", "fn", "for", "if", "impl", "in", "let",
    "loop", "match", "mod", "move", "mut", "pub", "ref", "return", "static", "struct", "trait", "true", "type",
    "unsafe", "use", "where", "while", "async", "await", "dyn", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "typeof", "unsized", "virtual", "yield", "try", "gen",
];

/// Keywords that cannot be raw identifiers; these get a trailing underscore.
const NOT_RAW: &[&str] = &["self", "Self", "super", "crate", "_"];

/// Type names the generated code itself relies on (std prelude, serde derives): a
/// schema with one of these names gets a `Type` suffix instead of shadowing them.
const RESERVED_TYPES: &[&str] = &[
    "Option",
    "Some",
    "None",
    "Result",
    "Ok",
    "Err",
    "String",
    "Vec",
    "Box",
    "BTreeMap",
    "Serialize",
    "Deserialize",
    "Self",
    "Sized",
    "Send",
    "Sync",
    "Copy",
    "Clone",
    "Default",
    "Debug",
    "PartialEq",
    "Eq",
    "ToString",
    "From",
    "Into",
];

/// Splits words on any character that cannot be in an identifier, after spelling out
/// the symbols that carry meaning (`+1` -> `plus 1`, `-1` -> `minus 1`).
fn words(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len() + 8);
    let mut chars = raw.chars().peekable();
    let mut first = true;
    while let Some(c) = chars.next() {
        match c {
            '+' => out.push_str(" plus "),
            '-' if first && chars.peek().is_some_and(|n| n.is_ascii_digit()) => out.push_str(" minus "),
            c if c.is_ascii_alphanumeric() => out.push(c),
            _ => out.push(' '),
        }
        first = false;
    }
    out
}

/// How the scan of one word stands: the case of the last cased character since the
/// last boundary.
#[derive(Clone, Copy, PartialEq)]
enum Mode {
    Boundary,
    Lower,
    Upper,
}

/// Calls `word` for each word of `s`, split exactly as heck splits them: at anything
/// not a letter or digit, after a lowercase letter followed by an uppercase one, and
/// before the last capital of a run followed by a lowercase letter (`HTTPServer` ->
/// `HTTP`, `Server`). Only for ASCII, which is all `words` leaves; heck's own version
/// goes through `fmt` a character at a time and was most of the cost of lowering.
fn ascii_words(s: &str, mut word: impl FnMut(&str)) {
    for part in s.split(|c: char| !c.is_ascii_alphanumeric()) {
        let b = part.as_bytes();
        let mut init = 0;
        let mut mode = Mode::Boundary;
        for (i, &c) in b.iter().enumerate() {
            let Some(&next) = b.get(i + 1) else {
                word(&part[init..]);
                break;
            };
            let next_mode = if c.is_ascii_lowercase() {
                Mode::Lower
            } else if c.is_ascii_uppercase() {
                Mode::Upper
            } else {
                mode
            };
            if next_mode == Mode::Lower && next.is_ascii_uppercase() {
                word(&part[init..=i]);
                init = i + 1;
                mode = Mode::Boundary;
            } else if mode == Mode::Upper && c.is_ascii_uppercase() && next.is_ascii_lowercase() {
                word(&part[init..i]);
                init = i;
                mode = Mode::Boundary;
            } else {
                mode = next_mode;
            }
        }
    }
}

/// heck's `to_snake_case`, directly for ASCII.
fn snake_case(s: &str) -> String {
    if !s.is_ascii() {
        return s.to_snake_case();
    }
    let mut out = String::with_capacity(s.len() + 4);
    ascii_words(s, |w| {
        if !out.is_empty() {
            out.push('_');
        }
        out.extend(w.chars().map(|c| c.to_ascii_lowercase()));
    });
    out
}

/// heck's `to_upper_camel_case`, directly for ASCII.
fn upper_camel_case(s: &str) -> String {
    if !s.is_ascii() {
        return s.to_upper_camel_case();
    }
    let mut out = String::with_capacity(s.len());
    ascii_words(s, |w| {
        let mut chars = w.chars();
        if let Some(first) = chars.next() {
            out.push(first.to_ascii_uppercase());
            out.extend(chars.map(|c| c.to_ascii_lowercase()));
        }
    });
    out
}

/// The words of `raw`, `snake_case`, with no escape for a keyword or a leading digit.
fn snake_words(raw: &str) -> String {
    snake_case(&words(raw))
}

/// `snake_case` for fields, arguments, methods and modules.
pub fn snake(raw: &str) -> String {
    let mut s = snake_case(&words(raw));
    if s.is_empty() {
        s = "value".to_owned();
    }
    if s.starts_with(|c: char| c.is_ascii_digit()) {
        s.insert(0, 'n');
    }
    escape_keyword(s)
}

/// `UpperCamelCase` for types and variants.
pub fn camel(raw: &str) -> String {
    let mut s = upper_camel_case(&words(raw));
    if s.is_empty() {
        s = "Empty".to_owned();
    }
    if s.starts_with(|c: char| c.is_ascii_digit()) {
        s.insert(0, 'V');
    }
    escape_keyword(s)
}

/// A type name: `camel`, steering clear of names the generated code uses itself, and of
/// the names the generated crate exports at its root ([`crate::emit::CRATE_EXPORTS`]):
/// those get an `Api` prefix (a schema `Error` is `types::ApiError`, so
/// `use client::{types::*, Error}` names two different things without a clash).
pub fn type_name(raw: &str) -> String {
    let s = camel(raw);
    if RESERVED_TYPES.contains(&s.as_str()) {
        format!("{s}Type")
    } else if crate::emit::CRATE_EXPORTS.contains(&s.as_str()) {
        format!("Api{s}")
    } else {
        s
    }
}

/// Remembers case conversions. Lowering asks for the same property, parameter, enum
/// value and hint names over and over, and heck's conversion (char by char through
/// `fmt`) is the costliest part of lowering; the answers are those of the free
/// functions.
#[derive(Debug, Default)]
pub struct Cache {
    snake: HashMap<String, String>,
    camel: HashMap<String, String>,
    type_name: HashMap<String, String>,
}

impl Cache {
    pub fn snake(&mut self, raw: &str) -> String {
        remembered(&mut self.snake, raw, snake)
    }

    pub fn camel(&mut self, raw: &str) -> String {
        remembered(&mut self.camel, raw, camel)
    }

    pub fn type_name(&mut self, raw: &str) -> String {
        remembered(&mut self.type_name, raw, type_name)
    }
}

fn remembered(seen: &mut HashMap<String, String>, raw: &str, make: fn(&str) -> String) -> String {
    if let Some(done) = seen.get(raw) {
        return done.clone();
    }
    let made = make(raw);
    seen.insert(raw.to_owned(), made.clone());
    made
}

fn escape_keyword(s: String) -> String {
    if NOT_RAW.contains(&s.as_str()) {
        format!("{s}_")
    } else if RAW_OK.contains(&s.as_str()) {
        format!("r#{s}")
    } else {
        s
    }
}

/// The token for a name made here (raw identifiers included).
pub fn ident(name: &str) -> proc_macro2::Ident {
    match name.strip_prefix("r#") {
        Some(raw) => proc_macro2::Ident::new_raw(raw, proc_macro2::Span::call_site()),
        None => proc_macro2::Ident::new(name, proc_macro2::Span::call_site()),
    }
}

/// Locals for values spelled inside a format string (`"{name}"`), where raw identifiers
/// are not allowed: each of `names` (made here) with `r#` traded for a `_` suffix, and
/// unique among themselves.
pub fn format_args(names: &[&str]) -> Vec<String> {
    let mut ns = Namespace::new();
    names
        .iter()
        .map(|n| match n.strip_prefix("r#") {
            Some(stem) => ns.claim(&format!("{stem}_")),
            None => ns.claim(n),
        })
        .collect()
}

/// The method of a generated struct that sets the optional field `field` (a name made
/// here): `with_` and the field's name without `r#`. Distinct fields give distinct
/// setters, and none is `new` (the constructor).
pub fn with_setter(field: &str) -> String {
    format!("with_{}", field.strip_prefix("r#").unwrap_or(field))
}

/// A set of names in one Rust namespace; later claims of a taken name get `2`, `3`, ...
#[derive(Debug, Default, Clone)]
pub struct Namespace {
    taken: HashSet<String>,
}

impl Namespace {
    pub fn new() -> Self {
        Self::default()
    }

    /// A namespace in which `reserved` are already taken.
    pub fn with_reserved(reserved: &[&str]) -> Self {
        Namespace { taken: reserved.iter().map(|s| s.to_string()).collect() }
    }

    /// Takes `base`, or the first free `base2`, `base3`, ...
    pub fn claim(&mut self, base: &str) -> String {
        if self.taken.insert(base.to_owned()) {
            return base.to_owned();
        }
        let stem = base.strip_prefix("r#").unwrap_or(base);
        (2..).map(|n| format!("{stem}{n}")).find(|candidate| self.taken.insert(candidate.clone())).unwrap_or_default()
    }

    /// Gives a name back (an inline type that turned out to equal an existing one).
    pub fn release(&mut self, name: &str) {
        self.taken.remove(name);
    }

    pub fn contains(&self, name: &str) -> bool {
        self.taken.contains(name)
    }
}

/// What names an operation: its operationId, method and path.
pub struct OperationKey<'a> {
    pub id: &'a str,
    pub method: &'a str,
    pub path: &'a str,
}

/// The two setters of a credential kept in client field `field`: `with_*` (builder
/// style, this client only) and `set_*` (this client and its clones).
pub fn credential_setters(field: &str) -> (String, String) {
    let bare = field.trim_start_matches("r#");
    (snake(&format!("with {bare}")), snake(&format!("set {bare}")))
}

/// A namespace for the inputs of one request builder, in which the builder's own
/// methods and fields ([`crate::emit::BUILDER_METHODS`], [`crate::emit::BUILDER_FIELDS`]) are taken.
pub fn builder_inputs() -> Namespace {
    let mut ns = Namespace::with_reserved(crate::emit::BUILDER_METHODS);
    for field in crate::emit::BUILDER_FIELDS {
        ns.claim(field);
    }
    ns
}

/// Whether a request builder defines `name` itself (see [`builder_inputs`]).
pub fn builder_owns(name: &str) -> bool {
    crate::emit::BUILDER_METHODS.contains(&name) || crate::emit::BUILDER_FIELDS.contains(&name)
}

/// The convention of an API's operationIds, and the directories its paths share: what
/// naming any group of its operations needs to know ([`name_group`]).
pub struct Convention {
    /// Per operation: named from its path (its operationId spells out the method and
    /// path, or is missing, or deviates from a mechanical convention).
    from_path: Vec<bool>,
    /// Per operation: its path without the shared directories and API version.
    local: Vec<String>,
    /// Paths another path extends with a parameter.
    collections: HashSet<String>,
}

impl Convention {
    /// An operationId that is only the method and path spelled out (Rocket.Chat's
    /// `post-api-v1-roles.addUserToRole`) says nothing the path does not, and makes a
    /// poor name; such operations are named from the path ([`rest`]). Other operationIds
    /// are used as written.
    pub fn of(ops: &[OperationKey]) -> Self {
        let shared = shared_directories(ops.iter().map(|o| o.path));
        let spelled: Vec<bool> = ops.iter().map(|o| is_spelled_out(o.id, o.method, o.path)).collect();
        // Most operationIds spelled out: the ids follow a mechanical convention, and one that
        // starts like the convention but does not match its path is a typo or stale
        // (`pos-api-v1-channels.rename`, `get-api-v1-im.close` on `/api/v1/dm.close`).
        let mechanical = spelled.iter().filter(|s| **s).count() * 2 > ops.len();
        let from_path = ops
            .iter()
            .zip(&spelled)
            .map(|(o, &spelled)| spelled || o.id.trim().is_empty() || (mechanical && starts_with_a_method(o.id)))
            .collect();
        let local = ops.iter().map(|o| local_path(o.path, &shared)).collect();
        let collections = rest::collections(ops.iter().map(|o| o.path));
        Convention { from_path, local, collections }
    }
}

/// A method name chosen for an operation of a group.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MethodName {
    pub name: String,
    /// The HTTP method is a word of it, because nothing else told two operations apart.
    pub by_http_method: bool,
    /// A number was added because another operation took the name it wanted (that name).
    pub wanted: Option<String>,
    /// Made from the path ([`rest`]), not from the operationId.
    pub from_path: bool,
}

/// Method names for the operations `members` (indices into `ops`) of one group: an area
/// titled `title` whose accessor before clashes is `stem`, or the `Client` itself (both
/// empty). Names from operationIds lose the area's name at their front
/// (`chat_post_message` in `chat` -> `post_message`); names from paths follow
/// [`rest`]. None takes a name in `reserved` (the methods the group's struct defines
/// itself); names still meeting get `2`, `3`...
pub fn name_group(
    ops: &[OperationKey],
    conv: &Convention,
    members: &[usize],
    title: &str,
    stem: &str,
    reserved: &[&str],
) -> Vec<MethodName> {
    let by_id: Vec<Option<String>> =
        members.iter().map(|&k| (!conv.from_path[k]).then(|| in_area(stem, &snake(ops[k].id), reserved))).collect();
    let by_path: Vec<usize> = (0..members.len()).filter(|&i| by_id[i].is_none()).collect();
    let keys: Vec<RestKey> =
        by_path.iter().map(|&i| RestKey { method: ops[members[i]].method, path: &conv.local[members[i]] }).collect();
    let full: Vec<&str> = by_path.iter().map(|&i| ops[members[i]].path).collect();
    let cands = rest::rest_names(title, &keys, &full, &conv.collections);
    let mut taken: Vec<&str> = reserved.to_vec();
    taken.extend(by_id.iter().flatten().map(String::as_str));
    let chosen = rest::choose(&cands, &taken);
    let mut wanted: Vec<(String, bool, bool)> =
        by_id.iter().map(|n| (n.clone().unwrap_or_default(), false, false)).collect();
    for (&i, c) in by_path.iter().zip(chosen) {
        wanted[i] = (c.name, c.by_http_method, true);
    }
    let mut ns = Namespace::with_reserved(reserved);
    wanted
        .into_iter()
        .map(|(want, by_http_method, from_path)| {
            let name = ns.claim(&want);
            let wanted = (name != want).then_some(want);
            MethodName { name, by_http_method, wanted, from_path }
        })
        .collect()
}

/// Whether method `name` already says the words of area `area` (`start_session` in
/// `session`), in either number.
pub fn repeats_area(area: &str, name: &str) -> bool {
    let words: HashSet<&str> = name.split('_').collect();
    let mut area_words = area.split('_').filter(|w| !w.is_empty()).peekable();
    area_words.peek().is_some()
        && area_words.all(|w| {
            words.contains(w) || words.contains(w.trim_end_matches('s')) || words.contains(format!("{w}s").as_str())
        })
}

/// `name` without the area's name at its front, unless what is left is not a plain
/// identifier (a keyword, a leading digit) or is one of `reserved`.
fn in_area(stem: &str, name: &str, reserved: &[&str]) -> String {
    if stem.is_empty() {
        return name.to_owned();
    }
    // After an HTTP method word (`get_abac_attributes` in `abac` -> `get_attributes`).
    let rest = match name.split_once('_') {
        Some((verb, tail)) if HTTP_METHODS.contains(&verb) => after_area(stem, tail).map(|t| format!("{verb}_{t}")),
        _ => after_area(stem, name).map(str::to_owned),
    };
    match rest {
        Some(r) if !r.ends_with('_') && snake(&r) == r && !reserved.contains(&r.as_str()) => r,
        _ => name.to_owned(),
    }
}

/// The path without the leading directories (nearly) all operations share and the API
/// version directory after them.
fn local_path(path: &str, shared: &[&str]) -> String {
    let segs: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    // The last segment always stays (`/api/` is `api`).
    let mut start = shared.iter().zip(&segs).take_while(|(a, b)| a == b).count().min(segs.len().saturating_sub(1));
    // An API version (`v1`, `v2.1`) names no endpoint.
    while start + 1 < segs.len() && is_version(segs[start]) {
        start += 1;
    }
    segs[start..].join("/")
}

/// `v1`, `V2`, `v1.2`: a path directory that names the API's version.
fn is_version(seg: &str) -> bool {
    let Some(rest) = seg.strip_prefix(['v', 'V']) else { return false };
    !rest.is_empty() && rest.split('.').all(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// Whether an operationId's first word is an HTTP method, or the start of one (`pos`).
fn starts_with_a_method(id: &str) -> bool {
    let first = snake(id);
    let first = first.split('_').next().unwrap_or_default();
    first.len() >= 3 && HTTP_METHODS.iter().any(|m| m.starts_with(first))
}

/// The letters and digits of `s`, lowercase: what is left to compare of a spelled-out id.
fn squash(s: &str) -> impl Iterator<Item = char> + '_ {
    s.chars().filter(char::is_ascii_alphanumeric).flat_map(char::to_lowercase)
}

/// `post-api-v1-roles.addUserToRole` for `POST /api/v1/roles.addUserToRole`. Compared
/// as character streams: this runs for every operation, and nothing is kept.
fn is_spelled_out(id: &str, method: &str, path: &str) -> bool {
    // Separators are squashed away, so the path without its `{param}` segments is
    // just the other segments one after another.
    let path_only = || path.split('/').filter(|s| !s.starts_with('{')).flat_map(squash);
    squash(id).eq(squash(method).chain(squash(path))) || squash(id).eq(squash(method).chain(path_only()))
}

/// The leading path directories nearly every operation shares: at each depth, the
/// commonest literal segment while at least 90% of the operations have it (so one path
/// outside the API's root, `/health` beside `/api/v1/...`, does not keep `api_v1_` on
/// every other name). Never a path's last segment.
fn shared_directories<'a>(paths: impl Iterator<Item = &'a str>) -> Vec<&'a str> {
    let split: Vec<Vec<&str>> = paths.map(|p| p.split('/').filter(|s| !s.is_empty()).collect()).collect();
    let mut prefix: Vec<&str> = Vec::new();
    loop {
        let n = prefix.len();
        let mut counts: Vec<(&str, usize)> = Vec::new();
        for p in split.iter().filter(|p| p.len() > n + 1 && p[..n] == prefix[..]) {
            match counts.iter_mut().find(|(s, _)| *s == p[n]) {
                Some((_, c)) => *c += 1,
                None => counts.push((p[n], 1)),
            }
        }
        // Ties go to the first seen, so the result does not depend on hashing.
        let best = counts.iter().fold(None::<(&str, usize)>, |b, &(s, c)| match b {
            Some((_, bc)) if bc >= c => b,
            _ => Some((s, c)),
        });
        match best {
            Some((s, c)) if !s.starts_with('{') && c * 10 >= split.len() * 9 => prefix.push(s),
            _ => return prefix,
        }
    }
}

/// Variant names for the properties of an "exactly one of" group: the words they
/// share at the front are dropped when every name keeps a whole word (`roomId`,
/// `roomName` -> `Id`, `Name`); otherwise the whole names are used (`userId`,
/// `username` -> `UserId`, `Username`).
pub fn exclusive_variants(props: &[&str]) -> Vec<String> {
    let camels: Vec<String> = props.iter().map(|p| camel(p)).collect();
    let first_words: Vec<Vec<String>> = camels.iter().map(|c| split_camel(c)).collect();
    let mut common = 0;
    if let Some(first) = first_words.first() {
        while first_words.iter().all(|w| w.len() > common + 1 && w[common] == first[common]) {
            common += 1;
        }
    }
    let mut ns = Namespace::with_reserved(&["Unknown"]);
    first_words.iter().map(|w| ns.claim(&w[common..].concat())).collect()
}

fn split_camel(s: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for c in s.chars() {
        if c.is_ascii_uppercase() || out.is_empty() {
            out.push(String::new());
        }
        if let Some(last) = out.last_mut() {
            last.push(c);
        }
    }
    out
}

/// The variant of a response status in a success or error enum.
pub fn status_variant(code: Option<u16>, range: Option<u16>) -> String {
    match (code, range) {
        (Some(code), _) => match code {
            200 => "Ok",
            201 => "Created",
            202 => "Accepted",
            203 => "NonAuthoritativeInformation",
            204 => "NoContent",
            206 => "PartialContent",
            301 => "MovedPermanently",
            302 => "Found",
            303 => "SeeOther",
            304 => "NotModified",
            307 => "TemporaryRedirect",
            308 => "PermanentRedirect",
            400 => "BadRequest",
            401 => "Unauthorized",
            402 => "PaymentRequired",
            403 => "Forbidden",
            404 => "NotFound",
            405 => "MethodNotAllowed",
            406 => "NotAcceptable",
            409 => "Conflict",
            410 => "Gone",
            411 => "LengthRequired",
            412 => "PreconditionFailed",
            413 => "PayloadTooLarge",
            415 => "UnsupportedMediaType",
            416 => "RangeNotSatisfiable",
            422 => "UnprocessableEntity",
            423 => "Locked",
            428 => "PreconditionRequired",
            429 => "TooManyRequests",
            500 => "InternalServerError",
            501 => "NotImplemented",
            502 => "BadGateway",
            503 => "ServiceUnavailable",
            504 => "GatewayTimeout",
            _ => return format!("Status{code}"),
        }
        .to_owned(),
        (None, Some(r)) => match r {
            1 => "Informational".to_owned(),
            2 => "Success".to_owned(),
            3 => "Redirection".to_owned(),
            4 => "ClientError".to_owned(),
            5 => "ServerError".to_owned(),
            _ => format!("Status{r}xx"),
        },
        (None, None) => "Default".to_owned(),
    }
}

/// The HTTP methods, as the first word of a method name.
const HTTP_METHODS: &[&str] = &["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/// What is left of method `name` after its first words when they spell the area's
/// name: written together or apart (`webdav_` in `web_dav`, `oauth_apps_` in
/// `o_auth_apps`), or with one `s` more or less (`integrations_` in `integration`).
fn after_area<'n>(area: &str, name: &'n str) -> Option<&'n str> {
    let area: String = area.split('_').collect();
    for (i, _) in name.match_indices('_') {
        let spelled = name[..i].replace('_', "");
        let meets = spelled == area
            || spelled.strip_suffix('s') == Some(area.as_str())
            || area.strip_suffix('s') == Some(spelled.as_str());
        if meets {
            return Some(&name[i + 1..]);
        }
        if spelled.len() > area.len() + 1 {
            break;
        }
    }
    None
}

/// The names of an area of operations (`lower/areas.rs`): its accessor on `Client`
/// (also its cargo feature) and its struct in the generated `areas` module.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AreaName {
    /// `snake_case`, no `r#` (a cargo feature name too), e.g. `omnichannel_departments`.
    pub accessor: String,
    /// `UpperCamelCase`, e.g. `OmnichannelDepartments`.
    pub type_name: String,
    /// The accessor before clashes were resolved (`execute` for `execute2`): what
    /// methods of the area drop ([`name_group`]).
    pub stem: String,
}

/// Names for areas titled `titles` (a tag or a document name, as written). Accessors
/// steer clear of `taken` (the `Client`'s own methods and the operations left on it)
/// and of cargo's `default` feature; a keyword or a name that starts with a digit gets
/// the usual escapes without `r#` (features cannot be raw); later clashes get `2`, `3`...
/// A title whose words keep a one-letter prefix whole: `OAuth Apps` is `oauth_apps`, not
/// `o_auth_apps` (a capital, then a capitalised word, written together).
fn whole_acronyms(title: &str) -> String {
    title
        .split(' ')
        .map(|word| {
            let b = word.as_bytes();
            let joined =
                b.len() > 2 && b[0].is_ascii_uppercase() && b[1].is_ascii_uppercase() && b[2].is_ascii_lowercase();
            if joined {
                format!("{}{}", &word[..1], word[1..].to_ascii_lowercase())
            } else {
                word.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

pub fn area_names(titles: &[&str], taken: &[&str]) -> Vec<AreaName> {
    let mut methods = Namespace::with_reserved(taken);
    methods.claim("default");
    let mut types = Namespace::with_reserved(&["Client"]);
    titles
        .iter()
        .map(|title| {
            let mut base = snake(&whole_acronyms(title));
            if let Some(raw) = base.strip_prefix("r#") {
                base = format!("{raw}_");
            }
            let accessor = methods.claim(&base);
            let type_name = types.claim(&type_name(&accessor));
            AreaName { accessor, type_name, stem: base }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every string of up to six characters from letters of both cases, a digit and
    /// separators: the direct conversions agree with heck's.
    #[test]
    fn ascii_case_conversion_is_hecks() {
        let alphabet = ['a', 'b', 'A', 'B', '1', ' ', '_'];
        let mut inputs = vec![String::new()];
        let mut level = vec![String::new()];
        for _ in 0..6 {
            level = level.iter().flat_map(|s| alphabet.iter().map(move |c| format!("{s}{c}"))).collect();
            inputs.extend(level.iter().cloned());
        }
        inputs.extend(
            ["HTTPServer", "getHTTPResponseCode", "X-Auth-Token", "v2Api", "ID", "A1B2c3", "名前x"].map(String::from),
        );
        for s in &inputs {
            assert_eq!(snake_case(s), s.to_snake_case(), "snake {s:?}");
            assert_eq!(upper_camel_case(s), s.to_upper_camel_case(), "camel {s:?}");
        }
    }

    #[test]
    fn format_args_are_never_raw_and_never_repeat() {
        assert_eq!(format_args(&["r#type", "type_", "id", "id"]), ["type_", "type_2", "id", "id2"]);
    }

    #[test]
    fn keywords_become_raw_or_suffixed() {
        assert_eq!(snake("type"), "r#type");
        assert_eq!(snake("self"), "self_");
        assert_eq!(camel("self"), "Self_");
        assert_eq!(snake("match"), "r#match");
        assert_eq!(ident("r#type").to_string(), "r#type");
    }

    #[test]
    fn odd_characters_make_valid_names() {
        assert_eq!(snake("+1"), "plus_1");
        assert_eq!(snake("-1"), "minus_1");
        assert_eq!(snake("_id"), "id");
        assert_eq!(snake("_updatedAt"), "updated_at");
        assert_eq!(snake("X-Auth-Token"), "x_auth_token");
        assert_eq!(snake("123abc"), "n123abc");
        assert_eq!(snake("$$$"), "value");
        assert_eq!(snake("名前"), "value");
        assert_eq!(camel("error-not-allowed"), "ErrorNotAllowed");
        assert_eq!(camel(""), "Empty");
        assert_eq!(camel("2fa"), "V2fa");
        assert_eq!(type_name("Option"), "OptionType");
        assert_eq!(type_name("string"), "StringType");
    }

    #[test]
    fn collisions_get_numbered() {
        let mut ns = Namespace::new();
        assert_eq!(ns.claim("id"), "id");
        assert_eq!(ns.claim("id"), "id2");
        assert_eq!(ns.claim("id"), "id3");
        assert_eq!(ns.claim("r#type"), "r#type");
        assert_eq!(ns.claim("r#type"), "type2");
    }

    fn keys<'a>(ops: &'a [(&'a str, &'a str, &'a str)]) -> Vec<OperationKey<'a>> {
        ops.iter().map(|&(id, method, path)| OperationKey { id, method, path }).collect()
    }

    /// The names of `ops` as methods of `Client` (no areas).
    fn on_client(ops: &[(&str, &str, &str)]) -> Vec<String> {
        let keys = keys(ops);
        let conv = Convention::of(&keys);
        let all: Vec<usize> = (0..keys.len()).collect();
        name_group(&keys, &conv, &all, "", "", &[]).into_iter().map(|n| n.name).collect()
    }

    #[test]
    fn spelled_out_operation_ids_are_named_from_the_path() {
        let ops = [
            ("post-api-v1-roles.addUserToRole", "post", "/api/v1/roles.addUserToRole"),
            ("post-api-v1-groups.invite", "post", "/api/v1/groups.invite"),
            ("get-api-v1-me", "get", "/api/v1/me"),
            ("post-api-v1-me", "post", "/api/v1/me"),
            ("listPets", "get", "/api/v1/pets"),
        ];
        assert_eq!(on_client(&ops), ["add_user_to_role", "groups_invite", "me", "create_me", "list_pets"]);
    }

    #[test]
    fn under_a_mechanical_convention_deviant_ids_are_named_from_the_path() {
        let ops = [
            ("post-api-v1-chat.postMessage", "post", "/api/v1/chat.postMessage"),
            ("get-api-v1-channels.members", "get", "/api/v1/channels.members"),
            ("pos-api-v1-channels.rename", "post", "/api/v1/channels.rename"),
            ("get-api-v1-im.close", "post", "/api/v1/dm.close"),
            ("apps-count", "get", "/api/apps/count"),
            ("get-api-v1-users.info", "get", "/api/v1/users.info"),
            ("health", "get", "/health"),
            ("get-api-v1-me", "get", "/api/v1/me"),
            ("post-api-v1-login", "post", "/api/v1/login"),
            ("get-api-v1-info", "get", "/api/v1/info"),
        ];
        assert_eq!(
            on_client(&ops),
            [
                "post_message",
                "channels_members",
                "channels_rename",
                "dm_close",
                "apps_count",
                "users_info",
                "health",
                "me",
                "login",
                "info"
            ]
        );
    }

    #[test]
    fn a_few_ids_spelled_out_are_no_convention() {
        let ops = [("get-pets", "get", "/pets"), ("getPet", "get", "/pets/{id}"), ("listOwners", "get", "/owners")];
        assert_eq!(on_client(&ops), ["list_pets", "get_pet", "list_owners"]);
    }

    #[test]
    fn without_operation_ids_names_come_from_resources() {
        let ops = [
            ("", "get", "/api/contents/{path}"),
            ("", "post", "/api/contents/{path}"),
            ("", "get", "/api/contents/{path}/checkpoints"),
            ("", "get", "/api/sessions"),
            ("", "get", "/api/sessions/{session}"),
            ("", "delete", "/api/sessions/{session}"),
            ("", "post", "/api/kernels/{kernel_id}/interrupt"),
            ("", "get", "/api/status"),
        ];
        assert_eq!(
            on_client(&ops),
            [
                "get_content",
                "update_content",
                "list_checkpoints",
                "list_sessions",
                "get_session",
                "delete_session",
                "interrupt",
                "status"
            ]
        );
    }

    #[test]
    fn operation_ids_in_an_area_drop_its_name_unless_that_leaves_no_plain_name() {
        let ops = [
            ("chat.postMessage", "post", "/chat/a"),
            ("chat.getMessage", "get", "/chat/b"),
            ("getMessage", "get", "/chat/c"),
            ("chat.type", "get", "/chat/d"),
            ("chat.2fa", "get", "/chat/e"),
            ("chat.clone", "get", "/chat/f"),
        ];
        let keys = keys(&ops);
        let conv = Convention::of(&keys);
        let all: Vec<usize> = (0..keys.len()).collect();
        let made: Vec<String> =
            name_group(&keys, &conv, &all, "Chat", "chat", &["clone"]).into_iter().map(|n| n.name).collect();
        assert_eq!(made, ["post_message", "get_message", "get_message2", "chat_type", "chat_2fa", "chat_clone"]);
        // The area's words written together, or one `s` more or less.
        assert_eq!(in_area("web_dav", "webdav_get_my_accounts", &[]), "get_my_accounts");
        assert_eq!(in_area("o_auth_apps", "oauth_apps_create", &[]), "create");
        assert_eq!(in_area("integration", "integrations_list", &[]), "list");
        assert_eq!(in_area("abac", "get_abac_attributes", &[]), "get_attributes");
        assert_eq!(in_area("teams", "teamster_x", &[]), "teamster_x");
    }

    #[test]
    fn exclusive_group_variants_drop_shared_words() {
        assert_eq!(exclusive_variants(&["roomId", "roomName"]), ["Id", "Name"]);
        assert_eq!(exclusive_variants(&["roleId", "roleName"]), ["Id", "Name"]);
        assert_eq!(
            exclusive_variants(&["userId", "username", "userIds", "usernames"]),
            ["UserId", "Username", "UserIds", "Usernames"]
        );
    }

    #[test]
    fn areas_are_named_from_their_titles_clear_of_the_clients_names() {
        let made = area_names(&["Chat", "Omnichannel Departments", "new", "Type", "default", "2FA"], &["new"]);
        let accessors: Vec<&str> = made.iter().map(|a| a.accessor.as_str()).collect();
        assert_eq!(accessors, ["chat", "omnichannel_departments", "new2", "type_", "default2", "n2fa"]);
        let types: Vec<&str> = made.iter().map(|a| a.type_name.as_str()).collect();
        assert_eq!(types, ["Chat", "OmnichannelDepartments", "New2", "Type", "Default2", "N2fa"]);
        let made = area_names(&["OAuth Apps", "Two Factor Authentication", "E2E", "HTTPServer"], &[]);
        let accessors: Vec<&str> = made.iter().map(|a| a.accessor.as_str()).collect();
        assert_eq!(accessors, ["oauth_apps", "two_factor_authentication", "e2e", "http_server"]);
    }
}
