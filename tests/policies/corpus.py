"""The misconfiguration corpus (one bad property each, with the policy that must catch it and
what its message must say) and the good variations that must pass. Every case is a change to
a clean stack from `stacks.with_stand_ins`."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass

from infra.plan.model import PlannedResource

from .builders import (
    UNKNOWN,
    private_key,
    random_secret,
    resource,
    secret,
    sendgrid_key,
    stripe_key,
    supabase_jwt,
    webhook_secret,
    with_inputs,
)

Resources = list[PlannedResource]

ROUTE = "vercel:index/projectRoute:ProjectRoute"
PROJECT = "vercel:index/project:Project"
ENV = "vercel:index/projectEnvironmentVariable:ProjectEnvironmentVariable"
RULESET = "cloudflare:index/ruleset:Ruleset"
SETTING = "cloudflare:index/zoneSetting:ZoneSetting"
DNS = "cloudflare:index/dnsRecord:DnsRecord"
VARIABLES = "railway:index:VariableCollection"


@dataclass(frozen=True)
class Case:
    id: str
    stack: str
    apply: Callable[[Resources], Resources]
    policies: frozenset[str] = frozenset()
    says: tuple[str, ...] = ()

    def __str__(self) -> str:
        return self.id


def bad(id: str, apply: Callable[[Resources], Resources], policy: str | set[str], *says: str, stack: str = "production") -> Case:
    return Case(id, stack, apply, frozenset({policy} if isinstance(policy, str) else policy), says)


def good(id: str, apply: Callable[[Resources], Resources], stack: str = "production") -> Case:
    return Case(id, stack, apply)


# --- changes ---------------------------------------------------------------------------------


def edit(matches: Callable[[PlannedResource], bool], change: Callable[[dict], None]) -> Callable[[Resources], Resources]:
    def apply(resources: Resources) -> Resources:
        target = next(r for r in resources if matches(r))
        return [with_inputs(r, change) if r is target else r for r in resources]

    return apply


def remove(matches: Callable[[PlannedResource], bool]) -> Callable[[Resources], Resources]:
    return lambda resources: [r for r in resources if not matches(r)]


def add(make: Callable[[str], PlannedResource], stack: str = "production") -> Callable[[Resources], Resources]:
    return lambda resources: [*resources, make(stack)]


def of_type(type_: str, **inputs: object) -> Callable[[PlannedResource], bool]:
    return lambda r: r.type == type_ and all(r.inputs.get(k) == v for k, v in inputs.items())


def route_headers(change: Callable[[dict], None]):
    return edit(of_type(ROUTE), lambda inputs: change(inputs["route"]["headers"]))


def set_header(name: str, value: str):
    return route_headers(lambda headers: headers.__setitem__(name, value))


def drop_headers(*names: str):
    def drop(headers: dict) -> None:
        for name in names:
            headers.pop(name)

    return route_headers(drop)


def rename_header(old: str, new: str):
    return route_headers(lambda headers: headers.__setitem__(new, headers.pop(old)))


def api_header(name: str, value: str):
    def change(inputs: dict) -> None:
        inputs["rules"][0]["actionParameters"]["headers"][name] = {"operation": "set", "value": value}

    return edit(of_type(RULESET, phase="http_response_headers_transform"), change)


def zone_setting(setting_id: str, value: object):
    return edit(of_type(SETTING, settingId=setting_id), lambda inputs: inputs.__setitem__("value", value))


def zone_hsts(**changes: object):
    return edit(of_type(SETTING, settingId="security_header"), lambda inputs: inputs["value"]["strict_transport_security"].update(changes))


def dns(name: str, change: Callable[[dict], None]):
    return edit(of_type(DNS, name=name), change)


def add_record(name: str, kind: str, content: str):
    """A DNS-only record in the zone of the stack's first record, protected like the others."""

    def apply(resources: Resources) -> Resources:
        zone = next(r for r in resources if r.type == DNS).inputs["zoneId"]
        inputs = {"zoneId": zone, "name": name, "type": kind, "content": content, "proxied": False, "ttl": 1}
        return [*resources, resource("production", DNS, f"record-{name}", inputs, protect=True, parent_type="myapp:cloudflare:Dns")]

    return apply


def railway_var(name: str, value: object):
    return edit(of_type(VARIABLES), lambda inputs: inputs["variables"].__setitem__(name, value))


def unseal(name: str):
    return edit(of_type(VARIABLES), lambda inputs: inputs["sealed"].remove(name))


def vercel_env(key: str, value: object):
    return edit(of_type(ENV, key=key), lambda inputs: inputs.__setitem__("value", secret(value)))


