//! `specs/` holds the published Rocket.Chat documents byte for byte: every published
//! file is locked by its SHA-256 in `specs/published.sha256`, and (when `../shared` is
//! present) equal to its corpus copy. Corrections belong in overlays.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Documents in `specs/` that are not published ones (written in this repository).
const HAND_WRITTEN: &[&str] = &["groups.yaml"];

fn specs() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().join("specs")
}

/// The lock file: `(hex digest, file name)` per line, as `sha256sum` writes it.
fn lock() -> Vec<(String, String)> {
    let text = std::fs::read_to_string(specs().join("published.sha256")).unwrap();
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let (hash, name) = l.split_once("  ").unwrap_or_else(|| panic!("bad lock line `{l}`"));
            (hash.to_owned(), name.to_owned())
        })
        .collect()
}

#[test]
fn published_documents_are_unedited() {
    let mut wrong = Vec::new();
    for (hash, name) in lock() {
        let bytes = std::fs::read(specs().join(&name)).unwrap_or_else(|e| panic!("specs/{name}: {e}"));
        let actual = hex(&sha256(&bytes));
        if actual != hash {
            wrong.push(format!("specs/{name}: sha256 {actual}, locked {hash}"));
        }
    }
    assert!(
        wrong.is_empty(),
        "published documents were edited (corrections go into *.overlay.yaml):\n{}",
        wrong.join("\n")
    );
}

#[test]
fn every_document_is_locked_or_hand_written() {
    let locked: BTreeSet<String> = lock().into_iter().map(|(_, n)| n).collect();
    assert_eq!(locked.len(), 13, "the 12 corpus documents and roles.json");
    for e in std::fs::read_dir(specs()).unwrap() {
        let name = e.unwrap().file_name().to_string_lossy().into_owned();
        let document = (name.ends_with(".yaml") || name.ends_with(".json")) && !name.contains(".overlay.");
        if document {
            assert!(
                locked.contains(&name) || HAND_WRITTEN.contains(&name.as_str()),
                "specs/{name} is neither locked in published.sha256 nor listed as hand-written"
            );
        }
    }
}

#[test]
fn copies_equal_the_corpus() {
    let corpus = specs().join("../../shared/corpus/rocketchat");
    if !corpus.is_dir() {
        eprintln!("skipped: {} is absent", corpus.display());
        return;
    }
    let mut n = 0;
    for e in std::fs::read_dir(&corpus).unwrap() {
        let path = e.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let copy = std::fs::read(specs().join(&name)).unwrap_or_else(|e| panic!("specs/{name}: {e}"));
        assert!(copy == std::fs::read(&path).unwrap(), "specs/{name} differs from {}", path.display());
        n += 1;
    }
    assert_eq!(n, 12);
}

#[test]
fn sha256_known_answers() {
    assert_eq!(hex(&sha256(b"")), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    assert_eq!(hex(&sha256(b"abc")), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    let long = vec![b'a'; 1000];
    assert_eq!(hex(&sha256(&long)), "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3");
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// SHA-256 (FIPS 180-4), enough for a lock file without another dependency.
fn sha256(data: &[u8]) -> [u8; 32] {
    let mut k = [0u32; 64];
    let mut found = 0;
    let mut candidate = 2u32;
    // Round constants: the first 32 bits of the fractional parts of the cube roots of the first 64 primes.
    while found < 64 {
        if (2..candidate).take_while(|d| d * d <= candidate).all(|d| candidate % d != 0) {
            let root = (candidate as f64).cbrt();
            k[found] = ((root - root.floor()) * 4294967296.0) as u32;
            found += 1;
        }
        candidate += 1;
    }
    let mut h: [u32; 8] =
        [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];
    let mut msg = data.to_vec();
    msg.push(0x80);
    while msg.len() % 64 != 56 {
        msg.push(0);
    }
    msg.extend_from_slice(&((data.len() as u64) * 8).to_be_bytes());
    for block in msg.chunks(64) {
        let mut w = [0u32; 64];
        for (i, word) in block.chunks(4).enumerate() {
            w[i] = u32::from_be_bytes([word[0], word[1], word[2], word[3]]);
        }
        for i in 16..64 {
            let s0 = w[i - 15].rotate_right(7) ^ w[i - 15].rotate_right(18) ^ (w[i - 15] >> 3);
            let s1 = w[i - 2].rotate_right(17) ^ w[i - 2].rotate_right(19) ^ (w[i - 2] >> 10);
            w[i] = w[i - 16].wrapping_add(s0).wrapping_add(w[i - 7]).wrapping_add(s1);
        }
        let [mut a, mut b, mut c, mut d, mut e, mut f, mut g, mut hh] = h;
        for i in 0..64 {
            let s1 = e.rotate_right(6) ^ e.rotate_right(11) ^ e.rotate_right(25);
            let ch = (e & f) ^ (!e & g);
            let t1 = hh.wrapping_add(s1).wrapping_add(ch).wrapping_add(k[i]).wrapping_add(w[i]);
            let s0 = a.rotate_right(2) ^ a.rotate_right(13) ^ a.rotate_right(22);
            let maj = (a & b) ^ (a & c) ^ (b & c);
            let t2 = s0.wrapping_add(maj);
            hh = g;
            g = f;
            f = e;
            e = d.wrapping_add(t1);
            d = c;
            c = b;
            b = a;
            a = t1.wrapping_add(t2);
        }
        for (x, y) in h.iter_mut().zip([a, b, c, d, e, f, g, hh]) {
            *x = x.wrapping_add(y);
        }
    }
    let mut out = [0u8; 32];
    for (i, x) in h.iter().enumerate() {
        out[i * 4..i * 4 + 4].copy_from_slice(&x.to_be_bytes());
    }
    out
}
