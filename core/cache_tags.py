"""What a cached page or fragment depends on, and invalidation of exactly that.

A cached item depends on tags:

- ``t:<table>``: any row of a table. Every write to the table invalidates it, whatever
  made the write (a model's save, a queryset's update, a bulk insert): the statements
  themselves are watched on every database connection.
- ``r:<table>:<pk>``: one record. Its save or deletion invalidates it, and the
  tags of the parents its ``cache_parents()`` method names, which it keeps for life
  (a sheet row names its section of its dossier's sheet, ``r:<table>:<pk>:<part>``;
  a historical row names the record it is a revision of). Writes that send no
  model signal and change what a record's page shows name the record or part
  (``invalidate_records``, ``invalidate``).
- ``*``: everything, for the rare writes that cannot say what they changed (loading
  the communes, rendering every text again).

While an item is built, the tags it depends on are collected from what the build
reads: every table its queries read, and every record they load. A page that covers a
table (``covers()``) promises that its reads of that table are scoped to records whose
tags it depends on: those reads then add no table tag. A dossier's page covers its
sheet rows, so editing a row of another dossier leaves it cached, while a list of
dossiers depends on every dossier.

The tag store (the "tags" cache, Redis when there is one) holds a sequence number and,
for each tag, the sequence number of its last invalidation. An item keeps the sequence
number read *before* it was built; it is current while none of its tags was
invalidated after that. Tags are invalidated when the write is made (so the writing
transaction reads its own change) and again when it commits: a reader that built from
the old content meanwhile, under a number drawn after the first invalidation, is
outdated by the second. A transaction that never commits thus never poisons the cache.
"""

import contextvars
import hashlib
import os
import pickle
import re
import threading
from contextlib import contextmanager

from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.db import connections, transaction
from django.db.backends.signals import connection_created
from django.db.models.signals import m2m_changed, post_delete, post_init, post_save
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import NoScriptError, ResponseError
from redis.exceptions import TimeoutError as RedisTimeoutError

EVERYTHING = "*"
SEQUENCE = "sequence"
# Tables whose writes no cached item can depend on: invalidating them is wasted work.
IGNORED_TABLES = {"django_session", "rate_limit_cache", "core_contentgeneration"}

# The tables a statement names after FROM, JOIN, INTO or UPDATE (both databases quote
# identifiers with double quotes).
TABLE_NAMES = re.compile(r'\b(?:FROM|JOIN|INTO|UPDATE)\s+"([^"]+)"', re.IGNORECASE)
WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")


def store():
    return caches["tags"]


def short(tag):
    """A tag as a caching proxy keys pages by it: 12 hexadecimal characters."""
    return hashlib.blake2b(tag.encode(), digest_size=6).hexdigest()


def table_tag(table):
    return f"t:{table}"


def record_tag(model, pk):
    """The tag of one record of `model` (a model class)."""
    return f"r:{model._meta.db_table}:{pk}"


def part_tag(model, pk, part):
    """The tag of one part of a record's page (a dossier's sheet, its references),
    which the records shown there name as their parent."""
    return f"{record_tag(model, pk)}:{part}"


def tag_of(instance):
    return record_tag(type(instance), instance.pk)


def tags_of_related(instance, *names, part=None):
    """The tags of the records `instance` points to through its foreign keys `names`,
    or of their `part` (for a cache_parents() method), read without a query."""
    tags = []
    for name in names:
        field = instance._meta.get_field(name)
        tag = record_tag(field.related_model, getattr(instance, field.attname))
        tags.append(f"{tag}:{part}" if part else tag)
    return tags


# Reading: what a build depends on.


