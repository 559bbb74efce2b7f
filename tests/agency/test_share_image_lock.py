"""A share image not yet drawn never holds a worker on its lock: not when Redis is down
(the lock cannot be taken), and only as long as another request is drawing it."""

import threading
import time

import pytest
from PIL import Image

from agency.core import cards
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

# A worker held for the lock's whole wait (cards.WAIT_SECONDS, 10 s) fails these; a
# drawing takes well under a second.
PROMPT_SECONDS = 3


def small_image():
    return Image.new("RGB", (20, 10), "navy")


def test_stored_png_draws_at_once_when_the_cache_cannot_hold_the_lock(redis_down):
    started = time.monotonic()
    path = cards.stored_png("cards", "test", "v1", small_image)
    assert time.monotonic() - started < PROMPT_SECONDS
    assert path.exists()


@pytest.mark.parametrize("image", ["poster.png", "card.png"])
def test_share_image_answers_promptly_with_redis_down(client, redis_down, image):
    article = ArticleFactory()
    started = time.monotonic()
    response = client.get(f"{article.get_absolute_url()}{image}")
    elapsed = time.monotonic() - started
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert elapsed < PROMPT_SECONDS, f"a worker was held {elapsed:.1f} s"


def test_a_held_lock_still_makes_others_wait_for_the_file(settings):
    """With a working cache the lock still does its job: one draws, the other waits."""
    lock = "cards:lock:cards/held-v1"
    assert cards.cache.add(lock, "another process", timeout=30)
    path = settings.MEDIA_ROOT / "cards" / "held-v1.png"

    def the_other_drawer():
        time.sleep(0.5)
        path.parent.mkdir(parents=True, exist_ok=True)
        small_image().save(path, "PNG")
        cards.cache.delete(lock)

    drawn = []
    other = threading.Thread(target=the_other_drawer)
    other.start()
    try:
        result = cards.stored_png(
            "cards", "held", "v1", lambda: drawn.append(1) or small_image()
        )
    finally:
        other.join()
    assert result == path
    assert drawn == []  # this request did not draw it again
