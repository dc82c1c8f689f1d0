from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.lesson_view import LessonView
from ...models.problem import Problem
from ...models.update_lesson import UpdateLesson
from ...types import UNSET, Response, Unset


def _get_kwargs(
    id: UUID,
    *,
    body: UpdateLesson,
    if_match: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(if_match, Unset):
        headers["If-Match"] = if_match

    _kwargs: dict[str, Any] = {
        "method": "patch",
        "url": "/v1/lessons/{id}".format(
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
    if response.status_code == 200:
        response_200 = LessonView.from_dict(response.json())

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

    if response.status_code == 412:
        response_412 = Problem.from_dict(response.json())

        return response_412

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
    body: UpdateLesson,
    if_match: str | Unset = UNSET,
) -> Response[LessonView | Problem]:
    """Update or move a lesson

     Changes fields (content revalidated for the resulting kind) and/or moves it with `module_id`
    and `position`. With `If-Match`, a stale version answers 412.

    Args:
        id (UUID):
        if_match (str | Unset):
        body (UpdateLesson): Changes to a lesson; absent fields stay. Content is revalidated for
            the resulting kind. `module_id`
            and/or `position` move it (within the same course). Example: {'body': '# The parts of an
            atom', 'duration_seconds': None, 'kind': None, 'max_attempts': None, 'media_type': None,
            'module_id': None, 'passing_score': None, 'position': 2, 'questions': None, 'required':
            True, 'size_bytes': None, 'title': 'Protons, neutrons and electrons', 'url': None}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[LessonView | Problem]
    """

    kwargs = _get_kwargs(
        id=id,
        body=body,
        if_match=if_match,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    id: UUID,
    *,
    client: AuthenticatedClient,
    body: UpdateLesson,
    if_match: str | Unset = UNSET,
) -> LessonView | Problem | None:
    """Update or move a lesson

     Changes fields (content revalidated for the resulting kind) and/or moves it with `module_id`
    and `position`. With `If-Match`, a stale version answers 412.

    Args:
        id (UUID):
        if_match (str | Unset):
        body (UpdateLesson): Changes to a lesson; absent fields stay. Content is revalidated for
            the resulting kind. `module_id`
            and/or `position` move it (within the same course). Example: {'body': '# The parts of an
            atom', 'duration_seconds': None, 'kind': None, 'max_attempts': None, 'media_type': None,
            'module_id': None, 'passing_score': None, 'position': 2, 'questions': None, 'required':
            True, 'size_bytes': None, 'title': 'Protons, neutrons and electrons', 'url': None}.

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
        if_match=if_match,
    ).parsed


async def asyncio_detailed(
    id: UUID,
    *,
    client: AuthenticatedClient,
    body: UpdateLesson,
    if_match: str | Unset = UNSET,
) -> Response[LessonView | Problem]:
    """Update or move a lesson

     Changes fields (content revalidated for the resulting kind) and/or moves it with `module_id`
    and `position`. With `If-Match`, a stale version answers 412.

    Args:
        id (UUID):
        if_match (str | Unset):
        body (UpdateLesson): Changes to a lesson; absent fields stay. Content is revalidated for
            the resulting kind. `module_id`
            and/or `position` move it (within the same course). Example: {'body': '# The parts of an
            atom', 'duration_seconds': None, 'kind': None, 'max_attempts': None, 'media_type': None,
            'module_id': None, 'passing_score': None, 'position': 2, 'questions': None, 'required':
            True, 'size_bytes': None, 'title': 'Protons, neutrons and electrons', 'url': None}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[LessonView | Problem]
    """

    kwargs = _get_kwargs(
        id=id,
        body=body,
        if_match=if_match,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    id: UUID,
    *,
    client: AuthenticatedClient,
    body: UpdateLesson,
    if_match: str | Unset = UNSET,
) -> LessonView | Problem | None:
    """Update or move a lesson

     Changes fields (content revalidated for the resulting kind) and/or moves it with `module_id`
    and `position`. With `If-Match`, a stale version answers 412.

    Args:
        id (UUID):
        if_match (str | Unset):
        body (UpdateLesson): Changes to a lesson; absent fields stay. Content is revalidated for
            the resulting kind. `module_id`
            and/or `position` move it (within the same course). Example: {'body': '# The parts of an
            atom', 'duration_seconds': None, 'kind': None, 'max_attempts': None, 'media_type': None,
            'module_id': None, 'passing_score': None, 'position': 2, 'questions': None, 'required':
            True, 'size_bytes': None, 'title': 'Protons, neutrons and electrons', 'url': None}.

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
            if_match=if_match,
        )
    ).parsed
