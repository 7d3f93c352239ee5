use crate::runtime::pager::{link, Facts, Link, Pager, Position};
use reqwest::header::{HeaderMap, HeaderValue, LINK};

fn facts(items: usize, total: Option<u64>) -> Facts {
    Facts { items, total, cursor: None, more: None, link: Link::Absent }
}

#[test]
fn offsets_move_by_the_items_received_and_stop_at_the_total() {
    let mut p = Pager::new(Position::Offset(0));
    assert_eq!(p.next(&facts(2, Some(5))), Some(Position::Offset(2)));
    assert_eq!(p.next(&facts(2, Some(5))), Some(Position::Offset(4)));
    assert_eq!(p.next(&facts(1, Some(5))), None, "offset 5 reaches the total");
}

#[test]
fn the_latest_total_counts_and_an_empty_page_ends_the_walk() {
    let mut p = Pager::new(Position::Offset(10));
    assert_eq!(p.next(&facts(2, Some(13))), Some(Position::Offset(12)));
    // The total grew: the walk goes on; it shrank below the offset: the walk ends.
    assert_eq!(p.next(&facts(2, Some(20))), Some(Position::Offset(14)));
    assert_eq!(p.next(&facts(2, Some(15))), None);
    let mut p = Pager::new(Position::Offset(0));
    assert_eq!(p.next(&facts(3, None)), Some(Position::Offset(3)), "no total: on until an empty page");
    assert_eq!(p.next(&facts(0, None)), None);
}

#[test]
fn pages_follow_the_link_header_or_count_up() {
    let mut p = Pager::new(Position::Page(1));
    assert_eq!(p.next(&facts(3, None)), Some(Position::Page(2)), "no Link header: the next number");
    let with = |link: Link| Facts { link, ..facts(3, None) };
    assert_eq!(p.next(&with(Link::Next("7".into()))), Some(Position::Page(7)));
    assert_eq!(p.next(&with(Link::Last)), None, "a Link header without next: the last page");
    let mut p = Pager::new(Position::Page(4));
    assert_eq!(p.next(&with(Link::Next("4".into()))), None, "a link back to the same page ends the walk");
    assert_eq!(p.next(&with(Link::Next("x".into()))), None);
}

#[test]
fn cursors_are_followed_once() {
    let mut p = Pager::new(Position::Cursor(String::new()));
    let with = |c: Option<&str>| Facts { cursor: c.map(str::to_owned), ..facts(1, None) };
    assert_eq!(p.next(&with(Some("a"))), Some(Position::Cursor("a".into())));
    assert_eq!(p.next(&with(Some("b"))), Some(Position::Cursor("b".into())));
    assert_eq!(p.next(&with(Some("a"))), None, "a cursor already used would loop");
    let mut p = Pager::new(Position::Cursor("start".into()));
    assert_eq!(p.next(&with(Some("start"))), None);
    assert_eq!(Pager::new(Position::Cursor(String::new())).next(&with(Some(""))), None);
    assert_eq!(Pager::new(Position::Cursor(String::new())).next(&with(None)), None);
    let by_link = Facts { link: Link::Next("z".into()), ..with(None) };
    assert_eq!(Pager::new(Position::Cursor(String::new())).next(&by_link), Some(Position::Cursor("z".into())));
}

#[test]
fn a_page_saying_none_follows_ends_the_walk() {
    // Stripe: `has_more` and the last item's id as the next cursor.
    let page = |cursor: &str, more: bool| Facts { cursor: Some(cursor.into()), more: Some(more), ..facts(2, None) };
    let mut p = Pager::new(Position::Cursor(String::new()));
    assert_eq!(p.next(&page("id_2", true)), Some(Position::Cursor("id_2".into())));
    assert_eq!(p.next(&page("id_4", false)), None);
    let mut p = Pager::new(Position::Offset(0));
    assert_eq!(p.next(&Facts { more: Some(false), ..facts(2, Some(10)) }), None, "whatever the style");
}

fn headers(values: &[&str]) -> HeaderMap {
    let mut h = HeaderMap::new();
    for v in values {
        h.append(LINK, HeaderValue::from_str(v).expect("a header value"));
    }
    h
}

#[test]
fn the_next_link_gives_the_parameter_s_value() {
    let github = r#"<https://api.github.com/repositories/1/issues?per_page=2&page=3>; rel="next", <https://api.github.com/repositories/1/issues?per_page=2&page=9>; rel="last""#;
    assert_eq!(link(&headers(&[github]), "page"), Link::Next("3".into()));
    assert_eq!(link(&headers(&[github]), "after"), Link::Last, "a next link without the parameter");
    let last = r#"<https://x/y?page=1>; rel="first", <https://x/y?page=2>; rel="prev""#;
    assert_eq!(link(&headers(&[last]), "page"), Link::Last);
    assert_eq!(link(&HeaderMap::new(), "page"), Link::Absent);
    let split = [r#"<https://x/y?page=1>; rel="prev""#, r#"<https://x/y?after=a%2Bb%3D&page=2>; rel="next prefetch""#];
    assert_eq!(link(&headers(&split), "after"), Link::Next("a+b=".into()), "two headers, rel lists, percent-decoding");
}