class Dependencies:
    """The tags an item being built depends on, gathered as it reads."""

    def __init__(self, covered=()):
        self.tags = {EVERYTHING}
        # What the kept parts it includes depend on (core.page_cache.kept_fragment),
        # apart: a page is built again from its parts when only theirs changed.
        self.part_tags = set()
        self.tables = set()
        self.covered = set(covered)
        # {a loaded record's tag: the tags of its parents}
        self.parents = {}
        # Whether building it wrote to the database (a visit recorded): what it did
        # must be done again each time, so it is not kept.
        self.wrote = False

    def all_tags(self):
        """The tags collected, without those others make redundant: a table's tag for
        each table read and not covered, in place of the tags of its records (any
        write to the table invalidates it); and no record's tag beside one of its
        parents' (its every save invalidates them: a page that depends on a
        dossier's sheet needs no tag per row)."""
        return self.reduced(self.tags | self.part_tags)

    def own_tags(self):
        """The tags collected, but for those of the kept parts it includes."""
        return self.reduced(self.tags)

    def reduced(self, tags):
        uncovered = self.tables - self.covered - IGNORED_TABLES
        redundant = tuple(f"r:{table}:" for table in uncovered)
        kept = {
            tag
            for tag in tags
            # A record's own tag (not a part's, which other tables' writes invalidate).
            if not (tag.startswith(redundant) and tag.count(":") == 2)
            and not any(parent in tags for parent in self.parents.get(tag, ()))
        }
        return kept | {table_tag(table) for table in uncovered}


_building = contextvars.ContextVar("cache_dependencies", default=None)


@contextmanager
def collecting(part=False):
    """Collect what the code run inside reads; an enclosing build depends on it too
    (as on one of its kept parts, with `part`), and what it covers, the code inside
    covers too."""
    outer = _building.get()
    dependencies = Dependencies(covered=outer.covered if outer is not None else ())
    token = _building.set(dependencies)
    try:
        yield dependencies
    finally:
        _building.reset(token)
        if outer is not None:
            (outer.part_tags if part else outer.tags).update(dependencies.all_tags())
            outer.wrote |= dependencies.wrote


def depends_on(*tags, part=False):
    """Add tags to what the item being built depends on (nothing when none is): as
    tags of one of its kept parts, with `part`."""
    dependencies = _building.get()
    if dependencies is not None:
        (dependencies.part_tags if part else dependencies.tags).update(tags)


def covers(*models):
    """Declare that the item being built reads these models' tables only for records
    whose tags it depends on (loaded, or named by depends_on)."""
    dependencies = _building.get()
    if dependencies is not None:
        dependencies.covered.update(model._meta.db_table for model in models)


class Computed:
    """A value computed at its first use in a request, for several kept items: each
    item that uses it depends on what computing it read, whichever computed it.

    Given to a template as a variable, it is called on each use ({{ sheet.rows }},
    {% if sheet %}). `tags` are added to what it depends on (the part of a record it
    shows, which new records of that part invalidate).
    """

    def __init__(self, compute, tags=()):
        self.compute = compute
        self.tags = set(tags)
        self.done = False

    def __call__(self):
        if self.done:
            depends_on(*self.tags)
            return self.value
        with collecting() as dependencies:
            dependencies.tags.update(self.tags)
            self.value = self.compute()
        self.tags = dependencies.all_tags()
        self.done = True
        return self.value


def record_loaded(sender, instance, **kwargs):
    dependencies = _building.get()
    if dependencies is not None and instance.pk is not None:
        tag = tag_of(instance)
        dependencies.tags.add(tag)
        parents = getattr(instance, "cache_parents", None)
        if parents is not None:
            dependencies.parents[tag] = parents()


# The store: a sequence number, and the number of each tag's last invalidation.


def sequence():
    """The current sequence number: read it before building an item."""
    return fast_get(store(), SEQUENCE) or 0


def is_current(built_at, tags):
    """Whether an item built at sequence number `built_at` still shows what `tags` name."""
    return all(number is None or number <= built_at for number in numbers_of(list(tags)))


_redis_clients = {}


