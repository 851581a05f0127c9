"""Who may read the built site: local, public, redacted or encrypted."""
