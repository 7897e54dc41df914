"""A scenario's YAML as plain strings with line numbers, so every complaint can say where.

Scalars stay text: the scenario parser decides what is a date, a number or a
yes/no, which lets it say exactly what was wrong instead of YAML guessing. The
tree comes from ``soulbond.yaml_tree``, which refuses files too large, too deep
or with too many aliases before they can hold up whoever reads them.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

from soulbond.scenario.errors import ScenarioError
from soulbond.yaml_tree import MAX_BYTES, Mapping, Node, Sequence, Text, YamlRefused, read_tree

__all__ = ["MAX_BYTES", "Mapping", "Node", "Sequence", "Text", "collector_paused", "read_nodes"]


@contextmanager
def collector_paused() -> Iterator[None]:
    """No cyclic garbage collection while a story is read or replayed.

    Both build up hundreds of thousands of objects that all stay alive, which the
    collector would walk over and over (reading a 10,000-person story took five
    times as long with it); they make no reference cycles worth collecting.
    """
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def read_nodes(text: str, file: str, *, max_bytes: int = MAX_BYTES) -> Node:
    with collector_paused():
        try:
            root = read_tree(text, max_bytes=max_bytes)
        except YamlRefused as exc:
            raise ScenarioError(file, exc.line, exc.problem) from None
    if root is None:
        raise ScenarioError(file, 1, "the file is empty; a scenario needs at least 'people' and 'timeline'")
    return root
