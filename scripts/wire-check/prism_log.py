#!/usr/bin/env python3
"""Adds to each call of a driver's JSON lines the request violations Prism logged for it.

Prism answers an invalid request with a documented error (and an `sl-violations`
header) or, when the operation documents none, with a bare 422 whose reasons are only in
its body and its log. The driver calls one operation at a time, one request per call, so
the log's requests are the calls' requests in order.

Usage: prism_log.py CALLS.jsonl PRISM.log > CALLS-WITH-LOG.jsonl
"""
import json
import re
import sys

RECEIVED = re.compile(r"\[HTTP SERVER\] (\w+) (\S+) .*Request received")
ERROR = re.compile(r"\[VALIDATOR\] \S+\s+error\s+(.*)$")


def blocks(log):
    out = []
    for line in open(log, encoding="utf-8", errors="replace"):
        m = RECEIVED.search(line)
        if m:
            out.append({"method": m.group(1).upper(), "path": m.group(2), "errors": []})
            continue
        m = ERROR.search(line)
        if m and out and m.group(1).startswith("Request"):
            out[-1]["errors"].append(m.group(1).strip())
    return out


def template(path):
    """A path template as a regular expression over the path Prism logs."""
    parts = re.split(r"(\{[^}]*\})", path)
    return re.compile("^" + "".join("[^/]*" if p.startswith("{") else re.escape(p) for p in parts) + "$")


def main():
    calls_path, log = sys.argv[1:3]
    requests = blocks(log)
    at = 0
    for line in open(calls_path):
        if not line.strip():
            continue
        call = json.loads(line)
        # A call that sent nothing has no block; one the client could not finish (a
        # redirect to elsewhere) may have one: take the next block that is this call's.
        if call.get("class") != "not-called":
            pattern = template(call["path"])
            for i in range(at, min(at + 3, len(requests))):
                block = requests[i]
                if block["method"] == call["method"] and pattern.match(block["path"].split("?")[0]):
                    call["logged"] = block["errors"]
                    at = i + 1
                    break
        print(json.dumps(call))


if __name__ == "__main__":
    main()
