//! The OpenAPI 3.0.3 parameter style table, row by row: each test calls one operation
//! of the generated `style-table-client` (made from `../openapi.yaml`) against a
//! server on 127.0.0.1 that records the request as it arrives, and compares the raw
//! request target, header or cookie with the table's cell for
//! `color = "blue"`, `["blue","black","brown"]` or `{"R":100,"G":200,"B":150}`.
//!
//! Where 3.0.3's table contradicts RFC 6570, which it cites as the definition (label
//! with `explode: false` separates with `,`), or its own other rows (the delimited
//! styles without `color=`), the row follows the correction published in 3.0.4 and
//! says so. Delimiters are sent unencoded as the 3.0.3 table shows them (`|`, `[`, `]`);
//! the same characters inside values are percent-encoded.

use style_table_client::types::Color;
use style_table_client::Client;
use style_table_tests::{Recorded, Recorder};

fn array() -> Vec<String> {
    vec!["blue".into(), "black".into(), "brown".into()]
}

fn object() -> Color {
    Color::new(100, 200, 150)
}

/// Runs `$call` (an expression using `$client`) against a fresh recording server and
/// returns what arrived.
macro_rules! record {
    (|$client:ident| $call:expr) => {{
        let server = Recorder::start();
        let $client = Client::new(server.url()).expect("a valid base URL");
        if let Err(e) = $call.await {
            panic!("the call failed: {e}");
        }
        server.recorded()
    }};
}

/// A path row: the target is the operation's path with the cell in place of `{color}`.
macro_rules! path_row {
    ($test:ident, $method:ident, $value:expr, $prefix:literal, $cell:literal) => {
        #[tokio::test]
        async fn $test() {
            let r = record!(|c| c.$method($value));
            assert_eq!(r.target, concat!($prefix, $cell), "path row `{}`", stringify!($test));
        }
    };
}

/// A query row: the query string is the cell.
macro_rules! query_row {
    ($test:ident, $method:ident, $value:expr, $cell:literal) => {
        #[tokio::test]
        async fn $test() {
            let r = record!(|c| c.$method($value));
            assert_eq!(r.query(), $cell, "query row `{}` (target {})", stringify!($test), r.target);
        }
    };
}

/// A header row: one `color` header whose value is the cell.
macro_rules! header_row {
    ($test:ident, $method:ident, $value:expr, $cell:literal) => {
        #[tokio::test]
        async fn $test() {
            let r = record!(|c| c.$method($value));
            assert_eq!(r.header("color"), [$cell], "header row `{}`", stringify!($test));
        }
    };
}

/// A cookie row: one `Cookie` header whose value is the cell.
macro_rules! cookie_row {
    ($test:ident, $method:ident, $value:expr, $cell:literal) => {
        #[tokio::test]
        async fn $test() {
            let r = record!(|c| c.$method($value));
            assert_eq!(r.header("cookie"), [$cell], "cookie row `{}`", stringify!($test));
        }
    };
}

// Path, `simple` (the default for paths).
path_row!(path_simple_string, path_simple_string, "blue", "/path/simple/false/string/", "blue");
path_row!(path_simple_array, path_simple_array, array(), "/path/simple/false/array/", "blue,black,brown");
path_row!(path_simple_object, path_simple_object, object(), "/path/simple/false/object/", "R,100,G,200,B,150");
path_row!(path_simple_exploded_string, path_simple_exploded_string, "blue", "/path/simple/true/string/", "blue");
path_row!(
    path_simple_exploded_array,
    path_simple_exploded_array,
    array(),
    "/path/simple/true/array/",
    "blue,black,brown"
);
path_row!(
    path_simple_exploded_object,
    path_simple_exploded_object,
    object(),
    "/path/simple/true/object/",
    "R=100,G=200,B=150"
);

