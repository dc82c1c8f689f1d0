from typing import Literal

UpdateUserStatus = Literal["active", "disabled"]

UPDATE_USER_STATUS_VALUES: set[UpdateUserStatus] = {
    "active",
    "disabled",
}


def check_update_user_status(value: str) -> UpdateUserStatus:
    if value in UPDATE_USER_STATUS_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {UPDATE_USER_STATUS_VALUES!r}"
    )
