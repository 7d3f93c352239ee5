//! Method names from the resource a path names, by REST convention, for operations
//! whose operationId says nothing the path does not (or that have none).
//!
//! Within a group (an area, or the whole API when it has none) the path prefix every
//! member shares and the words of the group's own name are dropped; what is left is
//! named as a REST client names it: `list`/`get`/`create`/`update`/`delete` and the
//! resource (`list_agents`, `get_agent`), or the published action (`chat.pinMessage`
//! is `pin_message`, `/department/unarchive/{id}` is `unarchive`). A path parameter's
//! name is never a word of a method name; the HTTP method is one only where two
//! operations would otherwise meet, which [`RestName::by_http_method`] records.

use super::{snake, snake_words};
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

/// One operation to name: its HTTP method (lowercase) and its path without the
/// directories the whole API shares.
pub struct RestKey<'a> {
    pub method: &'a str,
    pub path: &'a str,
}

/// A method name made from a path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RestName {
    pub name: String,
    /// The HTTP method is part of the name because every other candidate met another
    /// operation's name.
    pub by_http_method: bool,
}

/// Verbs that, as the first word of a path segment, make it an action rather than a
/// resource (`/rooms/{id}/archive`, `/omnichannel/{rid}/request-transcript`).
const ACTION_VERBS: &[&str] = &[
    "accept",
    "activate",
    "add",
    "approve",
    "archive",
    "assign",
    "authorize",
    "ban",
    "block",
    "cancel",
    "change",
    "check",
    "clean",
    "clear",
    "close",
    "complete",
    "confirm",
    "convert",
    "copy",
    "count",
    "deactivate",
    "decline",
    "disable",
    "dismiss",
    "download",
    "enable",
    "end",
    "execute",
    "export",
    "find",
    "finish",
    "follow",
    "forward",
    "generate",
    "hide",
    "ignore",
    "import",
    "install",
    "interrupt",
    "invite",
    "join",
    "kick",
    "leave",
    "lock",
    "login",
    "logout",
    "mark",
    "merge",
    "move",
    "mute",
    "new",
    "open",
    "pause",
    "pin",
    "place",
    "preview",
    "publish",
    "react",
    "read",
    "refresh",
    "register",
    "reject",
    "remove",
    "rename",
    "reopen",
    "replay",
    "report",
    "request",
    "reset",
    "resend",
    "restart",
    "restore",
    "resume",
    "return",
    "revoke",
    "run",
    "save",
    "search",
    "send",
    "set",
    "share",
    "show",
    "star",
    "start",
    "stop",
    "submit",
    "subscribe",
    "suspend",
    "sync",
    "take",
    "test",
    "toggle",
    "transfer",
    "trigger",
    "unarchive",
    "unban",
    "unblock",
    "unfollow",
    "uninstall",
    "unlock",
    "unmute",
    "unpin",
    "unread",
    "unset",
    "unstar",
    "unsubscribe",
    "upload",
    "use",
    "validate",
    "verify",
    "visit",
];

/// Where the path ends in `name/{param}` pairs after a dotted action segment, the
/// index of the action's last part.
fn labelled_action(t: &[Tok]) -> Option<usize> {
    let mut end = t.len();
    while end >= 2 && matches!(t[end - 1], Tok::Param) && matches!(t[end - 2], Tok::Lit { dotted: false, .. }) {
        end -= 2;
    }
    (end < t.len() && end > 0 && matches!(t[end - 1], Tok::Lit { dotted: true, .. })).then(|| end - 1)
}

/// Whether `words` (snake) start with a verb.
fn is_verb(words: &str) -> bool {
    let first = words.split('_').next().unwrap_or_default();
    ACTION_VERBS.contains(&first) || ["list", "get", "create", "update", "delete"].contains(&first)
}

/// The REST verb an HTTP method stands for on a whole resource.
fn rest_verb(method: &str, item: bool, collection: bool) -> Option<&'static str> {
    Some(match method {
        "get" if item => "get",
        "get" if collection => "list",
        "get" => return None,
        "post" if item => "update",
        "post" => "create",
        "put" | "patch" => "update",
        "delete" => "delete",
        "head" => "check",
        "options" => "options",
        _ => "trace",
    })
}

/// A path segment's parts: literal text split at dots (`chat.pinMessage`), or a parameter.
#[derive(Clone, Debug)]
enum Tok {
    Lit { words: String, dotted: bool },
    Param,
}

