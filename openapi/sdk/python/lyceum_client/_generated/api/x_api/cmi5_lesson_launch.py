from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.cmi_5_launch_input import Cmi5LaunchInput
from ...models.cmi_5_launch_view import Cmi5LaunchView
from ...models.problem import Problem
from ...types import Response


def _get_kwargs(
    id: UUID,
    *,
    body: Cmi5LaunchInput,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/lessons/{id}/cmi5-launch".format(
            id=quote(str(id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Cmi5LaunchView | Problem | None:
    if response.status_code == 200:
        response_200 = Cmi5LaunchView.from_dict(response.json())

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
) -> Response[Cmi5LaunchView | Problem]:
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
    body: Cmi5LaunchInput,
) -> Response[Cmi5LaunchView | Problem]:
    """Launch a cmi5 AU

     For a learner enrolled in the course (the registration is the enrollment): abandons the
    registration's open sessions, writes `LMS.LaunchData` and the `launched` statement, and answers
    the launch URL with `endpoint`, `fetch`, `actor`, `registration` and `activityId` (cmi5 §8). The
    AU posts to the fetch URL once for its auth-token and sends its statements to `/xapi`; they
    drive the lesson's progress by the AU's `moveOn`. 409 `lesson_not_cmi5`; 403 `not_enrolled`.

    Args:
        id (UUID):
        body (Cmi5LaunchInput): How to launch. Example: {'launch_mode': 'Normal', 'return_url':
            'https://learn.example.edu/courses/chemistry'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Cmi5LaunchView | Problem]
    """

    kwargs = _get_kwargs(
        id=id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    id: UUID,
    *,
    client: AuthenticatedClient,
    body: Cmi5LaunchInput,
) -> Cmi5LaunchView | Problem | None:
    """Launch a cmi5 AU

     For a learner enrolled in the course (the registration is the enrollment): abandons the
    registration's open sessions, writes `LMS.LaunchData` and the `launched` statement, and answers
    the launch URL with `endpoint`, `fetch`, `actor`, `registration` and `activityId` (cmi5 §8). The
    AU posts to the fetch URL once for its auth-token and sends its statements to `/xapi`; they
    drive the lesson's progress by the AU's `moveOn`. 409 `lesson_not_cmi5`; 403 `not_enrolled`.

    Args:
        id (UUID):
        body (Cmi5LaunchInput): How to launch. Example: {'launch_mode': 'Normal', 'return_url':
            'https://learn.example.edu/courses/chemistry'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Cmi5LaunchView | Problem
    """

    return sync_detailed(
        id=id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    id: UUID,
    *,
    client: AuthenticatedClient,
    body: Cmi5LaunchInput,
) -> Response[Cmi5LaunchView | Problem]:
    """Launch a cmi5 AU

     For a learner enrolled in the course (the registration is the enrollment): abandons the
    registration's open sessions, writes `LMS.LaunchData` and the `launched` statement, and answers
    the launch URL with `endpoint`, `fetch`, `actor`, `registration` and `activityId` (cmi5 §8). The
    AU posts to the fetch URL once for its auth-token and sends its statements to `/xapi`; they
    drive the lesson's progress by the AU's `moveOn`. 409 `lesson_not_cmi5`; 403 `not_enrolled`.

    Args:
        id (UUID):
        body (Cmi5LaunchInput): How to launch. Example: {'launch_mode': 'Normal', 'return_url':
            'https://learn.example.edu/courses/chemistry'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Cmi5LaunchView | Problem]
    """

    kwargs = _get_kwargs(
        id=id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    id: UUID,
    *,
    client: AuthenticatedClient,
    body: Cmi5LaunchInput,
) -> Cmi5LaunchView | Problem | None:
    """Launch a cmi5 AU

     For a learner enrolled in the course (the registration is the enrollment): abandons the
    registration's open sessions, writes `LMS.LaunchData` and the `launched` statement, and answers
    the launch URL with `endpoint`, `fetch`, `actor`, `registration` and `activityId` (cmi5 §8). The
    AU posts to the fetch URL once for its auth-token and sends its statements to `/xapi`; they
    drive the lesson's progress by the AU's `moveOn`. 409 `lesson_not_cmi5`; 403 `not_enrolled`.

    Args:
        id (UUID):
        body (Cmi5LaunchInput): How to launch. Example: {'launch_mode': 'Normal', 'return_url':
            'https://learn.example.edu/courses/chemistry'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Cmi5LaunchView | Problem
    """

    return (
        await asyncio_detailed(
            id=id,
            client=client,
            body=body,
        )
    ).parsed
