"""Pictures drawn at build time as inline SVG: the referral tree, a person's chain, and the
dashboard's monthly bars and rates.

Pure functions from plain values to SVG markup: no script, nothing loaded from anywhere, every
text escaped. Links are made by the `link` function the caller passes (a site path -> the URL
relative to the page the picture is on), so a picture works on any page, under any base path
and from `file://`. Colours and line styles come from the stylesheet's `pic-*` classes, so the
pictures follow dark mode and print like the rest of the page.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from typing import Callable, Mapping, Sequence

from ..network.activity import Month, Rate
from ..network.assemble import Network
from ..network.model import STRONG
from ..network.referrals import ChainNode, ReferralIndex
from . import urls

Link = Callable[[str], str]

MAX_PEOPLE = 150  # people in one tree picture: past that it is no longer taken in at a glance
MAX_DEPTH = 8
MAX_REFERRED = 12  # of one person, on their page
ROW = 30  # px per person
INDENT = 26  # px per step of the chain
PAD = 12
NAME_WIDTH, NOTE_WIDTH = 7.8, 6.6  # px per character at the stylesheet's sizes, on the safe side


@dataclass(frozen=True)
class Node:
    """A person in a tree picture. `slug` is None for a name with no file yet (then `tie` is None)."""

    slug: str | None
    name: str
    outcome: str
    tie: str | None = None
    children: tuple["Node", ...] = ()


def tree_nodes(roots: Sequence[ChainNode], ties: Mapping[str, str]) -> tuple[Node, ...]:
    """The referral index's trees as picture nodes, with each person's tie."""
    return tuple(Node(root.slug, root.name, root.outcome, ties.get(root.slug) if root.slug else None,
                      tree_nodes(root.children, ties)) for root in roots)


def ties_in(trees: Sequence[tuple[str, ...]], people: Mapping) -> dict[str, str]:
    """slug -> tie of everyone in the trees (each as `ReferralIndex.tree_slugs` gives it): what
    a tree picture shows beyond names and outcomes."""
    return {slug: people[slug].tie for slugs in trees for slug in slugs}


def lineage(network: Network, referrals: ReferralIndex, slug: str) -> Node:
    """The chain from the first person you knew down to `slug`, and whom `slug` referred you to."""
    referrer = referrals.referrers.get(slug)
    referred = referrer.referred[:MAX_REFERRED] if referrer else []
    children = tuple(Node(r.slug, r.name, r.outcome, network.people[r.slug].tie if r.slug else None)
                     for r in referred)
    chain = referrals.chain(slug)
    node = _person_node(network, referrals, slug, children)
    for ancestor in reversed(chain[:-1]):
        node = _person_node(network, referrals, ancestor, (node,))
    return node


def _person_node(network: Network, referrals: ReferralIndex, slug: str, children: tuple[Node, ...]) -> Node:
    person = network.people[slug]
    return Node(slug, person.name, referrals.outcome(slug), person.tie, children)


@dataclass(frozen=True)
class _Row:
    depth: int
    node: Node | None  # None: you, at the root
    parent: int | None


def _rows(roots: Sequence[Node], limit: int) -> tuple[list[_Row], int]:
    """The people in drawing order (each below its referrer, one step further in), and how many
    were left out to keep the picture readable."""
    rows, left_out = [_Row(0, None, None)], 0
    stack = [(root, 1, 0) for root in reversed(roots)]
    while stack:
        node, depth, parent = stack.pop()
        if len(rows) > limit or depth > MAX_DEPTH:
            left_out += _count(node)
            continue
        rows.append(_Row(depth, node, parent))
        here = len(rows) - 1
        stack.extend((child, depth + 1, here) for child in reversed(node.children))
    return rows, left_out


def _count(node: Node) -> int:
    count, stack = 0, [node]
    while stack:
        count += 1
        stack.extend(stack.pop().children)
    return count


def _class_of(value: str) -> str:
    return value.replace(" ", "-")


def referral_tree(owner: str, roots: Sequence[Node], link: Link, current: str | None = None,
                  limit: int = MAX_PEOPLE, hidden: bool = False) -> str:
    """A layered tree with you at the root: each person one step in from whoever referred them.

    Strong ties have thick rings and lines, weak ties thin ones; people not contacted yet (and
    names with no file yet) are hollow, dashed circles. Each person links to their page but
    `current`, the page's own person. `hidden` makes it a picture only, out of the way of
    keyboards and screen readers, for pages that say the same in text right beside it.
    """
    rows, left_out = _rows(roots, limit)
    height = 2 * PAD + ROW * (len(rows) + (1 if left_out else 0))
    width = 0.0
    edges, nodes = [], []
    for index, row in enumerate(rows):
        x, y = PAD + 10 + row.depth * INDENT, PAD + ROW * index + ROW // 2
        node = row.node
        if node is None:
            name, note, classes, radius, title = owner, "you", "pic-node pic-you", 9, f"{owner} (you)"
        else:
            strong = node.tie == STRONG
            radius = 8 if strong else 6
            tie = "pic-strong" if strong else "pic-weak" if node.tie else "pic-unknown"
            classes = f"pic-node pic-{_class_of(node.outcome)} {tie}"
            name, note = node.name, node.outcome
            title = f"{node.name}: {node.outcome}" if node.tie is None else f"{node.name}: {node.tie} tie, {node.outcome}"
            parent = rows[row.parent]
            px, py = PAD + 10 + parent.depth * INDENT, PAD + ROW * row.parent + ROW // 2
            # Down from the referrer (shared by siblings, so always thin), then across to the
            # person, as thick as your tie; the circles, drawn over the lines, hide the ends.
            edges.append(f'<path class="pic-edge" d="M{px} {py}V{y}"/><path class="pic-edge {tie}" d="M{px} {y}H{x}"/>')
        if node is not None and current is not None and node.slug == current:
            classes += " pic-current"
        label = (f'<circle class="{classes}" cx="{x}" cy="{y}" r="{radius}"/>'
                 f'<text x="{x + 16}" y="{y + 5}">{escape(name)}<tspan class="pic-note"> · {escape(note)}</tspan></text>')
        if node is not None and node.slug and node.slug != current:
            focus = ' tabindex="-1"' if hidden else ""
            nodes.append(f'<a href="{escape(link(urls.person_page(node.slug)))}"{focus}>'
                         f'<title>{escape(title)}</title>{label}</a>')
        else:
            nodes.append(f'<g><title>{escape(title)}</title>{label}</g>')
        width = max(width, x + 16 + NAME_WIDTH * len(name) + NOTE_WIDTH * (len(note) + 3))
    if left_out:
        more = f"… and {left_out} more {'person' if left_out == 1 else 'people'}, in the list below"
        nodes.append(f'<text class="pic-note" x="{PAD}" y="{height - PAD - ROW // 2 + 5}">{escape(more)}</text>')
        width = max(width, PAD + NOTE_WIDTH * len(more))
    width = int(width) + PAD
    people = len(rows) - 1
    described = (' aria-hidden="true"' if hidden else
                 f' role="group" aria-label="{escape(f"Referral tree from {owner}: {people + left_out} people")}"')
    return (f'<svg class="pic pic-tree" viewBox="0 0 {width} {height}" width="{width}" height="{height}"{described}>'
            f'<g class="pic-edges">{"".join(edges)}</g>{"".join(nodes)}</svg>')


def month_bars(title: str, months: Sequence[Month], count: Callable[[Month], int], unit: tuple[str, str]) -> str:
    """Bars for the last months, labelled; screen readers get every month's number."""
    width, top, base = 360, 18, 104
    slot = (width - 2 * PAD) / len(months)
    bar = slot * 0.62
    values = [count(month) for month in months]
    peak = max(values) or 1
    parts = [f'<line class="pic-axis" x1="{PAD}" y1="{base}" x2="{width - PAD}" y2="{base}"/>']
    for index, (month, value) in enumerate(zip(months, values)):
        middle = PAD + slot * index + slot / 2
        tall = round((base - top) * value / peak, 1)
        said = f"{month.long}: {value} {unit[0] if value == 1 else unit[1]}"
        parts.append(f'<g><title>{escape(said)}</title>'
                     f'<rect class="pic-bar" x="{middle - bar / 2:.1f}" y="{base - tall}" width="{bar:.1f}" height="{tall}"/>'
                     + (f'<text class="pic-value" x="{middle:.1f}" y="{base - tall - 4}">{value}</text>' if value else "")
                     + f'<text class="pic-month" x="{middle:.1f}" y="{base + 16}">{escape(month.short)}</text></g>')
    total = sum(values)
    spoken = (f"{title}, {months[0].long} to {months[-1].long}: "
              + ", ".join(f"{m.long} {v}" for m, v in zip(months, values)) + f". {total} in all.")
    return (f'<svg class="pic pic-bars" viewBox="0 0 {width} 126" role="img" aria-label="{escape(spoken)}">'
            f'{"".join(parts)}</svg>')


def rate_bar(title: str, rate: Rate) -> str:
    """A bar filled to the share of `rate`."""
    filled = 300 * rate.done / rate.total if rate.total else 0
    spoken = f"{title}: {rate.done} of {rate.total} ({rate.percent}%)"
    return (f'<svg class="pic pic-rate" viewBox="0 0 300 12" preserveAspectRatio="none" role="img" '
            f'aria-label="{escape(spoken)}"><rect class="pic-track" width="300" height="12" rx="6"/>'
            f'<rect class="pic-fill" width="{filled:.1f}" height="12" rx="6"/></svg>')
