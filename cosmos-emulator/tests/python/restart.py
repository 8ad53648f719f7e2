"""Session tokens across an emulator restart: the official async Python SDK keeps one client
while the emulator behind its endpoint is replaced by a fresh one (empty, LSNs from zero).

The harness starts the script against the first emulator. The script writes and reads (so the
SDK tracks a session token with a high LSN), prints `restart`, and waits for a line on stdin;
meanwhile the harness replaces the emulator on the same port. The script then recreates the
container and reads its own write: the new container's RID differs, so the SDK drops the old
tokens instead of sending a token ahead of the new partition (which would get 404/1002).
"""

import asyncio
import os
import sys

from azure.cosmos import PartitionKey
from azure.cosmos.aio import CosmosClient

ENDPOINT = os.environ["COSMOS_ENDPOINT"]
KEY = os.environ["COSMOS_KEY"]


def check(condition, message):
    if not condition:
        raise AssertionError(message)


async def setup(client):
    db = await client.create_database_if_not_exists("restart")
    return await db.create_container_if_not_exists("c", partition_key=PartitionKey(path="/pk"))


async def main():
    async with CosmosClient(ENDPOINT, KEY) as client:
        container = await setup(client)
        for i in range(20):
            await container.upsert_item({"id": f"d{i}", "pk": "a"})
        item = await container.read_item("d19", partition_key="a")
        check(item["id"] == "d19", f"read {item!r}")
        print(f"ok wrote 20 items, rid {(await container.read())['_rid']}", flush=True)
        print("restart", flush=True)
        await asyncio.get_running_loop().run_in_executor(None, sys.stdin.readline)

        container = await setup(client)
        await container.upsert_item({"id": "fresh", "pk": "a"})
        item = await container.read_item("fresh", partition_key="a")
        check(item["id"] == "fresh", f"read {item!r}")
        items = [i["id"] async for i in container.query_items("SELECT * FROM c", partition_key="a")]
        check(items == ["fresh"], f"query {items!r}")
        print(f"ok read own write after the restart, rid {(await container.read())['_rid']}", flush=True)
    print("scenario passed", flush=True)


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except Exception as error:  # pylint: disable=broad-except
        print(f"FAILED: {error!r}", file=sys.stderr, flush=True)
        sys.exit(1)
