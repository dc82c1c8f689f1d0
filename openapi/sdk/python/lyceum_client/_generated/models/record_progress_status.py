from typing import Literal

RecordProgressStatus = Literal["completed", "started"]

RECORD_PROGRESS_STATUS_VALUES: set[RecordProgressStatus] = {
    "completed",
    "started",
}


def check_record_progress_status(value: str) -> RecordProgressStatus:
    if value in RECORD_PROGRESS_STATUS_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {RECORD_PROGRESS_STATUS_VALUES!r}"
    )
