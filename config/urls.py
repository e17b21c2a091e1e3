from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path, re_path

from mcelink.api import api
from mcelink.core import views as core_views

urlpatterns: list[URLPattern | URLResolver] = [
    path("", include("mcelink.dashboard.urls")),
    path("accounts/", include("mcelink.accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("mcelink.core.urls")),
    path("organizations/", include("mcelink.companies.urls")),
    path("taxonomy/", include("mcelink.taxonomy.urls")),
    path("programs/", include("mcelink.programs.urls")),
    path("matching/", include("mcelink.matchmaking.urls")),
    path("demands/", include("mcelink.demands.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    re_path(r"^api(?:/(?P<rest>.*))?$", core_views.api_not_found),
]
handler400 = "mcelink.core.views.bad_request"
handler403 = "mcelink.core.views.permission_denied"
handler404 = "mcelink.core.views.page_not_found"
handler500 = "mcelink.core.views.server_error"
# No URL serves MEDIA_ROOT or PRIVATE_FILES_ROOT, not even with DEBUG on: uploads are private (mcelink.core.files)
# and reach their users only through views that check permissions.
