"""The writers' live preview behind `kb serve --dev`: rebuild on save, refresh the browser.

Only `kb serve --dev` starts it (`start_preview`); the published site and normal `kb serve`
never carry its script, its styles or its banner.
"""

from portal.web.preview.running import start_preview

__all__ = ["start_preview"]
