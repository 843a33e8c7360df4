"""The legal dates of a request for documents (dossiers.deadlines), as tables: each row
is a case the texts (cited in the module) decide, worked out by hand."""

from datetime import date
from types import SimpleNamespace

import pytest
from django.utils import translation

from dossiers import deadlines


def d(text):
    return date.fromisoformat(text)


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        ("2024-03-12", 1, "2024-04-12"),  # date to date
        ("2025-03-31", 1, "2025-04-30"),  # April has no 31st: its last day
        ("2024-01-31", 1, "2024-02-29"),  # leap year
        ("2023-01-31", 1, "2023-02-28"),  # common year
        ("2100-01-31", 1, "2100-02-28"),  # a century that is no leap year
        ("2000-01-31", 1, "2000-02-29"),  # a fourth century that is
        ("2024-12-15", 1, "2025-01-15"),  # into the next year
        ("2024-11-30", 3, "2025-02-28"),
        ("2024-02-29", 12, "2025-02-28"),
        ("2024-08-31", 2, "2024-10-31"),
    ],
)
def test_months_run_from_date_to_date(start, months, expected):
    assert deadlines.add_months(d(start), months) == d(expected)


@pytest.mark.parametrize(
    ("received", "refusal"),
    [
        ("2024-01-11", "2024-02-11"),  # a Sunday: silence needs no working day
        ("2025-03-31", "2025-04-30"),
        ("2024-01-31", "2024-02-29"),
        ("2023-01-31", "2023-02-28"),
        ("2024-11-25", "2024-12-25"),  # Christmas: not moved either
    ],
)
def test_a_month_of_silence_is_a_refusal_on_the_day_it_ends(received, refusal):
    deadline = deadlines.implicit_refusal(d(received))
    assert deadline.day == deadline.nominal == d(refusal)
    assert "R. 311-13" in str(deadline.rule.source)


@pytest.mark.parametrize(
    ("refused", "department", "nominal", "due", "reason"),
    [
        ("2024-02-11", None, "2024-04-11", "2024-04-11", ""),  # a Thursday
        ("2024-04-15", None, "2024-06-15", "2024-06-17", "samedi"),
        ("2024-04-16", None, "2024-06-16", "2024-06-17", "dimanche"),
        ("2025-03-01", None, "2025-05-01", "2025-05-02", "Fête du Travail"),
        # Saturday, Sunday, then Easter Monday: the Tuesday.
        ("2024-01-30", None, "2024-03-30", "2024-04-02", "samedi"),
        # Christmas; 26 December is a working day except in Alsace-Moselle.
        ("2024-10-25", None, "2024-12-25", "2024-12-26", "Noël"),
        ("2024-10-25", "57", "2024-12-25", "2024-12-27", "Noël"),
        # Good Friday is a holiday in Alsace-Moselle only: then the weekend and Easter Monday.
        ("2024-01-29", None, "2024-03-29", "2024-03-29", ""),
        ("2024-01-29", "67", "2024-03-29", "2024-04-02", "Vendredi saint"),
        # Abolition of slavery, 27 May in Guadeloupe.
        ("2025-03-27", None, "2025-05-27", "2025-05-27", ""),
        ("2025-03-27", "971", "2025-05-27", "2025-05-28", "Abolition de l’esclavage"),
        ("2023-12-31", None, "2024-02-29", "2024-02-29", ""),  # leap-year month end
        ("2024-12-31", None, "2025-02-28", "2025-02-28", ""),
    ],
)
def test_the_referral_deadline_moves_off_closed_days(refused, department, nominal, due, reason):
    with translation.override("fr"):
        deadline = deadlines.referral_deadline(d(refused), department)
    assert (deadline.nominal, deadline.day) == (d(nominal), d(due))
    assert deadline.moved == (nominal != due)
    assert deadline.closed_reason.replace("'", "’") == reason
    assert "R. 343-1" in str(deadline.rule.source)


@pytest.mark.parametrize(
    ("confirmed", "due"),
    [
        ("2024-11-12", "2025-01-13"),  # franc: from the day after, date to date
        ("2022-11-03", "2023-01-04"),
        ("2007-10-01", "2007-12-03"),  # 2 December 2007 was a Sunday
        ("2024-12-30", "2025-02-28"),  # from 31 December: February's last day
        ("2024-12-31", "2025-03-03"),  # 1 March 2025 is a Saturday
        ("2025-05-13", "2025-07-15"),  # 14 July
    ],
)
def test_the_court_deadline_is_franc_and_moves_off_closed_days(confirmed, due):
    deadline = deadlines.court_deadline(d(confirmed))
    assert deadline.day == d(due)
    assert "R. 421-1" in str(deadline.rule.source)


