"""Point create/read/upsert benchmark for the official async Python SDK (azure-cosmos).

Run by the cosmos-bench binary; prints one JSON object on stdout:
{"create": {"latencies_us": [...], "seconds": s, "errors": n, "first_error": str|null}, "read": ..., "upsert": ...}
The container must exist, partitioned by /pk. Items have the same shape and size as the
Rust clients' items.
"""

import argparse
import asyncio
import json
import sys
import time

from azure.cosmos.aio import CosmosClient

PARTITIONS = 64
OPERATIONS = ("create", "read", "upsert")


def item(prefix, seq, version):
    return {
        "id": f"{prefix}-{seq}",
        "pk": f"pk-{seq % PARTITIONS}",
        "seq": seq,
        "version": version,
        "name": f"benchmark item {seq}",
        "tags": ["alpha", "beta", "gamma", "delta"],
        "payload": "x" * 900,
    }


async def run_one(container, op, prefix, seq):
    if op == "create":
        await container.create_item(item(prefix, seq, 0))
    elif op == "read":
        got = await container.read_item(f"{prefix}-{seq}", partition_key=f"pk-{seq % PARTITIONS}")
        if got["seq"] != seq:
            raise ValueError(f"read item {seq} but got {got['seq']}")
    else:
        await container.upsert_item(item(prefix, seq, 1))


async def phase(container, op, prefix, start, end, concurrency):
    state = {"next": start, "errors": 0, "first_error": None}
    latencies = []

    async def worker():
        while True:
            # One event loop thread: taking the next number needs no lock.
            seq = state["next"]
            if seq >= end:
                return
            state["next"] = seq + 1
            t0 = time.perf_counter()
            try:
                await run_one(container, op, prefix, seq)
                latencies.append(int((time.perf_counter() - t0) * 1e6))
            except Exception as error:  # counted and reported, like the Rust clients' errors
                state["errors"] += 1
                if state["first_error"] is None:
                    state["first_error"] = repr(error)

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return {
        "latencies_us": latencies,
        "seconds": time.perf_counter() - started,
        "errors": state["errors"],
        "first_error": state["first_error"],
    }


async def main(args):
    async with CosmosClient(args.endpoint, credential=args.key) as client:
        container = client.get_database_client(args.database).get_container_client(args.container)
        warm_end = args.warmup
        for op in OPERATIONS:
            await phase(container, op, args.prefix, 0, warm_end, args.concurrency)
        results = {}
        for op in OPERATIONS:
            results[op] = await phase(
                container, op, args.prefix, warm_end, warm_end + args.ops, args.concurrency
            )
    json.dump(results, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--endpoint", required=True)
    parser.add_argument("--key", required=True)
    parser.add_argument("--database", required=True)
    parser.add_argument("--container", required=True)
    parser.add_argument("--prefix", default="python")
    parser.add_argument("--ops", type=int, default=5000)
    parser.add_argument("--warmup", type=int, default=500)
    parser.add_argument("--concurrency", type=int, default=32)
    asyncio.run(main(parser.parse_args()))
