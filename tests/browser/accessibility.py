"""axe-core in the browser tests: the npm package pinned in tests/browser/axe/
(installed by `make test`), run inside the page as a reader's browser renders it."""

import json
from pathlib import Path

AXE = Path(__file__).resolve().parent / "axe" / "node_modules" / "axe-core" / "axe.min.js"
# The WCAG 2.1 A and AA rules, and axe's best practices (heading order, unique
# landmarks…).
RULE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


def axe_violations(page):
    """Every violation axe-core finds on the page, as readable strings."""
    if not AXE.exists():
        raise AssertionError(f"{AXE} is missing: `make test` installs it with npm.")
    # Evaluated through the browser's debugging protocol, which the page's Content
    # Security Policy does not apply to (an injected <script> would be refused).
    page.evaluate(AXE.read_text())
    options = json.dumps({"runOnly": {"type": "tag", "values": RULE_TAGS}})
    result = page.evaluate(f"axe.run(document, {options})")
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} — "
        + "; ".join(" ".join(node["target"]) for node in violation["nodes"][:5])
        for violation in result["violations"]
    ]
