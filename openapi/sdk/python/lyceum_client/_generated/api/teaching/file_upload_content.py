from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.file_view import FileView
from ...models.problem import Problem
from ...types import UNSET, File, Response


def _get_kwargs(
    id: UUID,
    *,
    body: File,
    tenant: UUID,
    expires: int,
    actor: str,
    signature: str,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    params: dict[str, Any] = {}

    json_tenant = str(tenant)
    params["tenant"] = json_tenant

    params["expires"] = expires

    params["actor"] = actor

    params["signature"] = signature

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "put",
        "url": "/v1/files/{id}/content".format(
            id=quote(str(id), safe=""),
        ),
        "params": params,
    }

    _kwargs["content"] = body.payload
    headers["Content-Type"] = "application/octet-stream"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> FileView | Problem | None:
    if response.status_code == 200:
        response_200 = FileView.from_dict(response.json())

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
) -> Response[FileView | Problem]:
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
    body: File,
    tenant: UUID,
    expires: int,
    actor: str,
    signature: str,
) -> Response[FileView | Problem]:
    """Send a two-step upload's bytes (signed URL)

     The URL from `upload.url`, as it is, with exactly the declared number of bytes (413 for more,
    400 for fewer). The content type is checked as for `POST /v1/files`. 409 `file_already_uploaded`
    for a URL already used.

    Args:
        id (UUID):
        tenant (UUID):
        expires (int):
        actor (str):
        signature (str):
        body (File):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[FileView | Problem]
    """

    kwargs = _get_kwargs(
        id=id,
        body=body,
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
    body: File,
    tenant: UUID,
    expires: int,
    actor: str,
    signature: str,
) -> FileView | Problem | None:
    """Send a two-step upload's bytes (signed URL)

     The URL from `upload.url`, as it is, with exactly the declared number of bytes (413 for more,
    400 for fewer). The content type is checked as for `POST /v1/files`. 409 `file_already_uploaded`
    for a URL already used.

    Args:
        id (UUID):
        tenant (UUID):
        expires (int):
        actor (str):
        signature (str):
        body (File):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        FileView | Problem
    """

    return sync_detailed(
        id=id,
        client=client,
        body=body,
        tenant=tenant,
        expires=expires,
        actor=actor,
        signature=signature,
    ).parsed


async def asyncio_detailed(
    id: UUID,
    *,
    client: AuthenticatedClient | Client,
    body: File,
    tenant: UUID,
    expires: int,
    actor: str,
    signature: str,
) -> Response[FileView | Problem]:
    """Send a two-step upload's bytes (signed URL)

     The URL from `upload.url`, as it is, with exactly the declared number of bytes (413 for more,
    400 for fewer). The content type is checked as for `POST /v1/files`. 409 `file_already_uploaded`
    for a URL already used.

    Args:
        id (UUID):
        tenant (UUID):
        expires (int):
        actor (str):
        signature (str):
        body (File):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[FileView | Problem]
    """

    kwargs = _get_kwargs(
        id=id,
        body=body,
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
    body: File,
    tenant: UUID,
    expires: int,
    actor: str,
    signature: str,
) -> FileView | Problem | None:
    """Send a two-step upload's bytes (signed URL)

     The URL from `upload.url`, as it is, with exactly the declared number of bytes (413 for more,
    400 for fewer). The content type is checked as for `POST /v1/files`. 409 `file_already_uploaded`
    for a URL already used.

    Args:
        id (UUID):
        tenant (UUID):
        expires (int):
        actor (str):
        signature (str):
        body (File):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        FileView | Problem
    """

    return (
        await asyncio_detailed(
            id=id,
            client=client,
            body=body,
            tenant=tenant,
            expires=expires,
            actor=actor,
            signature=signature,
        )
    ).parsed
