"""The size of the house at a revision: lines per module, Python and JavaScript,
and the longest functions in each language.

    .venv/bin/python scripts/sizes.py [REV ...]      # default: the work tree

Reads the files from git (``git show REV:path``) so two revisions can be set
side by side without checking either out. A Python function's length is its
lines from ``def`` to its last line (``ast``); a JavaScript function's is from
the line of ``function`` to the line of its closing brace, found by counting
braces outside strings, comments and regular expressions: close enough for
our own scripts, which are plain ES5-style functions.
"""

from __future__ import annotations

import argparse
import ast
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TOP = 5  # longest functions listed per language


def files(rev: str | None) -> dict[str, str]:
    """Path -> text of the package's Python modules and the pages' scripts."""
    wanted = re.compile(r"^timeline/([^/]+\.py|static/[^/]+\.js)$")
    if rev is None:
        paths = [str(p.relative_to(ROOT)) for p in (ROOT / "timeline").rglob("*") if p.is_file()]
        return {p: (ROOT / p).read_text(encoding="utf-8") for p in sorted(paths) if wanted.match(p)}
    listed = subprocess.run(
        ["git", "ls-tree", "-r", "--name-only", rev, "timeline"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    return {
        p: subprocess.run(["git", "show", f"{rev}:{p}"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
        for p in sorted(listed)
        if wanted.match(p)
    }


def python_functions(text: str) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            found.append((node.end_lineno - node.lineno + 1, node.name))
    return found


_FUNCTION = re.compile(r"\bfunction\b\s*([A-Za-z_$][\w$]*)?\s*\(|([A-Za-z_$][\w$.]*)\s*[:=]\s*function\s*\(")


def js_functions(text: str) -> list[tuple[int, str]]:
    """(lines, name) of each function in a script, nested ones too, but not
    the wrapper around a whole file."""
    code = _blank_literals(text)
    found = []
    for match in _FUNCTION.finditer(code):
        name = match.group(1) or match.group(2) or "(anonymous)"
        start = match.start()
        if start and code[start - 1] == "(" and (start == 1 or code[start - 2] == "\n"):
            continue  # a whole file's wrapper, (function () { ... })(): not a function one reads as such
        opening = code.find("{", match.end())
        depth, i = 0, opening
        while i < len(code):
            if code[i] == "{":
                depth += 1
            elif code[i] == "}":
                depth -= 1
                if depth == 0:
                    break
            i += 1
        first = code.count("\n", 0, match.start()) + 1
        last = code.count("\n", 0, i) + 1
        found.append((last - first + 1, name))
    return found


def _blank_literals(text: str) -> str:
    """The script with its strings, comments and regular expressions blanked
    (newlines kept), so their braces are not counted."""
    out = []
    i, n = 0, len(text)
    previous = ""  # the last significant character outside a literal
    while i < n:
        c = text[i]
        if text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
            i = j
            continue
        if text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            out.append(re.sub(r"[^\n]", " ", text[i:j]))
            i = j
            continue
        regex = c == "/" and (previous == "" or previous in "(,=:[!&|?{};+-*%<>~^")
        if c in "'\"`" or regex:
            j = i + 1
            while j < n and text[j] != c:
                j += 2 if text[j] == "\\" else 1
            out.append(c + re.sub(r"[^\n]", " ", text[i + 1 : j]) + c)
            i = j + 1
            previous = c
            continue
        out.append(c)
        if not c.isspace():
            previous = c
        i += 1
    return "".join(out)


def report(rev: str | None) -> None:
    texts = files(rev)
    print(f"## {rev or 'work tree'}\n")
    for language, suffix, measure in (("Python", ".py", python_functions), ("JavaScript", ".js", js_functions)):
        mine = {p: t for p, t in texts.items() if p.endswith(suffix)}
        lines = {p: t.count("\n") for p, t in mine.items()}
        print(f"{language}: {len(mine)} files, {sum(lines.values())} lines; largest files:")
        for path, count in sorted(lines.items(), key=lambda kv: -kv[1])[:TOP]:
            print(f"  {count:5d}  {path}")
        longest = sorted(((n, name, p) for p, t in mine.items() for n, name in measure(t)), reverse=True)[:TOP]
        print(f"{language}: longest functions:")
        for count, name, path in longest:
            print(f"  {count:5d}  {name}  ({path})")
        print()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("revs", nargs="*", help="git revisions (default: the work tree)")
    args = parser.parse_args()
    for rev in args.revs or [None]:
        report(rev)
    sys.stdout.flush()


if __name__ == "__main__":
    main()
