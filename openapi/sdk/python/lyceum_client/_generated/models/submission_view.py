from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.file_view import FileView
    from ..models.submission_view_grade_type_1 import SubmissionViewGradeType1


T = TypeVar("T", bound="SubmissionView")


@_attrs_define
class SubmissionView:
    """A learner's submission to an assignment.

    Example:
        {'attempt_number': 1, 'attempts_remaining': 2, 'body': 'My essay on atoms...', 'course_id':
            '0193a4c3-0f44-7b8e-a1c2-4d6f8091a2b3', 'enrollment_id': '0193a4c5-3c27-7ebf-94f5-708192c3d4e6', 'files':
            [{'content_type': 'application/pdf', 'created_at': '2026-12-10T16:29:00+00:00', 'download_expires_at':
            '2026-12-10T16:34:02+00:00', 'download_url': 'https://lyceum.example/v1/files/0193c2d1-4a5b-7c6d-8e9f-
            0a1b2c3d4e5f/content?tenant=0193a4c2-5b1e-7c3a-9f10-2b4d6e8f0a11&expires=1797000000&actor=user%3A0193a4c2-6a02-
            7d11-8e21-3c5e7f9a1b22&signature=5d41402abc4b2a76b9719d911017c592', 'filename': 'essay.pdf', 'id':
            '0193c2d1-4a5b-7c6d-8e9f-0a1b2c3d4e5f', 'sha256':
            '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08', 'size_bytes': 184320, 'status': 'stored',
            'stored_at': '2026-12-10T16:29:02+00:00', 'uploaded_by': 'user:0193a4c2-6a02-7d11-8e21-3c5e7f9a1b22'}], 'grade':
            {'feedback': 'Well argued overall.', 'feedback_files': [], 'graded_at': '2026-12-12T10:00:00+00:00',
            'graded_by': 'user:0193a4c2-6a03-7d11-8e21-3c5e7f9a1b23', 'late_penalty': 0.0, 'passed': True, 'points': 6.0,
            'points_possible': 10.0, 'posted_at': '2026-12-12T10:05:00+00:00', 'raw_points': 6.0, 'rubric_assessment': None,
            'score': 60.0, 'version': 2}, 'id': '0193c2c0-3c4d-7e5f-8a6b-7c8d9e0f1a2b', 'late': False, 'lesson_id':
            '0193a4c3-2b18-7dae-93e4-6f8091b2c3d7', 'seconds_late': 0, 'state': 'posted', 'submitted_at':
            '2026-12-10T16:30:00+00:00', 'url': None, 'user_id': '0193a4c2-6a02-7d11-8e21-3c5e7f9a1b22'}

    Attributes:
        attempt_number (int): 1 for the first submission.
        course_id (UUID):
        enrollment_id (UUID):
        files (list[FileView]): The files handed in, with download URLs for the reader.
        id (UUID):
        late (bool): Handed in after the due date.
        lesson_id (UUID):
        seconds_late (int):
        state (str): `submitted`, `graded` (staff only: not posted yet) or `posted`.
        submitted_at (datetime.datetime):
        user_id (UUID):
        attempts_remaining (int | None | Unset): Submissions the learner has left (null: no limit).
        body (None | str | Unset):
        grade (None | SubmissionViewGradeType1 | Unset): Staff see it once graded; the learner once posted.
        url (None | str | Unset):
    """

    attempt_number: int
    course_id: UUID
    enrollment_id: UUID
    files: list[FileView]
    id: UUID
    late: bool
    lesson_id: UUID
    seconds_late: int
    state: str
    submitted_at: datetime.datetime
    user_id: UUID
    attempts_remaining: int | None | Unset = UNSET
    body: None | str | Unset = UNSET
    grade: None | SubmissionViewGradeType1 | Unset = UNSET
    url: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.submission_view_grade_type_1 import SubmissionViewGradeType1

        attempt_number = self.attempt_number

        course_id = str(self.course_id)

        enrollment_id = str(self.enrollment_id)

        files = []
        for files_item_data in self.files:
            files_item = files_item_data.to_dict()
            files.append(files_item)

        id = str(self.id)

        late = self.late

        lesson_id = str(self.lesson_id)

        seconds_late = self.seconds_late

        state = self.state

        submitted_at = self.submitted_at.isoformat()

        user_id = str(self.user_id)

        attempts_remaining: int | None | Unset
        if isinstance(self.attempts_remaining, Unset):
            attempts_remaining = UNSET
        else:
            attempts_remaining = self.attempts_remaining

        body: None | str | Unset
        if isinstance(self.body, Unset):
            body = UNSET
        else:
            body = self.body

        grade: dict[str, Any] | None | Unset
        if isinstance(self.grade, Unset):
            grade = UNSET
        elif isinstance(self.grade, SubmissionViewGradeType1):
            grade = self.grade.to_dict()
        else:
            grade = self.grade

        url: None | str | Unset
        if isinstance(self.url, Unset):
            url = UNSET
        else:
            url = self.url

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "attempt_number": attempt_number,
                "course_id": course_id,
                "enrollment_id": enrollment_id,
                "files": files,
                "id": id,
                "late": late,
                "lesson_id": lesson_id,
                "seconds_late": seconds_late,
                "state": state,
                "submitted_at": submitted_at,
                "user_id": user_id,
            }
        )
        if attempts_remaining is not UNSET:
            field_dict["attempts_remaining"] = attempts_remaining
        if body is not UNSET:
            field_dict["body"] = body
        if grade is not UNSET:
            field_dict["grade"] = grade
        if url is not UNSET:
            field_dict["url"] = url

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.file_view import FileView
        from ..models.submission_view_grade_type_1 import SubmissionViewGradeType1

        d = dict(src_dict)
        attempt_number = d.pop("attempt_number")

        course_id = UUID(d.pop("course_id"))

        enrollment_id = UUID(d.pop("enrollment_id"))

        files = []
        _files = d.pop("files")
        for files_item_data in _files:
            files_item = FileView.from_dict(files_item_data)

            files.append(files_item)

        id = UUID(d.pop("id"))

        late = d.pop("late")

        lesson_id = UUID(d.pop("lesson_id"))

        seconds_late = d.pop("seconds_late")

        state = d.pop("state")

        submitted_at = datetime.datetime.fromisoformat(d.pop("submitted_at"))

        user_id = UUID(d.pop("user_id"))

        def _parse_attempts_remaining(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        attempts_remaining = _parse_attempts_remaining(
            d.pop("attempts_remaining", UNSET)
        )

        def _parse_body(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        body = _parse_body(d.pop("body", UNSET))

        def _parse_grade(data: object) -> None | SubmissionViewGradeType1 | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                grade_type_1 = SubmissionViewGradeType1.from_dict(data)

                return grade_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | SubmissionViewGradeType1 | Unset, data)

        grade = _parse_grade(d.pop("grade", UNSET))

        def _parse_url(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        url = _parse_url(d.pop("url", UNSET))

        submission_view = cls(
            attempt_number=attempt_number,
            course_id=course_id,
            enrollment_id=enrollment_id,
            files=files,
            id=id,
            late=late,
            lesson_id=lesson_id,
            seconds_late=seconds_late,
            state=state,
            submitted_at=submitted_at,
            user_id=user_id,
            attempts_remaining=attempts_remaining,
            body=body,
            grade=grade,
            url=url,
        )

        submission_view.additional_properties = d
        return submission_view

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
