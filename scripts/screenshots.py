"""Screenshots of every page type at phone, tablet and desktop widths, for the README.

Run it against a running site with the demo content (`make run` in another terminal),
with the same database settings as that site, since it looks the pages up there:

    .venv/bin/python scripts/screenshots.py [--base-url http://127.0.0.1:8000]

It writes docs/screenshots/<page>-<width>.png (zh-hans-<page>-<width>.png in Chinese): the top of each page, at most
MAX_HEIGHT pixels, as palette PNGs to keep the folder small; and menu-open-<width>.png,
the menu opened, at the widths that fold it away.
"""

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.browser.pages import LOAD_ALL_IMAGES  # noqa: E402 - the tests' own wait

WIDTHS = {360: 740, 768: 1024, 1440: 900}
MAX_HEIGHT = 2400


def page_paths():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "agency.settings.dev")
    import django

    django.setup()
    from tests.browser.pages import LANGUAGES, page_types

    # English as <page>-<width>.png; other languages prefixed: zh-hans-<page>-<width>.png.
    paths = {}
    for language in LANGUAGES:
        prefix = "" if language == "en" else f"{language}-"
        paths.update(
            {f"{prefix}{name}": path for name, path in page_types(language).items()}
        )
    return paths


def compress(path):
    """Rewrite a screenshot as an optimised 256-colour PNG (a third of the size)."""
    from PIL import Image

    with Image.open(path) as image:
        palette = image.convert("RGB").quantize(colors=256, dither=Image.Dither.NONE)
    palette.save(path, optimize=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", default="http://127.0.0.1:8000")
    parser.add_argument("--out", default=str(ROOT / "docs" / "screenshots"))
    parser.add_argument("--only", nargs="*", help="page names, e.g. home article")
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    pages = page_paths()
    if args.only:
        pages = {name: path for name, path in pages.items() if name in args.only}
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    chromium = os.environ.get("AGENCY_CHROMIUM", "/usr/bin/chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium, args=["--no-sandbox", "--disable-gpu"]
        )
        for width, height in WIDTHS.items():
            context = browser.new_context(
                base_url=args.base_url, viewport={"width": width, "height": height}
            )
            page = context.new_page()
            for name, path in pages.items():
                page.goto(path)
                page.evaluate(LOAD_ALL_IMAGES)
                page.evaluate("document.fonts.ready")
                full = page.evaluate("document.documentElement.scrollHeight")
                target = out / f"{name}-{width}.png"
                page.screenshot(
                    path=target,
                    full_page=True,
                    clip={
                        "x": 0,
                        "y": 0,
                        "width": width,
                        "height": min(full, MAX_HEIGHT),
                    },
                )
                compress(target)
                print(f"{target.relative_to(ROOT)}  {target.stat().st_size // 1024} KB")
            if width < 1200 and not args.only:
                # The phone and tablet menu, opened.
                page.goto("/")
                page.locator("[data-nav-toggle]").click()
                page.locator("#site-nav").wait_for(state="visible")
                target = out / f"menu-open-{width}.png"
                page.screenshot(path=target)
                compress(target)
                print(f"{target.relative_to(ROOT)}  {target.stat().st_size // 1024} KB")
            context.close()
        browser.close()


if __name__ == "__main__":
    main()
