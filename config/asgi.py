import os

from django.conf import settings
from django.core.asgi import get_asgi_application

from config.env import require_serving_settings

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

application = get_asgi_application()
require_serving_settings(settings)