fn tokens(path: &str) -> Vec<Tok> {
    let mut out = Vec::new();
    for seg in path.split('/').filter(|s| !s.is_empty()) {
        if seg.starts_with('{') || seg.starts_with(':') {
            out.push(Tok::Param);
            continue;
        }
        for (i, part) in seg.split('.').filter(|p| !p.is_empty()).enumerate() {
            let words = snake_words(part);
            if !words.is_empty() {
                out.push(Tok::Lit { words, dotted: i > 0 });
            }
        }
    }
    out
}

fn lit(t: &Tok) -> Option<&str> {
    match t {
        Tok::Lit { words, .. } => Some(words),
        Tok::Param => None,
    }
}

/// `agents` -> `agent`, `policies` -> `policy`, `statuses` -> `status`; words that do not
/// look plural stay as they are.
fn singular(word: &str) -> String {
    let Some((head, last)) = word.rsplit_once('_').map_or(Some(("", word)), Some) else { return word.to_owned() };
    let one = if let Some(stem) = last.strip_suffix("ies").filter(|s| s.len() > 1) {
        format!("{stem}y")
    } else if ["sses", "uses", "xes", "ches", "shes"].iter().any(|e| last.ends_with(e)) {
        last[..last.len() - 2].to_owned()
    } else if last.len() > 2 && last.ends_with('s') && !["ss", "us", "is"].iter().any(|e| last.ends_with(e)) {
        last[..last.len() - 1].to_owned()
    } else {
        last.to_owned()
    };
    if head.is_empty() {
        one
    } else {
        format!("{head}_{one}")
    }
}

/// Whether `words` (snake) only repeats the group's name, in either number, or is its
/// initials (`dm` in `direct_messages`).
fn is_group_word(words: &str, group: &HashSet<String>) -> bool {
    !group.is_empty() && words.split('_').all(|w| group.contains(w) || group.contains(&singular(w)))
}

/// The initials of a group's title words (`dm` for `Direct Messages`), when it has several.
fn initials(title: &str) -> Option<String> {
    let s = snake(title);
    let words: Vec<&str> = s.trim_start_matches("r#").split('_').filter(|w| !w.is_empty()).collect();
    (words.len() > 1).then(|| words.iter().filter_map(|w| w.chars().next()).collect())
}

/// The words of a group's title, each also in the singular.
fn group_words(title: &str) -> HashSet<String> {
    let mut out = HashSet::default();
    out.extend(initials(title));
    for w in snake(title).trim_start_matches("r#").split('_').filter(|w| !w.is_empty()) {
        out.insert(w.to_owned());
        out.insert(singular(w));
    }
    out
}

/// The paths some other path extends with a parameter (`/agents` for `/agents/{id}`):
/// collections, whose `GET` lists.
pub fn collections<'a>(paths: impl Iterator<Item = &'a str>) -> HashSet<String> {
    let mut out = HashSet::default();
    for p in paths {
        let mut at = 0;
        for seg in p.split('/').skip(1) {
            if (seg.starts_with('{') || seg.starts_with(':')) && at > 0 {
                out.insert(p[..at].to_owned());
            }
            at += seg.len() + 1;
        }
    }
    out
}

/// The names an operation may take, best first: ends with the HTTP method's.
#[derive(Default)]
pub struct Candidates {
    names: Vec<(String, Tier)>,
}

fn join(parts: &[&str]) -> String {
    parts.iter().filter(|p| !p.is_empty()).copied().collect::<Vec<_>>().join("_")
}

/// Names by REST convention for the operations `ops` of one group titled `title`
/// (empty: the API has no areas). `collections` is [`collections`] over every path of
/// the API (full paths, as in `full_paths`). `taken` are names none may have.
pub fn rest_names(title: &str, ops: &[RestKey], full_paths: &[&str], collections: &HashSet<String>) -> Vec<Candidates> {
    let group = group_words(title);
    let toks: Vec<Vec<Tok>> = ops.iter().map(|o| tokens(o.path)).collect();
    // The literal prefix every member shares.
    let mut common = 0;
    if let Some(first) = toks.first() {
        while toks
            .iter()
            .all(|t| t.len() > common && lit(&t[common]).is_some() && lit(&t[common]) == lit(&first[common]))
        {
            common += 1;
        }
    }
    ops.iter()
        .zip(&toks)
        .zip(full_paths)
        .map(|((op, t), full)| candidates(op, t, common, &group, collections.contains(*full)))
        .collect()
}

