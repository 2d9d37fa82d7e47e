"""Every error the Cloudinary package raises, and when to catch which.

    CloudinaryError                  anything this package raises
    ├── CloudinaryConfigError        a provider setting is wrong (cloudName, apiKey, CLOUDINARY_URL): fix the config
    ├── CloudinaryCredentialsError   no key or secret, or Cloudinary refused them (401/403): fix the credentials
    ├── CloudinaryRequestError       Cloudinary refused the request (another 4xx): the message quotes why
    │   ├── CloudinaryNotFound       404: no such preset; `read` turns this into "deleted"
    │   └── CloudinaryConflict       409: a preset of that name exists already
    └── CloudinaryUnavailable        420/429, 5xx or timeouts outlasted the retry policy: try later
        └── CloudinaryOutcomeUnknown a write's answer was lost and what it did could not be told

No error holds the API key or secret: the client redacts both from any text it quotes.
"""

from __future__ import annotations


class CloudinaryError(Exception):
    """Base of every error this package raises."""


class CloudinaryConfigError(CloudinaryError):
    """A provider setting is wrong; the message names the key or variable and the fix."""


class CloudinaryCredentialsError(CloudinaryError):
    """No key or secret was found, or Cloudinary refused them. Retrying cannot help."""


class CloudinaryRequestError(CloudinaryError):
    def __init__(self, message: str, *, status: int | None = None):
        super().__init__(message)
        self.status = status


class CloudinaryNotFound(CloudinaryRequestError):
    def __init__(self, message: str):
        super().__init__(message, status=404)


class CloudinaryConflict(CloudinaryRequestError):
    """409. `after_lost_answer`: an earlier attempt of the same request lost its answer, so the
    object in the way may be the one that attempt made."""

    def __init__(self, message: str, *, after_lost_answer: bool = False):
        super().__init__(message, status=409)
        self.after_lost_answer = after_lost_answer


class CloudinaryUnavailable(CloudinaryError):
    def __init__(self, message: str, *, attempts: int):
        super().__init__(message)
        self.attempts = attempts


class CloudinaryOutcomeUnknown(CloudinaryUnavailable):
    """A write whose answer was lost, and whose effect looking could not establish."""
