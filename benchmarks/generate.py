"""Generate a network for benchmarks: N people and M interviews, of one of two shapes.

- synthetic (the default): every person and interview field is used, every person has notes of
  a few paragraphs with tasks and wiki links, referrals form trees several levels deep, and
  there are a third as many interviews as people unless told.
- realistic: a network as imported from LinkedIn. Every person has what `ties import linkedin`
  writes (name, company, title, linkedin, the day they connected, as `added` and
  `linkedin_connected`) and no notes, but 1 % of them (every hundredth: person-00000,
  person-00100, ...), the people you are in touch with, who have every field and notes as in
  the synthetic shape; one interview for every 200 people unless told, each with one of them.

The same seed always gives the same files.

    python benchmarks/generate.py DIR --people 1000 [--shape realistic] [--interviews 333] [--seed 1]
"""

from __future__ import annotations

import argparse
import random
from datetime import date, timedelta
from pathlib import Path

FIRST = ("Ada Alan Grace Linus Margaret Ken Barbara Dennis Frances Edsger Radia Donald Hedy Tim Katherine "
         "John Sophie Guido Anita Bjarne Yukihiro Shafi Leslie Niklaus Adele Fran Jean Mary Claude Karen").split()
LAST = ("Okafor Lindqvist Raman Fischer Watanabe Osei Petrova Adeyemi Bell Haddad Menon Marquez Demir Ruiz "
        "Brandt Novak Silva Kowalski Nguyen Haddad Moreau Rossi Tanaka Jensen Kaur Costa Murphy Sato").split()
COMPANIES = ("Northwind Robotics", "Fablehouse Games", "Lumen Health", "Quarry Data", "Tidewater Analytics",
             "Bright Circuit", "Harbor Logistics", "Copperleaf Bank", "Juniper Labs", "Atlas Mapping")
TITLES = ("Staff Engineer", "Engineering Manager", "Data Engineer", "Product Manager", "Recruiter",
          "Developer Advocate", "Tools Programmer", "Platform Engineer", "Director of Engineering")
TOPICS = ("developer tools", "data engineering", "hiring", "remote work", "compilers", "build systems",
          "career change", "testing", "observability", "machine learning", "security", "open source")
WORDS = ("pipeline build team hiring manager remote testing review design deploy platform tools "
         "interview referral advice skills schedule feedback product customer data warehouse").split()
START = date(2024, 1, 1)
SHAPES = ("synthetic", "realistic")
IN_TOUCH = 100  # realistic: one person in this many has notes (those whose number it divides)


def default_interviews(people: int, shape: str = "synthetic") -> int:
    """How many interviews a network of `people` has unless told: a third as many, or at the
    realistic shape one for every 200 people."""
    return people // 200 if shape == "realistic" else people // 3


def sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(8, 16))]
    return " ".join(words).capitalize() + "."


def paragraph(rng: random.Random) -> str:
    return " ".join(sentence(rng) for _ in range(rng.randint(2, 4)))


def generate(folder: Path, people: int, interviews: int, seed: int = 1, shape: str = "synthetic") -> None:
    """Write a network of `people` people and `interviews` interviews of `shape` in `folder`."""
    rng = random.Random(seed)
    (folder / "people").mkdir(parents=True, exist_ok=True)
    (folder / "interviews").mkdir(parents=True, exist_ok=True)
    names = []
    for number in range(people):
        names.append((f"{rng.choice(FIRST)} {rng.choice(LAST)} {number:05d}", f"person-{number:05d}"))
    in_touch = list(range(people)) if shape == "synthetic" else list(range(0, people, IN_TOUCH))
    introducers: dict[int, int] = {}
    for place, number in enumerate(in_touch):
        if place >= 20 and rng.random() < 0.6:  # referral trees, several levels deep
            introducers[number] = in_touch[rng.randrange(max(0, place - 200), place)]
    for number, (name, slug) in enumerate(names):
        if shape == "synthetic" or number % IN_TOUCH == 0:
            text = person_in_touch(rng, number, names, introducers.get(number))
        else:
            text = person_imported(rng, name, slug)
        (folder / "people" / f"{slug}.md").write_text(text, encoding="utf-8")
    for number in range(interviews):
        who = in_touch[rng.randrange(len(in_touch))]
        held = START + timedelta(days=rng.randrange(0, 1100))
        (folder / "interviews" / f"{held}-{names[who][1]}-{number:05d}.md").write_text(
            interview(rng, names, names[who][1], held), encoding="utf-8")


