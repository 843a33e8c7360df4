"""Render markdown in a separate process with a size cap and a hard time limit.

python-markdown is quadratic on some inputs (thousands of "[" take tens of
seconds), so a body is rendered by a long-lived worker process that is killed
when it overruns; the web process stays free to serve other requests.
"""

import logging
import multiprocessing
import os
import threading
from typing import NamedTuple

from django.conf import settings
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from dossiers import markup

MAX_MARKDOWN_CHARS = 150_000
WORKER_START_TIMEOUT = 30.0
WORKER_MEMORY_LIMIT = 2 * 1024**3

logger = logging.getLogger(__name__)


class Rendering(NamedTuple):
    html: str
    citation_keys: tuple  # cited source keys, in order of first citation


class RenderError(Exception):
    """The text cannot be published; `message` says why, in the reader's language."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


class RenderWorker:
    def __init__(self):
        self.lock = threading.Lock()
        self.process = None
        self.connection = None
        self.owner_pid = None

    def render(self, text, timeout):
        with self.lock:
            self.ensure_started()
            self.connection.send(text)
            if not self.connection.poll(timeout):
                self.stop()
                logger.warning(
                    "Markdown rendering stopped after %ss (%d characters)", timeout, len(text)
                )
                raise RenderError(
                    _(
                        "Ce texte n’a pas pu être mis en forme en moins de %(seconds)s "
                        "secondes. Une construction inhabituelle (par exemple de très "
                        "nombreux crochets « [ » non fermés) le rend trop coûteux : "
                        "simplifiez-la et réessayez."
                    )
                    % {"seconds": f"{timeout:g}"}
                )
            try:
                status, payload = self.connection.recv()
            except EOFError:
                self.stop()
                status, payload = "error", "the worker exited"
            if status != "ok":
                logger.warning("Markdown rendering failed: %s", payload)
                raise RenderError(
                    _("Ce texte n’a pas pu être mis en forme. Vérifiez sa syntaxe markdown.")
                )
            html, keys = payload
            return Rendering(html, tuple(keys))

    def ensure_started(self):
        # A worker inherited through fork() belongs to the parent: start our own.
        if self.process is not None and self.owner_pid == os.getpid():
            if self.process.is_alive():
                return
            self.stop()
        context = multiprocessing.get_context("spawn")
        parent_end, child_end = context.Pipe()
        process = context.Process(
            target=markup.serve,
            args=(child_end, WORKER_MEMORY_LIMIT),
            name="markdown-renderer",
            daemon=True,
        )
        process.start()
        child_end.close()
        if not parent_end.poll(WORKER_START_TIMEOUT):
            process.kill()
            raise RenderError(_("Le service de mise en forme ne répond pas ; réessayez."))
        parent_end.recv()
        self.process, self.connection, self.owner_pid = process, parent_end, os.getpid()

    def stop(self):
        if self.process is not None and self.owner_pid == os.getpid():
            self.process.kill()
            self.process.join()
            self.connection.close()
        self.process = self.connection = self.owner_pid = None


worker = RenderWorker()


def render_markdown(text):
    """The Rendering of `text`, or RenderError with a message for its author."""
    if len(text) > MAX_MARKDOWN_CHARS:
        raise RenderError(
            _(
                "Ce texte compte %(length)s caractères ; la limite est de %(limit)s. "
                "Découpez-le en plusieurs dossiers ou raccourcissez-le."
            )
            % {
                "length": number_format(len(text), force_grouping=True),
                "limit": number_format(MAX_MARKDOWN_CHARS, force_grouping=True),
            }
        )
    return worker.render(text, settings.MARKDOWN_RENDER_TIMEOUT)
