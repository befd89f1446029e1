"""
Appends COUNT entries to the audit log of an existing store, chained after its last entry
with the rules of audit_jcs.py, so that `audit verify` has a long log to check. Not timed.

    python3 fill-audit.py STORE.db COUNT
"""
import json
import os
import sqlite3
import sys
from importlib import import_module

sys.path.insert(0, os.path.dirname(__file__))
jcs = import_module("audit_jcs")

store, count = sys.argv[1], int(sys.argv[2])
db = sqlite3.connect(store)
last = db.execute("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
seq, prev = last if last else (0, jcs.GENESIS)
rows = []
for i in range(count):
    seq += 1
    deleted = i % 2 == 1
    row = (
        seq, f"2025-01-01T00:{(i // 60000) % 60:02d}:{(i // 1000) % 60:02d}.{i % 1000:03d}Z", "bench", "deleted" if deleted else "intent",
        "run-bench", f"R{i // 2:07d}", f"S{i % 9973}", "case-notes", "case-notes-7y", "ab" * 32,
        json.dumps({"target": "files", "location": f"{i:064x}"[-64:]} if not deleted else {"target": "files"}), prev,
    )
    prev = jcs.entry_hash(row)
    rows.append(row + (prev,))
    if len(rows) == 10000:
        db.executemany(f"INSERT INTO audit ({', '.join(jcs.MEMBERS)}, hash) VALUES ({', '.join('?' * 13)})", rows)
        rows = []
db.executemany(f"INSERT INTO audit ({', '.join(jcs.MEMBERS)}, hash) VALUES ({', '.join('?' * 13)})", rows)
# Each `deleted` entry's record is a tombstone in the records table, as `apply` leaves it:
# `audit verify` checks the tables against the log, and a log of deletions of records the
# table shows live would fail that check (and end the timing as a failed run).
db.executemany(
    "INSERT INTO records (id, subject, category, events, flags, imported_at, deleted_at, deleted_run, deleted_rule)"
    " VALUES (?, ?, 'case-notes', '{}', '{}', '2025-01-01T00:00:00.000Z', '2025-01-01T00:00:00.000Z', 'run-bench', 'case-notes-7y')",
    ((f"R{i // 2:07d}", f"S{i % 9973}") for i in range(1, count, 2)),
)
db.commit()
