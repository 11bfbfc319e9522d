"""Validates TOML files against one of communique's JSON Schemas (schemas/*.schema.json).

    python3 tools/schemacheck.py schemas/release.schema.json FILE.toml...

Prints `ok FILE` or `invalid FILE: <first error>` per file; exits 0 when all are valid, 1
otherwise. TOML dates and date-times become ISO 8601 strings first, as Taplo (the editors'
TOML language server that reads `#:schema`) presents them to a schema. Needs Python 3.11+
(tomllib) and `jsonschema` (pinned in .ci/run).
"""

import datetime
import json
import sys
import tomllib

import jsonschema


def plain(value):
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    return value


def main(schema_path, files):
    with open(schema_path, encoding="utf-8") as f:
        schema = json.load(f)
    jsonschema.Draft7Validator.check_schema(schema)
    validator = jsonschema.Draft7Validator(schema)
    ok = True
    for path in files:
        # A byte order mark is accepted by communique (and Taplo); tomllib refuses it.
        with open(path, encoding="utf-8-sig") as f:
            data = plain(tomllib.loads(f.read()))
        errors = sorted(validator.iter_errors(data), key=lambda e: list(e.path))
        if errors:
            ok = False
            where = "/".join(str(p) for p in errors[0].path)
            print(f"invalid {path}: {where}: {errors[0].message}")
        else:
            print(f"ok {path}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2:]))
