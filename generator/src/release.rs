//! The generated crate's version and CHANGELOG follow its API.
//!
//! The version is state, not something the documents say: it is read from the crate's
//! current `Cargo.toml` and kept on regeneration. Every regeneration that changes the API
//! adds the report's items to the `## Unreleased` section of `CHANGELOG.md` beside the
//! crate; `--bump` turns that section into a release: the version goes up by what the
//! section holds (a 0.x crate: breaking -> minor, otherwise patch; from 1.0: breaking ->
//! major, otherwise minor) and the heading becomes the new version.

use crate::report::{Change, Report};
use std::fmt;
use std::path::Path;

/// The CHANGELOG's file name, in the crate's directory.
pub const CHANGELOG: &str = "CHANGELOG.md";

/// The version of a crate generated for the first time.
pub const INITIAL: &str = "0.1.0";

/// A `MAJOR.MINOR.PATCH` version.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Version {
    pub major: u64,
    pub minor: u64,
    pub patch: u64,
}

impl Version {
    /// Reads `MAJOR.MINOR.PATCH`; anything else (pre-release tags too) is `None`.
    pub fn parse(text: &str) -> Option<Version> {
        let mut parts = text.trim().split('.').map(|p| p.parse::<u64>().ok());
        let v = Version { major: parts.next()??, minor: parts.next()??, patch: parts.next()?? };
        parts.next().is_none().then_some(v)
    }

    /// The version after a change of this kind.
    pub fn bumped(self, change: Change) -> Version {
        let Version { major, minor, patch } = self;
        match (change, major) {
            (Change::None, _) => self,
            (Change::Breaking, 0) => Version { major, minor: minor + 1, patch: 0 },
            (Change::Breaking, _) => Version { major: major + 1, minor: 0, patch: 0 },
            (Change::Compatible, 0) => Version { major, minor, patch: patch + 1 },
            (Change::Compatible, _) => Version { major, minor: minor + 1, patch: 0 },
        }
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.major, self.minor, self.patch)
    }
}

/// The semver word for the bump `change` needs from `from`: `major`, `minor`, `patch`
/// or `none`.
pub fn bump_name(from: Version, change: Change) -> &'static str {
    let to = from.bumped(change);
    if to.major != from.major {
        "major"
    } else if to.minor != from.minor {
        "minor"
    } else if to.patch != from.patch {
        "patch"
    } else {
        "none"
    }
}

/// The `[package] version` of the crate in `dir`, when it has a readable one.
pub fn current_version(dir: &Path) -> Option<String> {
    let text = std::fs::read_to_string(dir.join("Cargo.toml")).ok()?;
    let mut in_package = false;
    for line in text.lines().map(str::trim) {
        if line.starts_with('[') {
            in_package = line == "[package]";
            continue;
        }
        let Some(rest) = line.strip_prefix("version").map(str::trim_start) else { continue };
        let Some(value) = rest.strip_prefix('=') else { continue };
        if in_package {
            let value = value.trim().trim_matches('"');
            return Version::parse(value).map(|v| v.to_string());
        }
    }
    None
}

const UNRELEASED: &str = "## Unreleased";
const BREAKING: &str = "### Breaking changes";
const OTHER: &str = "### Other changes";

/// `CHANGELOG.md`: a preamble, then one `## ` section per release, newest first.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Changelog {
    /// Everything before the first section.
    preamble: String,
    /// Items of `## Unreleased`.
    breaking: Vec<String>,
    other: Vec<String>,
    /// Free text of `## Unreleased` outside the two lists, kept as written.
    notes: Vec<String>,
    /// The released sections, as written.
    released: String,
}

impl Changelog {
    /// The CHANGELOG of the crate in `dir`, or a new one.
    pub fn read(dir: &Path, crate_name: &str) -> Changelog {
        match std::fs::read_to_string(dir.join(CHANGELOG)) {
            Ok(text) => Changelog::parse(&text),
            Err(_) => Changelog::new(crate_name),
        }
    }

    pub fn new(crate_name: &str) -> Changelog {
        Changelog {
            preamble: format!(
                "# Changelog of `{crate_name}`\n\nWritten by the generator from its change report on each regeneration \
                 (edit freely: it is read back, never regenerated). `--bump` turns `Unreleased` into a release.\n"
            ),
            breaking: Vec::new(),
            other: Vec::new(),
            notes: Vec::new(),
            released: String::new(),
        }
    }

    pub fn parse(text: &str) -> Changelog {
        let mut log = Changelog::new("");
        log.preamble.clear();
        let mut section = None::<&str>;
        let mut list = None::<bool>;
        for line in text.split_inclusive('\n') {
            let bare = line.trim_end();
            if bare.starts_with("## ") {
                section = Some(if bare == UNRELEASED { "unreleased" } else { "released" });
            }
            match section {
                None => log.preamble.push_str(line),
                Some("released") => log.released.push_str(line),
                _ if bare == UNRELEASED => {}
                _ if bare == BREAKING => list = Some(true),
                _ if bare == OTHER => list = Some(false),
                _ => match (list, bare.strip_prefix("- ")) {
                    (Some(true), Some(item)) => log.breaking.push(item.to_owned()),
                    (Some(false), Some(item)) => log.other.push(item.to_owned()),
                    _ if bare.is_empty() => {}
                    _ => log.notes.push(bare.to_owned()),
                },
            }
        }
        log
    }

