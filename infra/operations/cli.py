"""`python -m infra.operations verify|rollback STACK ...`: what `make verify` and `make rollback` run."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from infra.config import ConfigError

from .connect import ConnectTo, ConnectToError, trust_context
from .expectations import expectations_of, load_config
from .report import print_json, print_table
from .verify import Check, Probe, verify, verify_until_passing

# Exit codes: 0 all checks pass, 1 a check failed (or a rollback did not restore a passing
# stack), 2 the command could not run (bad arguments, config, credentials, API refusal).
PASSED, FAILED, UNUSABLE = 0, 1, 2


def _probe_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--connect-to",
        action="append",
        default=[],
        metavar="HOST:PORT:ADDRESS:PORT",
        help="connect to ADDRESS:PORT for HOST:PORT, keeping HOST for TLS and Host (as curl --connect-to); repeatable",
    )
    parser.add_argument("--ca-bundle", metavar="FILE", help="trust these CA certificates instead of the public roots")
    parser.add_argument("--timeout", type=float, default=10.0, metavar="SECONDS", help="per request (default 10)")


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m infra.operations", description="Verify a deployed stack, or roll a service back.")
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("verify", help="check the live stack against what its config declares")
    check.add_argument("stack", metavar="STACK")
    check.add_argument("--json", action="store_true", help="print the checks as JSON instead of a table")
    check.add_argument("--retry-for", type=float, default=0.0, metavar="SECONDS", help="while a check fails, retry for up to this long")
    _probe_options(check)
    back = commands.add_parser("rollback", help="roll a service back to its previous (or a given) deployment, then verify")
    back.add_argument("stack", metavar="STACK")
    back.add_argument("--service", choices=("frontend", "backend"), action="append", help="repeatable; or --changed-by")
    back.add_argument("--changed-by", metavar="PREVIEW_JSON", help="roll back the services a `pulumi preview --json` changes")
    back.add_argument("--to", metavar="DEPLOYMENT", help="the deployment id to go back to (default: the previous one)")
    back.add_argument("--yes", action="store_true", help="do not ask before rolling back")
    back.add_argument("--vercel-api", default=None, metavar="URL", help="Vercel's REST API (default https://api.vercel.com)")
    back.add_argument("--railway-api", default=None, metavar="URL", help="Railway's GraphQL endpoint (default: the package's)")
    back.add_argument("--poll-interval", type=float, default=2.0, metavar="SECONDS")
    _probe_options(back)
    return parser.parse_args(argv)


def probe_from(args: argparse.Namespace) -> Probe:
    return Probe(ConnectTo.parse(args.connect_to), trust_context(args.ca_bundle), args.timeout)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    try:
        config = load_config(args.stack)
        probe = probe_from(args)
    except (ConfigError, ConnectToError, OSError) as error:
        print(f"error: {error}", file=sys.stderr)
        return UNUSABLE
    if args.command == "verify":
        run: Callable[[], list[Check]] = lambda: verify_until_passing(expectations_of(config), probe, args.retry_for)  # noqa: E731
        return report(run(), f"verify {args.stack}", args.json)
    from .rollback import run_rollback

    return run_rollback(args, config, probe)


def report(checks: list[Check], title: str, as_json: bool) -> int:
    if as_json:
        print_json(checks, sys.stdout)
    else:
        print_table(checks, title, sys.stdout)
    return PASSED if all(check.passed for check in checks) else FAILED


__all__ = ["main", "verify"]