def numbers_of(tags):
    """The sequence numbers of the last invalidation of `tags` (None: never), on this
    thread's connection (Django's get_many() makes a client and checks each key for
    memcached on every call)."""
    tags_store = store()
    if not isinstance(tags_store, RedisCache):
        found = tags_store.get_many(tags)
        return [found.get(tag) for tag in tags]
    if not tags:
        return []
    # Django's Redis backend stores integers as they are, not pickled.
    values = _answer(tags_store, ("MGET", *(tags_store.make_key(tag) for tag in tags)))
    return [None if value is None else int(value) for value in values]


# Kept items: tuples whose last two members are the sequence number they were built at
# and their tags. Asked on every kept page served, so with Redis the item and whether
# it is current come in one round trip: beside each item, a small list holds its
# number and its tags' keys, which a script compares inside Redis, sent with the GET of
# the item (rather than a GET, then an MGET of some eighty tags whose answers Python
# would parse one by one). Redis's time is what every app server shares: the list
# costs the script a third of what splitting a string of words did, and the script
# does not GET the item itself (a page copied into Lua and out again tripled Redis's
# time per page served).

KEPT_ITEM_SCRIPT = """
-- pcall: a key of another kind (kept by an earlier version) is no item.
local words = redis.pcall('LRANGE', KEYS[1], 0, -1)
if words['err'] or #words == 0 then
    return false
end
if #words == 1 then
    return 1
end
local built_at = tonumber(words[1])
for _, number in ipairs(redis.call('MGET', unpack(words, 2))) do
    if number and tonumber(number) > built_at then
        return 0
    end
end
return 1
"""
KEPT_ITEM_SCRIPT_SHA = hashlib.sha1(KEPT_ITEM_SCRIPT.encode()).hexdigest()  # noqa: S324 -- Redis names scripts so

_scripted_caches = {}


def _scripted(cache):
    """Whether `cache` keeps items where the tag store keeps tags (one Redis), so that
    the script can read both; asked on every kept page served, so remembered."""
    tags_store = store()
    known = _scripted_caches.get(id(cache))
    if known is not None and known[0] is cache and known[1] is tags_store:
        return known[2]
    scripted = (
        isinstance(cache, RedisCache)
        and isinstance(tags_store, RedisCache)
        and cache._servers == tags_store._servers
    )
    _scripted_caches[id(cache)] = (cache, tags_store, scripted)
    return scripted


def get_kept(cache, key):
    """(the item kept under `key` by put_kept(), whether it is current), or (None, False)."""
    if not _scripted(cache):
        item = fast_get(cache, key)
        if item is None:
            return None, False
        return item, is_current(item[-2], item[-1])
    full_key = cache.make_key(key)
    commands = (("EVALSHA", KEPT_ITEM_SCRIPT_SHA, 1, f"{full_key}:tags"), ("GET", full_key))
    state, value = _answers(cache, commands)
    if isinstance(state, NoScriptError):  # a Redis started since: the script is given again
        redis_client(cache).script_load(KEPT_ITEM_SCRIPT)
        state, value = _answers(cache, commands)
    for answer in (state, value):
        if isinstance(answer, ResponseError):
            raise answer
    if value is None or state is None:
        return None, False
    return pickle.loads(value), state == 1  # noqa: S301 -- written by put_kept()


_connections = threading.local()


def _answers(cache, commands):
    """The answers to `commands`, sent at once to `cache`'s Redis on a connection of
    this thread's own: what a pipeline does, without redis-py's pipeline and pool
    machinery (on each loan, the pool asks the socket whether data is waiting, a
    system call, and counts for its metrics), which cost a kept page served a fifth
    of its Python time. An error answer is returned in its place, after every
    answer is read, so the connection is left ready for the next commands."""
    client = redis_client(cache)
    kept = getattr(_connections, "by_client", None)
    if kept is None or _connections.pid != os.getpid():  # a fork's inherited one is not its own
        kept = _connections.by_client = {}
        _connections.pid = os.getpid()
    connection = kept.get(id(client))
    if connection is None or connection[0] is not client:
        pool = client.connection_pool
        connection = kept[id(client)] = (client, pool.connection_class(**pool.connection_kwargs))
    connection = connection[1]
    try:
        return _exchange(connection, commands)
    except (RedisConnectionError, RedisTimeoutError, OSError):
        # Redis restarted, or the connection broke: once more on a new one.
        connection.disconnect()
    return _exchange(connection, commands)


