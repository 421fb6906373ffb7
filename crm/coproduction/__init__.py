"""Co-production: who a draft names, their consent to be named, and partners' written answers."""
