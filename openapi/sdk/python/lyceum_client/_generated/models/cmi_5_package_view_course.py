from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.module_outline_view import ModuleOutlineView


T = TypeVar("T", bound="Cmi5PackageViewCourse")


@_attrs_define
class Cmi5PackageViewCourse:
    """The draft course: each run of AUs under one top-level block is a module, each AU a `cmi5` lesson.

    Attributes:
        created_at (datetime.datetime):
        description (str):
        id (UUID):
        slug (str): Unique within the institution.
        status (str): `draft`, `published` or `archived`. Learners see published courses only.
        title (str):
        updated_at (datetime.datetime):
        version (int):
        archived_at (datetime.datetime | None | Unset):
        external_id (None | str | Unset): The institution's own key for the course, if set.
        modules (list[ModuleOutlineView] | None | Unset): The modules with their lessons, in order (only with
            `?include=outline`).
        published_at (datetime.datetime | None | Unset):
    """

    created_at: datetime.datetime
    description: str
    id: UUID
    slug: str
    status: str
    title: str
    updated_at: datetime.datetime
    version: int
    archived_at: datetime.datetime | None | Unset = UNSET
    external_id: None | str | Unset = UNSET
    modules: list[ModuleOutlineView] | None | Unset = UNSET
    published_at: datetime.datetime | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        created_at = self.created_at.isoformat()

        description = self.description

        id = str(self.id)

        slug = self.slug

        status = self.status

        title = self.title

        updated_at = self.updated_at.isoformat()

        version = self.version

        archived_at: None | str | Unset
        if isinstance(self.archived_at, Unset):
            archived_at = UNSET
        elif isinstance(self.archived_at, datetime.datetime):
            archived_at = self.archived_at.isoformat()
        else:
            archived_at = self.archived_at

        external_id: None | str | Unset
        if isinstance(self.external_id, Unset):
            external_id = UNSET
        else:
            external_id = self.external_id

        modules: list[dict[str, Any]] | None | Unset
        if isinstance(self.modules, Unset):
            modules = UNSET
        elif isinstance(self.modules, list):
            modules = []
            for modules_type_0_item_data in self.modules:
                modules_type_0_item = modules_type_0_item_data.to_dict()
                modules.append(modules_type_0_item)

        else:
            modules = self.modules

        published_at: None | str | Unset
        if isinstance(self.published_at, Unset):
            published_at = UNSET
        elif isinstance(self.published_at, datetime.datetime):
            published_at = self.published_at.isoformat()
        else:
            published_at = self.published_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "created_at": created_at,
                "description": description,
                "id": id,
                "slug": slug,
                "status": status,
                "title": title,
                "updated_at": updated_at,
                "version": version,
            }
        )
        if archived_at is not UNSET:
            field_dict["archived_at"] = archived_at
        if external_id is not UNSET:
            field_dict["external_id"] = external_id
        if modules is not UNSET:
            field_dict["modules"] = modules
        if published_at is not UNSET:
            field_dict["published_at"] = published_at

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.module_outline_view import ModuleOutlineView

        d = dict(src_dict)
        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        description = d.pop("description")

        id = UUID(d.pop("id"))

        slug = d.pop("slug")

        status = d.pop("status")

        title = d.pop("title")

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        version = d.pop("version")

        def _parse_archived_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                archived_at_type_0 = datetime.datetime.fromisoformat(data)

                return archived_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        archived_at = _parse_archived_at(d.pop("archived_at", UNSET))

        def _parse_external_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        external_id = _parse_external_id(d.pop("external_id", UNSET))

        def _parse_modules(data: object) -> list[ModuleOutlineView] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                modules_type_0 = []
                _modules_type_0 = data
                for modules_type_0_item_data in _modules_type_0:
                    modules_type_0_item = ModuleOutlineView.from_dict(
                        modules_type_0_item_data
                    )

                    modules_type_0.append(modules_type_0_item)

                return modules_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[ModuleOutlineView] | None | Unset, data)

        modules = _parse_modules(d.pop("modules", UNSET))

        def _parse_published_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                published_at_type_0 = datetime.datetime.fromisoformat(data)

                return published_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        published_at = _parse_published_at(d.pop("published_at", UNSET))

        cmi_5_package_view_course = cls(
            created_at=created_at,
            description=description,
            id=id,
            slug=slug,
            status=status,
            title=title,
            updated_at=updated_at,
            version=version,
            archived_at=archived_at,
            external_id=external_id,
            modules=modules,
            published_at=published_at,
        )

        cmi_5_package_view_course.additional_properties = d
        return cmi_5_package_view_course

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
