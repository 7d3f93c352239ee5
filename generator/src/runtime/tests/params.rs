//! The serializers against the OpenAPI style table (3.0.3, with the corrections of
//! 3.0.4 where 3.0.3 contradicts RFC 6570 or its own text), and the percent-encoding
//! that keeps each style's delimiters apart from the data.

use crate::runtime::params::{
    checked_path, cookie, form, header, json, path, query, text, with_query, Encoding, Format, Style,
};
use serde::Serialize;
use std::collections::BTreeMap;

/// The table's object, `{ "R": 100, "G": 200, "B": 150 }`, in that field order.
#[derive(Serialize)]
struct Color {
    #[serde(rename = "R")]
    r: i32,
    #[serde(rename = "G")]
    g: i32,
    #[serde(rename = "B")]
    b: i32,
}

const COLOR: Color = Color { r: 100, g: 200, b: 150 };
const ARRAY: [&str; 3] = ["blue", "black", "brown"];

fn q<T: Serialize + ?Sized>(value: &T, style: Style, explode: bool) -> String {
    let mut out = String::new();
    query(&mut out, "color", value, Format::new(style, explode, false)).expect("serializes");
    out
}

fn p<T: Serialize + ?Sized>(value: &T, style: Style, explode: bool) -> String {
    path("color", value, style, explode).expect("serializes")
}

#[test]
fn path_styles_match_the_table() {
    use Style::*;
    let rows: [(Style, bool, [&str; 4]); 6] = [
        (Matrix, false, [";color", ";color=blue", ";color=blue,black,brown", ";color=R,100,G,200,B,150"]),
        (Matrix, true, [";color", ";color=blue", ";color=blue;color=black;color=brown", ";R=100;G=200;B=150"]),
        // 3.0.3 prints `.blue.black.brown` here; RFC 6570 (which it cites) and 3.0.4 use commas.
        (Label, false, [".", ".blue", ".blue,black,brown", ".R,100,G,200,B,150"]),
        (Label, true, [".", ".blue", ".blue.black.brown", ".R=100.G=200.B=150"]),
        (Simple, false, ["", "blue", "blue,black,brown", "R,100,G,200,B,150"]),
        (Simple, true, ["", "blue", "blue,black,brown", "R=100,G=200,B=150"]),
    ];
    for (style, explode, [empty, string, array, object]) in rows {
        let at = format!("{style:?} explode={explode}");
        assert_eq!(p("", style, explode), empty, "{at}, empty");
        assert_eq!(p("blue", style, explode), string, "{at}, string");
        assert_eq!(p(&ARRAY, style, explode), array, "{at}, array");
        assert_eq!(p(&COLOR, style, explode), object, "{at}, object");
    }
}

#[test]
fn query_styles_match_the_table() {
    use Style::*;
    let rows: [(Style, bool, [&str; 3]); 2] = [
        (Form, false, ["color=blue", "color=blue,black,brown", "color=R,100,G,200,B,150"]),
        (Form, true, ["color=blue", "color=blue&color=black&color=brown", "R=100&G=200&B=150"]),
    ];
    for (style, explode, [string, array, object]) in rows {
        assert_eq!(q("", style, explode), "color=", "{style:?} {explode}, empty");
        assert_eq!(q("blue", style, explode), string, "{style:?} {explode}, string");
        assert_eq!(q(&ARRAY, style, explode), array, "{style:?} {explode}, array");
        assert_eq!(q(&COLOR, style, explode), object, "{style:?} {explode}, object");
    }
    // 3.0.3 leaves out `color=` in these rows; 3.0.4 and every other row have it.
    assert_eq!(q(&ARRAY, SpaceDelimited, false), "color=blue%20black%20brown");
    assert_eq!(q(&COLOR, SpaceDelimited, false), "color=R%20100%20G%20200%20B%20150");
    assert_eq!(q(&ARRAY, PipeDelimited, false), "color=blue|black|brown");
    assert_eq!(q(&COLOR, PipeDelimited, false), "color=R|100|G|200|B|150");
    assert_eq!(q(&COLOR, DeepObject, true), "color[R]=100&color[G]=200&color[B]=150");
}

