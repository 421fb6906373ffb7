"""Import and export pages: the blueprint with every io route attached."""

from crm.io import export_views, import_views
from crm.io.blueprint import bp

__all__ = ["bp", "export_views", "import_views"]
