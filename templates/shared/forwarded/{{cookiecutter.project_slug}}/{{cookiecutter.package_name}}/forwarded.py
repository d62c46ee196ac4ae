"""Which proxies' X-Forwarded-For and X-Forwarded-Proto headers are believed.

Those whose address is in FORWARDED_ALLOW_IPS: addresses or networks, comma-separated
(``*`` believes anyone), as Uvicorn's ``--forwarded-allow-ips`` and Gunicorn's
``forwarded_allow_ips`` read it. Anyone else's headers are ignored, so a client reaching
the app directly cannot pose as another address. {{ cookiecutter._sgi.server_label }} has no
setting that checks the proxy's address, so {% if cookiecutter._sgi.own_server %}main.py's request class{% else %}{{ cookiecutter._sgi.server_config }}{% endif %}
asks this module.
"""

from __future__ import annotations

import ipaddress
import os

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def parse(allowed: str) -> list[Network | str]:
    """FORWARDED_ALLOW_IPS's networks (an address is a network of one), and "*" as itself."""
    return [item if item == "*" else ipaddress.ip_network(item, strict=False)
            for item in (part.strip() for part in allowed.split(",")) if item]


#: The proxies whose headers are believed (default: loopback and the private networks compose and clusters use).
TRUSTED = parse(os.environ.get("FORWARDED_ALLOW_IPS", "{{ cookiecutter._sgi.forwarded_allow_ips }}"))


def trusted(peer: str) -> bool:
    """Whether ``peer``, the address a request came from, is one of TRUSTED (not an address: no)."""
    try:
        address = ipaddress.ip_address(peer.strip("[]"))
    except ValueError:
        return False
    return any(network == "*" or address in network for network in TRUSTED)
