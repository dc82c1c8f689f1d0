from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    tenant_id: UUID,
    *,
    scope: str | Unset = UNSET,
    response_type: str | Unset = UNSET,
    response_mode: str | Unset = UNSET,
    prompt: str | Unset = UNSET,
    client_id: str | Unset = UNSET,
    redirect_uri: str | Unset = UNSET,
    login_hint: str | Unset = UNSET,
    lti_message_hint: str | Unset = UNSET,
    state: str | Unset = UNSET,
    nonce: str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["scope"] = scope

    params["response_type"] = response_type

    params["response_mode"] = response_mode

    params["prompt"] = prompt

    params["client_id"] = client_id

    params["redirect_uri"] = redirect_uri

    params["login_hint"] = login_hint

    params["lti_message_hint"] = lti_message_hint

    params["state"] = state

    params["nonce"] = nonce

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/lti/platforms/{tenant_id}/authorize".format(
            tenant_id=quote(str(tenant_id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | str | None:
    if response.status_code == 200:
        response_200 = response.text
        return response_200

    if response.status_code == 400:
        response_400 = Problem.from_dict(response.json())

        return response_400

    if response.status_code == 404:
        response_404 = Problem.from_dict(response.json())

        return response_404

    if response.status_code == 422:
        response_422 = Problem.from_dict(response.json())

        return response_422

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
) -> Response[Problem | str]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    tenant_id: UUID,
    *,
    client: AuthenticatedClient | Client,
    scope: str | Unset = UNSET,
    response_type: str | Unset = UNSET,
    response_mode: str | Unset = UNSET,
    prompt: str | Unset = UNSET,
    client_id: str | Unset = UNSET,
    redirect_uri: str | Unset = UNSET,
    login_hint: str | Unset = UNSET,
    lti_message_hint: str | Unset = UNSET,
    state: str | Unset = UNSET,
    nonce: str | Unset = UNSET,
) -> Response[Problem | str]:
    """The platform's authorization endpoint (query)

     Where a tool sends its OIDC authentication request during a launch (LTI Security Framework
    1.0 §5.1.1.2). Checks it, uses the launch up, and answers a page that posts the signed ID token to
    the tool's redirect URI with its `state`. No credential: the `lti_message_hint` is the launch's
    one-time secret. 422 `lti_invalid_request`, `lti_launch_used` (a replay), `lti_launch_expired`.

    Args:
        tenant_id (UUID):
        scope (str | Unset):
        response_type (str | Unset):
        response_mode (str | Unset):
        prompt (str | Unset):
        client_id (str | Unset):
        redirect_uri (str | Unset):
        login_hint (str | Unset):
        lti_message_hint (str | Unset):
        state (str | Unset):
        nonce (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | str]
    """

    kwargs = _get_kwargs(
        tenant_id=tenant_id,
        scope=scope,
        response_type=response_type,
        response_mode=response_mode,
        prompt=prompt,
        client_id=client_id,
        redirect_uri=redirect_uri,
        login_hint=login_hint,
        lti_message_hint=lti_message_hint,
        state=state,
        nonce=nonce,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    tenant_id: UUID,
    *,
    client: AuthenticatedClient | Client,
    scope: str | Unset = UNSET,
    response_type: str | Unset = UNSET,
    response_mode: str | Unset = UNSET,
    prompt: str | Unset = UNSET,
    client_id: str | Unset = UNSET,
    redirect_uri: str | Unset = UNSET,
    login_hint: str | Unset = UNSET,
    lti_message_hint: str | Unset = UNSET,
    state: str | Unset = UNSET,
    nonce: str | Unset = UNSET,
) -> Problem | str | None:
    """The platform's authorization endpoint (query)

     Where a tool sends its OIDC authentication request during a launch (LTI Security Framework
    1.0 §5.1.1.2). Checks it, uses the launch up, and answers a page that posts the signed ID token to
    the tool's redirect URI with its `state`. No credential: the `lti_message_hint` is the launch's
    one-time secret. 422 `lti_invalid_request`, `lti_launch_used` (a replay), `lti_launch_expired`.

    Args:
        tenant_id (UUID):
        scope (str | Unset):
        response_type (str | Unset):
        response_mode (str | Unset):
        prompt (str | Unset):
        client_id (str | Unset):
        redirect_uri (str | Unset):
        login_hint (str | Unset):
        lti_message_hint (str | Unset):
        state (str | Unset):
        nonce (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | str
    """

    return sync_detailed(
        tenant_id=tenant_id,
        client=client,
        scope=scope,
        response_type=response_type,
        response_mode=response_mode,
        prompt=prompt,
        client_id=client_id,
        redirect_uri=redirect_uri,
        login_hint=login_hint,
        lti_message_hint=lti_message_hint,
        state=state,
        nonce=nonce,
    ).parsed


