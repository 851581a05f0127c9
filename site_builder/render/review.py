"""The review: what you learned and the questions you noted, across every interview.

The informational-interview method ends each conversation by writing down what you learned
and what to ask next time; the review page gathers those two sections of every interview's
notes, newest first. The questions of a done interview are also carried onto the person's next
prep sheet (`prep.prep_sheet`), which the review links to.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Callable

from ..content.markup import holds_text, section
from ..content.new_files import QUESTIONS_FOR_NEXT_TIME, WHAT_I_LEARNED
from ..network.assemble import Network
from ..network.model import DONE, Interview


@dataclass(frozen=True)
class Reviewed:
    """One interview on the review: its two sections as Markdown ("" when empty), and the prep
    sheet its questions are carried onto, if one is to come."""

    interview: Interview
    learned: str
    questions: str
    carried_to: tuple[str, date] | None = None  # (the prep sheet's page, its interview's date)


def review(network: Network, prep_pages: dict[str, str],
           sections: Callable[[Interview], tuple[str, str]] | None = None) -> list[Reviewed]:
    """Every interview with "What I learned" or "Questions for next time" filled, newest first.
    `prep_pages` holds the prep sheet of each interview file that has one; `sections` gives an
    interview's two (`reviewed_sections`, by default)."""
    sections = sections or reviewed_sections
    reviewed = []
    for interview in reversed(network.interviews):
        learned, questions = sections(interview)
        if learned or questions:
            carried = _carried_to(network, interview, prep_pages) if questions else None
            reviewed.append(Reviewed(interview, learned, questions, carried))
    return reviewed


def reviewed_sections(interview: Interview) -> tuple[str, str]:
    """The interview's "What I learned" and "Questions for next time", as Markdown ("" when empty)."""
    learned, questions = (section(interview.body, title) for title in (WHAT_I_LEARNED, QUESTIONS_FOR_NEXT_TIME))
    return tuple(text if holds_text(text) else "" for text in (learned, questions))


def _carried_to(network: Network, interview: Interview, prep_pages: dict[str, str]) -> tuple[str, date] | None:
    """The next prep sheet of the person that shows this interview's questions: the prep sheet
    of their first interview to come, if this one is done and dated on or before it."""
    if interview.status != DONE or interview.person is None:
        return None
    for later in network.interviews_of(interview.person):
        if later.file in prep_pages and later.date >= interview.date:
            return prep_pages[later.file], later.date
    return None
