"""
The audit chain's rules (DESIGN §7) written independently of the tool, with Python's json and
hashlib: hash = SHA-256 of the RFC 8785 canonical JSON of the entry without `hash`. For the
entries the tool writes (string, integer, boolean and null members, ASCII keys), JCS is JSON
with sorted keys, no spaces and UTF-8 text.
"""
import hashlib
import json

MEMBERS = ("seq", "at", "actor", "action", "run", "record", "subject", "category", "rule", "policy_sha256", "detail", "prev")
GENESIS = "0" * 64


def canonical(value):
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def entry_hash(row):
    """`row` is an audit table row in MEMBERS order."""
    entry = dict(zip(MEMBERS, row))
    entry["policySha256"] = entry.pop("policy_sha256")
    detail = entry["detail"]
    entry["detail"] = None if detail is None else json.loads(detail)
    return hashlib.sha256(canonical(entry).encode("utf-8")).hexdigest()
