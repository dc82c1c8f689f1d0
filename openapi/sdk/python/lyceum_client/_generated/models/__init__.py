"""Contains all the data models used in inputs/outputs"""

from .accept_invitation import AcceptInvitation
from .accept_policies import AcceptPolicies
from .accepted_invitation import AcceptedInvitation
from .add_group_members import AddGroupMembers
from .add_staff_member import AddStaffMember
from .api_key_list import ApiKeyList
from .api_key_view import ApiKeyView
from .app_links_view import AppLinksView
from .app_links_view_app_paths import AppLinksViewAppPaths
from .app_paths_view import AppPathsView
from .assignment_group_list import AssignmentGroupList
from .assignment_group_view import AssignmentGroupView
from .assignment_settings import AssignmentSettings
from .assignment_view import AssignmentView
from .attempt_list import AttemptList
from .attempt_view import AttemptView
from .audit_event_list import AuditEventList
from .audit_event_view import AuditEventView
from .branding_view import BrandingView
from .bulk_enrollment import BulkEnrollment
from .certificate_list import CertificateList
from .certificate_view import CertificateView
from .checkout_session_view import CheckoutSessionView
from .cmi_5_launch_input import Cmi5LaunchInput
from .cmi_5_launch_view import Cmi5LaunchView
from .cmi_5_lesson_view import Cmi5LessonView
from .cmi_5_package_view import Cmi5PackageView
from .cmi_5_package_view_course import Cmi5PackageViewCourse
from .cmi_5_waiver_input import Cmi5WaiverInput
from .consent_status_view import ConsentStatusView
from .consent_status_view_policies import ConsentStatusViewPolicies
from .consent_view import ConsentView
from .course_list import CourseList
from .course_list_status import CourseListStatus
from .course_report_view import CourseReportView
from .course_view import CourseView
from .course_view_include import CourseViewInclude
from .create_api_key import CreateApiKey
from .create_api_key_scopes_item import CreateApiKeyScopesItem
from .create_assignment_group import CreateAssignmentGroup
from .create_checkout_session import CreateCheckoutSession
from .create_course import CreateCourse
from .create_endpoint import CreateEndpoint
from .create_endpoint_events_item import CreateEndpointEventsItem
from .create_enrollment import CreateEnrollment
from .create_group import CreateGroup
from .create_identity_provider import CreateIdentityProvider
from .create_lesson import CreateLesson
from .create_lesson_assignment_type_1 import CreateLessonAssignmentType1
from .create_lesson_kind import CreateLessonKind
from .create_lesson_lti_type_1 import CreateLessonLtiType1
from .create_lrs_credential import CreateLrsCredential
from .create_lti_tool import CreateLtiTool
from .create_lti_tool_custom_type_0 import CreateLtiToolCustomType0
from .create_module import CreateModule
from .create_portal_session import CreatePortalSession
from .create_rubric import CreateRubric
from .create_submission import CreateSubmission
from .create_user import CreateUser
from .create_user_role import CreateUserRole
from .created_api_key import CreatedApiKey
from .created_lrs_credential import CreatedLrsCredential
from .delivery_list import DeliveryList
from .delivery_view import DeliveryView
from .endpoint_list import EndpointList
from .endpoint_view import EndpointView
from .enroll_group import EnrollGroup
from .enrollment_list import EnrollmentList
from .enrollment_list_status import EnrollmentListStatus
from .enrollment_view import EnrollmentView
from .erasure_view import ErasureView
from .file_attachment_view import FileAttachmentView
from .file_upload_body import FileUploadBody
from .file_view import FileView
from .file_view_attached_to_type_1 import FileViewAttachedToType1
from .file_view_upload_type_1 import FileViewUploadType1
from .grade_change_list import GradeChangeList
from .grade_change_view import GradeChangeView
from .grade_submission import GradeSubmission
from .grade_view import GradeView
from .gradebook_cell_view import GradebookCellView
from .gradebook_column_view import GradebookColumnView
from .gradebook_row_view import GradebookRowView
from .gradebook_view import GradebookView
from .grades_posted import GradesPosted
from .grading_scale_view import GradingScaleView
from .group_course_list import GroupCourseList
from .group_course_view import GroupCourseView
from .group_list import GroupList
from .group_member_list import GroupMemberList
from .group_member_view import GroupMemberView
from .group_members_added import GroupMembersAdded
from .group_view import GroupView
from .identity_provider_list import IdentityProviderList
from .identity_provider_view import IdentityProviderView
from .import_cmi_5_package import ImportCmi5Package
from .invoice_list import InvoiceList
from .invoice_view import InvoiceView
from .issuer_view import IssuerView
from .json_web_key_set import JsonWebKeySet
from .late_policy_view import LatePolicyView
from .learner_line_view import LearnerLineView
from .learner_list import LearnerList
from .lesson_list_view import LessonListView
from .lesson_progress_view import LessonProgressView
from .lesson_view import LessonView
from .lesson_view_cmi_5_type_1 import LessonViewCmi5Type1
from .lesson_view_lti_type_1 import LessonViewLtiType1
from .login_request import LoginRequest
from .login_result import LoginResult
from .lrs_credential_list import LrsCredentialList
from .lrs_credential_view import LrsCredentialView
from .lti_auth_request import LtiAuthRequest
from .lti_deep_link_input import LtiDeepLinkInput
from .lti_key_list import LtiKeyList
from .lti_key_view import LtiKeyView
from .lti_launch_view import LtiLaunchView
from .lti_lesson_settings import LtiLessonSettings
from .lti_lesson_settings_custom_type_0 import LtiLessonSettingsCustomType0
from .lti_lesson_view import LtiLessonView
from .lti_lesson_view_custom import LtiLessonViewCustom
from .lti_platform_settings import LtiPlatformSettings
from .lti_tool_list import LtiToolList
from .lti_tool_view import LtiToolView
from .lti_tool_view_custom import LtiToolViewCustom
from .lti_tool_view_platform import LtiToolViewPlatform
from .me import Me
from .me_enrollment_list_status import MeEnrollmentListStatus
from .me_user_type_1 import MeUserType1
from .module_list_view import ModuleListView
from .module_outline_view import ModuleOutlineView
from .module_view import ModuleView
from .not_enrolled_view import NotEnrolledView
from .operation_view import OperationView
from .outstanding_document import OutstandingDocument
from .password_reset_confirm import PasswordResetConfirm
from .password_reset_request import PasswordResetRequest
from .plan_list import PlanList
from .plan_view import PlanView
from .policies_view import PoliciesView
from .portal_session_view import PortalSessionView
from .problem import Problem
from .problem_document import ProblemDocument
from .problem_field import ProblemField
from .progress_recorded import ProgressRecorded
from .progress_summary_view import ProgressSummaryView
from .progress_view import ProgressView
from .public_key_view import PublicKeyView
from .question_result_view import QuestionResultView
from .quiz_view import QuizView
from .record_progress import RecordProgress
from .record_progress_status import RecordProgressStatus
from .report_course_learner_list_status import ReportCourseLearnerListStatus
from .retention_category_view import RetentionCategoryView
from .retention_view import RetentionView
from .revoke_certificate import RevokeCertificate
from .row_failure_view import RowFailureView
from .rubric_criterion import RubricCriterion
from .rubric_level import RubricLevel
from .rubric_list import RubricList
from .rubric_selection_input import RubricSelectionInput
from .rubric_selection_view import RubricSelectionView
from .rubric_view import RubricView
from .scale_step_view import ScaleStepView
from .session_view import SessionView
from .set_grading_scale import SetGradingScale
from .sign_in_code_exchange import SignInCodeExchange
from .signup_request import SignupRequest
from .signup_request_plan_type_1 import SignupRequestPlanType1
from .signup_request_plan_type_2_type_1 import SignupRequestPlanType2Type1
from .signup_request_plan_type_3_type_1 import SignupRequestPlanType3Type1
from .signup_result import SignupResult
from .staff_list import StaffList
from .staff_member_view import StaffMemberView
from .start_upload import StartUpload
from .submission_list import SubmissionList
from .submission_view import SubmissionView
from .submission_view_grade_type_1 import SubmissionViewGradeType1
from .submit_attempt import SubmitAttempt
from .subscription_view import SubscriptionView
from .tenant_view import TenantView
from .tenant_view_app_links import TenantViewAppLinks
from .tenant_view_branding import TenantViewBranding
from .tenant_view_policies import TenantViewPolicies
from .update_assignment_group import UpdateAssignmentGroup
from .update_course import UpdateCourse
from .update_enrollment import UpdateEnrollment
from .update_enrollment_status_type_1 import UpdateEnrollmentStatusType1
from .update_enrollment_status_type_2_type_1 import UpdateEnrollmentStatusType2Type1
from .update_enrollment_status_type_3_type_1 import UpdateEnrollmentStatusType3Type1
from .update_group import UpdateGroup
from .update_identity_provider import UpdateIdentityProvider
from .update_lesson import UpdateLesson
from .update_lesson_assignment_type_1 import UpdateLessonAssignmentType1
from .update_lesson_kind_type_1 import UpdateLessonKindType1
from .update_lesson_kind_type_2_type_1 import UpdateLessonKindType2Type1
from .update_lesson_kind_type_3_type_1 import UpdateLessonKindType3Type1
from .update_lesson_lti_type_1 import UpdateLessonLtiType1
from .update_lti_tool import UpdateLtiTool
from .update_lti_tool_custom_type_0 import UpdateLtiToolCustomType0
from .update_module import UpdateModule
from .update_retention import UpdateRetention
from .update_rubric import UpdateRubric
from .update_tenant import UpdateTenant
from .update_tenant_app_paths_type_1 import UpdateTenantAppPathsType1
from .update_user import UpdateUser
from .update_user_role_type_1 import UpdateUserRoleType1
from .update_user_role_type_2_type_1 import UpdateUserRoleType2Type1
from .update_user_role_type_3_type_1 import UpdateUserRoleType3Type1
from .update_user_status_type_1 import UpdateUserStatusType1
from .update_user_status_type_2_type_1 import UpdateUserStatusType2Type1
from .update_user_status_type_3_type_1 import UpdateUserStatusType3Type1
from .upload_ticket import UploadTicket
from .user_enrollment_list_status import UserEnrollmentListStatus
from .user_list import UserList
from .user_list_role import UserListRole
from .user_list_status import UserListStatus
from .user_view import UserView
from .verification_view import VerificationView
from .webhook_receipt import WebhookReceipt

