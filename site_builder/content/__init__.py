"""Your files: finding, reading and parsing people and interviews, each value with its line."""
