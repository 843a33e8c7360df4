"""The legal deadlines of a request for administrative documents, and their sources.

A request goes: sent to an administration → answered, or refused (in writing, or by a
month of silence) → referred to the CADA (Commission d'accès aux documents
administratifs) → the commission's opinion → the administration's answer after it, or
a refusal it confirms by two months of silence → the administrative court.

The rules, each with the text it comes from (`Rule.source`):

- A month of silence after the administration *received* the request is a refusal:
  CRPA (code des relations entre le public et l'administration), art. R. 311-12 and
  R. 311-13.
- The requester then has two months from the refusal (written, or born of silence) to
  refer it to the CADA: CRPA art. R. 343-1. The referral is compulsory before any court
  case: CRPA art. L. 342-1.
- The commission gives its opinion within a month of registering the referral: CRPA
  art. R. 343-3, first paragraph. In fact it has taken 52 to 85 days on average in
  recent years (CADA activity reports; 59 days in 2022 and 52 in 2023, quoted in the
  Senate's written question no. 03135 of 6 February 2025): an expected window is
  shown beside the legal date.
- The administration tells the commission what it will do within a month of receiving
  the opinion: CRPA art. R. 343-3, second paragraph.
- Its silence for two months after the commission registered the referral confirms the
  refusal: CRPA art. R. 343-4 and R. 343-5.
- The requester may then go to the administrative court within two months of the
  confirmed refusal: code de justice administrative, art. R. 421-1 (a written
  decision) and R. 421-2 (a decision born of silence).

How dates are counted:

- **Months run from date to date**: a month after 12 March is 12 April; when the
  month that ends a period has no such day, the period ends on its last day (a month
  after 31 March is 30 April, after 31 January is 28 or 29 February). That is how
  French law counts periods in months (code de procédure civile, art. 641, second
  paragraph, which the administrative courts follow).
- **The court deadline is "franc"**: the day of the decision does not count, so the
  two months run from the day after it, date to date, and the last day to file is
  that date (a decision of 12 November: 13 January). This is the Conseil d'État's
  constant reading of art. R. 421-1 (recalled in CE, 19 September 2014, no. 362568).
  Counting from the day after, rather than adding a day to the end, gives the earlier
  date when a month is short (a decision of 30 December: 28 February, not 1 March).
- **A deadline by which the requester must act** (refer to the CADA, go to court) that
  falls on a Saturday, a Sunday or a public holiday **moves to the next working day**:
  code de procédure civile, art. 642, second paragraph, which the Conseil d'État
  applies to administrative deadlines (same decision). Public holidays are those of
  the code du travail, art. L. 3133-1, plus Good Friday and 26 December in
  Alsace-Moselle and the abolition-of-slavery days overseas, by the département of the
  administration (the `holidays` package).
- **Dates set by someone else's silence or duty** (the refusal born of silence, the
  commission's opinion, the confirmed refusal) never move: they are not acts the
  requester must do in time, and leaving them where they fall keeps every later date
  the earliest one the texts allow.
- **The referral deadline is shown date to date, not "franc"**: the CADA counts it "as
  in litigation" (its opinion no. 20185220 of 27 June 2019), which would allow one day
  more, but some readers of art. R. 343-1 allow one day less; the site shows the date
  to date end, and every choice above errs towards the earlier date, so that a
  requester who follows the site is never late.
"""

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

import holidays
from django.utils import translation
from django.utils.translation import gettext_lazy as _

# States that end the procedure: no legal date follows them.
FINISHED = ("answered", "answered_after_opinion", "court", "abandoned")

# The CADA's real delay for an opinion, in days: the range of its recent yearly averages.
OPINION_EXPECTED_DAYS = (52, 85)


@dataclass(frozen=True)
class Rule:
    """A rule of the procedure: what it computes, and the text it comes from."""

    code: str
    label: str
    source: str


