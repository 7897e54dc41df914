"""What the pages never show: who filed a case, a case file to anyone but its holder, a name unlearnt."""

from __future__ import annotations

import re

from tests.web.conftest import Site, send

PAGES = ("/floor", "/things", "/collection", "/soulmate", "/risks", "/inbox", "/severance")


def test_after_a_sole_application_the_partners_pages_never_say_who_filed_it(site: Site) -> None:
    kakashi = site.browser_of("kakashi")
    filed = send(kakashi, "/severance/apply", {"reasons": "I cannot explain it", "permanent": "yes"})
    assert filed.status_code == 303, filed.text
    iruka = site.browser_of("iruka")
    told = iruka.get("/severance").text
    assert "an application to sever your bond was filed; you may submit a statement" in told
    for path in PAGES:
        page = iruka.get(path).text
        assert "Kakashi" not in page, path
        assert "I cannot explain it" not in page, path


def test_a_case_file_is_shown_only_to_the_caseworker_who_holds_it(site: Site) -> None:
    kakashi = site.browser_of("kakashi")
    send(kakashi, "/severance/apply", {"reasons": "I cannot explain it", "permanent": "yes"})
    gai, kurenai = site.browser_of("gai"), site.browser_of("kurenai")
    queue = gai.get("/casework").text
    number = re.search(r"Take case (\d+)", queue)
    assert number is not None
    # The open queue says which case waits, and nothing of whose it is.
    assert "Hatake" not in queue and "Umino" not in queue
    send(gai, "/casework/take", {"case": number.group(1)})
    for path in (f"/casework/cases/{number.group(1)}", f"/casework/cases/{number.group(1)}/trail"):
        refused = kurenai.get(path)
        assert refused.status_code == 409, path
        assert "I cannot explain it" not in refused.text
        assert "Hatake" not in refused.text
    held = gai.get(f"/casework/cases/{number.group(1)}").text
    assert "I cannot explain it" in held
    assert "Kakashi Hatake" in held
