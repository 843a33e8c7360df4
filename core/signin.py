"""Sending anonymous visitors to the log-in page, from anywhere in a request.

Permission helpers raise `SignInRequired` when the answer depends on who the visitor
is; the middleware turns it into a redirect to the log-in page that comes back here.
"""

from django.contrib.auth.views import redirect_to_login


class SignInRequired(Exception):
    """The visitor must log in before this can be answered."""


class SignInRequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, SignInRequired):
            return redirect_to_login(request.get_full_path())
        return None
