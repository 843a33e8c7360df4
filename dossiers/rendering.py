"""Render markdown in a separate process, within a size cap and a CPU-time limit.

python-markdown is quadratic on some inputs (thousands of "[" take tens of
seconds), so a body is rendered by a long-lived worker process, at a lower CPU
priority than the web workers. The worker stops a text that uses more than
MARKDOWN_RENDER_CPU_SECONDS of its own CPU time: a limit that does not depend on
the load, so a busy server refuses exactly what an idle one refuses. A
wall-clock backstop (MARKDOWN_RENDER_WALL_SECONDS) kills a worker that is stuck.
Texts that are certain to be refused are refused before the worker sees them.
"""

import logging
import multiprocessing
import os
import re
import threading
from typing import NamedTuple

from django.conf import settings
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

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

    def render(self, text):
        with self.lock:
            self.ensure_started()
            self.connection.send((text, settings.MARKDOWN_RENDER_CPU_SECONDS))
            if not self.connection.poll(settings.MARKDOWN_RENDER_WALL_SECONDS):
                self.stop()
                logger.error(
                    "Markdown worker gave no answer in %ss (%d characters): killed",
                    settings.MARKDOWN_RENDER_WALL_SECONDS,
                    len(text),
                )
                raise RenderError(NO_ANSWER)
            try:
                status, payload = self.connection.recv()
            except EOFError:
                self.stop()
                status, payload = "error", "the worker exited"
            if status == "ok":
                html, keys = payload
                return Rendering(html, tuple(keys))
            logger.warning("Markdown rendering refused (%s, %d characters)", status, len(text))
            if status == "cpu":
                raise RenderError(too_costly_message())
            if status == "memory":
                self.stop()  # its memory may be left fragmented: start afresh
                raise RenderError(TOO_MUCH_MEMORY)
            logger.warning("Markdown rendering failed: %s", payload)
            raise RenderError(
                _("Ce texte n’a pas pu être mis en forme. Vérifiez sa syntaxe markdown.")
            )

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
    if message := structural_refusal(text):
        raise RenderError(message)
    return worker.render(text)


# Beyond these, python-markdown's cost explodes, whatever the rest of the text;
# ordinary dossiers stay far below (the Valenciennes text: 1 level, no open "[").
MAX_UNCLOSED_BRACKETS = 1_000
MAX_QUOTE_DEPTH = 100
MAX_ASTERISKS = 20_000
QUOTE_PREFIX = re.compile(r"^(?:[ \t]{0,3}>)+", re.MULTILINE)


def structural_refusal(text):
    """Why `text` would certainly exceed the rendering limit, found in a few
    milliseconds before any rendering, or None."""
    unclosed = text.count("[") - text.count("]")
    depth = max((prefix.count(">") for prefix in QUOTE_PREFIX.findall(text)), default=0)
    asterisks = text.count("*")
    checks = [
        (
            unclosed,
            MAX_UNCLOSED_BRACKETS,
            gettext_noop(
                "Ce texte ouvre %(count)s crochets « [ » de plus qu’il n’en ferme ; au-delà de "
                "%(limit)s, sa mise en forme serait trop coûteuse. Fermez-les ou retirez-les."
            ),
        ),
        (
            depth,
            MAX_QUOTE_DEPTH,
            gettext_noop(
                "Ce texte imbrique des citations « > » sur %(count)s niveaux ; la limite est "
                "de %(limit)s."
            ),
        ),
        (
            asterisks,
            MAX_ASTERISKS,
            gettext_noop(
                "Ce texte compte %(count)s astérisques « * » ; au-delà de %(limit)s, sa mise en "
                "forme serait trop coûteuse."
            ),
        ),
    ]
    for count, limit, message in checks:
        if count > limit:
            return _(message) % {
                "count": number_format(count, force_grouping=True),
                "limit": number_format(limit, force_grouping=True),
            }
    return None


def too_costly_message():
    return _(
        "La mise en forme de ce texte demande plus de %(seconds)s secondes de calcul, la "
        "limite fixée pour chaque texte : sa structure est trop coûteuse à traiter. "
        "Découpez-le ou simplifiez-le, puis réessayez."
    ) % {"seconds": f"{settings.MARKDOWN_RENDER_CPU_SECONDS:g}"}


NO_ANSWER = gettext_lazy(
    "Le service de mise en forme n’a pas répondu à temps. Votre texte n’est pas en cause "
    "à coup sûr : réessayez dans un instant."
)
TOO_MUCH_MEMORY = gettext_lazy(
    "La mise en forme de ce texte demande trop de mémoire : raccourcissez-le ou "
    "simplifiez sa structure."
)
