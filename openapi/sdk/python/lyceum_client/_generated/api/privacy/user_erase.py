from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.erasure_view import ErasureView
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    id: UUID,
    *,
    idempotency_key: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/users/{id}/erase".format(
            id=quote(str(id), safe=""),
        ),
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErasureView | Problem | None:
    if response.status_code == 200:
        response_200 = ErasureView.from_dict(response.json())

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
) -> Response[ErasureView | Problem]:
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
    idempotency_key: str | Unset = UNSET,
) -> Response[ErasureView | Problem]:
    """Erase a person

     Removes or pseudonymises everything that identifies the person, in one transaction: their
    account becomes `erased` (a pseudonym that keeps reports whole and can never sign in again);
    sessions, codes, single sign-on links and their API keys go; active enrollments are dropped;
    submissions lose their text and files (grades stay); certificates are signed again without
    their name; audit events, domain events, webhook deliveries, operations, jobs and support
    staff's records lose every mention of their email and name. `docs/privacy.md` lists what
    survives and why. Needs `users:write` (an owner to erase an owner or an admin); the last active
    owner cannot be erased (409 `last_owner`); an erased person again is 409 `already_erased`.

    Args:
        id (UUID):
        idempotency_key (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErasureView | Problem]
    """

    kwargs = _get_kwargs(
        id=id,
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
    idempotency_key: str | Unset = UNSET,
) -> ErasureView | Problem | None:
    """Erase a person

     Removes or pseudonymises everything that identifies the person, in one transaction: their
    account becomes `erased` (a pseudonym that keeps reports whole and can never sign in again);
    sessions, codes, single sign-on links and their API keys go; active enrollments are dropped;
    submissions lose their text and files (grades stay); certificates are signed again without
    their name; audit events, domain events, webhook deliveries, operations, jobs and support
    staff's records lose every mention of their email and name. `docs/privacy.md` lists what
    survives and why. Needs `users:write` (an owner to erase an owner or an admin); the last active
    owner cannot be erased (409 `last_owner`); an erased person again is 409 `already_erased`.

    Args:
        id (UUID):
        idempotency_key (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErasureView | Problem
    """

    return sync_detailed(
        id=id,
        client=client,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    id: UUID,
    *,
    client: AuthenticatedClient,
    idempotency_key: str | Unset = UNSET,
) -> Response[ErasureView | Problem]:
    """Erase a person

     Removes or pseudonymises everything that identifies the person, in one transaction: their
    account becomes `erased` (a pseudonym that keeps reports whole and can never sign in again);
    sessions, codes, single sign-on links and their API keys go; active enrollments are dropped;
    submissions lose their text and files (grades stay); certificates are signed again without
    their name; audit events, domain events, webhook deliveries, operations, jobs and support
    staff's records lose every mention of their email and name. `docs/privacy.md` lists what
    survives and why. Needs `users:write` (an owner to erase an owner or an admin); the last active
    owner cannot be erased (409 `last_owner`); an erased person again is 409 `already_erased`.

    Args:
        id (UUID):
        idempotency_key (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErasureView | Problem]
    """

    kwargs = _get_kwargs(
        id=id,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    id: UUID,
    *,
    client: AuthenticatedClient,
    idempotency_key: str | Unset = UNSET,
) -> ErasureView | Problem | None:
    """Erase a person

     Removes or pseudonymises everything that identifies the person, in one transaction: their
    account becomes `erased` (a pseudonym that keeps reports whole and can never sign in again);
    sessions, codes, single sign-on links and their API keys go; active enrollments are dropped;
    submissions lose their text and files (grades stay); certificates are signed again without
    their name; audit events, domain events, webhook deliveries, operations, jobs and support
    staff's records lose every mention of their email and name. `docs/privacy.md` lists what
    survives and why. Needs `users:write` (an owner to erase an owner or an admin); the last active
    owner cannot be erased (409 `last_owner`); an erased person again is 409 `already_erased`.

    Args:
        id (UUID):
        idempotency_key (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErasureView | Problem
    """

    return (
        await asyncio_detailed(
            id=id,
            client=client,
            idempotency_key=idempotency_key,
        )
    ).parsed
