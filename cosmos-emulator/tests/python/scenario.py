"""End-to-end scenario: the official async Python SDK (azure-cosmos) against cosmos-emulator.

Reads COSMOS_ENDPOINT, COSMOS_KEY and COSMOS_PARTITIONS (physical partitions per container the
emulator was started with). Exits non-zero with a message on the first failed expectation;
prints one `ok <step>` line per step so a failure is easy to place.
"""

import asyncio
import os
import sys

from azure.core import MatchConditions
from azure.cosmos import PartitionKey, exceptions
from azure.cosmos.aio import CosmosClient

ENDPOINT = os.environ["COSMOS_ENDPOINT"]
KEY = os.environ["COSMOS_KEY"]
PARTITIONS = int(os.environ.get("COSMOS_PARTITIONS", "1"))


def check(condition, message):
    if not condition:
        raise AssertionError(message)


def step(name):
    print(f"ok {name}", flush=True)


async def expect_status(awaitable, status, substatus=None):
    try:
        await awaitable
    except exceptions.CosmosHttpResponseError as error:
        check(error.status_code == status, f"expected {status}, got {error.status_code}: {error}")
        if substatus is not None:
            check(error.sub_status == substatus, f"expected substatus {substatus}, got {error.sub_status}")
        return error
    raise AssertionError(f"expected HTTP {status}, the call succeeded")


def last_headers(container):
    return container.client_connection.last_response_headers


async def account_step(client):
    account = await client._get_database_account()
    writable = account.WritableLocations
    check(writable and writable[0]["databaseAccountEndpoint"] == ENDPOINT,
          f"writable locations {writable!r} should advertise {ENDPOINT}")
    check(account.ConsistencyPolicy["defaultConsistencyLevel"] == "Session",
          f"consistency {account.ConsistencyPolicy!r}")
    step("account")


async def database_steps(client):
    db = await client.create_database("pydb", offer_throughput=400)
    props = await db.read()
    check(props["id"] == "pydb" and props["_rid"] and props["_self"], f"database {props!r}")
    names = [d["id"] async for d in client.list_databases()]
    check("pydb" in names, f"list_databases {names!r}")
    await expect_status(client.create_database("pydb"), 409)
    step("database create/read/list/409")
    return db


async def container_steps(db):
    items = await db.create_container("items", partition_key=PartitionKey(path="/pk"))
    props = await items.read()
    check(props["partitionKey"]["paths"] == ["/pk"], f"pk {props['partitionKey']!r}")
    check(props["partitionKey"]["kind"] == "Hash", f"kind {props['partitionKey']!r}")
    check(props["partitionKey"].get("version") == 2, f"version {props['partitionKey']!r}")
    check(props["indexingPolicy"]["indexingMode"] == "consistent", f"indexing {props!r}")

    v1 = await db.create_container("legacy", partition_key=PartitionKey(path="/pk", version=1),
                                   default_ttl=3600)
    v1_props = await v1.read()
    check(v1_props["partitionKey"].get("version", 1) == 1, f"v1 {v1_props['partitionKey']!r}")
    check(v1_props["defaultTtl"] == 3600, f"ttl {v1_props!r}")

    tenants = await db.create_container(
        "tenants", partition_key=PartitionKey(path=["/tenant", "/user"], kind="MultiHash"))
    t_props = await tenants.read()
    check(t_props["partitionKey"] == {"paths": ["/tenant", "/user"], "kind": "MultiHash", "version": 2},
          f"hierarchical {t_props['partitionKey']!r}")

    names = sorted([c["id"] async for c in db.list_containers()])
    check(names == ["items", "legacy", "tenants"], f"list_containers {names!r}")
    await expect_status(db.create_container("items", partition_key=PartitionKey(path="/pk")), 409)
    step("container create/read/list/409 (hash v2, v1, multihash)")
    return items, v1, tenants


