"""Every error the Railway package raises, and when to catch which.

    RailwayError                     anything this package raises; catch it to handle all of them
    ├── RailwayConfigError           a provider setting is wrong (railway:endpoint): fix the config
    ├── RailwayCredentialsError      no token, or Railway refused it ("Not Authorized"): fix the token
    ├── RailwayRequestError          Railway refused the request itself (other 4xx, or an answer
    │                                that is not GraphQL): a bug or an API change, never retried
    ├── RailwayUnavailable           429, 5xx or timeouts outlasted the retry policy: try later
    │   └── RailwayOutcomeUnknown    a create failed in a way that may have applied it; it was not
    │                                sent twice, and no object it made could be found (or
    │                                several could): look in Railway before running again
    └── RailwayGraphQLError          Railway answered with GraphQL `errors` (one error for them all)
        └── RailwayNotFound          the object is gone; `read` turns this into "deleted"

Each error names the GraphQL operation and the resource it was acting for. None ever holds the
token, nor any value the request carried: the client redacts both from any text it quotes from
Railway (servers quote rejected variables back, secrets included).
"""

from __future__ import annotations

from collections.abc import Sequence


class RailwayError(Exception):
    """Base of every error this package raises."""

    def __init__(self, message: str, *, operation: str | None = None, resource: str | None = None):
        super().__init__(message)
        self.operation = operation
        self.resource = resource


class RailwayConfigError(RailwayError):
    """A provider setting is wrong; the message names the key or variable and the fix."""


class RailwayCredentialsError(RailwayError):
    """No token was found, or Railway refused the one given. Retrying cannot help."""


class RailwayRequestError(RailwayError):
    """Railway refused the request (a 4xx other than 401/403/429) or answered something that is not GraphQL."""

    def __init__(self, message: str, *, status: int | None = None, **context):
        super().__init__(message, **context)
        self.status = status


class RailwayUnavailable(RailwayError):
    """Railway stayed throttled, failing or slow for every attempt the retry policy allows."""

    def __init__(self, message: str, *, attempts: int, last_failure: str, **context):
        super().__init__(message, **context)
        self.attempts = attempts
        self.last_failure = last_failure


class RailwayOutcomeUnknown(RailwayUnavailable):
    """A create timed out or hit a 5xx after it may have been applied.

    Creates are not idempotent, so the client does not send them twice: that is how duplicates
    are born. The resources catch it and look for what the create made (by name, or by when it
    was made), adopting it; it reaches the user only when nothing was made, or when which of
    several objects was made cannot be told (the message then names them).
    """


class RailwayGraphQLError(RailwayError):
    """Railway executed the request and answered with GraphQL `errors`: one error for all of them."""

    def __init__(self, message: str, *, messages: Sequence[str], **context):
        super().__init__(message, **context)
        self.messages = tuple(messages)


class RailwayNotFound(RailwayGraphQLError):
    """The object the operation names does not exist (any more)."""
