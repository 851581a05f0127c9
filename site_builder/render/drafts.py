"""Drafts of the messages the method asks you to write: the request (reach-out), the nudge, the
follow-up, the circle-back and the text of the handwritten thank-you card.

`draft_facts` is a pure function from the network and one item of the queue to the variables of
that kind's template; `draft_texts.DraftTexts` renders the templates (`theme/templates/drafts/<kind>.txt`,
plain text: nothing is escaped) into a `Draft`, and reads the checklist each draft page shows
(`theme/templates/drafts/checklist.json`). A user's `theme/` overrides either, file by file.

A template's first line `Subject: ...` is the message's subject (a card has none). The text is
tidied as a person would leave it: spaces at the ends of lines and runs of spaces dropped, runs
of blank lines made one, and no blank line at the start or end.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from datetime import date
from urllib.parse import quote

from ..config import Config
from ..content.markup import section
from ..content.new_files import WHAT_I_LEARNED
from ..content.references import written_name
from ..edits.edited import EditRefused
from ..edits.items import items_for, pick
from ..network.assemble import Network
from ..network.model import DONE, FollowUp, Interview, Person
from ..network.referrals import NO_FILE, ReferralIndex

DRAFT_KINDS = ("reach-out", "nudge", "follow-up", "circle-back", "thank-you")
CARD = "thank-you"  # a handwritten card: no subject, no email
CHECKLIST = "drafts/checklist.json"
_SUBJECT = re.compile(r"^Subject:[ \t]*(.*?)\s*$", re.IGNORECASE)
_SPACES = re.compile(r"(?<=\S)[ \t]{2,}")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=\S)")
_LIST_MARK = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+(?:\[[ xX]\]\s+)?")
_WIKI = re.compile(r"\[\[([^\[\]|\n]+)(?:\|([^\[\]\n]+))?\]\]")
_MARKS = re.compile(r"\*+|`+")


@dataclass(frozen=True)
class Referred:
    """Someone a person referred you to, and what became of it (`network.referrals` outcomes:
    interviewed, contacted, not contacted, no file yet)."""

    name: str
    first_name: str
    outcome: str


@dataclass(frozen=True)
class Draft:
    """A message: its subject (None for a card) and its body."""

    subject: str | None
    body: str

    def as_text(self) -> str:
        """The subject line, a blank line and the body, as `ties draft` prints it."""
        return (f"Subject: {self.subject}\n\n" if self.subject else "") + self.body + "\n"


def has_draft(item: FollowUp) -> bool:
    """Whether an item of the queue has a draft page (and `ties draft` prints one)."""
    return item.known and item.kind in DRAFT_KINDS


def draft_item(network: Network, queue: list[FollowUp], reference: str, kind: str | None = None) -> FollowUp:
    """The item whose draft `ties draft PERSON [KIND]` means: the one of `kind` among the open
    items with a draft of the person `reference` names, or their only one. Raises EditRefused
    (nobody, or nothing open with a draft) or SeveralItems (`edits.items.pick`)."""
    who, items = items_for(network, queue, reference)
    with_drafts = [item for item in items if has_draft(item)]
    if not with_drafts:
        kinds = ", ".join(dict.fromkeys(item.kind for item in items))
        raise EditRefused(f"{who} has no open item with a draft (open: {kinds}; drafts are of "
                          f"{', '.join(DRAFT_KINDS)} items)")
    return pick(with_drafts, who, kind)


def first_name(name: str) -> str:
    """The first word of a name, as a greeting uses it."""
    words = name.split()
    return words[0] if words else name


def draft_facts(network: Network, referrals: ReferralIndex, item: FollowUp, config: Config, today: date,
                held: list[date] | None = None) -> dict:
    """The variables of the template of `item`'s draft (an item with `has_draft`), made from the
    network, the referral index, the configuration and today only (`held` is the network's
    `done_dates`, if made already)."""
    person = network.people[item.person]
    introducer = introducer_of(network, referrals, person)
    last = network.last_interaction(person)
    facts = {
        "kind": item.kind, "today": today, "owner": config.owner,
        "name": person.name, "first_name": first_name(person.name),
        "email": person.emails[0] if person.emails and item.kind != CARD else None,
        "company": person.company, "title": person.title, "topics": person.topics,
        "seeking": sought_from(person, config.seeking),
        "introducer": introducer, "introducer_first_name": introducer and first_name(introducer),
        "last_contact": last, "interviews_since": interviews_since(done_dates(network) if held is None else held, last),
        "referrals": referrals_given(referrals, person),
        "contacted": person.contacted, "follow_up": follow_up_date(network, item),
        "interview_date": None, "learned": None,
    }
    interview = _interview_of(network, item) if item.kind == CARD else None
    if interview is not None:
        facts.update(interview_date=interview.date, learned=one_thing_learned(interview.body),
                     referrals=referrals_in(network, referrals, interview))
    return facts


def introducer_of(network: Network, referrals: ReferralIndex, person: Person) -> str | None:
    """Who suggested you contact them, by name: their `introduced_by`, else whoever first
    referred them in an interview."""
    edge = network.introducer_of(person.slug)
    if edge is not None:
        return edge.referrer_name
    referrer = referrals.parent.get(person.slug)
    return network.people[referrer].name if referrer in network.people else None


def sought_from(person: Person, seeking: tuple[str, ...]) -> tuple[str, ...]:
    """What you are looking for, as far as they can speak to it: the `seeking` topics among
    theirs, or all of `seeking` when none is."""
    theirs = {topic.casefold() for topic in person.topics}
    return tuple(topic for topic in seeking if topic.casefold() in theirs) or seeking


def done_dates(network: Network) -> list[date]:
    """The days of the done interviews, in order: what `interviews_since` counts in (made once
    for all the drafts of a network)."""
    return [interview.date for interview in network.interviews if interview.status == DONE]


def interviews_since(held: list[date], day: date | None) -> int:
    """How many of the done interviews `held` (`done_dates`) fall after `day` (none: all). After
    your last interaction with someone, none is with them: each of theirs is an interaction."""
    return len(held) - bisect.bisect_right(held, day) if day else len(held)


def referrals_given(referrals: ReferralIndex, person: Person) -> tuple[Referred, ...]:
    """Everyone the person referred you to, and what became of each."""
    referrer = referrals.referrers.get(person.slug)
    return tuple(Referred(r.name, first_name(r.name), r.outcome) for r in referrer.referred) if referrer else ()


def referrals_in(network: Network, referrals: ReferralIndex, interview: Interview) -> tuple[Referred, ...]:
    """The people an interview's `referrals` name, each as your notes name them."""
    found = []
    for reference in interview.referrals:
        resolution = network.resolver.resolve(reference.text)
        name = network.people[resolution.slug].name if resolution.found else written_name(reference.text)
        outcome = referrals.outcome(resolution.slug) if resolution.found else NO_FILE
        found.append(Referred(name, first_name(name), outcome))
    return tuple(dict.fromkeys(found))


