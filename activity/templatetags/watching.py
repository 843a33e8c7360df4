from django import template

from activity import watching

register = template.Library()


@register.inclusion_tag("activity/_watch_button.html", takes_context=True)
def watch_button(context, record, label=""):
    """« Suivre » (or « Ne plus suivre ») `record`: a POST form for a signed-in user,
    a link to sign in for anyone else. One query, for signed-in users only; never
    inside a cached fragment."""
    request = context["request"]
    user = request.user
    signed_in = user.is_authenticated
    return {
        "signed_in": signed_in,
        "watching": signed_in and watching.is_watching(user, record),
        "what": watching.watchable(record).name,
        "id": record.pk,
        "label": label,
        "here": request.get_full_path(),
        "csrf_token": context.get("csrf_token"),
    }
