from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.accept_invitation import AcceptInvitation
from ...models.accepted_invitation import AcceptedInvitation
from ...models.problem import Problem
from ...types import Response


def _get_kwargs(
    token: str,
    *,
    body: AcceptInvitation,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/invitations/{token}/accept".format(
            token=quote(str(token), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> AcceptedInvitation | Problem | None:
    if response.status_code == 200:
        response_200 = AcceptedInvitation.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = Problem.from_dict(response.json())

        return response_400

    if response.status_code == 403:
        response_403 = Problem.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = Problem.from_dict(response.json())

        return response_404

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
) -> Response[AcceptedInvitation | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    token: str,
    *,
    client: AuthenticatedClient | Client,
    body: AcceptInvitation,
) -> Response[AcceptedInvitation | Problem]:
    """Accept an invitation

     Sets the invited user's password with the emailed `lyi_...` code (single use, valid 7 days) and
    signs them in. No credential needed.

    Args:
        token (str):
        body (AcceptInvitation): The password the invited user chooses (and optionally their
            name). Example: {'accepted_privacy_notice_version': None, 'accepted_terms_version': '3',
            'name': 'Ivy Ivanova', 'password': 'correct horse battery staple'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AcceptedInvitation | Problem]
    """

    kwargs = _get_kwargs(
        token=token,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    token: str,
    *,
    client: AuthenticatedClient | Client,
    body: AcceptInvitation,
) -> AcceptedInvitation | Problem | None:
    """Accept an invitation

     Sets the invited user's password with the emailed `lyi_...` code (single use, valid 7 days) and
    signs them in. No credential needed.

    Args:
        token (str):
        body (AcceptInvitation): The password the invited user chooses (and optionally their
            name). Example: {'accepted_privacy_notice_version': None, 'accepted_terms_version': '3',
            'name': 'Ivy Ivanova', 'password': 'correct horse battery staple'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AcceptedInvitation | Problem
    """

    return sync_detailed(
        token=token,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    token: str,
    *,
    client: AuthenticatedClient | Client,
    body: AcceptInvitation,
) -> Response[AcceptedInvitation | Problem]:
    """Accept an invitation

     Sets the invited user's password with the emailed `lyi_...` code (single use, valid 7 days) and
    signs them in. No credential needed.

    Args:
        token (str):
        body (AcceptInvitation): The password the invited user chooses (and optionally their
            name). Example: {'accepted_privacy_notice_version': None, 'accepted_terms_version': '3',
            'name': 'Ivy Ivanova', 'password': 'correct horse battery staple'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AcceptedInvitation | Problem]
    """

    kwargs = _get_kwargs(
        token=token,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    token: str,
    *,
    client: AuthenticatedClient | Client,
    body: AcceptInvitation,
) -> AcceptedInvitation | Problem | None:
    """Accept an invitation

     Sets the invited user's password with the emailed `lyi_...` code (single use, valid 7 days) and
    signs them in. No credential needed.

    Args:
        token (str):
        body (AcceptInvitation): The password the invited user chooses (and optionally their
            name). Example: {'accepted_privacy_notice_version': None, 'accepted_terms_version': '3',
            'name': 'Ivy Ivanova', 'password': 'correct horse battery staple'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AcceptedInvitation | Problem
    """

    return (
        await asyncio_detailed(
            token=token,
            client=client,
            body=body,
        )
    ).parsed