    /// Adds the report's changes to `## Unreleased` (each item once).
    pub fn record(&mut self, report: &Report) {
        for item in &report.changes {
            let line = format!("`{}`: {}", item.subject, item.detail);
            let list = if item.breaking { &mut self.breaking } else { &mut self.other };
            if !list.contains(&line) {
                list.push(line);
            }
        }
    }

    /// What `## Unreleased` holds, for the version bump.
    pub fn pending(&self) -> Change {
        if !self.breaking.is_empty() {
            Change::Breaking
        } else if self.other.is_empty() && self.notes.is_empty() {
            Change::None
        } else {
            Change::Compatible
        }
    }

    /// Releases `## Unreleased` as the version after `current`; `None` when there is
    /// nothing to release.
    pub fn release(&mut self, current: Version) -> Option<Version> {
        let change = self.pending();
        if change == Change::None {
            return None;
        }
        let next = current.bumped(change);
        let section = self.unreleased_body();
        self.released =
            format!("## {next}\n{section}{}{}", if self.released.is_empty() { "" } else { "\n" }, self.released);
        self.breaking.clear();
        self.other.clear();
        self.notes.clear();
        Some(next)
    }

    fn unreleased_body(&self) -> String {
        let mut s = String::new();
        for n in &self.notes {
            s.push_str(&format!("\n{n}\n"));
        }
        for (title, items) in [(BREAKING, &self.breaking), (OTHER, &self.other)] {
            if items.is_empty() {
                continue;
            }
            s.push_str(&format!("\n{title}\n\n"));
            for i in items {
                s.push_str(&format!("- {i}\n"));
            }
        }
        s
    }

    pub fn to_text(&self) -> String {
        let mut s = self.preamble.trim_end().to_owned();
        s.push_str("\n\n");
        if self.pending() != Change::None {
            s.push_str(UNRELEASED);
            s.push('\n');
            s.push_str(&self.unreleased_body());
            if !self.released.is_empty() {
                s.push('\n');
            }
        }
        s.push_str(&self.released);
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::{Item, Operations};

    fn report(items: &[(&'static str, bool)]) -> Report {
        Report {
            previous: true,
            operations: Operations::default(),
            changes: items
                .iter()
                .map(|(s, b)| Item { kind: "k", subject: (*s).to_owned(), detail: "d".into(), breaking: *b })
                .collect(),
        }
    }

    #[test]
    fn versions_bump_by_semver_for_0x_and_1x() {
        let v = |s| Version::parse(s).unwrap();
        assert_eq!(v("0.1.3").bumped(Change::Breaking), v("0.2.0"));
        assert_eq!(v("0.1.3").bumped(Change::Compatible), v("0.1.4"));
        assert_eq!(v("1.2.3").bumped(Change::Breaking), v("2.0.0"));
        assert_eq!(v("1.2.3").bumped(Change::Compatible), v("1.3.0"));
        assert_eq!(v("1.2.3").bumped(Change::None), v("1.2.3"));
        assert_eq!(bump_name(v("0.1.0"), Change::Breaking), "minor");
        assert_eq!(bump_name(v("0.1.0"), Change::Compatible), "patch");
        assert_eq!(Version::parse("1.2"), None);
        assert_eq!(Version::parse("1.2.3-beta"), None);
    }

    #[test]
    fn current_version_is_the_package_version() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(current_version(dir.path()), None);
        std::fs::write(
            dir.path().join("Cargo.toml"),
            "# x\n[package]\nname = \"a\"\nversion = \"0.3.1\"\n[dependencies]\nversion = \"9.9.9\"\n",
        )
        .unwrap();
        assert_eq!(current_version(dir.path()).as_deref(), Some("0.3.1"));
    }

    #[test]
    fn unreleased_accumulates_then_a_release_takes_the_bump_it_needs() {
        let mut log = Changelog::new("c");
        log.record(&report(&[("GET /a", false)]));
        assert_eq!(log.pending(), Change::Compatible);
        // Read back from its text, more changes join the same section, once each.
        let mut log = Changelog::parse(&log.to_text());
        log.record(&report(&[("GET /a", false), ("DELETE /b", true)]));
        let text = log.to_text();
        assert_eq!(text.matches("`GET /a`").count(), 1, "{text}");
        assert!(text.contains("## Unreleased\n\n### Breaking changes\n\n- `DELETE /b`: d\n"), "{text}");
        let mut log = Changelog::parse(&text);
        assert_eq!(log.release(Version::parse("0.1.0").unwrap()), Version::parse("0.2.0"));
        let released = log.to_text();
        assert!(!released.contains("## Unreleased"), "{released}");
        assert!(released
            .contains("## 0.2.0\n\n### Breaking changes\n\n- `DELETE /b`: d\n\n### Other changes\n\n- `GET /a`: d\n"));
        // Nothing pending: nothing to release; the next release goes on top.
        let mut log = Changelog::parse(&released);
        assert_eq!(log.release(Version::parse("0.2.0").unwrap()), None);
        log.record(&report(&[("GET /c", false)]));
        assert_eq!(log.release(Version::parse("0.2.0").unwrap()), Version::parse("0.2.1"));
        let text = log.to_text();
        assert!(text.find("## 0.2.1").unwrap() < text.find("## 0.2.0").unwrap(), "{text}");
        assert!(text.starts_with("# Changelog of `c`"), "{text}");
    }
}
