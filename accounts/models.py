from django.contrib.auth.models import AbstractUser


class User(AbstractUser):
    """A contributor account: a username and a password, nothing else required."""
