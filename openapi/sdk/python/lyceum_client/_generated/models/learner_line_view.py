from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.enrollment_view import EnrollmentView


T = TypeVar("T", bound="LearnerLineView")


@_attrs_define
class LearnerLineView:
    """One learner of a course with their enrollment and progress.

    Attributes:
        email (str):
        enrollment (EnrollmentView): A user's enrollment in a course.
        name (str):
        user_id (UUID):
    """

    email: str
    enrollment: EnrollmentView
    name: str
    user_id: UUID
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        email = self.email

        enrollment = self.enrollment.to_dict()

        name = self.name

        user_id = str(self.user_id)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "email": email,
                "enrollment": enrollment,
                "name": name,
                "user_id": user_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.enrollment_view import EnrollmentView

        d = dict(src_dict)
        email = d.pop("email")

        enrollment = EnrollmentView.from_dict(d.pop("enrollment"))

        name = d.pop("name")

        user_id = UUID(d.pop("user_id"))

        learner_line_view = cls(
            email=email,
            enrollment=enrollment,
            name=name,
            user_id=user_id,
        )

        learner_line_view.additional_properties = d
        return learner_line_view

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
