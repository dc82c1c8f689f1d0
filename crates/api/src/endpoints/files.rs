//! Files: `POST /v1/files` (a multipart upload), `POST /v1/files/uploads` (the first step of a
//! two-step upload),
//! `GET /v1/files/{id}` (metadata and a signed download URL), and the signed URLs' own operations,
//! `GET /v1/files/{id}/content` (download) and `PUT /v1/files/{id}/content` (a two-step upload's bytes).
//! Bytes stream through; nothing buffers a whole file.

use chrono::{DateTime, Utc};
use lyceum_core::files::{self, FileInfo, NewFile, Signed};
use poem::{
    http::{header, HeaderValue, StatusCode},
    web::{Data, Multipart},
    Body, IntoResponse, Request, RequestBody, Response,
};
use poem_openapi::{
    impl_apirequest_for_payload,
    param::{Path, Query},
    payload::{Json, ParsePayload, Payload},
    registry::{MetaMediaType, MetaResponse, MetaResponses, MetaSchema, MetaSchemaRef, Registry},
    types::Example,
    ApiResponse, Object, OpenApi,
};

use super::{views::example_time, Tag};
use crate::{
    http::{
        auth::{request_meta, BearerAuth},
        credential,
        json::JsonBody,
        problem::ApiError,
    },
    AppState,
};

pub struct FilesApi;

const EXAMPLE_FILE: uuid::Uuid = uuid::uuid!("0193c2d1-4a5b-7c6d-8e9f-0a1b2c3d4e5f");
/// Multipart framing allowed on top of the file's own bytes before a declared length is refused.
const MULTIPART_SLACK: u64 = 64 * 1024;

/// A multipart form with one part named `file` (its filename and content type are the file's).
pub struct MultipartUpload(Multipart);

impl Payload for MultipartUpload {
    const CONTENT_TYPE: &'static str = "multipart/form-data";

    fn check_content_type(content_type: &str) -> bool {
        content_type.split(';').next().unwrap_or("").trim().eq_ignore_ascii_case("multipart/form-data")
    }

    fn schema_ref() -> MetaSchemaRef {
        MetaSchemaRef::Inline(Box::new(MetaSchema {
            required: vec!["file"],
            properties: vec![(
                "file",
                MetaSchemaRef::Inline(Box::new(MetaSchema {
                    format: Some("binary"),
                    description: Some("The file; its part's filename and Content-Type are the file's."),
                    ..MetaSchema::new("string")
                })),
            )],
            ..MetaSchema::new("object")
        }))
    }
}

impl ParsePayload for MultipartUpload {
    const IS_REQUIRED: bool = true;

    async fn from_request(request: &Request, body: &mut RequestBody) -> poem::Result<Self> {
        // Nothing is read here: the handler checks the caller and the size first.
        Ok(MultipartUpload(<Multipart as poem::FromRequest>::from_request(request, body).await?))
    }
}

impl_apirequest_for_payload!(MultipartUpload);

/// A file's raw bytes, whatever `Content-Type` they are sent with (or none: `curl -T` sends none). The
/// content type that counts is the one the bytes show.
pub struct RawBytes(Body);

impl Payload for RawBytes {
    const CONTENT_TYPE: &'static str = "application/octet-stream";

    fn check_content_type(_content_type: &str) -> bool {
        true
    }

    fn schema_ref() -> MetaSchemaRef {
        MetaSchemaRef::Inline(Box::new(MetaSchema { format: Some("binary"), ..MetaSchema::new("string") }))
    }
}

impl ParsePayload for RawBytes {
    const IS_REQUIRED: bool = true;

    async fn from_request(_request: &Request, body: &mut RequestBody) -> poem::Result<Self> {
        Ok(RawBytes(body.take()?))
    }
}

impl<'a> poem_openapi::ApiExtractor<'a> for RawBytes {
    const TYPES: &'static [poem_openapi::ApiExtractorType] = &[poem_openapi::ApiExtractorType::RequestObject];