// Path, `label`.
// An empty label is `.`; as a whole segment URL parsing would drop it (see
// `dot_segments_are_refused`), so these rows put the parameter after a literal.
path_row!(path_label_empty, path_label_suffix, "", "/path/label/false/suffix/file", ".");
path_row!(path_label_suffix, path_label_suffix, "json", "/path/label/false/suffix/file", ".json");
path_row!(path_label_string, path_label_string, "blue", "/path/label/false/string/", ".blue");
// 3.0.3 prints `.blue.black.brown`; RFC 6570 and 3.0.4: commas without explode.
path_row!(path_label_array, path_label_array, array(), "/path/label/false/array/", ".blue,black,brown");
// 3.0.3 prints `.R.100.G.200.B.150`; RFC 6570 and 3.0.4: commas without explode.
path_row!(path_label_object, path_label_object, object(), "/path/label/false/object/", ".R,100,G,200,B,150");
path_row!(path_label_exploded_empty, path_label_exploded_suffix, "", "/path/label/true/suffix/file", ".");
path_row!(path_label_exploded_string, path_label_exploded_string, "blue", "/path/label/true/string/", ".blue");
path_row!(
    path_label_exploded_array,
    path_label_exploded_array,
    array(),
    "/path/label/true/array/",
    ".blue.black.brown"
);
path_row!(
    path_label_exploded_object,
    path_label_exploded_object,
    object(),
    "/path/label/true/object/",
    ".R=100.G=200.B=150"
);

// Path, `matrix`.
path_row!(path_matrix_empty, path_matrix_string, "", "/path/matrix/false/string/", ";color");
path_row!(path_matrix_string, path_matrix_string, "blue", "/path/matrix/false/string/", ";color=blue");
path_row!(path_matrix_array, path_matrix_array, array(), "/path/matrix/false/array/", ";color=blue,black,brown");
path_row!(path_matrix_object, path_matrix_object, object(), "/path/matrix/false/object/", ";color=R,100,G,200,B,150");
path_row!(path_matrix_exploded_empty, path_matrix_exploded_string, "", "/path/matrix/true/string/", ";color");
path_row!(path_matrix_exploded_string, path_matrix_exploded_string, "blue", "/path/matrix/true/string/", ";color=blue");
path_row!(
    path_matrix_exploded_array,
    path_matrix_exploded_array,
    array(),
    "/path/matrix/true/array/",
    ";color=blue;color=black;color=brown"
);
path_row!(
    path_matrix_exploded_object,
    path_matrix_exploded_object,
    object(),
    "/path/matrix/true/object/",
    ";R=100;G=200;B=150"
);

// Query, `form` (the default for queries, exploded by default).
query_row!(query_form_empty, query_form_string, "", "color=");
query_row!(query_form_string, query_form_string, "blue", "color=blue");
query_row!(query_form_array, query_form_array, array(), "color=blue,black,brown");
query_row!(query_form_object, query_form_object, object(), "color=R,100,G,200,B,150");
query_row!(query_form_exploded_empty, query_form_exploded_string, "", "color=");
query_row!(query_form_exploded_string, query_form_exploded_string, "blue", "color=blue");
query_row!(query_form_exploded_array, query_form_exploded_array, array(), "color=blue&color=black&color=brown");
query_row!(query_form_exploded_object, query_form_exploded_object, object(), "R=100&G=200&B=150");

// Query, the delimited styles (3.0.3 leaves out `color=` in these cells; 3.0.4 has it).
query_row!(query_space_delimited_array, query_space_delimited_array, array(), "color=blue%20black%20brown");
query_row!(query_space_delimited_object, query_space_delimited_object, object(), "color=R%20100%20G%20200%20B%20150");
query_row!(query_pipe_delimited_array, query_pipe_delimited_array, array(), "color=blue|black|brown");
// 3.0.3 prints `R|100|G|200|G|150`, a typo for the last pair.
query_row!(query_pipe_delimited_object, query_pipe_delimited_object, object(), "color=R|100|G|200|B|150");

// Query, `deepObject`.
query_row!(
    query_deep_object_exploded_object,
    query_deep_object_exploded_object,
    object(),
    "color[R]=100&color[G]=200&color[B]=150"
);

// Cells the table marks n/a: generation warns, and they go out as exploded `form`.
query_row!(
    query_space_delimited_exploded_array,
    query_space_delimited_exploded_array,
    array(),
    "color=blue&color=black&color=brown"
);
query_row!(
    query_deep_object_exploded_array,
    query_deep_object_exploded_array,
    array(),
    "color=blue&color=black&color=brown"
);