def new_vercel_env(key: str, value: str, sensitive: bool | None):
    def make(stack: str) -> PlannedResource:
        inputs: dict[str, object] = {
            "projectId": "offline-myapp-frontend-project",
            "key": key,
            "value": secret(value),
            "targets": ["production"],
        }
        if sensitive is not None:
            inputs["sensitive"] = sensitive
        return resource(stack, ENV, f"myapp-frontend-env-{key}", inputs, parent_type="myapp:vercel:Frontend")

    return add(make)


def unprotect(type_: str):
    def apply(resources: Resources) -> Resources:
        target = next(r for r in resources if r.type == type_)
        return [dataclasses.replace(r, options={**r.options, "protect": False}) if r is target else r for r in resources]

    return apply


CSP_BASE = "default-src 'self'; script-src 'self' 'unsafe-inline' *.stripe.com; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'"
HSTS = "Strict-Transport-Security"
CSP = "Content-Security-Policy"

MISCONFIGURATIONS = [
    # hsts-header
    bad(
        "hsts max-age one second short",
        set_header(HSTS, "max-age=31535999; includeSubDomains"),
        "hsts-header",
        "max-age 31535999 is under the required 31536000 seconds",
        'route.headers["Strict-Transport-Security"]',
    ),
    bad("hsts without includeSubDomains", set_header(HSTS, "max-age=31536000"), "hsts-header", "no includeSubDomains"),
    bad("hsts absent", drop_headers(HSTS), "hsts-header", "is absent"),
    bad("hsts max-age given twice", set_header(HSTS, "max-age=31536000; includeSubDomains; max-age=60"), "hsts-header", "appears twice"),
    bad("hsts max-age not a number", set_header(HSTS, "max-age=1y; includeSubDomains"), "hsts-header", "is not a number"),
    bad(
        "api hsts short at the edge",
        api_header(HSTS, "max-age=86400; includeSubDomains"),
        "hsts-header",
        'rules[0].actionParameters.headers["Strict-Transport-Security"].value',
        "max-age 86400",
    ),
    # content-type-nosniff
    bad("nosniff absent", drop_headers("X-Content-Type-Options"), "content-type-nosniff", "is absent"),
    bad("nosniff misspelt", set_header("X-Content-Type-Options", "no-sniff"), "content-type-nosniff", '"no-sniff"'),
    bad(
        "api nosniff absent at the edge",
        edit(
            of_type(RULESET, phase="http_response_headers_transform"),
            lambda i: i["rules"][0]["actionParameters"]["headers"].pop("X-Content-Type-Options"),
        ),
        "content-type-nosniff",
        "is absent",
    ),
    # framing-denied
    bad(
        "frame-ancestors *",
        set_header(CSP, CSP_BASE.replace("frame-ancestors 'none'", "frame-ancestors *")),
        "framing-denied",
        "frame-ancestors allows *",
    ),
    bad(
        "frame-ancestors another site",
        set_header(CSP, CSP_BASE.replace("'none'", "https://evil.example")),
        "framing-denied",
        "https://evil.example",
    ),
    bad(
        "no X-Frame-Options and no frame-ancestors",
        lambda rs: drop_headers("X-Frame-Options")(set_header(CSP, CSP_BASE.replace("; frame-ancestors 'none'", ""))(rs)),
        "framing-denied",
        'route.headers["X-Frame-Options"] is absent',
    ),
    bad(
        "X-Frame-Options ALLOW-FROM without frame-ancestors",
        lambda rs: set_header("X-Frame-Options", "ALLOW-FROM https://partner.example")(
            set_header(CSP, CSP_BASE.replace("; frame-ancestors 'none'", ""))(rs)
        ),
        "framing-denied",
        "ALLOW-FROM",
    ),
    # content-security-policy
    bad(
        "script-src allows unsafe-eval",
        set_header(CSP, CSP_BASE.replace("'unsafe-inline' *.stripe.com", "'unsafe-eval'")),
        "content-security-policy",
        "script-src allows 'unsafe-eval'",
    ),
    bad(
        "script-src allows UNSAFE-EVAL in capitals",
        set_header(CSP, CSP_BASE.replace("*.stripe.com", "'UNSAFE-EVAL'")),
        "content-security-policy",
        "'unsafe-eval'",
    ),
    bad("script-src allows *", set_header(CSP, CSP_BASE.replace("*.stripe.com", "*")), "content-security-policy", "script-src allows *"),
    bad(
        "script-src allows https:",
        set_header(CSP, CSP_BASE.replace("*.stripe.com", "https:")),
        "content-security-policy",
        "script-src allows https:",
    ),
    bad(
        "script-src allows https://*",
        set_header(CSP, CSP_BASE.replace("*.stripe.com", "https://*")),
        "content-security-policy",
        "script-src allows https://*, so scripts load from any host",
    ),
    bad(
        "script-src allows *:*",
        set_header(CSP, CSP_BASE.replace("*.stripe.com", "*:*")),
        "content-security-policy",
        "script-src allows *:*, so",
    ),
    bad(
        "script-src allows http://*:443",
        set_header(CSP, CSP_BASE.replace("*.stripe.com", "http://*:443")),
        "content-security-policy",
        "script-src allows http://*:443, so",
    ),
    bad(
        "script-src allows HTTPS://*:* with a path",
        set_header(CSP, CSP_BASE.replace("*.stripe.com", "HTTPS://*:*/js/")),
        "content-security-policy",
        "script-src allows HTTPS://*:*/js/, so",
    ),
    bad(
        "default-src https://* is the script fallback",
        set_header(CSP, "default-src 'self' https://*; frame-ancestors 'none'"),
        "content-security-policy",
        "default-src (the script-src fallback) allows https://*",
    ),
    bad(
        "default-src data: is the script fallback",
        set_header(CSP, "default-src 'self' data:; frame-ancestors 'none'"),
        "content-security-policy",
        "default-src (the script-src fallback) allows data:",
    ),
    bad(
        "script-src-elem allows any host",
        set_header(CSP, CSP_BASE + "; script-src-elem 'self' *"),
        "content-security-policy",
        "script-src-elem allows *",
    ),
    bad(
        "csp without default-src", set_header(CSP, "script-src 'self'; frame-ancestors 'none'"), "content-security-policy", "no default-src"
    ),
    bad("csp absent", lambda rs: drop_headers(CSP)(rs), "content-security-policy", 'route.headers["Content-Security-Policy"] is absent'),
    # referrer-policy
    bad("referrer unsafe-url", set_header("Referrer-Policy", "unsafe-url"), "referrer-policy", "unsafe-url leaks URLs"),
    bad("referrer absent", drop_headers("Referrer-Policy"), "referrer-policy", "is absent"),
    bad("referrer misspelt", set_header("Referrer-Policy", "no-referer"), "referrer-policy", "know none of its tokens"),
    # xss-protection-disabled
    bad("xss auditor on", set_header("X-XSS-Protection", "1; mode=block"), "xss-protection-disabled", '"1; mode=block"'),
    # security-headers-present
    bad("headers route removed", remove(of_type(ROUTE)), "security-headers-present", "route.headers", "is absent"),
    bad(
        "headers route only on /api",
        edit(of_type(ROUTE), lambda i: i["route"].__setitem__("src", "/api/(.*)")),
        "security-headers-present",
        'route.src "/(.*)"',
    ),
    # TLS zone settings
    bad("ssl full", zone_setting("ssl", "full"), "ssl-mode-strict", '"full"', "accepts any certificate", 'set value "strict"'),
    bad("ssl flexible", zone_setting("ssl", "flexible"), "ssl-mode-strict", "plain HTTP to the origin"),
    bad("min tls 1.1", zone_setting("min_tls_version", "1.1"), "min-tls-version", '"1.1"', 'set value "1.2" or higher'),
    bad("tls 1.3 off", zone_setting("tls_1_3", "off"), "tls-1-3-enabled", '"off"'),
    bad("always use https off", zone_setting("always_use_https", "off"), "always-use-https", '"off"'),
    bad(
        "zone hsts max_age one second short",
        zone_hsts(max_age=31535999),
        "zone-hsts-setting",
        "value.strict_transport_security.max_age is 31535999",
    ),
    bad("zone hsts without subdomains", zone_hsts(include_subdomains=False), "zone-hsts-setting", "include_subdomains is false"),
    bad("zone hsts disabled", zone_hsts(enabled=False), "zone-hsts-setting", "enabled is false"),
    bad(
        "always use https setting missing",
        remove(of_type(SETTING, settingId="always_use_https")),
        "zone-tls-settings-declared",
        "settingId always_use_https is absent",
    ),
    # dns-proxied
    bad(
        "api record dns-only",
        dns("api.myapp.com", lambda i: i.__setitem__("proxied", False)),
        "dns-proxied",
        "proxied is false",
        "api.myapp.com",
    ),
    bad("apex record without proxied", dns("myapp.com", lambda i: i.pop("proxied")), "dns-proxied", "Cloudflare's default is false"),
    # CORS on the Railway API
    bad(
        "cors http origin",
        railway_var("CORS_ORIGINS", "http://myapp.com"),
        "cors-origin-format",
        'origin "http://myapp.com": it uses http',
        'write it as "https://myapp.com"',
    ),
    bad("cors origin with trailing slash", railway_var("CORS_ORIGINS", "https://myapp.com/"), "cors-origin-format", "ends with a slash"),
    bad("cors origin with a path", railway_var("CORS_ORIGINS", "https://myapp.com/app"), "cors-origin-format", "has a path"),
    bad(
        "cors null origin with credentials",
        railway_var("CORS_ORIGINS", "https://myapp.com,null"),
        "cors-credentials-wildcard",
        'origin "null"',
        "sandboxed iframes",
    ),
    bad("cors * with credentials", railway_var("CORS_ORIGINS", "*"), "cors-credentials-wildcard", 'origin "*"'),
    bad(
        "cors wildcard subdomain with credentials",
        railway_var("CORS_ORIGINS", "https://*.myapp.com"),
        "cors-credentials-wildcard",
        "any subdomain",
    ),
    bad(
        "cors staging origin in production",
        railway_var("CORS_ORIGINS", "https://myapp.com,https://myapp-staging.vercel.app"),
        "cors-allowed-origins",
        'origin "https://myapp-staging.vercel.app": it is not one of this stack\'s own origins',
    ),
    bad(
        "cors * without credentials",
        lambda rs: railway_var("CORS_CREDENTIALS", "false")(railway_var("CORS_ORIGINS", "*")(rs)),
        "cors-allowed-origins",
        "admits sites that are not this stack's",
    ),
    bad(
        "cors production origin in staging",
        railway_var("CORS_ORIGINS", "https://myapp.com"),
        "cors-allowed-origins",
        "https://myapp-staging.vercel.app",
        stack="staging",
    ),
    bad("cors method TRACE", railway_var("CORS_METHODS", "GET,POST,TRACE"), "cors-methods", 'method "TRACE"'),
    bad("cors any method", railway_var("CORS_METHODS", "*"), "cors-methods", 'method "*"'),
    bad(
        "cors * credentials at the edge",
        lambda rs: api_header("Access-Control-Allow-Credentials", "true")(api_header("Access-Control-Allow-Origin", "*")(rs)),
        "cors-credentials-wildcard",
        'rules[0].actionParameters.headers["Access-Control-Allow-Origin"].value',
    ),
    # secrets
    bad(
        "NEXT_PUBLIC_ holds a Stripe live secret key",
        vercel_env("NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY", stripe_key("sk", "live")),
        "no-secret-in-public-variable",
        "sk_live_… (40 chars)",
        "compiled into the browser bundle",
        "roll the secret",
    ),
    bad(
        "NEXT_PUBLIC_ holds a Stripe test secret key",
        vercel_env("NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY", stripe_key("sk", "test")),
        "no-secret-in-public-variable",
        "sk_test_…",
    ),
    bad(
        "NEXT_PUBLIC_ holds a restricted key",
        vercel_env("NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY", stripe_key("rk", "live")),
        "no-secret-in-public-variable",
        "a Stripe restricted key",
    ),
    bad(
        "NEXT_PUBLIC_ holds the service-role JWT",
        vercel_env("NEXT_PUBLIC_SUPABASE_ANON_KEY", supabase_jwt("service_role")),
        "no-secret-in-public-variable",
        "role service_role",
    ),
    bad(
        "NEXT_PUBLIC_ URL carries a password",
        vercel_env("NEXT_PUBLIC_API_URL", f"https://admin:{random_secret(20)}@api.myapp.com"),
        "no-secret-in-public-variable",
        "https://****:****@api.myapp.com",
    ),
    bad(
        "unsealed Railway variable holds a SendGrid key",
        railway_var("MAILER_CREDENTIALS", sendgrid_key()),
        "no-secret-in-public-variable",
        "SG.…",
        'add "MAILER_CREDENTIALS" to sealed',
    ),
    bad(
        "unsealed Railway variable holds a webhook secret",
        railway_var("STRIPE_WEBHOOK", webhook_secret()),
        "no-secret-in-public-variable",
        "whsec_…",
    ),
    bad(
        "unsealed Railway variable holds a private key",
        railway_var("TLS_CLIENT_PEM", private_key()),
        "no-secret-in-public-variable",
        "a private key",
    ),
    bad(
        "server-side Vercel secret not sensitive",
        new_vercel_env("STRIPE_SECRET_KEY", stripe_key(), False),
        {"no-secret-in-public-variable", "secret-variable-sensitive"},
        "sensitive is false",
    ),
    bad(
        "Vercel token without sensitive",
        new_vercel_env("REVALIDATE_TOKEN", random_secret(40), None),
        "secret-variable-sensitive",
        "sensitive is absent (false)",
        "its name ends in _TOKEN",
        "set sensitive: true",
    ),
    bad("JWT secret not sealed", unseal("JWT_SECRET"), "secret-variable-sensitive", 'without "JWT_SECRET"', "its name says SECRET"),
    bad(
        "database URL not sealed",
        unseal("DATABASE_URL"),
        {"secret-variable-sensitive", "no-secret-in-public-variable"},
        "postgresql://****:****@",
    ),
    bad("short JWT secret", railway_var("JWT_SECRET", secret(random_secret(16))), "jwt-secret-length", "16 bytes long"),
    bad(
        "short JWT secret in staging",
        railway_var("JWT_SECRET", secret(random_secret(31))),
        "jwt-secret-length",
        "31 bytes long",
        stack="staging",
    ),
    # resource-protection
    bad("vercel project unprotected", unprotect(PROJECT), "resource-protection", "the protect option is false"),
    bad("dns record unprotected", unprotect(DNS), "resource-protection", "protect=True"),
    bad("railway variables unprotected", unprotect(VARIABLES), "resource-protection", "VariableCollection"),
]

