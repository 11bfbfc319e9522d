#!/usr/bin/env python3
"""Runs the `page` validator (PyPI `page-validation`) on PDFs.

    python3 tools/validate.py PROFILE FILE...

PROFILE is one of page's profiles: 2u, 2a, ua1, ... Prints one summary line per file
(rules run and failed) and each failed rule with its message; exits 1 if any file is not
compliant, 2 if `page` is not installed. Used by tests/validators.rs and for the release
note; CI installs the pinned version (.ci/run).
"""
import sys

try:
    import page
except ImportError:
    print("page-validation is not installed: python3 -m pip install page-validation==0.11.0")
    sys.exit(2)


def main(profile, files):
    bad = 0
    for f in files:
        r = page.validate_pdf(f, profile=profile)
        verdict = "compliant" if r.is_compliant else "NOT compliant"
        print(f"{f}: page {page.__version__} {profile}: {verdict}, "
              f"{r.rules.failed} of {r.rules.total} rules failed, {r.checks.failed} checks failed")
        for x in r.failures:
            obj = f" (object {x.object_id.object_number})" if x.object_id else ""
            print(f"  {x.rule_id}: {x.message}{obj}")
        bad += not r.is_compliant
    return 1 if bad else 0


if __name__ == "__main__":
    if len(sys.argv) < 3:
        print(__doc__)
        sys.exit(2)
    sys.exit(main(sys.argv[1], sys.argv[2:]))
