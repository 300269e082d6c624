"""/account/password/…: Django's own views, in our layout and with our rules (the one-time password
is gone once replaced; directory accounts change theirs in the directory; reset requests are
limited per address)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.password_validation import password_validators_help_texts
from django.core.cache import cache
from django.shortcuts import render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _

from zhenggai.signin.password import services

RESET_REQUESTS_PER_HOUR = 5  # per client address: enough for a typo or two, not for a mail bomb


class _PasswordRules:
    """The validators' own help texts (AUTH_PASSWORD_VALIDATORS): the rules are written in one place."""

    def get_context_data(self, **kwargs):  # type: ignore[no-untyped-def]
        context = super().get_context_data(**kwargs)  # type: ignore[misc]
        context["password_rules"] = password_validators_help_texts()
        return context


class PasswordChange(_PasswordRules, auth_views.PasswordChangeView):
    template_name = "signin/password_change.html"
    success_url = reverse_lazy("home")

    def dispatch(self, request, *args, **kwargs):  # type: ignore[no-untyped-def]
        if request.user.is_authenticated and services.is_directory_account(request.user):
            return render(request, "signin/password_directory.html")
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):  # type: ignore[no-untyped-def]
        context = super().get_context_data(**kwargs)
        context["must_change"] = bool(self.request.session.get(services.SESSION_KEY))
        return context

    def form_valid(self, form):  # type: ignore[no-untyped-def]
        response = super().form_valid(form)  # saves, keeps this session, ends the others
        services.password_set_by_owner(form.user, how="change")
        self.request.session.pop(services.SESSION_KEY, None)
        messages.success(self.request, _("密码已修改。其他设备上的登录已退出。"))
        return response


class PasswordReset(auth_views.PasswordResetView):
    template_name = "signin/password_reset.html"
    email_template_name = "signin/password_reset_email.txt"
    subject_template_name = "signin/password_reset_subject.txt"
    success_url = reverse_lazy("signin:password_reset_done")
    from_email = None  # DEFAULT_FROM_EMAIL

    def form_valid(self, form):  # type: ignore[no-untyped-def]
        key = "zhenggai-password-reset:" + self.request.META.get("REMOTE_ADDR", "")
        cache.add(key, 0, timeout=3600)
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=3600)
            count = 1
        if count > RESET_REQUESTS_PER_HOUR:
            form.add_error(None, _("重置密码的请求过于频繁，请一小时后再试。"))
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().form_valid(form)  # the same answer whether or not the address is known


class PasswordResetSent(auth_views.PasswordResetDoneView):
    template_name = "signin/password_reset_sent.html"

    def get_context_data(self, **kwargs):  # type: ignore[no-untyped-def]
        context = super().get_context_data(**kwargs)
        context["hours"] = settings.PASSWORD_RESET_TIMEOUT // 3600
        return context


class PasswordResetConfirm(_PasswordRules, auth_views.PasswordResetConfirmView):
    template_name = "signin/password_reset_confirm.html"
    success_url = reverse_lazy("signin:password_reset_complete")

    def form_valid(self, form):  # type: ignore[no-untyped-def]
        response = super().form_valid(form)  # the new password's hash ends every session it had
        services.password_set_by_owner(form.user, how="reset")
        return response


class PasswordResetComplete(auth_views.PasswordResetCompleteView):
    template_name = "signin/password_reset_complete.html"
