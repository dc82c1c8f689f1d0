from typing import Literal

UpdateUserStatusType1 = Literal["active", "disabled"]

UPDATE_USER_STATUS_TYPE_1_VALUES: set[UpdateUserStatusType1] = {
    "active",
    "disabled",
}


def check_update_user_status_type_1(value: str) -> UpdateUserStatusType1:
    if value in UPDATE_USER_STATUS_TYPE_1_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {UPDATE_USER_STATUS_TYPE_1_VALUES!r}"
    )
