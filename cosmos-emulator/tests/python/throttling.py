"""Throughput scenario: the official async Python SDK retries through 429/3200.

Runs against an emulator started with `enforce_throughput(true)`. Writes a burst well beyond the
container's 400 RU/s with a few requests in flight, and checks that every write succeeds (the
SDK retries 429s 9 times by default, waiting `x-ms-retry-after-ms`), that the burst took as
long as 400 RU/s allows, and that every item landed exactly once.
"""

import asyncio
import os
import sys
import time

from azure.cosmos import PartitionKey
from azure.cosmos.aio import CosmosClient

ENDPOINT = os.environ["COSMOS_ENDPOINT"]
KEY = os.environ["COSMOS_KEY"]
WRITES = 150
IN_FLIGHT = 4
# ~3 KB items cost 9.51 RU to write: 150 of them are ~1430 RU, over three seconds of budget.
PAD = "x" * 2500
WRITE_RU = 9.51


def check(condition, message):
    if not condition:
        raise AssertionError(message)


async def main():
    async with CosmosClient(ENDPOINT, KEY) as client:
        db = await client.create_database("throttled")
        container = await db.create_container(
            "c", partition_key=PartitionKey(path="/pk"), offer_throughput=400)
        gate = asyncio.Semaphore(IN_FLIGHT)

        async def write(i):
            async with gate:
                await container.create_item({"id": f"d{i}", "pk": f"k{i % 5}", "n": i, "pad": PAD})

        started = time.monotonic()
        await asyncio.gather(*(write(i) for i in range(WRITES)))
        elapsed = time.monotonic() - started
        print(f"ok {WRITES} writes in {elapsed:.2f}s", flush=True)
        # One second of budget up front, then 400 RU/s: the burst cannot finish sooner unless
        # the emulator failed to throttle (unthrottled, this client writes it in about 1 s).
        floor = (WRITES * WRITE_RU - 400) / 400
        check(elapsed >= floor * 0.9, f"{elapsed:.2f}s is faster than 400 RU/s allows ({floor:.2f}s)")
        # Reads and queries are throttled and retried too.
        items = [i async for i in container.query_items("SELECT VALUE c.n FROM c")]
        check(sorted(items) == list(range(WRITES)), f"items {sorted(items)[:10]}...")
        print("ok query", flush=True)
    print("scenario passed", flush=True)


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except Exception as error:  # pylint: disable=broad-except
        print(f"FAILED: {error!r}", file=sys.stderr, flush=True)
        sys.exit(1)
