"""Write the parts of docs/ that come from the code, between `<!-- generated: NAME -->` and
`<!-- end generated -->` markers: the commands' help, the config keys, the attribution rules with
their measured accuracy, and every `Error:` message the code can raise.

Run: .venv/bin/python docs/generate.py          (rewrite the pages)
     .venv/bin/python docs/generate.py --check  (exit 1, naming the pages, if any is stale)
"""

from __future__ import annotations

import ast
import os
import re
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
PACKAGE = ROOT / "audiobook"
_REGION = re.compile(r"(<!-- generated: (?P<name>[\w-]+) -->\n)(?P<body>.*?)(<!-- end generated -->)", re.S)


def commands() -> str:
    """`audiobook --help` and every command's `--help`, as the command prints them."""
    from typer.main import get_command
    from typer.testing import CliRunner

    from audiobook.cli import app

    names = sorted(get_command(app).commands)  # type: ignore[attr-defined]
    out = []
    for args in ([], *([name] for name in names)):
        result = CliRunner().invoke(
            app, [*args, "--help"], prog_name="audiobook", env={"COLUMNS": "100", "NO_COLOR": "1"}
        )
        title = " ".join(["audiobook", *args])
        out += [f"## `{title}`", "", "```text", result.output.rstrip(), "```", ""]
    return "\n".join(out)


def _fields(path: Path, *classes: str) -> dict[str, list[tuple[str, str, str]]]:
    """class -> [(field, default, its docstring)] of dataclasses in a module, read from its source."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: dict[str, list[tuple[str, str, str]]] = {}
    for node in tree.body:
        if isinstance(node, ast.ClassDef) and node.name in classes:
            rows = []
            body = node.body
            for k, item in enumerate(body):
                if isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name):
                    default = ast.unparse(item.value) if item.value is not None else ""
                    doc = ""
                    if k + 1 < len(body) and isinstance(body[k + 1], ast.Expr):
                        value = body[k + 1].value  # type: ignore[attr-defined]
                        if isinstance(value, ast.Constant) and isinstance(value.value, str):
                            doc = " ".join(value.value.split())
                    rows.append((item.target.id, default, doc))
            found[node.name] = rows
    return found


CONFIG_TABLES = {
    "book": ("config.py", "Book"),
    "thoughts": ("config.py", "Thoughts"),
    "first_person": ("config.py", "FirstPerson"),
    "pauses": ("audio/stitch.py", "Pauses"),
}
"""Config tables whose keys are a dataclass's fields."""
OTHER_TABLES = {
    "characters": '`[characters."Name"]`: `aliases` (a list of other names), `gender` (`male` or '
    "`female`), `narrator` (`true`: the `I` of a first-person story)",
    "cast": '`Name = "profile"`, or `Name = { profile = "profile", pitch = 60, ... }` with any voice '
    "profile field below overridden for that speaker; `narrator` is the narrator's voice",
    "lexicon": '`"Written" = "how to say it"`: applied to what is spoken only',
    "text": "`keep_notes` (`true`: read author's notes and disclaimers aloud; default `false`)",
}
"""Config tables of another shape, described here."""


def config_keys() -> str:
    """Every config table and key, with its default and what it does, from the code."""
    out = ["| table | key | default | what it does |", "|---|---|---|---|"]
    for table, (module, cls) in CONFIG_TABLES.items():
        for name, default, doc in _fields(PACKAGE / module, cls)[cls]:
            out.append(f"| `[{table}]` | `{name}` | `{default or '-'}` | {doc} |")
    for table, text in OTHER_TABLES.items():
        out.append(f"| `[{table}]` | | | {text} |")
    out += ["", "Voice profile fields (a `voices/NAME.toml` file, or overrides in a `[cast]` entry):", ""]
    out += ["| field | default | what it does |", "|---|---|---|"]
    for name, default, doc in _fields(PACKAGE / "casting" / "voices.py", "VoiceProfile")["VoiceProfile"]:
        if name != "name":
            out.append(f"| `{name}` | `{default or '-'}` | {doc} |")
    return "\n".join(out) + "\n"


def rules() -> str:
    """Every attribution rule with the lines it decided and its accuracy on PDNC half A."""
    from audiobook.analysis.attribution.rule_confidence import MEASURED

    out = ["| rule | lines decided | right | accuracy |", "|---|---|---|---|"]
    ranked = sorted(((k, v) for k, v in MEASURED.items() if "@" not in k), key=lambda kv: -kv[1][0])
    for rule, (n, right) in ranked:
        out.append(f"| `{rule}` | {n} | {right} | {100 * right / n:.0f}% |")
    return "\n".join(out) + "\n"


def errors() -> str:
    """Every error message the package raises, where, with `…` for the parts filled in."""
    out = ["| where | message |", "|---|---|"]
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call) and node.exc.args):
                continue
            func = node.exc.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
            if not name.endswith("Error") or name in ("TypeError", "ValueError", "RuntimeError"):
                continue
            text = _template(node.exc.args[0])
            if text:
                where = path.relative_to(PACKAGE.parent).as_posix()
                cell = text.replace("|", "\\|")
                out.append(f"| `{where}` | {cell} |")
    return "\n".join(out) + "\n"


def _template(arg: ast.expr) -> str:
    """A message's text with `…` for every value filled in; empty when it is not a literal."""
    if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
        return arg.value
    if isinstance(arg, ast.JoinedStr):
        return "".join(v.value if isinstance(v, ast.Constant) else "…" for v in arg.values)  # type: ignore[misc]
    if isinstance(arg, ast.BinOp):
        return _template(arg.left) + _template(arg.right)
    return ""


PARTS: dict[str, Callable[[], str]] = {
    "commands": commands,
    "config-keys": config_keys,
    "rules": rules,
    "errors": errors,
}


def refreshed(text: str) -> str:
    """A page's text with every generated region written anew."""

    def fill(match: re.Match[str]) -> str:
        return match.group(1) + PARTS[match.group("name")]() + match.group(4)

    return _REGION.sub(fill, text)


def main() -> int:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("COLUMNS", "100")
    stale = []
    for page in sorted(DOCS.glob("*.md")):
        text = page.read_text(encoding="utf-8")
        new = refreshed(text)
        if new != text:
            stale.append(page.name)
            if "--check" not in sys.argv:
                page.write_text(new, encoding="utf-8")
    if stale and "--check" in sys.argv:
        print(f"stale: {', '.join(stale)}; run .venv/bin/python docs/generate.py", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
