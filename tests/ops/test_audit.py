"""CI's pip-audit step: a known vulnerability fails the run; an unreachable
vulnerability database is reported as skipped, never as clean."""

import importlib.util
import json

from django.conf import settings

spec = importlib.util.spec_from_file_location(
    "audit_requirements", settings.BASE_DIR / "scripts" / "audit_requirements.py"
)
audit = importlib.util.module_from_spec(spec)
spec.loader.exec_module(audit)


def fake_pip_audit(tmp_path, report):
    script = tmp_path / "pip-audit"
    script.write_text(f"#!/bin/sh\ncat <<'JSON'\n{json.dumps(report)}\nJSON\n")
    script.chmod(0o755)
    return str(script)


def test_a_known_vulnerability_fails_ci(tmp_path, capsys):
    report = {
        "dependencies": [
            {
                "name": "django",
                "version": "5.2.0",
                "vulns": [{"id": "PYSEC-1", "fix_versions": ["5.2.1"]}],
            },
            {"name": "wagtail", "version": "8.0.1", "vulns": []},
        ]
    }

    assert audit.main(fake_pip_audit(tmp_path, report)) == 1
    assert "django 5.2.0: PYSEC-1 (fixed in 5.2.1)" in capsys.readouterr().out


def test_clean_packages_pass(tmp_path, capsys):
    report = {"dependencies": [{"name": "wagtail", "version": "8.0.1", "vulns": []}]}

    assert audit.main(fake_pip_audit(tmp_path, report)) == 0
    assert "1 packages audited, 0 with known vulnerabilities" in capsys.readouterr().out


def test_an_unreachable_database_is_reported_as_skipped(tmp_path, capsys):
    report = {
        "dependencies": [
            {"name": "wagtail", "version": "8.0.1", "skip_reason": "not found on PyPI"}
        ]
    }

    assert audit.main(fake_pip_audit(tmp_path, report)) == 0
    assert "skipped: the vulnerability database could not be reached" in (
        capsys.readouterr().out
    )
