"""Analyzers: turn capture artifacts into measurements (colors, fonts, logos, text and tone)."""