__all__ = (
    "AcceptInvitation",
    "AcceptPolicies",
    "AcceptedInvitation",
    "AddGroupMembers",
    "AddStaffMember",
    "ApiKeyList",
    "ApiKeyView",
    "AppLinksView",
    "AppLinksViewAppPaths",
    "AppPathsView",
    "AssignmentGroupList",
    "AssignmentGroupView",
    "AssignmentSettings",
    "AssignmentView",
    "AttemptList",
    "AttemptView",
    "AuditEventList",
    "AuditEventView",
    "BrandingView",
    "BulkEnrollment",
    "CertificateList",
    "CertificateView",
    "CheckoutSessionView",
    "Cmi5LaunchInput",
    "Cmi5LaunchView",
    "Cmi5LessonView",
    "Cmi5PackageView",
    "Cmi5PackageViewCourse",
    "Cmi5WaiverInput",
    "ConsentStatusView",
    "ConsentStatusViewPolicies",
    "ConsentView",
    "CourseList",
    "CourseListStatus",
    "CourseReportView",
    "CourseView",
    "CourseViewInclude",
    "CreateApiKey",
    "CreateApiKeyScopesItem",
    "CreateAssignmentGroup",
    "CreateCheckoutSession",
    "CreateCourse",
    "CreateEndpoint",
    "CreateEndpointEventsItem",
    "CreateEnrollment",
    "CreateGroup",
    "CreateIdentityProvider",
    "CreateLesson",
    "CreateLessonAssignmentType1",
    "CreateLessonKind",
    "CreateLessonLtiType1",
    "CreateLrsCredential",
    "CreateLtiTool",
    "CreateLtiToolCustomType0",
    "CreateModule",
    "CreatePortalSession",
    "CreateRubric",
    "CreateSubmission",
    "CreateUser",
    "CreateUserRole",
    "CreatedApiKey",
    "CreatedLrsCredential",
    "DeliveryList",
    "DeliveryView",
    "EndpointList",
    "EndpointView",
    "EnrollGroup",
    "EnrollmentList",
    "EnrollmentListStatus",
    "EnrollmentView",
    "ErasureView",
    "FileAttachmentView",
    "FileUploadBody",
    "FileView",
    "FileViewAttachedToType1",
    "FileViewUploadType1",
    "GradeChangeList",
    "GradeChangeView",
    "GradeSubmission",
    "GradeView",
    "GradebookCellView",
    "GradebookColumnView",
    "GradebookRowView",
    "GradebookView",
    "GradesPosted",
    "GradingScaleView",
    "GroupCourseList",
    "GroupCourseView",
    "GroupList",
    "GroupMemberList",
    "GroupMemberView",
    "GroupMembersAdded",
    "GroupView",
    "IdentityProviderList",
    "IdentityProviderView",
    "ImportCmi5Package",
    "InvoiceList",
    "InvoiceView",
    "IssuerView",
    "JsonWebKeySet",
    "LatePolicyView",
    "LearnerLineView",
    "LearnerList",
    "LessonListView",
    "LessonProgressView",
    "LessonView",
    "LessonViewCmi5Type1",
    "LessonViewLtiType1",
    "LoginRequest",
    "LoginResult",
    "LrsCredentialList",
    "LrsCredentialView",
    "LtiAuthRequest",
    "LtiDeepLinkInput",
    "LtiKeyList",
    "LtiKeyView",
    "LtiLaunchView",
    "LtiLessonSettings",
    "LtiLessonSettingsCustomType0",
    "LtiLessonView",
    "LtiLessonViewCustom",
    "LtiPlatformSettings",
    "LtiToolList",
    "LtiToolView",
    "LtiToolViewCustom",
    "LtiToolViewPlatform",
    "Me",
    "MeEnrollmentListStatus",
    "MeUserType1",
    "ModuleListView",
    "ModuleOutlineView",
    "ModuleView",
    "NotEnrolledView",
    "OperationView",
    "OutstandingDocument",
    "PasswordResetConfirm",
    "PasswordResetRequest",
    "PlanList",
    "PlanView",
    "PoliciesView",
    "PortalSessionView",
    "Problem",
    "ProblemDocument",
    "ProblemField",
    "ProgressRecorded",
    "ProgressSummaryView",
    "ProgressView",
    "PublicKeyView",
    "QuestionResultView",
    "QuizView",
    "RecordProgress",
    "RecordProgressStatus",
    "ReportCourseLearnerListStatus",
    "RetentionCategoryView",
    "RetentionView",
    "RevokeCertificate",
    "RowFailureView",
    "RubricCriterion",
    "RubricLevel",
    "RubricList",
    "RubricSelectionInput",
    "RubricSelectionView",
    "RubricView",
    "ScaleStepView",
    "SessionView",
    "SetGradingScale",
    "SignInCodeExchange",
    "SignupRequest",
    "SignupRequestPlanType1",
    "SignupRequestPlanType2Type1",
    "SignupRequestPlanType3Type1",
    "SignupResult",
    "StaffList",
    "StaffMemberView",
    "StartUpload",
    "SubmissionList",
    "SubmissionView",
    "SubmissionViewGradeType1",
    "SubmitAttempt",
    "SubscriptionView",
    "TenantView",
    "TenantViewAppLinks",
    "TenantViewBranding",
    "TenantViewPolicies",
    "UpdateAssignmentGroup",
    "UpdateCourse",
    "UpdateEnrollment",
    "UpdateEnrollmentStatusType1",
    "UpdateEnrollmentStatusType2Type1",
    "UpdateEnrollmentStatusType3Type1",
    "UpdateGroup",
    "UpdateIdentityProvider",
    "UpdateLesson",
    "UpdateLessonAssignmentType1",
    "UpdateLessonKindType1",
    "UpdateLessonKindType2Type1",
    "UpdateLessonKindType3Type1",
    "UpdateLessonLtiType1",
    "UpdateLtiTool",
    "UpdateLtiToolCustomType0",
    "UpdateModule",
    "UpdateRetention",
    "UpdateRubric",
    "UpdateTenant",
    "UpdateTenantAppPathsType1",
    "UpdateUser",
    "UpdateUserRoleType1",
    "UpdateUserRoleType2Type1",
    "UpdateUserRoleType3Type1",
    "UpdateUserStatusType1",
    "UpdateUserStatusType2Type1",
    "UpdateUserStatusType3Type1",
    "UploadTicket",
    "UserEnrollmentListStatus",
    "UserList",
    "UserListRole",
    "UserListStatus",
    "UserView",
    "VerificationView",
    "WebhookReceipt",
)
