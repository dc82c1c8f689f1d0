from typing import Literal

UpdateLessonKind = Literal["file", "quiz", "text", "video"]

UPDATE_LESSON_KIND_VALUES: set[UpdateLessonKind] = {
    "file",
    "quiz",
    "text",
    "video",
}


def check_update_lesson_kind(value: str) -> UpdateLessonKind:
    if value in UPDATE_LESSON_KIND_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {UPDATE_LESSON_KIND_VALUES!r}"
    )
