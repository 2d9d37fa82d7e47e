"""The environment at a glance (its URLs and ids, declared and deployed) and its update history."""

from __future__ import annotations

from datetime import datetime, timedelta

from infra.plan.model import SECRET_MASK, is_secret
from infra.plan.stack_files import available_stacks

from ..live import NOT_DEPLOYED, LiveState, Update
from ..markdown import code, table
from ..sources import Declared

HISTORY_ROWS = 10
_RESULT_MARK = {"succeeded": "✅ succeeded", "failed": "❌ failed", "in-progress": "⏳ in progress"}


def render_environment(declared: Declared, live: LiveState) -> list[str]:
    others = [f"[{stack}]({stack}.md)" for stack in available_stacks() if stack != declared.stack]
    lines = ["## Environment", "", f"- **Stack**: {code(declared.stack)}" + (f" (other stacks: {', '.join(others)})" if others else "")]
    lines.append(f"- **Last deployment**: {_describe(live.last_deployment)}")
    last, success = live.last_deployment, live.last_success
    if last is not None and last is not success:
        lines.append(f"- **Last successful deployment**: {_describe(success)}")
    lines += ["", "Stack outputs (`pulumi stack output`): URLs and ids as the program declares them and as last deployed.", ""]
    lines += table(["Output", "Declared", "Deployed"], _output_rows(declared, live))
    return lines


def render_history(declared: Declared, live: LiveState) -> list[str]:
    lines = ["## Deployment history", ""]
    if not live.history:
        source = "no update history supplied" if live.history is None else "Pulumi has recorded no update"
        return lines + [f"{NOT_DEPLOYED.capitalize()} ({source}: `pulumi stack history --json --stack {declared.stack}`)."]
    rows = [
        (
            update.version,
            update.kind,
            _RESULT_MARK.get(update.result, update.result),
            _when(update.started),
            _duration(update),
            _changes(update),
            update.commit and code(update.commit[:12]),
            declared.redactor.shown(update.message),
        )
        for update in live.history[:HISTORY_ROWS]
    ]
    return lines + table(["Version", "Kind", "Result", "Started", "Took", "Changes", "Commit", "Message"], rows)


def _output_rows(declared: Declared, live: LiveState) -> list[tuple]:
    planned = declared.plan.outputs
    deployed = live.outputs or {}
    rows = []
    for name in sorted(planned):
        declared_value = declared.redactor.shown(planned[name])
        if name not in deployed:
            live_value = NOT_DEPLOYED
        else:
            live_value = SECRET_MASK if is_secret(planned[name]) else declared.redactor.shown(deployed[name])
        rows.append((code(name), declared_value, live_value))
    # Deployed but no longer declared: gone at the next `pulumi up`; its value is not shown,
    # since nothing says whether it was a secret.
    rows += [(code(name), "no longer declared", "deployed (value not shown)") for name in sorted(set(deployed) - set(planned))]
    return rows


def _describe(update: Update | None) -> str:
    if update is None:
        return NOT_DEPLOYED
    facts = [
        f"update {update.version}" if update.version is not None else None,
        _duration(update),
        update.commit and f"commit {code(update.commit[:12])}",
    ]
    details = ", ".join(fact for fact in facts if fact)
    return f"{_when(update.started)}, {_RESULT_MARK.get(update.result, update.result)}" + (f" ({details})" if details else "")


def _when(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M UTC")


def _duration(update: Update) -> str:
    if update.ended is None:
        return ""
    seconds = int((update.ended - update.started) / timedelta(seconds=1))
    return f"{seconds // 60}m {seconds % 60:02d}s"


def _changes(update: Update) -> str:
    return ", ".join(f"{count} {kind}" for kind, count in sorted(update.resource_changes.items()) if count)
