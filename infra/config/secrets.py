"""Every secret a stack needs, where it is read from, and how to set it.

Secrets live only in Pulumi's encrypted config (`pulumi config set --secret`); the program
holds them as secret Outputs, so they stay encrypted in state and masked in every plan.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from typing import Any

import pulumi

from .base import PROJECT_NAMESPACE


@dataclass(frozen=True)
class SecretSpec:
    key: str
    purpose: str
    hint: str
    placeholder: str = ""
    # Decided from the stack's raw `myapp-infra:` sections, so it holds even when one of them is invalid.
    needed: Callable[[Mapping[str, Any]], bool] = lambda _sections: True
    # A provider that also reads its token from this environment variable (CI sets it there).
    env_var: str | None = None

    def set_command(self, stack: str) -> str:
        # A command substitution must run in the user's shell, so it is double-quoted.
        quoted = f'"{self.hint}"' if self.hint.startswith("$(") else f"'{self.hint}'"
        command = f"pulumi config set --secret --stack {stack} {self.key} {quoted}"
        return f"{command}, or export {self.env_var}" if self.env_var else command

    def offline_value(self) -> str:
        """A clearly marked stand-in used by the offline plan, where no real secret exists."""
        return self.placeholder or f"OFFLINE-PLACEHOLDER-{self.key.replace(':', '-')}-not-a-real-secret"


def _secret(name: str, purpose: str, hint: str, placeholder: str = "") -> Any:
    spec = SecretSpec(f"{PROJECT_NAMESPACE}:{name}", purpose, hint, placeholder)
    return field(metadata={"spec": spec})


@dataclass(frozen=True)
class StackSecrets:
    """The application's secrets, as secret Outputs. Field metadata says how each is set."""

    supabase_anon_key: pulumi.Output = _secret("supabaseAnonKey", "Supabase anon key (browser)", "<anon JWT>")
    supabase_service_key: pulumi.Output = _secret("supabaseServiceKey", "Supabase service-role key (API only)", "<service_role JWT>")
    database_url: pulumi.Output = _secret(
        "databaseUrl",
        "Postgres connection string with password",
        "postgresql://postgres:<password>@db.<ref>.supabase.co:5432/postgres",
        "postgresql://postgres:OFFLINE-PLACEHOLDER@db.offline.invalid:5432/postgres",
    )
    stripe_publishable_key: pulumi.Output = _secret("stripePublishableKey", "Stripe publishable key (browser)", "pk_live_...")
    stripe_secret_key: pulumi.Output = _secret("stripeSecretKey", "Stripe secret key (API only)", "sk_live_...")
    stripe_webhook_secret: pulumi.Output = _secret("stripeWebhookSecret", "Stripe webhook signing secret", "whsec_...")
    jwt_secret: pulumi.Output = _secret("jwtSecret", "JWT signing secret, 32+ random bytes", "$(openssl rand -base64 48)")
    sendgrid_api_key: pulumi.Output = _secret("sendgridApiKey", "SendGrid API key", "SG....")
    cloudinary_url: pulumi.Output = _secret("cloudinaryUrl", "Cloudinary URL with credentials", "cloudinary://<key>:<secret>@<cloud>")
    sentry_dsn: pulumi.Output = _secret("sentryDsn", "Sentry DSN", "https://<key>@o0.ingest.sentry.io/0")
    posthog_project_api_key: pulumi.Output = _secret("posthogProjectApiKey", "PostHog project API key", "phc_...")


APPLICATION_SECRETS: tuple[SecretSpec, ...] = tuple(f.metadata["spec"] for f in fields(StackSecrets))


def provider_secrets() -> tuple[SecretSpec, ...]:
    """The providers' own credentials, as each platform declares them (`platform.Platform.credentials`).

    Read by the providers themselves, never by the program; checked here so a missing token fails
    with the fix instead of deep inside `pulumi up`.
    """
    from .platform import declared_platforms  # the platforms' modules import this one

    return tuple(spec for platform in declared_platforms() for spec in platform.credentials)


def all_secret_specs() -> tuple[SecretSpec, ...]:
    return APPLICATION_SECRETS + provider_secrets()


def secrets_from(values: dict[str, str]) -> StackSecrets:
    """Wrap each secret's value, already checked present, as a secret Output."""
    return StackSecrets(**{f.name: pulumi.Output.secret(values[f.metadata["spec"].key]) for f in fields(StackSecrets)})
