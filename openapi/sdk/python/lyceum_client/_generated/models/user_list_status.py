from typing import Literal

UserListStatus = Literal["active", "disabled", "erased", "invited"]

USER_LIST_STATUS_VALUES: set[UserListStatus] = {
    "active",
    "disabled",
    "erased",
    "invited",
}


def check_user_list_status(value: str) -> UserListStatus:
    if value in USER_LIST_STATUS_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {USER_LIST_STATUS_VALUES!r}"
    )
