"""Floor: python-docx's own cost per .docx: Document(), iter_inner_content(), every cell's text.
Prints the seconds spent on the files of DIR (the import of python-docx not counted)."""
import os
import sys
import time

import docx
from docx.table import Table

files = sorted(os.path.join(sys.argv[1], f) for f in os.listdir(sys.argv[1]) if f.endswith(".docx"))
t0 = time.perf_counter()
for f in files:
    for block in docx.Document(f).iter_inner_content():
        if isinstance(block, Table):
            for row in block.rows:
                for cell in row.cells:
                    cell.text
        else:
            block.text
print(time.perf_counter() - t0)
