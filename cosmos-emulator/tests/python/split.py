"""Partition split scenario: the official async Python SDK reads across a split.

The harness starts the emulator with two partitions. The script writes items over many
partition keys, reads the first page of a cross-partition query and the whole change feed,
prints `split` and waits for a line on stdin while the harness splits range "0". It then
pages through the rest of the query (the SDK gets 410/1002 for range "0", refreshes its
partition key ranges incrementally and continues on the children), resumes the change feed
from its pre-split continuation, and runs fresh queries over the new layout.
"""

import asyncio
import os
import sys

from azure.cosmos import PartitionKey
from azure.cosmos.aio import CosmosClient

ENDPOINT = os.environ["COSMOS_ENDPOINT"]
KEY = os.environ["COSMOS_KEY"]
ITEMS = 60


def check(condition, message):
    if not condition:
        raise AssertionError(message)


async def main():
    async with CosmosClient(ENDPOINT, KEY) as client:
        db = await client.create_database("splits")
        container = await db.create_container("c", partition_key=PartitionKey(path="/pk"))
        for i in range(ITEMS):
            await container.create_item({"id": f"d{i}", "pk": f"k{i}", "n": i})

        query = container.query_items("SELECT c.id, c.n FROM c", max_item_count=7).by_page()
        seen = [item async for item in await query.__anext__()]
        check(len(seen) == 7, f"first query page {len(seen)}")
        feed = container.query_items_change_feed(start_time="Beginning", max_item_count=10).by_page()
        changes = []
        async for page in feed:
            changes.extend([d async for d in page])
        check(len(changes) == ITEMS, f"change feed before the split: {len(changes)}")
        token = feed.continuation_token
        ranges_before = [r async for r in container.client_connection._ReadPartitionKeyRanges(
            container.container_link)]
        print(f"ok {ITEMS} items over {len(ranges_before)} ranges, query page 1, change feed", flush=True)

        print("split", flush=True)
        await asyncio.get_running_loop().run_in_executor(None, sys.stdin.readline)

        async for page in query:
            seen.extend([item async for item in page])
        ids = sorted(item["id"] for item in seen)
        check(ids == sorted(f"d{i}" for i in range(ITEMS)),
              f"query across the split: {len(ids)} rows, {len(set(ids))} distinct")
        print("ok query paged across the split", flush=True)

        for i in range(ITEMS, ITEMS + 9):
            await container.create_item({"id": f"d{i}", "pk": f"k{i}", "n": i})
        resumed = [d["id"] async for d in container.query_items_change_feed(continuation=token)]
        check(sorted(resumed) == sorted(f"d{i}" for i in range(ITEMS, ITEMS + 9)),
              f"change feed resumed across the split: {sorted(resumed)}")
        everything = [d async for d in container.query_items_change_feed(start_time="Beginning")]
        check(len(everything) == ITEMS + 9, f"change feed from the beginning: {len(everything)}")
        print("ok change feed resumed across the split", flush=True)

        ordered = [r async for r in container.query_items(
            "SELECT VALUE c.n FROM c ORDER BY c.n DESC", max_item_count=5)]
        check(ordered == list(range(ITEMS + 8, -1, -1)), f"ORDER BY after the split: {ordered[:5]}")
        count = [r async for r in container.query_items("SELECT VALUE COUNT(1) FROM c")]
        check(sum(count) == ITEMS + 9, f"COUNT after the split: {count}")
        read = await container.read_item("d3", partition_key="k3")
        check(read["n"] == 3, f"point read {read!r}")
        ranges = [r["id"] async for r in container.client_connection._ReadPartitionKeyRanges(
            container.container_link)]
        check(sorted(ranges) == ["1", "2", "3"], f"ranges after the split: {ranges}")
        print("ok ORDER BY, COUNT and point reads over the new ranges", flush=True)
    print("scenario passed", flush=True)


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except Exception as error:  # pylint: disable=broad-except
        print(f"FAILED: {error!r}", file=sys.stderr, flush=True)
        sys.exit(1)
