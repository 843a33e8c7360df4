from django.conf import settings


def site(request):
    """What every page may show about the site itself."""
    return {"site_contact_email": settings.SITE_CONTACT_EMAIL}
