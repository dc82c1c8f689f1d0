from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.accept_policies import AcceptPolicies
from ...models.consent_status_view import ConsentStatusView
from ...models.problem import Problem
from ...types import Response


def _get_kwargs(
    *,
    body: AcceptPolicies,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/me/consents",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ConsentStatusView | Problem | None:
    if response.status_code == 200:
        response_200 = ConsentStatusView.from_dict(response.json())

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
) -> Response[ConsentStatusView | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: AcceptPolicies,
) -> Response[ConsentStatusView | Problem]:
    """Accept the institution's terms

     Records that the signed-in person accepts the named versions (each must be the institution's
    current one: 400 otherwise). Sign-in flows take the same fields.

    Args:
        body (AcceptPolicies): The versions the signed-in person accepts: each must be the
            institution's current one. Example: {'accepted_privacy_notice_version': '2026-09',
            'accepted_terms_version': '3'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ConsentStatusView | Problem]
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
    body: AcceptPolicies,
) -> ConsentStatusView | Problem | None:
    """Accept the institution's terms

     Records that the signed-in person accepts the named versions (each must be the institution's
    current one: 400 otherwise). Sign-in flows take the same fields.

    Args:
        body (AcceptPolicies): The versions the signed-in person accepts: each must be the
            institution's current one. Example: {'accepted_privacy_notice_version': '2026-09',
            'accepted_terms_version': '3'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ConsentStatusView | Problem
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: AcceptPolicies,
) -> Response[ConsentStatusView | Problem]:
    """Accept the institution's terms

     Records that the signed-in person accepts the named versions (each must be the institution's
    current one: 400 otherwise). Sign-in flows take the same fields.

    Args:
        body (AcceptPolicies): The versions the signed-in person accepts: each must be the
            institution's current one. Example: {'accepted_privacy_notice_version': '2026-09',
            'accepted_terms_version': '3'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ConsentStatusView | Problem]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: AcceptPolicies,
) -> ConsentStatusView | Problem | None:
    """Accept the institution's terms

     Records that the signed-in person accepts the named versions (each must be the institution's
    current one: 400 otherwise). Sign-in flows take the same fields.

    Args:
        body (AcceptPolicies): The versions the signed-in person accepts: each must be the
            institution's current one. Example: {'accepted_privacy_notice_version': '2026-09',
            'accepted_terms_version': '3'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ConsentStatusView | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
