import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application

from config.env import require_serving_settings

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

application = get_wsgi_application()
require_serving_settings(settings)

from core.page_cache import KeptPagesApplication  # noqa: E402 -- once Django is set up

# Anonymous readers' kept pages are answered before Django's request handling.
application = KeptPagesApplication(application)
