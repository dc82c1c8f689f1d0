from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.progress_recorded import ProgressRecorded
from ...models.record_progress import RecordProgress
from ...types import Response


def _get_kwargs(
    id: UUID,
    lesson_id: UUID,
    *,
    body: RecordProgress,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "put",
        "url": "/v1/enrollments/{id}/progress/{lesson_id}".format(
            id=quote(str(id), safe=""),
            lesson_id=quote(str(lesson_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | ProgressRecorded | None:
    if response.status_code == 200:
        response_200 = ProgressRecorded.from_dict(response.json())

        return response_200

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
) -> Response[Problem | ProgressRecorded]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    id: UUID,
    lesson_id: UUID,
    *,
    client: AuthenticatedClient,
    body: RecordProgress,
) -> Response[Problem | ProgressRecorded]:
    """Record progress on a lesson

     Idempotent: repeating the call leaves the same state. When the last counted lesson completes,
    the enrollment becomes `completed` (exactly once), and a certificate is issued in the background.
    A lesson of another course is 400; a quiz completes only by passing an attempt (409
    `quiz_not_passed`); a dropped enrollment is 409 `enrollment_dropped`. Its learner may record;
    others need `enrollments:write`.

    Args:
        id (UUID):
        lesson_id (UUID):
        body (RecordProgress): Progress on one lesson. Example: {'score': None, 'status':
            'completed', 'time_spent_seconds': 420}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | ProgressRecorded]
    """

    kwargs = _get_kwargs(
        id=id,
        lesson_id=lesson_id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    id: UUID,
    lesson_id: UUID,
    *,
    client: AuthenticatedClient,
    body: RecordProgress,
) -> Problem | ProgressRecorded | None:
    """Record progress on a lesson

     Idempotent: repeating the call leaves the same state. When the last counted lesson completes,
    the enrollment becomes `completed` (exactly once), and a certificate is issued in the background.
    A lesson of another course is 400; a quiz completes only by passing an attempt (409
    `quiz_not_passed`); a dropped enrollment is 409 `enrollment_dropped`. Its learner may record;
    others need `enrollments:write`.

    Args:
        id (UUID):
        lesson_id (UUID):
        body (RecordProgress): Progress on one lesson. Example: {'score': None, 'status':
            'completed', 'time_spent_seconds': 420}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | ProgressRecorded
    """

    return sync_detailed(
        id=id,
        lesson_id=lesson_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    id: UUID,
    lesson_id: UUID,
    *,
    client: AuthenticatedClient,
    body: RecordProgress,
) -> Response[Problem | ProgressRecorded]:
    """Record progress on a lesson

     Idempotent: repeating the call leaves the same state. When the last counted lesson completes,
    the enrollment becomes `completed` (exactly once), and a certificate is issued in the background.
    A lesson of another course is 400; a quiz completes only by passing an attempt (409
    `quiz_not_passed`); a dropped enrollment is 409 `enrollment_dropped`. Its learner may record;
    others need `enrollments:write`.

    Args:
        id (UUID):
        lesson_id (UUID):
        body (RecordProgress): Progress on one lesson. Example: {'score': None, 'status':
            'completed', 'time_spent_seconds': 420}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | ProgressRecorded]
    """

    kwargs = _get_kwargs(
        id=id,
        lesson_id=lesson_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    id: UUID,
    lesson_id: UUID,
    *,
    client: AuthenticatedClient,
    body: RecordProgress,
) -> Problem | ProgressRecorded | None:
    """Record progress on a lesson

     Idempotent: repeating the call leaves the same state. When the last counted lesson completes,
    the enrollment becomes `completed` (exactly once), and a certificate is issued in the background.
    A lesson of another course is 400; a quiz completes only by passing an attempt (409
    `quiz_not_passed`); a dropped enrollment is 409 `enrollment_dropped`. Its learner may record;
    others need `enrollments:write`.

    Args:
        id (UUID):
        lesson_id (UUID):
        body (RecordProgress): Progress on one lesson. Example: {'score': None, 'status':
            'completed', 'time_spent_seconds': 420}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | ProgressRecorded
    """

    return (
        await asyncio_detailed(
            id=id,
            lesson_id=lesson_id,
            client=client,
            body=body,
        )
    ).parsed
