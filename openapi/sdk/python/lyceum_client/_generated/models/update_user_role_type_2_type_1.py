from typing import Literal

UpdateUserRoleType2Type1 = Literal["admin", "instructor", "learner", "owner"]

UPDATE_USER_ROLE_TYPE_2_TYPE_1_VALUES: set[UpdateUserRoleType2Type1] = {
    "admin",
    "instructor",
    "learner",
    "owner",
}


def check_update_user_role_type_2_type_1(value: str) -> UpdateUserRoleType2Type1:
    if value in UPDATE_USER_ROLE_TYPE_2_TYPE_1_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {UPDATE_USER_ROLE_TYPE_2_TYPE_1_VALUES!r}"
    )
