#!/usr/bin/env python3
"""The wire-check table (scripts/wire-check.sh): per document, operations called, request
violations Prism reported, 2xx answers that did not decode, errors not surfaced as
`Error::Api`/`UnexpectedResponse`; each finding the document causes is listed in
defects.json with its reason. Exit 1 on a finding not listed, a listed one that no
longer happens, or a document that could not be checked without a stated reason.

Usage: report.py RESULTS.jsonl STATUS.tsv DEFECTS.json [--bless]
"""
import json
import re
import sys


# A value outside a constraint the generated types do not carry (pattern, length, format,
# range, item count): the driver's minimal inputs ("x", 1) are valid values of the input
# types, not of every constraint. Counted apart: such a violation says nothing about how
# the client puts a value on the wire.
VALUE = re.compile(r"must match pattern|must NOT have (fewer|more) than|must match format|must be [<>]=?|must be (multiple of|equal to one of)")


# What Prism adds when a branch of a `oneOf`/`anyOf` failed on such a value.
SUMMARY = re.compile(r"must match (exactly one|a) schema in (oneOf|anyOf)|did not pass the validation rules")


def violation(messages):
    """The finding for a call's request violations: `input-value` when each is about a
    value outside a constraint (or sums those up), else `violation`."""
    values = [m for m in messages if VALUE.search(m)]
    rest = [m for m in messages if not VALUE.search(m) and not SUMMARY.search(m)]
    kind = "input-value" if values and not rest else "violation"
    return (kind, "; ".join(messages))


def findings(call):
    """(kind, detail) of what went wrong in one call, if anything."""
    out = []
    violations = call.get("violations") or []
    ct = call.get("content_type") or ""
    # Prism's log has every request violation of the call (the header can be cut off,
    # and a bare 422 has none); the header is the fallback.
    if call.get("logged"):
        out.append(violation(call["logged"]))
    elif "logged" in call:
        pass
    elif violations:
        out.append(violation([f"{'.'.join(map(str, v.get('location', [])))}: {v.get('message')}" for v in violations]))
    elif call.get("violations_unreadable"):
        out.append(("violation", "Prism's sl-violations header was cut off (over 8 KB)"))
    elif call.get("status") == 422 and "problem+json" in ct:
        out.append(("violation", "422 problem+json from Prism (its log names no reason)"))
    if call["class"] == "undecoded":
        out.append(("undecoded", call.get("detail", "")))
    if call["class"] in ("not-surfaced", "not-called", "no-response"):
        out.append((call["class"], call.get("detail", "")))
    return out


def main():
    results, status_path, defects_path = sys.argv[1:4]
    bless = "--bless" in sys.argv
    calls = [json.loads(l) for l in open(results) if l.strip()]
    docs = []
    for line in open(status_path):
        name, doc, status = (line.rstrip("\n").split("\t") + ["", ""])[:3]
        docs.append((name, doc, status))
    try:
        defects = json.load(open(defects_path))
    except FileNotFoundError:
        defects = {}
    found = {}
    rows = []
    totals = [0, 0, 0, 0, 0, 0]
    for name, doc, status in docs:
        mine = [c for c in calls if c["document"] == name]
        called = sum(1 for c in mine if c["class"] != "not-called")
        counts = {"violation": 0, "undecoded": 0, "not-surfaced": 0, "input-value": 0}
        for c in mine:
            for kind, detail in findings(c):
                if kind == "input-value":
                    counts[kind] += 1
                    continue
                key = f"{name} {c['method']} {c['path']} {kind}"
                found[key] = detail
                if kind in counts:
                    counts[kind] += 1
                elif kind in ("not-called", "no-response"):
                    counts["not-surfaced"] += 1
        listed = sum(1 for k in found if k.startswith(name + " ") and k in defects)
        note = status or ""
        row = [len(mine), called, counts["violation"], counts["undecoded"], counts["not-surfaced"], counts["input-value"]]
        rows.append((name, *row, listed, note))
        for i, v in enumerate(row):
            totals[i] += v
    header = ("document", "ops", "called", "violations", "2xx undecoded", "not surfaced", "input values", "listed", "note")
    n = len(header) - 1
    widths = [max(len(str(r[i])) for r in rows + [header]) for i in range(n)]
    fmt = "  ".join(f"{{:<{widths[0]}}}" if i == 0 else f"{{:>{widths[i]}}}" for i in range(n))
    print(fmt.format(*header[:n]) + "  note")
    for r in rows:
        print(fmt.format(*r[:n]) + ("  " + r[n] if r[n] else ""))
    listed_total = sum(1 for k in found if k in defects)
    print(fmt.format("total", *totals, listed_total))
    print("(violations: request violations Prism reported that are not about a value outside a constraint;"
          " input values: the driver's minimal value is outside a pattern, length, format or range the types do not carry)")
    unlisted = {k: v for k, v in found.items() if k not in defects}
    stale = [k for k in defects if k not in found and k.split(" ")[0] in {n for n, _, s in docs if not s}]
    unchecked = [(n, s) for n, _, s in docs if s and not s.startswith("not checked: Prism cannot load")]
    if bless:
        kept = {k: defects.get(k, "TODO: why the document causes this: " + v[:200]) for k, v in found.items()}
        json.dump(dict(sorted(kept.items())), open(defects_path, "w"), indent=2)
        print(f"wrote {defects_path}: {len(kept)} findings")
        return 0
    failed = False
    if unlisted:
        failed = True
        print(f"\n{len(unlisted)} finding(s) not in {defects_path}:")
        for k, v in sorted(unlisted.items())[:60]:
            print(f"  {k}: {v[:300]}")
    if stale:
        failed = True
        print(f"\n{len(stale)} listed finding(s) that no longer happen (remove them):")
        for k in stale:
            print(f"  {k}")
    if unchecked:
        failed = True
        print("\ndocuments not checked:")
        for n, s in unchecked:
            print(f"  {n}: {s}")
    client_violations = sum(1 for k in unlisted if k.endswith(" violation"))
    print(f"\nrequest violations that are the client's fault (not listed): {client_violations}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
