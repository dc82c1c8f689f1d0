from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.me_user_type_1 import MeUserType1


T = TypeVar("T", bound="Me")


@_attrs_define
class Me:
    """Who is calling.

    Example:
        {'actor_type': 'user', 'api_key_id': None, 'permissions': ['courses:read', 'enrollments:read', 'progress:write',
            'certificates:read'], 'tenant_id': '0193a4c2-5b1e-7c3a-9f10-2b4d6e8f0a11', 'user': {'created_at':
            '2026-09-03T10:00:00+00:00', 'email': 'lee@acme.test', 'external_id': 'S-2026-0042', 'id':
            '0193a4c2-6a02-7d11-8e21-3c5e7f9a1b22', 'last_login_at': '2026-11-28T07:45:12+00:00', 'name': 'Lee Learner',
            'role': 'learner', 'status': 'active', 'updated_at': '2026-09-03T10:00:00+00:00', 'version': 1}}

    Attributes:
        actor_type (str): `user` or `api_key`.
        permissions (list[str]): What this credential may do.
        tenant_id (UUID):
        api_key_id (None | Unset | UUID): The API key's id (absent for users).
        user (MeUserType1 | None | Unset): The signed-in user (absent for API keys).
    """

    actor_type: str
    permissions: list[str]
    tenant_id: UUID
    api_key_id: None | Unset | UUID = UNSET
    user: MeUserType1 | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.me_user_type_1 import MeUserType1

        actor_type = self.actor_type

        permissions = self.permissions

        tenant_id = str(self.tenant_id)

        api_key_id: None | str | Unset
        if isinstance(self.api_key_id, Unset):
            api_key_id = UNSET
        elif isinstance(self.api_key_id, UUID):
            api_key_id = str(self.api_key_id)
        else:
            api_key_id = self.api_key_id

        user: dict[str, Any] | None | Unset
        if isinstance(self.user, Unset):
            user = UNSET
        elif isinstance(self.user, MeUserType1):
            user = self.user.to_dict()
        else:
            user = self.user

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "actor_type": actor_type,
                "permissions": permissions,
                "tenant_id": tenant_id,
            }
        )
        if api_key_id is not UNSET:
            field_dict["api_key_id"] = api_key_id
        if user is not UNSET:
            field_dict["user"] = user

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.me_user_type_1 import MeUserType1

        d = dict(src_dict)
        actor_type = d.pop("actor_type")

        permissions = cast(list[str], d.pop("permissions"))

        tenant_id = UUID(d.pop("tenant_id"))

        def _parse_api_key_id(data: object) -> None | Unset | UUID:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                api_key_id_type_0 = UUID(data)

                return api_key_id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | UUID, data)

        api_key_id = _parse_api_key_id(d.pop("api_key_id", UNSET))

        def _parse_user(data: object) -> MeUserType1 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                user_type_1 = MeUserType1.from_dict(data)

                return user_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(MeUserType1 | None | Unset, data)

        user = _parse_user(d.pop("user", UNSET))

        me = cls(
            actor_type=actor_type,
            permissions=permissions,
            tenant_id=tenant_id,
            api_key_id=api_key_id,
            user=user,
        )

        me.additional_properties = d
        return me

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
