"""The domain core: questionnaires, scoring, roadmap, evaluation, rounds, aggregation, the words that fit a company
(company.py) and charter drafting (charter/).

Pure Python: plain values in, plain values out. Nothing here imports Flask or the store (a test proves it).
"""
