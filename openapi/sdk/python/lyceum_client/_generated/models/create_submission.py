from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="CreateSubmission")


@_attrs_define
class CreateSubmission:
    """Work to hand in: text, a URL, or both, as the assignment allows.

    Example:
        {'body': 'My essay on atoms...', 'url': None}

    Attributes:
        body (None | str | Unset): Text (Markdown), up to 200,000 characters.
        file_ids (list[UUID] | None | Unset): Files you uploaded (`POST /v1/files`), up to 20, of the types the
            assignment allows.
        url (None | str | Unset): An http(s) URL.
    """

    body: None | str | Unset = UNSET
    file_ids: list[UUID] | None | Unset = UNSET
    url: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        body: None | str | Unset
        if isinstance(self.body, Unset):
            body = UNSET
        else:
            body = self.body

        file_ids: list[str] | None | Unset
        if isinstance(self.file_ids, Unset):
            file_ids = UNSET
        elif isinstance(self.file_ids, list):
            file_ids = []
            for file_ids_type_0_item_data in self.file_ids:
                file_ids_type_0_item = str(file_ids_type_0_item_data)
                file_ids.append(file_ids_type_0_item)

        else:
            file_ids = self.file_ids

        url: None | str | Unset
        if isinstance(self.url, Unset):
            url = UNSET
        else:
            url = self.url

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if body is not UNSET:
            field_dict["body"] = body
        if file_ids is not UNSET:
            field_dict["file_ids"] = file_ids
        if url is not UNSET:
            field_dict["url"] = url

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)

        def _parse_body(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        body = _parse_body(d.pop("body", UNSET))

        def _parse_file_ids(data: object) -> list[UUID] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                file_ids_type_0 = []
                _file_ids_type_0 = data
                for file_ids_type_0_item_data in _file_ids_type_0:
                    file_ids_type_0_item = UUID(file_ids_type_0_item_data)

                    file_ids_type_0.append(file_ids_type_0_item)

                return file_ids_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[UUID] | None | Unset, data)

        file_ids = _parse_file_ids(d.pop("file_ids", UNSET))

        def _parse_url(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        url = _parse_url(d.pop("url", UNSET))

        create_submission = cls(
            body=body,
            file_ids=file_ids,
            url=url,
        )

        create_submission.additional_properties = d
        return create_submission

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
