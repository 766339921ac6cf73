"""Capture: turn a touchpoint into artifacts (DOM with styles, screenshots, images, text), judging nothing."""
