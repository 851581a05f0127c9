"""Working live: rebuilding on save, and the local server that reloads the browser."""
