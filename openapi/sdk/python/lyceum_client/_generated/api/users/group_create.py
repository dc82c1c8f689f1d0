from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.create_group import CreateGroup
from ...models.group_view import GroupView
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: CreateGroup,
    idempotency_key: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/groups",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> GroupView | Problem | None:
    if response.status_code == 201:
        response_201 = GroupView.from_dict(response.json())

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
) -> Response[GroupView | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: CreateGroup,
    idempotency_key: str | Unset = UNSET,
) -> Response[GroupView | Problem]:
    """Create a group

     Needs `users:write`. 409 `external_id_taken` if another group has the external id.

    Args:
        idempotency_key (str | Unset):
        body (CreateGroup): A group to create. Example: {'external_id': 'SEC-NUR-2028', 'name':
            'Nursing, class of 2028', 'user_ids': ['0193a4c2-6a02-7d11-8e21-3c5e7f9a1b22']}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[GroupView | Problem]
    """

    kwargs = _get_kwargs(
        body=body,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    body: CreateGroup,
    idempotency_key: str | Unset = UNSET,
) -> GroupView | Problem | None:
    """Create a group

     Needs `users:write`. 409 `external_id_taken` if another group has the external id.

    Args:
        idempotency_key (str | Unset):
        body (CreateGroup): A group to create. Example: {'external_id': 'SEC-NUR-2028', 'name':
            'Nursing, class of 2028', 'user_ids': ['0193a4c2-6a02-7d11-8e21-3c5e7f9a1b22']}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        GroupView | Problem
    """

    return sync_detailed(
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: CreateGroup,
    idempotency_key: str | Unset = UNSET,
) -> Response[GroupView | Problem]:
    """Create a group

     Needs `users:write`. 409 `external_id_taken` if another group has the external id.

    Args:
        idempotency_key (str | Unset):
        body (CreateGroup): A group to create. Example: {'external_id': 'SEC-NUR-2028', 'name':
            'Nursing, class of 2028', 'user_ids': ['0193a4c2-6a02-7d11-8e21-3c5e7f9a1b22']}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[GroupView | Problem]
    """

    kwargs = _get_kwargs(
        body=body,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: CreateGroup,
    idempotency_key: str | Unset = UNSET,
) -> GroupView | Problem | None:
    """Create a group

     Needs `users:write`. 409 `external_id_taken` if another group has the external id.

    Args:
        idempotency_key (str | Unset):
        body (CreateGroup): A group to create. Example: {'external_id': 'SEC-NUR-2028', 'name':
            'Nursing, class of 2028', 'user_ids': ['0193a4c2-6a02-7d11-8e21-3c5e7f9a1b22']}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        GroupView | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
