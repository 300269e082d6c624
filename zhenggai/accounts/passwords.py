"""Password rules beyond Django's own validators (settings.AUTH_PASSWORD_VALIDATORS).

Django's zh_Hans catalogue has no translation for the current wording of the minimum-length message,
so it read "This password is too short…" on a Chinese page; this validator says it in Chinese (and in
English through our catalogue).
"""

from django.contrib.auth.password_validation import MinimumLengthValidator
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class ChineseMinimumLengthValidator(MinimumLengthValidator):
    def validate(self, password, user=None):
        if len(password) < self.min_length:
            raise ValidationError(
                _("密码太短：至少要有 %(min_length)d 个字符。") % {"min_length": self.min_length},
                code="password_too_short",
                params={"min_length": self.min_length},
            )

    def get_help_text(self):
        return _("密码至少要有 %(min_length)d 个字符。") % {"min_length": self.min_length}
