"""`make soak`: production settings, with the per-address limits out of the way.

Every request of the soak comes from 127.0.0.1, so the per-address limits on views and
likes would measure the 429 page (or uncounted views) instead of the site. The contact
form's limit is raised through AGENCY_LEADS_RATE_LIMIT_COUNT in scripts/soak.py, which
raises its ceiling with it. The limiter itself still runs on every request.
"""

from .production import *  # noqa: F403

ARTICLES_BEACON_RATE = (100_000_000, 60)
ARTICLES_LIKE_RATE = (100_000_000, 60)
ARTICLES_VIEWS_PER_ADDRESS = (100_000_000, 60)
ARTICLES_LIKES_PER_ADDRESS = (100_000_000, 60)
