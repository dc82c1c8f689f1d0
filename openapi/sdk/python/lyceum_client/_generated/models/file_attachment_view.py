from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="FileAttachmentView")


@_attrs_define
class FileAttachmentView:
    """What a file is attached to.

    Attributes:
        course_id (UUID):
        id (UUID): The lesson's or the submission's id.
        kind (str): `lesson` (a file lesson), `submission` (handed in) or `feedback` (returned with a grade).
    """

    course_id: UUID
    id: UUID
    kind: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        course_id = str(self.course_id)

        id = str(self.id)

        kind = self.kind

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "course_id": course_id,
                "id": id,
                "kind": kind,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        course_id = UUID(d.pop("course_id"))

        id = UUID(d.pop("id"))

        kind = d.pop("kind")

        file_attachment_view = cls(
            course_id=course_id,
            id=id,
            kind=kind,
        )

        file_attachment_view.additional_properties = d
        return file_attachment_view

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
