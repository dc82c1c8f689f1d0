from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.assignment_view import AssignmentView
    from ..models.lesson_view_cmi_5_type_1 import LessonViewCmi5Type1
    from ..models.lesson_view_lti_type_1 import LessonViewLtiType1
    from ..models.quiz_view import QuizView


T = TypeVar("T", bound="LessonView")


@_attrs_define
class LessonView:
    """A lesson. Which content fields are present depends on `kind`.

    Example:
        {'body': '# Atoms\\n\\nEverything is made of them.', 'course_id': '0193a4c3-0f44-7b8e-a1c2-4d6f8091a2b3',
            'created_at': '2026-09-05T09:20:00+00:00', 'id': '0193a4c3-2b16-7dae-83e4-6f8091b2c3d5', 'kind': 'text',
            'module_id': '0193a4c3-1a05-7c9f-b2d3-5e7f90a1b2c4', 'position': 1, 'required': True, 'title': 'What is an
            atom?', 'updated_at': '2026-09-12T15:45:00+00:00', 'version': 3}

    Attributes:
        course_id (UUID):
        created_at (datetime.datetime):
        id (UUID):
        kind (str): `text`, `video`, `file`, `quiz`, `assignment`, `lti` or `cmi5`.
        module_id (UUID):
        position (int): 1-based position within the module.
        required (bool): Counts towards completing the course.
        title (str):
        updated_at (datetime.datetime):
        version (int):
        assignment (AssignmentView | None | Unset):
        assignment_group_id (None | Unset | UUID): The assignment group a quiz or assignment counts in (gradebook).
        body (None | str | Unset): Markdown (text lessons).
        cmi5 (LessonViewCmi5Type1 | None | Unset): A `cmi5` lesson's assignable unit (from its imported package; launch
            it with
            `POST /v1/lessons/{id}/cmi5-launch`).
        duration_seconds (int | None | Unset):
        file_id (None | Unset | UUID): A file lesson's uploaded file: `GET /v1/files/{id}` gives its download URL.
        lti (LessonViewLtiType1 | None | Unset): An `lti` lesson's tool and launch settings.
        media_type (None | str | Unset):
        quiz (None | QuizView | Unset):
        size_bytes (int | None | Unset):
        url (None | str | Unset): http(s) URL (video and file lessons).
    """

    course_id: UUID
    created_at: datetime.datetime
    id: UUID
    kind: str
    module_id: UUID
    position: int
    required: bool
    title: str
    updated_at: datetime.datetime
    version: int
    assignment: AssignmentView | None | Unset = UNSET
    assignment_group_id: None | Unset | UUID = UNSET
    body: None | str | Unset = UNSET
    cmi5: LessonViewCmi5Type1 | None | Unset = UNSET
    duration_seconds: int | None | Unset = UNSET
    file_id: None | Unset | UUID = UNSET
    lti: LessonViewLtiType1 | None | Unset = UNSET
    media_type: None | str | Unset = UNSET
    quiz: None | QuizView | Unset = UNSET
    size_bytes: int | None | Unset = UNSET
    url: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.assignment_view import AssignmentView
        from ..models.lesson_view_cmi_5_type_1 import LessonViewCmi5Type1
        from ..models.lesson_view_lti_type_1 import LessonViewLtiType1
        from ..models.quiz_view import QuizView

        course_id = str(self.course_id)

        created_at = self.created_at.isoformat()

        id = str(self.id)

        kind = self.kind

        module_id = str(self.module_id)

        position = self.position

        required = self.required

        title = self.title

        updated_at = self.updated_at.isoformat()

        version = self.version

        assignment: dict[str, Any] | None | Unset
        if isinstance(self.assignment, Unset):
            assignment = UNSET
        elif isinstance(self.assignment, AssignmentView):
            assignment = self.assignment.to_dict()
        else:
            assignment = self.assignment

        assignment_group_id: None | str | Unset
        if isinstance(self.assignment_group_id, Unset):
            assignment_group_id = UNSET
        elif isinstance(self.assignment_group_id, UUID):
            assignment_group_id = str(self.assignment_group_id)
        else:
            assignment_group_id = self.assignment_group_id

        body: None | str | Unset
        if isinstance(self.body, Unset):
            body = UNSET
        else:
            body = self.body

        cmi5: dict[str, Any] | None | Unset
        if isinstance(self.cmi5, Unset):
            cmi5 = UNSET
        elif isinstance(self.cmi5, LessonViewCmi5Type1):
            cmi5 = self.cmi5.to_dict()
        else:
            cmi5 = self.cmi5

        duration_seconds: int | None | Unset
        if isinstance(self.duration_seconds, Unset):
            duration_seconds = UNSET
        else:
            duration_seconds = self.duration_seconds

        file_id: None | str | Unset
        if isinstance(self.file_id, Unset):
            file_id = UNSET
        elif isinstance(self.file_id, UUID):
            file_id = str(self.file_id)
        else:
            file_id = self.file_id

        lti: dict[str, Any] | None | Unset
        if isinstance(self.lti, Unset):
            lti = UNSET
        elif isinstance(self.lti, LessonViewLtiType1):
            lti = self.lti.to_dict()
        else:
            lti = self.lti

        media_type: None | str | Unset
        if isinstance(self.media_type, Unset):
            media_type = UNSET
        else:
            media_type = self.media_type

        quiz: dict[str, Any] | None | Unset
        if isinstance(self.quiz, Unset):
            quiz = UNSET
        elif isinstance(self.quiz, QuizView):
            quiz = self.quiz.to_dict()
        else:
            quiz = self.quiz

        size_bytes: int | None | Unset
        if isinstance(self.size_bytes, Unset):
            size_bytes = UNSET
        else:
            size_bytes = self.size_bytes

        url: None | str | Unset
        if isinstance(self.url, Unset):
            url = UNSET
        else:
            url = self.url

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "course_id": course_id,
                "created_at": created_at,
                "id": id,
                "kind": kind,
                "module_id": module_id,
                "position": position,
                "required": required,
                "title": title,
                "updated_at": updated_at,
                "version": version,
            }
        )
        if assignment is not UNSET:
            field_dict["assignment"] = assignment
        if assignment_group_id is not UNSET:
            field_dict["assignment_group_id"] = assignment_group_id
        if body is not UNSET:
            field_dict["body"] = body
        if cmi5 is not UNSET:
            field_dict["cmi5"] = cmi5
        if duration_seconds is not UNSET:
            field_dict["duration_seconds"] = duration_seconds
        if file_id is not UNSET:
            field_dict["file_id"] = file_id
        if lti is not UNSET:
            field_dict["lti"] = lti
        if media_type is not UNSET:
            field_dict["media_type"] = media_type
        if quiz is not UNSET:
            field_dict["quiz"] = quiz
        if size_bytes is not UNSET:
            field_dict["size_bytes"] = size_bytes
        if url is not UNSET:
            field_dict["url"] = url

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.assignment_view import AssignmentView
        from ..models.lesson_view_cmi_5_type_1 import LessonViewCmi5Type1
        from ..models.lesson_view_lti_type_1 import LessonViewLtiType1
        from ..models.quiz_view import QuizView

        d = dict(src_dict)
        course_id = UUID(d.pop("course_id"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        id = UUID(d.pop("id"))

        kind = d.pop("kind")

        module_id = UUID(d.pop("module_id"))

        position = d.pop("position")

        required = d.pop("required")

        title = d.pop("title")

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        version = d.pop("version")

        def _parse_assignment(data: object) -> AssignmentView | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                assignment_type_1 = AssignmentView.from_dict(data)

                return assignment_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(AssignmentView | None | Unset, data)

        assignment = _parse_assignment(d.pop("assignment", UNSET))

        def _parse_assignment_group_id(data: object) -> None | Unset | UUID:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                assignment_group_id_type_0 = UUID(data)

                return assignment_group_id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | UUID, data)

        assignment_group_id = _parse_assignment_group_id(
            d.pop("assignment_group_id", UNSET)
        )

        def _parse_body(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        body = _parse_body(d.pop("body", UNSET))

        def _parse_cmi5(data: object) -> LessonViewCmi5Type1 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                cmi5_type_1 = LessonViewCmi5Type1.from_dict(data)

                return cmi5_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(LessonViewCmi5Type1 | None | Unset, data)

        cmi5 = _parse_cmi5(d.pop("cmi5", UNSET))

        def _parse_duration_seconds(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        duration_seconds = _parse_duration_seconds(d.pop("duration_seconds", UNSET))

        def _parse_file_id(data: object) -> None | Unset | UUID:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                file_id_type_0 = UUID(data)

                return file_id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | UUID, data)

        file_id = _parse_file_id(d.pop("file_id", UNSET))

        def _parse_lti(data: object) -> LessonViewLtiType1 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                lti_type_1 = LessonViewLtiType1.from_dict(data)

                return lti_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(LessonViewLtiType1 | None | Unset, data)

        lti = _parse_lti(d.pop("lti", UNSET))

        def _parse_media_type(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        media_type = _parse_media_type(d.pop("media_type", UNSET))

        def _parse_quiz(data: object) -> None | QuizView | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                quiz_type_1 = QuizView.from_dict(data)

                return quiz_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | QuizView | Unset, data)

        quiz = _parse_quiz(d.pop("quiz", UNSET))

        def _parse_size_bytes(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        size_bytes = _parse_size_bytes(d.pop("size_bytes", UNSET))

        def _parse_url(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        url = _parse_url(d.pop("url", UNSET))

        lesson_view = cls(
            course_id=course_id,
            created_at=created_at,
            id=id,
            kind=kind,
            module_id=module_id,
            position=position,
            required=required,
            title=title,
            updated_at=updated_at,
            version=version,
            assignment=assignment,
            assignment_group_id=assignment_group_id,
            body=body,
            cmi5=cmi5,
            duration_seconds=duration_seconds,
            file_id=file_id,
            lti=lti,
            media_type=media_type,
            quiz=quiz,
            size_bytes=size_bytes,
            url=url,
        )

        lesson_view.additional_properties = d
        return lesson_view

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
