"""axe-core, run in the page under test: the engine comes with the axe-playwright-python package."""

from __future__ import annotations

from importlib.resources import files
from typing import Any

from playwright.sync_api import Page

ENGINE = files("axe_playwright_python").joinpath("axe.min.js").read_text(encoding="utf-8")
SERIOUS = frozenset({"serious", "critical"})
STANDARDS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


def serious_violations(page: Page) -> list[str]:
    """Each serious or critical violation on the page, as one line: the rule, the help, where."""
    page.add_script_tag(content=ENGINE)
    found: dict[str, Any] = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        STANDARDS,
    )
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} at "
        + ", ".join(str(node["target"]) for node in violation["nodes"][:5])
        for violation in found["violations"]
        if violation["impact"] in SERIOUS
    ]
