from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.user_list import UserList
from ...models.user_list_role import UserListRole
from ...models.user_list_status import UserListStatus
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    limit: int | Unset = UNSET,
    cursor: str | Unset = UNSET,
    role: UserListRole | Unset = UNSET,
    status: UserListStatus | Unset = UNSET,
    q: str | Unset = UNSET,
    external_id: str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["limit"] = limit

    params["cursor"] = cursor

    json_role: str | Unset = UNSET
    if not isinstance(role, Unset):
        json_role = role

    params["role"] = json_role

    json_status: str | Unset = UNSET
    if not isinstance(status, Unset):
        json_status = status

    params["status"] = json_status

    params["q"] = q

    params["external_id"] = external_id

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/users",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | UserList | None:
    if response.status_code == 200:
        response_200 = UserList.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = Problem.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = Problem.from_dict(response.json())

        return response_403

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
) -> Response[Problem | UserList]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    limit: int | Unset = UNSET,
    cursor: str | Unset = UNSET,
    role: UserListRole | Unset = UNSET,
    status: UserListStatus | Unset = UNSET,
    q: str | Unset = UNSET,
    external_id: str | Unset = UNSET,
) -> Response[Problem | UserList]:
    """List users

     The institution's users in creation order, filtered by `role`, `status` and `q` (a
    case-insensitive part of the name or email). Needs `users:read`.

    Args:
        limit (int | Unset):
        cursor (str | Unset):
        role (UserListRole | Unset):
        status (UserListStatus | Unset):
        q (str | Unset):
        external_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | UserList]
    """

    kwargs = _get_kwargs(
        limit=limit,
        cursor=cursor,
        role=role,
        status=status,
        q=q,
        external_id=external_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    limit: int | Unset = UNSET,
    cursor: str | Unset = UNSET,
    role: UserListRole | Unset = UNSET,
    status: UserListStatus | Unset = UNSET,
    q: str | Unset = UNSET,
    external_id: str | Unset = UNSET,
) -> Problem | UserList | None:
    """List users

     The institution's users in creation order, filtered by `role`, `status` and `q` (a
    case-insensitive part of the name or email). Needs `users:read`.

    Args:
        limit (int | Unset):
        cursor (str | Unset):
        role (UserListRole | Unset):
        status (UserListStatus | Unset):
        q (str | Unset):
        external_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | UserList
    """

    return sync_detailed(
        client=client,
        limit=limit,
        cursor=cursor,
        role=role,
        status=status,
        q=q,
        external_id=external_id,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    limit: int | Unset = UNSET,
    cursor: str | Unset = UNSET,
    role: UserListRole | Unset = UNSET,
    status: UserListStatus | Unset = UNSET,
    q: str | Unset = UNSET,
    external_id: str | Unset = UNSET,
) -> Response[Problem | UserList]:
    """List users

     The institution's users in creation order, filtered by `role`, `status` and `q` (a
    case-insensitive part of the name or email). Needs `users:read`.

    Args:
        limit (int | Unset):
        cursor (str | Unset):
        role (UserListRole | Unset):
        status (UserListStatus | Unset):
        q (str | Unset):
        external_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | UserList]
    """

    kwargs = _get_kwargs(
        limit=limit,
        cursor=cursor,
        role=role,
        status=status,
        q=q,
        external_id=external_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    limit: int | Unset = UNSET,
    cursor: str | Unset = UNSET,
    role: UserListRole | Unset = UNSET,
    status: UserListStatus | Unset = UNSET,
    q: str | Unset = UNSET,
    external_id: str | Unset = UNSET,
) -> Problem | UserList | None:
    """List users

     The institution's users in creation order, filtered by `role`, `status` and `q` (a
    case-insensitive part of the name or email). Needs `users:read`.

    Args:
        limit (int | Unset):
        cursor (str | Unset):
        role (UserListRole | Unset):
        status (UserListStatus | Unset):
        q (str | Unset):
        external_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | UserList
    """

    return (
        await asyncio_detailed(
            client=client,
            limit=limit,
            cursor=cursor,
            role=role,
            status=status,
            q=q,
            external_id=external_id,
        )
    ).parsed
