"""Running a deployment: `flask crm init` and `flask crm check-deploy`."""
