from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="LtiAuthRequest")


@_attrs_define
class LtiAuthRequest:
    """An OIDC authentication request of an LTI tool (sent as a form).

    Attributes:
        client_id (None | str | Unset):
        login_hint (None | str | Unset):
        lti_message_hint (None | str | Unset):
        nonce (None | str | Unset):
        prompt (None | str | Unset):
        redirect_uri (None | str | Unset):
        response_mode (None | str | Unset):
        response_type (None | str | Unset):
        scope (None | str | Unset):
        state (None | str | Unset):
    """

    client_id: None | str | Unset = UNSET
    login_hint: None | str | Unset = UNSET
    lti_message_hint: None | str | Unset = UNSET
    nonce: None | str | Unset = UNSET
    prompt: None | str | Unset = UNSET
    redirect_uri: None | str | Unset = UNSET
    response_mode: None | str | Unset = UNSET
    response_type: None | str | Unset = UNSET
    scope: None | str | Unset = UNSET
    state: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        client_id: None | str | Unset
        if isinstance(self.client_id, Unset):
            client_id = UNSET
        else:
            client_id = self.client_id

        login_hint: None | str | Unset
        if isinstance(self.login_hint, Unset):
            login_hint = UNSET
        else:
            login_hint = self.login_hint

        lti_message_hint: None | str | Unset
        if isinstance(self.lti_message_hint, Unset):
            lti_message_hint = UNSET
        else:
            lti_message_hint = self.lti_message_hint

        nonce: None | str | Unset
        if isinstance(self.nonce, Unset):
            nonce = UNSET
        else:
            nonce = self.nonce

        prompt: None | str | Unset
        if isinstance(self.prompt, Unset):
            prompt = UNSET
        else:
            prompt = self.prompt

        redirect_uri: None | str | Unset
        if isinstance(self.redirect_uri, Unset):
            redirect_uri = UNSET
        else:
            redirect_uri = self.redirect_uri

        response_mode: None | str | Unset
        if isinstance(self.response_mode, Unset):
            response_mode = UNSET
        else:
            response_mode = self.response_mode

        response_type: None | str | Unset
        if isinstance(self.response_type, Unset):
            response_type = UNSET
        else:
            response_type = self.response_type

        scope: None | str | Unset
        if isinstance(self.scope, Unset):
            scope = UNSET
        else:
            scope = self.scope

        state: None | str | Unset
        if isinstance(self.state, Unset):
            state = UNSET
        else:
            state = self.state

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if client_id is not UNSET:
            field_dict["client_id"] = client_id
        if login_hint is not UNSET:
            field_dict["login_hint"] = login_hint
        if lti_message_hint is not UNSET:
            field_dict["lti_message_hint"] = lti_message_hint
        if nonce is not UNSET:
            field_dict["nonce"] = nonce
        if prompt is not UNSET:
            field_dict["prompt"] = prompt
        if redirect_uri is not UNSET:
            field_dict["redirect_uri"] = redirect_uri
        if response_mode is not UNSET:
            field_dict["response_mode"] = response_mode
        if response_type is not UNSET:
            field_dict["response_type"] = response_type
        if scope is not UNSET:
            field_dict["scope"] = scope
        if state is not UNSET:
            field_dict["state"] = state

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)

        def _parse_client_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        client_id = _parse_client_id(d.pop("client_id", UNSET))

        def _parse_login_hint(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        login_hint = _parse_login_hint(d.pop("login_hint", UNSET))

        def _parse_lti_message_hint(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        lti_message_hint = _parse_lti_message_hint(d.pop("lti_message_hint", UNSET))

        def _parse_nonce(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        nonce = _parse_nonce(d.pop("nonce", UNSET))

        def _parse_prompt(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        prompt = _parse_prompt(d.pop("prompt", UNSET))

        def _parse_redirect_uri(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        redirect_uri = _parse_redirect_uri(d.pop("redirect_uri", UNSET))

        def _parse_response_mode(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        response_mode = _parse_response_mode(d.pop("response_mode", UNSET))

        def _parse_response_type(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        response_type = _parse_response_type(d.pop("response_type", UNSET))

        def _parse_scope(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        scope = _parse_scope(d.pop("scope", UNSET))

        def _parse_state(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        state = _parse_state(d.pop("state", UNSET))

        lti_auth_request = cls(
            client_id=client_id,
            login_hint=login_hint,
            lti_message_hint=lti_message_hint,
            nonce=nonce,
            prompt=prompt,
            redirect_uri=redirect_uri,
            response_mode=response_mode,
            response_type=response_type,
            scope=scope,
            state=state,
        )

        lti_auth_request.additional_properties = d
        return lti_auth_request

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
