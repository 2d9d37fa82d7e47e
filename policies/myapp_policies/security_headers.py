"""Security response headers, wherever responses get headers (see `header_sources`): HSTS,
nosniff, framing, Content-Security-Policy, Referrer-Policy and the retired XSS auditor.

Each rule reads one header (or two, for framing) from the parsed `HeaderSet`; values that are
unknown until apply are not judged.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from pulumi_policy import ResourceValidationPolicy, Severity

from . import tokens
from .base import ConfigSchema, Resource, Settings, problem, quoted, resource_policy, stack_policy
from .header_sources import HEADER_SOURCE_TYPES, covers_every_path, response_headers
from .http_headers import (
    Csp,
    HeaderSet,
    effective_referrer_policy,
    is_unsafe_eval,
    is_wildcard_or_scheme_only,
    parse_csp,
    parse_hsts,
    parse_source,
)

ONE_YEAR = 31_536_000
HSTS = "Strict-Transport-Security"
CSP = "Content-Security-Policy"
SAFE_REFERRER_POLICIES = ["no-referrer", "same-origin", "strict-origin", "strict-origin-when-cross-origin"]

HeaderCheck = Callable[[Resource, HeaderSet, Settings], Iterable[str]]


def _absent(resource: Resource, headers: HeaderSet, name: str, issue: str, fix: str) -> str:
    return problem(resource, headers.path_for(name), "absent", issue, fix)


def check_hsts(resource: Resource, headers: HeaderSet, settings: Settings) -> Iterable[str]:
    minimum = settings["minMaxAgeSeconds"]
    fix = f'set "{HSTS}: max-age={max(minimum, ONE_YEAR)}; includeSubDomains"'
    header = headers.get(HSTS)
    if header is None:
        yield _absent(resource, headers, HSTS, "browsers may then reach the site over plain HTTP", fix)
        return
    if not isinstance(header.value, str):
        return
    hsts, shown = parse_hsts(header.value), quoted(header.value)
    if hsts.errors:  # a malformed header is ignored whole by browsers (RFC 6797 §6.1)
        yield from (problem(resource, header.path, shown, error, fix) for error in hsts.errors)
        return
    if hsts.max_age is None:
        yield problem(resource, header.path, shown, "it has no max-age, so browsers ignore it", fix)
    elif hsts.max_age < minimum:
        yield problem(
            resource,
            header.path,
            shown,
            f"max-age {hsts.max_age} is under the required {minimum} seconds, so browsers forget the HTTPS-only rule sooner",
            fix,
        )
    if not hsts.include_subdomains:
        yield problem(
            resource,
            header.path,
            shown,
            "it has no includeSubDomains, so a subdomain can still be reached over HTTP (and set cookies for the parent)",
            fix,
        )
    if settings["requirePreload"] and not hsts.preload:
        yield problem(resource, header.path, shown, "this stack requires the preload directive", fix + "; preload")


def check_nosniff(resource: Resource, headers: HeaderSet, settings: Settings) -> Iterable[str]:
    header = headers.get("X-Content-Type-Options")
    fix = 'set "X-Content-Type-Options: nosniff"'
    if header is None:
        yield _absent(resource, headers, "X-Content-Type-Options", "browsers may then sniff an upload into script or HTML", fix)
    elif isinstance(header.value, str) and header.value.strip().lower() != "nosniff":
        yield problem(resource, header.path, quoted(header.value), "the only value browsers honour is nosniff", fix)


def _csp_policies(headers: HeaderSet) -> list[tuple[str, str, Csp]] | None:
    """(header path, header value, policy) for every CSP policy; None if one is unknown."""
    found = []
    for header in headers.all(CSP):
        if not isinstance(header.value, str):
            return None
        found += [(header.path, header.value, policy) for policy in parse_csp(header.value)]
    return found


def check_framing(resource: Resource, headers: HeaderSet, settings: Settings) -> Iterable[str]:
    policies = _csp_policies(headers)
    if policies is None:
        return
    allowed = {source.lower() for source in settings["allowedFrameAncestors"]}
    fix = "set \"X-Frame-Options: DENY\" or the CSP directive frame-ancestors 'none'"
    framed = ((path, value, policy.effective("frame-ancestors")) for path, value, policy in policies)
    with_ancestors = [(path, value, ancestors) for path, value, ancestors in framed if ancestors]
    if with_ancestors:
        # Browsers obey frame-ancestors and then ignore X-Frame-Options; every policy is enforced.
        verdicts = []
        for path, value, (_, sources) in with_ancestors:
            verdicts.append((path, value, [s for s in sources if s.lower() not in allowed]))
        if all(extra for _, _, extra in verdicts):
            path, value, extra = verdicts[0]
            yield problem(
                resource,
                path,
                quoted(value),
                f"frame-ancestors allows {' '.join(extra)}, so other sites can frame the app (clickjacking); "
                f"this stack allows only {' '.join(sorted(allowed)) or 'nothing'}",
                fix,
            )
        return
    header = headers.get("X-Frame-Options")
    if header is None:
        yield _absent(resource, headers, "X-Frame-Options", "there is no CSP frame-ancestors either, so any site can frame the app", fix)
    elif isinstance(header.value, str) and header.value.strip().upper() not in ("DENY", "SAMEORIGIN"):
        yield problem(
            resource,
            header.path,
            quoted(header.value),
            "browsers honour only DENY and SAMEORIGIN (ALLOW-FROM is ignored), so framing is not denied",
            fix,
        )


def _script_issues(policy: Csp, kind: str) -> list[tuple[str, str]]:
    """(directive that governs `kind`, what it lets through) for one policy."""
    effective = policy.effective(kind)
    if effective is None:
        return []  # neither the directive nor default-src: reported as the missing default-src
    directive, sources = effective
    lowered = [source.lower() for source in sources]
    issues = []
    if kind == "script-src" and any(is_unsafe_eval(source) for source in sources):
        issues.append((directive, f"{directive} allows 'unsafe-eval', so injected strings can run as code"))
    nonce_or_hash = any(parse_source(source).kind in ("nonce", "hash") for source in sources)
    if "'strict-dynamic'" in lowered and nonce_or_hash:
        return issues  # CSP3 browsers then ignore host and scheme sources: they are fallbacks only
    broad = [source for source in sources if is_wildcard_or_scheme_only(source)]
    if broad:
        via = "" if directive == kind else f" (the {kind} fallback)"
        issues.append((directive, f"{directive}{via} allows {' '.join(broad)}, so scripts load from any host"))
    return issues


def check_csp(resource: Resource, headers: HeaderSet, settings: Settings) -> Iterable[str]:
    fix = "declare default-src 'self' and list script hosts explicitly, without 'unsafe-eval', a * host (*, https://*, *:*) or bare schemes"
    policies = _csp_policies(headers)
    if policies is None:
        return
    if not policies:
        yield _absent(resource, headers, CSP, "nothing then limits where scripts and other content load from", fix)
        return
    path, value, _ = policies[0]
    if not any("default-src" in policy.directives for _, _, policy in policies):
        yield problem(resource, path, quoted(value), "it has no default-src, so every fetch without its own directive is unrestricted", fix)
    for kind in ("script-src", "script-src-elem"):
        per_policy = [(path, value, _script_issues(policy, kind)) for path, value, policy in policies]
        if all(issues for _, _, issues in per_policy):  # one strict policy is enough: all are enforced
            path, value, issues = per_policy[0]
            for directive, issue in issues:
                if kind == "script-src" or directive == kind:  # a fallback was judged as script-src already
                    yield problem(resource, path, quoted(value), issue, fix)


def check_referrer(resource: Resource, headers: HeaderSet, settings: Settings) -> Iterable[str]:
    allowed = settings["allowedPolicies"]
    fix = f'set "Referrer-Policy: strict-origin-when-cross-origin" (or one of {", ".join(allowed)})'
    header = headers.get("Referrer-Policy")
    if header is None:
        yield _absent(resource, headers, "Referrer-Policy", "older browsers then send full URLs (paths, query strings) to other sites", fix)
        return
    if not isinstance(header.value, str):
        return
    effective = effective_referrer_policy(header.value)
    if effective is None:
        yield problem(resource, header.path, quoted(header.value), "browsers know none of its tokens and fall back to their default", fix)
    elif effective not in allowed:
        yield problem(resource, header.path, quoted(header.value), f"{effective} leaks URLs to other sites", fix)


def check_xss_auditor(resource: Resource, headers: HeaderSet, settings: Settings) -> Iterable[str]:
    header = headers.get("X-XSS-Protection")
    if header is not None and isinstance(header.value, str) and header.value.strip() != "0":
        yield problem(
            resource,
            header.path,
            quoted(header.value),
            "it turns on the retired XSS auditor where it still exists, which attackers can use to leak data",
            'remove the header or set "X-XSS-Protection: 0" (the CSP does this job)',
        )


def _header_policy(
    name: str, description: str, check: HeaderCheck, severity: Severity, config: ConfigSchema | None = None
) -> ResourceValidationPolicy:
    def on_resource(resource: Resource, settings: Settings) -> Iterable[str]:
        headers = response_headers(resource, every_path_only=True)
        return check(resource, headers, settings) if headers is not None else ()

    return resource_policy(name, description, HEADER_SOURCE_TYPES, on_resource, severity, config)


def _projects_without_headers(resources: Sequence[Resource], settings: Settings) -> Iterable[tuple[str, str | None]]:
    """Each Vercel project needs a route for every path that sets response headers."""
    routes = [r for r in resources if r.type == tokens.VERCEL_PROJECT_ROUTE and covers_every_path(r) and response_headers(r, True)]
    project_urns = {r.urn for r in resources if r.type == tokens.VERCEL_PROJECT}
    attributed = {urn for route in routes for urn in route.property_dependencies.get("projectId", ())}
    # A route whose projectId is a literal id cannot be attributed; it is given the benefit of the doubt.
    unattributed = any(not (set(route.property_dependencies.get("projectId", ())) & project_urns) for route in routes)
    for project in resources:
        if project.type == tokens.VERCEL_PROJECT and project.urn not in attributed and not unattributed:
            yield (
                problem(
                    project,
                    'a ProjectRoute with route.src "/(.*)" and route.headers',
                    "absent",
                    "no response of this project then carries the security headers",
                    f'add a vercel.ProjectRoute with project_id=<this project>.id, route.src "/(.*)" and route.headers '
                    f"holding {HSTS}, {CSP}, X-Frame-Options, X-Content-Type-Options and Referrer-Policy",
                ),
                project.urn,
            )


POLICIES = [
    _header_policy(
        "hsts-header",
        "Responses carry Strict-Transport-Security with max-age of at least a year and includeSubDomains.",
        check_hsts,
        Severity.HIGH,
        {
            "minMaxAgeSeconds": {"type": "integer", "minimum": 0, "default": ONE_YEAR, "description": "Smallest accepted max-age."},
            "requirePreload": {"type": "boolean", "default": False, "description": "Also require the preload directive."},
        },
    ),
    _header_policy(
        "content-type-nosniff",
        "Responses carry X-Content-Type-Options: nosniff.",
        check_nosniff,
        Severity.MEDIUM,
    ),
    _header_policy(
        "framing-denied",
        "Responses deny framing by other sites: X-Frame-Options DENY/SAMEORIGIN or a CSP frame-ancestors.",
        check_framing,
        Severity.HIGH,
        {
            "allowedFrameAncestors": {
                "type": "array",
                "items": {"type": "string"},
                "default": ["'none'", "'self'"],
                "description": "Sources accepted in frame-ancestors (CSP source expressions).",
            },
        },
    ),
    _header_policy(
        "content-security-policy",
        "Responses carry a Content-Security-Policy with a default-src and no 'unsafe-eval', * host or bare scheme for scripts.",
        check_csp,
        Severity.HIGH,
    ),
    _header_policy(
        "referrer-policy",
        "Responses carry a Referrer-Policy that keeps URLs from leaking to other sites.",
        check_referrer,
        Severity.MEDIUM,
        {
            "allowedPolicies": {
                "type": "array",
                "items": {"type": "string", "enum": SAFE_REFERRER_POLICIES},
                "default": SAFE_REFERRER_POLICIES,
                "description": "Referrer policies accepted.",
            },
        },
    ),
    _header_policy(
        "xss-protection-disabled",
        'Responses do not turn the retired XSS auditor on: X-XSS-Protection is absent or "0".',
        check_xss_auditor,
        Severity.LOW,
    ),
    stack_policy(
        "security-headers-present",
        "Every Vercel project has a route for every path that sets the security headers.",
        _projects_without_headers,
        Severity.HIGH,
    ),
]
