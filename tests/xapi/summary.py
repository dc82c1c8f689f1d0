"""Reads the ADL conformance runner's output: prints the counts and every failed test (with the
suite's message), and exits non-zero when a test failed or the run did not finish."""
import json
import sys

backend, path = sys.argv[1], sys.argv[2]
summary, log_path = None, None
with open(path, encoding="utf-8", errors="replace") as f:
    for line in f:
        line = line.strip()
        if line.startswith("{") and '"passed"' in line:
            try:
                summary = json.loads(line)
            except ValueError:
                pass
        if line.startswith("Full run log written to"):
            log_path = line.split("Full run log written to", 1)[1].strip()

if summary is None or log_path is None:
    print(f"xapi conformance ({backend}): the run did not finish; its output ends with:", file=sys.stderr)
    with open(path, encoding="utf-8", errors="replace") as f:
        print("".join(f.readlines()[-30:]), file=sys.stderr)
    sys.exit(1)

failed = []


def walk(node, trail):
    if not node:
        return
    title = node.get("title") or node.get("name") or ""
    children = [t for t in node.get("tests") or [] if t]
    if not children and node.get("status") == "failed":
        failed.append((" > ".join(t for t in trail + [title] if t), node.get("error") or ""))
    for c in children:
        walk(c, trail + [title])


with open(log_path, encoding="utf-8") as f:
    walk(json.load(f).get("log"), [])
print(
    f"xapi conformance ({backend}): total {summary.get('total')}, passed {summary.get('passed')}, "
    f"failed {summary.get('failed')}"
)
for name, err in failed:
    print(f"  FAILED {name}\n         {str(err)[:300]}")
sys.exit(1 if summary.get("failed") else 0)
