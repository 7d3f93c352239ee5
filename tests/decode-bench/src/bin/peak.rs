//! Peak memory decoding a 50 MB list response, the client's decoder against serde's
//! derive: `peak [MB]` (`scripts/decode-bench.sh` runs it).
//!
//! The list is made from a published example: of the examples both builds decode, the
//! one whose array of objects has the largest item; that item is repeated until the
//! body has the size asked for. A counting allocator gives the peak of live heap bytes
//! while decoding, over what was live before (the body itself).

use decode_bench::{derive, ours, Case};
use serde_json::Value;
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call is passed on to `System` unchanged; only counters are kept.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let live = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
        PEAK.fetch_max(live, Ordering::Relaxed);
        // SAFETY: as the caller promised for `layout`.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        // SAFETY: as the caller promised for `ptr` and `layout`.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if new_size >= layout.size() {
            let live = LIVE.fetch_add(new_size - layout.size(), Ordering::Relaxed) + new_size - layout.size();
            PEAK.fetch_max(live, Ordering::Relaxed);
        } else {
            LIVE.fetch_sub(layout.size() - new_size, Ordering::Relaxed);
        }
        // SAFETY: as the caller promised.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// The largest object in an array directly under the example's top level, and where.
fn largest_item(example: &Value) -> Option<(String, usize)> {
    let Value::Object(fields) = example else { return None };
    fields
        .iter()
        .filter_map(|(key, value)| match value {
            Value::Array(items) => items
                .iter()
                .filter(|i| i.is_object())
                .map(|i| i.to_string().len())
                .max()
                .map(|size| (key.clone(), size)),
            _ => None,
        })
        .max_by_key(|(_, size)| *size)
}

/// The example with its list grown to about `bytes`.
fn grown(example: &Value, key: &str, bytes: usize) -> Vec<u8> {
    let mut body = example.clone();
    if let Some(Value::Array(items)) = body.get_mut(key) {
        let item = items.iter().filter(|i| i.is_object()).max_by_key(|i| i.to_string().len()).cloned();
        if let Some(item) = item {
            let copies = bytes / item.to_string().len().max(1);
            *items = vec![item; copies];
        }
    }
    serde_json::to_vec(&body).unwrap_or_default()
}

fn peak_while(decode: fn(&[u8]) -> bool, body: &[u8]) -> (bool, usize) {
    let before = LIVE.load(Ordering::Relaxed);
    PEAK.store(before, Ordering::Relaxed);
    let ok = decode(body);
    (ok, PEAK.load(Ordering::Relaxed) - before)
}

fn main() {
    let megabytes: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(50);
    let both = ours::cases::CASES.iter().zip(derive::cases::CASES);
    let chosen = both
        .filter(|((_, json, a), (_, _, b))| a(json.as_bytes()) && b(json.as_bytes()))
        .filter_map(|(o, d)| {
            let example: Value = serde_json::from_str(o.1).ok()?;
            let (key, size) = largest_item(&example)?;
            Some((size, key, example, *o, *d))
        })
        .max_by_key(|(size, ..)| *size);
    let Some((size, key, example, (name, _, ours_decode), (_, _, derive_decode))) = chosen else {
        eprintln!("no published example has a list of objects");
        std::process::exit(1);
    };
    let body = grown(&example, &key, megabytes * 1_000_000);
    println!("{name}: `{key}` items of {size} bytes, body {} bytes", body.len());
    let decoders: [(&str, Case); 2] = [("ours", (name, "", ours_decode)), ("derive", (name, "", derive_decode))];
    let (_, value_peak) = peak_while(|body| serde_json::from_slice::<Value>(body).is_ok(), &body);
    println!(
        "a serde_json::Value of the body alone (what the client parsed first until issue 24): peak {:.1} MB ({:.2}x the body)",
        value_peak as f64 / 1e6,
        value_peak as f64 / body.len() as f64
    );
    for (label, (_, _, decode)) in decoders {
        let (ok, peak) = peak_while(decode, &body);
        println!(
            "{label}: decoded {ok}, peak {:.1} MB over the body ({:.2}x the body)",
            peak as f64 / 1e6,
            peak as f64 / body.len() as f64
        );
    }
}
