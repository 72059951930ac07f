from tenants.notices.models.notice import (
    Notice,
    NoticeKind,
    NoticeQuerySet,
    NoticeStatus,
    NoticeVersion,
)

__all__ = ["Notice", "NoticeKind", "NoticeQuerySet", "NoticeStatus", "NoticeVersion"]
