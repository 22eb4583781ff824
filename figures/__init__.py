"""Figurbyggare: färdiga aggregat (DataFrame) in, Plotly-figur och text ut.

Ingen databasåtkomst här; sidorna hämtar via queries och ritar via figures.
"""