    type ParamType = ();
    type ParamRawType = ();

    fn register(registry: &mut Registry) {
        <Self as Payload>::register(registry);
    }

    fn request_meta() -> Option<poem_openapi::registry::MetaRequest> {
        Some(poem_openapi::registry::MetaRequest {
            description: None,
            content: vec![MetaMediaType { content_type: Self::CONTENT_TYPE, schema: Self::schema_ref() }],
            required: true,
        })
    }

    async fn from_request(
        request: &'a Request,
        body: &mut RequestBody,
        _param_opts: poem_openapi::ExtractParamOptions<Self::ParamType>,
    ) -> poem::Result<Self> {
        <Self as ParsePayload>::from_request(request, body).await
    }
}

/// The first step of a two-step upload: what the file will be.
#[derive(Debug, Clone, Object, serde::Deserialize)]
#[oai(deny_unknown_fields, example)]
#[serde(deny_unknown_fields)]
pub struct StartUpload {
    /// The file's name, such as `essay.pdf` (its extension must agree with its content).
    pub filename: String,
    /// Its exact size in bytes (at most the plan's `max_upload_bytes`).
    pub size: u64,
    /// The content type it claims, checked against its bytes.
    #[oai(skip_serializing_if_is_none)]
    pub content_type: Option<String>,
}

impl Example for StartUpload {
    fn example() -> Self {
        StartUpload { filename: "lecture-3.mp4".into(), size: 52_428_800, content_type: Some("video/mp4".into()) }
    }
}

/// Where to send a two-step upload's bytes.
#[derive(Debug, Clone, Object)]
pub struct UploadTicket {
    /// `PUT` the bytes here (no `Authorization`: the URL is the credential), exactly `size` of them.
    pub url: String,
    pub method: String,
    pub expires_at: DateTime<Utc>,
}

/// What a file is attached to.
#[derive(Debug, Clone, Object)]
pub struct FileAttachmentView {
    /// `lesson` (a file lesson), `submission` (handed in) or `feedback` (returned with a grade).
    pub kind: String,
    /// The lesson's or the submission's id.
    pub id: uuid::Uuid,
    pub course_id: uuid::Uuid,
}

/// An uploaded file.
#[derive(Debug, Clone, Object)]
#[oai(example)]
pub struct FileView {
    pub id: uuid::Uuid,
    pub filename: String,
    /// What the bytes are (decided from them, not from the name); null until stored.
    pub content_type: Option<String>,
    /// Stored: its size. Pending: the size it was declared with.
    pub size_bytes: i64,
    /// Hex SHA-256 of the bytes, once stored.
    pub sha256: Option<String>,
    /// `pending` (waiting for its bytes), `uploading` or `stored`.
    pub status: String,
    /// `user:<id>` or `api_key:<id>`.
    pub uploaded_by: String,
    /// Absent until the uploader attaches it (to a file lesson, a submission or a grade's feedback).
    #[oai(skip_serializing_if_is_none)]
    pub attached_to: Option<FileAttachmentView>,
    pub created_at: DateTime<Utc>,
    pub stored_at: Option<DateTime<Utc>>,
    /// A short-lived signed URL for the bytes, for the caller only (absent until stored).
    #[oai(skip_serializing_if_is_none)]
    pub download_url: Option<String>,
    #[oai(skip_serializing_if_is_none)]
    pub download_expires_at: Option<DateTime<Utc>>,
    /// A two-step upload's next step.
    #[oai(skip_serializing_if_is_none)]
    pub upload: Option<UploadTicket>,
}

