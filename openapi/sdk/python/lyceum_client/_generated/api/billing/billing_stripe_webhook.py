from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.webhook_receipt import WebhookReceipt
from ...types import UNSET, File, Response, Unset


def _get_kwargs(
    *,
    body: File,
    stripe_signature: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(stripe_signature, Unset):
        headers["Stripe-Signature"] = stripe_signature

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/billing/stripe/webhook",
    }

    _kwargs["content"] = body.payload
    headers["Content-Type"] = "application/octet-stream"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | WebhookReceipt | None:
    if response.status_code == 200:
        response_200 = WebhookReceipt.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = Problem.from_dict(response.json())

        return response_400

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
) -> Response[Problem | WebhookReceipt]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: File,
    stripe_signature: str | Unset = UNSET,
) -> Response[Problem | WebhookReceipt]:
    """Receive a Stripe event

     For Stripe only, not for integrators. Checks `Stripe-Signature` over the raw body (400 when it is
    missing, wrong or more than 300 s old), stores the event by id (a redelivery is a no-op) and
    applies it in the background, never letting an older event overwrite newer state.

    Args:
        stripe_signature (str | Unset):
        body (File):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | WebhookReceipt]
    """

    kwargs = _get_kwargs(
        body=body,
        stripe_signature=stripe_signature,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    body: File,
    stripe_signature: str | Unset = UNSET,
) -> Problem | WebhookReceipt | None:
    """Receive a Stripe event

     For Stripe only, not for integrators. Checks `Stripe-Signature` over the raw body (400 when it is
    missing, wrong or more than 300 s old), stores the event by id (a redelivery is a no-op) and
    applies it in the background, never letting an older event overwrite newer state.

    Args:
        stripe_signature (str | Unset):
        body (File):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | WebhookReceipt
    """

    return sync_detailed(
        client=client,
        body=body,
        stripe_signature=stripe_signature,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: File,
    stripe_signature: str | Unset = UNSET,
) -> Response[Problem | WebhookReceipt]:
    """Receive a Stripe event

     For Stripe only, not for integrators. Checks `Stripe-Signature` over the raw body (400 when it is
    missing, wrong or more than 300 s old), stores the event by id (a redelivery is a no-op) and
    applies it in the background, never letting an older event overwrite newer state.

    Args:
        stripe_signature (str | Unset):
        body (File):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | WebhookReceipt]
    """

    kwargs = _get_kwargs(
        body=body,
        stripe_signature=stripe_signature,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: File,
    stripe_signature: str | Unset = UNSET,
) -> Problem | WebhookReceipt | None:
    """Receive a Stripe event

     For Stripe only, not for integrators. Checks `Stripe-Signature` over the raw body (400 when it is
    missing, wrong or more than 300 s old), stores the event by id (a redelivery is a no-op) and
    applies it in the background, never letting an older event overwrite newer state.

    Args:
        stripe_signature (str | Unset):
        body (File):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | WebhookReceipt
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            stripe_signature=stripe_signature,
        )
    ).parsed
