from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.signup_request import SignupRequest
from ...models.signup_result import SignupResult
from ...types import Response


def _get_kwargs(
    *,
    body: SignupRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/signup",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | SignupResult | None:
    if response.status_code == 201:
        response_201 = SignupResult.from_dict(response.json())

        return response_201

    if response.status_code == 400:
        response_400 = Problem.from_dict(response.json())

        return response_400

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
) -> Response[Problem | SignupResult]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: SignupRequest,
) -> Response[Problem | SignupResult]:
    """Sign up an institution

     Creates the institution (on a trial), its owner user and a first session, and sends the owner a
    welcome email. The slug must be free (409 `slug_taken` otherwise); every invalid field is listed in
    the 400 problem's `errors`. No credential needed.

    Args:
        body (SignupRequest): What an institution gives to sign up. Example: {'institution_name':
            'Acme University', 'owner_email': 'ada@acme.test', 'owner_name': 'Ada Admin', 'password':
            'correct horse battery', 'plan': 'trial', 'slug': 'acme'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | SignupResult]
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
    body: SignupRequest,
) -> Problem | SignupResult | None:
    """Sign up an institution

     Creates the institution (on a trial), its owner user and a first session, and sends the owner a
    welcome email. The slug must be free (409 `slug_taken` otherwise); every invalid field is listed in
    the 400 problem's `errors`. No credential needed.

    Args:
        body (SignupRequest): What an institution gives to sign up. Example: {'institution_name':
            'Acme University', 'owner_email': 'ada@acme.test', 'owner_name': 'Ada Admin', 'password':
            'correct horse battery', 'plan': 'trial', 'slug': 'acme'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | SignupResult
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: SignupRequest,
) -> Response[Problem | SignupResult]:
    """Sign up an institution

     Creates the institution (on a trial), its owner user and a first session, and sends the owner a
    welcome email. The slug must be free (409 `slug_taken` otherwise); every invalid field is listed in
    the 400 problem's `errors`. No credential needed.

    Args:
        body (SignupRequest): What an institution gives to sign up. Example: {'institution_name':
            'Acme University', 'owner_email': 'ada@acme.test', 'owner_name': 'Ada Admin', 'password':
            'correct horse battery', 'plan': 'trial', 'slug': 'acme'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | SignupResult]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: SignupRequest,
) -> Problem | SignupResult | None:
    """Sign up an institution

     Creates the institution (on a trial), its owner user and a first session, and sends the owner a
    welcome email. The slug must be free (409 `slug_taken` otherwise); every invalid field is listed in
    the 400 problem's `errors`. No credential needed.

    Args:
        body (SignupRequest): What an institution gives to sign up. Example: {'institution_name':
            'Acme University', 'owner_email': 'ada@acme.test', 'owner_name': 'Ada Admin', 'password':
            'correct horse battery', 'plan': 'trial', 'slug': 'acme'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | SignupResult
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
