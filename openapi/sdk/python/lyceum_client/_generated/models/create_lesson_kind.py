from typing import Literal

CreateLessonKind = Literal["assignment", "file", "lti", "quiz", "text", "video"]

CREATE_LESSON_KIND_VALUES: set[CreateLessonKind] = {
    "assignment",
    "file",
    "lti",
    "quiz",
    "text",
    "video",
}


def check_create_lesson_kind(value: str) -> CreateLessonKind:
    if value in CREATE_LESSON_KIND_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {CREATE_LESSON_KIND_VALUES!r}"
    )
