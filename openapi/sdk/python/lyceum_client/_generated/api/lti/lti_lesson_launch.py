from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.lti_launch_view import LtiLaunchView
from ...models.problem import Problem
from ...types import Response


def _get_kwargs(
    id: UUID,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/lessons/{id}/lti-launch".format(
            id=quote(str(id), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> LtiLaunchView | Problem | None:
    if response.status_code == 200:
        response_200 = LtiLaunchView.from_dict(response.json())

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
) -> Response[LtiLaunchView | Problem]:
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
) -> Response[LtiLaunchView | Problem]:
    """Launch a lesson's LTI tool

     For the person signed in: a learner enrolled in the course, or staff who edit it. Records the
    launch (once, within 5 minutes) and answers the tool's login initiation URL; a learner's lesson
    is then started. The tool comes back to the institution's authorization endpoint, which posts the
    signed ID token to the tool. 409 `lesson_not_lti` for a lesson of another kind,
    `lti_tool_disabled`; 403 `not_enrolled`.

    Args:
        id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[LtiLaunchView | Problem]
    """

    kwargs = _get_kwargs(
        id=id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    id: UUID,
    *,
    client: AuthenticatedClient,
) -> LtiLaunchView | Problem | None:
    """Launch a lesson's LTI tool

     For the person signed in: a learner enrolled in the course, or staff who edit it. Records the
    launch (once, within 5 minutes) and answers the tool's login initiation URL; a learner's lesson
    is then started. The tool comes back to the institution's authorization endpoint, which posts the
    signed ID token to the tool. 409 `lesson_not_lti` for a lesson of another kind,
    `lti_tool_disabled`; 403 `not_enrolled`.

    Args:
        id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        LtiLaunchView | Problem
    """

    return sync_detailed(
        id=id,
        client=client,
    ).parsed


async def asyncio_detailed(
    id: UUID,
    *,
    client: AuthenticatedClient,
) -> Response[LtiLaunchView | Problem]:
    """Launch a lesson's LTI tool

     For the person signed in: a learner enrolled in the course, or staff who edit it. Records the
    launch (once, within 5 minutes) and answers the tool's login initiation URL; a learner's lesson
    is then started. The tool comes back to the institution's authorization endpoint, which posts the
    signed ID token to the tool. 409 `lesson_not_lti` for a lesson of another kind,
    `lti_tool_disabled`; 403 `not_enrolled`.

    Args:
        id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[LtiLaunchView | Problem]
    """

    kwargs = _get_kwargs(
        id=id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    id: UUID,
    *,
    client: AuthenticatedClient,
) -> LtiLaunchView | Problem | None:
    """Launch a lesson's LTI tool

     For the person signed in: a learner enrolled in the course, or staff who edit it. Records the
    launch (once, within 5 minutes) and answers the tool's login initiation URL; a learner's lesson
    is then started. The tool comes back to the institution's authorization endpoint, which posts the
    signed ID token to the tool. 409 `lesson_not_lti` for a lesson of another kind,
    `lti_tool_disabled`; 403 `not_enrolled`.

    Args:
        id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        LtiLaunchView | Problem
    """

    return (
        await asyncio_detailed(
            id=id,
            client=client,
        )
    ).parsed
