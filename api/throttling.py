"""Anonymous throttling of the API: API_ANONYMOUS_RATE requests per client address.

It counts the requests that reach the API's views: those answered with a kept copy
cost nothing to refuse. The counts live in each app-server process's memory (the
default cache), so the limit holds per process, and a restart forgets them.
"""

from django.conf import settings
from rest_framework.throttling import AnonRateThrottle

from core.ratelimit import client_address


class AnonymousRateThrottle(AnonRateThrottle):
    """API_ANONYMOUS_RATE requests per client address ("120/minute"; empty: no limit),
    read at each request so that a deployment, or a test, may change it."""

    def __init__(self):
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)

    def get_rate(self):
        return settings.API_ANONYMOUS_RATE or None

    def get_ident(self, request):
        return client_address(request)
