"""The layering contract between apps (pyproject.toml, checked by `make test`) holds,
and a wrong-way import breaks it."""

import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"][
    "root_packages"
]
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def lint_imports(folder):
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=folder,
        capture_output=True,
        text=True,
        check=False,
        env={"PYTHONPATH": str(folder), "PATH": "/usr/bin:/bin"},
    )


@pytest.fixture
def project_copy(tmp_path):
    for package in PACKAGES:
        shutil.copytree(
            ROOT / package, tmp_path / package, ignore=shutil.ignore_patterns("__pycache__")
        )
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def test_the_project_keeps_its_layering_contract(project_copy):
    result = lint_imports(project_copy)
    assert result.returncode == 0, result.stdout
    assert "2 kept, 0 broken" in result.stdout


@pytest.mark.parametrize(
    ("module", "wrong_import"),
    [
        ("review/registry.py", "from dossiers.models import Dossier"),
        ("cities/models.py", "from dossiers import models"),
        ("core/pagination.py", "import review.models"),
        ("sources/views.py", "from config import urls"),
    ],
)
def test_a_wrong_way_import_breaks_the_contract(project_copy, module, wrong_import):
    path = project_copy / module
    path.write_text(path.read_text() + f"\n\ndef _planted():\n    {wrong_import}\n")
    result = lint_imports(project_copy)
    assert result.returncode != 0
    assert "BROKEN" in result.stdout
