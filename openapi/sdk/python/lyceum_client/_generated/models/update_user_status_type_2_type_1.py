from typing import Literal

UpdateUserStatusType2Type1 = Literal["active", "disabled"]

UPDATE_USER_STATUS_TYPE_2_TYPE_1_VALUES: set[UpdateUserStatusType2Type1] = {
    "active",
    "disabled",
}


def check_update_user_status_type_2_type_1(value: str) -> UpdateUserStatusType2Type1:
    if value in UPDATE_USER_STATUS_TYPE_2_TYPE_1_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {UPDATE_USER_STATUS_TYPE_2_TYPE_1_VALUES!r}"
    )
