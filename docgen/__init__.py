"""docgen: governance documents (plans, follow-ups, decision drafts) from YAML sources and Word templates."""

__version__ = "0.1.0"