def person_in_touch(rng: random.Random, number: int, names: list[tuple[str, str]], introducer: int | None) -> str:
    """The file of someone you are in touch with: every field, and notes with tasks and a link."""
    name, slug = names[number]
    added = START + timedelta(days=rng.randrange(0, 900))
    lines = [
        "---", f"name: {name}", f"company: {rng.choice(COMPANIES)}", f"title: {rng.choice(TITLES)}",
        "location: Toronto, ON", f"email: {slug}@example.com", f'phone: "+1 555 {number % 10000:04d}"',
        f'linkedin: "https://www.linkedin.com/in/{slug}"', f'links: ["https://{slug}.example.org"]',
        f"tie: {'strong' if rng.random() < 0.1 else 'weak'}",
    ]
    if introducer is not None:
        lines.append(f"introduced_by: {names[introducer][1]}")
    lines += [
        "how_we_met: A friend of a friend, at a meetup.",
        f"topics: [{', '.join(rng.sample(TOPICS, 2))}]", "tags: [generated]", f"added: {added}",
    ]
    if rng.random() < 0.5:
        lines.append(f"contacted: {added + timedelta(days=3)}")
    if rng.random() < 0.3:
        lines.append(f"last_contact: {added + timedelta(days=20)}")
    if rng.random() < 0.4:
        lines.append(f"linkedin_connected: {added + timedelta(days=10)}")
    if rng.random() < 0.2:
        lines.append(f'cadence: "{rng.choice(["30d", "6w", "3m"])}"')
    if rng.random() < 0.1:
        lines.append(f"follow_up: {added + timedelta(days=60)}")
    if rng.random() < 0.02:
        lines.append("archived: true")
    other = names[rng.randrange(len(names))][1]
    lines += ["---", paragraph(rng), "", f"Met through [[{other}]]. {paragraph(rng)}", "",
              f"- [ ] Send a note about {rng.choice(WORDS)} due:{added + timedelta(days=30)}",
              "- [x] Add to the network", ""]
    return "\n".join(lines)


def person_imported(rng: random.Random, name: str, slug: str) -> str:
    """The file `ties import linkedin` writes for a connection: no notes."""
    connected = START + timedelta(days=rng.randrange(0, 900))
    return "\n".join([
        "---", f"name: {name}", f"company: {rng.choice(COMPANIES)}", f"title: {rng.choice(TITLES)}",
        f"linkedin: https://www.linkedin.com/in/{slug}", f"added: {connected}", f"linkedin_connected: {connected}",
        "---", ""])


def interview(rng: random.Random, names: list[tuple[str, str]], slug: str, held: date) -> str:
    """An interview's file, with `slug` on `held`: every field and each section of the notes."""
    referred = [names[rng.randrange(len(names))][1] for _ in range(rng.randint(0, 2))]
    lines = [
        "---", f"person: {slug}", f"date: {held}", f'time: "{rng.randint(8, 17)}:{rng.choice(["00", "30"])}"',
        "duration: 15", f"channel: {rng.choice(['phone', 'video', 'in-person'])}",
        f"topics: [{', '.join(rng.sample(TOPICS, 2))}]", f"referrals: [{', '.join(referred)}]",
    ]
    if rng.random() < 0.7:
        lines.append(f"thanked: {held + timedelta(days=1)}")
    if rng.random() < 0.3:
        lines.append(f"follow_up: {held + timedelta(days=45)}")
    lines.append(f"may_follow_up: {'true' if rng.random() < 0.9 else 'false'}")
    lines += ["---", "## Their work", paragraph(rng), "", "## Career advice", paragraph(rng), "",
              "## Summary", sentence(rng), "", "## What I learned", paragraph(rng), "",
              "## Questions for next time", f"- {sentence(rng)}", "",
              f"- [ ] Follow up on [[{slug}]]'s advice 📅 {held + timedelta(days=14)}", ""]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--people", type=int, default=1000)
    parser.add_argument("--shape", choices=SHAPES, default="synthetic")
    parser.add_argument("--interviews", type=int, help="default: a third as many as people; realistic: 1 in 200")
    parser.add_argument("--seed", type=int, default=1)
    arguments = parser.parse_args()
    interviews = (arguments.interviews if arguments.interviews is not None
                  else default_interviews(arguments.people, arguments.shape))
    generate(arguments.folder, arguments.people, interviews, arguments.seed, arguments.shape)


if __name__ == "__main__":
    main()
