"""The prep sheet of a scheduled interview: what to have in mind for fifteen minutes, on one page.

Who they are and how you are connected come from the person's page; this module gathers what
is spread over past interviews: their summaries, and the questions you noted for next time,
ahead of the questions the method asks in every informational interview.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from ..content.markup import outside_code, section, summary_of
from ..content.new_files import QUESTIONS_FOR_NEXT_TIME
from ..network.assemble import Network
from ..network.model import DONE, SCHEDULED, Interview

# The informational interview's questions: their work, then career advice.
METHOD_QUESTIONS = (
    "What does your work involve, and what is a typical day like?",
    "What do you like best about it, and least? What is the most challenging part?",
    "Which skills are critical for this kind of work?",
    "How does hiring work for roles like yours?",
    "Who else should I speak to? May I mention your name?",
    "May I follow up with you later?",
)
_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+(?!\[[ xX]\])(.*\S)\s*$")
_WIKI = re.compile(r"\[\[([^\[\]|\n]+)(?:\|([^\[\]\n]+))?\]\]")


@dataclass(frozen=True)
class PastInterview:
    name: str
    date: date
    channel: str | None
    summary: str
    questions: tuple[str, ...]  # noted under "Questions for next time"


@dataclass(frozen=True)
class PrepSheet:
    past: tuple[PastInterview, ...]  # newest first
    topics: tuple[str, ...]  # the interview's, then the person's, the ones you are seeking first
    carried: tuple[tuple[str, date], ...]  # questions left from past interviews, with their date
    method: tuple[str, ...] = METHOD_QUESTIONS


def has_prep_sheet(interview: Interview, today: date) -> bool:
    """Exactly the interviews the queue says to prepare for."""
    return interview.status == SCHEDULED and interview.date >= today and interview.person is not None


def prep_sheet(network: Network, interview: Interview, seeking: tuple[str, ...]) -> PrepSheet:
    person = network.people[interview.person]
    earlier = [i for i in network.interviews_of(person.slug) if i.status == DONE and i.date <= interview.date]
    past = tuple(PastInterview(i.name, i.date, i.channel, summary_of(i.body), section_items(i.body, QUESTIONS_FOR_NEXT_TIME))
                 for i in reversed(earlier))
    wanted = {topic.casefold() for topic in seeking}
    topics = list(dict.fromkeys([*interview.topics, *person.topics]))
    topics.sort(key=lambda topic: topic.casefold() not in wanted)
    carried = tuple((question, p.date) for p in past for question in p.questions)
    return PrepSheet(past, tuple(topics), carried)


def section_items(body: str, title: str) -> tuple[str, ...]:
    """The list items (tasks aside) of the section named `title` (`markup.section`), as plain text."""
    items = []
    for _, line in outside_code(section(body, title), 1):
        item = _ITEM.match(line)
        if item:
            items.append(_WIKI.sub(lambda m: (m.group(2) or m.group(1)).strip(), item.group(1)))
    return tuple(items)
