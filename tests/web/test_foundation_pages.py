"""The Foundation's pages in process: a joint case from both signatures to severance."""

from __future__ import annotations

import re

from tests.web.conftest import Site, send


def registrar_calls(site: Site, path: str, body: dict[str, int] | None = None) -> None:
    registrar = site.visitor()
    token = registrar.post("/sessions", json={"name": "registrar", "password": "registrar-demo"}).json()[
        "token"
    ]
    answer = registrar.post(path, json=body, headers={"Authorization": f"Bearer {token}"})
    assert answer.status_code == 200, answer.text


def test_a_joint_case_runs_from_both_signatures_to_severance_through_the_pages(site: Site) -> None:
    iruka = site.browser_of("iruka")
    page = iruka.get("/severance").text
    assert "A severance is permanent." in page
    # Without saying they understand it is permanent, nothing is filed.
    unsure = send(iruka, "/severance/apply", {"reasons": "we chose otherwise", "jointly": "jointly"})
    assert unsure.status_code == 422
    assert 'id="e-permanent"' in unsure.text
    filed = send(
        iruka, "/severance/apply", {"reasons": "we chose otherwise", "jointly": "jointly", "permanent": "yes"}
    )
    assert filed.status_code == 303, filed.text
    case = re.search(r"Case (\d+)", iruka.get("/severance").text)
    assert case is not None
    number = case.group(1)

    kakashi = site.browser_of("kakashi")
    assert "awaits your signature" in kakashi.get("/severance").text
    signed = send(kakashi, "/severance/sign", {"case": number, f"sign:{number}": "so did I"})
    assert signed.status_code == 303, signed.text

    gai = site.browser_of("gai")
    assert f"Take case {number}" in gai.get("/casework").text
    taken = send(gai, "/casework/take", {"case": number})
    assert taken.headers["location"] == f"/casework/cases/{number}"
    file = gai.get(f"/casework/cases/{number}").text
    assert "we chose otherwise" in file and "so did I" in file
    # Times as the caseworker lives them, in their own zone, as on a person's pages.
    assert "(Asia/Tokyo)" in file and "(Asia/Tokyo)" in gai.get("/casework").text
    decided = send(
        gai,
        "/casework/decide",
        {"case": number, "verdict": "approve", "decision_reasons": "both partners asked, freely"},
    )
    assert decided.status_code == 303, decided.text
    trail = gai.get(f"/casework/cases/{number}/trail").text
    # The case page and this trail page: each look is on the record.
    assert trail.count("opened the file") == 2

    registrar_calls(site, "/registry/clock/advance", {"days": 31})
    registrar_calls(site, "/registry/deliveries/due")
    for partner in (iruka, kakashi):
        page = partner.get("/severance").text
        assert f"Case {number}: severed" in page
        assert "both partners asked, freely" in page
        assert "your bond is severed" in partner.get("/inbox").text


def test_the_director_hires_an_applicant_from_the_hiring_page(site: Site) -> None:
    iruka = site.browser_of("iruka")
    assert send(iruka, "/jobs").status_code == 303
    kurenai = site.browser_of("kurenai")
    hiring = kurenai.get("/hiring").text
    assert "Hire Iruka Umino" in hiring
    hired = send(kurenai, "/hiring", {"person": "iruka", "senior:iruka": "yes"})
    assert hired.status_code == 303, hired.text
    assert "Iruka Umino, hired" in kurenai.get("/hiring").text


def file_and_decide(site: Site, verdict: str) -> tuple[str, Site]:
    kakashi = site.browser_of("kakashi")
    send(kakashi, "/severance/apply", {"reasons": "I cannot explain it", "permanent": "yes"})
    gai = site.browser_of("gai")
    number = re.search(r"Take case (\d+)", gai.get("/casework").text)
    assert number is not None
    send(gai, "/casework/take", {"case": number.group(1)})
    decided = send(
        gai,
        "/casework/decide",
        {"case": number.group(1), "verdict": verdict, "decision_reasons": "as the file says"},
    )
    assert decided.status_code == 303, decided.text
    return number.group(1), site


def test_an_applicant_withdraws_during_the_cooling_off_and_the_bond_stays(site: Site) -> None:
    number, _ = file_and_decide(site, "approve")
    kakashi = site.browser_of("kakashi")
    page = kakashi.get("/severance").text
    assert f"Case {number}: approved, cooling off" in page
    assert "The cooling-off ends" in page
    withdrawn = send(kakashi, "/severance/withdraw", {"case": number})
    assert withdrawn.status_code == 303, withdrawn.text
    assert f"Case {number}: withdrawn" in kakashi.get("/severance").text
    registrar_calls(site, "/registry/clock/advance", {"days": 31})
    registrar_calls(site, "/registry/deliveries/due")
    iruka = site.browser_of("iruka")
    assert "the application was withdrawn; your bond stays as it was" in iruka.get("/inbox").text
    # The bond still carries: Iruka could apply herself.
    assert "Apply to sever my bond" in iruka.get("/severance").text


def test_the_partner_appeals_a_rejection_once_and_the_director_hears_it(site: Site) -> None:
    number, _ = file_and_decide(site, "reject")
    iruka = site.browser_of("iruka")
    appealed = send(iruka, "/severance/appeal", {"case": number, f"appeal:{number}": "it was not weighed"})
    assert appealed.status_code == 303, appealed.text
    page = iruka.get("/severance").text
    assert f"Case {number}: appealed" in page
    assert f'name="appeal:{number}"' not in page
    kurenai = site.browser_of("kurenai")
    assert f"Hear the appeal on case {number}" in kurenai.get("/casework").text
    heard = send(kurenai, "/casework/take", {"case": number, "appeal": "yes"})
    assert heard.headers["location"] == f"/casework/cases/{number}"
    file = kurenai.get(f"/casework/cases/{number}").text
    assert "it was not weighed" in file
    assert "as the file says" in file
