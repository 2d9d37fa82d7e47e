"""Where verify connects: the public name by default, or another address (curl's --connect-to).

`--connect-to myapp.com:443:127.0.0.1:8443` sends what is meant for myapp.com on 443 to
127.0.0.1:8443 while keeping the name for SNI, certificate checking and the Host header, so
the same checks run against a loopback site, a staging IP or a single origin server.
"""

from __future__ import annotations

import ssl
from collections.abc import Mapping
from dataclasses import dataclass, field

import certifi
import httpx

DEFAULT_PORTS = {"http": 80, "https": 443}


class ConnectToError(ValueError):
    pass


@dataclass(frozen=True)
class ConnectTo:
    routes: Mapping[tuple[str, int], tuple[str, int]] = field(default_factory=dict)

    @classmethod
    def parse(cls, entries: list[str]) -> ConnectTo:
        routes = {}
        for entry in entries:
            parts = entry.rsplit(":", 3) if entry.count(":") >= 3 else []
            if len(parts) != 4 or not parts[1].isdigit() or not parts[3].isdigit():
                raise ConnectToError(f"--connect-to {entry!r}: expected HOST:PORT:ADDRESS:PORT, e.g. myapp.com:443:127.0.0.1:8443")
            host, port, address, target = parts
            routes[(host, int(port))] = (address, int(target))
        return cls(routes)

    def address(self, host: str, port: int) -> tuple[str, int]:
        return self.routes.get((host, port), (host, port))


class RoutingTransport(httpx.HTTPTransport):
    """An httpx transport that connects where `ConnectTo` says, keeping the name for TLS and Host."""

    def __init__(self, connect_to: ConnectTo, verify: ssl.SSLContext):
        super().__init__(verify=verify)
        self._connect_to = connect_to

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        host, port = request.url.host, request.url.port or DEFAULT_PORTS[request.url.scheme]
        address, target = self._connect_to.address(host, port)
        if (address, target) != (host, port):
            request.url = request.url.copy_with(host=address, port=target)
            request.extensions = {**request.extensions, "sni_hostname": host}
        return super().handle_request(request)


def trust_context(ca_bundle: str | None) -> ssl.SSLContext:
    """Certificates checked against `ca_bundle`, else the public roots (certifi)."""
    return ssl.create_default_context(cafile=ca_bundle or certifi.where())


def http_client(connect_to: ConnectTo, trust: ssl.SSLContext, timeout: float) -> httpx.Client:
    # Redirects are checked, not followed: a 301's status and Location are what is verified.
    return httpx.Client(transport=RoutingTransport(connect_to, trust), timeout=timeout, follow_redirects=False)
