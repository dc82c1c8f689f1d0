from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.file_upload_body import FileUploadBody
from ...models.file_view import FileView
from ...models.problem import Problem
from ...types import Response


def _get_kwargs(
    *,
    body: FileUploadBody,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/files",
    }

    _kwargs["files"] = body.to_multipart()

    headers["Content-Type"] = "multipart/form-data; boundary=+++"

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
    body: FileUploadBody,
) -> Response[FileView | Problem]:
    """Upload a file

     `multipart/form-data` with a part named `file` (its filename and `Content-Type` are the file's):
    stored and answered at once. Up to the plan's `max_upload_bytes` (413 `file_too_large` before the
    body is read when its length says so, or the moment the bytes pass it). The content type is
    decided from the bytes: 415 `content_type_mismatch` when they are not what the name or the
    declared type says, 415 `file_type_forbidden` for executable programs. A file belongs to its
    uploader until they attach it (to a file lesson, a submission, or a grade). For large files,
    `POST /v1/files/uploads` starts a two-step upload instead.

    Args:
        body (FileUploadBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[FileView | Problem]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    body: FileUploadBody,
) -> FileView | Problem | None:
    """Upload a file

     `multipart/form-data` with a part named `file` (its filename and `Content-Type` are the file's):
    stored and answered at once. Up to the plan's `max_upload_bytes` (413 `file_too_large` before the
    body is read when its length says so, or the moment the bytes pass it). The content type is
    decided from the bytes: 415 `content_type_mismatch` when they are not what the name or the
    declared type says, 415 `file_type_forbidden` for executable programs. A file belongs to its
    uploader until they attach it (to a file lesson, a submission, or a grade). For large files,
    `POST /v1/files/uploads` starts a two-step upload instead.

    Args:
        body (FileUploadBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        FileView | Problem
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: FileUploadBody,
) -> Response[FileView | Problem]:
    """Upload a file

     `multipart/form-data` with a part named `file` (its filename and `Content-Type` are the file's):
    stored and answered at once. Up to the plan's `max_upload_bytes` (413 `file_too_large` before the
    body is read when its length says so, or the moment the bytes pass it). The content type is
    decided from the bytes: 415 `content_type_mismatch` when they are not what the name or the
    declared type says, 415 `file_type_forbidden` for executable programs. A file belongs to its
    uploader until they attach it (to a file lesson, a submission, or a grade). For large files,
    `POST /v1/files/uploads` starts a two-step upload instead.

    Args:
        body (FileUploadBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[FileView | Problem]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: FileUploadBody,
) -> FileView | Problem | None:
    """Upload a file

     `multipart/form-data` with a part named `file` (its filename and `Content-Type` are the file's):
    stored and answered at once. Up to the plan's `max_upload_bytes` (413 `file_too_large` before the
    body is read when its length says so, or the moment the bytes pass it). The content type is
    decided from the bytes: 415 `content_type_mismatch` when they are not what the name or the
    declared type says, 415 `file_type_forbidden` for executable programs. A file belongs to its
    uploader until they attach it (to a file lesson, a submission, or a grade). For large files,
    `POST /v1/files/uploads` starts a two-step upload instead.

    Args:
        body (FileUploadBody):

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
        )
    ).parsed
