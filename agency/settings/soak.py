"""`make soak`: production settings, with the per-address limits out of the way.

Every request of the soak comes from 127.0.0.1, so the per-IP limits on views and likes
would measure the 429 page instead of the site (the contact form's limit is raised
through AGENCY_LEADS_RATE_LIMIT_COUNT in scripts/soak.py).
"""

from .production import *  # noqa: F403

ARTICLES_BEACON_RATE = (100_000_000, 60)
ARTICLES_LIKE_RATE = (100_000_000, 60)
