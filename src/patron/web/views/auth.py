"""Sign in and sign out, with Django's own views and Patron's templates."""

from __future__ import annotations

from django.contrib.auth import views


class LoginView(views.LoginView):
    """Django's login (a new session on success, CSRF-protected); a signed-in user who
    opens it goes straight on to where they were headed."""

    template_name = "auth/login.html"
    redirect_authenticated_user = True


class LogoutView(views.LogoutView):
    """Sign out by POST only (a link or a prefetch must not end a session)."""
