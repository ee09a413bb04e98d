"""The API's docs page: the OpenAPI description (the same one /api/openapi.json serves) rendered
as a plain page of the site (templates/registry/api_docs.html), with no script, so that it is
accessible (headings, tables, one landmark per region, the site's contrast) and passes the site's
strict Content-Security-Policy. Swagger UI, django-ninja's default, had 19 serious axe
violations (contrast, no page language, buttons nested in buttons)."""

from django.shortcuts import render
from django.utils import translation
from ninja.openapi.docs import DocsBase


def type_name(schema):
    """A schema's type in words: "string", "integer or null", "array of PairOut", "PlaceOut"."""
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[-1]
    if "anyOf" in schema:
        return " or ".join(type_name(option) for option in schema["anyOf"])
    if schema.get("type") == "array":
        return f"array of {type_name(schema.get('items', {}))}"
    return schema.get("type", "any")


def limits(schema):
    """Bounds and default a client must respect, e.g. "1 – 500, default 1"."""
    options = [schema, *schema.get("anyOf", [])]
    low = next((o["minimum"] for o in options if "minimum" in o), None)
    high = next((o["maximum"] for o in options if "maximum" in o), None)
    words = [f"{low} – {high}"] if low is not None and high is not None else []
    if "default" in schema:
        words.append(f"default {schema['default']}")
    return ", ".join(words)


def reference(schema):
    """The name of the schema a response or field refers to (for a link to it), if any."""
    for candidate in (schema, schema.get("items", {}), *schema.get("anyOf", [])):
        if "$ref" in candidate:
            return candidate["$ref"].rsplit("/", 1)[-1]
    return None


def endpoints(openapi):
    for path, operations in openapi["paths"].items():
        for method, operation in operations.items():
            ok = operation["responses"].get(200) or operation["responses"].get("200") or {}
            body = ok.get("content", {}).get("application/json", {}).get("schema", {})
            yield {
                "id": operation["operationId"],
                "method": method.upper(),
                "path": path,
                "summary": operation.get("summary", ""),
                "description": operation.get("description", ""),
                "parameters": [
                    {
                        "name": parameter["name"],
                        "where": parameter["in"],
                        "required": parameter.get("required", False),
                        "type": type_name(parameter["schema"]),
                        "limits": limits(parameter["schema"]),
                        "description": parameter.get("description", ""),
                    }
                    for parameter in operation.get("parameters", [])
                ],
                "returns": reference(body),
                "example": path if "{" not in path else None,
            }


def schemas(openapi):
    for name, schema in openapi.get("components", {}).get("schemas", {}).items():
        if not name.endswith("Out"):
            continue  # the query schemas are listed as each endpoint's parameters
        required = set(schema.get("required", []))
        yield {
            "name": name,
            "fields": [
                {
                    "name": field,
                    "type": type_name(spec),
                    "link": reference(spec),
                    "required": field in required,
                    "description": spec.get("description", ""),
                }
                for field, spec in schema.get("properties", {}).items()
            ],
        }


class ReadableDocs(DocsBase):
    """django-ninja's docs renderer interface, drawing the page from the OpenAPI description."""

    def render_page(self, request, api, **kwargs):
        openapi = api.get_openapi_schema(path_params=kwargs)
        context = {
            "info": openapi["info"],
            "endpoints": list(endpoints(openapi)),
            "schemas": list(schemas(openapi)),
            "openapi_url": self.get_openapi_url(api, kwargs),
        }
        # The API speaks no language and the page cache keys pages by address only: one page, in
        # English like the descriptions it shows.
        with translation.override("en"):
            return render(request, "registry/api_docs.html", context)
