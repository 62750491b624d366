"""Scoring extraction against hand-read answer files (`jixiao evaluate`)."""
