from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.file_view import FileView
from ...models.problem import Problem
from ...models.start_upload import StartUpload
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: StartUpload,
    idempotency_key: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/files/uploads",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> FileView | Problem | None:
    if response.status_code == 201:
        response_201 = FileView.from_dict(response.json())

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
) -> Response[FileView | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: StartUpload,
    idempotency_key: str | Unset = UNSET,
) -> Response[FileView | Problem]:
    """Start a two-step upload

     For large files, or clients that cannot stream multipart: declare the file (`filename`, exact
    `size`, optional `content_type`); the answer is a `pending` file whose `upload.url` takes the bytes
    (`PUT`, within an hour, no `Authorization`). The same limits and checks as `POST /v1/files`.

    Args:
        idempotency_key (str | Unset):
        body (StartUpload): The first step of a two-step upload: what the file will be. Example:
            {'content_type': 'video/mp4', 'filename': 'lecture-3.mp4', 'size': 52428800}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[FileView | Problem]
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
    body: StartUpload,
    idempotency_key: str | Unset = UNSET,
) -> FileView | Problem | None:
    """Start a two-step upload

     For large files, or clients that cannot stream multipart: declare the file (`filename`, exact
    `size`, optional `content_type`); the answer is a `pending` file whose `upload.url` takes the bytes
    (`PUT`, within an hour, no `Authorization`). The same limits and checks as `POST /v1/files`.

    Args:
        idempotency_key (str | Unset):
        body (StartUpload): The first step of a two-step upload: what the file will be. Example:
            {'content_type': 'video/mp4', 'filename': 'lecture-3.mp4', 'size': 52428800}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        FileView | Problem
    """

    return sync_detailed(
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: StartUpload,
    idempotency_key: str | Unset = UNSET,
) -> Response[FileView | Problem]:
    """Start a two-step upload

     For large files, or clients that cannot stream multipart: declare the file (`filename`, exact
    `size`, optional `content_type`); the answer is a `pending` file whose `upload.url` takes the bytes
    (`PUT`, within an hour, no `Authorization`). The same limits and checks as `POST /v1/files`.

    Args:
        idempotency_key (str | Unset):
        body (StartUpload): The first step of a two-step upload: what the file will be. Example:
            {'content_type': 'video/mp4', 'filename': 'lecture-3.mp4', 'size': 52428800}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[FileView | Problem]
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
    body: StartUpload,
    idempotency_key: str | Unset = UNSET,
) -> FileView | Problem | None:
    """Start a two-step upload

     For large files, or clients that cannot stream multipart: declare the file (`filename`, exact
    `size`, optional `content_type`); the answer is a `pending` file whose `upload.url` takes the bytes
    (`PUT`, within an hour, no `Authorization`). The same limits and checks as `POST /v1/files`.

    Args:
        idempotency_key (str | Unset):
        body (StartUpload): The first step of a two-step upload: what the file will be. Example:
            {'content_type': 'video/mp4', 'filename': 'lecture-3.mp4', 'size': 52428800}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        FileView | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
