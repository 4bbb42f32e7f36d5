"""The web edition: html (an accessible HTML page of a built document) and serve (live preview)."""
