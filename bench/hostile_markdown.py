"""Hostile Markdown: what rendering each pathological body at the limit costs, before and after.

    .venv/bin/python bench/hostile_markdown.py [--only NAME,NAME] [--old-timeout 10] [--no-old]

Each body is built at the body limit (``MAX_BODY_CHARS``, 50,000 characters) and rendered by

- **before**: the renderer as it was (Python-Markdown with the tables, sane_lists and toc
  extensions, then nh3), in a child process of its own, killed after ``--old-timeout`` seconds
  ("> 10 s"); "n/a" when the Markdown package is not installed (it is in the ``bench`` extra);
- **after**: ``cdd_click.text.render_markdown`` as the site calls it, in this process: best of
  three runs, CPU time (``time.process_time``), with the wall clock beside it. The target is
  judged on CPU time: on a shared machine the wall clock also counts the time other processes
  held the cores (a worker rendering alone takes its CPU time).

Most bodies are over the budget (``markdown_problem``) and now show as escaped plain text, so the
figure that matters is the second one: the longest prefix of the same body that is still within
budget, which markdown-it really parses. Target: no render over 200 ms, at the limit or within
budget. Prints "met" or "NOT MET" (exit 1). ``markdown_family()`` returns the rows for
bench/hostile.py.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cdd_click.content.fields import MAX_BODY_CHARS  # noqa: E402
from cdd_click.text import markdown_problem, render_markdown  # noqa: E402

TARGET_MS = 200.0
N = MAX_BODY_CHARS


def _fit(unit: str, tail: str = "", head: str = "") -> str:
    """``unit`` repeated up to the body limit, between ``head`` and ``tail``."""
    return head + unit * ((N - len(head) - len(tail)) // len(unit)) + tail


def _backtick_runs() -> str:
    runs, length = [], 1
    while sum(map(len, runs)) + length + 1 <= N:
        runs.append("`" * length + "a")
        length += 1
    return "".join(runs)


def _mixed(seed: int = 7) -> str:
    """Random runs of the costliest inline units and lines, seeded."""
    rng = random.Random(seed)
    units = ["[", "![", "](", "[a](b", "*a", "_a", "<a ", "&#", "\n", "x\n", "`", "()"]
    return "".join(rng.choice(units) for _ in range(N))[:N]


def _content() -> str:
    """Ordinary text: the shipped content's bodies, one after another, up to the limit."""
    bodies = [path.read_text(encoding="utf-8").split("---", 2)[-1]
              for path in sorted((ROOT / "content").rglob("*.md"))]
    return "\n\n".join(bodies)[:N]


