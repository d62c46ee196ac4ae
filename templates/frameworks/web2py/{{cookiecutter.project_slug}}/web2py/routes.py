# web2py's pattern-based URL rewriting. Every other URL keeps web2py's own
# scheme, /<application>/<controller>/<function>/<args>.
routes_in = (
    ("/", "/api/default/index"),
    ("/health", "/api/default/health"),
    ("/hello/$name", "/api/default/hello/$name"),
{%- if cookiecutter._sgi.data %}
    ("/items", "/api/items/index"),
{%- endif %}
)
# The same mapping backwards, so that URL() builds the short URLs.
routes_out = tuple((inside, outside) for outside, inside in routes_in)
