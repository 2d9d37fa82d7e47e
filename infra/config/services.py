"""Managed services the stacks use but do not own as resources yet: Supabase and Cloudinary.

Their URLs and names feed the frontend's and backend's variables; their keys are secrets.
"""

from __future__ import annotations

from pydantic import Field

from .base import ConfigModel, HttpsUrl


class SupabaseConfig(ConfigModel):
    url: HttpsUrl
    project_ref: str = Field(pattern=r"^[a-z0-9]{1,40}$")


class CloudinaryConfig(ConfigModel):
    cloud_name: str = Field(pattern=r"^[A-Za-z0-9_-]{1,64}$")
