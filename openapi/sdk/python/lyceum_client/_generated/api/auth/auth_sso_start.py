from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...types import UNSET, Response


def _get_kwargs(
    tenant_slug: str,
    *,
    provider: UUID,
    return_to: str,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_provider = str(provider)
    params["provider"] = json_provider

    params["return_to"] = return_to

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/auth/sso/{tenant_slug}/start".format(
            tenant_slug=quote(str(tenant_slug), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Any | Problem | None:
    if response.status_code == 302:
        response_302 = cast(Any, None)
        return response_302

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

    if response.status_code == 502:
        response_502 = Problem.from_dict(response.json())

        return response_502

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
    tenant_slug: str,
    *,
    client: AuthenticatedClient | Client,
    provider: UUID,
    return_to: str,
) -> Response[Any | Problem]:
    """Start single sign-on

     For browsers: redirects (302) to the institution's identity provider (authorization code flow
    with PKCE, `state` and `nonce`). After the person signs in there, the provider returns to
    `/v1/auth/sso/callback`, which redirects to `return_to` with a one-time `code` to exchange at
    `POST /v1/auth/sso/exchange`. `return_to` must be one of the provider's return URLs (or a hosted
    page of the institution). An unknown or disabled provider is 404. No credential needed.

    Args:
        tenant_slug (str):
        provider (UUID):
        return_to (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Problem]
    """

    kwargs = _get_kwargs(
        tenant_slug=tenant_slug,
        provider=provider,
        return_to=return_to,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    tenant_slug: str,
    *,
    client: AuthenticatedClient | Client,
    provider: UUID,
    return_to: str,
) -> Any | Problem | None:
    """Start single sign-on

     For browsers: redirects (302) to the institution's identity provider (authorization code flow
    with PKCE, `state` and `nonce`). After the person signs in there, the provider returns to
    `/v1/auth/sso/callback`, which redirects to `return_to` with a one-time `code` to exchange at
    `POST /v1/auth/sso/exchange`. `return_to` must be one of the provider's return URLs (or a hosted
    page of the institution). An unknown or disabled provider is 404. No credential needed.

    Args:
        tenant_slug (str):
        provider (UUID):
        return_to (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Problem
    """

    return sync_detailed(
        tenant_slug=tenant_slug,
        client=client,
        provider=provider,
        return_to=return_to,
    ).parsed


async def asyncio_detailed(
    tenant_slug: str,
    *,
    client: AuthenticatedClient | Client,
    provider: UUID,
    return_to: str,
) -> Response[Any | Problem]:
    """Start single sign-on

     For browsers: redirects (302) to the institution's identity provider (authorization code flow
    with PKCE, `state` and `nonce`). After the person signs in there, the provider returns to
    `/v1/auth/sso/callback`, which redirects to `return_to` with a one-time `code` to exchange at
    `POST /v1/auth/sso/exchange`. `return_to` must be one of the provider's return URLs (or a hosted
    page of the institution). An unknown or disabled provider is 404. No credential needed.

    Args:
        tenant_slug (str):
        provider (UUID):
        return_to (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Problem]
    """

    kwargs = _get_kwargs(
        tenant_slug=tenant_slug,
        provider=provider,
        return_to=return_to,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    tenant_slug: str,
    *,
    client: AuthenticatedClient | Client,
    provider: UUID,
    return_to: str,
) -> Any | Problem | None:
    """Start single sign-on

     For browsers: redirects (302) to the institution's identity provider (authorization code flow
    with PKCE, `state` and `nonce`). After the person signs in there, the provider returns to
    `/v1/auth/sso/callback`, which redirects to `return_to` with a one-time `code` to exchange at
    `POST /v1/auth/sso/exchange`. `return_to` must be one of the provider's return URLs (or a hosted
    page of the institution). An unknown or disabled provider is 404. No credential needed.

    Args:
        tenant_slug (str):
        provider (UUID):
        return_to (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Problem
    """

    return (
        await asyncio_detailed(
            tenant_slug=tenant_slug,
            client=client,
            provider=provider,
            return_to=return_to,
        )
    ).parsed
