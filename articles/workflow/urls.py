"""Studio URLs of the editorial workflow (mounted under /studio/ in the `studio` namespace)."""

from django.urls import path

from articles.workflow.views import actions as workflow
from articles.workflow.views import audit, editor, review

urlpatterns = [
    path("", workflow.studio_home, name="home"),
    path("articles/", workflow.article_list, name="article_list"),
    path("articles/<int:pk>/", workflow.article_detail, name="article_detail"),
    # editing
    path("articles/<int:pk>/edit/", editor.article_edit, name="article_edit"),
    path("articles/<int:pk>/render/", editor.article_preview_render, name="article_preview_render"),
    path("articles/<int:pk>/autosave/", editor.article_autosave, name="article_autosave"),
    path("articles/<int:pk>/autosave/discard/", editor.article_autosave_discard, name="article_autosave_discard"),
    path("articles/<int:pk>/presence/", editor.article_presence, name="article_presence"),
    path("articles/<int:pk>/history/", editor.article_history, name="article_history"),
    path("articles/<int:pk>/diff/", editor.article_diff, name="article_diff"),
    path("articles/<int:pk>/revisions/<int:number>/revert/", editor.article_revert, name="article_revert"),
    # workflow actions
    path("articles/<int:pk>/submit/", workflow.article_submit, name="article_submit"),
    path("articles/<int:pk>/withdraw/", workflow.article_withdraw, name="article_withdraw"),
    path("articles/<int:pk>/publish/", workflow.article_publish, name="article_publish"),
    path("articles/<int:pk>/schedule/", workflow.article_schedule, name="article_schedule"),
    path("articles/<int:pk>/unschedule/", workflow.article_unschedule, name="article_unschedule"),
    path("articles/<int:pk>/unpublish/", workflow.article_unpublish, name="article_unpublish"),
    path("articles/<int:pk>/archive/", workflow.article_archive, name="article_archive"),
    path("articles/<int:pk>/restore/", workflow.article_restore, name="article_restore"),
    path("articles/<int:pk>/comments/", workflow.article_comment, name="article_comment"),
    path("articles/<int:pk>/preview-links/", workflow.preview_link_create, name="preview_link_create"),
    path("preview-links/<int:link_pk>/revoke/", workflow.preview_link_revoke, name="preview_link_revoke"),
    # review
    path("review/", review.review_queue, name="review_queue"),
    path("articles/<int:pk>/review/", review.article_review, name="article_review"),
    path("articles/<int:pk>/approve/", review.article_approve, name="article_approve"),
    path("articles/<int:pk>/request-changes/", review.article_request_changes, name="article_request_changes"),
    path(
        "articles/<int:pk>/findings/<int:finding_pk>/override/", review.finding_override, name="finding_override"
    ),
    # audit
    path("audit/", audit.audit_log, name="audit_log"),
]
