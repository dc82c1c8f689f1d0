from http import HTTPStatus
from io import BytesIO
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...types import UNSET, File, Response


def _get_kwargs(
    id: UUID,
    *,
    tenant: UUID,
    expires: int,
    actor: str,
    signature: str,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_tenant = str(tenant)
    params["tenant"] = json_tenant

    params["expires"] = expires

    params["actor"] = actor

    params["signature"] = signature

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/files/{id}/content".format(
            id=quote(str(id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> File | Problem | None:
    if response.status_code == 200:
        response_200 = File(payload=BytesIO(response.content))

        return response_200

    if response.status_code == 400:
        response_400 = Problem.from_dict(response.json())

        return response_400

    if response.status_code == 403:
        response_403 = Problem.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = Problem.from_dict(response.json())

        return response_404

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
) -> Response[File | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    id: UUID,
    *,
    client: AuthenticatedClient | Client,
    tenant: UUID,
    expires: int,
    actor: str,
    signature: str,
) -> Response[File | Problem]:
    """Download a file (signed URL)

     The URL from `download_url`, as it is: no `Authorization` needed. 403 `signed_url_invalid` for
    a changed URL, `signed_url_expired` after it expired, `signed_url_other_institution` when sent
    with another institution's credential.

    Args:
        id (UUID):
        tenant (UUID):
        expires (int):
        actor (str):
        signature (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[File | Problem]
    """

    kwargs = _get_kwargs(
        id=id,
        tenant=tenant,
        expires=expires,
        actor=actor,
        signature=signature,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    id: UUID,
    *,
    client: AuthenticatedClient | Client,
    tenant: UUID,
    expires: int,
    actor: str,
    signature: str,
) -> File | Problem | None:
    """Download a file (signed URL)

     The URL from `download_url`, as it is: no `Authorization` needed. 403 `signed_url_invalid` for
    a changed URL, `signed_url_expired` after it expired, `signed_url_other_institution` when sent
    with another institution's credential.

    Args:
        id (UUID):
        tenant (UUID):
        expires (int):
        actor (str):
        signature (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        File | Problem
    """

    return sync_detailed(
        id=id,
        client=client,
        tenant=tenant,
        expires=expires,
        actor=actor,
        signature=signature,
    ).parsed


async def asyncio_detailed(
    id: UUID,
    *,
    client: AuthenticatedClient | Client,
    tenant: UUID,
    expires: int,
    actor: str,
    signature: str,
) -> Response[File | Problem]:
    """Download a file (signed URL)

     The URL from `download_url`, as it is: no `Authorization` needed. 403 `signed_url_invalid` for
    a changed URL, `signed_url_expired` after it expired, `signed_url_other_institution` when sent
    with another institution's credential.

    Args:
        id (UUID):
        tenant (UUID):
        expires (int):
        actor (str):
        signature (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[File | Problem]
    """

    kwargs = _get_kwargs(
        id=id,
        tenant=tenant,
        expires=expires,
        actor=actor,
        signature=signature,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    id: UUID,
    *,
    client: AuthenticatedClient | Client,
    tenant: UUID,
    expires: int,
    actor: str,
    signature: str,
) -> File | Problem | None:
    """Download a file (signed URL)

     The URL from `download_url`, as it is: no `Authorization` needed. 403 `signed_url_invalid` for
    a changed URL, `signed_url_expired` after it expired, `signed_url_other_institution` when sent
    with another institution's credential.

    Args:
        id (UUID):
        tenant (UUID):
        expires (int):
        actor (str):
        signature (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        File | Problem
    """

    return (
        await asyncio_detailed(
            id=id,
            client=client,
            tenant=tenant,
            expires=expires,
            actor=actor,
            signature=signature,
        )
    ).parsed
