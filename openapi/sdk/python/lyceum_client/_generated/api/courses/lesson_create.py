from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.create_lesson import CreateLesson
from ...models.lesson_view import LessonView
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    id: UUID,
    *,
    body: CreateLesson,
    idempotency_key: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/modules/{id}/lessons".format(
            id=quote(str(id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> LessonView | Problem | None:
    if response.status_code == 201:
        response_201 = LessonView.from_dict(response.json())

        return response_201

    if response.status_code == 400:
        response_400 = Problem.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())

        return response_401

    if response.status_code == 402:
        response_402 = Problem.from_dict(response.json())

        return response_402

    if response.status_code == 403:
        response_403 = Problem.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = Problem.from_dict(response.json())

        return response_404

    if response.status_code == 409:
        response_409 = Problem.from_dict(response.json())

        return response_409

    if response.status_code == 413:
        response_413 = Problem.from_dict(response.json())

        return response_413

    if response.status_code == 415:
        response_415 = Problem.from_dict(response.json())

        return response_415

    if response.status_code == 422:
        response_422 = Problem.from_dict(response.json())

        return response_422

    if response.status_code == 429:
        response_429 = Problem.from_dict(response.json())

        return response_429

    if response.status_code == 500:
        response_500 = Problem.from_dict(response.json())

        return response_500

    if response.status_code == 503:
        response_503 = Problem.from_dict(response.json())

        return response_503

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[LessonView | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    id: UUID,
    *,
    client: AuthenticatedClient,
    body: CreateLesson,
    idempotency_key: str | Unset = UNSET,
) -> Response[LessonView | Problem]:
    """Add a lesson

     At `position` (1-based) or at the end of the module. Every content problem is reported by field.

    Args:
        id (UUID):
        idempotency_key (str | Unset):
        body (CreateLesson): A lesson to add. `kind` decides which content fields apply: `text`
            needs `body` (Markdown);
            `video` needs `url` (and may give `duration_seconds`); `file` needs `url` (and may give
            `size_bytes`,
            `media_type`); `quiz` needs `passing_score` and `questions` (and may give `max_attempts`);
            `assignment` needs `assignment`; `lti` needs `lti` with the `tool_id` of one of the
            institution's
            LTI tools. Example: {'assignment_group_id': None, 'body': '# Atoms\\n\\nEverything is made
            of them.', 'duration_seconds': None, 'kind': 'text', 'max_attempts': None, 'media_type':
            None, 'passing_score': None, 'position': None, 'questions': None, 'required': None,
            'size_bytes': None, 'title': 'What is an atom?', 'url': None}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[LessonView | Problem]
    """

    kwargs = _get_kwargs(
        id=id,
        body=body,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    id: UUID,
    *,
    client: AuthenticatedClient,
    body: CreateLesson,
    idempotency_key: str | Unset = UNSET,
) -> LessonView | Problem | None:
    """Add a lesson

     At `position` (1-based) or at the end of the module. Every content problem is reported by field.

    Args:
        id (UUID):
        idempotency_key (str | Unset):
        body (CreateLesson): A lesson to add. `kind` decides which content fields apply: `text`
            needs `body` (Markdown);
            `video` needs `url` (and may give `duration_seconds`); `file` needs `url` (and may give
            `size_bytes`,
            `media_type`); `quiz` needs `passing_score` and `questions` (and may give `max_attempts`);
            `assignment` needs `assignment`; `lti` needs `lti` with the `tool_id` of one of the
            institution's
            LTI tools. Example: {'assignment_group_id': None, 'body': '# Atoms\\n\\nEverything is made
            of them.', 'duration_seconds': None, 'kind': 'text', 'max_attempts': None, 'media_type':
            None, 'passing_score': None, 'position': None, 'questions': None, 'required': None,
            'size_bytes': None, 'title': 'What is an atom?', 'url': None}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        LessonView | Problem
    """

    return sync_detailed(
        id=id,
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    id: UUID,
    *,
    client: AuthenticatedClient,
    body: CreateLesson,
    idempotency_key: str | Unset = UNSET,
) -> Response[LessonView | Problem]:
    """Add a lesson

     At `position` (1-based) or at the end of the module. Every content problem is reported by field.

    Args:
        id (UUID):
        idempotency_key (str | Unset):
        body (CreateLesson): A lesson to add. `kind` decides which content fields apply: `text`
            needs `body` (Markdown);
            `video` needs `url` (and may give `duration_seconds`); `file` needs `url` (and may give
            `size_bytes`,
            `media_type`); `quiz` needs `passing_score` and `questions` (and may give `max_attempts`);
            `assignment` needs `assignment`; `lti` needs `lti` with the `tool_id` of one of the
            institution's
            LTI tools. Example: {'assignment_group_id': None, 'body': '# Atoms\\n\\nEverything is made
            of them.', 'duration_seconds': None, 'kind': 'text', 'max_attempts': None, 'media_type':
            None, 'passing_score': None, 'position': None, 'questions': None, 'required': None,
            'size_bytes': None, 'title': 'What is an atom?', 'url': None}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[LessonView | Problem]
    """

    kwargs = _get_kwargs(
        id=id,
        body=body,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    id: UUID,
    *,
    client: AuthenticatedClient,
    body: CreateLesson,
    idempotency_key: str | Unset = UNSET,
) -> LessonView | Problem | None:
    """Add a lesson

     At `position` (1-based) or at the end of the module. Every content problem is reported by field.

    Args:
        id (UUID):
        idempotency_key (str | Unset):
        body (CreateLesson): A lesson to add. `kind` decides which content fields apply: `text`
            needs `body` (Markdown);
            `video` needs `url` (and may give `duration_seconds`); `file` needs `url` (and may give
            `size_bytes`,
            `media_type`); `quiz` needs `passing_score` and `questions` (and may give `max_attempts`);
            `assignment` needs `assignment`; `lti` needs `lti` with the `tool_id` of one of the
            institution's
            LTI tools. Example: {'assignment_group_id': None, 'body': '# Atoms\\n\\nEverything is made
            of them.', 'duration_seconds': None, 'kind': 'text', 'max_attempts': None, 'media_type':
            None, 'passing_score': None, 'position': None, 'questions': None, 'required': None,
            'size_bytes': None, 'title': 'What is an atom?', 'url': None}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        LessonView | Problem
    """

    return (
        await asyncio_detailed(
            id=id,
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
