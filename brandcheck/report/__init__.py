"""Reporters: thin views over one ScanResult (text, JSON, HTML, PDF, SARIF, JUnit)."""
