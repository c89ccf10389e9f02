"""Driving the zone picker (static/js/zone_picker.js) the way a reader does: type, then pick
the zone from the list with the keyboard or the mouse."""


def type_search(page, text):
    field = page.locator("#zone-picker-q")
    field.fill("")
    field.press_sequentially(text, delay=30)
    # the list once it answers this text (the script marks it with the text it answers)
    page.locator("#zone-picker-list").and_(page.locator(f'[data-query="{text}"]')).wait_for()


def pick_zone(page, text, slug, *, by="mouse"):
    """Type ``text`` into the picker and pick ``slug`` from the list: by ``mouse`` (a click)
    or by ``keyboard`` (ArrowDown until it is the active option, then Enter)."""
    type_search(page, text)
    option = page.locator(f'#zone-picker-list [role=option][data-slug="{slug}"]')
    assert option.count() == 1, f"{slug} is not offered for {text!r}"
    if by == "mouse":
        option.click()
    else:
        field = page.locator("#zone-picker-q")
        for _ in range(page.locator("#zone-picker-list [role=option]").count()):
            field.press("ArrowDown")
            if field.get_attribute("aria-activedescendant") == option.get_attribute("id"):
                break
        assert option.get_attribute("aria-selected") == "true"
        field.press("Enter")
    page.wait_for_selector(f'.picker-chips .chip[data-slug="{slug}"]')
