from http import HTTPStatus
from typing import Any, cast

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    state: str | Unset = UNSET,
    code: str | Unset = UNSET,
    error: str | Unset = UNSET,
    error_description: str | Unset = UNSET,
    iss: str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["state"] = state

    params["code"] = code

    params["error"] = error

    params["error_description"] = error_description

    params["iss"] = iss

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/auth/sso/callback",
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

    if response.status_code == 402:
        response_402 = Problem.from_dict(response.json())

        return response_402

    if response.status_code == 403:
        response_403 = Problem.from_dict(response.json())

        return response_403

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
    *,
    client: AuthenticatedClient | Client,
    state: str | Unset = UNSET,
    code: str | Unset = UNSET,
    error: str | Unset = UNSET,
    error_description: str | Unset = UNSET,
    iss: str | Unset = UNSET,
) -> Response[Any | Problem]:
    """Single sign-on callback

     Where identity providers send people back (register it as the redirect URI). Validates the ID
    token (signature from the provider's keys, issuer, audience, expiry, nonce), finds the person by
    the provider's subject (linking a verified email on first sign-in; creating them when the provider
    allows it and a seat is free) and redirects to the sign-in's `return_to` with a one-time `code`.
    Every failure is a problem and signs no one in: 400 for a missing, used or expired `state`;
    422 `sso_denied`, `sso_failed`, `sso_invalid_token` or `sso_email_unverified`; 403
    `sso_domain_not_allowed`, `sso_no_account`, `sso_link_refused` (an owner is never linked by email),
    `user_disabled`; 402 `seat_limit_reached`.

    Args:
        state (str | Unset):
        code (str | Unset):
        error (str | Unset):
        error_description (str | Unset):
        iss (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Problem]
    """

    kwargs = _get_kwargs(
        state=state,
        code=code,
        error=error,
        error_description=error_description,
        iss=iss,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    state: str | Unset = UNSET,
    code: str | Unset = UNSET,
    error: str | Unset = UNSET,
    error_description: str | Unset = UNSET,
    iss: str | Unset = UNSET,
) -> Any | Problem | None:
    """Single sign-on callback

     Where identity providers send people back (register it as the redirect URI). Validates the ID
    token (signature from the provider's keys, issuer, audience, expiry, nonce), finds the person by
    the provider's subject (linking a verified email on first sign-in; creating them when the provider
    allows it and a seat is free) and redirects to the sign-in's `return_to` with a one-time `code`.
    Every failure is a problem and signs no one in: 400 for a missing, used or expired `state`;
    422 `sso_denied`, `sso_failed`, `sso_invalid_token` or `sso_email_unverified`; 403
    `sso_domain_not_allowed`, `sso_no_account`, `sso_link_refused` (an owner is never linked by email),
    `user_disabled`; 402 `seat_limit_reached`.

    Args:
        state (str | Unset):
        code (str | Unset):
        error (str | Unset):
        error_description (str | Unset):
        iss (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Problem
    """

    return sync_detailed(
        client=client,
        state=state,
        code=code,
        error=error,
        error_description=error_description,
        iss=iss,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    state: str | Unset = UNSET,
    code: str | Unset = UNSET,
    error: str | Unset = UNSET,
    error_description: str | Unset = UNSET,
    iss: str | Unset = UNSET,
) -> Response[Any | Problem]:
    """Single sign-on callback

     Where identity providers send people back (register it as the redirect URI). Validates the ID
    token (signature from the provider's keys, issuer, audience, expiry, nonce), finds the person by
    the provider's subject (linking a verified email on first sign-in; creating them when the provider
    allows it and a seat is free) and redirects to the sign-in's `return_to` with a one-time `code`.
    Every failure is a problem and signs no one in: 400 for a missing, used or expired `state`;
    422 `sso_denied`, `sso_failed`, `sso_invalid_token` or `sso_email_unverified`; 403
    `sso_domain_not_allowed`, `sso_no_account`, `sso_link_refused` (an owner is never linked by email),
    `user_disabled`; 402 `seat_limit_reached`.

    Args:
        state (str | Unset):
        code (str | Unset):
        error (str | Unset):
        error_description (str | Unset):
        iss (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Problem]
    """

    kwargs = _get_kwargs(
        state=state,
        code=code,
        error=error,
        error_description=error_description,
        iss=iss,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    state: str | Unset = UNSET,
    code: str | Unset = UNSET,
    error: str | Unset = UNSET,
    error_description: str | Unset = UNSET,
    iss: str | Unset = UNSET,
) -> Any | Problem | None:
    """Single sign-on callback

     Where identity providers send people back (register it as the redirect URI). Validates the ID
    token (signature from the provider's keys, issuer, audience, expiry, nonce), finds the person by
    the provider's subject (linking a verified email on first sign-in; creating them when the provider
    allows it and a seat is free) and redirects to the sign-in's `return_to` with a one-time `code`.
    Every failure is a problem and signs no one in: 400 for a missing, used or expired `state`;
    422 `sso_denied`, `sso_failed`, `sso_invalid_token` or `sso_email_unverified`; 403
    `sso_domain_not_allowed`, `sso_no_account`, `sso_link_refused` (an owner is never linked by email),
    `user_disabled`; 402 `seat_limit_reached`.

    Args:
        state (str | Unset):
        code (str | Unset):
        error (str | Unset):
        error_description (str | Unset):
        iss (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            state=state,
            code=code,
            error=error,
            error_description=error_description,
            iss=iss,
        )
    ).parsed