async def item_steps(items):
    created = await items.create_item({"id": "a", "pk": "p1", "n": 1})
    for field in ("_rid", "_self", "_etag", "_ts", "_attachments"):
        check(field in created, f"system property {field} missing from {created!r}")
    check(created["_etag"].startswith('"'), f"etag {created['_etag']!r} should be quoted")
    token = last_headers(items).get("x-ms-session-token", "")
    check(":" in token and "#" in token, f"session token {token!r}")

    read = await items.read_item("a", partition_key="p1")
    check(read["n"] == 1 and read["_etag"] == created["_etag"], f"read {read!r}")

    await expect_status(items.create_item({"id": "a", "pk": "p1"}), 409)
    # The same id in another logical partition is a different item.
    await items.create_item({"id": "a", "pk": "p2"})

    upserted_new = await items.upsert_item({"id": "b", "pk": "p1", "n": 2})
    check(upserted_new["n"] == 2, f"upsert create {upserted_new!r}")
    upserted = await items.upsert_item({"id": "a", "pk": "p1", "n": 3})
    check(upserted["n"] == 3 and upserted["_rid"] == created["_rid"], f"upsert replace {upserted!r}")

    replaced = await items.replace_item("a", {"id": "a", "pk": "p1", "n": 4},
                                        etag=upserted["_etag"],
                                        match_condition=MatchConditions.IfNotModified)
    check(replaced["n"] == 4, f"replace {replaced!r}")
    await expect_status(items.replace_item("a", {"id": "a", "pk": "p1", "n": 5},
                                           etag=upserted["_etag"],
                                           match_condition=MatchConditions.IfNotModified), 412)

    await items.delete_item("a", partition_key="p1")
    await expect_status(items.read_item("a", partition_key="p1"), 404)
    await expect_status(items.delete_item("a", partition_key="p1"), 404)
    still = await items.read_item("a", partition_key="p2")
    check(still["pk"] == "p2", f"other partition {still!r}")
    step("item create/read/409/upsert/replace/412/delete/404")


async def key_value_steps(items):
    values = ["text", 5, 2.5, -1, True, False, None]
    for i, value in enumerate(values):
        await items.create_item({"id": f"kv{i}", "pk": value})
    for i, value in enumerate(values):
        read = await items.read_item(f"kv{i}", partition_key=value)
        check(read["pk"] == value and type(read["pk"]) is type(value), f"key {value!r}: {read!r}")
    # A wrong key finds nothing.
    await expect_status(items.read_item("kv1", partition_key=6), 404)
    step("partition key values string/number/bool/null")


async def placement_steps(items):
    """Every item lives in the range the SDK's own hashing picks."""
    ranges = [r["Range"] async for r in items.read_feed_ranges()]
    check(len(ranges) == PARTITIONS, f"{len(ranges)} feed ranges, expected {PARTITIONS}")
    definition = PartitionKey(path="/pk", kind="Hash", version=2)
    used = set()
    for i in range(40):
        key = f"spread-{i}"
        await items.create_item({"id": key, "pk": key})
        range_id = last_headers(items)["x-ms-documentdb-partitionkeyrangeid"]
        epk = definition._get_effective_partition_key_string([key])
        owners = [j for j, r in enumerate(ranges) if r["min"] <= epk < r["max"]]
        check(owners == [int(range_id)],
              f"item {key} (EPK {epk}) stored in range {range_id}, the SDK expects {owners}")
        used.add(range_id)
    if PARTITIONS > 1:
        check(len(used) > 1, f"40 keys all landed in ranges {used}")
    step(f"placement over {PARTITIONS} partition(s)")


async def feed_steps(items):
    everything = [i async for i in items.read_all_items(max_item_count=7)]
    ids = [i["id"] for i in everything]
    check(len(ids) == len(set((i["id"], str(i["pk"])) for i in everything)), "duplicates in feed")
    check(len(everything) == 1 + 1 + 7 + 40, f"read_all_items returned {len(everything)} items")
    step("read_all_items paged across partitions")


