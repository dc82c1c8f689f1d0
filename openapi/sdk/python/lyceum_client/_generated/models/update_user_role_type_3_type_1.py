from typing import Literal

UpdateUserRoleType3Type1 = Literal["admin", "instructor", "learner", "owner"]

UPDATE_USER_ROLE_TYPE_3_TYPE_1_VALUES: set[UpdateUserRoleType3Type1] = {
    "admin",
    "instructor",
    "learner",
    "owner",
}


def check_update_user_role_type_3_type_1(value: str) -> UpdateUserRoleType3Type1:
    if value in UPDATE_USER_ROLE_TYPE_3_TYPE_1_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {UPDATE_USER_ROLE_TYPE_3_TYPE_1_VALUES!r}"
    )
