from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.tenant_view import TenantView
from ...models.update_tenant import UpdateTenant
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: UpdateTenant,
    if_match: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(if_match, Unset):
        headers["If-Match"] = if_match

    _kwargs: dict[str, Any] = {
        "method": "patch",
        "url": "/v1/tenant",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | TenantView | None:
    if response.status_code == 200:
        response_200 = TenantView.from_dict(response.json())

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

    if response.status_code == 409:
        response_409 = Problem.from_dict(response.json())

        return response_409

    if response.status_code == 412:
        response_412 = Problem.from_dict(response.json())

        return response_412

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
) -> Response[Problem | TenantView]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: UpdateTenant,
    if_match: str | Unset = UNSET,
) -> Response[Problem | TenantView]:
    """Update the current institution

     Renames the institution, sets its email branding (colour, reply-to address), where its emails
    send people (its own app, or Lyceum's hosted pages), and the versions of its terms and privacy
    notice people accept before they sign in. Needs
    `tenant:write` (owners and admins). With `If-Match`, a stale version is 412.

    Args:
        if_match (str | Unset):
        body (UpdateTenant): Changes to the institution; absent fields stay as they are. Example:
            {'app_paths': {'billing': None, 'courses': None, 'invitation': '/join', 'password_reset':
            None, 'sign_in': None}, 'app_url': 'https://learn.acme.test', 'brand_color': '#1f4e79',
            'name': 'Acme University', 'reply_to': 'help@acme.test', 'sso_required': False,
            'terms_url': 'https://acme.test/terms', 'terms_version': '3'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | TenantView]
    """

    kwargs = _get_kwargs(
        body=body,
        if_match=if_match,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    body: UpdateTenant,
    if_match: str | Unset = UNSET,
) -> Problem | TenantView | None:
    """Update the current institution

     Renames the institution, sets its email branding (colour, reply-to address), where its emails
    send people (its own app, or Lyceum's hosted pages), and the versions of its terms and privacy
    notice people accept before they sign in. Needs
    `tenant:write` (owners and admins). With `If-Match`, a stale version is 412.

    Args:
        if_match (str | Unset):
        body (UpdateTenant): Changes to the institution; absent fields stay as they are. Example:
            {'app_paths': {'billing': None, 'courses': None, 'invitation': '/join', 'password_reset':
            None, 'sign_in': None}, 'app_url': 'https://learn.acme.test', 'brand_color': '#1f4e79',
            'name': 'Acme University', 'reply_to': 'help@acme.test', 'sso_required': False,
            'terms_url': 'https://acme.test/terms', 'terms_version': '3'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | TenantView
    """

    return sync_detailed(
        client=client,
        body=body,
        if_match=if_match,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: UpdateTenant,
    if_match: str | Unset = UNSET,
) -> Response[Problem | TenantView]:
    """Update the current institution

     Renames the institution, sets its email branding (colour, reply-to address), where its emails
    send people (its own app, or Lyceum's hosted pages), and the versions of its terms and privacy
    notice people accept before they sign in. Needs
    `tenant:write` (owners and admins). With `If-Match`, a stale version is 412.

    Args:
        if_match (str | Unset):
        body (UpdateTenant): Changes to the institution; absent fields stay as they are. Example:
            {'app_paths': {'billing': None, 'courses': None, 'invitation': '/join', 'password_reset':
            None, 'sign_in': None}, 'app_url': 'https://learn.acme.test', 'brand_color': '#1f4e79',
            'name': 'Acme University', 'reply_to': 'help@acme.test', 'sso_required': False,
            'terms_url': 'https://acme.test/terms', 'terms_version': '3'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | TenantView]
    """

    kwargs = _get_kwargs(
        body=body,
        if_match=if_match,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: UpdateTenant,
    if_match: str | Unset = UNSET,
) -> Problem | TenantView | None:
    """Update the current institution

     Renames the institution, sets its email branding (colour, reply-to address), where its emails
    send people (its own app, or Lyceum's hosted pages), and the versions of its terms and privacy
    notice people accept before they sign in. Needs
    `tenant:write` (owners and admins). With `If-Match`, a stale version is 412.

    Args:
        if_match (str | Unset):
        body (UpdateTenant): Changes to the institution; absent fields stay as they are. Example:
            {'app_paths': {'billing': None, 'courses': None, 'invitation': '/join', 'password_reset':
            None, 'sign_in': None}, 'app_url': 'https://learn.acme.test', 'brand_color': '#1f4e79',
            'name': 'Acme University', 'reply_to': 'help@acme.test', 'sso_required': False,
            'terms_url': 'https://acme.test/terms', 'terms_version': '3'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | TenantView
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            if_match=if_match,
        )
    ).parsed
