"""Pages: what the site has and what each page shows, rendered with the theme into bytes."""
