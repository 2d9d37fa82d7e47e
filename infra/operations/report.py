"""The verify table (rich) and its JSON form."""

from __future__ import annotations

import json
from typing import TextIO

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from .verify import Check, as_json


def print_table(checks: list[Check], title: str, out: TextIO) -> None:
    table = Table(title=title, show_lines=False)
    for column in ("check", "expected", "seen", "pass"):
        table.add_column(column, overflow="fold")
    for check in checks:
        mark = "[green]pass[/green]" if check.passed else "[bold red]FAIL[/bold red]"
        table.add_row(escape(check.name), escape(check.expected), escape(check.seen), mark)
    console = Console(file=out, width=160)
    console.print(table)
    failed = sum(not c.passed for c in checks)
    console.print(f"{len(checks) - failed} passed, {failed} failed", markup=False)


def print_json(checks: list[Check], out: TextIO) -> None:
    json.dump(as_json(checks), out, indent=2)
    out.write("\n")
