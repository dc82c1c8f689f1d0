from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.lti_deep_link_input import LtiDeepLinkInput
from ...models.lti_launch_view import LtiLaunchView
from ...models.problem import Problem
from ...types import Response


def _get_kwargs(
    id: UUID,
    *,
    body: LtiDeepLinkInput,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/modules/{id}/lti-deep-link".format(
            id=quote(str(id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json; charset=utf-8"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> LtiLaunchView | Problem | None:
    if response.status_code == 200:
        response_200 = LtiLaunchView.from_dict(response.json())

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
) -> Response[LtiLaunchView | Problem]:
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
    body: LtiDeepLinkInput,
) -> Response[LtiLaunchView | Problem]:
    """Pick content for a module in an LTI tool (Deep Linking 2.0)

     For staff who may edit the course. Records the request and answers the tool's login initiation
    URL: open it in the browser; the tool shows its content picker and posts the chosen items back to
    Lyceum, which adds them as `lti` lessons at the end of the module (with their line items when the
    tool asks). The login must come back within 5 minutes, the chosen items within 60. 409
    `lti_deep_linking_off` for a tool not registered for deep linking, `lti_tool_disabled`.

    Args:
        id (UUID):
        body (LtiDeepLinkInput): Which tool to pick content in. Example: {'tool_id':
            '0193c0de-1a2b-7c3d-8e4f-5a6b7c8d9e10'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[LtiLaunchView | Problem]
    """

    kwargs = _get_kwargs(
        id=id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    id: UUID,
    *,
    client: AuthenticatedClient,
    body: LtiDeepLinkInput,
) -> LtiLaunchView | Problem | None:
    """Pick content for a module in an LTI tool (Deep Linking 2.0)

     For staff who may edit the course. Records the request and answers the tool's login initiation
    URL: open it in the browser; the tool shows its content picker and posts the chosen items back to
    Lyceum, which adds them as `lti` lessons at the end of the module (with their line items when the
    tool asks). The login must come back within 5 minutes, the chosen items within 60. 409
    `lti_deep_linking_off` for a tool not registered for deep linking, `lti_tool_disabled`.

    Args:
        id (UUID):
        body (LtiDeepLinkInput): Which tool to pick content in. Example: {'tool_id':
            '0193c0de-1a2b-7c3d-8e4f-5a6b7c8d9e10'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        LtiLaunchView | Problem
    """

    return sync_detailed(
        id=id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    id: UUID,
    *,
    client: AuthenticatedClient,
    body: LtiDeepLinkInput,
) -> Response[LtiLaunchView | Problem]:
    """Pick content for a module in an LTI tool (Deep Linking 2.0)

     For staff who may edit the course. Records the request and answers the tool's login initiation
    URL: open it in the browser; the tool shows its content picker and posts the chosen items back to
    Lyceum, which adds them as `lti` lessons at the end of the module (with their line items when the
    tool asks). The login must come back within 5 minutes, the chosen items within 60. 409
    `lti_deep_linking_off` for a tool not registered for deep linking, `lti_tool_disabled`.

    Args:
        id (UUID):
        body (LtiDeepLinkInput): Which tool to pick content in. Example: {'tool_id':
            '0193c0de-1a2b-7c3d-8e4f-5a6b7c8d9e10'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[LtiLaunchView | Problem]
    """

    kwargs = _get_kwargs(
        id=id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    id: UUID,
    *,
    client: AuthenticatedClient,
    body: LtiDeepLinkInput,
) -> LtiLaunchView | Problem | None:
    """Pick content for a module in an LTI tool (Deep Linking 2.0)

     For staff who may edit the course. Records the request and answers the tool's login initiation
    URL: open it in the browser; the tool shows its content picker and posts the chosen items back to
    Lyceum, which adds them as `lti` lessons at the end of the module (with their line items when the
    tool asks). The login must come back within 5 minutes, the chosen items within 60. 409
    `lti_deep_linking_off` for a tool not registered for deep linking, `lti_tool_disabled`.

    Args:
        id (UUID):
        body (LtiDeepLinkInput): Which tool to pick content in. Example: {'tool_id':
            '0193c0de-1a2b-7c3d-8e4f-5a6b7c8d9e10'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        LtiLaunchView | Problem
    """

    return (
        await asyncio_detailed(
            id=id,
            client=client,
            body=body,
        )
    ).parsed
