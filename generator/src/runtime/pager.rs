//! Walking an operation that pages: a stream of its pages and of their items.
//!
//! Each page is the operation's own request (credentials, timeouts, retries and all)
//! with the position parameter moved on. Where the next page starts:
//! - offset: the offset plus the items this page had; the walk ends at an empty page
//!   or when the offset reaches the `total` the latest page gave;
//! - page: the page number in the `Link` header's `rel="next"` URL when the response
//!   has a `Link` header (none there: this was the last page), otherwise the next
//!   number; the walk ends at an empty page;
//! - cursor: the cursor the page gave in its body (a field, or its last item's id), or
//!   else in its `Link` header; the walk ends when it gives none (or an empty one, or
//!   one already used), or at an empty page.
//!
//! Whatever the style, a page that says no page follows (`has_more: false`) ends it.
//! An error ends the walk after it is yielded.

use super::error::Error;
use super::response::ResponseValue;
use futures_util::stream::{self, Stream, StreamExt};
use std::future::Future;

/// Where a page starts; the variant is how the operation pages.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Position {
    Offset(u64),
    Page(u64),
    Cursor(String),
}

/// What the `Link` header says about the next page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Link {
    /// No `Link` header.
    Absent,
    /// A `Link` header without a usable `rel="next"`: this is the last page.
    Last,
    /// The value of the position parameter in the `rel="next"` URL.
    Next(String),
}

/// What a page says about where the walk goes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Facts {
    /// How many items it had.
    pub items: usize,
    /// The total number of items, when it says.
    pub total: Option<u64>,
    /// The next page's cursor, when it gives one in its body (or its last item's id).
    pub cursor: Option<String>,
    /// Whether another page follows, when it says (`has_more`).
    pub more: Option<bool>,
    /// What its `Link` header says.
    pub link: Link,
}

/// The walk's state: where the current page started and the cursors used.
#[derive(Clone, Debug)]
pub(crate) struct Pager {
    current: Position,
    cursors: Vec<String>,
}

impl Pager {
    /// A walk from `start`: the caller's position, or the first page's (offset 0,
    /// page 1, no cursor).
    pub(crate) fn new(start: Position) -> Self {
        let cursors = match &start {
            Position::Cursor(c) if !c.is_empty() => vec![c.clone()],
            _ => Vec::new(),
        };
        Pager { current: start, cursors }
    }

    /// Where the page after the current one starts, given what the current one said;
    /// `None` when the walk is over.
    pub(crate) fn next(&mut self, facts: &Facts) -> Option<Position> {
        if facts.items == 0 || facts.more == Some(false) {
            return None;
        }
        let next = match &self.current {
            Position::Offset(offset) => {
                let next = offset.checked_add(facts.items as u64)?;
                if facts.total.is_some_and(|total| next >= total) {
                    return None;
                }
                Position::Offset(next)
            }
            Position::Page(page) => match &facts.link {
                Link::Absent => Position::Page(page.checked_add(1)?),
                Link::Last => return None,
                Link::Next(text) => Position::Page(text.parse().ok().filter(|n| n != page)?),
            },
            Position::Cursor(_) => {
                let from_link = match &facts.link {
                    Link::Next(cursor) => Some(cursor.clone()),
                    _ => None,
                };
                let cursor = facts.cursor.clone().or(from_link).filter(|c| !c.is_empty())?;
                if self.cursors.contains(&cursor) {
                    return None;
                }
                self.cursors.push(cursor.clone());
                Position::Cursor(cursor)
            }
        };
        self.current = next.clone();
        Some(next)
    }
}

/// The value of the query parameter `param` in the `rel="next"` link of a `Link`
/// header (RFC 8288), as GitHub sends it.
pub(crate) fn link(headers: &reqwest::header::HeaderMap, param: &str) -> Link {
    let values: Vec<&str> = headers.get_all(reqwest::header::LINK).iter().filter_map(|v| v.to_str().ok()).collect();
    if values.is_empty() {
        return Link::Absent;
    }
    for link in values.iter().flat_map(|v| v.split(',')) {
        let mut parts = link.split(';');
        let target = parts.next().unwrap_or("").trim();
        let is_next = parts.any(|p| {
            let p = p.trim();
            p.strip_prefix("rel=").is_some_and(|rel| rel.trim_matches('"').split_whitespace().any(|r| r == "next"))
        });
        let Some(url) = target.strip_prefix('<').and_then(|t| t.strip_suffix('>')) else { continue };
        if !is_next {
            continue;
        }
        let query = url.split_once('?').map_or("", |(_, q)| q);
        let query = query.split_once('#').map_or(query, |(q, _)| q);
        let value = query.split('&').find_map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            (name == param).then(|| percent_decode(value))
        });
        return value.map_or(Link::Last, Link::Next);
    }
    Link::Last
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (bytes[i], bytes.get(i + 1).and_then(|b| hex(*b)), bytes.get(i + 2).and_then(|b| hex(*b))) {
            (b'%', Some(h), Some(l)) => {
                out.push((h * 16 + l) as u8);
                i += 3;
            }
            (b'+', _, _) => {
                out.push(b' ');
                i += 1;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// A request builder of an operation that pages.
pub(crate) trait Paged: Clone + Send + Sized {
    /// The decoded page.
    type Page: Send;
    /// The operation's documented errors.
    type Error: Send;
    /// The wire name of the position parameter (read from `Link` URLs).
    const PARAM: &'static str;
    /// Where this builder starts: what the caller set, or the first page.
    fn paged_start(&self) -> Position;
    /// The builder for the page at `position`; `None` when the parameter cannot hold it.
    fn paged_at(self, position: &Position) -> Option<Self>;
    /// Sends the request for one page.
    fn paged_fetch(self) -> impl Future<Output = Result<ResponseValue<Self::Page>, Error<Self::Error>>> + Send;
    /// How many items a page has, the total it gives, and the cursor in its body
    /// (its `link` is read from the headers here).
    fn paged_facts(page: &Self::Page) -> Facts;
}

/// Every page from the one `builder` asks for (boxed, so callers can `.next()` it
/// without pinning).
pub(crate) fn pages<B: Paged>(
    builder: B,
) -> impl Stream<Item = Result<ResponseValue<B::Page>, Error<B::Error>>> + Send + Unpin {
    let pager = Pager::new(builder.paged_start());
    Box::pin(stream::unfold(Some((builder, pager)), |state| async move {
        let (builder, mut pager) = state?;
        let again = builder.clone();
        match builder.paged_fetch().await {
            Err(error) => Some((Err(error), None)),
            Ok(page) => {
                let mut facts = B::paged_facts(page.body());
                facts.link = link(page.headers(), B::PARAM);
                let next = pager.next(&facts).and_then(|at| again.paged_at(&at)).map(|b| (b, pager));
                Some((Ok(page), next))
            }
        }
    }))
}

/// Every item of every page from the one `builder` asks for; `take` takes a page's
/// items out of it.
pub(crate) fn items<B: Paged, I: Send>(
    builder: B,
    take: fn(B::Page) -> Vec<I>,
) -> impl Stream<Item = Result<I, Error<B::Error>>> + Send + Unpin {
    pages(builder).flat_map(move |page| {
        let items: Vec<Result<I, Error<B::Error>>> = match page {
            Ok(page) => take(page.into_inner()).into_iter().map(Ok).collect(),
            Err(error) => vec![Err(error)],
        };
        stream::iter(items)
    })
}
