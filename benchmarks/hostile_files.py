"""How fast hostile scenario files are refused, against reading an honest story in the same run.

Before the limits, the 577-byte alias bomb grew `soulbond check` past 3 GB and
never answered, and 500 levels of nesting ended in a RecursionError. Each file
here must be refused with a ScenarioError naming its line; the figure is the
CPU time to that refusal (best of a few), and its ratio to reading (parsing,
not replaying) the shipped lost-things story, the baseline measured alongside.

    .venv/bin/python benchmarks/hostile_files.py --quick

Last line: RESULT refused=... worst_ms=... baseline_ms=... worst_ratio=... peak_rss_mb=...
"""

from __future__ import annotations

import argparse
import gc
import resource
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from soulbond.scenario import ScenarioError, load_scenario, resolve
from soulbond.scenario.bounds import UPLOAD
from soulbond.scenario.parse import parse_scenario


def alias_bomb(levels: int) -> str:
    """Each level's list repeats the one before it nine times: 9**levels strings in a few hundred bytes."""
    lines = ["title: &l0 [" + ", ".join(["lol"] * 9) + "]"]
    for level in range(1, levels):
        lines.append(f"k{level}: &l{level} [" + ", ".join([f"*l{level - 1}"] * 9) + "]")
    lines.append(f"people: [{', '.join([f'*l{levels - 1}'] * 9)}]")
    return "\n".join(lines) + "\ntimeline: []\n"


def deep_flow(depth: int) -> str:
    return "people: " + "[" * depth + "]" * depth + "\n"


def deep_block(depth: int) -> str:
    return "people:\n" + "".join("  " * (n + 1) + "a:\n" for n in range(depth)) + "  " * (depth + 1) + "x\n"


def best_cpu(run: Callable[[], object], repeats: int) -> float:
    best = float("inf")
    for _ in range(repeats):
        gc.collect()
        started = time.process_time()
        run()
        best = min(best, time.process_time() - started)
    return best


def refusal(text: str) -> Callable[[], object]:
    def run() -> object:
        try:
            parse_scenario(text, "hostile.yaml", bounds=UPLOAD)
        except ScenarioError as exc:
            assert exc.line is not None or "larger than" in exc.problem, exc
            return exc
        raise AssertionError("a hostile file was read")

    return run


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="fewer repeats and shallower files (seconds)")
    args = parser.parse_args()
    repeats = 3 if args.quick else 7
    deepest = 100_000 if args.quick else 1_000_000

    path, name = resolve("lost-things")
    honest = path.read_text(encoding="utf-8")
    baseline = best_cpu(lambda: parse_scenario(honest, name), repeats)
    print(f"baseline: reading lost-things ({len(honest):,} bytes) {baseline * 1000:.2f} ms", flush=True)

    cases = {
        "alias bomb, 9 levels (9^9 strings)": alias_bomb(9),
        "alias bomb, 30 levels (9^30 strings)": alias_bomb(30),
        "nesting 500 deep, flow": deep_flow(500),
        "nesting 500 deep, block": deep_block(500),
        f"nesting {deepest:,} deep, flow": deep_flow(deepest),
        "2 MiB of text (upload limit 1 MiB)": "title: x\n" + "#" * (2 * 1024 * 1024),
    }
    times: dict[str, float] = {}
    for label, text in cases.items():
        times[label] = best_cpu(refusal(text), repeats)
        print(f"{label:<40} {len(text):>10,} bytes  refused in {times[label] * 1000:8.2f} ms", flush=True)

    with tempfile.TemporaryDirectory() as folder:
        huge = Path(folder) / "huge.yaml"
        with huge.open("wb") as out:
            out.truncate(10 * 1024**3)  # sparse: ten gigabytes that take no disk

        def read_huge() -> None:
            try:
                load_scenario(huge)
            except ScenarioError as exc:
                assert "larger than" in exc.problem
                return
            raise AssertionError("a ten-gigabyte file was read")

        label = "a 10 GiB file (limit 64 MiB)"
        times[label] = best_cpu(read_huge, repeats)
        print(f"{label:<40} {10 * 1024**3:>10,} bytes  refused in {times[label] * 1000:8.2f} ms", flush=True)

    worst = max(times.values())
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"RESULT refused={len(times)} worst_ms={worst * 1000:.1f} baseline_ms={baseline * 1000:.1f} "
        f"worst_ratio={worst / baseline:.2f} peak_rss_mb={peak_mb:.0f}"
    )


if __name__ == "__main__":
    main()
