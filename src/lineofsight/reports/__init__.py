"""Reports for people outside the app: the quarterly scrutiny pack (PDF and .docx), always suppressed.

suppression.py hides small numbers as DfE publications do; charts.py builds the one Vega-Lite spec
per chart that both the web pages and the printed pack use; scrutiny.py assembles and renders the pack.
"""
