"""What the API tests read from an answer: the ids it lists and the errors it gives.

Every refusal has the same shape, `{"detail": "…", "errors": {field: [messages]}}`; these
helpers check that shape as they read it.
"""


def listed(response) -> list[int]:
    """The ids of a list answer's page, after checking it answered 200."""
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


def field_errors(response) -> dict:
    """The errors of a refused request, after checking it has the API's error shape."""
    assert response.status_code == 400, response.content
    body = response.json()
    assert set(body) == {"detail", "errors"} and body["detail"]
    return body["errors"]


def refused(response, status: int) -> None:
    """Check that the request was refused with `status` and the API's error shape."""
    assert response.status_code == status, response.content
    assert set(response.json()) == {"detail", "errors"}
