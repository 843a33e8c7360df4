"""Helpers of the race tests: real threads, released together, each with its own
database connection, and clients signed in as the people of the suite."""

import threading

from django.db import connection
from django.test import Client


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def run_together(calls):
    """Run the callables in threads released at the same moment (a barrier); return
    their results, or the exception each raised."""
    results = [None] * len(calls)
    start = threading.Barrier(len(calls))

    def run(index, call):
        try:
            start.wait()
            results[index] = call()
        except Exception as error:  # reported by the assertions
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=item) for item in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def statuses(responses):
    """Status codes of the responses; an exception (a 500 in production) shows as such."""
    return [getattr(response, "status_code", response) for response in responses]


def read_while_one_builds(url, readers, everyone_served):
    """`readers` anonymous reads of `url` at once, each in its thread: (X-Page-Cache,
    page) of each. A reader served the outdated page waits at `everyone_served`, the
    barrier at which the one building it waits too."""
    results = []

    def read():
        try:
            response = Client().get(url)
            results.append((response["X-Page-Cache"], response.content.decode()))
            if response["X-Page-Cache"] == "stale":
                everyone_served.wait(timeout=30)
        finally:
            connection.close()

    threads = [threading.Thread(target=read) for _ in range(readers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results