#[test]
fn cells_the_table_leaves_undefined_fall_back_to_form() {
    use Style::*;
    assert_eq!(q("blue", SpaceDelimited, false), "color=blue");
    assert_eq!(q("blue", PipeDelimited, false), "color=blue");
    assert_eq!(q("blue", DeepObject, true), "color=blue");
    assert_eq!(q(&ARRAY, SpaceDelimited, true), "color=blue&color=black&color=brown");
    assert_eq!(q(&ARRAY, PipeDelimited, true), "color=blue&color=black&color=brown");
    assert_eq!(q(&ARRAY, DeepObject, true), "color=blue&color=black&color=brown");
    assert_eq!(q(&COLOR, DeepObject, false), "color[R]=100&color[G]=200&color[B]=150");
}

#[test]
fn headers_are_simple_and_not_percent_encoded() {
    assert_eq!(header("X-Color", "blue", false).unwrap().as_deref(), Some("blue"));
    assert_eq!(header("X-Color", &ARRAY, false).unwrap().as_deref(), Some("blue,black,brown"));
    assert_eq!(header("X-Color", &ARRAY, true).unwrap().as_deref(), Some("blue,black,brown"));
    assert_eq!(header("X-Color", &COLOR, false).unwrap().as_deref(), Some("R,100,G,200,B,150"));
    assert_eq!(header("X-Color", &COLOR, true).unwrap().as_deref(), Some("R=100,G=200,B=150"));
    assert_eq!(header("X-Color", "a b/c", false).unwrap().as_deref(), Some("a b/c"));
    assert_eq!(header("X-Color", &Vec::<String>::new(), false).unwrap(), None);
    let bad = header("X-Color", "line\r\nbreak", false).unwrap_err();
    assert!(bad.contains("`X-Color`"), "{bad}");
    assert!(header("X-Color", "grün", false).is_err());
}

#[test]
fn cookies_are_form_with_one_cookie_per_exploded_item() {
    let c = |value: &dyn erased::Value, explode: bool| {
        let mut cookies = Vec::new();
        value.cookie(&mut cookies, explode);
        cookies.join("; ")
    };
    assert_eq!(c(&"blue", false), "color=blue");
    assert_eq!(c(&"blue", true), "color=blue");
    assert_eq!(c(&ARRAY, false), "color=blue,black,brown");
    assert_eq!(c(&ARRAY, true), "color=blue; color=black; color=brown");
    assert_eq!(c(&COLOR, false), "color=R,100,G,200,B,150");
    assert_eq!(c(&COLOR, true), "R=100; G=200; B=150");
    // `;`, `,` and space cannot be in a cookie value unencoded.
    assert_eq!(c(&["a;b", "c,d e"], false), "color=a%3Bb,c%2Cd%20e");
}

/// Lets the cookie test take values of different types in one closure.
mod erased {
    pub trait Value {
        fn cookie(&self, cookies: &mut Vec<String>, explode: bool);
    }
    impl<T: serde::Serialize> Value for T {
        fn cookie(&self, cookies: &mut Vec<String>, explode: bool) {
            super::cookie(cookies, "color", self, explode).expect("serializes");
        }
    }
}

#[test]
fn delimiters_in_values_are_encoded_and_delimiters_of_the_style_are_not() {
    use Style::*;
    let tricky = ["a,b", "c&d=e", "f|g", "h i", "j.k", "l;m", "n[o]"];
    assert_eq!(q(&tricky, Form, false), "color=a%2Cb,c%26d%3De,f%7Cg,h%20i,j.k,l%3Bm,n%5Bo%5D");
    assert_eq!(q(&tricky, Form, true).split('&').count(), tricky.len());
    assert_eq!(q(&tricky, PipeDelimited, false).matches('|').count(), tricky.len() - 1);
    assert_eq!(p(&tricky, Simple, false).matches(',').count(), tricky.len() - 1);
    assert_eq!(p(&tricky, Matrix, true).matches(';').count(), tricky.len());
    // `.` is unreserved, but it is the label delimiter.
    assert_eq!(p(&["j.k", "l"], Label, true), ".j%2Ek.l");
    assert_eq!(p("a/b?c#d", Simple, false), "a%2Fb%3Fc%23d");
    assert_eq!(p("ü", Simple, false), "%C3%BC");
    let mut map = BTreeMap::new();
    map.insert("k[1]", "v&w");
    assert_eq!(q(&map, DeepObject, true), "color[k%5B1%5D]=v%26w");
    assert_eq!(q(&map, Form, true), "k%5B1%5D=v%26w");
}