def _exchange(connection, commands):
    connection.send_packed_command(connection.pack_commands(commands))
    answers = []
    for _command in commands:
        try:
            answers.append(connection.read_response())
        except ResponseError as error:
            answers.append(error)
    return answers


def _answer(cache, command):
    """The answer to one command, as _answers() sends it."""
    (answer,) = _answers(cache, (command,))
    if isinstance(answer, ResponseError):
        raise answer
    return answer


def put_kept(cache, key, item, timeout):
    """Keep `item` under `key` for `timeout` seconds, to be read by get_kept()."""
    if not _scripted(cache):
        cache.set(key, item, timeout)
        return
    timeout = cache.get_backend_timeout(timeout)
    if timeout == 0:
        return
    tags_store = store()
    words = [item[-2], *(tags_store.make_key(tag) for tag in item[-1])]
    full_key = cache.make_key(key)
    # In one transaction: a reader never finds the item of one build beside the tags
    # of another, nor half a list.
    pipeline = redis_client(cache).pipeline(transaction=True)
    pipeline.set(full_key, pickle.dumps(item, pickle.HIGHEST_PROTOCOL), ex=timeout)
    pipeline.delete(f"{full_key}:tags")
    pipeline.rpush(f"{full_key}:tags", *words)
    pipeline.expire(f"{full_key}:tags", timeout)
    pipeline.execute()


def redis_client(cache):
    """A redis-py client for a Django RedisCache, kept for the process (it is
    thread-safe, over the backend's own connection pool)."""
    kept = _redis_clients.get(id(cache))
    if kept is None or kept[0] is not cache:  # another cache (settings changed) at its address
        kept = _redis_clients[id(cache)] = (cache, cache._cache.get_client())
    return kept[1]


def fast_get(cache, key):
    """cache.get(key), without Django's per-call client and key checks on Redis, on
    this thread's connection (_answers())."""
    if not isinstance(cache, RedisCache):
        return cache.get(key)
    value = _answer(cache, ("GET", cache.make_key(key)))
    return None if value is None else cache._cache._serializer.loads(value)


def fast_set(cache, key, value, timeout, *, only_new=False):
    """cache.set(), or cache.add() with `only_new` (whether it added), as fast_get()
    reads: for what each rebuild of a page asks (its lock, its recipe)."""
    if not isinstance(cache, RedisCache):
        return (cache.add if only_new else cache.set)(key, value, timeout)
    timeout = cache.get_backend_timeout(timeout)
    if timeout == 0:
        return False
    serialized = cache._cache._serializer.dumps(value)
    command = ("SET", cache.make_key(key), serialized, "EX", timeout)
    return _answer(cache, (*command, "NX") if only_new else command) is not None


def fast_delete(cache, key):
    if not isinstance(cache, RedisCache):
        cache.delete(key)
    else:
        _answer(cache, ("DEL", cache.make_key(key)))


def _next_number():
    """The next sequence number, drawn atomically: one INCR with Redis (which starts
    a missing key at 0), where Django's incr() would first ask whether it exists."""
    tags = store()
    if isinstance(tags, RedisCache):
        return redis_client(tags).incr(tags.make_key(SEQUENCE))
    try:
        return tags.incr(SEQUENCE)
    except ValueError:  # the first number of this store
        tags.add(SEQUENCE, 0, timeout=None)
        return tags.incr(SEQUENCE)


