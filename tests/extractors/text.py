"""text.py EXTRACTOR PDF... : each PDF's text as EXTRACTOR reads it, as a JSON array of strings.

EXTRACTOR is `pypdf` (PdfReader's extract_text, page by page) or `pdfminer` (pdfminer.six's
extract_text with its default layout analysis: the parser under pdfplumber and many indexers).
One process for every file: an interpreter start costs more than reading a release."""
import json
import sys

which, files = sys.argv[1], sys.argv[2:]
if which == "pypdf":
    import pypdf

    def read(path):
        return "\n".join(p.extract_text() or "" for p in pypdf.PdfReader(path).pages)
elif which == "pdfminer":
    from pdfminer.high_level import extract_text as read
else:
    sys.exit(f"unknown extractor {which}")
json.dump([read(f) for f in files], sys.stdout, ensure_ascii=False)