async def query_steps(items):
    async def run(text, parameters=None, **kwargs):
        pager = items.query_items(query=text, parameters=parameters, **kwargs)
        return [row async for row in pager]

    single = await run("SELECT * FROM c WHERE c.id = @id", [{"name": "@id", "value": "b"}],
                       partition_key="p1")
    check([d["id"] for d in single] == ["b"], f"single-partition query {single!r}")

    spread = await run("SELECT c.id FROM c WHERE STARTSWITH(c.id, 'spread-')", max_item_count=7)
    check(len(spread) == 40, f"cross-partition filter returned {len(spread)} rows")

    ordered = await run("SELECT c.id FROM c WHERE STARTSWITH(c.id, 'spread-') ORDER BY c.id DESC")
    expected = sorted((f"spread-{i}" for i in range(40)), reverse=True)
    check([d["id"] for d in ordered] == expected, f"ORDER BY DESC {[d['id'] for d in ordered]!r}")

    top = await run("SELECT TOP 3 VALUE c.id FROM c WHERE STARTSWITH(c.id, 'spread-') ORDER BY c.id")
    check(top == ["spread-0", "spread-1", "spread-10"], f"TOP with ORDER BY {top!r}")

    count = await run("SELECT VALUE COUNT(1) FROM c")
    check(count == [49], f"COUNT across partitions {count!r}")
    average = await run("SELECT VALUE AVG(c.n) FROM c WHERE IS_NUMBER(c.n)")
    check(average == [2], f"AVG across partitions {average!r}")
    in_partition = await run("SELECT VALUE COUNT(1) FROM c", partition_key="p1")
    check(in_partition == [1], f"COUNT in one partition {in_partition!r}")

    distinct = sorted(await run("SELECT DISTINCT VALUE STARTSWITH(c.id, 'spread-') FROM c"))
    check(distinct == [False, True], f"DISTINCT {distinct!r}")
    window = await run("SELECT VALUE c.id FROM c WHERE STARTSWITH(c.id, 'spread-') ORDER BY c.id "
                       "OFFSET 2 LIMIT 3")
    check(window == ["spread-10", "spread-11", "spread-12"], f"OFFSET/LIMIT {window!r}")
    maximum = await run("SELECT VALUE MAX(c.n) FROM c")
    check(maximum == [2], f"MAX {maximum!r}")

    many = await items.read_items([("b", "p1"), ("kv1", 5), ("missing", "p1")])
    check(sorted(d["id"] for d in many) == ["b", "kv1"], f"read_items {many!r}")
    per_range = 0
    async for feed_range in items.read_feed_ranges():
        per_range += len(await run("SELECT * FROM c", feed_range=feed_range))
    check(per_range == 49, f"queries per feed range returned {per_range}")

    await expect_status(run("SELEC * FROM c"), 400)
    step("queries: single-partition, cross-partition filter, ORDER BY, TOP, COUNT, AVG, DISTINCT, "
         "OFFSET/LIMIT, MAX, read_items, feed ranges, 400")


async def patch_and_batch_steps(items):
    patched = await items.patch_item("b", partition_key="p1", patch_operations=[
        {"op": "incr", "path": "/n", "value": 5},
        {"op": "add", "path": "/tags", "value": ["x"]},
        {"op": "set", "path": "/nested", "value": {"k": 1}},
    ])
    check(patched["n"] == 7 and patched["tags"] == ["x"] and patched["nested"] == {"k": 1},
          f"patch {patched!r}")
    await expect_status(items.patch_item("b", partition_key="p1", filter_predicate="from c where c.n = 0",
                                         patch_operations=[{"op": "remove", "path": "/tags"}]), 412)
    await expect_status(items.patch_item("b", partition_key="p1",
                                         patch_operations=[{"op": "replace", "path": "/missing", "value": 1}]),
                        400)

    results = await items.execute_item_batch(batch_operations=[
        ("create", ({"id": "t1", "pk": "p9"},)),
        ("upsert", ({"id": "t2", "pk": "p9", "v": 0},)),
        ("read", ("t1",)),
        ("replace", ("t2", {"id": "t2", "pk": "p9", "v": 1})),
        ("patch", ("t1", [{"op": "set", "path": "/v", "value": 2}])),
        ("delete", ("t2",)),
    ], partition_key="p9")
    statuses = [r["statusCode"] for r in results]
    check(statuses == [201, 201, 200, 200, 200, 204], f"batch statuses {statuses!r}")
    check(results[4]["resourceBody"]["v"] == 2, f"batch patch {results[4]!r}")

    try:
        await items.execute_item_batch(batch_operations=[
            ("create", ({"id": "t3", "pk": "p9"},)),
            ("create", ({"id": "t1", "pk": "p9"},)),
        ], partition_key="p9")
        raise AssertionError("a batch with a conflicting create succeeded")
    except exceptions.CosmosBatchOperationError as error:
        check(error.error_index == 1, f"failed operation index {error.error_index}")
        codes = [r["statusCode"] for r in error.operation_responses]
        check(codes == [424, 409], f"failed batch statuses {codes!r}")
    await expect_status(items.read_item("t3", partition_key="p9"), 404)
    await items.delete_item("t1", partition_key="p9")
    step("patch (incr/add/set, 412 condition, 400) and transactional batch (200, 207 rolled back)")


