"""The stacks the pack is tested on: each real stack as the offline plan declares it, plus,
for a platform the program does not declare yet, a hand-built stand-in in the same wire shape
(Cloudflare edge for production, Railway backend for both). A stand-in drops out by itself
as soon as the program declares resources of that platform."""

from __future__ import annotations

from infra.plan.model import PlannedResource

from .builders import random_secret, resource, secret, sendgrid_key, stripe_key, supabase_jwt, webhook_secret

CLOUDFLARE = "cloudflare:"
RAILWAY = "railway:index:"
ZONE_ID = "0123456789abcdef0123456789abcdef"
ONE_YEAR = 31536000

API_SECURITY_HEADERS = {
    "Strict-Transport-Security": f"max-age={ONE_YEAR}; includeSubDomains",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
    "Referrer-Policy": "no-referrer",
}


def cloudflare_edge(stack: str, protect: bool) -> list[PlannedResource]:
    parent = "myapp:cloudflare:Edge"

    def setting(setting_id: str, value: object) -> PlannedResource:
        return resource(
            stack,
            "cloudflare:index/zoneSetting:ZoneSetting",
            f"myapp-edge-{setting_id}",
            {"zoneId": ZONE_ID, "settingId": setting_id, "value": value},
            parent_type=parent,
        )

    def record(name: str, kind: str, content: str, proxied: bool) -> PlannedResource:
        return resource(
            stack,
            "cloudflare:index/dnsRecord:DnsRecord",
            f"myapp-edge-dns-{name}",
            {
                "zoneId": ZONE_ID,
                "name": name,
                "type": kind,
                "content": content,
                "proxied": proxied,
                "ttl": 1,
                "comment": "managed by myapp-infra",
            },
            protect=protect,
            parent_type=parent,
        )

    hsts = {
        "strict_transport_security": {"enabled": True, "max_age": ONE_YEAR, "include_subdomains": True, "preload": False, "nosniff": True}
    }
    return [
        setting("ssl", "strict"),
        setting("min_tls_version", "1.2"),
        setting("tls_1_3", "on"),
        setting("always_use_https", "on"),
        setting("automatic_https_rewrites", "on"),
        setting("security_header", hsts),
        record("myapp.com", "CNAME", "cname.vercel-dns.com", True),
        record("www.myapp.com", "CNAME", "cname.vercel-dns.com", True),
        record("api.myapp.com", "CNAME", "myapp-backend.up.railway.app", True),
        # SendGrid link branding must stay DNS-only, and serves neither the app nor the API.
        record("em1234.myapp.com", "CNAME", "u1234.wl.sendgrid.net", False),
        record("_acme-challenge.myapp.com", "TXT", "challenge-token", False),
        resource(
            stack,
            "cloudflare:index/ruleset:Ruleset",
            "myapp-edge-api-headers",
            {
                "zoneId": ZONE_ID,
                "kind": "zone",
                "phase": "http_response_headers_transform",
                "name": "API security headers",
                "rules": [
                    {
                        "action": "rewrite",
                        "expression": '(http.host eq "api.myapp.com")',
                        "enabled": True,
                        "description": "security headers on every API response",
                        "actionParameters": {
                            "headers": {name: {"operation": "set", "value": value} for name, value in API_SECURITY_HEADERS.items()}
                        },
                    }
                ],
            },
            parent_type=parent,
        ),
        resource(
            stack,
            "cloudflare:index/ruleset:Ruleset",
            "myapp-edge-www-redirect",
            {
                "zoneId": ZONE_ID,
                "kind": "zone",
                "phase": "http_request_dynamic_redirect",
                "name": "www to apex",
                "rules": [
                    {
                        "action": "redirect",
                        "expression": '(http.host eq "www.myapp.com")',
                        "enabled": True,
                        "actionParameters": {
                            "fromValue": {
                                "statusCode": 301,
                                "preserveQueryString": True,
                                "targetUrl": {"expression": 'concat("https://myapp.com", http.request.uri.path)'},
                            }
                        },
                    }
                ],
            },
            parent_type=parent,
        ),
    ]


