"""The HTML report, rendered by headless Chromium as a reviewer would open it."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from conftest import FIXTURES, SEEDS, run_cli

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (.ci/run installs it)")
def test_html_report_renders_with_its_summary(tmp_path):
    report = tmp_path / "报告.html"
    files = [str(SEEDS / "000_56b036c0542a6238.txt"), str(SEEDS / "004_cfccfa7d233b51e6.txt"),
             str(FIXTURES / "reports" / "洪泽区_2023.txt")]
    run_cli("check", "-f", "html", "-o", str(report), *files)
    profile = tmp_path / "profile"
    shot = tmp_path / "report.png"
    subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={profile}", "--window-size=1280,1600",
                    f"--screenshot={shot}", report.as_uri()], capture_output=True, timeout=120)
    assert shot.is_file() and shot.stat().st_size > 10_000
    dom = subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={profile}", "--dump-dom", report.as_uri()],
                         capture_output=True, timeout=120).stdout.decode()
    for name in ("000_56b036c0542a6238.txt", "004_cfccfa7d233b51e6.txt", "洪泽区_2023.txt"):
        assert name in dom
    assert "张店区工商局" in dom and "洪泽区人民政府" in dom and "gov-2021" in dom
