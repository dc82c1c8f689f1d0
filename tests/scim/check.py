"""Runs the scim2-tester compliance checks against a live Lyceum SCIM endpoint.

Usage: check.py BASE_URL TOKEN. Prints one line per check and the passed/failed/skipped counts; exits 1
if any check failed.
"""

import sys
from collections import Counter

from httpx2 import Client
from scim2_client.engines.httpx2 import SyncSCIMClient
from scim2_tester import Status, check_server


def main() -> int:
    base, token = sys.argv[1], sys.argv[2]
    http = Client(base_url=base, headers={"Authorization": f"Bearer {token}"}, timeout=30)
    client = SyncSCIMClient(http)
    results = check_server(client, raise_exceptions=False)
    counts = Counter()
    for r in results:
        counts[r.status.name] += 1
        marker = {Status.SUCCESS: "ok  ", Status.SKIPPED: "skip"}.get(r.status, "FAIL")
        where = f"[{r.resource_type}] " if getattr(r, "resource_type", None) else ""
        line = f"{marker} {where}{r.title}"
        if r.status not in (Status.SUCCESS, Status.SKIPPED):
            line += f": {r.reason}"
        print(line)
    failed = sum(n for s, n in counts.items() if s not in ("SUCCESS", "SKIPPED"))
    print(f"scim2-tester: {counts['SUCCESS']} passed, {failed} failed, {counts['SKIPPED']} skipped")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
