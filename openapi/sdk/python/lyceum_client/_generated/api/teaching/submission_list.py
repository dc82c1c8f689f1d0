from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.submission_list import SubmissionList
from ...types import UNSET, Response, Unset


def _get_kwargs(
    id: UUID,
    *,
    ungraded: bool | Unset = UNSET,
    late: bool | Unset = UNSET,
    user_id: UUID | Unset = UNSET,
    limit: int | Unset = UNSET,
    cursor: str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["ungraded"] = ungraded

    params["late"] = late

    json_user_id: str | Unset = UNSET
    if not isinstance(user_id, Unset):
        json_user_id = str(user_id)
    params["user_id"] = json_user_id

    params["limit"] = limit

    params["cursor"] = cursor

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/lessons/{id}/submissions".format(
            id=quote(str(id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | SubmissionList | None:
    if response.status_code == 200:
        response_200 = SubmissionList.from_dict(response.json())

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
) -> Response[Problem | SubmissionList]:
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
    ungraded: bool | Unset = UNSET,
    late: bool | Unset = UNSET,
    user_id: UUID | Unset = UNSET,
    limit: int | Unset = UNSET,
    cursor: str | Unset = UNSET,
) -> Response[Problem | SubmissionList]:
    """List an assignment's submissions

     Staff of the course see everyone's, with filters; a learner sees their own (grades once posted).

    Args:
        id (UUID):
        ungraded (bool | Unset):
        late (bool | Unset):
        user_id (UUID | Unset):
        limit (int | Unset):
        cursor (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | SubmissionList]
    """

    kwargs = _get_kwargs(
        id=id,
        ungraded=ungraded,
        late=late,
        user_id=user_id,
        limit=limit,
        cursor=cursor,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    id: UUID,
    *,
    client: AuthenticatedClient,
    ungraded: bool | Unset = UNSET,
    late: bool | Unset = UNSET,
    user_id: UUID | Unset = UNSET,
    limit: int | Unset = UNSET,
    cursor: str | Unset = UNSET,
) -> Problem | SubmissionList | None:
    """List an assignment's submissions

     Staff of the course see everyone's, with filters; a learner sees their own (grades once posted).

    Args:
        id (UUID):
        ungraded (bool | Unset):
        late (bool | Unset):
        user_id (UUID | Unset):
        limit (int | Unset):
        cursor (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | SubmissionList
    """

    return sync_detailed(
        id=id,
        client=client,
        ungraded=ungraded,
        late=late,
        user_id=user_id,
        limit=limit,
        cursor=cursor,
    ).parsed


async def asyncio_detailed(
    id: UUID,
    *,
    client: AuthenticatedClient,
    ungraded: bool | Unset = UNSET,
    late: bool | Unset = UNSET,
    user_id: UUID | Unset = UNSET,
    limit: int | Unset = UNSET,
    cursor: str | Unset = UNSET,
) -> Response[Problem | SubmissionList]:
    """List an assignment's submissions

     Staff of the course see everyone's, with filters; a learner sees their own (grades once posted).

    Args:
        id (UUID):
        ungraded (bool | Unset):
        late (bool | Unset):
        user_id (UUID | Unset):
        limit (int | Unset):
        cursor (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | SubmissionList]
    """

    kwargs = _get_kwargs(
        id=id,
        ungraded=ungraded,
        late=late,
        user_id=user_id,
        limit=limit,
        cursor=cursor,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    id: UUID,
    *,
    client: AuthenticatedClient,
    ungraded: bool | Unset = UNSET,
    late: bool | Unset = UNSET,
    user_id: UUID | Unset = UNSET,
    limit: int | Unset = UNSET,
    cursor: str | Unset = UNSET,
) -> Problem | SubmissionList | None:
    """List an assignment's submissions

     Staff of the course see everyone's, with filters; a learner sees their own (grades once posted).

    Args:
        id (UUID):
        ungraded (bool | Unset):
        late (bool | Unset):
        user_id (UUID | Unset):
        limit (int | Unset):
        cursor (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | SubmissionList
    """

    return (
        await asyncio_detailed(
            id=id,
            client=client,
            ungraded=ungraded,
            late=late,
            user_id=user_id,
            limit=limit,
            cursor=cursor,
        )
    ).parsed
