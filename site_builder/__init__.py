"""weakties: a personal CRM for networking that lives in Markdown files and builds a static site."""

__version__ = "0.1.0"

__all__ = ["BuildResult", "Checked", "Diagnostic", "FollowUp", "Interview", "Person", "Referral", "Site", "Task"]

# Where each public name lives. They are imported when first asked for, not with the package:
# `ties check` with nothing changed needs none of the site's stages, nor Jinja, nor Markdown.
_HOMES = {"BuildResult": "site", "Checked": "checked", "Diagnostic": "diagnostics", "FollowUp": "network.model",
          "Interview": "network.model", "Person": "network.model", "Referral": "network.model", "Site": "site",
          "Task": "network.model"}


def __getattr__(name: str):
    if name not in _HOMES:
        raise AttributeError(f"module 'site_builder' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(f"{__name__}.{_HOMES[name]}"), name)
