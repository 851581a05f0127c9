"""What only makes a build faster: the cache folder and knowing what changed."""
