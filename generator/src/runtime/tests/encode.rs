use crate::runtime::encode::{encode_path, text_of};
use crate::runtime::error::Error;

#[test]
fn path_segments_keep_only_unreserved_characters() {
    assert_eq!(encode_path("AZaz09-._~"), "AZaz09-._~");
    assert_eq!(encode_path("a/b?c#d e%"), "a%2Fb%3Fc%23d%20e%25");
    assert_eq!(encode_path(".."), "..");
    assert_eq!(encode_path("é😀"), "%C3%A9%F0%9F%98%80");
    assert_eq!(encode_path(""), "");
}

#[test]
fn text_of_strings_is_the_string_and_of_anything_else_json() {
    assert_eq!(text_of::<_, ()>("a b").unwrap(), "a b");
    assert_eq!(text_of::<_, ()>(&42).unwrap(), "42");
    assert_eq!(text_of::<_, ()>(&true).unwrap(), "true");
    assert_eq!(text_of::<_, ()>(&vec![1, 2]).unwrap(), "[1,2]");
}

#[test]
fn text_of_an_unserialisable_value_is_an_invalid_request() {
    let mut map = std::collections::HashMap::new();
    map.insert((1, 2), 3);
    assert!(matches!(text_of::<_, ()>(&map), Err(Error::InvalidRequest(_))));
}
