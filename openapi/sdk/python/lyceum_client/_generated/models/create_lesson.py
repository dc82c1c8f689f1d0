from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.create_lesson_kind import CreateLessonKind, check_create_lesson_kind
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.create_lesson_assignment_type_1 import CreateLessonAssignmentType1
    from ..models.create_lesson_lti_type_1 import CreateLessonLtiType1


T = TypeVar("T", bound="CreateLesson")


@_attrs_define
class CreateLesson:
    """A lesson to add. `kind` decides which content fields apply: `text` needs `body` (Markdown);
    `video` needs `url` (and may give `duration_seconds`); `file` needs `url` (and may give `size_bytes`,
    `media_type`); `quiz` needs `passing_score` and `questions` (and may give `max_attempts`);
    `assignment` needs `assignment`; `lti` needs `lti` with the `tool_id` of one of the institution's
    LTI tools.

        Example:
            {'assignment_group_id': None, 'body': '# Atoms\\n\\nEverything is made of them.', 'duration_seconds': None,
                'kind': 'text', 'max_attempts': None, 'media_type': None, 'passing_score': None, 'position': None, 'questions':
                None, 'required': None, 'size_bytes': None, 'title': 'What is an atom?', 'url': None}

        Attributes:
            kind (CreateLessonKind): `text`, `video`, `file`, `quiz`, `assignment` or `lti`.
            title (str):
            assignment (CreateLessonAssignmentType1 | None | Unset): An assignment's settings (kind `assignment`).
            assignment_group_id (None | Unset | UUID): The assignment group (of the same course) a quiz or assignment counts
                in.
            body (None | str | Unset): Markdown, up to 100,000 characters.
            duration_seconds (int | None | Unset):
            file_id (None | Unset | UUID): A `file` lesson's uploaded file (`POST /v1/files`), instead of a `url`: its size
                and media type
                are the file's.
            lti (CreateLessonLtiType1 | None | Unset): An `lti` lesson's tool and launch settings (kind `lti`).
            max_attempts (int | None | Unset):
            media_type (None | str | Unset):
            passing_score (int | None | Unset): 0-100.
            position (int | None | Unset): 1-based position within the module; the end when absent.
            questions (list[Any] | None | Unset): `{prompt, type:
                single_choice|multiple_choice|true_false|numeric|short_text, choices?, correct?,
                answer?, tolerance?, accepted?}`.
            required (bool | None | Unset): Counts towards completion (default true).
            size_bytes (int | None | Unset):
            url (None | str | Unset): An http(s) URL.
    """

    kind: CreateLessonKind
    title: str
    assignment: CreateLessonAssignmentType1 | None | Unset = UNSET
    assignment_group_id: None | Unset | UUID = UNSET
    body: None | str | Unset = UNSET
    duration_seconds: int | None | Unset = UNSET
    file_id: None | Unset | UUID = UNSET
    lti: CreateLessonLtiType1 | None | Unset = UNSET
    max_attempts: int | None | Unset = UNSET
    media_type: None | str | Unset = UNSET
    passing_score: int | None | Unset = UNSET
    position: int | None | Unset = UNSET
    questions: list[Any] | None | Unset = UNSET
    required: bool | None | Unset = UNSET
    size_bytes: int | None | Unset = UNSET
    url: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.create_lesson_assignment_type_1 import CreateLessonAssignmentType1
        from ..models.create_lesson_lti_type_1 import CreateLessonLtiType1

        kind: str = self.kind

        title = self.title

        assignment: dict[str, Any] | None | Unset
        if isinstance(self.assignment, Unset):
            assignment = UNSET
        elif isinstance(self.assignment, CreateLessonAssignmentType1):
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

        lti: dict[str, Any] | None | Unset
        if isinstance(self.lti, Unset):
            lti = UNSET
        elif isinstance(self.lti, CreateLessonLtiType1):
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

        url: None | str | Unset
        if isinstance(self.url, Unset):
            url = UNSET
        else:
            url = self.url

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "kind": kind,
                "title": title,
            }
        )
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
        if lti is not UNSET:
            field_dict["lti"] = lti
        if max_attempts is not UNSET:
            field_dict["max_attempts"] = max_attempts
        if media_type is not UNSET:
            field_dict["media_type"] = media_type
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
        if url is not UNSET:
            field_dict["url"] = url

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.create_lesson_assignment_type_1 import CreateLessonAssignmentType1
        from ..models.create_lesson_lti_type_1 import CreateLessonLtiType1

        d = dict(src_dict)
        kind = check_create_lesson_kind(d.pop("kind"))

        title = d.pop("title")

        def _parse_assignment(
            data: object,
        ) -> CreateLessonAssignmentType1 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                assignment_type_1 = CreateLessonAssignmentType1.from_dict(data)

                return assignment_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(CreateLessonAssignmentType1 | None | Unset, data)

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

        def _parse_lti(data: object) -> CreateLessonLtiType1 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                lti_type_1 = CreateLessonLtiType1.from_dict(data)

                return lti_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(CreateLessonLtiType1 | None | Unset, data)

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

        def _parse_url(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        url = _parse_url(d.pop("url", UNSET))

        create_lesson = cls(
            kind=kind,
            title=title,
            assignment=assignment,
            assignment_group_id=assignment_group_id,
            body=body,
            duration_seconds=duration_seconds,
            file_id=file_id,
            lti=lti,
            max_attempts=max_attempts,
            media_type=media_type,
            passing_score=passing_score,
            position=position,
            questions=questions,
            required=required,
            size_bytes=size_bytes,
            url=url,
        )

        create_lesson.additional_properties = d
        return create_lesson

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
