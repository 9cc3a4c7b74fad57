"""The built wheel carries every data file and template, and runs from any directory."""

from __future__ import annotations

import json
import os
import shutil
import site
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest
from conftest import REFERENCE, ROOT


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    src = tmp_path_factory.mktemp("src") / "provlens"
    # build from a clean copy so nothing of a local build or venv leaks in
    shutil.copytree(ROOT, src, ignore=shutil.ignore_patterns(".venv*", ".git", "build", "dist", "*.egg-info",
                                                           "__pycache__", "artifacts", ".pytest_cache"))
    r = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
                        "-w", str(out), str(src)], capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    wheel, = out.glob("provlens-*.whl")
    return wheel


def test_wheel_carries_data_and_templates(wheel):
    """Registry, credit patterns, lexicons, categories and templates are inside the wheel."""
    names = set(zipfile.ZipFile(wheel).namelist())
    for required in ("provlens/data/registry.toml", "provlens/data/credits.toml", "provlens/data/dates.toml",
                     "provlens/data/categories.toml"):
        assert required in names
    assert any(n.startswith("provlens/data/lexicons/") and n.endswith(".toml") for n in names)
    sources = {f"provlens/{p.relative_to(ROOT / 'src' / 'provlens').as_posix()}"
               for p in (ROOT / "src" / "provlens").rglob("*") if p.suffix in (".py", ".toml")}
    assert sources <= names, f"missing from the wheel: {sorted(sources - names)}"
    repo_templates = {p.name for p in (ROOT / "templates").iterdir() if p.suffix in (".html", ".css", ".svg")}
    assert {f"provlens/templates/{n}" for n in repo_templates} <= names


def test_wheel_runs_from_another_directory(wheel, tmp_path):
    """Installed into a fresh virtual environment, `provlens annotate` works from an unrelated folder."""
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    vpy = venv / "bin" / "python"
    # dependencies come from this environment's site-packages (no network); provlens only from the wheel
    vsite = Path(subprocess.check_output([str(vpy), "-c", "import sysconfig;print(sysconfig.get_paths()['purelib'])"],
                                         text=True).strip())
    r = subprocess.run([str(vpy), "-m", "pip", "install", "--no-deps", "--no-index", "-q", str(wheel)],
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    # only then make this environment's dependencies visible (after the venv's own site-packages)
    deps = sorted(p for p in {sysconfig.get_paths()["purelib"], *site.getsitepackages()} if Path(p).is_dir())
    (vsite / "zz_deps.pth").write_text("\n".join(deps) + "\n")
    work = tmp_path / "elsewhere"
    work.mkdir()
    shutil.copy(REFERENCE, work / "article.txt")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH",)}
    r = subprocess.run([str(venv / "bin" / "provlens"), "annotate", "--credits-only", "article.txt"],
                       capture_output=True, text=True, cwd=work, env=env, timeout=120)
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert data["provenance"]["source_outlets"][0]["name"] == "Alba Ciudad"
    where = subprocess.check_output([str(vpy), "-c", "import provlens;print(provlens.__file__)"], text=True, cwd=work)
    assert str(vsite) in where, where
    r = subprocess.run([str(venv / "bin" / "provlens"), "report", "article.txt", "-o", "report.html"],
                       capture_output=True, text=True, cwd=work, env=env, timeout=300)
    assert r.returncode == 0, r.stderr
    page = (work / "report.html").read_text(encoding="utf-8")
    assert "Alba Ciudad" in page and "Content-Security-Policy" in page and "Zurimar Campos" in page
