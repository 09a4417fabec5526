"""Site-wide files that browsers ask for at fixed paths."""

from django.conf import settings
from django.http import FileResponse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

FAVICON = settings.BASE_DIR / "static" / "favicon.ico"


@require_safe
@cache_control(max_age=7 * 24 * 3600, public=True)
def favicon(request):
    # Browsers ask for /favicon.ico whatever the page's <link rel="icon"> says.
    return FileResponse(FAVICON.open("rb"), content_type="image/x-icon")
