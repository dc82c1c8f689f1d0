from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.cmi_5_waiver_input import Cmi5WaiverInput
from ...models.problem import Problem
from ...types import Response


def _get_kwargs(
    id: UUID,
    *,
    body: Cmi5WaiverInput,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/enrollments/{id}/cmi5-waivers".format(
            id=quote(str(id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Any | Problem | None:
    if response.status_code == 204:
        response_204 = cast(Any, None)
        return response_204

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
) -> Response[Any | Problem]:
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
    body: Cmi5WaiverInput,
) -> Response[Any | Problem]:
    """Waive a cmi5 AU

     Marks an AU as met for the enrollment's learner by other means (cmi5 §9.3.7): a `waived`
    statement with the reason; the AU is then satisfied and its lesson completed. Staff who may act
    on the enrollment. 409 `cmi5_already_waived`, `cmi5_already_satisfied`.

    Args:
        id (UUID):
        body (Cmi5WaiverInput): An AU to waive for the enrollment's learner. Example:
            {'lesson_id': '0193a4c3-2b16-7dae-83e4-6f8091b2c3d5', 'reason': 'Tested Out'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Problem]
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
    body: Cmi5WaiverInput,
) -> Any | Problem | None:
    """Waive a cmi5 AU

     Marks an AU as met for the enrollment's learner by other means (cmi5 §9.3.7): a `waived`
    statement with the reason; the AU is then satisfied and its lesson completed. Staff who may act
    on the enrollment. 409 `cmi5_already_waived`, `cmi5_already_satisfied`.

    Args:
        id (UUID):
        body (Cmi5WaiverInput): An AU to waive for the enrollment's learner. Example:
            {'lesson_id': '0193a4c3-2b16-7dae-83e4-6f8091b2c3d5', 'reason': 'Tested Out'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Problem
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
    body: Cmi5WaiverInput,
) -> Response[Any | Problem]:
    """Waive a cmi5 AU

     Marks an AU as met for the enrollment's learner by other means (cmi5 §9.3.7): a `waived`
    statement with the reason; the AU is then satisfied and its lesson completed. Staff who may act
    on the enrollment. 409 `cmi5_already_waived`, `cmi5_already_satisfied`.

    Args:
        id (UUID):
        body (Cmi5WaiverInput): An AU to waive for the enrollment's learner. Example:
            {'lesson_id': '0193a4c3-2b16-7dae-83e4-6f8091b2c3d5', 'reason': 'Tested Out'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Problem]
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
    body: Cmi5WaiverInput,
) -> Any | Problem | None:
    """Waive a cmi5 AU

     Marks an AU as met for the enrollment's learner by other means (cmi5 §9.3.7): a `waived`
    statement with the reason; the AU is then satisfied and its lesson completed. Staff who may act
    on the enrollment. 409 `cmi5_already_waived`, `cmi5_already_satisfied`.

    Args:
        id (UUID):
        body (Cmi5WaiverInput): An AU to waive for the enrollment's learner. Example:
            {'lesson_id': '0193a4c3-2b16-7dae-83e4-6f8091b2c3d5', 'reason': 'Tested Out'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Problem
    """

    return (
        await asyncio_detailed(
            id=id,
            client=client,
            body=body,
        )
    ).parsed
