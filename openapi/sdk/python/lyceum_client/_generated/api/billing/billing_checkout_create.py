from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.checkout_session_view import CheckoutSessionView
from ...models.create_checkout_session import CreateCheckoutSession
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: CreateCheckoutSession,
    idempotency_key: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/billing/checkout-session",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> CheckoutSessionView | Problem | None:
    if response.status_code == 201:
        response_201 = CheckoutSessionView.from_dict(response.json())

        return response_201

    if response.status_code == 400:
        response_400 = Problem.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())

        return response_401

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
) -> Response[CheckoutSessionView | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: CreateCheckoutSession,
    idempotency_key: str | Unset = UNSET,
) -> Response[CheckoutSessionView | Problem]:
    """Start a checkout

     Creates the institution's Stripe customer (once) and a subscription-mode Stripe Checkout Session
    for the plan and number of seats; send the buyer to `url`. When payment succeeds, Stripe's
    webhook updates the subscription, plan and seat limit. Send an `Idempotency-Key` to make a retry
    return the same session. Needs `billing:write` (owners and admins); allowed while read-only.
    502 when Stripe answers with an error, 503 when it cannot be reached: nothing was changed.

    Args:
        idempotency_key (str | Unset):
        body (CreateCheckoutSession): What to buy. Example: {'cancel_url':
            'https://lms.example.org/billing', 'plan': 'growth', 'seats': 150, 'success_url':
            'https://lms.example.org/billing/done?session={CHECKOUT_SESSION_ID}'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CheckoutSessionView | Problem]
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
    body: CreateCheckoutSession,
    idempotency_key: str | Unset = UNSET,
) -> CheckoutSessionView | Problem | None:
    """Start a checkout

     Creates the institution's Stripe customer (once) and a subscription-mode Stripe Checkout Session
    for the plan and number of seats; send the buyer to `url`. When payment succeeds, Stripe's
    webhook updates the subscription, plan and seat limit. Send an `Idempotency-Key` to make a retry
    return the same session. Needs `billing:write` (owners and admins); allowed while read-only.
    502 when Stripe answers with an error, 503 when it cannot be reached: nothing was changed.

    Args:
        idempotency_key (str | Unset):
        body (CreateCheckoutSession): What to buy. Example: {'cancel_url':
            'https://lms.example.org/billing', 'plan': 'growth', 'seats': 150, 'success_url':
            'https://lms.example.org/billing/done?session={CHECKOUT_SESSION_ID}'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CheckoutSessionView | Problem
    """

    return sync_detailed(
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: CreateCheckoutSession,
    idempotency_key: str | Unset = UNSET,
) -> Response[CheckoutSessionView | Problem]:
    """Start a checkout

     Creates the institution's Stripe customer (once) and a subscription-mode Stripe Checkout Session
    for the plan and number of seats; send the buyer to `url`. When payment succeeds, Stripe's
    webhook updates the subscription, plan and seat limit. Send an `Idempotency-Key` to make a retry
    return the same session. Needs `billing:write` (owners and admins); allowed while read-only.
    502 when Stripe answers with an error, 503 when it cannot be reached: nothing was changed.

    Args:
        idempotency_key (str | Unset):
        body (CreateCheckoutSession): What to buy. Example: {'cancel_url':
            'https://lms.example.org/billing', 'plan': 'growth', 'seats': 150, 'success_url':
            'https://lms.example.org/billing/done?session={CHECKOUT_SESSION_ID}'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CheckoutSessionView | Problem]
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
    body: CreateCheckoutSession,
    idempotency_key: str | Unset = UNSET,
) -> CheckoutSessionView | Problem | None:
    """Start a checkout

     Creates the institution's Stripe customer (once) and a subscription-mode Stripe Checkout Session
    for the plan and number of seats; send the buyer to `url`. When payment succeeds, Stripe's
    webhook updates the subscription, plan and seat limit. Send an `Idempotency-Key` to make a retry
    return the same session. Needs `billing:write` (owners and admins); allowed while read-only.
    502 when Stripe answers with an error, 503 when it cannot be reached: nothing was changed.

    Args:
        idempotency_key (str | Unset):
        body (CreateCheckoutSession): What to buy. Example: {'cancel_url':
            'https://lms.example.org/billing', 'plan': 'growth', 'seats': 150, 'success_url':
            'https://lms.example.org/billing/done?session={CHECKOUT_SESSION_ID}'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CheckoutSessionView | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
