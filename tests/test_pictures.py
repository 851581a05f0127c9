"""Pictures drawn at build time: the referral tree, each person's chain and the dashboard charts."""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from datetime import date

from site_builder.network.activity import Month, Rate, activity, last_months
from site_builder.network.referrals import build_referral_index
from site_builder.render.pages import dashboard_numbers
from site_builder.render.pictures import Node, lineage, month_bars, rate_bar, referral_tree
from site_builder.site import Site

TODAY = date(2026, 11, 26)
NETWORK = {
    "people/ada.md": "---\nname: Ada Lovelace\ntie: strong\ncontacted: 2026-01-05\nadded: 2026-01-02\n---\n",
    "people/bo.md": "---\nname: Bo Brown\nintroduced_by: ada\nadded: 2026-11-03\n---\n",
    "people/cy.md": "---\nname: Cy Chan\nadded: 2026-11-03\n---\n",
    "interviews/2026-11-10-ada.md": "---\nperson: ada\ndate: 2026-11-10\nthanked: 2026-11-11\n"
                                    "referrals: [bo, Dee Dune]\n---\n",
    "interviews/2026-10-01-cy.md": "---\nperson: cy\ndate: 2026-10-01\nthanked: 2026-10-09\n---\n",
    "interviews/2026-11-25-cy.md": "---\nperson: cy\ndate: 2026-11-25\n---\n",
}


def link(target: str) -> str:
    return "../" + target


def parse(svg: str) -> etree.Element:
    return etree.fromstring(svg)  # well-formed XML, as inline SVG must be


def checked(network):
    return Site(network(NETWORK), TODAY).check()


def test_the_tree_has_you_at_the_root_and_each_person_one_step_in_from_their_referrer():
    roots = (Node("ada", "Ada", "interviewed", "strong", (Node("bo", "Bo", "not contacted", "weak"),)),)
    svg = parse(referral_tree("Sam", roots, link))
    texts = [("".join(text.itertext()), float(text.get("x"))) for text in svg.iter("text")]
    assert [name for name, _ in texts] == ["Sam · you", "Ada · interviewed", "Bo · not contacted"]
    assert texts[0][1] < texts[1][1] < texts[2][1]


def test_each_person_links_to_their_page_relative_to_the_page_showing_the_picture():
    roots = (Node("ada", "Ada", "contacted", "weak"), Node(None, "Dee", "no file yet"))
    svg = parse(referral_tree("Sam", roots, link))
    assert [a.get("href") for a in svg.iter("a")] == ["../people/ada/index.html"]


def test_strong_and_weak_ties_and_people_not_contacted_are_drawn_differently():
    roots = (Node("ada", "Ada", "interviewed", "strong", (Node("bo", "Bo", "not contacted", "weak"),)),
             Node(None, "Dee", "no file yet"))
    svg = parse(referral_tree("Sam", roots, link))
    circles = [circle.get("class").split() for circle in svg.iter("circle")]
    assert "pic-strong" in circles[1] and "pic-interviewed" in circles[1]
    assert "pic-weak" in circles[2] and "pic-not-contacted" in circles[2]
    assert "pic-unknown" in circles[3] and "pic-no-file-yet" in circles[3]
    assert float(svg.findall(".//circle")[1].get("r")) > float(svg.findall(".//circle")[2].get("r"))


def test_every_text_in_a_picture_is_escaped():
    roots = (Node("eve", '<script>alert(1)</script>', "contacted", "weak"),)
    svg = referral_tree('"><svg onload=alert(1)>', roots, link)
    assert "<script" not in svg and "<svg onload" not in svg
    assert "&lt;script&gt;" in svg


def test_a_large_tree_is_capped_and_says_how_many_more_are_in_the_list():
    roots = tuple(Node(f"p{n}", f"Person {n}", "contacted", "weak") for n in range(10))
    svg = parse(referral_tree("Sam", roots, link, limit=4))
    assert len(list(svg.iter("a"))) == 4
    assert any("6 more people" in "".join(text.itertext()) for text in svg.iter("text"))


def test_the_page_of_a_person_is_not_linked_from_their_own_chain_and_the_picture_stays_out_of_the_way():
    roots = (Node("ada", "Ada", "interviewed", "strong", (Node("bo", "Bo", "contacted", "weak"),)),)
    svg = parse(referral_tree("Sam", roots, link, current="bo", hidden=True))
    assert svg.get("aria-hidden") == "true"
    assert [(a.get("href"), a.get("tabindex")) for a in svg.iter("a")] == [("../people/ada/index.html", "-1")]
    assert "pic-current" in svg.findall(".//circle")[2].get("class")


