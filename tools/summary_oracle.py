#!/usr/bin/python3
"""Renders Keras 3's model.summary() table with the real `rich` library (Debian python3-rich),
exactly as keras/src/utils/summary_utils.py builds it, for rows given as JSON. Used by hand to
produce the expected strings in test/model/test_summary.cpp; the test suite itself needs no Python.

usage: summary_oracle.py LINE_LENGTH 'POSITIONS' 'ROWS_JSON'
  e.g. summary_oracle.py 76 '[0.45,0.8,1.0]' '[["dense (Dense)", "(None, 10)", "7,850"]]'
Four positions give Functional models' table with its "Connected to" column.
"""
import json
import sys

import rich.console
import rich.markup
import rich.table


def render(line_length, positions, rows):
    header = ["Layer (type)", "Output Shape", "Param #", "Connected to"][: len(positions)]
    alignment = ["left", "left", "right", "left"][: len(positions)]
    widths, current = [], 0
    for pos in positions:
        width = int(pos * line_length) - current
        widths.append(width)
        current += width
    columns = [rich.table.Column(name, justify=alignment[i], width=widths[i]) for i, name in enumerate(header)]
    table = rich.table.Table(*columns, width=line_length, show_lines=True)
    for row in rows:
        table.add_row(*[rich.markup.escape(cell) for cell in row])
    console = rich.console.Console(highlight=False, force_terminal=False, color_system=None, width=200)
    console.begin_capture()
    console.print(table)
    return console.end_capture()


if __name__ == "__main__":
    sys.stdout.write(render(int(sys.argv[1]), json.loads(sys.argv[2]), json.loads(sys.argv[3])))
