"""UK GDPR: lawful basis, subject access export, erasure and the retention review."""
