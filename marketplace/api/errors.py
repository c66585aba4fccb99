"""JSON errors for the API: ``{"error": "..."}`` with a 4xx status."""
from flask import jsonify, request


def wants_json() -> bool:
    return request.path.startswith("/api/")


def json_error(message: str, status: int):
    response = jsonify({"error": message})
    response.status_code = status
    return response
