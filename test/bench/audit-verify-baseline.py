"""
The `audit verify` benchmark's baseline: an independent verifier of the store's hash chain
(audit_jcs.py), streaming the entries in order and stopping at the first that does not match.

    python3 audit-verify-baseline.py STORE.db
"""
import sqlite3
import sys

sys.path.insert(0, __import__("os").path.dirname(__file__))
from importlib import import_module

jcs = import_module("audit_jcs")

db = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
prev = jcs.GENESIS
expected_seq = 1
for row in db.execute(f"SELECT {', '.join(jcs.MEMBERS)}, hash FROM audit ORDER BY seq"):
    if row[0] != expected_seq or row[11] != prev or jcs.entry_hash(row[:12]) != row[12]:
        sys.exit(f"entry {row[0]} does not match")
    prev = row[12]
    expected_seq += 1
print(f"{expected_seq - 1} entries OK")
