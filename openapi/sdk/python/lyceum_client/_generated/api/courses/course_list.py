import datetime
from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.course_list import CourseList
from ...models.course_list_status import CourseListStatus
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    limit: int | Unset = UNSET,
    cursor: str | Unset = UNSET,
    status: CourseListStatus | Unset = UNSET,
    q: str | Unset = UNSET,
    updated_since: datetime.datetime | Unset = UNSET,
    external_id: str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["limit"] = limit

    params["cursor"] = cursor

    json_status: str | Unset = UNSET
    if not isinstance(status, Unset):
        json_status = status

    params["status"] = json_status

    params["q"] = q

    json_updated_since: str | Unset = UNSET
    if not isinstance(updated_since, Unset):
        json_updated_since = updated_since.isoformat()
    params["updated_since"] = json_updated_since

    params["external_id"] = external_id

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/courses",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> CourseList | Problem | None:
    if response.status_code == 200:
        response_200 = CourseList.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = Problem.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = Problem.from_dict(response.json())

        return response_403

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
) -> Response[CourseList | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    limit: int | Unset = UNSET,
    cursor: str | Unset = UNSET,
    status: CourseListStatus | Unset = UNSET,
    q: str | Unset = UNSET,
    updated_since: datetime.datetime | Unset = UNSET,
    external_id: str | Unset = UNSET,
) -> Response[CourseList | Problem]:
    """List courses

     The catalog in creation order. Learners see published courses only. Filters: `status`, `q` (part
    of the title, case-insensitive), `updated_since`. Needs `courses:read`.

    Args:
        limit (int | Unset):
        cursor (str | Unset):
        status (CourseListStatus | Unset):
        q (str | Unset):
        updated_since (datetime.datetime | Unset):
        external_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CourseList | Problem]
    """

    kwargs = _get_kwargs(
        limit=limit,
        cursor=cursor,
        status=status,
        q=q,
        updated_since=updated_since,
        external_id=external_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    limit: int | Unset = UNSET,
    cursor: str | Unset = UNSET,
    status: CourseListStatus | Unset = UNSET,
    q: str | Unset = UNSET,
    updated_since: datetime.datetime | Unset = UNSET,
    external_id: str | Unset = UNSET,
) -> CourseList | Problem | None:
    """List courses

     The catalog in creation order. Learners see published courses only. Filters: `status`, `q` (part
    of the title, case-insensitive), `updated_since`. Needs `courses:read`.

    Args:
        limit (int | Unset):
        cursor (str | Unset):
        status (CourseListStatus | Unset):
        q (str | Unset):
        updated_since (datetime.datetime | Unset):
        external_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CourseList | Problem
    """

    return sync_detailed(
        client=client,
        limit=limit,
        cursor=cursor,
        status=status,
        q=q,
        updated_since=updated_since,
        external_id=external_id,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    limit: int | Unset = UNSET,
    cursor: str | Unset = UNSET,
    status: CourseListStatus | Unset = UNSET,
    q: str | Unset = UNSET,
    updated_since: datetime.datetime | Unset = UNSET,
    external_id: str | Unset = UNSET,
) -> Response[CourseList | Problem]:
    """List courses

     The catalog in creation order. Learners see published courses only. Filters: `status`, `q` (part
    of the title, case-insensitive), `updated_since`. Needs `courses:read`.

    Args:
        limit (int | Unset):
        cursor (str | Unset):
        status (CourseListStatus | Unset):
        q (str | Unset):
        updated_since (datetime.datetime | Unset):
        external_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CourseList | Problem]
    """

    kwargs = _get_kwargs(
        limit=limit,
        cursor=cursor,
        status=status,
        q=q,
        updated_since=updated_since,
        external_id=external_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    limit: int | Unset = UNSET,
    cursor: str | Unset = UNSET,
    status: CourseListStatus | Unset = UNSET,
    q: str | Unset = UNSET,
    updated_since: datetime.datetime | Unset = UNSET,
    external_id: str | Unset = UNSET,
) -> CourseList | Problem | None:
    """List courses

     The catalog in creation order. Learners see published courses only. Filters: `status`, `q` (part
    of the title, case-insensitive), `updated_since`. Needs `courses:read`.

    Args:
        limit (int | Unset):
        cursor (str | Unset):
        status (CourseListStatus | Unset):
        q (str | Unset):
        updated_since (datetime.datetime | Unset):
        external_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CourseList | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            limit=limit,
            cursor=cursor,
            status=status,
            q=q,
            updated_since=updated_since,
            external_id=external_id,
        )
    ).parsed
