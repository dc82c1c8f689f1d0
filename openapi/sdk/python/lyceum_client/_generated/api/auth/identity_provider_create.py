from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.create_identity_provider import CreateIdentityProvider
from ...models.identity_provider_view import IdentityProviderView
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: CreateIdentityProvider,
    idempotency_key: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/identity-providers",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> IdentityProviderView | Problem | None:
    if response.status_code == 201:
        response_201 = IdentityProviderView.from_dict(response.json())

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
) -> Response[IdentityProviderView | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: CreateIdentityProvider,
    idempotency_key: str | Unset = UNSET,
) -> Response[IdentityProviderView | Problem]:
    """Register an identity provider

     Adds an OpenID Connect provider people of the institution can sign in with. The issuer must be
    https; register the `redirect_uri` of the answer with the provider. Needs `tenant:write`.

    Args:
        idempotency_key (str | Unset):
        body (CreateIdentityProvider): An OpenID Connect provider to sign the institution's people
            in. Example: {'allowed_domains': ['acme.edu'], 'client_id': '5b8e1f2a-lyceum',
            'client_secret': 's3cr3t-from-the-provider', 'create_role': 'learner', 'enabled': True,
            'issuer': 'https://login.microsoftonline.com/3f2a9c1e-0000-4000-8000-000000000000/v2.0',
            'name': 'Acme Entra ID', 'return_urls': ['https://learn.acme.edu/sso/done'], 'scopes':
            ['email', 'profile']}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[IdentityProviderView | Problem]
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
    body: CreateIdentityProvider,
    idempotency_key: str | Unset = UNSET,
) -> IdentityProviderView | Problem | None:
    """Register an identity provider

     Adds an OpenID Connect provider people of the institution can sign in with. The issuer must be
    https; register the `redirect_uri` of the answer with the provider. Needs `tenant:write`.

    Args:
        idempotency_key (str | Unset):
        body (CreateIdentityProvider): An OpenID Connect provider to sign the institution's people
            in. Example: {'allowed_domains': ['acme.edu'], 'client_id': '5b8e1f2a-lyceum',
            'client_secret': 's3cr3t-from-the-provider', 'create_role': 'learner', 'enabled': True,
            'issuer': 'https://login.microsoftonline.com/3f2a9c1e-0000-4000-8000-000000000000/v2.0',
            'name': 'Acme Entra ID', 'return_urls': ['https://learn.acme.edu/sso/done'], 'scopes':
            ['email', 'profile']}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        IdentityProviderView | Problem
    """

    return sync_detailed(
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: CreateIdentityProvider,
    idempotency_key: str | Unset = UNSET,
) -> Response[IdentityProviderView | Problem]:
    """Register an identity provider

     Adds an OpenID Connect provider people of the institution can sign in with. The issuer must be
    https; register the `redirect_uri` of the answer with the provider. Needs `tenant:write`.

    Args:
        idempotency_key (str | Unset):
        body (CreateIdentityProvider): An OpenID Connect provider to sign the institution's people
            in. Example: {'allowed_domains': ['acme.edu'], 'client_id': '5b8e1f2a-lyceum',
            'client_secret': 's3cr3t-from-the-provider', 'create_role': 'learner', 'enabled': True,
            'issuer': 'https://login.microsoftonline.com/3f2a9c1e-0000-4000-8000-000000000000/v2.0',
            'name': 'Acme Entra ID', 'return_urls': ['https://learn.acme.edu/sso/done'], 'scopes':
            ['email', 'profile']}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[IdentityProviderView | Problem]
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
    body: CreateIdentityProvider,
    idempotency_key: str | Unset = UNSET,
) -> IdentityProviderView | Problem | None:
    """Register an identity provider

     Adds an OpenID Connect provider people of the institution can sign in with. The issuer must be
    https; register the `redirect_uri` of the answer with the provider. Needs `tenant:write`.

    Args:
        idempotency_key (str | Unset):
        body (CreateIdentityProvider): An OpenID Connect provider to sign the institution's people
            in. Example: {'allowed_domains': ['acme.edu'], 'client_id': '5b8e1f2a-lyceum',
            'client_secret': 's3cr3t-from-the-provider', 'create_role': 'learner', 'enabled': True,
            'issuer': 'https://login.microsoftonline.com/3f2a9c1e-0000-4000-8000-000000000000/v2.0',
            'name': 'Acme Entra ID', 'return_urls': ['https://learn.acme.edu/sso/done'], 'scopes':
            ['email', 'profile']}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        IdentityProviderView | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
