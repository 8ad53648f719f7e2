"""Runs the shared query conformance cases through the official Python SDK (azure-cosmos).

Usage: runner.py CASES_JSON. Reads COSMOS_ENDPOINT and COSMOS_KEY; the database `qconf` and its
containers (`<name>`: partitioned on /pk, `<name>_one`: every item in logical partition "t1")
must exist already. Prints one JSON line per execution: the pages it got, or the error it got. Paged cases also run
"resumed": the first page, then the rest from a new query given its continuation token.
The Rust test (tests/query_conformance.rs) compares them with the expected results.
"""

import json
import os
import sys

from azure.cosmos import CosmosClient, exceptions

PAGE_SIZE = 2


def run(container, case, **options):
    pager = container.query_items(
        query=case["query"], parameters=case.get("parameters"), **options
    ).by_page()
    return [list(page) for page in pager]


def resume(container, case, **options):
    """The first page, then the rest from a new query started at its continuation token."""
    first = container.query_items(
        query=case["query"], parameters=case.get("parameters"), **options
    ).by_page()
    pages = [list(next(first, []))]
    token = first.continuation_token
    if token:
        rest = container.query_items(
            query=case["query"], parameters=case.get("parameters"), **options
        ).by_page(token)
        pages += [list(page) for page in rest]
    return pages


def execute(container, case, mode, paged, **options):
    record = {"case": case["name"], "mode": mode, "paged": paged}
    if paged:
        options["max_item_count"] = PAGE_SIZE
    try:
        if mode.endswith("resumed"):
            record["pages"] = resume(container, case, **options)
        else:
            record["pages"] = run(container, case, **options)
    except exceptions.CosmosHttpResponseError as error:
        record["error"] = {
            "status": error.status_code,
            "substatus": error.sub_status,
            "message": str(error.message),
        }
    except Exception as error:  # an SDK-side failure is a result to report, not a crash
        record["error"] = {"status": None, "substatus": None, "message": f"{type(error).__name__}: {error}"}
    print(json.dumps(record), flush=True)


def main():
    cases = json.load(open(sys.argv[1]))["cases"]
    # Cases whose cross-partition continuation tokens the SDKs honour (the gateway serves them
    # without a plan); the Rust test names them.
    cross_resumable = set(filter(None, os.environ.get("QCONF_CROSS_RESUMABLE", "").split(",")))
    client = CosmosClient(os.environ["COSMOS_ENDPOINT"], os.environ["COSMOS_KEY"])
    db = client.get_database_client("qconf")
    for case in cases:
        partitioned = db.get_container_client(case["container"])
        single = db.get_container_client(case["container"] + "_one")
        for paged in [False, True] if case.get("paged") else [False]:
            if case.get("single", True):
                execute(single, case, "single", paged, partition_key="t1")
            if case.get("cross", True):
                execute(partitioned, case, "cross", paged, enable_cross_partition_query=True)
            if "pk" in case:
                execute(partitioned, case, "pk", paged, partition_key=case["pk"])
        if case.get("paged") and case.get("single", True):
            execute(single, case, "single-resumed", True, partition_key="t1")
        if case.get("paged") and case["name"] in cross_resumable:
            execute(partitioned, case, "cross-resumed", True, enable_cross_partition_query=True)
    print(json.dumps({"done": True}), flush=True)


if __name__ == "__main__":
    main()
