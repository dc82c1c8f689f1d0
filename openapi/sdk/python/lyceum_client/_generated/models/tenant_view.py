from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.tenant_view_app_links import TenantViewAppLinks
    from ..models.tenant_view_branding import TenantViewBranding
    from ..models.tenant_view_policies import TenantViewPolicies


T = TypeVar("T", bound="TenantView")


@_attrs_define
class TenantView:
    """An institution.

    Example:
        {'app_links': {'app_paths': {'billing': None, 'courses': None, 'invitation': '/join', 'password_reset': None,
            'sign_in': None}, 'app_url': 'https://learn.acme.test'}, 'branding': {'color': '#1f4e79', 'reply_to':
            'help@acme.test'}, 'created_at': '2026-09-01T08:00:00+00:00', 'id': '0193a4c2-5b1e-7c3a-9f10-2b4d6e8f0a11',
            'name': 'Acme University', 'plan': 'growth', 'policies': {'privacy_notice_url': 'https://acme.test/privacy',
            'privacy_notice_version': '2026-09', 'terms_url': 'https://acme.test/terms', 'terms_version': '3'},
            'seat_limit': 150, 'seats_used': 87, 'slug': 'acme', 'sso_required': False, 'status': 'active', 'trial_ends_at':
            None, 'updated_at': '2026-11-20T14:05:00+00:00', 'version': 7}

    Attributes:
        app_links (TenantViewAppLinks): Where the institution's emails send its people: its own front end, or Lyceum's
            hosted pages.
        branding (TenantViewBranding): How the institution's emails look and where replies go.
        created_at (datetime.datetime):
        id (UUID):
        name (str):
        plan (str):
        policies (TenantViewPolicies): The terms and privacy notice people accept before they sign in.
        seat_limit (int): Learners the plan allows.
        seats_used (int): Seats taken: distinct users with an active enrollment.
        slug (str): URL-safe identifier chosen at signup; used to sign in.
        sso_required (bool): Everyone but the owners must sign in through an identity provider.
        status (str): `trialing`, `active`, `past_due`, `canceled` (subscription or trial ended: read-only), `suspended`
            or `deleted`.
        updated_at (datetime.datetime):
        version (int): Increases with every change; compare with `If-Match`.
        trial_ends_at (datetime.datetime | None | Unset):
    """

    app_links: TenantViewAppLinks
    branding: TenantViewBranding
    created_at: datetime.datetime
    id: UUID
    name: str
    plan: str
    policies: TenantViewPolicies
    seat_limit: int
    seats_used: int
    slug: str
    sso_required: bool
    status: str
    updated_at: datetime.datetime
    version: int
    trial_ends_at: datetime.datetime | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        app_links = self.app_links.to_dict()

        branding = self.branding.to_dict()

        created_at = self.created_at.isoformat()

        id = str(self.id)

        name = self.name

        plan = self.plan

        policies = self.policies.to_dict()

        seat_limit = self.seat_limit

        seats_used = self.seats_used

        slug = self.slug

        sso_required = self.sso_required

        status = self.status

        updated_at = self.updated_at.isoformat()

        version = self.version

        trial_ends_at: None | str | Unset
        if isinstance(self.trial_ends_at, Unset):
            trial_ends_at = UNSET
        elif isinstance(self.trial_ends_at, datetime.datetime):
            trial_ends_at = self.trial_ends_at.isoformat()
        else:
            trial_ends_at = self.trial_ends_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "app_links": app_links,
                "branding": branding,
                "created_at": created_at,
                "id": id,
                "name": name,
                "plan": plan,
                "policies": policies,
                "seat_limit": seat_limit,
                "seats_used": seats_used,
                "slug": slug,
                "sso_required": sso_required,
                "status": status,
                "updated_at": updated_at,
                "version": version,
            }
        )
        if trial_ends_at is not UNSET:
            field_dict["trial_ends_at"] = trial_ends_at

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.tenant_view_app_links import TenantViewAppLinks
        from ..models.tenant_view_branding import TenantViewBranding
        from ..models.tenant_view_policies import TenantViewPolicies

        d = dict(src_dict)
        app_links = TenantViewAppLinks.from_dict(d.pop("app_links"))

        branding = TenantViewBranding.from_dict(d.pop("branding"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        id = UUID(d.pop("id"))

        name = d.pop("name")

        plan = d.pop("plan")

        policies = TenantViewPolicies.from_dict(d.pop("policies"))

        seat_limit = d.pop("seat_limit")

        seats_used = d.pop("seats_used")

        slug = d.pop("slug")

        sso_required = d.pop("sso_required")

        status = d.pop("status")

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        version = d.pop("version")

        def _parse_trial_ends_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                trial_ends_at_type_0 = datetime.datetime.fromisoformat(data)

                return trial_ends_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        trial_ends_at = _parse_trial_ends_at(d.pop("trial_ends_at", UNSET))

        tenant_view = cls(
            app_links=app_links,
            branding=branding,
            created_at=created_at,
            id=id,
            name=name,
            plan=plan,
            policies=policies,
            seat_limit=seat_limit,
            seats_used=seats_used,
            slug=slug,
            sso_required=sso_required,
            status=status,
            updated_at=updated_at,
            version=version,
            trial_ends_at=trial_ends_at,
        )

        tenant_view.additional_properties = d
        return tenant_view

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
