"""The `myapp-infra:securityHeaders` section: one set of response headers for every host.

The defaults are the status document's headers, corrected where OWASP's Secure Headers
Project and MDN call a value harmful or obsolete (README, "Security headers", says why).
The Vercel routes and the Cloudflare API-host rule both render this one model.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator

from .base import ConfigModel

ONE_YEAR_SECONDS = 31_536_000

DEFAULT_CSP: dict[str, tuple[str, ...]] = {
    "default-src": ("'self'",),
    # Next.js's inline bootstrap scripts need 'unsafe-inline' until a nonce-based CSP is set
    # up in middleware; 'unsafe-eval' and bare wildcards stay out.
    "script-src": ("'self'", "'unsafe-inline'", "*.stripe.com"),
    "style-src": ("'self'", "'unsafe-inline'"),
    "frame-ancestors": ("'none'",),
    "object-src": ("'none'",),
    "base-uri": ("'self'",),
}


class StrictTransportSecurity(ConfigModel):
    max_age: int = Field(default=ONE_YEAR_SECONDS, ge=ONE_YEAR_SECONDS)
    include_sub_domains: bool = True
    preload: bool = False

    @field_validator("include_sub_domains")
    @classmethod
    def _covers_subdomains(cls, include: bool) -> bool:
        if not include:
            raise ValueError(
                "must stay true: without includeSubDomains a subdomain can still be reached over plain "
                "http and used to plant cookies (OWASP HSTS cheat sheet); the policy pack refuses it too"
            )
        return include

    def render(self) -> str:
        parts = [f"max-age={self.max_age}"]
        if self.include_sub_domains:
            parts.append("includeSubDomains")
        if self.preload:
            parts.append("preload")
        return "; ".join(parts)


class SecurityHeadersConfig(ConfigModel):
    hsts: StrictTransportSecurity = StrictTransportSecurity()
    content_security_policy: dict[str, tuple[str, ...]] = Field(default_factory=lambda: dict(DEFAULT_CSP))
    frame_options: Literal["DENY", "SAMEORIGIN"] = "DENY"
    content_type_options: Literal["nosniff"] = "nosniff"
    referrer_policy: Literal["no-referrer", "same-origin", "strict-origin", "strict-origin-when-cross-origin"] = (
        "strict-origin-when-cross-origin"
    )
    permissions_policy: str = "camera=(), microphone=(), geolocation=()"
    # The XSS auditor this header drove is gone from browsers and could be abused to leak
    # data; "0" switches it off explicitly where it still exists.
    xss_protection: Literal["0"] = "0"

    @field_validator("content_security_policy")
    @classmethod
    def _csp_has_default_src(cls, csp: dict[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
        if "default-src" not in csp:
            raise ValueError("the policy needs a 'default-src' directive as its fallback")
        return csp

    def render(self) -> dict[str, str]:
        """Header name -> value, in a stable order."""
        csp = "; ".join(" ".join((directive, *sources)) for directive, sources in self.content_security_policy.items())
        return {
            "Strict-Transport-Security": self.hsts.render(),
            "Content-Security-Policy": csp,
            "X-Frame-Options": self.frame_options,
            "X-Content-Type-Options": self.content_type_options,
            "Referrer-Policy": self.referrer_policy,
            "Permissions-Policy": self.permissions_policy,
            "X-XSS-Protection": self.xss_protection,
        }