impl Example for FileView {
    fn example() -> Self {
        FileView {
            id: EXAMPLE_FILE,
            filename: "essay.pdf".into(),
            content_type: Some("application/pdf".into()),
            size_bytes: 184_320,
            sha256: Some("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08".into()),
            status: "stored".into(),
            uploaded_by: format!("user:{}", super::views::example_ids::LEARNER),
            attached_to: None,
            created_at: example_time("2026-12-10T16:29:00Z"),
            stored_at: Some(example_time("2026-12-10T16:29:02Z")),
            download_url: Some(format!(
                "https://lyceum.example/v1/files/{EXAMPLE_FILE}/content?tenant={}&expires=1797000000&actor=user%3A{}&signature=5d41402abc4b2a76b9719d911017c592",
                super::views::example_ids::TENANT,
                super::views::example_ids::LEARNER
            )),
            download_expires_at: Some(example_time("2026-12-10T16:34:02Z")),
            upload: None,
        }
    }
}

impl FileView {
    /// The view of `f`, its signed URLs absolute under `base` (the server's public URL).
    pub(crate) fn new(f: FileInfo, base: &str) -> Self {
        let base = base.trim_end_matches('/');
        FileView {
            id: f.id.as_uuid(),
            filename: f.filename,
            content_type: f.content_type,
            size_bytes: f.size_bytes,
            sha256: f.sha256,
            status: f.status,
            uploaded_by: f.uploaded_by,
            attached_to: f.attached_to.map(|a| FileAttachmentView {
                kind: a.kind.as_str().into(),
                id: a.id.as_uuid(),
                course_id: a.course_id.as_uuid(),
            }),
            created_at: f.created_at.into(),
            stored_at: f.stored_at.map(Into::into),
            download_url: f.download.as_ref().map(|d| format!("{base}{}", d.path(f.id))),
            download_expires_at: f.download.as_ref().map(|d| d.expires_at().into()),
            upload: None,
        }
    }
}

#[derive(ApiResponse)]
pub enum FileCreated {
    /// Stored (multipart), or waiting for its bytes at `upload.url` (two-step).
    #[oai(status = 201)]
    Created(Json<FileView>, #[oai(header = "Location")] String),
}

#[derive(ApiResponse)]
pub enum FileResponse {
    #[oai(status = 200)]
    Ok(Json<FileView>),
}

/// A file's bytes, with its own content type, as an attachment.
pub struct FileContent(Response);

impl IntoResponse for FileContent {
    fn into_response(self) -> Response {
        self.0
    }
}

impl ApiResponse for FileContent {
    fn meta() -> MetaResponses {
        MetaResponses {
            responses: vec![MetaResponse {
                description: "The file's bytes, with its content type (`Content-Disposition: attachment`).",
                status: Some(200),
                status_range: None,
                content: vec![MetaMediaType {
                    content_type: "application/octet-stream",
                    schema: MetaSchemaRef::Inline(Box::new(MetaSchema {
                        format: Some("binary"),
                        ..MetaSchema::new("string")
                    })),
                }],
                headers: vec![],
            }],
        }
    }

    fn register(_registry: &mut Registry) {}
}

fn signed(tenant: uuid::Uuid, expires: i64, actor: String, signature: String) -> Signed {
    Signed { tenant: tenant.into(), expires, actor, signature }
}

/// `filename*` (RFC 6266/8187) for any name, and a plain ASCII fallback.
fn disposition(filename: &str) -> String {
    let ascii: String = filename
        .chars()
        .map(|c| if c.is_ascii_graphic() && c != '"' && c != '\\' || c == ' ' { c } else { '_' })
        .collect();
    let mut encoded = String::new();
    for b in filename.bytes() {
        if b.is_ascii_alphanumeric() || b"!#$&+-.^_`|~".contains(&b) {
            encoded.push(b as char);
        } else {
            encoded.push_str(&format!("%{b:02X}"));
        }
    }
    format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}")
}

