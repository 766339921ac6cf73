"""Vale rules inside a scan: every enabled Vale rule linted over the touchpoint's text once."""
