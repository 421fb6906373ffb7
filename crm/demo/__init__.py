"""The demo partnership of DESIGN.md section 9: the origin story, on any date."""
