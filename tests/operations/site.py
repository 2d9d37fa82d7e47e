"""A loopback copy of a deployed stack: real HTTPS (a throwaway CA), real redirects, real CORS.

The site serves what a healthy deployment of the stack serves (the hosts, headers, health
answers and CORS rules its config declares), or one broken variant of it, so each verify check
is seen to pass on the real thing and to fail on exactly its own fault.
"""

from __future__ import annotations

import datetime
import ipaddress
import json
import ssl
import threading
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from infra.operations.connect import ConnectTo
from infra.operations.expectations import Expectations


@dataclass(frozen=True)
class Faults:
    """What the broken variants get wrong; the default is a correct site."""

    missing_header: str | None = None
    accepts_tls_1_0: bool = False
    redirect_status: int = 301
    cors_reflects_any_origin: bool = False
    backend_health: dict[str, str] = field(default_factory=lambda: {"status": "healthy", "database": "connected"})
    certificate_days: int = 90


CORRECT = Faults()


@dataclass(frozen=True)
class TestCA:
    __test__ = False
    key: ec.EllipticCurvePrivateKey
    certificate: x509.Certificate
    bundle: Path

    @classmethod
    def create(cls, directory: Path) -> TestCA:
        key = ec.generate_private_key(ec.SECP256R1())
        name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "verify tests throwaway CA")])
        now = datetime.datetime.now(datetime.UTC)
        certificate = (
            x509.CertificateBuilder()
            .subject_name(name)
            .issuer_name(name)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(minutes=5))
            .not_valid_after(now + datetime.timedelta(days=2))
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .add_extension(x509.KeyUsage(False, False, False, False, False, True, True, False, False), critical=True)
            .sign(key, hashes.SHA256())
        )
        bundle = directory / "ca.pem"
        bundle.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
        return cls(key, certificate, bundle)

    def issue(self, hosts: tuple[str, ...], days: int, directory: Path) -> tuple[Path, Path]:
        key = ec.generate_private_key(ec.SECP256R1())
        now = datetime.datetime.now(datetime.UTC)
        names: list[x509.GeneralName] = [x509.DNSName(host) for host in hosts]
        names.append(x509.IPAddress(ipaddress.ip_address("127.0.0.1")))
        certificate = (
            x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, hosts[0])]))
            .issuer_name(self.certificate.subject)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(minutes=5))
            .not_valid_after(now + datetime.timedelta(days=days))
            .add_extension(x509.SubjectAlternativeName(names), critical=False)
            .add_extension(x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
            .sign(self.key, hashes.SHA256())
        )
        cert_path, key_path = directory / f"leaf-{days}.pem", directory / f"leaf-{days}.key"
        cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
        key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
        return cert_path, key_path


def _handler(expected: Expectations, faults: Faults, secure: bool) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            return

        def do_GET(self) -> None:
            host = (self.headers.get("Host") or "").split(":")[0]
            if not secure:
                return self._answer(faults.redirect_status, {"Location": f"https://{host}{self.path}"})
            if host in expected.redirect_hosts:
                location = f"https://{expected.frontend_host}{self.path}"
                return self._answer(faults.redirect_status, {"Location": location, **self._hsts()})
            if host == expected.frontend_host:
                return self._answer(200, self._served(expected.frontend_headers), b"<!doctype html><title>myapp</title>")
            if host == expected.api_host and self.path == expected.backend_health.path:
                body = json.dumps(faults.backend_health, separators=(",", ":")).encode()
                return self._answer(200, {"Content-Type": "application/json", **self._served(expected.api_headers)}, body)
            return self._answer(404, {})

        def do_OPTIONS(self) -> None:
            origin = self.headers.get("Origin", "")
            host = (self.headers.get("Host") or "").split(":")[0]
            if host != expected.api_host:
                return self._answer(405, {})
            if origin == expected.own_origin or faults.cors_reflects_any_origin:
                allowed = {
                    "Access-Control-Allow-Origin": origin,
                    "Access-Control-Allow-Credentials": "true",
                    "Access-Control-Allow-Methods": ",".join(expected.cors_methods),
                    "Vary": "Origin",
                }
                return self._answer(204, allowed)
            return self._answer(204, {"Vary": "Origin"})

        def _hsts(self) -> dict[str, str]:
            return {"Strict-Transport-Security": expected.frontend_headers["Strict-Transport-Security"]}

        def _served(self, headers: dict[str, str]) -> dict[str, str]:
            return {name: value for name, value in headers.items() if name != faults.missing_header}

        def _answer(self, status: int, headers: dict[str, str], body: bytes = b"") -> None:
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    return Handler


def _tls_context(cert: Path, key: Path, faults: Faults) -> ssl.SSLContext:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    if faults.accepts_tls_1_0:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            context.minimum_version = ssl.TLSVersion.TLSv1
            context.set_ciphers("ALL:@SECLEVEL=0")
    else:
        context.minimum_version = ssl.TLSVersion.TLSv1_2
    return context


@contextmanager
def serving(expected: Expectations, ca: TestCA, directory: Path, faults: Faults = CORRECT) -> Iterator[ConnectTo]:
    """Starts the site's HTTPS and HTTP listeners; yields the routes that send every public host to them."""
    cert, key = ca.issue(expected.public_hosts, faults.certificate_days, directory)
    https = ThreadingHTTPServer(("127.0.0.1", 0), _handler(expected, faults, secure=True))
    https.socket = _tls_context(cert, key, faults).wrap_socket(https.socket, server_side=True)
    http = ThreadingHTTPServer(("127.0.0.1", 0), _handler(expected, faults, secure=False))
    servers = (https, http)
    for server in servers:
        threading.Thread(target=server.serve_forever, daemon=True).start()
    routes = {}
    for host in expected.public_hosts:
        routes[(host, 443)] = ("127.0.0.1", https.server_address[1])
        routes[(host, 80)] = ("127.0.0.1", http.server_address[1])
    try:
        yield ConnectTo(routes)
    finally:
        for server in servers:
            server.shutdown()
            server.server_close()


def connect_to_arguments(connect_to: ConnectTo) -> list[str]:
    """The routes as the CLI takes them: --connect-to HOST:PORT:ADDRESS:PORT."""
    arguments = []
    for (host, port), (address, target) in connect_to.routes.items():
        arguments += ["--connect-to", f"{host}:{port}:{address}:{target}"]
    return arguments