fn candidates(op: &RestKey, t: &[Tok], common: usize, group: &HashSet<String>, has_items: bool) -> Candidates {
    let item = matches!(t.last(), Some(Tok::Param));
    let Some(last_lit) = t.iter().rposition(|x| lit(x).is_some()) else {
        // Only parameters (`/{id}`): the REST verb alone.
        let verb = rest_verb(op.method, item, true).unwrap_or("get");
        let mut c = Candidates::default();
        c.push(verb.to_owned(), Tier::Base);
        c.push(op.method.to_owned(), Tier::Http);
        return c;
    };
    // Trailing `name/{param}` pairs after an action (`visitors.chatHistory/room/{rid}`)
    // only label its parameters: the action is the last literal segment.
    let last_lit = labelled_action(t).unwrap_or(last_lit);
    // The last literal segment: `resource.action.more`, or one resource.
    let seg_start = (0..=last_lit).rev().find(|&i| !matches!(t[i], Tok::Lit { dotted: true, .. })).unwrap_or(0);
    let dotted = last_lit > seg_start;
    // What every member shares is never a word, but the action or resource is.
    let keep_from = common.min(if dotted { seg_start + 1 } else { last_lit });
    let mut resource: Option<&str> = (seg_start >= keep_from).then(|| lit(&t[seg_start])).flatten();
    let mut action: Option<String> = dotted.then(|| {
        let words: Vec<&str> = t[seg_start + 1..=last_lit].iter().filter_map(lit).collect();
        words.join("_")
    });
    // Context words, nearest first, for names that meet.
    // The words in front, the shared ones included (a resource before a parameter in
    // the singular: `/apps/{id}/logs` is an app's logs).
    // The words in front, nearest first: those after the shared prefix (local), then the
    // shared ones (a resource before a parameter in the singular: `/apps/{id}/logs` is an
    // app's logs).
    // A word before a parameter names the owner (`/balanceAccounts/{id}/payoutSchedules`
    // is `list_for_balance_account`).
    let word_at = |i: usize| -> Option<(String, bool)> {
        let w = lit(&t[i])?;
        let owner = matches!(t.get(i + 1), Some(Tok::Param));
        Some(if owner { (singular(w), true) } else { (w.to_owned(), false) })
    };
    let mut context: Vec<(String, bool)> = (keep_from.min(seg_start)..seg_start).rev().filter_map(word_at).collect();
    // A resource dropped for repeating the group's name: the last word of local context,
    // tried in the singular for an item first (`/messages/{id}` is `get_message`).
    let mut dropped: Option<String> = None;
    let mut shared: Vec<(String, bool)> = (0..keep_from.min(seg_start)).rev().filter_map(word_at).collect();
    // The action's own resource, when the group shares it (`import.new` in an area of
    // `import.*`), is the nearest shared word.
    if dotted && seg_start < keep_from {
        shared.splice(0..0, word_at(seg_start));
    }
    // A collection: others extend its path with a parameter, or its name is one plural word.
    let collection = has_items || resource.is_some_and(|r| !r.contains('_') && singular(r) != r && !r.ends_with("ics"));
    if resource.is_some_and(|r| is_group_word(r, group)) {
        dropped = resource.map(str::to_owned);
        resource = None;
    }
    // A resource that is a verb is the action, or its first words (`list.all`).
    if let Some(r) = resource.filter(|r| is_verb(r)) {
        action = Some(match action {
            Some(a) => join(&[r, &a]),
            None => r.to_owned(),
        });
        resource = None;
    }
    let (verb, noun): (Option<&str>, String) = match action {
        // A one-word action says little without what it acts on (`smtp.check`).
        Some(a) => match resource {
            Some(r) if !a.contains('_') => (None, join(&[r, &a])),
            Some(r) => {
                context.insert(0, (r.to_owned(), false));
                (None, a)
            }
            None => (None, a),
        },
        None => {
            match rest_verb(op.method, item && !has_items, collection) {
                // One of them: an item, or one to create; deleting at a collection deletes many.
                Some(v @ ("create" | "get" | "update" | "check")) => {
                    (Some(v), resource.map(singular).unwrap_or_default())
                }
                Some("delete") if item => (Some("delete"), resource.map(singular).unwrap_or_default()),
                Some(v) => (Some(v), resource.unwrap_or_default().to_owned()),
                None => match resource {
                    Some(r) => (None, r.to_owned()),
                    None => (Some("get"), String::new()),
                },
            }
        }
    };
    let verb = verb.unwrap_or_default();
    let mut c = Candidates::default();
    c.push(join(&[verb, &noun]), Tier::Base);
    // Where several methods write one item: PUT replaces it, POST makes one, PATCH updates.
    let second = match op.method {
        "put" if verb == "update" => Some("replace"),
        "post" if verb == "update" => Some("create"),
        _ => None,
    };
    if let Some(v) = second {
        c.push(join(&[v, &noun]), Tier::Base);
    }
    if verb.is_empty() && !is_verb(&noun) && snake(&noun) == noun {
        // An action or a bare noun meeting another method on the same path (`push.token`).
        c.push(join(&[rest_verb(op.method, item, has_items).unwrap_or("get"), &noun]), Tier::Base);
    }
    let mut taken: Vec<(String, bool)> = Vec::new();
    for w in context {
        taken.push(w);
        c.push(compose(verb, &noun, &taken), Tier::Local);
    }
    if let Some(r) = dropped {
        if item {
            c.push(compose(verb, &noun, &[taken.clone(), vec![(singular(&r), false)]].concat()), Tier::Local);
        }
        taken.push((r, false));
        c.push(compose(verb, &noun, &taken), Tier::Local);
    }
    let local = taken.clone();
    for w in shared {
        taken.push(w);
        c.push(compose(verb, &noun, &taken), Tier::Shared);
    }
    // The HTTP method in place of the REST verb, only where nothing else tells apart.
    c.push(compose(op.method, &noun, &local), Tier::Http);
    c
}

