"""Writing the site: the output folder, never left half-written, and its search index."""
