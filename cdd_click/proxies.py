"""The client's address and scheme, taken from forwarded headers only when our own proxy sent them.

Anyone can send ``X-Forwarded-For``; only a request whose ``REMOTE_ADDR`` is one of
``TRUSTED_PROXIES`` (IPs or CIDRs; ``PROXY_FIX=1`` adds 127.0.0.1 and ::1) has its
``X-Forwarded-For`` and ``X-Forwarded-Proto`` read. The client is the right-most address that is
not a trusted proxy, because each proxy appends the address it saw. ``X-Forwarded-Host`` is never
read: absolute URLs come from ``SITE_URL``.
"""

from __future__ import annotations

from collections.abc import Iterable
from ipaddress import ip_address, ip_network
from typing import Any

from flask import Flask

LOOPBACK = ["127.0.0.1", "::1"]


def trusted_proxies(config: dict[str, Any]) -> list[str]:
    """``TRUSTED_PROXIES``, plus loopback when ``PROXY_FIX`` is on."""
    trusted = list(config.get("TRUSTED_PROXIES") or [])
    if config.get("PROXY_FIX"):
        trusted += [address for address in LOOPBACK if address not in trusted]
    return trusted


def _address(text: str):
    try:
        return ip_address(text.strip())
    except ValueError:
        return None


class TrustedProxies:
    """WSGI middleware: rewrite ``REMOTE_ADDR`` and the scheme for requests from our proxies."""

    def __init__(self, app, trusted: Iterable[str]):
        self.app = app
        try:
            self.networks = [ip_network(entry.strip(), strict=False) for entry in trusted]
        except ValueError as problem:
            raise ValueError(f"TRUSTED_PROXIES: {problem}") from None

    def is_trusted(self, address) -> bool:
        """True when ``address`` (an ip_address or None) is one of our proxies."""
        return address is not None and any(address in network for network in self.networks)

    def client(self, remote: str, forwarded_for: str) -> str:
        """The right-most address in the chain that is not one of our proxies."""
        client = remote
        for hop in reversed([hop for hop in forwarded_for.split(",") if hop.strip()]):
            address = _address(hop)
            if address is None:
                break  # not written by a proxy of ours: trust nothing to its left
            client = str(address)
            if not self.is_trusted(address):
                break
        return client

    def __call__(self, environ, start_response):
        remote = environ.get("REMOTE_ADDR", "")
        if self.is_trusted(_address(remote)):
            environ["REMOTE_ADDR"] = self.client(remote, environ.get("HTTP_X_FORWARDED_FOR", ""))
            proto = environ.get("HTTP_X_FORWARDED_PROTO", "").split(",")[-1].strip().lower()
            if proto in ("http", "https"):
                environ["wsgi.url_scheme"] = proto
        return self.app(environ, start_response)


def init_app(app: Flask) -> None:
    """Install the middleware when the site runs behind proxies it trusts."""
    trusted = trusted_proxies(app.config)
    if trusted:
        app.wsgi_app = TrustedProxies(app.wsgi_app, trusted)
