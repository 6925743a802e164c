"""The domain core: questionnaires, scoring, roadmap, evaluation, rounds, aggregation, charter drafting.

Pure Python: plain values in, plain values out. Nothing here imports Flask or the store (a test proves it).
"""
