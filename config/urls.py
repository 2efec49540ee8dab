from __future__ import annotations

from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.generic import RedirectView

admin.site.site_header = _("对照 Duizhao 管理")
admin.site.site_title = _("对照 Duizhao")
admin.site.index_title = _("规划、章节与对应")

urlpatterns = [
    # Browsers ask for /favicon.ico on pages that name no icon (the admin's).
    path("favicon.ico", RedirectView.as_view(url=static("favicon.svg"), permanent=True)),
    path("", include("web.urls")),  # health, and the throttled admin sign-in ahead of admin/
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("compare.urls")),
    path("", include("plans.urls")),
]
