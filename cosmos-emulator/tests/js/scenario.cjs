// End-to-end scenario: the official JS SDK (@azure/cosmos) against cosmos-emulator.
//
// Reads COSMOS_ENDPOINT, COSMOS_KEY and COSMOS_PARTITIONS; resolves @azure/cosmos through
// NODE_PATH. Prints one `ok <step>` line per step and exits non-zero on the first failure.
"use strict";

const { CosmosClient, ChangeFeedStartFrom, StatusCodes } = require("@azure/cosmos");

const endpoint = process.env.COSMOS_ENDPOINT;
const key = process.env.COSMOS_KEY;
const partitions = Number(process.env.COSMOS_PARTITIONS || "1");

function check(condition, message) {
  if (!condition) throw new Error(message);
}

function step(name) {
  console.log(`ok ${name}`);
}

async function expectCode(promise, code) {
  try {
    await promise;
  } catch (error) {
    check(error.code === code, `expected ${code}, got ${error.code}: ${error.message}`);
    return error;
  }
  throw new Error(`expected HTTP ${code}, the call succeeded`);
}

async function main() {
  const client = new CosmosClient({ endpoint, key });
  const account = await client.getDatabaseAccount();
  // Like the official emulator, the account's id is "localhost", for which the JS SDK keeps
  // using the endpoint it was given rather than the advertised locations.
  check(account.resource.consistencyPolicy === "Session",
    `consistency ${JSON.stringify(account.resource.consistencyPolicy)}`);
  step("account");

  const { database } = await client.databases.create({ id: "jsdb" });
  await expectCode(client.databases.create({ id: "jsdb" }), 409);
  const { resources: dbs } = await client.databases.readAll().fetchAll();
  check(dbs.some((d) => d.id === "jsdb"), "database listed");
  step("database create/list/409");

  // The JS SDK creates containers without a partition key version: they are V1.
  const { container } = await database.containers.create({ id: "items", partitionKey: { paths: ["/pk"] } });
  const { resource: props } = await container.read();
  check(props.partitionKey.version === undefined || props.partitionKey.version === 1,
    `V1 container echoed ${JSON.stringify(props.partitionKey)}`);
  const { container: tenants } = await database.containers.create({
    id: "tenants",
    partitionKey: { paths: ["/tenant", "/user"], kind: "MultiHash", version: 2 },
  });
  step("containers (V1 without version, MultiHash)");

  const { resource: created } = await container.items.create({ id: "a", pk: "p1", n: 1 });
  check(created._etag && created._rid, "system properties");
  await expectCode(container.items.create({ id: "a", pk: "p1" }), 409);
  const { resource: read } = await container.item("a", "p1").read();
  check(read.n === 1, `read ${JSON.stringify(read)}`);
  const { statusCode: missing } = await container.item("nope", "p1").read();
  check(missing === StatusCodes.NotFound, `missing item gave ${missing}`);
  const { resource: upserted, statusCode: upsertStatus } =
    await container.items.upsert({ id: "a", pk: "p1", n: 2 });
  check(upsertStatus === 200 && upserted.n === 2, "upsert replaced");
  const { resource: replaced } = await container.item("a", "p1").replace(
    { id: "a", pk: "p1", n: 3 }, { accessCondition: { type: "IfMatch", condition: upserted._etag } });
  check(replaced.n === 3, "replace");
  await expectCode(container.item("a", "p1").replace(
    { id: "a", pk: "p1", n: 4 }, { accessCondition: { type: "IfMatch", condition: upserted._etag } }), 412);
  for (const [i, pk] of ["s", 7, 2.5, true, null].entries()) {
    await container.items.create({ id: `kv${i}`, pk });
    const { resource } = await container.item(`kv${i}`, pk).read();
    check(resource && resource.pk === pk, `key ${JSON.stringify(pk)}`);
  }
  step("items create/read/404/409/upsert/replace/412 and key types");

  for (let i = 0; i < 30; i++) {
    await container.items.create({ id: `q${i}`, pk: `k${i % 6}`, n: i });
  }
  const { resources: filtered } = await container.items
    .query({ query: "SELECT * FROM c WHERE c.n >= @min", parameters: [{ name: "@min", value: 10 }] })
    .fetchAll();
  check(filtered.length === 20, `filter returned ${filtered.length}`);
  const { resources: ordered } = await container.items
    .query("SELECT VALUE c.n FROM c WHERE IS_DEFINED(c.n) ORDER BY c.n DESC")
    .fetchAll();
  check(ordered.length === 31 && ordered[0] === 29 && ordered[30] === 0,
    `ORDER BY returned ${JSON.stringify(ordered)}`);
  const { resources: count } = await container.items.query("SELECT VALUE COUNT(1) FROM c").fetchAll();
  check(count[0] === 36, `COUNT returned ${JSON.stringify(count)}`);
  const { resources: inPartition } = await container.items
    .query("SELECT VALUE c.n FROM c", { partitionKey: "k1" })
    .fetchAll();
  check(inPartition.length === 5, `single-partition query returned ${inPartition.length}`);
  const pages = container.items.readAll({ maxItemCount: 7 });
  let total = 0;
  while (pages.hasMoreResults()) {
    const { resources } = await pages.fetchNext();
    total += resources.length;
  }
  check(total === 36, `readAll paged ${total}`);
  step("queries and paged read feed");

  const { resource: patched } = await container.item("q1", "k1").patch([
    { op: "incr", path: "/n", value: 10 },
    { op: "add", path: "/tags", value: ["x"] },
  ]);
  check(patched.n === 11 && patched.tags[0] === "x", `patch ${JSON.stringify(patched)}`);
  const batch = await container.items.batch([
    { operationType: "Create", resourceBody: { id: "b1", pk: "bp" } },
    { operationType: "Read", id: "b1" },
    { operationType: "Delete", id: "b1" },
  ], "bp");
  const codes = batch.result.map((r) => r.statusCode);
  check(JSON.stringify(codes) === "[201,200,204]", `batch ${JSON.stringify(codes)}`);
  step("patch and batch");

  const feed = container.items.getChangeFeedIterator({ changeFeedStartFrom: ChangeFeedStartFrom.Beginning() });
  let changes = 0;
  for (let i = 0; i < 50 && feed.hasMoreResults; i++) {
    const response = await feed.readNext();
    if (response.statusCode === StatusCodes.NotModified) break;
    changes += response.result.length;
  }
  check(changes === 36, `change feed returned ${changes}`);
  step("change feed");

  await tenants.items.create({ id: "h", tenant: "t", user: "u" });
  const { resource: h } = await tenants.item("h", ["t", "u"]).read();
  check(h && h.user === "u", "hierarchical read");
  step("hierarchical keys");

  const wrong = new CosmosClient({ endpoint, key: "A".repeat(86) + "==" });
  await expectCode(wrong.databases.readAll().fetchAll(), 401);
  step("wrong key rejected with 401");

  await database.delete();
  await expectCode(database.read(), 404);
  step("database delete");
  console.log(`scenario passed (${partitions} partition(s))`);
}

main().catch((error) => {
  console.error(`FAILED: ${error.stack || error}`);
  process.exit(1);
});
