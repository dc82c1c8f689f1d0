from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.update_lesson_kind_type_1 import (
    UpdateLessonKindType1,
    check_update_lesson_kind_type_1,
)
from ..models.update_lesson_kind_type_2_type_1 import (
    UpdateLessonKindType2Type1,
    check_update_lesson_kind_type_2_type_1,
)
from ..models.update_lesson_kind_type_3_type_1 import (
    UpdateLessonKindType3Type1,
    check_update_lesson_kind_type_3_type_1,
)
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.update_lesson_assignment_type_1 import UpdateLessonAssignmentType1
    from ..models.update_lesson_lti_type_1 import UpdateLessonLtiType1


T = TypeVar("T", bound="UpdateLesson")


@_attrs_define
class UpdateLesson:
    """Changes to a lesson; absent fields stay. Content is revalidated for the resulting kind. `module_id`
    and/or `position` move it (within the same course).

        Example:
            {'body': '# The parts of an atom', 'duration_seconds': None, 'kind': None, 'max_attempts': None, 'media_type':
                None, 'module_id': None, 'passing_score': None, 'position': 2, 'questions': None, 'required': True,
                'size_bytes': None, 'title': 'Protons, neutrons and electrons', 'url': None}

        Attributes:
            assignment (None | Unset | UpdateLessonAssignmentType1): Assignment settings to change (the fields given replace
                the current ones).
            assignment_group_id (None | Unset | UUID): `null` takes the lesson out of its assignment group.
            body (None | str | Unset):
            duration_seconds (int | None | Unset):
            file_id (None | Unset | UUID): An uploaded file for a `file` lesson (replaces its `url`, and the other way
                round).
            kind (None | Unset | UpdateLessonKindType1 | UpdateLessonKindType2Type1 | UpdateLessonKindType3Type1):
            lti (None | Unset | UpdateLessonLtiType1): An `lti` lesson's tool and launch settings (kind `lti`).
            max_attempts (int | None | Unset):
            media_type (None | str | Unset):
            module_id (None | Unset | UUID): Move to this module of the same course.
            passing_score (int | None | Unset):
            position (int | None | Unset): New 1-based position within its (new) module.
            questions (list[Any] | None | Unset):
            required (bool | None | Unset):
            size_bytes (int | None | Unset):
            title (None | str | Unset):
            url (None | str | Unset):
    """

    assignment: None | Unset | UpdateLessonAssignmentType1 = UNSET
    assignment_group_id: None | Unset | UUID = UNSET
    body: None | str | Unset = UNSET
    duration_seconds: int | None | Unset = UNSET
    file_id: None | Unset | UUID = UNSET
    kind: (
        None
        | Unset
        | UpdateLessonKindType1
        | UpdateLessonKindType2Type1
        | UpdateLessonKindType3Type1
    ) = UNSET
    lti: None | Unset | UpdateLessonLtiType1 = UNSET
    max_attempts: int | None | Unset = UNSET
    media_type: None | str | Unset = UNSET
    module_id: None | Unset | UUID = UNSET
    passing_score: int | None | Unset = UNSET
    position: int | None | Unset = UNSET
    questions: list[Any] | None | Unset = UNSET
    required: bool | None | Unset = UNSET
    size_bytes: int | None | Unset = UNSET
    title: None | str | Unset = UNSET
    url: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.update_lesson_assignment_type_1 import UpdateLessonAssignmentType1
        from ..models.update_lesson_lti_type_1 import UpdateLessonLtiType1

        assignment: dict[str, Any] | None | Unset
        if isinstance(self.assignment, Unset):
            assignment = UNSET
        elif isinstance(self.assignment, UpdateLessonAssignmentType1):
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

        kind: None | str | Unset
        if isinstance(self.kind, Unset):
            kind = UNSET
        elif (
            isinstance(self.kind, str)
            or isinstance(self.kind, str)
            or isinstance(self.kind, str)
        ):
            kind = self.kind
        else:
            kind = self.kind

        lti: dict[str, Any] | None | Unset
        if isinstance(self.lti, Unset):
            lti = UNSET
        elif isinstance(self.lti, UpdateLessonLtiType1):
            lti = self.lti.to_dict()
        else:
            lti = self.lti

        max_attempts: int | None | Unset
        if isinstance(self.max_attempts, Unset):
            max_attempts = UNSET
        else:
            max_attempts = self.max_attempts

        media_type: None | str | Unset
        if isinstance(self.media_type, Unset):
            media_type = UNSET
        else:
            media_type = self.media_type

        module_id: None | str | Unset
        if isinstance(self.module_id, Unset):
            module_id = UNSET
        elif isinstance(self.module_id, UUID):
            module_id = str(self.module_id)
        else:
            module_id = self.module_id

        passing_score: int | None | Unset
        if isinstance(self.passing_score, Unset):
            passing_score = UNSET
        else:
            passing_score = self.passing_score

        position: int | None | Unset
        if isinstance(self.position, Unset):
            position = UNSET
        else:
            position = self.position

        questions: list[Any] | None | Unset
        if isinstance(self.questions, Unset):
            questions = UNSET
        elif isinstance(self.questions, list):
            questions = self.questions

        else:
            questions = self.questions

        required: bool | None | Unset
        if isinstance(self.required, Unset):
            required = UNSET
        else:
            required = self.required

        size_bytes: int | None | Unset
        if isinstance(self.size_bytes, Unset):
            size_bytes = UNSET
        else:
            size_bytes = self.size_bytes

        title: None | str | Unset
        if isinstance(self.title, Unset):
            title = UNSET
        else:
            title = self.title

        url: None | str | Unset
        if isinstance(self.url, Unset):
            url = UNSET
        else:
            url = self.url

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if assignment is not UNSET:
            field_dict["assignment"] = assignment
        if assignment_group_id is not UNSET:
            field_dict["assignment_group_id"] = assignment_group_id
        if body is not UNSET:
            field_dict["body"] = body
        if duration_seconds is not UNSET:
            field_dict["duration_seconds"] = duration_seconds
        if file_id is not UNSET:
            field_dict["file_id"] = file_id
        if kind is not UNSET:
            field_dict["kind"] = kind
        if lti is not UNSET:
            field_dict["lti"] = lti
        if max_attempts is not UNSET:
            field_dict["max_attempts"] = max_attempts
        if media_type is not UNSET:
            field_dict["media_type"] = media_type
        if module_id is not UNSET:
            field_dict["module_id"] = module_id
        if passing_score is not UNSET:
            field_dict["passing_score"] = passing_score
        if position is not UNSET:
            field_dict["position"] = position
        if questions is not UNSET:
            field_dict["questions"] = questions
        if required is not UNSET:
            field_dict["required"] = required
        if size_bytes is not UNSET:
            field_dict["size_bytes"] = size_bytes
        if title is not UNSET:
            field_dict["title"] = title
        if url is not UNSET:
            field_dict["url"] = url

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.update_lesson_assignment_type_1 import UpdateLessonAssignmentType1
        from ..models.update_lesson_lti_type_1 import UpdateLessonLtiType1

        d = dict(src_dict)

        def _parse_assignment(
            data: object,
        ) -> None | Unset | UpdateLessonAssignmentType1:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                assignment_type_1 = UpdateLessonAssignmentType1.from_dict(data)

                return assignment_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | UpdateLessonAssignmentType1, data)

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

        def _parse_kind(
            data: object,
        ) -> (
            None
            | Unset
            | UpdateLessonKindType1
            | UpdateLessonKindType2Type1
            | UpdateLessonKindType3Type1
        ):
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                kind_type_1 = check_update_lesson_kind_type_1(data)

                return kind_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, str):
                    raise TypeError()
                kind_type_2_type_1 = check_update_lesson_kind_type_2_type_1(data)

                return kind_type_2_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, str):
                    raise TypeError()
                kind_type_3_type_1 = check_update_lesson_kind_type_3_type_1(data)

                return kind_type_3_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(
                None
                | Unset
                | UpdateLessonKindType1
                | UpdateLessonKindType2Type1
                | UpdateLessonKindType3Type1,
                data,
            )

        kind = _parse_kind(d.pop("kind", UNSET))

        def _parse_lti(data: object) -> None | Unset | UpdateLessonLtiType1:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                lti_type_1 = UpdateLessonLtiType1.from_dict(data)

                return lti_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | UpdateLessonLtiType1, data)

        lti = _parse_lti(d.pop("lti", UNSET))

        def _parse_max_attempts(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        max_attempts = _parse_max_attempts(d.pop("max_attempts", UNSET))

        def _parse_media_type(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        media_type = _parse_media_type(d.pop("media_type", UNSET))

        def _parse_module_id(data: object) -> None | Unset | UUID:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                module_id_type_0 = UUID(data)

                return module_id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | UUID, data)

        module_id = _parse_module_id(d.pop("module_id", UNSET))

        def _parse_passing_score(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        passing_score = _parse_passing_score(d.pop("passing_score", UNSET))

        def _parse_position(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        position = _parse_position(d.pop("position", UNSET))

        def _parse_questions(data: object) -> list[Any] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                questions_type_0 = cast(list[Any], data)

                return questions_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[Any] | None | Unset, data)

        questions = _parse_questions(d.pop("questions", UNSET))

        def _parse_required(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        required = _parse_required(d.pop("required", UNSET))

        def _parse_size_bytes(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        size_bytes = _parse_size_bytes(d.pop("size_bytes", UNSET))

        def _parse_title(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        title = _parse_title(d.pop("title", UNSET))

        def _parse_url(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        url = _parse_url(d.pop("url", UNSET))

        update_lesson = cls(
            assignment=assignment,
            assignment_group_id=assignment_group_id,
            body=body,
            duration_seconds=duration_seconds,
            file_id=file_id,
            kind=kind,
            lti=lti,
            max_attempts=max_attempts,
            media_type=media_type,
            module_id=module_id,
            passing_score=passing_score,
            position=position,
            questions=questions,
            required=required,
            size_bytes=size_bytes,
            title=title,
            url=url,
        )

        update_lesson.additional_properties = d
        return update_lesson

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