def backend_variables(origin: str) -> dict:
    return {
        "NODE_ENV": "production",
        "PORT": "8080",
        "API_VERSION": "v1",
        "DATABASE_URL": secret(f"postgresql://postgres:{random_secret(24)}@db.xxxxx.supabase.co:5432/postgres"),
        "SUPABASE_URL": "https://xxxxx.supabase.co",
        "SUPABASE_SERVICE_KEY": secret(supabase_jwt("service_role")),
        "STRIPE_SECRET_KEY": secret(stripe_key("sk", "live")),
        "STRIPE_WEBHOOK_SECRET": secret(webhook_secret()),
        "JWT_SECRET": secret(random_secret(64)),
        "JWT_EXPIRY": "24h",
        "SENDGRID_API_KEY": secret(sendgrid_key()),
        "CLOUDINARY_URL": secret(f"cloudinary://123456789012345:{random_secret(27)}@myapp-prod"),
        "SENTRY_DSN": secret("https://0123456789abcdef0123456789abcdef@o0.ingest.sentry.io/0"),
        "POSTHOG_PROJECT_API_KEY": secret("phc_" + random_secret(43)),
        "CORS_ORIGINS": origin,
        "CORS_METHODS": "GET,POST,PUT,PATCH,DELETE",
        "CORS_CREDENTIALS": "true",
    }


SEALED = [
    "DATABASE_URL",
    "SUPABASE_SERVICE_KEY",
    "STRIPE_SECRET_KEY",
    "STRIPE_WEBHOOK_SECRET",
    "JWT_SECRET",
    "SENDGRID_API_KEY",
    "CLOUDINARY_URL",
    "SENTRY_DSN",
    "POSTHOG_PROJECT_API_KEY",
]


def railway_backend(stack: str, origin: str, domain: str | None, protect: bool) -> list[PlannedResource]:
    parent = "myapp:railway:Backend"
    ids = {"projectId": "offline-myapp-backend-project", "environmentId": "offline-env", "serviceId": "offline-svc"}
    provider = {"__provider": secret("serialized-railway-provider")}
    declared = [
        resource(
            stack, RAILWAY + "Project", "myapp-backend-project", {"name": "myapp-backend", **provider}, protect=protect, parent_type=parent
        ),
        resource(
            stack,
            RAILWAY + "Service",
            "myapp-backend-service",
            {"projectId": ids["projectId"], "name": "myapp-backend", **provider},
            protect=protect,
            parent_type=parent,
        ),
        resource(
            stack,
            RAILWAY + "ServiceInstance",
            "myapp-backend-instance",
            {**ids, "healthcheckPath": "/health", "numReplicas": 1, **provider},
            parent_type=parent,
        ),
        resource(
            stack,
            RAILWAY + "VariableCollection",
            "myapp-backend-variables",
            {**ids, "variables": backend_variables(origin), "sealed": list(SEALED), **provider},
            protect=protect,
            parent_type=parent,
        ),
    ]
    if domain:
        declared.append(
            resource(
                stack,
                RAILWAY + "CustomDomain",
                "myapp-backend-domain",
                {**ids, "domain": domain, "targetPort": 8080, **provider},
                protect=protect,
                parent_type=parent,
            )
        )
    return declared


def with_stand_ins(stack: str, declared: tuple[PlannedResource, ...]) -> list[PlannedResource]:
    """The real stack plus a stand-in for each platform it does not declare yet."""
    resources = list(declared)
    has = lambda prefix: any(r.type.startswith(prefix) for r in declared)  # noqa: E731
    production = stack == "production"
    if production and not has(CLOUDFLARE):
        resources += cloudflare_edge(stack, protect=True)
    if not has(RAILWAY):
        origin = "https://myapp.com" if production else "https://myapp-staging.vercel.app"
        resources += railway_backend(stack, origin, "api.myapp.com" if production else None, protect=production)
    return resources
