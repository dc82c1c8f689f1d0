from typing import Literal

CreateEndpointEventsItem = Literal[
    "*",
    "certificate.issued",
    "certificate.revoked",
    "enrollment.completed",
    "enrollment.created",
    "enrollment.dropped",
    "grade.changed",
    "group.created",
    "group.deleted",
    "group.members_added",
    "group.members_removed",
    "submission.created",
    "subscription.updated",
    "user.created",
    "user.erased",
]

CREATE_ENDPOINT_EVENTS_ITEM_VALUES: set[CreateEndpointEventsItem] = {
    "*",
    "certificate.issued",
    "certificate.revoked",
    "enrollment.completed",
    "enrollment.created",
    "enrollment.dropped",
    "grade.changed",
    "group.created",
    "group.deleted",
    "group.members_added",
    "group.members_removed",
    "submission.created",
    "subscription.updated",
    "user.created",
    "user.erased",
}


def check_create_endpoint_events_item(value: str) -> CreateEndpointEventsItem:
    if value in CREATE_ENDPOINT_EVENTS_ITEM_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {CREATE_ENDPOINT_EVENTS_ITEM_VALUES!r}"
    )
