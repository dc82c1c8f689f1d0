from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.login_request import LoginRequest
from ...models.login_result import LoginResult
from ...models.problem import Problem
from ...types import Response


def _get_kwargs(
    *,
    body: LoginRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/auth/login",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> LoginResult | Problem | None:
    if response.status_code == 200:
        response_200 = LoginResult.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = Problem.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = Problem.from_dict(response.json())

        return response_403

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
) -> Response[LoginResult | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: LoginRequest,
) -> Response[LoginResult | Problem]:
    """Sign in

     Exchanges an institution slug, email and password for a session token valid for 14 days. A wrong
    password, an unknown email and an unknown institution all answer the same 401
    `invalid_credentials`. A suspended institution answers 403 `tenant_suspended`. Once the
    institution publishes terms or a privacy notice, a person who has not accepted the current
    version gets 403 `consent_required` (its `documents` name each version and URL) until the
    request carries `accepted_terms_version` / `accepted_privacy_notice_version`.

    Args:
        body (LoginRequest): Credentials: the institution's slug, the user's email (any case) and
            password. Example: {'accepted_privacy_notice_version': None, 'accepted_terms_version':
            None, 'email': 'ada@acme.test', 'password': 'correct horse battery', 'tenant': 'acme'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[LoginResult | Problem]
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
    client: AuthenticatedClient | Client,
    body: LoginRequest,
) -> LoginResult | Problem | None:
    """Sign in

     Exchanges an institution slug, email and password for a session token valid for 14 days. A wrong
    password, an unknown email and an unknown institution all answer the same 401
    `invalid_credentials`. A suspended institution answers 403 `tenant_suspended`. Once the
    institution publishes terms or a privacy notice, a person who has not accepted the current
    version gets 403 `consent_required` (its `documents` name each version and URL) until the
    request carries `accepted_terms_version` / `accepted_privacy_notice_version`.

    Args:
        body (LoginRequest): Credentials: the institution's slug, the user's email (any case) and
            password. Example: {'accepted_privacy_notice_version': None, 'accepted_terms_version':
            None, 'email': 'ada@acme.test', 'password': 'correct horse battery', 'tenant': 'acme'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        LoginResult | Problem
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: LoginRequest,
) -> Response[LoginResult | Problem]:
    """Sign in

     Exchanges an institution slug, email and password for a session token valid for 14 days. A wrong
    password, an unknown email and an unknown institution all answer the same 401
    `invalid_credentials`. A suspended institution answers 403 `tenant_suspended`. Once the
    institution publishes terms or a privacy notice, a person who has not accepted the current
    version gets 403 `consent_required` (its `documents` name each version and URL) until the
    request carries `accepted_terms_version` / `accepted_privacy_notice_version`.

    Args:
        body (LoginRequest): Credentials: the institution's slug, the user's email (any case) and
            password. Example: {'accepted_privacy_notice_version': None, 'accepted_terms_version':
            None, 'email': 'ada@acme.test', 'password': 'correct horse battery', 'tenant': 'acme'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[LoginResult | Problem]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: LoginRequest,
) -> LoginResult | Problem | None:
    """Sign in

     Exchanges an institution slug, email and password for a session token valid for 14 days. A wrong
    password, an unknown email and an unknown institution all answer the same 401
    `invalid_credentials`. A suspended institution answers 403 `tenant_suspended`. Once the
    institution publishes terms or a privacy notice, a person who has not accepted the current
    version gets 403 `consent_required` (its `documents` name each version and URL) until the
    request carries `accepted_terms_version` / `accepted_privacy_notice_version`.

    Args:
        body (LoginRequest): Credentials: the institution's slug, the user's email (any case) and
            password. Example: {'accepted_privacy_notice_version': None, 'accepted_terms_version':
            None, 'email': 'ada@acme.test', 'password': 'correct horse battery', 'tenant': 'acme'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        LoginResult | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
