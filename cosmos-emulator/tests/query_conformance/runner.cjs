// Runs the shared query conformance cases through the official JS SDK (@azure/cosmos).
//
// Usage: node runner.cjs CASES_JSON, with NODE_PATH pointing at the installed packages. Reads
// COSMOS_ENDPOINT and COSMOS_KEY; the database `qconf` and its containers (`<name>`:
// partitioned on /pk, `<name>_one`: every item in logical partition "t1") must exist already.
// Prints one JSON line per execution: the pages it got, or the error it got; paged cases also run
// "resumed": the first page, then the rest from a new query given its continuation token. The Rust test
// (tests/query_conformance.rs) compares them with the expected results.
"use strict";

const fs = require("fs");
const { CosmosClient } = require("@azure/cosmos");

const PAGE_SIZE = 2;

async function run(container, c, options) {
  const spec = { query: c.query, parameters: c.parameters || [] };
  const iterator = container.items.query(spec, options);
  if (!options.maxItemCount) {
    const { resources } = await iterator.fetchAll();
    return [resources];
  }
  const pages = [];
  while (iterator.hasMoreResults()) {
    const { resources } = await iterator.fetchNext();
    // The SDK may hand back an empty page while it drains a partition; it carries nothing.
    if (resources && resources.length > 0) pages.push(resources);
  }
  return pages;
}

// The first page, then the rest from a new query started at its continuation token.
async function resume(container, c, options) {
  const spec = { query: c.query, parameters: c.parameters || [] };
  const first = container.items.query(spec, options);
  let response = await first.fetchNext();
  while (response.resources.length === 0 && first.hasMoreResults()) {
    response = await first.fetchNext();
  }
  const pages = [response.resources];
  if (response.continuationToken) {
    const rest = container.items.query(spec, { ...options, continuationToken: response.continuationToken });
    while (rest.hasMoreResults()) {
      const { resources } = await rest.fetchNext();
      if (resources && resources.length > 0) pages.push(resources);
    }
  }
  return pages;
}

async function execute(container, c, mode, paged, options) {
  const record = { case: c.name, mode, paged };
  if (paged) options.maxItemCount = PAGE_SIZE;
  try {
    record.pages = mode.endsWith("resumed") ? await resume(container, c, options) : await run(container, c, options);
  } catch (error) {
    record.error = {
      status: typeof error.code === "number" ? error.code : null,
      substatus: error.substatus ?? null,
      message: String((error.body && error.body.message) || error.message),
    };
  }
  console.log(JSON.stringify(record));
}

async function main() {
  const { cases } = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
  // Cases whose cross-partition continuation tokens the SDKs honour (the gateway serves them
  // without a plan); the Rust test names them.
  const crossResumable = new Set((process.env.QCONF_CROSS_RESUMABLE || "").split(",").filter(Boolean));
  const client = new CosmosClient({ endpoint: process.env.COSMOS_ENDPOINT, key: process.env.COSMOS_KEY });
  const db = client.database("qconf");
  for (const c of cases) {
    const partitioned = db.container(c.container);
    const single = db.container(`${c.container}_one`);
    for (const paged of c.paged ? [false, true] : [false]) {
      if (c.single !== false) await execute(single, c, "single", paged, { partitionKey: "t1" });
      if (c.cross !== false) await execute(partitioned, c, "cross", paged, {});
      if ("pk" in c) await execute(partitioned, c, "pk", paged, { partitionKey: c.pk });
    }
    if (c.paged && c.single !== false) await execute(single, c, "single-resumed", true, { partitionKey: "t1" });
    if (c.paged && crossResumable.has(c.name)) await execute(partitioned, c, "cross-resumed", true, {});
  }
  console.log(JSON.stringify({ done: true }));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
