"""The API's documentation page, rendered on the server from the OpenAPI description in
the site's layout (no script, nothing loaded from elsewhere: the site works offline), and
the JSON 404 for paths under /api/ that name nothing."""

from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from .app import api
from .errors import error_response

METHODS = ("get", "post", "put", "patch", "delete")


@require_safe
def page(request):
    schema = api.get_openapi_schema()
    components = schema.get("components", {}).get("schemas", {})
    operations = []
    for path, item in schema["paths"].items():
        for method in METHODS:
            op = item.get(method)
            if op:
                operations.append(_operation(path, method, op))
    context = {
        "info": schema["info"],
        "operations": operations,
        "schemas": [
            {"name": name, "fields": _fields(body), "description": body.get("description", "")}
            for name, body in sorted(components.items())
        ],
        "openapi_url": reverse("archive:openapi-json"),
    }
    return render(request, "api/docs.html", context)


def _operation(path, method, op):
    return {
        "id": op.get("operationId", ""),
        "method": method.upper(),
        "path": path,
        "summary": op.get("summary", ""),
        "description": op.get("description", ""),
        "parameters": [
            {
                "name": p["name"],
                "in": p["in"],
                "required": p.get("required", False),
                "type": type_name(p.get("schema", {})),
                "description": p.get("description") or p.get("schema", {}).get("description", ""),
            }
            for p in op.get("parameters", [])
        ],
        "responses": [
            {"status": status, "type": type_name(_content_schema(body))}
            for status, body in op.get("responses", {}).items()
        ],
    }


def _content_schema(response):
    return response.get("content", {}).get("application/json", {}).get("schema", {})


def _fields(body):
    required = set(body.get("required", []))
    return [
        {
            "name": name,
            "type": type_name(spec),
            "required": name in required,
            "description": spec.get("description", ""),
        }
        for name, spec in body.get("properties", {}).items()
    ]


def type_name(spec):
    """A JSON schema's type in a few words: `string`, `list of Meeting`, `integer | null`."""
    if "$ref" in spec:
        return spec["$ref"].rsplit("/", 1)[-1]
    if "anyOf" in spec:
        return " | ".join(type_name(s) for s in spec["anyOf"])
    kind = spec.get("type", "")
    if kind == "array":
        return f"list of {type_name(spec.get('items', {}))}"
    if spec.get("format"):
        return f"{kind} ({spec['format']})"
    if spec.get("pattern"):
        return f"{kind} ({spec['pattern']})"
    return kind or "object"


def not_found(request):
    return error_response(
        404,
        f"No API endpoint at {request.path}; see {request.build_absolute_uri(reverse('archive:api_docs'))}",
    )
