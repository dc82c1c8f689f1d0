from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.user_view import UserView


T = TypeVar("T", bound="LoginResult")


@_attrs_define
class LoginResult:
    """A new session and the user it belongs to.

    Example:
        {'expires_at': '2026-12-29T08:00:00+00:00', 'token':
            'lys_3xN9qVb7Rk2mTf8LwYc5Hs1Dg4Jp6Ze0Ua9Xo7Ei2Kl5Bn8Wr3Qt1My6Vc0Pd4Sg', 'user': {'created_at':
            '2026-09-03T10:00:00+00:00', 'email': 'lee@acme.test', 'external_id': 'S-2026-0042', 'id':
            '0193a4c2-6a02-7d11-8e21-3c5e7f9a1b22', 'last_login_at': '2026-11-28T07:45:12+00:00', 'name': 'Lee Learner',
            'role': 'learner', 'status': 'active', 'updated_at': '2026-09-03T10:00:00+00:00', 'version': 1}}

    Attributes:
        expires_at (datetime.datetime):
        token (str): Send as `Authorization: Bearer <token>`; shown only once.
        user (UserView): A person in the institution. Example: {'created_at': '2026-09-03T10:00:00+00:00', 'email':
            'lee@acme.test', 'external_id': 'S-2026-0042', 'id': '0193a4c2-6a02-7d11-8e21-3c5e7f9a1b22', 'last_login_at':
            '2026-11-28T07:45:12+00:00', 'name': 'Lee Learner', 'role': 'learner', 'status': 'active', 'updated_at':
            '2026-09-03T10:00:00+00:00', 'version': 1}.
    """

    expires_at: datetime.datetime
    token: str
    user: UserView
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        expires_at = self.expires_at.isoformat()

        token = self.token

        user = self.user.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "expires_at": expires_at,
                "token": token,
                "user": user,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.user_view import UserView

        d = dict(src_dict)
        expires_at = datetime.datetime.fromisoformat(d.pop("expires_at"))

        token = d.pop("token")

        user = UserView.from_dict(d.pop("user"))

        login_result = cls(
            expires_at=expires_at,
            token=token,
            user=user,
        )

        login_result.additional_properties = d
        return login_result

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
