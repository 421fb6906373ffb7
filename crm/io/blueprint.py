"""The io blueprint; its routes live in import_views and export_views."""

from flask import Blueprint

bp = Blueprint("io", __name__)
