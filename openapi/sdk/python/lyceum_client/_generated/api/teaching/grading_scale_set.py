from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.grading_scale_view import GradingScaleView
from ...models.problem import Problem
from ...models.set_grading_scale import SetGradingScale
from ...types import Response


def _get_kwargs(
    id: UUID,
    *,
    body: SetGradingScale,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "put",
        "url": "/v1/courses/{id}/grading-scale".format(
            id=quote(str(id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> GradingScaleView | Problem | None:
    if response.status_code == 200:
        response_200 = GradingScaleView.from_dict(response.json())

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
) -> Response[GradingScaleView | Problem]:
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
    body: SetGradingScale,
) -> Response[GradingScaleView | Problem]:
    """Set a course's grading scale

     `null` restores the default. Instructors of the course, admins and owners.

    Args:
        id (UUID):
        body (SetGradingScale): A letter-grade scale to set; `null` restores the default (A 90, B
            80, C 70, D 60, F 0). Example: {'scale': [{'letter': 'Pass', 'min_score': 50.0},
            {'letter': 'Fail', 'min_score': 0.0}]}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[GradingScaleView | Problem]
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
    body: SetGradingScale,
) -> GradingScaleView | Problem | None:
    """Set a course's grading scale

     `null` restores the default. Instructors of the course, admins and owners.

    Args:
        id (UUID):
        body (SetGradingScale): A letter-grade scale to set; `null` restores the default (A 90, B
            80, C 70, D 60, F 0). Example: {'scale': [{'letter': 'Pass', 'min_score': 50.0},
            {'letter': 'Fail', 'min_score': 0.0}]}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        GradingScaleView | Problem
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
    body: SetGradingScale,
) -> Response[GradingScaleView | Problem]:
    """Set a course's grading scale

     `null` restores the default. Instructors of the course, admins and owners.

    Args:
        id (UUID):
        body (SetGradingScale): A letter-grade scale to set; `null` restores the default (A 90, B
            80, C 70, D 60, F 0). Example: {'scale': [{'letter': 'Pass', 'min_score': 50.0},
            {'letter': 'Fail', 'min_score': 0.0}]}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[GradingScaleView | Problem]
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
    body: SetGradingScale,
) -> GradingScaleView | Problem | None:
    """Set a course's grading scale

     `null` restores the default. Instructors of the course, admins and owners.

    Args:
        id (UUID):
        body (SetGradingScale): A letter-grade scale to set; `null` restores the default (A 90, B
            80, C 70, D 60, F 0). Example: {'scale': [{'letter': 'Pass', 'min_score': 50.0},
            {'letter': 'Fail', 'min_score': 0.0}]}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        GradingScaleView | Problem
    """

    return (
        await asyncio_detailed(
            id=id,
            client=client,
            body=body,
        )
    ).parsed