IMPLICIT_REFUSAL = Rule(
    "implicit_refusal",
    _("refus implicite si l’administration se tait"),
    _("CRPA, art. R. 311-12 et R. 311-13 : un mois de silence après la réception vaut refus"),
)
REFERRAL = Rule(
    "referral",
    _("date limite pour saisir la CADA"),
    _("CRPA, art. R. 343-1 : deux mois après le refus ; saisine obligatoire (art. L. 342-1)"),
)
OPINION = Rule(
    "opinion",
    _("avis de la CADA"),
    _("CRPA, art. R. 343-3, al. 1 : un mois après l’enregistrement de la saisine"),
)
ANSWER_AFTER_OPINION = Rule(
    "answer_after_opinion",
    _("réponse de l’administration à l’avis"),
    _("CRPA, art. R. 343-3, al. 2 : un mois après la réception de l’avis"),
)
CONFIRMED_REFUSAL = Rule(
    "confirmed_refusal",
    _("refus confirmé si l’administration se tait"),
    _(
        "CRPA, art. R. 343-4 et R. 343-5 : deux mois de silence après l’enregistrement "
        "de la saisine"
    ),
)
COURT = Rule(
    "court",
    _("date limite pour saisir le tribunal administratif"),
    _(
        "CJA, art. R. 421-1 et R. 421-2 : deux mois après le refus confirmé, délai franc "
        "(CE, 19 septembre 2014, n° 362568)"
    ),
)
MOVED = _(
    "reportée au premier jour ouvrable : code de procédure civile, art. 642, al. 2 "
    "(CE, 19 septembre 2014, n° 362568)"
)


@dataclass(frozen=True)
class Deadline:
    """A date of the procedure. `day` is when it falls due; `nominal` is the date the
    month count gives, which differs when a closed day moved it (`closed_reason` then
    says why: « dimanche », « lundi de Pâques » …). `expected` is a (first, last)
    window when practice differs from the law (the commission's opinion)."""

    rule: Rule
    day: date
    nominal: date
    closed_reason: str = ""
    expected: tuple | None = None

    @property
    def moved(self):
        return self.day != self.nominal

    def days_left(self, today):
        return (self.day - today).days


def add_months(day, months):
    """`day` plus `months`, from date to date; a day the target month lacks becomes
    its last day (31 March + 1 month = 30 April)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def holiday_area(department_code):
    """The `holidays` subdivision whose public holidays apply in a département, or
    None for the national list."""
    if department_code in ("67", "68"):
        return "6AE"
    if department_code in holidays.France.subdivisions:
        return department_code
    return None


@lru_cache(maxsize=128)
def _holidays(area, year, language):
    return holidays.France(years=year, subdiv=area, language=language)


def closed_reason(day, department_code=None):
    """Why courts and offices are closed on `day` (« samedi », « 14 juillet » …),
    or "" on a working day."""
    if day.weekday() == 5:
        return str(_("samedi"))
    if day.weekday() == 6:
        return str(_("dimanche"))
    language = "fr" if (translation.get_language() or "fr").startswith("fr") else "en_US"
    return _holidays(holiday_area(department_code), day.year, language).get(day, "")


def working_day_from(day, department_code=None):
    """`day`, or the first working day after it; and why the first closed day was closed."""
    reason = closed = closed_reason(day, department_code)
    while closed:
        day += timedelta(days=1)
        closed = closed_reason(day, department_code)
    return day, reason


def _acting(rule, nominal, department_code):
    """A deadline the requester must meet: it moves off closed days."""
    day, reason = working_day_from(nominal, department_code)
    return Deadline(rule, day, nominal, closed_reason=reason)


def implicit_refusal(received_on):
    due = add_months(received_on, 1)
    return Deadline(IMPLICIT_REFUSAL, due, due)


def referral_deadline(refused_on, department_code=None):
    return _acting(REFERRAL, add_months(refused_on, 2), department_code)


def opinion_due(referred_on):
    first, last = (referred_on + timedelta(days=days) for days in OPINION_EXPECTED_DAYS)
    due = add_months(referred_on, 1)
    return Deadline(OPINION, due, due, expected=(first, last))


def answer_after_opinion(opinion_on):
    due = add_months(opinion_on, 1)
    return Deadline(ANSWER_AFTER_OPINION, due, due)


def confirmed_refusal(referred_on):
    due = add_months(referred_on, 2)
    return Deadline(CONFIRMED_REFUSAL, due, due)


def court_deadline(confirmed_on, department_code=None):
    return _acting(COURT, add_months(confirmed_on + timedelta(days=1), 2), department_code)


@dataclass(frozen=True)
class Step:
    """A line of a request's timeline: what happened (`done`), or a date the law sets
    (`deadline`), and whether it is the requester's to meet (`acting`)."""

    label: str
    day: date
    done: bool
    deadline: Deadline | None = None
    acting: bool = False


