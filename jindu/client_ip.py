"""The visitor's address: REMOTE_ADDR, or the forwarded address when the request came through a trusted proxy.

nginx appends the address it saw to `X-Forwarded-For`, so the right end of the header is the part our own
proxies wrote; anything to its left came from the visitor and may be made up. Walking from the right, the
first address that is not one of our proxies is the visitor's. Without `JINDU_TRUSTED_PROXIES` the header
is never read. Sign-in throttling (django-axes) and the anonymous quiz limit both key on this address.
"""

import ipaddress
from functools import lru_cache

from django.conf import settings

ATTRIBUTE = "_jindu_client_ip"


@lru_cache(maxsize=8)
def _networks(proxies):
    return tuple(ipaddress.ip_network(proxy, strict=False) for proxy in proxies)


def _parse(text):
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def _trusted(address):
    networks = _networks(tuple(getattr(settings, "JINDU_TRUSTED_PROXIES", ())))
    return any(address in network for network in networks)


def _client_ip(meta):
    remote = meta.get("REMOTE_ADDR", "")
    address = _parse(remote)
    if address is None or not _trusted(address):
        return remote
    for hop in reversed(meta.get("HTTP_X_FORWARDED_FOR", "").split(",")):
        hop_address = _parse(hop)
        if hop_address is None:
            break  # only a visitor writes garbage: the last proxy we trust is all we know
        if not _trusted(hop_address):
            return str(hop_address)
        address = hop_address
    return str(address)


def client_ip(request):
    """The visitor's IP address as a string (what axes' AXES_CLIENT_IP_CALLABLE and the quiz limit use)."""
    value = getattr(request, ATTRIBUTE, None)
    if value is None:
        value = _client_ip(request.META)
        setattr(request, ATTRIBUTE, value)
    return value
