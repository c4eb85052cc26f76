#!/usr/bin/env python
"""CI: known vulnerabilities in the project's installed (pinned) requirements.

Runs pip-audit (from its own throwaway venv, path given as the argument) against
.venv's packages. Fails when a package has a known vulnerability; passes with a
message saying it was skipped when the vulnerability database could not be reached
(no package could be looked up), so an offline CI run is not mistaken for a clean one.

    .venv/bin/python scripts/audit_requirements.py /tmp/society-pip-audit/bin/pip-audit
"""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(pip_audit):
    env = {
        **os.environ,
        "PIPAPI_PYTHON_LOCATION": str(ROOT / ".venv" / "bin" / "python"),
    }
    finished = subprocess.run(  # noqa: S603 (the CI's own pip-audit)
        [pip_audit, "--format", "json", "--progress-spinner", "off"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    try:
        report = json.loads(finished.stdout)
    except json.JSONDecodeError:
        tail = finished.stderr.strip().splitlines()[-3:]
        print("pip-audit: skipped: it gave no report:", *tail, sep="\n  ")
        return 0
    dependencies = report.get("dependencies", [])
    audited = [item for item in dependencies if "skip_reason" not in item]
    if not audited:
        print(
            "pip-audit: skipped: the vulnerability database could not be reached "
            f"(none of {len(dependencies)} packages could be looked up)"
        )
        return 0
    vulnerable = [item for item in audited if item.get("vulns")]
    for item in vulnerable:
        for vuln in item["vulns"]:
            fixed = ", ".join(vuln.get("fix_versions", [])) or "no fix yet"
            print(f"{item['name']} {item['version']}: {vuln['id']} (fixed in {fixed})")
    print(
        f"pip-audit: {len(audited)} packages audited, {len(vulnerable)} with known "
        f"vulnerabilities; {len(dependencies) - len(audited)} could not be looked up"
    )
    return 1 if vulnerable else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