class Procedure:
    """Where a request stands and the legal dates that follow, from what was recorded.

    `request` has the fields of dossiers.DocumentRequest: `state`, `sent_on`,
    `received_on`, `answered_on`, `referred_on`, `opinion_on`, `final_answer_on`,
    `court_on`, `month_only`, and `department_code` (whose public holidays apply).
    A request whose dates are known to the month only gets no legal date: a day
    guessed would be a deadline invented.
    """

    def __init__(self, request):
        self.request = request
        self.area = request.department_code
        self.start = request.received_on or request.sent_on
        self._steps = None

    def _silence(self):
        return implicit_refusal(self.start)

    def refused_on(self):
        """The day the first refusal was made or born of silence, or None if the
        administration communicated everything."""
        r = self.request
        if r.answered_on is None:
            return self._silence().day
        return None if r.state == "answered" else r.answered_on

    def confirmed_on(self):
        """The day the refusal was confirmed, in writing or by silence (R. 343-4)."""
        r = self.request
        if r.state == "refusal_confirmed" and r.final_answer_on:
            return r.final_answer_on
        if r.referred_on and not r.final_answer_on:
            return confirmed_refusal(r.referred_on).day
        return None

    @property
    def waiting_for(self):
        """The first legal date the recorded state waits for: past it, the request is
        overdue (the administration did not answer, or the requester did not act)."""
        r = self.request
        if r.month_only:
            return None
        if r.state == "sent":
            return self._silence()
        if r.state in ("refused", "partly_answered") and r.answered_on:
            return referral_deadline(r.answered_on, self.area)
        if r.state == "referred" and r.referred_on:
            return opinion_due(r.referred_on)
        if r.state == "opinion" and r.opinion_on:
            return answer_after_opinion(r.opinion_on)
        if r.state == "refusal_confirmed" and r.final_answer_on:
            return court_deadline(r.final_answer_on, self.area)
        return None

    def recorded(self):
        """What happened, in the procedure's order: the steps with a recorded date. With
        dates known to the month only, an answer whose date is not known still shows
        (without a date) once the state says it came."""
        r = self.request
        answer = ANSWER_LABELS.get(r.state, _("refus écrit ou communication partielle"))
        undated_answer = r.month_only and r.state != "sent" and r.answered_on is None
        events = [
            (_("demande envoyée"), r.sent_on, False),
            (_("demande reçue par l’administration"), r.received_on, False),
            (answer, r.answered_on, undated_answer),
            (_("CADA saisie"), r.referred_on, False),
            (_("avis de la CADA"), r.opinion_on, False),
            (_("réponse après l’avis"), r.final_answer_on, False),
            (_("tribunal administratif saisi"), r.court_on, False),
        ]
        return [Step(label, day, True) for label, day, undated in events if day or undated]

    def steps(self):
        """The timeline: what happened, and the legal dates that follow from it, by date
        (computed once: the pages read it for the next deadline too)."""
        if self._steps is None:
            self._steps = self._timeline()
        return self._steps

    def _timeline(self):
        r = self.request
        steps = self.recorded()
        if r.month_only:
            return steps
        finished = r.state in FINISHED

        def legal(deadline, acting=False):
            steps.append(Step(deadline.rule.label, deadline.day, False, deadline, acting))

        if not r.answered_on and r.state in (
            "sent",
            "referred",
            "opinion",
            "refusal_confirmed",
            "court",
        ):
            legal(self._silence())
        refused_on = self.refused_on()
        if not r.referred_on and refused_on and not finished:
            legal(referral_deadline(refused_on, self.area), acting=True)
        if r.referred_on:
            if not r.opinion_on:
                legal(opinion_due(r.referred_on))
            elif not r.final_answer_on and not finished:
                legal(answer_after_opinion(r.opinion_on))
            if not r.final_answer_on and not finished:
                legal(confirmed_refusal(r.referred_on))
        confirmed_on = self.confirmed_on()
        if (
            not r.court_on
            and confirmed_on
            and r.state not in ("abandoned", "answered_after_opinion")
        ):
            legal(court_deadline(confirmed_on, self.area), acting=True)
        return sorted(steps, key=lambda step: (step.day, not step.done))

    def next_deadline(self, today):
        """The next legal date still ahead, or None."""
        ahead = [step.deadline for step in self.steps() if step.deadline and step.day >= today]
        return ahead[0] if ahead else None

    def silent_refusal(self, today):
        """Whether the administration's silence has become a refusal by `today`
        (for the first request, or after the referral)."""
        r = self.request
        if r.month_only:
            return False
        if r.state == "sent":
            return self._silence().day <= today
        if r.state in ("referred", "opinion") and r.referred_on:
            return confirmed_refusal(r.referred_on).day <= today
        return False


ANSWER_LABELS = {
    "answered": _("documents communiqués"),
    "partly_answered": _("documents communiqués en partie"),
    "refused": _("refus écrit"),
}
