"""brandcheck: check that every touchpoint of a brand shows the brand as its kit declares it."""

__version__ = "0.1.0"
