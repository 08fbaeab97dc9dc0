"""The text toolkit extraction and matching share: tokens and folding (`tokens`), the alias table (`aliases`),
the general cue vocabulary of attributed statements (`cues`), and blocks, quotations and sentences (`segment`).
"""