// Header, `simple` (the only header style; the default).
header_row!(header_simple_string, header_simple_string, "blue", "blue");
header_row!(header_simple_array, header_simple_array, array(), "blue,black,brown");
header_row!(header_simple_object, header_simple_object, object(), "R,100,G,200,B,150");
header_row!(header_simple_exploded_string, header_simple_exploded_string, "blue", "blue");
header_row!(header_simple_exploded_array, header_simple_exploded_array, array(), "blue,black,brown");
header_row!(header_simple_exploded_object, header_simple_exploded_object, object(), "R=100,G=200,B=150");

// Cookie, `form` (the only cookie style; the default, exploded by default). Cookies are
// separated by `; `, so exploded items are one cookie each, where a query has `&`.
cookie_row!(cookie_form_string, cookie_form_string, "blue", "color=blue");
cookie_row!(cookie_form_array, cookie_form_array, array(), "color=blue,black,brown");
cookie_row!(cookie_form_object, cookie_form_object, object(), "color=R,100,G,200,B,150");
cookie_row!(cookie_form_exploded_string, cookie_form_exploded_string, "blue", "color=blue");
cookie_row!(cookie_form_exploded_array, cookie_form_exploded_array, array(), "color=blue; color=black; color=brown");
cookie_row!(cookie_form_exploded_object, cookie_form_exploded_object, object(), "R=100; G=200; B=150");

/// Parameters without `style` or `explode` take each location's defaults: `simple`
/// for paths and headers, `form` exploded for queries and cookies.
#[tokio::test]
async fn defaults_per_location_array() {
    let r = record!(|c| c.defaults_array(array(), array(), array(), array()));
    assert_eq!(r.path(), "/defaults/array/blue,black,brown");
    assert_eq!(r.query(), "color=blue&color=black&color=brown");
    assert_eq!(r.header("color"), ["blue,black,brown"]);
    assert_eq!(r.header("cookie"), ["color=blue; color=black; color=brown"]);
}

#[tokio::test]
async fn defaults_per_location_object() {
    let r = record!(|c| c.defaults_object(object(), object(), object(), object()));
    assert_eq!(r.path(), "/defaults/object/R,100,G,200,B,150");
    assert_eq!(r.query(), "R=100&G=200&B=150");
    assert_eq!(r.header("color"), ["R,100,G,200,B,150"]);
    assert_eq!(r.header("cookie"), ["R=100; G=200; B=150"]);
}

/// Delimiters inside values are percent-encoded, so each style's own delimiters
/// still split the value where it was joined.
#[tokio::test]
async fn delimiters_inside_values_are_encoded() {
    let tricky = || vec!["a,b".to_owned(), "c&d=e".to_owned(), "f|g h".to_owned(), "i;j.k".to_owned()];
    let r = record!(|c| c.query_form_array(tricky()));
    assert_eq!(r.query(), "color=a%2Cb,c%26d%3De,f%7Cg%20h,i%3Bj.k");
    let r = record!(|c| c.query_form_exploded_array(tricky()));
    assert_eq!(r.query(), "color=a%2Cb&color=c%26d%3De&color=f%7Cg%20h&color=i%3Bj.k");
    let r = record!(|c| c.query_pipe_delimited_array(tricky()));
    assert_eq!(r.query(), "color=a%2Cb|c%26d%3De|f%7Cg%20h|i%3Bj.k");
    let r = record!(|c| c.path_matrix_exploded_array(tricky()));
    assert_eq!(r.path(), "/path/matrix/true/array/;color=a%2Cb;color=c%26d%3De;color=f%7Cg%20h;color=i%3Bj.k");
    // `.` is unreserved, but it is what separates exploded label items.
    let r = record!(|c| c.path_label_exploded_array(tricky()));
    assert_eq!(r.path(), "/path/label/true/array/.a%2Cb.c%26d%3De.f%7Cg%20h.i%3Bj%2Ek");
    let r = record!(|c| c.path_simple_string("a/b?c#d%"));
    assert_eq!(r.path(), "/path/simple/false/string/a%2Fb%3Fc%23d%25");
    let r = record!(|c| c.cookie_form_array(tricky()));
    assert_eq!(r.header("cookie"), ["color=a%2Cb,c%26d%3De,f%7Cg%20h,i%3Bj.k"]);
}

