from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.login_result import LoginResult
from ...models.problem import Problem
from ...models.sign_in_code_exchange import SignInCodeExchange
from ...types import Response


def _get_kwargs(
    *,
    body: SignInCodeExchange,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/auth/sso/exchange",
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
    body: SignInCodeExchange,
) -> Response[LoginResult | Problem]:
    """Exchange a sign-in code for a session

     Lyceum's hosted sign-in page (and single sign-on) hands a signed-in person to the institution's
    app (its `app_url` and `sign_in` path) with a one-time `code` in the URL, never a session. The app
    exchanges the code here, once, within two minutes, for a session token. An unknown, used or
    expired code is 422 `invalid` (field `code`). No credential needed.

    Args:
        body (SignInCodeExchange): A one-time sign-in code, as the institution's app received it
            (`?code=` on its sign-in path). Example: {'accepted_privacy_notice_version': None,
            'accepted_terms_version': None, 'code': 'lyo_8Jd2kQ0xWm4ZtR7vB3nLcY'}.

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
    body: SignInCodeExchange,
) -> LoginResult | Problem | None:
    """Exchange a sign-in code for a session

     Lyceum's hosted sign-in page (and single sign-on) hands a signed-in person to the institution's
    app (its `app_url` and `sign_in` path) with a one-time `code` in the URL, never a session. The app
    exchanges the code here, once, within two minutes, for a session token. An unknown, used or
    expired code is 422 `invalid` (field `code`). No credential needed.

    Args:
        body (SignInCodeExchange): A one-time sign-in code, as the institution's app received it
            (`?code=` on its sign-in path). Example: {'accepted_privacy_notice_version': None,
            'accepted_terms_version': None, 'code': 'lyo_8Jd2kQ0xWm4ZtR7vB3nLcY'}.

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
    body: SignInCodeExchange,
) -> Response[LoginResult | Problem]:
    """Exchange a sign-in code for a session

     Lyceum's hosted sign-in page (and single sign-on) hands a signed-in person to the institution's
    app (its `app_url` and `sign_in` path) with a one-time `code` in the URL, never a session. The app
    exchanges the code here, once, within two minutes, for a session token. An unknown, used or
    expired code is 422 `invalid` (field `code`). No credential needed.

    Args:
        body (SignInCodeExchange): A one-time sign-in code, as the institution's app received it
            (`?code=` on its sign-in path). Example: {'accepted_privacy_notice_version': None,
            'accepted_terms_version': None, 'code': 'lyo_8Jd2kQ0xWm4ZtR7vB3nLcY'}.

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
    body: SignInCodeExchange,
) -> LoginResult | Problem | None:
    """Exchange a sign-in code for a session

     Lyceum's hosted sign-in page (and single sign-on) hands a signed-in person to the institution's
    app (its `app_url` and `sign_in` path) with a one-time `code` in the URL, never a session. The app
    exchanges the code here, once, within two minutes, for a session token. An unknown, used or
    expired code is 422 `invalid` (field `code`). No credential needed.

    Args:
        body (SignInCodeExchange): A one-time sign-in code, as the institution's app received it
            (`?code=` on its sign-in path). Example: {'accepted_privacy_notice_version': None,
            'accepted_terms_version': None, 'code': 'lyo_8Jd2kQ0xWm4ZtR7vB3nLcY'}.

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