GOOD_VARIATIONS = [
    good("hsts directives in another order and case", set_header(HSTS, "includeSubDomains; MAX-AGE=63072000; Preload")),
    good("hsts includesubdomains in lower case", set_header(HSTS, "max-age=31536000; includesubdomains")),
    good(
        "header names in lower case",
        lambda rs: rename_header(HSTS, "strict-transport-security")(rename_header(CSP, "content-security-policy")(rs)),
    ),
    good("framing denied by frame-ancestors alone", drop_headers("X-Frame-Options")),
    good(
        "X-Frame-Options sameorigin in lower case",
        lambda rs: set_header("X-Frame-Options", "sameorigin")(set_header(CSP, CSP_BASE.replace("; frame-ancestors 'none'", ""))(rs)),
    ),
    good(
        "strict-dynamic with a nonce keeps https: as a fallback only",
        set_header(CSP, "default-src 'self'; script-src 'nonce-r4nd0m' 'strict-dynamic' https: 'unsafe-inline'; frame-ancestors 'none'"),
    ),
    good("script-src subdomain wildcard with a scheme", set_header(CSP, CSP_BASE.replace("*.stripe.com", "https://*.stripe.com"))),
    good("script-src named host with any port", set_header(CSP, CSP_BASE.replace("*.stripe.com", "https://js.stripe.com:*"))),
    good("no script-src: default-src 'self' governs scripts", set_header(CSP, "default-src 'self'; frame-ancestors 'none'")),
    good("referrer policy with a fallback list", set_header("Referrer-Policy", "no-referrer, strict-origin-when-cross-origin")),
    good("no X-XSS-Protection header", drop_headers("X-XSS-Protection")),
    good("min tls 1.3", zone_setting("min_tls_version", "1.3")),
    good("tls 1.3 with 0-RTT", zone_setting("tls_1_3", "zrt")),
    good("cors origin with default port and capitals", railway_var("CORS_ORIGINS", "https://MyApp.com:443")),
    good("cors credentials unset, own origin", edit(of_type(VARIABLES), lambda i: i["variables"].pop("CORS_CREDENTIALS"))),
    good("cors origins unknown until apply", railway_var("CORS_ORIGINS", UNKNOWN)),
    good("dns-only record that serves neither app nor API", add_record("em1234.myapp.com", "CNAME", "u1234.wl.sendgrid.net")),
    good("dns-only TXT record", add_record("_acme-challenge.myapp.com", "TXT", "challenge-token")),
    good("NEXT_PUBLIC_ anon key is a JWT with role anon", vercel_env("NEXT_PUBLIC_SUPABASE_ANON_KEY", supabase_jwt("anon"))),
    good("NEXT_PUBLIC_ publishable key", vercel_env("NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY", stripe_key("pk", "live"))),
    good("sensitive server-side Stripe key", new_vercel_env("STRIPE_SECRET_KEY", stripe_key(), True)),
    good("unsealed Sentry DSN without password", lambda rs: unseal("SENTRY_DSN")(rs)),
    good("long sealed JWT secret", railway_var("JWT_SECRET", secret(random_secret(48)))),
    good("staging resources unprotected", unprotect(PROJECT), stack="staging"),
]