async def change_feed_steps(items):
    everything = [d async for d in items.read_all_items()]
    pages = items.query_items_change_feed(start_time="Beginning", max_item_count=10).by_page()
    changes = []
    async for page in pages:
        changes.extend([d async for d in page])
    check(sorted((d["id"], str(d["pk"])) for d in changes) == sorted((d["id"], str(d["pk"])) for d in everything),
          f"change feed from the beginning returned {len(changes)} of {len(everything)} items")
    check(all("_lsn" in d for d in changes), "change feed items carry _lsn")
    token = pages.continuation_token
    check(token, "the change feed gave a continuation token")

    await items.upsert_item({"id": "b", "pk": "p1", "n": 100})
    resumed = [d async for d in items.query_items_change_feed(continuation=token)]
    check([(d["id"], d["n"]) for d in resumed] == [("b", 100)], f"resumed change feed {resumed!r}")
    scoped = [d async for d in items.query_items_change_feed(start_time="Beginning", partition_key="p1")]
    check([d["id"] for d in scoped] == ["b"], f"partition-scoped change feed {scoped!r}")
    now = [d async for d in items.query_items_change_feed(start_time="Now")]
    check(now == [], f"change feed from now {now!r}")

    versions = items.query_items_change_feed(mode="AllVersionsAndDeletes", start_time="Now").by_page()
    async for page in versions:
        check([d async for d in page] == [], "all versions from now starts empty")
    # A read with no changes yields no page; the SDK hands its continuation out as the etag.
    token = versions.continuation_token or last_headers(items)["etag"]
    await items.upsert_item({"id": "fv", "pk": "fv"})
    await items.upsert_item({"id": "fv", "pk": "fv", "v": 2})
    await items.delete_item("fv", partition_key="fv")
    ops = [d async for d in items.query_items_change_feed(mode="AllVersionsAndDeletes", continuation=token)]
    kinds = [d["metadata"]["operationType"] for d in ops]
    check(kinds == ["create", "replace", "delete"], f"all versions and deletes {kinds!r}")
    check(ops[1]["current"]["v"] == 2 and ops[2]["metadata"]["id"] == "fv", f"versions {ops!r}")
    step("change feed: beginning, paging, resume by continuation, partition key, now, "
         "all versions and deletes")


async def throughput_steps(db, items):
    shared = await db.get_throughput()
    check(shared.offer_throughput == 400, f"database throughput {shared.offer_throughput!r}")
    await db.replace_throughput(1000)
    check((await db.get_throughput()).offer_throughput == 1000, "database throughput after replace")
    # (A container sharing its database's throughput has no offer of its own; azure-cosmos
    # 4.17.1 fails with an AttributeError inside its retry policy on that 404, so it is
    # checked over HTTP in tests/server.rs instead.)
    dedicated = await db.create_container("dedicated", partition_key=PartitionKey(path="/pk"),
                                          offer_throughput=500)
    check((await dedicated.get_throughput()).offer_throughput == 500, "container throughput")
    await db.delete_container("dedicated")
    step("throughput: read and replace database and container offers")


