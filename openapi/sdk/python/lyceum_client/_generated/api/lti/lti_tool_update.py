from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.lti_tool_view import LtiToolView
from ...models.problem import Problem
from ...models.update_lti_tool import UpdateLtiTool
from ...types import UNSET, Response, Unset


def _get_kwargs(
    id: UUID,
    *,
    body: UpdateLtiTool,
    if_match: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(if_match, Unset):
        headers["If-Match"] = if_match

    _kwargs: dict[str, Any] = {
        "method": "patch",
        "url": "/v1/lti/tools/{id}".format(
            id=quote(str(id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> LtiToolView | Problem | None:
    if response.status_code == 200:
        response_200 = LtiToolView.from_dict(response.json())

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

    if response.status_code == 404:
        response_404 = Problem.from_dict(response.json())

        return response_404

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
) -> Response[LtiToolView | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    id: UUID,
    *,
    client: AuthenticatedClient,
    body: UpdateLtiTool,
    if_match: str | Unset = UNSET,
) -> Response[LtiToolView | Problem]:
    """Update an LTI tool

     With `If-Match`, a stale version is 412. A disabled tool cannot launch or obtain tokens. Needs
    `tenant:write`.

    Args:
        id (UUID):
        if_match (str | Unset):
        body (UpdateLtiTool): Changes to a tool; absent fields stay as they are. The client id and
            deployment id never change. Example: {'custom': None, 'deep_linking': None, 'enabled':
            False, 'login_url': None, 'name': None, 'redirect_uris': None, 'scopes': [],
            'target_link_uri': None}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[LtiToolView | Problem]
    """

    kwargs = _get_kwargs(
        id=id,
        body=body,
        if_match=if_match,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    id: UUID,
    *,
    client: AuthenticatedClient,
    body: UpdateLtiTool,
    if_match: str | Unset = UNSET,
) -> LtiToolView | Problem | None:
    """Update an LTI tool

     With `If-Match`, a stale version is 412. A disabled tool cannot launch or obtain tokens. Needs
    `tenant:write`.

    Args:
        id (UUID):
        if_match (str | Unset):
        body (UpdateLtiTool): Changes to a tool; absent fields stay as they are. The client id and
            deployment id never change. Example: {'custom': None, 'deep_linking': None, 'enabled':
            False, 'login_url': None, 'name': None, 'redirect_uris': None, 'scopes': [],
            'target_link_uri': None}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        LtiToolView | Problem
    """

    return sync_detailed(
        id=id,
        client=client,
        body=body,
        if_match=if_match,
    ).parsed


async def asyncio_detailed(
    id: UUID,
    *,
    client: AuthenticatedClient,
    body: UpdateLtiTool,
    if_match: str | Unset = UNSET,
) -> Response[LtiToolView | Problem]:
    """Update an LTI tool

     With `If-Match`, a stale version is 412. A disabled tool cannot launch or obtain tokens. Needs
    `tenant:write`.

    Args:
        id (UUID):
        if_match (str | Unset):
        body (UpdateLtiTool): Changes to a tool; absent fields stay as they are. The client id and
            deployment id never change. Example: {'custom': None, 'deep_linking': None, 'enabled':
            False, 'login_url': None, 'name': None, 'redirect_uris': None, 'scopes': [],
            'target_link_uri': None}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[LtiToolView | Problem]
    """

    kwargs = _get_kwargs(
        id=id,
        body=body,
        if_match=if_match,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    id: UUID,
    *,
    client: AuthenticatedClient,
    body: UpdateLtiTool,
    if_match: str | Unset = UNSET,
) -> LtiToolView | Problem | None:
    """Update an LTI tool

     With `If-Match`, a stale version is 412. A disabled tool cannot launch or obtain tokens. Needs
    `tenant:write`.

    Args:
        id (UUID):
        if_match (str | Unset):
        body (UpdateLtiTool): Changes to a tool; absent fields stay as they are. The client id and
            deployment id never change. Example: {'custom': None, 'deep_linking': None, 'enabled':
            False, 'login_url': None, 'name': None, 'redirect_uris': None, 'scopes': [],
            'target_link_uri': None}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        LtiToolView | Problem
    """

    return (
        await asyncio_detailed(
            id=id,
            client=client,
            body=body,
            if_match=if_match,
        )
    ).parsed
