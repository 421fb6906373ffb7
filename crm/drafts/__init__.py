"""Drafts of a proposal: uploaded or pasted versions, their extracted text and the original file."""
