"""The schema's view of errors: every operation may answer with a problem document (producers/api/problems.py),
and says so, so that a client (and schemathesis) knows what a 400, 401, 403, 404 or 429 looks like."""

from typing import Any, Literal

from drf_spectacular.openapi import AutoSchema

PROBLEM_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["type", "title", "status", "detail", "code"],
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "code": {"type": "string"},
        "errors": {
            "type": "object",
            "additionalProperties": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {"message": {"type": "string"}, "code": {"type": "string"}},
                },
            },
        },
    },
}
READ_ERRORS = {
    "400": "The request was refused: see `errors`.",
    "401": "No valid token or session.",
    "403": "Not allowed for your role.",
    "404": "Not found, or outside your groups.",
    "429": "Too many requests: wait for Retry-After seconds.",
}
WRITE_ERRORS = {
    "409": "Someone else saved the record meanwhile.",
    "412": "If-Match is not the record's current version.",
    "428": "Send If-Match with the version read.",
}


class ProblemAutoSchema(AutoSchema):
    def _get_response_bodies(self, direction: Literal["request", "response"] = "response") -> dict[str, Any]:
        responses: dict[str, Any] = super()._get_response_bodies(direction)
        errors = dict(READ_ERRORS)
        if self.method in ("PUT", "PATCH"):
            errors |= WRITE_ERRORS
        for code, description in errors.items():
            responses.setdefault(
                code, {"description": description, "content": {"application/problem+json": {"schema": PROBLEM_SCHEMA}}}
            )
        return responses


def ids_are_positive(result: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    """A postprocessing hook: an id in a path is a positive integer (the URL patterns match no minus sign)."""
    for path in result.get("paths", {}).values():
        for operation in path.values():
            for parameter in operation.get("parameters", []) if isinstance(operation, dict) else []:
                if parameter.get("in") == "path" and parameter.get("schema", {}).get("type") == "integer":
                    parameter["schema"]["minimum"] = 1
    return result
