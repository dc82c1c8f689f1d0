from typing import Literal

UpdateUserStatusType3Type1 = Literal["active", "disabled"]

UPDATE_USER_STATUS_TYPE_3_TYPE_1_VALUES: set[UpdateUserStatusType3Type1] = {
    "active",
    "disabled",
}


def check_update_user_status_type_3_type_1(value: str) -> UpdateUserStatusType3Type1:
    if value in UPDATE_USER_STATUS_TYPE_3_TYPE_1_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {UPDATE_USER_STATUS_TYPE_3_TYPE_1_VALUES!r}"
    )
