"""The last line against contention: a request that the database could not serialise
against another (a deadlock, a serialization failure, a lock wait that timed out)
gets a 409 page that says to try again, never a server error."""

from django.db import OperationalError
from django.template.response import TemplateResponse

from review.actions import Busy, is_contention


class ContentionMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, Busy) or (
            isinstance(exception, OperationalError) and is_contention(exception)
        ):
            return TemplateResponse(request, "409.html", status=409).render()
        return None
