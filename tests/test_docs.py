"""The documentation stays true: the README is a quick start, and what docs/ copies from the code
(commands' help, config keys, rules, error messages) is what the code says now."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("generate", ROOT / "docs" / "generate.py")
assert _spec is not None and _spec.loader is not None
generate = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(generate)


def test_every_generated_part_of_the_docs_is_current() -> None:
    pages = sorted((ROOT / "docs").glob("*.md"))
    stale = [p.name for p in pages if generate.refreshed(p.read_text("utf-8")) != p.read_text("utf-8")]
    assert not stale, f"stale: {stale}; run .venv/bin/python docs/generate.py"
    assert all(
        any(f"<!-- generated: {name} -->" in p.read_text("utf-8") for p in pages) for name in generate.PARTS
    )


def test_a_stale_page_is_caught() -> None:
    page = (ROOT / "docs" / "commands.md").read_text(encoding="utf-8")
    assert generate.refreshed(page.replace("--format", "--formats")) == page


def test_every_command_and_option_is_in_the_commands_page() -> None:
    from typer.main import get_command

    from audiobook.cli import app

    page = (ROOT / "docs" / "commands.md").read_text(encoding="utf-8")
    for name, command in get_command(app).commands.items():  # type: ignore[attr-defined]
        assert f"## `audiobook {name}`" in page
        for param in command.params:
            assert all(opt in page for opt in param.opts if opt.startswith("-")), (name, param.opts)


def test_every_config_table_is_documented() -> None:
    from audiobook import config

    documented = set(generate.CONFIG_TABLES) | set(generate.OTHER_TABLES)
    assert documented == set(config._TABLES)
    page = (ROOT / "docs" / "configuration.md").read_text(encoding="utf-8")
    assert all(f"`[{table}]`" in page for table in documented)
    assert all(f"`{key}`" in page for key in ("aliases", "gender", "narrator", "keep_notes"))


def test_the_readme_is_a_quick_start_whose_links_lead_somewhere() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert len(readme.splitlines()) <= 150
    assert "make demo" in readme and "make test" in readme
    for page in (ROOT / "docs").glob("*.md"):
        text = page.read_text(encoding="utf-8")
        for target in re.findall(r"\]\(([^)#:]+\.md)(?:#[^)]*)?\)", text):
            assert (page.parent / target).is_file(), (page.name, target)
    for target in re.findall(r"\]\((docs/[^)#]+)\)", readme):
        assert (ROOT / target).is_file(), target
