from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.session_view import SessionView
    from ..models.user_view import UserView


T = TypeVar("T", bound="AcceptedInvitation")


@_attrs_define
class AcceptedInvitation:
    """The now active user and a session for them.

    Example:
        {'session': {'expires_at': '2026-12-29T08:00:00+00:00', 'token':
            'lys_3xN9qVb7Rk2mTf8LwYc5Hs1Dg4Jp6Ze0Ua9Xo7Ei2Kl5Bn8Wr3Qt1My6Vc0Pd4Sg'}, 'user': {'created_at':
            '2026-09-03T10:00:00+00:00', 'email': 'lee@acme.test', 'external_id': 'S-2026-0042', 'id':
            '0193a4c2-6a02-7d11-8e21-3c5e7f9a1b22', 'last_login_at': '2026-11-28T07:45:12+00:00', 'name': 'Lee Learner',
            'role': 'learner', 'status': 'active', 'updated_at': '2026-09-03T10:00:00+00:00', 'version': 1}}

    Attributes:
        session (SessionView): A session: send `token` as `Authorization: Bearer <token>` until `expires_at`. Example:
            {'expires_at': '2026-12-29T08:00:00+00:00', 'token':
            'lys_3xN9qVb7Rk2mTf8LwYc5Hs1Dg4Jp6Ze0Ua9Xo7Ei2Kl5Bn8Wr3Qt1My6Vc0Pd4Sg'}.
        user (UserView): A person in the institution. Example: {'created_at': '2026-09-03T10:00:00+00:00', 'email':
            'lee@acme.test', 'external_id': 'S-2026-0042', 'id': '0193a4c2-6a02-7d11-8e21-3c5e7f9a1b22', 'last_login_at':
            '2026-11-28T07:45:12+00:00', 'name': 'Lee Learner', 'role': 'learner', 'status': 'active', 'updated_at':
            '2026-09-03T10:00:00+00:00', 'version': 1}.
    """

    session: SessionView
    user: UserView
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        session = self.session.to_dict()

        user = self.user.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "session": session,
                "user": user,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.session_view import SessionView
        from ..models.user_view import UserView

        d = dict(src_dict)
        session = SessionView.from_dict(d.pop("session"))

        user = UserView.from_dict(d.pop("user"))

        accepted_invitation = cls(
            session=session,
            user=user,
        )

        accepted_invitation.additional_properties = d
        return accepted_invitation

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
