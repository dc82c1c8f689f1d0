from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.session_view import SessionView
    from ..models.tenant_view import TenantView
    from ..models.user_view import UserView


T = TypeVar("T", bound="SignupResult")


@_attrs_define
class SignupResult:
    """The new institution, its owner, and a session for the owner.

    Example:
        {'session': {'expires_at': '2026-12-29T08:00:00+00:00', 'token':
            'lys_3xN9qVb7Rk2mTf8LwYc5Hs1Dg4Jp6Ze0Ua9Xo7Ei2Kl5Bn8Wr3Qt1My6Vc0Pd4Sg'}, 'tenant': {'app_links': {'app_paths':
            {'billing': None, 'courses': None, 'invitation': '/join', 'password_reset': None, 'sign_in': None}, 'app_url':
            'https://learn.acme.test'}, 'branding': {'color': None, 'reply_to': None}, 'created_at':
            '2026-12-01T08:00:00+00:00', 'id': '0193a4c2-5b1e-7c3a-9f10-2b4d6e8f0a11', 'name': 'Acme University', 'plan':
            'trial', 'policies': {'privacy_notice_url': 'https://acme.test/privacy', 'privacy_notice_version': '2026-09',
            'terms_url': 'https://acme.test/terms', 'terms_version': '3'}, 'seat_limit': 25, 'seats_used': 0, 'slug':
            'acme', 'sso_required': False, 'status': 'trialing', 'trial_ends_at': '2026-12-15T08:00:00+00:00', 'updated_at':
            '2026-12-01T08:00:00+00:00', 'version': 1}, 'user': {'created_at': '2026-12-01T08:00:00+00:00', 'email':
            'ada@acme.test', 'external_id': 'S-2026-0042', 'id': '0193a4c2-5b20-7a01-8c3d-1e2f3a4b5c6d', 'last_login_at':
            None, 'name': 'Ada Admin', 'role': 'owner', 'status': 'active', 'updated_at': '2026-12-01T08:00:00+00:00',
            'version': 1}}

    Attributes:
        session (SessionView): A session: send `token` as `Authorization: Bearer <token>` until `expires_at`. Example:
            {'expires_at': '2026-12-29T08:00:00+00:00', 'token':
            'lys_3xN9qVb7Rk2mTf8LwYc5Hs1Dg4Jp6Ze0Ua9Xo7Ei2Kl5Bn8Wr3Qt1My6Vc0Pd4Sg'}.
        tenant (TenantView): An institution. Example: {'app_links': {'app_paths': {'billing': None, 'courses': None,
            'invitation': '/join', 'password_reset': None, 'sign_in': None}, 'app_url': 'https://learn.acme.test'},
            'branding': {'color': '#1f4e79', 'reply_to': 'help@acme.test'}, 'created_at': '2026-09-01T08:00:00+00:00', 'id':
            '0193a4c2-5b1e-7c3a-9f10-2b4d6e8f0a11', 'name': 'Acme University', 'plan': 'growth', 'policies':
            {'privacy_notice_url': 'https://acme.test/privacy', 'privacy_notice_version': '2026-09', 'terms_url':
            'https://acme.test/terms', 'terms_version': '3'}, 'seat_limit': 150, 'seats_used': 87, 'slug': 'acme',
            'sso_required': False, 'status': 'active', 'trial_ends_at': None, 'updated_at': '2026-11-20T14:05:00+00:00',
            'version': 7}.
        user (UserView): A person in the institution. Example: {'created_at': '2026-09-03T10:00:00+00:00', 'email':
            'lee@acme.test', 'external_id': 'S-2026-0042', 'id': '0193a4c2-6a02-7d11-8e21-3c5e7f9a1b22', 'last_login_at':
            '2026-11-28T07:45:12+00:00', 'name': 'Lee Learner', 'role': 'learner', 'status': 'active', 'updated_at':
            '2026-09-03T10:00:00+00:00', 'version': 1}.
    """

    session: SessionView
    tenant: TenantView
    user: UserView
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        session = self.session.to_dict()

        tenant = self.tenant.to_dict()

        user = self.user.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "session": session,
                "tenant": tenant,
                "user": user,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.session_view import SessionView
        from ..models.tenant_view import TenantView
        from ..models.user_view import UserView

        d = dict(src_dict)
        session = SessionView.from_dict(d.pop("session"))

        tenant = TenantView.from_dict(d.pop("tenant"))

        user = UserView.from_dict(d.pop("user"))

        signup_result = cls(
            session=session,
            tenant=tenant,
            user=user,
        )

        signup_result.additional_properties = d
        return signup_result

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
