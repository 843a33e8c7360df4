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
