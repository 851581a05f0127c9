"""The downloads: spreadsheets, data.json, contacts.vcf and followups.ics."""
