{%- set module, attribute = cookiecutter._sgi.app.split(":") -%}
{%- set wrap = cookiecutter._sgi.proxy_headers -%}
"""What {{ cookiecutter._sgi.server_label }} serves: ``behind_proxy:app`` (see the Dockerfile's CMD).

It is the application, ``{{ cookiecutter._sgi.app }}``, seen through the proxy in front:
the client's address and scheme come from the ``X-Forwarded-For`` and ``X-Forwarded-Proto``
headers nginx and Ingress controllers send, believed only from the proxies in
FORWARDED_ALLOW_IPS (addresses or networks, comma-separated; ``*`` believes anyone).
Anyone else's headers are ignored, so a client reaching the app directly cannot pose as
another address. {{ cookiecutter._sgi.server_label }} has no setting of its own that checks
the proxy's address, so ``{{ wrap.module }}.{{ wrap.name }}`` does it.
"""

import os

{% if wrap.adapter -%}
from {{ wrap.adapter_module }} import {{ wrap.adapter }}
{% endif -%}
from {{ wrap.module }} import {{ wrap.name }}

from {{ module }} import {{ attribute }} as application

#: The proxies whose X-Forwarded-* headers are believed.
TRUSTED = os.environ.get("FORWARDED_ALLOW_IPS", "{{ cookiecutter._sgi.forwarded_allow_ips }}")
{% if wrap.adapter %}
# The wrapper takes ASGI apps: Hypercorn's own WSGI adapter (what it runs WSGI apps in otherwise) comes
# first, with Hypercorn's default request body limit (wsgi_max_body_size, 16 MiB).
app = {{ wrap.name }}(
    {{ wrap.adapter }}(application, max_body_size=16 * 1024 * 1024),
    trusted_hosts=TRUSTED,
)
{%- else %}
app = {{ wrap.name }}(application, trusted_hosts=TRUSTED)
{%- endif %}
