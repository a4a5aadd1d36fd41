"""The pages of Patron. Every URL here is a page that exists and works."""

from django.templatetags.static import static
from django.urls import path
from django.views.generic import RedirectView

from patron.web.views import accounts, auth, home, pipeline

app_name = "web"
urlpatterns = [
    path("", home.home, name="home"),
    path("login/", auth.LoginView.as_view(), name="login"),
    path("logout/", auth.LogoutView.as_view(), name="logout"),
    path("accounts/", accounts.account_list, name="account-list"),
    path("accounts/<int:pk>/", accounts.account_detail, name="account-detail"),
    path("opportunities/", pipeline.opportunity_list, name="opportunity-list"),
    path("opportunities/<int:pk>/", pipeline.opportunity_detail, name="opportunity-detail"),
    # Browsers ask for /favicon.ico on pages that do not name an icon (the admin's).
    path(
        "favicon.ico",
        RedirectView.as_view(url=static("patron/favicon.svg"), permanent=True),
        name="favicon",
    ),
]
