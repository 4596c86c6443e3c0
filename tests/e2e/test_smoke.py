import re

import pytest
from playwright.sync_api import expect

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)

# The first password field, not "Password confirmation".
PASSWORD_LABEL = re.compile(r"^Password:?$")


def test_visitor_signs_up_logs_out_and_logs_back_in(page):
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welcome to")
    user_menu = page.locator(".user-menu")

    user_menu.get_by_role("link", name="Sign up").click()
    page.get_by_label("Username").fill("cheong-san")
    page.get_by_label("Email").fill("cheongsan@example.org")
    page.get_by_label(PASSWORD_LABEL).fill(PASSWORD)
    page.get_by_label("Password confirmation").fill(PASSWORD)
    page.get_by_role("button", name="Sign up").click()
    expect(user_menu.get_by_role("link", name="cheong-san")).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("Welcome to the wiki")

    user_menu.get_by_role("button", name="Log out").click()
    expect(user_menu.get_by_role("link", name="cheong-san")).to_have_count(0)

    user_menu.get_by_role("link", name="Log in").click()
    page.get_by_label("Username").fill("cheong-san")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(user_menu.get_by_role("link", name="cheong-san")).to_be_visible()


def test_signup_with_a_weak_password_explains_why_and_keeps_the_input(page):
    page.goto("/accounts/signup/")
    page.get_by_label("Username").fill("mi-jin")
    page.get_by_label("Email").fill("mijin@example.org")
    page.get_by_label(PASSWORD_LABEL).fill("password")
    page.get_by_label("Password confirmation").fill("password")
    page.get_by_role("button", name="Sign up").click()

    expect(page.get_by_text("This password is too common.")).to_be_visible()
    expect(page.get_by_label("Username")).to_have_value("mi-jin")
    expect(page.get_by_label("Email")).to_have_value("mijin@example.org")


def test_the_first_tab_reaches_the_skip_link_which_jumps_to_the_content(page):
    page.goto("/")

    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Skip to content")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_in_viewport()
    page.keyboard.press("Enter")

    expect(page.locator("main#content")).to_be_focused()
