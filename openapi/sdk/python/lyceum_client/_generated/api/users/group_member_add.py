from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.add_group_members import AddGroupMembers
from ...models.group_members_added import GroupMembersAdded
from ...models.problem import Problem
from ...types import Response


def _get_kwargs(
    id: UUID,
    *,
    body: AddGroupMembers,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/groups/{id}/members".format(
            id=quote(str(id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> GroupMembersAdded | Problem | None:
    if response.status_code == 200:
        response_200 = GroupMembersAdded.from_dict(response.json())

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
) -> Response[GroupMembersAdded | Problem]:
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
    body: AddGroupMembers,
) -> Response[GroupMembersAdded | Problem]:
    """Add members to a group

     Adds 1-1000 users; members already in the group are left as they are. New members are enrolled
    in the group's courses in the same transaction. Needs `users:write`; an unknown user is 400.

    Args:
        id (UUID):
        body (AddGroupMembers): Users to add to a group. Example: {'user_ids':
            ['0193a4c2-6a02-7d11-8e21-3c5e7f9a1b22']}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[GroupMembersAdded | Problem]
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
    body: AddGroupMembers,
) -> GroupMembersAdded | Problem | None:
    """Add members to a group

     Adds 1-1000 users; members already in the group are left as they are. New members are enrolled
    in the group's courses in the same transaction. Needs `users:write`; an unknown user is 400.

    Args:
        id (UUID):
        body (AddGroupMembers): Users to add to a group. Example: {'user_ids':
            ['0193a4c2-6a02-7d11-8e21-3c5e7f9a1b22']}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        GroupMembersAdded | Problem
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
    body: AddGroupMembers,
) -> Response[GroupMembersAdded | Problem]:
    """Add members to a group

     Adds 1-1000 users; members already in the group are left as they are. New members are enrolled
    in the group's courses in the same transaction. Needs `users:write`; an unknown user is 400.

    Args:
        id (UUID):
        body (AddGroupMembers): Users to add to a group. Example: {'user_ids':
            ['0193a4c2-6a02-7d11-8e21-3c5e7f9a1b22']}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[GroupMembersAdded | Problem]
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
    body: AddGroupMembers,
) -> GroupMembersAdded | Problem | None:
    """Add members to a group

     Adds 1-1000 users; members already in the group are left as they are. New members are enrolled
    in the group's courses in the same transaction. Needs `users:write`; an unknown user is 400.

    Args:
        id (UUID):
        body (AddGroupMembers): Users to add to a group. Example: {'user_ids':
            ['0193a4c2-6a02-7d11-8e21-3c5e7f9a1b22']}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        GroupMembersAdded | Problem
    """

    return (
        await asyncio_detailed(
            id=id,
            client=client,
            body=body,
        )
    ).parsed