@pytest.mark.parametrize(
    ("referred", "legal", "first", "last", "confirmed"),
    [
        ("2024-01-31", "2024-02-29", "2024-03-23", "2024-04-25", "2024-03-31"),
        ("2024-12-31", "2025-01-31", "2025-02-21", "2025-03-26", "2025-02-28"),
        ("2023-06-15", "2023-07-15", "2023-08-06", "2023-09-08", "2023-08-15"),
    ],
)
def test_the_commission_has_a_legal_date_and_an_expected_window(
    referred, legal, first, last, confirmed
):
    opinion = deadlines.opinion_due(d(referred))
    assert opinion.day == d(legal)
    assert opinion.expected == (d(first), d(last))
    assert "R. 343-3" in str(opinion.rule.source)
    refusal = deadlines.confirmed_refusal(d(referred))
    assert refusal.day == d(confirmed)  # 15 August: silence is not moved
    assert "R. 343-5" in str(refusal.rule.source)


def test_holiday_names_follow_the_language():
    with translation.override("en"):
        assert deadlines.closed_reason(d("2024-12-25")) == "Christmas Day"
        assert deadlines.closed_reason(d("2024-06-15")) == "Saturday"
    with translation.override("fr"):
        assert deadlines.closed_reason(d("2024-12-25")) == "Noël"
        assert deadlines.closed_reason(d("2024-06-18")) == ""


def request(**fields):
    defaults = dict(
        state="sent",
        sent_on=d("2024-01-10"),
        received_on=None,
        answered_on=None,
        referred_on=None,
        opinion_on=None,
        final_answer_on=None,
        court_on=None,
        month_only=False,
        department_code="59",
    )
    return SimpleNamespace(**{**defaults, **fields})


def upcoming(procedure):
    return [(str(step.label), step.day, step.done) for step in procedure.steps()]


def test_a_request_left_unanswered_becomes_a_refusal_then_a_referral_deadline():
    procedure = deadlines.Procedure(request(received_on=d("2024-01-12")))
    assert procedure.waiting_for.day == d("2024-02-12")  # from the reception
    assert procedure.waiting_for.rule is deadlines.IMPLICIT_REFUSAL
    with translation.override("fr"):
        assert upcoming(procedure) == [
            ("demande envoyée", d("2024-01-10"), True),
            ("demande reçue par l’administration", d("2024-01-12"), True),
            ("refus implicite si l’administration se tait", d("2024-02-12"), False),
            ("date limite pour saisir la CADA", d("2024-04-12"), False),
        ]
    assert not procedure.silent_refusal(d("2024-02-11"))
    assert procedure.silent_refusal(d("2024-02-12"))
    assert procedure.next_deadline(d("2024-02-13")).rule is deadlines.REFERRAL
    assert procedure.next_deadline(d("2024-04-13")) is None


def test_a_request_answered_in_full_waits_for_nothing():
    procedure = deadlines.Procedure(request(state="answered", answered_on=d("2024-01-25")))
    assert procedure.waiting_for is None
    assert [step.done for step in procedure.steps()] == [True, True]


def test_a_written_refusal_starts_the_referral_period():
    procedure = deadlines.Procedure(request(state="refused", answered_on=d("2024-01-31")))
    assert procedure.waiting_for.rule is deadlines.REFERRAL
    assert procedure.waiting_for.day == d("2024-04-02")  # 31 March: Sunday, then Easter Monday


def test_after_a_referral_the_opinion_then_the_silence_then_the_court():
    procedure = deadlines.Procedure(
        request(state="referred", answered_on=d("2024-01-31"), referred_on=d("2024-02-20"))
    )
    assert procedure.waiting_for.rule is deadlines.OPINION
    days = {step.deadline.rule.code: step.day for step in procedure.steps() if step.deadline}
    assert days == {
        "opinion": d("2024-03-20"),
        "confirmed_refusal": d("2024-04-20"),
        "court": d("2024-06-21"),
    }
    assert procedure.silent_refusal(d("2024-04-20"))


def test_a_refusal_confirmed_in_writing_sets_the_court_deadline_from_its_date():
    procedure = deadlines.Procedure(
        request(
            state="refusal_confirmed",
            answered_on=d("2024-01-31"),
            referred_on=d("2024-02-20"),
            opinion_on=d("2024-04-04"),
            final_answer_on=d("2024-05-02"),
        )
    )
    assert procedure.waiting_for.rule is deadlines.COURT
    assert procedure.waiting_for.day == d("2024-07-03")
    assert all(step.done for step in procedure.steps()[:-1])


def test_dates_known_to_the_month_give_no_legal_date():
    procedure = deadlines.Procedure(request(month_only=True, sent_on=d("2018-12-01")))
    assert procedure.waiting_for is None
    assert not procedure.silent_refusal(d("2026-01-01"))
    assert [step.done for step in procedure.steps()] == [True]


def test_dates_known_to_the_month_still_say_what_happened():
    procedure = deadlines.Procedure(
        request(month_only=True, sent_on=d("2018-12-01"), state="answered")
    )
    steps = procedure.steps()
    assert [(str(step.label), step.day) for step in steps] == [
        ("demande envoyée", d("2018-12-01")),
        ("documents communiqués", None),
    ]
