"""YAML read as plain strings with line numbers, so every complaint can say where.

Scalars stay text: the scenario parser decides what is a date, a number or a
yes/no, which lets it say exactly what was wrong instead of YAML guessing.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import yaml

from soulbond.scenario.errors import ScenarioError


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


# libyaml reads long stories many times faster, with the same line marks; pure Python is the fallback.
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_nodes(text: str, file: str) -> Node:
    try:
        root = yaml.compose(text, Loader=LOADER)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise ScenarioError(file, line, f"this is not valid YAML: {exc.problem}") from None
    except yaml.YAMLError as exc:
        raise ScenarioError(file, None, f"this is not valid YAML: {exc}") from None
    if root is None:
        raise ScenarioError(file, 1, "the file is empty; a scenario needs at least 'people' and 'timeline'")
    return _convert(root, file)


def _convert(node: yaml.Node, file: str) -> Node:
    line = node.start_mark.line + 1
    if isinstance(node, yaml.ScalarNode):
        return Text(str(node.value), line)
    if isinstance(node, yaml.SequenceNode):
        return Sequence(line, [_convert(child, file) for child in node.value])
    if isinstance(node, yaml.MappingNode):
        mapping = Mapping(line)
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise ScenarioError(file, key_node.start_mark.line + 1, "a key must be a plain word")
            key = str(key_node.value)
            if key in mapping.entries:
                raise ScenarioError(file, key_node.start_mark.line + 1, f"'{key}' is given twice")
            mapping.entries[key] = _convert(value_node, file)
            mapping.key_lines[key] = key_node.start_mark.line + 1
        return mapping
    raise ScenarioError(file, line, "YAML aliases and tags are not supported here")  # pragma: no cover