def test_a_persons_lineage_runs_from_the_first_person_you_knew_to_those_they_referred(network):
    result = checked(network)
    node = lineage(result.network, build_referral_index(result.network), "ada")
    assert (node.slug, node.tie, node.outcome) == ("ada", "strong", "interviewed")
    assert [(child.slug, child.name, child.outcome) for child in node.children] == [
        ("bo", "Bo Brown", "not contacted"), (None, "Dee Dune", "no file yet")]
    below = lineage(result.network, build_referral_index(result.network), "bo")
    assert (below.slug, below.children[0].slug) == ("ada", "bo")


def test_month_bars_give_screen_readers_every_months_number():
    months = [Month(first, index % 3, 0) for index, first in enumerate(last_months(TODAY))]
    svg = parse(month_bars("Interviews per month", months, lambda m: m.interviews, ("interview", "interviews")))
    assert svg.get("role") == "img"
    label = svg.get("aria-label")
    assert label.startswith("Interviews per month, December 2025 to November 2026: December 2025 0, January 2026 1,")
    assert label.endswith("November 2026 2. 12 in all.")
    assert len(list(svg.iter("rect"))) == 12
    assert [t.text for t in svg.iter("title")][1] == "January 2026: 1 interview"


def test_a_rate_bar_is_filled_to_its_share():
    svg = parse(rate_bar("Thank-you notes sent within two days", Rate(3, 4)))
    assert svg.get("aria-label") == "Thank-you notes sent within two days: 3 of 4 (75%)"
    assert svg.findall("rect")[1].get("width") == "225.0"
    assert parse(rate_bar("Nothing yet", Rate(0, 0))).findall("rect")[1].get("width") == "0.0"


def test_activity_counts_interviews_and_new_contacts_in_each_of_the_last_twelve_months(network):
    result = checked(network)
    numbers = activity(result.network, build_referral_index(result.network), TODAY)
    by_month = {month.first_day: (month.interviews, month.contacts) for month in numbers.months}
    assert len(numbers.months) == 12 and numbers.months[-1].first_day == date(2026, 11, 1)
    assert by_month[date(2026, 11, 1)] == (2, 2)  # Ada's and Cy's of the 25th (done by its date); Bo and Cy, both on the 3rd
    assert by_month[date(2026, 10, 1)] == (1, 0)
    assert by_month[date(2026, 1, 1)] == (0, 1)


def test_thank_yous_count_as_on_time_within_two_days_and_only_once_two_days_have_passed(network):
    result = checked(network)
    numbers = activity(result.network, build_referral_index(result.network), TODAY)
    # Ada's (a day later) is on time, Cy's of October (8 days) is not; yesterday's is not due yet.
    assert (numbers.thanked_on_time.done, numbers.thanked_on_time.total) == (1, 2)


def test_referrals_reached_out_to_counts_every_referral_given(network):
    result = checked(network)
    numbers = activity(result.network, build_referral_index(result.network), TODAY)
    assert (numbers.referrals_reached.done, numbers.referrals_reached.total) == (0, 2)  # Bo, Dee Dune


def test_the_dashboard_counts_ties_interviews_and_the_referrals_followed_up(network):
    site = Site(network(NETWORK), TODAY)
    numbers = dashboard_numbers(site.content(site.check()))
    assert numbers == {"people": 3, "weak": 2, "strong": 1, "interviews": 3, "scheduled": 0,
                       "referrals": 2, "followed_up": 0}  # Bo is not contacted yet, Dee Dune has no file


def test_the_built_pages_carry_the_pictures(network, tmp_path):
    out = tmp_path / "site"
    assert Site(network(NETWORK), TODAY).build(out).built
    dashboard = (out / "index.html").read_text()
    assert dashboard.count('<svg class="pic pic-bars"') == 2 and dashboard.count('<svg class="pic pic-rate"') == 2
    referrals = (out / "referrals" / "index.html").read_text()
    assert re.search(r'<svg class="pic pic-tree"[^>]*role="group"', referrals)
    assert 'href="../people/bo/index.html"' in referrals[referrals.index("pic-tree"):]
    bo = (out / "people" / "bo" / "index.html").read_text()
    assert 'aria-hidden="true"' in bo[bo.index("pic-tree") - 40:] and 'href="../ada/index.html"' in bo