#[OpenApi(tag = "Tag::Teaching")]
impl FilesApi {
    /// Upload a file
    ///
    /// `multipart/form-data` with a part named `file` (its filename and `Content-Type` are the file's):
    /// stored and answered at once. Up to the plan's `max_upload_bytes` (413 `file_too_large` before the
    /// body is read when its length says so, or the moment the bytes pass it). The content type is
    /// decided from the bytes: 415 `content_type_mismatch` when they are not what the name or the
    /// declared type says, 415 `file_type_forbidden` for executable programs. A file belongs to its
    /// uploader until they attach it (to a file lesson, a submission, or a grade). For large files,
    /// `POST /v1/files/uploads` starts a two-step upload instead.
    #[oai(path = "/files", method = "post", operation_id = "file_upload")]
    async fn file_upload(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        req: &Request,
        body: MultipartUpload,
    ) -> Result<FileCreated, ApiError> {
        let base = state.config.server.public_url.clone();
        let mut form = body.0;
        let limit = files::upload_limit(&state.core, &auth.0).await?;
        // Refused before a byte is read when the body's length (framing allowed for) says so.
        if let Some(declared) = req.header("content-length").and_then(|v| v.trim().parse::<u64>().ok()) {
            limit.check(declared.saturating_sub(MULTIPART_SLACK))?;
        }
        let no_file = || lyceum_core::Error::invalid("file", "the form needs a part named `file` with the file");
        let field = form
            .next_field()
            .await
            .map_err(|e| lyceum_core::Error::invalid("file", format!("the form could not be read: {e}")))?
            .ok_or_else(no_file)?;
        if field.name() != Some("file") {
            return Err(no_file().into());
        }
        let new = NewFile {
            filename: field.file_name().unwrap_or_default().to_string(),
            content_type: field.content_type().map(str::to_string),
            size: None,
        };
        let stream = Box::pin(tokio_util::io::ReaderStream::with_capacity(field.into_async_read(), 64 * 1024));
        let info = files::upload(&state.core, &auth.0, limit, new, stream).await?;
        let view = FileView::new(info, &base);
        let location = format!("/v1/files/{}", view.id);
        Ok(FileCreated::Created(Json(view), location))
    }

    /// Start a two-step upload
    ///
    /// For large files, or clients that cannot stream multipart: declare the file (`filename`, exact
    /// `size`, optional `content_type`); the answer is a `pending` file whose `upload.url` takes the bytes
    /// (`PUT`, within an hour, no `Authorization`). The same limits and checks as `POST /v1/files`.
    #[oai(path = "/files/uploads", method = "post", operation_id = "file_upload_start")]
    async fn file_upload_start(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        /// Makes a retry safe: the same key and body within 24 h replay the first response.
        #[oai(name = "Idempotency-Key")]
        _idempotency_key: crate::http::idempotency::IdempotencyKey,
        body: JsonBody<StartUpload>,
    ) -> Result<FileCreated, ApiError> {
        let base = state.config.server.public_url.clone();
        let b = body.0;
        let new = NewFile { filename: b.filename, content_type: b.content_type, size: Some(b.size) };
        let (info, url) = files::begin(&state.core, &auth.0, new).await?;
        let mut view = FileView::new(info, &base);
        view.upload = Some(UploadTicket {
            url: format!("{}{}", base.trim_end_matches('/'), url.path(view.id.into())),
            method: "PUT".into(),
            expires_at: url.expires_at().into(),
        });
        let location = format!("/v1/files/{}", view.id);
        Ok(FileCreated::Created(Json(view), location))
    }

    /// View a file
    ///
    /// Its metadata, and a signed download URL that works for a few minutes (`LYCEUM_FILE_URL_SECONDS`)
    /// for the caller: its uploader; for a file lesson's file, the course's staff and enrolled
    /// learners; for a submission's, its learner and the course's graders; for a grade's feedback,
    /// the graders and, once the grade is posted, the learner. Anyone else: 404.
    #[oai(path = "/files/:id", method = "get", operation_id = "file_view")]
    async fn file_view(
        &self,
        state: Data<&AppState>,
        auth: BearerAuth,
        id: Path<uuid::Uuid>,
    ) -> Result<FileResponse, ApiError> {
        let info = files::view(&state.core, &auth.0, id.0.into()).await?;
        Ok(FileResponse::Ok(Json(FileView::new(info, &state.config.server.public_url))))
    }

