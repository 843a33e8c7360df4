"""The threads about a proposal, on its page (review.panels): the moderator who
reviews it reads what was said, and its author or a moderator opens a thread."""

from django.template.loader import render_to_string

from discussions.models import Thread
from discussions.subjects import discussion_url, subject_of_change
from review import panels


def proposal_threads(request, change, context):
    threads = list(
        Thread.objects.filter(change_request=change)
        .select_related("author")
        .prefetch_related("subject")
        .order_by("created_at")
    )
    subject = subject_of_change(change, record=context.get("preview_record") or context["target"])
    start_url = (
        f"{discussion_url(subject)}?proposition={change.pk}#site-new-thread" if subject else ""
    )
    return render_to_string(
        "discussions/_proposal_panel.html",
        {"threads": threads, "start_url": start_url, "change": change},
        request=request,
    )


def register():
    panels.register(proposal_threads)
