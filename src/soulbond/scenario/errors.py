"""The one error a malformed scenario raises: it names the file, the line and the problem."""

from __future__ import annotations


class ScenarioError(Exception):
    def __init__(self, file: str, line: int | None, problem: str) -> None:
        where = f"{file}, line {line}" if line else file
        super().__init__(f"{where}: {problem}")
        self.file = file
        self.line = line
        self.problem = problem
