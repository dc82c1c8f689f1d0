from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.rubric_selection_input import RubricSelectionInput


T = TypeVar("T", bound="GradeSubmission")


@_attrs_define
class GradeSubmission:
    """A grade to give: `points`, or a level for every criterion of the assignment's rubric (their
    points add up to the grade). A late penalty from the assignment's late policy is taken off.

        Example:
            {'feedback': 'Well argued overall.', 'points': None, 'post': False, 'rubric': [{'comment': 'Good evidence; the
                claim could be sharper.', 'criterion_id': 'c1', 'level_id': 'l2'}]}

        Attributes:
            feedback (None | str | Unset): Feedback for the learner (Markdown, up to 20,000 characters).
            feedback_file_ids (list[UUID] | None | Unset): Files you uploaded (`POST /v1/files`) to return with the grade,
                added to those returned before.
            points (float | None | Unset): 0 to the assignment's points possible.
            post (bool | None | Unset): Post the grade to the learner now (default false: it waits for `POST
                /v1/lessons/{id}/grades/post`). Default: False.
            rubric (list[RubricSelectionInput] | None | Unset):
    """

    feedback: None | str | Unset = UNSET
    feedback_file_ids: list[UUID] | None | Unset = UNSET
    points: float | None | Unset = UNSET
    post: bool | None | Unset = False
    rubric: list[RubricSelectionInput] | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        feedback: None | str | Unset
        if isinstance(self.feedback, Unset):
            feedback = UNSET
        else:
            feedback = self.feedback

        feedback_file_ids: list[str] | None | Unset
        if isinstance(self.feedback_file_ids, Unset):
            feedback_file_ids = UNSET
        elif isinstance(self.feedback_file_ids, list):
            feedback_file_ids = []
            for feedback_file_ids_type_0_item_data in self.feedback_file_ids:
                feedback_file_ids_type_0_item = str(feedback_file_ids_type_0_item_data)
                feedback_file_ids.append(feedback_file_ids_type_0_item)

        else:
            feedback_file_ids = self.feedback_file_ids

        points: float | None | Unset
        if isinstance(self.points, Unset):
            points = UNSET
        else:
            points = self.points

        post: bool | None | Unset
        if isinstance(self.post, Unset):
            post = UNSET
        else:
            post = self.post

        rubric: list[dict[str, Any]] | None | Unset
        if isinstance(self.rubric, Unset):
            rubric = UNSET
        elif isinstance(self.rubric, list):
            rubric = []
            for rubric_type_0_item_data in self.rubric:
                rubric_type_0_item = rubric_type_0_item_data.to_dict()
                rubric.append(rubric_type_0_item)

        else:
            rubric = self.rubric

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if feedback is not UNSET:
            field_dict["feedback"] = feedback
        if feedback_file_ids is not UNSET:
            field_dict["feedback_file_ids"] = feedback_file_ids
        if points is not UNSET:
            field_dict["points"] = points
        if post is not UNSET:
            field_dict["post"] = post
        if rubric is not UNSET:
            field_dict["rubric"] = rubric

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.rubric_selection_input import RubricSelectionInput

        d = dict(src_dict)

        def _parse_feedback(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        feedback = _parse_feedback(d.pop("feedback", UNSET))

        def _parse_feedback_file_ids(data: object) -> list[UUID] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                feedback_file_ids_type_0 = []
                _feedback_file_ids_type_0 = data
                for feedback_file_ids_type_0_item_data in _feedback_file_ids_type_0:
                    feedback_file_ids_type_0_item = UUID(
                        feedback_file_ids_type_0_item_data
                    )

                    feedback_file_ids_type_0.append(feedback_file_ids_type_0_item)

                return feedback_file_ids_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[UUID] | None | Unset, data)

        feedback_file_ids = _parse_feedback_file_ids(d.pop("feedback_file_ids", UNSET))

        def _parse_points(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        points = _parse_points(d.pop("points", UNSET))

        def _parse_post(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        post = _parse_post(d.pop("post", UNSET))

        def _parse_rubric(data: object) -> list[RubricSelectionInput] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                rubric_type_0 = []
                _rubric_type_0 = data
                for rubric_type_0_item_data in _rubric_type_0:
                    rubric_type_0_item = RubricSelectionInput.from_dict(
                        rubric_type_0_item_data
                    )

                    rubric_type_0.append(rubric_type_0_item)

                return rubric_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[RubricSelectionInput] | None | Unset, data)

        rubric = _parse_rubric(d.pop("rubric", UNSET))

        grade_submission = cls(
            feedback=feedback,
            feedback_file_ids=feedback_file_ids,
            points=points,
            post=post,
            rubric=rubric,
        )

        grade_submission.additional_properties = d
        return grade_submission

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
