"""Unique names (URL slugs, source keys) that records make for themselves, allocated
without a race: two records created at once with the same title both get a name."""

from django.db import IntegrityError, transaction

# Enough for any real burst of same-named creations; past it the error is raised.
MAX_ATTEMPTS = 50


def first_free(base, taken):
    """`base`, else `base-2`, `base-3` …: the first that `taken(value)` says is free."""
    value, number = base, 2
    while taken(value):
        value, number = f"{base}-{number}", number + 1
    return value


def save_under_free_name(record, field, base, save):
    """Call `save()` with `record.<field>` set to the first free name from `base`.

    Checking then inserting leaves a window in which another transaction can take
    the same name: the insert then fails on the unique constraint, inside a
    savepoint, and is tried again with the next free name. Any other integrity
    error, or a name that turns out not to be taken, is raised as it is.
    """
    model = type(record)
    others = model._default_manager.all()
    fields_before = dict(record.__dict__)
    for _attempt in range(MAX_ATTEMPTS):
        name = first_free(base, lambda value: others.filter(**{field: value}).exists())
        setattr(record, field, name)
        try:
            with transaction.atomic():
                save()
            return
        except IntegrityError:
            if not others.filter(**{field: name}).exists():
                raise
            # Undo what the failed save changed on the instance (its version, its
            # derived fields) before the next attempt.
            record.__dict__.update(fields_before)
    raise IntegrityError(f"no free {model.__name__}.{field} from {base!r}")
