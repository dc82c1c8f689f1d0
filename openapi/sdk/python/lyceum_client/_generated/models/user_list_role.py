from typing import Literal

UserListRole = Literal["admin", "instructor", "learner", "owner"]

USER_LIST_ROLE_VALUES: set[UserListRole] = {
    "admin",
    "instructor",
    "learner",
    "owner",
}


def check_user_list_role(value: str) -> UserListRole:
    if value in USER_LIST_ROLE_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {USER_LIST_ROLE_VALUES!r}"
    )