def follow_up_date(network: Network, item: FollowUp) -> date | None:
    """The `follow_up` date a follow-up item comes from (on the person or an interview)."""
    if item.kind != "follow-up":
        return None
    person = network.people[item.person]
    if item.file == person.file:
        return person.follow_up
    interview = _interview_of(network, item)
    return interview.follow_up if interview else None


def one_thing_learned(body: str) -> str | None:
    """The first sentence of the first paragraph or list item under the notes' "What I learned"
    heading, as plain text ending in a full stop; None when the section holds no text."""
    block: list[str] = []
    for line in section(body, WHAT_I_LEARNED).split("\n"):
        starts_item, text = bool(_LIST_MARK.match(line)), _plain(_LIST_MARK.sub("", line))
        if block and (not text or starts_item or line.lstrip().startswith("#")):
            break
        if text and not line.lstrip().startswith(("#", "<!--")):
            block.append(text)
    if not block:
        return None
    sentence = _SENTENCE_END.split(" ".join(block))[0]
    return sentence if sentence[-1] in ".!?" else sentence + "."


def _plain(line: str) -> str:
    """A line of Markdown as plain text: wiki links as their shown text, no emphasis marks."""
    return _MARKS.sub("", _WIKI.sub(lambda m: (m.group(2) or m.group(1)).strip(), line)).strip()


def _interview_of(network: Network, item: FollowUp) -> Interview | None:
    """The interview an item comes from, if it comes from one."""
    return next((i for i in network.interviews_of(item.person) if i.file == item.file), None)


def tidy(text: str) -> Draft:
    """A rendered template as a `Draft` (see the module's docstring)."""
    lines = [_SPACES.sub(" ", line.rstrip()) for line in text.replace("\r\n", "\n").split("\n")]
    subject = None
    first = next((number for number, line in enumerate(lines) if line), None)
    if first is not None and (match := _SUBJECT.match(lines[first])):
        subject, lines = match.group(1) or None, lines[first + 1:]
    kept: list[str] = []
    for line in lines:
        if line or (kept and kept[-1]):
            kept.append(line)
    return Draft(subject, "\n".join(kept).strip("\n"))


TITLES = {"reach-out": "Request to {name}", "nudge": "Nudge to {name}", "follow-up": "Follow-up with {name}",
          "circle-back": "Circling back to {name}", "thank-you": "Thank-you card for {name}"}


def draft_title(kind: str, name: str) -> str:
    """What a draft page is called: `Request to Kenji Watanabe`."""
    return TITLES[kind].format(name=name)


def checklist_facts(facts: dict) -> dict:
    """What the checklist needs to know of the network (drafts.js reads it from the page): the
    names to spell as your notes do (theirs first), who suggested them and where they work."""
    names = [facts["name"], facts["introducer"], *(referred.name for referred in facts["referrals"])]
    return {"name": facts["name"], "first_name": facts["first_name"], "names": list(dict.fromkeys(filter(None, names))),
            "introducer": facts["introducer"], "introducer_first_name": facts["introducer_first_name"],
            "company": facts["company"]}


def mailto_link(address: str, draft: Draft) -> str:
    """A `mailto:` link to `address` with the draft's subject and body (RFC 6068), encoded as
    drafts.js encodes it (`encodeURIComponent`), line breaks as CRLF."""
    fields = {"subject": draft.subject, "body": draft.body.replace("\n", "\r\n")}
    query = "&".join(f"{name}={_uri_component(value)}" for name, value in fields.items() if value)
    return f"mailto:{_uri_component(address, '@')}" + (f"?{query}" if query else "")


def _uri_component(text: str, safe: str = "") -> str:
    """`encodeURIComponent`: all but letters, digits and `-_.!~*'()` percent-encoded as UTF-8."""
    return quote(text, safe="!~*'()" + safe)


def and_list(items) -> str:
    """`a`, `a and b`, `a, b and c`."""
    items = [str(item) for item in items]
    return " and ".join(items) if len(items) < 3 else f"{', '.join(items[:-1])} and {items[-1]}"


_NUMBERS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


def spelled(number: int) -> str:
    """A count as a letter writes it: `one` to `ten` in words, larger ones in figures."""
    return _NUMBERS[number] if 0 <= number < len(_NUMBERS) else str(number)
