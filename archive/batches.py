"""Reading many rows a bounded number at a time: an export or a backup streams the
archive in batches, with one query per batch for what the rows refer to."""


def batches(items, size):
    """Lists of `size` consecutive items of `items` (the last one shorter), read as they
    are needed: a queryset's `.iterator()` keeps at most one batch in memory."""
    batch = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch
