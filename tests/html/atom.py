"""Reads Atom feeds back with feedparser and prints what the test compares, as JSON.

Usage: python3 atom.py FEED...  → {"FEED": {"bozo": "...", "version": "atom10",
"lang": "nl", "entries": [{"title", "link", "enclosure", "updated"}...]}}
"""
import json
import sys

import feedparser

out = {}
for path in sys.argv[1:]:
    with open(path, "rb") as f:
        d = feedparser.parse(f.read())
    out[path] = {
        "bozo": str(d.get("bozo_exception", "")) if d.bozo else "",
        "version": d.version,
        "lang": d.feed.get("language", ""),
        "title": d.feed.get("title", ""),
        "updated": d.feed.get("updated", ""),
        "id": d.feed.get("id", ""),
        "self": next((l["href"] for l in d.feed.get("links", []) if l.get("rel") == "self"), ""),
        "entries": [
            {
                "id": e.get("id", ""),
                "title": e.get("title", ""),
                "updated": e.get("updated", ""),
                "link": next((l["href"] for l in e.links if l.get("rel") == "alternate"), ""),
                "enclosure": next(
                    (l["href"] for l in e.links if l.get("rel") == "enclosure"
                     and l.get("type") == "application/pdf"), ""),
            }
            for e in d.entries
        ],
    }
print(json.dumps(out, ensure_ascii=False, indent=1))
