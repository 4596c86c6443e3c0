"""Renaming, deleting and restoring content."""


def lifecycle_urls(model, prefix: str) -> list:
    return []
