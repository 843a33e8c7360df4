"""Sweep the public XSS payload lists in ../shared/xss/ through the rendering pipeline.

The lists live beside the project (in CI and on the maintainers' machines), never
inside it; without them this module is skipped with a reason.
"""

from pathlib import Path

import pytest

from dossiers.rendering import RenderError, render_markdown
from tests.html_checks import problems

XSS_DIR = Path(__file__).resolve().parents[2] / "shared" / "xss"
EVENT_NAME_LISTS = {"0xcela_event_handlers.txt", "port_swigger_xss_cheatsheet_event_handlers.txt"}

pytestmark = pytest.mark.skipif(
    not XSS_DIR.is_dir(), reason=f"the XSS payload lists are not at {XSS_DIR}"
)


def payloads(path):
    text = path.read_bytes().decode("utf-8", errors="replace").replace("\r\n", "\n")
    if path.suffix == ".svg":
        return [text]
    if path.name == "MarioXSSVectors.txt":
        return ["<div id=" + block for block in text.split("<div id=") if block.strip()]
    lines = [line for line in text.split("\n") if line.strip()]
    if path.name in EVENT_NAME_LISTS:
        return [
            variant
            for name in lines
            for variant in (
                f"<x {name.strip()}=alert(1)>x</x>",
                f'<a href="#" {name.strip()}="alert(1)">x</a>',
                f"<img src=x {name.strip()}=alert(1)>",
            )
        ]
    return lines


def payload_files():
    if not XSS_DIR.is_dir():
        return []
    return sorted(
        p
        for p in XSS_DIR.rglob("*")
        if p.suffix in (".txt", ".svg") and p.is_file() and not p.name.startswith("LICENSE")
    )


@pytest.mark.parametrize("path", payload_files(), ids=lambda p: p.name)
def test_every_payload_renders_inert(path):
    failures = []
    cases = payloads(path)
    assert cases, f"no payload read from {path}"
    for payload in cases:
        try:
            html = render_markdown(payload).html
        except RenderError:
            continue  # refused outright: nothing reaches a page
        found = problems(html)
        if found:
            failures.append((payload[:200], found))
    assert failures == []