def bump(tags):
    """Invalidate `tags` now, whatever the transaction."""
    if tags:
        number = _next_number()
        store().set_many(dict.fromkeys(tags, number), timeout=None)


# Called with the tags of each committed invalidation: a caching proxy in front of
# the app servers is told to drop the pages that carry them (core.proxy).
committed_listeners = []


def committed(tags):
    bump(tags)
    for listener in committed_listeners:
        listener(tags)


class _AtCommit:
    """The tags a transaction invalidated, invalidated again when it commits."""

    def __init__(self):
        self.tags = set()

    def __call__(self):
        committed(self.tags)


def invalidate(tags, using="default"):
    """Invalidate `tags` now, and again when the transaction on `using` commits."""
    tags = set(tags)
    if not tags:
        return
    connection = connections[using]
    if not connection.in_atomic_block:
        committed(tags)
        return
    bump(tags)
    for _savepoints, callback, _robust in connection.run_on_commit:
        if isinstance(callback, _AtCommit):
            callback.tags |= tags
            return
    pending = _AtCommit()
    pending.tags |= tags
    transaction.on_commit(pending, using=using)


def invalidate_records(*records, using="default"):
    """For writes that send no model signal (a queryset's update, a bulk insert):
    invalidate the pages of these records as their save would."""
    tags = set()
    for record in records:
        tags |= record_tags(record)
    invalidate(tags, using=using)


def invalidate_everything(using="default"):
    invalidate({EVERYTHING}, using=using)


# Writing: what a write invalidates.


def record_tags(instance):
    """A record's tag, and the tags its cache_parents() names."""
    tags = {tag_of(instance)}
    parents = getattr(instance, "cache_parents", None)
    if parents is not None:
        tags.update(parents())
    tracked = getattr(instance, "instance_type", None)  # a historical row
    if tracked is not None:
        tracked_pk = getattr(instance, tracked._meta.pk.attname, None)
        tags.add(record_tag(tracked, tracked_pk))
    return tags


def record_written(sender, instance, raw=False, using="default", **kwargs):
    if not raw and instance.pk is not None:
        invalidate(record_tags(instance), using=using)


def relations_written(sender, instance, action, using="default", **kwargs):
    if action.startswith("post_"):
        invalidate(record_tags(instance), using=using)


class StatementWatcher:
    """Wraps every statement of a connection: a write invalidates its table's tag, a
    read made while an item is built adds the tables it reads to its dependencies."""

    def __init__(self, alias):
        self.alias = alias

    def __call__(self, execute, sql, params, many, context):
        head = sql.lstrip()[:7].upper()
        if head.startswith(WRITES):
            result = execute(sql, params, many, context)
            dependencies = _building.get()
            if dependencies is not None:
                dependencies.wrote = True
            tables = set(TABLE_NAMES.findall(sql)[:1]) - IGNORED_TABLES
            invalidate({table_tag(table) for table in tables}, using=self.alias)
            return result
        dependencies = _building.get()
        if dependencies is not None:
            dependencies.tables.update(TABLE_NAMES.findall(sql))
        return execute(sql, params, many, context)


def watch_connection(sender, connection, **kwargs):
    if not any(isinstance(wrapper, StatementWatcher) for wrapper in connection.execute_wrappers):
        connection.execute_wrappers.append(StatementWatcher(connection.alias))


def install():
    """Watch every connection and every model (core's AppConfig.ready)."""
    connection_created.connect(watch_connection, dispatch_uid="cache-tags-statements")
    post_init.connect(record_loaded, dispatch_uid="cache-tags-loaded")
    post_save.connect(record_written, dispatch_uid="cache-tags-saved")
    post_delete.connect(record_written, dispatch_uid="cache-tags-deleted")
    m2m_changed.connect(relations_written, dispatch_uid="cache-tags-relations")
    for connection in connections.all(initialized_only=True):
        watch_connection(None, connection)