async def asyncio_detailed(
    tenant_id: UUID,
    *,
    client: AuthenticatedClient | Client,
    scope: str | Unset = UNSET,
    response_type: str | Unset = UNSET,
    response_mode: str | Unset = UNSET,
    prompt: str | Unset = UNSET,
    client_id: str | Unset = UNSET,
    redirect_uri: str | Unset = UNSET,
    login_hint: str | Unset = UNSET,
    lti_message_hint: str | Unset = UNSET,
    state: str | Unset = UNSET,
    nonce: str | Unset = UNSET,
) -> Response[Problem | str]:
    """The platform's authorization endpoint (query)

     Where a tool sends its OIDC authentication request during a launch (LTI Security Framework
    1.0 §5.1.1.2). Checks it, uses the launch up, and answers a page that posts the signed ID token to
    the tool's redirect URI with its `state`. No credential: the `lti_message_hint` is the launch's
    one-time secret. 422 `lti_invalid_request`, `lti_launch_used` (a replay), `lti_launch_expired`.

    Args:
        tenant_id (UUID):
        scope (str | Unset):
        response_type (str | Unset):
        response_mode (str | Unset):
        prompt (str | Unset):
        client_id (str | Unset):
        redirect_uri (str | Unset):
        login_hint (str | Unset):
        lti_message_hint (str | Unset):
        state (str | Unset):
        nonce (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | str]
    """

    kwargs = _get_kwargs(
        tenant_id=tenant_id,
        scope=scope,
        response_type=response_type,
        response_mode=response_mode,
        prompt=prompt,
        client_id=client_id,
        redirect_uri=redirect_uri,
        login_hint=login_hint,
        lti_message_hint=lti_message_hint,
        state=state,
        nonce=nonce,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    tenant_id: UUID,
    *,
    client: AuthenticatedClient | Client,
    scope: str | Unset = UNSET,
    response_type: str | Unset = UNSET,
    response_mode: str | Unset = UNSET,
    prompt: str | Unset = UNSET,
    client_id: str | Unset = UNSET,
    redirect_uri: str | Unset = UNSET,
    login_hint: str | Unset = UNSET,
    lti_message_hint: str | Unset = UNSET,
    state: str | Unset = UNSET,
    nonce: str | Unset = UNSET,
) -> Problem | str | None:
    """The platform's authorization endpoint (query)

     Where a tool sends its OIDC authentication request during a launch (LTI Security Framework
    1.0 §5.1.1.2). Checks it, uses the launch up, and answers a page that posts the signed ID token to
    the tool's redirect URI with its `state`. No credential: the `lti_message_hint` is the launch's
    one-time secret. 422 `lti_invalid_request`, `lti_launch_used` (a replay), `lti_launch_expired`.

    Args:
        tenant_id (UUID):
        scope (str | Unset):
        response_type (str | Unset):
        response_mode (str | Unset):
        prompt (str | Unset):
        client_id (str | Unset):
        redirect_uri (str | Unset):
        login_hint (str | Unset):
        lti_message_hint (str | Unset):
        state (str | Unset):
        nonce (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | str
    """

    return (
        await asyncio_detailed(
            tenant_id=tenant_id,
            client=client,
            scope=scope,
            response_type=response_type,
            response_mode=response_mode,
            prompt=prompt,
            client_id=client_id,
            redirect_uri=redirect_uri,
            login_hint=login_hint,
            lti_message_hint=lti_message_hint,
            state=state,
            nonce=nonce,
        )
    ).parsed
