"""The expensive-path attack of issue 14, as a bench scenario.

Six signed-in contributors post a body of 20,000 "[" to the edit form's preview in
a loop, as fast as the server answers, while one reader reads dossier pages (each
one it has not read before: bench/run.py). The reader's p95 is measured with and
without the attack; the budget is 2x.

The attacking threads run at the lowest CPU priority, as if on other machines: on
this one, the load generator's own CPU (an HTTP client sending a 20 KB body,
hundreds of times a second) would otherwise be counted against the server. They
still send as fast as the server answers whenever the machine has a moment.
"""

import os
import secrets
import threading
import urllib.error
import urllib.parse
import urllib.request

ATTACKERS = 6
PATHOLOGICAL_BODY = "[" * 20_000
READER_P95_RATIO_BUDGET = 2.0


def preview_attack(server, dataset, seconds, *, reader_cookie, static_url, measure):
    """The reader's figures alone, under the preview attack, and under a control
    flood: the same clients asking for a static file, the cheapest answer there is.

    `measure(env)` runs the reader (wrk, one connection) and returns its summary.
    """
    env = {"BENCH_COOKIE": reader_cookie}
    normal = measure(env)
    edit_url = f"{server.base}/dossiers/{dataset.deep_dossier.slug}/modifier/"
    previews = [preview_request(edit_url, cookie, dataset) for cookie in attacker_cookies()]
    attacked, answers = flood(previews, lambda: measure(env))
    static = [urllib.request.Request(server.base + static_url)] * ATTACKERS
    control, control_answers = flood(static, lambda: measure(env))
    ratio = attacked["p95_ms"] / normal["p95_ms"] if normal["p95_ms"] else 0.0
    return {
        "attackers": ATTACKERS,
        "body_chars": len(PATHOLOGICAL_BODY),
        "normal": normal,
        "attacked": attacked,
        "ratio": round(ratio, 2),
        "answers": answers,
        "control": control,
        "control_ratio": round(control["p95_ms"] / normal["p95_ms"], 2) if normal["p95_ms"] else 0,
        "control_answers": control_answers,
    }


def flood(requests, measure):
    """Send each request in a loop from a thread of its own while `measure()` runs."""
    stop, answers, lock = threading.Event(), {}, threading.Lock()
    threads = [
        threading.Thread(target=send_in_a_loop, args=(request, stop, answers, lock))
        for request in requests
    ]
    for thread in threads:
        thread.start()
    try:
        figures = measure()
    finally:
        stop.set()
        for thread in threads:
            thread.join()
    return figures, dict(sorted(answers.items()))


def attacker_cookies(count=ATTACKERS):
    """Session cookies of `count` new contributor accounts."""
    from django.contrib.auth import get_user_model
    from django.test import Client

    cookies = []
    for _ in range(count):
        user = get_user_model().objects.create_user(
            username=f"bench-attaquant-{secrets.token_hex(4)}", password=secrets.token_hex(16)
        )
        client = Client()
        client.force_login(user)
        cookies.append(client.cookies["sessionid"].value)
    return cookies


def preview_request(url, session, dataset):
    dossier = dataset.deep_dossier
    token = secrets.token_hex(16)  # Django accepts a 32-character token of our own
    data = urllib.parse.urlencode(
        {
            "csrfmiddlewaretoken": token,
            "city": dossier.city.insee_code,
            "title": dossier.title,
            "summary": dossier.summary,
            "stage": dossier.stage,
            "body": PATHOLOGICAL_BODY,
            "edit_summary": "Essai",
            "base_version": dossier.version,
            "preview": "1",
        }
    ).encode()
    headers = {
        "Cookie": f"sessionid={session}; csrftoken={token}",
        "Content-Type": "application/x-www-form-urlencoded",
        "X-Forwarded-Proto": "https",
        "Referer": f"https://{url.split('://', 1)[1]}",
    }
    return urllib.request.Request(url, data=data, headers=headers, method="POST")


def send_in_a_loop(request, stop, answers, lock):
    os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 19)  # this thread only
    while not stop.is_set():
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                status = response.status
                response.read()
        except urllib.error.HTTPError as error:
            status = error.code
        except OSError:
            status = "socket error"
        with lock:
            answers[str(status)] = answers.get(str(status), 0) + 1
