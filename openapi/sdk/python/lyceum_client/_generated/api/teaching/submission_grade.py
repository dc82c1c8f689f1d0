from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.grade_submission import GradeSubmission
from ...models.problem import Problem
from ...models.submission_view import SubmissionView
from ...types import UNSET, Response, Unset


def _get_kwargs(
    id: UUID,
    *,
    body: GradeSubmission,
    if_match: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(if_match, Unset):
        headers["If-Match"] = if_match

    _kwargs: dict[str, Any] = {
        "method": "put",
        "url": "/v1/submissions/{id}/grade".format(
            id=quote(str(id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | SubmissionView | None:
    if response.status_code == 200:
        response_200 = SubmissionView.from_dict(response.json())

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
) -> Response[Problem | SubmissionView]:
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
    body: GradeSubmission,
    if_match: str | Unset = UNSET,
) -> Response[Problem | SubmissionView]:
    """Grade a submission

     Staff of the course (`grades:write` for every course). Points between 0 and the points
    possible, or a level for every criterion of the assignment's rubric; the late policy's penalty is
    taken off. Every change is kept (`grade-history`) and audited. With `If-Match` (the grade's
    `version`), a grade changed since is 412. A posted, passing grade completes the lesson.

    Args:
        id (UUID):
        if_match (str | Unset):
        body (GradeSubmission): A grade to give: `points`, or a level for every criterion of the
            assignment's rubric (their
            points add up to the grade). A late penalty from the assignment's late policy is taken
            off. Example: {'feedback': 'Well argued overall.', 'points': None, 'post': False,
            'rubric': [{'comment': 'Good evidence; the claim could be sharper.', 'criterion_id': 'c1',
            'level_id': 'l2'}]}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | SubmissionView]
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
    body: GradeSubmission,
    if_match: str | Unset = UNSET,
) -> Problem | SubmissionView | None:
    """Grade a submission

     Staff of the course (`grades:write` for every course). Points between 0 and the points
    possible, or a level for every criterion of the assignment's rubric; the late policy's penalty is
    taken off. Every change is kept (`grade-history`) and audited. With `If-Match` (the grade's
    `version`), a grade changed since is 412. A posted, passing grade completes the lesson.

    Args:
        id (UUID):
        if_match (str | Unset):
        body (GradeSubmission): A grade to give: `points`, or a level for every criterion of the
            assignment's rubric (their
            points add up to the grade). A late penalty from the assignment's late policy is taken
            off. Example: {'feedback': 'Well argued overall.', 'points': None, 'post': False,
            'rubric': [{'comment': 'Good evidence; the claim could be sharper.', 'criterion_id': 'c1',
            'level_id': 'l2'}]}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | SubmissionView
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
    body: GradeSubmission,
    if_match: str | Unset = UNSET,
) -> Response[Problem | SubmissionView]:
    """Grade a submission

     Staff of the course (`grades:write` for every course). Points between 0 and the points
    possible, or a level for every criterion of the assignment's rubric; the late policy's penalty is
    taken off. Every change is kept (`grade-history`) and audited. With `If-Match` (the grade's
    `version`), a grade changed since is 412. A posted, passing grade completes the lesson.

    Args:
        id (UUID):
        if_match (str | Unset):
        body (GradeSubmission): A grade to give: `points`, or a level for every criterion of the
            assignment's rubric (their
            points add up to the grade). A late penalty from the assignment's late policy is taken
            off. Example: {'feedback': 'Well argued overall.', 'points': None, 'post': False,
            'rubric': [{'comment': 'Good evidence; the claim could be sharper.', 'criterion_id': 'c1',
            'level_id': 'l2'}]}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | SubmissionView]
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
    body: GradeSubmission,
    if_match: str | Unset = UNSET,
) -> Problem | SubmissionView | None:
    """Grade a submission

     Staff of the course (`grades:write` for every course). Points between 0 and the points
    possible, or a level for every criterion of the assignment's rubric; the late policy's penalty is
    taken off. Every change is kept (`grade-history`) and audited. With `If-Match` (the grade's
    `version`), a grade changed since is 412. A posted, passing grade completes the lesson.

    Args:
        id (UUID):
        if_match (str | Unset):
        body (GradeSubmission): A grade to give: `points`, or a level for every criterion of the
            assignment's rubric (their
            points add up to the grade). A late penalty from the assignment's late policy is taken
            off. Example: {'feedback': 'Well argued overall.', 'points': None, 'post': False,
            'rubric': [{'comment': 'Good evidence; the claim could be sharper.', 'criterion_id': 'c1',
            'level_id': 'l2'}]}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | SubmissionView
    """

    return (
        await asyncio_detailed(
            id=id,
            client=client,
            body=body,
            if_match=if_match,
        )
    ).parsed
