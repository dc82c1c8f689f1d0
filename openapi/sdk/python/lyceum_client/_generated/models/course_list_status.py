from typing import Literal

CourseListStatus = Literal["archived", "draft", "published"]

COURSE_LIST_STATUS_VALUES: set[CourseListStatus] = {
    "archived",
    "draft",
    "published",
}


def check_course_list_status(value: str) -> CourseListStatus:
    if value in COURSE_LIST_STATUS_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {COURSE_LIST_STATUS_VALUES!r}"
    )