/// `allowReserved: true` lets reserved characters through, except those a query
/// cannot carry (`#`, `[`, `]`), that form syntax gives a meaning (`&`, `=`, `+`), and
/// `'`, which URL parsers encode in http(s) queries anyway.
#[tokio::test]
async fn allow_reserved_against_the_default() {
    let value = "http://x.org/a?b=c&d#e [f]+g,h;i@j!$'()*";
    let r = record!(|c| c.query_allow_reserved(value, value));
    assert_eq!(
        r.query(),
        "reserved=http://x.org/a?b%3Dc%26d%23e%20%5Bf%5D%2Bg,h;i@j!$%27()*\
         &strict=http%3A%2F%2Fx.org%2Fa%3Fb%3Dc%26d%23e%20%5Bf%5D%2Bg%2Ch%3Bi%40j%21%24%27%28%29%2A"
    );
}

/// `content: application/json` parameters are the value's JSON text, percent-encoded
/// in the path, query and cookie, as it is in a header.
#[tokio::test]
async fn content_json_in_every_location() {
    let r = record!(|c| c.content_json(object(), object(), object(), object()));
    let encoded = "%7B%22R%22%3A100%2C%22G%22%3A200%2C%22B%22%3A150%7D";
    assert_eq!(r.path(), format!("/content/{encoded}"));
    assert_eq!(r.query(), format!("color={encoded}"));
    assert_eq!(r.header("color"), [r#"{"R":100,"G":200,"B":150}"#]);
    assert_eq!(r.header("cookie"), [format!("color={encoded}")]);
}

#[tokio::test]
async fn content_text_header_is_the_text() {
    let r = record!(|c| c.content_text("a b, c"));
    assert_eq!(r.header("color"), ["a b, c"]);
}

/// An `application/x-www-form-urlencoded` body: each field as its `encoding` says,
/// the others by the Encoding Object's defaults (arrays exploded, objects as JSON).
#[tokio::test]
async fn form_body_with_encoding_per_field() {
    let r = record!(|c| c.form_body(
        "a b&c",
        vec!["x".into(), "y".into()],
        object(),
        vec![1, 2],
        vec!["p".into(), "q".into()],
        object(),
        "p/q:r",
        vec!["j".into()],
    ));
    assert_eq!(r.method, "POST");
    assert_eq!(r.header("content-type"), ["application/x-www-form-urlencoded"]);
    let body = String::from_utf8(r.body.clone()).expect("a text body");
    assert_eq!(
        body,
        "name=a%20b%26c&tags=x&tags=y&color=%7B%22R%22%3A100%2C%22G%22%3A200%2C%22B%22%3A150%7D\
         &csv=1,2&pipes=p|q&deep[R]=100&deep[G]=200&deep[B]=150&raw=p/q:r&json=%5B%22j%22%5D"
    );
}

/// An optional field left unset is not sent; set, it is.
#[tokio::test]
async fn form_body_optional_field() {
    let r: Recorded =
        record!(|c| c.form_body("n", vec![], object(), vec![], vec![], object(), "", vec![]).note("hello world"));
    let body = String::from_utf8(r.body).expect("a text body");
    assert!(body.ends_with("&note=hello%20world"), "{body}");
    assert!(!body.contains("tags="), "an empty array is not sent: {body}");
}

/// A path segment that is `.` or `..` would be resolved away by URL parsing and the
/// request would reach another path: the call fails before anything is sent.
#[tokio::test]
async fn dot_segments_are_refused() {
    let client = Client::new("http://127.0.0.1:9").expect("a valid base URL");
    for value in ["..", "."] {
        match client.path_simple_string(value).await {
            Err(style_table_client::Error::InvalidRequest(why)) => assert!(why.contains("directory step"), "{why}"),
            other => panic!("{value:?}: expected InvalidRequest, got {other:?}"),
        }
    }
    match client.path_label_string("").await {
        Err(style_table_client::Error::InvalidRequest(_)) => {}
        other => panic!("an empty label as a whole segment: expected InvalidRequest, got {other:?}"),
    }
    let r = record!(|c| c.path_simple_string("..."));
    assert_eq!(r.path(), "/path/simple/false/string/...");
}
