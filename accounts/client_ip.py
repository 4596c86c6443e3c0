"""Which address a request came from, for lockouts and rate limits."""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    """Return the client's IP address, trusting only our own proxies' X-Forwarded-For.

    Each trusted proxy appends the address it received the request from, so with N
    trusted proxies the client is the N-th entry from the right; anything further left
    was written by the client and may be forged.
    """
    remote_addr = request.META.get("REMOTE_ADDR", "")
    proxy_count = settings.TRUSTED_PROXY_COUNT
    if proxy_count:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxy_count:
            candidate = forwarded[-proxy_count]
            try:
                return str(ipaddress.ip_address(candidate))
            except ValueError:
                pass
    return remote_addr
