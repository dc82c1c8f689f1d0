from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.cmi_5_package_view import Cmi5PackageView
from ...models.import_cmi_5_package import ImportCmi5Package
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: ImportCmi5Package,
    idempotency_key: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/cmi5-packages",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Cmi5PackageView | Problem | None:
    if response.status_code == 201:
        response_201 = Cmi5PackageView.from_dict(response.json())

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
) -> Response[Cmi5PackageView | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: ImportCmi5Package,
    idempotency_key: str | Unset = UNSET,
) -> Response[Cmi5PackageView | Problem]:
    """Import a cmi5 package

     Makes a draft course from a cmi5 course package (a zip with `cmi5.xml` at its root, cmi5 §14)
    uploaded with `POST /v1/files`: each AU becomes a `cmi5` lesson, each run of AUs under one
    top-level block a module; blocks, `moveOn` and the mastery scores are kept. The package's
    files are kept to serve the AUs. At most 10,000 files and 1 GiB unpacked. 400 for a package
    that breaks the specification (naming what), for example an AU whose relative URL names no
    file of the package. Staff who edit courses (`courses:write`).

    Args:
        idempotency_key (str | Unset):
        body (ImportCmi5Package): A package to import. Example: {'file_id':
            '0193c0de-5f1e-7a2b-8c3d-4e5f6a7b8c9d'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Cmi5PackageView | Problem]
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
    body: ImportCmi5Package,
    idempotency_key: str | Unset = UNSET,
) -> Cmi5PackageView | Problem | None:
    """Import a cmi5 package

     Makes a draft course from a cmi5 course package (a zip with `cmi5.xml` at its root, cmi5 §14)
    uploaded with `POST /v1/files`: each AU becomes a `cmi5` lesson, each run of AUs under one
    top-level block a module; blocks, `moveOn` and the mastery scores are kept. The package's
    files are kept to serve the AUs. At most 10,000 files and 1 GiB unpacked. 400 for a package
    that breaks the specification (naming what), for example an AU whose relative URL names no
    file of the package. Staff who edit courses (`courses:write`).

    Args:
        idempotency_key (str | Unset):
        body (ImportCmi5Package): A package to import. Example: {'file_id':
            '0193c0de-5f1e-7a2b-8c3d-4e5f6a7b8c9d'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Cmi5PackageView | Problem
    """

    return sync_detailed(
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: ImportCmi5Package,
    idempotency_key: str | Unset = UNSET,
) -> Response[Cmi5PackageView | Problem]:
    """Import a cmi5 package

     Makes a draft course from a cmi5 course package (a zip with `cmi5.xml` at its root, cmi5 §14)
    uploaded with `POST /v1/files`: each AU becomes a `cmi5` lesson, each run of AUs under one
    top-level block a module; blocks, `moveOn` and the mastery scores are kept. The package's
    files are kept to serve the AUs. At most 10,000 files and 1 GiB unpacked. 400 for a package
    that breaks the specification (naming what), for example an AU whose relative URL names no
    file of the package. Staff who edit courses (`courses:write`).

    Args:
        idempotency_key (str | Unset):
        body (ImportCmi5Package): A package to import. Example: {'file_id':
            '0193c0de-5f1e-7a2b-8c3d-4e5f6a7b8c9d'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Cmi5PackageView | Problem]
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
    body: ImportCmi5Package,
    idempotency_key: str | Unset = UNSET,
) -> Cmi5PackageView | Problem | None:
    """Import a cmi5 package

     Makes a draft course from a cmi5 course package (a zip with `cmi5.xml` at its root, cmi5 §14)
    uploaded with `POST /v1/files`: each AU becomes a `cmi5` lesson, each run of AUs under one
    top-level block a module; blocks, `moveOn` and the mastery scores are kept. The package's
    files are kept to serve the AUs. At most 10,000 files and 1 GiB unpacked. 400 for a package
    that breaks the specification (naming what), for example an AU whose relative URL names no
    file of the package. Staff who edit courses (`courses:write`).

    Args:
        idempotency_key (str | Unset):
        body (ImportCmi5Package): A package to import. Example: {'file_id':
            '0193c0de-5f1e-7a2b-8c3d-4e5f6a7b8c9d'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Cmi5PackageView | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