    /// Download a file (signed URL)
    ///
    /// The URL from `download_url`, as it is: no `Authorization` needed. 403 `signed_url_invalid` for
    /// a changed URL, `signed_url_expired` after it expired, `signed_url_other_institution` when sent
    /// with another institution's credential.
    #[oai(path = "/files/:id/content", method = "get", operation_id = "file_download")]
    async fn file_download(
        &self,
        state: Data<&AppState>,
        req: &Request,
        id: Path<uuid::Uuid>,
        tenant: Query<uuid::Uuid>,
        expires: Query<i64>,
        actor: Query<String>,
        signature: Query<String>,
    ) -> Result<FileContent, ApiError> {
        let url = signed(tenant.0, expires.0, actor.0, signature.0);
        other_institution(&state, req, url.tenant).await?;
        let d = files::open(&state.core, request_meta(req), id.0.into(), url).await?;
        let content_type = d.info.content_type.clone().unwrap_or_else(|| "application/octet-stream".into());
        let mut resp = Response::builder()
            .status(StatusCode::OK)
            .header(header::CONTENT_LENGTH, d.size)
            .header(header::CACHE_CONTROL, "private, no-store")
            .header("x-content-type-options", "nosniff")
            // Served from the API's origin: never rendered as a page there.
            .header(header::CONTENT_SECURITY_POLICY, "sandbox; default-src 'none'")
            .body(Body::from_bytes_stream(d.body));
        let headers = resp.headers_mut();
        if let Ok(v) = HeaderValue::from_str(&content_type) {
            headers.insert(header::CONTENT_TYPE, v);
        }
        if let Ok(v) = HeaderValue::from_str(&disposition(&d.info.filename)) {
            headers.insert(header::CONTENT_DISPOSITION, v);
        }
        if let Some(sha) = &d.info.sha256 {
            if let Ok(v) = HeaderValue::from_str(&format!("\"{sha}\"")) {
                headers.insert(header::ETAG, v);
            }
        }
        Ok(FileContent(resp))
    }

    /// Send a two-step upload's bytes (signed URL)
    ///
    /// The URL from `upload.url`, as it is, with exactly the declared number of bytes (413 for more,
    /// 400 for fewer). The content type is checked as for `POST /v1/files`. 409 `file_already_uploaded`
    /// for a URL already used.
    #[oai(path = "/files/:id/content", method = "put", operation_id = "file_upload_content")]
    #[allow(clippy::too_many_arguments)]
    async fn file_upload_content(
        &self,
        state: Data<&AppState>,
        req: &Request,
        id: Path<uuid::Uuid>,
        tenant: Query<uuid::Uuid>,
        expires: Query<i64>,
        actor: Query<String>,
        signature: Query<String>,
        body: RawBytes,
    ) -> Result<FileResponse, ApiError> {
        let url = signed(tenant.0, expires.0, actor.0, signature.0);
        other_institution(&state, req, url.tenant).await?;
        let stream = Box::pin(body.0.into_bytes_stream());
        let info = files::put_content(&state.core, request_meta(req), id.0.into(), url, stream).await?;
        Ok(FileResponse::Ok(Json(FileView::new(info, &state.config.server.public_url))))
    }
}

/// A signed URL sent along with a credential of another institution is refused: it is not theirs.
async fn other_institution(
    state: &AppState,
    req: &Request,
    tenant: lyceum_core::db::types::TenantId,
) -> Result<(), ApiError> {
    let presented = credential::presented(req);
    let Some(token) = presented.bearer() else { return Ok(()) };
    if let Ok(scope) = lyceum_core::identity::authenticate(&state.core, token, request_meta(req)).await {
        if scope.tenant_id() != tenant {
            return Err(lyceum_core::Error::Forbidden {
                code: "signed_url_other_institution",
                message: "this link belongs to another institution".into(),
            }
            .into());
        }
    }
    Ok(())
}
