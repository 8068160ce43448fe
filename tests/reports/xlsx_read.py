#!/usr/bin/python3
"""Reads report.xlsx back with openpyxl (Debian python3-openpyxl) and prints what a reader sees as JSON:
per sheet its rows (values), the autofilter range and the frozen cell. Used by xlsx_test.cpp."""
import json
import sys

import openpyxl

book = openpyxl.load_workbook(sys.argv[1])
out = {"sheets": []}
for ws in book.worksheets:
    out["sheets"].append({
        "name": ws.title,
        "rows": [list(r) for r in ws.iter_rows(values_only=True)],
        "autofilter": ws.auto_filter.ref,
        "freeze": ws.freeze_panes,
    })
json.dump(out, sys.stdout, ensure_ascii=False)
