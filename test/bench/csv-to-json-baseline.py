"""
The plan benchmark's baseline (DESIGN §8): a plain conversion of the inventory CSV to JSON
lines with Python's C-backed csv and json modules, one json.dumps per row, no decisions.

    python3 csv-to-json-baseline.py INVENTORY.csv > /dev/null
"""
import csv
import json
import sys

with open(sys.argv[1], newline="", encoding="utf-8") as source:
    out = sys.stdout
    for row in csv.DictReader(source):
        out.write(json.dumps(row))
        out.write("\n")