#[test]
fn allow_reserved_keeps_reserved_characters_but_not_those_that_break_the_query() {
    let mut out = String::new();
    let value = "http://x.org/a?b=c&d#e [f]+g%20h%zz,i;j@k!l$m'(n)*o";
    query(&mut out, "u", value, Format::new(Style::Form, true, true)).unwrap();
    assert_eq!(out, "u=http://x.org/a?b%3Dc%26d%23e%20%5Bf%5D%2Bg%20h%25zz,i;j@k!l$m%27(n)*o");
    let mut strict = String::new();
    query(&mut strict, "u", "a/b:c", Format::new(Style::Form, true, false)).unwrap();
    assert_eq!(strict, "u=a%2Fb%3Ac");
}

#[test]
fn empty_arrays_objects_and_nulls_are_undefined() {
    use Style::*;
    let none: Vec<String> = Vec::new();
    assert_eq!(q(&none, Form, true), "");
    assert_eq!(q(&none, Form, false), "");
    assert_eq!(q(&BTreeMap::<String, i32>::new(), DeepObject, true), "");
    assert_eq!(p(&none, Matrix, false), "");
    assert_eq!(q(&None::<i32>, Form, true), "");
    assert_eq!(q(&[Some(1), None, Some(3)], Form, false), "color=1,3");
    let mut query_string = String::new();
    query(&mut query_string, "a", &1, Format::new(Form, true, false)).unwrap();
    query(&mut query_string, "b", &none, Format::new(Form, true, false)).unwrap();
    query(&mut query_string, "c", &true, Format::new(Form, true, false)).unwrap();
    assert_eq!(with_query("/x".into(), &query_string), "/x?a=1&c=true");
    assert_eq!(with_query("/x".into(), ""), "/x");
}

#[test]
fn nested_values_are_json_text_except_in_deep_objects() {
    use Style::*;
    let nested = serde_json::json!({"a": {"b": 1}, "l": [1, {"c": "d"}]});
    assert_eq!(q(&nested, Form, true), "a=%7B%22b%22%3A1%7D&l=%5B1%2C%7B%22c%22%3A%22d%22%7D%5D");
    assert_eq!(q(&nested, DeepObject, true), "color[a][b]=1&color[l][0]=1&color[l][1][c]=d");
}

#[test]
fn content_parameters_are_json_or_text() {
    assert_eq!(json(&COLOR).unwrap(), r#"{"R":100,"G":200,"B":150}"#);
    assert_eq!(json("blue").unwrap(), r#""blue""#);
    assert_eq!(text("blue").unwrap(), "blue");
    assert_eq!(text(&7).unwrap(), "7");
    assert_eq!(text(&ARRAY).unwrap(), r#"["blue","black","brown"]"#);
}

#[test]
fn form_bodies_follow_each_fields_encoding() {
    #[derive(Serialize)]
    struct Body {
        name: &'static str,
        tags: [&'static str; 2],
        color: Color,
        csv: [i32; 2],
        deep: Color,
        raw: &'static str,
        absent: Option<i32>,
    }
    let body =
        Body { name: "a b&c", tags: ["x", "y"], color: COLOR, csv: [1, 2], deep: COLOR, raw: "p/q", absent: None };
    let encodings = [
        ("csv", Encoding::Style(Format::new(Style::Form, false, false))),
        ("deep", Encoding::Style(Format::new(Style::DeepObject, true, false))),
        ("raw", Encoding::Style(Format::new(Style::Form, true, true))),
        ("name", Encoding::Json),
    ];
    assert_eq!(
        form(&body, &encodings).unwrap(),
        "name=%22a%20b%26c%22&tags=x&tags=y&color=%7B%22R%22%3A100%2C%22G%22%3A200%2C%22B%22%3A150%7D\
         &csv=1,2&deep[R]=100&deep[G]=200&deep[B]=150&raw=p/q"
    );
    assert!(form(&[1, 2], &[]).is_err());
}

#[test]
fn dot_segments_are_refused_since_url_parsing_would_resolve_them() {
    for bad in ["/a/./b", "/a/..", "/a/%2E%2e/b", "/a/.%2E", "/a/%2e"] {
        let e = checked_path(bad.to_owned()).unwrap_err();
        assert!(e.contains("directory step"), "{bad}: {e}");
    }
    for good in ["/a/b", "/a/.b", "/a/..b", "/a/b.", "/a/;x=..", "/"] {
        assert_eq!(checked_path(good.to_owned()).as_deref(), Ok(good));
    }
    assert_eq!(p("..", Style::Simple, false), "..");
}
