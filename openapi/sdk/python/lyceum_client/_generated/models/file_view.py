from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.file_view_attached_to_type_1 import FileViewAttachedToType1
    from ..models.file_view_upload_type_1 import FileViewUploadType1


T = TypeVar("T", bound="FileView")


@_attrs_define
class FileView:
    """An uploaded file.

    Example:
        {'content_type': 'application/pdf', 'created_at': '2026-12-10T16:29:00+00:00', 'download_expires_at':
            '2026-12-10T16:34:02+00:00', 'download_url': 'https://lyceum.example/v1/files/0193c2d1-4a5b-7c6d-8e9f-
            0a1b2c3d4e5f/content?tenant=0193a4c2-5b1e-7c3a-9f10-2b4d6e8f0a11&expires=1797000000&actor=user%3A0193a4c2-6a02-
            7d11-8e21-3c5e7f9a1b22&signature=5d41402abc4b2a76b9719d911017c592', 'filename': 'essay.pdf', 'id':
            '0193c2d1-4a5b-7c6d-8e9f-0a1b2c3d4e5f', 'sha256':
            '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08', 'size_bytes': 184320, 'status': 'stored',
            'stored_at': '2026-12-10T16:29:02+00:00', 'uploaded_by': 'user:0193a4c2-6a02-7d11-8e21-3c5e7f9a1b22'}

    Attributes:
        created_at (datetime.datetime):
        filename (str):
        id (UUID):
        size_bytes (int): Stored: its size. Pending: the size it was declared with.
        status (str): `pending` (waiting for its bytes), `uploading` or `stored`.
        uploaded_by (str): `user:<id>` or `api_key:<id>`.
        attached_to (FileViewAttachedToType1 | None | Unset): Absent until the uploader attaches it (to a file lesson, a
            submission or a grade's feedback).
        content_type (None | str | Unset): What the bytes are (decided from them, not from the name); null until stored.
        download_expires_at (datetime.datetime | None | Unset):
        download_url (None | str | Unset): A short-lived signed URL for the bytes, for the caller only (absent until
            stored).
        sha256 (None | str | Unset): Hex SHA-256 of the bytes, once stored.
        stored_at (datetime.datetime | None | Unset):
        upload (FileViewUploadType1 | None | Unset): A two-step upload's next step.
    """

    created_at: datetime.datetime
    filename: str
    id: UUID
    size_bytes: int
    status: str
    uploaded_by: str
    attached_to: FileViewAttachedToType1 | None | Unset = UNSET
    content_type: None | str | Unset = UNSET
    download_expires_at: datetime.datetime | None | Unset = UNSET
    download_url: None | str | Unset = UNSET
    sha256: None | str | Unset = UNSET
    stored_at: datetime.datetime | None | Unset = UNSET
    upload: FileViewUploadType1 | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.file_view_attached_to_type_1 import FileViewAttachedToType1
        from ..models.file_view_upload_type_1 import FileViewUploadType1

        created_at = self.created_at.isoformat()

        filename = self.filename

        id = str(self.id)

        size_bytes = self.size_bytes

        status = self.status

        uploaded_by = self.uploaded_by

        attached_to: dict[str, Any] | None | Unset
        if isinstance(self.attached_to, Unset):
            attached_to = UNSET
        elif isinstance(self.attached_to, FileViewAttachedToType1):
            attached_to = self.attached_to.to_dict()
        else:
            attached_to = self.attached_to

        content_type: None | str | Unset
        if isinstance(self.content_type, Unset):
            content_type = UNSET
        else:
            content_type = self.content_type

        download_expires_at: None | str | Unset
        if isinstance(self.download_expires_at, Unset):
            download_expires_at = UNSET
        elif isinstance(self.download_expires_at, datetime.datetime):
            download_expires_at = self.download_expires_at.isoformat()
        else:
            download_expires_at = self.download_expires_at

        download_url: None | str | Unset
        if isinstance(self.download_url, Unset):
            download_url = UNSET
        else:
            download_url = self.download_url

        sha256: None | str | Unset
        if isinstance(self.sha256, Unset):
            sha256 = UNSET
        else:
            sha256 = self.sha256

        stored_at: None | str | Unset
        if isinstance(self.stored_at, Unset):
            stored_at = UNSET
        elif isinstance(self.stored_at, datetime.datetime):
            stored_at = self.stored_at.isoformat()
        else:
            stored_at = self.stored_at

        upload: dict[str, Any] | None | Unset
        if isinstance(self.upload, Unset):
            upload = UNSET
        elif isinstance(self.upload, FileViewUploadType1):
            upload = self.upload.to_dict()
        else:
            upload = self.upload

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "created_at": created_at,
                "filename": filename,
                "id": id,
                "size_bytes": size_bytes,
                "status": status,
                "uploaded_by": uploaded_by,
            }
        )
        if attached_to is not UNSET:
            field_dict["attached_to"] = attached_to
        if content_type is not UNSET:
            field_dict["content_type"] = content_type
        if download_expires_at is not UNSET:
            field_dict["download_expires_at"] = download_expires_at
        if download_url is not UNSET:
            field_dict["download_url"] = download_url
        if sha256 is not UNSET:
            field_dict["sha256"] = sha256
        if stored_at is not UNSET:
            field_dict["stored_at"] = stored_at
        if upload is not UNSET:
            field_dict["upload"] = upload

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.file_view_attached_to_type_1 import FileViewAttachedToType1
        from ..models.file_view_upload_type_1 import FileViewUploadType1

        d = dict(src_dict)
        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        filename = d.pop("filename")

        id = UUID(d.pop("id"))

        size_bytes = d.pop("size_bytes")

        status = d.pop("status")

        uploaded_by = d.pop("uploaded_by")

        def _parse_attached_to(data: object) -> FileViewAttachedToType1 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                attached_to_type_1 = FileViewAttachedToType1.from_dict(data)

                return attached_to_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(FileViewAttachedToType1 | None | Unset, data)

        attached_to = _parse_attached_to(d.pop("attached_to", UNSET))

        def _parse_content_type(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        content_type = _parse_content_type(d.pop("content_type", UNSET))

        def _parse_download_expires_at(
            data: object,
        ) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                download_expires_at_type_0 = datetime.datetime.fromisoformat(data)

                return download_expires_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        download_expires_at = _parse_download_expires_at(
            d.pop("download_expires_at", UNSET)
        )

        def _parse_download_url(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        download_url = _parse_download_url(d.pop("download_url", UNSET))

        def _parse_sha256(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        sha256 = _parse_sha256(d.pop("sha256", UNSET))

        def _parse_stored_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                stored_at_type_0 = datetime.datetime.fromisoformat(data)

                return stored_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        stored_at = _parse_stored_at(d.pop("stored_at", UNSET))

        def _parse_upload(data: object) -> FileViewUploadType1 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                upload_type_1 = FileViewUploadType1.from_dict(data)

                return upload_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(FileViewUploadType1 | None | Unset, data)

        upload = _parse_upload(d.pop("upload", UNSET))

        file_view = cls(
            created_at=created_at,
            filename=filename,
            id=id,
            size_bytes=size_bytes,
            status=status,
            uploaded_by=uploaded_by,
            attached_to=attached_to,
            content_type=content_type,
            download_expires_at=download_expires_at,
            download_url=download_url,
            sha256=sha256,
            stored_at=stored_at,
            upload=upload,
        )

        file_view.additional_properties = d
        return file_view

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
