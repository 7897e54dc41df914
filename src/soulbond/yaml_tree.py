"""YAML read into a tree of plain strings with line numbers, safely, whoever wrote the file.

Every YAML file soulbond reads (scenarios, simulator configs) passes through
``read_tree``. A file from a stranger is hostile until read, so the tree is
built from libyaml's event stream by a loop, never by recursion, and three
limits are checked while it is built, each refused with the line it was met:

- size: at most ``MAX_BYTES`` (64 MiB; a 100,000-person story is about half
  that). Callers that take uploads pass a smaller limit.
- depth: at most ``MAX_DEPTH`` (64) collections inside one another. No
  soulbond file needs more than eight; without a limit, a few kilobytes of
  ``[[[[...]]]]`` exhaust the stack of a recursive reader.
- aliases: an alias (``*home``) repeats what its anchor (``&home``) names;
  aliases together may repeat at most ``ALIAS_BUDGET`` (100,000) nodes.
  Anchors stay allowed because writers use them for a home many people
  share, but the "billion laughs" (aliases of aliases, each nine times the
  last) is refused at the first alias past the budget, in milliseconds,
  instead of growing without end.

An aliased node is shared, not copied, so the tree stays as small as the file.
Scalars stay text: the reader of each format decides what is a number or a date.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import yaml

MAX_BYTES = 64 * 1024 * 1024
MAX_DEPTH = 64
ALIAS_BUDGET = 100_000


@dataclass
class Text:
    value: str
    line: int


@dataclass
class Mapping:
    line: int
    entries: dict[str, Node] = field(default_factory=dict)
    key_lines: dict[str, int] = field(default_factory=dict)


@dataclass
class Sequence:
    line: int
    items: list[Node] = field(default_factory=list)


Node = Text | Mapping | Sequence


class YamlRefused(ValueError):
    """The text is not YAML, or is YAML past one of the limits; ``line`` is 1-based when known."""

    def __init__(self, line: int | None, problem: str) -> None:
        super().__init__(f"line {line}: {problem}" if line else problem)
        self.line = line
        self.problem = problem


@dataclass
class _Built:
    """A finished node, with what repeating it through an alias would cost."""

    node: Node
    size: int  # nodes in it, counting what aliases inside it repeat
    height: int  # levels of collections in it (0 for a scalar)


@dataclass
class _Open:
    """A collection whose end has not been read yet."""

    node: Mapping | Sequence
    anchor: str | None
    size: int = 1
    height: int = 1
    key: str | None = None
    key_line: int = 0


def too_large(text: str, max_bytes: int) -> bool:
    # Counting characters first spares encoding a large text only to measure it.
    return len(text) > max_bytes or (len(text) * 4 > max_bytes and len(text.encode("utf-8")) > max_bytes)


def size_problem(max_bytes: int) -> str:
    return f"the file is larger than {max_bytes:,} bytes, the most soulbond reads; split it or trim it"


def read_tree(
    text: str,
    *,
    max_bytes: int = MAX_BYTES,
    max_depth: int = MAX_DEPTH,
    alias_budget: int = ALIAS_BUDGET,
) -> Node | None:
    """The one document in ``text`` as a tree, or None when it holds none."""
    if too_large(text, max_bytes):
        raise YamlRefused(None, size_problem(max_bytes))
    builder = _Builder(max_depth, alias_budget)
    # libyaml's parser when PyYAML has it: the pure-Python one takes minutes on a town-sized story.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)(text)
    try:
        while (event := loader.get_event()) is not None:
            builder.take(event)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise YamlRefused(mark.line + 1 if mark else None, f"this is not valid YAML: {exc.problem}") from None
    except yaml.YAMLError as exc:
        raise YamlRefused(None, f"this is not valid YAML: {exc}") from None
    finally:
        loader.dispose()
    return builder.root.node if builder.root else None


class _Builder:
    def __init__(self, max_depth: int, alias_budget: int) -> None:
        self.max_depth = max_depth
        self.alias_budget = alias_budget
        self.repeated = 0
        self.open: list[_Open] = []
        self.anchors: dict[str, _Built] = {}
        self.root: _Built | None = None
        self.documents = 0

    def take(self, event: yaml.Event) -> None:
        line = event.start_mark.line + 1 if event.start_mark else 1
        if isinstance(event, yaml.DocumentStartEvent):
            self.documents += 1
            if self.documents > 1:
                raise YamlRefused(line, "a second YAML document starts here; the file must hold only one")
        elif isinstance(event, yaml.ScalarEvent):
            self._finish(_Built(Text(str(event.value), line), 1, 0), event.anchor, line)
        elif isinstance(event, yaml.AliasEvent):
            self._finish(self._alias(str(event.anchor), line), None, line)
        elif isinstance(event, yaml.SequenceStartEvent | yaml.MappingStartEvent):
            if len(self.open) >= self.max_depth:
                raise YamlRefused(
                    line, f"nested more than {self.max_depth} levels deep; soulbond reads no deeper"
                )
            node: Mapping | Sequence = (
                Sequence(line) if isinstance(event, yaml.SequenceStartEvent) else Mapping(line)
            )
            self.open.append(_Open(node, event.anchor))
        elif isinstance(event, yaml.SequenceEndEvent | yaml.MappingEndEvent):
            done = self.open.pop()
            self._finish(_Built(done.node, done.size, done.height), done.anchor, line)

    def _alias(self, anchor: str, line: int) -> _Built:
        if any(o.anchor == anchor for o in self.open):
            raise YamlRefused(line, f"the alias *{anchor} points inside its own anchor &{anchor}")
        target = self.anchors.get(anchor)
        if target is None:
            raise YamlRefused(line, f"the alias *{anchor} names no anchor &{anchor} before it")
        self.repeated += target.size
        if self.repeated > self.alias_budget:
            raise YamlRefused(
                line,
                f"aliases repeat more than {self.alias_budget:,} nodes by here (an alias bomb?); "
                "write the repeated parts out, or repeat less",
            )
        if len(self.open) + target.height > self.max_depth:
            raise YamlRefused(
                line,
                f"the alias *{anchor} nests more than {self.max_depth} levels deep; soulbond reads no deeper",
            )
        return target

    def _finish(self, built: _Built, anchor: str | None, line: int) -> None:
        if anchor is not None:
            self.anchors[str(anchor)] = built
        if not self.open:
            self.root = built
            return
        parent = self.open[-1]
        parent.size += built.size
        parent.height = max(parent.height, built.height + 1)
        if isinstance(parent.node, Sequence):
            parent.node.items.append(built.node)
        elif parent.key is None:
            if not isinstance(built.node, Text):
                raise YamlRefused(built.node.line, "a key must be a plain word")
            if built.node.value in parent.node.entries:
                raise YamlRefused(line, f"'{built.node.value}' is given twice")
            parent.key, parent.key_line = built.node.value, line
        else:
            parent.node.entries[parent.key] = built.node
            parent.node.key_lines[parent.key] = parent.key_line
            parent.key = None