async def resource_token_steps(db, items):
    user = await db.create_user({"id": "reader"})
    permission = await user.create_permission({
        "id": "read-items", "permissionMode": "Read", "resource": items.container_link})
    token = permission.properties["_token"]
    check(token.startswith("type=resource"), f"token {token!r}")
    async with CosmosClient(ENDPOINT, credential={items.container_link: token}) as scoped:
        container = scoped.get_database_client("pydb").get_container_client("items")
        read = await container.read_item("b", partition_key="p1")
        check(read["id"] == "b", f"read with a resource token {read!r}")
        rows = [r async for r in container.query_items("SELECT VALUE c.id FROM c WHERE c.id = 'b'",
                                                      partition_key="p1")]
        check(rows == ["b"], f"query with a resource token {rows!r}")
        await expect_status(container.create_item({"id": "nope", "pk": "p1"}), 403)
    await user.delete_permission("read-items")
    await db.delete_user("reader")
    step("resource tokens: read allowed, write refused (403)")


async def partition_delete_steps(items):
    for i in range(3):
        await items.create_item({"id": f"gone{i}", "pk": "gone"})
    await items.delete_all_items_by_partition_key("gone")
    left = [r async for r in items.query_items("SELECT VALUE COUNT(1) FROM c", partition_key="gone",
                                              populate_query_metrics=True)]
    check(left == [0], f"items left after the partition delete {left!r}")
    metrics = last_headers(items).get("x-ms-documentdb-query-metrics", "")
    check("retrievedDocumentCount=0" in metrics, f"query metrics {metrics!r}")
    step("delete all items by partition key; query metrics")


async def hierarchical_steps(tenants):
    await tenants.create_item({"id": "h1", "tenant": "t1", "user": "u1"})
    await tenants.create_item({"id": "h1", "tenant": "t1", "user": "u2"})
    read = await tenants.read_item("h1", partition_key=["t1", "u2"])
    check(read["user"] == "u2", f"hierarchical read {read!r}")
    await expect_status(tenants.create_item({"id": "h1", "tenant": "t1", "user": "u1"}), 409)
    await tenants.delete_item("h1", partition_key=["t1", "u1"])
    await expect_status(tenants.read_item("h1", partition_key=["t1", "u1"]), 404)
    step("hierarchical keys")


async def wrong_key_step():
    bad = "A" * 86 + "=="
    client = CosmosClient(ENDPOINT, credential=bad)
    try:
        await client.create_database("never")
    except exceptions.CosmosHttpResponseError as error:
        check(error.status_code == 401, f"wrong key gave {error.status_code}")
        step("wrong key rejected with 401")
        return
    finally:
        await client.close()
    raise AssertionError("a wrong key was accepted")


async def cleanup_steps(client, db):
    await db.delete_container("legacy")
    names = sorted([c["id"] async for c in db.list_containers()])
    check(names == ["items", "tenants"], f"after container delete {names!r}")
    await client.delete_database("pydb")
    await expect_status(db.read(), 404)
    step("container and database delete")


async def main():
    async with CosmosClient(ENDPOINT, credential=KEY) as client:
        await account_step(client)
        db = await database_steps(client)
        items, _legacy, tenants = await container_steps(db)
        await item_steps(items)
        await key_value_steps(items)
        await placement_steps(items)
        await feed_steps(items)
        await query_steps(items)
        await patch_and_batch_steps(items)
        await change_feed_steps(items)
        await throughput_steps(db, items)
        await resource_token_steps(db, items)
        await partition_delete_steps(items)
        await hierarchical_steps(tenants)
        await wrong_key_step()
        await cleanup_steps(client, db)
    print("scenario passed", flush=True)


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except AssertionError as failure:
        print(f"FAILED: {failure}", file=sys.stderr, flush=True)
        sys.exit(1)
