import pytest
from playwright.sync_api import expect

from tests.factories import UserFactory, make_character, make_page, make_season

pytestmark = pytest.mark.django_db(transaction=True)

BODY = """\
The outbreak starts at Hyosan High School.

:::spoiler 1
On-jo and Su-hyeok escape the school.
:::

:::spoiler 2
Cheong-san comes back as a half-zombie.
:::
"""


@pytest.fixture
def spoiler_page():
    """A wiki page with a spoiler for each of the two seasons that exist."""
    make_season(1)
    make_season(2)
    return make_page(title="The Hyosan outbreak", body=BODY)


def spoiler_block(page, season: int):
    return page.locator(f'details.spoiler[data-season="{season}"]')


def expect_collapsed(page, season: int, text: str) -> None:
    block = spoiler_block(page, season)
    expect(block.get_by_text(f"Spoiler for season {season}")).to_be_visible()
    expect(block.get_by_text(text)).to_be_hidden()


def expect_plain(page, season: int, text: str) -> None:
    block = spoiler_block(page, season)
    expect(block.get_by_text(text)).to_be_visible()
    expect(block.get_by_text(f"Spoiler for season {season}")).to_be_hidden()


def choose_spoiler_level(page, choice: str) -> None:
    """Open the header's spoiler menu and press one of its seasons."""
    menu = page.locator(".spoiler-menu")
    menu.get_by_text("Spoilers:").click()
    menu.get_by_role("button", name=choice, exact=True).click()


SEASON_1 = "On-jo and Su-hyeok escape"
SEASON_2 = "Cheong-san comes back"


def test_a_visitor_opens_a_spoiler_and_chooses_how_far_they_have_watched(
    page, spoiler_page
):
    path = f"/wiki/{spoiler_page.slug}/"
    page.goto(path)
    expect(page.locator(".spoiler-menu summary")).to_have_text("Spoilers: none watched")
    expect_collapsed(page, 1, SEASON_1)
    expect_collapsed(page, 2, SEASON_2)

    # Each spoiler can be opened and closed again by hand.
    summary = spoiler_block(page, 2).get_by_text("Spoiler for season 2")
    summary.click()
    expect(spoiler_block(page, 2).get_by_text(SEASON_2)).to_be_visible()
    summary.click()
    expect(spoiler_block(page, 2).get_by_text(SEASON_2)).to_be_hidden()

    choose_spoiler_level(page, "Season 2")
    expect(page.get_by_role("status")).to_contain_text("up to season 2")
    assert page.url.endswith(path)
    expect(page.locator(".spoiler-menu summary")).to_have_text(
        "Spoilers: up to season 2"
    )
    expect_plain(page, 1, SEASON_1)
    expect_plain(page, 2, SEASON_2)

    choose_spoiler_level(page, "Season 1")
    expect(page.get_by_role("status")).to_contain_text("up to season 1")
    assert page.url.endswith(path)
    expect_plain(page, 1, SEASON_1)
    expect_collapsed(page, 2, SEASON_2)
    page.locator(".spoiler-menu summary").click()
    expect(
        page.locator(".spoiler-menu").get_by_role("button", name="Season 1")
    ).to_have_attribute("aria-pressed", "true")


def test_a_visitors_spoiler_level_is_kept_in_their_browser_only(
    page, browser, live_server, spoiler_page
):
    path = f"/wiki/{spoiler_page.slug}/"
    page.goto(path)
    choose_spoiler_level(page, "Season 2")
    expect_plain(page, 2, SEASON_2)

    page.goto("/characters/")
    page.goto(path)
    expect_plain(page, 2, SEASON_2)

    context = browser.new_context(base_url=live_server.url)
    try:
        other_browser = context.new_page()
        other_browser.goto(path)
        expect_collapsed(other_browser, 2, SEASON_2)
    finally:
        context.close()


def test_a_fans_spoiler_level_is_kept_on_their_account_in_a_new_browser(
    page_for, spoiler_page
):
    fan = UserFactory()
    path = f"/wiki/{spoiler_page.slug}/"
    laptop = page_for(fan)
    laptop.goto(path)
    expect_collapsed(laptop, 2, SEASON_2)
    choose_spoiler_level(laptop, "Season 2")
    expect_plain(laptop, 2, SEASON_2)

    phone = page_for(fan)  # a new browser context, with a session of its own
    phone.goto(path)
    expect(phone.locator(".spoiler-menu summary")).to_have_text(
        "Spoilers: up to season 2"
    )
    expect_plain(phone, 2, SEASON_2)
    fan.refresh_from_db()
    assert fan.spoiler_season == 2


def test_a_spoiler_tagged_status_is_hidden_before_its_season_and_plain_after_it(
    page_for,
):
    make_season(1)
    make_season(2)
    character = make_character(
        name="Lee Cheong-san",
        status="deceased",
        status_spoiler_season=2,
        seasons="1,2",
    )
    level_1 = page_for(UserFactory(spoiler_season=1))
    level_2 = page_for(UserFactory(spoiler_season=2))
    # The infobox of the character's page, then its card in the list.
    places = [(f"/characters/{character.slug}/", ".infobox"), ("/characters/", ".card")]

    for path, scope in places:
        level_1.goto(path)
        status = level_1.locator(scope).locator("details.spoiler")
        expect(status.get_by_text("Spoiler for season 2")).to_be_visible()
        expect(status.get_by_text("Deceased")).to_be_hidden()
        expect(level_1.locator(scope).get_by_text("Deceased")).to_be_hidden()

        status.get_by_text("Spoiler for season 2").click()
        expect(status.get_by_text("Deceased")).to_be_visible()

        level_2.goto(path)
        status = level_2.locator(scope).locator("details.spoiler")
        expect(status.get_by_text("Deceased")).to_be_visible()
        expect(status.get_by_text("Spoiler for season 2")).to_be_hidden()
