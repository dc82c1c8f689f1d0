from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.assignment_group_view import AssignmentGroupView
    from ..models.gradebook_column_view import GradebookColumnView
    from ..models.gradebook_row_view import GradebookRowView
    from ..models.scale_step_view import ScaleStepView


T = TypeVar("T", bound="GradebookView")


@_attrs_define
class GradebookView:
    """A page of a course's gradebook.

    Example:
        {'columns': [{'assignment_group_id': '0193c2b1-2b3c-7d4e-9f5a-6b7c8d9e0f1a', 'due_at':
            '2026-12-11T17:00:00+00:00', 'kind': 'assignment', 'lesson_id': '0193a4c3-2b18-7dae-93e4-6f8091b2c3d7',
            'points_possible': 10.0, 'title': 'Essay: what is an atom?'}], 'course_id':
            '0193a4c3-0f44-7b8e-a1c2-4d6f8091a2b3', 'groups': [{'course_id': '0193a4c3-0f44-7b8e-a1c2-4d6f8091a2b3',
            'created_at': '2026-12-01T09:00:00+00:00', 'id': '0193c2b1-2b3c-7d4e-9f5a-6b7c8d9e0f1a', 'name': 'Essays',
            'position': 1, 'updated_at': '2026-12-01T09:00:00+00:00', 'weight': 60.0}], 'next_cursor': None, 'rows':
            [{'cells': [{'lesson_id': '0193a4c3-2b18-7dae-93e4-6f8091b2c3d7', 'points': 6.0, 'posted': True, 'score': 60.0,
            'state': 'graded'}], 'current_grade': 'D', 'current_score': 60.0, 'email': 'lee@acme.test', 'enrollment_id':
            '0193a4c5-3c27-7ebf-94f5-708192c3d4e6', 'final_grade': 'D', 'final_score': 60.0, 'name': 'Lee Learner',
            'status': 'active', 'user_id': '0193a4c2-6a02-7d11-8e21-3c5e7f9a1b22'}], 'scale': [{'letter': 'A', 'min_score':
            90.0}, {'letter': 'B', 'min_score': 80.0}, {'letter': 'C', 'min_score': 70.0}, {'letter': 'D', 'min_score':
            60.0}, {'letter': 'F', 'min_score': 0.0}]}

    Attributes:
        columns (list[GradebookColumnView]):
        course_id (UUID):
        groups (list[AssignmentGroupView]):
        rows (list[GradebookRowView]):
        scale (list[ScaleStepView]):
        next_cursor (None | str | Unset): Pass as `cursor` for the next page of rows; null on the last page.
    """

    columns: list[GradebookColumnView]
    course_id: UUID
    groups: list[AssignmentGroupView]
    rows: list[GradebookRowView]
    scale: list[ScaleStepView]
    next_cursor: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        columns = []
        for columns_item_data in self.columns:
            columns_item = columns_item_data.to_dict()
            columns.append(columns_item)

        course_id = str(self.course_id)

        groups = []
        for groups_item_data in self.groups:
            groups_item = groups_item_data.to_dict()
            groups.append(groups_item)

        rows = []
        for rows_item_data in self.rows:
            rows_item = rows_item_data.to_dict()
            rows.append(rows_item)

        scale = []
        for scale_item_data in self.scale:
            scale_item = scale_item_data.to_dict()
            scale.append(scale_item)

        next_cursor: None | str | Unset
        if isinstance(self.next_cursor, Unset):
            next_cursor = UNSET
        else:
            next_cursor = self.next_cursor

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "columns": columns,
                "course_id": course_id,
                "groups": groups,
                "rows": rows,
                "scale": scale,
            }
        )
        if next_cursor is not UNSET:
            field_dict["next_cursor"] = next_cursor

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.assignment_group_view import AssignmentGroupView
        from ..models.gradebook_column_view import GradebookColumnView
        from ..models.gradebook_row_view import GradebookRowView
        from ..models.scale_step_view import ScaleStepView

        d = dict(src_dict)
        columns = []
        _columns = d.pop("columns")
        for columns_item_data in _columns:
            columns_item = GradebookColumnView.from_dict(columns_item_data)

            columns.append(columns_item)

        course_id = UUID(d.pop("course_id"))

        groups = []
        _groups = d.pop("groups")
        for groups_item_data in _groups:
            groups_item = AssignmentGroupView.from_dict(groups_item_data)

            groups.append(groups_item)

        rows = []
        _rows = d.pop("rows")
        for rows_item_data in _rows:
            rows_item = GradebookRowView.from_dict(rows_item_data)

            rows.append(rows_item)

        scale = []
        _scale = d.pop("scale")
        for scale_item_data in _scale:
            scale_item = ScaleStepView.from_dict(scale_item_data)

            scale.append(scale_item)

        def _parse_next_cursor(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        next_cursor = _parse_next_cursor(d.pop("next_cursor", UNSET))

        gradebook_view = cls(
            columns=columns,
            course_id=course_id,
            groups=groups,
            rows=rows,
            scale=scale,
            next_cursor=next_cursor,
        )

        gradebook_view.additional_properties = d
        return gradebook_view

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
