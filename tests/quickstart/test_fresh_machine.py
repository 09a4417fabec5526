"""The README's test command on a machine with only Python and pip: what needs a system
package (the CJK font, msgfmt, Chromium) skips with the reason instead of failing, unless
CI=true (issue 16.1)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests import pdfgen

ROOT = Path(__file__).resolve().parents[2]


def test_it_skips_with_the_reason_when_the_cjk_font_is_missing(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="fonts-wqy-microhei"):
        pdfgen.require_cjk_font("/nonexistent/wqy-microhei.ttc")


def test_under_ci_a_missing_font_fails(monkeypatch):
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI=true but the CJK font"):
        pdfgen.require_cjk_font("/nonexistent/wqy-microhei.ttc")


def test_the_pdf_and_catalogue_tests_pass_or_skip_without_system_packages(tmp_path):
    """The Chinese PDF tests (CJK font) and the catalogue test (msgfmt) in a child pytest, with
    neither the font nor msgfmt: nothing fails, and the skips say why."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("CI", "ARCHIVE_REQUIRE_BROWSER", "PYTEST_ADDOPTS")
    }
    env["ARCHIVE_CJK_FONT"] = str(tmp_path / "no-font.ttc")
    env["PATH"] = str(Path(sys.executable).parent)  # the venv only: no msgfmt
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "-rs",
            "tests/test_pdf.py::GeneratedPdfTests",
            "tests/test_translations.py",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-3000:]
    assert "failed" not in result.stdout
    assert "fonts-wqy-microhei" in result.stdout
    assert "msgfmt is missing" in result.stdout
