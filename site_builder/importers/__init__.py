"""Bringing contacts in from LinkedIn, vCard files and Google Contacts."""
