"""Read an uploaded PDF's page count and text with pypdf, in a separate process.

A hostile PDF can make a parser loop or swell in memory; the parsing runs in a
child process with a memory cap and a hard time limit, so the web process only
ever receives a result or an error. This module imports nothing from Django.
"""

import multiprocessing

# Readers tolerate junk before the signature, but a file that starts with anything
# else (HTML, say) could be taken for that by a browser: the signature comes first.
PDF_SIGNATURE = b"%PDF-"
MAX_TEXT_CHARS = 1_000_000
MEMORY_LIMIT_BYTES = 1024**3


class UnreadablePdf(Exception):
    """pypdf could not read the file, or took too long."""


def looks_like_pdf(data):
    return data.startswith(PDF_SIGNATURE)


def inspect(data, *, timeout):
    """(page count, extracted text) of PDF bytes, or UnreadablePdf."""
    context = multiprocessing.get_context("spawn")
    parent_end, child_end = context.Pipe(duplex=False)
    process = context.Process(
        target=_inspect_in_child, args=(data, child_end), name="pdf-reader", daemon=True
    )
    process.start()
    child_end.close()
    try:
        if not parent_end.poll(timeout):
            raise UnreadablePdf("timeout")
        status, payload = parent_end.recv()
    except EOFError:
        raise UnreadablePdf("the reader exited") from None
    finally:
        process.kill()
        process.join()
        parent_end.close()
    if status != "ok":
        raise UnreadablePdf(payload)
    return payload


def _inspect_in_child(data, connection):
    import io
    import logging
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT_BYTES, MEMORY_LIMIT_BYTES))
    logging.disable(logging.WARNING)  # pypdf warns about every small defect
    try:
        from pypdf import PdfReader

        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            reader.decrypt("")
        pages = len(reader.pages)
        if pages == 0:
            raise ValueError("no pages")
        texts, length = [], 0
        for page in reader.pages:
            if length >= MAX_TEXT_CHARS:
                break
            try:
                text = page.extract_text() or ""
            except Exception:  # a page without readable text still counts as a page
                text = ""
            # PostgreSQL text cannot hold NUL characters.
            text = text.replace("\x00", "")
            texts.append(text)
            length += len(text)
        result = ("ok", (pages, "\n\n".join(texts)[:MAX_TEXT_CHARS]))
    except Exception as error:  # the parent reports any failure as an unreadable file
        result = ("error", f"{type(error).__name__}: {error}")
    connection.send(result)
    connection.close()
