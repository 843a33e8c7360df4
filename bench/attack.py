"""The expensive-path attack of issue 14, as a bench scenario.

Six signed-in contributors post a body of 20,000 "[" to the edit form's preview in
a loop, as fast as the server answers, while one reader reads a dossier page. The
reader's p95 is measured with and without the attack; the budget is 2x.

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


def preview_attack(server, dataset, seconds, *, reader_url, reader_cookie, measure):
    """{normal, attacked: reader figures; ratio; answers: attack statuses}.

    `measure(env)` runs the reader (wrk, one connection) and returns its summary.
    """
    normal = measure({"BENCH_COOKIE": reader_cookie})
    cookies = attacker_cookies(ATTACKERS)
    edit_url = f"{server.base}/dossiers/{dataset.deep_dossier.slug}/modifier/"
    stop, answers, lock = threading.Event(), {}, threading.Lock()
    attackers = [
        threading.Thread(
            target=attack, args=(edit_url, server, cookie, dataset, stop, answers, lock)
        )
        for cookie in cookies
    ]
    for thread in attackers:
        thread.start()
    try:
        attacked = measure({"BENCH_COOKIE": reader_cookie})
    finally:
        stop.set()
        for thread in attackers:
            thread.join()
    ratio = attacked["p95_ms"] / normal["p95_ms"] if normal["p95_ms"] else 0.0
    return {
        "attackers": ATTACKERS,
        "body_chars": len(PATHOLOGICAL_BODY),
        "normal": normal,
        "attacked": attacked,
        "ratio": round(ratio, 2),
        "answers": dict(sorted(answers.items())),
    }


def attacker_cookies(count):
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


def attack(url, server, session, dataset, stop, answers, lock):
    os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 19)  # this thread only
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
    while not stop.is_set():
        request = urllib.request.Request(url, data=data, headers=headers, method="POST")
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
