from typing import Literal

CreateApiKeyScopesItem = Literal[
    "audit:read",
    "billing:read",
    "billing:write",
    "certificates:write",
    "courses:read",
    "courses:write",
    "enrollments:read",
    "enrollments:write",
    "grades:read",
    "grades:write",
    "scim",
    "tenant:read",
    "tenant:write",
    "users:read",
    "users:write",
    "webhooks:read",
    "webhooks:write",
]

CREATE_API_KEY_SCOPES_ITEM_VALUES: set[CreateApiKeyScopesItem] = {
    "audit:read",
    "billing:read",
    "billing:write",
    "certificates:write",
    "courses:read",
    "courses:write",
    "enrollments:read",
    "enrollments:write",
    "grades:read",
    "grades:write",
    "scim",
    "tenant:read",
    "tenant:write",
    "users:read",
    "users:write",
    "webhooks:read",
    "webhooks:write",
}


def check_create_api_key_scopes_item(value: str) -> CreateApiKeyScopesItem:
    if value in CREATE_API_KEY_SCOPES_ITEM_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {CREATE_API_KEY_SCOPES_ITEM_VALUES!r}"
    )
