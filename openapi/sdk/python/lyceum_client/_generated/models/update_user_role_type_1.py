from typing import Literal

UpdateUserRoleType1 = Literal["admin", "instructor", "learner", "owner"]

UPDATE_USER_ROLE_TYPE_1_VALUES: set[UpdateUserRoleType1] = {
    "admin",
    "instructor",
    "learner",
    "owner",
}


def check_update_user_role_type_1(value: str) -> UpdateUserRoleType1:
    if value in UPDATE_USER_ROLE_TYPE_1_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {UPDATE_USER_ROLE_TYPE_1_VALUES!r}"
    )
