from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.file_view import FileView
    from ..models.rubric_selection_view import RubricSelectionView


T = TypeVar("T", bound="SubmissionViewGradeType1")


@_attrs_define
class SubmissionViewGradeType1:
    """
    Attributes:
        feedback_files (list[FileView]): Files returned with the grade, with download URLs for the reader.
        graded_at (datetime.datetime):
        graded_by (str): `user:<id>`, `api_key:<id>`, `operator:<name>`.
        late_penalty (float):
        passed (bool): `score` reaches the assignment's passing score.
        points (float): Awarded, after the late penalty.
        points_possible (float):
        raw_points (float):
        score (float): `points` as a percentage of `points_possible`.
        version (int): Increases with every change of the grade (send it as `If-Match` to regrade safely).
        feedback (None | str | Unset):
        posted_at (datetime.datetime | None | Unset): When the learner could first see it; null: not posted yet.
        rubric_assessment (list[RubricSelectionView] | None | Unset):
    """

    feedback_files: list[FileView]
    graded_at: datetime.datetime
    graded_by: str
    late_penalty: float
    passed: bool
    points: float
    points_possible: float
    raw_points: float
    score: float
    version: int
    feedback: None | str | Unset = UNSET
    posted_at: datetime.datetime | None | Unset = UNSET
    rubric_assessment: list[RubricSelectionView] | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        feedback_files = []
        for feedback_files_item_data in self.feedback_files:
            feedback_files_item = feedback_files_item_data.to_dict()
            feedback_files.append(feedback_files_item)

        graded_at = self.graded_at.isoformat()

        graded_by = self.graded_by

        late_penalty = self.late_penalty

        passed = self.passed

        points = self.points

        points_possible = self.points_possible

        raw_points = self.raw_points

        score = self.score

        version = self.version

        feedback: None | str | Unset
        if isinstance(self.feedback, Unset):
            feedback = UNSET
        else:
            feedback = self.feedback

        posted_at: None | str | Unset
        if isinstance(self.posted_at, Unset):
            posted_at = UNSET
        elif isinstance(self.posted_at, datetime.datetime):
            posted_at = self.posted_at.isoformat()
        else:
            posted_at = self.posted_at

        rubric_assessment: list[dict[str, Any]] | None | Unset
        if isinstance(self.rubric_assessment, Unset):
            rubric_assessment = UNSET
        elif isinstance(self.rubric_assessment, list):
            rubric_assessment = []
            for rubric_assessment_type_0_item_data in self.rubric_assessment:
                rubric_assessment_type_0_item = (
                    rubric_assessment_type_0_item_data.to_dict()
                )
                rubric_assessment.append(rubric_assessment_type_0_item)

        else:
            rubric_assessment = self.rubric_assessment

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "feedback_files": feedback_files,
                "graded_at": graded_at,
                "graded_by": graded_by,
                "late_penalty": late_penalty,
                "passed": passed,
                "points": points,
                "points_possible": points_possible,
                "raw_points": raw_points,
                "score": score,
                "version": version,
            }
        )
        if feedback is not UNSET:
            field_dict["feedback"] = feedback
        if posted_at is not UNSET:
            field_dict["posted_at"] = posted_at
        if rubric_assessment is not UNSET:
            field_dict["rubric_assessment"] = rubric_assessment

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.file_view import FileView
        from ..models.rubric_selection_view import RubricSelectionView

        d = dict(src_dict)
        feedback_files = []
        _feedback_files = d.pop("feedback_files")
        for feedback_files_item_data in _feedback_files:
            feedback_files_item = FileView.from_dict(feedback_files_item_data)

            feedback_files.append(feedback_files_item)

        graded_at = datetime.datetime.fromisoformat(d.pop("graded_at"))

        graded_by = d.pop("graded_by")

        late_penalty = d.pop("late_penalty")

        passed = d.pop("passed")

        points = d.pop("points")

        points_possible = d.pop("points_possible")

        raw_points = d.pop("raw_points")

        score = d.pop("score")

        version = d.pop("version")

        def _parse_feedback(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        feedback = _parse_feedback(d.pop("feedback", UNSET))

        def _parse_posted_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                posted_at_type_0 = datetime.datetime.fromisoformat(data)

                return posted_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        posted_at = _parse_posted_at(d.pop("posted_at", UNSET))

        def _parse_rubric_assessment(
            data: object,
        ) -> list[RubricSelectionView] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                rubric_assessment_type_0 = []
                _rubric_assessment_type_0 = data
                for rubric_assessment_type_0_item_data in _rubric_assessment_type_0:
                    rubric_assessment_type_0_item = RubricSelectionView.from_dict(
                        rubric_assessment_type_0_item_data
                    )

                    rubric_assessment_type_0.append(rubric_assessment_type_0_item)

                return rubric_assessment_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[RubricSelectionView] | None | Unset, data)

        rubric_assessment = _parse_rubric_assessment(d.pop("rubric_assessment", UNSET))

        submission_view_grade_type_1 = cls(
            feedback_files=feedback_files,
            graded_at=graded_at,
            graded_by=graded_by,
            late_penalty=late_penalty,
            passed=passed,
            points=points,
            points_possible=points_possible,
            raw_points=raw_points,
            score=score,
            version=version,
            feedback=feedback,
            posted_at=posted_at,
            rubric_assessment=rubric_assessment,
        )

        submission_view_grade_type_1.additional_properties = d
        return submission_view_grade_type_1

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
