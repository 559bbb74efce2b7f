from django.core.cache import cache

BLOCK_KEYS = []


def invalidate_block_cache():
    cache.delete_many(BLOCK_KEYS)