/// `verb`, the plain words of `context` (given nearest first) in path order, `noun`,
/// then `for` and the owners (`list_for_balance_account`).
fn compose(verb: &str, noun: &str, context: &[(String, bool)]) -> String {
    let mut parts: Vec<&str> = vec![verb];
    parts.extend(context.iter().rev().filter(|(_, owner)| !owner).map(|(w, _)| w.as_str()));
    parts.push(noun);
    let owners: Vec<&str> = context.iter().rev().filter(|(_, owner)| *owner).map(|(w, _)| w.as_str()).collect();
    if !owners.is_empty() {
        parts.push("for");
        parts.extend(owners);
    }
    join(&parts)
}

/// How far a candidate name is from the operation's plain name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Tier {
    /// The REST verb and resource, or the action (with the verb where it meets another method).
    Base,
    /// With words of the path after the prefix the group shares.
    Local,
    /// With the shared prefix's words too.
    Shared,
    /// With the HTTP method.
    Http,
}

impl Candidates {
    fn push(&mut self, name: String, tier: Tier) {
        if !self.names.iter().any(|(n, _)| *n == name) {
            self.names.push((name, tier));
        }
    }
}

/// Chooses one name per operation from its candidates. Where names meet, the
/// operations that have them move to their next candidate, the least qualified move
/// first (an operation whose next name only adds the shared prefix stays while another
/// can add its own words); `taken` are never chosen. The names left meeting at the end
/// are the caller's to number.
pub fn choose(cands: &[Candidates], taken: &[&str]) -> Vec<RestName> {
    let plain = |n: &str| snake(n) == n && !taken.contains(&n);
    // Skip candidates that are not plain identifiers (a keyword, a leading digit).
    let mut at: Vec<usize> = cands
        .iter()
        .map(|c| c.names.iter().position(|(n, _)| plain(n)).unwrap_or(c.names.len().saturating_sub(1)))
        .collect();
    let name = |i: usize, at: &[usize]| cands[i].names.get(at[i]).map_or("", |(n, _)| n.as_str());
    let next_tier = |i: usize, at: &[usize]| cands[i].names.get(at[i] + 1).map(|(_, t)| *t);
    for _ in 0..64 {
        let mut groups: HashMap<&str, Vec<usize>> = HashMap::default();
        for i in 0..cands.len() {
            groups.entry(name(i, &at)).or_default().push(i);
        }
        let mut moves: Vec<usize> = Vec::new();
        for members in groups.values().filter(|m| m.len() > 1) {
            let Some(tier) = members.iter().filter_map(|&i| next_tier(i, &at)).min() else { continue };
            moves.extend(members.iter().filter(|&&i| next_tier(i, &at) == Some(tier)));
        }
        if moves.is_empty() {
            break;
        }
        for i in moves {
            at[i] += 1;
        }
    }
    cands
        .iter()
        .zip(at)
        .map(|(c, i)| {
            let (n, tier) = c.names.get(i).cloned().unwrap_or_else(|| ("get".to_owned(), Tier::Base));
            RestName { name: snake(&n), by_http_method: tier == Tier::Http }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(title: &str, ops: &[(&str, &str)]) -> Vec<String> {
        let keys: Vec<RestKey> = ops.iter().map(|(m, p)| RestKey { method: m, path: p }).collect();
        let paths: Vec<&str> = ops.iter().map(|(_, p)| *p).collect();
        let cols = collections(paths.iter().copied());
        choose(&rest_names(title, &keys, &paths, &cols), &[]).into_iter().map(|n| n.name).collect()
    }

    #[test]
    fn a_collection_and_its_items_take_rest_verbs() {
        let ops = [
            ("get", "/livechat/department"),
            ("post", "/livechat/department"),
            ("get", "/livechat/department/{_id}"),
            ("put", "/livechat/department/{_id}"),
            ("delete", "/livechat/department/{_id}"),
            ("get", "/livechat/department/{_id}/agents"),
            ("post", "/livechat/department/{_id}/agents"),
            ("post", "/livechat/department/unarchive/{_id}"),
            ("get", "/livechat/analytics/departments/total-abandoned-chats"),
        ];
        assert_eq!(
            names("Omnichannel Departments", &ops),
            [
                "list",
                "create",
                "get",
                "update",
                "delete",
                "list_agents",
                "create_agent",
                "unarchive",
                "total_abandoned_chats"
            ]
        );
    }

    #[test]
    fn dotted_actions_keep_their_verb_and_meeting_names_take_context_then_method() {
        let ops = [
            ("post", "/chat.pinMessage"),
            ("get", "/chat.getMessage"),
            ("post", "/push.token"),
            ("delete", "/push.token"),
            ("post", "/room.transfer"),
            ("post", "/visitor/department.transfer"),
            ("get", "/sessions/list.all"),
        ];
        assert_eq!(
            names("Misc", &ops),
            [
                "pin_message",
                "get_message",
                "create_push_token",
                "delete_push_token",
                "room_transfer",
                "department_transfer",
                "list_all"
            ]
        );
    }

    #[test]
    fn several_writes_of_one_item_replace_create_and_update() {
        let ops = [("put", "/c/{path}"), ("post", "/c/{path}"), ("patch", "/c/{path}"), ("post", "/u/{id}")];
        assert_eq!(names("", &ops), ["replace_c", "create_c", "update_c", "update_u"]);
    }

    #[test]
    fn no_parameter_name_and_no_http_method_unless_nothing_else_tells_them_apart() {
        let ops = [("get", "/users/{userId}/keys/{keyId}"), ("head", "/users/{userId}/keys/{keyId}"), ("get", "/me")];
        let made = names("", &ops);
        assert_eq!(made, ["get_key", "check_key", "me"]);
        let ops = [("get", "/commands.preview"), ("post", "/commands.preview")];
        let keys: Vec<RestKey> = ops.iter().map(|(m, p)| RestKey { method: m, path: p }).collect();
        let paths: Vec<&str> = ops.iter().map(|(_, p)| *p).collect();
        let made = choose(&rest_names("", &keys, &paths, &collections(paths.iter().copied())), &[]);
        assert_eq!(made.iter().map(|n| n.name.as_str()).collect::<Vec<_>>(), ["get_preview", "post_preview"]);
        assert!(made.iter().all(|n| n.by_http_method));
    }

    #[test]
    fn plurals_become_singular() {
        for (many, one) in [
            ("agents", "agent"),
            ("policies", "policy"),
            ("statuses", "status"),
            ("boxes", "box"),
            ("canned_responses", "canned_response"),
            ("status", "status"),
            ("access", "access"),
            ("data", "data"),
        ] {
            assert_eq!(singular(many), one);
        }
    }
}