BODIES = {
    "brackets": lambda: "[" * (N // 2) + "]" * (N // 2),
    "brackets-40k": lambda: "[" * 20_000 + "]" * 20_000,  # the probe's body
    "lists-2000-deep": lambda: "- " * 2_000 + "x",  # the probe's RecursionError
    "lists-deep": lambda: _fit("- ", "x"),
    "ordered-deep": lambda: _fit("1. ", "x"),
    "quotes-deep": lambda: ">" * N,
    "quote-lazy-lines": lambda: _fit("x\n", head="> " * 6 + "x\n"),
    "emphasis": lambda: _fit("*a"),
    "emphasis-mixed": lambda: _fit("*_"),
    "strong": lambda: _fit("**a"),
    "link-openers": lambda: _fit("[a](b"),
    "link-addresses": lambda: _fit("[a](" + "b" * 60),
    "link-titles": lambda: _fit('[]( "'),
    "images": lambda: _fit("!["),
    "image-links": lambda: _fit("![]("),
    "reference-lines": lambda: _fit("]([\n"),
    "reference-title": lambda: _fit("x\n", head='[a]: b "\n'),
    "reference-label": lambda: _fit("a\n", head="["),
    "backticks": lambda: "`" * N,
    "backtick-runs": _backtick_runs,
    "less-than": lambda: "<" * N,
    "ampersands": lambda: "&" * N,
    "less-amp": lambda: _fit("<&"),
    "cdata": lambda: _fit("a <![CDATA["),
    "comments": lambda: _fit("<!--", "-->"),
    "autolinks": lambda: _fit("<http://"),
    "entities": lambda: _fit("&#"),
    "table-columns": lambda: "|a" * 5_000 + "\n" + "|-" * 5_000 + "\n" + "|\n" * 14_999,
    "table-header": lambda: "|a" * 12_000 + "\n" + "|-" * 12_000 + "\n",
    "table-in-quote": lambda: "> " + "|a" * 3_000 + "\n> " + "|-" * 3_000 + "\n" + "> |\n" * 9_000,
    "headings": lambda: "#" * N,
    "setext": lambda: _fit("a\n=\n"),
    "backslashes": lambda: "\\" * N,
    "hard-breaks": lambda: _fit("a  \n"),
    "fences": lambda: _fit("```\n"),
    "random-mix": _mixed,
    "content": _content,  # ordinary text, for scale
}


def _old_render(source: str) -> None:
    """The renderer as it was before the budget."""
    import markdown
    import nh3

    from cdd_click import text

    html = markdown.Markdown(extensions=["tables", "sane_lists", "toc"],
                             extension_configs={"toc": {"baselevel": 1}},
                             output_format="html").convert(source)
    nh3.clean(html, tags=text._ALLOWED_TAGS, attributes=text._ALLOWED_ATTRIBUTES,
              url_schemes={"http", "https", "mailto", "tel"},
              link_rel="noopener noreferrer nofollow")


def child(name: str) -> None:
    """Render one body with the old renderer; print the answer as one JSON line."""
    try:
        import markdown  # noqa: F401
    except ImportError:
        print(json.dumps({"old": "n/a"}))
        return
    source = BODIES[name]()
    started = time.perf_counter()
    try:
        _old_render(source)
    except RecursionError:
        print(json.dumps({"old": "RecursionError"}))
        return
    print(json.dumps({"old_ms": (time.perf_counter() - started) * 1000}))


def old_in_child(name: str, timeout: float) -> dict:
    """The old renderer's time for ``name``, or why there is none."""
    try:
        done = subprocess.run([sys.executable, __file__, "--child", name], cwd=ROOT,
                              capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"old": f"> {timeout:g} s"}
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    return json.loads(lines[-1]) if lines else {"old": f"crashed ({done.returncode})"}


def timed(source: str) -> tuple[float, float]:
    """render_markdown's best CPU time of three runs, and its wall time then, in ms."""
    best = (float("inf"), float("inf"))
    for _ in range(3):
        cpu, wall = time.process_time(), time.perf_counter()
        render_markdown(source)
        best = min(best, ((time.process_time() - cpu) * 1000, (time.perf_counter() - wall) * 1000))
    return best


def within_budget(source: str) -> str:
    """The longest prefix of ``source`` that markdown_problem accepts."""
    low, high = 0, len(source)
    while low < high:
        middle = (low + high + 1) // 2
        if markdown_problem(source[:middle]) is None:
            low = middle
        else:
            high = middle - 1
    return source[:low]


def markdown_family(names: list[str] | None = None, old_timeout: float | None = 10.0) -> list[dict]:
    """One row per body (``names``: all by default): its length, the old renderer's time (or
    why there is none), whether it is refused now, the new render time at the limit and for the
    longest prefix within budget, and whether both are under the target."""
    rows = []
    for name in names or BODIES:
        source = BODIES[name]()
        problem = markdown_problem(source)
        new_ms, new_wall = timed(source)
        accepted = within_budget(source) if problem else source
        budget_ms, budget_wall = timed(accepted)
        row = {"name": name, "chars": len(source), "refused": problem or "",
               "new_ms": new_ms, "new_wall_ms": new_wall, "budget_chars": len(accepted),
               "budget_ms": budget_ms, "budget_wall_ms": budget_wall,
               "met": max(new_ms, budget_ms) < TARGET_MS}
        row.update(old_in_child(name, old_timeout) if old_timeout else {"old": "not run"})
        rows.append(row)
    return rows


def _old_cell(row: dict) -> str:
    return f"{row['old_ms']:,.0f} ms" if "old_ms" in row else row["old"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", help="comma-separated body names (default: all)")
    parser.add_argument("--old-timeout", type=float, default=10.0)
    parser.add_argument("--no-old", action="store_true", help="skip the old renderer")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return 0
    names = args.only.split(",") if args.only else None
    rows = markdown_family(names, None if args.no_old else args.old_timeout)
    print(f"{'body':<18} {'chars':>6} {'before':>14} {'after':>8} {'(wall)':>8}  {'now':<8} "
          f"{'within budget':>13} {'after':>8} {'(wall)':>8}")
    for row in rows:
        print(f"{row['name']:<18} {row['chars']:>6,} {_old_cell(row):>14} "
              f"{row['new_ms']:>6.1f}ms {row['new_wall_ms']:>6.1f}ms  "
              f"{'refused' if row['refused'] else 'rendered':<8} {row['budget_chars']:>13,} "
              f"{row['budget_ms']:>6.1f}ms {row['budget_wall_ms']:>6.1f}ms  "
              f"{'ok' if row['met'] else 'OVER'}")
    worst = max(rows, key=lambda row: max(row["new_ms"], row["budget_ms"]))
    met = all(row["met"] for row in rows)
    print(f"worst render: {max(worst['new_ms'], worst['budget_ms']):.1f} ms of CPU "
          f"({worst['name']}); target: none over {TARGET_MS:.0f} ms: "
          f"{'met' if met else 'NOT MET'}")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
